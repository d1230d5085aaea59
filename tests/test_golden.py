"""Golden tests: the text people read, at a fixed width, compared to the file under tests/golden."""

from __future__ import annotations

import os
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
}


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
