"""Typed model of the knowledge base.

Field names are the YAML keys and the JSON keys of the output contract, hence French: they
are part of the user-facing schema. Classes and code around them speak English.
Every class is validated field by field from its annotations (see ``loader.py``).
Every record that makes a statement carries ``passages``: where in each cited source it stands
(a section listed in sources.yaml, and where inside it), so that a reader can go and check.

Records are immutable by convention, not ``frozen``: a frozen dataclass takes twice as long to
create, and the ~60 record classes are created at every start of the program (measured: 23 ms
frozen with slots, 9 ms with ``eq=False``; see bench/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# Enumerations: one identifier each, the same in the data files, the model and JSON; the French words
# a reader sees are in the label map beside each (a test checks that every member has its label).


class Precision(StrEnum):
    """How a date is known."""

    exacte = "exacte"
    deduite = "deduite"
    non_datee = "non-datee"


PRECISION_LABELS: dict[str, str] = {Precision.exacte: "exacte", Precision.deduite: "déduite", Precision.non_datee: "non datée"}
# a document's date, said of the document as a whole: « (non datée) » beside an introduction of 2008 reads as a contradiction
SOURCE_DATINGS: dict[str, str] = {
    Precision.exacte: "date écrite dans le document",
    Precision.deduite: "date déduite",
    Precision.non_datee: "pas de date d'ensemble",
}


class ValueLink(StrEnum):
    """Whether the person of a testimonial names the value it illustrates, or sosinfo links them."""

    explicite = "explicite"
    deduit = "deduit"


class ManagementMode(StrEnum):
    """How an association-fondatrice is run."""

    controle_public = "controle-public"
    gestion_libre = "gestion-libre"
    non_precise = "non-precise"


MANAGEMENT_LABELS: dict[str, str] = {
    ManagementMode.controle_public: "sous contrôle des pouvoirs publics",
    ManagementMode.gestion_libre: "gestion libre",
    ManagementMode.non_precise: "non précisé par la FAQ",
}


class Approximation(StrEnum):
    """How close a figure's value is (its words: ``quantities.APPROXIMATIONS``, which formats numbers below this layer)."""

    environ = "environ"
    plus_de = "plus-de"
    pres_de = "pres-de"


def management_label(mode: str) -> str:
    """The French words for how an association-fondatrice is run (the base and JSON keep an identifier)."""
    return MANAGEMENT_LABELS.get(mode, mode)


def source_dating(precision: str) -> str:
    """How a document's date is known, said of the document as a whole."""
    return SOURCE_DATINGS.get(precision, PRECISION_LABELS.get(precision, precision))


@dataclass(eq=False)
class SourceSection:
    """A part of a source document a reader can find: a heading, a question, a box, a testimonial.

    ``repere`` is the text that opens the part in the document's file (its heading, as written);
    ``annee``/``precision`` date the part when it differs from the document as a whole.
    """

    id: str
    titre: str
    repere: str
    annee: int | None = None
    precision: Precision | None = None
    justification: str | None = None


@dataclass(eq=False)
class Passage:
    """Where a statement stands: a source it cites, a section of that source, where inside it."""

    source: str
    section: str
    detail: str | None = None


@dataclass(eq=False)
class Source:
    id: str
    titre: str
    editeur: str
    nature: str
    couverture: str
    date: str
    annee: int | None
    precision: Precision
    justification: str
    fichier: str  # the document's file in the project's archive of sources, for maintainers
    apports: list[str]
    publication: str | None = None  # where the document was published, as the document itself shows it
    adresse: str | None = None  # the address of that page, when one is known (none of the five texts gives it)
    sections: list[SourceSection] = field(kw_only=True)


@dataclass(eq=False)
class SubQuestion:
    question: str


@dataclass(eq=False)
class AnswerBlock:
    titre: str | None = None
    texte: str | None = None
    points: list[str] = field(default_factory=list)
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class FaqEntry:
    numero: int
    question: str
    sous_questions: list[SubQuestion]
    reponse: list[AnswerBlock]
    voir_aussi: list[int]
    sources: list[str]
    mots_cles: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Indicator:
    id: str
    libelle: str
    unite: str
    alias: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Figure:
    id: str
    indicateur: str
    valeur: int | float
    annee: int | None
    precision: Precision
    source: str
    terme_source: str | None = None
    qualificatif: Approximation | None = None
    justification: str | None = None
    note: str | None = None
    conflit: str | None = None
    calcul: str | None = None  # the arithmetic, when the value is computed from numbers the passage states
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class ConflictPosition:
    source: str
    annee: int | None
    affirmation: str
    chiffre: str | None = None
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class Conflict:
    id: str
    sujet: str
    explication: str
    positions: list[ConflictPosition]


