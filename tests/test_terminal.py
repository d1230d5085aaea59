"""sosinfo in a real pseudo-terminal: the pager and Ctrl-C, widths, wrapped errors.

Each test starts ``sosinfo`` as a shell would: in its own session, with the pseudo-terminal as its
controlling terminal (so Ctrl-C typed there sends SIGINT to the whole foreground group, the pager
included) and SIGINT set to its default explicitly (the test runner may have it ignored).
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import shutil
import signal
import struct
import sys
import termios
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real processes, real waits

SOSINFO = Path(sys.executable).with_name("sosinfo")
COMMAND = [str(SOSINFO)] if SOSINFO.exists() else [sys.executable, "-m", "sosinfo"]


@dataclass
class Session:
    """``sosinfo`` running on a pseudo-terminal; ``stdout`` is a pipe when asked for."""

    pid: int
    master: int
    slave: int  # kept open here: the terminal's settings stay readable after sosinfo ends
    piped: int | None = None
    screen: bytes = b""
    piped_output: bytes = b""
    status: int | None = field(default=None)

    def read_until(self, pattern: bytes, timeout: float = 20.0) -> bytes:
        deadline = time.monotonic() + timeout
        while pattern not in self.screen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{pattern!r} never came; the screen shows:\n{self.screen.decode(errors='replace')}")
            self.pump(min(left, 0.2))
        return self.screen

    def pump(self, timeout: float) -> None:
        sources = [self.master] + ([self.piped] if self.piped is not None else [])
        ready, _, _ = select.select(sources, [], [], timeout)
        for descriptor in ready:
            try:
                chunk = os.read(descriptor, 65536)
            except OSError:
                chunk = b""
            if descriptor == self.master:
                self.screen += chunk
            else:
                self.piped_output += chunk
                if not chunk:
                    os.close(descriptor)
                    self.piped = None

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def running(self) -> bool:
        if self.status is not None:
            return False
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            return True
        self.status = status
        return False

    def wait(self, timeout: float = 30.0) -> int:
        """sosinfo's exit code (128 + N when killed by signal N), reading the screen meanwhile."""
        deadline = time.monotonic() + timeout
        while self.running():
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                self.status = os.waitpid(self.pid, 0)[1]
                raise AssertionError(f"sosinfo did not end; the screen shows:\n{self.screen.decode(errors='replace')}")
            self.pump(0.05)
        while self.piped is not None:
            self.pump(1.0)
        self.pump(0.1)
        assert self.status is not None
        return os.waitstatus_to_exitcode(self.status) % 256 if os.WIFEXITED(self.status) else 128 + os.WTERMSIG(self.status)

    def echo(self) -> bool:
        return bool(termios.tcgetattr(self.slave)[3] & termios.ECHO)

    def close(self) -> None:
        if self.running():
            os.kill(self.pid, signal.SIGKILL)
            self.status = os.waitpid(self.pid, 0)[1]
        for descriptor in (self.master, self.slave, self.piped):
            if descriptor is not None:
                os.close(descriptor)


def start(args: list[str], env: dict[str, str], columns: int = 80, lines: int = 24, pipe_stdout: bool = False) -> Session:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    reader, writer = os.pipe() if pipe_stdout else (None, None)
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    environment |= {"SOSINFO_OUTPUT_CACHE": "0", "SOSINFO_DATA": "", "TERM": "xterm", "LESSSECURE": "1"} | env
    pid = os.fork()
    if pid == 0:  # the child: a session of its own, the pseudo-terminal as its controlling terminal
        try:
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for number in (0, 1, 2):
                os.dup2(slave, number)
            if writer is not None:
                os.dup2(writer, 1)
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # as from a shell, whatever the test runner did
            os.execve(COMMAND[0], COMMAND + args, environment)
        finally:
            os._exit(127)
    if writer is not None:
        os.close(writer)
    return Session(pid, master, slave, reader)


# a pager that keeps Ctrl-C for itself, like less: it says so on the terminal and waits for « q »
KEEPING_PAGER = textwrap.dedent(
    """
    import os, signal, sys
    text = sys.stdin.read()
    tty = os.open("/dev/tty", os.O_RDWR)
    signal.signal(signal.SIGINT, lambda *_: os.write(tty, b"PAGER:CTRL-C\\r\\n"))
    os.write(tty, f"PAGER:READY {os.getpid()} {len(text.splitlines())}\\r\\n".encode())
    typed = b""
    while b"q" not in typed:
        try:
            typed += os.read(tty, 100)
        except InterruptedError:
            pass
    os.write(tty, b"PAGER:BYE\\r\\n")
    """
)
# a pager that turns echo off, then dies of Ctrl-C without putting it back
DYING_PAGER = textwrap.dedent(
    """
    import os, sys, termios, time
    sys.stdin.read()
    tty = os.open("/dev/tty", os.O_RDWR)
    attributes = termios.tcgetattr(tty)
    attributes[3] &= ~(termios.ECHO | termios.ICANON)
    termios.tcsetattr(tty, termios.TCSANOW, attributes)
    os.write(tty, f"PAGER:READY {os.getpid()}\\r\\n".encode())
    while True:
        time.sleep(1)
    """
)


