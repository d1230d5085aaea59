"""Every command, in every format, and every error path with its exit code and French message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Run

COMMANDS = [
    ["faq"],
    ["faq", "7"],
    ["chiffres"],
    ["chiffres", "--annee", "2022"],
    ["chiffres", "--indicateur", "salaries", "--graphique"],
    ["gouvernance"],
    ["valeurs"],
    ["temoignages"],
    ["fondateur"],
    ["chronologie"],
    ["chronologie", "--depuis", "2000", "--jusqua", "2010"],
    ["secteurs"],
    ["plaidoyers"],
    ["contact"],
    ["approche"],
    ["sources"],
    ["sources", "--conflits"],
    ["export"],
    ["recherche", "patrimoine immobilier"],
]
ANSI = re.compile(r"\x1b\[")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("output_format", ["texte", "json", "markdown"])
def test_every_command_in_every_format(run: Run, command: list[str], output_format: str) -> None:
    done = run(*command, "--format", output_format)
    assert done.exit_code == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.strip()
    assert not ANSI.search(done.stdout)
    if output_format == "json":
        done.json()
    if output_format == "markdown":
        assert done.stdout.startswith("# ")


def test_faq_list_json(run: Run) -> None:
    entries = run("faq", "-f", "json").json()
    assert [e["numero"] for e in entries] == list(range(1, 14))
    assert set(entries[0]) == {"id", "type", "numero", "question", "sous_questions"}
    assert entries[3]["sous_questions"][0] == "Le Groupe SOS est-il à l'équilibre ?"
    assert entries[6]["id"] == "faq:7"


def test_faq_answer_json(run: Run) -> None:
    entry = run("faq", "7", "--format", "json").json()
    assert {"numero", "question", "sous_questions", "reponse", "voir_aussi", "sources"} <= set(entry)
    assert entry["id"] == "faq:7" and entry["numero"] == 7
    assert entry["voir_aussi"] == ["faq:4", "faq:3"]  # references are record ids
    assert entry["sources"] == ["source:faq-13-questions"]
    assert any(block["titre"] == "Le manque de foncier fragilise les associations" for block in entry["reponse"])


def test_figures_json_for_2022(run: Run) -> None:
    rows = run("chiffres", "--annee", "2022", "--format", "json").json()
    activity = next(r for r in rows if r["indicateur"] == "indicateur:activite")
    assert activity == activity | {
        "id": "chiffre:activite-2022",
        "type": "chiffre",
        "valeur": 1367000000,
        "unite": "EUR",
        "devise": "EUR",
        "approximation": None,
        "annee": 2022,
        "precision": "exacte",
        "sources": ["source:faq-13-questions"],
        "terme_source": "chiffre d'activité",
    }
    assert {"indicateur", "libelle", "valeur", "unite", "annee", "precision", "sources", "terme_source"} <= set(activity)
    assert all(r["annee"] == 2022 for r in rows)


def test_one_series_over_the_years(run: Run) -> None:
    rows = run("chiffres", "--indicateur", "budget", "--format", "json").json()
    assert {r["valeur"] for r in rows} == {120000000, 700000000, 800000000, 1367000000}
    assert [r["annee"] for r in rows] == [2008, 2016, 2022, None]


def test_governance_json_is_a_tree(run: Run) -> None:
    root = run("gouvernance", "--format", "json").json()
    assert {"nom", "role", "enfants"} <= set(root)
    union = next(c for c in root["enfants"] if c["nom"] == "Union Groupe SOS")
    management = next(c for c in union["enfants"] if c["nom"] == "Management salarié collégial")
    directoire = next(c for c in management["enfants"] if c["nom"] == "Directoire")
    assert directoire["effectif"] == 10 and directoire["id"] == "gouvernance:directoire"


@pytest.mark.parametrize(
    ("command", "kind", "count"),
    [
        (["valeurs"], "valeur", 3),
        (["temoignages"], "temoignage", 5),
        (["approche"], "approche", 6),
        (["sources"], "source", 5),
    ],
)
def test_lists_carry_typed_ids(run: Run, command: list[str], kind: str, count: int) -> None:
    entries = run(*command, "--format", "json").json()
    assert len(entries) == count
    assert all(e["type"] == kind and e["id"].startswith(kind + ":") for e in entries)


@pytest.mark.parametrize(("command", "kind"), [(["fondateur"], "personne"), (["contact"], "contact"), (["faq", "7"], "faq")])
def test_one_record_is_an_object(run: Run, command: list[str], kind: str) -> None:
    record = run(*command, "--format", "json").json()
    assert isinstance(record, dict) and record["type"] == kind and record["id"].startswith(kind + ":")


def test_values_link_their_testimonials(run: Run) -> None:
    values = {v["id"]: v for v in run("valeurs", "--format", "json").json()}
    assert "temoignage:salami" in values["valeur:fierte-egalite"]["temoignages"]


def test_conflicts_side_by_side(run: Run) -> None:
    conflicts = {c["id"]: c for c in run("sources", "--conflits", "--format", "json").json()}
    assert len(conflicts) >= 10
    positions = conflicts["conflit:chiffre-affaires"]["positions"]
    assert [p["chiffre"] for p in positions] == ["chiffre:activite-up-encadre", "chiffre:activite-2016"]  # references are ids
    text = run("sources", "--conflits").stdout.replace("\xa0", " ")  # a label stays with its number: « de 2016 »
    assert "⚠1 Chiffre d'affaires autour de 2016" in text and "apartisane" in text


def test_timeline_is_ordered_and_filtered(run: Run) -> None:
    events = run("chronologie", "--depuis", "1980", "--jusqua", "1999", "--format", "json").json()
    years = [e["annee"] for e in events]
    assert years == sorted(years) and years[0] == 1981 and years[-1] == 1997


def test_export_json_holds_everything(run: Run) -> None:
    document = run("export", "--format", "json").json()
    assert len(document["faq"]) == 13 and len(document["chiffres"]) >= 45 and len(document["conflits"]) >= 10
    markdown = run("export").stdout
    assert markdown.count("\n## ") >= 13 and "## 7. Pourquoi le Groupe SOS" in markdown


def test_markdown_is_pasteable(run: Run) -> None:
    text = run("faq", "7", "--format", "markdown").stdout.replace("\xa0", " ")
    assert text.startswith("# 7. Pourquoi le Groupe SOS dispose-t-il d'un «\u202fpatrimoine immobilier\u202f»\u202f?\n")
    assert "\n## Le manque de foncier fragilise les associations\n" in text
    assert text.rstrip().endswith("*Sources : 13 questions sur le Groupe SOS (Groupe SOS, vers 2023)*")


def test_money_in_french_style(run: Run) -> None:
    text = run("chiffres", "--indicateur", "activite").stdout
    # a thin non-breaking space joins a number and its unit: no line starts with « M€ »
    assert "1,367\u202fMd€" in text and "800\u202fM€" in text and "700\u202fM€" in text and "120\u202fM€" in text


def test_data_dir_serves_another_base(run: Run, data_copy: Path) -> None:
    path = data_copy / "chiffres.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("valeur: 1367000000", "valeur: 1500000000"), encoding="utf-8")
    rows = run("chiffres", "--annee", "2022", "--format", "json", "--data-dir", str(data_copy)).json()
    assert any(r["valeur"] == 1500000000 for r in rows)
    rows = run("chiffres", "--annee", "2022", "--format", "json", env={"SOSINFO_DATA": str(data_copy)}).json()
    assert any(r["valeur"] == 1500000000 for r in rows)


# --- errors: exit codes and messages -------------------------------------------------------------


def test_faq_out_of_range(run: Run) -> None:
    done = run("faq", "14")
    assert done.exit_code == 1 and done.stdout == ""
    assert done.stderr == (
        "Erreur : il n'y a pas de question n° 14 : la FAQ compte 13 questions, numérotées de 1 à 13.\n"
        "« sosinfo faq » les liste toutes.\n"
    )


def test_faq_by_words(run: Run) -> None:
    assert run("faq", "budget", "-f", "json").json()["id"] == "faq:4"
    done = run("faq", "sept")
    assert done.exit_code == 1
    assert done.stderr.startswith("Erreur : aucune question de la FAQ ne parle de « sept ».\n")
    assert 'sosinfo recherche "sept"' in done.stderr


def test_unknown_year_lists_years_and_nearest(run: Run) -> None:
    done = run("chiffres", "--annee", "2019")
    assert done.exit_code == 1
    assert done.stderr == (
        "Erreur : les sources ne donnent aucun chiffre pour l'année 2019.\n"
        "Années disponibles : 2008, 2016, 2021, 2022, 2023, 2025. La plus proche : 2021.\n"
    )


def test_unknown_indicator_suggests(run: Run) -> None:
    done = run("chiffres", "--indicateur", "salari")
    assert done.exit_code == 1 and done.stdout == ""  # a name the base does not hold: nothing found
    assert done.stderr.startswith("Erreur : indicateur inconnu : « salari ».\nVouliez-vous dire « salaries » ?\n")


def test_unknown_command_suggests(run: Run) -> None:
    done = run("chifres")
    assert done.exit_code == 2
    assert done.stderr == "Erreur : commande inconnue : « chifres »\nVouliez-vous dire « chiffres » ?\nAide : sosinfo --help\n"


def test_unknown_option_suggests(run: Run) -> None:
    done = run("faq", "--formt", "json")
    assert done.exit_code == 2
    assert "option inconnue : --formt" in done.stderr and "« --format »" in done.stderr


def test_bad_format(run: Run) -> None:
    done = run("faq", "--format", "xml")
    assert done.exit_code == 2 and "« xml » n'est pas un format : texte, json, markdown ou csv" in done.stderr


@pytest.mark.parametrize(("alias", "start"), [("text", "Les questions"), ("md", "# Les questions"), ("JSON", "[")])
def test_format_aliases(run: Run, alias: str, start: str) -> None:
    assert run("faq", "-f", alias).stdout.startswith(start)


def test_chart_needs_a_series(run: Run) -> None:
    done = run("chiffres", "--graphique")
    assert done.exit_code == 2 and "--indicateur" in done.stderr


def test_timeline_bounds(run: Run) -> None:
    assert run("chronologie", "--depuis", "2020", "--jusqua", "2010").exit_code == 2
    done = run("chronologie", "--depuis", "2030")
    assert done.exit_code == 1 and "La chronologie va de 1957 à 2025." in done.stderr


def test_help_is_french(run: Run) -> None:
    done = run("--help")
    assert done.exit_code == 0
    assert done.stdout.startswith("Utilisation : sosinfo [OPTIONS] COMMANDE [ARGUMENTS]...")
    assert "Commandes :" in done.stdout and "Options :" in done.stdout and "Affiche cette aide et quitte." in done.stdout
    sub = run("chiffres", "--help").stdout
    assert "sosinfo chiffres --annee 2022" in sub and "--annee AAAA" in sub
    assert "INTEGER" not in sub and "TEXT" not in sub


def test_version(run: Run) -> None:
    import sosinfo
    from sosinfo import app
    from sosinfo.contract import VERSION

    entries = sum(app.record_counts(app.load(None)).values())
    done = run("--version")
    assert done.exit_code == 0 and done.stderr == ""
    assert done.stdout.splitlines() == [
        f"sosinfo {sosinfo.__version__}",
        f"Contrat JSON\u202f: version\xa0{VERSION}",
        f"Base de connaissances\u202f: la base intégrée, {entries}\xa0entrées",
        "Source la plus récente\u202f: «\u202fLes valeurs du Groupe SOS\u202f» (vers octobre\xa02025, valeurs)",
    ]
    assert run("faq", "7", "-V").stdout == run("-V").stdout == done.stdout  # a general flag, wherever it is typed


def test_version_describes_the_base_in_use(run: Run, data_copy: Path) -> None:
    advocacy = data_copy / "plaidoyers.yaml"
    lines = advocacy.read_text(encoding="utf-8").splitlines(keepends=True)
    added = [line.replace("{id: fas, sigle: FAS", "{id: autre, sigle: AUTRE") for line in lines if "{id: fas," in line]
    advocacy.write_text("".join(lines + added), encoding="utf-8")  # one federation more
    done = run("--version", "--data-dir", str(data_copy))
    assert done.exit_code == 0, done.stderr
    from sosinfo import app

    entries = sum(app.record_counts(app.load(None)).values())
    assert f"Base de connaissances\u202f: la base de {data_copy}, {entries + 1}\xa0entrées" in done.stdout.splitlines()
    broken = run("--version", "--data-dir", str(data_copy / "absent"))
    assert broken.exit_code == 2 and "dossier de connaissances introuvable" in broken.stderr


@pytest.mark.parametrize("arguments", [["--data-dir", "/tmp", "schema", "faq"], ["schema", "faq", "--data-dir=/tmp"]])
def test_a_global_option_on_a_command_without_it_names_the_command(run: Run, arguments: list[str]) -> None:
    """« option inconnue : --data-dir » read as a typo of an option that every other command takes."""
    done = run(*arguments)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == "Erreur : « sosinfo schema » ne prend pas l'option --data-dir\nAide : sosinfo schema --help\n"


def test_options_without_a_command_are_refused_in_french(run: Run) -> None:
    done = run("-f", "json")
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr == (
        "Erreur : commande manquante : les options s'écrivent avec une commande\n"
        "Par exemple : sosinfo -f json faq 7\nLa liste des commandes : sosinfo aide\n"
    )


def test_no_arguments_shows_help(run: Run) -> None:
    done = run()
    assert done.exit_code in (0, 2)
    assert "Utilisation : sosinfo" in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("year", "usage_error"),
    [("999", True), ("1000", False), ("1800", False), ("9999", False), ("10000", True), ("000002016", False)],
)
@pytest.mark.parametrize("command", ["chiffres", "chronologie"])
def test_years_are_accepted_up_to_both_bounds(run: Run, year: str, usage_error: bool, command: str) -> None:
    """A year the base does not know is « rien trouvé » (code 1, ``[]`` in JSON), as the README says; a
    number that is no year is a usage error (code 2, nothing on stdout)."""
    done = run(command, "--annee", year, "-f", "json")
    assert (done.exit_code, done.stdout) == ((2, "") if usage_error else (0 if year.endswith("2016") else 1, done.stdout))
    assert ("n'est pas une année (de 1000 à 9999" in done.stderr) is usage_error
    if not usage_error and not year.endswith("2016"):
        assert done.stdout == "[]\n"


@pytest.mark.parametrize(
    ("digits", "number"),
    [("1" * 9, 111_111_111), ("1" * 10, None), ("0" * 20 + "1" * 9, 111_111_111), ("-1", None), ("", None), ("²", None)],
)
def test_a_number_may_have_so_many_digits_and_no_more(digits: str, number: int | None) -> None:
    from sosinfo.text import whole_number

    assert whole_number(digits, max_digits=9) == number


@pytest.mark.parametrize(
    ("since", "until", "refused"), [("2017", "2016", True), ("2016", "2016", False), ("2016", "2017", False)]
)
def test_a_reversed_range_of_years_is_refused(run: Run, since: str, until: str, refused: bool) -> None:
    done = run("chronologie", "--depuis", since, "--jusqua", until)
    assert (done.exit_code == 2 and "est après" in done.stderr) is refused, done.stderr


# --- what a newcomer reads: no empty part, counts that count, one mark per conflict, sources to find -----


def _markdown_sections(text: str) -> list[tuple[str, list[str]]]:
    """(heading, the block types under it until the next heading), read by a Markdown parser."""
    from markdown_it import MarkdownIt

    sections: list[tuple[str, list[str]]] = []
    tokens = MarkdownIt().enable("table").parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            sections.append((tokens[index + 1].content, []))
        elif sections and token.type in ("paragraph_open", "table_open", "bullet_list_open", "ordered_list_open", "fence"):
            sections[-1][1].append(token.type)
        elif sections and token.type == "tbody_open":
            sections[-1][1].append("tbody")
    return sections


def test_one_trade_shows_no_empty_part_in_any_format(run: Run) -> None:
    text = run("secteurs", "jeunesse", env={"COLUMNS": "120"}).stdout.replace("\xa0", " ")
    assert "Domaine" not in text and "Les découpages" not in text  # no table header without rows, no bare heading
    assert "Classements : aucun ne concerne ce métier dans la FAQ." in text.replace("\u202f", " ")
    assert text.startswith("L'association-fondatrice (métier)\n") and "Les 8" not in text
    markdown = run("secteurs", "jeunesse", "--format", "markdown").stdout
    for heading, blocks in _markdown_sections(markdown)[1:]:
        assert blocks, f"« {heading} » has nothing under it"
        assert "table_open" not in blocks or "tbody" in blocks, f"« {heading} » has a table without rows"
    assert "aucun ne concerne ce métier" in markdown
    data = run("secteurs", "jeunesse", "--format", "json").json()
    assert len(data["secteurs"]) == 1 and data["classements"] == []  # JSON keeps its shape: an empty list says « aucun »


def test_all_trades_title_counts_them(run: Run) -> None:
    """The boundary: the whole list, with its rankings and its count taken from the base."""
    data = run("secteurs", "--format", "json").json()
    text = run("secteurs", env={"COLUMNS": "120"}).stdout.replace("\xa0", " ")
    assert f"Les {len(data['secteurs'])} associations-fondatrices (métiers)" in text
    assert f"Les {len(data['formes_activite'])} formes d'activité" in text
    assert "Domaine" in text and "aucun ne concerne" not in text
    markdown = run("secteurs", "--format", "markdown").stdout
    assert f"## Les {len(data['secteurs'])} associations-fondatrices (métiers)" in markdown


def test_a_conflict_has_one_mark_in_every_answer(run: Run) -> None:
    order = [c["id"] for c in run("sources", "--conflits", "--format", "json").json()]
    mark = f"⚠{order.index('conflit:salaries') + 1}"
    outputs = {
        "chiffres": run("chiffres", env={"COLUMNS": "200"}).stdout,
        "recents": run("chiffres", "--recents", env={"COLUMNS": "200"}).stdout,
        "serie": run("chiffres", "-i", "salaries", env={"COLUMNS": "200"}).stdout,
        "annee": run("chiffres", "-a", "2016", env={"COLUMNS": "200"}).stdout,
        "markdown": run("chiffres", "-i", "salaries", "-f", "md").stdout,
        "conflits": run("sources", "--conflits", env={"COLUMNS": "200"}).stdout.replace("\xa0", " "),
    }
    for name, shown in outputs.items():
        assert re.search(rf"15\u202f000 {mark}\b|{mark} Nombre de salariés", shown), name
    assert "⚠1" not in outputs["serie"]  # numbered in the base, not in the answer


def test_sources_say_where_to_find_them(run: Run) -> None:
    text = run("sources", env={"COLUMNS": "200"}).stdout.replace("\u202f", " ").replace("\xa0", " ")
    markdown = run("sources", "--format", "markdown").stdout.replace("\u202f", " ").replace("\xa0", " ")
    for shown in (text, markdown):
        assert ".txt" not in shown and "fichier" not in shown  # no internal file name as a locator
        assert shown.count("Adresse de la page : inconnue (le document ne donne pas la sienne)") == 5
        assert "Publication : page signée « Groupe SOS »" in shown or "Publication : page signée « Groupe SOS »" in shown
    records = run("sources", "--format", "json").json()
    assert all(r["adresse"] is None and r["publication"] for r in records)


def test_a_document_with_two_dates_is_not_called_undated_of_2008(run: Run) -> None:
    text = run("sources", env={"COLUMNS": "200"}).stdout.replace("\u202f", " ").replace("\xa0", " ")
    assert "introduction de 2008 (non datée)" not in text
    assert "introduction de 2008 (pas de date d'ensemble)" in text and "vers 2016 (date déduite)" in text


@pytest.mark.parametrize(
    ("args", "title"),
    [
        (["--annee", "2016"], "Chronologie — 2016"),
        (["-d", "2016", "-j", "2016"], "Chronologie — 2016"),
        (["-d", "2005", "-j", "2012"], "Chronologie (2005 – 2012)"),
        (["-d", "2005"], "Chronologie (2005 – …)"),
        ([], "Chronologie"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_timeline_title_says_its_span(run: Run, args: list[str], title: str) -> None:
    text = run("chronologie", *args, env={"COLUMNS": "200"}).stdout.replace("\xa0", " ")
    assert text.splitlines()[0] == title
    assert run("chronologie", *args, "-f", "md").stdout.replace("\xa0", " ").startswith(f"# {title}\n")


@pytest.mark.parametrize("typed", ["７", "⁷", "²", "①", "٧", "1 ２"])
def test_a_number_in_other_digits_is_refused_not_read_as_words(run: Run, typed: str) -> None:
    """« faq ７ » (full-width) once showed question 4 with exit code 0: taken as words, its NFKC form
    matched a figure. Digits other than 0 to 9 are refused as a number, with the way to write it."""
    done = run("faq", typed)
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr == (
        f"Erreur : « {typed} » n'est pas un numéro de question : écrivez-le avec les chiffres 0 à 9.\n"
        "Par exemple : sosinfo faq 7 ; « sosinfo faq » les liste toutes.\n"
    )


@pytest.mark.parametrize("typed", ["", " ", "\t"])
def test_an_empty_faq_question_is_bad_usage_like_an_empty_search(run: Run, typed: str) -> None:
    done = run("faq", typed)
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr == "Erreur : la question est vide.\n« sosinfo faq » les liste toutes ; « sosinfo faq 7 » en montre une.\n"


@pytest.mark.parametrize("typed", ["", " "])
@pytest.mark.parametrize(("command", "named"), [("secteurs", "le métier"), ("temoignages", "le nom")])
def test_an_empty_name_is_bad_usage_like_an_empty_question(run: Run, typed: str, command: str, named: str) -> None:
    """« secteurs "" » listed every sector with code 0, where « faq "" » says the question is empty."""
    done = run(command, typed, "-f", "json")
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"Erreur : {named} est vide.\n« sosinfo {command} » seul les liste tous.\n"
    assert run(command, "-f", "json").exit_code == 0  # no argument at all: the whole list


@pytest.mark.parametrize(("typed", "number"), [("7", 7), (" 7 ", 7), ("13", 13)])
def test_ascii_numbers_still_show_their_question(run: Run, typed: str, number: int) -> None:
    assert run("faq", typed, "-f", "json").json()["numero"] == number


def test_the_usage_line_of_verifier_names_its_folder_once(run: Run) -> None:
    assert run("verifier", "--help").stdout.splitlines()[0] == "Utilisation : sosinfo verifier [OPTIONS] [DOSSIER]"
