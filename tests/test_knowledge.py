"""The shipped knowledge base holds what the five sources say, with sources and conflicts."""

from __future__ import annotations

import enum
import subprocess
import sys
from pathlib import Path

import pytest

from sosinfo import contract, quantities
from sosinfo.kb import model
from sosinfo.kb.files import BUNDLED_DATA
from sosinfo.kb.loader import load_knowledge, read_knowledge
from sosinfo.kb.model import GovernanceNode, KnowledgeBase


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(BUNDLED_DATA)


def figure(kb: KnowledgeBase, indicator: str, year: int | None, source: str | None = None) -> list[int | float]:
    return [
        f.valeur for f in kb.figures if f.indicateur == indicator and f.annee == year and (source is None or f.source == source)
    ]


def test_shipped_data_has_no_problem() -> None:
    knowledge, problems = read_knowledge(BUNDLED_DATA)
    assert problems == []
    assert knowledge is not None


SUB_QUESTIONS = {1: 0, 2: 3, 3: 1, 4: 4, 5: 1, 6: 0, 7: 0, 8: 4, 9: 3, 10: 0, 11: 0, 12: 0, 13: 2}


def test_every_faq_question_with_its_sub_questions(kb: KnowledgeBase) -> None:
    by_number = {entry.numero: entry for entry in kb.faq}
    assert sorted(by_number) == list(range(1, 14))
    assert {n: len(e.sous_questions) for n, e in by_number.items()} == SUB_QUESTIONS
    assert by_number[7].question == 'Pourquoi le Groupe SOS dispose-t-il d\'un "patrimoine immobilier" ?'
    assert by_number[9].question == "Le Groupe SOS rachète-t-il des associations ? Et des entreprises ?"
    assert [s.question for s in by_number[2].sous_questions][1] == "A qui appartient le Groupe SOS ?"
    for entry in kb.faq:
        assert entry.reponse, entry.numero
        assert entry.sources, entry.numero


def test_faq_answers_keep_the_facts_of_the_original(kb: KnowledgeBase) -> None:
    text = {
        e.numero: " ".join((b.titre or "") + " " + (b.texte or "") + " " + " ".join(b.points) for b in e.reponse) for e in kb.faq
    }
    assert "1984" in text[1] and "SOS Drogue International" in text[1] and "1000 cafés" in text[1]
    assert "9 vice-présidents" in text[2] and "majorité" in text[2] and "Comex" in text[2]
    assert "1,367 milliard" in text[4] and "+5 millions" in text[4] and "0,4 %" in text[4] and "Ségur" in text[4]
    assert "Cour des comptes" in text[5]
    assert "Horizon 2025" in text[6] and "2020" in text[6]
    assert "loyer" in text[7] and "CEF" in text[7]
    assert "170 000" in text[8] and "13" in text[8] and "filialisation" in text[8]
    assert "Altermundi" in text[9] and "lucrativité est limitée" in text[9]
    assert "40 pays" in text[10] and "surloyer solidaire" in text[10] and "Egaldia" in text[10]
    assert "FEHAP" in text[13] and "Mouvement Impact France" in text[13]


def test_figures_of_2008_2016_2021_and_2022(kb: KnowledgeBase) -> None:
    assert figure(kb, "salaries", 2008) == [2000]
    assert figure(kb, "activite", 2008) == [120_000_000]
    assert figure(kb, "etablissements", 2008) == [130]
    assert figure(kb, "organisations-membres", 2008) == [23]
    assert figure(kb, "salaries", 2016) == [15_000]
    assert figure(kb, "etablissements", 2016) == [405]
    assert figure(kb, "activite", 2016) == [800_000_000]
    assert figure(kb, "resultat", 2021) == [5_000_000]
    assert figure(kb, "activite", 2022) == [1_367_000_000]
    assert figure(kb, "associations-reprises", 2022) == [13]
    assert figure(kb, "pairs-personnes-suivies", 2025) == [430]


def test_each_source_keeps_its_own_term(kb: KnowledgeBase) -> None:
    terms = {(f.indicateur, f.annee): f.terme_source for f in kb.figures if f.indicateur == "activite"}
    assert terms[("activite", 2022)] == "chiffre d'activité"
    assert terms[("activite", 2016)] == "chiffre d'affaires"
    assert terms[("activite", 2008)] == "budget annuel"


