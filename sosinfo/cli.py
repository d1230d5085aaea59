"""The command line: parses arguments and hands over.

Each command names a question for ``queries`` (or ``search``); ``answers.respond`` produces the
typed answer, renders it in the chosen format and may serve it from the cache. Errors and exit
codes are handled in ``frenchcli``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sosinfo import __version__
from sosinfo.frenchcli import SosinfoCommand, SosinfoGroup
from sosinfo.render import OutputFormat

if TYPE_CHECKING:
    from sosinfo.cache import DataSource

app = typer.Typer(
    cls=SosinfoGroup,
    name="sosinfo",
    help="Les faits et la FAQ du Groupe SOS, sourcés, en ligne de commande.",
    epilog='Exemples : sosinfo faq 7 · sosinfo chiffres --annee 2022 · sosinfo recherche "patrimoine immobilier"',
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
    context_settings={"help_option_names": ["-h", "--help"]},
)

# --- the options every command shares, declared once ------------------------------------------

FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Format de sortie : texte, json ou markdown.", case_sensitive=False),
]
DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        metavar="DOSSIER",
        envvar="SOSINFO_DATA",
        help="Dossier d'une autre base de connaissances (même schéma).",
        show_envvar=True,
    ),
]


def _complete(values: Callable[..., list[str]]) -> Callable[[str], list[str]]:
    """Shell completion from the knowledge base; completion must never fail loudly."""

    def complete(incomplete: str) -> list[str]:
        try:
            from sosinfo import knowledge

            return [v for v in values(knowledge.load()) if v.startswith(incomplete)]
        except Exception:  # noqa: BLE001 - a broken base simply completes nothing
            return []

    return complete


def _show(query: str, *arguments: object, output_format: OutputFormat, data_dir: Path | None) -> None:
    """Answer with ``queries.<query>(knowledge base, *arguments)``; the rendered answer may come from the cache.

    Nothing of the knowledge base, the model or Rich is imported when the answer is cached.
    """
    from sosinfo.answers import respond

    def produce(data: DataSource) -> object:
        from sosinfo import queries
        from sosinfo.cache import load_cached

        return getattr(queries, query)(load_cached(data), *arguments)

    respond((query, *arguments), produce, output_format, data_dir)


def _version(value: bool) -> None:
    if value:
        print(f"sosinfo {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="Affiche la version et quitte.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Les faits et la FAQ du Groupe SOS, sourcés, en ligne de commande."""


def _simple_command(name: str, query: str, summary: str, example: str) -> None:
    """Register a command that takes no argument of its own: ``queries.<query>(knowledge base)``."""

    def command(output_format: FormatOption = OutputFormat.texte, data_dir: DataDirOption = None) -> None:
        _show(query, output_format=output_format, data_dir=data_dir)

    command.__doc__ = f"{summary}\n\nExemple : {example}"
    app.command(name, cls=SosinfoCommand)(command)


