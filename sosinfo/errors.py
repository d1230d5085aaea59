"""The one error type of sosinfo and the exit codes it maps to.

Every expected failure is a :class:`SosinfoError`; the CLI turns it into a French message on
stderr and ``exit_code``. Nothing else in the code chooses an exit code.
"""

from __future__ import annotations

import errno
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


_SYSTEM_REASONS = {  # the system's own messages (``strerror``) are in English
    errno.ENOSPC: "plus d'espace disque",
    errno.EBADF: "la sortie est fermée",
    errno.EIO: "erreur d'entrée-sortie",
    errno.EFBIG: "fichier trop gros",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ELOOP: "trop de liens symboliques",
    errno.ENAMETOOLONG: "nom trop long",
}


def system_reason(error: OSError) -> str:
    """Why the system refused, in French: « permission refusée » (« erreur système 5 » when unknown)."""
    return _SYSTEM_REASONS.get(error.errno or 0, f"erreur système {error.errno}")


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


def count_problems(problems: list[Problem]) -> str:
    """« 1 problème », « 12 problèmes », or « plus de 200 problèmes » for a list that stopped at its limit
    (:meth:`Problems.stopped` closes it with one more entry, which is not a problem of its own)."""
    if len(problems) > MAX_PROBLEMS:
        return f"plus de {MAX_PROBLEMS} problèmes"
    return f"{len(problems)} problème{'s' if len(problems) > 1 else ''}"


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
        stopped = len(problems) > MAX_PROBLEMS  # the last entry says checking stopped: not counted
        others = len(problems) - shown - (1 if stopped else 0)
        if stopped:
            lines.append(f"… et plus de {others} autres problèmes.")
        elif others > 0:
            lines.append(f"… et {others} autre{'s' if others > 1 else ''} problème{'s' if others > 1 else ''}.")
        head = f"Base de connaissances invalide ({count_problems(problems)}) :"
        super().__init__(
            head + "\n  " + "\n  ".join(lines),
            # the list is shown whole unless cut: only then is there a fuller list to point to
            hint="Lancez « sosinfo verifier » sur ce dossier pour la liste complète." if len(problems) > shown else None,
        )
        self.problems = problems
