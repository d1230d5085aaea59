"""The search index, stored in SQLite so that a query reads only what it needs.

A query touches the postings of its own words and the few documents it ranks, never the whole
knowledge base: that is what keeps ``sosinfo recherche`` fast on a knowledge base a thousand
times the shipped one. The same store serves in memory when no cache directory can be written.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sosinfo.cache import digest, temporary_name
from sosinfo.fileio import regular_status
from sosinfo.kb import model
from sosinfo.kinds import KINDS
from sosinfo.search.analysis import BANK, EXACT, FIELD_WEIGHTS, STOP_WORDS, STRONG_FIELDS, stem, terms, words

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(
    n INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, title TEXT NOT NULL, command TEXT NOT NULL,
    year INTEGER, indicator TEXT, recency INTEGER NOT NULL, length REAL NOT NULL,
    strong TEXT NOT NULL, questions TEXT NOT NULL, asked TEXT NOT NULL, fields TEXT NOT NULL, record TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX docs_indicator ON docs(indicator);
CREATE TABLE terms(term TEXT PRIMARY KEY, idf REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE postings(term TEXT NOT NULL, n INTEGER NOT NULL, weight REAL NOT NULL, PRIMARY KEY(term, n)) WITHOUT ROWID;
CREATE TABLE words(word TEXT PRIMARY KEY, stem TEXT NOT NULL) WITHOUT ROWID;
"""

_KIND_WORDS = {kind.id: kind.search_words for kind in KINDS}
COMMON_TERM = 300  # a term held by more documents is never read whole while a query is answered
_META_KEYS = frozenset({"average_length", "documents", "synonyms", "aliases", "type_words", "types"})
INTEGRITY = "integrity"  # the meta row holding the hash of all the others
NAME = "name"  # the meta row holding the file name the index was built for (« index-<empreinte>.sqlite3 »)
IN_MEMORY = ":memory:"


@dataclass(eq=False)
class Document:
    """One searchable entry, as the index builder sees it."""

    id: str
    type: str
    title: str
    command: str
    record: dict[str, Any]
    fields: list[tuple[str, str]]  # (field kind, text)
    year: int | None = None
    indicator: str | None = None
    recency: int = 0
    asked: list[str] = field(default_factory=list)  # questions people ask for it (the question bank): indexed, never shown
    asked_words: list[str] = field(default_factory=list)  # the words people use for it (the question bank)


