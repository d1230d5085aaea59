"""Loads a knowledge base directory into a validated :class:`KnowledgeBase`.

The schema is the model itself: each field is checked against its annotation, so adding a
field to ``model.py`` is the whole schema change. Problems are collected, not raised one at a
time, so ``sosinfo verifier`` can list every one of them with its file and line.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Union

from sosinfo.errors import DataError, Problem, Problems, TooManyProblems
from sosinfo.kb import checks, model
from sosinfo.kb.checks import Sections, check_references
from sosinfo.kb.files import DATA_FILES, FILES, Snapshot, read_snapshot
from sosinfo.kb.model import KnowledgeBase
from sosinfo.kb.yamlreader import REFUSED, Located, TooLarge, YamlFileError, parse_yaml

__all__ = ["build_compiled", "check_snapshot", "load_knowledge", "read_knowledge", "to_plain", "walk_records"]

_INVALID = object()
# sections and fields that must hold at least one item: the FAQ, the sources, the figures, a
# question's answer, and the sources of every entry (each fact says where it comes from)
NON_EMPTY_SECTIONS = frozenset({"sources", "faq", "indicateurs", "chiffres"})
NON_EMPTY_FIELDS = frozenset({"sources", "reponse"})
# YAML nodes in all the files of a base (each file is bounded too: yamlreader.MAX_NODES); a base 100
# times the shipped one holds 1 356 009
MAX_BASE_NODES = 2_000_000
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
    """Parse and check the bytes read of every file; the knowledge base (if sound) and all problems.

    Checking stops after :data:`~sosinfo.errors.MAX_PROBLEMS` problems, saying so in a last one.
    """
    problems = Problems()
    converter = _Converter(problems)
    values: dict[str, Any] = {}
    try:
        nodes_left = MAX_BASE_NODES
        for name, sections in FILES.items():
            nodes_left -= _check_file(name, sections, snapshot[name], converter, values, nodes_left=nodes_left)
        # references are checked on whatever could be read, so that one bad file hides nothing else
        check_references(Sections(values, converter.legible_ids, converter.illegible), converter)
    except TooLarge as error:  # a hostile base is not read further: each of its files could cost as much
        list.append(problems, error.problem)  # said even when the list is full: it is why reading stopped
        _in_file_order(problems)
        return None, problems
    except TooManyProblems:
        _in_file_order(problems)
        problems.stopped(problems[-1].file)
        return None, problems
    if problems:
        _in_file_order(problems)
        return None, problems
    return KnowledgeBase(**values), problems


def _check_file(
    name: str,
    sections: list[tuple[str, str]],
    raw: bytes | Problem,
    converter: _Converter,
    values: dict[str, Any],
    *,
    nodes_left: int,
) -> int:
    """Check one file; the number of YAML nodes it held. :class:`TooLarge` when it exceeds a size bound."""
    problems = converter.problems
    if isinstance(raw, Problem):
        problems.append(raw)
        return 0
    try:
        located = parse_yaml(raw, name, problems, nodes_left)
    except TooLarge:
        raise
    except YamlFileError as error:
        problems.append(error.problem)
        return 0
    _check_document(name, sections, located, converter, values)
    return located.nodes


def _check_document(
    name: str, sections: list[tuple[str, str]], located: Located, converter: _Converter, values: dict[str, Any]
) -> None:
    problems = converter.problems
    document = located.data
    _check_brackets(located, document, None, problems)
    if not isinstance(document, dict):
        problems.append(Problem(name, 1, "le fichier doit contenir un dictionnaire de sections"))
        return
    expected = {key for key, _ in sections}
    for key in document:
        if key not in expected:
            line = located.line_of(document, key)
            problems.append(Problem(name, line, f"section inconnue « {key} » (attendu : {', '.join(sorted(expected))})"))
    for key, attribute in sections:
        kind = _hints(KnowledgeBase)[attribute]
        if key not in document:
            problems.append(Problem(name, 1, f"section « {key} » manquante"))
            continue
        converted = converter.convert(located, document, key, document[key], kind, section=True)
        if converted is _INVALID:
            continue
        values[attribute] = converted
        if key in NON_EMPTY_SECTIONS and not converted and not document[key]:
            converter.problem(located, document, key, f"{_label(key)} ne doit pas être vide")


def _in_file_order(problems: list[Problem]) -> None:
    """Sort by file (in the order of the file table) then line; a stable sort keeps each line's own order."""
    order = {name: index for index, name in enumerate(DATA_FILES)}
    problems[:] = sorted(problems, key=lambda p: (order.get(p.file, len(order)), p.line or 0))


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


def build_compiled(raw: Any) -> KnowledgeBase:
    """Rebuild a knowledge base from its compiled form (the cache's JSON), checking the shape of
    every value against the model as it goes: :class:`ValueError` on the first one out of place.

    The file's hash says it holds the bytes that were written; this says the bytes are a base the
    code can serve (a text where a number goes, a list where a record goes would otherwise fail
    far from here, in every command, until the cache is removed).
    """
    return _rebuild(KnowledgeBase, raw)  # type: ignore[no-any-return]


