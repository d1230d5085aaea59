"""Fidelity to the five source documents: every locator resolves to its passage, and the passage says it.

These tests read the source texts themselves, which live beside the repository (``../shared/seeds``),
not in it. Without them the tests are skipped, with the reason; they never pass silently.
Checked here, against the text of each cited passage:
- every section of sources.yaml is found in its document, in the order given;
- every passage names a section of a cited document, and the words it quotes in « » are there;
- every number of a figure appears in the passage it cites (or, for a computed figure, its operands);
- every year stated as exact (figures, events, approaches, career steps, birth, conflict positions)
  appears in a passage of each source cited for it;
- every number a statement shows, anywhere in the base, is in its passages, unless the statement
  says it is a « calcul de sosinfo »;
- every source term (``terme_source``) and every « quotation » is words its sources contain;
- a number whose source names its unit (« 130 institutions ») keeps that unit wherever a statement
  citing the same passage shows it (not « 130 établissements »);
- no statement carries over 7 or more consecutive words of a source, titles and names aside.
Each of the last four checks is a function first tried on a bad record, to prove it can fail.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sosinfo.kb import model
from sosinfo.kb.files import BUNDLED_DATA
from sosinfo.kb.loader import load_knowledge, sections_of, walk_records

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

if not SEEDS.is_dir():
    pytest.skip(
        f"textes sources absents ({SEEDS}) : la fidélité aux sources n'est PAS vérifiée ; "
        "placez le dossier shared/ à côté du dépôt pour lancer ces tests",
        allow_module_level=True,
    )

KB = load_knowledge(BUNDLED_DATA)
SOURCES = {source.id: source for source in KB.sources}
WORDS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]
TENS = {18: "dix-huit", 20: "vingt", 30: "trente", 40: "quarante"}  # the other numbers the sources spell out


def normalized(text: str) -> str:
    """Comparable text: one kind of apostrophe, dash and space, no case, no markup stars."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("−", "-").replace("*", "").replace("œ", "oe")
    text = re.sub(r"[\u00a0\u202f\s]+", " ", text)
    return text.casefold()


@dataclass
class Document:
    text: str
    parts: dict[str, str]  # section id -> its text, up to the next section


def read_document(source: model.Source) -> Document:
    path = SEEDS / source.fichier
    assert path.is_file(), f"{source.id} : fichier source absent : {path}"
    text = normalized(path.read_text(encoding="utf-8"))
    starts = []
    cursor = 0
    for section in source.sections:
        start = text.find(normalized(section.repere), cursor)
        assert start >= 0, f"{source.id} : partie « {section.id} » introuvable (repère « {section.repere} »)"
        starts.append(start)
        cursor = start + 1
    ends = starts[1:] + [len(text)]
    return Document(text, {s.id: text[a:b] for s, a, b in zip(source.sections, starts, ends, strict=True)})


DOCUMENTS = {source_id: read_document(source) for source_id, source in SOURCES.items()}


def passage_text(passage: model.Passage) -> str:
    return DOCUMENTS[passage.source].parts[passage.section]


def number_patterns(value: float) -> list[str]:
    """How a number can be written in the sources: 15 000, 1,367 milliard, 700 millions, 0,4, cinq, aucune."""
    if isinstance(value, float) and not value.is_integer():
        return [re.escape(f"{value}".replace(".", ","))]
    n = int(value)
    sign = "-" if n < 0 else ""
    digits = str(abs(n))
    groups = [digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)][::-1]
    patterns = [sign + r"\s?".join(groups)]
    for scale, word in ((1_000_000_000, "milliards?"), (1_000_000, "millions?")):
        if abs(n) >= scale:
            mantissa = f"{abs(n) / scale:g}".replace(".", ",")
            patterns.append(sign + re.escape(mantissa) + r"(?:\s\S+){0,3}?\s" + word)
            break
    if n == 0:
        return [r"\baucune?\b"]
    if 0 < n < len(WORDS):
        patterns.append(r"\b" + WORDS[n] + r"\b")
        if n == 1:
            patterns.append(r"\bune\b")
    if n in TENS:
        patterns.append(r"\b" + TENS[n] + r"\b")
    return [r"(?<![\d,])" + p + r"(?![\d]|,\d)" for p in patterns]


