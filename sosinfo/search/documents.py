"""The knowledge base as search documents: one projector per kind of entry.

Each document carries the entry's JSON record (the contract), the fields to index with their
weight class, and the command that shows it (from :mod:`sosinfo.kinds`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from sosinfo import contract, queries, results
from sosinfo.kb import model
from sosinfo.kb.model import management_label
from sosinfo.kinds import BY_ID
from sosinfo.quantities import format_value, rank_label
from sosinfo.search.analysis import numbers_as_typed
from sosinfo.search.index import Document, Store, build_memory


def _figures(kb: model.KnowledgeBase) -> Iterator[Document]:
    source_years = {s.id: s.annee or 0 for s in kb.sources}
    return (_figure(row, source_years) for row in queries.figures(kb).rows)


# one projector per kind of entry (``kinds.KINDS``; a test checks that none is missing), in the order
# of the index: the entries of each kind as search documents
PROJECTORS: dict[str, Callable[[model.KnowledgeBase], Iterable[Document]]] = {
    "faq": lambda kb: map(_faq, kb.faq),
    "chiffre": _figures,
    "valeur": lambda kb: map(_value, kb.values),
    "temoignage": lambda kb: map(_testimonial, kb.testimonials),
    "gouvernance": lambda kb: _governance(kb.governance),
    "evenement": lambda kb: map(_event, kb.events),
    "personne": lambda kb: map(_person, kb.people),
    "secteur": lambda kb: map(_founding_association, kb.founding_associations),
    "forme-activite": lambda kb: map(_activity_form, kb.activity_forms),
    "classement": lambda kb: map(_ranking, kb.rankings),
    "plaidoyer": lambda kb: map(_position, kb.positions),
    "methode": lambda kb: map(_method, kb.methods),
    "federation": lambda kb: map(_federation, kb.federations),
    "approche": lambda kb: map(_approach, kb.approaches),
    "contact": lambda kb: [_contact(kb.contact)],
}


def documents_of(kb: model.KnowledgeBase) -> list[Document]:
    """One searchable document per entry of the knowledge base, kind after kind."""
    documents = [document for project in PROJECTORS.values() for document in project(kb)]
    bank = {entry.id: entry for entry in kb.question_bank}
    for document in documents:  # an indicator's phrases ask for each of its figures
        keys = [document.id] + ([f"indicateur:{document.indicator}"] if document.indicator else [])
        entries = [bank[key] for key in keys if key in bank]
        document.asked = [phrase for entry in entries for phrase in entry.questions]
        document.asked_words = [phrase for entry in entries for phrase in (*entry.mots, *entry.anglais)]
    return documents


def _faq(entry: model.FaqEntry) -> Document:
    body = " ".join(_block(b.titre, b.texte, b.points) for b in entry.reponse)
    return Document(
        f"faq:{entry.numero}",
        "faq",
        entry.question,
        f"sosinfo faq {entry.numero}",
        contract.faq_full(entry),
        [
            ("title", entry.question),
            ("keywords", " ; ".join(entry.mots_cles)),
            ("questions", " ".join(_sentence(s.question) for s in entry.sous_questions)),
            ("body", body),
        ],
    )


def _figure(row: results.FigureRow, source_years: dict[str, int]) -> Document:
    f, indicator = row.figure, row.indicator
    when = str(f.annee) if f.annee is not None else "non daté"
    title = f"{indicator.libelle} : {format_value(f.valeur, indicator.unite, f.qualificatif)} ({when}, {f.source})"
    return Document(
        f"chiffre:{f.id}",
        "chiffre",
        title,
        f"sosinfo chiffres --indicateur {indicator.id}",
        contract.figure(row),
        [
            ("title", indicator.libelle),
            ("keywords", " ".join(indicator.alias)),
            ("summary", f"Terme de la source : « {f.terme_source} »." if f.terme_source else ""),
            ("hidden", str(f.annee or "")),
            ("value", _value_forms(f.valeur, indicator.unite)),
            ("body", " ".join(_sentence(t) for t in (f.note, f.justification) if t)),
        ],
        year=f.annee,
        indicator=indicator.id,
        recency=f.annee or source_years.get(f.source, 0),
    )


def _value(value: model.Value) -> Document:
    return Document(
        f"valeur:{value.id}",
        "valeur",
        value.nom,
        BY_ID["valeur"].command,
        contract.tagged("valeur", value),
        [("title", value.nom), ("summary", _sentence(value.resume)), ("body", _sentences(value.points))],
    )


def _testimonial(t: model.Testimonial) -> Document:
    return Document(
        f"temoignage:{t.id}",
        "temoignage",
        f"{t.personne} — {t.fonction}, {t.entite}",
        BY_ID["temoignage"].command,
        contract.tagged("temoignage", t),
        [
            ("title", f"{t.personne} {t.entite}"),
            ("summary", _sentences([", ".join(filter(None, [t.fonction, t.lieu])), t.resume])),
            ("body", _sentences([point.texte for point in t.points])),
        ],
    )


def _governance(node: model.GovernanceNode) -> Iterator[Document]:
    """The body and each body below it, depth first."""
    record = {k: v for k, v in contract.governance(node).items() if k != "enfants"}
    yield Document(
        f"gouvernance:{node.id}",
        "gouvernance",
        node.nom,
        BY_ID["gouvernance"].command,
        record,
        [
            ("title", node.nom),
            ("summary", _sentences([node.role, f"Composition : {node.composition}" if node.composition else ""])),
        ],
    )
    for child in node.enfants:
        yield from _governance(child)


def _event(e: model.Event) -> Document:
    return Document(
        f"evenement:{e.id}",
        "evenement",
        f"{e.annee} — {e.titre}",
        f"sosinfo chronologie --depuis {e.annee} --jusqua {e.annee}",
        contract.tagged("evenement", e),
        [
            ("title", e.titre),
            ("keywords", " ; ".join(e.mots_cles)),
            ("hidden", str(e.annee)),
            ("body", _sentence(e.texte)),
        ],
        year=e.annee,
    )


def _person(p: model.Person) -> Document:
    return Document(
        f"personne:{p.id}",
        "personne",
        p.nom,
        BY_ID["personne"].command,
        contract.person(p),
        [
            ("title", f"{p.nom} {p.fonctions[0].intitule if p.fonctions else ''}"),
            ("summary", _sentences([r.intitule for r in p.fonctions])),
            ("hidden", f"{p.naissance.annee} {p.naissance.lieu}"),
            ("body", _sentences([s.texte for s in p.parcours] + p.portrait)),
        ],
    )


def _founding_association(a: model.FoundingAssociation) -> Document:
    return Document(
        f"secteur:{a.id}",
        "secteur",
        a.nom,
        BY_ID["secteur"].command,
        contract.tagged("secteur", a),
        [
            ("title", a.nom),
            ("summary", _sentences(["Activités : " + ", ".join(a.activites), f"Gestion : {management_label(a.mode_gestion)}"])),
        ],
    )


def _activity_form(form: model.ActivityForm) -> Document:
    return Document(
        f"forme-activite:{form.id}",
        "forme-activite",
        form.nom,
        BY_ID["secteur"].command,
        contract.tagged("forme-activite", form),
        [("title", form.nom), ("summary", _sentences([f"Gestion : {form.gestion}", f"Bénéfices : {form.benefices}"]))],
    )


def _ranking(r: model.Ranking) -> Document:
    rank = rank_label(r.rang)
    return Document(
        f"classement:{r.id}",
        "classement",
        f"{rank} {r.libelle} ({r.domaine})",
        BY_ID["secteur"].command,
        contract.tagged("classement", r),
        [
            ("title", r.libelle),
            ("summary", _sentence(f"{rank} {r.libelle}, dans le domaine « {r.domaine} »")),
            ("hidden", "classement rang"),  # for the index only: never shown in an excerpt
        ],
    )


def _position(position: model.AdvocacyPosition) -> Document:
    return Document(
        f"plaidoyer:{position.id}",
        "plaidoyer",
        f"{position.theme} : {position.texte}",
        BY_ID["plaidoyer"].command,
        contract.tagged("plaidoyer", position),
        [("title", position.theme), ("summary", _sentence(position.texte))],
    )


def _method(method: model.AdvocacyMethod) -> Document:
    return Document(
        f"methode:{method.id}",
        "methode",
        method.nom,
        BY_ID["plaidoyer"].command,
        contract.tagged("methode", method),
        [("title", method.nom), ("summary", _sentence(method.texte))],
    )


def _federation(federation: model.Federation) -> Document:
    return Document(
        f"federation:{federation.id}",
        "federation",
        federation.sigle,
        BY_ID["plaidoyer"].command,
        contract.tagged("federation", federation),
        [("title", federation.sigle), ("body", _sentence(federation.note or "")), ("hidden", "fédération")],
    )


def _approach(approach: model.Approach) -> Document:
    return Document(
        f"approche:{approach.id}",
        "approche",
        approach.titre,
        BY_ID["approche"].command,
        contract.tagged("approche", approach),
        [("title", approach.titre), ("body", _sentences(approach.points))],
    )


def _contact(c: model.Contact) -> Document:
    return Document(
        "contact:groupe-sos",
        "contact",
        f"Coordonnées : {c.adresse}",
        BY_ID["contact"].command,
        contract.contact(c),
        [
            ("title", "contact coordonnées"),
            (
                "summary",
                _sentences(
                    [
                        f"Adresse : {c.adresse}",
                        f"Téléphone : {c.telephone}",
                        f"Courriel : {c.email}",
                        f"Site : {c.site}",
                        "Réseaux sociaux : " + ", ".join(dict.fromkeys(c.reseaux)),
                        f"Devise : « {c.devise} »",
                    ]
                ),
            ),
        ],
    )


def _value_forms(value: int | float, unit: str) -> str:
    """A figure's value in the forms people type it: as printed (« 700 M€ », « 1,37 Md€ »), whole
    (« 15000 », « 700000000 ») and as its printed number alone (« 700 »); one form after analysis."""
    printed = format_value(value, unit)
    forms = {numbers_as_typed(printed), numbers_as_typed(format_value(value, unit, with_unit=True))}
    if float(value).is_integer():
        forms.add(str(int(value)))
    if abs(value) >= 1_000_000:  # large amounts are typed rounded: 1 367 000 000 as « 1,37 » or « 1,4 milliard »
        for digits in (2, 3):
            forms.add(str(int(float(f"{float(value):.{digits}g}"))))
    head = re.match(r"[\d\u202f\u00a0 ]+(?![\d,])", printed)
    if head:
        forms.add(re.sub(r"\D", "", head.group()))
    return " ".join(sorted({n for form in forms for n in re.findall(r"\d+", form)}))


def _sentence(text: str) -> str:
    """``text`` as a sentence of an excerpt: ended by a stop, never by « ; » or nothing."""
    text = text.strip().rstrip(" ;,")
    return text if not text or text[-1] in ".!?…»)" else text + "."


def _sentences(texts: list[str]) -> str:
    return " ".join(_sentence(t) for t in texts if t.strip())


def _block(heading: str | None, text: str | None, points: list[str]) -> str:
    """A FAQ answer block read as prose: its heading joined to its text by « : »."""
    body = _sentences([t for t in [text or "", *points] if t])
    if not heading:
        return body
    heading = heading.strip()
    return f"{heading} : {body}" if heading[-1] not in ".!?:" else f"{heading} {body}"


def memory_store(kb: model.KnowledgeBase) -> Store:
    """An index of ``kb`` built in memory (tests, evaluation, an unwritable cache)."""
    return build_memory(documents_of(kb), kb)
