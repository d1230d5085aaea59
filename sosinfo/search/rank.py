"""Ranking: a query against the index, the right answer first.

How a query is answered:
1. It is folded (case, accents, elisions), cut into words, stripped of stop words and lightly
   stemmed; each remaining word is a *concept* the results must cover.
2. Each concept gets alternatives: itself, its synonyms (``synonymes.yaml``), close spellings of
   words in the index (typos allowed by word length, as in typo-tolerant engines), and words of
   the same family (shared long prefix).
3. Documents are scored BM25-style over weighted fields (a title counts more than an answer).
   A query whose concepts are mostly found nowhere gets no result at all.
4. A question about a figure (an indicator named by one of its aliases, maybe a year) puts the
   figures of that indicator first: that year's first, else the most recent first.
"""

from __future__ import annotations

import itertools
import math
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sosinfo.errors import NotFoundError
from sosinfo.quantities import format_value
from sosinfo.results import Hit, SearchResults
from sosinfo.search.analysis import (
    ADVERB_WEIGHT,
    BODY_EVIDENCE,
    COMPOUND,
    COUNT_WORDS,
    EXACT,
    EXACT_WEIGHT,
    EXCERPT_SCAN,
    GAP_RATIO,
    INDEX_ONLY_FIELDS,
    INDICATOR_SHARE,
    K1,
    MIN_EVIDENCE,
    NAME_EVIDENCE,
    ORDINARY_WEIGHT,
    PHRASE_WEIGHT,
    QUERY_STOP_WORDS,
    QUESTION_FORMS,
    QUESTION_WORDS,
    RELEVANCE_FLOOR,
    SHORT_WORD,
    STEM_WEIGHT,
    TITLE_COVERAGE,
    TYPE_INTENT_BOOST,
    TYPE_PRIOR,
    UNKNOWN_RATIO,
    WHAT_IS,
    WHERE_WORDS,
    WHO_WORDS,
    YEAR,
    B,
    about_asker,
    allowed_typos,
    completed,
    completes,
    numbers_as_typed,
    query_words,
    stem,
    words,
)
from sosinfo.search.index import DocumentStats, Store
from sosinfo.text import fold, printable

# --- answering a query ------------------------------------------------------------------------


@dataclass(eq=False)
class Concept:
    word: str  # the folded word as typed
    alternatives: dict[tuple[str, ...], float]  # stem sequence -> weight
    soft: bool = False  # a year: nice to match, not required
    family: set[tuple[str, ...]] = field(default_factory=set)  # alternatives that only share a long prefix
    guessed: set[tuple[str, ...]] = field(default_factory=set)  # typos: good enough to rank, not to answer in one line
    name: bool = False  # a person's or a place's name as typed: says who or where, not what
    acronym_guess: bool = False  # « ca » typed in small letters: maybe « ça », not surely « CA »
    asker: bool = False  # about the one who asks (« mon exposé »), not about what is sought
    parts: int = 1  # a hyphenated word's parts, found together: as telling as all of them
    complement: bool = False  # completes the word before (« du loto ») or is completed (« impôts sur »): names the topic

    def unknown_weight(self) -> float:
        """How much this word, unknown to the index, tells against an answer (in max idf)."""
        if self.asker:
            return 0.0
        if self.complement:
            return 1.0
        return ADVERB_WEIGHT if self.adverb() else ORDINARY_WEIGHT

    def adverb(self) -> bool:
        return self.word.endswith("ment")

    def sure(self, alternative: tuple[str, ...]) -> bool:
        """Whether finding ``alternative`` shows the word was really asked (not a typo or a look-alike)."""
        return not self.acronym_guess and alternative not in self.family and alternative not in self.guessed


