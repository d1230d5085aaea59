"""Reads one YAML file into plain Python data, safely, remembering where each part came from.

PyYAML only parses the document into events (C parser when available); turning them into values
is done here, with an explicit stack, on a short list of allowed tags, so no YAML tag can build a
Python object. Aliases are refused (no "billion laughs"), duplicate keys are refused (PyYAML
would keep the last one silently), and file size, node count and nesting depth are bounded.

Plain scalars are typed by the YAML 1.2 core schema, not PyYAML's YAML 1.1 rules: ``yes`` and
``1:30`` stay texts, and ``010`` (octal in YAML 1.1, ten in YAML 1.2) is refused as ambiguous.
Numbers must be finite and at most 10^15 in absolute value. Control characters (terminal escapes,
bidirectional overrides, NUL, C0/C1 controls other than tab and line feed) are refused in any text,
and so is a quoted text that writes a visible character as an escape (``"\\u00e8"`` for « è »).

What a base may hold is bounded per value, per word, per record, per file and per base, and each
bound is checked as the parser goes: a hostile file is refused once it has cost no more than the
bound, not after it has been read whole, indexed and shown (a question that was one 63 MiB word
took 102 s and 1.2 GiB). A bound exceeded stops the reading of the whole base (:class:`TooLarge`).
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sosinfo.errors import Problem
from sosinfo.kb.files import read_data_file

# The largest of each in a base 100 times the shipped one (bench/synthetic.py 100), for scale: a
# value of 662 characters, a word of 35, a record holding 7 904 items itself (a section's list of
# entries, held by the file's root) and 1 877 characters, a file of 190 605 nodes. Parsing costs
# about 2 µs a node: a bound met at the very end of a file costs under a second.
MAX_TEXT = 10_000  # characters in one value (or key)
MAX_WORD = 1_000  # characters without a blank in one value: a web address, even a long one, fits
MAX_RECORD_ITEMS = 20_000  # keys, values and list items a mapping holds itself (not through the mappings in it)
MAX_RECORD_TEXT = 100_000  # characters of the keys and values a mapping holds itself
# in one file; the loader bounds the base as a whole (loader.MAX_BASE_NODES). The question bank of a base
# 100 times the shipped one holds 610 195
MAX_NODES = 800_000
MAX_DEPTH = 64


@dataclass(slots=True)
class Located:
    """Plain data read from one file, with the line (1-based) of every mapping, list, key and list item.

    A value the reader refused (and already reported) is :data:`REFUSED`, so that nothing later
    reports it a second time.
    """

    file: str
    data: Any
    lines: dict[int, int] = field(default_factory=dict)  # id(container) -> line
    key_lines: dict[tuple[int, str], int] = field(default_factory=dict)  # (id(mapping), key) -> line
    item_lines: dict[int, array[int]] = field(default_factory=dict)  # id(list) -> line of each item, compact
    nodes: int = 0  # scalars, mappings and lists read

    def line_of(self, container: object, key: str | int | None = None) -> int | None:
        if isinstance(key, int):
            items = self.item_lines.get(id(container))
            if items is not None and 0 <= key < len(items):
                return items[key]
        elif key is not None:
            found = self.key_lines.get((id(container), key))
            if found is not None:
                return found
        return self.lines.get(id(container))


class _Refused:
    """A scalar the reader refused: its problem is already reported."""

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED: Any = _Refused()


class YamlFileError(Exception):
    """The file cannot be read further: ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class TooLarge(YamlFileError):
    """A size bound is exceeded: the base is refused without reading the rest of it."""


def _count(number: int) -> str:
    """« 20 000 », with the thin no-break space of French numbers."""
    return f"{number:,}".replace(",", "\u202f")


def read_yaml(path: Path, display_name: str | None = None) -> Located:
    """Read ``path``; raise :class:`YamlFileError` naming the file and line of the first defect."""
    name = display_name or path.name
    raw = read_data_file(path, name)
    if isinstance(raw, Problem):
        raise YamlFileError(raw)
    problems: list[Problem] = []
    located = parse_yaml(raw, name, problems)
    if problems:
        raise YamlFileError(problems[0])
    return located


