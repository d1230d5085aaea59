"""Ranking: a query against the index, the right answer first — a staged pipeline.

1. **Read** the query (:mod:`sosinfo.search.query`): its concepts and their alternatives.
2. **Candidates and features** (:func:`gather`): the entries holding a concept, bounded before
   scoring, each with what it holds of the query (BM25 mass, coverage, words in strong fields, the
   query as one of its questions…). Nothing here depends on a weight of :class:`Weights`.
3. **Fused score** (:func:`fuse`): one number per entry from its features and the named weights.
4. **Silence and cut** (:func:`rank_pool`): no answer when the best evidence is not worth one;
   figures of a figure question first; the list stops where relevance drops.
5. **Answer line** (:func:`present`): documents, excerpts, and the fact asked in one line.

The fitter (``bench/fit_search.py``) runs stage 2 once per query and stages 3–4 for each setting
of the weights.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sosinfo.quantities import format_value
from sosinfo.results import Hit, SearchResults
from sosinfo.search.analysis import (
    BANK,
    BIRTH_WORDS,
    COUNT_WORDS,
    EXACT,
    EXCERPT_SCAN,
    INDEX_ONLY_FIELDS,
    INDICATOR_SHARE,
    QUESTION_FORMS,
    QUESTION_WORDS,
    WHERE_WORDS,
    WHO_WORDS,
    stem,
    words,
)
from sosinfo.search.index import COMMON_TERM, DocumentStats, Store
from sosinfo.search.query import Alternative, Concept, Query, read_query
from sosinfo.search.weights import FAMILY_QUALITY, FITTED, K1, NEARBY, SHORT_QUERY, TOP_CANDIDATES, B, Weights
from sosinfo.text import fold

# --- stage 2: candidates and their features ----------------------------------------------------


@dataclass(eq=False)
class Candidate:
    """What one entry holds of the query: the features the fused score and the silence are made of."""

    number: int
    stats: DocumentStats
    bm25: float = 0.0  # BM25 mass of the concepts it holds (best alternative of each)
    phrase: float = 0.0  # idf of the query's adjacent words found adjacent in it
    phrase_topic: float = 0.0  # the same, leaving out pairs of two names
    covered: float = 0.0  # idf mass of the concepts it holds
    strong_hits: int = 0  # concepts found in its title, keywords, questions or value
    strong_topic: float = 0.0  # evidence from words (not names) found in strong fields
    body_topic: float = 0.0  # evidence from words (not names) found in its body only
    name_strong: float = 0.0  # evidence from names, in strong fields
    name_body: float = 0.0  # evidence from names, in its body only
    words_found: int = 0  # concepts (not names) it holds
    named: bool = False  # it holds a name the query gives
    same_question: int = 0  # concepts found in the one of its questions that holds the most of them
    title_share: float = 0.0  # share of its title's words that were asked for
    bank: float = 0.0  # BM25 mass of the concepts found in the words people use for it (the question bank)
    bank_topic: float = 0.0  # evidence from words (not names) found only in the question bank
    bank_phrase: float = 0.0  # the most of one phrase of its question bank that the query asks (idf share)
    terms: set[str] = field(default_factory=set)  # index terms it matched (for the excerpt)

    @property
    def matched(self) -> bool:
        return self.bm25 > 0.0 or self.bank > 0.0

    def evidence(self, weights: Weights) -> float:
        """How much of the query it shows the sources speak of (in idf)."""
        names = self.name_strong + weights.body_evidence * self.name_body
        return self.topic(weights) + weights.name_evidence * names + 0.5 * weights.phrase * (self.phrase - self.phrase_topic)

    def topic(self, weights: Weights) -> float:
        """The part of :meth:`evidence` that is not a name."""
        return self.strong(weights) + weights.body_evidence * self.body_topic + 0.5 * weights.phrase * self.phrase_topic

    def strong(self, weights: Weights) -> float:
        """Evidence from words (not names) that name it: in its title, keywords, questions or value, or in
        the words people use for it."""
        return self.strong_topic + weights.bank_evidence * self.bank_topic


@dataclass(eq=False)
class FigureIntent:
    """What a figure question asks, read once: the indicators it names, the years, the figures that answer."""

    indicators: set[str]
    surely: set[str]  # indicators named as typed or by a synonym (not by a typo)
    years: set[int]
    asks_number: bool
    asks_date: bool
    figures: list[int]  # every figure of the indicators
    own_question: bool  # may be a FAQ's own question (« quel est le budget du groupe »)
    latest: int | None  # the latest figure of a surely named indicator


@dataclass(eq=False)
class Pool:
    """Stage 2's output: the query, its candidates with their features, and what it asks of figures."""

    query: Query
    candidates: dict[int, Candidate]
    known_mass: float
    max_idf: float
    intent: FigureIntent | None