def _concepts(store: Store, query: str) -> list[Concept]:
    capitals: dict[str, bool] = {}
    asker: dict[str, bool] = {}
    complement: dict[str, bool] = {}
    sequence = query_words(query)
    folded = [word for word, _ in sequence]
    for position, (word, upper) in enumerate(sequence):
        if word not in QUERY_STOP_WORDS:  # a word said twice counts once
            capitals[word] = capitals.get(word, False) or upper
            asker[word] = asker.get(word, True) and about_asker(folded, position)
            complement[word] = complement.get(word, False) or completes(folded, position) or completed(folded, position)
    typed = list(capitals)
    stems = [stem(w) for w in typed]
    names = set(store.meta.get("names", ()))
    acronyms = set(store.meta.get("acronyms", ()))
    concepts = [Concept(w, {(s,): 1.0}, soft=bool(YEAR.match(w))) for w, s in zip(typed, stems, strict=True)]
    for concept in concepts:
        concept.asker = asker[concept.word]
        concept.complement = complement[concept.word]
    for concept, term in zip(concepts, stems, strict=True):
        concept.name = term in names
        concept.acronym_guess = len(concept.word) <= SHORT_WORD and not capitals[concept.word] and concept.word in acronyms
        if term != concept.word and len(term) <= SHORT_WORD:
            # a stem this short says too little: « payé » is not « pays », only the word as typed counts
            concept.alternatives = {(EXACT + concept.word,): EXACT_WEIGHT}
        elif term != concept.word and store.has(EXACT + concept.word):
            concept.alternatives = {(term,): STEM_WEIGHT, (EXACT + concept.word,): EXACT_WEIGHT}
    for concept, term in zip(concepts, stems, strict=True):
        if concept.soft or term.isdigit() or store.has(term) or len(concept.word) <= SHORT_WORD:
            continue
        typos, family = _close_terms(store, concept.word, term)
        for candidate in typos:
            if (candidate,) not in concept.alternatives:
                concept.alternatives[(candidate,)] = 0.8
                concept.guessed.add((candidate,))
        for candidate in family:
            if (candidate,) not in concept.alternatives:
                concept.alternatives[(candidate,)] = 0.7
                concept.family.add((candidate,))
    # synonyms, single words or phrases: every concept of the phrase gains the group's other terms. The
    # longest phrase wins: « site web » is a contact word, and its « site » is then no establishment.
    phrases = store.synonym_phrases()
    forms = set(store.meta.get("synonym_forms", ()))
    matches = [
        (len(phrase), start, group)
        for start, first in enumerate(stems)
        for phrase, group in phrases.get(first, ())
        if tuple(stems[start : start + len(phrase)]) == phrase
        and not (
            len(phrase) == 1
            and (
                concepts[start].acronym_guess
                or (len(first) <= SHORT_WORD < len(concepts[start].word) and concepts[start].word not in forms)
            )
        )
    ]
    taken: dict[int, int] = {}  # concept position -> length of the phrase that claimed it
    for length, start, group in sorted(matches, key=lambda m: -m[0]):
        span = range(start, start + length)
        if any(taken.get(position, length) > length for position in span):
            continue
        for position in span:
            taken[position] = length
            for other in map(tuple, group):
                concepts[position].alternatives.setdefault(other, 0.9 if len(other) == 1 else 0.85)
    return _compounds(store, query, concepts, claimed={p for p, length in taken.items() if length > 1})


def _compounds(store: Store, query: str, concepts: list[Concept], claimed: set[int]) -> list[Concept]:
    """A hyphenated word (« vice-présidents ») is one concept: its parts must be found together. Alone,
    « vice » says little, and « présidents » would find the president, not the vice-presidents."""
    position_of = {c.word: position for position, c in enumerate(concepts)}
    merged: dict[int, Concept] = {}
    dropped: set[int] = set()
    for match in COMPOUND.finditer(numbers_as_typed(query)):
        parts = words(match.group())
        positions = [position_of.get(part) for part in parts]
        if len(parts) < 2 or any(p is None or p in claimed or p in merged or p in dropped for p in positions):
            continue
        members = [concepts[p] for p in positions if p is not None]
        if any(c.name or c.soft for c in members):
            continue  # « Jean-Marc »: a name's parts are matched as a name
        together = tuple(t for c in members for t in next(iter(c.alternatives)))
        if not set.intersection(*(set(store.postings(t)) for t in together)):
            continue  # never together in the sources: each part is looked for on its own
        first = members[0]
        merged[positions[0] or 0] = Concept(
            " ".join(parts),
            {together: EXACT_WEIGHT},
            parts=len(members),
            asker=all(c.asker for c in members),
            complement=first.complement,
        )
        dropped.update(p for p in positions[1:] if p is not None)
    if not merged:
        return concepts
    return [merged.get(p, c) for p, c in enumerate(concepts) if p not in dropped]


