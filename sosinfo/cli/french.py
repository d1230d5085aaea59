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
from pathlib import Path
from typing import Any

import click
import typer
import typer.core

from sosinfo.errors import EXIT_INTERRUPTED, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, SosinfoError
from sosinfo.text import COMMAND_SPACE, glue_commands, lower_first, printable, suggest, typeset, wrap

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


_METAVARS = [  # Click's English value names, as the help shows them
    (re.compile(r" INTEGER RANGE\b"), " N"),
    (re.compile(r" INTEGER\b"), " N"),
    (re.compile(r" FLOAT\b"), " NOMBRE"),
    (re.compile(r" TEXT\b"), " TEXTE"),
    (re.compile(r" PATH\b"), " CHEMIN"),
    (re.compile(r" DIRECTORY\b"), " DOSSIER"),
    (re.compile(r" FILENAME\b"), " FICHIER"),
    (re.compile(r" BOOLEAN\b"), " OUI|NON"),
]
_RANGES = [
    (re.compile(r"(-?\d+)<=x<=(-?\d+)"), r"de \1 à \2"),
    (re.compile(r"x>=(-?\d+)"), r"au moins \1"),
    (re.compile(r"x<=(-?\d+)"), r"au plus \1"),
    (re.compile(r"; (de |au )"), r", \1"),
]
# (command, parameter) -> help of an argument, its only home: Click 8.5 drops the help Typer gives an
# argument, so ``typer.Argument(help=…)`` is never written (it would show on older Click only)
ARGUMENT_HELP: dict[tuple[str, str], str] = {}


def _french(text: str) -> str:
    for english, french in _PHRASES:
        text = text.replace(english, french)
    for pattern, replacement in _RANGES:
        text = pattern.sub(replacement, text)
    return typeset(glue_commands(text))  # thin non-breaking spaces: no line of help starts with « : »


def _french_term(term: str) -> str:
    for pattern, replacement in _METAVARS:
        term = pattern.sub(replacement, term)
    return term


class FrenchHelpFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Utilisation : ")

    def write_text(self, text: str) -> None:
        super().write_text(typeset(glue_commands(text)))

    def getvalue(self) -> str:
        """The help, each command written whole on one line, with plain spaces (to be copied)."""
        return super().getvalue().replace(COMMAND_SPACE, " ")

    def write_heading(self, heading: str) -> None:
        """« Options : », like « Utilisation : » (French puts a space before the colon)."""
        self.write(f"{'':>{self.current_indent}}{heading} :\n")

    def section(self, name: str) -> Any:
        return super().section(_SECTIONS.get(name, name))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([help_row(term, text) for term, text in rows], col_max, col_spacing)


def help_row(term: str, text: str) -> tuple[str, str]:
    """A row of the help's lists (an option or an argument and what it does), in French, as ``--help``
    writes it; the manual page (``sosinfo aide --man``) is built from the same rows."""
    return _french_term(term), _french(text)


class FrenchContext(typer.Context):
    formatter_class = FrenchHelpFormatter