def says_number(text: str, value: float) -> bool:
    return any(re.search(pattern, text) for pattern in number_patterns(value))


def records() -> list[Any]:
    return list(walk_records(sections_of(KB)))


def cited_sources(record: Any) -> list[str]:
    return [record.source] if isinstance(getattr(record, "source", None), str) else list(getattr(record, "sources", []))


def label(record: Any) -> str:
    name = getattr(record, "id", None) or getattr(record, "titre", None) or getattr(record, "texte", None) or ""
    return f"{type(record).__name__} « {str(name)[:60]} »"


def test_the_five_documents_are_there_with_all_their_sections() -> None:
    assert set(DOCUMENTS) == {"up-conferences", "ashoka-profil", "faq-13-questions", "ashoka-profil-complet", "valeurs"}
    for source_id, document in DOCUMENTS.items():
        assert document.parts, source_id
        assert all(part.strip() for part in document.parts.values()), source_id


def test_every_passage_resolves_and_its_quotes_are_in_it() -> None:
    problems = []
    count = 0
    for record in records():
        for passage in getattr(record, "passages", []):
            count += 1
            if passage.section not in DOCUMENTS[passage.source].parts:
                problems.append(f"{label(record)} : partie inconnue {passage.source}/{passage.section}")
                continue
            text = passage_text(passage)
            for quoted in re.findall(r"«\s*(.+?)\s*»", passage.detail or ""):
                words = normalized(quoted.rstrip("…").strip())
                if words not in text:
                    problems.append(f"{label(record)} : « {quoted} » n'est pas dans {passage.source}/{passage.section}")
    assert count > 300
    assert problems == []


def test_every_number_of_a_figure_is_in_its_passage() -> None:
    problems = []
    for figure in KB.figures:
        texts = [passage_text(p) for p in figure.passages]
        if figure.calcul:
            operands = [float(n.replace(",", ".")) for n in re.findall(r"\d+(?:,\d+)?", figure.calcul)]
            assert operands and re.search(r"[×+]", figure.calcul), figure.id
            missing = [n for n in operands if not any(says_number(text, n) for text in texts)]
            if missing:
                problems.append(f"{figure.id} : opérandes {missing} absents du passage")
        elif not any(says_number(text, figure.valeur) for text in texts):
            problems.append(f"{figure.id} : {figure.valeur} absent de {[(p.source, p.section) for p in figure.passages]}")
    assert problems == []


def test_exact_governance_counts_are_in_their_passage() -> None:
    nodes = [r for r in records() if isinstance(r, model.GovernanceNode) and r.effectif_precision == "exacte"]
    assert nodes
    for node in nodes:
        assert node.effectif is not None
        assert any(says_number(passage_text(p), node.effectif) for p in node.passages), node.id


def stated_years(record: Any) -> list[int]:
    """The years a record states as written in its sources."""
    year = getattr(record, "annee", None)
    if year is None:
        return []
    if isinstance(record, (model.Figure, model.Event, model.Approach)):
        return [year] if record.precision == "exacte" else []
    if isinstance(record, (model.CareerStep, model.Birth)):
        return [year]
    return []


def test_every_exact_year_is_in_a_passage_of_each_cited_source() -> None:
    problems = []
    checked = 0
    for record in records():
        for year in stated_years(record):
            for source_id in cited_sources(record):
                texts = [passage_text(p) for p in record.passages if p.source == source_id]
                checked += 1
                if not any(str(year) in text for text in texts):
                    problems.append(f"{label(record)} : {year} n'est dans aucun passage de {source_id}")
    assert checked > 50
    assert problems == []


def test_conflict_positions_are_dated_by_their_passage() -> None:
    """A position's year is written in its passage, or is the date of the part (or document) it comes from."""
    problems = []
    for conflict in KB.conflicts:
        for position in conflict.positions:
            if position.annee is None:
                continue
            dated = False
            for passage in position.passages:
                section = next(s for s in SOURCES[passage.source].sections if s.id == passage.section)
                when = section.annee if section.precision is not None else SOURCES[passage.source].annee
                dated = dated or str(position.annee) in passage_text(passage) or position.annee == when
            if not dated:
                problems.append(f"{conflict.id} / {position.source} : {position.annee} sans appui dans ses passages")
    assert problems == []


