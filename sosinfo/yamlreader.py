"""Reads one YAML file into plain Python data, safely, remembering where each part came from.

PyYAML only composes the document (C parser when available); turning nodes into values is
done here, on a short list of allowed tags, so no YAML tag can build a Python object. Aliases
are refused (no "billion laughs"), duplicate keys are refused (PyYAML would keep the last one
silently), and file size and nesting depth are bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sosinfo.errors import Problem

MAX_FILE_BYTES = 64 * 1024 * 1024
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
    import yaml  # only the commands that read YAML pay for it

    name = display_name or path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlFileError(Problem(name, None, f"fichier trop gros ({size} octets ; limite {MAX_FILE_BYTES})"))
        raw = path.read_bytes()
    except OSError as error:
        raise YamlFileError(Problem(name, None, f"lecture impossible ({error.strerror or error})")) from None
    if len(raw) > MAX_FILE_BYTES:  # the file grew between stat and read
        raise YamlFileError(Problem(name, None, f"fichier trop gros (limite {MAX_FILE_BYTES} octets)"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = raw[: error.start].count(b"\n") + 1
        raise YamlFileError(Problem(name, bad_line, "le fichier n'est pas en UTF-8")) from None

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        what = error.problem or "syntaxe YAML invalide"
        raise YamlFileError(Problem(name, line, f"YAML mal formé : {what}")) from None
    except yaml.YAMLError as error:
        raise YamlFileError(Problem(name, None, f"YAML mal formé : {error}")) from None
    except RecursionError:
        raise YamlFileError(Problem(name, None, "imbrication trop profonde")) from None
    finally:
        loader.dispose()

    located = Located(name, None)
    if node is None:
        return located
    builder = _Builder(located)
    located.data = builder.build(node, 0)
    return located


class _Builder:
    def __init__(self, located: Located) -> None:
        import yaml

        self.located = located
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()
        self.yaml = yaml

    def fail(self, node: Any, message: str) -> YamlFileError:
        return YamlFileError(Problem(self.located.file, node.start_mark.line + 1, message))

    def build(self, node: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(node, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)")
        if id(node) in self.seen:
            raise self.fail(node, "les alias YAML (&ancre, *alias) ne sont pas acceptés")
        self.seen.add(id(node))
        yaml = self.yaml
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self.fail(node, f"étiquette YAML non autorisée : {node.tag}")
            items: list[Any] = []
            self.located.lines[id(items)] = line
            for index, child in enumerate(node.value):
                self.located.key_lines[(id(items), index)] = child.start_mark.line + 1
                items.append(self.build(child, depth + 1))
            return items
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                raise self.fail(node, f"étiquette YAML non autorisée : {node.tag}")
            mapping: dict[str, Any] = {}
            self.located.lines[id(mapping)] = line
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(key_node, "les clés de fusion YAML (<<) ne sont pas acceptées")
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                    raise self.fail(key_node, "une clé doit être un texte simple")
                key = key_node.value
                if key in mapping:
                    first = self.located.key_lines[(id(mapping), key)]
                    raise self.fail(key_node, f"clé « {key} » en double (déjà définie ligne {first})")
                self.located.key_lines[(id(mapping), key)] = key_node.start_mark.line + 1
                mapping[key] = self.build(value_node, depth + 1)
            return mapping
        raise self.fail(node, "nœud YAML inconnu")  # pragma: no cover - PyYAML has three kinds

    def scalar(self, node: Any) -> Any:
        if node.tag == _TIMESTAMP:
            return str(node.value)  # keep dates as written: "2025-05-15"
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, f"étiquette YAML non autorisée : {node.tag}")
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            raise self.fail(node, f"valeur illisible : {str(node.value)[:40]!r}") from None
