"""The files of a knowledge base and where the base lives.

One table (:data:`FILES`) says which YAML file holds which sections; the loader,
the verifier, the cache fingerprint and the benchmarks all read it. ``--data-dir`` wins, then the
``SOSINFO_DATA`` environment variable, then the bundled data.
"""

from __future__ import annotations

import os
from pathlib import Path

from sosinfo.errors import NotFoundError, Problem, UsageError
from sosinfo.text import printable

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
}
DATA_FILES: tuple[str, ...] = tuple(FILES)


def resolve_data_dir(option: Path | None) -> Path:
    """The knowledge base directory to use; :class:`UsageError` if it does not exist."""
    chosen = option if option is not None else (Path(os.environ[ENV_DATA_DIR]) if os.environ.get(ENV_DATA_DIR) else BUNDLED_DATA)
    if not chosen.is_dir():
        from_environment = os.environ.get(ENV_DATA_DIR) and (option is None or str(option) == os.environ[ENV_DATA_DIR])
        origin = ENV_DATA_DIR if from_environment else "--data-dir" if option is not None else "données intégrées"
        raise UsageError(
            f"Dossier de connaissances introuvable : {printable(str(chosen), 120)} ({origin}).",
            hint="Donnez un dossier qui contient les fichiers YAML de sosinfo (sources.yaml, faq.yaml, …).",
        )
    return chosen


# the bytes of every data file, read once: what is hashed for the cache is exactly what is parsed
Snapshot = dict[str, bytes | Problem]


def read_snapshot(data_dir: Path) -> Snapshot:
    """Read each data file once, bounded, refusing anything but a regular file (a FIFO would hang)."""
    from sosinfo.kb.yamlreader import read_data_file  # not on the path of a cached answer

    return {name: read_data_file(data_dir / name, name) for name in FILES}


def require_some_data(data_dir: Path, snapshot: Snapshot) -> None:
    """A folder holding none of the files: not a base with 14 problems, but the wrong folder, said once."""
    if any(isinstance(content, bytes) for content in snapshot.values()) or any((data_dir / n).exists() for n in FILES):
        return
    import shlex

    folder = printable(str(data_dir), 120)
    raise NotFoundError(
        f"Le dossier {folder} ne contient aucun fichier d'une base sosinfo.",
        hint=f"Il en faut {len(FILES)}, un par sorte de savoir : {', '.join(list(FILES)[:3])}… "
        "(comme le dossier « data » du paquet sosinfo).\n"
        f"Pour voir ce qui manque : sosinfo verifier {shlex.quote(folder)}",
    )
