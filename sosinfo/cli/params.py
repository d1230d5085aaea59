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

YEAR_MIN, YEAR_MAX = 1900, 2100  # a year before the group's founders were born or far ahead is a typo


class RefusedValue(click.BadParameter):
    """A value refused by one of the types below: its message is French already."""


def refuse(message: str, param: click.Parameter | None, ctx: click.Context | None) -> NoReturn:
    raise RefusedValue(message, ctx=ctx, param=param)


def whole_number(text: str, max_digits: int) -> int | None:
    """``text`` as a whole number written with ASCII digits (an optional minus first), or None.

    ``str.isdigit`` also accepts « ² » or « ① », which ``int`` refuses, and ``int`` refuses more than
    4 300 digits: the digits are checked here, and their count bounded, before ``int`` sees them.
    """
    digits = text[1:] if text.startswith("-") else text
    if not digits or len(digits) > max_digits or not all("0" <= character <= "9" for character in digits):
        return None
    return int(text)


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
        parsed = value if isinstance(value, int) else whole_number(str(value).strip(), max_digits=9)
        if parsed is None:
            refuse(f"« {value} » n'est pas une année (par exemple 2016)", param, ctx)
        year = parsed
        if not YEAR_MIN <= year <= YEAR_MAX:
            refuse(f"« {value} » n'est pas une année possible (de {YEAR_MIN} à {YEAR_MAX}, par exemple 2016)", param, ctx)
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
    """A whole number from ``low`` to ``high`` (``--limite``)."""

    name = "nombre"

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number = value if isinstance(value, int) else whole_number(str(value).strip(), max_digits=9)
        if number is None:
            refuse(f"« {value} » n'est pas un nombre entier de {self.low} à {self.high}", param, ctx)
        if not self.low <= number <= self.high:
            refuse(f"{number} est hors limites (de {self.low} à {self.high})", param, ctx)
        return number
