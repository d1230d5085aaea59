"""Compiled caches: the validated knowledge base (JSON) and the search index (SQLite).

Both are keyed by a hash of the data files' bytes and of the code that shapes them, so an
edited file or a new version of sosinfo is never served stale. They live in the user's cache
directory (``$XDG_CACHE_HOME/sosinfo`` or ``~/.cache/sosinfo``); when it is missing, read-only
or full, everything still works, only slower. No pickle: JSON and SQLite only.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sosinfo import __version__
from sosinfo.knowledge import DATA_FILES

if TYPE_CHECKING:  # the cache answers without building any record class when it can
    from sosinfo.model import KnowledgeBase
    from sosinfo.searchindex import Store

try:  # the builtin BLAKE2 spares loading OpenSSL through hashlib (2.6 ms at every start)
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - CPython always has it
    from hashlib import blake2b as _blake2b

CACHE_VARIABLE = "SOSINFO_CACHE_DIR"
_CODE = ("model.py", "loader.py", "search.py", "searchindex.py")  # what shapes the cached data
_PACKAGE = Path(__file__).resolve().parent


class DataSource(NamedTuple):
    """A knowledge base directory and the fingerprint of its files, computed once per command."""

    directory: Path
    key: str | None  # None when a file cannot be read: nothing is cached, the loader will say why


def source(data_dir: Path) -> DataSource:
    return DataSource(data_dir, fingerprint(data_dir))


def cache_directory() -> Path:
    configured = os.environ.get(CACHE_VARIABLE)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sosinfo"


def fingerprint(data_dir: Path) -> str | None:
    """Hash of every data file and of the code; None if a file cannot be read (the loader will say why).

    Like git's index, a file whose stat signature (device, inode, size, mtime and ctime in ns)
    is unchanged is not read again: its remembered content hash is used. Any write changes the
    ctime, so an edited file is always hashed anew.
    """
    digest = _blake2b(__version__.encode(), digest_size=16)
    memo = _read_memo()
    changed = False
    try:
        for path in [*(_PACKAGE / name for name in _CODE), *(data_dir / name for name in DATA_FILES)]:
            status = path.stat()
            signature = [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]
            remembered = memo.get(str(path))
            if remembered is not None and remembered[:5] == signature:
                content_hash = str(remembered[5])
            else:
                content_hash = _blake2b(path.read_bytes(), digest_size=16).hexdigest()
                memo[str(path)] = [*signature, content_hash]
                changed = True
            digest.update(f"\0{path.name}\0{content_hash}".encode())
    except OSError:
        return None
    if changed:
        _write_memo(memo)
    return digest.hexdigest()


_MEMO_NAME = "empreintes.json"


def _read_memo() -> dict[str, list[object]]:
    try:
        memo = json.loads((cache_directory() / _MEMO_NAME).read_bytes())
    except (OSError, ValueError):
        return {}
    return memo if isinstance(memo, dict) else {}


def _write_memo(memo: dict[str, list[object]]) -> None:
    if _writable_directory() is not None:
        if len(memo) > 2000:  # old paths pile up when many knowledge bases were used: start again
            memo = dict(list(memo.items())[-200:])
        _write_atomically(cache_directory() / _MEMO_NAME, json.dumps(memo).encode())


def _writable_directory() -> Path | None:
    directory = cache_directory()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return directory if os.access(directory, os.W_OK) else None


def load_cached(data: DataSource) -> KnowledgeBase:
    """The knowledge base of ``data``, from the cache when its files have not changed."""
    from sosinfo.loader import build_unchecked, load_knowledge

    path = cache_directory() / f"kb-{data.key}.json" if data.key else None
    if path is not None:
        try:
            return build_unchecked(json.loads(path.read_bytes()))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # absent, unreadable or damaged: rebuild from the YAML files
    knowledge = load_knowledge(data.directory)
    if path is not None and _writable_directory() is not None:
        _write_atomically(path, json.dumps(_plain(knowledge), ensure_ascii=False).encode())
    return knowledge


def search_store(data: DataSource) -> Store:
    """The search index of ``data``: the cached file, built on first use; in memory as a fallback."""
    from sosinfo.searchindex import open_or_build

    directory = _writable_directory() if data.key else None
    path = (directory or cache_directory()) / f"index-{data.key}.sqlite3" if data.key else None
    if path is not None and not path.exists() and directory is None:
        path = None  # nothing cached and nowhere to write: build in memory
    return open_or_build(lambda: load_cached(data), path)


def _plain(knowledge: KnowledgeBase) -> object:
    from sosinfo.loader import to_plain

    return to_plain(knowledge)


def _write_atomically(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(content)
        temporary.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


# --- rendered answers --------------------------------------------------------------------------


def answer_key(data: DataSource, question: tuple[object, ...]) -> tuple[str, str] | None:
    """(fingerprint, key) of a rendered answer, or None when the data cannot be fingerprinted."""
    if data.key is None:
        return None
    return data.key, _blake2b(repr(question).encode(), digest_size=16).hexdigest()


def read_answer(key: tuple[str, str]) -> str | None:
    try:
        return (cache_directory() / "reponses" / key[0] / f"{key[1]}.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_answer(key: tuple[str, str], text: str) -> None:
    """Store a rendered answer; answers of older fingerprints are removed with their folder."""
    if _writable_directory() is None:
        return
    root = cache_directory() / "reponses"
    folder = root / key[0]
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            for other in root.iterdir():  # a new fingerprint: the data or code changed
                if other.name != key[0] and other.is_dir():
                    shutil.rmtree(other, ignore_errors=True)
    except OSError:
        return
    _write_atomically(folder / f"{key[1]}.txt", text.encode("utf-8"))
