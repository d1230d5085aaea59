"""Loads a knowledge base directory into a validated :class:`KnowledgeBase`.

The schema is the model itself: each field is checked against its annotation, so adding a
field to ``model.py`` is the whole schema change. Problems are collected, not raised one at a
time, so ``sosinfo verifier`` can list every one of them with its file and line.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, Union

from sosinfo.errors import DataError, Problem
from sosinfo.kb import model
from sosinfo.kb.files import FILES, Snapshot, read_snapshot
from sosinfo.kb.model import KnowledgeBase
from sosinfo.kb.yamlreader import Located, YamlFileError, parse_yaml

FAQ_COUNT = 13
_INVALID = object()
_HINTS: dict[type, dict[str, Any]] = {}


def load_knowledge(data_dir: Path) -> KnowledgeBase:
    """The validated knowledge base of ``data_dir``; :class:`DataError` if anything is wrong."""
    knowledge, problems = read_knowledge(data_dir)
    if problems or knowledge is None:
        raise DataError(problems)
    return knowledge


def read_knowledge(data_dir: Path) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Read and check every file; return the knowledge base (if sound) and all problems."""
    return check_snapshot(read_snapshot(data_dir))


def check_snapshot(snapshot: Snapshot) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Parse and check the bytes read of every file; the knowledge base (if sound) and all problems."""
    problems: list[Problem] = []
    converter = _Converter(problems)
    values: dict[str, Any] = {}
    for name, sections in FILES.items():
        raw = snapshot[name]
        if isinstance(raw, Problem):
            problems.append(raw)
            continue
        try:
            located = parse_yaml(raw, name)
        except YamlFileError as error:
            problems.append(error.problem)
            continue
        document = located.data
        _check_brackets(located, document, None, problems)
        if not isinstance(document, dict):
            problems.append(Problem(name, 1, "le fichier doit contenir un dictionnaire de sections"))
            continue
        expected = {key for key, _, _ in sections}
        for key in document:
            if key not in expected:
                line = located.line_of(document, key)
                problems.append(Problem(name, line, f"section inconnue « {key} » (attendu : {', '.join(sorted(expected))})"))
        for key, attribute, kind in sections:
            if key not in document:
                problems.append(Problem(name, 1, f"section « {key} » manquante"))
                continue
            converted = converter.convert(located, document, key, document[key], kind)
            if converted is not _INVALID:
                values[attribute] = converted
    # references are checked on whatever could be read, so that one bad file hides nothing else
    _check_references(_Sections(values), converter, problems)
    if problems:
        return None, problems
    return KnowledgeBase(**values), problems


def _check_brackets(located: Located, value: Any, where: tuple[object, str | int] | None, problems: list[Problem]) -> None:
    """Every list item with unbalanced brackets: a flow list (``[a (b, c)]``) splits one item on its comma."""
    if isinstance(value, str) and where is not None and isinstance(where[1], int):
        for opening, closing in ("()", "[]"):
            if value.count(opening) != value.count(closing):
                line = located.line_of(*where) if where is not None else None
                shown = value if len(value) <= 40 else value[:39] + "…"
                problems.append(
                    Problem(
                        located.file,
                        line,
                        f"« {opening} » et « {closing} » non appariés dans « {shown} » : dans une liste entre "
                        "crochets, une virgule coupe l'élément en deux ; mettez-le entre guillemets",
                    )
                )
                return
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_brackets(located, item, (value, key), problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_brackets(located, item, (value, index), problems)


def build_unchecked(raw: dict[str, Any]) -> KnowledgeBase:
    """Rebuild a knowledge base from data that was validated before (the compiled cache)."""
    return _rebuild(KnowledgeBase, raw)  # type: ignore[no-any-return]


# class -> [(field, nested record class or None, is a list)]: read off the annotations as text,
# which ``from __future__ import annotations`` keeps; cheaper than typing.get_type_hints.
_PLANS: dict[type, list[tuple[str, type | None, bool]]] = {}
_RECORD_NAME = re.compile(r"^(list\[)?(\w+)\]?( \| None)?$")


def _plan(cls: type) -> list[tuple[str, type | None, bool]]:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = []
        for field in dataclasses.fields(cls):
            match = _RECORD_NAME.match(str(field.type))
            nested = getattr(model, match.group(2), None) if match else None
            record = nested if isinstance(nested, type) and dataclasses.is_dataclass(nested) else None
            plan.append((field.name, record, bool(match and match.group(1))))
        _PLANS[cls] = plan
    return plan


def _rebuild(cls: type, raw: dict[str, Any]) -> Any:
    values = {}
    for name, record, is_list in _plan(cls):
        if name not in raw:
            continue
        value = raw[name]
        if record is not None and value is not None:
            value = [_rebuild(record, item) for item in value] if is_list else _rebuild(record, value)
        values[name] = value
    return cls(**values)


def to_plain(value: Any) -> Any:
    """Dataclasses to plain JSON-able data (the inverse of :func:`build_unchecked`)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    return value


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = typing.get_type_hints(cls, vars(model))
        _HINTS[cls] = hints
    return hints


