"""The files of a knowledge base and where the base lives.

One table (:data:`FILES`) says which YAML file holds which sections; the loader,
the verifier, the cache fingerprint and the benchmarks all read it. ``--data-dir`` wins, then the
``SOSINFO_DATA`` environment variable, then the bundled data.
"""

from __future__ import annotations

import os
from pathlib import Path

from sosinfo.fileio import FileTooLarge, NotRegularFile, read_regular
from sosinfo.text import printable

TYPE_CHECKING = False  # typing costs several ms of imports
if TYPE_CHECKING:
    from sosinfo.errors import Problem
# sosinfo.errors (and dataclasses) is imported where a problem is said: the fast path reads
# only this module's table to fingerprint a base (sosinfo.fingerprint)

BUNDLED_DATA = Path(__file__).resolve().parent.parent / "data"
ENV_DATA_DIR = "SOSINFO_DATA"

# file name -> [(top-level YAML key, KnowledgeBase attribute)]; the type of each section is the
# attribute's annotation in model.KnowledgeBase (read by the loader: this table imports no model)
FILES: dict[str, list[tuple[str, str]]] = {
    "sources.yaml": [("sources", "sources")],
    "faq.yaml": [("faq", "faq")],
    "chiffres.yaml": [
        ("indicateurs", "indicators"),
        ("chiffres", "figures"),
    ],
    "conflits.yaml": [("conflits", "conflicts")],
    "gouvernance.yaml": [("gouvernance", "governance")],
    "valeurs.yaml": [("valeurs", "values")],
    "temoignages.yaml": [("temoignages", "testimonials")],
    "personnes.yaml": [("personnes", "people")],
    "chronologie.yaml": [("evenements", "events")],
    "secteurs.yaml": [
        ("associations_fondatrices", "founding_associations"),
        ("formes_activite", "activity_forms"),
        ("decoupages", "breakdowns"),
        ("classements", "rankings"),
    ],
    "plaidoyers.yaml": [
        ("positions", "positions"),
        ("methodes", "methods"),
        ("federations", "federations"),
    ],
    "contact.yaml": [("contact", "contact")],
    "approche.yaml": [("approches", "approaches")],
    "synonymes.yaml": [("synonymes", "synonyms")],
    "questions.yaml": [("questions", "question_bank")],
}
DATA_FILES: tuple[str, ...] = tuple(FILES)

# what a base may weigh, told before any parsing: the largest file of a base 100 times the shipped
# one (bench/synthetic.py 100) is the question bank, questions.yaml, 14.5 MB, and the whole base
# 29.1 MB. A file read in full costs its size several times over while it is parsed: these bounds
# keep a hostile base to a bounded cost (bench/bench_hostile.py).
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_BASE_BYTES = 48 * 1024 * 1024


def resolve_data_dir(option: Path | None) -> Path:
    """The knowledge base directory to use; :class:`UsageError` if it does not exist."""
    chosen = option if option is not None else (Path(os.environ[ENV_DATA_DIR]) if os.environ.get(ENV_DATA_DIR) else BUNDLED_DATA)
    from_environment = os.environ.get(ENV_DATA_DIR) and (option is None or str(option) == os.environ[ENV_DATA_DIR])
    origin = ENV_DATA_DIR if from_environment else "--data-dir" if option is not None else "données intégrées"
    require_folder(chosen, "Dossier de connaissances", origin)
    return chosen


FOLDER_HINT = "Donnez un dossier qui contient les fichiers YAML de sosinfo (sources.yaml, faq.yaml, …)."


def require_folder(path: Path, subject: str, origin: str) -> None:
    """:class:`UsageError` saying why ``path`` (given by ``origin``) cannot be read as a folder: missing, a
    file, or refused by the system (a name too long: never taken for a failure to write the answer)."""
    shown = f"{printable(str(path), 120)} ({origin})"
    try:
        if path.is_dir():
            return
        message = f"{subject} : {shown} n'est pas un dossier." if path.exists() else f"{subject} introuvable : {shown}."
    except (OSError, ValueError) as error:
        from sosinfo.errors import system_reason

        reason = system_reason(error) if isinstance(error, OSError) else "caractère nul dans le nom"
        message = f"{subject} illisible : {shown} ({reason})."
    from sosinfo.errors import UsageError

    raise UsageError(message, hint=FOLDER_HINT)


# the bytes of every data file, read once: what is hashed for the cache is exactly what is parsed
Snapshot = dict[str, "bytes | Problem"]


def read_snapshot(data_dir: Path) -> Snapshot:
    """Read each data file once, bounded, refusing anything but a regular file (a FIFO would hang).

    The files together are bounded too: once :data:`MAX_BASE_BYTES` are read, no file is.
    """
    snapshot: Snapshot = {}
    left = MAX_BASE_BYTES
    for name in FILES:
        content = snapshot[name] = read_data_file(data_dir / name, name, min(MAX_FILE_BYTES, left))
        if isinstance(content, bytes):
            left -= len(content)
    return snapshot


def read_data_file(path: Path, name: str, limit: int = MAX_FILE_BYTES) -> bytes | Problem:
    """The bytes of a data file (at most ``limit``), or the problem that kept them from being read."""
    from sosinfo.errors import Problem, system_reason

    try:
        if _links_outside(path):
            return Problem(name, None, "lecture refusée (lien vers un fichier hors du dossier de la base)")
        return read_regular(path, limit)
    except FileNotFoundError:
        return Problem(name, None, "lecture impossible (fichier manquant)")
    except NotRegularFile:
        return Problem(name, None, "lecture impossible (ce n'est pas un fichier ordinaire)")
    except FileTooLarge:
        limits = f"{_mebibytes(MAX_FILE_BYTES)} Mio par fichier, {_mebibytes(MAX_BASE_BYTES)} Mio pour toute la base"
        return Problem(name, None, f"fichier trop gros (limite : {limits})")
    except OSError as error:
        return Problem(name, None, f"lecture impossible ({system_reason(error)})")


def _links_outside(path: Path) -> bool:
    """Whether ``path`` is a symbolic link to a file outside its folder: a base given with --data-dir is
    untrusted, and such a link (to /proc/self/environ, to a private file) would show what it points to
    in the messages about it. A link within the folder is read as the file it names."""
    if not path.is_symlink():
        return False
    folder = os.path.realpath(path.parent)
    return os.path.commonpath([os.path.realpath(path), folder]) != folder


def _mebibytes(size: int) -> int:
    return size // (1024 * 1024)


def require_some_data(data_dir: Path, snapshot: Snapshot) -> None:
    """A folder holding none of the files: not a base with 14 problems, but the wrong folder, said once."""
    if any(isinstance(content, bytes) for content in snapshot.values()) or any((data_dir / n).exists() for n in FILES):
        return
    import shlex

    from sosinfo.errors import NotFoundError

    folder = printable(str(data_dir), 120)
    raise NotFoundError(
        f"Le dossier {folder} ne contient aucun fichier d'une base sosinfo.",
        hint=f"Il en faut {len(FILES)}, un par sorte de savoir : {', '.join(list(FILES)[:3])}… "
        "(comme le dossier « data » du paquet sosinfo).\n"
        f"Pour voir ce qui manque : sosinfo verifier {shlex.quote(folder)}",
    )
