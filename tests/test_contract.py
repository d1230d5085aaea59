"""The JSON contract: every command's output valid against its shipped schema, one id form, empty results."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import Run

from sosinfo import contract, queries, schemas
from sosinfo.kb import model
from sosinfo.kb.files import BUNDLED_DATA
from sosinfo.kb.loader import load_knowledge
from sosinfo.schemas import build as schema_builder

OUTPUTS = {
    "faq": [["faq"], ["faq", "7"], ["faq", "budget"]],
    "chiffres": [["chiffres"], ["chiffres", "--recents"], ["chiffres", "-a", "2016"], ["chiffres", "-i", "salaries", "-g"]],
    "gouvernance": [["gouvernance"]],
    "valeurs": [["valeurs"]],
    "temoignages": [["temoignages"], ["temoignages", "valet"]],
    "fondateur": [["fondateur"]],
    "chronologie": [["chronologie"], ["chronologie", "--annee", "2016"]],
    "secteurs": [["secteurs"], ["secteurs", "jeunesse"]],
    "plaidoyers": [["plaidoyers"]],
    "contact": [["contact"]],
    "approche": [["approche"]],
    "sources": [["sources"], ["sources", "--conflits"]],
    "export": [["export"]],
    "verifier": [["verifier"]],
    "recherche": [
        ["recherche", "patrimoine immobilier"],
        ["recherche", "salariés 2016", "-t", "chiffre"],
        ["recherche", "combien de salariés en 2016"],  # a direct answer, on a figure in conflict
        ["recherche", "où est le siège"],
    ],
}
REFERENCE_FIELDS = {"sources", "conflit", "valeur", "voir_aussi", "associations", "chiffres", "indicateur", "temoignages"}


def test_every_command_has_a_schema() -> None:
    assert set(schemas.names()) == set(OUTPUTS)


def test_shipped_schemas_are_generated_from_the_model() -> None:
    built = schema_builder.schemas()
    for name, schema in built.items():
        path = schemas.FOLDER / f"{name}.json"
        if os.environ.get("SOSINFO_UPDATE_SCHEMAS") == "1":
            path.write_text(schema_builder.text(schema), encoding="utf-8")
        assert json.loads(path.read_text(encoding="utf-8")) == schema, f"{path.name} is stale"
        jsonschema.Draft202012Validator.check_schema(schema)


def _references(value: Any) -> list[tuple[str, Any]]:
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            listed = item if isinstance(item, list) else [item]
            if key in REFERENCE_FIELDS and all(isinstance(i, str) for i in listed):  # not numbers, not records
                found.append((key, item))
            found += _references(item)
    elif isinstance(value, list):
        for item in value:
            found += _references(item)
    return found


@pytest.mark.parametrize(
    ("name", "command"),
    [(n, c) for n, cs in OUTPUTS.items() for c in cs],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_output_is_valid_against_its_schema(run: Run, name: str, command: list[str]) -> None:
    done = run(*command, "--format", "json")
    assert done.exit_code == 0, done.stderr
    document = done.json()
    jsonschema.validate(document, json.loads(schemas.text_of(name)))
    for key, value in _references(document):  # one form for references: the record id
        for item in value if isinstance(value, list) else [value]:
            assert isinstance(item, str) and re.fullmatch(r"[a-z-]+:[\w.-]+", item), (key, item)
    assert "" not in _strings(document)  # a missing text is null, never ""


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [value] if isinstance(value, str) else []


def test_no_raw_enum_value_in_json(run: Run) -> None:
    text = run("export", "--format", "json").stdout
    assert '"non datee"' not in text and '"non-datee"' in text
    modes = {a["mode_gestion"] for a in json.loads(text)["secteurs"]["secteurs"]}
    assert modes == {"controle-public", "gestion-libre", "non-precise"}


def test_management_modes_are_words_for_people_and_identifiers_for_scripts(run: Run) -> None:
    shown = run("secteurs", "solidarites", env={"COLUMNS": "200"}).stdout
    assert "sous contrôle des pouvoirs publics" in shown and "controle" not in shown
    markdown = run("secteurs", "--format", "md").stdout
    assert "| Groupe SOS Commerce et services | non précisé par la FAQ |" in markdown


def test_schema_command(run: Run) -> None:
    done = run("schema", "chiffres")
    assert done.exit_code == 0 and json.loads(done.stdout)["version"] == contract.VERSION
    unknown = run("schema", "chifres")
    assert unknown.exit_code == 2 and "Vouliez-vous dire « chiffres »" in unknown.stderr


def test_export_carries_the_contract_version(run: Run) -> None:
    assert run("export", "-f", "json").json()["version"] == contract.VERSION


@pytest.mark.parametrize(
    "command",
    [["faq", "99"], ["chiffres", "-a", "2019"], ["recherche", "zzzzqqq xxyyzz"], ["temoignages", "personne-inconnue"]],
    ids=" ".join,
)
def test_nothing_found_is_still_a_json_document(run: Run, command: list[str]) -> None:
    done = run(*command, "--format", "json")
    assert done.exit_code == 1
    assert done.json() == []
    assert done.stderr.startswith("Erreur : ")


def test_schema_files_are_package_data() -> None:
    text = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"schemas/*.json"' in text


# --- one rule for a name that designates nothing --------------------------------------------------

NAMES_THE_BASE_DOES_NOT_HOLD = [
    (["chiffres", "--indicateur", "benevoles"], "Indicateur inconnu"),
    (["temoignages", "personne-inconnue"], "Aucun témoignage"),
    (["secteurs", "aeronautique"], "Aucun métier"),
    (["faq", "99"], "pas de question n° 99"),
    (["chiffres", "--annee", "2030"], "aucun chiffre pour l'année 2030"),
    (["chronologie", "--annee", "1950"], "Aucun événement"),
]


@pytest.mark.parametrize(
    ("command", "said"), NAMES_THE_BASE_DOES_NOT_HOLD, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_a_name_the_base_does_not_hold_is_nothing_found_in_every_command(run: Run, command: list[str], said: str) -> None:
    done = run(*command, "--format", "json")
    assert (done.exit_code, done.json()) == (1, [])
    assert said.lower() in done.stderr.lower()
    text = run(*command)
    assert (text.exit_code, text.stdout) == (1, "")


@pytest.mark.parametrize(
    "command",
    [["chiffres", "-f", "yaml"], ["recherche", "budget", "--type", "brochure"], ["schema", "brochure"], ["brochure"]],
    ids=" ".join,
)
def test_a_word_outside_the_program_vocabulary_is_bad_usage(run: Run, command: list[str]) -> None:
    """The boundary of the rule above: the program's own words (formats, types, commands) are usage errors."""
    done = run(*command, "--format", "json") if command[0] != "chiffres" else run(*command)
    assert done.exit_code == 2 and done.stdout == ""


