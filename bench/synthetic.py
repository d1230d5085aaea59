#!/usr/bin/env python3
"""Write a synthetic knowledge base of the shipped schema, N times the shipped size.

    python bench/synthetic.py 100 /tmp/sosinfo-x100

Every list of entries is repeated N times with suffixed ids and slightly varied text, so
references stay valid and the vocabulary grows as with real additions; the 13 FAQ questions
stay 13 (their numbers are fixed), with answers N times longer. The result passes
`sosinfo verifier`.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sosinfo.kb.files import BUNDLED_DATA, FILES  # noqa: E402
from sosinfo.kb.loader import load_knowledge, to_plain  # noqa: E402

REFERENCES = {"indicateur", "conflit", "chiffre", "valeur"}  # fields that name another entry's id
LIST_REFERENCES = {"chiffres", "associations"}


class _NoAliasDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """sosinfo refuses YAML aliases, so repeated objects are written out in full."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _suffix(entry: dict[str, Any], copy_number: int) -> dict[str, Any]:
    twin = copy.deepcopy(entry)
    tag = f"-k{copy_number}"
    if "id" in twin:
        twin["id"] += tag
    for key in REFERENCES & twin.keys():
        if isinstance(twin[key], str):
            twin[key] += tag
    for key in LIST_REFERENCES & twin.keys():
        if isinstance(twin[key], list) and all(isinstance(item, str) for item in twin[key]):
            twin[key] = [item + tag for item in twin[key]]
    for key in ("positions",):
        if key in twin and isinstance(twin[key], list):
            twin[key] = [_suffix(position, copy_number) for position in twin[key]]
    for key in ("titre", "nom", "libelle", "resume", "texte", "theme"):
        if isinstance(twin.get(key), str):
            twin[key] += f" (variante {copy_number}, lot synthetique{copy_number % 97})"
    return twin


def _grow_tree(node: dict[str, Any], copy_number: int) -> dict[str, Any]:
    twin = _suffix(node, copy_number)
    twin["enfants"] = [_grow_tree(child, copy_number) for child in node.get("enfants", [])]
    return twin


def generate(factor: int, target: Path) -> None:
    plain = to_plain(load_knowledge(BUNDLED_DATA))
    target.mkdir(parents=True, exist_ok=True)
    for name, sections in FILES.items():
        document: dict[str, Any] = {}
        for key, attribute in sections:
            value = plain[attribute]
            if attribute == "faq":
                for entry in value:
                    entry["reponse"] = [
                        block | {"titre": f"{block.get('titre') or 'Bloc'} (variante {k})"}
                        for k in range(factor)
                        for block in entry["reponse"]
                    ]
                document[key] = value
            elif attribute == "governance":
                value["enfants"] = [_grow_tree(child, k) if k else child for k in range(factor) for child in value["enfants"]]
                document[key] = value
            elif attribute in ("sources", "contact", "synonyms"):
                document[key] = value
            elif attribute == "question_bank":  # each copy of an entry is asked for as the entry is
                single = ("faq:", "contact:", "source:", f"gouvernance:{plain['governance']['id']}")  # not copied
                document[key] = [
                    entry if k == 0 else _suffix(entry, k)
                    for k in range(factor)
                    for entry in value
                    if k == 0 or not entry["id"].startswith(single)
                ]
            else:
                document[key] = [entry if k == 0 else _suffix(entry, k) for k in range(factor) for entry in value]
        with (target / name).open("w", encoding="utf-8") as stream:
            yaml.dump(document, stream, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=1000)


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: synthetic.py FACTOR DIRECTORY")
    generate(int(sys.argv[1]), Path(sys.argv[2]))
