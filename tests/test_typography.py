"""French typography of everything shown: signs, quotes, colons, what a line break may not separate."""

from __future__ import annotations

import itertools
import re

import pytest
import typer
from conftest import Run

from sosinfo.text import lower_first, wrap


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Indicateur inconnu", "indicateur inconnu"),
        ("La recherche est vide.", "la recherche est vide."),
        ("SOS Drogue", "SOS Drogue"),  # an acronym
        ("Jean-Marc Borello", "Jean-Marc Borello"),  # a name joined by a hyphen
        ("A", "A"),
        ("Y siègent les représentants", "y siègent les représentants"),
        ("À partir de 1997", "à partir de 1997"),
        ("L'encadré ne donne pas d'année", "l'encadré ne donne pas d'année"),  # an elided word
        ("D’après la biographie", "d’après la biographie"),
        ("Qu'il s'agisse", "qu'il s'agisse"),
        ("L'Oréal", "l'Oréal"),
        ("A'b", "A'b"),  # no French elision
        ("A380", "A380"),
        ("« --recents » se suffit", "« --recents » se suffit"),
        ("", ""),
    ],
)
def test_lower_case_after_a_colon(before: str, after: str) -> None:
    assert lower_first(before) == after


MESSAGE = (
    "Erreur : aucune question de la FAQ ne parle de « salaire moyen ». Vouliez-vous dire « salariés » ? "
    'Cherchez dans toute la base : sosinfo recherche "salaire moyen"'
)


@pytest.mark.parametrize("width", [20, 30, 40, 41, 80])
def test_a_message_is_wrapped_between_words(width: int) -> None:
    lines = wrap(MESSAGE, width).split("\n")
    assert " ".join(lines) == MESSAGE  # nothing lost, nothing added
    for line in lines:
        assert len(line) <= width or line.startswith("sosinfo") or "«" in line
        assert not line.startswith(("»", ":", "?", ";")) and not line.endswith("«")
    assert any(line.endswith('sosinfo recherche "salaire moyen"') for line in lines)  # a command is one word
    assert any("« salariés » ?" in line for line in lines)  # a quotation and its sign stay together


OPTIONS_MESSAGE = (
    "En CSV : chiffres, chronologie, secteurs (ses classements), sources, sources --conflits, recherche, "
    "faq (la liste), verifier. Sinon : --format json ou markdown."
)


@pytest.mark.parametrize("width", range(24, 81))
def test_an_option_stays_with_its_command_word_and_its_value(width: int) -> None:
    """« sources / --conflits » at 40 columns read as two things; « --format / json » too."""
    lines = wrap(OPTIONS_MESSAGE, width).split("\n")
    assert " ".join(lines) == OPTIONS_MESSAGE
    assert not [line for line in lines if line.startswith("--conflits") or line.endswith("--format")]
    assert any("sources --conflits," in line for line in lines) and any("--format json" in line for line in lines)


def test_a_line_of_code_in_a_message_is_never_wrapped() -> None:
    """The line added to ~/.zshrc, said by --install-completion, was split at 100 and 120 columns."""
    code = "    fpath+=~/.zfunc; autoload -Uz compinit; compinit"
    assert wrap(f"Fichier de démarrage modifié : ligne ajoutée à la fin :\n{code}\nFin.", 30).split("\n") == [
        "Fichier de démarrage modifié :",
        "ligne ajoutée à la fin :",
        code,
        "Fin.",
    ]


def test_an_option_after_a_colon_may_start_a_line() -> None:
    assert wrap("Sinon : --format json", 8) == "Sinon :\n--format json"
    assert wrap("Essayez -5 ou 6", 8) == "Essayez\n-5 ou 6"  # a negative number is no option


def test_a_long_message_fits_when_it_can() -> None:
    assert wrap(MESSAGE, 500) == MESSAGE
    assert wrap("un deux trois", 7) == "un deux\ntrois"  # the boundary: exactly the width still fits


def test_the_command_names_known_to_the_typesetter_are_the_command_lines() -> None:
    from sosinfo.cli.commands import app
    from sosinfo.cli.french import HELP_WORDS
    from sosinfo.text import COMMAND_NAMES

    group = typer.main.get_command(app)
    assert set(COMMAND_NAMES) == set(group.commands) | HELP_WORDS  # type: ignore[attr-defined]


def test_one_minus_sign_everywhere(run: Run) -> None:
    figures = run("chiffres", "--recents", env={"COLUMNS": "200"}).stdout
    answer = run("faq", "4", env={"COLUMNS": "200"}).stdout.replace("\xa0", " ")
    assert "−5\u202fM€" in figures and "−5 à +10" in answer
    assert not re.search(r"(?<![\w-])-\d", figures + answer)  # no hyphen before a number
    markdown = run("chiffres", "--recents", "--format", "markdown").stdout
    assert "−5\u202fM€" in markdown and "| -5" not in markdown
    assert run("chiffres", "--recents", "--format", "json").json()  # numbers stay numbers: -5000000 in JSON
    assert -5_000_000 in [row["valeur"] for row in run("chiffres", "-f", "json").json()]