def test_the_two_ashoka_profiles_are_dated_by_parts() -> None:
    """Their shared header cites the MOUVES « créé en 2010 » and is undated; only the body is of 2008."""
    for source_id in ("ashoka-profil", "ashoka-profil-complet"):
        parts = {s.id: s for s in SOURCES[source_id].sections}
        assert SOURCES[source_id].precision == "non-datee"
        assert "2010" in DOCUMENTS[source_id].parts["qui-est-il"]
        assert parts["qui-est-il"].annee is None and parts["qui-est-il"].precision == "non-datee"
        assert parts["introduction"].annee == 2008


def quotation_sentences(passage: model.Passage) -> tuple[str, list[str]]:
    """A testimonial's heading line, and the sentences of its quotation as numbered in the base (from 1)."""
    heading, _, quotation = passage_text(passage).strip().partition("«")  # the heading line has no quotation mark
    quotation = quotation.strip().removesuffix("»").strip()
    return heading, re.split(r"(?<=[.!?])\s+(?=[^»\s])", quotation)  # « … ? ». ends no sentence before its »


def sentence_numbers(detail: str) -> list[int]:
    """« phrase 4 », « phrases 1 et 2 », « phrases 3 à 5 », « phrases 3, 4 et 6 » → the numbers."""
    numbers: list[int] = []
    for first, last in re.findall(r"(\d+)(?:\s+à\s+(\d+))?", detail.partition("phrase")[2]):
        numbers += range(int(first), int(last or first) + 1)
    return numbers


def test_every_testimonial_point_stands_on_sentences_of_its_quotation() -> None:
    """Each point cites sentences that exist and hold its numbers; together they cover the whole quotation."""
    problems = []
    for testimonial in KB.testimonials:
        heading, sentences = quotation_sentences(testimonial.passages[0])
        assert len(sentences) >= 5, (testimonial.id, sentences)
        cited: set[int] = set()
        statements = [(testimonial.resume, testimonial.passages)] + [(p.texte, p.passages) for p in testimonial.points]
        for statement, passages in statements:
            assert [p.section for p in passages] == [f"temoignage-{testimonial.id}"], testimonial.id
            numbers = sentence_numbers(passages[0].detail or "")
            if not numbers or max(numbers) > len(sentences) or min(numbers) < 1:
                problems.append(f"{testimonial.id} : « {statement[:40]} » cite {numbers} sur {len(sentences)} phrases")
                continue
            cited |= set(numbers)
            where = " ".join(sentences[n - 1] for n in numbers)
            if testimonial.passages is passages:
                where = heading + " " + where
            for number in re.findall(r"\d+", statement):
                if not says_number(where, int(number)):
                    problems.append(f"{testimonial.id} : {number} de « {statement[:40]} » absent des phrases {numbers}")
        if cited != set(range(1, len(sentences) + 1)):
            problems.append(f"{testimonial.id} : phrases jamais citées {sorted(set(range(1, len(sentences) + 1)) - cited)}")
    assert problems == []


def test_sentence_numbers_are_read_as_written() -> None:
    assert sentence_numbers("phrase 4") == [4]
    assert sentence_numbers("intitulé, phrases 1 et 3") == [1, 3]
    assert sentence_numbers("phrases 3 à 5") == [3, 4, 5]
    assert sentence_numbers("phrases 3, 4 et 6") == [3, 4, 6]
    assert sentence_numbers("intitulé") == []


# --- what each statement shows: its numbers, its quotations, its source terms, its wording -------

