#!/usr/bin/env python3
"""Fit the search's fusion weights and silence thresholds by k-fold cross-validation, and print the table.

    python bench/fit_search.py                 # 5-fold CV on every labelled set, per family; prints Weights(...)
    python bench/fit_search.py --leviers       # what each lever adds (question bank, synonyms), by CV
    python bench/fit_search.py --actuel        # only the figures of the weights now in search/weights.py

The pool is every labelled set (``bench/search_sets.py``: the sets of ``bench/`` and, beside the checkout,
``../shared/queries-dev.yaml`` and ``../shared/search-sets/``). Folds are stratified by family and fixed
by ``--graine``. On each fold the weights are fitted on the other folds (coordinate ascent over a grid
per weight, from the weights in ``search/weights.py``, maximising top-1 then the reciprocal rank) and
judged on the fold: the cross-validated top-1 is what generalises; the training figure (fitted on the
whole pool, judged on it) is printed beside it. The candidates and their features do not depend on the
weights: they are computed once per query, then only the fused score, the silence and the cut are redone.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_search import score_case  # noqa: E402
from search_sets import ORDER, load_pool, shared_present  # noqa: E402

from sosinfo.errors import NotFoundError  # noqa: E402
from sosinfo.kb import model  # noqa: E402
from sosinfo.kb.files import BUNDLED_DATA  # noqa: E402
from sosinfo.kb.loader import load_knowledge  # noqa: E402
from sosinfo.search import rank  # noqa: E402
from sosinfo.search.documents import memory_store  # noqa: E402
from sosinfo.search.index import Store  # noqa: E402
from sosinfo.search.query import read_query  # noqa: E402
from sosinfo.search.weights import FITTED, Weights  # noqa: E402

# the values tried for each weight (the cut's floor and gap do not change the first result: not fitted)
GRID: dict[str, list[float]] = {
    "coverage_floor": [0.05, 0.1, 0.2, 0.3, 0.5],
    "strong": [0.0, 0.25, 0.5, 1.0, 1.5],
    "same_question": [0.0, 0.3, 0.6, 1.0, 1.5],
    "title_coverage": [0.0, 0.25, 0.5, 1.0],
    "type_intent": [1.0, 1.5, 2.0, 3.0],
    "faq_prior": [1.0, 1.15, 1.3, 1.5, 1.8],
    "figure_prior": [0.5, 0.65, 0.8, 1.0],
    "phrase": [0.0, 0.5, 1.0, 1.5, 2.0],
    "year_boost": [1.0, 1.25, 1.5, 2.0],
    "bank": [0.0, 0.25, 0.5, 1.0, 2.0],
    "bank_question": [0.0, 0.5, 1.0, 2.0, 4.0],
    "bank_evidence": [0.0, 0.3, 0.6, 1.0],
    "body_evidence": [0.3, 0.45, 0.6, 0.8, 1.0],
    "name_evidence": [0.1, 0.3, 0.5, 1.0],
    "min_evidence": [1.0, 1.5, 2.0, 2.5, 3.0],
    "unknown_ratio": [0.6, 0.8, 1.0, 1.2, 1.5],
    "ordinary_weight": [0.25, 0.5, 0.75, 1.0],
    "adverb_weight": [0.25, 0.5, 1.0],
    "short_unknown": [0.5, 0.75, 1.0, 1.25],
    "min_coverage": [0.0, 0.4, 0.5, 0.6, 0.7],
}
PASSES = 2
RR_SHARE = 0.2  # the objective: top-1, ties broken by the reciprocal rank


@dataclass(eq=False)
class Prepared:
    case: dict[str, Any]
    pool: rank.Pool | None  # None: the query holds no word to look for (nothing is answered)


class Judge:
    """Scores weights on prepared cases; the records of the base are read once."""

    def __init__(self, store: Store, cases: list[dict[str, Any]]) -> None:
        self.store = store
        self.records: dict[int, dict[str, Any]] = {}
        self.prepared = [Prepared(case, self._pool(case["q"])) for case in cases]

    def _pool(self, query: str) -> rank.Pool | None:
        try:
            return rank.gather(self.store, read_query(self.store, query))
        except NotFoundError:
            return None

    def _record(self, number: int) -> dict[str, Any]:
        found = self.records.get(number)
        if found is None:
            doc_id, doc_type, title, command, _, record = self.store.document(number)
            found = self.records[number] = {"id": doc_id, "type": doc_type, "titre": title, "commande": command} | record
        return found

    def outcome(self, index: int, weights: Weights) -> tuple[float, float]:
        """(top-1, reciprocal rank) of one prepared case."""
        item = self.prepared[index]
        ranked = rank.rank_pool(item.pool, weights, 10).ranked if item.pool is not None else []
        top1, rr, _ = score_case(item.case, [self._record(number) for _, number in ranked])
        return top1, rr

    def objective(self, indices: list[int], weights: Weights) -> float:
        total = 0.0
        for index in indices:
            top1, rr = self.outcome(index, weights)
            total += top1 + RR_SHARE * rr
        return total


def fit(judge: Judge, indices: list[int], start: Weights = FITTED) -> Weights:
    """Coordinate ascent: each weight in turn takes the value of its grid that scores best, twice over."""
    best, best_score = start, judge.objective(indices, start)
    for _ in range(PASSES):
        moved = False
        for name, values in GRID.items():
            for value in values:
                if value == getattr(best, name):
                    continue
                trial = best.with_values(**{name: value})
                score = judge.objective(indices, trial)
                if score > best_score + 1e-9:
                    best, best_score, moved = trial, score, True
        if not moved:
            break
    return best


def folds(cases: list[dict[str, Any]], k: int, seed: int) -> list[list[int]]:
    """k folds, each holding about a k-th of every family (fixed by ``seed``)."""
    by_family: dict[str, list[int]] = defaultdict(list)
    for index, case in enumerate(cases):
        by_family[case["family"]].append(index)
    rng = random.Random(seed)
    result: list[list[int]] = [[] for _ in range(k)]
    offset = 0
    for family in sorted(by_family):
        members = by_family[family]
        rng.shuffle(members)
        for position, index in enumerate(members):
            result[(position + offset) % k].append(index)
        offset += len(members)
    return result


def per_family(judge: Judge, right: dict[int, float]) -> dict[str, tuple[int, float]]:
    table: dict[str, list[float]] = defaultdict(list)
    for index, value in right.items():
        table[judge.prepared[index].case["family"]].append(value)
    everything = list(right.values())
    result = {family: (len(table[family]), sum(table[family]) / len(table[family])) for family in ORDER if table[family]}
    result["TOTAL"] = (len(everything), sum(everything) / len(everything))
    return result


def cross_validate(judge: Judge, k: int, seed: int, quiet: bool = False) -> tuple[dict[int, float], list[Weights]]:
    """Top-1 of each case, judged with weights fitted without its fold; the weights of each fold."""
    right: dict[int, float] = {}
    fitted = []
    chunks = folds([p.case for p in judge.prepared], k, seed)
    for number, held in enumerate(chunks, start=1):
        held_set = set(held)
        train = [i for i in range(len(judge.prepared)) if i not in held_set]
        weights = fit(judge, train)
        fitted.append(weights)
        for index in held:
            right[index] = judge.outcome(index, weights)[0]
        if not quiet:
            print(f"  pli {number}/{k} : {sum(right[i] for i in held):.0f}/{len(held)}", file=sys.stderr)
    return right, fitted


def variant(kb: model.KnowledgeBase, without: str | None) -> model.KnowledgeBase:
    """The knowledge base without one lever (``banque``: the question bank, ``synonymes``: the synonyms)."""
    from dataclasses import replace

    if without == "banque":
        return replace(kb, question_bank=[])
    if without == "synonymes":
        return replace(kb, synonyms=[])
    if without == "banque+synonymes":
        return replace(kb, question_bank=[], synonyms=[])
    return kb


def _changed(weights: Weights) -> str:
    return ", ".join(f"{f.name}={getattr(weights, f.name):g}" for f in fields(weights))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plis", type=int, default=5, help="number of folds (default 5)")
    parser.add_argument("--graine", type=int, default=19, help="seed of the folds (default 19)")
    parser.add_argument("--leviers", action="store_true", help="cross-validate without each lever too")
    parser.add_argument("--actuel", action="store_true", help="only judge the weights of search/weights.py")
    options = parser.parse_args()
    if not shared_present():
        print("note : ../shared/search-sets absent ; seuls les jeux de bench/ sont utilisés", file=sys.stderr)
    cases = load_pool()
    knowledge = load_knowledge(BUNDLED_DATA)
    started = time.perf_counter()
    judge = Judge(memory_store(knowledge), cases)
    print(f"{len(cases)} requêtes, familles : {', '.join(ORDER)} ; caractéristiques en {time.perf_counter() - started:.1f} s")
    everyone = list(range(len(cases)))
    current = per_family(judge, {i: judge.outcome(i, FITTED)[0] for i in everyone})
    if options.actuel:
        _print_table({"actuel": current})
        return 0
    columns: dict[str, dict[str, tuple[int, float]]] = {"actuel (entraînement)": current}
    right, per_fold = cross_validate(judge, options.plis, options.graine)
    columns["validation croisée"] = per_family(judge, right)
    final = fit(judge, everyone)
    columns["ajusté sur tout (entraînement)"] = per_family(judge, {i: judge.outcome(i, final)[0] for i in everyone})
    if options.leviers:
        for without in ("banque", "synonymes", "banque+synonymes"):
            other = Judge(memory_store(variant(knowledge, without)), cases)
            columns[f"sans {without} (VC)"] = per_family(other, cross_validate(other, options.plis, options.graine, True)[0])
    _print_table(columns)
    print("\npoids des plis :")
    for number, weights in enumerate(per_fold, start=1):
        print(f"  {number}: {_changed(weights)}")
    print(f"\najusté sur tout le jeu (à reporter dans sosinfo/search/weights.py) :\n  {_changed(final)}")
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


def _print_table(columns: dict[str, dict[str, tuple[int, float]]]) -> None:
    names = list(columns)
    print(f"\n{'famille':8} {'n':>4}  " + "  ".join(f"{name:>28}" for name in names))
    for family in [*ORDER, "TOTAL"]:
        first = columns[names[0]].get(family)
        if first is None:
            continue
        cells = "  ".join(f"{columns[name].get(family, (0, 0.0))[1]:>28.1%}" for name in names)
        print(f"{family:8} {first[0]:>4}  {cells}")


if __name__ == "__main__":
    sys.exit(main())
