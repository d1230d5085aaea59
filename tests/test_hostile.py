"""Never crash, never run what is loaded, never show what was not given (issue 6)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BASE_ENV, Run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

COMMANDS = [
    "faq",
    "chiffres",
    "gouvernance",
    "valeurs",
    "temoignages",
    "fondateur",
    "chronologie",
    "secteurs",
    "plaidoyers",
    "approche",
    "contact",
    "sources",
    "export",
    "verifier",
    "recherche",
    "inconnue",
]
OPTIONS = [
    "--format",
    "-f",
    "--annee",
    "--indicateur",
    "--graphique",
    "--depuis",
    "--jusqua",
    "--limite",
    "--type",
    "--conflits",
    "--data-dir",
]
NASTY = [
    "[bold]",
    "[/]",
    "[red]rouge[/red]",
    "[link=http://x]x[/link]",
    "\x1b[31mrouge\x1b[0m",
    "\x1b]8;;http://x\x07lien",
    "\u202eabc\u202c",
    "😀",
    "",
    " ",
    "-1",
    "0",
    "14",
    "99999999999999999999999",
    "1e9",
    "2022",
    "json",
    "markdown",
    "texte",
    "%s",
    "{0}",
    "\r\n",
    "'; DROP TABLE faq; --",
    "A" * 10_000,
    "ü",
    "مرحبا",
    "null",
    "~",
    "../../etc/passwd",
    "\t",
    "\x00",
]
word = st.one_of(st.sampled_from(NASTY), st.sampled_from(OPTIONS), st.text(max_size=30))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COMMANDS), st.lists(word, max_size=5))
def test_any_argv_ends_cleanly(command: str, arguments: list[str]) -> None:
    from typer.testing import CliRunner

    from sosinfo.cli.commands import app

    result = CliRunner().invoke(app, [command, *arguments], env=BASE_ENV)
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2), (result.exit_code, output[-500:])
    assert "Traceback" not in output
    assert "\x1b" not in output and "\u202e" not in output
    if result.exit_code != 0:
        assert result.stderr.startswith("Erreur"), result.stderr[:200]


def sosinfo(*args: str, env: dict[str, str] | None = None, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sosinfo", *args],
        env=os.environ | BASE_ENV | (env or {}),
        capture_output=True,
        text=True,
        check=False,
        **options,
    )


def test_closed_pipe_is_quiet() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "sosinfo", "export"], env=os.environ | BASE_ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    code = process.wait(timeout=30)
    errors = process.stderr.read().decode()
    assert first.startswith(b"# Le Groupe SOS")
    assert code == 0 and errors == ""


def answering_ctrl_c(command: list[str]) -> list[str]:
    """``command``, started with Ctrl-C at its default, whatever the test runner inherited.

    A shell runs a background job with SIGINT ignored, and an ignored signal stays ignored across
    ``exec``; sosinfo then stays deaf to it on purpose. The tests that send it must not depend on
    how pytest was started: a small launcher puts SIGINT back to its default, then becomes ``command``.
    """
    launcher = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"
    return [sys.executable, "-c", launcher, *command]


def test_ctrl_c_during_output_exits_130() -> None:
    process = subprocess.Popen(  # the answer (220 kB) is larger than the pipe: the process blocks writing
        answering_ctrl_c([sys.executable, "-m", "sosinfo", "export", "--format", "json"]),
        env=os.environ | BASE_ENV | {"SOSINFO_OUTPUT_CACHE": "0"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stdout.read(1) == b"{"  # the output has begun; nothing more is read, so it cannot end
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 130
    assert process.stderr is not None
    errors = process.stderr.read().decode()
    assert "Interrompu." in errors and "Traceback" not in errors


def test_ctrl_c_at_start_up_exits_130_without_a_traceback() -> None:
    """SIGINT at many moments of start-up: once the handler is in place, never a traceback, always 130.

    The interpreter's own start-up (and the console script's first lines) come before any code
    of sosinfo and are out of its reach; so are the first lines of ``sosinfo/__init__.py``, which
    put the handler in place. An interrupt there may still end the process with a traceback, but
    its last frame of the package must be one of those lines: none later, none in another module.
    """
    import sosinfo

    package = str(Path(sosinfo.__file__).parent) + os.sep
    root = Path(sosinfo.__file__).read_text(encoding="utf-8").splitlines()
    first_protected = next(number for number, line in enumerate(root, 1) if line.strip().startswith("answer_ctrl_c()"))

    def before_the_handler(traceback: str) -> bool:
        frames = re.findall(r'File "([^"]+)", line (\d+)', traceback)
        ours = [(file, int(line)) for file, line in frames if file.startswith(package)]
        return bool(ours) and ours[-1][0] == sosinfo.__file__ and ours[-1][1] <= first_protected

    script = Path(sys.executable).parent / "sosinfo"
    command = answering_ctrl_c(
        [str(script)] if script.exists() else [sys.executable, "-c", "import sys; from sosinfo.entry import main; main()"]
    )
    env = os.environ | BASE_ENV | {"SOSINFO_OUTPUT_CACHE": "0"}
    starts = []
    for _ in range(3):  # how long the interpreter takes to reach the first line of a program, here and now
        began = time.perf_counter()
        subprocess.run(answering_ctrl_c([sys.executable, "-c", "pass"]), env=env, check=True)
        starts.append(time.perf_counter() - began)
    start = sorted(starts)[1]
    runs = []
    for _ in range(3):  # how long the whole command takes, here and now (a loaded machine is slower)
        began = time.perf_counter()
        subprocess.run(command + ["faq", "7"], env=env, check=True, capture_output=True)
        runs.append(time.perf_counter() - began)
    whole = sorted(runs)[1]
    interrupted = 0
    for step in range(35):  # from just before the program's first line to the end of the run
        moment = start - 0.01 + step * max(0.002, (whole - start) / 35)
        process = subprocess.Popen(command + ["faq", "7"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(max(0.0, moment))
        process.send_signal(signal.SIGINT)
        _, error_bytes = process.communicate(timeout=60)
        errors = error_bytes.decode(errors="replace")
        if package in errors:  # only before the handler exists (a few lines, rarely hit)
            assert before_the_handler(errors), f"SIGINT {moment * 1000:.0f} ms after launch:\n{errors}"
            continue
        if process.returncode == 130:
            assert errors.strip() == "Interrompu.", errors
            interrupted += 1
        else:  # not started yet (interpreter start-up) or already done
            assert process.returncode in (0, 1, -signal.SIGINT), (moment, process.returncode, errors)
    assert interrupted >= 5  # most interrupts land in sosinfo's start-up, and are answered there


def test_the_early_interrupt_code_is_the_one_of_the_error_table() -> None:
    import sosinfo
    from sosinfo.errors import EXIT_INTERRUPTED

    assert sosinfo.EXIT_INTERRUPTED == EXIT_INTERRUPTED == 130


def test_importing_the_package_leaves_ctrl_c_alone() -> None:
    """As a library (here, under pytest), the package does not take Ctrl-C from its host."""
    import sosinfo

    assert signal.getsignal(signal.SIGINT) is not sosinfo._interrupted


def test_ascii_only_output() -> None:
    done = sosinfo("faq", "7", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.isascii()
    assert "Une necessite historique" in done.stdout and "+- Question 7 -" in done.stdout
    as_ascii = sosinfo("chiffres", "--annee", "2022", "--format", "json", env={"PYTHONIOENCODING": "ascii"})
    as_utf8 = sosinfo("chiffres", "--annee", "2022", "--format", "json")
    assert as_ascii.stdout.isascii() and json.loads(as_ascii.stdout) == json.loads(as_utf8.stdout)


@pytest.mark.parametrize("environment", [{"LANG": "C", "LC_ALL": "C"}, {"TERM": "dumb"}, {"NO_COLOR": "1"}])
def test_plain_environments(environment: dict[str, str]) -> None:
    done = sosinfo("faq", "7", env=environment)
    assert done.returncode == 0 and done.stderr == ""
    assert "\x1b" not in done.stdout and "patrimoine immobilier" in done.stdout


@pytest.mark.parametrize("width", [20, 300])
def test_narrow_and_wide_terminals(width: int) -> None:
    for command in (["faq", "7"], ["gouvernance"], ["chiffres", "--annee", "2016"], ["sources", "--conflits"]):
        done = sosinfo(*command, env={"COLUMNS": str(width)})
        assert done.returncode == 0, done.stderr
        assert max(len(line) for line in done.stdout.splitlines()) <= width


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full: Linux only")
@pytest.mark.parametrize(
    "arguments", [["export"], ["--help"], [], ["faq", "--help"]], ids=["export", "aide", "sans-argument", "aide-commande"]
)
def test_a_full_disk_is_said(arguments: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "sosinfo", *arguments],
            env=os.environ | BASE_ENV,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr == "Erreur : écriture impossible sur la sortie (plus d'espace disque).\n"


def test_closed_stdout() -> None:
    """``sosinfo faq 7 >&-``: nowhere to write the answer; said on stderr, exit 1, no file receives it."""
    done = subprocess.run(
        [sys.executable, "-m", "sosinfo", "faq", "7"],
        env=os.environ | BASE_ENV | {"SOSINFO_OUTPUT_CACHE": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(1),  # the child closes its own stdout, as `>&-` does
    )
    assert done.returncode == 1
    assert done.stderr == "Erreur : la sortie standard est fermée ; sosinfo n'a nulle part où écrire sa réponse.\n"


def waiting_in_pipe(descriptor: int) -> int:
    """How many bytes are in the pipe, not yet read."""
    import fcntl
    import termios

    return int.from_bytes(fcntl.ioctl(descriptor, termios.FIONREAD, b"\0\0\0\0"), "little")


def test_non_blocking_stdout_is_written_in_full() -> None:
    """Another program sharing the pipe set it non-blocking: the answer still arrives whole, exit 0."""
    env = os.environ | BASE_ENV
    expected = subprocess.run(
        [sys.executable, "-m", "sosinfo", "export", "--format", "json"], env=env, capture_output=True, check=True
    ).stdout
    assert len(expected) > 2 * 65536  # far more than a pipe holds: the writer meets a full pipe
    reading, writing = os.pipe()
    os.set_blocking(writing, False)
    process = subprocess.Popen(
        [sys.executable, "-m", "sosinfo", "export", "--format", "json"], env=env, stdout=writing, stderr=subprocess.PIPE
    )
    os.close(writing)
    while process.poll() is None and waiting_in_pipe(reading) < 65536:  # until the pipe is full: the writer must wait
        time.sleep(0.01)
    chunks = []
    with os.fdopen(reading, "rb") as pipe:
        while chunk := pipe.read(65536):
            chunks.append(chunk)
    assert process.wait(timeout=60) == 0
    assert process.stderr is not None and process.stderr.read() == b""
    assert b"".join(chunks) == expected


@pytest.mark.parametrize("position", ["x", "", "-1", "1.5"])
def test_completion_with_a_bad_word_position_offers_nothing(position: str) -> None:
    env = os.environ | BASE_ENV | {"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": "sosinfo fa", "COMP_CWORD": position}
    done = subprocess.run([sys.executable, "-m", "sosinfo"], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and done.stderr == ""
    assert done.stdout.split() in ([], ["faq"])


# --- hostile or broken knowledge bases -------------------------------------------------------------


def test_python_object_tag_is_refused_and_never_runs(run: Run, data_copy: Path, tmp_path: Path) -> None:
    witness = tmp_path / "execute"
    (data_copy / "contact.yaml").write_text(f'contact: !!python/object/apply:os.system ["touch {witness}"]\n', encoding="utf-8")
    done = run("contact", "--data-dir", str(data_copy))
    assert done.exit_code == 1 and done.stdout == ""
    assert "contact.yaml, ligne 1 : étiquette YAML non autorisée : tag:yaml.org,2002:python/object/apply:os.system" in done.stderr
    assert not witness.exists()


def test_billion_laughs_is_refused_in_bounded_time(run: Run, data_copy: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + n)}: &{chr(98 + n)} [" + ",".join([f"*{chr(97 + n)}"] * 9) + "]" for n in range(8)]
    (data_copy / "valeurs.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run("valeurs", "--data-dir", str(data_copy))  # refused at the first alias: nothing is expanded
    assert done.exit_code == 1 and "valeurs.yaml, ligne 1 : les alias YAML" in done.stderr


def test_deep_nesting_is_refused_not_a_crash(run: Run, data_copy: Path) -> None:
    depth = 200_000
    (data_copy / "valeurs.yaml").write_text("valeurs: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    done = run("valeurs", "--data-dir", str(data_copy))
    assert done.exit_code == 1 and "valeurs.yaml, ligne 1 : imbrication trop profonde (plus de 64 niveaux)" in done.stderr


def test_huge_file_is_refused_before_reading(run: Run, data_copy: Path) -> None:
    with (data_copy / "faq.yaml").open("r+b") as stream:
        stream.truncate(65 * 1024 * 1024)  # sparse: costs nothing to make
    done = run("faq", "--data-dir", str(data_copy))  # refused on its size, before a byte is read
    assert done.exit_code == 1 and "faq.yaml : fichier trop gros" in done.stderr


def test_unreadable_file_and_missing_files(run: Run, data_copy: Path) -> None:
    (data_copy / "faq.yaml").unlink()
    (data_copy / "faq.yaml").mkdir()  # a directory where a file should be: unreadable for everybody, root included
    (data_copy / "secteurs.yaml").unlink()
    done = run("faq", "--data-dir", str(data_copy))
    assert done.exit_code == 1 and done.stdout == ""
    assert "faq.yaml : lecture impossible" in done.stderr and "secteurs.yaml : lecture impossible" in done.stderr


def test_several_documents_in_one_file(run: Run, data_copy: Path) -> None:
    path = data_copy / "contact.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "---\ncontact: {}\n", encoding="utf-8")
    done = run("contact", "--data-dir", str(data_copy))
    assert done.exit_code == 1 and "un seul document YAML par fichier" in done.stderr


# --- no leaks in errors ----------------------------------------------------------------------------


def test_internal_error_is_short_and_debug_shows_the_trace(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from sosinfo import queries

    def broken(*_: object) -> object:
        secret = "mot-de-passe"  # a local variable that must never be shown
        raise RuntimeError(secret)

    monkeypatch.setattr(queries, "governance", broken)
    done = run("gouvernance", env={"SOSINFO_OUTPUT_CACHE": "0"})
    assert done.exit_code == 70
    assert done.stderr.startswith("Erreur interne de sosinfo (RuntimeError).\n")
    assert "Traceback" not in done.stderr and "mot-de-passe" not in done.stderr
    debug = run("gouvernance", env={"SOSINFO_OUTPUT_CACHE": "0", "SOSINFO_DEBUG": "1"})
    assert debug.exit_code == 70 and "Traceback" in debug.stderr


# --- numbers typed by a person: one rule, ASCII digits, bounded (issue 25) ------------------------------

LOOKALIKE_DIGITS = "²¹³①⑩١٢٣۴߀０１𝟏"  # str.isdigit() says yes to all; int() to some
LONG = "9" * 5000  # past Python's 4 300-digit limit of int()


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from([*LOOKALIKE_DIGITS, *"0123456789", " ", "-", "+", "_", "\n"]), max_size=12),
    st.integers(1, 8),
)
def test_whole_number_reads_ascii_digits_only(text: str, digits: int) -> None:
    from sosinfo.text import is_number, whole_number

    value = whole_number(text, digits)
    stripped = text.strip()
    plain = stripped.isascii() and stripped.isdigit()
    assert is_number(text) == plain
    if value is None:
        assert not plain or len(stripped.lstrip("0") or "0") > digits
    else:
        assert plain and value == int(stripped)


def test_whole_number_never_converts_a_huge_number() -> None:
    from sosinfo.text import whole_number

    assert whole_number(LONG, 4) is None
    assert whole_number("0" * 5000 + "7", 1) == 7  # leading zeros are not digits of the number
    assert whole_number(" 42 ", 2) == 42 and whole_number("42", 1) is None


typed_number = st.one_of(
    st.text(alphabet=LOOKALIKE_DIGITS, min_size=1, max_size=4),
    st.integers(4290, 4320).map(lambda n: "1" * n),
    st.sampled_from([LONG, "-" + LONG, "0" * 4400 + "7", "1_000", "+7", " 7 ", "7\n", "٧", "1e3"]),
    st.text(alphabet=st.sampled_from([*LOOKALIKE_DIGITS, *"0123456789"]), min_size=1, max_size=6),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(
        [["faq"], ["chiffres", "--annee"], ["chronologie", "--annee"], ["chronologie", "-d"], ["recherche", "x", "-n"]]
    ),
    typed_number,
)
def test_numbers_that_are_not_numbers_never_crash(command: list[str], number: str) -> None:
    from typer.testing import CliRunner

    from sosinfo.cli.commands import app

    result = CliRunner().invoke(app, [*command, number, "--format", "json"], env=BASE_ENV)
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr[-300:])
    assert "Erreur interne" not in result.stderr and "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert result.stderr.startswith("Erreur : ") and len(result.stderr) < 400  # the number is not echoed whole


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (["faq", "999999"], 1, "Erreur : il n'y a pas de question n° 999999 :"),
        (["faq", "1000000"], 2, "Erreur : « 1000000 » n'est pas un numéro de question (au plus 6 chiffres)."),
        (["faq", "0000007"], 0, ""),
        (["faq", LONG], 2, "Erreur : « 9999999999999999999… » n'est pas un numéro de question (au plus 6 chiffres)."),
        (["faq", "1" * 4301], 2, "Erreur : « 1111111111111111111… » n'est pas un numéro de question"),
        (["chiffres", "--annee", "9999"], 1, "Erreur : "),
        (["chiffres", "--annee", "999"], 2, "Erreur : valeur invalide pour --annee : « 999 » n'est pas une année (de 1000"),
        (["chiffres", "--annee", "02022"], 0, ""),
        (["chiffres", "--annee", "20220"], 2, "Erreur : valeur invalide pour --annee : « 20220 » n'est pas une année (de 1000"),
        (
            ["chiffres", "--annee", LONG],
            2,
            "Erreur : valeur invalide pour --annee : « 9999999999999999999… » n'est pas une année",
        ),
        (["chiffres", "--annee", "²⁰²²"], 2, "Erreur : valeur invalide pour --annee : « ²⁰²² » n'est pas une année (par exemple"),
        (["chronologie", "--annee", LONG], 2, "Erreur : valeur invalide pour --annee : « 9999999999999999999… »"),
        (
            ["chronologie", "--annee", "-2016"],
            2,
            "Erreur : valeur invalide pour --annee : « -2016 » n'est pas une année (de 1000",
        ),
        (["recherche", "budget", "-n", "100"], 0, ""),
        (["recherche", "budget", "-n", "0100"], 0, ""),
        (["recherche", "budget", "-n", "101"], 2, "Erreur : valeur invalide pour --limite : 101 est hors limites (de 1 à 100)"),
        (
            ["recherche", "budget", "-n", LONG],
            2,
            "Erreur : valeur invalide pour --limite : 9999999999999999999… est hors limites",
        ),
        (["recherche", "budget", "-n", "١٢"], 2, "Erreur : valeur invalide pour --limite : « ١٢ » n'est pas un nombre entier"),
    ],
    ids=lambda value: value if isinstance(value, int) else str(value)[:40],
)
def test_the_bounds_of_the_number_rule(run: Run, arguments: list[str], code: int, message: str) -> None:
    done = run(*arguments)
    assert done.exit_code == code, done.stderr
    assert done.stderr.startswith(message), done.stderr


@pytest.mark.parametrize("value", ["²", "¹", "①", "١٢٠", LONG, "100000", "", "-5", "8O"], ids=lambda value: value[:12])
def test_a_terminal_size_that_is_no_number_is_ignored(value: str) -> None:
    """COLUMNS and LINES are read by Rich and Textual too: dropped at start when not a number, for all."""
    done = sosinfo("faq", "7", env={"COLUMNS": value, "LINES": value})
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stderr == ""
    assert max(len(line) for line in done.stdout.splitlines()) == 80  # a pipe without a width: 80 columns


def test_a_terminal_size_is_read_at_its_bounds() -> None:
    assert max(len(line) for line in sosinfo("faq", "7", env={"COLUMNS": "99999", "LINES": "99999"}).stdout.splitlines()) <= 500
    assert max(len(line) for line in sosinfo("faq", "7", env={"COLUMNS": " 60 "}).stdout.splitlines()) == 60


@pytest.mark.slow
@pytest.mark.parametrize("value", ["²", LONG], ids=["exposant", "5000-chiffres"])
def test_the_explorer_starts_with_a_terminal_size_that_is_no_number(tmp_path: Path, value: str) -> None:
    """Textual reads COLUMNS and LINES itself: they are dropped at start for it too."""
    from test_completion import Terminal

    environment = {name: item for name, item in os.environ.items() if name != "CI"} | {
        "COLUMNS": value,
        "LINES": value,
        "TERM": "xterm-256color",
        "SOSINFO_CACHE_DIR": str(tmp_path / "cache"),
    }
    terminal = Terminal([sys.executable, "-m", "sosinfo", "explorer"], environment, tmp_path)
    try:
        terminal.wait(lambda: b"Chronologie" in terminal.screen, "the explorer's first screen")
        terminal.send("q")
        code = terminal.exit_code()
    finally:
        terminal.close()
    assert code == 0
    assert b"Traceback" not in terminal.screen and b"Erreur" not in terminal.screen


# --- the streams: a closed pipe is quiet, a full stderr changes no exit code (issue 25) -------------------


@pytest.mark.parametrize("arguments", [["export"], ["--help"], ["faq", "7"], ["faq", "--help"], ["--version"], ["schema", "faq"]])
def test_a_pipe_closed_before_the_answer_is_quiet(arguments: list[str]) -> None:
    """``sosinfo export | head`` where head is gone before the first byte: exit 0, nothing said."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sosinfo", *arguments], env=os.environ | BASE_ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full: Linux only")
@pytest.mark.parametrize(
    ("arguments", "code"),
    [(["faq", "99"], 1), (["inconnue"], 2), (["-f", "json", "faq", "99"], 1), (["explorer"], 2), (["faq", "7"], 0)],
)
def test_a_full_stderr_changes_no_exit_code(arguments: list[str], code: int) -> None:
    """Python exits 120 when it cannot flush stderr at the end: what cannot be said is dropped instead."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"} | BASE_ENV
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "sosinfo", *arguments], env=environment, stdout=subprocess.DEVNULL, stderr=full, check=False
        )
    assert done.returncode == code


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full: Linux only")
def test_full_stdout_and_stderr_exit_1() -> None:
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"} | BASE_ENV
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "sosinfo", "faq", "7"], env=environment, stdout=full, stderr=full, check=False
        )
    assert done.returncode == 1


def test_spaces_in_an_echoed_value_stay_spaces() -> None:
    from sosinfo.text import printable

    assert printable("15\u202f000\u00a0€ \x1b[1m\u200b") == "15 000 € ?[1m?"
