"""Builds the JSON Schema of every command from the model and the contract's shapes (``contract.SHAPES``).

The shipped files (``sosinfo/schemas/*.json``) are its output; a test fails when they are stale:
SOSINFO_UPDATE_SCHEMAS=1 .venv/bin/python -m pytest tests/test_contract.py   # rewrite them
Never imported by a command: ``sosinfo schema`` reads the shipped files.
"""

from __future__ import annotations

import dataclasses
import enum
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


_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
}


def of_type(tp: Any, name: str) -> dict[str, Any]:
    """The schema of the value of the field ``name``, of type ``tp``, as the contract writes it."""
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [o for o in typing.get_args(tp) if o is not type(None)]
        inner = {"type": "number"} if set(options) == {int, float} else of_type(options[0], name)
        return {"anyOf": [inner, NULL]} if len(options) < len(typing.get_args(tp)) else inner
    if origin is list:
        schema: dict[str, Any] = {"type": "array", "items": of_type(typing.get_args(tp)[0], name)}
    elif origin is Literal:
        schema = {"enum": [contract.identifier(str(v)) for v in typing.get_args(tp)]}
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        schema = {"enum": [member.value for member in tp]}
    elif name in contract._REFERENCES:
        schema = ref_string(contract._REFERENCES[name])
    elif name in contract._UNITS:
        schema = UNIT
    elif tp in _SCALARS:
        schema = dict(_SCALARS[tp])
    elif dataclasses.is_dataclass(tp):
        schema = record(tp)
    else:
        raise TypeError(f"no schema for {tp!r}")
    return schema


def record(cls: Any, **joined: dict[str, Any]) -> dict[str, Any]:
    """The schema of a model class as :func:`contract.serialize` writes it: its shape's id and type
    first, every field but the internal ones under its JSON key, then ``joined`` (fields read from
    other records), in the shape's order."""
    shape = contract.shape_of(cls)
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    if shape.kind is not None:
        identity = {"const": f"{shape.kind}:{shape.fixed_id}"} if shape.fixed_id is not None else ref_string(shape.kind)
        properties = {"id": identity, "type": {"const": shape.kind}}
    for field in dataclasses.fields(cls):
        name = field.name
        if name in shape.internal or (shape.kind is not None and name == "id"):
            continue
        key = shape.key(name)
        if name in shape.flatten:
            part = typing.get_args(hints[name])[0]
            properties[key] = array(of_type(typing.get_type_hints(part)[shape.flatten[name]], shape.flatten[name]))
        elif name == "enfants" and cls is model.GovernanceNode:  # the governance tree: recursive
            properties[key] = array({"$ref": "#/$defs/instance"})
        elif shape.one_source and name == "source":  # a passage stands in one source: its id
            properties[key] = ref_string("source")
        elif name in ("source", "sources") and hints[name] in (str, list[str]):  # never empty: the loader says so
            properties[key] = {"type": "array", "items": ref_string("source"), "minItems": 1}
        else:
            properties[key] = of_type(hints[name], name)
    properties |= joined
    if shape.order:
        properties = {key: properties[key] for key in shape.order if key in properties} | properties
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def extend(base: dict[str, Any], **extra: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(json.dumps(base))
    out["properties"].update(extra)
    out["required"] = list(out["properties"])
    return out


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def faq_full() -> dict[str, Any]:
    return record(model.FaqEntry)


def faq_summary() -> dict[str, Any]:
    full = faq_full()
    properties = {key: full["properties"][key] for key in contract.FAQ_SUMMARY}
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def figure() -> dict[str, Any]:
    return record(model.Figure, libelle={"type": "string"}, unite=UNIT, devise=CURRENCY)


def governance() -> dict[str, Any]:
    return record(model.GovernanceNode)


def source() -> dict[str, Any]:
    return record(model.Source)


def sectors() -> dict[str, Any]:
    properties = {
        "secteurs": array(record(model.FoundingAssociation)),
        "formes_activite": array(record(model.ActivityForm)),
        "decoupages": array(record(model.Breakdown)),
        "classements": array(record(model.Ranking)),
    }
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def advocacy() -> dict[str, Any]:
    properties = {
        "plaidoyers": array(record(model.AdvocacyPosition)),
        "methodes": array(record(model.AdvocacyMethod)),
        "federations": array(record(model.Federation)),
    }
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def contact() -> dict[str, Any]:
    return record(model.Contact)


def value() -> dict[str, Any]:
    return extend(record(model.Value), temoignages=array(ref_string("temoignage")))


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
        "indicateurs": array(extend(record(model.Indicator), devise=CURRENCY)),
        "chiffres": array(figure()),
        "conflits": array(record(model.Conflict)),
        "gouvernance": {"$ref": "#/$defs/instance"},
        "valeurs": array(value()),
        "temoignages": array(record(model.Testimonial)),
        "personnes": array(record(model.Person)),
        "chronologie": array(record(model.Event)),
        "secteurs": sectors(),
        "plaidoyers": advocacy(),
        "contact": contact(),
        "approches": array(record(model.Approach)),
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
        "temoignages": ("Les témoignages.", array(record(model.Testimonial))),
        "fondateur": ("La biographie du fondateur.", one_record(record(model.Person))),
        "chronologie": ("Les événements datés, dans l'ordre.", array(record(model.Event))),
        "secteurs": ("Métiers, formes d'activité, découpages et classements, par sorte.", one_record(sectors())),
        "plaidoyers": ("Prises de position, méthodes et fédérations, par sorte.", one_record(advocacy())),
        "contact": ("Les coordonnées du groupe.", one_record(contact())),
        "approche": ("Comment chaque source présente le groupe.", array(record(model.Approach))),
        "sources": (
            "Les sources (sources), ou leurs désaccords (sources --conflits).",
            {"anyOf": [array(extend(source(), citations={"type": "integer"})), array(record(model.Conflict))]},
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