def gather(store: Store, query: Query) -> Pool:
    """Candidates and features of ``query`` (weights play no part here)."""
    concepts = query.concepts
    numbers = _candidates(store, concepts)
    stats = store.stats(numbers)
    candidates = {n: Candidate(n, stats[n]) for n in numbers}
    for concept in concepts:
        _score_concept(store, candidates, concept)
    _score_phrases(store, candidates, concepts)
    singles = [c.singles() for c in concepts]
    asked = frozenset().union(*singles)
    bank_idf: dict[str, float] = {}
    for candidate in candidates.values():
        questions = candidate.stats.questions
        candidate.same_question = max((sum(1 for alts in singles if not alts.isdisjoint(q)) for q in questions), default=0)
        if questions and questions[0]:
            candidate.title_share = len(questions[0] & candidate.terms) / len(questions[0])
        if candidate.bank > 0.0:  # a phrase of its bank holds a word asked
            candidate.bank_phrase = _bank_phrase(store, candidate.stats.asked, asked, bank_idf)
    known_mass = sum(c.weight for c in query.known) or 1.0
    return Pool(query, candidates, known_mass, store.max_idf, _figure_intent(store, query))


def _candidates(store: Store, concepts: list[Concept]) -> set[int]:
    """The entries worth scoring, bounded before any scoring: the postings of each alternative of each concept
    (of a term held by more than COMMON_TERM entries, only its TOP_CANDIDATES best-weighted ones: a cut by
    idf), ranked by a cheap bound (the idf mass of the concepts each holds), the best TOP_CANDIDATES kept."""
    bound: dict[int, float] = defaultdict(float)
    for concept in concepts:
        held: set[int] = set()
        for alternative in concept.alternatives:
            for prefix in ("", BANK):
                term = prefix + alternative[0]
                if store.document_frequency(term) > COMMON_TERM:
                    held.update(store.best_postings(term, TOP_CANDIDATES))
                else:
                    held.update(store.postings(term))
        weight = concept.weight or 1.0
        for number in held:
            bound[number] += weight
    if len(bound) <= TOP_CANDIDATES:
        return set(bound)
    return {number for number, _ in heapq.nsmallest(TOP_CANDIDATES, bound.items(), key=lambda item: (-item[1], item[0]))}


def _bank_phrase(store: Store, phrases: list[frozenset[str]], asked: frozenset[str], idf: dict[str, float]) -> float:
    """How much of one of the entry's question-bank phrases the query asks: the idf share of its words
    found among the query's words and their alternatives (two of them at least, unless it has one)."""

    def weight(term: str) -> float:
        if term not in idf:
            idf[term] = store.idf(BANK + term) or 0.0
        return idf[term]

    best = 0.0
    for phrase in phrases:
        found = phrase & asked
        if len(found) < min(2, len(phrase)):
            continue
        best = max(best, sum(map(weight, found)) / (sum(map(weight, phrase)) or 1.0))
    return best


