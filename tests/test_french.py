"""What the libraries say reaches the user in French, whatever their version.

PyYAML, libyaml and Click word their errors in English, and the words change from one version to
the next (PyYAML 6.0.4 refuses deep nesting itself, in its own words). sosinfo reads the kind of
each error, never its wording; these tests drive every such path and also feed errors worded in
ways no version uses yet, so that a new release cannot bring English back.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from conftest import Run

from sosinfo.kb import yamlreader
from sosinfo.kb.loader import read_knowledge

# the French reasons the reader may give for a file it cannot parse
FRENCH_YAML = {french for _, french in yamlreader._YAML_PROBLEMS} | {"syntaxe YAML invalide"}
DEEP = f"imbrication trop profonde (plus de {yamlreader.MAX_DEPTH} niveaux)"
# words of the libraries' own messages and help; none may reach the user
ENGLISH = re.compile(
    r"\b(Usage|Error|Show|message|exit|default|required|env var|Install|completion for|Missing|"
    r"such|Got|unexpected|extra|requires|argument\b(?! )|invalid|valid|integer|range|choose|from|"
    r"exceeded|maximum|nesting|depth|expected|found|while|scanning|parsing|could not|did not)\b"
)


def yaml_message(data: Path, text: str) -> str:
    (data / "valeurs.yaml").write_text(text, encoding="utf-8")
    _, problems = read_knowledge(data)
    assert len(problems) == 1, problems
    return str(problems[0])


@pytest.mark.parametrize("depth", [yamlreader.MAX_DEPTH + 1, 999, 1_001, 20_000, 200_000])
@pytest.mark.parametrize("brackets", ["[]", "{}"])
def test_deep_flow_nesting_is_named_as_such_at_any_depth(data_copy: Path, depth: int, brackets: str) -> None:
    opening, closing = brackets
    inner = opening if opening == "[" else "{x: "
    text = "valeurs: " + inner * depth + "1" + closing * depth + "\n"
    assert yaml_message(data_copy, text) == f"valeurs.yaml, ligne 1 : {DEEP}"


def test_nesting_at_the_limit_is_not_too_deep(data_copy: Path) -> None:
    depth = yamlreader.MAX_DEPTH - 1  # the top-level mapping is one level already
    message = yaml_message(data_copy, "valeurs: " + "[" * depth + "]" * depth + "\n")
    assert DEEP not in message  # read, then refused by the schema for what it holds


def test_deep_block_nesting_is_named_as_such(data_copy: Path) -> None:
    lines = [" " * level + f"k{level}:" for level in range(200)]
    assert yaml_message(data_copy, "\n".join(lines) + " 1\n") == f"valeurs.yaml, ligne {yamlreader.MAX_DEPTH + 1} : {DEEP}"


def test_brackets_inside_quoted_text_are_not_nesting(data_copy: Path) -> None:
    """A malformed file whose quoted texts hold many brackets is malformed, not too deep."""
    quoted = '"' + "[" * 500 + '"'
    message = yaml_message(data_copy, "valeurs: [" + quoted + ", 'l''[[[[', {a: 1]\n")
    assert DEEP not in message and message.startswith("valeurs.yaml, ligne ")


MALFORMED = [
    "valeurs: [1, 2\n",
    "valeurs: {a: 1\n",
    'valeurs: "pas fermé\n',
    "valeurs:\n  - a\n - b\n",
    "valeurs:\n\t- a\n",
    "valeurs: @x\n",
    "valeurs: a: b\n",
    "valeurs\n  a\n",
    "valeurs: [a]\n  - b\n",
    'valeurs: "\\q"\n',
    "valeurs: 1\n--- \nautre: 2\n",
    "valeurs: !<tag:x> 1\n",
    "valeurs: %x\n",
    "- a\nvaleurs: b\n",
    "valeurs: [\n" * 3,
    "\ufeff\ufeffvaleurs: 1\n",
    "valeurs: |\n x\n  y\n z: 1\n",
    "? [a\n: b\n",
]


@pytest.mark.parametrize("text", MALFORMED)
def test_every_malformed_file_is_explained_in_french(data_copy: Path, text: str) -> None:
    message = yaml_message(data_copy, text)
    where, _, reason = message.partition(" : ")
    assert re.fullmatch(r"valeurs\.yaml(, ligne \d+)?", where), message
    assert not ENGLISH.search(reason), message
    if reason.startswith("YAML mal formé : "):
        assert reason.removeprefix("YAML mal formé : ") in FRENCH_YAML, message


@pytest.mark.parametrize("problem", ["exceeded some brand new limit", "", None, "unexpected thing while scanning"])
def test_a_parser_message_no_version_uses_yet_is_still_french(monkeypatch: pytest.MonkeyPatch, problem: str | None) -> None:
    """libyaml's next release words an error differently: the user still reads French, with the line."""
    mark = yaml.Mark("valeurs.yaml", 0, 2, 0, "", 0)

    class FutureLoader(yaml.SafeLoader):
        def get_event(self) -> Any:
            raise yaml.MarkedYAMLError(None, None, problem, mark)

    monkeypatch.setattr(yaml, "CSafeLoader", FutureLoader, raising=False)
    with pytest.raises(yamlreader.YamlFileError) as refused:
        yamlreader.parse_yaml(b"valeurs: [1]\n", "valeurs.yaml")
    assert str(refused.value.problem) == "valeurs.yaml, ligne 3 : YAML mal formé : syntaxe YAML invalide"


