"""Reads one YAML file into plain Python data, safely, remembering where each part came from.

PyYAML only composes the document (C parser when available); turning nodes into values is
done here, on a short list of allowed tags, so no YAML tag can build a Python object. Aliases
are refused (no "billion laughs"), duplicate keys are refused (PyYAML would keep the last one
silently), and file size and nesting depth are bounded.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sosinfo.errors import Problem

MAX_FILE_BYTES = 64 * 1024 * 1024  # per file: far above a real base, refused before any parsing

MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = frozenset(
    {
        _STR,
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
    }
)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@dataclass(slots=True)
class Located:
    """Plain data read from one file, with the line (1-based) of every mapping, list and key."""

    file: str
    data: Any
    lines: dict[int, int] = field(default_factory=dict)  # id(container) -> line
    key_lines: dict[tuple[int, str | int], int] = field(default_factory=dict)  # keys and list indexes

    def line_of(self, container: object, key: str | int | None = None) -> int | None:
        if key is not None:
            found = self.key_lines.get((id(container), key))
            if found is not None:
                return found
        return self.lines.get(id(container))


class YamlFileError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_yaml(path: Path, display_name: str | None = None) -> Located:
    """Read ``path``; raise :class:`YamlFileError` naming the file and line on any defect."""
    name = display_name or path.name
    raw = read_data_file(path, name)
    if isinstance(raw, Problem):
        raise YamlFileError(raw)
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes, name: str) -> Located:
    """Parse the bytes of the file ``name``; raise :class:`YamlFileError` naming the file and line on any defect."""
    import yaml  # only the commands that read YAML pay for it

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = raw[: error.start].count(b"\n") + 1
        raise YamlFileError(Problem(name, bad_line, "le fichier n'est pas en UTF-8")) from None

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    located = Located(name, None)
    try:
        located.data = _Builder(located, loader, yaml).build()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        what = error.problem or "syntaxe YAML invalide"
        raise YamlFileError(Problem(name, line, f"YAML mal formé : {what}")) from None
    except yaml.YAMLError as error:
        raise YamlFileError(Problem(name, None, f"YAML mal formé : {error}")) from None
    finally:
        loader.dispose()
    return located


def read_data_file(path: Path, name: str) -> bytes | Problem:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return Problem(name, None, "lecture impossible (fichier manquant)")
    except OSError as error:
        return Problem(name, None, f"lecture impossible ({_reason(error)})")
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return Problem(name, None, "lecture impossible (ce n'est pas un fichier ordinaire)")
        chunks = []
        remaining = MAX_FILE_BYTES + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as error:
        return Problem(name, None, f"lecture impossible ({_reason(error)})")
    finally:
        os.close(descriptor)
    content = b"".join(chunks)
    if len(content) > MAX_FILE_BYTES:
        return Problem(name, None, f"fichier trop gros (limite : {MAX_FILE_BYTES // (1024 * 1024)} Mio)")
    return content


_REASONS = {
    errno.EACCES: "permission refusée",
    errno.EISDIR: "c'est un dossier",
    errno.ELOOP: "trop de liens symboliques",
    errno.EIO: "erreur d'entrée-sortie",
}


def _reason(error: OSError) -> str:
    """A French reason: the system's own messages are in English."""
    return _REASONS.get(error.errno or 0, f"erreur système {error.errno}")


class _Builder:
    """Builds plain data from the parser's events, with an explicit stack.

    PyYAML's composer recurses once per level of nesting and its C version crashes the whole
    process on a few ten thousand levels; libyaml's event parser does not recurse, so the depth
    limit here is checked before any deep structure exists.
    """

    def __init__(self, located: Located, loader: Any, yaml: Any) -> None:
        self.located = located
        self.loader = loader
        self.yaml = yaml
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, event: Any, message: str) -> YamlFileError:
        return YamlFileError(Problem(self.located.file, event.start_mark.line + 1, message))

    def build(self) -> Any:
        yaml = self.yaml
        loader = self.loader
        lines, key_lines = self.located.lines, self.located.key_lines
        stack: list[tuple[Any, list[str | None]]] = []  # (container, [pending key]) per open level
        root: Any = None
        documents = 0
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                return root
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self.fail(event, "un seul document YAML par fichier")
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise self.fail(event, "les alias YAML (&ancre, *alias) ne sont pas acceptés")
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                container, pending = stack.pop()
                if not stack:
                    root = container
                continue
            line = event.start_mark.line + 1
            value: Any
            if isinstance(event, yaml.ScalarEvent):
                value = self.scalar(event)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                is_map = isinstance(event, yaml.MappingStartEvent)
                expected = "tag:yaml.org,2002:map" if is_map else "tag:yaml.org,2002:seq"
                if event.tag not in (None, "!", expected):
                    raise self.fail(event, f"étiquette YAML non autorisée : {event.tag}")
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(event, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)")
                value = {} if is_map else []
                lines[id(value)] = line
            else:  # pragma: no cover - libyaml emits no other event
                raise self.fail(event, "élément YAML inconnu")
            if not stack:
                if isinstance(value, (dict, list)):
                    stack.append((value, [None]))
                else:
                    root = value
                continue
            parent, pending = stack[-1]
            if isinstance(parent, list):
                key_lines[(id(parent), len(parent))] = line
                parent.append(value)
            elif pending[0] is None:  # this event is a key
                if not isinstance(value, str) or not isinstance(event, yaml.ScalarEvent):
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
            if isinstance(value, (dict, list)):
                stack.append((value, [None]))

    def scalar(self, event: Any) -> Any:
        yaml = self.yaml
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _TIMESTAMP:
            return str(event.value)  # keep dates as written: "2025-05-15"
        if tag not in _SCALAR_TAGS:
            raise self.fail(event, f"étiquette YAML non autorisée : {tag}")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            raise self.fail(event, f"valeur illisible : {str(event.value)[:40]!r}") from None
