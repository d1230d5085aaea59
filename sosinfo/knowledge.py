"""Where the knowledge base lives and how a command gets it.

``--data-dir`` wins, then the ``SOSINFO_DATA`` environment variable, then the bundled data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sosinfo.errors import Problem, UsageError

if TYPE_CHECKING:
    from sosinfo.model import KnowledgeBase

BUNDLED_DATA = Path(__file__).resolve().parent / "data"
# the files of a knowledge base, one per kind of knowledge (their sections: loader.FILES)
DATA_FILES = (
    "sources.yaml",
    "faq.yaml",
    "chiffres.yaml",
    "conflits.yaml",
    "gouvernance.yaml",
    "valeurs.yaml",
    "temoignages.yaml",
    "personnes.yaml",
    "chronologie.yaml",
    "secteurs.yaml",
    "plaidoyers.yaml",
    "contact.yaml",
    "approche.yaml",
    "synonymes.yaml",
)
ENV_DATA_DIR = "SOSINFO_DATA"


def resolve_data_dir(option: Path | None) -> Path:
    """The knowledge base directory to use; :class:`UsageError` if it does not exist."""
    chosen = option if option is not None else (Path(os.environ[ENV_DATA_DIR]) if os.environ.get(ENV_DATA_DIR) else BUNDLED_DATA)
    if not chosen.is_dir():
        from sosinfo.text import printable

        from_environment = os.environ.get(ENV_DATA_DIR) and (option is None or str(option) == os.environ[ENV_DATA_DIR])
        origin = ENV_DATA_DIR if from_environment else "--data-dir" if option is not None else "données intégrées"
        raise UsageError(
            f"Dossier de connaissances introuvable : {printable(str(chosen), 120)} ({origin}).",
            hint="Donnez un dossier qui contient les fichiers YAML de sosinfo (sources.yaml, faq.yaml, …).",
        )
    return chosen


def load(option: Path | None = None) -> KnowledgeBase:
    """The validated knowledge base chosen by ``option`` and the environment."""
    from sosinfo.cache import load_cached, source

    return load_cached(source(resolve_data_dir(option)))


@dataclass(eq=False)
class VerificationReport:
    directory: str
    problems: list[Problem]
    counts: dict[str, int]


def verify(option: Path | None) -> VerificationReport:
    """Check a knowledge base without the cache: every problem, with file and line."""
    from sosinfo.loader import FILES, read_knowledge

    directory = resolve_data_dir(option)
    knowledge, problems = read_knowledge(directory)
    counts: dict[str, int] = {}
    if knowledge is not None:  # counted under the YAML section names the user edits
        for sections in FILES.values():
            for key, attribute, _ in sections:
                value = getattr(knowledge, attribute)
                counts[key] = len(value) if isinstance(value, list) else 1
    return VerificationReport(str(directory), problems, counts)
