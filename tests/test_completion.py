"""Shell completion in the real shells: what a base given with --data-dir holds is offered as data,
never run (issue 25), in bash, zsh and fish, with the scripts sosinfo installs and with the ones
Typer installed before (still in users' start-up files: they must stay safe).

Each shell is driven as a person drives it: in a pseudo-terminal, a line typed, TAB, then the line
it left is run by a fresh shell of the same kind, where ``sosinfo`` is a function that records its
arguments. What the shell offers is read where it is decided (zsh: each ``compadd``; bash: the
``COMPREPLY`` its function fills; fish: ``complete -C``). A test is skipped, saying why, when its
shell is not installed (CI: ``apt-get install -y zsh fish``).

The identifiers of a base follow a grammar that leaves no room for any of this; to prove that the
shells hold on their own, most tests here run a ``sosinfo`` that skips that one check.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import BASE_ENV, Run

import sosinfo
from sosinfo.cli.completion import ansi_c_word, description, script, shell_word
from sosinfo.kb.files import BUNDLED_DATA

SOURCE_ROOT = Path(sosinfo.__file__).resolve().parents[1]
SHELLS = {name: shutil.which(name) for name in ("bash", "zsh", "fish")}
PROMPT_TIMEOUT = 30.0


def need(shell: str) -> str:
    found = SHELLS[shell]
    if found is None:
        pytest.skip(f"{shell} n'est pas installé (apt-get install -y {shell})")
    return found


# the scripts Typer 0.25 wrote into start-up files (``--install-completion``), kept as they were
LEGACY_SCRIPTS = {
    "bash": """
_sosinfo_completion() {
    local IFS=$'\\n'
    COMPREPLY=( $( env COMP_WORDS="${COMP_WORDS[*]}" \\
                   COMP_CWORD=$COMP_CWORD \\
                   _SOSINFO_COMPLETE=complete_bash $1 ) )
    return 0
}

complete -o default -F _sosinfo_completion sosinfo
""",
    "zsh": """
#compdef sosinfo

_sosinfo_completion() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _SOSINFO_COMPLETE=complete_zsh sosinfo)
}

