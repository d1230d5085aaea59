"""The files of a knowledge base and where the base lives.

One table (:data:`FILES`) says which YAML file holds which sections and of what type; the loader,
the verifier, the cache fingerprint and the benchmarks all read it. ``--data-dir`` wins, then the
``SOSINFO_DATA`` environment variable, then the bundled data.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sosinfo.errors import Problem, UsageError
from sosinfo.kb import model
from sosinfo.kb.yamlreader import read_data_file
from sosinfo.text import printable

BUNDLED_DATA = Path(__file__).resolve().parent.parent / "data"
ENV_DATA_DIR = "SOSINFO_DATA"

# file name -> [(top-level key, KnowledgeBase attribute, expected type)]
FILES: dict[str, list[tuple[str, str, Any]]] = {
    "sources.yaml": [("sources", "sources", list[model.Source])],
    "faq.yaml": [("faq", "faq", list[model.FaqEntry])],
    "chiffres.yaml": [
        ("indicateurs", "indicators", list[model.Indicator]),
        ("chiffres", "figures", list[model.Figure]),
    ],
    "conflits.yaml": [("conflits", "conflicts", list[model.Conflict])],
    "gouvernance.yaml": [("gouvernance", "governance", model.GovernanceNode)],
    "valeurs.yaml": [("valeurs", "values", list[model.Value])],
    "temoignages.yaml": [("temoignages", "testimonials", list[model.Testimonial])],
    "personnes.yaml": [("personnes", "people", list[model.Person])],
    "chronologie.yaml": [("evenements", "events", list[model.Event])],
    "secteurs.yaml": [
        ("associations_fondatrices", "founding_associations", list[model.FoundingAssociation]),
        ("formes_activite", "activity_forms", list[model.ActivityForm]),
        ("decoupages", "breakdowns", list[model.Breakdown]),
        ("classements", "rankings", list[model.Ranking]),
    ],
    "plaidoyers.yaml": [
        ("positions", "positions", list[model.AdvocacyPosition]),
        ("methodes", "methods", list[model.AdvocacyMethod]),
        ("federations", "federations", list[model.Federation]),
    ],
    "contact.yaml": [("contact", "contact", model.Contact)],
    "approche.yaml": [("approches", "approaches", list[model.Approach])],
    "synonymes.yaml": [("synonymes", "synonyms", list[model.SynonymGroup])],
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
    return {name: read_data_file(data_dir / name, name) for name in FILES}
