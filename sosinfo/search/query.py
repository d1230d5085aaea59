"""A query, read: its concepts (the words the results must cover) and what it asks for.

1. The query is folded (case, accents, elisions), cut into words, stripped of stop words and
   lightly stemmed; each remaining word is a *concept*.
2. Each concept gets alternatives: itself, its synonyms (``synonymes.yaml``), close spellings of
   words in the index (typos allowed by word length, two for a name), and words of the same
   family (a long shared prefix).
3. What the query asks is noted beside: kinds of entries it names (« témoignages »), a number
   (« combien »), a presentation (« c'est quoi »).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sosinfo.errors import NotFoundError
from sosinfo.search.analysis import (
    BANK,
    COMPOUND,
    COUNT_WORDS,
    EXACT,
    QUERY_STOP_WORDS,
    QUESTION_FORMS,
    QUESTION_WORDS,
    SHORT_WORD,
    WHAT_IS,
    YEAR,
    about_asker,
    allowed_typos,
    asker_clauses,
    completed,
    completes,
    numbers_as_typed,
    query_words,
    stem,
    typed_forms,
    words,
)
from sosinfo.search.index import Store
from sosinfo.search.weights import (
    EXACT_WEIGHT,
    FAMILY_WEIGHT,
    PHRASE_SYNONYM_WEIGHT,
    STEM_WEIGHT,
    SYNONYM_WEIGHT,
    TYPO_WEIGHT,
    Weights,
)
from sosinfo.text import printable

NAME_TYPOS = 2  # typos allowed in a name of the base, whatever its length
Alternative = tuple[str, ...]  # a sequence of index terms (stems, or EXACT + a word)


@dataclass(eq=False)
class Concept:
    word: str  # the folded word as typed
    alternatives: dict[Alternative, float]  # stem sequence -> weight
    soft: bool = False  # a year: nice to match, not required
    form: bool = False  # the question's form (« en quelle année »): says a date is asked, not required
    head: bool = False  # the first word asked (« mutuelle » in « mutuelle santé des salariés »): the thing asked about
    family: set[Alternative] = field(default_factory=set)  # alternatives that only share a long prefix
    guessed: set[Alternative] = field(default_factory=set)  # typos: good enough to rank, not to answer in one line
    synonyms: set[Alternative] = field(default_factory=set)  # alternatives from synonymes.yaml
    name: bool = False  # a person's or a place's name as typed: says who or where, not what
    acronym_guess: bool = False  # « ca » typed in small letters: maybe « ça », not surely « CA »
    asker: bool = False  # about the one who asks (« mon exposé »), not about what is sought
    parts: int = 1  # a hyphenated word's parts, found together: as telling as all of them
    complement: bool = False  # completes the word before (« du loto ») or is completed (« impôts sur »): names the topic
    completes: bool = False  # completes the word before (« résultats du loto »): the thing asked about
    capitals: bool = False  # typed with a capital or in capitals (« Emmaüs », « UNICEF »): maybe a name
    typed: str = ""  # the word as typed, accents and case kept (for messages)
    weight: float = 0.0  # how much finding it tells: the idf of its best alternative (set by :func:`read_query`)
    known: bool = False  # the index holds it, a synonym of it or a word a typo away (not a mere family)
    in_text: bool = False  # known from the entries' own text, not only from the words people use for them
    corroborated: bool = False  # a typo whose guess meets another word of the question in one entry

    def unknown_weight(self, weights: Weights, short: bool = False) -> float:
        """How much this word, unknown to the index, tells against an answer (in max idf). In a short query
        (``short``) every word is the subject: there is no wording around it (« mutuelle santé des salariés »)."""
        if self.asker:
            return 0.0
        if self.complement:
            return 1.0
        if self.adverb():  # « franchement, … »: wording, even first
            return weights.adverb_weight
        if self.head and short:
            return 1.0
        return weights.short_unknown if short else weights.ordinary_weight

    def adverb(self) -> bool:
        return self.word.endswith("ment")

    def sure(self, alternative: Alternative) -> bool:
        """Whether finding ``alternative`` shows the word was really asked (not a typo or a look-alike)."""
        return not self.acronym_guess and alternative not in self.family and alternative not in self.guessed

    def singles(self) -> frozenset[str]:
        return frozenset(a[0] for a in self.alternatives if len(a) == 1)


@dataclass(eq=False)
class Query:
    """A query as the ranking reads it."""

    text: str
    concepts: list[Concept]
    typed: set[str]  # every folded word of the query, stop words included
    wanted_kinds: set[str]  # kinds of entries the query names (« témoignages », « combien » -> chiffre)
    what_is: bool  # « c'est quoi le groupe »: a presentation is wanted, not the FAQ that names the group
    kind_positions: set[int]  # concepts naming a kind of entry as typed
    unknown_names: list[str] = field(default_factory=list)  # names typed that the sources never write (« Croix-Rouge »)

    @property
    def required(self) -> list[Concept]:
        return [c for c in self.concepts if not (c.soft or c.form)]

    @property
    def known(self) -> list[Concept]:
        return [c for c in self.concepts if c.known]

    @property
    def unknown(self) -> list[Concept]:
        return [c for c in self.required if not c.known]

    @property
    def mixed(self) -> bool:
        """It gives a name (« Borello », « Paris ») and asks something else: both must be found together."""
        required = self.required
        return any(c.name for c in required) and any(not c.name for c in required)


def read_query(store: Store, text: str) -> Query:
    """The concepts of ``text`` and what it asks; :class:`NotFoundError` when it holds no word to look for."""
    concepts = _concepts(store, text)
    if not concepts:
        raise NotFoundError(
            f"« {printable(text)} » ne contient aucun mot à chercher.",
            hint="Essayez un mot précis : budget, gouvernance, salariés…",
        )
    for concept in concepts:
        concept.known = _matched(store, concept)
    _corroborate_guesses(store, concepts)
    for concept in concepts:
        concept.in_text = any(all(store.has(t) for t in alt) for alt in concept.alternatives if alt not in concept.family)
        concept.weight = _weight(store, concept)
    typed = set(words(text))
    type_words: dict[str, str] = store.meta["type_words"]
    wanted = {type_words[t] for c in concepts for alt in c.alternatives for t in alt if len(alt) == 1 and t in type_words}
    if typed & COUNT_WORDS:  # « combien », « nombre »: a number is wanted
        wanted.add("chiffre")
    what_is = bool(WHAT_IS.search(" ".join(words(text))))
    if what_is:
        wanted.add("approche")
    # a kind named as typed (« témoignages »), not through a synonym or a look-alike stem (« présent »)
    forms = _kind_forms(store)
    kind_positions = {
        position
        for position, c in enumerate(concepts)
        if any(stem(c.word) == t and (c.word == w or c.word == w + "s") for t, w in forms)
    }
    return Query(text, concepts, typed, wanted, what_is, kind_positions, _unknown_names(store, text, concepts))


# a word as typed, hyphenated parts included (« Croix-Rouge », « Jean-Marc »), and the stops that open a sentence
_TYPED_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[.!?;:]")


def _looks_like_a_name(token: str, opens_sentence: bool) -> bool:
    """A capital inside a sentence (« à Lyon »), a word in capitals (« UNICEF »), or a compound of capitalised
    parts (« Croix-Rouge »): the typist names someone or something."""
    parts = token.split("-")
    if len(token) > 1 and token.isupper():
        return True
    if len(parts) > 1 and all(part[:1].isupper() for part in parts):
        return True
    return token[:1].isupper() and not opens_sentence


def _unknown_names(store: Store, text: str, concepts: list[Concept]) -> list[str]:
    """The names the query gives that the sources never write, as typed: a name one or two letters off a
    name of the base is that name (« Borrelo »), and a word the sources use is no unknown name."""
    by_word = {c.word: c for c in concepts}
    found: list[str] = []
    current: list[str] = []  # consecutive name-like tokens: one name (« Secours Populaire »)
    unknown = False
    opens = True
    for match in _TYPED_TOKEN.finditer(text):
        token = match.group()
        name = token[0] not in ".!?;:" and _looks_like_a_name(token, opens)
        if name:
            current.append(token)
            unknown = unknown or any(_unheard(store, by_word.get(w)) for w in words(token) if w not in QUERY_STOP_WORDS)
        if not name and current:
            if unknown:
                found.append(" ".join(current))
            current, unknown = [], False
        opens = token in ".!?;:"
    if current and unknown:
        found.append(" ".join(current))
    return found


def _unheard(store: Store, concept: Concept | None) -> bool:
    """Whether a word of a name is unknown to the base (its text or the words people use for its entries), and
    no typo of a word it knows."""
    if concept is None or concept.soft or concept.asker:  # « je suis responsable RSE »: the asker's own world
        return False
    if concept.name:  # a name of the base, maybe misspelt (« Borrelo »)
        return False
    if concept.corroborated and len(concept.guessed) == 1:  # one word of the base it can be, found beside the others
        return False  # (« Sophie Campagnne », « AID Servcies »; « Croix », choix or croit, stays a name unheard of)
    own = [alt for alt in concept.alternatives if alt not in concept.guessed and alt not in concept.family]
    return not any(all(store.has(t) or store.has(BANK + t) for t in alt) for alt in own)


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


def _typed_concepts(text: str) -> list[Concept]:
    """One concept per content word of the query (a word said twice counts once), with what its place tells.

    Words of a clause about the asker (« je travaille dans une fondation et … ») are left out: they say who
    asks, not what is sought, and must not steer the answer (unless nothing else is asked)."""
    capitals: dict[str, bool] = {}
    asker: dict[str, bool] = {}
    context: dict[str, bool] = {}
    complement: dict[str, bool] = {}
    follows: dict[str, bool] = {}
    sequence = query_words(text)
    folded = [word for word, _ in sequence]
    clauses = asker_clauses(text)
    # « en quelle année », « which year », « à quelle date »: the question's form, not a word the answer must hold
    question_forms = {
        word
        for position, word in enumerate(folded)
        if word in QUESTION_WORDS and position and folded[position - 1] in QUESTION_FORMS
    }
    for position, (word, upper) in enumerate(sequence):
        if word not in QUERY_STOP_WORDS:
            capitals[word] = capitals.get(word, False) or upper
            context[word] = context.get(word, True) and clauses[position]
            asker[word] = asker.get(word, True) and (clauses[position] or about_asker(folded, position))
            follows[word] = follows.get(word, False) or completes(folded, position)
            complement[word] = complement.get(word, False) or follows[word] or completed(folded, position)
    initials = {fold_word for token in re.findall(r"[^\W\d_]+", text) if token[:1].isupper() for fold_word in words(token)}
    asked = [w for w in capitals if not context[w]] or list(capitals)
    if all(w in question_forms for w in asked):  # « quelle année ? » alone: the form is all that is asked
        question_forms = set()
    first_asked = next((w for w in asked if not asker[w] and w not in question_forms and not YEAR.match(w)), None)
    forms = typed_forms(text)
    return [
        Concept(
            w,
            {(stem(w),): 1.0},
            soft=bool(YEAR.match(w)),
            form=w in question_forms,
            head=w == first_asked,
            asker=asker[w],
            complement=complement[w],
            completes=follows[w],
            capitals=w in initials,
            typed=forms.get(w, w),
        )
        for w in asked
    ]


def _concepts(store: Store, text: str) -> list[Concept]:
    concepts = _typed_concepts(text)
    if not concepts:
        return []
    capitals = {w for w, upper in query_words(text) if upper}
    names = set(store.meta.get("names", ()))
    acronyms = set(store.meta.get("acronyms", ()))
    for concept in concepts:
        term = stem(concept.word)
        concept.name = term in names
        concept.acronym_guess = len(concept.word) <= SHORT_WORD and concept.word not in capitals and concept.word in acronyms
        if term != concept.word and len(term) <= SHORT_WORD:
            # a stem this short says too little: « payé » is not « pays », only the word as typed counts
            concept.alternatives = {(EXACT + concept.word,): EXACT_WEIGHT}
        elif term != concept.word and store.has(EXACT + concept.word):
            concept.alternatives = {(term,): STEM_WEIGHT, (EXACT + concept.word,): EXACT_WEIGHT}
        if not (concept.soft or term.isdigit() or store.has(term) or store.has(BANK + term) or len(concept.word) <= SHORT_WORD):
            _add_close_terms(store, concept, term, names)
    claimed = _add_synonyms(store, concepts)
    return _compounds(store, text, concepts, claimed)


def _add_close_terms(store: Store, concept: Concept, term: str, names: set[str]) -> None:
    typos, family = _close_terms(store, concept.word, term, names)
    for candidate in typos:
        if (candidate,) not in concept.alternatives:
            concept.alternatives[(candidate,)] = TYPO_WEIGHT
            concept.guessed.add((candidate,))
            # « Borrelo » typed as a name is Borello's name, misspelt (« stage » is no « Stade »)
            concept.name = concept.name or (concept.capitals and candidate in names)
    for candidate in family:
        if (candidate,) not in concept.alternatives:
            concept.alternatives[(candidate,)] = FAMILY_WEIGHT
            concept.family.add((candidate,))


def _add_synonyms(store: Store, concepts: list[Concept]) -> set[int]:
    """Synonyms, single words or phrases: every concept of the phrase gains the group's other terms. The
    longest phrase wins: « site web » is a contact word, and its « site » is then no establishment.
    Returns the positions claimed by a phrase of several words."""
    phrases = store.synonym_phrases()
    stems = [stem(c.word) for c in concepts]
    matches = _synonym_matches(store, concepts, stems)
    matched = {p for length, start, _ in matches for p in range(start, start + length)}
    guessed: set[int] = set()  # synonyms of a word a typo away (« Borrelo »): they rank, they never answer
    for position, concept in enumerate(concepts):
        key = _synonym_key(store, concept)
        if position not in matched and key != stems[position]:
            matches += [(1, position, group) for phrase, group in phrases.get(key, ()) if len(phrase) == 1]
            guessed.add(position)
    taken: dict[int, int] = {}  # concept position -> length of the phrase that claimed it
    for length, start, group in sorted(matches, key=lambda m: -m[0]):
        span = range(start, start + length)
        if any(taken.get(position, length) > length for position in span):
            continue
        for position in span:
            taken[position] = length
            concept = concepts[position]
            for other in map(tuple, group):
                if other not in concept.alternatives:
                    concept.alternatives[other] = SYNONYM_WEIGHT if len(other) == 1 else PHRASE_SYNONYM_WEIGHT
                    concept.synonyms.add(other)
                    if position in guessed:
                        concept.guessed.add(other)
    return {p for p, length in taken.items() if length > 1}


def _synonym_matches(store: Store, concepts: list[Concept], stems: list[str]) -> list[tuple[int, int, list[list[str]]]]:
    """(length, start, group) of each synonym phrase found in the query as typed."""
    phrases = store.synonym_phrases()
    forms = set(store.meta.get("synonym_forms", ()))

    def refused(start: int, phrase: tuple[str, ...]) -> bool:  # « ca » is maybe « ça »; « payé » is not « pays »
        concept, first = concepts[start], phrase[0]
        short = len(first) <= SHORT_WORD < len(concept.word) and concept.word not in forms
        return len(phrase) == 1 and (concept.acronym_guess or short)

    return [
        (len(phrase), start, group)
        for start, first in enumerate(stems)
        for phrase, group in phrases.get(first, ())
        if tuple(stems[start : start + len(phrase)]) == phrase and not refused(start, phrase)
    ]


def _synonym_key(store: Store, concept: Concept) -> str:
    """The stem a concept's synonyms are looked up by: its own, or the one word a typo away (« Borrelo »)."""
    own = stem(concept.word)
    if store.has(own) or own in store.synonym_phrases() or len(concept.guessed) != 1:
        return own
    return next(iter(concept.guessed))[0]


