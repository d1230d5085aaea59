"""Answers to the questions the commands ask, as typed results (no formatting, no I/O)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sosinfo.errors import NotFoundError, UsageError
from sosinfo.kb.loader import sections_of, walk_records
from sosinfo.kb.model import (
    Conflict,
    FaqEntry,
    Figure,
    Indicator,
    KnowledgeBase,
    Passage,
    Source,
)
from sosinfo.results import (
    Advocacy,
    Approaches,
    ConflictList,
    ContactCard,
    Export,
    FaqAnswer,
    FaqList,
    FigureRow,
    FigureTable,
    Founder,
    Governance,
    Sectors,
    SourceList,
    SourceUse,
    Testimonials,
    Timeline,
    Values,
    ValueWithTestimonials,
)
from sosinfo.text import fold, printable, suggest

T = TypeVar("T")


def _sources(kb: KnowledgeBase, ids: list[str]) -> list[Source]:
    wanted = list(dict.fromkeys(ids))
    by_id = {source.id: source for source in kb.sources}
    return [by_id[i] for i in wanted if i in by_id]


def faq_list(kb: KnowledgeBase) -> FaqList:
    return FaqList(sorted(kb.faq, key=lambda entry: entry.numero))


def faq_by_words(kb: KnowledgeBase, words: str) -> FaqAnswer:
    """The FAQ answer that best matches ``words`` (« budget »): the most words found, question first.

    Nothing matches: the message names the closest question words, and the search.
    """
    wanted = [w for w in fold(words).split() if len(w) > 2] or fold(words).split()

    def score(entry: FaqEntry) -> tuple[int, int]:
        question = fold(" ".join([entry.question, *(s.question for s in entry.sous_questions), *entry.mots_cles]))
        body = fold(" ".join(" ".join([b.titre or "", b.texte or "", *b.points]) for b in entry.reponse))
        return sum(w in question for w in wanted), sum(w in body for w in wanted)

    best = max(sorted(kb.faq, key=lambda e: e.numero), key=score, default=None)
    if best is None or score(best) == (0, 0):
        vocabulary = sorted({w for e in kb.faq for w in fold(e.question).replace("?", " ").split() if len(w) > 3})
        close = suggest(words, vocabulary)
        raise NotFoundError(
            f"Aucune question de la FAQ ne parle de « {printable(words)} ».",
            hint=(f"Vouliez-vous dire « {close} » ? " if close else "")
            + f'Cherchez dans toute la base : sosinfo recherche "{printable(words)}"',
        )
    return faq_answer(kb, best.numero)


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
    raise NotFoundError(  # a name the base does not hold: « nothing found », as for a trade or a person
        f"Indicateur inconnu : « {printable(name)} ».",
        hint=(hint + "\n" if hint else "") + f"Indicateurs disponibles : {available}.",
    )


def figure_years(kb: KnowledgeBase) -> list[int]:
    return sorted({figure.annee for figure in kb.figures if figure.annee is not None})


def figures(kb: KnowledgeBase, year: int | None = None, indicator_name: str | None = None, chart: bool = False) -> FigureTable:
    order = {indicator.id: position for position, indicator in enumerate(kb.indicators)}
    indicator = resolve_indicator(kb, indicator_name) if indicator_name is not None else None
    if chart and indicator is None:
        raise UsageError(
            "« --graphique » dessine une série : précisez-la avec « --indicateur ».",
            hint="Par exemple : sosinfo chiffres --indicateur salaries --graphique",
        )
    selected = [f for f in kb.figures if indicator is None or f.indicateur == indicator.id]
    if year is not None:
        # the years offered are those of what is asked: the series, or every figure
        years = sorted({f.annee for f in selected if f.annee is not None})
        if year not in years:
            raise _no_figure_for(year, years, indicator)
        selected = [f for f in selected if f.annee == year]
    selected.sort(key=lambda f: (order[f.indicateur], f.annee is None, f.annee or 0, f.source))
    rows, conflicts = _rows_and_conflicts(kb, selected)
    return FigureTable(rows, year, indicator, chart, conflicts, numbers=conflict_numbers(kb))


def _no_figure_for(year: int, years: list[int], indicator: Indicator | None) -> NotFoundError:
    """No figure for ``year``: the years there are, and the nearest."""
    nearest = min(years, key=lambda y: (abs(y - year), y)) if years else None
    what = f"« {indicator.libelle} »" if indicator is not None else "aucun chiffre"
    message = f"Les sources ne donnent {what} pour l'année {year}." if indicator is None else f"Aucun chiffre {what} pour {year}."
    label = "Années de cette série" if indicator is not None else "Années disponibles"
    return NotFoundError(
        message,
        hint=f"{label} : {', '.join(map(str, years)) or 'aucune'}."
        + (f" La plus proche : {nearest}." if nearest else "")
        + (" Voir aussi les chiffres non datés." if indicator is not None else ""),
    )


def _rows_and_conflicts(kb: KnowledgeBase, chosen: list[Figure]) -> tuple[list[FigureRow], list[Conflict]]:
    """The figures ``chosen``, each with its indicator and source, and the conflicts they are part of."""
    indicators = {each.id: each for each in kb.indicators}
    sources = {source.id: source for source in kb.sources}
    rows = [FigureRow(f, indicators[f.indicateur], sources[f.source]) for f in chosen]
    conflict_ids = {f.conflit for f in chosen if f.conflit}
    return rows, [c for c in kb.conflicts if c.id in conflict_ids]


def conflict_numbers(kb: KnowledgeBase) -> dict[str, int]:
    """Each conflict's number, its place in the base: the same « ⚠2 » in every answer that shows it."""
    return {conflict.id: number for number, conflict in enumerate(kb.conflicts, start=1)}


