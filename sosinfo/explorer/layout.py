"""Where each pane of the explorer goes at a terminal size, and its keys: one table for the app and its first screen.

Nothing here imports Textual or Rich. The Textual app sizes its panes from :func:`geometry`, and the
first screen painted before Textual is loaded (:mod:`sosinfo.explorer.firstscreen`) draws the same
boxes at the same places, so that the one replaces the other without a jump.
"""

from __future__ import annotations

from typing import NamedTuple

NARROW = 100  # at this width or less, the sections pane becomes a one-line bar above the others
MINIMUM = (60, 16)  # columns, lines: below, a notice asks to enlarge the terminal
SECTIONS_WIDTH = 17
SEARCH_HEIGHT = 3  # the search box and its border
SCROLLBAR = 2  # Textual's vertical scrollbar, in cells (its default size, set again in the app's CSS)
PLACEHOLDERS = (
    "Chercher dans toute la base (/)… ex. : combien de salariés en 2016",
    "Chercher dans toute la base (/)…",
    "Chercher (/)…",
)


class Key(NamedTuple):
    key: str  # Textual's name of the key
    action: str
    description: str  # in the footer, French
    display: str | None = None  # how the footer writes the key, when not as itself
    first: bool = False  # handled before the focused widget sees it (see the app's action for « / »)


# in the footer in this order: what matters most first, for a narrow footer is cut on the right
KEYS = (
    Key("slash", "focus_search", "Chercher", "/", first=True),
    Key("question_mark", "help", "Aide", "?"),
    Key("q", "quit", "Quitter"),
    Key("c", "copy_command", "Commande"),
    Key("s", "show_sources", "Sources"),
    Key("l", "show_links", "Liens"),
    Key("y", "copy_markdown", "Markdown"),
    Key("escape", "go_back", "Retour", "Échap"),
)


class Geometry(NamedTuple):
    width: int
    height: int
    narrow: bool  # the sections on one line (the bar) instead of their pane
    too_small: bool  # below the minimum: a notice, no panes
    sections: int  # width of the sections pane (0 when narrow)
    entries: int  # width of the entries pane
    detail: int  # width of the answer pane
    panes: int  # height of the three panes

    @property
    def top(self) -> int:
        """The first line of the panes."""
        return SEARCH_HEIGHT + (1 if self.narrow else 0)


def geometry(width: int, height: int) -> Geometry:
    """The panes at a terminal size: all in cells, so that the app and the first screen agree to the cell."""
    narrow = width <= NARROW
    too_small = width < MINIMUM[0] or height < MINIMUM[1]
    if narrow:
        sections = 0
        entries = min(36, max(22, round(width * 0.38)))
    else:
        sections = SECTIONS_WIDTH
        entries = min(44, max(20, (width - sections) // 3))
    detail = max(0, width - sections - entries)
    panes = max(0, height - SEARCH_HEIGHT - 1 - (1 if narrow else 0))  # the footer: one line
    return Geometry(width, height, narrow, too_small, sections, entries, detail, panes)


def placeholder(width: int) -> str:
    """The search box's hint that fits in a box ``width`` cells wide (its border and padding take 4)."""
    room = width - 4
    return next((text for text in PLACEHOLDERS if len(text) <= room), PLACEHOLDERS[-1])


def browse_hint(narrow: bool) -> str:
    """What to do when a search finds nothing: other words, or the sections, where this layout puts them."""
    where = "sur la barre du haut (← →)" if narrow else "à gauche"
    return f"Essayez d'autres mots, ou parcourez les sections {where}."


def too_small_lines(width: int, height: int) -> tuple[str, str, str]:
    """The notice of a terminal below the minimum: what it is, what to do, the way out."""
    return (
        f"Terminal trop petit : {width}\u00a0×\u00a0{height}.",
        f"Agrandissez le terminal à au moins {MINIMUM[0]} colonnes sur {MINIMUM[1]} lignes pour explorer la base,"
        " ou utilisez les commandes : sosinfo faq 7, sosinfo recherche …",
        "q : quitter",
    )