def _close_terms(store: Store, word: str, term: str) -> tuple[list[str], list[str]]:
    """Stems of the index a typo away from ``word``, and stems of the same family as ``term``."""
    found: list[str] = []
    family: list[str] = []
    budget = allowed_typos(word)
    if budget:  # typos are measured on whole words, and a typo on the first letter is not guessed
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        surface = store.words()
        candidates = store.words_starting(word[:1])
        close = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=budget, limit=8)
        fewest = min((distance for _, distance, _ in close), default=0)
        found += [surface[candidate] for candidate, distance, _ in close if distance == fewest]
    if len(term) >= 6 and not found:  # same family, when no typo explains the word: « radicalisation » ~ « radicalise »
        for candidate in store.terms_with_prefix(term[:4]):
            if "+" in candidate:  # a pair of adjacent words, not a word
                continue
            shared = len(os.path.commonprefix([term, candidate]))  # noqa: RUF071 - words, compared letter by letter
            if shared >= max(6, math.ceil(0.75 * min(len(term), len(candidate)))):
                family.append(candidate)
    return found, family


def _matched(store: Store, concept: Concept) -> bool:
    """A word is known when the index has it, a synonym of it or a word a typo away (not a mere family)."""
    return any(
        all(store.has(t) for t in alternative) for alternative in concept.alternatives if alternative not in concept.family
    )


def _weight(store: Store, concept: Concept) -> float:
    """How much finding ``concept`` tells: the idf of its best alternative, times that alternative's weight."""
    best = 0.0
    for alternative, weight in concept.alternatives.items():
        idfs = [store.idf(t) for t in alternative]
        if all(i is not None for i in idfs):
            best = max(best, weight * sum(i or 0.0 for i in idfs) / len(idfs))
    return best * concept.parts


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

    def enough(self, minimum: float = MIN_EVIDENCE, ratio: float = UNKNOWN_RATIO) -> bool:
        """Worth an answer: every word is known, or the evidence found outweighs the unknown words by a
        margin that relaxes as the query grows (a long question carries ordinary words around its subject).
        Beside a name, what is asked must itself be found, as much as one specific word."""
        if self.found <= 0.0:
            return False
        if self.topic is not None and self.topic < minimum:
            return False
        if self.strong <= 0.0 and self.covered < min(2, self.asked) and not self.wording:
            # one word met in passing in an entry's text (« installer », « passe », « payé ») beside other
            # words (« python », « wifi », « directeur ») is no evidence: it must name an entry or come with another
            return False
        if self.unknown <= 0.0:
            return True
        return self.found >= minimum and self.found > ratio * self.unknown / max(1.0, self.words / 3) ** 0.5


