"""The fast path (``sosinfo.quick``): a command line already answered is answered again, byte for
byte, before Typer, Click and Rich are imported; anything it cannot vouch for goes to the full program.

Each case runs the real console script twice in a subprocess, under ``python -X importtime``: the
import log on stderr tells which path answered (the product has no hook for it). The first run is
the full program, the second must print the same stdout, stderr and exit code without importing
the framework.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sosinfo import cache, quick
from tests.conftest import BASE_ENV

# every case runs the console script in processes of its own: out of the inner loop (pytest -m "not slow")
pytestmark = pytest.mark.slow

SCRIPT = Path(sys.executable).with_name("sosinfo")
FRAMEWORK = re.compile(r"^import time:.*\|\s*(typer|click|rich)$", re.MULTILINE)
IMPORT_LINE = re.compile(r"^import time:.*\n", re.MULTILINE)


class Ran:
    def __init__(self, done: subprocess.CompletedProcess[bytes]) -> None:
        self.code = done.returncode
        self.stdout = done.stdout
        log = done.stderr.decode("utf-8", "replace")
        self.full = FRAMEWORK.search(log) is not None  # the framework was imported: the full program answered
        self.stderr = IMPORT_LINE.sub("", log)


_WARM: list[Path] = []  # a cache holding the compiled base and the search index only (no answer, no record)


@pytest.fixture(scope="session", autouse=True)
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Built once per worker: each test starts from a copy of it, so that its first run does not spend its
    time compiling the base and building the index (the answers and the records, what is tested, are not in it)."""
    template = tmp_path_factory.mktemp("cache-chaud") / "cache"
    environment = os.environ | BASE_ENV | {"SOSINFO_CACHE_DIR": str(template), "SOSINFO_OUTPUT_CACHE": "0"}
    subprocess.run([str(SCRIPT), "recherche", "budget"], env=environment, capture_output=True, check=True, timeout=120)
    _WARM[:] = [template]


def sosinfo(
    cache_dir: Path, *args: str, env: dict[str, str] | None = None, program: list[str] | None = None, cwd: Path | None = None
) -> Ran:
    """The console script (or ``program``) in a process of its own, with its imports logged on stderr."""
    if not cache_dir.exists() and _WARM:
        shutil.copytree(_WARM[0], cache_dir, symlinks=True)
    environment = os.environ | BASE_ENV | {"SOSINFO_CACHE_DIR": str(cache_dir), "SOSINFO_OUTPUT_CACHE": "1"} | (env or {})
    command = program or [sys.executable, "-X", "importtime", str(SCRIPT)]
    done = subprocess.run([*command, *args], env=environment, capture_output=True, check=False, timeout=120, cwd=cwd)
    return Ran(done)


def full_then_fast(cache_dir: Path, *args: str, env: dict[str, str] | None = None) -> tuple[Ran, Ran]:
    first = sosinfo(cache_dir, *args, env=env)
    second = sosinfo(cache_dir, *args, env=env)
    assert first.full
    assert (second.stdout, second.stderr, second.code) == (first.stdout, first.stderr, first.code)
    return first, second


COMMANDS = [
    ("faq",),
    ("faq", "7"),
    ("faq", "budget"),
    ("chiffres",),
    ("chiffres", "--annee", "2022"),
    ("chiffres", "--recents"),
    ("chiffres", "-i", "salaries", "-g"),
    ("gouvernance",),
    ("valeurs",),
    ("temoignages",),
    ("temoignages", "valet"),
    ("fondateur",),
    ("chronologie", "-d", "2000"),
    ("secteurs",),
    ("secteurs", "jeunesse"),
    ("plaidoyers",),
    ("approche",),
    ("contact",),
    ("sources",),
    ("sources", "--conflits"),
    ("export",),
    ("recherche", "patrimoine immobilier"),
]
FORMATS = ["texte", "json", "markdown", "csv"]


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_the_fast_path_prints_what_the_full_program_printed(tmp_path: Path, command: tuple[str, ...], output_format: str) -> None:
    first, second = full_then_fast(tmp_path / "cache", *command, "--format", output_format)
    if first.code == 0:
        assert first.stdout and not second.full  # answered again without the framework
    else:  # refused (csv of an answer that is no table): never recorded, the full program says it again
        assert first.code == 2 and second.full and first.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("-f", "json", "faq", "7"),
        ("faq", "7", "--couleur", "toujours"),
        ("--preuves", "faq", "7"),
        ("faq", "--help"),
        ("--help",),
        ("aide",),
        ("help", "chiffres"),
    ],
    ids=" ".join,
)
def test_options_and_help_are_served_alike(tmp_path: Path, args: tuple[str, ...]) -> None:
    first, second = full_then_fast(tmp_path / "cache", *args)
    assert first.code == 0 and first.stdout and not second.full


