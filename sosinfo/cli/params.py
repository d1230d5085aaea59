"""Value types of the command line, in French: output format (with its usual aliases), year, folder."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

import click

from sosinfo.render import COLOUR_ALIASES, FORMAT_ALIASES, Colour, OutputFormat

YEAR_MIN, YEAR_MAX = 1900, 2100  # a year before the group's founders were born or far ahead is a typo


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
            self.fail(f"« {value} » n'est pas {self.expected}", param, ctx)


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
    """A year written with four digits, in a plausible range: ``0``, ``-5`` or ``22`` are usage errors."""

    name = "année"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "AAAA"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            year = value
        else:
            text = str(value).strip()
            if not text.lstrip("-").isdigit():
                self.fail(f"« {value} » n'est pas une année (par exemple 2016)", param, ctx)
            year = int(text)
        if not YEAR_MIN <= year <= YEAR_MAX:
            self.fail(f"« {value} » n'est pas une année possible (de {YEAR_MIN} à {YEAR_MAX}, par exemple 2016)", param, ctx)
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
            self.fail("le nom de dossier est vide", param, ctx)
        return Path(str(value))
