"""JSON output: UTF-8, stable key order, numbers as numbers."""

from __future__ import annotations

import json

from sosinfo.contract import document


def render_json(result: object, ascii_only: bool = False) -> str:
    """UTF-8 JSON; escaped (still exact) when the output cannot take UTF-8."""
    return json.dumps(document(result), ensure_ascii=ascii_only, indent=2) + "\n"
