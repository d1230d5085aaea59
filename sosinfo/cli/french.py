"""The CLI plumbing, in French: help layout, usage errors, and the one map to exit codes.

Typer and Click speak English and print their own errors; here, ``SosinfoGroup.main`` runs
them in non-standalone mode and turns every outcome into a French message and an exit code.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import click
import typer
import typer.core

from sosinfo.errors import EXIT_INTERRUPTED, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, SosinfoError
from sosinfo.text import printable, suggest

EXIT_INTERNAL = 70  # a bug of sosinfo (EX_SOFTWARE): never expected, always reported
DEBUG_VARIABLE = "SOSINFO_DEBUG"

_SECTIONS = {"Commands": "Commandes", "Options": "Options", "Arguments": "Arguments"}
_PHRASES = [
    ("Show this message and exit.", "Affiche cette aide et quitte."),
    ("Install completion for the current shell.", "Installe la complétion pour le shell courant."),
    (
        "Show completion for the current shell, to copy it or customize the installation.",
        "Affiche le script de complétion du shell courant, pour le copier ou l'adapter.",
    ),
    ("[default: ", "[défaut : "),
    ("[env var: ", "[variable d'environnement : "),
    ("[required]", "[obligatoire]"),
]


def _french(text: str) -> str:
    for english, french in _PHRASES:
        text = text.replace(english, french)
    return text


class FrenchHelpFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Utilisation : ")

    def section(self, name: str) -> Any:
        return super().section(_SECTIONS.get(name, name))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _french(text)) for term, text in rows], col_max, col_spacing)


class FrenchContext(typer.Context):
    formatter_class = FrenchHelpFormatter


class SosinfoCommand(typer.core.TyperCommand):
    context_class = FrenchContext


class SosinfoGroup(typer.core.TyperGroup):
    context_class = FrenchContext

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        extra.pop("standalone_mode", None)
        code = run(self, list(sys.argv[1:] if args is None else args), prog_name or "sosinfo", extra)
        sys.exit(code)


def run(group: SosinfoGroup, args: list[str], prog_name: str, extra: dict[str, Any]) -> int:
    """Run the command line; every way it can end is mapped to an exit code here."""
    if any("\0" in argument for argument in args):  # no shell can pass one; paths and Click choke on it
        _say("Erreur : un argument contient un caractère nul.", "Aide : sosinfo --help")
        return EXIT_USAGE
    try:
        returned = typer.core.TyperGroup.main(group, args, prog_name, standalone_mode=False, **extra)
        code = returned if isinstance(returned, int) else EXIT_OK
        sys.stdout.flush()  # what is still buffered (help, version) must fail here, not silently at exit
        if code == EXIT_INTERRUPTED:
            _say("Interrompu.")
        return code
    except SosinfoError as error:
        _say(f"Erreur : {error.message}", error.hint)
        return error.exit_code
    except click.exceptions.NoArgsIsHelpError as error:
        failure = _write(sys.stdout, error.ctx.get_help() + "\n" if error.ctx else "")
        return EXIT_OK if failure is None else _output_error(failure)
    except click.exceptions.UsageError as error:
        message, hint = translate_usage_error(error)
        _say(f"Erreur : {message}", hint)
        return EXIT_USAGE
    except typer.Abort:
        _say("Interrompu.")
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        _say("Interrompu.")
        return EXIT_INTERRUPTED
    except SystemExit as stop:  # Typer exits on a closed pipe; anything else passes through
        if stop.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _silence_stdout()
            return EXIT_OK
        raise
    except OSError as error:
        return _output_error(error)
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback for users
        if _completing(prog_name):  # the shell asked for completions (COMP_CWORD=x…): offer none, quietly
            return EXIT_OK
        if os.environ.get(DEBUG_VARIABLE) == "1":
            import traceback

            traceback.print_exc()
        else:
            _say(
                f"Erreur interne de sosinfo ({type(error).__name__}).",
                "C'est un défaut du programme : signalez-le aux mainteneurs avec la commande lancée "
                f"(voir README, « Contribuer »). Détail complet : {DEBUG_VARIABLE}=1 sosinfo …",
            )
        return EXIT_INTERNAL


def _completing(prog_name: str) -> bool:
    """True when the shell runs sosinfo for completions (Click's ``_SOSINFO_COMPLETE`` variable)."""
    return bool(os.environ.get(f"_{prog_name}_COMPLETE".replace("-", "_").replace(".", "_").upper()))


_OUTPUT_REASONS = {  # the system's own messages are in English
    errno.ENOSPC: "plus d'espace disque",
    errno.EBADF: "la sortie est fermée",
    errno.EIO: "erreur d'entrée-sortie",
    errno.EFBIG: "fichier trop gros",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
}


def _output_error(error: OSError) -> int:
    if error.errno == errno.EPIPE:  # the reader went away (``| head``): stop quietly
        _silence_stdout()
        return EXIT_OK
    reason = _OUTPUT_REASONS.get(error.errno or 0, f"erreur système {error.errno}")
    _silence_stdout()
    _say(f"Erreur : écriture impossible sur la sortie ({reason}).")
    return EXIT_NOT_FOUND


def _silence_stdout() -> None:
    """Point stdout at /dev/null, dropping what is buffered, so that the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _write(stream: Any, text: str) -> OSError | None:
    """Write and flush ``text``; the error if it could not be written (None for a stream that does not exist)."""
    if stream is None:
        return None
    try:
        stream.write(text)
        stream.flush()
    except OSError as error:
        return error
    except ValueError:  # closed
        return None
    return None


def _say(message: str, hint: str | None = None) -> None:
    """A message for the user on stderr: plain text, never markup, no control characters."""
    lines = [message] + ([hint] if hint else [])
    clean = "\n".join(printable(line, 2000) for text in lines for line in text.split("\n"))
    _write(sys.stderr, clean + "\n")


_VALUE_PATTERNS = [  # Click's English value errors; compiled by ``re`` on first use (error paths only)
    (r"'?(?P<v>.*?)'? is not a valid integer( range)?\.?", "« {v} » n'est pas un nombre entier"),
    (r"'?(?P<v>.*?)'? is not a valid float( range)?\.?", "« {v} » n'est pas un nombre"),
    (r"'?(?P<v>.*?)'? is not one of (?P<c>.*?)\.?", "« {v} » n'est pas l'un des choix {c}"),
    (r"'?(?P<v>.*?)'? is not in the range (?P<r>.*?)\.?", "{v} n'est pas dans l'intervalle {r}"),
]


def _param_name(error: click.exceptions.BadParameter) -> str:
    """The name the user typed: « --format » for an option, « NUMERO » for an argument."""
    param = error.param
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    if param is not None and param.name:
        return param.name.upper()
    hint = error.param_hint
    return " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint or "")


def translate_usage_error(error: click.exceptions.UsageError) -> tuple[str, str | None]:
    """A French message (and a way out) for each kind of Click usage error."""
    ctx = error.ctx
    help_hint = f"Aide : {ctx.command_path} --help" if ctx is not None else "Aide : sosinfo --help"
    raw = error.format_message() if hasattr(error, "format_message") else str(error)
    if isinstance(error, click.exceptions.NoSuchOption):
        message = f"option inconnue : {error.option_name}"
        close = suggest(error.option_name, list(error.possibilities or [])) if error.possibilities else None
        if close is None and ctx is not None:
            names = [opt for param in ctx.command.params for opt in getattr(param, "opts", []) if opt.startswith("-")]
            close = suggest(error.option_name, names)
        return message, (f"Vouliez-vous dire « {close} » ?\n" if close else "") + help_hint
    if isinstance(error, click.exceptions.MissingParameter):
        kind = "l'argument" if isinstance(error.param, click.Argument) else "l'option"
        return f"{kind} {_param_name(error)} est obligatoire", help_hint
    if isinstance(error, click.exceptions.BadParameter):
        detail = error.message
        for pattern, french in _VALUE_PATTERNS:
            match = re.fullmatch(pattern, detail.strip(), re.S)
            if match:
                detail = french.format(**match.groupdict())
                break
        return f"valeur invalide pour {_param_name(error)} : {detail}", help_hint
    if "requires an argument" in raw:
        option = raw.split(" ")[1] if " " in raw else raw
        return f"l'option {option.strip(chr(39))} attend une valeur", help_hint
    match = re.match(r"No such command '(?P<name>.*?)'", raw, re.S)
    if match:
        name = match.group("name")
        commands = list(getattr(ctx.command, "commands", {})) if ctx is not None else []
        close = suggest(name, commands)
        return f"commande inconnue : « {name} »", (f"Vouliez-vous dire « {close} » ?\n" if close else "") + help_hint
    match = re.match(r"Got unexpected extra arguments? \((?P<args>.*)\)", raw, re.S)
    if match:
        return f"argument(s) en trop : {match.group('args')}", help_hint
    return f"utilisation incorrecte ({raw})", help_hint
