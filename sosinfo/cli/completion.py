"""Shell completion: the scripts sosinfo installs, and its answers to them, written for each shell.

The shell runs sosinfo with ``_SOSINFO_COMPLETE=complete_<shell>`` and the words typed so far
(bash: ``COMP_WORDS`` and ``COMP_CWORD``; zsh, fish and PowerShell: ``_TYPER_COMPLETE_ARGS``):
the protocol of the scripts Typer installed, which keep working. What sosinfo answers is read by
the shell, and each reads it its own way:

- zsh **evaluates** it (``eval $(…)`` in every script ever installed): the answer is zsh code
  that only assigns two arrays and calls ``compadd``; every value and description in it is one
  word, bare when made of letters, digits and ``-_./,@%+`` only, else ``$'…'`` with every other
  ASCII character written as an escape (:func:`ansi_c_word`). No value is ever parsed a second
  time (Typer's answer went through ``_arguments``, which evaluates its list again).
- bash splits it on lines and inserts a candidate **as typed** (and Typer's script expands file
  patterns in it): each value is written as the shell must read it back, ``$'…'`` when needed,
  with no pattern character left bare.
- fish and PowerShell read one candidate per line (fish escapes on insertion; PowerShell does
  not, so its values are quoted). A value that a line cannot hold (a line break, a tab) is not
  offered to them: it could only be offered wrong.

Descriptions (the help of a command, the question of a FAQ number) are one line of plain text,
without control or format characters, and never read as markup.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import click
from click.shell_completion import CompletionItem, ShellComplete, split_arg_string

from sosinfo import quick
from sosinfo.errors import UsageError, system_reason
from sosinfo.text import CODE_INDENT, printable, safe, whole_number

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
ARGS_VARIABLE = "_TYPER_COMPLETE_ARGS"  # the words typed, as the zsh, fish and PowerShell scripts pass them
FISH_ACTION_VARIABLE = "_TYPER_COMPLETE_FISH_ACTION"
WORD_VARIABLE = "_TYPER_COMPLETE_WORD_TO_COMPLETE"  # PowerShell: the word being completed
DESCRIPTION_LIMIT = 80
_LITERAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./,@%+")


class NothingToOffer(Exception):
    """The shell's request cannot be read (a word position that is no number): offer nothing."""


def complete_variable(prog_name: str) -> str:
    """``_SOSINFO_COMPLETE`` for ``sosinfo``: the variable the scripts set to ask for completions."""
    return "_{}_COMPLETE".format(prog_name.replace("-", "_").replace(".", "_").upper())


# --- how a value or a description is written for each shell -----------------------------------------


def ansi_c_word(text: str) -> str:
    """``text`` as one ``$'…'`` word, read back identically by bash and zsh.

    Letters, digits and ``-_./,@%+`` are written as themselves, so are printable non-ASCII letters;
    every other character is an escape (``\\x27`` for an apostrophe, ``\\x0a`` for a line break,
    ``\\u2028``): the word holds no quote, space, pattern or expansion character of its own, so
    splitting, globbing or evaluating it, by any shell option, yields the same text.
    """
    escaped = []
    for character in text:
        code = ord(character)
        if character in _LITERAL or (code > 0x7F and character.isprintable()):
            escaped.append(character)
        elif code <= 0x7F:
            escaped.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            escaped.append(f"\\u{code:04x}")
        else:
            escaped.append(f"\\U{code:08x}")
    return "$'" + "".join(escaped) + "'"


def shell_word(value: str) -> str:
    """``value`` as bash and zsh must find it on the command line: as is when nothing in it is special."""
    if value and all(character in _LITERAL for character in value):
        return value
    return ansi_c_word(value)


def powershell_word(value: str) -> str:
    """``value`` as PowerShell must find it on the command line: in single quotes when anything in
    it is special (PowerShell reads ‘ ’ ‚ ‛ as quotes too: each is doubled)."""
    if value and all(character in _LITERAL for character in value):
        return value
    quoted = "".join(character * 2 if character in "'‘’‚‛" else character for character in value)
    return f"'{quoted}'"


