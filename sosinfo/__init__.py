"""sosinfo : les faits et la FAQ du Groupe SOS, sourcés, en ligne de commande.

Ctrl-C can land while Python is still importing, long before any ``try`` of the CLI exists. When
the program is the ``sosinfo`` command, its answer to Ctrl-C (a short message, exit code 130, no
traceback) is put in place here, by the first lines the package runs: the package is imported
before any of its modules, so nothing of sosinfo runs before it. Only the interpreter's own
start-up and these few lines are out of reach. Imported as a library (tests, other programs), the
package changes nothing of the process.
"""

import os
import signal
import sys

__version__ = "0.1.0"

EXIT_INTERRUPTED = 130  # Ctrl-C; sosinfo.errors takes it from here, with the other exit codes


def _interrupted(signum: int, frame: object) -> None:
    try:
        sys.stderr.write("\nInterrompu.\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    os._exit(EXIT_INTERRUPTED)  # no unwinding through half-written output, no traceback


def answer_ctrl_c() -> None:
    """Make Ctrl-C end the program with « Interrompu. » and code 130 (the entry point calls it too)."""
    try:
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # started in the background: stay deaf to it
            signal.signal(signal.SIGINT, _interrupted)
    except ValueError:  # imported outside the main thread (a test harness): nothing to install
        pass


if os.path.basename(sys.argv[0] if sys.argv else "") in ("sosinfo", "sosinfo.exe", "sosinfo-script.py"):
    answer_ctrl_c()  # the console script: from here on, Ctrl-C never shows a traceback