compdef _sosinfo_completion sosinfo
""",
    "fish": 'complete --command sosinfo --no-files --arguments "(env _SOSINFO_COMPLETE=complete_fish '
    '_TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp) sosinfo)" --condition '
    '"env _SOSINFO_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=is-args _TYPER_COMPLETE_ARGS=(commandline -cp) sosinfo"\n',
}


def hostile_ids(victim: Path) -> list[str]:
    """Identifiers that are shell code; each starts with its own letter, to be completed alone."""
    return [
        "a\\",  # with the next one, the identifiers of the report: a backslash ate Typer's closing quote
        f" ) ; touch {victim}/exploit ; ws=( ",
        f"c$(touch {victim}/c)",
        f"d`touch {victim}/d`",
        f"e'; touch {victim}/e; '",
        f'f"; touch {victim}/f; "',
        f"g\nh; touch {victim}/g",
        "i j  k",
        f"l;touch {victim}/l",
        "m*?[x]",
        f'n\\"; touch {victim}/n; #',
        "o\tp",
        "q:r",
        f"s) ; touch {victim}/s ; ws=( ",
        f"z\\$(touch {victim}/z)",  # ran under Typer's answer: « \\$ » became « \\\\$ »
    ]


HOSTILE_PERSON = 'Zoé l\'équipe "q" \\ ; ws=( `touch pwned` ) $(touch pwned) *'


def hostile_base(folder: Path, ids: list[str], person: str = "Moubarakou Salami") -> Path:
    """A copy of the shipped base whose testimonials carry ``ids`` (and ``person`` as the name)."""
    shutil.copytree(BUNDLED_DATA, folder)
    path = folder / "temoignages.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    model = document["temoignages"][0]
    document["temoignages"] = [copy.deepcopy(model) | {"id": identifier, "personne": person} for identifier in ids]
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    bank = folder / "questions.yaml"  # the question bank names the testimonials replaced here: not theirs any more
    asked = yaml.safe_load(bank.read_text(encoding="utf-8"))
    asked["questions"] = [entry for entry in asked["questions"] if not entry["id"].startswith("temoignage:")]
    bank.write_text(yaml.safe_dump(asked, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return folder


class Setting:
    """A sandbox for one test: a base, a victim folder that must stay empty, a ``sosinfo`` on PATH."""

    def __init__(self, tmp_path: Path, *, grammar: bool, ids: list[str] | None = None, person: str | None = None) -> None:
        self.victim = tmp_path / "victim"
        self.victim.mkdir()
        self.ids = hostile_ids(self.victim) if ids is None else ids
        self.person = person or "Moubarakou Salami"
        self.base = hostile_base(tmp_path / "base", self.ids, self.person)
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        self.home = tmp_path / "home"
        self.home.mkdir()
        self.cwd = tmp_path / "cwd"  # empty: a file pattern left bare would match nothing here
        self.cwd.mkdir()
        self.capture = tmp_path / "capture"
        self.capture.mkdir()
        grammar_off = (
            "" if grammar else "import sosinfo.kb.checks\nsosinfo.kb.checks.check_identifiers = lambda sections, reporter: None\n"
        )
        program = self.bin / "sosinfo"
        program.write_text(
            f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(SOURCE_ROOT)!r})\n{grammar_off}"
            "from sosinfo.entry import main\nmain()\n",
            encoding="utf-8",
        )
        program.chmod(0o755)
        self.env = {
            "PATH": f"{self.bin}:/usr/bin:/bin",
            "HOME": str(self.home),
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            "SOSINFO_CACHE_DIR": str(tmp_path / "cache"),
            "CAPDIR": str(self.capture),
        }

    def script(self, shell: str, legacy: bool) -> Path:
        path = self.capture / f"{shell}-{'legacy' if legacy else 'current'}.sh"
        path.write_text(LEGACY_SCRIPTS[shell] if legacy else script(shell, "sosinfo"), encoding="utf-8")
        return path

    @property
    def line(self) -> str:
        return f"sosinfo --data-dir {self.base} temoignages "

    @property
    def prefixes(self) -> list[str]:
        """The first letter of each identifier that starts with one: typed, it selects that identifier alone."""
        return [identifier[0] for identifier in self.ids if identifier[0].isalpha()]

    @property
    def prefixed_lines(self) -> list[str]:
        return [self.line + prefix for prefix in self.prefixes]

    def untouched(self) -> None:
        ran = sorted(p.name for p in [*self.victim.iterdir(), *self.cwd.iterdir()])
        assert ran == [], f"a value from the base ran as a command: {ran}"

    def described(self) -> str:
        """The description of every testimonial of the base: its person and entity, as completion shows them."""
        document = yaml.safe_load((self.base / "temoignages.yaml").read_text(encoding="utf-8"))
        first = document["temoignages"][0]
        return description(f"{first['personne']} ({first['entite']})")


# --- a shell in a pseudo-terminal ---------------------------------------------------------------------


class Terminal:
    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: the shell
            try:
                os.chdir(cwd)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        self.pid, self.fd = pid, fd
        self.screen = bytearray()

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if ready:
                try:
                    self.screen += os.read(self.fd, 65536)
                except OSError:
                    return

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def wait(self, done: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + PROMPT_TIMEOUT
        while not done():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: the shell did not answer; screen ends with {bytes(self.screen[-1500:])!r}")
            self.pump(0.05)

    def exit_code(self, timeout: float = PROMPT_TIMEOUT) -> int | None:
        """The program's exit code once it ends by itself (None if it does not within ``timeout``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.05)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.pid = 0
                return os.waitstatus_to_exitcode(status)
        return None

    def close(self) -> None:
        if not self.pid:
            os.close(self.fd)
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


SETUP = {
    "zsh": r"""PS1='%% '; unsetopt beep; TABS=0
autoload -Uz compinit && compinit -u -D
source {script}
compadd() {{
  if [[ ${{@[1,(i)(-|--)]}} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a __m; builtin compadd -O __m "$@"
  print -rN -- "${{__m[@]}}" >> $CAPDIR/offered.$TABS
  local __d=${{@[(i)-d]}}; if (( __d < $# )); then local __n=${{@[__d+1]}}; print -rN -- "${{(@P)__n}}" >> $CAPDIR/shown.$TABS; fi
  builtin compadd "$@"
}}
_dump() {{ print -rn -- "$BUFFER"$'\0' >> $CAPDIR/buffers; BUFFER=''; (( TABS++ )) }}
zle -N _dump; bindkey '^X^D' _dump
print ready > $CAPDIR/ready
""",
    "bash": r"""PS1='$ '; bind 'set bell-style none'
source {script}
bind -x '"\C-x\C-d": printf "%s\0" "$READLINE_LINE" >> "$CAPDIR/buffers"; READLINE_LINE=; READLINE_POINT=0'
echo ready > "$CAPDIR/ready"
""",
    "fish": r"""source {script}
function _dump; printf '%s\0' (commandline | string collect) >> $CAPDIR/buffers; commandline ''; end
bind \cx\cd _dump
echo ready > $CAPDIR/ready
""",
}
ARGV = {
    "zsh": ["-f", "-i"],
    "bash": ["--norc", "--noprofile", "-i"],
    "fish": ["--no-config", "-i"],
}