def one_line(value: str) -> bool:
    """Whether ``value`` fits on one line of a line-based answer (fish, PowerShell) as it is:
    no line break, tab, control or format character."""
    if value.isprintable():
        return True
    import unicodedata

    return all(character.isprintable() or unicodedata.category(character) == "Zs" for character in value)


def description(text: str | None) -> str:
    """Help text as one line of plain text: no control or format character, spaces collapsed, bounded."""
    if not text:
        return ""
    line = " ".join(safe(text).split())
    line = "".join(character for character in line if character.isprintable())
    return line if len(line) <= DESCRIPTION_LIMIT else line[: DESCRIPTION_LIMIT - 1] + "…"


def zsh_answer(items: Sequence[CompletionItem]) -> str:
    """zsh code adding ``items`` in their order, each with its description when there is one."""
    if not items:
        return "_files"  # what Typer answered: nothing to offer, the shell offers file names
    values = " ".join(shell_word(str(item.value)) for item in items)
    helps = [description(item.help) for item in items]
    if not any(helps):
        return f"local -a _sosinfo_values; _sosinfo_values=({values}); compadd -V sosinfo -a _sosinfo_values"
    width = min(max(len(printable(str(item.value), 40)) for item in items), 30)
    shown = " ".join(
        ansi_c_word(f"{printable(str(item.value), 40):<{width}}  -- {help_}" if help_ else printable(str(item.value), 40))
        for item, help_ in zip(items, helps, strict=True)
    )
    return (
        "local -a _sosinfo_values _sosinfo_shown; "
        f"_sosinfo_values=({values}); _sosinfo_shown=({shown}); "
        "compadd -V sosinfo -l -d _sosinfo_shown -a _sosinfo_values"
    )


# --- the shells' requests and answers ------------------------------------------------------------------


def _typed_words() -> tuple[list[str], str]:
    """The words before the one being completed, and that word (zsh, fish: the line up to the cursor)."""
    typed = os.environ.get(ARGS_VARIABLE, "")
    words = split_arg_string(typed)[1:]
    if words and not typed.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def _rejoined(words: list[str]) -> list[str]:
    """``--data-dir = /x`` as ``--data-dir=/x``: bash cuts a word at « = » (``COMP_WORDBREAKS``);
    a last ``--data-dir =`` is an option waiting for the value being completed."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1].startswith("--") and (word == "=" or joined[-1].endswith("=")):
            joined[-1] += word
        else:
            joined.append(word)
    if joined and joined[-1].startswith("--") and joined[-1].endswith("="):
        joined[-1] = joined[-1][:-1]
    return joined


class _GroupOptionsComplete(ShellComplete):
    """Completion that knows the group's options with a value (``--couleur``) are typed after a command too.

    Click looks for the option awaiting a value among the command's own parameters only: after
    ``sosinfo faq 7 --couleur``, it would offer FAQ numbers where the colour is expected.
    """

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        option = _group_option_awaiting_value(self.cli, args)
        if option is None:
            name, equals, value = incomplete.partition("=")
            option = _group_option_awaiting_value(self.cli, [*args, name]) if equals else None
            if option is None:
                return super().get_completions(args, incomplete)
            return [CompletionItem(f"{name}={item.value}", help=item.help) for item in _values(self.cli, option, value)]
        return _values(self.cli, option, incomplete)


def _group_option_awaiting_value(cli: click.Command, args: list[str]) -> click.Option | None:
    """The group's option that the last word names, when it comes after a command that does not declare it."""
    if not args or not isinstance(cli, click.Group):
        return None
    command = next((cli.commands[word] for word in args[:-1] if word in cli.commands), None)
    if command is None or any(args[-1] in param.opts for param in command.params):
        return None
    return next(
        (p for p in cli.params if isinstance(p, click.Option) and not p.is_flag and not p.count and args[-1] in p.opts), None
    )


def _values(cli: click.Command, option: click.Option, incomplete: str) -> list[CompletionItem]:
    return option.shell_complete(click.Context(cli, resilient_parsing=True), incomplete)


