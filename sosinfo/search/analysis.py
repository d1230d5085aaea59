"""Text analysis for search: folding, words, stop words, stems, typo budgets and field weights.

Shared by the index builder and the ranker, so that a query is cut exactly as the documents were.
"""

from __future__ import annotations

import re
from typing import Any

from sosinfo.text import fold

# French function words (Snowball's list, folded), question words, a few English ones, and time
# words that only mean "the latest" (« aujourd'hui »): none of them says what is sought.
STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette c d de des du en et est etre il ils elle elles j je l la le les leur leurs me
    m ma mes mon n ne ni nos notre on ou par pas pour qu que quel quelle quelles quels qui quoi s sa se ses
    son sont sur t ta te tes ton tu un une vos votre y dans plus tres tout tous toute toutes comme
    combien comment pourquoi quand dont sosinfo sos groupesos fait
    trouve trouver situe peut peuvent faut faire savoir connaitre dire existe
    sein lors afin ainsi aussi alors donc car mais entre chez vers sans sous selon encore deja toujours
    avoir ai as avons avez eu etais etait etaient sera seront serait suis es sommes etes ete
    aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient aie aies ait serais serions seriez seraient
    moi toi lui eux nous vous meme memes autre autres chaque quelque quelques
    aujourd hui actuellement maintenant actuel actuelle actuels
    the of and or to in on for is are what who how why when which does do did it its an by with about at from
    was were be been has have had this that there their they we you i me my our can will would many much
    """.split()  # noqa: SIM905 - a word list reads better as text
)
EXACT = "="  # prefix of the index terms that hold a word's exact (folded) form beside its stem
BANK = "?"  # prefix of the index terms read from the question bank (how people ask for an entry)
QUESTION_WORDS = frozenset({"quand", "date", "annee", "when", "year"})
COUNT_WORDS = frozenset({"combien", "nombre", "many", "much", "number"})  # a number is wanted
BIRTH_WORDS = frozenset({"ne", "nee", "naissance", "naitre", "age", "born", "birth", "old"})  # a person's birth is asked
WHO_WORDS = frozenset({"qui", "who"})  # « qui dirige le groupe » is answered by a name
WHERE_WORDS = frozenset({"where", "adresse", "address"})  # « où » folds to « ou », read from the query itself
# « c'est quoi le groupe », « qu'est-ce que … », « what does … do »: a presentation is wanted
WHAT_IS = re.compile(r"\b(?:c est quoi|qu est ce qu[ei]?|what is|what does|what do|presente[rz]?|presentation)\b")
QUESTION_FORMS = frozenset({"quel", "quelle", "quels", "quelles", "what", "which"})
INDICATOR_SHARE = 0.5  # a query that is mostly an indicator's name asks its figures
FIELD_WEIGHTS = {"title": 3.0, "keywords": 2.5, "questions": 3.0, "value": 2.5, "summary": 1.5, "hidden": 1.5, "body": 1.0}
STRONG_FIELDS = frozenset({"title", "keywords", "questions", "value"})
INDEX_ONLY_FIELDS = frozenset({"title", "keywords", "hidden", "value"})  # never shown in an excerpt
# Words about the asker, not the sources: « pour mon exposé », « je suis journaliste », « pour un article ».
# An unknown word right after these weighs nothing (the weights of unknown words: search/weights.py).
ASKER_MARKS = frozenset({"mon", "ma", "mes", "notre", "nos", "suis", "sommes"})
PURPOSE_MARKS = frozenset({"pour"})
# An unknown word that completes another (« résultats du loto », « cours de la bourse », « capitale du Japon »)
# or is completed by another (« impôts sur le revenu ») names the topic asked: it weighs in full. Any other
# unknown word (« gère », « urgent », « rentable ») is mostly the wording around the subject: it weighs
# less (Weights.ordinary_weight).
COMPLEMENT_MARKS = frozenset({"de", "du", "des", "d", "sur", "a", "au", "aux", "en"})
SHORT_WORD = 3  # « ça », « ca »: no typo, no stem guess and no acronym unless typed as one (« CA »)
EXCERPT_SCAN = 80  # sentences read to pick an excerpt: the best passage of a long answer is early
COMPOUND = re.compile(r"[^\W_]+(?:-[^\W_]+)+")  # a hyphenated word: « vice-président », « porte-parole »
YEAR = re.compile(r"^(19|20)\d\d$")
_WORD = re.compile(r"[a-z0-9]+")


# Words that frame a question without saying what it is about: greetings, « je voudrais savoir »,
# « pouvez-vous m'expliquer », « concrètement ». Dropped from queries only (documents keep them), so
# that a long, polite question is read as its core. Not topics: no subject is ever listed here.
FRAMING_WORDS = frozenset(
    """
    bonjour bonsoir salut merci avance svp stp plait please hello hi hey
    voudrais voudrait voudrions voulais veux veut vouloir aimerais aimerait aimerions souhaite souhaiterais souhaitons
    pourriez pouvez pourrais pourrait peux puis pouvoir dites dis dire savoir sais sait connaitre connais comprendre
    expliquer expliquez explique expliquer demande demander demandais cherche cherchons chercher recherche renseigner
    renseignement renseignements information informations info infos precisement exactement vraiment simplement
    concretement svp possible merci lu vu entendu entend parler parle dit pense penser crois croire sachant avis coup
    quelqu un quelque chose chose choses cela ceci voila bien beaucoup autant tellement vrai exact
    est-ce estce oui non ya
    tell know explain please could would like want wondering looking hello thanks
    """.split()  # noqa: SIM905 - a word list reads better as text
)
QUERY_STOP_WORDS = STOP_WORDS | FRAMING_WORDS

_stemmer: Any = None
_FEMININE = re.compile(r"(?:(?<=.{3})ee|(?<=.{2})iere)s?$")


def _masculine(match: re.Match[str]) -> str:
    return "ier" if match.group().startswith("i") else "e"


_stems: dict[str, str] = {}


def _snowball() -> Any:
    """The French Snowball stemmer (PyStemmer, C), imported on first use: only a search pays for it."""
    global _stemmer  # noqa: PLW0603 - one stemmer per process, created on demand
    if _stemmer is None:
        import Stemmer

        _stemmer = Stemmer.Stemmer("french")
    return _stemmer


def stem(word: str) -> str:
    """The Snowball stem of a folded word (« recrutement », « recruter » -> « recrut »); numbers stay."""
    found = _stems.get(word)
    if found is None:
        # Snowball reads « -ée » and « -ière » by their accents, which folding removed: restore the
        # masculine form first, so that « salariées », « salarié » and « salariés » share a stem.
        found = word if word.isdigit() or len(word) < 3 else str(_snowball().stemWord(_FEMININE.sub(_masculine, word)))
        if len(found) < 4 and len(word) > len(found) + 2:  # « tennis » is not « tenir »: too short a stem says too little
            found = word
        if len(_stems) < 100_000:
            _stems[word] = found
    return found


def words(text: str) -> list[str]:
    """Folded words of ``text``; elided articles (l', d', qu') fall out as one-letter words."""
    return _WORD.findall(fold(text))


# Query words that only fold onto a topic: « ça » is not « CA » (chiffre d'affaires).
ACCENTED_FUNCTION_WORDS = frozenset({"ça", "çà"})
_SCALES = {
    "milliard": 10**9, "milliards": 10**9, "md": 10**9, "mds": 10**9, "mrd": 10**9, "billion": 10**9, "billions": 10**9,
    "million": 10**6, "millions": 10**6, "m": 10**6, "mio": 10**6,
    "mille": 10**3, "k": 10**3,
}  # fmt: skip
_GROUPED = re.compile(r"(?<![\d,.])(\d{1,3})((?:[ \u00a0\u202f](?:\d{3}))+)(?![\d,]\d)")
_SCALED = re.compile(
    r"(?<![\w,.])(\d+(?:[.,]\d+)?)[ \u00a0\u202f]?("
    + "|".join(sorted(_SCALES, key=len, reverse=True))
    + r")(?:\s*(?:d'|de\s+)?(?:€|eur|euros?))?(?![^\W\d_])",
    re.IGNORECASE,
)


def numbers_as_typed(text: str) -> str:
    """Numbers in one form whatever their spelling: « 15 000 » and « 15000 » -> « 15000 »,
    « 700 millions », « 700 M€ » -> « 700000000 », « 1,37 milliard » -> « 1370000000 », « 15k » -> « 15000 »."""

    def scaled(match: re.Match[str]) -> str:
        number = float(match.group(1).replace(",", "."))
        return str(round(number * _SCALES[match.group(2).lower()]))

    text = _GROUPED.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), text)
    return _SCALED.sub(scaled, text)


