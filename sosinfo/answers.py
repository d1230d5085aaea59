"""Answering a command: produce the result, render it, and remember the rendered answer.

A rendered answer depends only on the knowledge base and code (their fingerprint), the command
and its arguments, the format and the output settings; the same question asked again is
answered from the cache without loading the knowledge base or Rich. ``SOSINFO_OUTPUT_CACHE=0``
turns this off.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sosinfo.render import OutputFormat, render, settings_for

if TYPE_CHECKING:
    from sosinfo.cache import DataSource


def respond(
    question: tuple[object, ...] | None,
    produce: Callable[[DataSource], object],
    output_format: OutputFormat,
    data_dir: Path | None,
) -> None:
    """Write the answer to ``question`` on stdout; ``question`` None means never cache it."""
    from sosinfo import cache, knowledge

    data = cache.source(knowledge.resolve_data_dir(data_dir))  # the files are fingerprinted once per command
    settings = settings_for(sys.stdout)
    use_cache = question is not None and os.environ.get("SOSINFO_OUTPUT_CACHE", "1") != "0"
    key = cache.answer_key(data, (question, output_format.value, tuple(settings))) if use_cache else None
    text = cache.read_answer(key) if key else None
    if text is None:
        text = render(produce(data), output_format, settings)
        if key:
            cache.write_answer(key, text)
    sys.stdout.write(text)
    sys.stdout.flush()
