"""Tables that fit the width without ever splitting a word.

Rich shrinks a too-wide table by cutting its widest columns, even inside a word (« Établisseme /
nts »). Here the widths are chosen first, from what each column needs: at least its longest
word, at most its longest line. When even the longest words do not fit side by side, the
optional columns go first (their text is stacked under the first cell, dimmed, each on an
indented line that says which column it comes from: « terme de la source : « … » »); when the
required ones still do not fit, every row becomes a short block of lines.

Text given to these helpers is already typeset (see :func:`sosinfo.render.terminal.text`):
a thin non-breaking space is a placeholder character there, so that it is part of a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

GAP = 2  # right padding and separator between two columns


@dataclass(frozen=True)
class Column:
    header: str
    justify: str = "left"
    style: str = ""
    wrap: bool = True  # False: never wrapped (a value, a year)
    drop: int = 0  # 0: always shown; otherwise dropped first when larger (source term 2, then source 1)
    label: str = ""  # how a dropped column's text is introduced under the row (« terme de la source »)

    def moved(self, cell: Text) -> Text:
        """``cell`` as a line under its row: introduced by the column's label, dimmed."""
        line = Text(f"{self.label}\u202f: ", style="dim") if self.label else Text("", style="dim")  # never « : » alone
        line.append_text(cell)
        line.stylize("dim")
        return line


def _longest_word(text: Text) -> int:
    return max((cell_len(word) for line in text.plain.split("\n") for word in line.split()), default=0)


def _longest_line(text: Text) -> int:
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def widths(columns: list[Column], rows: list[list[Text]], available: int, under_first: Sequence[Text] = ()) -> list[int] | None:
    """Column widths that fit ``available`` cells without splitting a word, or None.

    ``under_first``: lines set under the first cell, indented by :data:`INDENT` (every wrapped line of
    them too): the first column must hold their longest word, indent included.
    """
    minimum, maximum = [], []
    for index, column in enumerate(columns):
        cells = [row[index] for row in rows] + [Text(column.header)]
        longest = max(_longest_line(cell) for cell in cells)
        shortest = longest if not column.wrap else max(_longest_word(cell) for cell in cells)
        if index == 0 and under_first:
            longest = max(longest, INDENT + max(_longest_line(line) for line in under_first))
            shortest = max(shortest, INDENT + max(_longest_word(line) for line in under_first))
        maximum.append(max(longest, 1))
        minimum.append(max(shortest, 1))
    room = available - GAP * (len(columns) - 1)
    if sum(maximum) <= room:
        return maximum
    if sum(minimum) > room:
        return None
    chosen = list(minimum)
    spare = room - sum(minimum)
    # water-filling: equal shares, capped by what each column can use; short columns are served whole
    hungry = [i for i in range(len(columns)) if maximum[i] > chosen[i]]
    while spare > 0 and hungry:
        share = max(1, spare // len(hungry))
        for index in sorted(hungry, key=lambda i: maximum[i] - chosen[i]):
            give = min(share, maximum[index] - chosen[index], spare)
            chosen[index] += give
            spare -= give
        hungry = [i for i in hungry if maximum[i] > chosen[i]]
    return chosen


def _table(
    title: Text | None, columns: list[Column], rows: Sequence[Sequence[RenderableType]], sizes: list[int]
) -> RenderableType:
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        collapse_padding=False,
    )
    for column, size in zip(columns, sizes, strict=True):
        table.add_column(column.header, justify=column.justify, style=column.style, width=size, no_wrap=not column.wrap)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*row)
    return Group(title, table) if title is not None else table  # a title above, wrapped at the full width


INDENT = 2  # a line moved under its row starts this far in, and so do its wrapped lines


def _moved_lines(columns: list[Column], row: list[Text], dropped: list[int]) -> list[Text]:
    return [columns[i].moved(row[i]) for i in dropped if row[i].plain]


def _stacked(columns: list[Column], rows: list[list[Text]], kept: list[int]) -> list[list[RenderableType]]:
    """Rows with only the ``kept`` columns; each other column's text on its own indented line under the first cell."""
    dropped = [i for i in range(1, len(columns)) if i not in kept]
    out: list[list[RenderableType]] = []
    for row in rows:
        moved = _moved_lines(columns, row, dropped)
        first: RenderableType = Group(row[0], *(Padding(line, (0, 0, 0, INDENT)) for line in moved)) if moved else row[0]
        out.append([first] + [row[i] for i in kept if i != 0])
    return out


def fitted(title: Text | None, columns: list[Column], rows: list[list[Text]], available: int) -> RenderableType:
    """A table of ``rows`` that fits ``available`` cells, or the rows as blocks when none does."""
    sizes = widths(columns, rows, available)
    if sizes is not None:
        return _table(title, columns, rows, sizes)
    droppable = sorted((c.drop, i) for i, c in enumerate(columns) if c.drop)
    kept = list(range(len(columns)))
    for _, index in reversed(droppable):  # the highest ``drop`` goes first
        kept.remove(index)
        kept_columns = [columns[i] for i in kept]
        dropped = [i for i in range(1, len(columns)) if i not in kept]
        under = [line for row in rows for line in _moved_lines(columns, row, dropped)]
        sizes = widths(kept_columns, [[row[i] for i in kept] for row in rows], available, under)
        if sizes is not None:
            return _table(title, kept_columns, _stacked(columns, rows, kept), sizes)
    return blocks(title, columns, rows)


def blocks(title: Text | None, columns: list[Column], rows: list[list[Text]]) -> RenderableType:
    """Each row as a block: its first cell in bold, the required cells, then the optional ones dimmed
    (each labelled one on its own line)."""
    parts: list[RenderableType] = [title] if title is not None else []
    previous = None
    for row in rows:
        head = row[0].copy()
        head.stylize("bold")
        lines: list[RenderableType] = [head] if head.plain != previous else []  # « Salariés » once for its series
        previous = head.plain
        required = [row[i] for i, c in enumerate(columns) if i and not c.drop and row[i].plain]
        unlabelled = [row[i] for i, c in enumerate(columns) if i and c.drop and not c.label and row[i].plain]
        labelled = [c.moved(row[i]) for i, c in enumerate(columns) if i and c.drop and c.label and row[i].plain]
        if required:
            lines.append(Padding(Text(" · ").join(required), (0, 0, 0, INDENT)))
        if unlabelled:
            lines.append(Padding(Text(" · ", style="dim").join(unlabelled), (0, 0, 0, INDENT), style="dim"))
        lines += [Padding(line, (0, 0, 0, INDENT)) for line in labelled]
        parts.append(Group(*lines))
    return Group(*parts)