def test_figures_say_their_approximation_unit_and_currency_as_identifiers(run: Run) -> None:
    rows = {row["id"]: row for row in run("chiffres", "--format", "json").json()}
    assert (rows["chiffre:activite-2022"]["unite"], rows["chiffre:activite-2022"]["devise"]) == ("EUR", "EUR")
    assert (rows["chiffre:activite-dollars-2008"]["unite"], rows["chiffre:activite-dollars-2008"]["devise"]) == ("USD", "USD")
    beneficiaries = rows["chiffre:beneficiaires-ashoka"]
    assert (beneficiaries["approximation"], beneficiaries["devise"]) == ("plus-de", None)
    assert rows["chiffre:anciennete-valeurs"]["approximation"] == "pres-de"
    assert rows["chiffre:resultat-part-2021"]["unite"] == "pourcent"
    assert {row["unite"] for row in rows.values()} >= {"etablissements", "personnes", "regions", "ans"}
    assert all(re.fullmatch(r"[a-z0-9-]+|[A-Z]{3}", row["unite"]) for row in rows.values())
    assert all("qualificatif" not in row for row in rows.values())
    indicators = {i["id"]: i for i in run("export", "-f", "json").json()["indicateurs"]}
    assert (indicators["indicateur:activite"]["unite"], indicators["indicateur:activite"]["devise"]) == ("EUR", "EUR")
    assert indicators["indicateur:etablissements"]["unite"] == "etablissements"


