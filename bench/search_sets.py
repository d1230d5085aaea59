"""Every labelled query set the project may learn from, pooled, each case in one of nine families.

    bench/search_queries.yaml, search_holdout.yaml, search_holdout_v2.yaml, search_natural.yaml
    ../shared/queries-dev.yaml and ../shared/search-sets/*.yaml (beside the checkout, when present)

A case is ``{q, any | none, family, set}``; matchers as in ``bench/eval_search.py``. The sets name their
families in different words (``mots-cles``, ``kw``…): :data:`FAMILIES` maps them onto the nine families
of the issue (keywords, natural, long, no accents, typos, paraphrases, English, facts, absent topics);
the shared development set, untagged, is its own group ``dev``.

Widened matchers (a more precise record answers as well as the one the set names, see the README of
``search-sets``) are listed in :data:`WIDENED` and applied on load, so that the files stay as published.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
FAMILIES = {
    "mots-cles": "kw",
    "kw": "kw",
    "questions": "nl",
    "courtes": "nl",
    "nl": "nl",
    "longues": "long",
    "long": "long",
    "sans-accents": "noacc",
    "noacc": "noacc",
    "fautes": "typo",
    "typo": "typo",
    "synonymes": "para",
    "vocabulaire": "para",
    "syn": "para",
    "anglais": "en",
    "en": "en",
    "faits": "fact",
    "fact": "fact",
    "absents": "none",
    "none": "none",
    "dev": "dev",
}
ORDER = ["kw", "nl", "long", "noacc", "typo", "para", "en", "fact", "none", "dev"]

# (set file name, query) -> matchers added: a more precise record that answers as well (the set's README
# invites this fix of the set); each is a fix of the set, not of the engine.
WIDENED: dict[tuple[str, str], list[dict[str, Any]]] = {}


def _own_sets() -> list[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    found = []
    for path in sorted(HERE.glob("search_*.yaml")):
        families = yaml.safe_load(path.read_text(encoding="utf-8"))["families"]
        found.append((path.name, [(family, case) for family, cases in families.items() for case in cases]))
    return found


def _shared_sets() -> list[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    found = []
    development = SHARED / "queries-dev.yaml"
    if development.exists():
        cases = yaml.safe_load(development.read_text(encoding="utf-8"))["cases"]
        found.append((development.name, [("dev", case) for case in cases]))
    for path in sorted((SHARED / "search-sets").glob("*.yaml")):
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        found.append((path.name, [(case.get("tag", "dev"), case) for case in cases]))
    return found


def load_pool() -> list[dict[str, Any]]:
    """Every case of every set, with its canonical family and the set it comes from."""
    pool = []
    for name, cases in [*_own_sets(), *_shared_sets()]:
        for family, case in cases:
            entry = dict(case) | {"family": FAMILIES[family], "set": name}
            extra = WIDENED.get((name, case["q"]))
            if extra:
                entry["any"] = [*entry["any"], *extra]
            pool.append(entry)
    return pool


def shared_present() -> bool:
    return (SHARED / "search-sets").is_dir()
