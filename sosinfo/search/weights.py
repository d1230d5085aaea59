"""Every number the ranking weighs with, named, in one place.

Two kinds of numbers live here:

* :class:`Weights` — the fusion weights and the silence thresholds, read when the ranked list is
  fused and cut. They are **fitted** on the pooled labelled query sets by k-fold cross-validation
  (``python bench/fit_search.py``, which prints this dataclass's values and the cross-validated
  top-1 per family); :data:`FITTED` holds the values it found on the whole pool.
* module constants — how much each kind of alternative of a query word is worth (a stem, a typo, a
  synonym…) and BM25's shape, read while the query is parsed and the candidates are scored. They
  shape the features themselves, so they are set by hand (and by ``bench/eval_search.py``), not fitted.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

# --- alternatives of a query word (read while parsing) -------------------------------------------
EXACT_WEIGHT = 1.0  # a word found as typed
STEM_WEIGHT = 0.9  # a word found by its stem only (« mouvements » for « MOUVES »)
TYPO_WEIGHT = 0.8  # a word of the index a typo away
FAMILY_WEIGHT = 0.7  # a word of the same family (a long shared prefix): ranks, never answers alone
SYNONYM_WEIGHT = 0.9  # a synonym of one word (``synonymes.yaml``)
PHRASE_SYNONYM_WEIGHT = 0.85  # a synonym of several words
FAMILY_QUALITY = 0.5  # evidence from a family word counts half

TOP_CANDIDATES = 150  # entries scored in full per query, chosen by a cheap bound (the base's size does not matter)
NEARBY = 3  # closest entries shown when nothing answers exactly
SHORT_QUERY = 3  # content words at most: a short query, whose every word is the subject

# --- BM25 ------------------------------------------------------------------------------------------
K1, B = 1.2, 0.3


@dataclass(frozen=True)
class Weights:
    """Fusion weights and silence thresholds (see the module's docstring for how they are fitted).

    The fused score of an entry is its BM25 mass (plus ``phrase`` × the idf of adjacent words found
    adjacent, plus ``bank`` × its question-bank match) multiplied by one factor per feature:
    ``coverage_floor + (1 - coverage_floor) × coverage²`` (the share of the query's known words it holds),
    ``1 + strong × …`` (words in its title, keywords, questions or value), ``1 + same_question × …``
    (the query is one of its own questions), ``1 + title_coverage × …`` (its title was asked for),
    a prior by type and ``type_intent`` when the query names its kind of entry.
    """

    coverage_floor: float = 0.2
    strong: float = 0.5
    same_question: float = 0.6
    title_coverage: float = 0.5
    type_intent: float = 2.0
    faq_prior: float = 1.3  # FAQ answers are the product: they answer most questions
    figure_prior: float = 0.8  # a figure answers a figure question (pinned first), rarely another
    phrase: float = 1.0
    year_boost: float = 1.5  # a dated entry of the year asked (« né en 1957 »), when no figure is asked
    bank: float = 0.0
    bank_question: float = 0.0
    # --- silence: when the best entry's evidence is not worth an answer
    bank_evidence: float = 0.0  # a word found only in the words people use for an entry (the question bank)
    body_evidence: float = 0.6  # a word found only in an entry's body is weaker evidence
    name_evidence: float = 0.3  # a person's or a place's name says who or where, not what is asked
    min_evidence: float = 2.0  # about one specific word in a title
    unknown_ratio: float = 1.0  # the evidence found must outweigh the words no entry knows by this ratio
    ordinary_weight: float = 0.5  # an unknown word that is mostly wording (« gère », « urgent »)
    adverb_weight: float = 0.5  # an unknown adverb (« franchement »)
    min_coverage: float = 0.0  # in a short query, the share of the known words the best entry must hold
    short_unknown: float = 0.5  # an unknown word of a short query (« mutuelle santé des salariés »)
    # --- the cut: results after a clear drop are not shown
    relevance_floor: float = 0.35  # below this share of the best score
    gap_ratio: float = 0.45  # after a drop to less than this share of the result before

    def with_values(self, **values: float) -> Weights:
        return replace(self, **values)

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


# fitted on the 889 pooled queries by python bench/fit_search.py (whole pool; 5-fold cross-validated top-1 of
# this procedure: 92.2 %, see bench/README.md); the fields left out keep their default
FITTED = Weights(
    coverage_floor=0.3,
    strong=0.25,
    type_intent=2.0,
    faq_prior=1.8,
    figure_prior=1.0,
    year_boost=2.0,
    bank=0.5,
    bank_question=0.5,
    bank_evidence=0.6,
)