def _pager(tmp_path: Path, source: str) -> str:
    script = tmp_path / "pager.py"
    script.write_text(source, encoding="utf-8")
    return f"{sys.executable} {script}"


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_ctrl_c_in_the_pager_belongs_to_the_pager(tmp_path: Path) -> None:
    session = start(["faq", "4"], {"SOSINFO_PAGER": _pager(tmp_path, KEEPING_PAGER)}, lines=10)
    try:
        session.read_until(b"PAGER:READY")
        ready = re.search(rb"PAGER:READY (\d+) (\d+)", session.read_until(b"\r\n"))
        assert ready is not None and int(ready[2]) > 10  # the whole answer went to the pager
        session.type(b"\x03")  # Ctrl-C: SIGINT to sosinfo and to the pager
        session.read_until(b"PAGER:CTRL-C")
        time.sleep(0.5)
        assert session.running(), "sosinfo ended at Ctrl-C and left its pager orphaned"
        session.type(b"q\n")
        assert session.wait() == 0
        screen = session.screen.decode(errors="replace")
        assert "PAGER:BYE" in screen and "Interrompu" not in screen
        assert _gone(int(ready[1]))  # the pager was waited for: no orphan left on the terminal
        assert session.echo()
    finally:
        session.close()


def test_a_pager_killed_by_ctrl_c_leaves_a_sane_terminal(tmp_path: Path) -> None:
    session = start(["faq", "4"], {"SOSINFO_PAGER": _pager(tmp_path, DYING_PAGER)}, lines=10)
    try:
        ready = re.search(rb"PAGER:READY (\d+)", session.read_until(b"PAGER:READY"))
        assert ready is not None
        deadline = time.monotonic() + 5
        while session.echo() and time.monotonic() < deadline:  # the pager has turned echo off
            time.sleep(0.05)
        assert not session.echo()
        session.type(b"\x03")
        assert session.wait() == 130
        assert "Interrompu." in session.screen.decode(errors="replace")
        assert session.echo(), "the terminal was left without echo"
        attributes = termios.tcgetattr(session.slave)
        assert attributes[3] & termios.ICANON and attributes[3] & termios.ISIG
        assert _gone(int(ready[1]))
    finally:
        session.close()


@pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")
def test_ctrl_c_in_less_then_q(tmp_path: Path) -> None:
    environment = {"SOSINFO_PAGER": "less -FRX", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    session = start(["faq", "4"], environment, lines=10)
    try:
        session.read_until(b"Quel est le budget")
        time.sleep(0.5)
        session.type(b"\x03")
        time.sleep(0.8)
        assert session.running(), "sosinfo ended at Ctrl-C and left less orphaned"
        session.type(b"q")
        assert session.wait() == 0
        assert session.echo()
        attributes = termios.tcgetattr(session.slave)
        assert attributes[3] & termios.ICANON
    finally:
        session.close()


def test_no_pager_on_a_dumb_terminal(tmp_path: Path) -> None:
    session = start(["faq", "4"], {"SOSINFO_PAGER": _pager(tmp_path, KEEPING_PAGER), "TERM": "dumb"}, lines=10)
    try:
        assert session.wait() == 0
        screen = session.screen.decode(errors="replace")
        assert "PAGER" not in screen and "Quel est le budget" in screen
    finally:
        session.close()


def test_a_long_answer_is_paged_on_a_capable_terminal(tmp_path: Path) -> None:
    """The boundary of the rule above: the same answer, on an xterm, goes through the pager."""
    session = start(["faq", "4"], {"SOSINFO_PAGER": _pager(tmp_path, KEEPING_PAGER)}, lines=10)
    try:
        session.read_until(b"PAGER:READY")
        session.type(b"q\n")
        assert session.wait() == 0
    finally:
        session.close()


# --- widths ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [40, 100])
def test_a_pipe_takes_the_width_of_the_terminal(columns: int) -> None:
    session = start(["chiffres", "--recents"], {}, columns=columns, pipe_stdout=True)
    try:
        assert session.wait() == 0
        shown = session.piped_output.decode()
        lines = shown.splitlines()
        assert max(len(line) for line in lines) <= columns
        assert max(len(line) for line in lines) > columns - 10  # laid out for this width, not 80
        assert "\x1b" not in shown  # a pipe gets no colours
    finally:
        session.close()


def test_columns_still_wins_in_a_pipe() -> None:
    session = start(["chiffres", "--recents"], {"COLUMNS": "60"}, columns=40, pipe_stdout=True)
    try:
        assert session.wait() == 0
        assert max(len(line) for line in session.piped_output.decode().splitlines()) == 60
    finally:
        session.close()


def test_errors_are_wrapped_between_words_on_a_terminal() -> None:
    session = start(["chiffres", "--indicateur", "salari"], {}, columns=40)
    try:
        assert session.wait() == 1
        lines = session.screen.decode().replace("\r\n", "\n").strip("\n").split("\n")
        assert len(lines) > 3 and all(len(line) <= 40 for line in lines)
        words = set(re.findall(r"[\w-]+", " ".join(lines)))
        assert {"inconnu", "salaries", "disponibles"} <= words
        assert not any(line.lstrip().startswith(("»", ":", ";", "?")) for line in lines)
        assert not any(line.rstrip().endswith("«") for line in lines)
    finally:
        session.close()
