"""Golden tests: the text people read, at a fixed width, compared to the file under tests/golden."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import Run

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "faq-7": (["faq", "7"], "80"),
    "faq-7-40-colonnes": (["faq", "7"], "40"),
    "faq-liste": (["faq"], "80"),
    "chiffres-2022": (["chiffres", "--annee", "2022"], "80"),
    "chiffres-salaries-graphique": (["chiffres", "--indicateur", "salaries", "--graphique"], "80"),
    "gouvernance": (["gouvernance"], "80"),
    "conflits": (["sources", "--conflits"], "100"),
    "faq-7-markdown": (["faq", "7", "--format", "markdown"], "80"),
    "chiffres-recents": (["chiffres", "--recents"], "80"),
    "chiffres-indicateur-activite-markdown": (["chiffres", "-i", "activite", "-g", "-f", "markdown"], "80"),
    "valeurs": (["valeurs"], "80"),  # each testimonial that sosinfo links to its value says so
    "valeurs-markdown": (["valeurs", "--format", "markdown"], "80"),
}
for _width in ("40", "80", "120"):  # every width people use: never a word split, optional columns dropped or stacked
    for _name, _command in {
        "chiffres": ["chiffres"],
        "secteurs": ["secteurs"],
        "fondateur": ["fondateur"],
        "temoignages": ["temoignages"],
        "sources": ["sources"],
        "chronologie": ["chronologie", "--depuis", "2005", "--jusqua", "2012"],
        "graphique-resultat": ["chiffres", "-i", "resultat", "-g"],
    }.items():
        CASES[f"{_name}-{_width}"] = (_command, _width)


@pytest.mark.parametrize("name", sorted(CASES))
def test_rendering_matches_golden_file(run: Run, name: str) -> None:
    command, width = CASES[name]
    done = run(*command, env={"COLUMNS": width})
    assert done.exit_code == 0, done.stderr
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("SOSINFO_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(done.stdout, encoding="utf-8")
    assert done.stdout == path.read_text(encoding="utf-8")
    assert all(len(line) <= int(width) for line in done.stdout.splitlines()) or name.endswith("markdown")


WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# a line never starts with what must stay with the text before it
ORPHANS = re.compile(r"^\s*(?:[»;:?!%]|M€|Md€|€)(?:\s|$)", re.MULTILINE)


@pytest.mark.parametrize("name", sorted(name for name in CASES if not name.endswith("markdown")))
def test_no_word_is_split_and_no_line_starts_with_punctuation(run: Run, name: str) -> None:
    command, width = CASES[name]
    shown = run(*command, env={"COLUMNS": width}).stdout
    whole = run(*command, env={"COLUMNS": "500"}).stdout
    vocabulary = set(WORD.findall(whole))
    vocabulary |= {word.lower() for word in vocabulary}  # a column moved under its row is labelled by its header, lower case
    for line in shown.splitlines():
        for word in WORD.findall(line):
            assert word in vocabulary, f"« {word} » is a piece of a word at {width} columns:\n{line}"
    assert not ORPHANS.search(shown)