def typed_lines(setting: Setting, shell: str, script_path: Path, lines: list[str]) -> list[str]:
    """Type each line and TAB in an interactive ``shell``; the line as the completion left it, for each."""
    buffers = setting.capture / "buffers"
    terminal = Terminal([need(shell), *ARGV[shell]], setting.env, setting.cwd)
    try:
        terminal.pump(0.3)
        terminal.send(SETUP[shell].format(script=script_path))
        terminal.wait((setting.capture / "ready").exists, f"{shell} start-up")
        for count, line in enumerate(lines, start=1):
            terminal.send(line + "\t\x18\x04")

            def dumped(count: int = count) -> bool:
                return buffers.exists() and buffers.read_bytes().count(b"\0") >= count

            terminal.wait(dumped, f"{shell} completing {line!r}")
    finally:
        terminal.close()
    return buffers.read_bytes().decode().split("\0")[:-1]


RUN_LINE = {  # run a line as pressing Enter would, « sosinfo » being a function that records its arguments
    "zsh": ["-f", "-c", 'sosinfo() { print -rN -- "$@" > $OUT }; eval "$LINE"'],
    "bash": ["--norc", "--noprofile", "-c", 'sosinfo() { printf "%s\\0" "$@" > "$OUT"; }; eval "$LINE"'],
    "fish": ["--no-config", "-c", "function sosinfo; printf '%s\\0' $argv > $OUT; end; eval $LINE"],
}


def arguments_of(setting: Setting, shell: str, line: str) -> list[str] | None:
    """The arguments ``sosinfo`` receives when ``line`` runs in ``shell``; None if it was not called."""
    out = setting.capture / "arguments"
    out.unlink(missing_ok=True)
    env = setting.env | {"LINE": line, "OUT": str(out)}
    subprocess.run([need(shell), *RUN_LINE[shell]], env=env, cwd=setting.cwd, capture_output=True, timeout=60, check=False)
    return out.read_bytes().decode().split("\0")[:-1] if out.exists() else None


def inserted_as_offered(setting: Setting, shell: str, buffers: list[str]) -> None:
    """Each line left by TAB after a prefix, run, gives ``sosinfo`` the identifier it selects, whole,
    as one argument (fish: a line it could not be offered stays as typed); nothing else ran."""
    for prefix, line in zip(setting.prefixes, buffers, strict=True):
        value = next(identifier for identifier in setting.ids if identifier.startswith(prefix))
        if carried(shell, value):
            assert arguments_of(setting, shell, line) == ["--data-dir", str(setting.base), "temoignages", value], line
        else:
            assert line == setting.line + prefix
    setting.untouched()


def carried(shell: str, value: str) -> bool:
    """Whether ``shell`` can be offered ``value`` at all: a line of fish's answer cannot hold a line break or a tab."""
    return shell != "fish" or not re.search(r"[\n\t]", value)


# --- what each shell offers -------------------------------------------------------------------------------