@app.command(cls=SosinfoCommand)
def faq(
    numero: Annotated[
        int | None,
        typer.Argument(
            help="Numéro de la question (1 à 13). Sans numéro : la liste.",
            autocompletion=_complete(lambda kb: [str(e.numero) for e in kb.faq]),
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.texte,
    data_dir: DataDirOption = None,
) -> None:
    """Les 13 questions de la FAQ, ou la réponse à l'une d'elles.

    Exemple : sosinfo faq 7
    """
    if numero is None:
        _show("faq_list", output_format=output_format, data_dir=data_dir)
    else:
        _show("faq_answer", numero, output_format=output_format, data_dir=data_dir)


@app.command(cls=SosinfoCommand)
def chiffres(
    annee: Annotated[
        int | None,
        typer.Option(
            "--annee",
            "-a",
            metavar="AAAA",
            help="Ne garder que les chiffres de cette année.",
            autocompletion=_complete(lambda kb: [str(y) for y in sorted({f.annee for f in kb.figures if f.annee})]),
        ),
    ] = None,
    indicateur: Annotated[
        str | None,
        typer.Option(
            "--indicateur",
            "-i",
            help="Une série : salaries, activite, pays… (ou un synonyme : employés, budget…).",
            autocompletion=_complete(lambda kb: [i.id for i in kb.indicators]),
        ),
    ] = None,
    graphique: Annotated[bool, typer.Option("--graphique", "-g", help="Dessine la série en barres (avec --indicateur).")] = False,
    output_format: FormatOption = OutputFormat.texte,
    data_dir: DataDirOption = None,
) -> None:
    """Les chiffres, avec leur année et leur source.

    Exemples : sosinfo chiffres --annee 2022 · sosinfo chiffres --indicateur salaries --graphique
    """
    _show("figures", annee, indicateur, graphique, output_format=output_format, data_dir=data_dir)


_simple_command(
    "gouvernance", "governance", "La gouvernance du groupe, en arbre, avec le rôle de chaque instance.", "sosinfo gouvernance"
)


_simple_command("valeurs", "values", "Les trois valeurs et les témoignages qui les illustrent.", "sosinfo valeurs")


_simple_command("temoignages", "testimonials", "Les cinq témoignages de salariés.", "sosinfo temoignages --format markdown")


_simple_command("fondateur", "founder", "La biographie datée de Jean-Marc Borello.", "sosinfo fondateur")


@app.command(cls=SosinfoCommand)
def chronologie(
    depuis: Annotated[int | None, typer.Option("--depuis", metavar="AAAA", help="Première année incluse.")] = None,
    jusqua: Annotated[int | None, typer.Option("--jusqua", metavar="AAAA", help="Dernière année incluse.")] = None,
    output_format: FormatOption = OutputFormat.texte,
    data_dir: DataDirOption = None,
) -> None:
    """Tous les événements datés, dans l'ordre.

    Exemple : sosinfo chronologie --depuis 2000
    """
    _show("timeline", depuis, jusqua, output_format=output_format, data_dir=data_dir)


_simple_command("secteurs", "sectors", "Les métiers, les formes d'activité et les classements par secteur.", "sosinfo secteurs")


_simple_command("plaidoyers", "advocacy", "Les prises de position, leur origine et les fédérations.", "sosinfo plaidoyers")


_simple_command(
    "approche",
    "approaches",
    "Comment chaque source présente le groupe : mission, idée, problème traité, stratégie.",
    "sosinfo approche",
)
_simple_command("contact", "contact", "Adresse, téléphone, courriel, site et réseaux sociaux.", "sosinfo contact")


@app.command(cls=SosinfoCommand)
def sources(
    conflits: Annotated[bool, typer.Option("--conflits", help="Liste les désaccords entre sources, côte à côte.")] = False,
    output_format: FormatOption = OutputFormat.texte,
    data_dir: DataDirOption = None,
) -> None:
    """Les cinq documents, leur date et ce que chacun apporte.

    Exemples : sosinfo sources · sosinfo sources --conflits
    """
    _show("conflict_list" if conflits else "source_list", output_format=output_format, data_dir=data_dir)


@app.command(cls=SosinfoCommand)
def export(output_format: FormatOption = OutputFormat.markdown, data_dir: DataDirOption = None) -> None:
    """Toute la base de connaissances en un document (Markdown par défaut, ou JSON).

    Exemple : sosinfo export --format json > groupe-sos.json
    """
    _show("export", output_format=output_format, data_dir=data_dir)


@app.command(cls=SosinfoCommand)
def verifier(
    dossier: Annotated[
        Path | None, typer.Argument(help="Dossier à vérifier (par défaut : la base utilisée).", show_default=False)
    ] = None,
    output_format: FormatOption = OutputFormat.texte,
    data_dir: DataDirOption = None,
) -> None:
    """Vérifie une base de connaissances et liste tous ses problèmes.

    Code de sortie 0 si elle est saine, 1 sinon. Exemple : sosinfo verifier ./mes-donnees
    """
    from sosinfo import knowledge
    from sosinfo.answers import respond
    from sosinfo.errors import NotFoundError

    report = knowledge.verify(dossier if dossier is not None else data_dir)
    respond(None, lambda _: report, output_format, dossier if dossier is not None else data_dir)
    if report.problems:  # the report is the answer (stdout); the verdict goes to stderr
        count = len(report.problems)
        raise NotFoundError(f"base de connaissances invalide : {count} problème{'s' if count > 1 else ''}.")


@app.command(cls=SosinfoCommand)
def recherche(
    texte: Annotated[str, typer.Argument(help="Ce que vous cherchez, en quelques mots.", show_default=False)],
    limite: Annotated[int, typer.Option("--limite", "-n", min=1, max=100, help="Nombre maximal de résultats.")] = 10,
    type_: Annotated[
        str | None,
        typer.Option("--type", "-t", help="Ne garder qu'un type : faq, chiffre, valeur, temoignage, gouvernance, evenement…"),
    ] = None,
    output_format: FormatOption = OutputFormat.texte,
    data_dir: DataDirOption = None,
) -> None:
    """Cherche dans toute la base et met la meilleure réponse en premier.

    Exemple : sosinfo recherche "patrimoine immobilier"
    """
    from sosinfo.answers import respond

    def produce(data: DataSource) -> object:  # the index is its own cache: the knowledge base is read only to build it
        from sosinfo import search

        return search.search_command(data, texte, limite, type_)

    respond(("recherche", texte, limite, type_), produce, output_format, data_dir)


def main() -> None:
    """Run the command line (the console script goes through ``sosinfo.entry``)."""
    from sosinfo.entry import main as entry_main

    entry_main()
