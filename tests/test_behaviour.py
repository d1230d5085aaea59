"""What people expect of a command line: global options anywhere, a pager, direct access, French help."""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import Run

from sosinfo import pager


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "json", "faq", "7"],
        ["-f", "json", "faq", "7"],
        ["-fjson", "faq", "7"],
        ["--format=json", "faq", "7"],
        ["--no-pager", "-f", "json", "faq", "7"],
        ["faq", "7", "-f", "json"],
    ],
    ids=" ".join,
)
def test_global_options_before_or_after_the_command(run: Run, args: list[str]) -> None:
    done = run(*args)
    assert done.exit_code == 0, done.stderr
    assert done.json()["id"] == "faq:7"


def test_data_dir_before_the_command(run: Run, data_copy: Path) -> None:
    assert run("--data-dir", str(data_copy), "-f", "json", "faq", "7").json()["id"] == "faq:7"


def test_empty_data_dir_is_a_usage_error(run: Run) -> None:
    done = run("faq", "--data-dir", "")
    assert done.exit_code == 2 and "--data-dir" in done.stderr and "vide" in done.stderr


def test_verifier_names_its_argument(run: Run) -> None:
    done = run("verifier", "/nonexistent")
    assert done.exit_code == 2 and "argument DOSSIER" in done.stderr and "--data-dir" not in done.stderr


@pytest.mark.parametrize("year", ["0", "-5", "22", "30000", "deux-mille"])
@pytest.mark.parametrize("option", [["chiffres", "--annee"], ["chronologie", "--depuis"], ["chronologie", "-j"]])
def test_impossible_years_are_usage_errors(run: Run, option: list[str], year: str) -> None:
    done = run(*option, year) if not year.startswith("-") else run(*option, f"--={year}")
    if year.startswith("-"):  # « -5 » would be read as an option: written as the value of the option
        done = run(*option[:1], f"{option[1]}={year}")
    assert done.exit_code == 2, done.stderr
    assert "année" in done.stderr


def test_nearest_year_is_in_the_series(run: Run) -> None:
    done = run("chiffres", "-i", "salaries", "-a", "2019")
    assert done.exit_code == 1
    years = re.search(r"Années de cette série : ([\d, ]+)\.", done.stderr)
    assert years is not None
    nearest = re.search(r"La plus proche : (\d+)", done.stderr)
    assert nearest is not None and nearest.group(1) in years.group(1).split(", ")


def test_recents_shows_the_latest_value_of_each_indicator(run: Run) -> None:
    rows = run("chiffres", "--recents", "-f", "json").json()
    by_indicator: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_indicator.setdefault(str(row["indicateur"]), []).append(row)
    activity = by_indicator["indicateur:activite"]
    assert [row["annee"] for row in activity] == [2022] and activity[0]["valeur"] == 1367000000
    text = run("chiffres", "--recents").stdout
    assert text.startswith("Les derniers chiffres connus du Groupe SOS")


def test_conflict_legend_is_numbered_like_the_table(run: Run) -> None:
    text = run("chiffres", env={"COLUMNS": "120"}).stdout
    marks = set(re.findall(r"⚠(\d)", text.split("Les sources ne concordent pas")[0]))
    legend = re.findall(r"^⚠(\d) ", text.split("Les sources ne concordent pas")[1], re.MULTILINE)
    assert marks == set(legend) and legend == sorted(legend)


def test_deduced_dates_come_after_dated_events_of_their_year(run: Run) -> None:
    events = run("chronologie", "-f", "json").json()
    for a, b in itertools.pairwise(events):
        if a["annee"] == b["annee"]:
            assert not (a["precision"] == "deduite" and b["precision"] == "exacte"), (a["id"], b["id"])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["temoignages", "valet", "-f", "json"], lambda d: len(d) == 1 and "valet" in d[0]["personne"].lower()),
        (["secteurs", "jeunesse", "-f", "json"], lambda d: [s["id"] for s in d["secteurs"]] == ["secteur:jeunesse"]),
        (["faq", "budget", "-f", "json"], lambda d: d["id"] == "faq:4"),
        (["chronologie", "--annee", "2016", "-f", "json"], lambda d: d and all(e["annee"] == 2016 for e in d)),
        (["chronologie", "-d", "2000", "-j", "2010", "-f", "json"], lambda d: d and all(2000 <= e["annee"] <= 2010 for e in d)),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_direct_access(run: Run, args: list[str], expected: object) -> None:
    done = run(*args)
    assert done.exit_code == 0, done.stderr
    assert expected(done.json())  # type: ignore[operator]


