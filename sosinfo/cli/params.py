"""Value types of the command line, in French: output format (with its usual aliases), year, bounded number, folder.

Every value the command line takes goes through one of these types, so every refusal is a
:class:`RefusedValue` whose message was written here, in French (Click's own types word theirs in
English, differently from one version to the next).
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any, NoReturn

import click

from sosinfo.render import COLOUR_ALIASES, FORMAT_ALIASES, Colour, OutputFormat
from sosinfo.text import is_number, printable, whole_number

# any year of four digits is a year: one the base does not know is « rien trouvé » (code 1), as for an
# unknown indicator; a number of another size (0, 22, 20220) is no year, a usage error (code 2)
YEAR_MIN, YEAR_MAX = 1000, 9999
YEAR_DIGITS = 4


class RefusedValue(click.BadParameter):
    """A value refused by one of the types below: its message is French already."""


def refuse(message: str, param: click.Parameter | None, ctx: click.Context | None) -> NoReturn:
    raise RefusedValue(message, ctx=ctx, param=param)


class _WordChoice(click.Choice):  # type: ignore[type-arg]
    """One of the values of ``values`` (an enumeration), in any case, or one of its ``aliases``."""

    values: type[enum.StrEnum]
    aliases: dict[str, str]
    expected: str  # the end of « « x » n'est pas … »

    def __init__(self) -> None:
        super().__init__([member.value for member in self.values], case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, self.values):
            return value
        text = str(value).strip().lower()
        try:
            return self.values(self.aliases.get(text, text))
        except ValueError:
            refuse(f"« {value} » n'est pas {self.expected}", param, ctx)


class FormatType(_WordChoice):
    """``texte``, ``json``, ``markdown`` or ``csv``; ``text``, ``txt`` and ``md`` are understood, in any case."""

    name = "format"
    values = OutputFormat
    aliases = FORMAT_ALIASES
    expected = "un format : texte, json, markdown ou csv (text et md sont compris)"


class ColourType(_WordChoice):
    """``auto``, ``toujours`` or ``jamais``; ``always`` and ``never`` (gh, ripgrep, ls) are understood."""

    name = "couleur"
    values = Colour
    aliases = COLOUR_ALIASES
    expected = "un choix de couleurs : auto, toujours ou jamais"


class YearType(click.ParamType):  # type: ignore[type-arg]
    """A year of four digits: ``0``, ``-5``, ``22`` or ``20220`` are usage errors."""

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
            refuse(f"« {shown} » n'est pas une année (de {YEAR_MIN} à {YEAR_MAX}, par exemple 2016)", param, ctx)
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
