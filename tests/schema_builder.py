"""Builds the JSON Schema of every command from the model and the contract's rules.

SOSINFO_UPDATE_SCHEMAS=1 .venv/bin/python -m pytest tests/test_contract.py   # rewrite sosinfo/schemas/*.json
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any, Literal, Union

from sosinfo import contract
from sosinfo.kb import model

DRAFT = "https://json-schema.org/draft/2020-12/schema"
NULL = {"type": "null"}
UNIT = {"type": "string", "pattern": "^[a-z0-9-]+$|^[A-Z]{3}$"}  # an identifier (« etablissements ») or a currency (« EUR »)
CURRENCY = {"anyOf": [{"type": "string", "pattern": "^[A-Z]{3}$"}, NULL]}  # ISO 4217, None for what is not money


def ref_string(kind: str) -> dict[str, Any]:
    return {"type": "string", "pattern": f"^{kind}:"}


def of_type(tp: Any, name: str) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [o for o in typing.get_args(tp) if o is not type(None)]
        nullable = len(options) < len(typing.get_args(tp))
        if set(options) == {int, float}:
            inner: dict[str, Any] = {"type": "number"}
        else:
            inner = of_type(options[0], name)
        return {"anyOf": [inner, NULL]} if nullable else inner
    if origin is list:
        return {"type": "array", "items": of_type(typing.get_args(tp)[0], name)}
    if origin is Literal:
        return {"enum": [contract.identifier(str(v)) for v in typing.get_args(tp)]}
    if name in contract._REFERENCES:
        return ref_string(contract._REFERENCES[name])
    if name in contract._UNITS:
        return UNIT
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if dataclasses.is_dataclass(tp):
        return record(tp)
    raise TypeError(f"no schema for {tp!r}")


def record(cls: Any, kind: str | None = None, renames: dict[str, str] | None = None) -> dict[str, Any]:
    """The schema of a dataclass in contract form; with ``kind``, its ``id`` and ``type`` first."""
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    if kind is not None:
        properties = {"id": ref_string(kind), "type": {"const": kind}}
    for field in dataclasses.fields(cls):
        if kind is not None and field.name == "id":
            continue
        name = (renames or {}).get(field.name, field.name)
        if field.name == "enfants":  # the governance tree: recursive
            properties[name] = array({"$ref": "#/$defs/instance"})
            continue
        if field.name == "source" and cls is model.Passage:  # a passage stands in one source: its id
            properties[name] = ref_string("source")
            continue
        if field.name in ("source", "sources") and hints[field.name] in (str, list[str]):  # never empty: the loader says so
            properties["sources"] = {"type": "array", "items": ref_string("source"), "minItems": 1}
            continue
        properties[name] = of_type(hints[field.name], field.name)
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def extend(base: dict[str, Any], **extra: dict[str, Any]) -> dict[str, Any]:
    out = json.loads(json.dumps(base))
    out["properties"].update(extra)
    out["required"] = list(out["properties"])
    return out


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def faq_summary() -> dict[str, Any]:
    properties = {
        "id": ref_string("faq"),
        "type": {"const": "faq"},
        "numero": {"type": "integer"},
        "question": {"type": "string"},
        "sous_questions": array({"type": "string"}),
    }
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def faq_full() -> dict[str, Any]:
    return extend(
        faq_summary(),
        reponse=array(record(model.AnswerBlock)),
        voir_aussi=array(ref_string("faq")),
        sources=array(ref_string("source")),
        mots_cles=array({"type": "string"}),
    )


def figure() -> dict[str, Any]:
    properties = {
        "id": ref_string("chiffre"),
        "type": {"const": "chiffre"},
        "indicateur": ref_string("indicateur"),
        "libelle": {"type": "string"},
        "valeur": {"type": "number"},
        "unite": UNIT,
        "devise": CURRENCY,
        "approximation": {"anyOf": [of_type(model.Approximation, "approximation"), NULL]},
        "annee": {"anyOf": [{"type": "integer"}, NULL]},
        "precision": of_type(model.Precision, "precision"),
        "sources": array(ref_string("source")),
        "terme_source": {"anyOf": [{"type": "string"}, NULL]},
        "justification": {"anyOf": [{"type": "string"}, NULL]},
        "note": {"anyOf": [{"type": "string"}, NULL]},
        "conflit": {"anyOf": [ref_string("conflit"), NULL]},
        "calcul": {"anyOf": [{"type": "string"}, NULL]},
        "passages": array(record(model.Passage)),
    }
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def governance() -> dict[str, Any]:
    return record(model.GovernanceNode, "gouvernance")


def source() -> dict[str, Any]:
    return record(model.Source, "source", {"date": "texte_date"})


def sectors() -> dict[str, Any]:
    properties = {
        "secteurs": array(record(model.FoundingAssociation, "secteur")),
        "formes_activite": array(record(model.ActivityForm, "forme-activite")),
        "decoupages": array(record(model.Breakdown, "decoupage")),
        "classements": array(record(model.Ranking, "classement")),
    }
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def advocacy() -> dict[str, Any]:
    properties = {
        "plaidoyers": array(record(model.AdvocacyPosition, "plaidoyer")),
        "methodes": array(record(model.AdvocacyMethod, "methode")),
        "federations": array(record(model.Federation, "federation")),
    }
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def contact() -> dict[str, Any]:
    return extend(record(model.Contact), id={"const": "contact:groupe-sos"}, type={"const": "contact"}) | {
        "required": ["id", "type", *[f.name for f in dataclasses.fields(model.Contact)]]
    }


def value() -> dict[str, Any]:
    return extend(record(model.Value, "valeur"), temoignages=array(ref_string("temoignage")))


def search_hit() -> dict[str, Any]:
    properties = {
        "id": {"type": "string", "pattern": "^[a-z-]+:"},
        "type": {"type": "string"},
        "titre": {"type": "string"},
        "score": {"type": "number"},
        "extrait": {"anyOf": [{"type": "string", "minLength": 1}, NULL]},
        "commande": {"type": "string"},
    }
    required = list(properties)
    # the first result of a fact question: the fact in one sentence, without terminal decoration
    properties["reponse_directe"] = {"type": "string", "not": {"pattern": "⚠|sosinfo "}}
    return {"type": "object", "properties": properties, "required": required}  # then the entry's own fields


def verification() -> dict[str, Any]:
    problem = {
        "type": "object",
        "properties": {
            "fichier": {"type": "string"},
            "ligne": {"anyOf": [{"type": "integer"}, NULL]},
            "message": {"type": "string"},
        },
        "required": ["fichier", "ligne", "message"],
        "additionalProperties": False,
    }
    properties = {
        "valide": {"type": "boolean"},
        "dossier": {"type": "string"},
        "problemes": array(problem),
        "entrees": {"type": "object", "additionalProperties": {"type": "integer"}},
    }
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def export() -> dict[str, Any]:
    properties = {
        "version": {"const": contract.VERSION},
        "sources": array(source()),
        "faq": array(faq_full()),
        "indicateurs": array(extend(record(model.Indicator, "indicateur"), devise=CURRENCY)),
        "chiffres": array(figure()),
        "conflits": array(record(model.Conflict, "conflit")),
        "gouvernance": {"$ref": "#/$defs/instance"},
        "valeurs": array(value()),
        "temoignages": array(record(model.Testimonial, "temoignage")),
        "personnes": array(record(model.Person, "personne")),
        "chronologie": array(record(model.Event, "evenement")),
        "secteurs": sectors(),
        "plaidoyers": advocacy(),
        "contact": contact(),
        "approches": array(record(model.Approach, "approche")),
    }
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


EMPTY = {"type": "array", "maxItems": 0}  # what a command prints in JSON when it finds nothing


def one_record(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, EMPTY]}


def schemas() -> dict[str, dict[str, Any]]:
    """Command -> the schema of its JSON output."""
    with_instance = {"$defs": {"instance": governance()}}
    bodies: dict[str, tuple[str, dict[str, Any]]] = {
        "faq": ("La liste des questions, ou une réponse (faq N, faq MOTS).", {"anyOf": [array(faq_summary()), faq_full()]}),
        "chiffres": ("Des chiffres (une ligne par chiffre et par source).", array(figure())),
        "gouvernance": ("L'arbre des instances.", one_record({"$ref": "#/$defs/instance"}) | with_instance),
        "valeurs": ("Les valeurs et les témoignages qui les illustrent.", array(value())),
        "temoignages": ("Les témoignages.", array(record(model.Testimonial, "temoignage"))),
        "fondateur": ("La biographie du fondateur.", one_record(record(model.Person, "personne"))),
        "chronologie": ("Les événements datés, dans l'ordre.", array(record(model.Event, "evenement"))),
        "secteurs": ("Métiers, formes d'activité, découpages et classements, par sorte.", one_record(sectors())),
        "plaidoyers": ("Prises de position, méthodes et fédérations, par sorte.", one_record(advocacy())),
        "contact": ("Les coordonnées du groupe.", one_record(contact())),
        "approche": ("Comment chaque source présente le groupe.", array(record(model.Approach, "approche"))),
        "sources": (
            "Les sources (sources), ou leurs désaccords (sources --conflits).",
            {"anyOf": [array(extend(source(), citations={"type": "integer"})), array(record(model.Conflict, "conflit"))]},
        ),
        "export": ("Toute la base de connaissances.", export() | with_instance),
        "verifier": ("Le rapport de vérification d'une base.", verification()),
        "recherche": ("Les résultats, le meilleur d'abord, chacun suivi des champs de son entrée.", array(search_hit())),
    }
    out = {}
    for name, (description, body) in bodies.items():
        out[name] = {
            "$schema": DRAFT,
            "$id": f"https://sosinfo.invalid/schemas/{contract.VERSION}/{name}.json",
            "title": f"sosinfo {name} --format json",
            "description": description,
            "version": contract.VERSION,
        } | body
    return out


def text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