def test_nothing_found_keeps_its_exit_code_and_message(tmp_path: Path) -> None:
    first, second = full_then_fast(tmp_path / "cache", "recherche", "zorglub", "--format", "json")
    assert first.code == 1 and first.stdout == b"[]\n" and "zorglub" in first.stderr
    assert second.full  # never recorded: the full program answers each time
    assert not (tmp_path / "cache" / cache.REQUESTS).exists() or not any((tmp_path / "cache" / cache.REQUESTS).iterdir())


COMPLETIONS = [
    {"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": "sosinfo ch", "COMP_CWORD": "1"},
    {"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": "sosinfo faq ", "COMP_CWORD": "2"},
    {"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": "sosinfo chiffres --annee ", "COMP_CWORD": "3"},
    {"_SOSINFO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "sosinfo "},
    {"_SOSINFO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "sosinfo faq "},
    {"_SOSINFO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "sosinfo chiffres --indicateur "},
    {"_SOSINFO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "sosinfo chronologie --depuis 20"},
    {"_SOSINFO_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "sosinfo "},
    {"_SOSINFO_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "sosinfo faq 1"},
    {"_SOSINFO_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "sosinfo chiffres -i "},
    {
        "_SOSINFO_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": "sosinfo chiffres -a ",
        "_TYPER_COMPLETE_FISH_ACTION": "is-args",
    },
    {"_SOSINFO_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "sosinfo zorglub ", "_TYPER_COMPLETE_FISH_ACTION": "is-args"},
]


@pytest.mark.parametrize("request_env", COMPLETIONS, ids=lambda env: " ".join(env.values()))
def test_completion_is_served_with_the_same_escaping(tmp_path: Path, request_env: dict[str, str]) -> None:
    first, second = full_then_fast(tmp_path / "cache", env=request_env)
    assert not second.full
    if request_env.get("_TYPER_COMPLETE_FISH_ACTION") != "is-args":
        assert first.stdout


def test_completion_of_schema_names_is_never_kept(tmp_path: Path) -> None:
    """The schema files are not modules: the code key does not cover them."""
    env = {"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": "sosinfo schema ", "COMP_CWORD": "2"}
    first, second = full_then_fast(tmp_path / "cache", env=env)
    assert b"chiffres" in first.stdout and second.full


def _edit(data: Path) -> None:
    path = data / "contact.yaml"  # same size, new content: only the content hash can tell
    path.write_text(path.read_text(encoding="utf-8").replace("01 58 30 55 55", "01 58 30 55 56"), encoding="utf-8")


def test_a_changed_data_file_is_not_served(tmp_path: Path, data_copy: Path) -> None:
    base = tmp_path / "cache"
    args = ("contact", "--data-dir", str(data_copy))
    _, second = full_then_fast(base, *args)
    assert not second.full and b"01 58 30 55 55" in second.stdout
    _edit(data_copy)
    third = sosinfo(base, *args)
    assert third.full and b"01 58 30 55 56" in third.stdout and third.code == 0
    assert not sosinfo(base, *args).full  # recorded again, under the new data


def test_a_completion_from_changed_data_is_not_served(tmp_path: Path, data_copy: Path) -> None:
    base = tmp_path / "cache"
    env = {"_SOSINFO_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "sosinfo temoignages ", "SOSINFO_DATA": str(data_copy)}
    first, second = full_then_fast(base, env=env)
    assert not second.full
    path = data_copy / "temoignages.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: ", "id: z", 1), encoding="utf-8")
    third = sosinfo(base, env=env)
    assert third.full and third.stdout != first.stdout


def test_changed_code_is_not_served(tmp_path: Path) -> None:
    """A copy of the package, run with ``python -m sosinfo``: one module edited, the record no longer holds."""
    copy = tmp_path / "paquet" / "sosinfo"
    shutil.copytree(Path(quick.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    program = [sys.executable, "-X", "importtime", "-m", "sosinfo"]
    env = {"PYTHONPATH": str(copy.parent), "PYTHONDONTWRITEBYTECODE": "1"}
    base = tmp_path / "cache"
    runs = [sosinfo(base, "faq", "7", env=env, program=program, cwd=tmp_path) for _ in range(2)]
    assert runs[0].full and not runs[1].full and runs[0].stdout == runs[1].stdout
    module = copy / "render" / "markdown.py"
    module.write_bytes(module.read_bytes() + b"\n# changed\n")
    after = sosinfo(base, "faq", "7", env=env, program=program, cwd=tmp_path)
    assert after.full and after.stdout == runs[0].stdout and after.code == 0


def _records(base: Path) -> list[Path]:
    return sorted((base / cache.REQUESTS).glob("*.txt"))


def test_a_damaged_record_is_not_served_and_says_nothing(tmp_path: Path) -> None:
    base = tmp_path / "cache"
    first, _ = full_then_fast(base, "faq", "7")
    (record,) = _records(base)
    content = bytearray(record.read_bytes())
    content[-3] ^= 0x01
    record.write_bytes(bytes(content))
    again = sosinfo(base, "faq", "7")
    assert again.full and (again.stdout, again.stderr, again.code) == (first.stdout, first.stderr, 0)


@pytest.mark.parametrize(
    "forgery",
    [
        {"exit": 7},
        {"exit": True},
        {"answer": "0" * 32},  # an answer that is not there
        {"code": "0" * 32},  # made by other code
        {"frameworks": "click-0.1.dist-info"},  # read by another Click
        {"data": None},
        {"version": 99},
        {"text": "en plus"},  # an answer and a text: not a record this version writes
        {"surplus": 1},
    ],
    ids=str,
)
def test_a_forged_record_is_not_served(tmp_path: Path, forgery: dict[str, object]) -> None:
    base = tmp_path / "cache"
    first, _ = full_then_fast(base, "faq", "7")
    (record,) = _records(base)
    body = cache.unseal(record.read_bytes(), f"{cache.REQUESTS}/{record.name}")
    assert body is not None
    record.write_bytes(cache.seal(json.dumps(json.loads(body) | forgery).encode(), f"{cache.REQUESTS}/{record.name}"))
    again = sosinfo(base, "faq", "7")
    assert again.full and (again.stdout, again.stderr, again.code) == (first.stdout, first.stderr, 0)


def test_a_forged_text_cannot_drive_the_terminal(tmp_path: Path) -> None:
    base = tmp_path / "cache"
    full_then_fast(base, "--help")
    (record,) = _records(base)
    body = cache.unseal(record.read_bytes(), f"{cache.REQUESTS}/{record.name}")
    assert body is not None
    forged = json.loads(body) | {"text": "Aide\x1b]0;pris\x07\x1b[2J\n"}
    record.write_bytes(cache.seal(json.dumps(forged).encode(), f"{cache.REQUESTS}/{record.name}"))
    served = sosinfo(base, "--help")
    assert not served.full and served.stdout.startswith(b"Aide\xef\xbf\xbd") and served.code == 0
    assert b"\x1b" not in served.stdout and b"\x07" not in served.stdout


def test_a_linked_records_folder_is_not_followed(tmp_path: Path) -> None:
    base = tmp_path / "cache"
    full_then_fast(base, "faq", "7")
    elsewhere = tmp_path / "ailleurs"
    (base / cache.REQUESTS).rename(elsewhere)
    (base / cache.REQUESTS).symlink_to(elsewhere, target_is_directory=True)
    again = sosinfo(base, "faq", "7")
    assert again.full and again.code == 0 and again.stderr == ""


def test_the_answer_cache_turned_off_turns_the_fast_path_off(tmp_path: Path) -> None:
    base = tmp_path / "cache"
    runs = [sosinfo(base, "faq", "7", env={"SOSINFO_OUTPUT_CACHE": "0"}) for _ in range(2)]
    assert all(ran.full for ran in runs) and runs[0].stdout == runs[1].stdout
    assert not _records(base) if (base / cache.REQUESTS).exists() else True


@pytest.mark.parametrize(
    "changed",
    [{"COLUMNS": "100"}, {"NO_COLOR": ""}, {"FORCE_COLOR": "1"}, {"TERM": "xterm"}, {"SOSINFO_DATA": "/nulle/part"}],
    ids=str,
)
def test_an_other_environment_is_another_question(tmp_path: Path, changed: dict[str, str]) -> None:
    base = tmp_path / "cache"
    full_then_fast(base, "gouvernance")
    other = sosinfo(base, "gouvernance", env=changed)
    assert other.full


def test_records_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "cache"
    monkeypatch.setenv("SOSINFO_CACHE_DIR", str(base))
    assert cache.directory(create=True) == base
    monkeypatch.setattr(cache, "MAX_ANSWERS_PER_FOLDER", 3)
    mine = base / cache.REQUESTS / "notes.txt"
    for number in range(5):
        cache.write_request(base, f"{number:032x}", b"{}")
        if number == 0:
            mine.write_text("à moi")
    kept = sorted(p.name for p in (base / cache.REQUESTS).iterdir())
    assert len(kept) <= 3 and "notes.txt" in kept and f"{4:032x}.txt" in kept


words = st.lists(st.text(st.characters(blacklist_categories=["Cs"]), max_size=30) | st.sampled_from(["faq", "7", "-f", "--help"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=words, columns=st.text(max_size=8), complete=st.sampled_from(["", "complete_bash", "complete_zsh", "x"]))
def test_hostile_command_lines_never_break_the_fast_path(
    argv: list[str], columns: str, complete: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)  # one cache per example
    monkeypatch.setenv("SOSINFO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SOSINFO_OUTPUT_CACHE", "1")
    monkeypatch.setenv("COLUMNS", columns.replace("\0", ""))
    monkeypatch.setenv("_SOSINFO_COMPLETE", complete)
    monkeypatch.setattr(sys, "argv", ["sosinfo", *argv])
    key = quick.request()
    assert key is None or re.fullmatch(r"[0-9a-f]{32}", key)
    if key is not None:
        assert quick.serve(key) is None  # nothing recorded in this cache: nothing served
        quick.watch(key)
        quick.saw_output("texte\n", 0)
        quick.remember(0)
        assert quick.serve(key) == ("texte\n", 0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.binary(max_size=300)
    | st.recursive(st.none() | st.integers() | st.text(), lambda inner: st.dictionaries(st.text(), inner) | st.lists(inner)).map(
        lambda value: json.dumps(value).encode()
    )
)
def test_any_record_content_is_served_or_refused_quietly(body: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "cache"
    monkeypatch.setenv("SOSINFO_CACHE_DIR", str(base))
    assert cache.directory(create=True) == base
    key = "0" * 32
    cache.write_request(base, key, body)
    assert quick.serve(key) is None


@pytest.mark.parametrize(
    "args",
    [("--version",), ("schema", "faq"), ("verifier",), ("aide", "--man"), ("--show-completion", "bash"), ()],
    ids=lambda args: " ".join(args) or "(rien)",
)
def test_what_the_fast_path_cannot_vouch_for_is_never_recorded(tmp_path: Path, args: tuple[str, ...]) -> None:
    """The version names the data folder, a schema and the manual are files that are no module, the
    verifier reads every file: the full program answers them every time."""
    first, second = full_then_fast(tmp_path / "cache", *args)
    assert second.full and first.stdout
    assert not _records(tmp_path / "cache")


class _Terminal:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def fileno(self) -> int:
        return 1


def test_an_answer_the_pager_might_take_goes_to_the_full_program(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal, an answer served must fit on the screen (the full program would weigh its pager otherwise)."""
    monkeypatch.setattr(os, "get_terminal_size", lambda descriptor: os.terminal_size((80, 24)))
    monkeypatch.setattr(sys, "stdout", _Terminal(tty=True))
    assert not quick._would_page("ligne\n" * 23)
    assert quick._would_page("ligne\n" * 24)  # the boundary: 24 lines on 24 rows goes to the pager
    monkeypatch.setattr(sys, "stdout", _Terminal(tty=False))
    assert not quick._would_page("ligne\n" * 500)
