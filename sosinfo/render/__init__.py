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

from sosinfo.text import whole_number

if TYPE_CHECKING:
    from sosinfo import results
    from sosinfo.kb import model
    from sosinfo.results import Result


class OutputFormat(enum.StrEnum):
    texte = "texte"
    json = "json"
    markdown = "markdown"
    csv = "csv"  # the answers that are a table (``contract.table``)


FORMAT_ALIASES = {"text": "texte", "txt": "texte", "md": "markdown", "mdown": "markdown", "js": "json"}


class Colour(enum.StrEnum):
    """``--couleur``: ``auto`` follows the output (a terminal), ``NO_COLOR`` and ``FORCE_COLOR``; the
    other two win over them, as ``--color`` does in gh and ripgrep."""

    auto = "auto"
    toujours = "toujours"
    jamais = "jamais"


COLOUR_ALIASES = {"always": "toujours", "never": "jamais", "oui": "toujours", "non": "jamais"}


class OutputSettings(NamedTuple):
    width: int
    terminal: bool  # write colours and styles
    encoding: str
    colour_environment: tuple[str, ...]  # TERM, COLORTERM, FORCE_COLOR: what picks the palette
    passages: bool = False  # text: list where each statement stands in its source (``--preuves``)


MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 20, 500, 80


def settings_for(stream: TextIO, colour: Colour = Colour.auto) -> OutputSettings:
    """How text goes to ``stream``: at its width; styled as ``colour`` says, by default only on a
    terminal (not a dumb one), without ``NO_COLOR``, or when ``FORCE_COLOR`` asks for it."""
    try:
        is_tty = stream.isatty()
    except (AttributeError, ValueError, OSError):
        is_tty = False
    environment = os.environ
    if colour is Colour.auto:
        terminal = (is_tty and not environment.get("NO_COLOR") and environment.get("TERM") != "dumb") or bool(
            environment.get("FORCE_COLOR")
        )
    else:
        terminal = colour is Colour.toujours
    columns = whole_number(environment.get("COLUMNS", ""), 5)  # « ² » or 5 000 digits: no width
    width = columns if columns is not None else terminal_columns(stream) or DEFAULT_WIDTH
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
    if output_format is OutputFormat.csv:
        from sosinfo.render.csvout import render_csv

        return render_csv(result)
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


def conflict_marks(result: results.FigureTable | results.ConflictList) -> dict[str, str]:
    """« ⚠1 », « ⚠2 »…: a conflict's number in the base, so one conflict has one mark in every answer."""
    return {c.id: f"⚠{result.numbers[c.id]}" if c.id in result.numbers else "⚠" for c in result.conflicts}


def approach_cited(approach: model.Approach) -> str:
    """« Source : up-conferences » or « Sources : ashoka-profil, ashoka-profil-complet, 2008 »."""
    when = "" if approach.annee is None else f", {approach.annee}"
    return f"{'Sources' if len(approach.sources) > 1 else 'Source'} : {', '.join(approach.sources)}{when}"


LINKED_BY_SOSINFO = "rapprochement fait par sosinfo"  # a testimonial's value that the person does not name


def headcount(node: model.GovernanceNode) -> str:
    """« 9 membres », or « 10 membres, calcul de sosinfo » for a count the source does not state."""
    count = node.effectif or 0
    shown = f"{count} membre{'s' if count > 1 else ''}"
    return shown if node.effectif_precision == "exacte" else f"{shown}, calcul de sosinfo"


def about_text(about: results.About) -> str:
    """``sosinfo --version``, in French: one fact a line, data made safe to show."""
    from sosinfo.text import display, printable

    base = "la base intégrée" if about.bundled else f"la base de {printable(about.directory, 200)}"
    lines = [
        f"sosinfo {about.version}",
        f"Contrat JSON : version {about.contract}",
        f"Base de connaissances : {base}, {about.records} entrées",
    ]
    if about.newest is not None:
        newest = about.newest
        lines.append(f"Source la plus récente : « {newest.titre} » ({newest.date}, {newest.id})")
    return "\n".join(display(line) for line in lines) + "\n"


def timeline_title(result: results.Timeline) -> str:
    """« Chronologie », « Chronologie — 2016 » (one year), « Chronologie (2005 – 2012) »."""
    since, until = result.since, result.until
    if since is not None and since == until:
        return f"Chronologie — {since}"
    if since is None and until is None:
        return "Chronologie"
    return f"Chronologie ({since or '…'} – {until or '…'})"


def associations_title(count: int) -> str:
    """The title counts what it shows: « Les 8 associations-fondatrices (métiers) », « L'association-fondatrice (métier) »."""
    return f"Les {count} associations-fondatrices (métiers)" if count > 1 else "L'association-fondatrice (métier)"


def forms_title(count: int) -> str:
    return f"Les {count} formes d'activité" if count > 1 else "La forme d'activité"


def export_origin(count: int) -> str:
    """Under the title of the exported document: how many sources it comes from, counted."""
    plural = "s" if count > 1 else ""
    return f"Document produit par sosinfo à partir de {count} source{plural} publique{plural}."


RANKINGS_TITLE = "Classements (rang selon la FAQ, dans le domaine indiqué)"
NO_RANKING = "Classements : aucun ne concerne ce métier dans la FAQ."


def source_address(source: model.Source) -> str:
    """Where to find a source, said plainly when its address is not known."""
    if source.adresse:
        return f"Adresse de la page : {source.adresse}"
    return "Adresse de la page : inconnue (le document ne donne pas la sienne)"
