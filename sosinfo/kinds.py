"""The kinds of entry of the knowledge base, in one table.

Search results, record ids (``type:slug``), the ``--type`` option of ``recherche``, labels in
every output format and the command that shows an entry all read this table: a new kind is
one row here, not five edits across the code.
"""

from __future__ import annotations

from typing import NamedTuple


class Kind(NamedTuple):
    id: str  # the ``type`` of a record and the prefix of its id
    label: str  # French, as shown beside a search result
    search_words: str  # words that name this kind in a query (« témoignages », « chronologie »)
    command: str  # the command that shows entries of this kind


KINDS: tuple[Kind, ...] = (
    Kind("faq", "FAQ", "faq question", "sosinfo faq"),
    Kind("chiffre", "Chiffre", "chiffre nombre", "sosinfo chiffres"),
    Kind("valeur", "Valeur", "valeur", "sosinfo valeurs"),
    Kind("temoignage", "Témoignage", "témoignage", "sosinfo temoignages"),
    Kind("gouvernance", "Gouvernance", "gouvernance instance", "sosinfo gouvernance"),
    Kind("evenement", "Événement", "événement chronologie", "sosinfo chronologie"),
    Kind("personne", "Personne", "biographie fondateur", "sosinfo fondateur"),
    Kind("secteur", "Métier", "métier secteur association-fondatrice", "sosinfo secteurs"),
    Kind("forme-activite", "Activité", "activité", "sosinfo secteurs"),
    Kind("classement", "Classement", "classement rang", "sosinfo secteurs"),
    Kind("plaidoyer", "Plaidoyer", "plaidoyer position", "sosinfo plaidoyers"),
    Kind("methode", "Plaidoyer", "plaidoyer", "sosinfo plaidoyers"),
    Kind("federation", "Fédération", "fédération réseau", "sosinfo plaidoyers"),
    Kind("contact", "Contact", "contact", "sosinfo contact"),
    Kind("approche", "Approche", "approche présentation mission", "sosinfo approche"),
)
BY_ID: dict[str, Kind] = {kind.id: kind for kind in KINDS}
KIND_IDS: tuple[str, ...] = tuple(BY_ID)


def label(kind_id: str) -> str:
    """The French label of a kind (its id when unknown, e.g. a kind of a newer base)."""
    kind = BY_ID.get(kind_id)
    return kind.label if kind is not None else kind_id


def _plain(name: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def kind_named(name: str) -> str | None:
    """The kind a user means by ``name``, whatever its case, accents or number: « FAQ », « chiffres »,
    « Témoignages », « événement », a French label (« métier ») or a word naming the kind (« chronologie »)."""
    plain = _plain(name)
    if not plain:
        return None
    candidates = [plain, plain[:-1]] if plain.endswith(("s", "x")) else [plain]
    for candidate in candidates:
        for kind in KINDS:
            if candidate in (kind.id, _plain(kind.label)):
                return kind.id
    for candidate in candidates:
        for kind in KINDS:
            if candidate in {_plain(w) for w in kind.search_words.split()}:
                return kind.id
    return None
