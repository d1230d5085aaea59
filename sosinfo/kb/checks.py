"""The checks across entries: unique identifiers, and every reference naming something that exists.

They run on whatever the loader could read, so that one bad file or entry hides nothing else:
a section that could not be read at all is skipped, and a section with bad entries keeps its
good ones. References into a section are checked against the identifiers of its good entries
and those still legible in its bad ones; when a bad entry's identifier cannot be read either,
references into that section are not checked (any of them might name it).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from sosinfo.kb import model

# every identifier (``id``): what a shell completes, a URL-like JSON ``id`` carries and a command
# line takes as it is; nothing in it is special to a shell, to Markdown or to a terminal
IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9-]*")

Record = TypeVar("Record")


class Reporter(Protocol):
    def report(self, record: object, key: str | None, message: str) -> None:
        """Report ``message`` at the line of ``record`` (of its field ``key``, when given)."""

    def knows(self, record: object) -> bool:
        """Whether ``record`` was read from a file (and so has a line to report at)."""


@dataclass
class Sections:
    """The sections read so far, by KnowledgeBase attribute, and what is known of their bad entries."""

    read: Mapping[str, object]
    legible_ids: Mapping[type, set[str | int]] = field(default_factory=dict)  # ids still legible in bad entries
    illegible: set[type] = field(default_factory=set)  # record types with a bad entry whose id cannot be read

    def items(self, attribute: str, kind: type[Record]) -> list[Record]:
        """The good entries of a section (its record, for a section that is one record)."""
        value = self.read.get(attribute)
        if isinstance(value, list):
            return [item for item in value if isinstance(item, kind)]
        return [value] if isinstance(value, kind) else []

    def known(self, attribute: str, kind: type[Record], identify: Callable[[Record], str | int]) -> set[str | int] | None:
        """Every identifier of a section, good entries and bad; None when they cannot all be known."""
        if attribute not in self.read or kind in self.illegible:
            return None
        return {identify(item) for item in self.items(attribute, kind)} | self.legible_ids.get(kind, set())

    def records(self) -> Iterator[object]:
        for value in self.read.values():
            yield from walk_records(value)


def walk_records(value: object) -> Iterator[object]:
    """Every dataclass instance inside ``value``, depth first."""
    if isinstance(value, list):
        for item in value:
            yield from walk_records(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for each in dataclasses.fields(value):
            yield from walk_records(getattr(value, each.name))


def check_references(kb: Sections, reporter: Reporter) -> None:
    """Every check across entries, in a fixed order."""
    check_identifiers(kb, reporter)
    check_unique_ids(kb, reporter)
    check_sources(kb, reporter)
    check_faq(kb, reporter)
    check_figures(kb, reporter)
    check_conflicts(kb, reporter)
    check_testimonials(kb, reporter)
    check_activity_forms(kb, reporter)
    check_headcounts(kb, reporter)
    for event in kb.items("events", model.Event):
        check_dating(reporter, event, event.annee, event.precision, event.justification)
    for approach in kb.items("approaches", model.Approach):
        check_dating(reporter, approach, approach.annee, approach.precision, "énoncée par la source")
    check_passages(kb, reporter)
    check_question_bank(kb, reporter)
    check_synonyms(kb, reporter)


# the sections whose entries carry an ``id``, and how the messages name them
_IDENTIFIED: list[tuple[str, type, str]] = [
    ("sources", model.Source, "sources"),
    ("indicators", model.Indicator, "indicateurs"),
    ("figures", model.Figure, "chiffres"),
    ("conflicts", model.Conflict, "conflits"),
    ("values", model.Value, "valeurs"),
    ("founding_associations", model.FoundingAssociation, "associations-fondatrices"),
    ("testimonials", model.Testimonial, "témoignages"),
    ("people", model.Person, "personnes"),
    ("events", model.Event, "événements"),
    ("activity_forms", model.ActivityForm, "formes d'activité"),
    ("breakdowns", model.Breakdown, "découpages"),
    ("rankings", model.Ranking, "classements"),
    ("positions", model.AdvocacyPosition, "positions"),
    ("methods", model.AdvocacyMethod, "méthodes"),
    ("federations", model.Federation, "fédérations"),
    ("approaches", model.Approach, "approches"),
]


def _identifier(record: object) -> str:
    found = getattr(record, "id", None)
    return found if isinstance(found, str) else ""


def _report_duplicates(records: list[object], what: str, reporter: Reporter) -> None:
    seen: set[str] = set()
    for record in records:
        identifier = _identifier(record)
        if identifier in seen:
            reporter.report(record, "id", f"identifiant « {identifier} » en double parmi les {what}")
        seen.add(identifier)


def check_identifiers(kb: Sections, reporter: Reporter) -> None:
    """Each ``id`` follows the grammar of :data:`IDENTIFIER`: « valet », « q7 », « salaries-2016 »."""
    for record in kb.records():
        if isinstance(record, model.AskedFor):  # its id names an entry (« faq:7 »): check_question_bank checks that
            continue
        identifier = getattr(record, "id", None)
        if isinstance(identifier, str) and not IDENTIFIER.fullmatch(identifier):
            shown = identifier if len(identifier) <= 40 else identifier[:39] + "…"
            reporter.report(
                record,
                "id",
                f"identifiant « {shown} » invalide : il s'écrit en minuscules sans accents, chiffres et tirets, "
                "et commence par une lettre ou un chiffre (par exemple « jean-dupont » ou « q7 »)",
            )


def check_unique_ids(kb: Sections, reporter: Reporter) -> None:
    for attribute, kind, what in _IDENTIFIED:
        _report_duplicates(list(kb.items(attribute, kind)), what, reporter)
    nodes = [node for node in walk_records(kb.read.get("governance")) if isinstance(node, model.GovernanceNode)]
    _report_duplicates(list(nodes), "instances de gouvernance", reporter)


def _ids(kb: Sections, attribute: str, kind: type[Record]) -> set[str | int] | None:
    return kb.known(attribute, kind, _identifier)


def _named(reporter: Reporter, record: object, field: str, known: set[str | int] | None, unknown: str) -> None:
    """Report each id in ``record.field`` (one, a list, or none) that names no entry of its section.

    Unchecked when that section could not be read (``known`` is None); ``unknown`` says what was not
    found, agreed in gender: « indicateur inconnu », « valeur inconnue »."""
    value = getattr(record, field)
    for named in value if isinstance(value, list) else [value]:
        if known is not None and named is not None and named not in known:
            reporter.report(record, field, f"{unknown} « {named} »")


def check_sources(kb: Sections, reporter: Reporter) -> None:
    """Every source named anywhere must exist."""
    source_ids = _ids(kb, "sources", model.Source)
    if source_ids is None:
        return
    shown = ", ".join(sorted(str(identifier) for identifier in source_ids))
    for record in kb.records():
        for key in ("source", "sources"):
            named: object = getattr(record, key, None)
            names = [named] if isinstance(named, str) else named if isinstance(named, list) else []
            for source in names:
                if source not in source_ids:
                    reporter.report(record, key, f"source inconnue « {source} » (connues : {shown})")


def check_faq(kb: Sections, reporter: Reporter) -> None:
    """The questions are numbered from 1 to their count, each once: no count is written in the code."""
    entries = kb.items("faq", model.FaqEntry)
    numbers = [entry.numero for entry in entries]
    legible = kb.known("faq", model.FaqEntry, lambda entry: entry.numero)
    # a bad entry still counts; one whose number cannot be read leaves the count unknown (it is reported)
    count = None if legible is None else len(entries) + len(kb.legible_ids.get(model.FaqEntry, set()))
    for entry in entries:
        if count is not None and not 1 <= entry.numero <= count:
            reporter.report(entry, "numero", f"numéro de question {entry.numero} hors de 1–{count}")
        if numbers.count(entry.numero) > 1:
            reporter.report(entry, "numero", f"question numéro {entry.numero} en double")
    if legible is None or count is None:
        return
    known = {number for number in legible if isinstance(number, int)}
    for entry in entries:
        for other in entry.voir_aussi:
            if other not in known or other == entry.numero:
                reporter.report(entry, "voir_aussi", f"« voir aussi » renvoie à une question absente : {other}")
    missing = sorted(set(range(1, count + 1)) - known)
    if missing and entries:
        reporter.report(entries[0], None, "questions manquantes : " + ", ".join(map(str, missing)))


def check_figures(kb: Sections, reporter: Reporter) -> None:
    indicator_ids = _ids(kb, "indicators", model.Indicator)
    conflict_ids = _ids(kb, "conflicts", model.Conflict)
    for figure in kb.items("figures", model.Figure):
        _named(reporter, figure, "indicateur", indicator_ids, "indicateur inconnu")
        _named(reporter, figure, "conflit", conflict_ids, "conflit inconnu")
        check_computation(reporter, figure)
        check_dating(reporter, figure, figure.annee, figure.precision, figure.justification)


# a computed figure's arithmetic: numbers (« 1 », « 0,4 ») joined by « × » or « + », each between spaces
_OPERAND = re.compile(r"\d+(?:,\d+)?")
_OPERATOR = re.compile(r"(?<=\s)[×+](?=\s)")


def computed_value(calcul: str) -> float | None:
    """The value of ``calcul`` (« 8 associations-fondatrices × 2 représentants » → 16); None if it writes no sum or product.

    Words may name each number; « × » binds before « + ».
    """
    operands = [float(number.replace(",", ".")) for number in _OPERAND.findall(calcul)]
    operators = _OPERATOR.findall(calcul)
    if not operators or len(operators) != len(operands) - 1:
        return None
    total, product = 0.0, operands[0]
    for operator, operand in zip(operators, operands[1:], strict=True):
        if operator == "×":
            product *= operand
        else:
            total, product = total + product, operand
    return total + product


def check_computation(reporter: Reporter, figure: model.Figure) -> None:
    """A figure sosinfo computed (``calcul``) shows the arithmetic that gives its value, and that arithmetic is right."""
    if figure.calcul is None:
        return
    result = computed_value(figure.calcul)
    if result is None:
        reporter.report(figure, "calcul", f"calcul illisible « {figure.calcul} » : des nombres reliés par « × » ou « + »")
    elif abs(result - figure.valeur) > 1e-9 * max(1.0, abs(result)):
        shown = f"{result:g}".replace(".", ",")
        reporter.report(figure, "calcul", f"le calcul « {figure.calcul} » donne {shown}, pas {figure.valeur}")


def check_headcounts(kb: Sections, reporter: Reporter) -> None:
    """Each head count of the governance says whether the source gives it or sosinfo computed it.

    The renderers mark a computed one « calcul de sosinfo »; a count that said neither would show unmarked."""
    for node in walk_records(kb.read.get("governance")):
        if not isinstance(node, model.GovernanceNode) or node.effectif is None:
            continue
        if node.effectif_precision not in ("exacte", "deduite"):
            message = "un effectif dit s'il est donné par la source (exacte) ou calculé par sosinfo (deduite)"
            reporter.report(node, "effectif_precision", f"{message}, pas {node.effectif_precision or 'rien'}")


def check_conflicts(kb: Sections, reporter: Reporter) -> None:
    """Each position's figure exists and is marked with its conflict: the tables show a figure's
    « ⚠ » from its own ``conflit``, so a figure in dispute that did not name it would show unmarked."""
    figure_ids = _ids(kb, "figures", model.Figure)
    figures = {figure.id: figure for figure in kb.items("figures", model.Figure)}
    for conflict in kb.items("conflicts", model.Conflict):
        for position in conflict.positions:
            _named(reporter, position, "chiffre", figure_ids, "chiffre inconnu")
            figure = figures.get(position.chiffre or "")
            if figure is not None and figure.conflit != conflict.id:
                cited = f"cité par le conflit « {conflict.id} », ce chiffre"
                if figure.conflit is None:
                    reporter.report(figure, "id", f"{cited} ne le signale pas (« conflit: {conflict.id} » manque)")
                else:
                    reporter.report(figure, "conflit", f"{cited} signale « {figure.conflit} » à la place")
        if len(conflict.positions) < 2:
            reporter.report(conflict, "positions", "un conflit oppose au moins deux positions")


def check_testimonials(kb: Sections, reporter: Reporter) -> None:
    value_ids = _ids(kb, "values", model.Value)
    figure_ids = _ids(kb, "figures", model.Figure)
    for testimonial in kb.items("testimonials", model.Testimonial):
        _named(reporter, testimonial, "valeur", value_ids, "valeur inconnue")
        _named(reporter, testimonial, "chiffres", figure_ids, "chiffre inconnu")


def check_activity_forms(kb: Sections, reporter: Reporter) -> None:
    association_ids = _ids(kb, "founding_associations", model.FoundingAssociation)
    for form in kb.items("activity_forms", model.ActivityForm):
        _named(reporter, form, "associations", association_ids, "association-fondatrice inconnue")


def check_dating(reporter: Reporter, record: object, year: int | None, precision: str, justification: str | None) -> None:
    if precision == model.Precision.non_datee and year is not None:
        reporter.report(record, "annee", "un chiffre « non daté » ne peut pas avoir d'année")
    if precision != model.Precision.non_datee and year is None:
        reporter.report(record, "annee", f"précision « {precision} » sans année")
    if precision == "deduite" and not justification:
        reporter.report(record, "justification", "une année déduite doit dire comment (champ « justification »)")


def check_passages(kb: Sections, reporter: Reporter) -> None:
    """Each passage names a section of a source its statement cites; each cited source is located."""
    if "sources" not in kb.read:
        return
    sources = kb.items("sources", model.Source)
    sections = {source.id: [section.id for section in source.sections] for source in sources}
    _check_source_sections(sources, sections, reporter)
    for entry in kb.items("faq", model.FaqEntry):
        if not all(source in sections for source in entry.sources):
            continue
        found: set[str] = set()
        for block in entry.reponse:
            found |= _located(reporter, sections, block, block.passages, entry.sources)
        _covered(reporter, entry, entry.sources, found)
    for testimonial in kb.items("testimonials", model.Testimonial):
        if testimonial.source in sections:
            for point in testimonial.points:
                _located(reporter, sections, point, point.passages, [testimonial.source])
    for record in kb.records():
        passages = getattr(record, "passages", None)
        if passages is None or isinstance(record, (model.AnswerBlock, model.TestimonialPoint)) or not reporter.knows(record):
            continue
        single = getattr(record, "source", None)
        cited = [single] if isinstance(single, str) else list(getattr(record, "sources", []))
        if all(source in sections for source in cited):  # an unknown source is reported already
            _covered(reporter, record, cited, _located(reporter, sections, record, passages, cited))


def _check_source_sections(sources: list[model.Source], sections: dict[str, list[str]], reporter: Reporter) -> None:
    """Each part of a source listed once, and dated the way a figure is."""
    for source in sources:
        for section in source.sections:
            if sections[source.id].count(section.id) > 1:
                reporter.report(section, "id", f"partie « {section.id} » en double dans la source « {source.id} »")
            if section.precision is None and section.annee is not None:
                reporter.report(section, "annee", "une partie datée doit dire avec quelle précision (champ « precision »)")
            elif section.precision is not None:
                check_dating(reporter, section, section.annee, section.precision, section.justification)


def _located(
    reporter: Reporter, sections: dict[str, list[str]], record: object, passages: list[model.Passage], cited: list[str]
) -> set[str]:
    """The cited sources that ``record``'s passages locate, each passage checked on the way."""
    if not passages:
        reporter.report(record, "passages", "aucun passage : dire où la source fait cet énoncé")
    found = set()
    for passage in passages:
        if passage.source not in sections:  # an unknown source is reported already
            continue
        if passage.source not in cited:
            message = f"passage tiré de « {passage.source} », que l'énoncé ne cite pas ({', '.join(cited)})"
            reporter.report(passage, "source", message)
        elif passage.section not in sections[passage.source]:
            message = f"partie « {passage.section} » inconnue dans « {passage.source} »"
            reporter.report(passage, "section", f"{message} (parties : {', '.join(sections[passage.source])})")
        found.add(passage.source)
    return found