def test_undated_figures_say_so(kb: KnowledgeBase) -> None:
    undated = [f for f in kb.figures if f.annee is None]
    assert undated and all(f.precision == "non-datee" for f in undated)
    assert figure(kb, "activite", None, "up-conferences") == [700_000_000]
    assert all(f.justification for f in kb.figures if f.precision == "deduite")


@pytest.mark.parametrize(
    ("conflict", "values"),
    [
        ("chiffre-affaires", {700_000_000, 800_000_000}),
        ("salaries", {14_000, 15_000}),
        ("pays", {35, 40}),
        ("etablissements", {350, 405}),
    ],
)
def test_conflicting_figures_are_all_kept_and_marked(kb: KnowledgeBase, conflict: str, values: set[int]) -> None:
    marked = {f.valeur for f in kb.figures if f.conflit == conflict}
    assert values <= marked
    assert conflict in {c.id for c in kb.conflicts}


def test_textual_conflicts_are_kept(kb: KnowledgeBase) -> None:
    conflicts = {c.id: c for c in kb.conflicts}
    assert {p.source for p in conflicts["neutralite"].positions} == {"faq-13-questions", "valeurs"}
    said = " ".join(p.affirmation for p in conflicts["neutralite"].positions)
    assert "apolitique" in said and "apartisane" in said
    assert "decoupage-metiers" in conflicts
    assert {"reserves", "benefices-commerciaux", "annee-1981", "groupe-entreprises", "dividendes", "rachats"} <= set(conflicts)
    # all five sources date the creation to 1984; the short profile is dated by its parts
    assert "creation" not in conflicts and "date-profil-ashoka" not in conflicts
    # the 2008 profile's « petite association » is the group of the mid-1990s, not the first one of 1984
    assert "premiere-association" not in conflicts
    # the 5 trades and the 8 founding associations disagree: each count shows the mark where it is shown
    marked = {f.id for f in kb.figures if f.conflit == "decoupage-metiers"}
    assert {"coeurs-de-metier-up", "coeurs-de-metier-ashoka", "associations-fondatrices"} <= marked


def test_governance_counts(kb: KnowledgeBase) -> None:
    nodes: dict[str, GovernanceNode] = {}

    def collect(node: GovernanceNode) -> None:
        nodes[node.id] = node
        for child in node.enfants:
            collect(child)

    collect(kb.governance)
    assert len(nodes["associations-fondatrices"].enfants) == 8
    assert nodes["directoire"].effectif == 10
    assert nodes["president-directoire"].effectif == 1
    assert nodes["vice-presidents-executifs"].effectif == 9
    assert "majorité" in nodes["directoire"].role
    # the FAQ says who sits on the Union's board (2 per founding association), not that they are all of it
    assert nodes["ca-union"].effectif is None and "16" in (nodes["ca-union"].composition or "")


def test_values_testimonials_founder_timeline(kb: KnowledgeBase) -> None:
    assert [v.nom for v in kb.values] == [
        "Le courage d'être solidaires",
        "La fierté de défendre l'égalité de chacun et chacune",
        "L'audace d'être différent·e·s",
    ]
    assert {t.personne for t in kb.testimonials} == {
        "Moubarakou Salami",
        "Laura Delgado",
        "Nicolas Valet",
        "Célinne Burban",
        "Sophie Campagne",
    }
    founder = kb.people[0]
    assert founder.naissance.annee == 1957 and founder.naissance.lieu == "Aix-en-Provence"
    years = {e.annee for e in kb.events}
    assert {1957, 1977, 1981, 1984, 1987, 1997, 2008, 2010, 2016, 2018, 2020, 2021, 2022, 2025} <= years
    assert any(e.date == "2025-05-15" for e in kb.events)


def test_each_testimonial_point_names_the_sentences_it_stands_on(kb: KnowledgeBase) -> None:
    for testimonial in kb.testimonials:
        assert len(testimonial.points) >= 3, testimonial.id
        for point in testimonial.points:
            assert [(p.source, p.section) for p in point.passages] == [("valeurs", f"temoignage-{testimonial.id}")]
            assert point.passages[0].detail and point.passages[0].detail.startswith("phrase"), point.texte


