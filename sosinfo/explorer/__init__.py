"""``sosinfo explorer``: browse and search the whole knowledge base in the terminal (Textual).

Importing this package costs nothing: Textual is imported by :func:`launch` only, once the
terminal and the knowledge base have been checked, so no other command ever pays for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sosinfo import EXIT_INTERRUPTED, answer_ctrl_c

if TYPE_CHECKING:
    from sosinfo.app import DataSet
    from sosinfo.explorer.firstscreen import Shown
    from sosinfo.explorer.ui import Explorer

PLAIN_COMMANDS = (
    'Hors d\'un terminal, utilisez les commandes : sosinfo faq 7 · sosinfo recherche "patrimoine immobilier" · '
    "sosinfo export (toute la base) · sosinfo --help (la liste)."
)


def terminal_problem(stdin: TextIO, stdout: TextIO, environment: Mapping[str, str], stderr: TextIO | None = None) -> str | None:
    """Why the explorer cannot run here (in French), or None on an interactive terminal.

    Textual draws on the error output: it must be the terminal too.
    """

    def is_tty(stream: TextIO) -> bool:
        try:
            return stream.isatty()
        except (AttributeError, ValueError, OSError):
            return False

    if environment.get("CI", "").lower() not in ("", "0", "false", "no"):
        return "on est en intégration continue (CI)"
    if environment.get("TERM", "") == "dumb":
        return "le terminal est « dumb » (TERM=dumb)"
    if not is_tty(stdout):
        return "la sortie n'est pas un terminal (redirigée ou dans un tube)"
    if not is_tty(stdin):
        return "l'entrée n'est pas un terminal"
    if stderr is not None and not is_tty(stderr):
        return "la sortie d'erreur n'est pas un terminal (redirigée), or l'explorateur s'y affiche"
    return None


def launch(data_dir: Path | None) -> None:
    """Check the terminal, then the knowledge base, then run the explorer until the user quits."""
    from sosinfo import app
    from sosinfo.errors import UsageError

    problem = terminal_problem(sys.stdin, sys.stdout, os.environ, sys.stderr)
    if problem is not None:
        raise UsageError(f"« sosinfo explorer » a besoin d'un terminal interactif : {problem}.", hint=PLAIN_COMMANDS)
    run(*_start(app.dataset(data_dir)))


def _start(data: DataSet) -> tuple[Explorer, Shown | None]:
    """Load the base (a broken one stops here, before any screen), paint the first screen, load Textual."""
    from sosinfo import app
    from sosinfo.explorer.catalog import Catalog
    from sosinfo.explorer.firstscreen import paint

    kb, _ = app.knowledge(data)
    catalog = Catalog(kb)
    for variable in ("COLUMNS", "LINES"):  # the app fills the terminal; Rich, under Textual, fails on « ² »
        value = os.environ.get(variable)
        if value is not None and not (value.isascii() and value.isdigit()):
            del os.environ[variable]
    shown = paint(catalog, colour="NO_COLOR" not in os.environ)
    try:
        from sosinfo.explorer.ui import Explorer

        return Explorer(catalog, lambda: app.search_store(data)), shown
    except BaseException:
        if shown is not None:
            shown.abandon()
        raise


def run(explorer: Explorer, shown: Shown | None = None) -> None:
    """Run the explorer until the user quits: ``q`` ends it with 0, Ctrl-C as every command ends on it.

    Ctrl-C is a key inside the app (the terminal is in raw mode) and SIGINT a signal: both end it with
    :class:`KeyboardInterrupt` here, after Textual has given the terminal back, which the command line
    turns into « Interrompu. » and code 130.
    """
    try:
        explorer.run()
    finally:
        if shown is not None:
            shown.restore()  # Textual put back the settings it found: those of the first screen
        answer_ctrl_c()  # the event loop put Python's own handler back when it closed
    code = explorer.return_code or 0
    if code == EXIT_INTERRUPTED:
        raise KeyboardInterrupt
    if code:  # Textual has shown what went wrong
        raise SystemExit(code)


def quick_launch() -> bool:
    """``sosinfo explorer`` with nothing after it, started without Typer (about a fifth of its start-up).

    True once the explorer has run. False, before any screen, when there is something to say (not a
    terminal, a broken base, anything unexpected): the ordinary command line then meets it again and
    says it, with the same words and exit code as ever.
    """
    try:
        from sosinfo import app

        if terminal_problem(sys.stdin, sys.stdout, os.environ, sys.stderr) is not None:
            return False
        started = _start(app.dataset(None))
    except Exception:  # noqa: BLE001 - reported by the ordinary path, which runs the same steps again
        return False
    try:
        run(*started)
    except KeyboardInterrupt:
        sys.stderr.write("Interrompu.\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    return True
