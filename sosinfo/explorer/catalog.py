"""What the explorer shows, without Textual: sections, their entries, links and search.

Each entry is a typed result built by :mod:`sosinfo.queries` (or the same result narrowed to one
record), so the right-hand pane renders it with the command line's own text renderer. Nothing
here imports Textual or Rich: it is tested and timed on its own.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from sosinfo import kinds, queries
from sosinfo.errors import SosinfoError
from sosinfo.kb import model
from sosinfo.quantities import format_value, year_label
from sosinfo.results import (
    CONFLICTS,
    Approaches,
    Founder,
    Governance,
    Hit,
    Link,
    Result,
    SearchResults,
    SourceList,
    Testimonials,
    Timeline,
    Values,
    ValueWithTestimonials,
    links,
)

if TYPE_CHECKING:  # the index is opened after the first screen: not imported before it
    from sosinfo.search.index import Store

SEARCH_LIMIT = 20


class Detail(NamedTuple):
    """What follows an entry's title in a list: a figure's value and its year, both always shown."""

    value: str  # « 15 000 »
    when: str  # in parentheses after it: « 2016 », « 2008, déduite », « non daté, up-conferences » (see Catalog.hit_labels)

    @property
    def note(self) -> str:
        return f"({self.when})"


class Label(NamedTuple):
    """An entry as a list shows it: a prefix kept on its first line, its title, and a detail (a figure's value)."""

    title: str
    prefix: str = ""  # « 7. », « 1984 — », « [Chiffre] »
    detail: Detail | None = None
    title_lines: int | None = 2  # lines the title may take before « … »; None: all it needs (a figure's name)

    @property
    def line(self) -> str:
        """The whole label on one line: « Salariés : 15 000 (2016) »."""
        detail = f" : {self.detail.value} {self.detail.note}" if self.detail else ""
        return f"{self.prefix}{self.title}{detail}"


@dataclass(eq=False)
class Entry:
    key: str  # unique: "faq:7", "chiffres:salaries", "evenement:creation"…
    shown: Label  # how the middle list shows it
    command: str  # the command line that shows it (« c » copies it)
    produce: Callable[[], Result]
    command_shows: str | None = None  # when the command shows more than this entry, what: « toute la section « Valeurs » »
    overview: bool = False  # a view of the section's items (« Tous les chiffres »), not one of them: not counted

    @property
    def label(self) -> str:
        return self.shown.line


@dataclass(eq=False)
class Section:
    id: str
    label: str
    entries: list[Entry]

    @property
    def titles(self) -> tuple[str, ...]:
        """The title of its list, and a shorter one: « FAQ · 13 », « FAQ »; counted, what the section holds
        (« Chronologie · 20 » for twenty events and « Toute la chronologie »); a section that is one view, not counted."""
        count = sum(not entry.overview for entry in self.entries)
        return (f"{self.label} · {count}", self.label) if count else (self.label,)


@dataclass(eq=False)
class Found:
    """The outcome of one search: hits (each with the entry that shows it) or a message why there are none."""

    query: str
    results: SearchResults | None
    entries: list[Entry]  # one per hit, same order
    message: str | None = None  # why nothing answers exactly, when no hit does
    hint: str | None = None
    exact: bool = True  # False: the entries are only the closest ones, the question has no exact answer
    browse: bool = False  # nothing found at all: the screen suggests other words, or its sections (where they are)

    @property
    def direct(self) -> list[Hit]:
        """The hits that answer a question about a figure: on top, as ``sosinfo recherche`` puts them."""
        if self.results is None or not self.exact or not self.results.direct_answer:
            return []
        leading: list[Hit] = []
        for hit in self.results.hits:
            if hit.type != "chiffre":
                break
            leading.append(hit)
        return leading


class Catalog:
    """The knowledge base as the explorer browses it."""

    def __init__(self, kb: model.KnowledgeBase) -> None:
        self.kb = kb
        self._sources = {s.id: s for s in kb.sources}
        self._results: dict[str, Result] = {}
        self.sections = _sections(kb, self._pick)
        self.by_key: dict[str, Entry] = {}
        self.section_of: dict[str, str] = {}
        self.by_command: dict[str, str] = {}
        for section in self.sections:
            for entry in section.entries:
                self.by_key[entry.key] = entry
                self.section_of[entry.key] = section.id
                self.by_command.setdefault(entry.command, entry.key)
            if section.entries:  # « sosinfo temoignages » names the section: its first entry
                first = section.entries[0]
                self.by_command.setdefault(first.command.split(" --")[0], first.key)
                self.by_command.setdefault(" ".join(first.command.split()[:2]), first.key)
        self._hit_entry = _hit_entries(kb)
        indicators = {i.id: i for i in kb.indicators}
        self._figures = {f"chiffre:{f.id}": (f, indicators[f.indicateur]) for f in kb.figures if f.indicateur in indicators}

    def _pick(self, ids: Iterable[str]) -> list[model.Source]:
        return [self._sources[i] for i in dict.fromkeys(ids) if i in self._sources]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def result(self, key: str) -> Result:
        """The typed result of an entry, built once."""
        if key not in self._results:
            self._results[key] = self.by_key[key].produce()
        return self._results[key]

    def sources_of(self, key: str) -> list[model.Source]:
        """The sources an entry cites (« s »): those its answer carries and its statements name."""
        return cited_sources(self.result(key))

    def link_entry(self, link: Link) -> str | None:
        """The entry ``link`` points to: one entry by its search id, or the first of its kind's section."""
        if link.kind == CONFLICTS:
            return "conflits" if "conflits" in self.by_key else None
        if link.key:
            return self._hit_entry.get(f"{link.kind}:{link.key}")
        kind = kinds.BY_ID.get(link.kind)
        return self.by_command.get(kind.command) if kind is not None else None

    def links_for(self, result: Result) -> list[tuple[str, str]]:
        """The links of ``result`` (``results.links``): each as the command line that shows it, spelled
        here, and the entry it opens; once each, in order."""
        found: dict[str, str] = {}
        for link in links(result):
            target = self.link_entry(link)
            if target is None:
                continue
            kind = kinds.BY_ID.get(link.kind)
            command = kind.command if kind is not None and not link.key else self.by_key[target].command
            found.setdefault(command, target)
        return list(found.items())

    def hit_labels(self, hits: Iterable[Hit]) -> list[Label]:
        """Search hits as the list shows them: each its kind, its title; a figure its whole name, its value and
        its year (« déduite » when it is), and its source only where two hits would otherwise read the same."""
        hits = list(hits)
        labels = [self._hit_label(hit) for hit in hits]
        twice = {line for line, count in Counter(label.line for label in labels).items() if count > 1}
        return [self._hit_label(hit, True) if label.line in twice else label for hit, label in zip(hits, labels, strict=True)]

    def _hit_label(self, hit: Hit, source: bool = False) -> Label:
        tag = f"[{kinds.label(hit.type)}] "
        figure = self._figures.get(hit.id)
        if figure is None:
            return Label(hit.title, tag)
        f, indicator = figure
        when = f"{_when(f)}, {f.source}" if source else _when(f)
        return Label(indicator.libelle, tag, Detail(format_value(f.valeur, indicator.unite, f.qualificatif), when), None)

    def entry_of_hit(self, hit: Hit) -> Entry | None:
        key = self._hit_entry.get(hit.id)
        return self.by_key.get(key) if key is not None else None

    def search(self, store: Store, query: str, limit: int = SEARCH_LIMIT) -> Found:
        """``sosinfo recherche``'s engine on ``query``; an empty result carries its message instead of raising."""
        from sosinfo.search.rank import search

        if not query.strip():
            return Found(query, None, [], "Tapez quelques mots pour chercher.")
        if len(query) > 500:
            return Found(query, None, [], "La recherche est trop longue (500 caractères au plus).")
        try:
            results = search(store, query, limit, None)
        except SosinfoError as error:
            return Found(query, None, [], error.message, error.hint)
        kept = self._shown_hits(results.hits)
        if kept:
            results.hits = [hit for hit, _ in kept]
            return Found(query, results, [entry for _, entry in kept])
        # no answer: said as ``sosinfo recherche`` says it; the closest entries, if any, fill the list
        closest = self._shown_hits(results.nearby)
        if not closest:
            return Found(query, None, [], results.silence(), browse=True)
        results.hits = [hit for hit, _ in closest]
        return Found(query, results, [entry for _, entry in closest], results.silence(), exact=False)

    def _shown_hits(self, hits: list[Hit]) -> list[tuple[Hit, Entry]]:
        """The hits that an entry of the explorer shows, each with that entry."""
        pairs = [(hit, self.entry_of_hit(hit)) for hit in hits]
        return [(hit, entry) for hit, entry in pairs if entry is not None]


# fields of a result that hold other entries (shown by their titles only): their sources are not this entry's
_ELSEWHERE = frozenset({"related", "values", "record"})


def cited_sources(result: Result) -> list[model.Source]:
    """The sources a result carries that its statements cite (by ``source``, ``sources`` or a passage), in order.

    A result that names none of those it carries (a source shown on its own) gives them all.
    """
    carried: dict[str, model.Source] = {}
    named: set[str] = set()
    seen: set[int] = set()

    def walk(value: object) -> None:
        if isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type) and id(value) not in seen:
            seen.add(id(value))
            if isinstance(value, model.Source):
                carried.setdefault(value.id, value)
                return
            if isinstance(value, model.Passage):
                named.add(value.source)
                return
            single = getattr(value, "source", None)
            if isinstance(single, str):
                named.add(single)
            several = getattr(value, "sources", None)
            if isinstance(several, list):
                named.update(s for s in several if isinstance(s, str))
            for each in dataclasses.fields(value):
                if each.name not in _ELSEWHERE:
                    walk(getattr(value, each.name))

    walk(result)
    return [s for s in carried.values() if s.id in named] or list(carried.values())


