"""Every message the verifier can emit, one table row each: an edit of the shipped base → the exact list of problems.

Each row edits a private copy of the shipped data (under pytest's tmp_path) and states the whole
list of problems expected, with file and line: nothing more may be reported (no cascade), nothing less.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Run

from sosinfo.errors import MAX_PROBLEMS, Problem
from sosinfo.kb import yamlreader
from sosinfo.kb.checks import MAX_GROUP_TERMS, MAX_GROUPS_PER_TERM, MAX_SYNONYM_GROUPS, computed_value
from sosinfo.kb.files import BUNDLED_DATA
from sosinfo.kb.loader import build_compiled, load_knowledge, read_knowledge, to_plain

SPARSE_SIZE = 65 * 1024 * 1024
FAQ_TEXT = (BUNDLED_DATA / "faq.yaml").read_text(encoding="utf-8")


def faq_lines_from(anchor: str, target: str) -> int:
    """How many lines ``target`` (its first occurrence) is from ``anchor`` in the shipped faq.yaml:
    the rows that edit question 7 find the lines they report without counting them by hand."""

    def line(text: str) -> int:
        return FAQ_TEXT[: FAQ_TEXT.index(text)].count("\n")

    return line(target) - line(anchor)


Q7 = "  - numero: 7\n"
TO_FIRST_ENTRY = faq_lines_from(Q7, "  - numero: 1\n")  # where « questions manquantes » is reported
TO_Q4_SEE_ALSO = faq_lines_from(Q7, "    voir_aussi: [3, 5, 7]")
TO_Q6 = faq_lines_from(Q7, "  - numero: 6\n")


@dataclass
class Row:
    """``file``: ``old`` replaced once by ``new`` (the whole file when ``old`` is None); ``expected``:
    (line relative to ``old``'s line, or an absolute line when ``old`` is None, or None; message)."""

    file: str
    old: str | None
    new: str | bytes
    expected: list[tuple[int | None, str]]
    prepare: Callable[[Path, pytest.MonkeyPatch], None] | None = None


def _directory(data: Path, _: pytest.MonkeyPatch) -> None:
    (data / "contact.yaml").unlink()
    (data / "contact.yaml").mkdir()


def _sparse(data: Path, _: pytest.MonkeyPatch) -> None:
    with (data / "contact.yaml").open("r+b") as stream:
        stream.truncate(SPARSE_SIZE)


def _missing(data: Path, _: pytest.MonkeyPatch) -> None:
    (data / "contact.yaml").unlink()


def _few_nodes(_: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlreader, "MAX_NODES", 5000)  # every shipped file holds fewer


CONTACT_DEVISE = "  devise: Entreprendre au profit de tous"
CONTACT_FIELDS = "nom, devise, adresse, telephone, email, site, reseaux, reseaux_note, sources, passages"
KNOWN_SOURCES = "ashoka-profil, ashoka-profil-complet, faq-13-questions, up-conferences, valeurs"
FORBIDDEN = "caractère interdit U+{} ({})"
VISIBLE_ESCAPE = (
    "échappement « {} » d'un caractère visible (« {} ») : "
    "écrivez le caractère lui-même (un échappement cache le texte à la relecture)"
)
HEADCOUNT = "un effectif dit s'il est donné par la source (exacte) ou calculé par sosinfo (deduite), pas {}"


ID_RULE = (
    "identifiant « {} » invalide : il s'écrit en minuscules sans accents, chiffres et tirets, "
    "et commence par une lettre ou un chiffre (par exemple « jean-dupont » ou « q7 »)"
)
ROWS: dict[str, Row] = {
    # --- reading the file -----------------------------------------------------------------------
    "fichier manquant": Row("contact.yaml", "", "", [(None, "lecture impossible (fichier manquant)")], _missing),
    "pas un fichier ordinaire": Row(
        "contact.yaml", "", "", [(None, "lecture impossible (ce n'est pas un fichier ordinaire)")], _directory
    ),
    "fichier trop gros": Row(
        "contact.yaml", "", "", [(None, "fichier trop gros (limite : 16 Mio par fichier, 48 Mio pour toute la base)")], _sparse
    ),
    "pas en UTF-8": Row(
        "contact.yaml", None, "contact:\n  nom: caf\xe9\n".encode("latin-1"), [(2, "le fichier n'est pas en UTF-8")]
    ),
    # --- YAML itself ----------------------------------------------------------------------------
    "YAML mal formé": Row(
        "valeurs.yaml",
        "    resume: Ne laisser",
        "    resume: [Ne laisser",
        [(1, "YAML mal formé : liste entre crochets non fermée (« ] » ou « , » attendu)")],
    ),
    "un seul document": Row(
        "contact.yaml",
        "  sources: [faq-13-questions, up-conferences]\n",
        "  sources: [faq-13-questions]\n---\nx: 1\n",
        [(1, "un seul document YAML par fichier")],
    ),
    "alias": Row(
        "contact.yaml", "  nom: Groupe SOS", "  nom: &n Groupe SOS", [(0, "les alias YAML (&ancre, *alias) ne sont pas acceptés")]
    ),
    "étiquette de texte non autorisée": Row(
        "contact.yaml",
        "  telephone: 01 58",
        "  telephone: !!python/str 01 58",
        [(0, "étiquette YAML non autorisée : tag:yaml.org,2002:python/str")],
    ),
    "étiquette de liste non autorisée": Row(
        "contact.yaml", "  reseaux: [", "  reseaux: !!omap [", [(0, "étiquette YAML non autorisée : tag:yaml.org,2002:omap")]
    ),
    "imbrication trop profonde": Row(
        "contact.yaml",
        "  reseaux_note: Comptes",
        "  reseaux_note: " + "[" * 70 + "]" * 70 + " #",
        [(0, "imbrication trop profonde (plus de 64 niveaux)")],
    ),
    "trop d'éléments": Row(
        "contact.yaml",
        "  reseaux: [",
        "  reseaux: [" + "x, " * 5000,
        [(0, "trop d'éléments (plus de 5\u202f000 dans un fichier) ; lecture de la base arrêtée là")],
        _few_nodes,
    ),
    "clé qui n'est pas un texte": Row(
        "contact.yaml", "  nom: Groupe SOS\n", "  1: Groupe SOS\n", [(0, "une clé doit être un texte simple")]
    ),
    "clé de fusion": Row(
        "contact.yaml",
        "  nom: Groupe SOS\n",
        "  <<: {}\n  nom: Groupe SOS\n",
        [(0, "les clés de fusion YAML (<<) ne sont pas acceptées")],
    ),
    "clé en double": Row(
        "contact.yaml",
        "  telephone: 01 58 30 55 55\n",
        "  telephone: 01 58 30 55 55\n  telephone: 00\n",
        [(1, "clé « telephone » en double (déjà définie ligne {line})")],
    ),
    # --- scalars: YAML 1.2 core schema, bounded numbers ------------------------------------------
    "étiquette !!bool illisible": Row(
        "contact.yaml",
        "  email: info@groupe-sos.org",
        "  email: !!bool maybe",
        [(0, "valeur illisible pour l'étiquette !!bool : « maybe »")],
    ),
    "étiquette !!int vide": Row(
        "faq.yaml", "  - numero: 7\n", '  - numero: !!int ""\n', [(0, "valeur illisible pour l'étiquette !!int : vide")]
    ),
    "zéro initial ambigu": Row(
        "faq.yaml",
        "  - numero: 7\n",
        "  - numero: 07\n",
        [
            (
                0,
                "nombre ambigu « 07 » (zéro initial : octal en YAML 1.1, décimal en YAML 1.2) ; "
                "écrivez-le sans zéro initial, ou entre guillemets pour un texte",
            )
        ],
    ),
    "nombre non fini": Row(
        "chiffres.yaml",
        "valeur: 15000, annee: 2016",
        "valeur: .nan, annee: 2016",
        [(0, "nombre non fini « .nan » refusé (un nombre doit être fini)")],
    ),
    "nombre hors limites": Row(
        "chiffres.yaml",
        "valeur: 1367000000",
        "valeur: 1" + "0" * 400,
        [(0, "nombre hors limites « 10000000000000000000000000000… » (au plus 10^15 en valeur absolue)")],
    ),
    # --- control characters ----------------------------------------------------------------------
    "contrôle de direction (brut)": Row(
        "contact.yaml",
        CONTACT_DEVISE,
        "  devise: \u202eEntreprendre",
        [(0, FORBIDDEN.format("202E", "contrôle de direction du texte"))],
    ),
    "isolat de direction (échappé)": Row(
        "contact.yaml",
        CONTACT_DEVISE,
        '  devise: "\\u2066Entreprendre"',
        [(0, FORBIDDEN.format("2066", "contrôle de direction du texte"))],
    ),
    "échappement de terminal": Row(
        "contact.yaml",
        CONTACT_DEVISE,
        '  devise: "\\e[31mEntreprendre"',
        [(0, FORBIDDEN.format("001B", "échappement de terminal"))],
    ),
    "caractère nul (brut)": Row(
        "contact.yaml", CONTACT_DEVISE, "  devise: Entre\x00prendre", [(0, FORBIDDEN.format("0000", "caractère nul"))]
    ),
    "OSC (C1, échappé)": Row(
        "contact.yaml",
        CONTACT_DEVISE,
        '  devise: "\\x9d8;;http://x\\x07lien"',
        [(0, FORBIDDEN.format("009D", "commande de terminal"))],
    ),
    "retour chariot (échappé)": Row(
        "contact.yaml", CONTACT_DEVISE, '  devise: "Entre\\rprendre"', [(0, FORBIDDEN.format("000D", "caractère de contrôle"))]
    ),
    "échappement d'un caractère visible": Row(
        "contact.yaml",
        CONTACT_DEVISE,
        '  devise: "Entrepr\\u00e8ndre au profit de tous"',
        [(0, VISIBLE_ESCAPE.format("\\u00e8", "è"))],
    ),
    "échappement d'un caractère visible (liste en ligne)": Row(
        "chiffres.yaml",
        "terme_source: CA,",
        'terme_source: "\\x43A",',
        [(0, VISIBLE_ESCAPE.format("\\x43", "C"))],
    ),
    "contrôle dans une clé": Row(
        "contact.yaml",
        CONTACT_DEVISE,
        CONTACT_DEVISE + '\n  "x\\e": 1',
        [
            (1, FORBIDDEN.format("001B", "échappement de terminal")),
            (
                1,
                f"champ inconnu « x\\x1b » (champs possibles : {CONTACT_FIELDS})",
            ),
        ],
    ),
    # --- shape of the data -----------------------------------------------------------------------
    "pas un dictionnaire de sections": Row(
        "contact.yaml", None, "- a\n", [(1, "le fichier doit contenir un dictionnaire de sections")]
    ),
    "section inconnue": Row(
        "contact.yaml", "contact:\n", "autre: 1\ncontact:\n", [(0, "section inconnue « autre » (attendu : contact)")]
    ),
    "section manquante": Row("contact.yaml", None, "{}\n", [(1, "section « contact » manquante")]),
    "section vide": Row("faq.yaml", None, "faq: []\n", [(1, "« faq » ne doit pas être vide")]),
    "liste vide": Row(
        "contact.yaml",
        "  sources: [faq-13-questions, up-conferences]",
        "  sources: []",
        [(0, "« sources » ne doit pas être vide")],
    ),
    "nombre ou texte": Row(
        "chiffres.yaml",
        "valeur: 1367000000",
        "valeur: beaucoup",
        [(0, "« valeur » doit être un nombre entier ou un nombre, pas « beaucoup »")],
    ),
    "valeur hors liste": Row(
        "sources.yaml",
        "    precision: deduite\n",
        "    precision: peut-etre\n",
        [(0, "« precision » doit être l'une des valeurs « exacte », « deduite », « non-datee », pas « peut-etre »")],
    ),
    "partie datée sans précision": Row(
        "sources.yaml",
        "        annee: null\n        precision: non-datee\n        justification: L'encadré ne donne aucune année.\n",
        "        annee: 2016\n",
        [(0, "une partie datée doit dire avec quelle précision (champ « precision »)")],
    ),
    "pas une liste": Row(
        "contact.yaml",
        '  reseaux: ["groupe_sos", "groupe-sos", "@groupesos", "groupe_sos"]',
        "  reseaux: groupe_sos",
        [(0, "« reseaux » doit être une liste, pas « groupe_sos »")],
    ),
    "texte vide": Row(
        "contact.yaml", "  nom: Groupe SOS", '  nom: ""', [(0, "« nom » doit être un texte non vide, pas un texte vide")]
    ),
    "pas un entier": Row("faq.yaml", "numero: 7", "numero: sept", [(0, "« numero » doit être un nombre entier, pas « sept »")]),
    "pas un dictionnaire": Row(
        "personnes.yaml",
        "    naissance: {annee: 1957, lieu: Aix-en-Provence, source: up-conferences,"
        " passages: [{source: up-conferences, section: biographie, detail: 1er paragraphe}]}",
        "    naissance: 1957",
        [(0, "« naissance » doit être un dictionnaire, pas 1957")],
    ),
    "champ inconnu": Row(
        "contact.yaml",
        CONTACT_DEVISE,
        CONTACT_DEVISE + "\n  slogan: x",
        [
            (
                1,
                f"champ inconnu « slogan » (champs possibles : {CONTACT_FIELDS})",
            )
        ],
    ),
    "champ obligatoire manquant": Row("contact.yaml", CONTACT_DEVISE + "\n", "", [(-1, "champ obligatoire « devise » manquant")]),
    "booléen pour un texte": Row(
        "faq.yaml",
        "    question: Quelles sont les valeurs du Groupe SOS ?",
        "    question: true",
        [(0, "« question » doit être un texte non vide, pas le booléen true")],
    ),
    # --- identifiers: lower case, digits and hyphens (what a shell, a URL and Markdown take as is) ---
    **{
        f"identifiant {name}": Row("temoignages.yaml", "  - id: valet\n", f"  - id: {written}\n", [(0, ID_RULE.format(shown))])
        for name, written, shown in [
            ("en majuscules", "Valet", "Valet"),
            ("accentué", "valét", "valét"),
            ("avec une espace", "'va let'", "va let"),
            ("avec un saut de ligne", '"va\\nlet"', "va\\nlet"),
            ("commençant par un tiret", "'-valet'", "-valet"),
            ("avec un soulignement", "va_let", "va_let"),
            ("avec une barre oblique inverse", "'zz\\'", "zz\\"),
            ("qui est du code", "'$(touch x)'", "$(touch x)"),
        ]
    },
    # --- across entries ------------------------------------------------------------------------------
    "identifiant en double": Row(
        "plaidoyers.yaml", "{id: cnape,", "{id: fehap,", [(0, "identifiant « fehap » en double parmi les fédérations")]
    ),
    "instance de gouvernance en double": Row(
        "gouvernance.yaml",
        "        - id: gouvernance-benevole",
        "        - id: union",
        [(0, "identifiant « union » en double parmi les instances de gouvernance")],
    ),
    "source inconnue": Row(
        "temoignages.yaml",
        "    source: valeurs\n",
        "    source: inconnue\n",
        [
            (
                0,
                f"source inconnue « inconnue » (connues : {KNOWN_SOURCES})",
            )
        ],
    ),
    "numéro hors limites, question manquante, renvois": Row(
        "faq.yaml",
        "  - numero: 7\n",
        "  - numero: 14\n",
        [
            (TO_FIRST_ENTRY, "questions manquantes : 7"),
            (TO_Q4_SEE_ALSO, "« voir aussi » renvoie à une question absente : 7"),
            (0, "numéro de question 14 hors de 1–13"),
        ],
    ),
    "question en double": Row(
        "faq.yaml",
        "  - numero: 7\n",
        "  - numero: 6\n",
        [
            (TO_FIRST_ENTRY, "questions manquantes : 7"),
            (TO_Q4_SEE_ALSO, "« voir aussi » renvoie à une question absente : 7"),
            (TO_Q6, "question numéro 6 en double"),
            (0, "question numéro 6 en double"),
        ],
    ),
    "voir aussi vers une question absente": Row(
        "faq.yaml",
        "    voir_aussi: [2, 9, 11]",
        "    voir_aussi: [2, 9, 99]",
        [(0, "« voir aussi » renvoie à une question absente : 99")],
    ),
    "indicateur inconnu": Row(
        "chiffres.yaml",
        "indicateur: anciennete, valeur: 30",
        "indicateur: ancien, valeur: 30",
        [(0, "indicateur inconnu « ancien »")],
    ),
    "conflit inconnu": Row(
        "chiffres.yaml",
        "non-datee, source: up-conferences, conflit: salaries,",
        "non-datee, source: up-conferences, conflit: salaire,",
        [(0, "conflit inconnu « salaire »")],
    ),
    "non daté avec une année": Row(
        "chiffres.yaml",
        "valeur: 30, annee: null",
        "valeur: 30, annee: 1990",
        [(0, "un chiffre « non daté » ne peut pas avoir d'année")],
    ),
    "précision sans année": Row(
        "chiffres.yaml", "valeur: 15000, annee: 2016", "valeur: 15000, annee: null", [(0, "précision « exacte » sans année")]
    ),
    "année déduite sans justification": Row(
        "chronologie.yaml",
        'precision: deduite, justification: "Elle dit enseigner au CRF depuis 4 ans dans une page d\'environ 2025.", ',
        "precision: deduite, ",
        [(0, "une année déduite doit dire comment (champ « justification »)")],
    ),
    "calcul faux": Row(
        "chiffres.yaml",
        'calcul: "8 associations-fondatrices × 2 représentants"',
        'calcul: "8 associations-fondatrices × 3 représentants"',
        [(0, "le calcul « 8 associations-fondatrices × 3 représentants » donne 24, pas 16")],
    ),
    "calcul illisible": Row(
        "chiffres.yaml",
        'calcul: "1 président + 9 vice-présidents exécutifs"',
        'calcul: "1 président et 9 vice-présidents exécutifs"',
        [(0, "calcul illisible « 1 président et 9 vice-présidents exécutifs » : des nombres reliés par « × » ou « + »")],
    ),
    "effectif sans précision": Row(
        "gouvernance.yaml",
        "                  effectif: 1\n                  effectif_precision: exacte\n",
        "                  effectif: 1\n",
        [(-4, HEADCOUNT.format("rien"))],
    ),
    "effectif « non daté »": Row(
        "gouvernance.yaml",
        "                  effectif: 9\n                  effectif_precision: exacte\n",
        "                  effectif: 9\n                  effectif_precision: non-datee\n",
        [(1, HEADCOUNT.format("non-datee"))],
    ),
    "chiffre inconnu (conflit)": Row(
        "conflits.yaml", "chiffre: salaries-2016,", "chiffre: salaries-2099,", [(0, "chiffre inconnu « salaries-2099 »")]
    ),
    "chiffre d'un conflit qui ne le signale pas": Row(
        "chiffres.yaml",
        "{id: salaries-ashoka, indicateur: salaries, valeur: 14000, annee: null, precision: non-datee, "
        "source: ashoka-profil, conflit: salaries,",
        "{id: salaries-ashoka, indicateur: salaries, valeur: 14000, annee: null, precision: non-datee, source: ashoka-profil,",
        [(0, "cité par le conflit « salaries », ce chiffre ne le signale pas (« conflit: salaries » manque)")],
    ),
    "chiffre d'un conflit qui en signale un autre": Row(
        "chiffres.yaml",
        "source: faq-13-questions, conflit: decoupage-metiers, passages",
        "source: faq-13-questions, conflit: pays, passages",
        [(0, "cité par le conflit « decoupage-metiers », ce chiffre signale « pays » à la place")],
    ),
    "un conflit, une seule position": Row(
        "conflits.yaml",
        "      - {source: ashoka-profil, annee: null, affirmation: 14 000 salariés, chiffre: salaries-ashoka,"
        " passages: [{source: ashoka-profil, section: impact}]}\n",
        "",
        [(-2, "un conflit oppose au moins deux positions")],
    ),
    "valeur inconnue": Row(
        "temoignages.yaml", "    valeur: fierte-egalite", "    valeur: fierte", [(0, "valeur inconnue « fierte »")]
    ),
    "chiffre inconnu (témoignage)": Row(
        "temoignages.yaml",
        "    chiffres: [pairs-personnes-suivies, pairs-recidives]",
        "    chiffres: [pairs-personnes-suivies, pairs]",
        [(0, "chiffre inconnu « pairs »")],
    ),
    "association-fondatrice inconnue": Row(
        "secteurs.yaml",
        "    associations: [solidarites, jeunesse]",
        "    associations: [solidarites, jeune]",
        [(0, "association-fondatrice inconnue « jeune »")],
    ),
}


def apply(data: Path, row: Row, monkeypatch: pytest.MonkeyPatch) -> int:
    """Make the row's edit; the (1-based) line where ``old`` was, or 0 for a whole file."""
    if row.prepare is not None:
        row.prepare(data, monkeypatch)
        if row.old == "":
            return 0
    path = data / row.file
    if row.old is None:
        path.write_bytes(row.new if isinstance(row.new, bytes) else row.new.encode("utf-8"))
        return 0
    text = path.read_text(encoding="utf-8")
    assert row.old in text, row.old
    line = text[: text.index(row.old)].count("\n") + 1
    assert isinstance(row.new, str)
    path.write_text(text.replace(row.old, row.new, 1), encoding="utf-8")
    return line


@pytest.mark.parametrize("name", list(ROWS))
def test_each_message(name: str, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    row = ROWS[name]
    line = apply(data_copy, row, monkeypatch)
    expected = []
    for delta, message in row.expected:
        where = None if delta is None else (delta if row.old is None else line + delta)
        location = row.file if where is None else f"{row.file}, ligne {where}"
        expected.append(f"{location} : {message.format(line=line)}")
    kb, problems = read_knowledge(data_copy)
    # an id changed in its own file also leaves the question bank naming an entry that is gone: said, but not here
    found = [str(p) for p in problems if row.file == "questions.yaml" or not str(p).startswith("questions.yaml")]
    assert found == expected
    assert kb is None


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('id: "faq:7"', 'id: "faq:17"', "entrée inconnue « faq:17 »"),
        ('id: "indicateur:salaries"', 'id: "indicateur:salaires"', "entrée inconnue « indicateur:salaires »"),
        ('id: "faq:7"', 'id: "foire:7"', "type d'entrée inconnu « foire » dans « foire:7 » (connus : approche, chiffre,"),
        ('id: "faq:8"', 'id: "faq:7"', "identifiant « faq:7 » en double parmi les entrées de la banque de questions"),
    ],
)
def test_the_question_bank_names_entries_that_exist(data_copy: Path, old: str, new: str, message: str) -> None:
    path = data_copy / "questions.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    kb, problems = read_knowledge(data_copy)
    assert kb is None
    assert [str(p).split(" : ", 1)[0] for p in problems] == [f"questions.yaml, ligne {line}"]
    assert str(problems[0]).split(" : ", 1)[1].startswith(message)


