#!/usr/bin/env python3
"""Load and `recherche` time against the size of the knowledge base (1×, 10×, 100×).

    python bench/bench_scale.py                 # generates the synthetic bases under /tmp if needed
    python bench/bench_scale.py --facteurs 1 10 100
    python bench/bench_scale.py --en-processus --facteurs 1 10 100   # search alone, index in memory


A base 1000 times the shipped one (`--facteurs 1000`) exceeds the bounds of a knowledge base
(8 MiB per file: its faq.yaml alone is 29 MB) and is refused, by design (issue 25).

For each size: the bytes of YAML, then the median wall time of whole processes:
- `chiffres --annee 2022`, cold (no cache: YAML parsed and validated) and warm (JSON cache);
- `recherche "patrimoine immobilier"`, cold (knowledge base and index built) and warm (index
  cached, rendered answers not cached), and warm with the answer cache.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_startup import run_once, sosinfo_command  # noqa: E402

sys.path.insert(0, str(HERE.parent))
from sosinfo.kb.files import DATA_FILES  # noqa: E402


def knowledge_base(factor: int) -> Path:
    if factor == 1:
        return HERE.parent / "sosinfo" / "data"
    target = Path(tempfile.gettempdir()) / f"sosinfo-synthetique-x{factor}"
    if not all((target / name).exists() for name in DATA_FILES):  # absent, or made before a kind was added
        subprocess.run([sys.executable, str(HERE / "synthetic.py"), str(factor), str(target)], check=True)
    return target


def timed(command: list[str], env: dict[str, str], runs: int) -> float:
    return statistics.median(run_once(command, env)[0] * 1000 for _ in range(runs))


def cold(command: list[str], env: dict[str, str], cache: Path, runs: int) -> float:
    samples = []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        samples.append(run_once(command, env)[0] * 1000)
    return statistics.median(samples)


def in_process(factors: list[int]) -> None:
    """Median and 90th percentile of one search in this process (index built in memory), on every query of
    the labelled sets: what a query costs once the index is open, whatever the size of the base."""
    from search_sets import load_pool

    from sosinfo.errors import SosinfoError
    from sosinfo.kb.loader import load_knowledge
    from sosinfo.search import rank
    from sosinfo.search.documents import memory_store

    queries = [case["q"] for case in load_pool() if case["q"].strip()]
    print(f"{'taille':>7} {'documents':>10} {'index':>9} {'médiane':>9} {'p90':>9} {'max':>9}   ({len(queries)} requêtes)")
    for factor in factors:
        started = time.perf_counter()
        store = memory_store(load_knowledge(knowledge_base(factor)))
        built = time.perf_counter() - started
        timings = []
        for query in queries:
            begin = time.perf_counter()
            with contextlib.suppress(SosinfoError):
                rank.search(store, query)
            timings.append((time.perf_counter() - begin) * 1000)
        timings.sort()
        count = int(store.meta["documents"])
        median, p90 = statistics.median(timings), timings[int(0.9 * len(timings))]
        print(f"{factor:>6}× {count:>10} {built:>7.1f} s {median:>6.2f} ms {p90:>6.2f} ms {timings[-1]:>6.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facteurs", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--en-processus", action="store_true", help="time the search alone, in this process")
    options = parser.parse_args()
    if options.en_processus:
        in_process(options.facteurs)
        return 0
    sosinfo = sosinfo_command()
    columns = ("chiffres froid", "chiffres chaud", "recherche froid", "recherche chaud", "+ cache réponses")
    print(f"{'taille':>7} {'YAML':>9} " + " ".join(f"{column:>16}" for column in columns))
    for factor in options.facteurs:
        data = knowledge_base(factor)
        size = sum(path.stat().st_size for path in data.glob("*.yaml"))
        cache = Path(tempfile.mkdtemp(prefix="sosinfo-scale-"))
        env = os.environ | {"SOSINFO_CACHE_DIR": str(cache), "SOSINFO_DATA": str(data), "SOSINFO_OUTPUT_CACHE": "0"}
        figures = [*sosinfo, "chiffres", "--annee", "2022"]
        query = [*sosinfo, "recherche", "patrimoine immobilier"]
        cold_runs = 1 if factor >= 1000 else min(3, options.runs)
        started = time.perf_counter()
        figures_cold = cold(figures, env, cache, cold_runs)
        figures_warm = timed(figures, env, options.runs)
        query_cold = cold(query, env, cache, cold_runs)
        query_warm = timed(query, env, options.runs)
        answers = env | {"SOSINFO_OUTPUT_CACHE": "1"}
        run_once(query, answers)
        query_answer = timed(query, answers, options.runs)
        shutil.rmtree(cache, ignore_errors=True)
        print(
            f"{factor:>6}× {size / 1e6:>7.2f} Mo {figures_cold:>13.0f} ms {figures_warm:>13.0f} ms "
            f"{query_cold:>13.0f} ms {query_warm:>13.0f} ms {query_answer:>13.0f} ms"
            + (f"   ({time.perf_counter() - started:.0f} s)" if factor >= 100 else "")
        )
    print("cible : recherche sur la base 100×, cache chaud, ≤ 300 ms de bout en bout (la base 1000× dépasse les bornes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