def _same_key(kind: str, ids: Iterable[object]) -> dict[str, str]:
    """Entries that have an explorer entry of their own, under their search id."""
    return {f"{kind}:{i}": f"{kind}:{i}" for i in ids}


# search document (``type:slug``) -> the key of the explorer entry that shows it, one rule per kind of
# entry (``kinds.KINDS``; a test checks that none is missing)
HIT_ENTRIES: dict[str, Callable[[model.KnowledgeBase], dict[str, str]]] = {
    "faq": lambda kb: _same_key("faq", (e.numero for e in kb.faq)),
    "chiffre": lambda kb: {f"chiffre:{f.id}": f"chiffres:{f.indicateur}" for f in kb.figures},
    "gouvernance": lambda kb: _same_key("gouvernance", (node.id for node, _ in _tree(kb.governance))),
    "valeur": lambda kb: _same_key("valeur", (v.id for v in kb.values)),
    "temoignage": lambda kb: _same_key("temoignage", (t.id for t in kb.testimonials)),
    "personne": lambda kb: _same_key("personne", (p.id for p in kb.people)),
    "evenement": lambda kb: _same_key("evenement", (e.id for e in kb.events)),
    "secteur": lambda kb: {f"secteur:{r.id}": "secteurs" for r in kb.founding_associations},
    "forme-activite": lambda kb: {f"forme-activite:{r.id}": "secteurs" for r in kb.activity_forms},
    "classement": lambda kb: {f"classement:{r.id}": "secteurs" for r in kb.rankings},
    "plaidoyer": lambda kb: {f"plaidoyer:{r.id}": "plaidoyers" for r in kb.positions},
    "methode": lambda kb: {f"methode:{r.id}": "plaidoyers" for r in kb.methods},
    "federation": lambda kb: {f"federation:{r.id}": "plaidoyers" for r in kb.federations},
    "approche": lambda kb: _same_key("approche", (a.id for a in kb.approaches)),
    "contact": lambda kb: {"contact:groupe-sos": "contact"},
}