@dataclass(eq=False)
class GovernanceNode:
    id: str
    nom: str
    role: str
    sources: list[str]
    composition: str | None = None
    effectif: int | None = None
    effectif_precision: Precision | None = None
    enfants: list[GovernanceNode] = field(default_factory=list)
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class Value:
    id: str
    nom: str
    resume: str
    points: list[str]
    sources: list[str]
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class TestimonialPoint:
    """One point of a testimonial, in our words, with the sentences of the quotation it stands on."""

    texte: str
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class Testimonial:
    id: str
    personne: str
    fonction: str
    entite: str
    lieu: str | None
    valeur: str
    lien_valeur: ValueLink
    resume: str
    points: list[TestimonialPoint]
    source: str
    chiffres: list[str] = field(default_factory=list)
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class Birth:
    annee: int
    lieu: str
    source: str
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class Role:
    intitule: str
    sources: list[str]
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class CareerStep:
    annee: int | None
    periode: str
    texte: str
    sources: list[str]
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class Person:
    id: str
    nom: str
    naissance: Birth
    fonctions: list[Role]
    parcours: list[CareerStep]
    portrait: list[str]
    sources: list[str]
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class Event:
    id: str
    annee: int
    precision: Precision
    titre: str
    texte: str
    sources: list[str]
    date: str | None = None
    justification: str | None = None
    mots_cles: list[str] = field(default_factory=list)
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class FoundingAssociation:
    id: str
    nom: str
    mode_gestion: ManagementMode
    activites: list[str]
    sources: list[str]
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class ActivityForm:
    id: str
    nom: str
    gestion: str
    benefices: str
    associations: list[str]
    sources: list[str]
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class Breakdown:
    id: str
    libelle: str
    elements: list[str]
    sources: list[str]
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class Ranking:
    id: str
    domaine: str
    rang: int
    libelle: str
    sources: list[str]
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class AdvocacyPosition:
    id: str
    theme: str
    texte: str
    sources: list[str]
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class AdvocacyMethod:
    id: str
    nom: str
    texte: str
    sources: list[str]
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class Federation:
    id: str
    sigle: str
    sources: list[str]
    note: str | None = None
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class Contact:
    nom: str
    devise: str
    adresse: str
    telephone: str
    email: str
    site: str
    reseaux: list[str]
    reseaux_note: str
    sources: list[str]
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class Approach:
    """How one source presents the group: its mission, idea, the problem met, its strategy."""

    id: str
    titre: str
    sources: list[str]  # the source that speaks, and any other that says the same words
    annee: int | None
    precision: Precision
    points: list[str]
    justification: str | None = None
    passages: list[Passage] = field(kw_only=True)


@dataclass(eq=False)
class SynonymGroup:
    termes: list[str]


@dataclass(eq=False)
class AskedFor:
    """How people ask for one entry of the base, in their own words: questions, everyday words, English.

    Read by the search as a field of that entry, never shown; ``id`` is the entry's JSON id
    (« faq:7 », « indicateur:salaries » for all the figures of an indicator)."""

    id: str
    questions: list[str]
    mots: list[str]
    anglais: list[str]


@dataclass(eq=False)
class KnowledgeBase:
    sources: list[Source]
    faq: list[FaqEntry]
    indicators: list[Indicator]
    figures: list[Figure]
    conflicts: list[Conflict]
    governance: GovernanceNode
    values: list[Value]
    testimonials: list[Testimonial]
    people: list[Person]
    events: list[Event]
    founding_associations: list[FoundingAssociation]
    activity_forms: list[ActivityForm]
    breakdowns: list[Breakdown]
    rankings: list[Ranking]
    positions: list[AdvocacyPosition]
    methods: list[AdvocacyMethod]
    federations: list[Federation]
    contact: Contact
    approaches: list[Approach]
    synonyms: list[SynonymGroup]
    question_bank: list[AskedFor]
