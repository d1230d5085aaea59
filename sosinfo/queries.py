"""Answers to the questions the commands ask, as typed data (no formatting, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sosinfo.errors import NotFoundError, UsageError
from sosinfo.model import (
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
from sosinfo.text import fold, printable, suggest


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


@dataclass(eq=False)
class Approaches:
    approaches: list[Approach]
    sources: list[Source]


@dataclass(eq=False)
class Export:
    knowledge: KnowledgeBase


def _sources(kb: KnowledgeBase, ids: list[str]) -> list[Source]:
    wanted = list(dict.fromkeys(ids))
    by_id = {source.id: source for source in kb.sources}
    return [by_id[i] for i in wanted if i in by_id]


def faq_list(kb: KnowledgeBase) -> FaqList:
    return FaqList(sorted(kb.faq, key=lambda entry: entry.numero))


def faq_answer(kb: KnowledgeBase, number: int) -> FaqAnswer:
    by_number = {entry.numero: entry for entry in kb.faq}
    entry = by_number.get(number)
    if entry is None:
        low, high = min(by_number), max(by_number)
        raise NotFoundError(
            f"Il n'y a pas de question n° {number} : la FAQ compte {len(by_number)} questions, numérotées de {low} à {high}.",
            hint="« sosinfo faq » les liste toutes.",
        )
    related = [by_number[n] for n in entry.voir_aussi if n in by_number]
    return FaqAnswer(entry, related, _sources(kb, entry.sources))


def resolve_indicator(kb: KnowledgeBase, name: str) -> Indicator:
    """An indicator by id, label or alias, compared without case or accents."""
    wanted = fold(name.strip())
    names: dict[str, Indicator] = {}
    for indicator in kb.indicators:
        for label in (indicator.id, indicator.libelle, *indicator.alias):
            names.setdefault(fold(label), indicator)
    if wanted in names:
        return names[wanted]
    close = suggest(name, [i.id for i in kb.indicators] + [a for i in kb.indicators for a in i.alias])
    hint = f"Vouliez-vous dire « {names[fold(close)].id} » ?" if close else None
    available = ", ".join(indicator.id for indicator in kb.indicators)
    raise UsageError(
        f"Indicateur inconnu : « {printable(name)} ».",
        hint=(hint + "\n" if hint else "") + f"Indicateurs disponibles : {available}.",
    )


def figure_years(kb: KnowledgeBase) -> list[int]:
    return sorted({figure.annee for figure in kb.figures if figure.annee is not None})


def figures(kb: KnowledgeBase, year: int | None = None, indicator_name: str | None = None, chart: bool = False) -> FigureTable:
    indicators = {indicator.id: indicator for indicator in kb.indicators}
    order = {indicator.id: position for position, indicator in enumerate(kb.indicators)}
    sources = {source.id: source for source in kb.sources}
    indicator = resolve_indicator(kb, indicator_name) if indicator_name is not None else None
    if chart and indicator is None:
        raise UsageError(
            "« --graphique » dessine une série : précisez-la avec « --indicateur ».",
            hint="Par exemple : sosinfo chiffres --indicateur salaries --graphique",
        )
    selected = [f for f in kb.figures if indicator is None or f.indicateur == indicator.id]
    if year is not None:
        years = figure_years(kb)
        if year not in years:
            nearest = min(years, key=lambda y: (abs(y - year), y)) if years else None
            raise NotFoundError(
                f"Les sources ne donnent aucun chiffre pour l'année {year}.",
                hint=f"Années disponibles : {', '.join(map(str, years))}." + (f" La plus proche : {nearest}." if nearest else ""),
            )
        selected = [f for f in selected if f.annee == year]
        if not selected:
            assert indicator is not None
            series = sorted({str(f.annee) for f in kb.figures if f.indicateur == indicator.id and f.annee})
            raise NotFoundError(
                f"Aucun chiffre « {indicator.libelle} » pour {year}.",
                hint=f"Années de cette série : {', '.join(series) or 'aucune'} (voir aussi les chiffres non datés).",
            )
    selected.sort(key=lambda f: (order[f.indicateur], f.annee is None, f.annee or 0, f.source))
    rows = [FigureRow(f, indicators[f.indicateur], sources[f.source]) for f in selected]
    conflict_ids = {f.conflit for f in selected if f.conflit}
    conflicts = [c for c in kb.conflicts if c.id in conflict_ids]
    return FigureTable(rows, year, indicator, chart, conflicts)


def governance(kb: KnowledgeBase) -> Governance:
    return Governance(kb.governance, _sources(kb, kb.governance.sources))


def values(kb: KnowledgeBase) -> Values:
    rows = [ValueWithTestimonials(v, [t for t in kb.testimonials if t.valeur == v.id]) for v in kb.values]
    return Values(rows, _sources(kb, [s for v in kb.values for s in v.sources]))


def testimonials(kb: KnowledgeBase) -> Testimonials:
    return Testimonials(kb.testimonials, {v.id: v for v in kb.values}, _sources(kb, [t.source for t in kb.testimonials]))


def founder(kb: KnowledgeBase) -> Founder:
    if not kb.people:
        raise NotFoundError("La base de connaissances ne contient aucune biographie.")
    person = kb.people[0]
    return Founder(person, _sources(kb, person.sources))


def timeline(kb: KnowledgeBase, since: int | None = None, until: int | None = None) -> Timeline:
    if since is not None and until is not None and since > until:
        raise UsageError(f"« --depuis {since} » est après « --jusqua {until} ».", hint="Inversez les deux années.")
    events = sorted(kb.events, key=lambda e: (e.annee, e.date or ""))
    chosen = [e for e in events if (since is None or e.annee >= since) and (until is None or e.annee <= until)]
    if not chosen:
        span = f"{events[0].annee} à {events[-1].annee}" if events else "aucune"
        raise NotFoundError("Aucun événement daté dans cette période.", hint=f"La chronologie va de {span}.")
    return Timeline(chosen, since, until, _sources(kb, [s for e in chosen for s in e.sources]))


def sectors(kb: KnowledgeBase) -> Sectors:
    ids = [
        s for group in (kb.founding_associations, kb.activity_forms, kb.breakdowns, kb.rankings) for r in group for s in r.sources
    ]
    return Sectors(kb.founding_associations, kb.activity_forms, kb.breakdowns, kb.rankings, _sources(kb, ids))


def advocacy(kb: KnowledgeBase) -> Advocacy:
    ids = [s for group in (kb.positions, kb.methods, kb.federations) for r in group for s in r.sources]
    return Advocacy(kb.positions, kb.methods, kb.federations, _sources(kb, ids))


def contact(kb: KnowledgeBase) -> ContactCard:
    return ContactCard(kb.contact, _sources(kb, kb.contact.sources))


def source_list(kb: KnowledgeBase) -> SourceList:
    from sosinfo.loader import sections_of, walk_records

    counts = dict.fromkeys((s.id for s in kb.sources), 0)
    for record in walk_records(sections_of(kb)):
        named = getattr(record, "sources", None) or ([record.source] if isinstance(getattr(record, "source", None), str) else [])
        for source_id in set(named):
            if source_id in counts:
                counts[source_id] += 1
    return SourceList([SourceUse(s, counts[s.id]) for s in kb.sources])


def conflict_list(kb: KnowledgeBase) -> ConflictList:
    return ConflictList(kb.conflicts, {s.id: s for s in kb.sources})


def approaches(kb: KnowledgeBase) -> Approaches:
    return Approaches(kb.approaches, _sources(kb, [a.source for a in kb.approaches]))


def export(kb: KnowledgeBase) -> Export:
    return Export(kb)


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


@dataclass(eq=False)
class SearchResults:
    query: str
    hits: list[Hit]
    direct_answer: bool  # the first hits answer a question about a figure