def _hit_entries(kb: model.KnowledgeBase) -> dict[str, str]:
    """Search document id (``type:slug``) → the key of the entry that shows it."""
    return {hit: key for entries in HIT_ENTRIES.values() for hit, key in entries(kb).items()}


def _tree(node: model.GovernanceNode, depth: int = 0) -> list[tuple[model.GovernanceNode, int]]:
    found = [(node, depth)]
    for child in node.enfants:
        found += _tree(child, depth + 1)
    return found


def _when(figure: model.Figure) -> str:
    """« 2016 », « 2008, déduite » or « non daté »: the year as a list shows it, in parentheses."""
    if figure.annee is None or figure.precision != "deduite":
        return year_label(figure.annee, figure.precision)
    return f"{figure.annee}, déduite"


def _latest(kb: model.KnowledgeBase) -> dict[str, Detail]:
    """Each indicator's latest value with its year, as ``sosinfo chiffres --recents`` gives it (« 35 ou 40 »)."""
    values: dict[str, list[str]] = {}
    when: dict[str, str] = {}
    for row in queries.latest_figures(kb).rows:
        f = row.figure
        shown = format_value(f.valeur, row.indicator.unite, f.qualificatif)
        if shown not in values.setdefault(row.indicator.id, []):
            values[row.indicator.id].append(shown)
        when.setdefault(row.indicator.id, _when(f))
    return {key: Detail(" ou ".join(shown), when[key]) for key, shown in values.items()}


