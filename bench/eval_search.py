#!/usr/bin/env python3
"""Evaluate `sosinfo recherche` against two baselines on the same index, family by family.

    python bench/eval_search.py                 # whole set + ../shared/queries-dev.yaml if present
    python bench/eval_search.py --slice 3       # the first 3 queries of each family (used by a test)
    python bench/eval_search.py --json          # machine-readable

Metrics per family: top-1 accuracy, MRR@10 and recall@3 (absent-topic queries count as right when
nothing is returned). Baselines: rapidfuzz WRatio over result titles, and BM25 (rank-bm25) over the
documents' text; both see exactly the documents sosinfo's own index holds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sosinfo import contract  # noqa: E402
from sosinfo.kb.files import BUNDLED_DATA  # noqa: E402
from sosinfo.kb.loader import load_knowledge  # noqa: E402
from sosinfo.search import analysis, rank  # noqa: E402
from sosinfo.search.documents import documents_of, memory_store  # noqa: E402
from sosinfo.search.index import Document, Store  # noqa: E402
from sosinfo.search.weights import FITTED, Weights  # noqa: E402
from sosinfo.text import fold  # noqa: E402

QUERIES = Path(__file__).with_name("search_queries.yaml")
SHARED_DEV = ROOT.parent / "shared" / "queries-dev.yaml"
Ranker = Callable[[str], list[dict[str, Any]]]


def load_cases(slice_size: int | None, query_file: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    families: dict[str, list[dict[str, Any]]] = yaml.safe_load((query_file or QUERIES).read_text(encoding="utf-8"))["families"]
    if query_file is None and SHARED_DEV.exists():
        families["dev-partage"] = yaml.safe_load(SHARED_DEV.read_text(encoding="utf-8"))["cases"]
    if slice_size is not None:
        families = {name: cases[:slice_size] for name, cases in families.items()}
    return families


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, dict):
        return [n for item in value.values() for n in _numbers(item)]
    if isinstance(value, list):
        return [n for item in value for n in _numbers(item)]
    return []


def satisfies(result: dict[str, Any], matcher: dict[str, Any]) -> bool:
    if "id" in matcher:
        return bool(result.get("id") == matcher["id"])
    if "type" in matcher:
        return bool(result.get("type") == matcher["type"])
    if "value" in matcher:
        return float(matcher["value"]) in _numbers(result)
    if "text" in matcher:
        return fold(str(matcher["text"])) in fold(json.dumps(result, ensure_ascii=False))
    raise ValueError(f"unknown matcher {matcher}")


def score_case(case: dict[str, Any], results: list[dict[str, Any]]) -> tuple[float, float, float]:
    """(top-1, reciprocal rank, recall@3) of one case."""
    if case.get("none"):
        right = float(not results)
        return right, right, right
    for position, result in enumerate(results[:10], start=1):
        if any(satisfies(result, m) for m in case["any"]):
            return float(position == 1), 1.0 / position, float(position <= 3)
    return 0.0, 0.0, 0.0


def sosinfo_ranker(index: Store) -> Ranker:
    def ranked(query: str) -> list[dict[str, Any]]:
        try:
            found = rank.search(index, query, limit=10)
        except Exception:  # noqa: BLE001 - a refused query is an empty answer here
            return []
        return [contract.search_hit(hit) for hit in found.hits]

    return ranked


def _as_result(document: Document) -> dict[str, Any]:
    return document.record | {"id": document.id, "type": document.type}


def wratio_ranker(documents: list[Document]) -> Ranker:
    from rapidfuzz import fuzz, process

    titles = [d.title for d in documents]

    def rank(query: str) -> list[dict[str, Any]]:
        found = process.extract(query, titles, scorer=fuzz.WRatio, limit=10, score_cutoff=60)
        return [_as_result(documents[i]) for _, _, i in found]

    return rank


def bm25_ranker(documents: list[Document]) -> Ranker:
    from rank_bm25 import BM25Okapi

    corpus = [analysis.words(" ".join(text for _, text in d.fields)) for d in documents]
    bm25 = BM25Okapi(corpus)

    def rank(query: str) -> list[dict[str, Any]]:
        scores = bm25.get_scores(analysis.words(query))
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        return [_as_result(documents[i]) for i in order[:10] if scores[i] > 0]

    return rank


def evaluate(families: dict[str, list[dict[str, Any]]], ranker: Ranker) -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    everything: list[tuple[float, float, float]] = []
    for family, cases in families.items():
        scores = [score_case(case, ranker(case["q"])) for case in cases]
        everything += scores
        table[family] = _summary(scores)
    table["TOTAL"] = _summary(everything)
    return table


def _summary(scores: list[tuple[float, float, float]]) -> dict[str, float]:
    count = len(scores) or 1
    return {
        "n": float(len(scores)),
        "top1": sum(s[0] for s in scores) / count,
        "mrr": sum(s[1] for s in scores) / count,
        "recall3": sum(s[2] for s in scores) / count,
    }


def failures(families: dict[str, list[dict[str, Any]]], ranker: Ranker) -> list[str]:
    lines = []
    for family, cases in families.items():
        for case in cases:
            results = ranker(case["q"])
            if score_case(case, results)[0] < 1:
                top = results[0]["id"] if results else "∅"
                lines.append(f"{family:13} {case['q']!r:45} → {top}")
    return lines


def query_time_ms(index: Store, queries: list[str], repeat: int = 5) -> float:
    timings = []
    for _ in range(repeat):
        for query in queries:
            started = time.perf_counter()
            with contextlib.suppress(Exception):
                rank.search(index, query, limit=10)
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def calibrate(index: Store, sets: list[Path | None]) -> None:
    """Grid-search the two thresholds of « worth an answer » over every query set: absent topics must get
    nothing, every other query its right first result. Prints the best settings and their neighbours."""
    recorded: list[tuple[bool, bool, rank.Evidence]] = []  # (absent topic, right first when answered, evidence)
    enough = rank.Evidence.enough
    seen: list[rank.Evidence] = []

    def spy(self: rank.Evidence, weights: Weights = FITTED) -> bool:
        seen.append(self)
        return self.found > 0.0

    rank.Evidence.enough = spy  # type: ignore[method-assign]
    try:
        for query_file in sets:
            for cases in load_cases(None, query_file).values():
                for case in cases:
                    seen.clear()
                    results = sosinfo_ranker(index)(case["q"])
                    if not seen:
                        continue  # no word known at all: nothing, whatever the thresholds
                    right = bool(results) and not case.get("none") and any(satisfies(results[0], m) for m in case["any"])
                    recorded.append((bool(case.get("none")), right, seen[-1]))
    finally:
        rank.Evidence.enough = enough  # type: ignore[method-assign]
    grid = []
    for minimum in [x / 4 for x in range(0, 25)]:
        for ratio in [x / 20 for x in range(0, 41)]:
            setting = FITTED.with_values(min_evidence=minimum, unknown_ratio=ratio)
            wrong = sum(
                (absent and e.enough(setting)) or (not absent and not (right and e.enough(setting)))
                for absent, right, e in recorded
            )
            grid.append((wrong, minimum, ratio))
    grid.sort()
    print(f"{len(recorded)} queries with at least one known word; fewest wrong (wrong, MIN_EVIDENCE, UNKNOWN_RATIO):")
    for row in [*grid[:8], *(r for r in grid if r[2] == 1.0 and r[1] % 1 == 0)]:
        print(f"  {row[0]:3d}  {row[1]:5.2f}  {row[2]:5.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slice", type=int, default=None, help="only the first N queries of each family")
    parser.add_argument("--json", action="store_true", help="print the tables as JSON")
    parser.add_argument("--echecs", action="store_true", help="list the queries whose top-1 is wrong")
    parser.add_argument("--calibrer", action="store_true", help="search the evidence thresholds over every query set")
    parser.add_argument("--jeu", type=Path, default=None, help="another query file of the same format (e.g. search_holdout.yaml)")
    options = parser.parse_args()

    knowledge = load_knowledge(BUNDLED_DATA)
    index = memory_store(knowledge)
    if options.calibrer:
        here = Path(__file__).parent
        calibrate(index, [None, here / "search_holdout.yaml", here / "search_natural.yaml"])
        return 0
    families = load_cases(options.slice, options.jeu)
    documents = documents_of(knowledge)  # the same documents, for the baselines
    systems = {"sosinfo": sosinfo_ranker(index), "wratio": wratio_ranker(documents), "bm25": bm25_ranker(documents)}
    tables = {name: evaluate(families, ranker) for name, ranker in systems.items()}
    all_queries = [case["q"] for cases in families.values() for case in cases]
    latency = query_time_ms(index, all_queries)

    if options.json:
        print(json.dumps({"tables": tables, "median_query_ms": latency}, indent=2))
        return 0
    print(f"{'famille':14} {'n':>3}  " + "  ".join(f"{name + ' top1/MRR/R@3':>26}" for name in systems))
    for family in tables["sosinfo"]:
        row = tables["sosinfo"][family]
        cells = "  ".join(
            f"{tables[s][family]['top1']:>8.1%} {tables[s][family]['mrr']:>7.3f} {tables[s][family]['recall3']:>8.1%}"
            for s in systems
        )
        print(f"{family:14} {int(row['n']):>3}  {cells}")
    print(f"\nmedian in-process query time (index built): {latency:.2f} ms over {len(all_queries)} queries")
    if options.echecs:
        print("\nwrong top-1 (sosinfo):")
        print("\n".join(failures(families, systems["sosinfo"])) or "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