def bash_offered(setting: Setting, script_path: Path, words: list[str]) -> list[str]:
    """The values bash's completion function offers for ``words`` (the last one being completed):
    its ``COMPREPLY``, each word read back as bash reads the line it is inserted into."""
    program = (
        f"source {script_path}\n"
        'COMP_WORDS=("${WORDS[@]}"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n'
        "_sosinfo_completion sosinfo\n"
        'for word in "${COMPREPLY[@]}"; do eval "set -- $word"; printf "%s\\0" "$1"; done\n'
    )
    quoted = " ".join("'" + word.replace("'", "'\\''") + "'" for word in words)
    done = subprocess.run(
        [need("bash"), "--norc", "--noprofile", "-c", f"WORDS=({quoted})\n{program}"],
        env=setting.env,
        cwd=setting.cwd,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.decode().split("\0")[:-1]


def fish_offered(setting: Setting, script_path: Path, line: str) -> list[tuple[str, str]]:
    """``complete -C``: what fish offers for ``line``, (value, description) pairs."""
    command = f"source {script_path}; complete -C {fish_quote(line)}"
    fish = [need("fish"), "--no-config", "-c", command]
    done = subprocess.run(fish, env=setting.env, cwd=setting.cwd, capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    pairs = [line.split("\t", 1) for line in done.stdout.decode().splitlines()]
    return [(pair[0], pair[1] if len(pair) > 1 else "") for pair in pairs]


def fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def zsh_session(setting: Setting, script_path: Path, prefixes: list[str]) -> tuple[list[str], list[str], list[str]]:
    """One zsh session: the line with an empty word, then with each prefix. The values offered on the
    empty word, the descriptions shown with them, and the line left after each TAB."""
    buffers = typed_lines(setting, "zsh", script_path, [setting.line + prefix for prefix in ["", *prefixes]])
    offered = setting.capture / "offered.0"
    shown = setting.capture / "shown.0"
    values = offered.read_bytes().decode().split("\0")[:-1] if offered.exists() else []
    descriptions = shown.read_bytes().decode().split("\0")[:-1] if shown.exists() else []
    return values, descriptions, buffers


# --- the tests -----------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("legacy", [False, True], ids=["script-actuel", "script-typer"])
def test_zsh_offers_hostile_values_as_data(tmp_path: Path, legacy: bool) -> None:
    need("zsh")
    setting = Setting(tmp_path, grammar=False, person=HOSTILE_PERSON)
    values, shown, buffers = zsh_session(setting, setting.script("zsh", legacy), setting.prefixes)
    setting.untouched()
    assert sorted(values) == sorted(setting.ids)
    person = setting.described()
    assert len(shown) == len(setting.ids) and all(line.endswith(f"  -- {person}") for line in shown), shown
    assert "l'équipe" in person and "$(touch pwned)" in person  # the apostrophe kept, the substitution shown as text
    inserted_as_offered(setting, "zsh", buffers[1:])


@pytest.mark.slow
@pytest.mark.parametrize("legacy", [False, True], ids=["script-actuel", "script-typer"])
def test_bash_offers_hostile_values_as_data(tmp_path: Path, legacy: bool) -> None:
    need("bash")
    setting = Setting(tmp_path, grammar=False)
    script_path = setting.script("bash", legacy)
    words = ["sosinfo", "--data-dir", str(setting.base), "temoignages", ""]
    assert sorted(bash_offered(setting, script_path, words)) == sorted(setting.ids)
    setting.untouched()
    inserted_as_offered(setting, "bash", typed_lines(setting, "bash", script_path, setting.prefixed_lines))


@pytest.mark.slow
@pytest.mark.parametrize("legacy", [False, True], ids=["script-actuel", "script-typer"])
def test_fish_offers_hostile_values_as_data(tmp_path: Path, legacy: bool) -> None:
    need("fish")
    setting = Setting(tmp_path, grammar=False, person=HOSTILE_PERSON)
    script_path = setting.script("fish", legacy)
    offered = fish_offered(setting, script_path, setting.line)
    setting.untouched()
    assert sorted(value for value, _ in offered) == sorted(v for v in setting.ids if carried("fish", v))
    assert {text for _, text in offered} == {setting.described()}
    if legacy:  # what fish inserts does not depend on the script: checked once
        return
    inserted_as_offered(setting, "fish", typed_lines(setting, "fish", script_path, setting.prefixed_lines))


@pytest.mark.slow
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_a_base_with_hostile_identifiers_is_refused_and_offers_nothing(tmp_path: Path, shell: str) -> None:
    need(shell)
    setting = Setting(tmp_path, grammar=True)
    script_path = setting.script(shell, legacy=shell == "zsh")  # zsh: even through Typer's script
    if shell == "bash":
        assert bash_offered(setting, script_path, ["sosinfo", "--data-dir", str(setting.base), "temoignages", ""]) == []
    elif shell == "fish":
        assert fish_offered(setting, script_path, setting.line) == []
    else:
        values, _, _ = zsh_session(setting, script_path, [])
        assert values == []
    setting.untouched()
    done = subprocess.run(
        [str(setting.bin / "sosinfo"), "verifier", str(setting.base)],
        env=setting.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.count("temoignages.yaml, ligne") == len(setting.ids)


@pytest.mark.slow
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_reads_the_data_dir_typed_earlier(tmp_path: Path, shell: str) -> None:
    """Before or after the command, as ``--data-dir=…``, or from ``SOSINFO_DATA``: the base named is the one completed."""
    need(shell)
    setting = Setting(tmp_path, grammar=True, ids=["alpha", "beta-2", "gamma"])
    script_path = setting.script(shell, legacy=False)
    base = str(setting.base)
    # each line as the shell splits it (bash cuts « --data-dir=… » at « = », COMP_WORDBREAKS)
    equals = ["sosinfo", "--data-dir", "=", base] if shell == "bash" else ["sosinfo", f"--data-dir={base}"]
    for words, env in [
        (["sosinfo", "--data-dir", base, "temoignages", ""], {}),
        (["sosinfo", "temoignages", "--data-dir", base, ""], {}),
        ([*equals, "temoignages", ""], {}),
        (["sosinfo", "-f", "json", "--data-dir", base, "--no-pager", "temoignages", ""], {}),
        (["sosinfo", "temoignages", ""], {"SOSINFO_DATA": base}),
    ]:
        setting.env.pop("SOSINFO_DATA", None)
        setting.env.update(env)
        if shell == "bash":
            offered = bash_offered(setting, script_path, words)
        elif shell == "fish":
            offered = [value for value, _ in fish_offered(setting, script_path, " ".join(words))]
        else:
            offered = zsh_answer_values(setting, words)
        assert offered == ["alpha", "beta-2", "gamma"], (words, env)
    setting.env.pop("SOSINFO_DATA", None)
    elsewhere = ["sosinfo", "--data-dir", str(tmp_path / "absent"), "temoignages", ""]
    assert (bash_offered(setting, script_path, elsewhere) if shell == "bash" else zsh_answer_values(setting, elsewhere)) == []


def zsh_answer_values(setting: Setting, words: list[str]) -> list[str]:
    """The values of sosinfo's zsh answer, evaluated by zsh as its scripts do, ``compadd`` recording them."""
    program = 'compadd() { print -rN -- "${_sosinfo_values[@]}" }; _files() { : }; eval $(sosinfo)'
    env = setting.env | {"_SOSINFO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": " ".join(words)}
    done = subprocess.run(
        [need("zsh"), "-f", "-c", program], env=env, cwd=setting.cwd, capture_output=True, timeout=60, check=False
    )
    return done.stdout.decode().split("\0")[:-1]


# --- the words themselves, read back by the shells -------------------------------------------------------

SAMPLES = [
    "",
    "plain-id",
    "a b",
    "'",
    '"',
    "\\",
    "$HOME",
    "$(touch x)",
    "`touch x`",
    "*",
    "?",
    "[a]",
    "!",
    "~",
    "#",
    "%",
    "a\nb",
    "\t",
    "é à ç",
    "l'équipe",
    "\u202f«\u00a0»",
    "\u2028",
    "\x1b[31m",
    "😀",
    "=x",
    "{a,b}",
    "a;b|c&d>e<f",
    "\\x41",
]


@pytest.mark.slow
@pytest.mark.parametrize("shell", ["bash", "zsh"])
@pytest.mark.parametrize("unquoted", [False, True], ids=["eval-guillemets", "eval-nu"])
def test_words_read_back_identically(tmp_path: Path, shell: str, unquoted: bool) -> None:
    """Every sample, written as a word, is read back as itself by eval, as the scripts eval the
    answer (Typer's zsh script without quotes, hence word splitting; zsh here with globbing of
    substituted words and splitting on, the options a user may have set)."""
    need(shell)
    words = " ".join([*(ansi_c_word(sample) for sample in SAMPLES), *(shell_word(sample) for sample in SAMPLES)])
    (tmp_path / "words").write_text(words, encoding="utf-8")
    evaluation = "eval set -- $(cat words)" if unquoted else 'eval "set -- $(cat words)"'
    options = "setopt globsubst shwordsplit; " if shell == "zsh" else ""
    program = f'{options}{evaluation}; for word in "$@"; do printf "%s\\0" "$word"; done'
    done = subprocess.run(
        [need(shell), "-f" if shell == "zsh" else "--norc", "-c", program],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(tmp_path)},
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.stdout.decode().split("\0")[:-1] == SAMPLES * 2, done.stderr
    assert not (tmp_path / "x").exists()


def test_the_zsh_answer_is_words_of_data(tmp_path: Path) -> None:
    """The answer itself: arrays of ``$'…'`` words (or bare safe ones) and ``compadd``; no bare
    space inside a word, no quote but those of ``$'…'``; FAQ numbers in their order, apostrophes kept."""
    zsh = subprocess.run(
        [sys.executable, "-m", "sosinfo"],
        env=os.environ | BASE_ENV | {"_SOSINFO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "sosinfo faq "},
        capture_output=True,
        text=True,
        check=False,
    )
    assert zsh.returncode == 0 and zsh.stderr == ""
    answer = zsh.stdout.removesuffix("\n")
    assert answer.startswith("local -a _sosinfo_values _sosinfo_shown; _sosinfo_values=(1 2 3 4 5 6 7 8 9 10 11 12 13); ")
    assert answer.endswith("; compadd -V sosinfo -l -d _sosinfo_shown -a _sosinfo_values")
    for token in answer.split(" "):
        assert re.fullmatch(r"(_sosinfo_\w+=\()?(\$'[^'\s]*'|[^'\"\s\\$`]+)\)?;?", token), token
    assert "d\\x27un" in answer  # FAQ 7: « d'un "patrimoine immobilier" », the apostrophe kept


@pytest.mark.slow
def test_zsh_lists_faq_numbers_in_order_and_keeps_apostrophes(tmp_path: Path) -> None:
    """What a person sees after TAB: the questions 1 to 13 in their order (not 1, 10, 11…), described
    with their apostrophes; the commands, described in French with theirs."""
    need("zsh")
    setting = Setting(tmp_path, grammar=True, ids=["alpha"])
    script_path = setting.script("zsh", legacy=False)
    terminal = Terminal([need("zsh"), *ARGV["zsh"]], setting.env, setting.cwd)
    try:
        terminal.pump(0.3)
        terminal.send(SETUP["zsh"].format(script=script_path))
        terminal.wait((setting.capture / "ready").exists, "zsh start-up")
        screens = []
        for count, line in enumerate(["sosinfo faq ", "sosinfo "], start=1):
            start = len(terminal.screen)
            terminal.send(line + "\t")
            terminal.wait(lambda start=start: b" -- " in terminal.screen[start:], line)
            terminal.pump(0.5)  # the rest of the list
            screens.append(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "", bytes(terminal.screen[start:]).decode(errors="replace")))
            terminal.send("\x18\x04")
            terminal.wait(lambda count=count: dumped(setting) >= count, "dump")
    finally:
        terminal.close()
    numbers = re.findall(r"^(\d+) +-- ", screens[0], re.MULTILINE)
    assert numbers == [str(n) for n in range(1, 14)]
    assert 'dispose-t-il d\'un "patrimoine immobilier" ?' in screens[0]
    assert "celui d'une personne" in screens[1] and "Affiche cette aide" not in screens[1]


def dumped(setting: Setting) -> int:
    """How many lines the shell has dumped (``^X^D``) so far."""
    buffers = setting.capture / "buffers"
    return buffers.read_bytes().count(b"\0") if buffers.exists() else 0


def completions(run: Run, typed: str, shell: str = "fish") -> list[tuple[str, str]]:
    """What sosinfo answers fish (one candidate a line) for the line ``typed``."""
    done = run(
        env={"_SOSINFO_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_FISH_ACTION": "get-args", "_TYPER_COMPLETE_ARGS": typed}
    )
    assert done.exit_code == 0 and done.stderr == ""
    pairs = [line.split("\t", 1) for line in done.stdout.splitlines()]
    return [(pair[0], pair[1] if len(pair) > 1 else "") for pair in pairs]


@pytest.mark.parametrize("typed", ["sosinfo faq 7 ", "sosinfo faq 7 --", "sosinfo gouvernance ", "sosinfo chiffres -r --"])
def test_global_options_are_offered_after_a_command(run: Run, typed: str) -> None:
    offered = dict(completions(run, typed))
    assert {"--format", "--data-dir", "--no-pager", "--preuves", "--couleur", "--help"} <= set(offered)
    assert offered["--help"] == "Affiche cette aide et quitte."
    assert not [name for name in offered if not name.startswith("--")]  # short names only once « - » is typed


@pytest.mark.parametrize("shell", ["fish", "zsh", "powershell"])
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("sosinfo faq 7 --couleur ", ["auto", "toujours", "jamais"]),  # not FAQ numbers: the colour is awaited
        ("sosinfo chiffres -r --couleur j", ["jamais"]),
        ("sosinfo faq 7 --couleur=", ["--couleur=auto", "--couleur=toujours", "--couleur=jamais"]),
        ("sosinfo --couleur ", ["auto", "toujours", "jamais"]),
        ("sosinfo faq --couleur jamais ", [str(n) for n in range(1, 14)]),  # the value given, arguments again
    ],
)
def test_the_group_options_value_is_completed_after_a_command(run: Run, shell: str, typed: str, expected: list[str]) -> None:
    if shell == "powershell":  # PowerShell passes the word being completed on its own
        last = typed.rsplit(" ", maxsplit=1)[-1]
        asked = {"_SOSINFO_COMPLETE": "complete_powershell", "_TYPER_COMPLETE_ARGS": typed}
        done = run(env=asked | {"_TYPER_COMPLETE_WORD_TO_COMPLETE": last})
        assert [line.split(":::")[0].strip("'") for line in done.stdout.splitlines()] == expected
        return
    offered = completions(run, typed, shell) if shell == "fish" else None
    if offered is not None:
        assert [name for name, _ in offered] == expected
    else:
        done = run(env={"_SOSINFO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": typed})
        words = done.stdout.split("_sosinfo_values=(", 1)[1].split(")", 1)[0].split()
        assert [w[2:-1].encode().decode("unicode_escape") if w.startswith("$'") else w for w in words] == expected


def test_bash_completes_the_group_options_value_after_a_command(run: Run) -> None:
    """bash cuts « --couleur=j » at the « = » (COMP_WORDBREAKS): three words."""
    for words, position, expected in (
        ("sosinfo faq 7 --couleur ", "4", ["auto", "toujours", "jamais"]),
        ("sosinfo faq 7 --couleur = j", "5", ["jamais"]),
    ):
        done = run(env={"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": position})
        assert done.stdout.splitlines() == expected


def test_options_typed_already_are_not_offered_again(run: Run) -> None:
    offered = [name for name, _ in completions(run, "sosinfo --no-pager faq 7 --couleur jamais --preuves -f json -")]
    assert "--no-pager" not in offered and "--preuves" not in offered and "-p" not in offered
    assert "--couleur" not in offered
    assert "--format" not in offered and "-f" not in offered
    assert {"--data-dir", "-h", "--help"} <= set(offered)


def test_arguments_are_still_completed_before_options(run: Run) -> None:
    assert [name for name, _ in completions(run, "sosinfo faq ")][:3] == ["1", "2", "3"]
    assert [name for name, _ in completions(run, "sosinfo faq 1")] == ["1", "10", "11", "12", "13"]
    assert completions(run, "sosinfo --format j") == [("json", "")]


INSTALLED = {  # shell -> (script written, start-up file, line added to it)
    "bash": (".bash_completions/sosinfo.sh", ".bashrc", "source '{home}/.bash_completions/sosinfo.sh'"),
    "zsh": (".zfunc/_sosinfo", ".zshrc", "fpath+=~/.zfunc; autoload -Uz compinit; compinit"),
}


@pytest.mark.parametrize("shell", sorted(INSTALLED))
def test_install_names_the_start_up_file_it_edits(run: Run, tmp_path: Path, shell: str) -> None:
    written, start_file, line = INSTALLED[shell]
    rc = tmp_path / start_file
    rc.write_text("# mine\nalias ll='ls -l'", encoding="utf-8")  # no final newline
    line = line.format(home=tmp_path)
    done = run("--install-completion", shell, env={"HOME": str(tmp_path)})
    assert done.exit_code == 0, done.stderr
    assert done.stderr == (
        f"Complétion {shell} installée dans {tmp_path / written}.\n"
        f"Fichier de démarrage modifié : {rc} ; ligne ajoutée à la fin :\n    {line}\n"
        "Elle marchera dans un nouveau terminal.\n"
    )
    assert rc.read_text(encoding="utf-8") == f"# mine\nalias ll='ls -l'\n{line}\n"
    assert (tmp_path / written).read_text(encoding="utf-8") == script(shell, "sosinfo")
    again = run("--install-completion", shell, env={"HOME": str(tmp_path)})
    assert again.exit_code == 0
    assert f"Fichier de démarrage inchangé : {rc} charge déjà la complétion.\n" in again.stderr
    assert rc.read_text(encoding="utf-8").count(line) == 1


def test_install_for_fish_edits_no_start_up_file(run: Run, tmp_path: Path) -> None:
    done = run("--install-completion", "fish", env={"HOME": str(tmp_path)})
    target = tmp_path / ".config/fish/completions/sosinfo.fish"
    assert done.exit_code == 0
    assert done.stderr.splitlines()[:2] == [
        f"Complétion fish installée dans {target}.",
        "Aucun fichier de démarrage modifié : fish lit ce dossier de lui-même.",
    ]
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == [
        ".config/fish/completions/sosinfo.fish"
    ]


@pytest.mark.parametrize("home", ["relatif", "a\nb"], ids=["relatif", "saut-de-ligne"])
def test_install_refuses_a_home_that_is_no_folder(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str) -> None:
    """A relative HOME is the current folder; one with a line break would break the start-up file: nothing is written."""
    monkeypatch.chdir(tmp_path)
    done = run("--install-completion", "bash", env={"HOME": home if home == "relatif" else str(tmp_path / home)})
    assert done.exit_code == 2
    assert done.stderr.startswith("Erreur : dossier personnel inutilisable (HOME=")
    assert "sosinfo --show-completion bash > un-fichier" in done.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("home", ["", "   "])
def test_an_empty_home_is_refused_before_anything_is_written(monkeypatch: pytest.MonkeyPatch, home: str) -> None:
    """Python reads an empty HOME as « / »: checked on the folder alone, so that a regression writes nothing there."""
    from sosinfo.cli.completion import _home
    from sosinfo.errors import UsageError

    monkeypatch.setenv("HOME", home)
    with pytest.raises(UsageError, match="dossier personnel inutilisable"):
        _home("bash", "sosinfo")


@pytest.mark.parametrize(
    "arguments",
    [["--install-completion", "bash", "faq"], ["-f", "json", "--install-completion"], ["--show-completion", "zsh", "x"]],
)
def test_completion_options_with_anything_else_are_refused_in_french(run: Run, tmp_path: Path, arguments: list[str]) -> None:
    """Typer's own handlers (English, and its old script) are never reached."""
    done = run(*arguments, env={"HOME": str(tmp_path)})
    option = next(word for word in arguments if word.endswith("-completion"))
    assert (done.exit_code, done.stdout) == (2, "")
    said = f"Erreur : « {option} » s'emploie seul, suivi au plus d'un nom de shell.\nExemple : sosinfo {option} zsh\n"
    assert done.stderr == said
    assert not any(tmp_path.iterdir())


def test_completion_options_take_a_shell_after_an_equals_sign(run: Run, tmp_path: Path) -> None:
    assert run("--show-completion=fish").stdout == script("fish", "sosinfo")
    done = run("--install-completion=zsh", env={"HOME": str(tmp_path)})
    assert done.exit_code == 0 and (tmp_path / ".zfunc/_sosinfo").is_file()


def test_install_that_cannot_write_says_why_in_french(run: Run, tmp_path: Path) -> None:
    (tmp_path / ".zfunc").write_text("not a folder", encoding="utf-8")
    done = run("--install-completion", "zsh", env={"HOME": str(tmp_path)})
    assert done.exit_code == 2
    assert done.stderr.startswith(f"Erreur : écriture impossible de {tmp_path / '.zfunc/_sosinfo'} (")
    assert "Errno" not in done.stderr and "File exists" not in done.stderr


def test_powershell_absent_is_said_in_french_with_a_way_out(run: Run, tmp_path: Path) -> None:
    done = run("--install-completion", "powershell", env={"HOME": str(tmp_path), "PATH": str(tmp_path)})
    assert done.exit_code == 2
    assert done.stderr == (
        "Erreur : PowerShell est introuvable : ni « pwsh » ni « powershell » ne sont dans le PATH.\n"
        "Installez-la depuis PowerShell : sosinfo --show-completion powershell | Out-File -Append $PROFILE\n"
    )
    assert not any(tmp_path.iterdir())


def test_powershell_profile_gets_the_script_once(run: Run, tmp_path: Path) -> None:
    profile = tmp_path / "Documents" / "PowerShell" / "profile.ps1"
    fake = tmp_path / "pwsh"
    fake.write_text(f"#!/bin/sh\necho '{profile}'\n", encoding="utf-8")  # what « pwsh -Command $PROFILE » prints
    fake.chmod(0o755)
    env = {"HOME": str(tmp_path), "PATH": f"{tmp_path}:/usr/bin:/bin"}
    done = run("--install-completion", "pwsh", env=env)
    assert done.exit_code == 0, done.stderr
    assert done.stderr.startswith(f"Complétion pwsh installée dans le profil PowerShell {profile} (script ajouté à la fin).\n")
    assert profile.read_text(encoding="utf-8") == script("pwsh", "sosinfo")
    again = run("--install-completion", "pwsh", env=env)
    assert again.exit_code == 0 and "inchangé" in again.stderr
    assert profile.read_text(encoding="utf-8") == script("pwsh", "sosinfo")


def test_powershell_values_are_quoted_and_one_a_line() -> None:
    from click.shell_completion import CompletionItem

    from sosinfo.cli.completion import PowerShellComplete, powershell_word

    assert powershell_word("valet") == "valet"
    assert powershell_word("a b") == "'a b'"
    assert powershell_word("l'eau ‘x’; $(rm)") == "'l''eau ‘‘x’’; $(rm)'"
    formatter = PowerShellComplete.__new__(PowerShellComplete)
    assert formatter.format_completion(CompletionItem("a;b", help="x:::y\nz")) == "'a;b':::x y z"


def test_an_unknown_completion_request_is_said(run: Run) -> None:
    done = run(env={"_SOSINFO_COMPLETE": "complete_tcsh"})
    assert done.exit_code == 2
    assert done.stderr.startswith("Erreur : demande de complétion inconnue : _SOSINFO_COMPLETE=complete_tcsh.")


@pytest.mark.parametrize("position", ["x", "", "-1", "1.5", "²", "١", "9" * 5000])
def test_a_word_position_that_is_no_number_offers_nothing(run: Run, position: str) -> None:
    done = run(env={"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": "sosinfo fa", "COMP_CWORD": position})
    assert (done.exit_code, done.stdout, done.stderr) == (0, "", "")


def test_descriptions_are_one_line_of_plain_text() -> None:
    assert description("a\nb\t c\u202f: \x1b[31m[bold]x[/bold]\u200b") == "a b c : \ufffd[31m[bold]x[/bold]"
    assert description("x" * 200) == "x" * 79 + "…"
    assert description(None) == "" and description("") == ""