class BashComplete(_GroupOptionsComplete):
    name: ClassVar[str] = "bash"
    source_template: ClassVar[str] = """\
%(complete_func)s() {
    local IFS=$'\\n' candidate
    COMPREPLY=()
    while IFS= read -r candidate; do
        COMPREPLY+=("$candidate")
    done < <(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD="$COMP_CWORD" %(complete_var)s=complete_bash "$1")
    return 0
}

complete -o nosort -o default -F %(complete_func)s %(prog_name)s 2>/dev/null \\
    || complete -o default -F %(complete_func)s %(prog_name)s
"""

    def get_completion_args(self) -> tuple[list[str], str]:
        words = split_arg_string(os.environ.get("COMP_WORDS", ""))
        index = whole_number(os.environ.get("COMP_CWORD", ""), 4)
        if index is None:
            raise NothingToOffer
        done, incomplete = words[1:index], words[index] if index < len(words) else ""
        return _rejoined(done), incomplete

    def format_completion(self, item: CompletionItem) -> str:
        return shell_word(str(item.value))


class ZshComplete(_GroupOptionsComplete):
    name: ClassVar[str] = "zsh"
    source_template: ClassVar[str] = """\
#compdef %(prog_name)s

%(complete_func)s() {
  eval "$(env %(args_var)s="${words[1,$CURRENT]}" %(complete_var)s=complete_zsh %(prog_name)s)"
}

compdef %(complete_func)s %(prog_name)s
"""

    def source_vars(self) -> Any:
        return {**super().source_vars(), "args_var": ARGS_VARIABLE}

    def get_completion_args(self) -> tuple[list[str], str]:
        return _typed_words()

    def complete(self) -> str:
        return zsh_answer(self.get_completions(*self.get_completion_args()))


class FishComplete(_GroupOptionsComplete):
    name: ClassVar[str] = "fish"
    source_template: ClassVar[str] = (
        "complete --command %(prog_name)s --no-files --keep-order --arguments "
        '"(env %(complete_var)s=complete_fish %(action_var)s=get-args %(args_var)s=(commandline -cp) %(prog_name)s)" '
        '--condition "env %(complete_var)s=complete_fish %(action_var)s=is-args %(args_var)s=(commandline -cp) %(prog_name)s"\n'
    )

    def source_vars(self) -> Any:
        return {**super().source_vars(), "args_var": ARGS_VARIABLE, "action_var": FISH_ACTION_VARIABLE}

    def get_completion_args(self) -> tuple[list[str], str]:
        return _typed_words()

    def format_completion(self, item: CompletionItem) -> str:
        help_ = description(item.help)
        return str(item.value) + (f"\t{help_}" if help_ else "")

    def lines(self) -> list[str]:
        items = self.get_completions(*self.get_completion_args())
        return [self.format_completion(item) for item in items if one_line(str(item.value))]


class PowerShellComplete(_GroupOptionsComplete):
    name: ClassVar[str] = "powershell"
    source_template: ClassVar[str] = """\
Import-Module PSReadLine
Set-PSReadLineKeyHandler -Chord Tab -Function MenuComplete
$scriptblock = {
    param($wordToComplete, $commandAst, $cursorPosition)
    $Env:%(complete_var)s = "complete_powershell"
    $Env:%(args_var)s = $commandAst.ToString()
    $Env:%(word_var)s = $wordToComplete
    %(prog_name)s | ForEach-Object {
        $commandArray = $_ -Split ":::"
        $command = $commandArray[0]
        $helpString = $commandArray[1]
        [System.Management.Automation.CompletionResult]::new(
            $command, $command, 'ParameterValue', $helpString)
    }
    $Env:%(complete_var)s = ""
    $Env:%(args_var)s = ""
    $Env:%(word_var)s = ""
}
Register-ArgumentCompleter -Native -CommandName %(prog_name)s -ScriptBlock $scriptblock
"""

    def source_vars(self) -> Any:
        return {**super().source_vars(), "args_var": ARGS_VARIABLE, "word_var": WORD_VARIABLE}

    def get_completion_args(self) -> tuple[list[str], str]:
        incomplete = os.environ.get(WORD_VARIABLE, "")
        words = split_arg_string(os.environ.get(ARGS_VARIABLE, ""))
        return (words[1:-1] if incomplete else words[1:]), incomplete

    def format_completion(self, item: CompletionItem) -> str:
        return f"{powershell_word(str(item.value))}:::{description(item.help).replace(':::', ' ') or ' '}"

    def complete(self) -> str:
        items = self.get_completions(*self.get_completion_args())
        kept = [item for item in items if one_line(str(item.value)) and ":::" not in str(item.value)]
        return "\n".join(self.format_completion(item) for item in kept)


