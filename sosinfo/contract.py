"""Plain, JSON-ready records of the knowledge: the contract that scripts and search rely on.

The contract (documented in the README, one JSON Schema per command in ``sosinfo/schemas/``):

- every record carries ``id`` (``type:slug``) and ``type``; a reference to another record is
  always that id (``source:up-conferences``, ``faq:4``, ``conflit:salaries``);
- ``sources`` is always a list of source ids;
- enumerated values are identifiers (``exacte``, ``deduite``, ``non-datee``; ``approximation``:
  ``environ``, ``plus-de``, ``pres-de``); dates are ISO (``2025-05-15``) or say they are text
  (``texte_date``: « vers 2016 »);
- numbers stay numbers in base units (money in whole euros or dollars); a unit is an identifier
  (``EUR``, ``USD``, ``pourcent``, ``etablissements``), a currency its ISO 4217 code (``devise``);
- text fields hold the base's text, never terminal decoration (no ⚠ mark, no hint for a person);
  the command that opens an entry has its own field (``commande``); a missing text is ``null``,
  never ``""``;
- one record → an object; a listing → an array of records of one type; records of several
  kinds → an object with one array per kind. No result → an empty array and exit code 1;
- a name that designates nothing in the knowledge base (an indicator, a trade, a person, a FAQ
  number, a year) is « nothing found »: ``[]`` on stdout, exit code 1, the message and its
  suggestion on stderr, in every command. A word outside the program's own vocabulary (a format,
  a ``--type``, a command, an option) is a usage error: exit code 2 and nothing on stdout.

:data:`VERSION` changes when a record loses or renames a field: scripts can check it
(``sosinfo schema COMMANDE``, and the ``version`` of ``export``). The README lists each change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, assert_never

from sosinfo import results
from sosinfo.kb import model
from sosinfo.quantities import currency, unit_identifier
from sosinfo.results import Result, VerificationReport
from sosinfo.text import fold

VERSION = "3.0"

# field -> kind of the record it names: its value (a string, or a list of them) becomes that record's id
_REFERENCES = {
    "sources": "source",
    "conflit": "conflit",
    "valeur": "valeur",
    "voir_aussi": "faq",
    "associations": "secteur",
    "chiffres": "chiffre",
    "chiffre": "chiffre",
    "indicateur": "indicateur",
}
# enumerations: the model's StrEnum identifiers are written as they are; a text becomes one (« Non daté » -> « non-date »)
_IDENTIFIERS = {"precision", "effectif_precision", "lien_valeur", "mode_gestion", "qualificatif"}
_UNITS = {"unite"}  # « euros » -> « EUR », « établissements » -> « etablissements »


@dataclass(frozen=True)
class Shape:
    """How the records of one model class are written in JSON, where it differs from their fields as they are.

    Every field of the class is written, under its own name, in the class's order, converted by the
    contract's rules (references as ids, enumerations as identifiers, units, passages), unless this
    says otherwise: a field is only left out when it is declared ``internal`` (with the reason).
    """

    kind: str | None = None  # a record with an id: ``id`` (``type:slug``) and ``type`` in front of its fields
    id_field: str = "id"  # the field that gives the slug of the id (the FAQ: its number, which stays a field too)
    fixed_id: str | None = None  # one record of its kind (the contact): its slug
    renames: Mapping[str, str] = field(default_factory=dict)  # model field -> JSON key
    internal: Mapping[str, str] = field(default_factory=dict)  # model field -> why it is never written
    order: tuple[str, ...] = ()  # JSON keys written first, in this order; the others follow as they come
    flatten: Mapping[str, str] = field(default_factory=dict)  # a list of records written as one field of each
    one_source: bool = False  # ``source`` names one source: its id, not a list (a passage)

    def key(self, name: str) -> str:
        """The JSON key of the model field ``name``."""
        if name == "source" and name not in self.renames:
            return "sources"  # one source: still a list of ids
        return self.renames.get(name, name)


PLAIN = Shape()  # a part of a record (a passage, an answer block): its fields as they are
# the figures, then the instance: JSON keys in the order scripts have always read them
_FIGURE_ORDER = ("id", "type", "indicateur", "libelle", "valeur", "unite", "devise", "approximation")
_INSTANCE_ORDER = ("id", "type", "nom", "role", "composition", "effectif", "effectif_precision", "sources", "passages", "enfants")
_SYNONYMS = "read by the search only (synonyms)"
_QUESTION_BANK = "read by the search only (how people ask for an entry)"

SHAPES: dict[type, Shape] = {
    model.Passage: Shape(renames={"source": "source"}, one_source=True),
    model.Source: Shape("source", renames={"date": "texte_date"}),
    model.FaqEntry: Shape("faq", id_field="numero", flatten={"sous_questions": "question"}),
    model.Indicator: Shape("indicateur"),
    model.Figure: Shape("chiffre", renames={"qualificatif": "approximation"}, order=_FIGURE_ORDER),
    model.Conflict: Shape("conflit"),
    model.GovernanceNode: Shape("gouvernance", order=_INSTANCE_ORDER),
    model.Value: Shape("valeur"),
    model.Testimonial: Shape("temoignage"),
    model.Person: Shape("personne"),
    model.Event: Shape("evenement"),
    model.FoundingAssociation: Shape("secteur"),
    model.ActivityForm: Shape("forme-activite"),
    model.Breakdown: Shape("decoupage"),
    model.Ranking: Shape("classement"),
    model.AdvocacyPosition: Shape("plaidoyer"),
    model.AdvocacyMethod: Shape("methode"),
    model.Federation: Shape("federation"),
    model.Contact: Shape("contact", fixed_id="groupe-sos"),
    model.Approach: Shape("approche"),
    model.SynonymGroup: Shape(internal={"termes": _SYNONYMS}),
    model.AskedFor: Shape(internal={name: _QUESTION_BANK for name in ("id", "questions", "mots", "anglais")}),
}
FAQ_SUMMARY = ("id", "type", "numero", "question", "sous_questions")  # a FAQ entry in a listing


def shape_of(cls: type) -> Shape:
    """The shape of a model class (or of a class derived from one), :data:`PLAIN` for a part of a record."""
    for base in cls.__mro__:
        if base in SHAPES:
            return SHAPES[base]
    return PLAIN


def ref(kind: str, slug: object) -> str:
    """The id of a record: ``type:slug``."""
    text = str(slug)
    return text if text.startswith(kind + ":") else f"{kind}:{text}"


def identifier(value: str) -> str:
    """A value as an identifier scripts read: folded, dashes for spaces (« près de » -> « pres-de »)."""
    return fold(value).replace(" ", "-")


def serialize(value: Any, **joined: Any) -> Any:
    """The one serializer: a model record (or a list of them) in contract form, derived from its
    dataclass fields and its :class:`Shape`; ``joined`` adds fields read from other records (a
    figure's indicator name), placed by the shape's ``order`` or after the record's own."""
    if isinstance(value, list):
        return [serialize(item) for item in value]
    if not is_dataclass(value) or isinstance(value, type):
        return value
    shape = shape_of(type(value))
    out: dict[str, Any] = {}
    if shape.kind is not None:
        slug = shape.fixed_id if shape.fixed_id is not None else getattr(value, shape.id_field)
        out = {"id": ref(shape.kind, slug), "type": shape.kind}
    for each in fields(value):
        name = each.name
        if name in shape.internal or (shape.kind is not None and name == "id"):
            continue
        item = getattr(value, name)
        if name in shape.flatten:
            out[shape.key(name)] = [getattr(part, shape.flatten[name]) for part in item]
        elif shape.one_source and name == "source":
            out[name] = ref("source", item)
        else:
            out[shape.key(name)] = _converted(name, item)
    out |= joined
    if shape.order:
        out = {key: out[key] for key in shape.order if key in out} | out
    return out


def _converted(name: str, value: Any) -> Any:
    """One field's value by the contract's rules, which go by the field's name and the value's type."""
    if name == "source" and isinstance(value, str):
        return [ref("source", value)]
    named = isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, (str, int)) for v in value))
    if name in _REFERENCES and named:  # a figure's ``valeur`` is a number, not a reference
        kind = _REFERENCES[name]
        return [ref(kind, v) for v in value] if isinstance(value, list) else ref(kind, value)
    if name in _IDENTIFIERS and isinstance(value, str):
        return identifier(value)
    if name in _UNITS and isinstance(value, str):
        return unit_identifier(value)
    return serialize(value)


