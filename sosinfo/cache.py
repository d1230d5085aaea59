"""Cache storage: where the cache lives, content hashes, and files the cache owns. Storage only.

What is cached and when is the application's decision (``app.py``); this module only knows how
to read and write its own files safely:

- the root is ``$SOSINFO_CACHE_DIR``, else ``$XDG_CACHE_HOME/sosinfo`` (an absolute path, as the
  XDG specification requires), else ``$HOME/.cache/sosinfo``; with no home at all there is no
  cache. A relative path (or an empty ``HOME``) is refused, said once: it would put the cache in
  whatever folder the command runs from. A home that does not exist is never created;
- a root owned by another user, or writable by the group or by everyone, is not trusted (as pip
  does), nor is a root that is a symbolic link (clean-up would act in its target): everything runs
  without cache, and stderr says so once, the path written visibly (no escape reaches the terminal);
- the cache's own folders (the root, ``reponses``, ``reponses/<hash>``) are opened one level at a
  time without following a symbolic link (``O_NOFOLLOW``), and every file in them is read, written
  and removed relative to its folder's descriptor: a link planted in the cache leads nowhere;
- only entries whose names the cache gives (``kb-<hash>.json``, ``index-<hash>.sqlite3``,
  ``reponses/<hash>/<hash>.txt``, ``demandes/<hash>.txt``, their temporary files and SQLite
  journals) are ever removed, and only in a root that carries the cache's own CACHEDIR.TAG;
- every read is bounded and refuses anything but a regular file (a FIFO would block, a link to
  /dev/zero would never end); any failure to read is a miss, never an error;
- every file the cache reads back carries the hash of its content on a first line (:func:`seal`),
  checked on reading (:func:`unseal`): a damaged file is a miss, and is rebuilt;
- a cached answer is shown through the same filter as any output (:func:`sosinfo.text.inert`):
  whatever its file holds, it cannot drive the terminal;
- files are written to a private temporary file, flushed to disk, then renamed into place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from sosinfo.fileio import read_regular
from sosinfo.text import inert

CACHE_VARIABLE = "SOSINFO_CACHE_DIR"
TAG_NAME = "CACHEDIR.TAG"
TAG_CONTENT = b"Signature: 8a477f597d28d172789f06886806bc55\n# Cache de sosinfo : ce dossier peut etre supprime.\n"
ANSWERS = "reponses"
REQUESTS = "demandes"  # the fast path's records: a command line as typed -> what it printed (sosinfo.quick)
MEMO_NAME = "empreintes.json"
MAX_CACHE_FILE = 512 * 1024 * 1024  # a compiled base of a 100x knowledge base stays far below
MAX_ANSWER = 64 * 1024 * 1024
KEEP_FINGERPRINTS = 6  # compiled bases, indexes and answer folders kept (several data directories in turn)
MAX_ANSWERS_PER_FOLDER = 2000
MAX_REQUEST = 256 * 1024  # a record holds a few keys, or the text of a completion or a help
RACY_NANOSECONDS = 2_000_000_000  # FAT has 2 s timestamps: a file changed this close to its hashing is hashed again
STALE_SECONDS = 3600  # a temporary file this old was left by an interrupted write: no writer still holds it
_HASH = re.compile(r"^[0-9a-f]{32}$")
_OWNED_FILE = re.compile(r"^(kb-[0-9a-f]{32}\.json|index-[0-9a-f]{32}\.sqlite3(-journal|-wal|-shm)?)$")
# what write_atomically and the index builder name their temporary files (``.<name>.<8 random>.tmp``),
# and the journal SQLite keeps beside one while it is built
_TEMPORARY = re.compile(
    r"^\.(kb-[0-9a-f]{32}\.json|index-[0-9a-f]{32}\.sqlite3|[0-9a-f]{32}\.txt|empreintes\.json|CACHEDIR\.TAG)"
    r"\.(p(?P<pid>[0-9]{7})|[a-z0-9_]{8})\.tmp(-journal)?$"
)
_ANSWER_FILE = re.compile(r"^[0-9a-f]{32}\.txt$")
_SEAL = b"sosinfo "
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
# a folder opened and used through its descriptor: without it (Windows), the cache is not used
_USABLE = (
    {os.open, os.mkdir, os.rename, os.rmdir, os.unlink} <= os.supports_dir_fd
    and os.scandir in os.supports_fd
    and hasattr(os, "O_DIRECTORY")
    and hasattr(os, "O_NOFOLLOW")
)
_warnings: set[str] = set()  # said once per run


def digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def seal(body: bytes, name: str) -> bytes:
    """``body`` behind a first line holding the hash of its content and of ``name``, its path in the cache
    (« kb-<empreinte>.json », « reponses/<empreinte>/<question>.txt »): a damaged copy is told on reading,
    and so is a sound one moved to another name (another base's answer or index is not this one's)."""
    return _SEAL + _sealed_digest(body, name) + b"\n" + body


def unseal(content: bytes | None, name: str) -> bytes | None:
    """The body of what :func:`seal` made for ``name``, if intact; None otherwise."""
    if content is None:
        return None
    head, _, body = content.partition(b"\n")
    return body if head == _SEAL + _sealed_digest(body, name) else None


def _sealed_digest(body: bytes, name: str) -> bytes:
    return digest(name.encode("utf-8", "surrogateescape") + b"\0" + body).encode()


# --- where the cache lives ----------------------------------------------------------------------


def _location() -> tuple[Path, Path | None] | None:
    """The root and, when it lies in the home folder, that folder (which is never created); None: no cache."""
    configured = os.environ.get(CACHE_VARIABLE)
    if configured:
        if os.path.isabs(configured):
            return Path(configured), None
        _warn(f"le dossier de cache {CACHE_VARIABLE}={_shown(configured)} est un chemin relatif")
        return None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):  # a relative one is to be ignored, says the XDG specification
        return Path(xdg) / "sosinfo", None
    home = _home()
    return None if home is None else (home / ".cache" / "sosinfo", home)


def _home() -> Path | None:
    """``$HOME`` (else the password database's), if absolute; None when there is none or it is relative."""
    home = os.environ.get("HOME")
    if home is None:
        home = os.path.expanduser("~")  # the password database; « ~ » itself when it has no entry either
        if home == "~":
            return None
    if not home:  # an empty HOME is no home (Python would make it « / »)
        return None
    if not os.path.isabs(home):
        _warn(f"le dossier personnel HOME={_shown(home)} est un chemin relatif")
        return None
    return Path(home)


def root() -> Path | None:
    """Where the cache lives (not checked yet); None when there is nowhere to put one."""
    location = _location()
    return None if location is None else location[0]


def _shown(path: Path | str) -> str:
    """A path as it can be shown on a terminal: every control or format character written as its escape."""
    from sosinfo.errors import visible  # only on the rare paths that say something

    return visible(str(path))


def _warn(message: str) -> None:
    if not _warnings:
        _warnings.add(message)
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"Attention : {message} ; sosinfo fonctionne sans cache.\n")