# fields that state nothing in our words: identifiers, references, locators, keywords, enumerations,
# contact details; and the ones that hold what a source term is (checked on its own)
NOT_STATEMENTS = frozenset(
    {"id", "source", "sources", "section", "detail", "repere", "fichier", "mots_cles", "indicateur", "conflit", "chiffre"}
    | {"chiffres", "lien_valeur", "precision", "effectif_precision", "mode_gestion", "calcul", "qualificatif", "alias"}
    | {"terme_source", "associations", "termes", "telephone", "email", "site", "reseaux", "date"}
)
# titles and names, kept as the sources write them (the 13 questions, people, bodies, programmes)
NAMES = frozenset(
    {"question", "nom", "personne", "fonction", "entite", "lieu", "sigle", "elements", "libelle"} | {"adresse", "devise"}
)
DOCUMENT_LEVEL = frozenset({"note", "justification"})  # side remarks that may speak of another part of the document
COMPUTED = "calcul de sosinfo"


def texts(record: Any, wanted: Callable[[str], bool]) -> Iterator[tuple[str, str]]:
    """(field, text) for each text of a wanted field: its text fields and the items of its lists of texts."""
    for each in dataclasses.fields(record):
        if wanted(each.name):
            value = getattr(record, each.name)
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str):
                    yield each.name, text


def statements(record: Any, leave_out: frozenset[str] = NOT_STATEMENTS) -> Iterator[tuple[str, str]]:
    """(field, text) for each text a record shows, but those of the fields left out."""
    return texts(record, lambda name: name not in leave_out)


def passages_of(record: Any) -> list[model.Passage]:
    """Where a record's statements stand: its passages; for a conflict, those of its positions; for a
    source, its whole document (what it brings, how it is dated)."""
    if isinstance(record, model.Conflict):
        return [passage for position in record.positions for passage in position.passages]
    if isinstance(record, model.Source):
        return [model.Passage(record.id, section.id) for section in record.sections]
    return list(getattr(record, "passages", []) or [])


def documents_text(passages: list[model.Passage]) -> str:
    return " ".join(DOCUMENTS[source].text for source in dict.fromkeys(p.source for p in passages))


def unquoted(text: str) -> str:
    return re.sub(r"«[^»]*»", " ", text)


