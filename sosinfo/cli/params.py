"""Value types of the command line, in French: output format (with its usual aliases), year, bounded number, folder.

Every value the command line takes goes through one of these types, so every refusal is a
:class:`RefusedValue` whose message was written here, in French (Click's own types word theirs in
English, differently from one version to the next).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import click

from sosinfo.render import FORMAT_ALIASES, OutputFormat
from sosinfo.text import is_number, printable, whole_number

YEAR_MIN, YEAR_MAX = 1900, 2100  # a year before the group's founders were born or far ahead is a typo
YEAR_DIGITS = 4


class RefusedValue(click.BadParameter):
    """A value refused by one of the types below: its message is French already."""


def refuse(message: str, param: click.Parameter | None, ctx: click.Context | None) -> NoReturn:
    raise RefusedValue(message, ctx=ctx, param=param)


class FormatType(click.Choice):  # type: ignore[type-arg]
    """``texte``, ``json`` or ``markdown``; ``text``, ``txt`` and ``md`` are understood, in any case."""

    name = "format"

    def __init__(self) -> None:
        super().__init__([f.value for f in OutputFormat], case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> OutputFormat:
        if isinstance(value, OutputFormat):
            return value
        text = str(value).strip().lower()
        text = FORMAT_ALIASES.get(text, text)
        try:
            return OutputFormat(text)
        except ValueError:
            refuse(f"« {value} » n'est pas un format : texte, json ou markdown (text et md sont compris)", param, ctx)


class YearType(click.ParamType):  # type: ignore[type-arg]
    """A year written with four digits, in a plausible range: ``0``, ``-5`` or ``22`` are usage errors."""

    name = "année"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "AAAA"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            year: int | None = value
        else:
            text = str(value).strip()
            digits = text.removeprefix("-")
            if not is_number(digits):
                refuse(f"« {printable(text, 20)} » n'est pas une année (par exemple 2016)", param, ctx)
            year = whole_number(digits, YEAR_DIGITS)  # a longer number is no year: never converted
            if year is not None and text.startswith("-"):
                year = -year
        if year is None or not YEAR_MIN <= year <= YEAR_MAX:
            shown = printable(str(value).strip(), 20)
            refuse(f"« {shown} » n'est pas une année possible (de {YEAR_MIN} à {YEAR_MAX}, par exemple 2016)", param, ctx)
        return year


class FolderType(click.ParamType):  # type: ignore[type-arg]
    """A folder name: an empty one is a usage error (it would silently mean the current folder)."""

    name = "dossier"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "DOSSIER"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        if isinstance(value, Path):
            return value
        if not str(value).strip():
            refuse("le nom de dossier est vide", param, ctx)
        return Path(str(value))


class BoundedIntegerType(click.ParamType):  # type: ignore[type-arg]
    """A whole number from ``low`` to ``high`` (``--limite``), read by the one rule of
    :func:`sosinfo.text.is_number`: « ² » or « ١٢ » are no numbers, and a number too long to be in
    range is refused without being converted."""

    name = "nombre"

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value).strip()
        if isinstance(value, int):
            number: int | None = value
        elif not is_number(text):
            refuse(f"« {printable(text, 20)} » n'est pas un nombre entier de {self.low} à {self.high}", param, ctx)
        else:
            number = whole_number(text, len(str(self.high)))  # None: more digits than any number in range
        if number is None or not self.low <= number <= self.high:
            refuse(f"{printable(text, 20)} est hors limites (de {self.low} à {self.high})", param, ctx)
        return number