def latest_figures(kb: KnowledgeBase) -> FigureTable:
    """The latest value of every indicator, with its year, source and conflict mark.

    The latest year a source gives; when two sources give that year, both (a conflict stays
    visible). An indicator that no source dates keeps its undated figures.
    """
    chosen = []
    for indicator in kb.indicators:
        series = [f for f in kb.figures if f.indicateur == indicator.id]
        dated = [f for f in series if f.annee is not None]
        if dated:
            last = max(f.annee for f in dated if f.annee is not None)
            chosen += sorted((f for f in dated if f.annee == last), key=lambda f: f.source)
        else:
            chosen += sorted(series, key=lambda f: f.source)
    rows, conflicts = _rows_and_conflicts(kb, chosen)
    return FigureTable(rows, None, None, False, conflicts, latest=True, numbers=conflict_numbers(kb))


def governance(kb: KnowledgeBase) -> Governance:
    return Governance(kb.governance, _sources(kb, kb.governance.sources))


def values(kb: KnowledgeBase) -> Values:
    rows = [ValueWithTestimonials(v, [t for t in kb.testimonials if t.valeur == v.id]) for v in kb.values]
    return Values(rows, _sources(kb, [s for v in kb.values for s in v.sources]))


def _matching(name: str, records: list[T], fields: Callable[[T], list[str]], what: str, command: str) -> list[T]:
    """The records one of whose ``fields`` holds every word of ``name`` (no case, no accents)."""
    words = fold(name).split()
    found = [r for r in records if all(any(w in fold(text) for text in fields(r)) for w in words)]
    if not found:
        raise NotFoundError(f"Aucun {what} ne correspond à « {printable(name)} ».", hint=f"« {command} » les liste tous.")
    return found


def testimonials(kb: KnowledgeBase, name: str | None = None) -> Testimonials:
    """Every testimonial, or those whose person, role, entity or place matches ``name`` (« valet »)."""
    chosen = kb.testimonials
    if name is not None:
        chosen = _matching(
            name, chosen, lambda t: [t.id, t.personne, t.fonction, t.entite, t.lieu or ""], "témoignage", "sosinfo temoignages"
        )
    return Testimonials(chosen, {v.id: v for v in kb.values}, _sources(kb, [t.source for t in chosen]))


