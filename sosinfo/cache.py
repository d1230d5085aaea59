"""Cache storage: where the cache lives, content hashes, and files the cache owns. Storage only.

What is cached and when is the application's decision (``app.py``); this module only knows how
to read and write its own files safely:

- the root is ``$SOSINFO_CACHE_DIR``, else ``$XDG_CACHE_HOME/sosinfo`` (an absolute path, as the
  XDG specification requires), else ``~/.cache/sosinfo``; with no home at all there is no cache;
- a root owned by another user, or writable by the group or by everyone, is not trusted (as pip
  does): everything runs without cache, and stderr says so once;
- only entries whose names the cache gives (``kb-<hash>.json``, ``index-<hash>.sqlite3``,
  ``reponses/<hash>/<hash>.txt``, its temporary files) are ever removed, checked with ``lstat``,
  never through a symbolic link, and only in a root that carries the cache's own CACHEDIR.TAG;
- every read is bounded and refuses anything but a regular file (a FIFO would block, a link to
  /dev/zero would never end); any failure to read is a miss, never an error;
- files are written to a private temporary file, flushed to disk, then renamed into place.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import sys
import time
from pathlib import Path

from sosinfo.fileio import read_regular

try:  # the builtin BLAKE2 spares loading OpenSSL through hashlib (2.6 ms at every start)
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - CPython always has it
    from hashlib import blake2b as _blake2b

CACHE_VARIABLE = "SOSINFO_CACHE_DIR"
TAG_NAME = "CACHEDIR.TAG"
TAG_CONTENT = b"Signature: 8a477f597d28d172789f06886806bc55\n# Cache de sosinfo : ce dossier peut etre supprime.\n"
ANSWERS = "reponses"
MEMO_NAME = "empreintes.json"
MAX_CACHE_FILE = 512 * 1024 * 1024  # a compiled base of a 1000x knowledge base stays far below
KEEP_FINGERPRINTS = 6  # compiled bases, indexes and answer folders kept (several data directories in turn)
MAX_ANSWERS_PER_FOLDER = 2000
RACY_NANOSECONDS = 2_000_000_000  # FAT has 2 s timestamps: a file changed this close to its hashing is hashed again
_HASH = re.compile(r"^[0-9a-f]{32}$")
_OWNED_FILE = re.compile(r"^(kb-[0-9a-f]{32}\.json|index-[0-9a-f]{32}\.sqlite3(-journal|-wal|-shm)?)$")
_TEMPORARY = re.compile(r"^\.[\w.-]+\.[\w]{4,}\.tmp$")
_ANSWER_FILE = re.compile(r"^[0-9a-f]{32}\.txt$")
_warnings: set[str] = set()  # said once per run


def digest(content: bytes) -> str:
    return _blake2b(content, digest_size=16).hexdigest()


def root() -> Path | None:
    """Where the cache lives (not checked yet); None when there is nowhere to put one."""
    configured = os.environ.get(CACHE_VARIABLE)
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "sosinfo"
    try:
        return Path.home() / ".cache" / "sosinfo"
    except (RuntimeError, KeyError, OSError):  # no HOME and no passwd entry: run without cache
        return None


def _warn(message: str) -> None:
    if not _warnings:
        _warnings.add(message)
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"Attention : {message} ; sosinfo fonctionne sans cache.\n")


def _trusted(path: Path, status: os.stat_result) -> bool:
    if not stat.S_ISDIR(status.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is not None and status.st_uid != getuid():
        _warn(f"le dossier de cache {path} appartient à un autre utilisateur")
        return False
    if status.st_mode & 0o022:
        _warn(f"le dossier de cache {path} est modifiable par d'autres utilisateurs")
        return False
    return True


def directory(create: bool = False) -> Path | None:
    """The cache root if it can be trusted (created, with its tag, when ``create``); else None."""
    path = root()
    if path is None:
        return None
    try:
        status = os.stat(path)
    except FileNotFoundError:
        if not create:
            return None
        try:
            path.mkdir(mode=0o700, parents=True)
            write_atomically(path / TAG_NAME, TAG_CONTENT)
            status = os.stat(path)
        except OSError:
            return None
    except OSError:
        return None
    return path if _trusted(path, status) else None


def owns(path: Path) -> bool:
    """Whether the root carries the cache's tag: only then does the cache remove anything in it."""
    return read_bounded(path / TAG_NAME, len(TAG_CONTENT)) == TAG_CONTENT


