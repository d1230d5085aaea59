"""The explorer's first screen, painted with Rich while Textual loads.

Importing Textual takes longer than everything else the explorer does before its first screen
(``python -X importtime -c "import textual.app"``: about half of it). So, as soon as the knowledge
base is loaded, this module paints the screen the app is about to show: the same boxes at the same
places (:func:`layout.geometry`), the same texts (:mod:`labels`), the same colours; only the
scrollbars are left to Textual. Then Textual loads, paints the same screen over it and takes the
keyboard: keys typed in between wait in the terminal and reach the app.

Until Textual takes over, the terminal is set as the app sets it (alternate screen, no echo, no line
editing) but Ctrl-C still sends SIGINT: it puts the terminal back and ends with 130, like every
command. No Textual here.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import shutil
import signal
import sys
import termios
from types import FrameType
from typing import Any, NamedTuple, TextIO

from rich.cells import cell_len
from rich.color import ColorSystem
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

import sosinfo
from sosinfo.explorer.catalog import Catalog
from sosinfo.explorer.labels import ListLabel, answer, fitted_title, key_bar, section_bar
from sosinfo.explorer.layout import SCROLLBAR, Geometry, geometry, placeholder

Line = list[Segment]

# the colours of the app's theme (« ansi-dark »: the terminal's own), as Textual writes them
BORDER = Style(color="cyan")
FOCUSED = Style(color="green")
HIGHLIGHTED = Style(bold=True, color="black", bgcolor="white")  # the chosen line of the focused list
CHOSEN = Style(bold=True, underline=True)  # the chosen line of a list without the focus
# what the app may have turned on, turned off again if Ctrl-C comes before it is done starting
CLEAR_LINE = "\r\x1b[K"  # back to the start of the line, erased to its end
LEAVE = "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1004l\x1b[?2004l\x1b[<u\x1b[?7h\x1b[?25h\x1b[?1049l"


def _pad(line: Line, width: int, style: Style | None = None) -> Line:
    """A line cut or filled with blanks to ``width`` cells (the blanks in ``style``)."""
    return Segment.adjust_line_length(line, width, style=style)


class Box(NamedTuple):
    width: int
    height: int
    title: str
    frame: Style  # its border's colour: focused or not
    padding: int = 0  # blanks on each side, inside the border


def _box(box: Box, body: list[Line]) -> list[Line]:
    """A rounded box of Textual's kind: « ╭─ title ───╮ », sides, « ╰───╯ »; ``body`` inside, padded."""
    width, height, title, frame, padding = box
    inner = width - 2
    top = [Segment("╭", frame), Segment("─", frame)]
    if title:
        top.append(Segment(f" {title} ", frame))
    top += [Segment("─" * max(0, inner - 1 - (cell_len(title) + 2 if title else 0)), frame), Segment("╮", frame)]
    rows = [top]
    blank = " " * padding
    for row in range(height - 2):
        line = body[row] if row < len(body) else []
        rows.append([Segment("│", frame), Segment(blank), *_pad(line, inner - 2 * padding), Segment(blank), Segment("│", frame)])
    rows.append([Segment("╰", frame), Segment("─" * inner, frame), Segment("╯", frame)])
    return rows


def _list(console: Console, items: list[RenderableType], width: int, height: int, focused: bool) -> list[Line]:
    """A list as Textual's OptionList shows it: each item at the width left by its scrollbar (its room is always
    kept: ``scrollbar-gutter: stable``), the first chosen."""
    width -= SCROLLBAR
    laid = [console.render_lines(item, console.options.update_width(width), pad=False) for item in items]
    rows: list[Line] = []
    for n, lines in enumerate(laid):
        chosen = (HIGHLIGHTED if focused else CHOSEN) if n == 0 else None
        for line in lines:
            if chosen is None:
                rows.append(_pad(line, width))
            else:
                rows.append(_pad([Segment(s.text, (s.style or Style()) + chosen) for s in line], width, chosen))
    return rows[:height]