class SosinfoCommand(typer.core.TyperCommand):
    context_class = FrenchContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, typer.core.TyperArgument) and not param.help:
                param.help = ARGUMENT_HELP.get((self.name or "", param.name or ""))
            complete = OPTION_COMPLETION.get((self.name or "", param.name or ""))
            if complete is not None:
                param._custom_shell_complete = lambda ctx, param, incomplete, complete=complete: complete(incomplete)

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Nothing: Typer lists the arguments with the options already (Click ≥ 8.3 would list them twice)."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command's options, then the group's flags, which every command honours wherever typed."""
        super().format_options(ctx, formatter)
        root = ctx.find_root()
        flags = [param.get_help_record(root) for param in root.command.params if (ROOT_FLAGS | ROOT_OPTIONS) & set(param.opts)]
        rows = [row for row in flags if row is not None]
        if rows and root is not ctx:
            with formatter.section("Options générales (avant ou après la commande)"):
                formatter.write_dl(rows)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The whole first paragraph of the description: never cut with « ... »."""
        return (self.help or "").split("\n\n")[0].replace("\n", " ").strip()


# options every command takes, accepted before the command name too: ``sosinfo -f json faq 7``
GLOBAL_OPTIONS = {"--format": True, "-f": True, "--data-dir": True}  # name -> takes a value
HELP_WORDS = {"aide", "help"}


ROOT_FLAGS = {"--no-pager", "--preuves", "-p"}  # the group's own flags, accepted anywhere on the line
ROOT_OPTIONS = {"--couleur"}  # the group's own options with a value, accepted anywhere on the line


def move_global_options(args: list[str], commands: Iterable[str]) -> list[str]:
    """``--format json faq 7`` -> ``faq 7 --format json``: the command's own options read them.

    The group's flags and options (``--no-pager``, ``--preuves``, ``--couleur jamais``) go the other way,
    before the command, wherever they were typed: every command then honours them, even one that does
    not declare them.
    """
    known = set(commands)
    moved: list[str] = []
    staying: list[str] = []  # the group's own options (``--no-pager``)
    index = 0
    while index < len(args):
        token = args[index]
        name = token.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and "=" not in token and GLOBAL_OPTIONS[name] and index + 1 < len(args):
            moved += args[index : index + 2]
            index += 2
        elif name in GLOBAL_OPTIONS or (token.startswith("-f") and not token.startswith("--") and len(token) > 2):
            moved.append(token)
            index += 1
        elif token in ROOT_FLAGS:
            staying.append(token)
            index += 1
        elif name in ROOT_OPTIONS:
            taken = 1 if "=" in token else 2
            staying += args[index : index + taken]
            index += taken
        else:
            break
    rest = args[index:]
    if not rest or rest[0] not in known:
        return args
    command, after = rest[0], rest[1:]
    end = after.index("--") if "--" in after else len(after)
    kept: list[str] = []
    position = 0
    while position < end:  # the group's flags and options, wherever typed after the command, go before it
        token = after[position]
        if token in ROOT_FLAGS:
            staying.append(token)
        elif token.split("=", 1)[0] in ROOT_OPTIONS:
            taken = 1 if "=" in token or position + 1 >= end else 2
            # its value, or an empty one when none follows: the option then says what it accepts
            staying += after[position : position + taken] if taken == 2 or "=" in token else [token + "="]
            position += taken - 1
        else:
            kept.append(token)
        position += 1
    return [*staying, command, *moved, *kept, *after[end:]]


# (command, parameter) -> completion of an option whose command is declared elsewhere
OPTION_COMPLETION: dict[tuple[str, str], Any] = {}


class UnknownCommand(click.UsageError):
    """A command name sosinfo does not have; ``words`` are what was typed from it on."""

    def __init__(self, words: list[str], ctx: click.Context) -> None:
        super().__init__(f"unknown command {words[0]!r}", ctx)
        self.words = words


class MissingCommand(click.UsageError):
    """Options alone (``sosinfo -f json``): they go with a command, and none was given."""


EAGER_OPTIONS = {"--help", "-h", "--version", "-V", "--install-completion", "--show-completion"}


def _names_a_command(args: list[str]) -> bool:
    """True when ``args`` hold more than the group's options: a command, or something to complain about."""
    index = 0
    while index < len(args):
        token = args[index]
        name = token.split("=", 1)[0]
        if token in EAGER_OPTIONS or not token.startswith("-") or token == "--":
            return True
        takes_value = GLOBAL_OPTIONS.get(name, False) or name in ROOT_OPTIONS
        index += 2 if takes_value and "=" not in token and not (token.startswith("-f") and len(token) > 2) else 1
        if name not in GLOBAL_OPTIONS and name not in ROOT_FLAGS and name not in ROOT_OPTIONS and not token.startswith("-f"):
            return True  # an unknown option: Click says so
    return False


