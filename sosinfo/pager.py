"""Long answers through a pager on a terminal, as git and gh do.

The pager is ``$SOSINFO_PAGER``, else ``$PAGER``, else ``less -FRX`` (``-F``: no pager when the
text fits the screen, ``-R``: colours, ``-X``: the text stays on screen after quitting). Never
when stdout is not a terminal, never on a terminal that cannot move its cursor (``TERM=dumb`` or
no ``TERM``: less would warn « terminal is not fully functional »), never with ``--no-pager`` or an
empty ``SOSINFO_PAGER``.

While the pager runs, Ctrl-C belongs to it, as in git: the terminal sends SIGINT to the whole
foreground group, sosinfo lets it pass (it keeps waiting), and the pager does what it wants with it
(less stops a search and stays). sosinfo ends when the pager ends: 0 when the reader quit it, 130
(« Interrompu. ») when Ctrl-C killed it. Either way the terminal settings are put back as they
were before the pager started, so a pager killed halfway never leaves the shell without echo.
"""

from __future__ import annotations

import os
import sys
from typing import Any

PAGER_VARIABLE = "SOSINFO_PAGER"
DEFAULT_PAGER = "less -FRX"
DUMB_TERMINALS = ("", "dumb", "unknown")  # no cursor movement: a pager cannot work there


def pager_command() -> list[str] | None:
    """The pager to run, or None when paging is turned off (``SOSINFO_PAGER=`` or ``cat``)."""
    import shlex

    chosen = os.environ.get(PAGER_VARIABLE)
    if chosen is None:
        chosen = os.environ.get("PAGER", DEFAULT_PAGER)
    try:
        words = shlex.split(chosen)
    except ValueError:
        return None
    if not words or words[0] == "cat":
        return None
    return words


def page(text: str) -> bool:
    """Show ``text`` through the pager; False when no pager could run (the caller writes it).

    Raises :class:`KeyboardInterrupt` once the pager has ended, when Ctrl-C is what ended it.
    """
    if not sys.stdout.isatty() or os.environ.get("TERM", "") in DUMB_TERMINALS:
        return False
    try:  # an answer that fits on the screen is written as is: no process to start
        if text.count("\n") < os.get_terminal_size(sys.stdout.fileno()).lines:
            return False
    except (OSError, ValueError):
        pass
    command = pager_command()
    if command is None:
        return False
    import signal
    import subprocess

    from sosinfo.text import register_transliteration

    encoding = sys.stdout.encoding or "utf-8"
    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")
    if encoding.lower().replace("_", "-").startswith("utf"):
        environment.setdefault("LESSCHARSET", "utf-8")
    terminal = _Terminal()
    # not SIG_IGN: an ignored signal is inherited through exec and the pager would lose Ctrl-C;
    # a caught one is reset to its default in the pager, and here it only interrupts a wait, retried
    previous = _replace_handler(signal.SIGINT, _let_the_pager_have_it)
    try:
        try:
            process = subprocess.Popen(command, stdin=subprocess.PIPE, env=environment)
        except OSError:
            return False
        assert process.stdin is not None
        try:
            # as on stdout itself (see entry._safe_encodings): « é » as « e », a thin space as a space, never « ? »
            process.stdin.write(text.encode(encoding, errors=register_transliteration()))
            process.stdin.close()
        except BrokenPipeError:  # the reader quit the pager early: nothing more to show
            pass
        status = process.wait()
    finally:
        terminal.restore()
        if previous is not None:
            _replace_handler(signal.SIGINT, previous)
    if status == -signal.SIGINT:  # the pager did not keep Ctrl-C for itself: the reader stopped everything
        raise KeyboardInterrupt
    return True


def _let_the_pager_have_it(signum: int, frame: object) -> None:
    """SIGINT while the pager runs: nothing to do here, the pager decides."""


def _replace_handler(signum: int, handler: object) -> object | None:
    """Install ``handler``; the one it replaces, or None when handlers cannot be changed (not the main thread)."""
    import signal

    try:
        return signal.signal(signum, handler)  # type: ignore[arg-type]
    except (ValueError, OSError):
        return None


class _Terminal:
    """The terminal's settings before the pager, to put back after it (when they were changed)."""

    def __init__(self) -> None:
        self.descriptor: int | None = None
        self.saved: list[Any] | None = None
        try:
            import termios

            descriptor = sys.stdout.fileno()
            self.saved = termios.tcgetattr(descriptor)
            self.descriptor = descriptor
        except ImportError:  # not a POSIX system: nothing to save
            pass
        except (termios.error, OSError, ValueError, AttributeError):  # not a terminal after all
            pass

    def restore(self) -> None:
        if self.descriptor is None or self.saved is None:
            return
        try:
            import termios

            # only in the foreground, and only when changed: a background job changing it would be stopped (SIGTTOU)
            if os.tcgetpgrp(self.descriptor) == os.getpgrp() and termios.tcgetattr(self.descriptor) != self.saved:
                termios.tcsetattr(self.descriptor, termios.TCSADRAIN, self.saved)
        except (termios.error, OSError, ValueError):
            pass
