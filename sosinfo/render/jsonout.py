"""JSON output: UTF-8, stable key order, numbers as numbers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sosinfo.contract import document

if TYPE_CHECKING:
    from sosinfo.results import Result


def render_json(result: Result, ascii_only: bool = False) -> str:
    """UTF-8 JSON; escaped (still exact) when the output cannot take UTF-8."""
    return json.dumps(document(result), ensure_ascii=ascii_only, indent=2) + "\n"