class SosinfoGroup(typer.core.TyperGroup):
    context_class = FrenchContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = move_global_options(list(args), self.commands)
        if args and args[0] in HELP_WORDS:  # ``sosinfo aide``, ``sosinfo help [COMMANDE]``
            args = [args[1], "--help"] if len(args) > 1 and args[1] in self.commands else ["--help"]
        if args and not ctx.resilient_parsing and not _names_a_command(args):
            raise MissingCommand("missing command", ctx)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            raise UnknownCommand(list(args), ctx)
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        extra.pop("standalone_mode", None)
        code = run(self, list(sys.argv[1:] if args is None else args), prog_name or "sosinfo", extra)
        sys.exit(code)


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def completion(action: str, shell: str | None, prog_name: str) -> int:
    """``--install-completion [SHELL]`` and ``--show-completion [SHELL]``, said in French.

    Typer's own handlers ignore a shell named on the line and speak English.
    """
    from typer import _completion_shared as shared

    if shell is not None and shell not in SHELLS:
        _say(f"Erreur : shell inconnu : « {printable(shell, 40)} » (connus : {', '.join(SHELLS)}).", "Aide : sosinfo --help")
        return EXIT_USAGE
    detected = shell or shared._get_shell_name()
    if detected not in SHELLS:
        _say("Erreur : impossible de reconnaître votre shell.", f"Nommez-le : sosinfo {action} bash (ou zsh, fish, powershell).")
        return EXIT_USAGE
    variable = "_{}_COMPLETE".format(prog_name.replace("-", "_").upper())
    if action == "--show-completion":
        script = shared.get_completion_script(prog_name=prog_name, complete_var=variable, shell=detected)
        failure = _write(sys.stdout, script + "\n")
        return EXIT_OK if failure is None else _output_error(failure)
    try:
        installed, path = shared.install(shell=detected, prog_name=prog_name, complete_var=variable)
    except OSError as error:
        _say(f"Erreur : installation impossible : {printable(error.strerror or str(error), 200)}.")
        return EXIT_USAGE
    _say(f"Complétion {installed} installée dans {path}.", "Elle marchera dans un nouveau terminal.")
    return EXIT_OK


def run(group: SosinfoGroup, args: list[str], prog_name: str, extra: dict[str, Any]) -> int:
    """Run the command line; every way it can end is mapped to an exit code here."""
    if any("\0" in argument for argument in args):  # no shell can pass one; paths and Click choke on it
        _say("Erreur : un argument contient un caractère nul.", "Aide : sosinfo --help")
        return EXIT_USAGE
    if args and args[0] in ("--install-completion", "--show-completion") and len(args) <= 2:
        return completion(args[0], args[1] if len(args) == 2 else None, prog_name)
    if len(args) == 2 and args[0] in HELP_WORDS and args[1] == "--man":
        return manual_page()
    try:
        returned = typer.core.TyperGroup.main(group, args, prog_name, standalone_mode=False, **extra)
        code = returned if isinstance(returned, int) else EXIT_OK
        sys.stdout.flush()  # what is still buffered (help, version) must fail here, not silently at exit
        if code == EXIT_INTERRUPTED:
            _say("Interrompu.")
        return code
    except SosinfoError as error:
        _say(f"Erreur : {lower_first(error.message)}", error.hint)
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


MANUAL_PAGE = Path(__file__).resolve().parent.parent / "man" / "sosinfo.1"


def manual_page() -> int:
    """``sosinfo aide --man``: the manual page (roff), built from this help and shipped with the package."""
    try:
        text = MANUAL_PAGE.read_text(encoding="utf-8")
    except OSError:
        _say("Erreur : la page de manuel n'est pas installée avec ce paquet.", "L'aide : sosinfo aide")
        return EXIT_NOT_FOUND
    failure = _write(sys.stdout, text)
    return EXIT_OK if failure is None else _output_error(failure)


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
    """A message for the user on stderr: plain text, never markup, no control characters; on a
    terminal, wrapped at its width between words (never inside a word, a quotation or a command)."""
    lines = [message] + ([hint] if hint else [])
    clean = "\n".join(printable(line, 2000) for text in lines for line in text.split("\n"))
    width = _terminal_width(sys.stderr)
    _write(sys.stderr, (wrap(clean, width) if width else clean) + "\n")


def _terminal_width(stream: Any) -> int | None:
    """The width to wrap a message at: ``COLUMNS``, else the terminal's; None when ``stream`` is not a terminal."""
    try:
        if stream is None or not stream.isatty():
            return None
    except (AttributeError, ValueError, OSError):
        return None
    from sosinfo.render import MIN_WIDTH, terminal_columns

    columns = os.environ.get("COLUMNS", "").strip()
    width = int(columns) if columns.isdigit() else terminal_columns(stream)
    return max(MIN_WIDTH, width) if width else None