def test_a_source_is_cited_by_entries_not_by_their_passages(kb: KnowledgeBase) -> None:
    """« Cité par N entrées » counts records that cite the source; where they stand in it adds nothing."""
    from sosinfo.queries import source_list

    counted = {use.source.id: use.citations for use in source_list(kb).sources}
    valeurs = len(kb.values) + len(kb.testimonials)
    valeurs += sum(1 for entry in kb.faq if "valeurs" in entry.sources)
    assert counted["valeurs"] >= valeurs
    passages_of_valeurs = sum(len(t.points) for t in kb.testimonials)
    assert counted["valeurs"] < valeurs + passages_of_valeurs  # the 26 point passages are not entries


def test_sectors_positions_contact(kb: KnowledgeBase) -> None:
    assert len(kb.founding_associations) == 8
    assert len(kb.rankings) == 9 and {r.rang for r in kb.rankings} == {1, 2, 3, 5}
    assert len([p for p in kb.positions]) >= 9
    assert {f.sigle for f in kb.federations} >= {"FEHAP", "CNAPE", "FAS", "Mouvement Impact France"}
    assert kb.contact.email == "info@groupe-sos.org" and "Amelot" in kb.contact.adresse


def test_how_each_source_presents_the_group(kb: KnowledgeBase) -> None:
    approaches = {a.id: a for a in kb.approaches}
    assert set(approaches) == {
        "mission-up",
        "presentation-ashoka",
        "idee-ashoka",
        "probleme-2008",
        "strategie-2008",
        "apport-fondateur",
    }
    assert "première entreprise sociale européenne" in " ".join(approaches["presentation-ashoka"].points)
    assert approaches["presentation-ashoka"].precision == "non-datee"  # the profiles' header is undated
    assert approaches["idee-ashoka"].precision == "deduite"  # the 2008 body is dated by a note, not by itself
    strategy = " ".join(approaches["strategie-2008"].points)
    assert "trois étapes" in strategy and "Stade de France" in strategy and "doubler en trois ans" in strategy
    assert "200 000" in " ".join(approaches["probleme-2008"].points)
    assert "personnes physiques" in " ".join(approaches["mission-up"].points)


def test_no_sentence_copied_from_the_sources(kb: KnowledgeBase) -> None:
    """Nothing shared but the FAQ's own question titles, which may be kept as written.

    The checker knows a source title by cutting its lines at each « ? »: it takes question 9, two
    questions on one line, for a sentence carried over. Any other run it finds fails this test."""
    checker = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "copied_sentences.py"
    if not checker.exists():
        pytest.skip("shared/tools/copied_sentences.py is not beside this checkout")
    done = subprocess.run([sys.executable, str(checker), str(BUNDLED_DATA)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize(
    ("typed", "echoed"),
    [
        ("abc", "abc"),
        ("a\x1bb", "a?b"),
        ("a\u2066b\u2069", "a?b?"),  # bidi isolates: format characters, printable to Python
        ("a\u200bb", "a?b"),
        ("é à", "é à"),
        ("x" * 60, "x" * 60),
        ("x" * 61, "x" * 59 + "…"),
    ],
)
def test_user_input_is_echoed_inert_and_bounded(typed: str, echoed: str) -> None:
    from sosinfo.text import printable

    assert printable(typed, 60) == echoed


@pytest.mark.parametrize(
    ("enumeration", "labels"),
    [
        (model.Precision, model.PRECISION_LABELS),
        (model.Precision, model.SOURCE_DATINGS),
        (model.ManagementMode, model.MANAGEMENT_LABELS),
        (model.Approximation, quantities.APPROXIMATIONS),
    ],
    ids=["precision", "datation", "gestion", "approximation"],
)
def test_every_enumeration_member_has_its_french_words(enumeration: type[enum.StrEnum], labels: dict[str, str]) -> None:
    """One identifier per member, written the same in data, model and JSON; one French label each, nothing else."""
    assert set(labels) == {member.value for member in enumeration}
    assert all(member.value == contract.identifier(member.value) for member in enumeration)  # already an identifier
    assert all(label and label != key for key, label in labels.items() if "-" in key)  # never the identifier shown


def test_a_data_file_writes_enumerations_as_identifiers(data_copy: Path) -> None:
    """« non datee » (the old spelling, with a space) is refused, naming the identifiers."""
    path = data_copy / "sources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("precision: non-datee", "precision: non datee", 1), encoding="utf-8")
    _, problems = read_knowledge(data_copy)
    assert [p.message for p in problems] == [
        "« precision » doit être l'une des valeurs « exacte », « deduite », « non-datee », pas « non datee »"
    ]
