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
from typing import TYPE_CHECKING, Any

import click
import typer
import typer.core

from sosinfo import quick
from sosinfo.cli.params import RefusedValue
from sosinfo.errors import EXIT_INTERRUPTED, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, SosinfoError, UsageError, system_reason
from sosinfo.text import COMMAND_SPACE, glue_commands, is_number, lower_first, printable, suggest, typeset, wrap

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

EXIT_INTERNAL = 70  # a bug of sosinfo (EX_SOFTWARE): never expected, always reported
DEBUG_VARIABLE = "SOSINFO_DEBUG"

_SECTIONS = {"Commands": "Commandes", "Options": "Options", "Arguments": "Arguments"}
# the help of the options Click and Typer add themselves, by parameter name: their English wording
# changes with their versions, their names do not
OWN_OPTION_HELP = {
    "help": "Affiche cette aide et quitte.",
    "install_completion": "Installe la complétion pour le shell courant (dit quel fichier il modifie).",
    "show_completion": "Affiche le script de complétion du shell courant, pour le copier ou l'adapter.",
}
_PHRASES = [  # the markers Click adds after a help text
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


def _french_phrases(text: str) -> str:
    """Click's and Typer's English phrases in French; no regular expression (completion uses it)."""
    for english, french in _PHRASES:
        text = text.replace(english, french)
    return text


def _french(text: str) -> str:
    text = _french_phrases(text)
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

    def get_help(self) -> str:
        """The help, as Click writes it (followed by a line break); the fast path may keep it (:mod:`sosinfo.quick`)."""
        text = super().get_help()
        quick.saw_output(text + "\n", EXIT_OK)
        return text


def _french_help_option(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = OWN_OPTION_HELP["help"]
    return option


class SosinfoCommand(typer.core.TyperCommand):
    context_class = FrenchContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _french_help_option(super().get_help_option(ctx))

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Click's own refusal of extra arguments is worded in English: they are taken, then refused here."""
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        typed = list(args)  # Click's parser consumes the list it reads
        try:
            extra = super().parse_args(ctx, args)
        except click.exceptions.UsageError as error:
            error.ctx = error.ctx or ctx  # Click's parser raises some without it: the help to point to is this command's
            if isinstance(error, click.exceptions.NoSuchOption):
                raise _named_as_typed(error, typed) from None
            raise
        finally:
            ctx.allow_extra_args = allowed
        if extra and not allowed and not ctx.resilient_parsing:
            raise extra_arguments(ctx, extra)
        return extra

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

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """The command's options, and the group's flags, which it honours wherever typed.

        Click offers options only once a « - » is typed; after the command's last argument (nothing
        else can come), its options are offered on an empty word too, long names only.
        """
        from click.shell_completion import CompletionItem

        if incomplete and not incomplete.startswith("-"):
            return super().shell_complete(ctx, incomplete)
        root = ctx.find_root()
        flags = [param for param in root.command.params if (ROOT_FLAGS | ROOT_OPTIONS) & set(param.opts)]
        offered: list[CompletionItem] = []
        for context, params in ((ctx, self.get_params(ctx)), (root, flags)):
            for param in params:
                if not isinstance(param, click.Option) or param.hidden or param.name is None:
                    continue
                if context.get_parameter_source(param.name) is click.core.ParameterSource.COMMANDLINE:
                    continue  # typed already
                names = [*param.opts, *param.secondary_opts]
                offered += [
                    CompletionItem(name, help=_french_phrases(param.help or ""))
                    for name in names
                    if name.startswith(incomplete) and (incomplete or name.startswith("--"))
                ]
        return offered

    def get_short_help_str(self, limit: int = 45) -> str:
        """The whole first paragraph of the description: never cut with « ... »."""
        return (self.help or "").split("\n\n")[0].replace("\n", " ").strip()


# options every command takes, accepted before the command name too: ``sosinfo -f json faq 7``
GLOBAL_OPTIONS = {"--format": True, "-f": True, "--data-dir": True}  # name -> takes a value
HELP_WORDS = {"aide", "help"}


ROOT_FLAGS = {"--no-pager", "--preuves", "-p", "--version", "-V"}  # the group's own flags, accepted anywhere on the line
ROOT_OPTIONS = {"--couleur"}  # the group's own options with a value, accepted anywhere on the line


def _named_as_typed(error: click.exceptions.NoSuchOption, args: list[str]) -> click.exceptions.NoSuchOption:
    """The same error, naming the token as typed (see :func:`_as_typed`)."""
    return click.exceptions.NoSuchOption(_as_typed(error.option_name, args), possibilities=error.possibilities, ctx=error.ctx)


def _as_typed(option: str, args: list[str]) -> str:
    """The token the user typed for an unknown short option: Click reads « -valeurs » as « -v » followed
    by « -a », « -l »…, and names only « -v »; the message names what was typed."""
    if len(option) != 2 or option.startswith("--"):
        return option
    end = args.index("--") if "--" in args else len(args)
    short = [token for token in args[:end] if token.startswith("-") and not token.startswith("--") and len(token) > 2]
    return next((token for token in short if option[1] in token[1:]), option)


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
        elif name in ROOT_FLAGS:  # « --no-pager=1 » too: the group then says the flag takes no value
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
        if token.split("=", 1)[0] in ROOT_FLAGS:
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


class SosinfoGroup(typer.core.TyperGroup):
    context_class = FrenchContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _french_help_option(super().get_help_option(ctx))

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        params = super().get_params(ctx)
        for param in params:
            if param.name in OWN_OPTION_HELP and isinstance(param, click.Option):
                param.help = OWN_OPTION_HELP[param.name]
        return params

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        """An unknown command is refused here, in French (Click's refusal changed class and words across versions)."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            raise unknown_command(list(args), list(self.commands))
        return super().resolve_command(ctx, args)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Command names and the group's options, described in French."""
        offered = super().shell_complete(ctx, incomplete)
        for item in offered:
            item.help = _french_phrases(item.help) if item.help else item.help
        return offered

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = move_global_options(list(args), self.commands)
        if args and args[0] in HELP_WORDS:  # ``sosinfo aide``, ``sosinfo help [COMMANDE]``
            # « sosinfo aide inconnue »: the unknown command is said as such (exit 2), not the general help
            args = [args[1], "--help"] if len(args) > 1 else ["--help"]
        typed = list(args)  # Click's parser consumes the list it reads
        try:  # the help and the version are written while the arguments are read
            return super().parse_args(ctx, args)
        except click.exceptions.NoSuchOption as error:
            raise _named_as_typed(error, typed) from None
        except OSError as error:
            raise SystemFailure(error) from error

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as error:
            raise SystemFailure(error) from error

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        extra.pop("standalone_mode", None)
        code = run(self, list(sys.argv[1:] if args is None else args), prog_name or "sosinfo", extra)
        _flush_or_silence(sys.stderr)  # a message that cannot be written must not change the exit code
        sys.exit(code)


class SystemFailure(Exception):
    """An :class:`OSError` raised while a command read its arguments or ran (a closed pipe, a full disk),
    carried past Typer, which would turn a closed pipe into a silent exit 1, to :func:`run`."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def completion(action: str, shell: str | None, prog_name: str) -> int:
    """``--install-completion [SHELL]`` and ``--show-completion [SHELL]``, said in French.

    Typer's own handlers ignore a shell named on the line, speak English and do not say which
    start-up file they changed.
    """
    from sosinfo.cli.completion import SHELLS, install, script

    if shell is not None and shell not in SHELLS:
        _say(f"Erreur : shell inconnu : « {printable(shell, 40)} » (connus : {', '.join(SHELLS)}).", "Aide : sosinfo --help")
        return EXIT_USAGE
    detected = shell or _shell_name()
    if detected not in SHELLS:
        _say("Erreur : impossible de reconnaître votre shell.", f"Nommez-le : sosinfo {action} bash (ou zsh, fish, powershell).")
        return EXIT_USAGE
    if action == "--show-completion":
        failure = _write(sys.stdout, script(detected, prog_name))
        return EXIT_OK if failure is None else _output_error(failure)
    _say("\n".join(install(detected, prog_name)), "Elle marchera dans un nouveau terminal.")
    return EXIT_OK


COMPLETION_OPTIONS = ("--install-completion", "--show-completion")


def _completion_request(args: list[str]) -> tuple[str, str | None] | None:
    """``(option, shell or None)`` for ``--install-completion [SHELL]`` (or ``=SHELL``) typed alone;
    ``("", None)`` when one is typed with anything else; None when there is none.

    Typer's own handlers, which would take them anywhere else on the line, install its old script
    and speak English: they are never reached."""
    words = args[: args.index("--")] if "--" in args else args
    named = [(index, word.partition("=")) for index, word in enumerate(words) if word.partition("=")[0] in COMPLETION_OPTIONS]
    if not named:
        return None
    index, (option, equals, shell) = named[0]
    if index == 0 and len(named) == 1 and (len(args) == 1 or (len(args) == 2 and not equals)):
        return option, shell if equals else (args[1] if len(args) == 2 else None)
    return "", None


def _usage_of_completion_options(args: list[str]) -> int:
    option = next(word.partition("=")[0] for word in args if word.partition("=")[0] in COMPLETION_OPTIONS)
    _say(f"Erreur : « {option} » s'emploie seul, suivi au plus d'un nom de shell.", f"Exemple : sosinfo {option} zsh")
    return EXIT_USAGE


def _shell_name() -> str | None:
    """The shell this command was started from: as shellingham (which Typer installs) finds it among
    the parent processes, else the login shell (``$SHELL``)."""
    try:
        import shellingham  # type: ignore[import-untyped]

        return str(shellingham.detect_shell()[0]).lower()
    except Exception:  # noqa: BLE001 - not installed, or nothing recognised: the login shell says
        return os.path.basename(os.environ.get("SHELL", "")).lower() or None


def run(group: SosinfoGroup, args: list[str], prog_name: str, extra: dict[str, Any]) -> int:
    """Run the command line; every way it can end is mapped to an exit code here."""
    if any("\0" in argument for argument in args):  # no shell can pass one; paths and Click choke on it
        _say("Erreur : un argument contient un caractère nul.", "Aide : sosinfo --help")
        return EXIT_USAGE
    streams = (sys.stdout, sys.stderr)
    if len(args) == 2 and args[0] in HELP_WORDS and args[1] == "--man":
        return manual_page()
    try:
        if _completing(prog_name):  # the shell asks for completions: answered before anything else
            from sosinfo.cli.completion import respond

            return respond(group, prog_name, extra)
        asked = _completion_request(args)
        if asked is not None:
            return completion(*asked, prog_name) if asked[0] else _usage_of_completion_options(args)
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
    except (typer.Abort, KeyboardInterrupt):
        _say("Interrompu.")
        return EXIT_INTERRUPTED
    except SystemFailure as failure:
        return _output_error(failure.error)
    except SystemExit as stop:  # a library that swapped our streams and exits: its way of stopping on a closed pipe
        if stop.code == 1 and (sys.stdout, sys.stderr) != streams:
            sys.stdout, sys.stderr = streams
            _silence(sys.stdout)
            return EXIT_OK
        raise
    except OSError as error:
        return _output_error(error)
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback for users
        return _internal_error(error, prog_name)


def _internal_error(error: Exception, prog_name: str) -> int:
    """A defect of the program: said in French, the traceback only on request."""
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


def _output_error(error: OSError) -> int:
    if error.errno == errno.EPIPE:  # the reader went away (``| head``): stop quietly
        _silence(sys.stdout)
        return EXIT_OK
    reason = system_reason(error)
    _silence(sys.stdout)
    _say(f"Erreur : écriture impossible sur la sortie ({reason}).")
    return EXIT_NOT_FOUND


def _silence(stream: Any) -> None:
    """Point ``stream``'s descriptor at /dev/null: what it still buffers, and the interpreter's final
    flush, then go nowhere instead of failing again (Python would exit 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _flush_or_silence(stream: Any) -> None:
    """Flush ``stream``; if it cannot be written (stderr on a full disk), silence it."""
    if _write(stream, "") is not None:
        _silence(stream)


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
    if _write(sys.stderr, (wrap(clean, width) if width else clean) + "\n") is not None:
        _silence(sys.stderr)


def _terminal_width(stream: Any) -> int | None:
    """The width to wrap a message at: ``COLUMNS``, else the terminal's; None when ``stream`` is not a terminal."""
    try:
        if stream is None or not stream.isatty():
            return None
    except (AttributeError, ValueError, OSError):
        return None
    from sosinfo.render import MIN_WIDTH, terminal_columns

    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if is_number(columns) else terminal_columns(stream)
    return max(MIN_WIDTH, width) if width else None


def _param_name(error: click.exceptions.BadParameter) -> str:
    """The name the user typed: « --format » for an option, « NUMERO » for an argument."""
    param = error.param
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    if param is not None and param.name:
        return param.name.upper()
    hint = error.param_hint
    return " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint or "")


def _option_named(ctx: click.Context | None, name: str) -> click.Option | None:
    if ctx is None:
        return None
    options = [param for param in ctx.command.params if isinstance(param, click.Option)]
    return next((option for option in options if name in option.opts or name in option.secondary_opts), None)


def translate_usage_error(error: click.exceptions.UsageError) -> tuple[str, str | None]:
    """A French message (and a way out) for each kind of Click usage error.

    Only the class of the error and its attributes are read, never Click's English message, whose
    wording changes from one version to the next: an error of a kind not known here still gets a
    French message and the way to the help.
    """
    ctx = error.ctx
    help_hint = f"Aide : {ctx.command_path} --help" if ctx is not None else "Aide : sosinfo --help"
    if isinstance(error, click.exceptions.NoSuchOption):
        flag, given, _ = error.option_name.partition("=")
        option = _option_named(ctx, flag)
        if given and ((option is not None and option.is_flag) or flag in ROOT_FLAGS):  # « -p=1 »
            return f"l'option {flag} ne prend pas de valeur", help_hint
        if flag in GLOBAL_OPTIONS and ctx is not None:  # « sosinfo --data-dir x schema faq »: a command without it
            return f"« {ctx.command_path} » ne prend pas l'option {flag}", help_hint
        message = f"option inconnue : {printable(error.option_name, 60)}"
        close = suggest(error.option_name, list(error.possibilities or [])) if error.possibilities else None
        if close is None and ctx is not None:
            names = [opt for param in ctx.command.params for opt in getattr(param, "opts", []) if opt.startswith("-")]
            close = suggest(error.option_name, names)
        return message, (f"Vouliez-vous dire « {close} » ?\n" if close else "") + help_hint
    if isinstance(error, click.exceptions.BadOptionUsage):  # « --format » without its value, « --conflits=oui »
        option = _option_named(ctx, error.option_name)
        # the group's flags are refused before its context exists (no ctx to look them up in)
        if (option is not None and option.is_flag) or error.option_name in ROOT_FLAGS:
            return f"l'option {error.option_name} ne prend pas de valeur", help_hint
        return f"l'option {printable(error.option_name, 60)} attend une valeur", help_hint
    if isinstance(error, click.exceptions.MissingParameter):
        kind = "l'argument" if isinstance(error.param, click.Argument) else "l'option"
        return f"{kind} {_param_name(error)} est obligatoire", help_hint
    if isinstance(error, RefusedValue):  # one of our own types: its message is French
        return f"valeur invalide pour {_param_name(error)} : {error.message}", help_hint
    if isinstance(error, click.exceptions.BadParameter):
        return f"valeur invalide pour {_param_name(error)}", help_hint
    return "utilisation incorrecte de la commande", help_hint


def unknown_command(words: list[str], commands: list[str]) -> UsageError:
    """« commande inconnue », the close command if there is one (« gouv »), otherwise the search for
    what was typed (« sosinfo budget 2022 »): the words were surely a question."""
    name = printable(words[0], 40)
    starting = [command for command in commands if name and command.startswith(name.lower())]
    close = starting[0] if len(starting) == 1 else suggest(name, commands)
    typed = " ".join(printable(word, 40) for word in words if not word.startswith("-"))[:200]
    typed = re.sub(r'["$`\\!]', "", typed).strip()  # nothing a shell would read inside double quotes
    search = f'sosinfo recherche "{typed}"' if re.search(r"[^\w-]", typed) else f"sosinfo recherche {typed}"
    hint = f"Vouliez-vous dire « {close} » ?" if close else f"Pour le chercher dans la base : {search}"
    return UsageError(f"commande inconnue : « {name} »", hint=hint + "\nAide : sosinfo --help")


def extra_arguments(ctx: click.Context, extra: list[str]) -> UsageError:
    listed = " ".join(printable(argument, 40) for argument in extra[:5]) + (" …" if len(extra) > 5 else "")
    return UsageError(f"argument{'s' if len(extra) > 1 else ''} en trop : {listed}", hint=f"Aide : {ctx.command_path} --help")