_VALUE_PATTERNS = [  # Click's English value errors; compiled by ``re`` on first use (error paths only)
    (r"'?(?P<v>.*?)'? is not a valid integer( range)?\.?", "« {v} » n'est pas un nombre entier"),
    (r"'?(?P<v>.*?)'? is not a valid float( range)?\.?", "« {v} » n'est pas un nombre"),
    (r"'?(?P<v>.*?)'? is not one of (?P<c>.*?)\.?", "« {v} » n'est pas l'un des choix {c}"),
    (r"'?(?P<v>.*?)'? is not in the range (?P<r>.*?)\.?", "{v} est hors limites ({r})"),
]


def _french_range(interval: str) -> str:
    """Click's « 1<=x<=100 » as « de 1 à 100 » (« x>=1 » as « 1 ou plus »)."""
    both = re.fullmatch(r"(-?\d+)<=?x<=?(-?\d+)", interval)
    if both:
        return f"de {both[1]} à {both[2]}"
    low = re.fullmatch(r"x>=?(-?\d+)", interval)
    if low:
        return f"{low[1]} ou plus"
    high = re.fullmatch(r"x<=?(-?\d+)", interval)
    return f"{high[1]} ou moins" if high else interval


def _param_name(error: click.exceptions.BadParameter) -> str:
    """The name the user typed: « --format » for an option, « NUMERO » for an argument."""
    param = error.param
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    if param is not None and param.name:
        return param.name.upper()
    hint = error.param_hint
    return " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint or "")


def _unknown_command(error: UnknownCommand, ctx: click.Context | None, help_hint: str) -> tuple[str, str]:
    """« commande inconnue », the close command if there is one, and the search for what was typed."""
    name = printable(error.words[0], 40)
    commands = list(getattr(ctx.command, "commands", {})) if ctx is not None else []
    starting = [command for command in commands if name and command.startswith(name.lower())]
    close = starting[0] if len(starting) == 1 else suggest(name, commands)
    words = [printable(word, 40) for word in error.words if not word.startswith("-")][:8]
    typed = re.sub(r'["$`\\!]', "", " ".join(words)).strip()  # nothing a shell would read inside double quotes
    search = f'sosinfo recherche "{typed}"' if re.search(r"[^\w-]", typed) else f"sosinfo recherche {typed}"
    # a near command is the likely intent (« chifres »); otherwise the words were surely a question (« budget »)
    hint = (f"Vouliez-vous dire « {close} » ?\n" if close else f"Pour le chercher dans la base : {search}\n") + help_hint
    return f"commande inconnue : « {name} »", hint


def translate_usage_error(error: click.exceptions.UsageError) -> tuple[str, str | None]:
    """A French message (and a way out) for each kind of Click usage error."""
    ctx = error.ctx
    help_hint = f"Aide : {ctx.command_path} --help" if ctx is not None else "Aide : sosinfo --help"
    raw = error.format_message() if hasattr(error, "format_message") else str(error)
    if isinstance(error, MissingCommand):
        return (
            "commande manquante : les options s'écrivent avec une commande",
            "Par exemple : sosinfo -f json faq 7\nLa liste des commandes : sosinfo aide",
        )
    if isinstance(error, UnknownCommand):
        return _unknown_command(error, ctx, help_hint)
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
                if "r" in match.groupdict():
                    detail = detail.replace(match["r"], _french_range(match["r"]))
                break
        return f"valeur invalide pour {_param_name(error)} : {detail}", help_hint
    if "requires an argument" in raw:
        option = raw.split(" ")[1] if " " in raw else raw
        return f"l'option {option.strip(chr(39))} attend une valeur", help_hint
    match = re.match(r"Got unexpected extra arguments? \((?P<args>.*)\)", raw, re.S)
    if match:
        return f"argument(s) en trop : {match.group('args')}", help_hint
    return f"utilisation incorrecte ({raw})", help_hint
