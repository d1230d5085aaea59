"""``sosinfo explorer``: browse and search the whole knowledge base in the terminal (Textual).

Importing this package costs nothing: Textual is imported by :func:`launch` only, once the
terminal and the knowledge base have been checked, so no other command ever pays for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

PLAIN_COMMANDS = (
    'Hors d\'un terminal, utilisez les commandes : sosinfo faq 7 · sosinfo recherche "patrimoine immobilier" · '
    "sosinfo export (toute la base) · sosinfo --help (la liste)."
)


def terminal_problem(stdin: TextIO, stdout: TextIO, environment: Mapping[str, str]) -> str | None:
    """Why the explorer cannot run here (in French), or None on an interactive terminal."""

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
    return None


def launch(data_dir: Path | None) -> None:
    """Check the terminal, then the knowledge base, then run the explorer until the user quits."""
    from sosinfo import app
    from sosinfo.errors import UsageError

    problem = terminal_problem(sys.stdin, sys.stdout, os.environ)
    if problem is not None:
        raise UsageError(f"« sosinfo explorer » a besoin d'un terminal interactif : {problem}.", hint=PLAIN_COMMANDS)
    data = app.dataset(data_dir)
    kb, _ = app.knowledge(data)  # a broken base stops here with the verifier's message, before any screen
    from sosinfo.explorer.catalog import Catalog
    from sosinfo.explorer.ui import Explorer

    Explorer(Catalog(kb), lambda: app.search_store(data)).run()


def quick_launch() -> bool:
    """``sosinfo explorer`` with nothing after it, started without Typer (about a fifth of its start-up).

    True once the explorer has run. False, before any screen, when there is something to say (not a
    terminal, a broken base, anything unexpected): the ordinary command line then meets it again and
    says it, with the same words and exit code as ever.
    """
    try:
        from sosinfo import app

        if terminal_problem(sys.stdin, sys.stdout, os.environ) is not None:
            return False
        data = app.dataset(None)
        kb, _ = app.knowledge(data)
        from sosinfo.explorer.catalog import Catalog
        from sosinfo.explorer.ui import Explorer

        explorer = Explorer(Catalog(kb), lambda: app.search_store(data))
    except Exception:  # noqa: BLE001 - reported by the ordinary path, which runs the same steps again
        return False
    explorer.run()
    return True
