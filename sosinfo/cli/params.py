"""Value types of the command line, in French: output format (with its usual aliases), year, folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from sosinfo.render import COLOUR_ALIASES, FORMAT_ALIASES, Colour, OutputFormat

YEAR_MIN, YEAR_MAX = 1900, 2100  # a year before the group's founders were born or far ahead is a typo


class FormatType(click.Choice):  # type: ignore[type-arg]
    """``texte``, ``json``, ``markdown`` or ``csv``; ``text``, ``txt`` and ``md`` are understood, in any case."""

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
            self.fail(f"« {value} » n'est pas un format : texte, json, markdown ou csv (text et md sont compris)", param, ctx)


class ColourType(click.Choice):  # type: ignore[type-arg]
    """``auto``, ``toujours`` or ``jamais``; ``always`` and ``never`` (gh, ripgrep, ls) are understood."""

    name = "couleur"

    def __init__(self) -> None:
        super().__init__([c.value for c in Colour], case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Colour:
        if isinstance(value, Colour):
            return value
        text = str(value).strip().lower()
        try:
            return Colour(COLOUR_ALIASES.get(text, text))
        except ValueError:
            self.fail(f"« {value} » n'est pas un choix de couleurs : auto, toujours ou jamais", param, ctx)


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