def _compounds(store: Store, text: str, concepts: list[Concept], claimed: set[int]) -> list[Concept]:
    """A hyphenated word (« vice-présidents ») is one concept: its parts must be found together. Alone,
    « vice » says little, and « présidents » would find the president, not the vice-presidents."""
    position_of = {c.word: position for position, c in enumerate(concepts)}
    merged: dict[int, Concept] = {}
    dropped: set[int] = set()
    for match in COMPOUND.finditer(numbers_as_typed(text)):
        parts = words(match.group())
        positions = [position_of.get(part) for part in parts]
        if len(parts) < 2 or any(p is None or p in claimed or p in merged or p in dropped for p in positions):
            continue
        members = [concepts[p] for p in positions if p is not None]
        together = tuple(t for c in members for t in next(iter(c.alternatives)))
        if not _found_together(store, members, together):
            continue
        first = members[0]
        merged[positions[0] or 0] = Concept(
            " ".join(parts),
            {together: EXACT_WEIGHT},
            parts=len(members),
            asker=all(c.asker for c in members),
            complement=first.complement,
            capitals=first.capitals,
        )
        dropped.update(p for p in positions[1:] if p is not None)
    if not merged:
        return concepts
    return [merged.get(p, c) for p, c in enumerate(concepts) if p not in dropped]


