"""CSV output (RFC 4180) of the answers that are a table: one header row of identifiers, then the rows.

The columns and values are those of the JSON contract (``contract.table``): ids, enumerations and
units as identifiers, numbers in base units (1367000000, 0.4), several values joined by « ; », an
empty cell for a missing one. UTF-8 with a byte order mark, lines ended by CRLF: a spreadsheet
(Excel included) opens the file as is, accents and all; ``csv`` in Python reads it back with
``encoding="utf-8-sig"``.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from sosinfo.contract import table
from sosinfo.errors import UsageError
from sosinfo.text import UNSAFE

if TYPE_CHECKING:
    from sosinfo.results import Result

BOM = "\ufeff"
TABLE_COMMANDS = (
    "chiffres, chronologie, secteurs (ses classements), sources, sources --conflits, recherche, faq (la liste), verifier"
)


def render_csv(result: Result) -> str:
    """``result`` as CSV text; :class:`UsageError` for an answer that is not a table."""
    found = table(result)
    if found is None:
        raise UsageError(
            "Cette réponse n'est pas un tableau : --format csv ne s'y applique pas.",
            hint=f"En CSV : {TABLE_COMMANDS}. Sinon : --format json ou markdown.",
        )
    header, rows = found
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return BOM + out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


def _cell(value: object) -> object:
    """Numbers as numbers; text made inert: no escape sequence reaches a terminal that prints the file,
    and no text of an untrusted base (``--data-dir``) becomes a formula in a spreadsheet (« '=… »)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    value = UNSAFE.sub("\ufffd", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value