def test_a_direct_answer_is_the_fact_alone_for_scripts(run: Run) -> None:
    first = run("recherche", "combien de salariés en 2016", "--format", "json").json()[0]
    assert first["reponse_directe"].replace("\u202f", " ") == "Salariés : 15 000 (2016, source : up-conferences)"
    assert first["conflit"] == "conflit:salaries"  # the disagreement is a field, not a sentence to a person
    shown = run("recherche", "combien de salariés en 2016", env={"COLUMNS": "200"}).stdout
    assert "⚠ les sources ne s'accordent pas (sosinfo sources --conflits)" in shown  # people still see it


def test_a_missing_extract_is_null(run: Run) -> None:
    hits = run("recherche", "combien de salariés en 2016", "--format", "json").json()
    assert any(hit["extrait"] is None for hit in hits)
    assert all(hit["extrait"] is None or hit["extrait"].strip() for hit in hits)
    assert all(hit["extrait"] for hit in run("recherche", "patrimoine immobilier", "--format", "json").json())


# --- every field of the model reaches the JSON, or is declared internal ---------------------------


def model_classes() -> list[type]:
    """Every record class of the model, reached from the knowledge base through its fields' types."""
    found: list[type] = []
    pending: list[Any] = [model.KnowledgeBase]
    while pending:
        tp = pending.pop()
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            if tp in found:
                continue
            found.append(tp)
            pending.extend(typing.get_type_hints(tp, vars(model)).values())
        else:
            pending.extend(typing.get_args(tp))
    return [cls for cls in found if cls is not model.KnowledgeBase]


def first_instances(value: Any, found: dict[type, Any]) -> dict[type, Any]:
    """One record of each class found in ``value``, depth first."""
    if isinstance(value, list):
        for item in value:
            first_instances(item, found)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        found.setdefault(type(value), value)
        for each in dataclasses.fields(value):
            first_instances(getattr(value, each.name), found)
    return found


def unwritten(record: Any, written: dict[str, Any]) -> list[str]:
    """The fields of ``record`` that its JSON ``written`` lacks and its shape does not declare internal."""
    shape = contract.shape_of(type(record))
    return [
        each.name
        for each in dataclasses.fields(record)
        if each.name not in shape.internal and ("id" if each.name == "id" else shape.key(each.name)) not in written
    ]


def test_every_model_field_reaches_the_json_or_is_declared_internal() -> None:
    classes = model_classes()
    kb = load_knowledge(BUNDLED_DATA)
    samples = first_instances([getattr(kb, f.name) for f in dataclasses.fields(kb)], {})
    assert len(classes) >= 25 and set(classes) <= set(samples), "a class of the model has no record in the base"
    for cls in classes:
        record = samples[cls]
        assert unwritten(record, contract.serialize(record)) == [], cls.__name__
        for name, why in contract.shape_of(cls).internal.items():
            assert name in {f.name for f in dataclasses.fields(cls)} and why, f"{cls.__name__}.{name}: a field, and why"


@dataclasses.dataclass(eq=False)
class _FigureWithMore(model.Figure):
    """A figure given one more field, as a new fact of the sources would be."""

    provenance: str = "nouvelle"


def _with_more(figure: model.Figure) -> _FigureWithMore:
    return _FigureWithMore(**{f.name: getattr(figure, f.name) for f in dataclasses.fields(figure)})


def test_a_new_field_reaches_json_and_schema_and_the_check_sees_one_that_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = load_knowledge(BUNDLED_DATA)
    row = queries.figures(kb).rows[0]
    more = _with_more(row.figure)
    written = contract.figure(dataclasses.replace(row, figure=more))
    assert written["provenance"] == "nouvelle" and unwritten(more, written) == []
    assert written["id"] == contract.figure(row)["id"] and list(written)[:8] == list(contract.figure(row))[:8]
    assert "provenance" in schema_builder.record(_FigureWithMore)["properties"]  # the shipped schema is stale: a test says so
    # a serializer that lists the fields it writes (as the contract did) loses it, and the check says which
    listed = {key: value for key, value in written.items() if key != "provenance"}
    assert unwritten(more, listed) == ["provenance"]
    # declared internal: not written, and nothing to report
    monkeypatch.setitem(
        contract.SHAPES, _FigureWithMore, dataclasses.replace(contract.SHAPES[model.Figure], internal={"provenance": "essai"})
    )
    hidden = contract.figure(dataclasses.replace(row, figure=more))
    assert "provenance" not in hidden and unwritten(more, hidden) == [] and hidden == contract.figure(row)