def _covered(reporter: Reporter, record: object, cited: list[str], found: set[str]) -> None:
    for source in cited:
        if source not in found:
            reporter.report(record, "passages", f"aucun passage pour la source citée « {source} »")


# the JSON id prefix of each section an entry of the question bank may name
_BANK_KINDS: list[tuple[str, str, type]] = [
    ("chiffre", "figures", model.Figure),
    ("indicateur", "indicators", model.Indicator),
    ("conflit", "conflicts", model.Conflict),
    ("valeur", "values", model.Value),
    ("temoignage", "testimonials", model.Testimonial),
    ("personne", "people", model.Person),
    ("evenement", "events", model.Event),
    ("secteur", "founding_associations", model.FoundingAssociation),
    ("forme-activite", "activity_forms", model.ActivityForm),
    ("decoupage", "breakdowns", model.Breakdown),
    ("classement", "rankings", model.Ranking),
    ("plaidoyer", "positions", model.AdvocacyPosition),
    ("methode", "methods", model.AdvocacyMethod),
    ("federation", "federations", model.Federation),
    ("approche", "approaches", model.Approach),
    ("source", "sources", model.Source),
]


def _bank_targets(kb: Sections) -> dict[str, set[str] | None]:
    """The ids each kind of entry answers to (None: that section could not be read, its ids are unknown)."""
    targets: dict[str, set[str] | None] = {}
    for prefix, attribute, kind in _BANK_KINDS:
        known = _ids(kb, attribute, kind)
        targets[prefix] = None if known is None else {str(identifier) for identifier in known}
    faq = kb.known("faq", model.FaqEntry, lambda entry: entry.numero)
    targets["faq"] = None if faq is None else {str(number) for number in faq}
    nodes = [node for node in walk_records(kb.read.get("governance")) if isinstance(node, model.GovernanceNode)]
    targets["gouvernance"] = {node.id for node in nodes} if "governance" in kb.read else None
    targets["contact"] = {"groupe-sos"}
    return targets