def _score_concept(store: Store, candidates: dict[int, Candidate], concept: Concept) -> None:
    best: dict[int, float] = {}
    quality: dict[int, float] = {}
    banked: dict[int, float] = {}
    as_named: set[int] = set()  # entries holding the word itself (or a typo of it), not one of its synonyms
    for alternative, weight in concept.alternatives.items():
        factor = FAMILY_QUALITY if alternative in concept.family else 1.0
        for number, score in _phrase_scores(store, candidates, alternative, concept.parts).items():
            best[number] = max(best.get(number, 0.0), score * weight)
            quality[number] = max(quality.get(number, 0.0), factor * weight)
            candidates[number].terms.update(alternative)
            if alternative not in concept.synonyms:
                as_named.add(number)
        if alternative not in concept.family:
            for number, score in _bank_scores(store, candidates, alternative).items():
                banked[number] = max(banked.get(number, 0.0), score * weight * concept.parts)
    for number, score in banked.items():
        candidate = candidates[number]
        candidate.bank += score
        if number not in best:  # a word people use for the entry, that its text does not hold
            candidate.covered += concept.weight
            candidate.words_found += not concept.name
            strong = candidate.stats.strong
            named = any(all(BANK + t in strong for t in alt) for alt in concept.alternatives if alt not in concept.family)
            if named and not concept.name:  # one of its words, not a word met in one of its questions
                candidate.bank_topic += concept.weight * max(concept.alternatives.values())
    for number, score in best.items():
        candidate = candidates[number]
        candidate.bm25 += score
        candidate.covered += concept.weight
        strong = candidate.stats.strong
        in_strong = any(all(t in strong for t in alt) for alt in concept.alternatives)
        candidate.strong_hits += in_strong
        found = concept.weight * quality[number]
        if concept.name:
            candidate.named = candidate.named or number in as_named  # « Borello », not any « président »
            if in_strong:
                candidate.name_strong += found
            else:
                candidate.name_body += found
        else:
            candidate.words_found += 1
            if in_strong:
                candidate.strong_topic += found
            else:
                candidate.body_topic += found


def _score_phrases(store: Store, candidates: dict[int, Candidate], concepts: list[Concept]) -> None:
    """Two words typed side by side and found side by side (« économie sociale »)."""
    for left, right in itertools.pairwise(concepts):
        pairs = {
            (a[-1], b[0]) for a in left.alternatives for b in right.alternatives if a not in left.family and b not in right.family
        }
        bonus_of: dict[int, float] = {}
        for first, second in pairs:
            bigram = f"{first}+{second}"
            bonus = store.idf(bigram) or 0.0
            for number in store.postings_among(bigram, set(candidates)):
                if candidates[number].bm25 > 0.0:
                    bonus_of[number] = max(bonus_of.get(number, 0.0), bonus)
        for number, bonus in bonus_of.items():
            candidates[number].phrase += bonus
            if not (left.name and right.name):
                candidates[number].phrase_topic += bonus


def _bank_scores(store: Store, candidates: dict[int, Candidate], alternative: Alternative) -> dict[int, float]:
    """BM25 (saturated term frequency, no length) of each candidate whose question bank holds every stem of
    ``alternative``, averaged over them."""
    numbers = set(candidates)
    lists = [store.postings_among(BANK + term, numbers) for term in alternative]
    if not all(lists):
        return {}
    common = set(lists[0]).intersection(*lists[1:])
    idfs = [store.idf(BANK + term) or 0.0 for term in alternative]
    return {
        n: sum(idf * p[n] * (K1 + 1) / (p[n] + K1) for idf, p in zip(idfs, lists, strict=True)) / len(alternative) for n in common
    }


def _phrase_scores(store: Store, candidates: dict[int, Candidate], phrase: Alternative, parts: int = 1) -> dict[int, float]:
    """BM25 score of each document holding every stem of ``phrase`` (averaged over them, times ``parts``)."""
    numbers = set(candidates)
    lists = [store.postings_among(term, numbers) for term in phrase]
    if not all(lists):
        return {}
    common = set(lists[0]).intersection(*lists[1:])
    average = store.average_length
    result = {}
    for number in common:
        norm = K1 * (1 - B + B * candidates[number].stats.length / average)
        total = 0.0
        for term, postings in zip(phrase, lists, strict=True):
            frequency = postings[number]
            total += (store.idf(term) or 0.0) * frequency * (K1 + 1) / (frequency + norm)
        result[number] = parts * total / len(phrase)
    return result