def founder(kb: KnowledgeBase) -> Founder:
    if not kb.people:
        raise NotFoundError("La base de connaissances ne contient aucune biographie.")
    person = kb.people[0]
    return Founder(person, _sources(kb, person.sources))


def timeline(kb: KnowledgeBase, since: int | None = None, until: int | None = None) -> Timeline:
    if since is not None and until is not None and since > until:
        raise UsageError(f"« --depuis {since} » est après « --jusqua {until} ».", hint="Inversez les deux années.")
    # in a year, the dated events first (by date), then those whose year is only deduced
    events = sorted(kb.events, key=lambda e: (e.annee, e.precision == "deduite", e.date or ""))
    chosen = [e for e in events if (since is None or e.annee >= since) and (until is None or e.annee <= until)]
    if not chosen:
        span = f"{events[0].annee} à {events[-1].annee}" if events else "aucune"
        raise NotFoundError("Aucun événement daté dans cette période.", hint=f"La chronologie va de {span}.")
    return Timeline(chosen, since, until, _sources(kb, [s for e in chosen for s in e.sources]))


def sectors(kb: KnowledgeBase, name: str | None = None) -> Sectors:
    """Every trade, or the founding association (and its rankings) that ``name`` designates (« jeunesse »)."""
    if name is None:
        associations, forms, breakdowns, rankings = kb.founding_associations, kb.activity_forms, kb.breakdowns, kb.rankings
    else:
        associations = _matching(
            name, kb.founding_associations, lambda a: [a.id, a.nom, *a.activites], "métier", "sosinfo secteurs"
        )
        words = fold(name).split()
        forms = [f for f in kb.activity_forms if any(a.id in f.associations for a in associations)]
        breakdowns = []
        rankings = [r for r in kb.rankings if all(w in fold(f"{r.domaine} {r.libelle}") for w in words)]
    ids = [s for group in (associations, forms, breakdowns, rankings) for r in group for s in r.sources]
    return Sectors(associations, forms, breakdowns, rankings, _sources(kb, ids), narrowed=name is not None)


def advocacy(kb: KnowledgeBase) -> Advocacy:
    ids = [s for group in (kb.positions, kb.methods, kb.federations) for r in group for s in r.sources]
    return Advocacy(kb.positions, kb.methods, kb.federations, _sources(kb, ids))


def contact(kb: KnowledgeBase) -> ContactCard:
    return ContactCard(kb.contact, _sources(kb, kb.contact.sources))


def source_list(kb: KnowledgeBase) -> SourceList:
    counts = dict.fromkeys((s.id for s in kb.sources), 0)
    for record in walk_records(sections_of(kb)):
        if isinstance(record, Passage):  # where an entry stands in its source, not an entry of its own
            continue
        named = getattr(record, "sources", None) or ([record.source] if isinstance(getattr(record, "source", None), str) else [])
        for source_id in set(named):
            if source_id in counts:
                counts[source_id] += 1
    return SourceList([SourceUse(s, counts[s.id]) for s in kb.sources])


def conflict_list(kb: KnowledgeBase) -> ConflictList:
    return ConflictList(kb.conflicts, {s.id: s for s in kb.sources}, conflict_numbers(kb))


def approaches(kb: KnowledgeBase) -> Approaches:
    return Approaches(kb.approaches, _sources(kb, [s for a in kb.approaches for s in a.sources]))


def export(kb: KnowledgeBase) -> Export:
    faq = [faq_answer(kb, entry.numero) for entry in sorted(kb.faq, key=lambda entry: entry.numero)]
    return Export(
        kb,
        faq,
        figures(kb),
        governance(kb),
        values(kb),
        testimonials(kb),
        founder(kb),
        timeline(kb),
        sectors(kb),
        advocacy(kb),
        contact(kb),
        approaches(kb),
        source_list(kb),
        conflict_list(kb),
    )
