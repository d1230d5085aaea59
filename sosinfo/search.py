"""Search over the whole knowledge base, French-aware, with the right answer first.

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

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sosinfo import model, records
from sosinfo.errors import NotFoundError, UsageError
from sosinfo.numbers import format_value
from sosinfo.text import fold, printable, suggest

STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "c",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "est",
        "etre",
        "il",
        "ils",
        "elle",
        "elles",
        "j",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "m",
        "ma",
        "mes",
        "mon",
        "n",
        "ne",
        "ni",
        "nos",
        "notre",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "quel",
        "quelle",
        "quelles",
        "quels",
        "qui",
        "quoi",
        "s",
        "sa",
        "se",
        "ses",
        "son",
        "sont",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "y",
        "dans",
        "plus",
        "tres",
        "tout",
        "tous",
        "toute",
        "toutes",
        "comme",
        "combien",
        "comment",
        "pourquoi",
        "quand",
        "ou",
        "dont",
        "sosinfo",
        "sos",
        "groupesos",
        "il",
        "y",
        "a",
        "t",
        "elle",
        "fait",
        "the",
        "of",
        "and",
        "or",
        "to",
        "in",
        "on",
        "for",
        "is",
        "are",
        "what",
        "who",
        "how",
        "why",
        "when",
        "which",
        "does",
        "do",
        "did",
        "it",
        "its",
        "an",
        "by",
        "with",
        "about",
        "at",
        "from",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "this",
        "that",
        "there",
        "their",
        "they",
        "we",
        "you",
        "i",
        "me",
        "my",
        "our",
        "can",
        "will",
        "would",
        "many",
        "much",
        "trouve",
        "trouver",
        "situe",
        "peut",
        "peuvent",
        "faut",
        "faire",
        "savoir",
        "connaitre",
        "dire",
        "existe",
    ]
)
QUESTION_WORDS = frozenset({"quand", "date", "annee", "when", "year"})
FIELD_WEIGHTS = {"title": 3.0, "keywords": 2.5, "questions": 3.0, "summary": 1.5, "hidden": 1.5, "body": 1.0}
STRONG_FIELDS = frozenset({"title", "keywords", "questions"})
TYPE_WORDS = {
    "faq": "faq question",
    "chiffre": "chiffre nombre",
    "valeur": "valeur",
    "temoignage": "témoignage",
    "gouvernance": "gouvernance instance",
    "evenement": "événement chronologie",
    "personne": "biographie fondateur",
    "secteur": "métier secteur association-fondatrice",
    "forme-activite": "activité",
    "classement": "classement rang",
    "plaidoyer": "plaidoyer position",
    "methode": "plaidoyer",
    "federation": "fédération réseau",
    "contact": "contact",
}
TYPE_PRIOR = {"faq": 1.3}
TYPE_INTENT_BOOST = 2.0  # a query naming a kind of entry (« témoignages », « history ») wants that kind
K1, B = 1.2, 0.3
YEAR = re.compile(r"^(19|20)\d\d$")
_WORD = re.compile(r"[a-z0-9]+")


def stem(word: str) -> str:
    """Light French stemming: plurals and feminine endings only, so that words stay readable."""
    if word.isdigit():
        return word
    if len(word) > 5 and word.endswith("aux"):
        word = word[:-3] + "al"
    elif len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    for _ in range(2):  # « -ée » and « -é » fold to e / ee
        if len(word) > 4 and word.endswith("e"):
            word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """Folded words of ``text``; elided articles (l', d', qu') fall out as one-letter words."""
    return _WORD.findall(fold(text))


def terms(text: str) -> list[str]:
    """Stemmed content words of ``text``."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def allowed_typos(word: str) -> int:
    """No typo on short words, one from 5 letters, two from 9."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


@dataclass(slots=True)
class Document:
    id: str
    type: str
    title: str
    command: str
    record: dict[str, Any]
    fields: list[tuple[str, str]]  # (field kind, text)
    year: int | None = None
    indicator: str | None = None
    recency: int = 0
    weights: dict[str, float] = field(default_factory=dict)  # stem -> weighted term frequency
    strong: frozenset[str] = frozenset()  # stems of the title, keywords and questions
    questions: list[frozenset[str]] = field(default_factory=list)  # stems of the title and of each sub-question
    length: float = 0.0


@dataclass(frozen=True, slots=True)
class Hit:
    document: Document
    score: float
    excerpt: str
    highlights: list[tuple[int, int]]  # spans of matched words in the excerpt


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    hits: list[Hit]
    direct_answer: bool  # the first hits answer a question about a figure


@dataclass(slots=True)
class Index:
    documents: list[Document]
    postings: dict[str, dict[int, float]]  # stem -> {document number: weighted frequency}
    idf: dict[str, float]
    average_length: float
    vocabulary: list[str]  # surface words (folded), for typo matching
    stem_of: dict[str, str]  # surface word -> stem
    by_prefix: dict[str, list[str]]
    synonyms: list[list[tuple[str, ...]]]  # groups of stem sequences
    type_words: dict[str, str]  # stem of a word naming a kind of entry -> that kind
    indicator_aliases: list[tuple[tuple[str, ...], str]]
    types: list[str]


# --- building the index ------------------------------------------------------------------------


def build_index(kb: model.KnowledgeBase) -> Index:
    documents = list(_documents(kb))
    postings: dict[str, dict[int, float]] = defaultdict(dict)
    stem_of: dict[str, str] = {}
    for number, document in enumerate(documents):
        document.fields.append(("hidden", TYPE_WORDS.get(document.type, document.type)))
        weights: dict[str, float] = defaultdict(float)
        strong: set[str] = set()
        length = 0.0
        for kind, text in document.fields:
            for word in words(text):
                if word not in STOP_WORDS:
                    term = stem_of.setdefault(word, stem(word))
                    weights[term] += FIELD_WEIGHTS[kind]
                    # long answers are the product: their body weighs little in the length norm
                    length += 0.25 if kind == "body" else 1.0
                    if kind in STRONG_FIELDS:
                        strong.add(term)
        document.weights = dict(weights)
        document.strong = frozenset(strong)
        document.questions = [frozenset(terms(document.title))] + [
            frozenset(terms(phrase))
            for kind, text in document.fields
            if kind in ("questions", "keywords")
            for phrase in re.split(r"[?;]", text)
            if phrase.strip()
        ]
        document.length = length
        for term, weight in weights.items():
            postings[term][number] = weight
    count = len(documents) or 1
    idf = {term: math.log(1 + (count - len(docs) + 0.5) / (len(docs) + 0.5)) for term, docs in postings.items()}
    vocabulary = sorted(stem_of)
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for term in sorted(postings):
        by_prefix[term[:4]].append(term)
    synonyms = [[tuple(terms(t)) for t in group.termes if terms(t)] for group in kb.synonyms]
    aliases = [
        (tuple(terms(name)), i.id)
        for i in kb.indicators
        for name in (*i.alias, i.libelle)
        if terms(name) and len(terms(name)) <= 3
    ]
    average = sum(d.length for d in documents) / count
    kinds = sorted({d.type for d in documents})
    type_words = {stem(w): kind for kind, text in TYPE_WORDS.items() for w in words(text) if kind not in ("faq", "chiffre")}
    return Index(
        documents, dict(postings), idf, average, vocabulary, stem_of, dict(by_prefix), synonyms, type_words, aliases, kinds
    )


def _documents(kb: model.KnowledgeBase) -> list[Document]:
    from sosinfo import queries

    docs: list[Document] = []
    source_years = {s.id: s.annee or 0 for s in kb.sources}
    for entry in kb.faq:
        body = " ".join(" ".join(filter(None, [b.titre, b.texte, *b.points])) for b in entry.reponse)
        docs.append(
            Document(
                f"faq:{entry.numero}",
                "faq",
                entry.question,
                f"sosinfo faq {entry.numero}",
                records.faq_full(entry),
                [
                    ("title", entry.question),
                    ("keywords", " ; ".join(entry.mots_cles)),
                    ("questions", " ".join(s.question for s in entry.sous_questions)),
                    ("body", body),
                ],
            )
        )
    for row in queries.figures(kb).rows:
        f, indicator = row.figure, row.indicator
        when = str(f.annee) if f.annee is not None else "non daté"
        title = f"{indicator.libelle} : {format_value(f.valeur, indicator.unite, f.qualificatif)} ({when}, {f.source})"
        docs.append(
            Document(
                f"chiffre:{f.id}",
                "chiffre",
                title,
                f"sosinfo chiffres --indicateur {indicator.id}",
                records.figure(row),
                [
                    ("title", indicator.libelle),
                    ("keywords", " ".join(indicator.alias)),
                    ("summary", f.terme_source or ""),
                    ("hidden", str(f.annee or "")),
                    ("body", " ".join(filter(None, [f.note, f.justification]))),
                ],
                year=f.annee,
                indicator=indicator.id,
                recency=f.annee or source_years.get(f.source, 0),
            )
        )
    for value in kb.values:
        docs.append(
            Document(
                f"valeur:{value.id}",
                "valeur",
                value.nom,
                "sosinfo valeurs",
                records.tagged("valeur", value),
                [("title", value.nom), ("summary", value.resume), ("body", " ".join(value.points))],
            )
        )
    for t in kb.testimonials:
        docs.append(
            Document(
                f"temoignage:{t.id}",
                "temoignage",
                f"{t.personne} — {t.fonction}, {t.entite}",
                "sosinfo temoignages",
                records.tagged("temoignage", t),
                [
                    ("title", f"{t.personne} {t.entite}"),
                    ("summary", f"{t.fonction} {t.lieu or ''} {t.resume}"),
                    ("body", " ".join(t.points)),
                ],
            )
        )

    def governance(node: model.GovernanceNode) -> None:
        record = {k: v for k, v in records.governance(node).items() if k != "enfants"}
        docs.append(
            Document(
                f"gouvernance:{node.id}",
                "gouvernance",
                node.nom,
                "sosinfo gouvernance",
                record,
                [("title", node.nom), ("summary", f"{node.role} {node.composition or ''}")],
            )
        )
        for child in node.enfants:
            governance(child)

    governance(kb.governance)
    for e in kb.events:
        docs.append(
            Document(
                f"evenement:{e.id}",
                "evenement",
                f"{e.annee} — {e.titre}",
                f"sosinfo chronologie --depuis {e.annee} --jusqua {e.annee}",
                records.tagged("evenement", e),
                [("title", e.titre), ("keywords", " ; ".join(e.mots_cles)), ("hidden", str(e.annee)), ("body", e.texte)],
                year=e.annee,
            )
        )
    for p in kb.people:
        docs.append(
            Document(
                f"personne:{p.id}",
                "personne",
                p.nom,
                "sosinfo fondateur",
                records.person(p),
                [
                    ("title", f"{p.nom} {p.fonctions[0].intitule if p.fonctions else ''}"),
                    ("summary", " ; ".join(r.intitule for r in p.fonctions)),
                    ("hidden", f"{p.naissance.annee} {p.naissance.lieu}"),
                    ("body", " ".join([s.texte for s in p.parcours] + p.portrait)),
                ],
            )
        )
    for a in kb.founding_associations:
        docs.append(
            Document(
                f"secteur:{a.id}",
                "secteur",
                a.nom,
                "sosinfo secteurs",
                records.tagged("secteur", a),
                [("title", a.nom), ("summary", " ".join(a.activites) + " " + a.mode_gestion)],
            )
        )
    for form in kb.activity_forms:
        docs.append(
            Document(
                f"forme-activite:{form.id}",
                "forme-activite",
                form.nom,
                "sosinfo secteurs",
                records.tagged("forme-activite", form),
                [("title", form.nom), ("summary", f"{form.gestion} {form.benefices}")],
            )
        )
    for r in kb.rankings:
        rank = "1er" if r.rang == 1 else f"{r.rang}e"
        docs.append(
            Document(
                f"classement:{r.id}",
                "classement",
                f"{rank} {r.libelle} ({r.domaine})",
                "sosinfo secteurs",
                records.tagged("classement", r),
                [("title", r.libelle), ("summary", f"{r.domaine} classement rang")],
            )
        )
    for position in kb.positions:
        docs.append(
            Document(
                f"plaidoyer:{position.id}",
                "plaidoyer",
                f"{position.theme} : {position.texte}",
                "sosinfo plaidoyers",
                records.tagged("plaidoyer", position),
                [("title", position.theme), ("summary", position.texte)],
            )
        )
    for method in kb.methods:
        docs.append(
            Document(
                f"methode:{method.id}",
                "methode",
                method.nom,
                "sosinfo plaidoyers",
                records.tagged("methode", method),
                [("title", method.nom), ("summary", method.texte)],
            )
        )
    for federation in kb.federations:
        docs.append(
            Document(
                f"federation:{federation.id}",
                "federation",
                federation.sigle,
                "sosinfo plaidoyers",
                records.tagged("federation", federation),
                [("title", federation.sigle), ("body", federation.note or "fédération")],
            )
        )
    c = kb.contact
    docs.append(
        Document(
            "contact:groupe-sos",
            "contact",
            f"Coordonnées : {c.adresse}",
            "sosinfo contact",
            records.contact(c),
            [
                ("title", "contact coordonnées"),
                ("summary", f"{c.adresse} {c.telephone} {c.email} {c.site} {' '.join(c.reseaux)} {c.devise}"),
            ],
        )
    )
    return docs


# --- answering a query ------------------------------------------------------------------------


@dataclass(slots=True)
class Concept:
    word: str  # the folded word as typed
    alternatives: dict[tuple[str, ...], float]  # stem sequence -> weight
    soft: bool = False  # a year: nice to match, not required


def _concepts(index: Index, query: str) -> list[Concept]:
    typed = [w for w in words(query) if w not in STOP_WORDS]
    stems = [stem(w) for w in typed]
    concepts = [Concept(w, {(s,): 1.0}, soft=bool(YEAR.match(w))) for w, s in zip(typed, stems, strict=True)]
    vocabulary = index.postings
    for concept, term in zip(concepts, stems, strict=True):
        if term in vocabulary or concept.soft or term.isdigit():
            continue
        for candidate in _close_terms(index, concept.word, term):
            concept.alternatives.setdefault((candidate,), 0.8)
    # synonyms, single words or phrases: every concept of the phrase gains the group's other terms
    for group in index.synonyms:
        for phrase in group:
            for start in range(len(stems) - len(phrase) + 1):
                if tuple(stems[start : start + len(phrase)]) == phrase:
                    for concept in concepts[start : start + len(phrase)]:
                        for other in group:
                            concept.alternatives.setdefault(other, 0.9 if len(other) == 1 else 0.85)
    return concepts


def _close_terms(index: Index, word: str, term: str) -> list[str]:
    """Words of the index a typo or a word ending away from ``term``."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    found: list[str] = []
    budget = allowed_typos(word)
    if budget:  # typos are measured on whole words, and a typo on the first letter is not guessed
        for candidate, _, _ in process.extract(word, index.vocabulary, scorer=OSA.distance, score_cutoff=budget, limit=4):
            if candidate[0] == word[0]:
                found.append(index.stem_of[candidate])
    if len(term) >= 6:  # same family: « radicalisation » ~ « radicalise »
        for candidate in index.by_prefix.get(term[:4], []):
            shared = len(_common_prefix(term, candidate))
            if shared >= max(6, math.ceil(0.75 * min(len(term), len(candidate)))):
                found.append(candidate)
    return found


def _common_prefix(a: str, b: str) -> str:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return a[:size]


def _matched(index: Index, concept: Concept) -> bool:
    return any(all(t in index.postings for t in alternative) for alternative in concept.alternatives)


def search(index: Index, query: str, limit: int = 10, kind: str | None = None) -> SearchResults:
    concepts = _concepts(index, query)
    if not concepts:
        raise NotFoundError(
            f"« {printable(query)} » ne contient aucun mot à chercher.",
            hint="Essayez un mot précis : budget, gouvernance, salariés…",
        )
    required = [c for c in concepts if not c.soft]
    known = [c for c in required if _matched(index, c)]
    # most of what was asked must be known to the sources: « recette de crêpes » is not
    if len(known) < (len(required) if len(required) <= 2 else math.ceil(2 * len(required) / 3)):
        return SearchResults(query, [], False)
    # and a result must hold most of it (when every word is known, all but one will do)
    needed = max(1, len(known) - 1) if len(known) == len(required) and len(required) >= 2 else len(known)
    if len(required) >= 3:
        needed = max(needed, math.ceil(len(required) / 2))
    wanted_kinds = {
        index.type_words[t] for c in concepts for alt in c.alternatives for t in alt if len(alt) == 1 and t in index.type_words
    }

    scores: dict[int, float] = defaultdict(float)
    covered: dict[int, int] = defaultdict(int)
    covered_required: dict[int, int] = defaultdict(int)
    strong_hits: dict[int, int] = defaultdict(int)
    hit_terms: dict[int, set[str]] = defaultdict(set)
    for concept in concepts:
        best: dict[int, float] = {}
        for alternative, weight in concept.alternatives.items():
            for number, score in _phrase_scores(index, alternative).items():
                if score * weight > best.get(number, 0.0):
                    best[number] = score * weight
                hit_terms[number].update(alternative)
        for number, score in best.items():
            scores[number] += score
            covered[number] += 1
            covered_required[number] += not concept.soft
            document = index.documents[number]
            if any(
                all(t in document.strong for t in alt) for alt in concept.alternatives if all(t in document.weights for t in alt)
            ):
                strong_hits[number] += 1
    total = len(concepts)
    ranked: list[tuple[float, int]] = []
    for number, score in scores.items():
        document = index.documents[number]
        if kind is not None and document.type != kind:
            continue
        if covered_required[number] < needed:
            continue
        coverage = covered[number] / total
        # the query asks one of the document's own questions: « quelles sont les activités du groupe »
        same_question = max(
            (sum(1 for c in concepts if any(len(a) == 1 and a[0] in q for a in c.alternatives)) for q in document.questions),
            default=0,
        )
        final = (
            score
            * (0.4 + 0.6 * coverage)
            * (1 + 0.5 * strong_hits[number] / total)
            * (1 + 0.6 * same_question / total)
            * TYPE_PRIOR.get(document.type, 1.0)
        )
        if document.type in wanted_kinds:
            final *= TYPE_INTENT_BOOST
        if document.questions and document.questions[0] and document.questions[0] <= hit_terms[number]:
            final *= 1.3  # the whole title was asked for: « directoire » is the Directoire
        ranked.append((final, number))
    ranked.sort(key=lambda item: (-item[0], item[1]))

    ranked, direct = _facts_first(index, concepts, ranked, kind)
    hits = []
    for score, number in ranked[:limit]:
        document = index.documents[number]
        excerpt, spans = _excerpt(document, hit_terms[number])
        hits.append(Hit(document, round(score, 4), excerpt, spans))
    return SearchResults(query, hits, direct)


def _phrase_scores(index: Index, phrase: tuple[str, ...]) -> dict[int, float]:
    """BM25 score of each document holding every stem of ``phrase`` (averaged over them)."""
    lists = [index.postings.get(term) for term in phrase]
    if not all(lists):
        return {}
    common = set(lists[0] or {}).intersection(*(set(postings or {}) for postings in lists[1:]))
    result = {}
    for number in common:
        document = index.documents[number]
        norm = K1 * (1 - B + B * document.length / index.average_length)
        total = 0.0
        for term, postings in zip(phrase, lists, strict=True):
            assert postings is not None
            frequency = postings[number]
            total += index.idf[term] * frequency * (K1 + 1) / (frequency + norm)
        result[number] = total / len(phrase)
    return result


def _facts_first(
    index: Index, concepts: list[Concept], ranked: list[tuple[float, int]], kind: str | None
) -> tuple[list[tuple[float, int]], bool]:
    """For a question about a figure, that indicator's figures come first (the asked year, else the latest)."""
    if kind not in (None, "chiffre"):
        return ranked, False
    expanded = {alt for c in concepts for alt in c.alternatives}
    stems_seen = {t for alt in expanded for t in alt}
    indicators = {
        indicator
        for alias, indicator in index.indicator_aliases
        if alias in expanded or (len(alias) > 1 and set(alias) <= stems_seen)
    }
    years = {int(c.word) for c in concepts if c.soft}
    asks_date = any(c.word in QUESTION_WORDS for c in concepts) or any(w in QUESTION_WORDS for c in concepts for w in [c.word])
    if not indicators:
        if years or asks_date:  # « né en 1957 », « date de création »: dated entries of that year first

            def boost(item: tuple[float, int]) -> tuple[float, int]:
                document = index.documents[item[1]]
                bonus = 1.5 if document.year is not None and (document.year in years or (asks_date and not years)) else 1.0
                return item[0] * bonus, item[1]

            boosted = sorted(map(boost, ranked), key=lambda item: (-item[0], item[1]))
            return boosted, False
        return ranked, False
    found = {number for _, number in ranked}
    figures = [n for n, d in enumerate(index.documents) if d.type == "chiffre" and d.indicator in indicators and n in found]
    if not figures:
        return ranked, False
    figures.sort(key=lambda n: (index.documents[n].year not in years, -index.documents[n].recency, n))
    if years and not any(index.documents[n].year in years for n in figures):
        pass  # the asked year has no figure: the latest still comes first
    top = ranked[0][0] if ranked else 1.0
    pinned = [(top + len(figures) - position, number) for position, number in enumerate(figures)]
    rest = [item for item in ranked if item[1] not in set(figures)]
    return pinned + rest, True


def _excerpt(document: Document, matched: set[str], size: int = 180) -> tuple[str, list[tuple[int, int]]]:
    """The passage of the document that holds the most matched words, with their spans."""
    readable = [text for kind, text in document.fields if kind not in ("keywords", "hidden") and text.strip()]
    sentences = [s for text in readable for s in re.split(r"(?<=[.;!?])\s+", text) if s.strip() and s != document.title]
    best_text, best_count = (sentences[0] if sentences else ""), 0
    for sentence in sentences:
        count = sum(1 for w in words(sentence) if stem(w) in matched)
        if count > best_count:
            best_text, best_count = sentence, count
    text = best_text if len(best_text) <= size else best_text[: size - 1].rsplit(" ", 1)[0] + "…"
    spans = [(m.start(), m.end()) for m in re.finditer(r"\w+", text) if stem(fold(m.group())) in matched]
    return text, spans


# --- the command ------------------------------------------------------------------------------

_INDEXES: dict[int, Index] = {}


def index_for(kb: model.KnowledgeBase) -> Index:
    """One index per knowledge base in this process."""
    index = _INDEXES.get(id(kb))
    if index is None:
        index = build_index(kb)
        _INDEXES.clear()
        _INDEXES[id(kb)] = index
    return index


def search_command(kb: model.KnowledgeBase, query: str, limit: int, kind: str | None) -> SearchResults:
    if not query.strip():
        raise UsageError("La recherche est vide.", hint='Exemple : sosinfo recherche "patrimoine immobilier"')
    if len(query) > 500:
        raise UsageError("La recherche est trop longue (500 caractères au plus).")
    index = index_for(kb)
    if kind is not None and kind not in index.types:
        close = suggest(kind, index.types)
        hint = (f"Vouliez-vous dire « {close} » ? " if close else "") + "Types : " + ", ".join(index.types) + "."
        raise UsageError(f"Type inconnu : « {printable(kind)} ».", hint=hint)
    results = search(index, query, limit, kind)
    if not results.hits:
        raise NotFoundError(
            f"Les sources ne disent rien de « {printable(query)} ».",
            hint="Essayez d'autres mots, ou « sosinfo faq » pour la liste des questions.",
        )
    return results
