"""The JSON Schema of each command's ``--format json`` output, shipped as package data.

The files are generated from the model and the contract's shapes (:mod:`sosinfo.schemas.build`) and a
test proves every command's output valid against its schema. Nothing here is imported at start-up.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def names() -> list[str]:
    return sorted(path.stem for path in FOLDER.glob("*.json"))


def text_of(command: str) -> str:
    """The schema of ``command`` as JSON text; :class:`UsageError` for an unknown command."""
    path = FOLDER / f"{command}.json"
    if command not in names():
        from sosinfo.errors import UsageError
        from sosinfo.text import printable, suggest

        close = suggest(command, names())
        raise UsageError(
            f"Pas de schéma pour « {printable(command)} ».",
            hint=(f"Vouliez-vous dire « {close} » ? " if close else "") + "Schémas : " + ", ".join(names()) + ".",
        )
    return path.read_text(encoding="utf-8")