def _found_together(store: Store, members: list[Concept], together: Alternative) -> bool:
    """Whether a compound's parts are one concept: not a name (« Jean-Marc »: matched as a name), not a
    year, and found together in some entry (else each part is looked for on its own)."""
    if any(c.name or c.soft for c in members):
        return False
    return bool(set.intersection(*(set(store.postings(t)) for t in together)))


def _entries_of(store: Store, alternatives: Iterable[Alternative]) -> set[int]:
    """The entries holding one of ``alternatives`` (one-word ones), in their text or their question bank."""
    found: set[int] = set()
    for alternative in alternatives:
        if len(alternative) == 1:
            found.update(store.postings(alternative[0]), store.postings(BANK + alternative[0]))
    return found


def _corroborate_guesses(store: Store, concepts: list[Concept]) -> None:
    """A short word known only through a one-letter guess is kept known only when the guess meets another
    word of the question in one entry: a typo is read in its context, as a reader would (« recette de
    crêpes » is no « recette … créées », which no entry holds together; « subvnetions publiques » is
    « subventions publiques »). Short words are one letter away from many others; a long word two letters
    off (« ouverture » for « ouverte ») rarely lands on an unrelated one. A guess with nothing else to meet
    (« Borrelo », « subvnetions ») stands on its own."""

    def guessed_only(concept: Concept) -> bool:
        own = [alt for alt in concept.alternatives if alt not in concept.guessed and alt not in concept.family]
        return bool(concept.guessed) and not any(all(store.has(t) or store.has(BANK + t) for t in alt) for alt in own)

    context = [c for c in concepts if c.known and not guessed_only(c) and not c.soft]
    if not context:
        return
    around = _entries_of(store, (alt for c in context for alt in c.alternatives if alt not in c.family))
    for concept in concepts:
        if not (concept.known and guessed_only(concept)):
            continue
        concept.corroborated = not around.isdisjoint(_entries_of(store, concept.guessed))
        if allowed_typos(concept.word) == 1 and not concept.corroborated:
            for alternative in concept.guessed:  # the guesses go: the word is what it was typed, unknown
                concept.alternatives.pop(alternative, None)
            concept.guessed.clear()
            concept.known = _matched(store, concept)