def _named_indicators(store: Store, concepts: list[Concept]) -> tuple[dict[str, set[int]], set[str]]:
    """Indicators the query names (with the positions of the concepts naming them), and those surely named."""
    expanded = {alt for c in concepts if not c.acronym_guess for alt in c.alternatives}
    stems_seen = {t for alt in expanded for t in alt}
    named: dict[str, set[int]] = defaultdict(set)
    surely: set[str] = set()
    for position, concept in enumerate(concepts):  # a word whose stem is too short to trust, as written
        for indicator in store.meta.get("alias_forms", {}).get(concept.word, ()) if not concept.acronym_guess else ():
            named[indicator].add(position)
            surely.add(indicator)
    for alias, indicator in store.aliases_holding(stems_seen):
        for position, concept in enumerate(concepts):
            if concept.acronym_guess:
                continue
            if tuple(alias) in concept.alternatives or (
                len(alias) > 1
                and len(set(alias) & stems_seen) >= max(2, math.ceil(2 * len(alias) / 3))  # « associations reprises »
                and any(len(a) == 1 and a[0] in alias for a in concept.alternatives)
            ):
                named[indicator].add(position)
                if any(concept.sure(a) and (a == tuple(alias) or (len(a) == 1 and a[0] in alias)) for a in concept.alternatives):
                    surely.add(indicator)
    return named, surely


def _figure_intent(store: Store, query: Query) -> FigureIntent | None:
    """What ``query`` asks of figures; None when it is not about figures at all.

    A question about a figure names its indicator and asks a number (« combien », a year) or is mostly
    that indicator (« effectifs », « chiffre d'affaires »); « des témoignages de salariés » is not about
    the headcount.
    """
    concepts = query.concepts
    named, surely = _named_indicators(store, concepts)
    naming = {p for positions in named.values() for p in positions}
    if query.kind_positions - naming:  # « témoignages de salariés » asks testimonies, not the headcount
        return None
    years = {int(c.word) for c in concepts if c.soft}
    asks_number = bool(years) or bool(query.typed & COUNT_WORDS)
    total = sum(c.weight for c in concepts if not c.soft) or 1.0
    indicators = set()
    for indicator, positions in named.items():
        share = sum(concepts[p].weight for p in positions if not concepts[p].soft) / total
        if asks_number or share >= INDICATOR_SHARE:
            indicators.add(indicator)
    return FigureIntent(
        indicators,
        surely,
        years,
        asks_number,
        asks_date=bool(query.typed & QUESTION_WORDS),  # « quand », « when » are stop words: read as typed
        figures=store.figures_of(indicators) if indicators else [],
        own_question=bool(indicators) and not asks_number and bool(query.typed & QUESTION_FORMS),
        latest=store.latest_figure(indicators & surely),
    )


# --- stage 3: the fused score --------------------------------------------------------------------


def fuse(pool: Pool, weights: Weights, kind: str | None = None) -> list[tuple[float, int]]:
    """Every candidate's fused score, best first (ties: index order)."""
    query = pool.query
    total = len(query.concepts)
    priors = {} if query.what_is else {"faq": weights.faq_prior, "chiffre": weights.figure_prior}
    ranked: list[tuple[float, int]] = []
    mixed = query.mixed
    for number, c in pool.candidates.items():
        if not c.matched or (kind is not None and c.stats.type != kind):
            continue
        if mixed and not (c.named and c.topic(weights) > 0.0):  # « né Borello »: entries holding both, only
            continue
        coverage = c.covered / pool.known_mass
        final = (
            (c.bm25 + weights.phrase * c.phrase + weights.bank * c.bank)
            * (1 + weights.bank_question * c.bank_phrase)
            * (weights.coverage_floor + (1 - weights.coverage_floor) * coverage**2)
            * (1 + weights.strong * c.strong_hits / total)
            * (1 + weights.same_question * c.same_question / total)
            * (1 + weights.title_coverage * c.title_share)
            * priors.get(c.stats.type, 1.0)
        )
        if c.stats.type in query.wanted_kinds:
            final *= weights.type_intent
        ranked.append((final, number))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return ranked