_CLASSES: dict[str, type[ShellComplete]] = {
    "bash": BashComplete,
    "zsh": ZshComplete,
    "fish": FishComplete,
    "powershell": PowerShellComplete,
    "pwsh": PowerShellComplete,
}


def respond(cli: click.Command, prog_name: str, extra: dict[str, Any]) -> int:
    """Answer the shell that asked for completions (``_SOSINFO_COMPLETE=complete_zsh``…); the exit code.

    Nothing here may fail loudly: a broken base, an unreadable request, an error of our own,
    all offer nothing, and the shell's prompt stays clean.
    """
    variable = complete_variable(prog_name)
    instruction, _, shell = os.environ.get(variable, "").partition("_")
    kind = _CLASSES.get(shell)
    if kind is None or instruction not in ("complete", "source"):
        raise UsageError(
            f"demande de complétion inconnue : {variable}={printable(os.environ.get(variable, ''), 40)}.",
            hint="Les valeurs comprises : complete_bash, complete_zsh, complete_fish, complete_powershell"
            " (et source_… pour le script).",
        )
    completer = kind(cli, dict(extra), prog_name, variable)
    if instruction == "source":
        return _print(completer.source())
    try:
        if isinstance(completer, FishComplete):
            lines = completer.lines()
            if os.environ.get(FISH_ACTION_VARIABLE) == "is-args":
                quick.saw_output("", 0 if lines else 1)
                return 0 if lines else 1  # fish offers file names when this says no
            answer = "\n".join(lines)
        else:
            answer = completer.complete()
    except Exception:  # noqa: BLE001 - a broken base, an unreadable request, a defect: offer nothing, quietly
        return 0
    quick.saw_output(answer + "\n" if answer else "", 0)  # what _print writes: the fast path may keep it
    return _print(answer)


def _print(text: str) -> int:
    try:
        sys.stdout.write(text + "\n" if text else "")
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    return 0


# --- showing and installing the scripts ----------------------------------------------------------------


def script(shell: str, prog_name: str) -> str:
    """The completion script of ``shell`` for ``prog_name``."""
    return _CLASSES[shell](click.Command(prog_name), {}, prog_name, complete_variable(prog_name)).source()


def install(shell: str, prog_name: str) -> list[str]:
    """Install the completion of ``shell`` for the current user; the lines that say what changed.

    The script goes where each shell looks for it; a line is added to a start-up file only where
    the shell needs one (bash: ``~/.bashrc``, zsh: ``~/.zshrc``; fish loads its folder itself),
    and only when that file does not hold it already. Every file touched is named.
    """
    text = script(shell, prog_name)
    if shell in ("powershell", "pwsh"):
        return _install_powershell(shell, prog_name, text)
    home = _home(shell, prog_name)
    if shell == "bash":
        target = home / ".bash_completions" / f"{prog_name}.sh"
        quoted = str(target).replace("'", "'\\''")
        return [_write_script(shell, target, text), _add_line(home / ".bashrc", f"source '{quoted}'")]
    if shell == "zsh":
        target = home / ".zfunc" / f"_{prog_name}"
        loading = "fpath+=~/.zfunc; autoload -Uz compinit; compinit"
        return [_write_script(shell, target, text), _add_line(home / ".zshrc", loading)]
    target = home / ".config" / "fish" / "completions" / f"{prog_name}.fish"
    return [_write_script(shell, target, text), "Aucun fichier de démarrage modifié : fish lit ce dossier de lui-même."]


