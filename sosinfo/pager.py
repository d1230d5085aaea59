"""Long answers through a pager on a terminal, as git and gh do.

The pager is ``$SOSINFO_PAGER``, else ``$PAGER``, else ``less -FRX`` (``-F``: no pager when the
text fits the screen, ``-R``: colours, ``-X``: the text stays on screen after quitting). Never
when stdout is not a terminal, never with ``--no-pager`` or an empty ``SOSINFO_PAGER``.
"""

from __future__ import annotations

import os
import sys

PAGER_VARIABLE = "SOSINFO_PAGER"
DEFAULT_PAGER = "less -FRX"


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
    """Show ``text`` through the pager; False when no pager could run (the caller writes it)."""
    if not sys.stdout.isatty():
        return False
    try:  # an answer that fits on the screen is written as is: no process to start
        if text.count("\n") < os.get_terminal_size(sys.stdout.fileno()).lines:
            return False
    except (OSError, ValueError):
        pass
    command = pager_command()
    if command is None:
        return False
    import subprocess

    from sosinfo.text import register_transliteration

    encoding = sys.stdout.encoding or "utf-8"
    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")
    if encoding.lower().replace("_", "-").startswith("utf"):
        environment.setdefault("LESSCHARSET", "utf-8")
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
    try:
        process.wait()
    except KeyboardInterrupt:
        process.wait()
    return True
