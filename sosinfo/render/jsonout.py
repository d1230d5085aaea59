"""JSON output: UTF-8, stable key order, numbers as numbers (never NaN or Infinity: a ValueError instead of invalid JSON)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sosinfo.contract import document
from sosinfo.text import UNSAFE

if TYPE_CHECKING:
    from sosinfo.results import Result


def render_json(result: Result, ascii_only: bool = False) -> str:
    """UTF-8 JSON; escaped (still exact) when the output cannot take UTF-8.

    Control and bidi characters are written as ``\\uXXXX`` escapes: the data stays exact for a
    program, and nothing reaches a terminal that would act on it (JSON escapes only C0 itself).
    """
    text = json.dumps(document(result), ensure_ascii=ascii_only, indent=2, allow_nan=False) + "\n"
    return text if text.isascii() else UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