def _close_terms(store: Store, word: str, term: str, names: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """Stems of the index a typo away from ``word``, and stems of the same family as ``term``.

    Typos are measured on whole words, and a typo on the first letter is not guessed; a name of the
    base (« Borello ») is recognised two letters off from five letters on (« Borrelo »)."""
    found: list[str] = []
    family: list[str] = []
    budget = allowed_typos(word)
    if budget:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        surface = store.words()
        candidates = store.words_starting(word[:1])
        close = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=max(budget, NAME_TYPOS), limit=8)
        name_set = set(names)
        close = [c for c in close if c[1] <= budget or surface[c[0]] in name_set]
        fewest = min((distance for _, distance, _ in close), default=0)
        nearest = {surface[candidate] for candidate, distance, _ in close if distance == fewest}
        if fewest < 2 or len(nearest) == 1:  # two letters off two different words: no typo, another word (« convention »)
            found += sorted(nearest)
    if len(term) >= 6 and not found:  # same family, when no typo explains the word: « radicalisation » ~ « radicalise »
        for candidate in store.terms_with_prefix(term[:4]):
            if "+" in candidate:  # a pair of adjacent words, not a word
                continue
            shared = len(os.path.commonprefix([term, candidate]))  # noqa: RUF071 - words, compared letter by letter
            if shared >= max(6, math.ceil(0.75 * min(len(term), len(candidate)))):
                family.append(candidate)
    return found, family


def _matched(store: Store, concept: Concept) -> bool:
    """A word is known when the index has it, a synonym of it or a word a typo away (not a mere family),
    in the entries' text or in the words people use for them (the question bank)."""
    return any(
        all(store.has(t) for t in alternative) or all(store.has(BANK + t) for t in alternative)
        for alternative in concept.alternatives
        if alternative not in concept.family
    )


def _weight(store: Store, concept: Concept) -> float:
    """How much finding ``concept`` tells: the idf of its best alternative, times that alternative's weight."""
    best = 0.0
    for alternative, weight in concept.alternatives.items():
        for prefix in ("", BANK):  # the entries' text first; the question bank when the text does not hold it
            idfs = [store.idf(prefix + t) for t in alternative]
            if all(i is not None for i in idfs):
                best = max(best, weight * sum(i or 0.0 for i in idfs) / len(idfs))
                break
    return best * concept.parts