# --- stage 4: silence, figures first, cut --------------------------------------------------------


@dataclass(eq=False)
class Evidence:
    """What a query holds for its best entry, against what it asks that the sources do not know."""

    found: float  # idf mass of the query's words found in the best entry (a word in its body counts less)
    unknown: float  # idf mass of the query's words that no entry holds
    words: int  # content words of the query
    topic: float | None = None  # for a query giving a name and asking something else, the evidence that is not the name
    strong: float = 0.0  # evidence from words (not names) in the best entry's title, keywords, questions or value
    covered: int = 0  # query words (not names) found in the best entry
    asked: int = 0  # query words that are neither names nor about the asker
    wording: bool = False  # the unknown words are only adverbs or about the asker (« franchement », « mon exposé »)
    coverage: float = 1.0  # share of the known words' mass the best entry holds
    short: bool = False  # a short query: every word is the subject

    def near(self, weights: Weights = FITTED) -> bool:
        """Not worth an answer, but the best entry holds something asked by name: the base knows the subject."""
        return self.found > 0.0 and (self.strong > 0.0 or self.found >= weights.min_evidence)

    def enough(self, weights: Weights = FITTED) -> bool:
        """Worth an answer: every word is known, or the evidence found outweighs the unknown words by a
        margin that relaxes as the query grows (a long question carries ordinary words around its subject).
        Beside a name, what is asked must itself be found, as much as one specific word."""
        if self.found <= 0.0:
            return False
        if self.topic is not None and self.topic < weights.min_evidence:
            return False
        if self.short and self.coverage < weights.min_coverage:
            # « salaire du président »: each word is known, but no entry holds them together
            return False
        if self.strong <= 0.0 and self.covered < min(2, self.asked) and not self.wording:
            # one word met in passing in an entry's text (« installer », « passe », « payé ») beside other
            # words (« python », « wifi », « directeur ») is no evidence: it must name an entry or come with another
            return False
        if self.unknown <= 0.0:
            return True
        margin = weights.unknown_ratio * self.unknown / max(1.0, self.words / 3) ** 0.5
        return self.found >= weights.min_evidence and self.found > margin


def evidence_of(pool: Pool, weights: Weights) -> Evidence:
    """The evidence of the best entry (the one holding both the name and the topic, for a mixed query)."""
    query = pool.query
    mixed = query.mixed
    unknown = query.unknown
    eligible = [c for c in pool.candidates.values() if c.matched and (not mixed or (c.named and c.topic(weights) > 0.0))]
    best = max(eligible, key=lambda c: (c.evidence(weights), -c.number), default=None)
    return Evidence(
        best.evidence(weights) if best is not None else 0.0,
        pool.max_idf * sum(c.unknown_weight(weights, len(query.required) <= SHORT_QUERY) for c in unknown),
        len(query.required),
        best.topic(weights) if mixed and best is not None else None,
        strong=best.strong(weights) if best is not None else 0.0,
        covered=best.words_found if best is not None else 0,
        asked=sum(1 for c in query.required if not c.name and not c.asker),
        wording=bool(unknown) and all(c.asker or c.adverb() for c in unknown),
        coverage=best.covered / pool.known_mass if best is not None else 0.0,
        short=len(query.required) <= SHORT_QUERY,
    )