def search(store: Store, query: str, limit: int = 10, kind: str | None = None) -> SearchResults:
    concepts = _concepts(store, query)
    if not concepts:
        raise NotFoundError(
            f"« {printable(query)} » ne contient aucun mot à chercher.",
            hint="Essayez un mot précis : budget, gouvernance, salariés…",
        )
    required = [c for c in concepts if not c.soft]
    known = [c for c in concepts if _matched(store, c)]
    if not known:
        return SearchResults(query, [], False)
    weights = {id(c): _weight(store, c) for c in concepts}
    known_mass = sum(weights[id(c)] for c in known) or 1.0
    max_idf = store.max_idf
    unknown_words = [c for c in required if c not in known]
    unknown_mass = sum(max_idf * c.unknown_weight() for c in unknown_words)
    type_words: dict[str, str] = store.meta["type_words"]
    wanted_kinds = {type_words[t] for c in concepts for alt in c.alternatives for t in alt if len(alt) == 1 and t in type_words}
    typed = set(words(query))
    if typed & COUNT_WORDS:  # « combien », « nombre »: a number is wanted
        wanted_kinds.add("chiffre")
    priors = TYPE_PRIOR
    if WHAT_IS.search(" ".join(words(query))):
        wanted_kinds.add("approche")
        priors = {}  # « c'est quoi le groupe » is answered by a presentation, not by the FAQ that names the group

    candidates = {n for c in concepts for alt in c.alternatives for t in alt for n in store.postings(t)}
    stats = store.stats(candidates)
    scores: dict[int, float] = defaultdict(float)
    covered_mass: dict[int, float] = defaultdict(float)
    evidence: dict[int, float] = defaultdict(float)
    topic: dict[int, float] = defaultdict(float)  # the part of the evidence that is not a name
    named_in: set[int] = set()  # entries holding a name the query gives
    strong_hits: dict[int, int] = defaultdict(int)
    strong_mass: dict[int, float] = defaultdict(float)  # evidence from words (not names) in strong fields
    words_found: dict[int, int] = defaultdict(int)  # query words (not names) found
    hit_terms: dict[int, set[str]] = defaultdict(set)
    for concept in concepts:
        best: dict[int, float] = {}
        quality: dict[int, float] = {}
        for alternative, weight in concept.alternatives.items():
            for number, score in _phrase_scores(store, stats, alternative, concept.parts).items():
                if score * weight > best.get(number, 0.0):
                    best[number] = score * weight
                quality[number] = max(quality.get(number, 0.0), weight if alternative not in concept.family else 0.5 * weight)
                hit_terms[number].update(alternative)
        for number, score in best.items():
            scores[number] += score
            covered_mass[number] += weights[id(concept)]
            strong = stats[number].strong
            in_strong = any(all(t in strong for t in alt) for alt in concept.alternatives)
            strong_hits[number] += in_strong
            found = weights[id(concept)] * quality[number] * (1.0 if in_strong else BODY_EVIDENCE)
            if concept.name:
                evidence[number] += NAME_EVIDENCE * found
                named_in.add(number)
            else:
                evidence[number] += found
                topic[number] += found
                words_found[number] += 1
                if in_strong:
                    strong_mass[number] += found
    # phrases: two words typed side by side and found side by side (« économie sociale »)
    for left, right in itertools.pairwise(concepts):
        pairs = {
            (a[-1], b[0]) for a in left.alternatives for b in right.alternatives if a not in left.family and b not in right.family
        }
        bonus_of: dict[int, float] = {}
        for first, second in pairs:
            bigram = f"{first}+{second}"
            bonus = (store.idf(bigram) or 0.0) * PHRASE_WEIGHT
            for number in store.postings(bigram):
                if number in scores:
                    bonus_of[number] = max(bonus_of.get(number, 0.0), bonus)
        for number, bonus in bonus_of.items():
            scores[number] += bonus
            evidence[number] += 0.5 * bonus
            if not (left.name and right.name):
                topic[number] += 0.5 * bonus
    total = len(concepts)
    # a question that gives a name (« Borello », « Paris ») and asks something else is answered by an entry
    # holding both: the name alone is no evidence that the sources speak of « salaire » or « condamné »
    mixed = any(c.name for c in required) and any(not c.name for c in required)
    eligible = [n for n in evidence if not mixed or (n in named_in and topic[n] > 0.0)]
    best_number = max(eligible, key=lambda n: (evidence[n], -n), default=None)
    best_evidence = Evidence(
        evidence[best_number] if best_number is not None else 0.0,
        unknown_mass,
        len(required),
        topic[best_number] if mixed and best_number is not None else None,
        strong=strong_mass[best_number] if best_number is not None else 0.0,
        covered=words_found[best_number] if best_number is not None else 0,
        asked=sum(1 for c in required if not c.name and not c.asker),
        wording=bool(unknown_words) and all(c.asker or c.adverb() for c in unknown_words),
    )
    if not best_evidence.enough():
        return SearchResults(query, [], False)
    ranked: list[tuple[float, int]] = []
    singles = [frozenset(a[0] for a in c.alternatives if len(a) == 1) for c in concepts]
    for number, score in scores.items():
        document = stats[number]
        if kind is not None and document.type != kind:
            continue
        coverage = covered_mass[number] / known_mass
        # the query asks one of the document's own questions: « quelles sont les activités du groupe »
        same_question = max((sum(1 for alts in singles if not alts.isdisjoint(q)) for q in document.questions), default=0)
        final = (
            score
            * (0.2 + 0.8 * coverage**2)
            * (1 + 0.5 * strong_hits[number] / total)
            * (1 + 0.6 * same_question / total)
            * priors.get(document.type, 1.0)
        )
        if document.type in wanted_kinds:
            final *= TYPE_INTENT_BOOST
        if document.questions and document.questions[0]:
            # the more of its title was asked for, the more the entry is about it: « directoire » is the Directoire
            title_terms = document.questions[0]
            final *= 1.0 + TITLE_COVERAGE * len(title_terms & hit_terms[number]) / len(title_terms)
        ranked.append((final, number))
    ranked.sort(key=lambda item: (-item[0], item[1]))

    # a kind named as typed (« témoignages »), not through a synonym or a look-alike stem (« présent »)
    kind_positions = {
        position
        for position, c in enumerate(concepts)
        if any(stem(c.word) == t and (c.word == w or c.word == w + "s") for t, w in _kind_forms(store))
    }
    ranked, direct, figure, missing = _facts_first(
        store,
        stats=stats,
        concepts=concepts,
        ranked=ranked,
        kind=kind,
        weights=weights,
        typed=typed,
        kind_positions=kind_positions,
    )
    ranked = _cut(ranked, limit)
    typed_stems = {t for c in concepts for t in next(iter(c.alternatives))}  # the words as typed, before synonyms
    hits = []
    for score, number in ranked:
        doc_id, doc_type, title, command, fields, record = store.document(number)
        excerpt, spans = _excerpt(store, title, fields, matched=hit_terms[number], typed=typed_stems)
        hits.append(Hit(doc_id, doc_type, title, command, record, round(score, 4), excerpt, spans))
    figure_record = store.document(figure)[5] if figure is not None else None
    answer = _answer_line(hits[0], query, figure=figure_record, missing=missing) if hits else None
    shown = answer
    if answer is not None:
        hits[0].answer = answer  # the fact alone: what a script reads (« reponse_directe »)
        if figure_record is not None and figure_record.get("conflit"):  # for a reader: where to see the disagreement
            shown = f"{answer} ⚠ les sources ne s'accordent pas (sosinfo sources --conflits)"
    return SearchResults(query, hits, direct, shown, kind)


