"""The one rendering layer: typed results in, text / JSON / Markdown out.

Nothing here imports Rich at module level: JSON and Markdown never pay for it.
"""

from __future__ import annotations

import enum
from typing import TextIO


class OutputFormat(enum.StrEnum):
    texte = "texte"
    json = "json"
    markdown = "markdown"


def emit(result: object, output_format: OutputFormat, stream: TextIO) -> None:
    """Write ``result`` to ``stream`` in ``output_format``."""
    if output_format is OutputFormat.json:
        from sosinfo.render.jsonout import render_json

        stream.write(render_json(result))
    elif output_format is OutputFormat.markdown:
        from sosinfo.render.markdown import render_markdown

        stream.write(render_markdown(result))
    else:
        from sosinfo.render.terminal import render_text

        render_text(result, stream)