@dataclass(eq=False)
class Ranking:
    """Stage 4's output: the entries to show, best first, and what the answer line needs."""

    ranked: list[tuple[float, int]]
    direct: bool = False  # figures of a figure question come first
    figure: int | None = None  # the figure that answers in one line
    missing: list[int] = field(default_factory=list)  # years asked that no figure has
    unknown: list[str] = field(default_factory=list)  # names, or words asked, the sources never write
    nearby: list[tuple[float, int]] = field(default_factory=list)  # no exact answer: the closest entries


def rank_pool(pool: Pool, weights: Weights, limit: int = 10, kind: str | None = None) -> Ranking:
    """Stages 3 and 4: nothing when the evidence is not worth an answer; else the fused, pinned, cut list."""
    query = pool.query
    if query.unknown_names:  # « Croix-Rouge »: the sources do not speak of it, whatever else is asked
        return Ranking([], unknown=query.unknown_names)
    if not query.known:
        return Ranking([], unknown=[c.typed for c in query.required if not c.asker])
    evidence = evidence_of(pool, weights)
    if not evidence.enough(weights):
        # the base knows the subject but not the detail asked (« horaires d'ouverture du siège »): say what it
        # does not know, and show the closest entries, never as an answer
        unheard = [c for c in query.unknown if c.unknown_weight(weights) > 0.0]
        # « prix d'une chambre en EHPAD »: the thing asked about is known, only the detail is not; « résultats du
        # loto »: the thing asked about is unknown, nothing is near
        about = [c for c in query.required if c.completes]
        near = evidence.near(weights) and bool(about) and all(c.in_text for c in about)
        nearby = cut(fuse(pool, weights, kind), NEARBY, weights) if near else []
        return Ranking([], unknown=[c.typed for c in unheard], nearby=nearby)
    ranked = fuse(pool, weights, kind)
    ranking = _figures_first(pool, ranked, weights, kind)
    ranking.ranked = cut(ranking.ranked, limit, weights)
    return ranking


def _figures_first(pool: Pool, ranked: list[tuple[float, int]], weights: Weights, kind: str | None) -> Ranking:
    """For a question about a figure, that indicator's figures come first (the asked year, else the latest)."""
    intent = pool.intent
    if kind not in (None, "chiffre") or intent is None:
        return Ranking(ranked)
    stats = {n: c.stats for n, c in pool.candidates.items()}
    if intent.own_question and _own_question(pool, ranked):
        # the FAQ's own question, word for word: the FAQ first, its latest figure in the answer line
        return Ranking(ranked, figure=intent.latest)
    if not intent.indicators:
        return Ranking(_dated_first(intent, stats, ranked, weights))
    found = {number for _, number in ranked}
    figures = [n for n in intent.figures if n in found]
    if not figures:
        return Ranking(ranked)
    years = intent.years
    missing = sorted(years - {stats[n].year for n in figures if stats[n].year is not None})
    if years and len(missing) == len(years):  # no figure of the asked year: the nearest year first
        asked = min(years)
        figures.sort(key=lambda n: (abs((stats[n].year or 0) - asked), -stats[n].recency, n))
    else:
        missing = []
        figures.sort(key=lambda n: (stats[n].year not in years, -stats[n].recency, n))
    top = ranked[0][0]
    pinned = [(top + len(figures) - position, number) for position, number in enumerate(figures)]
    chosen = set(figures)
    sure = stats[figures[0]].indicator in intent.surely
    return Ranking(pinned + [item for item in ranked if item[1] not in chosen], True, figures[0] if sure else None, missing)


def _own_question(pool: Pool, ranked: list[tuple[float, int]]) -> bool:
    """Whether the first entry is a FAQ answer whose own question holds only words the query asks."""
    if not ranked:
        return False
    first = pool.candidates[ranked[0][1]].stats
    singles = {t for c in pool.query.concepts for t in c.singles()}
    return first.type == "faq" and bool(first.questions) and singles >= first.questions[0]