def _build(value: Any, kind: Any) -> Any:
    origin = typing.get_origin(kind)
    if origin is list:
        (item_kind,) = typing.get_args(kind)
        return [_build(item, item_kind) for item in value]
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        for option in typing.get_args(kind):
            if dataclasses.is_dataclass(option):
                return _build(value, option)
        return value
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = _hints(kind)
        return kind(**{name: _build(item, hints[name]) for name, item in value.items()})
    return value


_TYPE_NAMES = {str: "un texte", int: "un nombre entier", float: "un nombre", bool: "vrai ou faux"}


def _describe(kind: Any) -> str:
    origin = typing.get_origin(kind)
    if origin is list:
        return "une liste"
    if origin is Literal:
        return "l'une des valeurs " + ", ".join(repr(a) for a in typing.get_args(kind))
    if origin in (Union, types.UnionType):
        return " ou ".join(_describe(a) for a in typing.get_args(kind) if a is not type(None))
    if dataclasses.is_dataclass(kind):
        return "un dictionnaire"
    return _TYPE_NAMES.get(kind, str(kind))


def _label(key: str | int | None) -> str:
    if isinstance(key, int):
        return f"l'élément n° {key + 1}"
    return "la valeur" if key is None else f"« {key} »"


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "un dictionnaire"
    if isinstance(value, list):
        return "une liste"
    if value is None:
        return "rien"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