def passages(found: list[model.Passage]) -> list[dict[str, Any]]:
    """Where a statement stands: the source (as an id), its part, and the detail when the base gives one."""
    return [serialize(passage) for passage in found]


def tagged(kind: str, record: Any) -> dict[str, Any]:
    """A record of ``kind`` in contract form (``kind`` is its shape's: said here for the reader)."""
    plain: dict[str, Any] = serialize(record)
    assert plain.get("type") == kind, f"{type(record).__name__} is written as {plain.get('type')}, not {kind}"
    return plain


def faq_summary(entry: model.FaqEntry) -> dict[str, Any]:
    return {
        "id": ref("faq", entry.numero),
        "type": "faq",
        "numero": entry.numero,
        "question": entry.question,
        "sous_questions": [sub.question for sub in entry.sous_questions],
    }


def faq_full(entry: model.FaqEntry) -> dict[str, Any]:
    full: dict[str, Any] = serialize(entry)
    return full


def figure(row: results.FigureRow) -> dict[str, Any]:
    unit = row.indicator.unite
    return serialize(row.figure, libelle=row.indicator.libelle, unite=unit_identifier(unit), devise=currency(unit))  # type: ignore[no-any-return]


def governance(node: model.GovernanceNode) -> dict[str, Any]:
    return serialize(node)  # type: ignore[no-any-return]


