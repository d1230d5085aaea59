"""The console entry point: make signals and encodings safe before anything heavy is imported.

Ctrl-C can land while Typer is still importing, long before any ``try`` of the CLI exists; the
handler installed here answers it at any moment with a short message and exit code 130.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

EXIT_INTERRUPTED = 130  # same value as sosinfo.errors.EXIT_INTERRUPTED, without importing it yet


def _interrupted(signum: int, frame: FrameType | None) -> None:
    try:
        sys.stderr.write("\nInterrompu.\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(EXIT_INTERRUPTED)  # no unwinding through half-written output, no traceback


def _safe_encodings() -> None:
    """On an output that cannot take UTF-8 (PYTHONIOENCODING=ascii…), letters lose their accents
    and symbols get ASCII stand-ins instead of raising UnicodeEncodeError."""
    from sosinfo.text import register_transliteration

    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=register_transliteration())


def main() -> None:
    signal.signal(signal.SIGINT, _interrupted)
    _safe_encodings()
    from sosinfo.cli.commands import app

    app()