class _Converter:
    """Checks plain YAML data against the model's annotations and builds the dataclasses."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        # id(dataclass instance) -> (where it was read, its raw mapping) for reference checks
        self.origins: dict[int, tuple[Located, dict[str, Any]]] = {}

    def problem(self, located: Located, container: object, key: str | int | None, message: str) -> object:
        self.problems.append(Problem(located.file, located.line_of(container, key), message))
        return _INVALID

    def convert(self, located: Located, container: object, key: str | int | None, value: Any, kind: Any) -> Any:
        label = _label(key)
        origin = typing.get_origin(kind)
        if origin in (Union, types.UnionType):
            options = typing.get_args(kind)
            if value is None and type(None) in options:
                return None
            concrete = [o for o in options if o is not type(None)]
            if len(concrete) == 1:
                return self.convert(located, container, key, value, concrete[0])
            if all(o in (int, float) for o in concrete) and isinstance(value, (int, float)) and not isinstance(value, bool):
                return value
            return self.problem(located, container, key, f"{label} doit être {_describe(kind)}, pas {_shown(value)}")
        if origin is Literal:
            if value in typing.get_args(kind):
                return value
            return self.problem(located, container, key, f"{label} doit être {_describe(kind)}, pas {_shown(value)}")
        if origin is list:
            if not isinstance(value, list):
                return self.problem(located, container, key, f"{label} doit être une liste, pas {_shown(value)}")
            (item_kind,) = typing.get_args(kind)
            items = [self.convert(located, value, index, item, item_kind) for index, item in enumerate(value)]
            return _INVALID if any(item is _INVALID for item in items) else items
        if dataclasses.is_dataclass(kind) and isinstance(kind, type):
            return self.convert_record(located, container, key, value, kind)
        if kind is str:
            if isinstance(value, str) and value.strip():
                return value
            return self.problem(located, container, key, f"{label} doit être un texte non vide, pas {_shown(value)}")
        if kind is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            return self.problem(located, container, key, f"{label} doit être un nombre entier, pas {_shown(value)}")
        raise TypeError(f"type de schéma non géré : {kind!r}")  # pragma: no cover - a model bug

    def convert_record(self, located: Located, container: object, key: str | int | None, value: Any, kind: type) -> Any:
        if not isinstance(value, dict):
            return self.problem(located, container, key, f"{_label(key)} doit être un dictionnaire, pas {_shown(value)}")
        hints = _hints(kind)
        fields = {f.name: f for f in dataclasses.fields(kind)}
        ok = True
        for field_name in value:
            if field_name not in fields:
                known = ", ".join(fields)
                self.problem(located, value, field_name, f"champ inconnu « {field_name} » (champs possibles : {known})")
                ok = False
        arguments: dict[str, Any] = {}
        for field_name, field in fields.items():
            if field_name not in value:
                required = field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
                if required:
                    self.problem(located, value, None, f"champ obligatoire « {field_name} » manquant")
                    ok = False
                continue
            converted = self.convert(located, value, field_name, value[field_name], hints[field_name])
            if converted is _INVALID:
                ok = False
            else:
                arguments[field_name] = converted
        if not ok:
            return _INVALID
        record = kind(**arguments)
        self.origins[id(record)] = (located, value)
        return record

    def report(self, record: object, key: str | None, message: str) -> None:
        located, raw = self.origins[id(record)]
        self.problem(located, raw, key, message)


def walk_records(value: Any) -> Iterator[Any]:
    """Every dataclass instance inside ``value``, depth first."""
    if isinstance(value, list):
        for item in value:
            yield from walk_records(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for field in dataclasses.fields(value):
            yield from walk_records(getattr(value, field.name))


class _Sections:
    """The sections read so far, by KnowledgeBase attribute; a missing one reads as empty."""

    def __init__(self, read: dict[str, Any]) -> None:
        self._read = read

    def __getattr__(self, name: str) -> Any:
        return self._read.get(name, [])

    def has(self, name: str) -> bool:
        return name in self._read

    def all(self) -> list[Any]:
        return list(self._read.values())


def _check_references(kb: _Sections, conv: _Converter, problems: list[Problem]) -> None:
    source_ids = {source.id for source in kb.sources}

    def unique(records: list[Any], what: str) -> set[str]:
        seen: set[str] = set()
        for record in records:
            if record.id in seen:
                conv.report(record, "id", f"identifiant « {record.id} » en double parmi les {what}")
            seen.add(record.id)
        return seen

    unique(kb.sources, "sources")
    indicator_ids = unique(kb.indicators, "indicateurs")
    figure_ids = unique(kb.figures, "chiffres")
    conflict_ids = unique(kb.conflicts, "conflits")
    value_ids = unique(kb.values, "valeurs")
    association_ids = unique(kb.founding_associations, "associations-fondatrices")
    for records, what in (
        (kb.testimonials, "témoignages"),
        (kb.people, "personnes"),
        (kb.events, "événements"),
        (kb.activity_forms, "formes d'activité"),
        (kb.breakdowns, "découpages"),
        (kb.rankings, "classements"),
        (kb.positions, "positions"),
        (kb.methods, "méthodes"),
        (kb.federations, "fédérations"),
        (kb.approaches, "approches"),
    ):
        unique(records, what)
    unique([node for node in walk_records(kb.governance) if isinstance(node, model.GovernanceNode)], "instances de gouvernance")

    # every source named anywhere must exist
    for record in walk_records(kb.all() if kb.has("sources") else []):
        for key in ("source", "sources"):
            if not hasattr(record, key) or id(record) not in conv.origins:
                continue
            named = getattr(record, key)
            for source in [named] if isinstance(named, str) else named:
                if source not in source_ids:
                    conv.report(record, key, f"source inconnue « {source} » (connues : {', '.join(sorted(source_ids))})")

    numbers = [entry.numero for entry in kb.faq]
    for entry in kb.faq:
        if not 1 <= entry.numero <= FAQ_COUNT:
            conv.report(entry, "numero", f"numéro de question {entry.numero} hors de 1–{FAQ_COUNT}")
        if numbers.count(entry.numero) > 1:
            conv.report(entry, "numero", f"question numéro {entry.numero} en double")
        for other in entry.voir_aussi:
            if other not in numbers or other == entry.numero:
                conv.report(entry, "voir_aussi", f"« voir aussi » renvoie à une question absente : {other}")
    missing = sorted(set(range(1, FAQ_COUNT + 1)) - set(numbers))
    if missing and kb.faq:
        conv.report(kb.faq[0], None, "questions manquantes : " + ", ".join(map(str, missing)))

    for figure in kb.figures:
        if kb.has("indicators") and figure.indicateur not in indicator_ids:
            conv.report(figure, "indicateur", f"indicateur inconnu « {figure.indicateur} »")
        if kb.has("conflicts") and figure.conflit is not None and figure.conflit not in conflict_ids:
            conv.report(figure, "conflit", f"conflit inconnu « {figure.conflit} »")
        _check_dating(conv, figure, figure.annee, figure.precision, figure.justification)
    for event in kb.events:
        _check_dating(conv, event, event.annee, event.precision, event.justification)
    for approach in kb.approaches:
        _check_dating(conv, approach, approach.annee, approach.precision, "énoncée par la source")
    for conflict in kb.conflicts:
        for position in conflict.positions:
            if kb.has("figures") and position.chiffre is not None and position.chiffre not in figure_ids:
                conv.report(position, "chiffre", f"chiffre inconnu « {position.chiffre} »")
        if len(conflict.positions) < 2:
            conv.report(conflict, "positions", "un conflit oppose au moins deux positions")
    for testimonial in kb.testimonials:
        if kb.has("values") and testimonial.valeur not in value_ids:
            conv.report(testimonial, "valeur", f"valeur inconnue « {testimonial.valeur} »")
        for figure_id in testimonial.chiffres:
            if kb.has("figures") and figure_id not in figure_ids:
                conv.report(testimonial, "chiffres", f"chiffre inconnu « {figure_id} »")
    for form in kb.activity_forms:
        for association in form.associations:
            if kb.has("founding_associations") and association not in association_ids:
                conv.report(form, "associations", f"association-fondatrice inconnue « {association} »")


def sections_of(kb: KnowledgeBase) -> list[Any]:
    return [getattr(kb, field.name) for field in dataclasses.fields(kb)]


def _check_dating(conv: _Converter, record: Any, year: int | None, precision: str, justification: str | None) -> None:
    if precision == "non datee" and year is not None:
        conv.report(record, "annee", "un chiffre « non daté » ne peut pas avoir d'année")
    if precision != "non datee" and year is None:
        conv.report(record, "annee", f"précision « {precision} » sans année")
    if precision == "deduite" and not justification:
        conv.report(record, "justification", "une année déduite doit dire comment (champ « justification »)")
