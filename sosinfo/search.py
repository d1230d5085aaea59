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

import itertools
import math
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sosinfo import model, records
from sosinfo.errors import NotFoundError, UsageError
from sosinfo.numbers import format_value
from sosinfo.queries import Hit, SearchResults
from sosinfo.searchindex import Document, DocumentStats, Store
from sosinfo.text import fold, printable, suggest

if TYPE_CHECKING:
    from sosinfo.cache import DataSource

# French function words (Snowball's list, folded), question words, a few English ones, and time
# words that only mean "the latest" (« aujourd'hui »): none of them says what is sought.
STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette c d de des du en et est etre il ils elle elles j l la le les leur leurs
    m ma mes mon n ne ni nos notre on ou par pas pour qu que quel quelle quelles quels qui quoi s sa se ses
    son sont sur t ta te tes ton tu un une vos votre y dans plus tres tout tous toute toutes comme
    combien comment pourquoi quand dont sosinfo sos groupesos fait
    trouve trouver situe peut peuvent faut faire savoir connaitre dire existe
    sein lors afin ainsi aussi alors donc car mais entre chez vers sans sous selon encore deja toujours
    avoir ai as avons avez eu etais etait etaient sera seront serait suis es sommes etes ete
    moi toi lui eux nous vous meme memes autre autres chaque quelque quelques
    aujourd hui actuellement maintenant actuel actuelle actuels
    the of and or to in on for is are what who how why when which does do did it its an by with about at from
    was were be been has have had this that there their they we you i me my our can will would many much
    """.split()  # noqa: SIM905 - a word list reads better as text
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
    "approche": "approche présentation",
}
TYPE_PRIOR = {"faq": 1.3}
TYPE_INTENT_BOOST = 2.0  # a query naming a kind of entry (« témoignages », « history ») wants that kind
K1, B = 1.2, 0.3
PHRASE_WEIGHT = 1.0  # two adjacent words found adjacent: one more idf on top
EXCERPT_SCAN = 300  # sentences read to pick an excerpt: the best passage of a long answer is early
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


# --- building the index ------------------------------------------------------------------------


def documents_of(kb: model.KnowledgeBase) -> list[Document]:
    """One searchable document per entry of the knowledge base."""
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
                    ("summary", f"Terme de la source : « {f.terme_source} »." if f.terme_source else ""),
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
    for approach in kb.approaches:
        docs.append(
            Document(
                f"approche:{approach.id}",
                "approche",
                approach.titre,
                "sosinfo approche",
                records.tagged("approche", approach),
                [("title", approach.titre), ("body", " ".join(approach.points))],
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


@dataclass(eq=False)
class Concept:
    word: str  # the folded word as typed
    alternatives: dict[tuple[str, ...], float]  # stem sequence -> weight
    soft: bool = False  # a year: nice to match, not required
    family: set[tuple[str, ...]] = field(default_factory=set)  # alternatives that only share a long prefix


def _concepts(store: Store, query: str) -> list[Concept]:
    typed = [w for w in words(query) if w not in STOP_WORDS]
    stems = [stem(w) for w in typed]
    concepts = [Concept(w, {(s,): 1.0}, soft=bool(YEAR.match(w))) for w, s in zip(typed, stems, strict=True)]
    for concept, term in zip(concepts, stems, strict=True):
        if concept.soft or term.isdigit() or store.has(term):
            continue
        typos, family = _close_terms(store, concept.word, term)
        for candidate in typos:
            concept.alternatives.setdefault((candidate,), 0.8)
        for candidate in family:
            if (candidate,) not in concept.alternatives:
                concept.alternatives[(candidate,)] = 0.7
                concept.family.add((candidate,))
    # synonyms, single words or phrases: every concept of the phrase gains the group's other terms
    for group in store.meta["synonyms"]:
        phrases = [tuple(phrase) for phrase in group]
        for phrase in phrases:
            for start in range(len(stems) - len(phrase) + 1):
                if tuple(stems[start : start + len(phrase)]) == phrase:
                    for concept in concepts[start : start + len(phrase)]:
                        for other in phrases:
                            concept.alternatives.setdefault(other, 0.9 if len(other) == 1 else 0.85)
    return concepts


def _close_terms(store: Store, word: str, term: str) -> tuple[list[str], list[str]]:
    """Stems of the index a typo away from ``word``, and stems of the same family as ``term``."""
    found: list[str] = []
    family: list[str] = []
    budget = allowed_typos(word)
    if budget:  # typos are measured on whole words, and a typo on the first letter is not guessed
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        surface = store.words()
        candidates = [w for w in surface if w[:1] == word[:1]]
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


def search(store: Store, query: str, limit: int = 10, kind: str | None = None) -> SearchResults:
    concepts = _concepts(store, query)
    if not concepts:
        raise NotFoundError(
            f"« {printable(query)} » ne contient aucun mot à chercher.",
            hint="Essayez un mot précis : budget, gouvernance, salariés…",
        )
    required = [c for c in concepts if not c.soft]
    known = [c for c in required if _matched(store, c)]
    # most of what was asked must be known to the sources: « recette de crêpes » is not
    if len(known) < (len(required) if len(required) <= 2 else math.ceil(2 * len(required) / 3)):
        return SearchResults(query, [], False)
    # and a result must hold most of it (when every word is known, all but one will do)
    needed = max(1, len(known) - 1) if len(known) == len(required) and len(required) >= 2 else len(known)
    if len(required) >= 3:
        needed = max(needed, math.ceil(len(required) / 2))
    type_words: dict[str, str] = store.meta["type_words"]
    wanted_kinds = {type_words[t] for c in concepts for alt in c.alternatives for t in alt if len(alt) == 1 and t in type_words}

    candidates = {n for c in concepts for alt in c.alternatives for t in alt for n in store.postings(t)}
    stats = store.stats(candidates)
    scores: dict[int, float] = defaultdict(float)
    covered: dict[int, int] = defaultdict(int)
    covered_required: dict[int, int] = defaultdict(int)
    strong_hits: dict[int, int] = defaultdict(int)
    hit_terms: dict[int, set[str]] = defaultdict(set)
    for concept in concepts:
        best: dict[int, float] = {}
        for alternative, weight in concept.alternatives.items():
            for number, score in _phrase_scores(store, stats, alternative).items():
                if score * weight > best.get(number, 0.0):
                    best[number] = score * weight
                hit_terms[number].update(alternative)
        for number, score in best.items():
            scores[number] += score
            covered[number] += 1
            covered_required[number] += not concept.soft
            strong = stats[number].strong
            if any(all(t in strong for t in alt) for alt in concept.alternatives):
                strong_hits[number] += 1
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
    total = len(concepts)
    ranked: list[tuple[float, int]] = []
    for number, score in scores.items():
        document = stats[number]
        if (kind is not None and document.type != kind) or covered_required[number] < needed:
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

    ranked, direct = _facts_first(store, stats, concepts, ranked, kind)
    hits = []
    for score, number in ranked[:limit]:
        doc_id, doc_type, title, command, fields, record = store.document(number)
        excerpt, spans = _excerpt(title, fields, hit_terms[number])
        hits.append(Hit(doc_id, doc_type, title, command, record, round(score, 4), excerpt, spans))
    return SearchResults(query, hits, direct)


def _phrase_scores(store: Store, stats: dict[int, DocumentStats], phrase: tuple[str, ...]) -> dict[int, float]:
    """BM25 score of each document holding every stem of ``phrase`` (averaged over them)."""
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
        result[number] = total / len(phrase)
    return result


def _facts_first(
    store: Store, stats: dict[int, DocumentStats], concepts: list[Concept], ranked: list[tuple[float, int]], kind: str | None
) -> tuple[list[tuple[float, int]], bool]:
    """For a question about a figure, that indicator's figures come first (the asked year, else the latest)."""
    if kind not in (None, "chiffre"):
        return ranked, False
    expanded = {alt for c in concepts for alt in c.alternatives}
    stems_seen = {t for alt in expanded for t in alt}
    indicators = {
        indicator
        for alias, indicator in store.meta["aliases"]
        if tuple(alias) in expanded or (len(alias) > 1 and set(alias) <= stems_seen)
    }
    years = {int(c.word) for c in concepts if c.soft}
    asks_date = any(c.word in QUESTION_WORDS for c in concepts)
    if not indicators:
        if years or asks_date:  # « né en 1957 », « date de création »: dated entries of that year first

            def boost(item: tuple[float, int]) -> tuple[float, int]:
                year = stats[item[1]].year
                bonus = 1.5 if year is not None and (year in years or (asks_date and not years)) else 1.0
                return item[0] * bonus, item[1]

            return sorted(map(boost, ranked), key=lambda item: (-item[0], item[1])), False
        return ranked, False
    found = {number for _, number in ranked}
    figures = [n for n in store.figures_of(indicators) if n in found]
    if not figures:
        return ranked, False
    figures.sort(key=lambda n: (stats[n].year not in years, -stats[n].recency, n))
    top = ranked[0][0]
    pinned = [(top + len(figures) - position, number) for position, number in enumerate(figures)]
    chosen = set(figures)
    return pinned + [item for item in ranked if item[1] not in chosen], True


