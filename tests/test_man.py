"""The manual page: generated from the command line's own help, shipped, printed, and read by ``man``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import man_builder
import pytest
import typer
from conftest import Run

from sosinfo.cli.commands import app
from sosinfo.cli.french import MANUAL_PAGE


def test_the_shipped_page_is_generated_from_the_help() -> None:
    built = man_builder.page()
    if os.environ.get("SOSINFO_UPDATE_MAN") == "1":
        MANUAL_PAGE.parent.mkdir(exist_ok=True)
        MANUAL_PAGE.write_text(built, encoding="utf-8")
    assert MANUAL_PAGE.read_text(encoding="utf-8") == built, "sosinfo/man/sosinfo.1 is stale: SOSINFO_UPDATE_MAN=1"


def test_every_command_and_option_is_in_the_page() -> None:
    text = MANUAL_PAGE.read_text(encoding="utf-8").replace("\\-", "-")
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert f".SS {name}\n" in text
        for param in command.params:
            if isinstance(param, typer.core.TyperOption) and not param.hidden:
                assert max(param.opts, key=len) in text, (name, param.opts)
    assert "--couleur" in text and "SOSINFO_PAGER" in text and "130" in text


@pytest.mark.parametrize("word", ["aide", "help"])
def test_aide_man_prints_it(run: Run, word: str) -> None:
    done = run(word, "--man")
    assert done.exit_code == 0 and done.stdout == MANUAL_PAGE.read_text(encoding="utf-8")
    assert run(word, "faq").stdout.startswith("Utilisation : sosinfo faq")  # the boundary: « aide COMMANDE » is still the help


def test_the_page_is_package_data() -> None:
    text = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"man/*.1"' in text


@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed")
def test_man_reads_it_without_a_warning(tmp_path: Path) -> None:
    environment = os.environ | {"MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        ["man", "--warnings", "-l", str(MANUAL_PAGE)], env=environment, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    for heading in ("NOM", "SYNOPSIS", "DESCRIPTION", "OPTIONS GÉNÉRALES", "COMMANDES", "CODES DE SORTIE", "ENVIRONNEMENT"):
        assert f"\n{heading}\n" in done.stdout
    assert "sosinfo chiffres [OPTIONS]" in done.stdout and "sos‐\ninfo" not in done.stdout  # no hyphenation
    assert all(len(line) <= 80 for line in done.stdout.splitlines())
