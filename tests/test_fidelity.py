"""Fidelity to the five source documents: every locator resolves to its passage, and the passage says it.

These tests read the source texts themselves, which live beside the repository (``../shared/seeds``),
not in it. Without them the tests are skipped, with the reason; they never pass silently.
Checked here, against the text of each cited passage:
- every section of sources.yaml is found in its document, in the order given;
- every passage names a section of a cited document, and the words it quotes in « » are there;
- every number of a figure appears in the passage it cites (or, for a computed figure, its operands);
- every year stated as exact (figures, events, approaches, career steps, birth, conflict positions)
  appears in a passage of each source cited for it.
"""

from __future__ import annotations

import re
import unicodedata
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


def normalized(text: str) -> str:
    """Comparable text: one kind of apostrophe, dash and space, no case, no markup stars."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("−", "-").replace("*", "")
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
        assert SOURCES[source_id].precision == "non datee"
        assert "2010" in DOCUMENTS[source_id].parts["qui-est-il"]
        assert parts["qui-est-il"].annee is None and parts["qui-est-il"].precision == "non datee"
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
