"""The one error type of sosinfo and the exit codes it maps to.

Every expected failure is a :class:`SosinfoError`; the CLI turns it into a French message on
stderr and ``exit_code``. Nothing else in the code chooses an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass

import sosinfo

EXIT_OK = 0
EXIT_NOT_FOUND = 1  # nothing found, or a knowledge base that does not validate
EXIT_USAGE = 2  # bad usage: unknown option, wrong value, missing directory
EXIT_INTERRUPTED = sosinfo.EXIT_INTERRUPTED  # 130, set where Ctrl-C is answered before this module can load
MAX_PROBLEMS = 200  # a verification stops there: past it, the list is not read and only costs


@dataclass(eq=False)
class Problem:
    """One defect of a knowledge base, located in its file.

    Its text never holds a control or format character: a message may quote what a hostile
    file contains, and every output shows it (``\\x1b`` is written instead of ESC).
    """

    file: str
    line: int | None
    message: str

    def __post_init__(self) -> None:
        self.file = visible(self.file)
        self.message = visible(self.message)

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, ligne {self.line}"
        return f"{where} : {self.message}"


def visible(text: str) -> str:
    """``text`` with each control, format or separator character written as its escape (``\\u202e``)."""
    if text.isprintable():
        return text
    import unicodedata

    return "".join(
        character
        if character.isprintable() or unicodedata.category(character) == "Zs"
        else character.encode("unicode_escape").decode("ascii")
        for character in text
    )


class TooManyProblems(Exception):
    """Raised by :class:`Problems` when its limit is reached: checking stops there."""


class Problems(list[Problem]):
    """The problems found so far, at most :data:`MAX_PROBLEMS`; one more raises :class:`TooManyProblems`."""

    def append(self, problem: Problem) -> None:
        if len(self) >= MAX_PROBLEMS:
            raise TooManyProblems
        super().append(problem)

    def stopped(self, file: str) -> None:
        """Close a list that reached its limit, saying so (in ``file``, where checking stopped)."""
        super().append(Problem(file, None, f"… et d'autres problèmes (arrêt après {MAX_PROBLEMS})"))


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