def value(item: results.ValueWithTestimonials) -> dict[str, Any]:
    return tagged("valeur", item.value) | {"temoignages": [ref("temoignage", t.id) for t in item.testimonials]}


def person(p: model.Person) -> dict[str, Any]:
    return tagged("personne", p)


def contact(c: model.Contact) -> dict[str, Any]:
    return tagged("contact", c)


def source(use: results.SourceUse) -> dict[str, Any]:
    return source_record(use.source) | {"citations": use.citations}


def source_record(s: model.Source) -> dict[str, Any]:
    """A source: its date is text (« vers 2016 »), so it is ``texte_date``; ``annee`` is the number."""
    return tagged("source", s)


def conflict(c: model.Conflict) -> dict[str, Any]:
    return tagged("conflit", c)


def indicator(i: model.Indicator) -> dict[str, Any]:
    return tagged("indicateur", i) | {"devise": currency(i.unite)}


def search_hit(hit: results.Hit) -> dict[str, Any]:
    """One search result: how it ranks and how to open it, then the entry's own fields."""
    head = {
        "id": hit.id,
        "type": hit.type,
        "titre": hit.title,
        "score": hit.score,
        "extrait": hit.excerpt or None,  # the title alone matched: no passage to show
        "commande": hit.command,
    }
    if hit.answer is not None:  # the first hit of a fact question: the fact, in one plain sentence
        head["reponse_directe"] = hit.answer
    return head | {k: v for k, v in hit.record.items() if k not in head}


def sectors(s: results.Sectors) -> dict[str, Any]:
    return {
        "secteurs": [tagged("secteur", a) for a in s.associations],
        "formes_activite": [tagged("forme-activite", f) for f in s.forms],
        "decoupages": [tagged("decoupage", b) for b in s.breakdowns],
        "classements": [tagged("classement", r) for r in s.rankings],
    }


def advocacy(a: results.Advocacy) -> dict[str, Any]:
    return {
        "plaidoyers": [tagged("plaidoyer", p) for p in a.positions],
        "methodes": [tagged("methode", m) for m in a.methods],
        "federations": [tagged("federation", f) for f in a.federations],
    }


def document(result: Result) -> Any:
    """The JSON document of any query result."""
    match result:
        case results.SearchResults(hits=hits):
            return [search_hit(hit) for hit in hits]
        case results.FaqList(entries=entries):
            return [faq_summary(e) for e in entries]
        case results.FaqAnswer(entry=entry):
            return faq_full(entry)
        case results.FigureTable(rows=rows):
            return [figure(r) for r in rows]
        case results.Governance(root=root):
            return governance(root)
        case results.Values(values=items):
            return [value(v) for v in items]
        case (
            results.Testimonials()
            | results.Founder()
            | results.Timeline()
            | results.Sectors()
            | results.Advocacy()
            | results.ContactCard()
            | results.SourceList()
            | results.ConflictList()
            | results.Approaches()
        ):
            return _records(result)
        case results.Export():
            return whole(result)
        case VerificationReport(directory=directory, problems=problems, counts=counts):
            return {
                "valide": not problems,
                "dossier": directory,
                "problemes": [{"fichier": p.file, "ligne": p.line, "message": p.message} for p in problems],
                "entrees": counts,
            }
        case _:
            assert_never(result)


