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

from typing import Any, assert_never

from sosinfo import results
from sosinfo.kb import model
from sosinfo.kb.loader import to_plain
from sosinfo.quantities import currency, unit_identifier
from sosinfo.results import Result, VerificationReport
from sosinfo.text import fold

VERSION = "3.0"

# field -> kind of the record it names: its value becomes that record's id
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
_IDENTIFIERS = {"precision", "effectif_precision", "lien_valeur", "mode_gestion"}  # enumerations: « non datee » -> « non-datee »
_UNITS = {"unite"}  # « euros » -> « EUR », « établissements » -> « etablissements »


def ref(kind: str, slug: object) -> str:
    """The id of a record: ``type:slug``."""
    text = str(slug)
    return text if text.startswith(kind + ":") else f"{kind}:{text}"


def identifier(value: str) -> str:
    """An enumerated value as scripts read it: « non datee » -> « non-datee », « près de » -> « pres-de »."""
    return fold(value).replace(" ", "-")


def _contract(plain: Any) -> Any:
    """A plain record (``to_plain``) in contract form: references as ids, ``sources`` a list, enums as identifiers."""
    if isinstance(plain, list):
        return [_contract(item) for item in plain]
    if not isinstance(plain, dict):
        return plain
    out: dict[str, Any] = {}
    for key, value in plain.items():
        if key == "passages" and isinstance(value, list):
            out[key] = passages(value)
        elif key == "source" and isinstance(value, str):  # one source: still a list
            out["sources"] = [ref("source", value)]
        elif key in _REFERENCES and value is not None and not isinstance(value, dict):
            kind = _REFERENCES[key]
            out[key] = [ref(kind, v) for v in value] if isinstance(value, list) else ref(kind, value)
        elif key in _IDENTIFIERS and isinstance(value, str):
            out[key] = identifier(value)
        elif key in _UNITS and isinstance(value, str):
            out[key] = unit_identifier(value)
        else:
            out[key] = _contract(value)
    return out


def passages(plain: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where a statement stands: the source (as an id), its part, and the detail when the base gives one."""
    return [{"source": ref("source", p["source"]), "section": p["section"], "detail": p.get("detail")} for p in plain]


def tagged(kind: str, record: Any) -> dict[str, Any]:
    """A record with its ``id`` and ``type`` in front of its own fields, in contract form."""
    plain = _contract(to_plain(record))
    return {"id": ref(kind, plain["id"]), "type": kind} | {k: v for k, v in plain.items() if k != "id"}


def faq_summary(entry: model.FaqEntry) -> dict[str, Any]:
    return {
        "id": ref("faq", entry.numero),
        "type": "faq",
        "numero": entry.numero,
        "question": entry.question,
        "sous_questions": [sub.question for sub in entry.sous_questions],
    }


def faq_full(entry: model.FaqEntry) -> dict[str, Any]:
    return faq_summary(entry) | {
        "reponse": [_contract(to_plain(block)) for block in entry.reponse],
        "voir_aussi": [ref("faq", n) for n in entry.voir_aussi],
        "sources": [ref("source", s) for s in entry.sources],
        "mots_cles": list(entry.mots_cles),
    }


def figure(row: results.FigureRow) -> dict[str, Any]:
    f = row.figure
    return {
        "id": ref("chiffre", f.id),
        "type": "chiffre",
        "indicateur": ref("indicateur", f.indicateur),
        "libelle": row.indicator.libelle,
        "valeur": f.valeur,
        "unite": unit_identifier(row.indicator.unite),
        "devise": currency(row.indicator.unite),
        "approximation": identifier(f.qualificatif) if f.qualificatif else None,
        "annee": f.annee,
        "precision": identifier(f.precision),
        "sources": [ref("source", f.source)],
        "terme_source": f.terme_source,
        "justification": f.justification,
        "note": f.note,
        "conflit": ref("conflit", f.conflit) if f.conflit else None,
        "calcul": f.calcul,
        "passages": passages(to_plain(f.passages)),
    }


def governance(node: model.GovernanceNode) -> dict[str, Any]:
    return {
        "id": ref("gouvernance", node.id),
        "type": "gouvernance",
        "nom": node.nom,
        "role": node.role,
        "composition": node.composition,
        "effectif": node.effectif,
        "effectif_precision": identifier(node.effectif_precision) if node.effectif_precision else None,
        "sources": [ref("source", s) for s in node.sources],
        "passages": passages(to_plain(node.passages)),
        "enfants": [governance(child) for child in node.enfants],
    }


def value(item: results.ValueWithTestimonials) -> dict[str, Any]:
    return tagged("valeur", item.value) | {"temoignages": [ref("temoignage", t.id) for t in item.testimonials]}


def person(p: model.Person) -> dict[str, Any]:
    return tagged("personne", p)


def contact(c: model.Contact) -> dict[str, Any]:
    fields: dict[str, Any] = _contract(to_plain(c))
    return {"id": "contact:groupe-sos", "type": "contact"} | fields


def source(use: results.SourceUse) -> dict[str, Any]:
    return source_record(use.source) | {"citations": use.citations}


def source_record(s: model.Source) -> dict[str, Any]:
    """A source: its date is text (« vers 2016 »), so it is ``texte_date``; ``annee`` is the number."""
    record = tagged("source", s)
    return {("texte_date" if k == "date" else k): v for k, v in record.items()}


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
                {"conflit": ref("conflit", c.id), "sujet": c.sujet} | _contract(to_plain(p)) | {"source": ref("source", p.source)}
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
