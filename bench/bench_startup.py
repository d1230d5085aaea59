#!/usr/bin/env python3
"""Time whole sosinfo processes against `python -c "import typer"`, measured in the same run.

    python bench/bench_startup.py              # 15 runs each after 3 warm-ups
    python bench/bench_startup.py --runs 30 --json

Each row: median wall time, min–max, peak RSS of the process, and the ratio of the median to the
`import typer` baseline. Targets (issue 5) are printed beside each ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sosinfo_command() -> list[str]:
    script = Path(sys.executable).with_name("sosinfo")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sosinfo"]


def cases() -> list[tuple[str, list[str], dict[str, str], float | None]]:
    sosinfo = sosinfo_command()
    completion = {"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": "sosinfo fa", "COMP_CWORD": "1"}
    return [
        ('python -c "import typer"', [sys.executable, "-c", "import typer"], {}, None),
        ("sosinfo faq 7", [*sosinfo, "faq", "7"], {}, 1.5),
        ("sosinfo chiffres --annee 2022", [*sosinfo, "chiffres", "--annee", "2022"], {}, 1.5),
        ('sosinfo recherche "patrimoine immobilier"', [*sosinfo, "recherche", "patrimoine immobilier"], {}, 1.8),
        ("sosinfo gouvernance", [*sosinfo, "gouvernance"], {}, None),
        ("sosinfo --help", [*sosinfo, "--help"], {}, 2.0),
        ("completion « sosinfo fa »", sosinfo, completion, 1.3),
        # answers not kept: the work itself (base and index come from their caches), compared below
        (UNCACHED_FAQ, [*sosinfo, "faq", "7"], {"SOSINFO_OUTPUT_CACHE": "0"}, None),
        (UNCACHED_SEARCH, [*sosinfo, "recherche", SEARCHED], {"SOSINFO_OUTPUT_CACHE": "0"}, None),
    ]


UNCACHED_FAQ = "sosinfo faq 7, réponse non gardée"
SEARCHED = "je suis journaliste : combien de personnes travaillent au groupe en 2016 ?"
UNCACHED_SEARCH = "sosinfo recherche (question longue), non gardée"
SEARCH_TO_FAQ = 1.5  # issue 19: a warm search costs at most 1.5 times a warm « faq 7 »


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:  # a failing run is not a timing: it once hid a stale synthetic base
        raise SystemExit(f"{' '.join(command)} exited with {process.returncode}")
    return elapsed, usage.ru_maxrss


def measure(runs: int, warmup: int, cache_dir: str) -> list[dict[str, object]]:
    base_env = os.environ | {"XDG_CACHE_HOME": cache_dir, "COLUMNS": "80"}
    rows: list[dict[str, object]] = []
    baseline = None
    plan = cases()
    for _ in range(warmup):
        for _, command, extra, _ in plan:
            run_once(command, base_env | extra)
    # round-robin: a noisy second on the machine weighs on every row alike, not on one
    samples_of: dict[str, list[tuple[float, int]]] = {label: [] for label, *_ in plan}
    for _ in range(runs):
        for label, command, extra, _ in plan:
            samples_of[label].append(run_once(command, base_env | extra))
    for label, _, _, target in plan:
        samples = samples_of[label]
        times = [t * 1000 for t, _ in samples]
        median = statistics.median(times)
        if baseline is None:
            baseline = median
        rows.append(
            {
                "run": label,
                "median_ms": round(median, 1),
                "min_ms": round(min(times), 1),
                "max_ms": round(max(times), 1),
                "peak_rss_mib": round(max(rss for _, rss in samples) / 1024, 1),
                "ratio": round(median / baseline, 2),
                "target": target,
            }
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    cache_dir = tempfile.mkdtemp(prefix="sosinfo-bench-")
    try:
        rows = measure(options.runs, options.warmup, cache_dir)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    if options.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    print(f"{'run':45} {'median':>8} {'min–max':>15} {'peak RSS':>9} {'ratio':>6} {'target':>7}")
    for row in rows:
        target = f"≤ {row['target']}" if row["target"] else ""
        verdict = "" if not row["target"] else ("ok" if float(str(row["ratio"])) <= float(str(row["target"])) else "OVER")
        print(
            f"{row['run']:45} {row['median_ms']:>6} ms {row['min_ms']:>6}–{row['max_ms']:<6} "
            f"{row['peak_rss_mib']:>5} MiB {row['ratio']:>5}× {target:>6} {verdict}"
        )
    print("peak RSS target: ≤ 45 MiB for every run")
    times = {str(row["run"]): float(str(row["median_ms"])) for row in rows}
    ratio = times[UNCACHED_SEARCH] / times[UNCACHED_FAQ]
    verdict = "ok" if ratio <= SEARCH_TO_FAQ else "OVER"
    print(f"warm search / warm faq 7 (answers not kept): {ratio:.2f}× (target ≤ {SEARCH_TO_FAQ}×) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