# --- the command line ------------------------------------------------------------------------------

USAGE = [
    (["gouv"], "Erreur : commande inconnue : « gouv »\nVouliez-vous dire « gouvernance » ?\nAide : sosinfo --help\n"),
    (
        ["budget"],
        "Erreur : commande inconnue : « budget »\nPour le chercher dans la base : sosinfo recherche budget\n"
        "Aide : sosinfo --help\n",
    ),
    (["faq", "7", "8"], "Erreur : argument en trop : 8\nAide : sosinfo faq --help\n"),
    (["faq", "7", "8", "9"], "Erreur : arguments en trop : 8 9\nAide : sosinfo faq --help\n"),
    (["faq", "--format"], "Erreur : l'option --format attend une valeur\nAide : sosinfo faq --help\n"),
    (["chiffres", "--annee"], "Erreur : l'option --annee attend une valeur\nAide : sosinfo chiffres --help\n"),
    (["chiffres", "--graphique=oui"], "Erreur : l'option --graphique ne prend pas de valeur\nAide : sosinfo chiffres --help\n"),
    (["--data-dir"], "Erreur : l'option --data-dir attend une valeur\nAide : sosinfo --help\n"),
    (["faq", "--bogus"], "Erreur : option inconnue : --bogus\nAide : sosinfo faq --help\n"),
    # the group's flags with a value, before or after the command (red team): not « attend une valeur »
    (["--no-pager=1", "faq", "7"], "Erreur : l'option --no-pager ne prend pas de valeur\nAide : sosinfo --help\n"),
    (["faq", "7", "--preuves=oui"], "Erreur : l'option --preuves ne prend pas de valeur\nAide : sosinfo --help\n"),
    (["faq", "7", "-p=1"], "Erreur : l'option -p ne prend pas de valeur\nAide : sosinfo --help\n"),
    # an unknown short option is named as typed, not by its first letter as Click reads it
    (["recherche", "-valeurs"], "Erreur : option inconnue : -valeurs\nAide : sosinfo recherche --help\n"),
    (["faq", "-x"], "Erreur : option inconnue : -x\nAide : sosinfo faq --help\n"),
    # « aide » of a command that does not exist: said, not the general help with exit code 0
    (
        ["aide", "inconnue"],
        "Erreur : commande inconnue : « inconnue »\nPour le chercher dans la base : sosinfo recherche inconnue\n"
        "Aide : sosinfo --help\n",
    ),
    (["-zz", "faq"], "Erreur : option inconnue : -zz\nAide : sosinfo --help\n"),
    (["faq", "--form"], "Erreur : option inconnue : --form\nVouliez-vous dire « --format » ?\nAide : sosinfo faq --help\n"),
    (["schema"], "Erreur : l'argument COMMANDE est obligatoire\nAide : sosinfo schema --help\n"),
    (
        ["recherche", "x", "-n", "0"],
        "Erreur : valeur invalide pour --limite : 0 est hors limites (de 1 à 100)\nAide : sosinfo recherche --help\n",
    ),
    (
        ["recherche", "x", "-n", "101"],
        "Erreur : valeur invalide pour --limite : 101 est hors limites (de 1 à 100)\nAide : sosinfo recherche --help\n",
    ),
    (
        ["recherche", "x", "-n", "dix"],
        "Erreur : valeur invalide pour --limite : « dix » n'est pas un nombre entier de 1 à 100\n"
        "Aide : sosinfo recherche --help\n",
    ),
    (
        ["chiffres", "--annee", "²⁰²²"],
        "Erreur : valeur invalide pour --annee : « ²⁰²² » n'est pas une année (par exemple 2016)\n"
        "Aide : sosinfo chiffres --help\n",
    ),
    (
        ["chiffres", "--annee", "--2016"],
        "Erreur : valeur invalide pour --annee : « --2016 » n'est pas une année (par exemple 2016)\n"
        "Aide : sosinfo chiffres --help\n",
    ),
    (
        ["-f", "yaml", "faq"],
        "Erreur : valeur invalide pour --format : « yaml » n'est pas un format : texte, json, markdown ou csv "
        "(text et md sont compris)\nAide : sosinfo faq --help\n",
    ),
]