def test_problems_stop_after_the_limit(data_copy: Path) -> None:
    (data_copy / "faq.yaml").write_text("faq:\n" + "- 1\n" * (MAX_PROBLEMS * 3), encoding="utf-8")
    _, problems = read_knowledge(data_copy)
    shown = [str(problem) for problem in problems]
    assert len(shown) == MAX_PROBLEMS + 1
    assert shown[0] == "faq.yaml, ligne 2 : l'élément n° 1 doit être un dictionnaire, pas 1"
    assert (
        shown[MAX_PROBLEMS - 1]
        == f"faq.yaml, ligne {MAX_PROBLEMS + 1} : l'élément n° {MAX_PROBLEMS} doit être un dictionnaire, pas 1"
    )
    assert shown[-1] == f"faq.yaml : … et d'autres problèmes (arrêt après {MAX_PROBLEMS})"


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        (MAX_PROBLEMS, f"{MAX_PROBLEMS} problèmes"),
        (MAX_PROBLEMS + 1, f"plus de {MAX_PROBLEMS} problèmes"),
        (10_000, f"plus de {MAX_PROBLEMS} problèmes"),
    ],
)
def test_problems_are_counted_honestly(run: Run, data_copy: Path, bad: int, said: str) -> None:
    """200 problems are 200; past the limit, where checking stops, « plus de 200 » (not « 201 »)."""
    faq = data_copy / "faq.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("faq:\n", "faq:\n" + "  - 1\n" * bad, 1), encoding="utf-8")
    text = run("verifier", str(data_copy))
    assert text.exit_code == 1
    assert " ".join(text.stdout.split()).startswith(f"✘ {said} dans {data_copy} ✘ faq.yaml, ligne ")
    assert text.stderr == f"Erreur : base de connaissances invalide : {said}.\n"
    assert run("verifier", str(data_copy), "-f", "markdown").stdout.startswith(f"# {said} dans `{data_copy}`\n")
    refused = run("faq", "7", "--data-dir", str(data_copy))
    assert refused.stderr.startswith(f"Erreur : base de connaissances invalide ({said}) :\n")
    others = "… et plus de 180 autres problèmes." if bad > MAX_PROBLEMS else "… et 180 autres problèmes."
    assert f"\n  {others}\n" in refused.stderr