# class -> [(field, required, may be None, is a list, what each value is)]: read off the annotations
# as text, which ``from __future__ import annotations`` keeps (cheaper than typing.get_type_hints).
# What a value is: a record class, an enumeration, or the Python types it may have.
_Shape = type | tuple[type, ...]
_PLANS: dict[type, tuple[frozenset[str], list[tuple[str, bool, bool, bool, _Shape]]]] = {}
_SCALARS: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "float": (float,), "bool": (bool,)}


def _plan(cls: type) -> tuple[frozenset[str], list[tuple[str, bool, bool, bool, _Shape]]]:
    plan = _PLANS.get(cls)
    if plan is None:
        fields = []
        for field in dataclasses.fields(cls):
            parts = [part.strip() for part in str(field.type).split("|")]
            optional = "None" in parts
            parts = [part for part in parts if part != "None"]
            is_list = len(parts) == 1 and parts[0].startswith("list[")
            names = [parts[0][5:-1]] if is_list else parts
            required = field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
            fields.append((field.name, required, optional, is_list, _shape_of(names)))
        plan = _PLANS[cls] = (frozenset(name for name, *_ in fields), fields)
    return plan


def _shape_of(names: list[str]) -> _Shape:
    if all(name in _SCALARS for name in names):
        return tuple(kind for name in names for kind in _SCALARS[name])
    (name,) = names
    named = getattr(model, name)
    if isinstance(named, type) and dataclasses.is_dataclass(named):
        return named
    if isinstance(named, type) and issubclass(named, enum.Enum):
        return named
    raise TypeError(f"type de schéma non géré : {name}")  # pragma: no cover - a model bug


def _rebuild(cls: type, raw: Any) -> Any:
    names, plan = _plan(cls)
    if type(raw) is not dict or not raw.keys() <= names:
        raise ValueError(f"{cls.__name__}: not a record of its fields")
    values = {}
    for name, required, optional, is_list, shape in plan:
        if name not in raw:
            if required:
                raise ValueError(f"{cls.__name__}.{name}: missing")
            continue
        value = raw[name]
        if value is None:
            if not optional:
                raise ValueError(f"{cls.__name__}.{name}: None")
        elif not is_list:
            if isinstance(shape, type):
                value = _member(shape, value) if issubclass(shape, enum.Enum) else _rebuild(shape, value)
            elif not _fits(value, shape):
                raise ValueError(f"{cls.__name__}.{name}: {value!r:.40} is not {shape}")
        elif type(value) is not list:
            raise ValueError(f"{cls.__name__}.{name}: not a list")
        elif isinstance(shape, type):
            value = [_member(shape, item) if issubclass(shape, enum.Enum) else _rebuild(shape, item) for item in value]
        elif not all(_fits(item, shape) for item in value):  # a list of texts or numbers is kept as it is
            raise ValueError(f"{cls.__name__}.{name}: an item is not {shape}")
        values[name] = value
    return cls(**values)


def _member(kind: type[enum.Enum], value: Any) -> enum.Enum:
    """An enumeration's member from its identifier (``ValueError`` for anything else: the cache is rebuilt)."""
    if type(value) is not str:
        raise ValueError(f"{kind.__name__}: {value!r:.40} is not an identifier")
    return kind(value)


def _fits(value: Any, shape: tuple[type, ...]) -> bool:
    """A value of one of the types (a finite number, if a float)."""
    kind = type(value)
    return kind in shape and (kind is not float or math.isfinite(value))


