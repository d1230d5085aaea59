"""The one error type of sosinfo and the exit codes it maps to.

Every expected failure is a :class:`SosinfoError`; the CLI turns it into a French message on
stderr and ``exit_code``. Nothing else in the code chooses an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_NOT_FOUND = 1  # nothing found, or a knowledge base that does not validate
EXIT_USAGE = 2  # bad usage: unknown option, wrong value, missing directory
EXIT_INTERRUPTED = 130


@dataclass(eq=False)
class Problem:
    """One defect of a knowledge base, located in its file."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, ligne {self.line}"
        return f"{where} : {self.message}"


class SosinfoError(Exception):
    """An expected failure, with its French message and its exit code."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class NotFoundError(SosinfoError):
    """The question is fine, the sources do not hold an answer."""

    exit_code = EXIT_NOT_FOUND


class UsageError(SosinfoError):
    """The question itself is wrong: a bad value, an unknown name."""

    exit_code = EXIT_USAGE


class DataError(SosinfoError):
    """The knowledge base cannot be trusted: nothing of it is shown."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, problems: list[Problem], shown: int = 20) -> None:
        lines = [str(p) for p in problems[:shown]]
        if len(problems) > shown:
            lines.append(f"… et {len(problems) - shown} autre(s) problème(s).")
        count = len(problems)
        head = f"Base de connaissances invalide ({count} problème{'s' if count > 1 else ''}) :"
        super().__init__(
            head + "\n  " + "\n  ".join(lines),
            # the list is shown whole unless cut: only then is there a fuller list to point to
            hint="Lancez « sosinfo verifier » sur ce dossier pour la liste complète." if len(problems) > shown else None,
        )
        self.problems = problems
