"""The package's layers point one way, function-level imports included.

Every ``import`` in every module is read (at any depth of the code, ``TYPE_CHECKING`` blocks too);
an import of a module of a higher layer, or any cycle, fails with the offending edges. A lazy
import is for start-up time only: it may never be the way round a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "sosinfo"

# lowest first; a module may import its own layer's modules (without cycles) and lower layers only
LAYERS: list[tuple[str, set[str]]] = [
    (
        "base",
        {"sosinfo", "sosinfo.errors", "sosinfo.fileio", "sosinfo.text", "sosinfo.kinds", "sosinfo.quantities", "sosinfo.cache"},
    ),
    (
        "knowledge",
        {"sosinfo.kb", "sosinfo.kb.yamlreader", "sosinfo.kb.model", "sosinfo.kb.files", "sosinfo.kb.loader", "sosinfo.kb.checks"},
    ),
    ("answers", {"sosinfo.results", "sosinfo.contract", "sosinfo.queries", "sosinfo.schemas"}),
    (
        "search",
        {"sosinfo.search", "sosinfo.search.analysis", "sosinfo.search.index", "sosinfo.search.documents", "sosinfo.search.rank"},
    ),
    (
        "rendering",
        {
            "sosinfo.render",
            "sosinfo.render.jsonout",
            "sosinfo.render.markdown",
            "sosinfo.render.terminal",
            "sosinfo.render.layout",
            "sosinfo.pager",
        },
    ),
    ("application", {"sosinfo.app", "sosinfo.fingerprint", "sosinfo.quick"}),
    (
        "interface",
        {"sosinfo.cli", "sosinfo.cli.french", "sosinfo.cli.commands", "sosinfo.explorer", "sosinfo.entry", "sosinfo.__main__"},
    ),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    for rank, (_, members) in enumerate(LAYERS):
        if module in members:
            return rank
    parent = module.rpartition(".")[0]
    if parent.count("."):  # a new module inside a package takes its package's layer
        return layer_of(parent)
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS in {__file__}")


def imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The package modules that ``module`` imports, wherever the import statement stands."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names = [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]
        for name in names:
            target = name
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module and not module.startswith(target + "."):
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {module: imports(module, path, set(known)) for module, path in known.items()}


def test_every_module_has_a_layer() -> None:
    for module in modules():
        layer_of(module)


def test_imports_only_point_down() -> None:
    upward = [
        f"{module} ({LAYERS[layer_of(module)][0]}) → {target} ({LAYERS[layer_of(target)][0]})"
        for module, targets in graph().items()
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_no_import_cycle() -> None:
    edges = graph()
    cycles = []
    for start in edges:
        stack, seen = [start], set()
        while stack:
            current = stack.pop()
            for target in edges[current]:
                if target == start:
                    cycles.append(f"{start} ↔ {current}")
                elif target not in seen:
                    seen.add(target)
                    stack.append(target)
    assert cycles == []


def test_the_checker_sees_function_level_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def late():\n    from sosinfo.app import respond\n    return respond\n", encoding="utf-8")
    assert imports("sosinfo.kb.loader", sample, {"sosinfo.app", "sosinfo.kb.loader"}) == {"sosinfo.app"}
