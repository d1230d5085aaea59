"""The one rendering layer: typed results in, text / JSON / Markdown out.

Nothing here imports Rich at module level: JSON and Markdown never pay for it. How text looks
(width, colours, encoding) is decided once, in :func:`settings_for`, so that the same settings
always give the same output; the answer cache relies on it.
"""

from __future__ import annotations

import contextlib
import enum
import os
from typing import TYPE_CHECKING, NamedTuple, TextIO

if TYPE_CHECKING:
    from sosinfo import results
    from sosinfo.kb import model
    from sosinfo.results import Result


class OutputFormat(enum.StrEnum):
    texte = "texte"
    json = "json"
    markdown = "markdown"


FORMAT_ALIASES = {"text": "texte", "txt": "texte", "md": "markdown", "mdown": "markdown", "js": "json"}


class OutputSettings(NamedTuple):
    width: int
    terminal: bool  # write colours and styles
    encoding: str
    colour_environment: tuple[str, ...]  # TERM, COLORTERM, FORCE_COLOR: what picks the palette
    passages: bool = False  # text: list where each statement stands in its source (``--preuves``)


MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 20, 500, 80


def settings_for(stream: TextIO) -> OutputSettings:
    """How text goes to ``stream``: styled only on a terminal without NO_COLOR, at its width."""
    try:
        is_tty = stream.isatty()
    except (AttributeError, ValueError, OSError):
        is_tty = False
    environment = os.environ
    terminal = (is_tty and not environment.get("NO_COLOR") and environment.get("TERM") != "dumb") or bool(
        environment.get("FORCE_COLOR")
    )
    columns = environment.get("COLUMNS", "")
    width = int(columns) if columns.strip().isdigit() else terminal_columns(stream) or DEFAULT_WIDTH
    width = max(MIN_WIDTH, min(MAX_WIDTH, width))
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower()
    palette = tuple(environment.get(name, "") for name in ("TERM", "COLORTERM", "FORCE_COLOR"))
    return OutputSettings(width, terminal, encoding, palette)


def terminal_columns(stream: TextIO) -> int | None:
    """The width of the terminal ``stream`` writes to; in a pipe (``sosinfo chiffres | head``), the
    width of the terminal the command runs in (its stderr, its stdin, else ``/dev/tty``); None without one."""
    descriptors: list[int] = []
    with contextlib.suppress(AttributeError, ValueError, OSError):
        descriptors.append(stream.fileno())
    for descriptor in [*descriptors, 2, 0]:
        try:
            if os.isatty(descriptor):
                return os.get_terminal_size(descriptor).columns or None
        except (OSError, ValueError):
            continue
    try:
        descriptor = os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY)
    except OSError:  # no controlling terminal (a cron job, CI): the caller's default
        return None
    try:
        return os.get_terminal_size(descriptor).columns or None
    except OSError:
        return None
    finally:
        os.close(descriptor)


def render(result: Result, output_format: OutputFormat, settings: OutputSettings) -> str:
    """``result`` as the text to write."""
    if output_format is OutputFormat.json:
        from sosinfo.render.jsonout import render_json

        return render_json(result, ascii_only=not settings.encoding.replace("_", "-").startswith("utf"))
    if output_format is OutputFormat.markdown:
        from sosinfo.render.markdown import render_markdown

        return render_markdown(result)
    from sosinfo.render.terminal import render_text

    return render_text(result, settings)


# shared by the text and Markdown renderers, so both title and number the same way
def figures_title(result: results.FigureTable) -> str:
    if result.latest:
        title = "Les derniers chiffres connus du Groupe SOS"
    elif result.indicator is not None:
        title = f"{result.indicator.libelle} ({result.indicator.unite})"
    else:
        title = "Les chiffres du Groupe SOS"
    if result.year is not None:
        title += f" — {result.year}"
    return title


def conflict_marks(result: results.FigureTable) -> dict[str, str]:
    """« ⚠1 », « ⚠2 »… in the order of the conflicts listed under the table."""
    return {conflict.id: f"⚠{n}" for n, conflict in enumerate(result.conflicts, start=1)}


def approach_cited(approach: model.Approach) -> str:
    """« Source : up-conferences » or « Sources : ashoka-profil, ashoka-profil-complet, 2008 »."""
    when = "" if approach.annee is None else f", {approach.annee}"
    return f"{'Sources' if len(approach.sources) > 1 else 'Source'} : {', '.join(approach.sources)}{when}"
