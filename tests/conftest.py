from __future__ import annotations

import inspect
import json
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sosinfo import cache
from sosinfo.cli.commands import app
from sosinfo.kb.files import BUNDLED_DATA

# the answer cache is off in every test but the cache tests: a cached answer would hide a monkeypatched query
BASE_ENV = {
    "COLUMNS": "80",
    "NO_COLOR": "1",
    "TERM": "dumb",
    "SOSINFO_DATA": "",
    "SOSINFO_DEBUG": "",
    "SOSINFO_OUTPUT_CACHE": "0",
}


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


Run = Callable[..., Outcome]


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test session gets its own cache directory, never the user's; rendered answers are not cached."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("SOSINFO_CACHE_DIR", raising=False)
    monkeypatch.setenv("SOSINFO_OUTPUT_CACHE", "0")
    monkeypatch.setattr(cache, "_warnings", set())  # « said once per run »: each test is a run


@pytest.fixture
def run() -> Run:
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Outcome:
        result = runner.invoke(app, list(args), env=BASE_ENV | (env or {}))
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private, editable copy of the shipped knowledge base."""
    target = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA, target)
    return target


# What the machine running the tests may set and sosinfo (or Rich, Textual, less) reads: CI services set
# CI=true, which makes the explorer refuse to start. A test that needs one of them sets it itself.
AMBIENT_VARIABLES = (
    *("CI", "COLORTERM", "COLUMNS", "FORCE_COLOR", "LESS", "LESSCHARSET", "LINES", "MANPAGER", "NO_COLOR", "PAGER"),
    *("TERM_PROGRAM", "TMUX", "TTY_COMPATIBLE", "TTY_INTERACTIVE"),
    *("TEXTUAL", "TEXTUAL_ANIMATIONS", "TEXTUAL_COLOR_SYSTEM", "TEXTUAL_DRIVER", "TEXTUAL_FPS"),
)
AMBIENT_PREFIXES = ("SOSINFO_", "_SOSINFO_", "_TYPER_", "COMP_")


# the suite's own switches (``SOSINFO_UPDATE_GOLDEN=1 pytest`` rewrites the golden files), read by tests only
SUITE_SWITCHES = ("SOSINFO_UPDATE_GOLDEN", "SOSINFO_UPDATE_SCHEMAS", "SOSINFO_UPDATE_MAN", "SOSINFO_FUZZ_EXAMPLES")


def ambient_variables(environment: Mapping[str, str]) -> list[str]:
    """The variables of ``environment`` that would change what a test sees (the suite's switches aside)."""
    return sorted(
        name
        for name in environment
        if (name in AMBIENT_VARIABLES or name.startswith(AMBIENT_PREFIXES)) and name not in SUITE_SWITCHES
    )


def pytest_configure(config: pytest.Config) -> None:
    """Run every test, and every process a test starts, in a known environment (CI's variables removed).

    Then byte-compile the package before any test runs. Python writes a module's bytecode the first time it
    imports it, and the code key follows what Python runs (the module or its ``.pyc``, see
    sosinfo.fingerprint): on a fresh checkout, a ``.pyc`` written by another test's process in the middle
    of a test changed the key under its feet (a test comparing two keys then failed, once in several runs)."""
    import compileall

    for name in ambient_variables(os.environ):
        del os.environ[name]
    compileall.compile_dir(str(Path(cache.__file__).parent), quiet=2)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Property searches and tests that start processes are « slow »: ``pytest -m "not slow"`` is the inner loop."""
    for item in items:
        function = getattr(item, "function", None)
        if function is None:
            continue
        is_property = getattr(function, "is_hypothesis_test", False)
        try:
            starts_processes = "subprocess." in inspect.getsource(function)
        except (OSError, TypeError):
            starts_processes = False
        # the cache tests build every cache from scratch, and the all-widths tests render every command many times
        builds_caches = item.path.name == "test_cache.py" or item.name.startswith(("test_narrow_and_wide", "test_ascii_only"))
        if is_property or starts_processes or builds_caches:
            item.add_marker(pytest.mark.slow)