def _dated_first(
    intent: FigureIntent, stats: dict[int, DocumentStats], ranked: list[tuple[float, int]], weights: Weights
) -> list[tuple[float, int]]:
    """« né en 1957 », « date de création »: entries dated the year asked (or dated at all) come first."""
    if not (intent.years or intent.asks_date):
        return ranked

    def boost(item: tuple[float, int]) -> tuple[float, int]:
        year = stats[item[1]].year
        dated = year is not None and (year in intent.years or (intent.asks_date and not intent.years))
        return item[0] * (weights.year_boost if dated else 1.0), item[1]

    return sorted(map(boost, ranked), key=lambda item: (-item[0], item[1]))


def cut(ranked: list[tuple[float, int]], limit: int, weights: Weights = FITTED) -> list[tuple[float, int]]:
    """The results worth reading: at most ``limit``, and none after a clear drop in relevance."""
    kept = ranked[:limit]
    if not kept:
        return kept
    top = kept[0][0]
    for position in range(1, len(kept)):
        score, previous = kept[position][0], kept[position - 1][0]
        if score < weights.relevance_floor * top or score < weights.gap_ratio * previous:
            return kept[:position]
    return kept


# --- stage 5: documents, excerpts and the answer line --------------------------------------------


def search(store: Store, query: str, limit: int = 10, kind: str | None = None, weights: Weights = FITTED) -> SearchResults:
    """The entries answering ``query``, best first; :class:`NotFoundError` when it holds no word to look for."""
    parsed = read_query(store, query)
    pool = gather(store, parsed)
    return present(store, pool, rank_pool(pool, weights, limit, kind), kind)


def present(store: Store, pool: Pool, ranking: Ranking, kind: str | None = None) -> SearchResults:
    """The ranked entries as results: each with its record and excerpt, the first with the answer line."""
    query = pool.query
    typed_stems = {t for c in query.concepts for t in next(iter(c.alternatives))}  # the words as typed, before synonyms

    def hit(score: float, number: int) -> Hit:
        doc_id, doc_type, title, command, fields, record = store.document(number)
        excerpt, spans = _excerpt(store, title, fields, matched=pool.candidates[number].terms, typed=typed_stems)
        return Hit(doc_id, doc_type, title, command, record, round(score, 4), excerpt, spans)

    hits = [hit(score, number) for score, number in ranking.ranked]
    figure_record = store.document(ranking.figure)[5] if ranking.figure is not None else None
    answer = _answer_line(hits[0], query.text, figure=figure_record, missing=ranking.missing) if hits else None
    shown = answer
    if answer is not None:
        hits[0].answer = answer  # the fact alone: what a script reads (« reponse_directe »)
        if figure_record is not None and figure_record.get("conflit"):  # for a reader: where to see the disagreement
            shown = f"{answer} ⚠ les sources ne s'accordent pas (sosinfo sources --conflits)"
    nearby = [hit(score, number) for score, number in ranking.nearby]
    return SearchResults(query.text, hits, ranking.direct, shown, kind, unknown=ranking.unknown, nearby=nearby)


def _answer_line(hit: Hit, query: str, *, figure: dict[str, Any] | None, missing: list[int]) -> str | None:
    """The fact asked, in one line, when it was surely asked: a figure, a date (of an event, of a birth),
    who leads, where the seat is.

    A figure is answered only when its indicator was named as typed or by a synonym, never through a
    typo or a look-alike (« payé » is not « pays »); a year without a figure says so, then gives the nearest.
    """
    if figure is not None:
        return _figure_line(figure, missing)
    asked = set(words(query))
    record = hit.record
    if hit.type == "personne":
        return _person_line(record, asked)
    if hit.type == "evenement" and asked & QUESTION_WORDS:
        return _event_line(record)
    if hit.type == "contact" and (asked & WHERE_WORDS or re.search(r"(?<!\w)où(?!\w)", query.lower())):
        return f"Siège : {record['adresse']} · tél. {record['telephone']} · {record['email']}"
    return None


