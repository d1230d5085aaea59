"""JSON output: UTF-8, stable key order, numbers as numbers."""

from __future__ import annotations

import json

from sosinfo.records import document


def render_json(result: object) -> str:
    return json.dumps(document(result), ensure_ascii=False, indent=2) + "\n"