SOURCE_DATES = {s.annee for s in SOURCES.values() if s.annee} | {
    part.annee for s in SOURCES.values() for part in s.sections if part.annee
}
YEAR = re.compile(r"(?<![\d,])(?:1[89]|20)\d\d(?![\d,])")
SPELLED = {word: n for n, word in enumerate(WORDS) if n >= 3} | {word: n for n, word in TENS.items()}
# « deux » is left out: the base uses it for its own counting of the sources (« les deux textes »);
# so are ordinals (« 3e acteur », « troisième ville »), ranks the sources write as « 3ème » or « 3e »
NUMBER = re.compile(
    r"(?<![\w,-])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:,\d+)?)(?![\w-]|,\d)"
    r"|(?<![\w-])(" + "|".join(sorted(SPELLED, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)


def unstated_numbers(record: Any) -> list[str]:
    """The numbers a record shows that its passages do not state, when it does not say it computed them.

    A year may come from anywhere in the cited documents, or be the date of a source; a number in a
    side remark (note, justification) from anywhere in them; any other number from its passages.
    Numbers inside a « quotation » are the quotation check's."""
    passages = passages_of(record)
    if not passages:
        return []
    near = " ".join(passage_text(p) for p in passages)
    whole = documents_text(passages)
    problems = []
    for field, text in statements(record):
        if COMPUTED in normalized(text):
            continue
        for match in NUMBER.finditer(unquoted(text)):
            written = match.group()
            if YEAR.fullmatch(written):
                if int(written) not in SOURCE_DATES and written not in whole:
                    problems.append(f"{label(record)}.{field} : l'année {written} n'est dans aucune source citée")
                continue
            value = SPELLED[written.lower()] if match.group(2) else float(re.sub(r"\s", "", written).replace(",", "."))
            if not says_number(whole if field in DOCUMENT_LEVEL else near, value):
                problems.append(f"{label(record)}.{field} : « {written} » absent de ses passages, sans « {COMPUTED} »")
    return problems


def misquotations(record: Any) -> list[str]:
    """Each « quotation » of a record whose words no cited source contains (a « … » may skip words)."""
    passages = passages_of(record)
    if not passages:
        return []
    whole = documents_text(passages)
    problems = []
    for field, text in statements(record, frozenset({"id", "detail", "repere"})):
        for quoted in re.findall(r"«\s*(.+?)\s*»", text):
            if not in_order(quoted, [whole]):
                problems.append(f"{label(record)}.{field} : « {quoted} » n'est dans aucune source citée")
    return problems


def in_order(words: str, texts: list[str]) -> bool:
    """Whether one of ``texts`` holds ``words`` (normalized), the pieces between « … » in their order.

    « … » alone quotes no word: it is held everywhere."""
    pieces = [normalized(piece).strip(" ,.;:") for piece in words.split("…")]
    pieces = [piece for piece in pieces if piece]
    if not pieces:
        return True
    for text in texts:
        cursor = 0
        for piece in pieces:  # whole words: « OC » is not the « oc » of « social »
            found = re.compile(r"(?<!\w)" + re.escape(piece) + r"(?!\w)").search(text, cursor)
            if found is None:
                break
            cursor = found.end()
        else:
            return True
    return False


def foreign_terms(figure: model.Figure) -> list[str]:
    """A source term (``terme_source``) that no passage of the figure writes: a gloss, not the source's word."""
    if figure.terme_source is None or in_order(figure.terme_source, [passage_text(p) for p in figure.passages]):
        return []
    return [f"{figure.id} : terme « {figure.terme_source} » absent de ses passages"]


def spaced(text: str) -> str:
    """Normalized, a hyphen read as a space: « DROM-COM » is the source's « DROM COM »."""
    return normalized(text).replace("-", " ")


def source_noun(figure: model.Figure) -> str | None:
    """The words a figure's source writes right after its number (« 130 institutions »), when its
    source term is those words; None when the source term is not the number's unit (« CA »)."""
    if figure.terme_source is None:
        return None
    noun = spaced(figure.terme_source.split("…")[-1]).strip()
    for passage in figure.passages:
        for pattern in number_patterns(figure.valeur):
            if re.search(pattern + r"\s+" + re.escape(noun) + r"(?!\w)", spaced(passage_text(passage))):
                return noun
    return None


SOURCE_NOUNS = [(figure, noun) for figure in KB.figures if (noun := source_noun(figure)) is not None]
# the little words after which a number has no unit of its own (« 40 selon la FAQ », « 13 en 2022 »)
GRAMMAR = frozenset(
    {"à", "a", "au", "aux", "avec", "chez", "contre", "d'", "de", "des", "du", "dans", "en", "entre", "et", "ou"}
    | {"par", "pour", "sans", "selon", "soit", "sur", "que", "qui", "dont", "ni", "puis", "mais"}
)


def dropped_terms(record: Any) -> list[str]:
    """A number shown with another unit than its source's own term: « 130 établissements » where the
    cited passage writes « 130 institutions ».

    For each figure whose source term is the unit its passage writes after the number, a statement
    citing that passage and showing that number must write that term after it, or no unit at all;
    numbers inside a « quotation » are the source's own words."""
    cited = {(p.source, p.section) for p in passages_of(record)}
    nouns: dict[float, set[str]] = {}
    for figure, noun in SOURCE_NOUNS:
        if cited & {(p.source, p.section) for p in figure.passages}:
            nouns.setdefault(figure.valeur, set()).add(noun)
    problems = []
    for field, text in statements(record):
        shown = spaced(text)
        quotations = [match.span() for match in re.finditer(r"«[^»]*»", shown)]
        for value, allowed in nouns.items():
            for pattern in number_patterns(value):
                for match in re.finditer(pattern, shown):
                    if any(start < match.start() < end for start, end in quotations):
                        continue
                    after = shown[match.end() :].lstrip(" «")
                    word = re.match(r"\w+'?", after)
                    if word is None or word.group() in GRAMMAR or any(re.match(re.escape(n) + r"(?!\w)", after) for n in allowed):
                        continue
                    terms = " ou ".join(f"« {n} »" for n in sorted(allowed))
                    problems.append(f"{label(record)}.{field} : « {match.group()} {word.group()} » au lieu de {terms}")
    return problems


RUN = 7


def words(text: str) -> list[str]:
    """Words as a reader counts them, accents and case aside: « l'aide », « médico-social » are one word each."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("œ", "oe").replace("Œ", "Oe"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.findall(r"[a-z0-9]+(?:['-][a-z0-9]+)*", text)


def runs(found: list[str]) -> set[tuple[str, ...]]:
    return {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


def _seed_runs() -> set[tuple[str, ...]]:
    """Every run of RUN words of the sources, but those of a heading or a question (titles may be kept)."""
    every: set[tuple[str, ...]] = set()
    titles: set[tuple[str, ...]] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        every |= runs(words(text))
        for line in text.splitlines():
            if "?" in line or line.lstrip().startswith("#"):
                titles |= runs(words(line))
    return every - titles


SEED_RUNS = _seed_runs()
# a name: two or more capitalised words, with the little words French names hold between them
CAPITALISED = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"
NAME = re.compile(CAPITALISED + r"(?:\s+(?:(?:de|du|des|la|le|les|et|l'|d'|l’|d’)\s*)*" + CAPITALISED + r")+")
# the names of two words or more the base holds, each part of « Groupe Aterna (insertion) » apart
DECLARED_NAMES = {
    part.strip()
    for record in records()
    for _, name in texts(record, NAMES.__contains__)
    for part in re.split(r"[()]", name)
    if len(words(part)) > 1
}
ANY_NAME = re.compile("|".join(re.escape(name) for name in sorted(DECLARED_NAMES, key=len, reverse=True)) + "|" + NAME.pattern)


def copied_runs(text: str) -> list[str]:
    """The runs of RUN or more consecutive words ``text`` shares with a source, names and titles aside.

    A name cuts the text: no run goes through it."""
    shared = []
    for part in ANY_NAME.split(text):
        found = words(part)
        i = 0
        while i <= len(found) - RUN:
            if tuple(found[i : i + RUN]) in SEED_RUNS:
                j = i + RUN
                while j < len(found) and tuple(found[j - RUN + 1 : j + 1]) in SEED_RUNS:
                    j += 1
                shared.append(" ".join(found[i:j]))
                i = j
            else:
                i += 1
    return shared


def copies(record: Any) -> list[str]:
    return [
        f"{label(record)}.{field} : « {run} »"
        for field, text in statements(record, NOT_STATEMENTS | NAMES)
        for run in copied_runs(text)
    ]


def test_every_number_shown_is_in_its_passages_or_said_computed() -> None:
    problems = [problem for record in records() for problem in unstated_numbers(record)]
    assert problems == []


def what(problems: list[str]) -> list[str]:
    """The problems without the record's label."""
    return [problem.split(" : ", 1)[1] for problem in problems]


def test_the_number_check_finds_a_computed_figure_left_unsaid() -> None:
    q2 = [model.Passage("faq-13-questions", "q2")]
    seats = "Y siègent les 2 représentants de chacune des 8 associations-fondatrices"

    def board(composition: str) -> model.GovernanceNode:
        return model.GovernanceNode("ca", "CA", "rôle", ["faq-13-questions"], composition=composition, passages=q2)

    assert what(unstated_numbers(board(f"{seats}, soit 16 personnes."))) == [
        f"« 16 » absent de ses passages, sans « {COMPUTED} »"
    ]
    assert unstated_numbers(board(f"{seats} (16 en tout, {COMPUTED}).")) == []
    valet = [model.Passage("valeurs", "temoignage-valet")]

    def point(text: str) -> model.TestimonialPoint:
        return model.TestimonialPoint(text, passages=valet)

    assert what(unstated_numbers(point("En 2018, trois ans après les attentats de 2015."))) == [
        f"« trois » absent de ses passages, sans « {COMPUTED} »"
    ]
    # 1984 is in the valeurs page, not in this passage: a year may come from the whole document
    assert what(unstated_numbers(point("Depuis 1984, 12 programmes."))) == [f"« 12 » absent de ses passages, sans « {COMPUTED} »"]
    assert what(unstated_numbers(point("En 1983."))) == ["l'année 1983 n'est dans aucune source citée"]


def test_every_quotation_and_source_term_is_in_a_cited_source() -> None:
    problems = [problem for record in records() for problem in misquotations(record)]
    problems += [problem for figure in KB.figures for problem in foreign_terms(figure)]
    assert problems == []


def test_the_quotation_and_term_checks_find_words_no_source_wrote() -> None:
    salami = [model.Passage("valeurs", "temoignage-salami", "phrases 3 à 5")]

    def point(text: str) -> model.TestimonialPoint:
        return model.TestimonialPoint(text, passages=salami)

    assert what(misquotations(point("« Pas juste du sport », un levier."))) == [
        "« Pas juste du sport » n'est dans aucune source citée"
    ]
    assert misquotations(point("Pas « juste du sport », un levier.")) == []
    assert misquotations(point("« Ce n'est pas … du sport »")) == []
    problem = [model.Passage("ashoka-profil-complet", "probleme")]

    def figure(term: str) -> model.Figure:
        undated = model.Precision.non_datee
        return model.Figure("oc", "x", 200000, None, undated, "ashoka-profil-complet", terme_source=term, passages=problem)

    assert what(foreign_terms(figure("OC (organisations citoyennes)"))) == [
        "terme « OC (organisations citoyennes) » absent de ses passages"
    ]
    assert foreign_terms(figure("OC")) == []
    assert foreign_terms(figure("il existe … OC")) == []
    assert len(foreign_terms(figure("OC … il existe"))) == 1  # the pieces in their order
    assert len(foreign_terms(figure("soc"))) == 1  # whole words: « social » does not hold « soc »


def test_a_number_keeps_the_unit_its_source_gives_it() -> None:
    assert {noun for _, noun in SOURCE_NOUNS} >= {"institutions", "personnes", "établissements et services"}
    problems = [problem for record in records() for problem in dropped_terms(record)]
    assert problems == []


def test_the_unit_check_finds_a_source_term_dropped() -> None:
    strategy = [model.Passage("ashoka-profil-complet", "strategie")]

    def event(text: str) -> model.Event:
        return model.Event("e", 2008, "deduite", "t", text, ["ashoka-profil-complet"], passages=strategy)

    assert what(dropped_terms(event("Il compte alors 130 établissements."))) == [
        "« 130 établissements » au lieu de « institutions »"
    ]
    assert what(dropped_terms(event("2 000 salariés et 130 institutions."))) == ["« 2 000 salariés » au lieu de « personnes »"]
    assert dropped_terms(event("2 000 personnes employées, 130 « institutions » sous 23 organisations.")) == []
    assert dropped_terms(event("Des milliers de personnes (2 000 selon le profil).")) == []  # no unit at all
    assert dropped_terms(event("Selon le profil, « réparti entre 130 institutions »")) == []  # a quotation
    biography = [model.Passage("up-conferences", "biographie")]
    point = model.Event("e", 2016, "exacte", "t", "15 000 salariés, 405 établissements.", ["up-conferences"], passages=biography)
    assert what(dropped_terms(point)) == ["« 405 établissements » au lieu de « établissements et services »"]
    elsewhere = model.Event("e", 2016, "exacte", "t", "130 établissements.", ["up-conferences"], passages=biography)
    assert dropped_terms(elsewhere) == []  # only the passages a statement cites give it their terms


def test_no_statement_carries_over_seven_words_of_a_source() -> None:
    problems = [problem for record in records() for problem in copies(record)]
    assert problems == []


def test_the_copy_check_finds_a_carried_over_sentence() -> None:
    copied = "met l'efficacite economique au service de l'interet"
    assert copied_runs("Entreprise sociale, il met l'efficacité économique au service de l'intérêt général.") == [
        f"{copied} general"
    ]
    assert copied_runs("Il met l'efficacité économique au service de l'intérêt.") == [copied]  # 7 words
    assert copied_runs("Il met l'efficacité économique au service de tous.") == []  # 6 words
    assert copied_runs("Des établissements de Groupe SOS Santé et Groupe SOS Seniors.") == []  # names
    assert copied_runs("Voir « Pourquoi le Groupe SOS dispose-t-il d'un patrimoine immobilier ».") == []  # a question title
