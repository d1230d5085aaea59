"""The fingerprint every cached file is keyed by: the code that runs and the knowledge base it reads.

Kept apart from the application service so that the fast path (:mod:`sosinfo.quick`) computes
exactly the same keys without importing the service, the model or any framework. The code's part
is the content hash of what Python runs for each module of the package (:func:`imported_file`),
the installed Rich, and the version; the data's part the content hash of each data file. Hashes
are remembered by stat signature (:func:`sosinfo.cache.content_hashes`): unchanged files are not read.
"""

from __future__ import annotations

import os
from pathlib import Path

from sosinfo import __version__, cache
from sosinfo.kb.files import DATA_FILES, MAX_FILE_BYTES

PACKAGE = Path(__file__).resolve().parent
_BYTECODE = "pyc:"  # in the code key, a module whose bytecode Python runs (its source is not read)


def code_files(package: Path = PACKAGE) -> list[Path]:
    """Every module of the package: any change to the code that shapes an answer changes its key."""
    return [Path(path) for path in _modules(str(package))]


def _modules(package: str) -> list[str]:
    """:func:`code_files` as strings: the fast path computes the key on every hit, without building paths."""
    found = []
    pending = [package]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and entry.name not in ("data", "__pycache__"):
                    pending.append(entry.path)
                elif entry.name.endswith(".py"):
                    found.append(entry.path)
    return sorted(found)


def imported_file(source: Path) -> Path:
    """The file Python runs for the module ``source``: its bytecode when the import system takes it
    without reading the source, else the source.

    Python takes a timestamp ``.pyc`` whose recorded modification time (in seconds) and size are
    the source's, whatever the source now says, and an unchecked hash-based one as it is: after a
    same-size edit that keeps the source's modification time, the old bytecode still runs. Keyed
    on the source, the old code's answers would be cached under the new code's key, then served
    once the bytecode is rebuilt; keyed on the bytecode, the key changes exactly when the code
    that runs does.
    """
    return Path(_imported(str(source)))


def _imported(source: str) -> str:
    from importlib.util import MAGIC_NUMBER, cache_from_source

    from sosinfo.fileio import read_head

    try:
        bytecode = cache_from_source(source)
        header = read_head(bytecode, 16)
        if len(header) < 16 or header[:4] != MAGIC_NUMBER:
            return source
        flags = int.from_bytes(header[4:8], "little")
        if flags == 0:  # timestamp-based: compared with the source's status only
            status = os.stat(source)
            recorded = (int.from_bytes(header[8:12], "little"), int.from_bytes(header[12:16], "little"))
            return bytecode if recorded == (int(status.st_mtime) & 0xFFFFFFFF, status.st_size & 0xFFFFFFFF) else source
        return bytecode if flags == 0b01 else source  # hash-based: unchecked runs as is, checked follows the source
    except (OSError, NotImplementedError, ValueError):
        return source


def distribution(name: str) -> str:
    """The installed distribution ``name``, as its folder names it (``rich-15.0.0.dist-info``); "" if not found.

    The package is not imported for this and no metadata is parsed: the path finder locates it as
    an import would (its directory listings are cached), and the name of the ``dist-info`` folder
    beside it carries the version (about 0.4 ms).
    """
    from importlib.machinery import PathFinder

    try:
        spec = PathFinder.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            return ""
        folder = os.path.dirname(next(iter(spec.submodule_search_locations)))
        with os.scandir(folder) as entries:
            names = sorted(
                e.name for e in entries if e.name.startswith(f"{name}-") and e.name.endswith((".dist-info", ".egg-info"))
            )
    except (OSError, ValueError, ImportError):
        return ""
    return ",".join(names) or folder


def renderer_version() -> str:
    """The installed Rich: it shapes every text answer, so an upgrade of Rich alone must change the answers' key."""
    return distribution("rich")


def data_key(code_key: str, data_hashes: list[str]) -> str:
    """The key of what was rendered by the code ``code_key`` from data files of these content hashes."""
    return cache.digest("\0".join([code_key, *(f"{n}={h}" for n, h in zip(DATA_FILES, data_hashes, strict=True))]).encode())


def keys(package: Path, directory: Path | None) -> tuple[str, str | None] | None:
    """The code key of ``package`` and the data key of the base in ``directory`` (None without one);
    None when a file cannot be read (nothing is then cached)."""
    root = str(package)
    sources = _modules(root)
    code = [_imported(source) for source in sources]
    data = [] if directory is None else [os.path.join(directory, name) for name in DATA_FILES]
    hashes = cache.content_hashes(code + data, MAX_FILE_BYTES)
    if hashes is None:
        return None
    start = len(root) + 1
    named = [
        f"{source[start:]}={'' if run == source else _BYTECODE}{content}"
        for source, run, content in zip(sources, code, hashes, strict=False)
    ]
    code_key = cache.digest("\0".join([__version__, renderer_version(), *named]).encode())
    return code_key, None if directory is None else data_key(code_key, hashes[len(code) :])