# libyaml's (and PyYAML's) problems, most frequent first, in French; read on error paths only
_YAML_PROBLEMS = [
    (r"did not find expected ',' or '\]'|expected ',' or '\]'", "liste entre crochets non fermée (« ] » ou « , » attendu)"),
    (r"did not find expected ',' or '}'|expected ',' or '}'", "accolades non fermées (« } » ou « , » attendu)"),
    (r"found unexpected end of stream", "fin de fichier inattendue (guillemet ou crochet non fermé ?)"),
    (r"did not find expected key|expected <block end>", "indentation incohérente : une clé était attendue à ce niveau"),
    (r"found (a )?tab character|found character '\\t'", "tabulation interdite : indentez avec des espaces"),
    (r"found character.*that cannot start any token", "caractère impossible en début de valeur (tabulation, « @ », « ` » ?)"),
    (r"mapping values are not allowed", "« : » inattendu : mettez entre guillemets une valeur qui contient « : »"),
    (r"could not find expected ':'", "« : » attendu après une clé"),
    (r"block sequence entries are not allowed", "élément de liste « - » mal placé (indentation ?)"),
    (r"did not find expected '-' indicator", "élément de liste « - » attendu à ce niveau (indentation ?)"),
    (r"did not find expected node content|expected the node content", "valeur attendue"),
    (r"found unknown escape character", "séquence d'échappement inconnue dans un texte entre guillemets (« \\ » ?)"),
    (r"found unexpected document separator|expected '<document start>'", "un seul document par fichier (« --- » inattendu)"),
    (r"found undefined tag handle|found non-specific tag", "étiquette YAML inconnue"),
]


def french_yaml_problem(problem: str | None) -> str:
    """The YAML reader's problem in French, never in its own words.

    The patterns name libyaml's messages of today, only to say more precisely what is wrong; a
    message no pattern knows (another version of PyYAML or libyaml) is « syntaxe YAML invalide »,
    still in French, still with its line.
    """
    import re

    for pattern, french in _YAML_PROBLEMS:
        if problem and re.search(pattern, problem):
            return french
    return "syntaxe YAML invalide"


DEPTH_SCAN_BYTES = 1024 * 1024  # the text read again, on an error path only, to tell too deep from malformed
# a bracket; a quoted text (a quote that starts a value, not the apostrophe of « l'union »); a comment
_FLOW_TOKENS = r"""[\[\]{}]|(?<![^\s\[{,:])(?:"(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?)|(?<!\S)#[^\n]*"""


def _nested_too_deep(text: str, end: int) -> bool:
    """Whether the brackets opened before ``end`` and not yet closed are more than :data:`MAX_DEPTH`.

    libyaml reads ahead of the events this reader turns into values, and newer versions stop on
    deep brackets with their own message before the depth check of :class:`_Builder` sees them.
    The reason is taken from the text, not from that message: quoted texts and comments are
    skipped, and only the part of the file before the error is read (at most
    :data:`DEPTH_SCAN_BYTES`).
    """
    import re

    if end > DEPTH_SCAN_BYTES:
        return False
    depth = 0
    for token in re.finditer(_FLOW_TOKENS, text[: end + 1]):
        character = token.group()[0]
        if character in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif character in "]}":
            depth = max(0, depth - 1)
    return False


