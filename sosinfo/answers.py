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

from sosinfo.render import OutputFormat, render, settings_for


def respond(
    question: tuple[object, ...] | None,
    produce: Callable[[Path], object],
    output_format: OutputFormat,
    data_dir: Path | None,
) -> None:
    """Write the answer to ``question`` on stdout; ``question`` None means never cache it."""
    from sosinfo import cache, knowledge

    directory = knowledge.resolve_data_dir(data_dir)
    settings = settings_for(sys.stdout)
    use_cache = question is not None and os.environ.get("SOSINFO_OUTPUT_CACHE", "1") != "0"
    key = cache.answer_key(directory, (question, output_format.value, tuple(settings))) if use_cache else None
    text = cache.read_answer(key) if key else None
    if text is None:
        text = render(produce(directory), output_format, settings)
        if key:
            cache.write_answer(key, text)
    sys.stdout.write(text)
    sys.stdout.flush()