def _kind_forms(store: Store) -> list[tuple[str, str]]:
    """(stem, folded word) of each word naming a kind of entry other than figures and FAQ."""
    type_words: dict[str, str] = store.meta["type_words"]
    from sosinfo.kinds import KINDS

    return [
        (stem(w), w)
        for kind in KINDS
        if kind.id not in ("faq", "chiffre")
        for w in words(kind.search_words)
        if stem(w) in type_words
    ]


def _answer_line(hit: Hit, query: str, *, figure: dict[str, Any] | None, missing: list[int]) -> str | None:
    """The fact asked, in one line, when it was surely asked: a figure, who leads, where the seat is.

    A figure is answered only when its indicator was named as typed or by a synonym, never through a
    typo or a look-alike (« payé » is not « pays »); a year without a figure says so, then gives the nearest.
    """
    record = hit.record
    asked = set(words(query))
    if figure is not None:
        when = str(figure["annee"]) if figure.get("annee") is not None else "non daté"
        value = format_value(figure["valeur"], figure["unite"], figure.get("approximation"))
        cited = ", ".join(str(source).removeprefix("source:") for source in figure["sources"])
        line = f"{figure['libelle']} : {value} ({when}, source : {cited})"
        if missing:
            asked_years = ", ".join(map(str, missing))
            line = f"Pas de chiffre « {figure['libelle']} » pour {asked_years} ; le plus proche : {line}"
        return line
    if hit.type == "personne" and asked & WHO_WORDS and record.get("fonctions"):
        return f"{record['nom']} : {record['fonctions'][0]['intitule']}"
    if hit.type == "contact" and (asked & WHERE_WORDS or re.search(r"(?<!\w)où(?!\w)", query.lower())):
        return f"Siège : {record['adresse']} · tél. {record['telephone']} · {record['email']}"
    return None


def _cut(ranked: list[tuple[float, int]], limit: int) -> list[tuple[float, int]]:
    """The results worth reading: at most ``limit``, and none after a clear drop in relevance."""
    kept = ranked[:limit]
    if not kept:
        return kept
    top = kept[0][0]
    for position in range(1, len(kept)):
        score, previous = kept[position][0], kept[position - 1][0]
        if score < RELEVANCE_FLOOR * top or score < GAP_RATIO * previous:
            return kept[:position]
    return kept


def _phrase_scores(store: Store, stats: dict[int, DocumentStats], phrase: tuple[str, ...], parts: int = 1) -> dict[int, float]:
    """BM25 score of each document holding every stem of ``phrase`` (averaged over them, times ``parts``)."""
    lists = [store.postings(term) for term in phrase]
    if not all(lists):
        return {}
    common = set(lists[0]).intersection(*lists[1:])
    average = store.average_length
    result = {}
    for number in common:
        norm = K1 * (1 - B + B * stats[number].length / average)
        total = 0.0
        for term, postings in zip(phrase, lists, strict=True):
            frequency = postings[number]
            total += (store.idf(term) or 0.0) * frequency * (K1 + 1) / (frequency + norm)
        result[number] = parts * total / len(phrase)
    return result