def screen_lines(catalog: Catalog, fit: Geometry, colour: bool = True) -> list[Line]:
    """The app's first screen at a size, line by line: what Textual will paint, but for its scrollbars."""
    console = Console(
        file=io.StringIO(), width=fit.width, height=fit.height, force_terminal=True, legacy_windows=False, markup=False
    )
    section = catalog.sections[0]
    first = section.entries[0]
    search = _box(Box(fit.width, 3, "Recherche", BORDER, 1), [[Segment(placeholder(fit.width), Style(dim=True))]])
    rows = search
    if fit.narrow:
        bar, _ = section_bar([s.label for s in catalog.sections], 0, fit.width - 2)
        rows.append([Segment(" "), *_pad(list(bar.render(console)), fit.width - 2), Segment(" ")])
    inner = fit.panes - 2
    columns: list[list[Line]] = []
    if not fit.narrow:
        names: list[RenderableType] = [Text(s.label, no_wrap=True, overflow="ellipsis") for s in catalog.sections]
        listed = _list(console, names, fit.sections - 2, inner, True)
        columns.append(_box(Box(fit.sections, fit.panes, "Sections", FOCUSED), listed))
    labels: list[RenderableType] = [ListLabel(entry.shown) for entry in section.entries]
    title = fitted_title(section.titles, fit.entries)
    entries = _list(console, labels, fit.entries - 2, inner, fit.narrow)
    columns.append(_box(Box(fit.entries, fit.panes, title, FOCUSED if fit.narrow else BORDER), entries))
    text_width = fit.detail - 4 - SCROLLBAR  # borders, padding, the scrollbar's room (always kept)
    shown = console.render_lines(answer(catalog, catalog.result(first.key)), console.options.update_width(text_width), pad=False)
    body = [_pad(line, text_width) for line in shown[:inner]]
    detail_title = fitted_title((first.command,), fit.detail, command=True)
    columns.append(_box(Box(fit.detail, fit.panes, detail_title, BORDER, 1), body))
    for row in range(fit.panes):
        rows.append([segment for column in columns for segment in column[row]])
    keys, _ = key_bar(fit.width, colour)
    rows.append(_pad(list(keys.render(console)), fit.width))
    return rows


def _ansi(rows: list[Line], colour: bool) -> str:
    system = ColorSystem.STANDARD if colour else None
    out = ["\x1b[?1049h\x1b[?25l\x1b[?7l"]  # alternate screen, no cursor, no wrap at the last column
    for number, row in enumerate(rows, 1):
        out.append(f"\x1b[{number};1H")
        out += [segment.style.render(segment.text, color_system=system) if segment.style else segment.text for segment in row]
    return "".join(out)


class Shown:
    """The first screen on the terminal, until the app gives the terminal back."""

    def __init__(self, stream: TextIO, descriptor: int, attributes: list[Any]) -> None:
        self.stream = stream
        self.descriptor = descriptor
        self.attributes = attributes
        self.typed_ahead = False  # keys typed before the first screen: echoed on the shell's line, kept for the app

    def restore(self) -> None:
        """After the app: the terminal's settings as they were (the app put back those it found, ours), and the
        shell's line cleared of the keys typed ahead, that the terminal echoed there before the first screen
        (« /salariés »: the app has had them, the shell must not show them)."""
        with contextlib.suppress(termios.error):
            termios.tcsetattr(self.descriptor, termios.TCSADRAIN, self.attributes)
        if self.typed_ahead:
            self.typed_ahead = False
            with contextlib.suppress(OSError, ValueError):
                self.stream.write(CLEAR_LINE)
                self.stream.flush()

    def abandon(self) -> None:
        """The app will not start: leave the alternate screen and restore the terminal, as if nothing was shown."""
        try:
            self.stream.write(LEAVE)
            self.stream.flush()
        except (OSError, ValueError):
            pass
        self.restore()

    def _interrupted(self, signum: int, frame: FrameType | None) -> None:
        """Ctrl-C before the app has taken the terminal: put it back, then end as every command ends on it."""
        self.abandon()
        sosinfo._interrupted(signum, frame)


def _waiting(descriptor: int) -> int:
    """How many bytes of input wait to be read (a line being typed counts once line editing is off)."""
    try:
        return int.from_bytes(fcntl.ioctl(descriptor, termios.FIONREAD, bytes(4)), sys.byteorder, signed=True)
    except OSError:
        return 0


def paint(catalog: Catalog, colour: bool) -> Shown | None:
    """Paint the first screen where Textual will paint (its output, the terminal of its input); None if not."""
    stream = sys.__stderr__
    if stream is None or sys.__stdin__ is None:
        return None
    try:
        descriptor = sys.__stdin__.fileno()
        attributes = termios.tcgetattr(descriptor)
    except (OSError, ValueError, termios.error):
        return None
    fit = geometry(*shutil.get_terminal_size())
    if fit.too_small:
        return None  # the app says so itself
    frame = _ansi(screen_lines(catalog, fit, colour), colour)
    shown = Shown(stream, descriptor, attributes)
    quiet = termios.tcgetattr(descriptor)
    quiet[3] &= ~(termios.ECHO | termios.ICANON)  # keys typed now are kept for the app, not echoed over the screen
    try:
        termios.tcsetattr(descriptor, termios.TCSANOW, quiet)
        shown.typed_ahead = _waiting(descriptor) > 0  # typed while the echo was on: on the shell's line
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, shown._interrupted)
        stream.write(frame)
        stream.flush()
    except (OSError, ValueError, termios.error):
        shown.abandon()
        return None
    return shown
