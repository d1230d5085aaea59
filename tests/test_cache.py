"""Caches are never stale, never required, never pickle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE_ENV, Run

from sosinfo import app


def use_cache(monkeypatch: pytest.MonkeyPatch, directory: Path) -> None:
    monkeypatch.setenv("SOSINFO_CACHE_DIR", str(directory))


def test_a_changed_data_file_rebuilds_every_cache(
    run: Run, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    args = ("chiffres", "--annee", "2022", "--format", "json", "--data-dir", str(data_copy))
    first = run(*args).json()
    query = ("recherche", "un milliard et demi", "--format", "json", "--data-dir", str(data_copy))
    assert run(*query).exit_code == 1
    before = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert any(name.startswith("kb-") for name in before) and any(name.startswith("index-") for name in before)

    path = data_copy / "chiffres.yaml"  # same size, new content: only the content hash can tell
    path.write_text(path.read_text(encoding="utf-8").replace("valeur: 1367000000", "valeur: 1500000000"), encoding="utf-8")
    second = run(*args).json()
    assert [r["valeur"] for r in first if r["indicateur"] == "indicateur:activite"] == [1367000000]
    assert [r["valeur"] for r in second if r["indicateur"] == "indicateur:activite"] == [1500000000]

    path.write_text(
        path.read_text(encoding="utf-8").replace('note: "Somme des budgets', 'note: "Un milliard et demi ; somme des budgets'),
        encoding="utf-8",
    )
    found = run(*query)
    assert found.exit_code == 0 and any(hit.get("valeur") == 1500000000 for hit in found.json())


def test_fingerprint_follows_content_not_dates(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    original = app.source(data_copy).key
    assert original == app.source(data_copy).key  # remembered, same answer
    path = data_copy / "contact.yaml"
    content = path.read_bytes()
    path.write_bytes(content.replace(b"01 58 30 55 55", b"01 58 30 55 56"))
    changed = app.source(data_copy).key
    assert changed != original
    path.write_bytes(content)
    assert app.source(data_copy).key == original


def test_read_only_or_missing_cache_directory_is_harmless(run: Run, tmp_path: Path) -> None:
    read_only = tmp_path / "lecture-seule"
    read_only.mkdir()
    read_only.chmod(0o500)
    blocked = tmp_path / "fichier"
    blocked.write_text("pas un dossier")  # a file where the cache directory should be: nothing can be written
    for directory in (read_only, blocked / "sosinfo", tmp_path / "absent" / "profond"):
        for command in (("faq", "7", "--format", "json"), ("recherche", "patrimoine immobilier", "--format", "json")):
            done = run(*command, env={"SOSINFO_CACHE_DIR": str(directory)})
            assert done.exit_code == 0, done.stderr
            assert done.stderr == ""
    assert not any(blocked.parent.glob("fichier/*"))


def test_damaged_cache_files_are_rebuilt(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    assert run("recherche", "patrimoine immobilier").exit_code == 0
    for path in (tmp_path / "cache").glob("*"):
        if path.is_file():
            path.write_bytes(b"\x00garbage")
    for reponses in (tmp_path / "cache" / "reponses").rglob("*.txt"):
        reponses.write_text("")
    monkeypatch.setenv("SOSINFO_OUTPUT_CACHE", "0")
    done = run("recherche", "patrimoine immobilier", "--format", "json")
    assert done.exit_code == 0 and done.json()[0]["id"] == "faq:7"
    assert run("faq", "7", "--format", "json").json()["numero"] == 7


def test_no_pickle_anywhere() -> None:
    sources = Path(__file__).resolve().parents[1] / "sosinfo"
    assert not [p for p in sources.rglob("*.py") if "import pickle" in p.read_text(encoding="utf-8")]


def test_shell_completion_of_commands_and_numbers(tmp_path: Path) -> None:
    def complete(words: str, index: int) -> list[str]:
        env = os.environ | BASE_ENV | {"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(index)}
        done = subprocess.run([sys.executable, "-m", "sosinfo"], env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("sosinfo fa", 1) == ["faq"]
    assert complete("sosinfo ch", 1) == ["chiffres", "chronologie"]
    assert complete("sosinfo faq 1", 2) == ["1", "10", "11", "12", "13"]
    assert "2022" in complete("sosinfo chiffres --annee 20", 3)
    assert complete("sosinfo chiffres --indicateur sal", 3) == ["salaries"]