@pytest.mark.parametrize("word", ["aide", "help"])
def test_aide_shows_the_help(run: Run, word: str) -> None:
    done = run(word)
    assert done.exit_code == 0 and done.stdout.startswith("Utilisation : sosinfo")
    assert run(word, "faq").stdout.startswith("Utilisation : sosinfo faq")


def test_a_prefix_gets_a_suggestion(run: Run) -> None:
    done = run("gouv")
    assert done.exit_code == 2 and "Vouliez-vous dire « gouvernance » ?" in done.stderr


def test_help_is_whole_and_french(run: Run) -> None:
    main = run("--help", env={"COLUMNS": "200"}).stdout
    assert not re.search(r"\w\.\.\.$", main, re.MULTILINE) and "Options :" in main and "Commandes :" in main
    assert "La gouvernance du groupe, en arbre, avec le rôle de chaque instance." in " ".join(main.split())
    assert not re.search(r"^\s*[:;?!»]", main, re.MULTILINE)
    for command in ["faq", "recherche", "verifier", "temoignages", "secteurs", "schema"]:
        text = run(command, "--help", env={"COLUMNS": "100"}).stdout
        assert not re.search(r"\b(TEXT|INTEGER|RANGE|PATH)\b|<=x<=", text), command
        arguments = text.split("Arguments :")[1].split("Options :")[0] if "Arguments :" in text else ""
        for line in arguments.strip().splitlines():
            if line.startswith("  ") and not line.startswith("   "):
                assert len(line.split(None, 1)) == 2, f"{command}: argument without help: {line}"


def test_recherche_type_completes_kinds(run: Run) -> None:
    env = {"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": "sosinfo recherche x -t te", "COMP_CWORD": "4"}
    done = run(env=env)
    assert "temoignage" in done.stdout


def test_chronologie_completes_years(run: Run) -> None:
    env = {"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": "sosinfo chronologie --depuis 19", "COMP_CWORD": "3"}
    assert "1957" in run(env=env).stdout


def test_pager_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOSINFO_PAGER", raising=False)
    monkeypatch.delenv("PAGER", raising=False)
    assert pager.pager_command() == ["less", "-FRX"]
    monkeypatch.setenv("PAGER", "more")
    assert pager.pager_command() == ["more"]
    monkeypatch.setenv("SOSINFO_PAGER", "most -s")
    assert pager.pager_command() == ["most", "-s"]
    monkeypatch.setenv("SOSINFO_PAGER", "")
    assert pager.pager_command() is None


def test_never_a_pager_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert pager.page("texte") is False


def test_pager_runs_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "paged.txt"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("SOSINFO_PAGER", f"{sys.executable} -c \"import sys; open({str(out)!r}, 'w').write(sys.stdin.read())\"")
    assert pager.page("les chiffres\n") is True
    assert out.read_text() == "les chiffres\n"