def _facts_first(  # noqa: PLR0911 - each return is one reason not to pin figures
    store: Store,
    *,
    stats: dict[int, DocumentStats],
    concepts: list[Concept],
    ranked: list[tuple[float, int]],
    kind: str | None,
    weights: dict[int, float],
    typed: set[str],
    kind_positions: set[int] | None = None,
) -> tuple[list[tuple[float, int]], bool, int | None, list[int]]:
    """For a question about a figure, that indicator's figures come first (the asked year, else the latest).

    A question about a figure names its indicator and asks a number (« combien », a year) or is mostly
    that indicator (« effectifs », « chiffre d'affaires »); « quel est le budget du groupe » is the
    FAQ's own question, and « des témoignages de salariés » is not about the headcount.
    """
    if kind not in (None, "chiffre"):
        return ranked, False, None, []
    expanded = {alt for c in concepts if not c.acronym_guess for alt in c.alternatives}
    stems_seen = {t for alt in expanded for t in alt}
    named: dict[str, set[int]] = defaultdict(set)  # indicator -> positions of the concepts naming it
    surely: set[str] = set()  # indicators named as typed or by a synonym (not by a typo)
    for position, concept in enumerate(concepts):  # a word whose stem is too short to trust, as written
        for indicator in store.meta.get("alias_forms", {}).get(concept.word, ()) if not concept.acronym_guess else ():
            named[indicator].add(position)
            surely.add(indicator)
    for alias, indicator in store.meta["aliases"]:
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
    naming = {p for positions in named.values() for p in positions}
    if (kind_positions or set()) - naming:  # « témoignages de salariés » asks testimonies, not the headcount
        return ranked, False, None, []
    years = {int(c.word) for c in concepts if c.soft}
    asks_number = bool(years) or bool(typed & COUNT_WORDS)
    total = sum(weights[id(c)] for c in concepts if not c.soft) or 1.0
    indicators = set()
    for indicator, positions in named.items():
        share = sum(weights[id(concepts[p])] for p in positions if not concepts[p].soft) / total
        if asks_number or share >= INDICATOR_SHARE:
            indicators.add(indicator)
    if indicators and not asks_number and typed & QUESTION_FORMS and ranked:
        first = stats[ranked[0][1]]
        if first.type == "faq" and first.questions and {t for c in concepts for t in c.alternatives if len(t) == 1} >= {
            (t,) for t in first.questions[0]
        }:
            # the FAQ's own question, word for word: the FAQ first, its latest figure in the answer line
            latest = sorted(store.figures_of(indicators & surely), key=lambda n: (-store.stats({n})[n].recency, n))
            return ranked, False, (latest[0] if latest else None), []
    asks_date = any(c.word in QUESTION_WORDS for c in concepts)
    if not indicators:
        if years or asks_date:  # « né en 1957 », « date de création »: dated entries of that year first

            def boost(item: tuple[float, int]) -> tuple[float, int]:
                year = stats[item[1]].year
                bonus = 1.5 if year is not None and (year in years or (asks_date and not years)) else 1.0
                return item[0] * bonus, item[1]

            return sorted(map(boost, ranked), key=lambda item: (-item[0], item[1])), False, None, []
        return ranked, False, None, []
    found = {number for _, number in ranked}
    figures = [n for n in store.figures_of(indicators) if n in found]
    if not figures:
        return ranked, False, None, []
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
    sure = stats[figures[0]].indicator in surely
    return pinned + [item for item in ranked if item[1] not in chosen], True, (figures[0] if sure else None), missing


def _excerpt(
    store: Store, title: str, fields: list[tuple[str, str]], *, matched: set[str], typed: set[str], size: int = 200
) -> tuple[str, list[tuple[int, int]]]:
    """The entry's own sentence (or two) that holds the most of the matched words, with their spans.

    Only text a reader sees: never the title again, the keywords or the words kept for the index.
    """
    readable = [text for kind, text in fields if kind not in INDEX_ONLY_FIELDS and text.strip()]
    sentences = [
        s.strip() for text in readable for s in re.split(r"(?<=[.!?])\s+", text) if s.strip() and s.strip() != title
    ][:EXCERPT_SCAN]
    best, best_score = 0, -1.0
    for position, sentence in enumerate(sentences):
        stems = ({stem(w) for w in words(sentence)} | {EXACT + w for w in words(sentence)}) & matched
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