@pytest.mark.parametrize(("argv", "expected"), USAGE, ids=[" ".join(argv) for argv, _ in USAGE])
def test_usage_errors_in_french(run: Run, argv: list[str], expected: str) -> None:
    done = run(*argv)
    assert (done.exit_code, done.stdout, done.stderr) == (2, "", expected)


def test_the_limit_of_results_is_accepted_at_both_ends(run: Run) -> None:
    assert run("recherche", "budget", "-n", "1", "-f", "json").exit_code == 0
    assert len(run("recherche", "budget", "-n", "1", "-f", "json").json()) == 1
    assert run("recherche", "budget", "-n", "100", "-f", "json").exit_code == 0


@pytest.mark.parametrize(
    "error",
    [
        click.UsageError("Some brand new English wording."),
        click.BadParameter("is not a valid thing in a new way"),
        click.BadOptionUsage("--format", "Option '--format' needs something now."),
        click.BadArgumentUsage("Argument 'x' takes 3 values."),
        click.NoSuchOption("--zz"),
        click.MissingParameter("Missing thing", param_type="option"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_a_click_error_worded_in_a_new_way_is_still_french(
    run: Run, monkeypatch: pytest.MonkeyPatch, error: click.UsageError
) -> None:
    """Click's next release words an error differently: its class is read, never its words."""
    from sosinfo.cli import commands

    def failing(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(commands.service, "respond", failing)
    done = run("contact")
    assert done.exit_code == 2 and done.stdout == ""
    first = done.stderr.splitlines()[0]
    assert first.startswith("Erreur : ") and not ENGLISH.search(first.removeprefix("Erreur : ")), done.stderr
    assert str(error.message) not in done.stderr and "Aide : sosinfo" in done.stderr


def help_pages(run: Run) -> list[str]:
    from typer.main import get_command

    from sosinfo.cli.commands import app

    group = get_command(app)
    assert isinstance(group, click.Group)
    return [run("--help").stdout] + [run(name, "--help").stdout for name in group.commands]


def test_every_help_page_is_french(run: Run) -> None:
    pages = help_pages(run)
    assert len(pages) > 15
    for page in pages:
        assert page.startswith("Utilisation : sosinfo"), page[:80]
        english = [m.group() for m in ENGLISH.finditer(page)]
        assert not english, (english, page)
        assert "Affiche cette aide et quitte." in page
        assert not re.search(r"\b(INTEGER|TEXT|PATH|FLOAT|BOOLEAN|DIRECTORY|FILENAME)\b", page), page
