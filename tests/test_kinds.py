"""Every kind of entry is complete: one row of ``kinds.KINDS`` and the pieces the rest of the program
derives from it or must add for it — a model class and its JSON shape, a data section, a search
projector, an explorer entry, a schema, a renderer, a command. A kind that lacks one fails here,
saying which, instead of silently missing from search, JSON or the explorer."""

from __future__ import annotations

import typing
from functools import cache
from typing import Any

import pytest

from sosinfo import contract, kinds, schemas
from sosinfo.cli.commands import app
from sosinfo.explorer.catalog import HIT_ENTRIES, Catalog
from sosinfo.kb import checks, model
from sosinfo.kb.files import BUNDLED_DATA, FILES
from sosinfo.kb.loader import load_knowledge
from sosinfo.render import OutputFormat, OutputSettings, render
from sosinfo.results import Hit, SearchResults
from sosinfo.search.documents import PROJECTORS, documents_of

# kinds of record that are written in JSON but are not search entries of their own: the parts of
# the answers about sources (source, indicator, conflict) and the breakdowns of the trades
NOT_SEARCHED = {"source", "indicateur", "conflit", "decoupage"}


@cache
def _kb() -> model.KnowledgeBase:
    return load_knowledge(BUNDLED_DATA)


@cache
def _documents() -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for document in documents_of(_kb()):
        found.setdefault(document.type, []).append(document)
    return found


def _sectioned_classes() -> set[type]:
    """The record classes the data files hold, section by section (``kb.files.FILES``)."""
    hints = typing.get_type_hints(model.KnowledgeBase, vars(model))
    found = set()
    for sections in FILES.values():
        for _, attribute in sections:
            tp = hints[attribute]
            found.add(typing.get_args(tp)[0] if typing.get_origin(tp) is list else tp)
    return found


@cache
def _bank_targets() -> dict[str, Any]:
    """What each kind of entry answers to in the question bank, as the verifier reads it."""
    kb = _kb()
    read = {attribute: getattr(kb, attribute) for sections in FILES.values() for _, attribute in sections}
    return checks._bank_targets(checks.Sections(read))


def _schema_types() -> set[str]:
    """Every ``type`` a shipped schema names."""
    import json

    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("type"), dict) and "const" in value["type"]:
                found.add(value["type"]["const"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for name in schemas.names():
        walk(json.loads(schemas.text_of(name)))
    return found


def missing_parts(kind: kinds.Kind) -> list[str]:
    """What ``kind`` lacks of what every kind must have, in words."""
    return _missing_knowledge(kind) + _missing_search_and_explorer(kind) + _missing_outputs(kind)


def _missing_knowledge(kind: kinds.Kind) -> list[str]:
    missing = []
    classes = [cls for cls, shape in contract.SHAPES.items() if shape.kind == kind.id]
    if len(classes) != 1:
        missing.append(f"one model class with its JSON shape (contract.SHAPES): {len(classes)} found")
    elif classes[0] not in _sectioned_classes():
        missing.append("a data section (kb.files.FILES)")
    if kind.id not in _bank_targets():
        missing.append("ids the question bank may name (kb.checks._BANK_KINDS)")
    return missing


def _missing_search_and_explorer(kind: kinds.Kind) -> list[str]:
    missing = []
    if kind.id not in PROJECTORS:
        missing.append("a search projector (search.documents.PROJECTORS)")
    documents = _documents().get(kind.id, [])
    if not documents or any(not d.id.startswith(f"{kind.id}:") for d in documents):
        missing.append("search documents of its own, with ids « kind:slug »")
    if kind.id not in HIT_ENTRIES:
        missing.append("an explorer entry (explorer.catalog.HIT_ENTRIES)")
    else:
        catalog = Catalog(_kb())
        if not documents or any(catalog.entry_of_hit(_hit(d)) is None for d in documents):
            missing.append("an explorer entry for each of its entries")
    return missing


def _missing_outputs(kind: kinds.Kind) -> list[str]:
    missing = []
    if kind.id not in _schema_types():
        missing.append("a JSON schema (sosinfo/schemas/)")
    if kind.label == kind.id or not kind.label[:1].isupper():
        missing.append("a French label")
    documents = _documents().get(kind.id, [])
    if documents:
        results = SearchResults("q", [_hit(documents[0])], False)
        shown = render(results, OutputFormat.texte, OutputSettings(200, False, "utf-8", ()))
        if f"[{kind.label}]" not in shown:
            missing.append("a text rendering of its search results")
    commands = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    if kind.command.removeprefix("sosinfo ") not in commands:
        missing.append(f"a command that lists it ({kind.command})")
    return missing


def _hit(document: Any) -> Hit:
    return Hit(document.id, document.type, document.title, document.command, document.record, 1.0, "", [])


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda kind: kind.id)
def test_every_kind_is_complete(kind: kinds.Kind) -> None:
    assert missing_parts(kind) == []


def test_every_table_keyed_by_kind_names_known_kinds_only() -> None:
    assert list(PROJECTORS) and set(PROJECTORS) == set(kinds.KIND_IDS) == set(HIT_ENTRIES)
    written = {shape.kind for shape in contract.SHAPES.values() if shape.kind is not None}
    assert written == set(kinds.KIND_IDS) | NOT_SEARCHED


def test_a_kind_that_lacks_its_pieces_is_told_which() -> None:
    """The check can fail: a new row alone in ``KINDS`` is reported for everything it lacks."""
    dummy = kinds.Kind("essai", "Essai", "essai", "sosinfo essai")
    said = " | ".join(missing_parts(dummy))
    for piece in ("contract.SHAPES", "_BANK_KINDS", "PROJECTORS", "HIT_ENTRIES", "schema", "command that lists it"):
        assert piece in said, said
    unlabelled = kinds.Kind("faq", "faq", "faq question", "sosinfo faq")
    assert missing_parts(unlabelled) == ["a French label", "a text rendering of its search results"]
