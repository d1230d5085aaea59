"""The fast path: a command line already answered is answered again before Typer, Click and Rich load.

Bounded on purpose, and honest by construction:

- it never parses a command line. The full program runs once; when it prints an answer it kept
  in the cache (:func:`sosinfo.app._answer`), a help text or a completion, it says so here, and
  once it has ended with that exit code, a small sealed record is kept (``demandes/<hash>.txt``
  in the cache, by :func:`sosinfo.cache.write_request`: same folders, owner, permission and
  no-link rules as every cached file) under the key of the command line **as typed** and of
  everything the full program reads to decide its bytes (:func:`request`);
- the next process with the same key reads the record and serves it only if the code key and
  the data key computed now (:func:`sosinfo.fingerprint.keys`: content hashes, memoised by stat
  signature) are the ones it was made under, and the answer it points to is intact. Anything
  else (no record, a damaged one, another fingerprint, a terminal where the pager would start,
  an output that is not UTF-8, ``SOSINFO_OUTPUT_CACHE=0``) falls through to the full program,
  which does what it always did;
- only outputs the full program declares pure are recorded: an answer written (not paged), a
  help text, a completion; exactly one of them, and only when the program then ends with the exit
  code it announced. Nothing that acts (installing a completion, the explorer) and nothing that
  fails (an error is said on stderr with another exit code) is ever recorded.

This module imports only the cache and the fingerprint: the framework, the model, the rendering
layer and Rich stay unloaded on a hit.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs several ms of imports
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

RECORD_VERSION = 1
OUTPUT_CACHE_VARIABLE = "SOSINFO_OUTPUT_CACHE"  # « 0 »: no answer cache, no fast path either
COMPLETE_VARIABLE = "_SOSINFO_COMPLETE"
# every variable the full program reads to decide the bytes it prints (data, colours, widths,
# pager, encoding, the shells' completion requests); their values are part of the key
VARIABLES = (
    "SOSINFO_DATA",
    "SOSINFO_PAGER",
    "PAGER",
    "LESS",
    "NO_COLOR",
    "FORCE_COLOR",
    "TERM",
    "COLORTERM",
    "COLUMNS",
    "LINES",
    "HOME",
    "PYTHONIOENCODING",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "SOSINFO_DEBUG",
    COMPLETE_VARIABLE,
    "COMP_WORDS",
    "COMP_CWORD",
    "_TYPER_COMPLETE_ARGS",
    "_TYPER_COMPLETE_FISH_ACTION",
    "_TYPER_COMPLETE_WORD_TO_COMPLETE",
)
FRAMEWORKS = ("click", "typer")  # they read the command line and write help texts and completions

_watched: list[str] = []  # the key of this process's command line, while the full program runs
_outputs: list[dict[str, Any]] = []  # what it printed, as it said
_data: list[tuple[str, str | None, str | None]] = []  # the knowledge bases a completion read


def request() -> str | None:
    """The key of this command line and of its environment; None when the fast path is not to be tried."""
    environment = os.environ
    if environment.get(OUTPUT_CACHE_VARIABLE, "1") == "0":
        return None
    stdout = sys.stdout
    encoding = (getattr(stdout, "encoding", None) or "").lower().replace("_", "-")
    if not encoding.startswith("utf"):  # transliterated output: the full program decides each byte
        return None
    values = [environment.get(name) for name in VARIABLES]
    if environment.get(COMPLETE_VARIABLE) and any("$" in (value or "") for value in values):
        return None  # a typed « --data-dir $X » is expanded with any variable: not keyed here
    from sosinfo import cache

    facts = (
        RECORD_VERSION,
        sys.version,
        [os.path.basename(sys.argv[0]) if sys.argv else "", *sys.argv[1:]],
        values,
        stdout.encoding,
        stdout.errors,
        _terminals(),
    )
    return cache.digest(repr(facts).encode("utf-8", "backslashreplace"))


def _terminals() -> list[tuple[int, int] | None]:
    """What the width, the colours and the pager are decided from (``sosinfo.render.settings_for``,
    ``sosinfo.pager``, Click's help): the size of stdout, stderr and stdin when each is a terminal,
    else the size of the controlling terminal (the width of an answer piped to another program)."""
    sizes = [_size(descriptor) for descriptor in (1, 2, 0)]
    if not any(sizes):
        try:
            descriptor = os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY)
        except OSError:  # no controlling terminal (a cron job, CI)
            return sizes
        try:
            sizes.append(_size(descriptor))
        finally:
            os.close(descriptor)
    return sizes


def _size(descriptor: int) -> tuple[int, int] | None:
    try:
        if not os.isatty(descriptor):
            return None
        size = os.get_terminal_size(descriptor)
    except OSError:
        return None
    return size.columns, size.lines


def serve(key: str) -> tuple[str, int] | None:
    """The text to print and the exit code for the command line ``key``, when a record of it still
    holds; None otherwise (the full program runs). Never raises for anything found in the cache."""
    from pathlib import Path

    from sosinfo import cache, fingerprint
    from sosinfo.text import inert

    found = _record(key)
    if found is None:
        return None
    base, record = found
    directory = record["directory"]
    keys = fingerprint.keys(fingerprint.PACKAGE, None if directory is None else Path(directory))
    if keys is None or keys != (record["code"], record["data"]):
        return None
    if record["frameworks"] != _frameworks():  # another Click or Typer may read the same line otherwise
        return None
    text = inert(record["text"]) if record["answer"] is None else cache.read_answer(base, record["data"], record["answer"])
    if text is None or _would_page(text):
        return None
    return text, record["exit"]


def _record(key: str) -> tuple[Path, dict[str, Any]] | None:
    """The cache and the record kept for ``key``, if intact and of this version's shape."""
    import json

    from sosinfo import cache

    base = cache.directory()
    body = cache.read_request(base, key) if base is not None else None
    if base is None or body is None:
        return None
    try:
        record = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return (base, record) if _well_formed(record) else None


def _well_formed(record: object) -> bool:
    """Every field of a record of this version, with its type; one answer or one text, never both."""
    if not isinstance(record, dict) or record.get("version") != RECORD_VERSION:
        return False
    strings = ("code", "directory", "data", "answer", "text", "frameworks")
    if set(record) != {"version", "exit", *strings}:
        return False
    if not all(record[name] is None or isinstance(record[name], str) for name in strings):
        return False
    exit_code = record["exit"]
    if not isinstance(exit_code, int) or isinstance(exit_code, bool) or exit_code not in (0, 1):
        return False
    if record["code"] is None or record["frameworks"] is None or (record["answer"] is None) == (record["text"] is None):
        return False
    return (record["directory"] is None) == (record["data"] is None) and (record["answer"] is None or record["data"] is not None)


def _would_page(text: str) -> bool:
    """On a terminal, whether the answer may not fit on the screen (the full program would consider its pager)."""
    try:
        if not sys.stdout.isatty():
            return False
        return text.count("\n") >= os.get_terminal_size(sys.stdout.fileno()).lines
    except (OSError, ValueError, AttributeError):
        return True


def _frameworks() -> str:
    from sosinfo.fingerprint import distribution

    return ",".join(distribution(name) for name in FRAMEWORKS)


# --- what the full program says it printed ------------------------------------------------------------


def watch(key: str | None) -> None:
    """Start listening to what the full program prints for the command line ``key``."""
    _watched[:] = [] if key is None else [key]
    _outputs.clear()
    _data.clear()


def saw_answer(directory: str, code_key: str, data_key: str, answer_key: str) -> None:
    """An answer kept in the cache under ``data_key``/``answer_key`` was written on stdout, whole."""
    if _watched:
        _outputs.append({"directory": directory, "code": code_key, "data": data_key, "answer": answer_key, "exit": 0})


def saw_output(text: str, exit_code: int) -> None:
    """``text`` was written on stdout (a help, a completion), and the program ends with ``exit_code``."""
    if _watched:
        _outputs.append({"text": text, "exit": exit_code})


def saw_data(directory: str, code_key: str | None, data_key: str | None) -> None:
    """What is about to be printed comes from the knowledge base in ``directory`` (None keys: not to be kept)."""
    if _watched:
        _data.append((directory, code_key, data_key))


def spoil() -> None:
    """What is printed depends on something the key does not hold: this command line is not kept."""
    if _watched:
        _outputs.append({"exit": -1})


def remember(exit_code: object) -> None:
    """Keep the record of the command line watched, if it printed one pure output and ended as it said."""
    if not _watched:
        return
    key = _watched.pop()
    code = 0 if exit_code is None else exit_code
    if len(_outputs) != 1 or _outputs[0]["exit"] != code or len(set(_data)) > 1:
        return
    import json

    from sosinfo import cache, fingerprint
    from sosinfo.text import inert

    output = _outputs[0]
    record: dict[str, Any] = {"version": RECORD_VERSION, "exit": code, "answer": None, "text": None, "frameworks": _frameworks()}
    if "answer" in output:
        if _data:
            return
        record |= {name: output[name] for name in ("directory", "code", "data", "answer")}
    else:
        if "text" not in output or inert(output["text"]) != output["text"]:
            return
        if _data:
            directory, code_key, data_key = _data[0]
            if code_key is None or data_key is None:
                return
        else:
            keys = fingerprint.keys(fingerprint.PACKAGE, None)
            if keys is None:
                return
            directory, code_key, data_key = None, keys[0], None
        record |= {"directory": directory, "code": code_key, "data": data_key, "text": output["text"]}
    base = cache.directory(create=True)
    if base is not None and _well_formed(record):
        cache.write_request(base, key, json.dumps(record).encode())
