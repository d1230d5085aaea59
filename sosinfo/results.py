"""Every typed answer the application can give: what queries and search return, what renderers take.

``Result`` is the union of them all; each renderer handles every member (checked by mypy with
``assert_never`` and by a test over every result type and format).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sosinfo.errors import Problem
from sosinfo.kb.model import (
    ActivityForm,
    AdvocacyMethod,
    AdvocacyPosition,
    Approach,
    Breakdown,
    Conflict,
    Contact,
    Event,
    FaqEntry,
    Federation,
    Figure,
    FoundingAssociation,
    GovernanceNode,
    Indicator,
    KnowledgeBase,
    Person,
    Ranking,
    Source,
    Testimonial,
    Value,
)


@dataclass(eq=False)
class FaqList:
    entries: list[FaqEntry]


@dataclass(eq=False)
class FaqAnswer:
    entry: FaqEntry
    related: list[FaqEntry]
    sources: list[Source]


@dataclass(eq=False)
class FigureRow:
    figure: Figure
    indicator: Indicator
    source: Source


@dataclass(eq=False)
class FigureTable:
    rows: list[FigureRow]
    year: int | None
    indicator: Indicator | None
    chart: bool
    conflicts: list[Conflict]
    latest: bool = False  # the latest value of every indicator (``chiffres --recents``)
    numbers: dict[str, int] = field(default_factory=dict)  # conflict id -> its number in the base (« ⚠2 » everywhere)


@dataclass(eq=False)
class Governance:
    root: GovernanceNode
    sources: list[Source]


@dataclass(eq=False)
class ValueWithTestimonials:
    value: Value
    testimonials: list[Testimonial]


@dataclass(eq=False)
class Values:
    values: list[ValueWithTestimonials]
    sources: list[Source]


@dataclass(eq=False)
class Testimonials:
    testimonials: list[Testimonial]
    values: dict[str, Value]
    sources: list[Source]


@dataclass(eq=False)
class Founder:
    person: Person
    sources: list[Source]


@dataclass(eq=False)
class Timeline:
    events: list[Event]
    since: int | None
    until: int | None
    sources: list[Source]


@dataclass(eq=False)
class Sectors:
    associations: list[FoundingAssociation]
    forms: list[ActivityForm]
    breakdowns: list[Breakdown]
    rankings: list[Ranking]
    sources: list[Source]
    narrowed: bool = False  # one trade asked for (``secteurs jeunesse``): what is empty is said to be empty


@dataclass(eq=False)
class Advocacy:
    positions: list[AdvocacyPosition]
    methods: list[AdvocacyMethod]
    federations: list[Federation]
    sources: list[Source]


@dataclass(eq=False)
class ContactCard:
    contact: Contact
    sources: list[Source]


@dataclass(eq=False)
class SourceUse:
    source: Source
    citations: int  # how many entries of the knowledge base name it


@dataclass(eq=False)
class SourceList:
    sources: list[SourceUse]


@dataclass(eq=False)
class ConflictList:
    conflicts: list[Conflict]
    sources: dict[str, Source]
    numbers: dict[str, int] = field(default_factory=dict)  # conflict id -> its number in the base (« ⚠2 » everywhere)


@dataclass(eq=False)
class Approaches:
    approaches: list[Approach]
    sources: list[Source]


@dataclass(eq=False)
class Export:
    """The whole knowledge base, as the answers of every command (so renderers never query)."""

    knowledge: KnowledgeBase
    faq: list[FaqAnswer]
    figures: FigureTable
    governance: Governance
    values: Values
    testimonials: Testimonials
    founder: Founder
    timeline: Timeline
    sectors: Sectors
    advocacy: Advocacy
    contact: ContactCard
    approaches: Approaches
    sources: SourceList
    conflicts: ConflictList

    def sections(self) -> list[Result]:
        """The sections after the FAQ, in the order of the exported document."""
        return [
            self.figures,
            self.governance,
            self.values,
            self.testimonials,
            self.founder,
            self.timeline,
            self.sectors,
            self.advocacy,
            self.contact,
            self.approaches,
            self.sources,
            self.conflicts,
        ]


@dataclass(eq=False)
class Hit:
    """One search result: the entry, how well it ranks, the passage that matched."""

    id: str
    type: str
    title: str
    command: str
    record: dict[str, Any]
    score: float
    excerpt: str
    highlights: list[tuple[int, int]]  # spans of matched words in the excerpt
    answer: str | None = None  # on the first hit only: the fact asked, in one line (see SearchResults.answer)


@dataclass(eq=False)
class SearchResults:
    query: str
    hits: list[Hit]
    direct_answer: bool  # the first hits answer a question about a figure
    answer: str | None = None  # a fact question answered in one line, from the first hit (« 15 000 salariés… »)
    kind: str | None = None  # the type the results were restricted to (``--type``), if any
    # when nothing answers: what the sources never speak of (a name, a word asked), and the closest entries
    unknown: list[str] = field(default_factory=list)
    nearby: list[Hit] = field(default_factory=list)
    # « --preuves » in text: the title of each part of each source, (source, part) -> title; not in JSON
    sections: dict[tuple[str, str], str] = field(default_factory=dict)

    def silence(self) -> str:
        """Why nothing answers, honestly, in one sentence (said alike by ``sosinfo recherche`` and the explorer):
        no exact answer when the closest entries are shown, the names or words the sources never write, or
        nothing at all."""
        from sosinfo.text import printable

        query = printable(self.query)
        unknown = " ni de ".join(f"« {printable(word, 60)} »" for word in self.unknown)
        if self.nearby:
            said = f" : les sources ne parlent pas de {unknown}" if unknown else ""
            return f"Pas de réponse exacte à « {query} »{said}."
        if unknown:
            return f"Les sources ne parlent pas de {unknown}."
        return f"Les sources ne disent rien de « {query} »."


@dataclass(eq=False)
class About:
    """What ``sosinfo --version`` tells: the program, the JSON contract, and the knowledge base in use."""

    version: str
    contract: str
    directory: str
    bundled: bool  # the base shipped with the program, not one given by --data-dir or SOSINFO_DATA
    records: int
    newest: Source | None  # the most recent of the documents the base comes from


@dataclass(eq=False)
class VerificationReport:
    directory: str
    problems: list[Problem]
    counts: dict[str, int]


Result = (
    FaqList
    | FaqAnswer
    | FigureTable
    | Governance
    | Values
    | Testimonials
    | Founder
    | Timeline
    | Sectors
    | Advocacy
    | ContactCard
    | SourceList
    | ConflictList
    | Approaches
    | Export
    | SearchResults
    | VerificationReport
)

CONFLICTS = "conflits"  # what a link names besides the kinds of entry: the disagreements between sources


@dataclass(frozen=True)
class Link:
    """Another entry an answer points to, by what it is, never by the command that shows it (only the
    interface spells a command): a kind of entry (``kinds.KINDS``) or :data:`CONFLICTS`, and its slug
    (« 7 », « salami »); no slug: the entries of that kind as a whole."""

    kind: str
    key: str = ""
    label: str = ""


def links(result: Result) -> list[Link]:
    """The entries ``result`` points to, in the order its answer names them."""
    match result:
        case FaqAnswer(related=related):
            return [Link("faq", str(entry.numero), entry.question) for entry in related]
        case FigureTable(conflicts=conflicts) if conflicts:
            return [Link(CONFLICTS, label="Désaccords entre sources")]
        case Values(values=items) if any(item.testimonials for item in items):
            return [Link("temoignage", label="Témoignages")]
        case SourceList():
            return [Link(CONFLICTS, label="Désaccords entre sources")]
        case SearchResults(hits=hits):
            found = [Link(hit.type, hit.id.partition(":")[2], hit.title) for hit in hits]
            disagree = any(hit.record.get("conflit") for hit in hits)
            return found + ([Link(CONFLICTS, label="Désaccords entre sources")] if disagree else [])
    return []