def completes(sequence: list[str], position: int) -> bool:
    """Whether the word at ``position`` completes the one before it (« du loto », « de la bourse »)."""
    before = [w for w in sequence[max(0, position - 2) : position] if w not in ("la", "le", "les", "l")]
    return bool(before) and before[-1] in COMPLEMENT_MARKS


HEAD_MARKS = frozenset({"de", "du", "des", "d", "sur"})


def completed(sequence: list[str], position: int) -> bool:
    """Whether the word at ``position`` is completed by what follows (« impôts sur le revenu », « mot de
    passe »): the head of the phrase, which names the topic asked as much as its complement."""
    return position + 1 < len(sequence) and sequence[position + 1] in HEAD_MARKS


def about_asker(sequence: list[str], position: int) -> bool:
    """Whether the word at ``position`` of a query's folded words speaks of the asker (« mon exposé »,
    « je suis journaliste », « pour un article »), not of what is sought."""
    before = sequence[max(0, position - 2) : position]
    if before[-1:] and before[-1] in ASKER_MARKS:
        return True
    return len(before) == 2 and before[0] in PURPOSE_MARKS and before[1] in {"un", "une", "l", "le", "la", "ma", "mon", "mes"}


def query_words(query: str) -> list[tuple[str, bool]]:
    """The folded words of a query, each with whether it was typed in capitals (« CA », not « ca »)."""
    return [(word, capitals) for word, capitals, _ in _query_tokens(query) if word not in _CLAUSE_ENDS]