def test_french_quotes_in_titles(run: Run) -> None:
    listed = run("faq", env={"COLUMNS": "200"}).stdout
    assert "d'un «\u202fpatrimoine immobilier\u202f»\u202f?" in listed and '"patrimoine' not in listed
    assert "un «\u202fleader\u202f»\u202f?" in run("faq", "10", env={"COLUMNS": "200"}).stdout
    assert "«\u202fpatrimoine immobilier\u202f»" in run("faq", "7", "-f", "md").stdout
    # inside a command, the quotes are the shell's: kept straight
    assert 'sosinfo recherche "patrimoine immobilier"' in run("--help").stdout.replace("\u202f", " ")


def test_lower_case_after_a_colon_in_answers(run: Run) -> None:
    shown = run("sources", env={"COLUMNS": "300"}).stdout
    assert "Couvre\u202f: mission, modèle" in shown and "Couvre\u202f: Mission" not in shown
    assert "Composition\u202f: les directeurs" in run("gouvernance", env={"COLUMNS": "300"}).stdout
    assert "Date déduite\u202f: cinq mois" in run("chronologie", env={"COLUMNS": "300"}).stdout
    assert "Composition\u202f: Jean-Marc Borello" in run("gouvernance", env={"COLUMNS": "300"}).stdout  # a name keeps its capital


ALL_COMMANDS = [
    ["faq"], *[["faq", str(n)] for n in range(1, 14)], ["chiffres"], ["chiffres", "--recents"],
    ["chiffres", "-i", "activite", "-g"], ["chiffres", "-i", "activite"], ["gouvernance"], ["valeurs"], ["temoignages"],
    ["fondateur"], ["chronologie"],
    ["secteurs"], ["secteurs", "jeunesse"], ["plaidoyers"], ["contact"], ["approche"], ["sources"], ["sources", "--conflits"],
    ["recherche", "combien de salariés"], ["recherche", "budget"], ["recherche", "patrimoine immobilier"],
    ["export", "-f", "texte"],
]  # fmt: skip
COMMAND_IN_TEXT = re.compile(r"sosinfo (?:faq|chiffres|sources|temoignages|recherche|verifier)\b[^\n»)]*")


def _inner(line: str) -> str:
    """A line without its frame and list marks: what a reader sees start and end it."""
    return re.sub(r"^[\s│╭╰─]*(?:[•→✘]\s+)?", "", line).rstrip("│ ")


@pytest.mark.slow  # every command at three widths
@pytest.mark.parametrize("width", ["40", "57", "80"])
def test_what_a_line_break_may_not_separate(run: Run, width: str) -> None:
    for command in ALL_COMMANDS:
        narrow = run(*command, "--preuves", env={"COLUMNS": width}).stdout
        for line in narrow.splitlines():
            assert not re.match(r"[»:;?!=](?:\s|$)", _inner(line)), (command, line)  # a sign never opens a line
            assert not _inner(line).endswith("«"), (command, line)  # nor a quote closes one
        # every command written in the answer comes whole on one line, with plain spaces (to be copied)
        wide = run(*command, "--preuves", env={"COLUMNS": "500"}).stdout
        for found in COMMAND_IN_TEXT.finditer(wide):
            written = found.group().strip()
            if len(written) < int(width) - 6:
                assert written in narrow, (command, written, width)


@pytest.mark.parametrize("width", range(40, 90, 3))
def test_a_number_stays_with_what_it_counts(run: Run, width: int) -> None:
    lines = [_inner(line) for line in run("sources", env={"COLUMNS": str(width)}).stdout.splitlines()]
    for line, following in itertools.pairwise(lines):
        counted = re.match(r"(?:DROM|régions|organisations|établissements)", following)
        assert not (re.search(r"\b(?:4|12|23|130)$", line) and counted), (line, following)
    assert "4\xa0DROM-COM" in "\n".join(lines)


@pytest.mark.parametrize("width", range(40, 90, 3))
def test_a_number_stays_with_the_quoted_word_it_counts(run: Run, width: int) -> None:
    """« 130 / « institutions » » at 80 columns in the 2008 events: the number and what it counts part."""
    lines = [_inner(line) for line in run("chronologie", "--annee", "2008", env={"COLUMNS": str(width)}).stdout.splitlines()]
    for line, following in itertools.pairwise(lines):
        assert not (re.search(r"\b130$", line) and following.startswith("«")), (line, following)
    assert "130\xa0«" in "\n".join(lines)


@pytest.mark.parametrize("width", range(36, 62, 2))
@pytest.mark.parametrize("query", ["salariés", "2016", "budget"])
def test_a_long_command_breaks_before_an_option_never_inside_one(run: Run, width: int, query: str) -> None:
    """« → sosinfo chiffres --indicateur / salaries » at 40 columns: the option left without its value."""
    lines = [line.rstrip() for line in run("recherche", query, env={"COLUMNS": str(width)}).stdout.splitlines()]
    assert any("→ sosinfo" in line for line in lines)
    assert not [line for line in lines if re.search(r"(?:^|\s)-{1,2}[a-z][\w-]*$", line)], lines
    assert not [line for line in lines if line.endswith("→ sosinfo")]