_Records = (
    results.Testimonials
    | results.Founder
    | results.Timeline
    | results.Sectors
    | results.Advocacy
    | results.ContactCard
    | results.SourceList
    | results.ConflictList
    | results.Approaches
)


def _records(result: _Records) -> Any:
    """The JSON document of an answer that is records of the base as they are."""
    match result:
        case results.Testimonials(testimonials=items):
            return [tagged("temoignage", t) for t in items]
        case results.Founder(person=p):
            return person(p)
        case results.Timeline(events=events):
            return [tagged("evenement", e) for e in events]
        case results.Sectors():
            return sectors(result)
        case results.Advocacy():
            return advocacy(result)
        case results.ContactCard(contact=c):
            return contact(c)
        case results.SourceList(sources=uses):
            return [source(u) for u in uses]
        case results.ConflictList(conflicts=items):
            return [conflict(c) for c in items]
        case results.Approaches(approaches=items):
            return [tagged("approche", a) for a in items]
        case _:
            assert_never(result)


def whole(export: results.Export) -> dict[str, Any]:
    """The entire knowledge base as one JSON document, every entry with its id."""
    kb = export.knowledge
    return {
        "version": VERSION,
        "sources": [source_record(s) for s in kb.sources],
        "faq": [faq_full(answer.entry) for answer in export.faq],
        "indicateurs": [indicator(i) for i in kb.indicators],
        "chiffres": document(export.figures),
        "conflits": [conflict(c) for c in kb.conflicts],
        "gouvernance": governance(kb.governance),
        "valeurs": document(export.values),
        "temoignages": [tagged("temoignage", t) for t in kb.testimonials],
        "personnes": [person(p) for p in kb.people],
        "chronologie": [tagged("evenement", e) for e in kb.events],
        "secteurs": document(export.sectors),
        "plaidoyers": document(export.advocacy),
        "contact": contact(kb.contact),
        "approches": [tagged("approche", a) for a in kb.approaches],
    }


# --- tables: the answers that are a table, as rows of identifiers and base units (``--format csv``) ----

def table(result: Result) -> tuple[list[str], list[list[Any]]] | None:
    """The header (identifiers) and rows of an answer that is a table, from its JSON records: the same
    ids, identifiers and numbers in base units. None for an answer that is not a table (one FAQ answer…)."""
    match result:
        case results.FigureTable(rows=figure_rows):
            columns = ["id", "indicateur", "libelle", "valeur", "unite", "devise", "approximation", "annee", "precision"]
            columns += ["sources", "terme_source", "conflit"]
            return columns, _cells(columns, [figure(r) for r in figure_rows])
        case results.Timeline(events=events):
            columns = ["id", "annee", "date", "precision", "titre", "texte", "sources"]
            return columns, _cells(columns, [tagged("evenement", e) for e in events])
        case results.Sectors(rankings=rankings):
            columns = ["id", "domaine", "rang", "libelle", "sources"]
            return columns, _cells(columns, [tagged("classement", r) for r in rankings])
        case results.SourceList(sources=uses):
            columns = ["id", "titre", "editeur", "nature", "texte_date", "annee", "precision", "publication", "adresse"]
            return columns + ["citations"], _cells(columns + ["citations"], [source(u) for u in uses])
        case results.ConflictList(conflicts=conflicts):
            columns = ["conflit", "sujet", "source", "annee", "affirmation", "chiffre"]
            positions = [
                {"conflit": ref("conflit", c.id), "sujet": c.sujet} | serialize(p) | {"source": ref("source", p.source)}
                for c in conflicts
                for p in c.positions
            ]
            return columns, _cells(columns, positions)
        case results.SearchResults(hits=hits):
            columns = ["rang", "id", "type", "titre", "score", "extrait", "commande"]
            return columns, _cells(columns, [{"rang": n} | search_hit(h) for n, h in enumerate(hits, start=1)])
        case results.FaqList(entries=entries):
            columns = ["id", "numero", "question"]
            return columns, _cells(columns, [faq_summary(e) for e in entries])
        case VerificationReport(problems=problems):
            columns = ["fichier", "ligne", "message"]
            return columns, [[p.file, p.line, p.message] for p in problems]
    return None


def _cells(columns: list[str], records: list[dict[str, Any]]) -> list[list[Any]]:
    """One row per record: a list becomes its items joined by « ; », a missing value an empty cell."""
    return [
        [";".join(map(str, value)) if isinstance(value, list) else value for value in (record.get(c) for c in columns)]
        for record in records
    ]