# « je suis chargée de mission dans une fondation et … », « je travaille dans une mairie, … »: a clause
# about the asker, opened by one of these verbs after « je » or « nous », closed by a stop or a conjunction
ASKER_VERBS = frozenset(
    {"suis", "sommes", "travaille", "travaillons", "bosse", "bossons", "prepare", "preparons"}
    | {"ecris", "ecrivons", "redige", "redigeons", "etudie", "etudions", "occupe", "occupons"}
)
ASKER_SUBJECTS = frozenset({"je", "j", "nous", "m"})  # « m »: je m'occupe de…
# after a comma, these go on saying where the asker is (« je suis nouveau au siège, dans l'équipe RH, et … »)
_ASKER_PLACES = frozenset({"dans", "chez"})  # not « à », « en »: « …, à quel rang … », « …, en quelle année … »
_CLAUSE_ENDS = frozenset({",", ".", ";", ":", "!", "?"})
_CLAUSE_WORDS = frozenset({"et", "mais", "donc", "alors", "car", "je", "j", "nous", "est", "sur", "concernant"})


def asker_clauses(query: str) -> list[bool]:
    """For each word of :func:`query_words`, whether it stands in a clause about the asker (« je suis
    journaliste dans une fondation et … »): what the asker is, not what is sought."""
    flags: list[bool] = []
    inside = False
    previous = ""
    tokens = _query_tokens(query)
    for position, (word, _, _) in enumerate(tokens):
        going_on = word == "," and position + 1 < len(tokens) and tokens[position + 1][0] in _ASKER_PLACES
        if (word in _CLAUSE_ENDS and not going_on) or (inside and word in _CLAUSE_WORDS):
            inside = False
        if word in _CLAUSE_ENDS:
            previous = word
            continue
        if previous in ASKER_SUBJECTS and word in ASKER_VERBS:
            inside = True
        flags.append(inside)
        previous = word
    return flags


def typed_forms(query: str) -> dict[str, str]:
    """Each folded word of a query and the token it was typed as (« mutuelle » -> « Mutuelle »)."""
    return {word: token for word, _, token in reversed(_query_tokens(query))}


def _query_tokens(query: str) -> list[tuple[str, bool, str]]:
    """(folded word or stop, typed in capitals, token) of a query, stops (« , », « ? ») kept as words."""
    found: list[tuple[str, bool, str]] = []
    for token in re.findall(r"[^\W_]+|[,.;:!?]", numbers_as_typed(query)):
        if token in _CLAUSE_ENDS:
            found.append((token, False, token))
            continue
        if token.lower() in ACCENTED_FUNCTION_WORDS:
            continue
        capitals = len(token) > 1 and token.isupper()
        found += [(word, capitals, token) for word in _WORD.findall(fold(token))]
    return found


def terms(text: str) -> list[str]:
    """Stemmed content words of ``text``."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def allowed_typos(word: str) -> int:
    """No typo on short words, one from 5 letters, two from 9."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2