def to_plain(value: Any) -> Any:
    """Dataclasses to plain JSON-able data (the inverse of :func:`build_compiled`)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    if isinstance(value, enum.Enum):  # an enumeration's identifier, as the data files write it
        return value.value
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
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return "l'une des valeurs " + ", ".join(f"« {member.value} »" for member in kind)
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
    """What was found, as the YAML file writes it: « sept », true, 1957 (never Python's ``'sept'`` or ``True``)."""
    if isinstance(value, dict):
        return "un dictionnaire"
    if isinstance(value, list):
        return "une liste"
    if value is None:
        return "rien"
    if isinstance(value, bool):
        return f"le booléen {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if not text.strip():
        return "un texte vide" if not text else "un texte fait d'espaces"
    if not _visible(text):
        return "un texte sans caractère visible"
    return f"« {text if len(text) <= 40 else text[:39] + '…'} »"


# letters of no width or no ink that are not spaces to str.isspace (Braille blank, Hangul fillers)
_BLANK_LETTERS = frozenset("\u2800\u3164\u115f\u1160\uffa0")


def _visible(text: str) -> bool:
    """Whether ``text`` shows something: not only spaces, format characters (U+200B…) or blank letters."""
    import unicodedata

    return any(
        not character.isspace() and character not in _BLANK_LETTERS and unicodedata.category(character) != "Cf"
        for character in text
    )


class _Converter:
    """Checks plain YAML data against the model's annotations and builds the dataclasses."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        # id(dataclass instance) -> (where it was read, its raw mapping) for reference checks
        self.origins: dict[int, tuple[Located, dict[str, Any]]] = {}
        # what is left of bad entries: the identifiers still legible, the types where one is not
        self.legible_ids: dict[type, set[str | int]] = {}
        self.illegible: set[type] = set()

    def problem(self, located: Located, container: object, key: str | int | None, message: str) -> object:
        self.problems.append(Problem(located.file, located.line_of(container, key), message))
        return _INVALID

    def convert(
        self, located: Located, container: object, key: str | int | None, value: Any, kind: Any, *, section: bool = False
    ) -> Any:
        """``value`` checked against ``kind``; ``_INVALID`` once its problems are reported.

        A ``section`` (a top-level list) keeps its good entries when some are bad, so that the
        references into them are still checked; the base is refused all the same.
        """
        if value is REFUSED:  # the reader refused it and said why
            return _INVALID
        origin = typing.get_origin(kind)
        if origin in (Union, types.UnionType):
            return self.convert_union(located, container, key, value, kind)
        if origin is list:
            if not isinstance(value, list):
                return self.problem(located, container, key, f"{_label(key)} doit être une liste, pas {_shown(value)}")
            (item_kind,) = typing.get_args(kind)
            items = [self.convert(located, value, index, item, item_kind) for index, item in enumerate(value)]
            if section:
                return [item for item in items if item is not _INVALID]
            return _INVALID if any(item is _INVALID for item in items) else items
        if dataclasses.is_dataclass(kind) and isinstance(kind, type):
            return self.convert_record(located, container, key, value, kind)
        return self.convert_scalar(located, container, key, value, kind)

    def convert_union(self, located: Located, container: object, key: str | int | None, value: Any, kind: Any) -> Any:
        """An optional value (``X | None``), or a number that may be whole or not."""
        options = typing.get_args(kind)
        if value is None and type(None) in options:
            return None
        concrete = [o for o in options if o is not type(None)]
        if len(concrete) == 1:
            return self.convert(located, container, key, value, concrete[0])
        if all(o in (int, float) for o in concrete) and isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        return self.problem(located, container, key, f"{_label(key)} doit être {_describe(kind)}, pas {_shown(value)}")

    def convert_scalar(self, located: Located, container: object, key: str | int | None, value: Any, kind: Any) -> Any:
        """An enumeration's identifier (as its member), a non-empty text or a whole number."""
        label = _label(key)
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            if isinstance(value, str) and value in {member.value for member in kind}:
                return kind(value)
            return self.problem(located, container, key, f"{label} doit être {_describe(kind)}, pas {_shown(value)}")
        if kind is str:
            if isinstance(value, str) and _visible(value):
                return value
            return self.problem(located, container, key, f"{label} doit être un texte non vide, pas {_shown(value)}")
        if kind is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            return self.problem(located, container, key, f"{label} doit être un nombre entier, pas {_shown(value)}")
        raise TypeError(f"type de schéma non géré : {kind!r}")  # pragma: no cover - a model bug

    def convert_record(self, located: Located, container: object, key: str | int | None, value: Any, kind: type) -> Any:
        if not isinstance(value, dict):
            self.illegible.add(kind)
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
            elif converted == [] and field_name in NON_EMPTY_FIELDS:
                self.problem(located, value, field_name, f"{_label(field_name)} ne doit pas être vide")
                ok = False
            else:
                arguments[field_name] = converted
        if not ok:
            self.remember_bad(kind, value)
            return _INVALID
        record = kind(**arguments)
        self.origins[id(record)] = (located, value)
        return record

    def remember_bad(self, kind: type, raw: dict[str, Any]) -> None:
        """Keep the identifier of a bad entry, if legible: references to it are not errors of their own."""
        hints = _hints(kind)
        name = "id" if "id" in hints else "numero" if "numero" in hints else None
        if name is None:
            return
        identifier = raw.get(name)
        expected = str if name == "id" else int
        if type(identifier) is expected:
            self.legible_ids.setdefault(kind, set()).add(identifier)
        else:
            self.illegible.add(kind)

    def knows(self, record: object) -> bool:
        return id(record) in self.origins

    def report(self, record: object, key: str | None, message: str) -> None:
        origin = self.origins.get(id(record))
        if origin is not None:
            located, raw = origin
            self.problem(located, raw, key, message)


def walk_records(value: Any) -> Iterator[Any]:
    """Every dataclass instance inside ``value``, depth first."""
    return checks.walk_records(value)


def sections_of(kb: KnowledgeBase) -> list[Any]:
    return [getattr(kb, field.name) for field in dataclasses.fields(kb)]