def _sections(kb: model.KnowledgeBase, pick: Callable[[Iterable[str]], list[model.Source]]) -> list[Section]:
    """The twelve sections, each entry a result the command line also gives (or the same, narrowed)."""

    def whole_section(label: str) -> str:
        return f"toute la section « {label} »"

    faq = [
        Entry(
            f"faq:{e.numero}",
            Label(e.question, f"{e.numero}. "),
            f"sosinfo faq {e.numero}",
            lambda n=e.numero: queries.faq_answer(kb, n),  # type: ignore[misc]
        )
        for e in sorted(kb.faq, key=lambda e: e.numero)
    ]
    latest = _latest(kb)
    figures = [Entry("chiffres:tout", Label("Tous les chiffres"), "sosinfo chiffres", lambda: queries.figures(kb), overview=True)]
    figures += [
        Entry(
            f"chiffres:{i.id}",
            Label(i.libelle, detail=latest.get(i.id)),
            f"sosinfo chiffres --indicateur {i.id}",
            lambda i=i: queries.figures(kb, None, i.id),  # type: ignore[misc]
        )
        for i in kb.indicators
    ]
    governance = [
        Entry(
            f"gouvernance:{node.id}",
            Label(node.nom, "  " * depth, title_lines=3),  # a node deep in the tree has a narrow line
            "sosinfo gouvernance",
            lambda node=node: Governance(node, pick(node.sources)),  # type: ignore[misc]
            whole_section("Gouvernance") if depth else None,
        )
        for node, depth in _tree(kb.governance)
    ]
    values = [
        Entry(
            f"valeur:{v.id}",
            Label(v.nom),
            "sosinfo valeurs",
            lambda v=v: Values(  # type: ignore[misc]
                [ValueWithTestimonials(v, [t for t in kb.testimonials if t.valeur == v.id])], pick(v.sources)
            ),
            whole_section("Valeurs") if len(kb.values) > 1 else None,
        )
        for v in kb.values
    ]
    by_value = {v.id: v for v in kb.values}
    testimonials = [
        Entry(
            f"temoignage:{t.id}",
            Label(f"{t.personne} — {t.entite}"),
            f"sosinfo temoignages {t.id}",
            lambda t=t: Testimonials([t], by_value, pick([t.source])),  # type: ignore[misc]
        )
        for t in kb.testimonials
    ]
    people = [
        Entry(
            f"personne:{p.id}",
            Label(p.nom),
            "sosinfo fondateur",
            lambda p=p: Founder(p, pick(p.sources)),  # type: ignore[misc]
            f"la biographie de {kb.people[0].nom}" if n else None,  # the command shows the first one
        )
        for n, p in enumerate(kb.people)
    ]
    events = sorted(kb.events, key=lambda e: (e.annee, e.date or ""))
    per_year = Counter(e.annee for e in events)
    timeline = [
        Entry(
            "chronologie:tout", Label("Toute la chronologie"), "sosinfo chronologie", lambda: queries.timeline(kb), overview=True
        )
    ]
    timeline += [
        Entry(
            f"evenement:{e.id}",
            Label(e.titre, f"{e.annee} — "),
            f"sosinfo chronologie --annee {e.annee}",
            lambda e=e: Timeline([e], e.annee, e.annee, pick(e.sources)),  # type: ignore[misc]
            f"les {per_year[e.annee]} événements de {e.annee}" if per_year[e.annee] > 1 else None,
        )
        for e in events
    ]
    sectors = [
        Entry(
            "secteurs", Label("Métiers, activités, classements"), "sosinfo secteurs", lambda: queries.sectors(kb), overview=True
        )
    ]
    advocacy = [
        Entry(
            "plaidoyers",
            Label("Positions, origine, fédérations"),
            "sosinfo plaidoyers",
            lambda: queries.advocacy(kb),
            overview=True,
        )
    ]
    approaches = [
        Entry(
            f"approche:{a.id}",
            Label(a.titre),
            "sosinfo approche",
            lambda a=a: Approaches([a], pick(a.sources)),  # type: ignore[misc]
            whole_section("Approche") if len(kb.approaches) > 1 else None,
        )
        for a in kb.approaches
    ]
    contact = [Entry("contact", Label("Coordonnées"), "sosinfo contact", lambda: queries.contact(kb))]

    def one_source(source_id: str) -> SourceList:
        return SourceList([use for use in queries.source_list(kb).sources if use.source.id == source_id])

    sources = [
        Entry(
            f"source:{s.id}",
            Label(s.titre),
            "sosinfo sources",
            lambda s=s: one_source(s.id),  # type: ignore[misc]
            whole_section("Sources") if len(kb.sources) > 1 else None,
        )
        for s in kb.sources
    ]
    sources.append(
        Entry(
            "conflits",
            Label("Désaccords entre sources"),
            "sosinfo sources --conflits",
            lambda: queries.conflict_list(kb),
            overview=True,  # not a source: what the sources disagree on
        )
    )
    return [
        Section("faq", "FAQ", faq),
        Section("chiffres", "Chiffres", figures),
        Section("gouvernance", "Gouvernance", governance),
        Section("valeurs", "Valeurs", values),
        Section("temoignages", "Témoignages", testimonials),
        Section("fondateur", "Fondateur", people),
        Section("chronologie", "Chronologie", timeline),
        Section("secteurs", "Secteurs", sectors),
        Section("plaidoyers", "Plaidoyers", advocacy),
        Section("approche", "Approche", approaches),
        Section("contact", "Contact", contact),
        Section("sources", "Sources", sources),
    ]