def parse_yaml(raw: bytes, name: str, problems: list[Problem] | None = None, nodes_left: int | None = None) -> Located:
    """Parse the bytes of the file ``name``.

    Defects after which reading goes on (a refused character or value) are appended to
    ``problems``; :class:`YamlFileError` is raised, naming the file and line, on a defect that
    stops the reading of the file (:class:`TooLarge` when it is a size bound). Without
    ``problems``, the first defect of either kind raises. ``nodes_left``: how many nodes the base
    may still hold, when the file is one of a base; ``Located.nodes`` says how many this file held.
    """
    import yaml  # only the commands that read YAML pay for it

    if problems is None:
        collected: list[Problem] = []
        located = parse_yaml(raw, name, collected, nodes_left)
        if collected:
            raise YamlFileError(collected[0])
        return located
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = raw[: error.start].count(b"\n") + 1
        raise YamlFileError(Problem(name, bad_line, "le fichier n'est pas en UTF-8")) from None
    from sosinfo.kb import scalars

    text = scalars.refuse_raw_controls(text, name, problems)

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    located = Located(name, None)
    try:
        located.data = _Builder(located, loader, problems, text, MAX_NODES if nodes_left is None else nodes_left).build()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        if mark is not None and _nested_too_deep(text, mark.index):
            raise YamlFileError(Problem(name, line, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)")) from None
        raise YamlFileError(Problem(name, line, f"YAML mal formé : {french_yaml_problem(error.problem)}")) from None
    except yaml.YAMLError as error:
        raise YamlFileError(Problem(name, None, f"YAML mal formé : {french_yaml_problem(str(error))}")) from None
    finally:
        loader.dispose()
    return located


class _Builder:
    """Builds plain data from the parser's events, with an explicit stack.

    PyYAML's composer recurses once per level of nesting and its C version crashes the whole
    process on a few ten thousand levels; libyaml's event parser does not recurse, so the depth
    limit here is checked before any deep structure exists, and every size bound before what
    exceeds it has cost more than the bound: a long file of small items, a record of a million
    keywords, a value of millions of characters.

    A record is a mapping; what it holds itself is counted on it (its keys, its values, the items
    of its lists), what the mappings inside it hold is counted on them.
    """

    def __init__(self, located: Located, loader: Any, problems: list[Problem], text: str, nodes_left: int) -> None:
        import yaml  # already imported by parse_yaml, the only caller

        from sosinfo.kb import scalars

        self.text = text  # what the parser reads: a double-quoted scalar's escapes are seen only here
        self.escaped = "\\" in text  # most files hold no backslash: their scalars need no second look
        self.located = located
        self.loader = loader
        self.yaml = yaml
        self.problems = problems
        self.scalars = scalars
        self.nodes_left = nodes_left

    def fail(self, event: Any, message: str) -> YamlFileError:
        return YamlFileError(Problem(self.located.file, event.start_mark.line + 1, message))

    def too_large(self, line: int, message: str) -> TooLarge:
        return TooLarge(Problem(self.located.file, line, f"{message} ; lecture de la base arrêtée là"))

    def build(self) -> Any:
        yaml = self.yaml
        get_event = self.loader.get_event
        scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        lines, key_lines, item_lines = self.located.lines, self.located.key_lines, self.located.item_lines
        # (container, [pending key], [items, characters, line] of the record it belongs to) per open level
        stack: list[tuple[Any, list[str | None], list[int]]] = []
        root: Any = None
        documents = 0
        nodes = 0
        node_limit = min(MAX_NODES, self.nodes_left)
        text_limit, word_limit, items_limit, record_text_limit = MAX_TEXT, MAX_WORD, MAX_RECORD_ITEMS, MAX_RECORD_TEXT
        while True:
            event = get_event()
            kind = type(event)
            if kind in ends:
                container, pending, _ = stack.pop()
                if not stack:
                    root = container
                continue
            if kind is not scalar_event and kind is not mapping_start and kind is not sequence_start:
                if kind is yaml.StreamEndEvent:
                    self.located.nodes = nodes
                    return root
                if kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise self.fail(event, "un seul document YAML par fichier")
                    continue
                if kind is yaml.AliasEvent:
                    raise self.fail(event, "les alias YAML (&ancre, *alias) ne sont pas acceptés")
                continue  # stream start, document end
            if event.anchor is not None:
                raise self.fail(event, "les alias YAML (&ancre, *alias) ne sont pas acceptés")
            line = event.start_mark.line + 1
            nodes += 1
            if nodes > node_limit:
                where = "dans un fichier" if node_limit == MAX_NODES else "dans toute la base"
                raise self.too_large(line, f"trop d'éléments (plus de {_count(node_limit)} {where})")
            record = stack[-1][2] if stack else None
            if record is not None:
                record[0] += 1
                if record[0] > items_limit:
                    raise self.too_large(
                        line, f"entrée trop grande : plus de {_count(items_limit)} éléments dans celle de la ligne {record[2]}"
                    )
            value: Any
            if kind is scalar_event:
                text = event.value
                if len(text) > text_limit:
                    raise self.too_large(line, f"texte trop long ({_count(len(text))} caractères ; au plus {_count(text_limit)})")
                if record is not None:
                    record[1] += len(text)
                    if record[1] > record_text_limit:
                        raise self.too_large(
                            line,
                            f"entrée trop grande : plus de {_count(record_text_limit)} caractères de texte "
                            f"dans celle de la ligne {record[2]}",
                        )
                value = self.scalar(event)
                if len(text) > word_limit and type(value) is str:  # a number has its own bound
                    self.check_words(text, line, word_limit)
            else:
                is_map = kind is mapping_start
                expected = "tag:yaml.org,2002:map" if is_map else "tag:yaml.org,2002:seq"
                if event.tag not in (None, "!", expected):
                    raise self.fail(event, f"étiquette YAML non autorisée : {event.tag}")
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(event, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)")
                if is_map:
                    value = {}
                else:
                    value = []
                    item_lines[id(value)] = array("l")
                lines[id(value)] = line
            if not stack:
                if kind is not scalar_event:
                    stack.append((value, [None], [0, 0, line]))
                else:
                    root = value
                continue
            parent, pending, owner = stack[-1]
            if type(parent) is list:
                item_lines[id(parent)].append(line)
                parent.append(value)
            elif pending[0] is None:  # this event is a key
                if kind is not scalar_event or not isinstance(value, str):
                    raise self.fail(event, "une clé doit être un texte simple")
                if value == "<<" and event.implicit[0]:
                    raise self.fail(event, "les clés de fusion YAML (<<) ne sont pas acceptées")
                if value in parent:
                    first = key_lines[(id(parent), value)]
                    raise self.fail(event, f"clé « {value} » en double (déjà définie ligne {first})")
                key_lines[(id(parent), value)] = line
                pending[0] = value
                continue
            else:
                parent[pending[0]] = value
                pending[0] = None
            if kind is mapping_start:
                stack.append((value, [None], [0, 0, line]))  # a record of its own
            elif kind is sequence_start:
                stack.append((value, [None], owner))  # its items belong to the record that holds it

    def check_words(self, text: str, line: int, word_limit: int) -> None:
        """:class:`TooLarge` if ``text`` holds a word longer than a word may be."""
        word = re.search(rf"\S{{{word_limit + 1},}}", text)
        if word is not None:
            shown, length, most = word.group()[:20] + "…", _count(len(word.group())), _count(word_limit)
            raise self.too_large(line, f"mot trop long (« {shown} », {length} caractères sans espace ; au plus {most})")

    def scalar(self, event: Any) -> Any:
        """The scalar's value; :data:`REFUSED`, once reported with its line, when it cannot be accepted."""
        if self.escaped and event.style == '"':
            written = self.text[event.start_mark.index : event.end_mark.index]
            if "\\" in written:
                for message in self.scalars.visible_escapes(written):
                    self.problems.append(Problem(self.located.file, event.start_mark.line + 1, message))
        try:
            return self.scalars.resolve(event.value, event.tag, event.implicit[0])
        except self.scalars.ScalarError as error:
            self.problems.append(Problem(self.located.file, event.start_mark.line + 1, str(error)))
            return REFUSED if error.kept is None else error.kept