def read_bounded(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes, never through a link; None for anything else."""
    try:
        return read_regular(path, limit, follow_links=False)
    except OSError:
        return None


def write_atomically(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` through a private temporary file; False if it could not be written."""
    try:
        import tempfile  # only when writing: a cached answer is read without it (~2 ms of imports)

        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False


# --- content hashes, remembered by stat signature (as git's index does) -------------------------


def _read_memo(base: Path) -> dict[str, list[int | str]]:
    content = read_bounded(base / MEMO_NAME, 4 * 1024 * 1024)
    if content is None:
        return {}
    try:
        memo = json.loads(content)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(memo, dict):
        return {}
    return {
        key: entry
        for key, entry in memo.items()
        if isinstance(entry, list)
        and len(entry) == 7
        and all(isinstance(number, int) for number in entry[:6])
        and isinstance(entry[6], str)
        and _HASH.match(entry[6])
    }


def content_hashes(paths: list[Path]) -> list[str] | None:
    """The content hash of each file; None if one cannot be read (the caller then reads for real).

    A file whose stat signature (device, inode, size, mtime, ctime) is the one remembered is not
    read again, unless it was modified within 2 s of being hashed: a same-size edit in the same
    timestamp tick would keep its signature (git's "racy clean" problem), so such entries are
    never trusted.
    """
    base = directory()
    memo = _read_memo(base) if base is not None else {}
    changed = False
    hashes = []
    for path in paths:
        key = str(path)
        try:
            status = os.stat(path)
        except OSError:
            return None
        signature: list[int | str] = [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]
        remembered = memo.get(key)
        if remembered is not None and remembered[:5] == signature:
            hashes.append(str(remembered[6]))
            continue
        content = read_bounded(path, MAX_CACHE_FILE)
        if content is None:
            return None
        content_hash = digest(content)
        hashes.append(content_hash)
        hashed_at = time.time_ns()
        if hashed_at - status.st_mtime_ns > RACY_NANOSECONDS:  # an edit would now change the mtime
            memo[key] = [*signature, hashed_at, content_hash]
            changed = True
    if changed and base is not None:
        if len(memo) > 2000:  # paths of knowledge bases used long ago pile up: keep the latest
            memo = dict(list(memo.items())[-500:])
        write_atomically(base / MEMO_NAME, json.dumps(memo).encode())
    return hashes


# --- files the cache owns -----------------------------------------------------------------------


def compiled_path(base: Path, key: str) -> Path:
    return base / f"kb-{key}.json"


def index_path(base: Path, key: str) -> Path:
    return base / f"index-{key}.sqlite3"


def answer_folder(base: Path, key: str) -> Path | None:
    """The folder of the answers rendered under ``key``; None unless it is a real folder of the cache."""
    answers = base / ANSWERS
    try:
        if not stat.S_ISDIR(os.lstat(answers).st_mode):  # a symbolic link is not followed
            return None
    except FileNotFoundError:
        try:
            answers.mkdir(mode=0o700)
        except OSError:
            return None
    except OSError:
        return None
    return answers / key


def read_answer(folder: Path, key: str) -> str | None:
    """A rendered answer, if present and intact (its own hash is checked)."""
    content = read_bounded(folder / f"{key}.txt", 64 * 1024 * 1024)
    if content is None:
        return None
    head, _, body = content.partition(b"\n")
    if head != b"sosinfo " + digest(body).encode():
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def write_answer(folder: Path, key: str, text: str) -> None:
    try:
        if not folder.is_dir():
            folder.mkdir(mode=0o700)
            evict(folder.parent.parent)
        elif sum(1 for _ in zip(range(MAX_ANSWERS_PER_FOLDER), os.scandir(folder), strict=False)) >= MAX_ANSWERS_PER_FOLDER:
            return  # bounded: past this many distinct questions, new answers are simply not kept
    except OSError:
        return
    body = text.encode("utf-8")
    write_atomically(folder / f"{key}.txt", b"sosinfo " + digest(body).encode() + b"\n" + body)


def _adopt(base: Path) -> bool:
    """Tag a cache made by a version before the tag existed: only at the default place (never a
    folder named by SOSINFO_CACHE_DIR), and only when every entry in it has a name the cache gives."""
    if os.environ.get(CACHE_VARIABLE) or base != root():
        return False
    try:
        with os.scandir(base) as entries:
            for entry in entries:
                if entry.is_symlink():
                    return False
                if entry.name in (ANSWERS, MEMO_NAME) or _OWNED_FILE.match(entry.name) or _TEMPORARY.match(entry.name):
                    continue
                return False
        write_atomically(base / TAG_NAME, TAG_CONTENT)
    except OSError:
        return False
    return owns(base)


def evict(base: Path) -> None:
    """Remove what the cache made for older fingerprints, beyond the latest few; nothing else."""
    if owns(base) or _adopt(base):
        _evict_compiled(base)
        _evict_answers(base / ANSWERS)


def _evict_compiled(base: Path) -> None:
    """Old ``kb-``/``index-`` files (a few kept: several data directories may be used in turn), stale temporaries."""
    now = time.time()
    by_stem: dict[str, list[tuple[float, Path]]] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir(base):
            status = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(status.st_mode):
                continue
            if _TEMPORARY.match(entry.name) and now - status.st_mtime > 3600:  # left by an interrupted write
                _unlink(Path(entry.path))
            elif _OWNED_FILE.match(entry.name):
                by_stem.setdefault(entry.name.split(".")[0], []).append((status.st_mtime, Path(entry.path)))
    for prefix in ("kb-", "index-"):
        stems = [(max(mtime for mtime, _ in files), stem) for stem, files in by_stem.items() if stem.startswith(prefix)]
        newest_first = sorted(stems, reverse=True)
        for _, old in newest_first[KEEP_FINGERPRINTS:]:
            for _, path in by_stem[old]:
                _unlink(path)


def _evict_answers(answers: Path) -> None:
    """Answer folders of old fingerprints; only the cache's own files are removed, then the folder if empty."""
    try:
        if not stat.S_ISDIR(os.lstat(answers).st_mode):
            return
        folders = [
            (entry.stat(follow_symlinks=False).st_mtime, Path(entry.path))
            for entry in os.scandir(answers)
            if _HASH.match(entry.name) and entry.is_dir(follow_symlinks=False)
        ]
    except OSError:
        return
    for _, folder in sorted(folders, reverse=True)[KEEP_FINGERPRINTS:]:
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if (_ANSWER_FILE.match(entry.name) or _TEMPORARY.match(entry.name)) and entry.is_file(follow_symlinks=False):
                    _unlink(Path(entry.path))
            os.rmdir(folder)  # only if nothing but the cache's own files was in it


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