class _Latin1Terminal(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


def test_the_pager_gets_the_stand_ins_of_a_non_utf8_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a Latin-1 terminal, « 15 000 € » reaches the pager as stdout writes it (see entry._safe_encodings):
    the thin space a plain one, the euro « EUR », « é » itself; never « ? »."""
    out = tmp_path / "paged.bin"
    monkeypatch.setattr(sys, "stdout", _Latin1Terminal(io.BytesIO(), encoding="latin-1"))
    copy = f"import sys; open({str(out)!r}, 'wb').write(sys.stdin.buffer.read())"
    monkeypatch.setenv("SOSINFO_PAGER", f'{sys.executable} -c "{copy}"')
    monkeypatch.delenv("LESSCHARSET", raising=False)
    assert pager.page("Salariés\u202f: 15\u202f000 — 800\u00a0M€\n") is True
    assert out.read_bytes() == "Salariés : 15 000 - 800\u00a0MEUR\n".encode("latin-1")  # Latin-1 has the no-break space


@pytest.mark.parametrize("term", ["dumb", "unknown", ""])
def test_no_pager_on_a_terminal_that_cannot_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, term: str) -> None:
    out = tmp_path / "paged.txt"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("TERM", term)
    monkeypatch.setenv("SOSINFO_PAGER", f"{sys.executable} -c \"import sys; open({str(out)!r}, 'w').write(sys.stdin.read())\"")
    assert pager.page("ligne\n" * 400) is False and not out.exists()


def test_an_answer_that_fits_on_the_screen_is_not_paged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "paged.txt"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys.stdout, "fileno", lambda: 1, raising=False)
    monkeypatch.setattr(pager.os, "get_terminal_size", lambda _fd: os.terminal_size((80, 24)))
    monkeypatch.setenv("SOSINFO_PAGER", f"{sys.executable} -c \"import sys; open({str(out)!r}, 'w').write(sys.stdin.read())\"")
    assert pager.page("ligne\n" * 10) is False and not out.exists()
    assert pager.page("ligne\n" * 40) is True and out.read_text() == "ligne\n" * 40


# --- « --preuves »: each statement's passage, on demand, in text -----------------------------------


def test_proofs_list_each_statement_with_its_passage(run: Run) -> None:
    plain = run("faq", "7")
    proved = run("faq", "7", "--preuves")
    assert plain.exit_code == proved.exit_code == 0
    assert "Passages" not in plain.stdout
    assert proved.stdout.startswith(plain.stdout)  # the answer itself is unchanged, the passages follow
    added = proved.stdout[len(plain.stdout) :].replace("\u202f", " ").split()
    assert " ".join(added).startswith("Passages : où chaque énoncé se trouve dans sa source")
    assert "• Une nécessité historique — faq-13-questions, Question 7 (le patrimoine immobilier), 1er paragraphe" in " ".join(
        added
    )
    assert "Question 4 (le budget), 1er paragraphe" not in " ".join(added)  # FAQ 4 is only linked, not shown


@pytest.mark.parametrize("where", ["before", "after"])
def test_proofs_before_or_after_the_command(run: Run, where: str) -> None:
    arguments = ["--preuves", "chiffres", "-a", "2016"] if where == "before" else ["chiffres", "-a", "2016", "-p"]
    shown = " ".join(run(*arguments, env={"COLUMNS": "200"}).stdout.replace("\u202f", " ").split())
    assert "• Salariés : 15 000 (2016) — up-conferences, Biographie" in shown


def test_proofs_say_so_when_nothing_is_located(run: Run) -> None:
    shown = run("sources", "--preuves").stdout
    assert shown.rstrip().endswith("Cette réponse ne cite aucun passage de source.")


def test_proofs_of_a_search_list_each_hit_with_its_passages(run: Run) -> None:
    """``recherche --preuves``: each hit's passages, the parts named by their titles as in every other answer."""
    plain = run("recherche", "budget", "-n", "2", env={"COLUMNS": "200"})
    proved = run("recherche", "budget", "-n", "2", "--preuves", env={"COLUMNS": "200"})
    assert plain.exit_code == proved.exit_code == 0
    assert proved.stdout.startswith(plain.stdout)
    assert proved.stdout[len(plain.stdout) :] == (
        "\n"
        "Passages\u202f: où chaque énoncé se trouve dans sa source\n"
        "• Volume d'activité\u202f: 1,367\u202fMd€ (2022, faq-13-questions) — faq-13-questions, Question\xa04 (le budget),"
        " 1er paragraphe\n"
        "• Volume d'activité\u202f: 800\u202fM€ (2016, up-conferences) — up-conferences, "
        "Biographie «\u202fJean-Marc Borello, Président du GROUPE SOS\u202f», 2e paragraphe\n"
    )


def test_proofs_leave_json_and_a_verification_report_as_they_are(run: Run) -> None:
    """A report cites no source: ``--preuves`` adds nothing to it (the help says so); JSON never changes."""
    assert run("verifier", "--preuves").stdout == run("verifier").stdout
    assert run("recherche", "budget", "-f", "json", "-p").stdout == run("recherche", "budget", "-f", "json").stdout
    assert "sans objet pour verifier, schema et explorer" in " ".join(run("verifier", "--help").stdout.split())


@pytest.mark.parametrize("command", [["recherche", "budget"], ["verifier"], ["faq", "7"]])
def test_every_command_pages_unless_told_not_to(run: Run, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    """The same options for every command: a long answer goes to the pager, ``--no-pager`` (before or after) keeps it out."""
    paged: list[str] = []
    monkeypatch.setattr(pager, "page", lambda text: paged.append(text) or True)
    shown = run(*command)
    assert shown.exit_code == 0 and shown.stdout == "" and len(paged) == 1 and paged[0].strip()
    for where in (["--no-pager", *command], [*command, "--no-pager"]):
        unpaged = run(*where)
        assert unpaged.exit_code == 0 and unpaged.stdout == paged[0]
    assert len(paged) == 1


@pytest.mark.parametrize("command", ["recherche", "faq", "verifier", "temoignages"])
def test_arguments_are_listed_once_in_french(run: Run, command: str) -> None:
    shown = run(command, "--help").stdout
    assert shown.count("Arguments :") == 1 and "Positional" not in shown


@pytest.mark.parametrize("width", ["30", "40", "60"])
def test_a_narrow_chart_keeps_every_value_whole(run: Run, width: str) -> None:
    shown = run("chiffres", "-i", "activite", "-g", env={"COLUMNS": width}).stdout.replace("\u202f", " ").replace("\xa0", " ")
    assert "…" not in shown
    for value in ("120 M€", "800 M€ ⚠1", "1,367 Md€", "700 M€ ⚠1"):
        assert value in shown


def test_a_value_out_of_range_is_said_in_french(run: Run) -> None:
    done = run("recherche", "budget", "-n", "500")
    assert done.exit_code == 2
    assert done.stderr.startswith("Erreur : valeur invalide pour --limite : 500 est hors limites (de 1 à 100)")
    assert "<=" not in done.stderr


@pytest.mark.parametrize(("shell", "written"), [("bash", ".bash_completions/sosinfo.sh"), ("zsh", ".zfunc/_sosinfo")])
def test_completion_installs_for_the_shell_named(run: Run, tmp_path: Path, shell: str, written: str) -> None:
    done = run("--install-completion", shell, env={"HOME": str(tmp_path), "SHELL": "/bin/sh"})
    assert done.exit_code == 0, done.stderr
    assert done.stderr.startswith(f"Complétion {shell} installée dans {tmp_path / written}.")
    assert (tmp_path / written).is_file() and "installed" not in done.stderr


def test_completion_refuses_an_unknown_shell(run: Run, tmp_path: Path) -> None:
    done = run("--install-completion", "tcsh", env={"HOME": str(tmp_path)})
    assert done.exit_code == 2 and done.stderr.startswith("Erreur : shell inconnu : « tcsh »")
    assert not any(tmp_path.iterdir())


def test_completion_script_for_a_named_shell(run: Run) -> None:
    done = run("--show-completion", "fish")
    assert done.exit_code == 0 and done.stdout.startswith("complete --command sosinfo")


@pytest.mark.parametrize(
    ("args", "query"),
    [
        (["recherche", "budget", "--", "-p"], "budget -p"),
        (["recherche", "budget", "-p", "--", "-p"], "budget -p"),
    ],
    ids=["-p", "-p both sides"],
)
def test_after_a_double_dash_every_word_is_the_question(run: Run, args: list[str], query: str) -> None:
    """« -- » ends the options: a word after it that looks like a general flag is searched, not obeyed."""
    done = run("--format", "markdown", *args)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith(f"# Recherche : {query}\n")


def test_a_general_option_at_the_end_of_the_line_keeps_its_value(run: Run) -> None:
    assert run("faq", "7", "-f", "json").json()["id"] == "faq:7"
    assert run("-f", "json", "faq").exit_code == 0


@pytest.mark.parametrize("where", ["before", "after"])
def test_the_data_dir_is_the_one_used_wherever_it_is_typed(run: Run, data_copy: Path, where: str) -> None:
    contact = data_copy / "contact.yaml"
    contact.write_text(contact.read_text(encoding="utf-8").replace("01 58 30 55 55", "01 02 03 04 05"), encoding="utf-8")
    args = ["--data-dir", str(data_copy), "contact"] if where == "before" else ["contact", "--data-dir", str(data_copy)]
    done = run(*args)
    assert done.exit_code == 0 and "01 02 03 04 05" in done.stdout


# --- a newcomer's first steps: options without a command, a word for a command, the wrong folder --------


@pytest.mark.parametrize(
    "args", [["-f", "json"], ["--no-pager"], ["--format=json", "--preuves"], ["--data-dir", "x"]], ids=" ".join
)
def test_options_without_a_command_are_said_in_french(run: Run, args: list[str]) -> None:
    done = run(*args)
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr.startswith("Erreur : commande manquante") and "Missing" not in done.stderr
    assert "sosinfo -f json faq 7" in done.stderr


def test_an_eager_option_needs_no_command(run: Run) -> None:
    """The boundary: --version and --help stand alone, whatever comes with them."""
    assert run("-f", "json", "--version").exit_code == 0
    assert run("-f", "json", "--help").stdout.startswith("Utilisation : sosinfo")


@pytest.mark.parametrize(
    ("args", "search"),
    [
        (["budget"], "sosinfo recherche budget"),
        (["combien", "de", "salariés"], 'sosinfo recherche "combien de salariés"'),
        (["l'emploi", "$HOME"], 'sosinfo recherche "l\'emploi HOME"'),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_a_word_for_a_command_suggests_the_search(run: Run, args: list[str], search: str) -> None:
    done = run(*args)
    assert done.exit_code == 2
    assert f"commande inconnue : « {args[0]} »" in done.stderr
    assert f"Pour le chercher dans la base : {search}\n" in done.stderr


def test_a_near_command_is_suggested_instead_of_the_search(run: Run) -> None:
    done = run("chifres")
    assert "Vouliez-vous dire « chiffres » ?" in done.stderr and "recherche" not in done.stderr


@pytest.mark.parametrize("output_format", ["json", "texte"])
def test_schema_takes_the_format_option(run: Run, output_format: str) -> None:
    plain = run("schema", "faq")
    done = run("schema", "faq", "-f", output_format)
    assert done.exit_code == 0 and done.stdout == plain.stdout
    assert run("-f", output_format, "schema", "faq").stdout == plain.stdout


def test_schema_in_markdown_is_a_code_block(run: Run) -> None:
    from markdown_it import MarkdownIt

    done = run("schema", "chiffres", "--format", "markdown")
    assert done.exit_code == 0
    tokens = MarkdownIt().parse(done.stdout)
    fences = [t for t in tokens if t.type == "fence"]
    assert len(fences) == 1 and fences[0].info == "json"
    assert json.loads(fences[0].content) == json.loads(run("schema", "chiffres").stdout)
    assert tokens[0].type == "heading_open"


@pytest.mark.parametrize(
    "args", [["explorer", "-f", "json"], ["-f", "json", "explorer"], ["explorer", "--format=markdown"]], ids=" ".join
)
def test_explorer_refuses_a_format_in_french(run: Run, args: list[str]) -> None:
    done = run(*args)
    assert done.exit_code == 2 and done.stdout == ""
    assert "interactif : --format ne s'y applique pas" in done.stderr and "sosinfo export --format json" in done.stderr


def test_a_folder_without_any_data_file_says_what_is_expected(run: Run, tmp_path: Path) -> None:
    done = run("faq", "--data-dir", str(tmp_path))
    assert done.exit_code == 1
    assert done.stderr.count("\n") == 3  # one message, not fourteen
    assert f"le dossier {tmp_path} ne contient aucun fichier d'une base sosinfo" in done.stderr
    assert "sources.yaml, faq.yaml, chiffres.yaml" in done.stderr
    assert f"Pour voir ce qui manque : sosinfo verifier {tmp_path}" in done.stderr


def test_a_folder_with_one_data_file_lists_what_is_missing(run: Run, tmp_path: Path, data_copy: Path) -> None:
    """The boundary: one file present, it is a (broken) base, and its problems are listed."""
    (tmp_path / "sources.yaml").write_bytes((data_copy / "sources.yaml").read_bytes())
    done = run("faq", "--data-dir", str(tmp_path))
    assert done.exit_code == 1
    assert "Base de connaissances invalide" in done.stderr or "base de connaissances invalide" in done.stderr
    assert "faq.yaml : lecture impossible (fichier manquant)" in done.stderr


# --- « --couleur auto|toujours|jamais », beside NO_COLOR and FORCE_COLOR --------------------------------

ESCAPE = "\x1b["


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ([], {}, False),  # a pipe: no colour
        (["--couleur", "toujours"], {}, True),
        (["--couleur=always"], {}, True),
        (["--couleur", "toujours"], {"NO_COLOR": "1"}, True),  # the option wins over the environment
        (["--couleur", "toujours"], {"TERM": "dumb"}, True),
        ([], {"FORCE_COLOR": "1"}, True),
        (["--couleur", "jamais"], {"FORCE_COLOR": "1"}, False),
        (["--couleur", "auto"], {"FORCE_COLOR": "1"}, True),
        (["--couleur", "never"], {"FORCE_COLOR": "1"}, False),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else (",".join(v) if isinstance(v, dict) else str(v)),
)
def test_colour_option_and_environment(run: Run, args: list[str], env: dict[str, str], coloured: bool) -> None:
    environment = {"NO_COLOR": "", "TERM": "xterm-256color"} | env
    for placed in ([*args, "faq", "7"], ["faq", "7", *args]):  # before or after the command
        done = run(*placed, env=environment)
        assert done.exit_code == 0, done.stderr
        assert (ESCAPE in done.stdout) is coloured, placed


def test_colour_on_a_terminal_follows_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from sosinfo.render import Colour, settings_for

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert settings_for(Terminal()).terminal is True
    assert settings_for(Terminal(), Colour.jamais).terminal is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert settings_for(Terminal()).terminal is False
    assert settings_for(Terminal(), Colour.toujours).terminal is True
    monkeypatch.setenv("NO_COLOR", "")
    monkeypatch.setenv("TERM", "dumb")
    assert settings_for(Terminal()).terminal is False


def test_a_wrong_colour_choice_is_said_in_french(run: Run) -> None:
    done = run("faq", "--couleur", "bleu")
    assert done.exit_code == 2 and "« bleu » n'est pas un choix de couleurs : auto, toujours ou jamais" in done.stderr
    assert "toujours ou jamais" in run("faq", "7", "--couleur").stderr


def test_coloured_and_plain_answers_are_cached_apart(run: Run) -> None:
    cached = {"SOSINFO_OUTPUT_CACHE": "1", "NO_COLOR": ""}
    plain = run("faq", "7", env=cached).stdout
    coloured = run("faq", "7", "--couleur", "toujours", env=cached).stdout
    assert ESCAPE not in plain and ESCAPE in coloured
    assert ESCAPE not in run("faq", "7", env=cached).stdout