def test_a_bad_entry_keeps_the_references_into_its_section_checked(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One bad figure used to drop all of chiffres.yaml's figures: references into them went unchecked."""
    bad = apply(data_copy, ROWS["nombre ou texte"], monkeypatch)
    wrong = apply(data_copy, ROWS["chiffre inconnu (conflit)"], monkeypatch)
    assert [str(problem) for problem in read_knowledge(data_copy)[1]] == [
        f"chiffres.yaml, ligne {bad} : « valeur » doit être un nombre entier ou un nombre, pas « beaucoup »",
        f"conflits.yaml, ligne {wrong} : chiffre inconnu « salaries-2099 »",
    ]


def test_the_verifier_report_shows_no_control_character(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from sosinfo.cli.commands import app

    apply(data_copy, ROWS["contrôle dans une clé"], monkeypatch)
    for output_format in ("texte", "markdown", "json"):
        done = CliRunner().invoke(
            app, ["verifier", str(data_copy), "--format", output_format], env={"NO_COLOR": "1", "TERM": "dumb"}
        )
        assert done.exit_code == 1
        assert "\x1b" not in done.stdout and "\\x1b" in done.stdout.replace("\\\\", "\\")


def test_json_cache_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """kb → the compiled JSON the application caches → build_compiled gives an equal base."""
    from sosinfo import app, cache

    monkeypatch.setenv("SOSINFO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SOSINFO_DATA", raising=False)
    data = app.dataset(None)
    fresh, key = app.knowledge(data)  # checked from the YAML files, then written to the cache
    assert key is not None
    compiled = [path for path in (tmp_path / "cache").iterdir() if path.name.startswith("kb-")]
    assert len(compiled) == 1
    cached, _ = app.knowledge(data)  # read back from the compiled JSON
    body = cache.unseal(compiled[0].read_bytes(), compiled[0].name)
    assert body is not None
    rebuilt = build_compiled(json.loads(body))
    for other in (cached, rebuilt):
        assert other is not fresh
        assert to_plain(other) == to_plain(fresh)
        assert _shape(other) == _shape(fresh)  # the same classes, and ints stay ints, floats floats


def _shape(value: object) -> object:
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, {f.name: _shape(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return (type(value).__name__, value)


def test_shipped_base_is_valid() -> None:
    kb, problems = read_knowledge(BUNDLED_DATA)
    assert problems == [] and kb is not None and len(kb.faq) == 13
    assert load_knowledge(BUNDLED_DATA).faq


@pytest.mark.parametrize(
    ("content", "french"),
    [
        ('contact:\n  nom: "abc\n', "fin de fichier inattendue"),
        ("contact:\n\tnom: x\n", "caractère impossible en début de valeur"),
        ("contact:\n  nom: x\n y: 2\n", "indentation incohérente"),
        ("contact:\n  nom: a: b\n", "« : » inattendu"),
        ('contact:\n  nom: "a\\q"\n', "séquence d'échappement inconnue"),
    ],
)
def test_yaml_syntax_errors_are_said_in_french(data_copy: Path, content: str, french: str) -> None:
    (data_copy / "contact.yaml").write_text(content, encoding="utf-8")
    problems = [str(problem) for problem in read_knowledge(data_copy)[1]]
    assert len(problems) == 1 and french in problems[0] and "lecteur YAML" not in problems[0], problems


@pytest.mark.parametrize(
    ("written", "escapes"),
    [
        ('"Rach\\u00e8te"', ["\\u00e8"]),  # a letter
        ('"\\x41 et \\U0001F600"', ["\\x41", "\\U0001F600"]),  # a sign, one beyond the BMP
        ('"2\\u202f000, \\u00a0:"', []),  # what cannot be seen may be escaped
        ('"C:\\\\u00e8 et \\\\x41"', []),  # an escaped backslash, then text
        ('"a\\n\\tb \\"c\\" \\\\"', []),  # the other escapes
        ("'\\u00e8'", []),  # single quotes: no escape at all, the text is read as written
        ("\\u00e8", []),  # unquoted: the same
    ],
)
def test_an_escape_that_hides_a_visible_character_is_refused(written: str, escapes: list[str]) -> None:
    problems: list[Problem] = []
    yamlreader.parse_yaml(f"a: 1\nb: [x, {written}]\n".encode(), "f.yaml", problems)
    assert [str(problem) for problem in problems] == [
        f"f.yaml, ligne 2 : {VISIBLE_ESCAPE.format(escape, chr(int(escape[2:], 16)))}" for escape in escapes
    ]


def test_a_computation_multiplies_before_it_adds() -> None:
    assert computed_value("1 président + 9 vice-présidents") == 10
    assert computed_value("2 × 3 + 4") == computed_value("4 + 2 × 3") == 10
    assert computed_value("0,5 × 4 associations-fondatrices") == 2
    assert computed_value("16") is None  # no operation: nothing computed
    assert computed_value("8 associations-fondatrices") is None  # a hyphen is no minus


def test_every_shipped_identifier_follows_the_grammar() -> None:
    from sosinfo.kb.checks import IDENTIFIER, walk_records

    kb = load_knowledge(BUNDLED_DATA)
    records = [record for section in vars(kb).values() for record in walk_records(section)]
    from sosinfo.kb.model import AskedFor

    named = [record for record in records if not isinstance(record, AskedFor)]  # the bank's ids name entries (« faq:7 »)
    identifiers = [record.id for record in named if isinstance(getattr(record, "id", None), str)]
    assert len(identifiers) > 200
    assert [i for i in identifiers if not IDENTIFIER.fullmatch(i)] == []


@pytest.mark.parametrize("identifier", ["0", "a", "q7", "a-", "a--b", "salaries-2016", "x" * 200])
def test_identifiers_the_grammar_takes(identifier: str) -> None:
    from sosinfo.kb.checks import IDENTIFIER

    assert IDENTIFIER.fullmatch(identifier)


@pytest.mark.parametrize("identifier", ["", "-a", "A", "a_b", "é", "a b", "a\n", "\na", "a\u00a0", "a.b", "a/b", "ａ", "١"])
def test_identifiers_the_grammar_refuses(identifier: str) -> None:
    from sosinfo.kb.checks import IDENTIFIER

    assert not IDENTIFIER.fullmatch(identifier)


# --- synonyms: the fan-out of one query word stays bounded ---------------------------------------------


def _synonym_groups(data: Path, groups: list[list[str]]) -> None:
    lines = ["synonymes:"] + [f"  - termes: [{', '.join(terms)}]" for terms in groups]
    (data / "synonymes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _synonym_problems(data: Path) -> list[str]:
    return [str(problem) for problem in read_knowledge(data)[1]]


@pytest.mark.parametrize("terms", [MAX_GROUP_TERMS, MAX_GROUP_TERMS + 1])
def test_a_synonym_group_has_at_most_so_many_terms(data_copy: Path, terms: int) -> None:
    _synonym_groups(data_copy, [[f"mot{n}" for n in range(terms)]])
    expected = [] if terms == MAX_GROUP_TERMS else [
        f"synonymes.yaml, ligne 2 : plus de {MAX_GROUP_TERMS} termes dans un groupe de synonymes ({terms})"
    ]
    assert _synonym_problems(data_copy) == expected


@pytest.mark.parametrize("groups", [MAX_GROUPS_PER_TERM, MAX_GROUPS_PER_TERM + 1])
def test_a_term_is_in_a_few_synonym_groups_at_most(data_copy: Path, groups: int) -> None:
    _synonym_groups(data_copy, [["Salariés", f"autre{n}"] for n in range(groups - 1)] + [["salariés", "dernier"]])
    expected = [] if groups == MAX_GROUPS_PER_TERM else [
        f"synonymes.yaml, ligne {groups + 1} : le terme « salariés » est dans plus de {MAX_GROUPS_PER_TERM} groupes de synonymes"
    ]
    assert _synonym_problems(data_copy) == expected


@pytest.mark.parametrize("groups", [MAX_SYNONYM_GROUPS, MAX_SYNONYM_GROUPS + 1])
def test_synonym_groups_are_few(data_copy: Path, groups: int) -> None:
    _synonym_groups(data_copy, [[f"mot{n}", f"autre{n}"] for n in range(groups)])
    expected = [] if groups == MAX_SYNONYM_GROUPS else [
        f"synonymes.yaml, ligne {groups + 1} : plus de {MAX_SYNONYM_GROUPS} groupes de synonymes"
    ]
    assert _synonym_problems(data_copy) == expected


def test_the_faq_is_numbered_up_to_its_own_count(data_copy: Path, run: Run) -> None:
    """No number of questions is written in the code: a 14th question numbered 14 is sound, and
    answered; numbered 15 (one past the count), it is out of range and 14 is missing."""
    path = data_copy / "faq.yaml"
    text = path.read_text(encoding="utf-8")
    first = text[text.index("  - numero: 1\n") : text.index("  - numero: 2\n")]
    path.write_text(text.rstrip("\n") + "\n" + first.replace("  - numero: 1\n", "  - numero: 14\n", 1), encoding="utf-8")
    kb, problems = read_knowledge(data_copy)
    assert problems == [] and kb is not None and len(kb.faq) == 14
    listed = run("faq", "--data-dir", str(data_copy), "-f", "json")
    assert listed.exit_code == 0 and [entry["numero"] for entry in json.loads(listed.stdout)] == list(range(1, 15))
    path.write_text(path.read_text(encoding="utf-8").replace("  - numero: 14\n", "  - numero: 15\n"), encoding="utf-8")
    _, problems = read_knowledge(data_copy)
    assert [p.message for p in problems] == ["questions manquantes : 14", "numéro de question 15 hors de 1–14"]


@pytest.mark.parametrize("command", ["faq", "valeurs", "temoignages", "sources"])
def test_help_counts_nothing_the_data_may_change(run: Run, command: str) -> None:
    """The help is written before any base is read: it says « les questions », never « les 13 questions »."""
    shown = run(command, "--help").stdout.split("Options")[0]
    assert not any(word in shown.split() for word in ("13", "trois", "cinq", "huit")), shown