def _excerpt(title: str, fields: list[tuple[str, str]], matched: set[str], size: int = 180) -> tuple[str, list[tuple[int, int]]]:
    """The passage of the document that holds the most matched words, with their spans."""
    readable = [text for kind, text in fields if kind not in ("title", "keywords", "hidden") and text.strip()]
    sentences = [s for text in readable for s in re.split(r"(?<=[.;!?])\s+", text) if s.strip() and s != title][:EXCERPT_SCAN]
    best_text, best_count = (sentences[0] if sentences else ""), 0
    for sentence in sentences:
        count = sum(1 for w in words(sentence) if stem(w) in matched)
        if count > best_count:
            best_text, best_count = sentence, count
    text = best_text if len(best_text) <= size else best_text[: size - 1].rsplit(" ", 1)[0] + "…"
    spans = [(m.start(), m.end()) for m in re.finditer(r"\w+", text) if stem(fold(m.group())) in matched]
    return text, spans


# --- the command ------------------------------------------------------------------------------


def memory_store(kb: model.KnowledgeBase) -> Store:
    """An index of ``kb`` built in memory (tests, evaluation)."""
    from sosinfo.searchindex import open_or_build

    return open_or_build(lambda: kb, None)


def search_command(data: DataSource, query: str, limit: int, kind: str | None) -> SearchResults:
    """``sosinfo recherche``: the index comes from the cache; the knowledge base is read only to build it."""
    if not query.strip():
        raise UsageError("La recherche est vide.", hint='Exemple : sosinfo recherche "patrimoine immobilier"')
    if len(query) > 500:
        raise UsageError("La recherche est trop longue (500 caractères au plus).")
    from sosinfo import cache

    store = cache.search_store(data)
    types: list[str] = store.meta["types"]
    if kind is not None and kind not in types:
        close = suggest(kind, types)
        hint = (f"Vouliez-vous dire « {close} » ? " if close else "") + "Types : " + ", ".join(types) + "."
        raise UsageError(f"Type inconnu : « {printable(kind)} ».", hint=hint)
    results = search(store, query, limit, kind)
    if not results.hits:
        raise NotFoundError(
            f"Les sources ne disent rien de « {printable(query)} ».",
            hint="Essayez d'autres mots, ou « sosinfo faq » pour la liste des questions.",
        )
    return results