def check_question_bank(kb: Sections, reporter: Reporter) -> None:
    """Each entry of the question bank names an entry of the base, once."""
    entries = kb.items("question_bank", model.AskedFor)
    _report_duplicates(list(entries), "entrées de la banque de questions", reporter)
    targets = _bank_targets(kb)
    for entry in entries:
        prefix, _, identifier = entry.id.partition(":")
        if prefix not in targets:
            kinds = ", ".join(sorted(targets))
            reporter.report(entry, "id", f"type d'entrée inconnu « {prefix} » dans « {entry.id} » (connus : {kinds})")
            continue
        known = targets[prefix]
        if known is not None and identifier not in known:
            reporter.report(entry, "id", f"entrée inconnue « {entry.id} »")


# A query word gains every term of every group it belongs to: these bounds keep that fan-out, and so the
# cost of one search, small whatever the base (the shipped file: 33 groups, 25 terms at most, a term in
# 2 groups at most). A hostile file of 16 500 groups sharing one word once made a search take 30 s.
MAX_SYNONYM_GROUPS = 500
MAX_GROUP_TERMS = 40
MAX_GROUPS_PER_TERM = 4


def check_synonyms(kb: Sections, reporter: Reporter) -> None:
    """Synonym groups stay few and small, and a term belongs to a few of them at most."""
    groups = kb.items("synonyms", model.SynonymGroup)
    if len(groups) > MAX_SYNONYM_GROUPS:
        reporter.report(groups[MAX_SYNONYM_GROUPS], None, f"plus de {MAX_SYNONYM_GROUPS} groupes de synonymes")
    seen_in: dict[str, int] = {}
    for group in groups:
        if len(group.termes) > MAX_GROUP_TERMS:
            said = f"plus de {MAX_GROUP_TERMS} termes dans un groupe de synonymes ({len(group.termes)})"
            reporter.report(group, "termes", said)
        for term in dict.fromkeys(t.casefold() for t in group.termes):
            seen_in[term] = seen_in.get(term, 0) + 1
            if seen_in[term] == MAX_GROUPS_PER_TERM + 1:
                said = f"le terme « {term} » est dans plus de {MAX_GROUPS_PER_TERM} groupes de synonymes"
                reporter.report(group, "termes", said)