def _cited(record: dict[str, Any]) -> str:
    sources = [str(source).removeprefix("source:") for source in record.get("sources") or []]
    return f"source{'s' if len(sources) > 1 else ''} : {', '.join(sources)}"


def _figure_line(figure: dict[str, Any], missing: list[int]) -> str:
    when = str(figure["annee"]) if figure.get("annee") is not None else "non daté"
    value = format_value(figure["valeur"], figure["unite"], figure.get("approximation"))
    cited = ", ".join(str(source).removeprefix("source:") for source in figure["sources"])
    line = f"{figure['libelle']} : {value} ({when}, source : {cited})"
    if missing:
        asked_years = ", ".join(map(str, missing))
        line = f"Pas de chiffre « {figure['libelle']} » pour {asked_years} ; le plus proche : {line}"
    return line


def _event_line(event: dict[str, Any]) -> str:
    """« 1984 — Création du groupe… (sources : …) »: the date of an event, as precise as the sources give it."""
    when = "/".join(str(event["date"]).split("-")[::-1]) if event.get("date") else str(event["annee"])
    if event.get("precision") == "deduite":
        when += " (année déduite)"
    return f"{when} — {event['titre']} ({_cited(event)})"


def _person_line(person: dict[str, Any], asked: set[str]) -> str | None:
    """When and where a person was born, or what they do (« qui dirige le groupe »)."""
    birth = person.get("naissance") or {}
    if asked & BIRTH_WORDS and birth.get("annee"):
        where = f" à {birth['lieu']}" if birth.get("lieu") else ""
        return f"{person['nom']} : né en {birth['annee']}{where} ({_cited(birth)})"
    if asked & WHO_WORDS and person.get("fonctions"):
        return f"{person['nom']} : {person['fonctions'][0]['intitule']}"
    return None


_STOP_BLANK = re.compile(r"(?<=[.!?])\s+")


def _pieces(text: str) -> Iterator[str]:
    """``re.split`` at a stop followed by blanks, one sentence at a time."""
    start = 0
    for match in _STOP_BLANK.finditer(text):
        yield text[start : match.start()]
        start = match.end()
    yield text[start:]


def _readable_sentences(title: str, fields: list[tuple[str, str]]) -> list[str]:
    """The first EXCERPT_SCAN sentences a reader sees of an entry (never its title again, nor its index-only
    fields), read lazily: a long answer is cut early."""
    readable = (text for kind, text in fields if kind not in INDEX_ONLY_FIELDS and text.strip())
    every = (piece.strip() for text in readable for piece in _pieces(text))
    return list(itertools.islice((s for s in every if s and s != title), EXCERPT_SCAN))


def _excerpt(
    store: Store, title: str, fields: list[tuple[str, str]], *, matched: set[str], typed: set[str], size: int = 200
) -> tuple[str, list[tuple[int, int]]]:
    """The entry's own sentence (or two) that holds the most of the matched words, with their spans.

    Only text a reader sees: never the title again, the keywords or the words kept for the index.
    """
    sentences = _readable_sentences(title, fields)
    best, best_score = 0, -1.0
    for position, sentence in enumerate(sentences):
        found = words(sentence)
        stems = ({stem(w) for w in found} | {EXACT + w for w in found}) & matched
        score = sum((store.idf(t) or 0.0) * (2.0 if t in typed else 1.0) for t in stems)
        if score > best_score:
            best, best_score = position, score
    text = sentences[best] if sentences else ""
    if text and len(text) < size // 2 and best + 1 < len(sentences):  # a short sentence: the next one too
        text = f"{text} {sentences[best + 1]}"
    if len(text) > size:
        text = text[: size - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    text = text.rstrip(" ,;:")
    if text and text[-1] not in ".!?…»)":
        text += "…"  # the entry's text goes on
    spans = [
        (m.start(), m.end())
        for m in re.finditer(r"\w+", text)
        if stem(fold(m.group())) in matched or EXACT + fold(m.group()) in matched
    ]
    return text, spans
