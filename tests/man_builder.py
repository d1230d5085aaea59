"""Builds the manual page ``sosinfo/man/sosinfo.1`` from the command line's own help.

    SOSINFO_UPDATE_MAN=1 .venv/bin/python -m pytest tests/test_man.py   # rewrite sosinfo/man/sosinfo.1

Every command, argument and option comes from the Click command tree, each row translated by
``cli.french.help_row`` exactly as ``--help`` shows it; only the sections ``--help`` has no room
for (exit codes, environment) are written here.
"""

from __future__ import annotations

import re
from typing import Any

import click
import typer

from sosinfo import __version__, errors
from sosinfo.cli.commands import app
from sosinfo.cli.french import EXIT_INTERNAL, ROOT_FLAGS, ROOT_OPTIONS, FrenchContext, help_row
from sosinfo.text import COMMAND_SPACE, NNBSP

ENVIRONMENT = [
    ("SOSINFO_DATA", "Dossier de la base de connaissances (comme --data-dir)."),
    ("SOSINFO_CACHE_DIR", "Dossier de cache à utiliser (sinon $XDG_CACHE_HOME/sosinfo ou ~/.cache/sosinfo)."),
    ("SOSINFO_OUTPUT_CACHE", "0 : ne pas garder les réponses affichées (la base et l'index restent en cache)."),
    ("SOSINFO_PAGER, PAGER", "Le pager des réponses longues (sinon less -FRX) ; SOSINFO_PAGER vide : pas de pager."),
    ("NO_COLOR, FORCE_COLOR", "Sans couleurs, ou avec des couleurs même hors d'un terminal (--couleur l'emporte)."),
    ("COLUMNS", "Largeur de la sortie texte (sinon celle du terminal, même dans un tube ; 80 sans terminal)."),
    ("SOSINFO_DEBUG", "1 : la trace complète d'une erreur interne."),
]
EXIT_CODES = [
    (errors.EXIT_OK, "réponse trouvée"),
    (errors.EXIT_NOT_FOUND, "rien trouvé, ou base de connaissances invalide"),
    (errors.EXIT_USAGE, "mauvaise utilisation : option ou valeur invalide, commande inconnue, dossier absent"),
    (EXIT_INTERNAL, "défaut du programme (à signaler)"),
    (errors.EXIT_INTERRUPTED, "interruption (Ctrl-C)"),
]


def roff(text: str) -> str:
    """Text for a roff line: backslashes and hyphens escaped, no-break spaces kept, no line read as a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    text = text.replace(COMMAND_SPACE, "\\~").replace(NNBSP, "\\~").replace("\xa0", "\\~")
    return re.sub(r"^([.'])", r"\\&\1", text, flags=re.MULTILINE)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in (text or "").split("\n\n") if part.strip()]


def _rows(ctx: click.Context, params: list[click.Parameter]) -> list[str]:
    out = []
    for param in params:
        record = param.get_help_record(ctx)
        if record is None:
            continue
        term, text = help_row(*record)
        out += [".TP", f"\\fB{roff(term)}\\fR", roff(text) if text else "\\&"]
    return out


def page() -> str:
    group: Any = typer.main.get_command(app)
    root = FrenchContext(group, info_name="sosinfo")
    general = [p for p in group.params if (ROOT_FLAGS | ROOT_OPTIONS | {"--format", "--data-dir", "--version"}) & set(p.opts)]
    lines = [
        '.\\" -*- coding: UTF-8 -*-',
        f'.\\" Généré depuis l\'aide de sosinfo {__version__} (tests/man_builder.py) : ne pas modifier à la main.',
        f'.TH SOSINFO 1 "" "sosinfo {__version__}" "Commandes de l\'utilisateur"',
        ".nh",  # no English hyphenation of French words, nor of « sosinfo »
        ".ad l",  # ragged right: no stretched spaces around the long unbreakable commands
        ".SH NOM",
        f"sosinfo \\- {roff(group.help[0].lower() + group.help[1:].rstrip('.'))}",
        ".SH SYNOPSIS",
        ".B sosinfo",
        "[\\fIOPTIONS\\fR] \\fICOMMANDE\\fR [\\fIARGUMENTS\\fR]...",
        ".br",
        ".B sosinfo aide",
        "[\\fICOMMANDE\\fR | \\fB\\-\\-man\\fR]",
        ".SH DESCRIPTION",
    ]
    for paragraph in _paragraphs(group.help):
        lines += [roff(paragraph), ".PP"]
    lines += [
        roff(
            "Chaque commande qui répond accepte --format et --data-dir, avant ou après son nom ; "
            "les options générales valent pour toutes les commandes, où qu'elles soient écrites."
        ),
        ".SH OPTIONS GÉNÉRALES",
        *_rows(root, general),
        ".SH COMMANDES",
    ]
    for name, command in group.commands.items():
        ctx = FrenchContext(command, info_name=name, parent=root)
        usage = " ".join(command.collect_usage_pieces(ctx))
        lines += [f".SS {roff(name)}", f".B sosinfo {roff(name)}", roff(usage), ".PP"]
        for paragraph in _paragraphs(command.help or ""):
            lines += [roff(paragraph), ".PP"]
        params = [p for p in command.get_params(ctx) if "--help" not in getattr(p, "opts", [])]
        lines += _rows(ctx, params)
    lines += [".SH CODES DE SORTIE"]
    for code, meaning in EXIT_CODES:
        lines += [".TP", f"\\fB{code}\\fR", roff(meaning[0].upper() + meaning[1:] + ".")]
    lines += [".SH ENVIRONNEMENT"]
    for name, meaning in ENVIRONMENT:
        lines += [".TP", f"\\fB{roff(name)}\\fR", roff(meaning)]
    lines += [".SH EXEMPLES", ".nf"]
    lines += [roff(example.strip()) for example in (group.epilog or "").split(":", 1)[-1].split(" · ") if example.strip()]
    lines += [".fi"]
    lines += [
        ".SH VOIR AUSSI",
        roff("sosinfo aide COMMANDE (ou sosinfo COMMANDE --help) ; le README du projet ; sosinfo schema COMMANDE"),
        roff("pour le schéma JSON d'une commande."),
    ]
    return "\n".join(lines) + "\n"
