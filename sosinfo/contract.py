"""Plain, JSON-ready records of the knowledge: the contract that scripts and search rely on.

Every entry that can be a search result carries ``id`` (``type:slug``) and ``type``.
Numbers stay numbers; money is in euros.
"""

from __future__ import annotations

from typing import Any

from sosinfo import results
from sosinfo.kb import model
from sosinfo.kb.loader import to_plain
from sosinfo.results import VerificationReport


def faq_summary(entry: model.FaqEntry) -> dict[str, Any]:
    return {
        "id": f"faq:{entry.numero}",
        "type": "faq",
        "numero": entry.numero,
        "question": entry.question,
        "sous_questions": [sub.question for sub in entry.sous_questions],
    }


def faq_full(entry: model.FaqEntry) -> dict[str, Any]:
    return faq_summary(entry) | {
        "reponse": [to_plain(block) for block in entry.reponse],
        "voir_aussi": list(entry.voir_aussi),
        "sources": list(entry.sources),
        "mots_cles": list(entry.mots_cles),
    }


def figure(row: results.FigureRow) -> dict[str, Any]:
    f = row.figure
    return {
        "id": f"chiffre:{f.id}",
        "type": "chiffre",
        "indicateur": f.indicateur,
        "libelle": row.indicator.libelle,
        "valeur": f.valeur,
        "unite": row.indicator.unite,
        "annee": f.annee,
        "precision": f.precision,
        "source": f.source,
        "terme_source": f.terme_source,
        "qualificatif": f.qualificatif,
        "justification": f.justification,
        "note": f.note,
        "conflit": f.conflit,
    }


def governance(node: model.GovernanceNode) -> dict[str, Any]:
    return {
        "id": f"gouvernance:{node.id}",
        "type": "gouvernance",
        "nom": node.nom,
        "role": node.role,
        "composition": node.composition,
        "effectif": node.effectif,
        "effectif_precision": node.effectif_precision,
        "sources": list(node.sources),
        "enfants": [governance(child) for child in node.enfants],
    }


def tagged(kind: str, record: Any) -> dict[str, Any]:
    """A record with its ``id`` and ``type`` in front of its own fields."""
    plain = to_plain(record)
    return {"id": f"{kind}:{plain['id']}", "type": kind} | {k: v for k, v in plain.items() if k != "id"}


def value(item: results.ValueWithTestimonials) -> dict[str, Any]:
    return tagged("valeur", item.value) | {"temoignages": [f"temoignage:{t.id}" for t in item.testimonials]}


def person(p: model.Person) -> dict[str, Any]:
    return tagged("personne", p)


def contact(c: model.Contact) -> dict[str, Any]:
    fields: dict[str, Any] = to_plain(c)
    return {"id": "contact:groupe-sos", "type": "contact"} | fields


def source(use: results.SourceUse) -> dict[str, Any]:
    return tagged("source", use.source) | {"citations": use.citations}


def conflict(c: model.Conflict) -> dict[str, Any]:
    return tagged("conflit", c)


def search_hit(hit: results.Hit) -> dict[str, Any]:
    """One search result: how it ranks and how to open it, then the entry's own fields."""
    head = {
        "id": hit.id,
        "type": hit.type,
        "titre": hit.title,
        "score": hit.score,
        "extrait": hit.excerpt,
        "commande": hit.command,
    }
    if hit.answer is not None:  # the first hit of a fact question: the fact, in one line
        head["reponse_directe"] = hit.answer
    return head | {k: v for k, v in hit.record.items() if k not in head}


def document(result: object) -> Any:
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
            return [person(p)]
        case results.Timeline(events=events):
            return [tagged("evenement", e) for e in events]
        case results.Sectors() as s:
            return (
                [tagged("secteur", a) for a in s.associations]
                + [tagged("forme-activite", f) for f in s.forms]
                + [tagged("decoupage", b) for b in s.breakdowns]
                + [tagged("classement", r) for r in s.rankings]
            )
        case results.Advocacy() as a:
            return (
                [tagged("plaidoyer", p) for p in a.positions]
                + [tagged("methode", m) for m in a.methods]
                + [tagged("federation", f) for f in a.federations]
            )
        case results.ContactCard(contact=c):
            return [contact(c)]
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
    raise TypeError(f"pas de document JSON pour {type(result).__name__}")  # pragma: no cover


def whole(export: results.Export) -> dict[str, Any]:
    """The entire knowledge base as one JSON document, every entry with its id."""
    kb = export.knowledge
    return {
        "sources": [tagged("source", s) for s in kb.sources],
        "faq": [faq_full(answer.entry) for answer in export.faq],
        "indicateurs": [to_plain(i) for i in kb.indicators],
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
