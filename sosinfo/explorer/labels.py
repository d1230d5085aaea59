"""What the explorer's panes show, fitted to their width: whole words, never half a word.

The answer (the text renderer, its commands linked), the lists, the section bar, the keys, the
titles. Rich only (no Textual): the app and its first screen show the same things with it. Every text
here comes in as a plain string and goes out as a Rich ``Text``: data is never read as markup.
Only ordinary spaces break a line (French typography glues « 15 000 » and « subventions ? » with
no-break spaces); a word wider than its line breaks after a hyphen (« associations- / fondatrices »),
and is cut with « … » only when even its parts do not fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from sosinfo.explorer.catalog import Catalog, Detail, Label
from sosinfo.explorer.layout import KEYS
from sosinfo.render import MIN_WIDTH, OutputSettings
from sosinfo.render.terminal import UNGLUE, renderables
from sosinfo.render.terminal import text as typeset
from sosinfo.results import Result
from sosinfo.text import display

# the renderer's own settings; the width only sizes bar charts, the pane wraps the rest
SETTINGS = OutputSettings(width=80, terminal=True, encoding="utf-8", colour_environment=())
Links = Sequence[tuple[str, str]]  # (the command a link is written as, the entry it opens)
Above = Callable[[OutputSettings], list[RenderableType]]  # what is shown above an entry (a direct answer), at a width
ELLIPSIS = "…"
TITLE_FRAME = 6  # « ╭─ title ─╮ »: a border title's corners, and a line and a blank on each side
BREAKS = re.compile(r"[ \t\n\r]+")


def _words(value: str) -> list[str]:
    """The words of a text: only ordinary spaces (and line breaks) separate them, never a no-break space."""
    return [word for word in BREAKS.split(value) if word]


def _split(word: str, room: int) -> tuple[str, str]:
    """The longest start of a hyphenated word that fits in ``room`` cells, ending with its hyphen, and the rest."""
    head = ""
    for position, character in enumerate(word[:-1]):
        if character == "-" and cell_len(word[: position + 1]) <= room:
            head = word[: position + 1]
    return head, word[len(head) :]


def cut(value: str, cells: int) -> str:
    """``value`` in at most ``cells`` cells, its end replaced by « … » when it is longer (a last resort)."""
    if cell_len(value) <= cells:
        return value
    kept = value
    while kept and cell_len(kept) + 1 > cells:
        kept = kept[:-1]
    return kept + ELLIPSIS if cells > 0 else ""


def wrap(value: str, width: int, first: int | None = None, lines: int | None = None) -> list[str]:
    """``value`` in lines of ``width`` cells (the first of ``first``), breaking only between words.

    With ``lines``, the text stops there and its last line ends with « … » after a whole word.
    """
    first = width if first is None else first
    out: list[str] = []
    line = ""
    stopped = False  # a word no line holds, in a text that may stop: it stops before that word
    for each in _words(value):
        word = each
        while word and not stopped:
            room = first if not out else width
            if line:
                if cell_len(f"{line} {word}") <= room:
                    line, word = f"{line} {word}", ""
                    continue
                head = ""
                if cell_len(word) > width:  # too wide for any line: « associations- » may end this one
                    head, word = _split(word, room - cell_len(line) - 1)
                out.append(f"{line} {head}" if head else line)
                line = ""
            elif cell_len(word) <= room:
                line, word = word, ""
            elif room < width and (room <= 0 or cell_len(word) <= width or not _split(word, room)[0]):
                out.append("")  # a first line too narrow for the word (after a prefix): it starts the next one
            else:
                head, word = _split(word, room)
                stopped = not head and lines is not None and any(out)
                out += [] if stopped else [head or cut(word, room)]  # no part fits: the word is cut, a last resort
                word = word if head else ""
    if line or not out:
        out.append(line)
    if lines is not None and not out[0] and len(out) > 1:
        lines += 1  # a first line left to the prefix (no word fits after it) holds none of the text's lines
    if lines is not None and (len(out) > lines or stopped):
        out = out[:lines]
        while (ended := _ended(out[-1], width if len(out) > 1 else first)) is None and any(out[:-1]):
            out.pop()  # no whole word fits before « … » on the last line: the text stops after the line before
        # one word, cut (after its hyphen if it has one): a last resort, never « … » alone
        out[-1] = ended if ended is not None else cut(out[-1] + ELLIPSIS, width if len(out) > 1 else first)
    return out


def _ended(line: str, width: int) -> str | None:
    """A line the text goes on after, ended by « … » right after its last whole word that leaves room (None: none does)."""
    words = _words(line)
    while words and (words[-1].endswith("-") or cell_len(" ".join(words) + ELLIPSIS) > width):
        words.pop()
    return " ".join(words) + ELLIPSIS if words else None


class ListLabel:
    """An entry of a list (:class:`Label`): its title in at most ``title_lines`` lines (None: all of it), then its detail.

    The title and its detail share one line when they fit (« Salariés : 15 000 (2016) »); otherwise the
    detail has lines of its own: the value, then its year on the same line or the next one; neither is
    ever dropped. Lines after the first are indented under the title (deeper than an indented title).
    """

    def __init__(self, label: Label, prefix_style: str = "") -> None:
        self.title, self.prefix = display(label.title), display(label.prefix)
        self.detail = Detail(display(label.detail.value), display(label.detail.when)) if label.detail else None
        self.title_lines = label.title_lines
        self.prefix_style = prefix_style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.fit(options.max_width)

    def lines(self, width: int) -> list[str]:
        """The label as plain lines at ``width`` (what :meth:`fit` shows, without its styles)."""
        return self.fit(width).plain.split("\n")

    def _hang(self, width: int) -> int:
        """How far lines after the first are indented: under the title after a short prefix (« 13. »), a
        little after a long one (« [Chiffre] », « 1984 — »); one cell deeper than an indented title (a node
        of a tree, two cells a level): never at a node's depth, where a line would read as another node."""
        if not self.prefix.strip():
            return min(cell_len(self.prefix) + 1, max(0, width - 1))
        return min(cell_len(self.prefix) if cell_len(self.prefix) <= 4 else 2, width // 4)

    def fit(self, width: int) -> Text:
        width = max(1, width)
        head = cell_len(self.prefix)
        hang = self._hang(width)
        label = Text(no_wrap=True, overflow="ignore")
        detail = self.detail
        if detail is not None and head + cell_len(f"{self.title}\u202f: {detail.value} {detail.note}") <= width:
            label.append(self.prefix, style=self.prefix_style)
            label.append(f"{self.title}\u202f: ")
            label.append(detail.value, style="bold")
            label.append(f" {detail.note}")
            return label
        if head >= width:
            title_lines = wrap(self.title, width - hang, 0, self.title_lines)[1:]  # the prefix fills the first line
            lines = [cut(self.prefix, width), *(" " * hang + line for line in title_lines)]
            label.append(lines[0], style=self.prefix_style)
            lines = lines[1:]
        else:
            wrapped = wrap(self.title, width - hang, width - head, self.title_lines)
            label.append(self.prefix, style=self.prefix_style)
            label.append(wrapped[0])
            lines = [" " * hang + line for line in wrapped[1:]]
        for line in lines:
            label.append("\n" + line)
        if detail is not None:  # the value, whole words; its year after it on its line, else on a line of its own,
            room = max(1, width - hang)  # else (too long for one) from the value's line on: never dropped
            values = wrap(detail.value, room)
            after = room - cell_len(values[-1]) - 1
            note = detail.note
            if cell_len(note) <= room:
                notes = [note] if cell_len(note) <= after else ["", note]
            else:
                notes = wrap(note, room, max(0, after))
            for line in values:
                label.append("\n" + " " * hang)
                label.append(line, style="bold")
            if notes[0]:
                label.append(f" {notes[0]}")
            for line in notes[1:]:
                label.append("\n" + " " * hang + line)
        return label


def shorten_command(command: str, cells: int) -> str:
    """A command in ``cells`` cells, whole words only: « sosinfo chiffres … salaries », shortened from the middle.

    The first word and the last (what the command is about) are kept as long as they fit.
    """
    if cell_len(command) <= cells:
        return command
    words = _words(command)
    n = len(words)
    for kept in range(n - 1, 1, -1):  # as many words as fit, the last ones first
        for tail in range(kept - 1, 0, -1):
            shown = " ".join([*words[: kept - tail], ELLIPSIS, *words[n - tail :]])
            if cell_len(shown) <= cells:
                return shown
    return shorten_end(command, cells)


def fitted_title(forms: tuple[str, ...], width: int, command: bool = False) -> str:
    """A pane's title for a border ``width`` cells wide: the first of ``forms`` that fits (longest first),
    else the last one shortened, whole words: a command from its middle, a title by its end."""
    room = width - TITLE_FRAME
    fitting = next((form for form in forms if cell_len(form) <= room), None)
    if fitting is not None:
        return fitting
    return (shorten_command if command else shorten_end)(forms[-1], room)


def shorten_end(value: str, cells: int) -> str:
    """A title in ``cells`` cells: its first whole words, then « … »."""
    if cell_len(value) <= cells:
        return value
    return _ended(value, cells) or cut(value, cells)


class Linked:
    """A renderable whose written commands (« sosinfo faq 4 ») are clickable links to their entry.

    ``layout`` gives what to show at a width: the answer pane lays its entry out at its own width, and
    again when that width changes (a resize), with nothing to repaint. The lines are kept per width:
    Textual measures the height (no height given), then paints (with that height), at the same width.
    """

    def __init__(self, layout: Callable[[int], RenderableType], links: Links) -> None:
        self.layout = layout
        self.targets = dict(links)  # the command each link is written as -> the entry it opens
        # where the answer writes them: each command whole (« sosinfo faq 1 » is not in « sosinfo faq 11 »), longest first
        spelled = sorted(self.targets, key=len, reverse=True)
        self._written = re.compile("|".join(re.escape(command) + r"(?![\w-])" for command in spelled)) if spelled else None
        self._lines: dict[int, list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self._lines.get(options.max_width)
        if lines is None:
            rendered = [
                [Segment(segment.text.translate(UNGLUE), segment.style, segment.control) for segment in line]
                for line in console.render_lines(self.layout(options.max_width), options.update(height=None), pad=False)
            ]
            lines = self._lines[options.max_width] = [self._link(line) for line in rendered]
        if options.height is not None:  # as Rich would: cut to the height, or filled with blank lines
            lines = lines[: options.height] + [[Segment(" " * options.max_width)]] * (options.height - len(lines))
        newline = Segment.line()
        for line in lines:
            yield from line
            yield newline

    def _link(self, line: list[Segment]) -> list[Segment]:
        text = "".join(segment.text for segment in line)
        if self._written is None or "sosinfo" not in text:
            return line
        links = [  # in cells, as Segment.divide cuts
            (cell_len(text[: m.start()]), cell_len(text[: m.end()]), self.targets[m.group()])
            for m in self._written.finditer(text)
        ]
        if not links:
            return line
        cuts = sorted({n for start, end, _ in links for n in (start, end)} | {cell_len(text)})
        linked: list[Segment] = []
        position = 0
        for piece, end in zip(Segment.divide(line, cuts), cuts, strict=False):
            key = next((k for s, e, k in links if s <= position < e), None)
            if key is None:
                linked += piece
            else:
                link = Style(underline=True, meta={"@click": ("app.open_link", (key,))})
                linked += Segment.apply_style(piece, post_style=link)
            position = end
        return linked


def link_line(label: str, command: str) -> Linked:
    """A link as the list of links shows it: « label  (sosinfo faq 3) » on one line when it fits, else the
    command on a line of its own; a command is never broken between two lines."""

    def laid_out(width: int) -> RenderableType:
        whole = f"{label}  ({command})"
        if cell_len(whole) <= width:
            return typeset(whole)
        shown = typeset(label)
        shown.append("\n")
        shown.append_text(typeset(f"({command})" if cell_len(command) + 2 <= width else command))
        return shown

    return Linked(laid_out, [])


def answer(catalog: Catalog, result: Result, top: Above | None = None, top_links: Links = ()) -> Linked:
    """An entry as the answer pane shows it: the text renderer at the pane's width (its tables stack their
    columns as on a narrow terminal), ``top`` above it; the links of the result (and ``top_links``, those
    of ``top``) clickable where the answer writes them."""

    def laid_out(width: int) -> RenderableType:
        settings = SETTINGS._replace(width=max(MIN_WIDTH, width))
        return Group(*(top(settings) if top else []), *renderables(result, settings))

    return Linked(laid_out, [*catalog.links_for(result), *top_links])


class Hot(NamedTuple):
    """A part of a one-line bar that a click acts on."""

    start: int  # its first cell
    end: int
    action: str  # the app's action: « open_section(2) », « help »


def section_bar(names: Sequence[str], current: int, width: int, focused: bool = False) -> tuple[Text, list[Hot]]:
    """The sections on one line, the current one highlighted and always in view; « ‹ » « › » where more are hidden.

    Returns the line and where each visible name is (for a click).
    """
    gap = "  "
    first = last = current
    used = cell_len(names[current])

    def room(left: int, right: int) -> int:
        return width - (2 if left > 0 else 0) - (2 if right < len(names) - 1 else 0)

    while True:  # grow the window one name at a time, right first, while it fits
        grown = False
        for side in (1, -1):
            if side == 1 and last + 1 < len(names):
                wider = used + len(gap) + cell_len(names[last + 1])
                if wider <= room(first, last + 1):
                    last, used, grown = last + 1, wider, True
            elif side == -1 and first > 0:
                wider = used + len(gap) + cell_len(names[first - 1])
                if wider <= room(first - 1, last):
                    first, used, grown = first - 1, wider, True
        if not grown:
            break
    bar = Text(no_wrap=True, overflow="ellipsis")
    tabs: list[Hot] = []
    if first > 0:
        bar.append("‹ ", style="dim")
    for index in range(first, last + 1):
        if index > first:
            bar.append(gap)
        start = bar.cell_len
        name = names[index] if cell_len(names[index]) <= width else cut(names[index], width)
        style = ("bold reverse" if focused else "bold underline") if index == current else ""
        bar.append(name, style=style)
        tabs.append(Hot(start, bar.cell_len, f"open_section({index})"))
    if last < len(names) - 1:
        bar.append(" " * max(1, width - bar.cell_len - 1))
        bar.append("›", style="dim")
    return bar, tabs


def key_bar(width: int, colour: bool = True) -> tuple[Text, list[Hot]]:
    """The keys on one line (« / Chercher ? Aide q Quitter… »), as many whole ones as fit, the first ones first.

    Returns the line and where each key is, with its action (for a click). Without colour (NO_COLOR),
    the keys are bold only: Textual's greys would make magenta unreadable.
    """
    bar = Text(no_wrap=True, overflow="crop")
    spans: list[Hot] = []
    for key in KEYS:
        shown = key.display or key.key
        item = cell_len(shown) + 1 + cell_len(key.description) + 1
        if bar.cell_len + item - 1 > width:  # the trailing blank may fall off the edge
            break
        start = bar.cell_len
        bar.append(shown, style="bold magenta" if colour else "bold")
        bar.append(f" {key.description} ")
        spans.append(Hot(start, bar.cell_len, key.action))
    return bar, spans