def _trusted(path: Path, status: os.stat_result) -> bool:
    if stat.S_ISLNK(status.st_mode):
        _warn(f"le dossier de cache {_shown(path)} est un lien symbolique")
        return False
    if not stat.S_ISDIR(status.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is not None and status.st_uid != getuid():
        _warn(f"le dossier de cache {_shown(path)} appartient à un autre utilisateur")
        return False
    if status.st_mode & 0o022:
        _warn(f"le dossier de cache {_shown(path)} est modifiable par d'autres utilisateurs")
        return False
    return True


def directory(create: bool = False) -> Path | None:
    """The cache root if it can be trusted (created, with its tag, when ``create``); else None."""
    location = _location() if _USABLE else None
    if location is None:
        return None
    path, home = location
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        if not create or (home is not None and not os.path.isdir(home)):
            return None
        try:
            path.mkdir(mode=0o700, parents=True)
            write_atomically(path / TAG_NAME, TAG_CONTENT)
            status = os.lstat(path)
        except OSError:
            return None
    except OSError:
        return None
    return path if _trusted(path, status) else None


# --- reading and writing inside the cache's own folders ---------------------------------------------


@contextlib.contextmanager
def _folder(base: Path, *names: str) -> Iterator[int]:
    """A descriptor on ``base/names…``, each level opened without following a link; :class:`OSError` otherwise."""
    descriptor = os.open(base, _FOLDER_FLAGS)
    try:
        for name in names:
            inner = os.open(name, _FOLDER_FLAGS, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        yield descriptor
    finally:
        os.close(descriptor)


def _read_in(folder: int, name: str, limit: int) -> bytes | None:
    """The bytes of the regular file ``name`` of ``folder`` (at most ``limit``), not through a link; None otherwise."""
    try:
        return read_regular(name, limit, follow_links=False, folder=folder)
    except OSError:
        return None


def temporary_name(name: str) -> str:
    """The private temporary file ``name`` is written through, beside it: ``.<name>.p<pid>.tmp``.

    The writer's process number is in the name: Ctrl-C ends a process at once (no clean-up), and
    what it left is known as such, and removed, as soon as that process is gone (:func:`_left_behind`).
    """
    return f".{name}.p{os.getpid():07d}.tmp"


def _left_behind(name: str, status: os.stat_result, now: float) -> bool:
    """Whether a temporary file of the cache was left by a write that will never finish."""
    found = _TEMPORARY.match(name)
    if found is None:
        return False
    if found["pid"] is None:  # named by an older version: by its age
        return now - status.st_mtime > STALE_SECONDS
    pid = int(found["pid"])
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:  # it exists, as another user's
        return False
    return False


def _write_in(folder: int, name: str, content: bytes) -> bool:
    """Write ``content`` as ``name`` in ``folder`` through a private temporary file; False if it could not be."""
    temporary = temporary_name(name)
    with contextlib.suppress(OSError):  # this process's own, left by a write that failed
        os.unlink(temporary, dir_fd=folder)
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder)
    except OSError:
        return False
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        return False


def owns(path: Path) -> bool:
    """Whether the root carries the cache's tag: only then does the cache remove anything in it."""
    return read_bounded(path / TAG_NAME, len(TAG_CONTENT)) == TAG_CONTENT


def read_bounded(path: Path | str, limit: int) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes, never through a link; None for anything else."""
    try:
        return read_regular(path, limit, follow_links=False)
    except OSError:
        return None


def write_atomically(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` (in a folder that is not a link) through a private temporary file."""
    try:
        with _folder(path.parent) as folder:
            return _write_in(folder, path.name, content)
    except OSError:
        return False


def read_sealed(path: Path, limit: int) -> bytes | None:
    """The body of a file written by :func:`write_sealed`, if present and intact; None otherwise."""
    return unseal(read_bounded(path, limit + len(_SEAL) + 33), path.name)


def write_sealed(path: Path, body: bytes) -> bool:
    return write_atomically(path, seal(body, path.name))


# --- content hashes, remembered by stat signature (as git's index does) -------------------------


def _read_memo(base: Path) -> dict[str, list[int | str]]:
    content = read_sealed(base / MEMO_NAME, 4 * 1024 * 1024)
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


def content_hashes(paths: Sequence[Path | str], limit: int = MAX_CACHE_FILE) -> list[str] | None:
    """The content hash of each file; None if one cannot be read, or holds more than ``limit`` bytes.

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
        if remembered is not None and remembered[:5] == signature and status.st_size <= limit:
            hashes.append(str(remembered[6]))
            continue
        content = read_bounded(path, limit)
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
        write_sealed(base / MEMO_NAME, json.dumps(memo).encode())
    return hashes


# --- files the cache owns -----------------------------------------------------------------------


def compiled_path(base: Path, key: str) -> Path:
    return base / f"kb-{key}.json"


def index_path(base: Path, key: str) -> Path:
    return base / f"index-{key}.sqlite3"


def read_answer(base: Path, data_key: str, answer_key: str) -> str | None:
    """The answer rendered under ``data_key`` for ``answer_key``, if present and intact; None otherwise.

    Self-contained and small on purpose (it is all a cached answer needs): the folders are opened
    without following a link, the file is bounded, its hash checked, and its text made inert as
    any output is (a forged file cannot drive the terminal).
    """
    try:
        with _folder(base, ANSWERS, data_key) as folder:
            content = _read_in(folder, f"{answer_key}.txt", MAX_ANSWER)
    except OSError:
        return None
    body = unseal(content, f"{ANSWERS}/{data_key}/{answer_key}.txt")
    if body is None:
        return None
    try:
        return inert(body.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def write_answer(base: Path, data_key: str, answer_key: str, text: str) -> None:
    """Keep an answer (at most :data:`MAX_ANSWERS_PER_FOLDER` per fingerprint); a new fingerprint's folder evicts old ones."""
    created = False
    try:
        with _folder(base) as root_folder:
            with contextlib.suppress(FileExistsError):
                os.mkdir(ANSWERS, 0o700, dir_fd=root_folder)
            with _folder(base, ANSWERS) as answers:
                try:
                    os.mkdir(data_key, 0o700, dir_fd=answers)
                    created = True
                except FileExistsError:
                    pass
        with _folder(base, ANSWERS, data_key) as folder:
            if not created and _count_entries(folder) >= MAX_ANSWERS_PER_FOLDER:
                return  # bounded: past this many distinct questions, new answers are simply not kept
            _write_in(folder, f"{answer_key}.txt", seal(text.encode("utf-8"), f"{ANSWERS}/{data_key}/{answer_key}.txt"))
    except OSError:
        return
    if created:
        evict(base)


def read_request(base: Path, request_key: str) -> bytes | None:
    """The body of the fast path's record ``request_key``, if present and intact; None otherwise (never an error)."""
    try:
        with _folder(base, REQUESTS) as folder:
            return unseal(_read_in(folder, f"{request_key}.txt", MAX_REQUEST + len(_SEAL) + 33), f"{REQUESTS}/{request_key}.txt")
    except OSError:
        return None


def write_request(base: Path, request_key: str, body: bytes) -> None:
    """Keep a record of the fast path; past :data:`MAX_ANSWERS_PER_FOLDER` of them, the old ones are removed first
    (only in a root carrying the cache's tag, only files named as the cache names them)."""
    if len(body) > MAX_REQUEST:
        return
    try:
        with _folder(base) as root_folder:
            with contextlib.suppress(FileExistsError):
                os.mkdir(REQUESTS, 0o700, dir_fd=root_folder)
            owned = _read_in(root_folder, TAG_NAME, len(TAG_CONTENT)) == TAG_CONTENT
        with _folder(base, REQUESTS) as folder:
            if _count_entries(folder) >= MAX_ANSWERS_PER_FOLDER:
                if not owned:
                    return
                _remove_owned(folder)
            _write_in(folder, f"{request_key}.txt", seal(body, f"{REQUESTS}/{request_key}.txt"))
    except OSError:
        return


def _remove_owned(folder: int) -> None:
    """Every file of ``folder`` the cache names (answers, records, their temporary files); nothing else."""
    with os.scandir(folder) as entries:
        owned = [
            entry.name
            for entry in entries
            if (_ANSWER_FILE.match(entry.name) or _TEMPORARY.match(entry.name)) and entry.is_file(follow_symlinks=False)
        ]
    for name in owned:
        _unlink(folder, name)


def _count_entries(folder: int) -> int:
    with os.scandir(folder) as entries:
        return sum(1 for _ in zip(range(MAX_ANSWERS_PER_FOLDER), entries, strict=False))


def _adopt(base: Path, folder: int) -> bool:
    """Tag a cache made by a version before the tag existed: only at the default place (never a
    folder named by SOSINFO_CACHE_DIR), and only when every entry in it has a name the cache gives."""
    if os.environ.get(CACHE_VARIABLE) or base != root():
        return False
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_symlink():
                return False
            if entry.name in (ANSWERS, REQUESTS, MEMO_NAME) or _OWNED_FILE.match(entry.name) or _TEMPORARY.match(entry.name):
                continue
            return False
    _write_in(folder, TAG_NAME, TAG_CONTENT)
    return _read_in(folder, TAG_NAME, len(TAG_CONTENT)) == TAG_CONTENT


def evict(base: Path) -> None:
    """Remove what the cache made for older fingerprints, beyond the latest few; nothing else."""
    try:
        with _folder(base) as folder:
            if _read_in(folder, TAG_NAME, len(TAG_CONTENT)) == TAG_CONTENT or _adopt(base, folder):
                _evict_compiled(folder)
                with _folder(base, ANSWERS) as answers:
                    _evict_answers(answers)
    except OSError:
        return


def _evict_compiled(folder: int) -> None:
    """Old ``kb-``/``index-`` files (a few kept: several data directories may be used in turn), stale temporaries."""
    now = time.time()
    by_stem: dict[str, list[tuple[float, str]]] = {}
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            status = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(status.st_mode):
                continue
            if _TEMPORARY.match(entry.name):
                if _left_behind(entry.name, status, now):  # by an interrupted write or index build
                    _unlink(folder, entry.name)
            elif _OWNED_FILE.match(entry.name):
                by_stem.setdefault(entry.name.split(".")[0], []).append((status.st_mtime, entry.name))
    for prefix in ("kb-", "index-"):
        stems = [(max(mtime for mtime, _ in files), stem) for stem, files in by_stem.items() if stem.startswith(prefix)]
        newest_first = sorted(stems, reverse=True)
        for _, old in newest_first[KEEP_FINGERPRINTS:]:
            for _, name in by_stem[old]:
                _unlink(folder, name)


def _evict_answers(answers: int) -> None:
    """Answer folders of old fingerprints; only the cache's own files are removed, then the folder if empty."""
    with os.scandir(answers) as entries:
        folders = [
            (entry.stat(follow_symlinks=False).st_mtime, entry.name)
            for entry in entries
            if _HASH.match(entry.name) and entry.is_dir(follow_symlinks=False)
        ]
    for _, name in sorted(folders, reverse=True)[KEEP_FINGERPRINTS:]:
        with contextlib.suppress(OSError):
            inner = os.open(name, _FOLDER_FLAGS, dir_fd=answers)  # not through a link, even one planted since
            try:
                _remove_owned(inner)
            finally:
                os.close(inner)
            os.rmdir(name, dir_fd=answers)  # only if nothing but the cache's own files was in it


def _unlink(folder: int, name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name, dir_fd=folder)
