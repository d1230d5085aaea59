"""Tables that fit the width without ever splitting a word.

Rich shrinks a too-wide table by cutting its widest columns, even inside a word (« Établisseme /
nts »). Here the widths are chosen first, from what each column needs: at least its longest
word, at most its longest line. When even the longest words do not fit side by side, the
optional columns go first (their text is stacked under the first cell, dimmed); when the
required ones still do not fit, every row becomes a short block of lines.

Text given to these helpers is already typeset (see :func:`sosinfo.render.terminal.text`):
a thin non-breaking space is a placeholder character there, so that it is part of a word.
"""

from __future__ import annotations

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


def _longest_word(text: Text) -> int:
    return max((cell_len(word) for line in text.plain.split("\n") for word in line.split()), default=0)


def _longest_line(text: Text) -> int:
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def widths(columns: list[Column], rows: list[list[Text]], available: int) -> list[int] | None:
    """Column widths that fit ``available`` cells without splitting a word, or None."""
    minimum, maximum = [], []
    for index, column in enumerate(columns):
        cells = [row[index] for row in rows] + [Text(column.header)]
        longest = max(_longest_line(cell) for cell in cells)
        maximum.append(max(longest, 1))
        minimum.append(max(longest if not column.wrap else max(_longest_word(cell) for cell in cells), 1))
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


def _table(title: Text | None, columns: list[Column], rows: list[list[Text]], sizes: list[int]) -> RenderableType:
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


def _stacked(columns: list[Column], rows: list[list[Text]], kept: list[int]) -> list[list[Text]]:
    """Rows with only the ``kept`` columns; the others' text under the first cell, dimmed."""
    out = []
    for row in rows:
        first = row[0].copy()
        extra = [row[i] for i in range(1, len(columns)) if i not in kept and row[i].plain]
        if extra:
            first.append("\n")
            first.append_text(Text(" · ", style="dim").join(extra))
            first.stylize("dim", len(row[0]))
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
        stacked = _stacked(columns, rows, kept)
        kept_columns = [columns[i] for i in kept]
        sizes = widths(kept_columns, stacked, available)
        if sizes is not None:
            return _table(title, kept_columns, stacked, sizes)
    return blocks(title, columns, rows)


def blocks(title: Text | None, columns: list[Column], rows: list[list[Text]]) -> RenderableType:
    """Each row as a block: its first cell in bold, the required cells, then the optional ones dimmed."""
    parts: list[RenderableType] = [title] if title is not None else []
    previous = None
    for row in rows:
        head = row[0].copy()
        head.stylize("bold")
        lines: list[RenderableType] = [head] if head.plain != previous else []  # « Salariés » once for its series
        previous = head.plain
        required = [row[i] for i, c in enumerate(columns) if i and not c.drop and row[i].plain]
        optional = [row[i] for i, c in enumerate(columns) if i and c.drop and row[i].plain]
        if required:
            lines.append(Padding(Text(" · ").join(required), (0, 0, 0, 2)))
        if optional:
            lines.append(Padding(Text(" · ", style="dim").join(optional), (0, 0, 0, 2), style="dim"))
        parts.append(Group(*lines))
    return Group(*parts)
