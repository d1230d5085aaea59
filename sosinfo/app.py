"""The application service: one question in, one rendered answer out.

Every command goes through here: data directory → fingerprint of data and code → caches (the
validated base as JSON, the search index in SQLite, the rendered answers) → query or search →
render. A rendered answer depends only on that fingerprint, the question, the format and the
output settings, so the same question asked again is answered from the cache without importing
the model, the queries or Rich. ``SOSINFO_OUTPUT_CACHE=0`` turns the answer cache off.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sosinfo import __version__, cache, fingerprint, quick
from sosinfo.kb.files import DATA_FILES, resolve_data_dir
from sosinfo.render import Colour, OutputFormat, render, settings_for
from sosinfo.text import inert

if TYPE_CHECKING:
    from sosinfo.kb.files import Snapshot
    from sosinfo.kb.model import KnowledgeBase
    from sosinfo.results import About, Result, SearchResults, VerificationReport
    from sosinfo.search.index import Store

OUTPUT_CACHE_VARIABLE = "SOSINFO_OUTPUT_CACHE"
_PACKAGE = fingerprint.PACKAGE
imported_file = fingerprint.imported_file  # the file Python runs for a module (see there)
MAX_COMPILED_BYTES = cache.MAX_CACHE_FILE


@dataclass(frozen=True)
class Options:
    """What every command shares: the output format and the knowledge base to use."""

    output_format: OutputFormat = OutputFormat.texte
    data_dir: Path | None = None
    pager: bool = False  # a long answer may go through the pager (on a terminal only)
    proofs: bool = False  # text: each statement's passages after the answer (« --preuves »)
    colour: Colour = Colour.auto  # « --couleur »


@dataclass(frozen=True)
class DataSet:
    """A knowledge base directory and the fingerprint of its files and of the code, taken once per command."""

    directory: Path
    code_key: str | None  # None when the cache cannot be used at all
    key: str | None  # None when a data file cannot be read: nothing is cached, the loader will say why


def code_files() -> list[Path]:
    """Every module of the package: any change to the code that shapes an answer changes its key."""
    return fingerprint.code_files(_PACKAGE)


def _key(code_key: str, data_hashes: list[str]) -> str:
    return fingerprint.data_key(code_key, data_hashes)


def dataset(data_dir: Path | None) -> DataSet:
    """The knowledge base to use and its fingerprint (stat-memoised: unchanged files are not read).

    The code's part is the hash of what Python runs for each module (:func:`imported_file`).
    """
    directory = resolve_data_dir(data_dir)
    keys = fingerprint.keys(_PACKAGE, directory)
    if keys is None:
        return DataSet(directory, None, None)
    return DataSet(directory, *keys)


def _snapshot_key(data: DataSet, snapshot: Snapshot) -> str | None:
    """The fingerprint of exactly the bytes that were parsed (a file may change during a run)."""
    contents = [snapshot[name] for name in DATA_FILES]
    if data.code_key is None or not all(isinstance(content, bytes) for content in contents):
        return None
    return _key(data.code_key, [cache.digest(content) for content in contents if isinstance(content, bytes)])


def knowledge(data: DataSet) -> tuple[KnowledgeBase, str | None]:
    """The validated knowledge base, from the compiled cache when its files have not changed.

    Returns the base and the fingerprint it was built from (None when it cannot be cached).
    """
    kb, key, _ = _knowledge(data)
    return kb, key


def _knowledge(data: DataSet) -> tuple[KnowledgeBase, str | None, bool]:
    """:func:`knowledge`, and whether the base came from the compiled cache."""
    import json

    from sosinfo.errors import DataError
    from sosinfo.kb.files import read_snapshot, require_some_data
    from sosinfo.kb.loader import build_compiled, check_snapshot, to_plain

    base = cache.directory()
    if data.key is not None and base is not None:
        content = cache.read_sealed(cache.compiled_path(base, data.key), MAX_COMPILED_BYTES)
        if content is not None:  # intact: the bytes written; each value's shape is still checked while rebuilding
            try:
                return build_compiled(json.loads(content)), data.key, True
            except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
                pass  # damaged: rebuilt from the YAML files below
    snapshot = read_snapshot(data.directory)
    require_some_data(data.directory, snapshot)
    kb, problems = check_snapshot(snapshot)
    if kb is None or problems:
        raise DataError(problems)
    key = _snapshot_key(data, snapshot)
    base = cache.directory(create=True) if key is not None else None
    if key is not None and base is not None:
        compiled = json.dumps(to_plain(kb), ensure_ascii=False, allow_nan=False)
        cache.write_sealed(cache.compiled_path(base, key), compiled.encode())
        cache.evict(base)
    return kb, key, False


@contextlib.contextmanager
def _distrusted_on_failure(key: str | None) -> Iterator[None]:
    """Forget the compiled base of ``key`` when using it fails unexpectedly.

    Its hash and the shape of its values are checked as it is read; its references are not (all
    the checks across entries cost ~6 ms, more than reading it). A file that passes both yet names
    what does not exist was forged, hash included: the command fails, once, and the next one
    rebuilds the base from its YAML files instead of failing in turn until the cache is removed.
    """
    try:
        yield
    except Exception as error:
        from sosinfo.errors import SosinfoError

        if key is not None and not isinstance(error, SosinfoError) and (base := cache.directory()) is not None:
            for path in (cache.compiled_path(base, key), cache.index_path(base, key)):  # the index was built from it
                with contextlib.suppress(OSError):
                    path.unlink()
        raise


def load(data_dir: Path | None) -> KnowledgeBase:
    """The validated knowledge base chosen by ``data_dir`` and the environment."""
    return knowledge(dataset(data_dir))[0]


def respond(question: tuple[object, ...] | None, produce: Callable[[KnowledgeBase], Result], options: Options) -> None:
    """Answer ``question`` (``produce`` applied to the knowledge base) on stdout; None means never cache it."""
    data = dataset(options.data_dir)
    _answer(question, data, lambda: _produce_with_key(data, produce), options)


def _produce_with_key(data: DataSet, produce: Callable[[KnowledgeBase], Result]) -> tuple[Result, str | None]:
    kb, key, compiled = _knowledge(data)
    with _distrusted_on_failure(key if compiled else None):
        return produce(kb), key


def _answer(
    question: tuple[object, ...] | None, data: DataSet, produce: Callable[[], tuple[Result, str | None]], options: Options
) -> None:
    settings = settings_for(sys.stdout, options.colour)._replace(passages=options.proofs)
    use_cache = question is not None and os.environ.get(OUTPUT_CACHE_VARIABLE, "1") != "0"
    asked = repr((question, options.output_format.value, tuple(settings)))
    answer_key = cache.digest(asked.encode())
    base = cache.directory() if use_cache and data.key is not None else None
    text = cache.read_answer(base, data.key, answer_key) if base is not None and data.key is not None else None
    kept_under = data.key if text is not None else None  # the fingerprint folder the answer is kept in
    if text is None:
        try:
            result, key = produce()
        except Exception as error:
            _empty_document(error, options)
            raise
        text = inert(render(result, options.output_format, settings))  # the filter a cached answer goes through too
        if use_cache and key is not None and (base := cache.directory(create=True)) is not None:
            cache.write_answer(base, key, answer_key, text)
            kept_under = key
    if options.pager:
        from sosinfo.pager import page

        if page(text):
            return
    write(text)
    if kept_under is not None and data.code_key is not None:
        quick.saw_answer(str(data.directory), data.code_key, kept_under, answer_key)


def schema(command: str, output_format: OutputFormat | None) -> None:
    """``sosinfo schema COMMANDE``: the JSON Schema as it is (json, texte), or in a Markdown code block."""
    from sosinfo.schemas import text_of

    text = text_of(command)
    if output_format is OutputFormat.csv:
        from sosinfo.errors import UsageError

        raise UsageError("Un schéma est un document JSON : --format csv ne s'y applique pas.", hint="--format json ou markdown.")
    if output_format is OutputFormat.markdown:
        from sosinfo.render.markdown import schema_document

        text = schema_document(command, text)
    write(text)


def write(text: str) -> None:
    """The answer on stdout."""
    sys.stdout.write(text)
    sys.stdout.flush()


def _empty_document(error: Exception, options: Options) -> None:
    """Nothing found, in JSON: still a valid document (an empty list) on stdout, so ``| jq`` works.

    The message goes to stderr and the exit code stays 1, as in every format.
    """
    from sosinfo.errors import NotFoundError

    if isinstance(error, NotFoundError) and options.output_format is OutputFormat.json:
        write("[]\n")


# --- search ---------------------------------------------------------------------------------------


def search_store(data: DataSet) -> Store:
    """The search index: the cached file, built on first use; in memory when it cannot be written."""
    return indexed(data)[0]


def indexed(data: DataSet) -> tuple[Store, str | None]:
    """The search index and the fingerprint of the data it was built from (None: not to be cached).

    The fingerprint is the one of the index actually opened or built: the data may have changed
    since ``data`` was taken, and an answer is cached under what it was computed from.
    """
    import sqlite3

    from sosinfo.search import index
    from sosinfo.search.documents import documents_of

    base = cache.directory()
    if data.key is not None and base is not None:
        store = index.open_file(cache.index_path(base, data.key))
        if store is not None:
            return store, data.key
    kb, key, compiled = _knowledge(data)
    with _distrusted_on_failure(key if compiled else None):
        documents = documents_of(kb)
        base = cache.directory(create=True) if key is not None else None
        if key is not None and base is not None:
            try:
                store = index.build_file(cache.index_path(base, key), documents, kb)
                cache.evict(base)
                return store, key
            except (OSError, sqlite3.Error):
                pass
        return index.build_memory(documents, kb), key


def _forget_index(key: str | None) -> None:
    base = cache.directory()
    if base is not None and key is not None:
        with contextlib.suppress(OSError):
            cache.index_path(base, key).unlink()


def run_search(data: DataSet, query: str, limit: int, kind: str | None) -> tuple[SearchResults, str | None]:
    """``sosinfo recherche``: the index comes from the cache; the knowledge base is read only to build it.

    Returns the results and the fingerprint of the data they were found in (see :func:`indexed`).
    """
    import sqlite3

    from sosinfo.errors import NotFoundError, UsageError
    from sosinfo.kinds import kind_named
    from sosinfo.search.rank import search
    from sosinfo.text import printable, suggest

    if not query.strip():
        raise UsageError("La recherche est vide.", hint='Exemple : sosinfo recherche "patrimoine immobilier"')
    if len(query) > 500:
        raise UsageError("La recherche est trop longue (500 caractères au plus).")
    for attempt in (1, 2):
        store, key = indexed(data)
        try:
            types: list[str] = store.meta["types"]
            if kind is not None and kind not in types:
                kind = kind_named(kind) or kind  # « FAQ », « chiffres », « témoignage »
            if kind is not None and kind not in types:
                close = suggest(kind, types)
                hint = (f"Vouliez-vous dire « {close} » ? " if close else "") + "Types : " + ", ".join(types) + "."
                raise UsageError(f"Type inconnu : « {printable(kind)} ».", hint=hint)
            results = search(store, query, limit, kind)
            elsewhere = search(store, query, limit, None).hits if not results.hits and kind is not None else []
            break
        except (sqlite3.DatabaseError, ValueError, TypeError, KeyError):
            # a damaged page, or sound pages holding what the index never writes: build it anew, once
            store.connection.close()
            if attempt == 2:
                raise
            _forget_index(key)
    if elsewhere and kind is not None:  # the sources do speak of it, in entries of other types
        other_types = ", ".join(dict.fromkeys(hit.type for hit in elsewhere))
        raise NotFoundError(
            f"Aucun résultat de type « {printable(kind)} » pour « {printable(query)} ».",
            hint=f"Sans --type, la recherche trouve des résultats de type : {other_types}.",
        )
    if not results.hits:
        raise _nothing_found(results)
    return results, key


def _nothing_found(results: SearchResults) -> Exception:
    """Why nothing answers (:meth:`SearchResults.silence`), with the closest entries when the base knows the
    subject but not the detail asked, or what to try."""
    from sosinfo.errors import NotFoundError
    from sosinfo.text import printable

    if results.nearby:
        closest = "\n".join(f"  • {printable(hit.title, 100)} → {hit.command}" for hit in results.nearby)
        return NotFoundError(results.silence(), hint=f"Entrées les plus proches :\n{closest}")
    return NotFoundError(results.silence(), hint="Essayez d'autres mots, ou « sosinfo faq » pour la liste des questions.")


def search_answer(query: str, limit: int, kind: str | None, options: Options) -> None:
    data = dataset(options.data_dir)

    def produce() -> tuple[Result, str | None]:
        found, key = run_search(data, query, limit, kind)
        if options.proofs and options.output_format is OutputFormat.texte:  # the parts' titles are in the base, not the index
            kb = _knowledge(data)[0]
            found.sections = {(s.id, part.id): part.titre for s in kb.sources for part in s.sections}
        return found, key

    _answer(("recherche", query, limit, kind), data, produce, options)


# --- verification ---------------------------------------------------------------------------------


def record_counts(kb: KnowledgeBase) -> dict[str, int]:
    """The number of entries of each section, under the YAML section names the user edits."""
    from sosinfo.kb.files import FILES

    counts: dict[str, int] = {}
    for sections in FILES.values():
        for key, attribute in sections:
            value = getattr(kb, attribute)
            counts[key] = len(value) if isinstance(value, list) else 1
    return counts


def verification(directory: Path | None) -> VerificationReport:
    """Check a knowledge base without the cache: every problem, with file and line."""
    from sosinfo.kb.loader import read_knowledge
    from sosinfo.results import VerificationReport

    folder = resolve_data_dir(directory)
    kb, problems = read_knowledge(folder)
    return VerificationReport(str(folder), problems, record_counts(kb) if kb is not None else {})


def about(data_dir: Path | None) -> About:
    """``sosinfo --version``: the program, its JSON contract and the knowledge base it would answer from."""
    from sosinfo.contract import VERSION
    from sosinfo.kb.files import BUNDLED_DATA
    from sosinfo.results import About

    data = dataset(data_dir)
    kb = knowledge(data)[0]
    dated = [source for source in kb.sources if source.annee is not None]
    newest = max(dated, key=lambda source: source.annee or 0, default=None)
    bundled = data.directory.resolve() == BUNDLED_DATA.resolve()
    return About(__version__, VERSION, str(data.directory), bundled, sum(record_counts(kb).values()), newest)


def verify(directory: Path | None, options: Options) -> None:
    """Print the verification report; :class:`NotFoundError` (exit 1) when the base is invalid."""
    from sosinfo.errors import NotFoundError, count_problems

    report = verification(directory)
    data = DataSet(Path(report.directory), None, None)
    _answer(None, data, lambda: (report, None), options)
    if report.problems:  # the report is the answer (stdout); the verdict goes to stderr
        raise NotFoundError(f"base de connaissances invalide : {count_problems(report.problems)}.")


def complete(
    values: Callable[[KnowledgeBase], list[tuple[str, str]]], incomplete: str, data_dir: Path | None = None
) -> list[tuple[str, str]]:
    """Shell completion from the knowledge base: the (value, description) pairs whose value starts
    with ``incomplete``; a broken base simply completes nothing."""
    from sosinfo.errors import SosinfoError

    try:
        data = dataset(data_dir)
        kb, key = knowledge(data)
        quick.saw_data(str(data.directory), data.code_key, key)  # the values offered come from exactly these files
        return [(value, described) for value, described in values(kb) if value.startswith(incomplete)]
    except (SosinfoError, OSError):
        return []