def _home(shell: str, prog_name: str) -> Path:
    """The user's folder, where every shell looks; refused when ``HOME`` is set but empty (Python
    would answer « / »), relative (the current folder) or holds a line break (a start-up file line)."""
    home = Path.home()
    written = os.environ.get("HOME")
    controls = any(ord(character) < 0x20 or ord(character) == 0x7F for character in str(home))
    if (written is not None and not written.strip()) or not home.is_absolute() or controls:
        raise UsageError(
            f"dossier personnel inutilisable (HOME={printable(written or '', 80)}) : il faut un chemin absolu, sur une ligne.",
            hint=f"Ou installez-la à la main : {prog_name} --show-completion {shell} > un-fichier, à charger depuis votre shell.",
        )
    return home


def _write_script(shell: str, target: Path, text: str) -> str:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"écriture impossible de {printable(str(target), 200)} ({system_reason(error)}).") from error
    return f"Complétion {shell} installée dans {printable(str(target), 200)}."


def _add_line(start_file: Path, line: str) -> str:
    """Append ``line`` to ``start_file`` unless a line of it is ``line`` already; what was done, said."""
    shown = printable(str(start_file), 200)
    try:
        content = start_file.read_text(encoding="utf-8", errors="surrogateescape") if start_file.exists() else ""
        if line in (existing.strip() for existing in content.splitlines()):
            return f"Fichier de démarrage inchangé : {shown} charge déjà la complétion."
        start_file.parent.mkdir(parents=True, exist_ok=True)
        with start_file.open("a", encoding="utf-8", errors="surrogateescape") as opened:
            opened.write(("" if not content or content.endswith("\n") else "\n") + line + "\n")
    except OSError as error:
        raise UsageError(f"modification impossible de {shown} ({system_reason(error)}).") from error
    return f"Fichier de démarrage modifié : {shown} ; ligne ajoutée à la fin :\n{CODE_INDENT}{line}"


def _install_powershell(shell: str, prog_name: str, text: str) -> list[str]:
    """Append the script to the PowerShell profile, which PowerShell itself names."""
    import shutil
    import subprocess

    manual = f"Installez-la depuis PowerShell : {prog_name} --show-completion powershell | Out-File -Append $PROFILE"
    program = shutil.which(shell) or shutil.which("pwsh") or shutil.which("powershell")
    if program is None:
        raise UsageError("PowerShell est introuvable : ni « pwsh » ni « powershell » ne sont dans le PATH.", hint=manual)
    try:
        found = subprocess.run(
            [program, "-NoProfile", "-Command", "$PROFILE"], capture_output=True, timeout=30, check=True
        ).stdout.decode("utf-8", errors="replace")
    except (OSError, subprocess.SubprocessError) as error:
        raise UsageError("PowerShell n'a pas dit où est son profil ($PROFILE).", hint=manual) from error
    lines = [line.strip() for line in found.splitlines() if line.strip()]
    if len(lines) != 1 or not Path(lines[0]).is_absolute():
        raise UsageError("PowerShell n'a pas dit où est son profil ($PROFILE).", hint=manual)
    profile = Path(lines[0])
    marker = f"Register-ArgumentCompleter -Native -CommandName {prog_name} "
    try:
        content = profile.read_text(encoding="utf-8", errors="replace") if profile.exists() else ""
        if marker in content:
            return [f"Profil PowerShell inchangé : {printable(str(profile), 200)} charge déjà la complétion de {prog_name}."]
        profile.parent.mkdir(parents=True, exist_ok=True)
        with profile.open("a", encoding="utf-8") as opened:
            opened.write(("" if not content or content.endswith("\n") else "\n") + text)
    except OSError as error:
        raise UsageError(f"modification impossible de {printable(str(profile), 200)} ({system_reason(error)}).") from error
    return [f"Complétion {shell} installée dans le profil PowerShell {printable(str(profile), 200)} (script ajouté à la fin)."]
