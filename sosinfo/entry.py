"""The console entry point: make signals, standard streams and encodings safe before anything heavy.

Ctrl-C is answered from the package's first lines when the program is the ``sosinfo`` command
(see :mod:`sosinfo`); launched any other way (``python -m sosinfo``), the answer is put in place
here, before anything else is imported.
"""

import io
import os
import sys

from sosinfo import answer_ctrl_c

answer_ctrl_c()

TYPE_CHECKING = False  # typing costs several ms of imports
EXIT_NOT_FOUND = 1  # same value as sosinfo.errors.EXIT_NOT_FOUND, without importing it yet

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


def _safe_encodings() -> None:
    """On an output that cannot take UTF-8 (PYTHONIOENCODING=ascii…), letters lose their accents
    and symbols get ASCII stand-ins instead of raising UnicodeEncodeError."""
    from sosinfo.text import register_transliteration

    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=register_transliteration())


SIZE_VARIABLES = ("COLUMNS", "LINES")
SIZE_DIGITS = 5  # 99 999 columns: beyond, no terminal


def _size_variables() -> None:
    """Drop ``COLUMNS`` or ``LINES`` when it is not a number by the one rule of :func:`sosinfo.text.whole_number`.

    Rich and Textual read them with ``isdigit()`` then ``int()``: « ² » passes the first and
    fails the second, 5 000 digits pass the first and exceed Python's limit. Dropped here, the
    value is ignored alike by every library and by our own width (the terminal's, or 80).
    """
    present = [name for name in SIZE_VARIABLES if name in os.environ]
    if not present:
        return
    from sosinfo.text import whole_number

    for name in present:
        if whole_number(os.environ[name], SIZE_DIGITS) is None:
            del os.environ[name]


def _fill_closed_descriptor(number: int) -> bool:
    """Put /dev/null on a closed standard descriptor, so that no file opened later takes its number
    (a cache file opened as descriptor 1 would receive the answer). True if it was closed."""
    try:
        os.fstat(number)
        return False
    except OSError:
        pass
    try:
        descriptor = os.open(os.devnull, os.O_RDWR)
        if descriptor != number:
            os.dup2(descriptor, number)
            os.close(descriptor)
    except OSError:
        pass
    return True


def _to_devnull(number: int) -> None:
    """Point descriptor ``number`` at /dev/null (a stream that cannot be written must not fail again at exit)."""
    try:
        descriptor = os.open(os.devnull, os.O_WRONLY)
        os.dup2(descriptor, number)
        os.close(descriptor)
    except OSError:
        pass


def _standard_streams() -> bool:
    """Make the standard streams usable; False when the answer has nowhere to go (stdout closed)."""
    _fill_closed_descriptor(0)
    if _fill_closed_descriptor(2) or sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115 - lives as long as the process
    if _fill_closed_descriptor(1) or sys.stdout is None:
        return False
    try:
        blocking = os.get_blocking(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return True
    if not blocking and isinstance(sys.stdout, io.TextIOWrapper):  # set by another program sharing the pipe
        sys.stdout = _blocking_text_stream(sys.stdout)
    return True


class _BlockingWriter(io.RawIOBase):
    """Writes to a descriptor in non-blocking mode as if it were blocking: waits for room, never drops."""

    def __init__(self, descriptor: int) -> None:
        super().__init__()
        self.descriptor = descriptor

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.descriptor

    def isatty(self) -> bool:
        return os.isatty(self.descriptor)

    def write(self, data: "ReadableBuffer") -> int:
        import select

        while True:
            try:
                return os.write(self.descriptor, data)
            except BlockingIOError:
                select.select([], [self.descriptor], [])


def _blocking_text_stream(stream: io.TextIOWrapper) -> io.TextIOWrapper:
    """The same output, written in full: a full non-blocking pipe makes the writer wait, not stop."""
    return io.TextIOWrapper(
        io.BufferedWriter(_BlockingWriter(stream.fileno())),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=stream.line_buffering,
    )


def main() -> None:
    if not _standard_streams():
        try:
            sys.stderr.write("Erreur : la sortie standard est fermée ; sosinfo n'a nulle part où écrire sa réponse.\n")
            sys.stderr.flush()
        except (OSError, ValueError):  # stderr full too: what is buffered goes nowhere, the exit code stays
            _to_devnull(2)
        sys.exit(EXIT_NOT_FOUND)
    _safe_encodings()
    _size_variables()
    if sys.argv[1:] == ["explorer"] and "_SOSINFO_COMPLETE" not in os.environ:
        from sosinfo.explorer import quick_launch

        if quick_launch():  # otherwise the command line below says why it cannot run
            return
    watched = _fast_path()
    from sosinfo.cli.commands import app

    try:
        app()
    except SystemExit as stop:
        if watched:
            _remember(stop.code)
        raise


def _fast_path() -> bool:
    """Print the answer of a command line already answered and exit (:mod:`sosinfo.quick`); else
    return whether the full program's output is to be recorded for next time."""
    try:
        from sosinfo import quick

        key = quick.request()
        found = quick.serve(key) if key is not None else None
        if found is None:
            quick.watch(key)
            return key is not None
    except Exception:  # noqa: BLE001 - the fast path is an optimisation: whatever fails here, the full program answers
        return False
    text, code = found
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as error:  # as the full program does: a closed pipe ends quietly, anything else is said
        from sosinfo.cli.french import _output_error

        code = _output_error(error)
    sys.exit(code)


def _remember(code: object) -> None:
    try:
        from sosinfo import quick

        quick.remember(code)
    except Exception:  # noqa: BLE001 - a record that cannot be kept is only a slower next time
        pass
