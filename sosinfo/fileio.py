"""Reading a file safely: a regular file only, never more than a limit.

A FIFO would block the read, ``/dev/zero`` would never end it: the file is opened without waiting
(``O_NONBLOCK``), checked to be a regular file on the open descriptor, and read up to one byte
past the limit, so that a file too large is told without reading it all.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """A FIFO, a device, a folder: not a file to read."""


class FileTooLarge(OSError):
    """More bytes than the limit."""


def _open_regular(path: Path | str, follow_links: bool, folder: int | None = None) -> tuple[int, os.stat_result]:
    """An open descriptor on the regular file ``path`` (relative to the open ``folder`` if given) and its
    status; :class:`OSError` otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0))
    descriptor = os.open(path, flags, dir_fd=folder)  # non-blocking: opening a FIFO does not wait for a writer
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(f"{path}: not a regular file")
    except OSError:
        os.close(descriptor)
        raise
    return descriptor, status


def regular_status(path: Path, *, follow_links: bool = True) -> os.stat_result:
    """The status of the regular file ``path`` (opened, not just looked up); :class:`OSError` otherwise."""
    descriptor, status = _open_regular(path, follow_links)
    os.close(descriptor)
    return status


def read_regular(path: Path | str, limit: int, *, follow_links: bool = True, folder: int | None = None) -> bytes:
    """The bytes of the regular file ``path`` (relative to the open ``folder`` if given), at most ``limit``;
    :class:`OSError` otherwise."""
    descriptor, status = _open_regular(path, follow_links, folder)
    try:
        if status.st_size > limit:  # told by its size, without reading it; a file still growing is caught below
            raise FileTooLarge(f"{path}: more than {limit} bytes")
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(descriptor)
    content = b"".join(chunks)
    if len(content) > limit:
        raise FileTooLarge(f"{path}: more than {limit} bytes")
    return content


def read_head(path: Path | str, count: int) -> bytes:
    """The first ``count`` bytes (fewer if the file is shorter) of the regular file ``path``; :class:`OSError` otherwise."""
    descriptor, _ = _open_regular(path, True)
    try:
        return os.read(descriptor, count)
    finally:
        os.close(descriptor)
