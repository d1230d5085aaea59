#!/usr/bin/env python3
"""Time whole sosinfo processes against `python -c "import typer"`, measured in the same run.

    python bench/bench_startup.py              # 15 runs each after 3 warm-ups
    python bench/bench_startup.py --runs 30 --json

Each row: median wall time, min–max, peak RSS of the process, and the ratios of the median to the
`import typer` and `python -c pass` yardsticks, measured in the same run. Targets (issues 5 and 24)
are printed beside each ratio, with the yardstick they are measured against.
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


PASS = 'python -c "pass"'
TYPER = 'python -c "import typer"'
# (label, command, environment, target ratio, yardstick the target is measured against)
Case = tuple[str, list[str], dict[str, str], float | None, str]


def cases() -> list[Case]:
    sosinfo = sosinfo_command()
    completion = {"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": "sosinfo fa", "COMP_CWORD": "1"}
    numbers = {"_SOSINFO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "sosinfo faq "}
    years = {"_SOSINFO_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "sosinfo chiffres --annee "}
    indicators = {"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": "sosinfo chiffres -i ", "COMP_CWORD": "3"}
    searched = "patrimoine immobilier"
    return [
        (TYPER, [sys.executable, "-c", "import typer"], {}, None, TYPER),
        (PASS, [sys.executable, "-c", "pass"], {}, None, PASS),
        # issue 24: a repeated question (answer cached) costs at most 3 × python -c pass
        ("sosinfo faq 7", [*sosinfo, "faq", "7"], {}, 3.0, PASS),
        ("sosinfo faq 7 -f json", [*sosinfo, "faq", "7", "-f", "json"], {}, 3.0, PASS),
        ("sosinfo chiffres --annee 2022", [*sosinfo, "chiffres", "--annee", "2022"], {}, 3.0, PASS),
        ("sosinfo chiffres --annee 2022 -f json", [*sosinfo, "chiffres", "--annee", "2022", "-f", "json"], {}, 3.0, PASS),
        (f'sosinfo recherche "{searched}"', [*sosinfo, "recherche", searched], {}, 3.0, PASS),
        (f'sosinfo recherche "{searched}" -f json', [*sosinfo, "recherche", searched, "-f", "json"], {}, 3.0, PASS),
        ("sosinfo gouvernance", [*sosinfo, "gouvernance"], {}, None, PASS),
        ("sosinfo --help", [*sosinfo, "--help"], {}, 1.0, TYPER),
        ("completion « sosinfo fa » (bash)", sosinfo, completion, 1.0, TYPER),
        ("completion « sosinfo faq » (zsh)", sosinfo, numbers, 1.0, TYPER),
        ("completion « chiffres --annee » (fish)", sosinfo, years, 1.0, TYPER),
        ("completion « chiffres -i » (bash)", sosinfo, indicators, 1.0, TYPER),
        # answers not kept: the work itself (base and index come from their caches), compared below
        (UNCACHED_FAQ, [*sosinfo, "faq", "7"], {"SOSINFO_OUTPUT_CACHE": "0"}, None, TYPER),
        (UNCACHED_SEARCH, [*sosinfo, "recherche", SEARCHED], {"SOSINFO_OUTPUT_CACHE": "0"}, None, TYPER),
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
    base_env.pop("SOSINFO_CACHE_DIR", None)
    base_env.pop("SOSINFO_OUTPUT_CACHE", None)
    rows: list[dict[str, object]] = []
    plan = cases()
    for _ in range(warmup):
        for _, command, extra, _, _ in plan:
            run_once(command, base_env | extra)
    # round-robin: a noisy second on the machine weighs on every row alike, not on one
    samples_of: dict[str, list[tuple[float, int]]] = {label: [] for label, *_ in plan}
    for _ in range(runs):
        for label, command, extra, _, _ in plan:
            samples_of[label].append(run_once(command, base_env | extra))
    medians = {label: statistics.median(t * 1000 for t, _ in samples) for label, samples in samples_of.items()}
    for label, _, _, target, yardstick in plan:
        samples = samples_of[label]
        times = [t * 1000 for t, _ in samples]
        median = medians[label]
        rows.append(
            {
                "run": label,
                "median_ms": round(median, 1),
                "min_ms": round(min(times), 1),
                "max_ms": round(max(times), 1),
                "peak_rss_mib": round(max(rss for _, rss in samples) / 1024, 1),
                "ratio": round(median / medians[TYPER], 2),
                "ratio_pass": round(median / medians[PASS], 2),
                "target": target,
                "yardstick": "pass" if yardstick == PASS else "typer",
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
    print(f"{'run':50} {'median':>8} {'min–max':>15} {'peak RSS':>9} {'/typer':>7} {'/pass':>6} {'target':>14}")
    for row in rows:
        target = f"≤ {row['target']}× {row['yardstick']}" if row["target"] else ""
        ratio = row["ratio_pass"] if row["yardstick"] == "pass" else row["ratio"]
        verdict = "" if not row["target"] else ("ok" if float(str(ratio)) <= float(str(row["target"])) else "OVER")
        print(
            f"{row['run']:50} {row['median_ms']:>6} ms {row['min_ms']:>6}–{row['max_ms']:<6} "
            f"{row['peak_rss_mib']:>5} MiB {row['ratio']:>6}× {row['ratio_pass']:>5}× {target:>14} {verdict}"
        )
    print("peak RSS target: ≤ 45 MiB for every run")
    times = {str(row["run"]): float(str(row["median_ms"])) for row in rows}
    ratio = times[UNCACHED_SEARCH] / times[UNCACHED_FAQ]
    verdict = "ok" if ratio <= SEARCH_TO_FAQ else "OVER"
    print(f"warm search / warm faq 7 (answers not kept): {ratio:.2f}× (target ≤ {SEARCH_TO_FAQ}×) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