@dataclass(eq=False)
class DocumentStats:
    """What ranking needs of a candidate document."""

    type: str
    length: float
    strong: frozenset[str]
    questions: list[frozenset[str]]
    year: int | None
    indicator: str | None
    recency: int
    asked_json: str  # the stems of each phrase of the question bank that asks for it, as stored (read on demand)
    _asked: list[frozenset[str]] | None = None

    @property
    def asked(self) -> list[frozenset[str]]:
        """The stems of each phrase of the question bank that asks for it."""
        if self._asked is None:
            self._asked = [frozenset(q) for q in json.loads(self.asked_json)]
        return self._asked


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _finite(value: object, low: float) -> bool:
    """A number (not a boolean), finite, at least ``low``."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value >= low


def _meta_hash(rows: dict[str, str]) -> str:
    """The hash of the meta rows as stored (their JSON text), in key order."""
    return digest("\0".join(f"{key}\0{value}" for key, value in sorted(rows.items())).encode())


def _content_hash(number: int, shown: tuple[str, ...]) -> str:
    """The hash of what a document shows (id, type, title, command, fields and record, as stored):
    an index edited in place shows nothing of its edit."""
    return digest("\0".join((str(number), *shown)).encode())


def _phrase_groups(value: object) -> bool:
    """A list of groups, each a list of non-empty phrases of words (the synonyms, as stems)."""
    return isinstance(value, list) and all(isinstance(group, list) and all(_strings(p) and p for p in group) for group in value)


def _meta_shapes_hold(meta: dict[str, Any]) -> bool:
    """Whether each meta value has the shape and range :func:`build` writes (a sound page may hold anything)."""
    average, count, aliases, type_words = meta["average_length"], meta["documents"], meta["aliases"], meta["type_words"]
    forms = meta.get("alias_forms", {})
    return (
        _finite(average, 0.0)
        and type(count) is int
        and count >= 0
        and (count == 0 or average > 0)  # every search divides by it
        and _strings(meta["types"])
        and isinstance(type_words, dict)
        and all(isinstance(kind, str) for kind in type_words.values())
        and _phrase_groups(meta["synonyms"])
        and isinstance(aliases, list)
        and all(isinstance(pair, list) and len(pair) == 2 and _strings(pair[0]) and isinstance(pair[1], str) for pair in aliases)
        and all(_strings(meta.get(key, [])) for key in ("names", "acronyms", "synonym_forms"))
        and isinstance(forms, dict)
        and all(_strings(indicators) for indicators in forms.values())
    )


@dataclass(eq=False)
class Store:
    """Read access to a built index; results of each look-up are kept for the process."""

    connection: sqlite3.Connection
    meta: dict[str, Any] = field(default_factory=dict)
    _postings: dict[str, dict[int, float]] = field(default_factory=dict)
    _idf: dict[str, float | None] = field(default_factory=dict)
    _stats: dict[int, DocumentStats] = field(default_factory=dict)
    _words: dict[str, str] | None = None
    _phrases: dict[str, list[tuple[tuple[str, ...], list[list[str]]]]] | None = None
    _initials: dict[str, list[str]] | None = None
    _aliases: dict[str, list[tuple[int, list[str], str]]] | None = None

    @classmethod
    def open(cls, connection: sqlite3.Connection, name: str = IN_MEMORY) -> Store:
        """The store of ``connection``, built as ``name``; :class:`sqlite3.DatabaseError` if it is not a
        complete index, or one built under another name (the index of another base, copied over this one)."""
        rows = {str(key): str(value) for key, value in connection.execute("SELECT key, value FROM meta")}
        if rows.pop(INTEGRITY, None) != json.dumps(_meta_hash(rows)):
            raise sqlite3.DatabaseError("index meta: hash missing or wrong")
        if rows.pop(NAME, None) != json.dumps(name):
            raise sqlite3.DatabaseError("index meta: built under another name")
        try:
            meta = {key: json.loads(value) for key, value in rows.items()}
        except ValueError as error:
            raise sqlite3.DatabaseError(f"index meta: {error}") from None
        if not meta.keys() >= _META_KEYS:
            raise sqlite3.DatabaseError("index meta: keys missing")
        if not _meta_shapes_hold(meta):
            raise sqlite3.DatabaseError("index meta: values of the wrong shape")
        return cls(connection, meta)

    @property
    def average_length(self) -> float:
        return float(self.meta["average_length"])

    def idf(self, term: str) -> float | None:
        if term not in self._idf:
            row = self.connection.execute("SELECT idf FROM terms WHERE term = ?", (term,)).fetchone()
            if row is not None and not _finite(row[0], 0.0):
                raise ValueError(f"index: idf of {term!r} out of range")
            self._idf[term] = None if row is None else float(row[0])
        return self._idf[term]

    @property
    def max_idf(self) -> float:
        """The idf of a word held by a single entry: what a word no entry holds would weigh."""
        count = int(self.meta.get("documents", 0)) or 1
        return math.log(1 + (count - 0.5) / 1.5)

    def synonym_phrases(self) -> dict[str, list[tuple[tuple[str, ...], list[list[str]]]]]:
        """Each synonym phrase (as stems) and its group, by the phrase's first stem."""
        if self._phrases is None:
            self._phrases = defaultdict(list)
            for group in self.meta["synonyms"]:
                for phrase in group:
                    self._phrases[phrase[0]].append((tuple(phrase), group))
        return self._phrases

    def has(self, term: str) -> bool:
        return self.idf(term) is not None

    def document_frequency(self, term: str) -> int:
        """How many documents hold ``term`` (read back from its idf; 0 when none does)."""
        idf = self.idf(term)
        if idf is None:
            return 0
        ratio = math.exp(idf)
        return round((int(self.meta.get("documents", 0)) + 1 - 0.5 * ratio) / ratio)

    def postings_among(self, term: str, numbers: set[int]) -> dict[int, float]:
        """The postings of ``term`` restricted to ``numbers``: a common word's whole list is never read."""
        found = self._postings.get(term)
        if found is None and self.document_frequency(term) > COMMON_TERM:
            result: dict[int, float] = {}
            ordered = sorted(numbers)
            for start in range(0, len(ordered), 500):  # SQLite caps the number of bound variables
                chunk = ordered[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self.connection.execute(
                    f"SELECT n, weight FROM postings WHERE term = ? AND n IN ({marks})", [term, *chunk]
                )
                result.update(_checked_postings(term, rows.fetchall()))
            return result
        found = self.postings(term)
        return (
            {n: found[n] for n in numbers if n in found}
            if len(numbers) < len(found)
            else {n: w for n, w in found.items() if n in numbers}
        )

    def best_postings(self, term: str, count: int) -> list[int]:
        """The ``count`` documents where ``term`` weighs the most (its title, its keywords first)."""
        query = "SELECT n FROM postings WHERE term = ? ORDER BY weight DESC, n LIMIT ?"
        return [row[0] for row in self.connection.execute(query, (term, count))]

    def postings(self, term: str) -> dict[int, float]:
        found = self._postings.get(term)
        if found is None:
            found = _checked_postings(term, self.connection.execute("SELECT n, weight FROM postings WHERE term = ?", (term,)))
            self._postings[term] = found
        return found

    def words(self) -> dict[str, str]:
        """Every surface word of the index and its stem (for typo matching)."""
        if self._words is None:
            self._words = dict(self.connection.execute("SELECT word, stem FROM words").fetchall())
        return self._words

    def words_starting(self, letter: str) -> list[str]:
        """Surface words of the index that begin with ``letter``."""
        if self._initials is None:
            self._initials = defaultdict(list)
            for word in self.words():
                self._initials[word[:1]].append(word)
        return self._initials.get(letter, [])

    def terms_with_prefix(self, prefix: str) -> list[str]:
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return [row[0] for row in self.connection.execute("SELECT term FROM terms WHERE term >= ? AND term < ?", (prefix, upper))]

    def stats(self, numbers: set[int]) -> dict[int, DocumentStats]:
        missing = [n for n in numbers if n not in self._stats]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            columns = "n, type, length, strong, questions, year, indicator, recency, asked"
            rows = self.connection.execute(f"SELECT {columns} FROM docs WHERE n IN ({marks})", chunk)
            for n, kind, length, strong, questions, year, indicator, recency, asked in rows:
                if not (
                    type(kind) is str
                    and _finite(length, 0.0)
                    and (year is None or type(year) is int)
                    and (indicator is None or type(indicator) is str)
                    and type(recency) is int
                ):
                    raise ValueError(f"index: statistics of document {n} out of range")
                self._stats[n] = DocumentStats(
                    kind,
                    length,
                    frozenset(json.loads(strong)),
                    [frozenset(q) for q in json.loads(questions)],
                    year,
                    indicator,
                    recency,
                    asked,
                )
        return {n: self._stats[n] for n in numbers}

    def figures_of(self, indicators: set[str]) -> list[int]:
        found: list[int] = []
        ordered = sorted(indicators)
        for start in range(0, len(ordered), 500):  # SQLite caps the number of bound variables
            chunk = ordered[start : start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT n FROM docs WHERE type = 'chiffre' AND indicator IN ({marks})"
            found += [row[0] for row in self.connection.execute(query, chunk)]
        return sorted(found)

    def latest_figure(self, indicators: set[str]) -> int | None:
        """The most recent figure of ``indicators`` (the first in index order among equals), if any."""
        if not indicators:
            return None
        ordered = sorted(indicators)[:500]
        marks = ",".join("?" * len(ordered))
        query = f"SELECT n FROM docs WHERE type = 'chiffre' AND indicator IN ({marks}) ORDER BY recency DESC, n LIMIT 1"
        row = self.connection.execute(query, ordered).fetchone()
        return None if row is None else int(row[0])

    def aliases_holding(self, stems: set[str]) -> list[tuple[list[str], str]]:
        """The (alias, indicator) pairs whose alias holds one of ``stems``, in the index's order."""
        if self._aliases is None:
            self._aliases = defaultdict(list)
            for position, (alias, indicator) in enumerate(self.meta["aliases"]):
                for term in set(alias):
                    self._aliases[term].append((position, alias, indicator))
        found = {item[0]: item for term in stems for item in self._aliases.get(term, ())}
        return [(alias, indicator) for _, alias, indicator in (found[k] for k in sorted(found))]

    def document(self, number: int) -> tuple[str, str, str, str, list[tuple[str, str]], dict[str, Any]]:
        """(id, type, title, command, fields, record) of one document."""
        row = self.connection.execute(
            "SELECT id, type, title, command, fields, record, hash FROM docs WHERE n = ?", (number,)
        ).fetchone()
        if row is None or not all(type(column) is str for column in row) or row[6] != _content_hash(number, row[:6]):
            raise ValueError(f"index: document {number} missing or changed since it was written")
        fields = [(str(kind), str(text)) for kind, text in json.loads(row[4])]
        record = json.loads(row[5])
        if not isinstance(record, dict):
            raise TypeError(f"index: the record of document {number} is not an object")
        return row[0], row[1], row[2], row[3], fields, record


def build(documents: list[Document], kb: model.KnowledgeBase, connection: sqlite3.Connection, name: str = IN_MEMORY) -> None:
    """Write the index of ``documents`` into an empty database."""
    connection.executescript(SCHEMA)
    postings: dict[str, dict[int, float]] = defaultdict(dict)
    stem_of: dict[str, str] = {}
    rows = []
    total_length = 0.0
    for number, document in enumerate(documents):
        row, weights = _document_row(number, document, stem_of)
        for term, weight in weights.items():
            postings[term][number] = weight
        total_length += row[8]
        rows.append(row)
    connection.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    count = len(documents) or 1
    connection.executemany(
        "INSERT INTO terms VALUES (?, ?)",
        ((term, math.log(1 + (count - len(docs) + 0.5) / (len(docs) + 0.5))) for term, docs in postings.items()),
    )
    connection.executemany(
        "INSERT INTO postings VALUES (?, ?, ?)", ((t, n, w) for t, docs in postings.items() for n, w in docs.items())
    )
    # a common term's best entries are read without sorting all of them (Store.best_postings); built last, once
    connection.execute("CREATE INDEX postings_best ON postings(term, weight DESC, n)")
    connection.executemany("INSERT INTO words VALUES (?, ?)", stem_of.items())
    meta = _meta(documents, kb) | {"average_length": total_length / count, "documents": len(documents)}
    meta_rows = {key: json.dumps(value, ensure_ascii=False) for key, value in meta.items()} | {NAME: json.dumps(name)}
    meta_rows[INTEGRITY] = json.dumps(_meta_hash(meta_rows))
    connection.executemany("INSERT INTO meta VALUES (?, ?)", meta_rows.items())
    connection.commit()


def _bank_terms(phrase: str) -> set[str]:
    """The index terms of one phrase of the question bank: each content word's stem, and its exact form."""
    found: set[str] = set()
    for word in words(phrase):
        if word in STOP_WORDS:
            continue
        term = stem(word)
        found.add(term)
        if term != word:
            found.add(EXACT + word)
    return found


def _document_row(number: int, document: Document, stem_of: dict[str, str]) -> tuple[tuple[Any, ...], dict[str, float]]:
    """The ``docs`` row of one document, and the weight of each of its terms (words, exact forms, pairs)."""
    fields = [*document.fields, ("hidden", _KIND_WORDS.get(document.type, document.type))]
    weights: dict[str, float] = defaultdict(float)
    bigrams: dict[str, float] = {}
    strong: set[str] = set()
    length = 0.0
    for kind, text in fields:
        previous = None
        for word in words(text):
            if word in STOP_WORDS:
                continue
            term = stem_of.setdefault(word, stem(word))
            forms = [term] if term == word else [term, EXACT + word]  # the exact form too: « MOUVES » is not any « mouvement »
            for form in forms:
                weights[form] += FIELD_WEIGHTS[kind]
            if previous is not None and kind != "hidden":  # adjacent words, for phrase matches
                bigrams[f"{previous}+{term}"] = FIELD_WEIGHTS[kind]
            previous = term
            length += 0.25 if kind == "body" else 1.0  # long answers are the product: their body weighs little
            if kind in STRONG_FIELDS:
                strong.update(forms)
    asked = [sorted(set(terms(phrase))) for phrase in (*document.asked, *document.asked_words) if terms(phrase)]
    # the question bank: a channel of its own (BANK + stem, and the exact form where the stem differs, as in the
    # text: a typed word whose stem is too short to trust, « homes », is looked up by its form), weighed apart
    for phrase in (*document.asked, *document.asked_words):
        for term in _bank_terms(phrase):
            weights[BANK + term] += 1.0
    # a word people use for it names it (a strong term); a word met in one of their questions may be wording
    strong.update(BANK + term for phrase in document.asked_words for term in _bank_terms(phrase))
    for word in {w for phrase in (*document.asked, *document.asked_words) for w in words(phrase) if w not in STOP_WORDS}:
        stem_of.setdefault(word, stem(word))  # a typo of a word people use is recognised too
    questions = [sorted(set(terms(document.title)))] + [
        sorted(set(terms(phrase)))
        for kind, text in fields
        if kind in ("questions", "keywords")
        for phrase in text.replace("?", ";").split(";")
        if phrase.strip()
    ]
    shown = (document.id, document.type, document.title, document.command)
    fields_json, record_json = json.dumps(fields, ensure_ascii=False), json.dumps(document.record, ensure_ascii=False)
    row = (
        number,
        *shown,
        document.year,
        document.indicator,
        document.recency,
        length,
        json.dumps(sorted(strong)),
        json.dumps(questions),
        json.dumps(asked),
        fields_json,
        record_json,
        _content_hash(number, (*shown, fields_json, record_json)),
    )
    return row, {**weights, **bigrams}


def _checked_postings(term: str, rows: Any) -> dict[int, float]:
    """Postings as read from the index: a document number and a positive, finite weight, or the index is refused."""
    found = dict(rows)
    if not all(type(n) is int and _finite(weight, 0.0) and weight > 0 for n, weight in found.items()):
        raise ValueError(f"index: postings of {term!r} out of range")
    return found


def _meta(documents: list[Document], kb: model.KnowledgeBase) -> dict[str, Any]:
    """What the ranking reads of the whole base: synonyms, indicator names, names and acronyms, kind words."""
    synonyms = [[terms(t) for t in group.termes if terms(t)] for group in kb.synonyms]
    aliases = [
        (terms(name), indicator.id)
        for indicator in kb.indicators
        for name in (*indicator.alias, indicator.libelle)
        if 0 < len(terms(name)) <= 3
    ]
    names, acronyms = _names_and_acronyms(documents, kb)
    alias_forms: dict[str, list[str]] = defaultdict(list)  # a one-word name of an indicator, as written (« pays »)
    for indicator in kb.indicators:
        for name in (*indicator.alias, indicator.libelle):
            named = [w for w in words(name) if w not in STOP_WORDS]
            if len(named) == 1 and indicator.id not in alias_forms[named[0]]:
                alias_forms[named[0]].append(indicator.id)
    type_words = {stem(w): kind for kind, text in _KIND_WORDS.items() for w in words(text) if kind not in ("faq", "chiffre")}
    return {
        "synonyms": synonyms,
        "aliases": aliases,
        "type_words": type_words,
        "types": sorted({d.type for d in documents}),
        "names": names,
        "acronyms": acronyms,
        "alias_forms": alias_forms,
        "synonym_forms": sorted({w for group in kb.synonyms for t in group.termes for w in words(t) if w not in STOP_WORDS}),
    }


_TOKEN = re.compile(r"[^\W\d_]+")
_SENTENCE_ENDS = frozenset(".!?:;«(—–")


def _starts_a_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence: at the very beginning, or after a stop and blanks.

    Looks back over the blanks only: a search over the whole prefix for every word made the index
    build quadratic in the length of a text (minutes on a large base).
    """
    before = start - 1
    while before >= 0 and text[before].isspace():
        before -= 1
    return start == 0 if before < 0 else text[before] in _SENTENCE_ENDS


def _names_and_acronyms(documents: list[Document], kb: model.KnowledgeBase) -> tuple[list[str], list[str]]:
    """Stems only ever written with a capital inside a sentence (names of people and places: « Borello »,
    « Paris »), and words only ever written in capitals (« CA », « EHPAD »), read from the texts as written."""
    capital: set[str] = set()
    lower: set[str] = set()
    upper: set[str] = set()
    texts = [text for d in documents for kind, text in d.fields if kind not in ("hidden", "value")]
    texts += [t for group in kb.synonyms for t in group.termes]
    analysed: dict[str, list[str]] = {}  # a token's words, analysed once: texts repeat their words
    for text in texts:
        for match in _TOKEN.finditer(text):
            token = match.group()
            found = analysed.get(token)
            if found is None:
                found = analysed[token] = words(token)
            for word in found:
                if len(token) > 1 and token.isupper():
                    upper.add(word)
                elif token[0].isupper():
                    if not _starts_a_sentence(text, match.start()):
                        capital.add(word)
                else:
                    lower.add(word)
    names = {stem(w) for w in capital - lower - upper if w not in STOP_WORDS}
    names -= {stem(w) for w in lower | upper}
    return sorted(names), sorted(upper - lower - capital)


def open_file(path: Path) -> Store | None:
    """The index stored at ``path``, read-only; None when it is absent, not a regular file or damaged.

    Anything but a regular file (a FIFO would block the open, a link may point anywhere) is a
    miss: the caller builds the index anew and renames it over ``path``; so is meta of the wrong
    shape. A page damaged further in surfaces as :class:`sqlite3.DatabaseError` during a query,
    content the builder never writes as ``ValueError``, ``TypeError`` or ``KeyError``: the
    application then removes the file and builds it anew, once.
    """
    try:
        status = regular_status(path, follow_links=False)
    except OSError:
        return None
    connection = None
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        now = os.lstat(path)
        if (now.st_dev, now.st_ino) != (status.st_dev, status.st_ino):  # replaced since it was checked
            raise sqlite3.DatabaseError("index replaced while opening")
        return Store.open(connection, path.name)
    except (sqlite3.Error, OSError, ValueError):
        if connection is not None:
            connection.close()
        return None


def build_file(path: Path, documents: list[Document], kb: model.KnowledgeBase) -> Store:
    """Build the index in a private temporary file beside ``path``, then move it into place."""
    temporary = path.parent / temporary_name(path.name)  # the builder's process number in it: see cache.temporary_name
    for left in (temporary, temporary.with_name(f"{temporary.name}-journal")):  # this process's own, from a failed build
        with contextlib.suppress(FileNotFoundError):
            os.unlink(left)
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
    try:
        connection = sqlite3.connect(temporary)
        try:
            build(documents, kb, connection, path.name)
        finally:
            connection.close()
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    store = open_file(path)
    if store is None:  # pragma: no cover - just written and checked by SQLite
        raise sqlite3.DatabaseError("index just built cannot be read")
    return store


def build_memory(documents: list[Document], kb: model.KnowledgeBase) -> Store:
    connection = sqlite3.connect(":memory:")
    build(documents, kb, connection)
    return Store.open(connection)
