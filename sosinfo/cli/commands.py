"""The command line: parses arguments and hands over.

Each command names its question and hands it to the application service (``app``), which
produces the typed answer, renders it in the chosen format and may serve it from the cache.
Errors and exit codes are handled in ``cli.french``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sosinfo import __version__
from sosinfo import app as service
from sosinfo.app import Options
from sosinfo.cli.french import SosinfoCommand, SosinfoGroup
from sosinfo.render import OutputFormat

if TYPE_CHECKING:
    from sosinfo import queries
    from sosinfo.kb.model import KnowledgeBase
    from sosinfo.results import Result
else:

    class _Deferred:
        """``queries``, imported on first use: a cached answer never needs it (start-up time)."""

        def __getattr__(self, name: str) -> object:
            from sosinfo import queries

            return getattr(queries, name)

    queries = _Deferred()

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


def _complete(values: Callable[[KnowledgeBase], list[str]]) -> Callable[[str], list[str]]:
    """Shell completion from the knowledge base; completion must never fail loudly."""

    def complete(incomplete: str) -> list[str]:
        return service.complete(values, incomplete)

    return complete


def _show(
    question: tuple[object, ...], produce: Callable[[KnowledgeBase], Result], output_format: OutputFormat, data_dir: Path | None
) -> None:
    """Answer ``question``: ``produce`` runs on the knowledge base unless the rendered answer is cached.

    ``produce`` imports ``queries`` itself: nothing of the model or Rich is imported on a cached answer.
    """
    service.respond(question, produce, Options(output_format, data_dir))


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


def _simple_command(name: str, produce: Callable[[KnowledgeBase], Result], summary: str, example: str) -> None:
    """Register a command that takes no argument of its own: its answer is ``produce(knowledge base)``."""

    def command(output_format: FormatOption = OutputFormat.texte, data_dir: DataDirOption = None) -> None:
        _show((name,), produce, output_format, data_dir)

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
        _show(("faq",), lambda kb: queries.faq_list(kb), output_format, data_dir)
    else:
        chosen = numero
        _show(("faq", chosen), lambda kb: queries.faq_answer(kb, chosen), output_format, data_dir)


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
    _show(
        ("chiffres", annee, indicateur, graphique),
        lambda kb: queries.figures(kb, annee, indicateur, graphique),
        output_format,
        data_dir,
    )


_simple_command(
    "gouvernance",
    lambda kb: queries.governance(kb),
    "La gouvernance du groupe, en arbre, avec le rôle de chaque instance.",
    "sosinfo gouvernance",
)


_simple_command(
    "valeurs", lambda kb: queries.values(kb), "Les trois valeurs et les témoignages qui les illustrent.", "sosinfo valeurs"
)


_simple_command(
    "temoignages",
    lambda kb: queries.testimonials(kb),
    "Les cinq témoignages de salariés.",
    "sosinfo temoignages --format markdown",
)


_simple_command("fondateur", lambda kb: queries.founder(kb), "La biographie datée de Jean-Marc Borello.", "sosinfo fondateur")


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
    _show(("chronologie", depuis, jusqua), lambda kb: queries.timeline(kb, depuis, jusqua), output_format, data_dir)


_simple_command(
    "secteurs",
    lambda kb: queries.sectors(kb),
    "Les métiers, les formes d'activité et les classements par secteur.",
    "sosinfo secteurs",
)


_simple_command(
    "plaidoyers",
    lambda kb: queries.advocacy(kb),
    "Les prises de position, leur origine et les fédérations.",
    "sosinfo plaidoyers",
)


_simple_command(
    "approche",
    lambda kb: queries.approaches(kb),
    "Comment chaque source présente le groupe : mission, idée, problème traité, stratégie.",
    "sosinfo approche",
)
_simple_command(
    "contact", lambda kb: queries.contact(kb), "Adresse, téléphone, courriel, site et réseaux sociaux.", "sosinfo contact"
)


@app.command(cls=SosinfoCommand)
def sources(
    conflits: Annotated[bool, typer.Option("--conflits", help="Liste les désaccords entre sources, côte à côte.")] = False,
    output_format: FormatOption = OutputFormat.texte,
    data_dir: DataDirOption = None,
) -> None:
    """Les cinq documents, leur date et ce que chacun apporte.

    Exemples : sosinfo sources · sosinfo sources --conflits
    """
    if conflits:
        _show(("sources", "conflits"), lambda kb: queries.conflict_list(kb), output_format, data_dir)
    else:
        _show(("sources",), lambda kb: queries.source_list(kb), output_format, data_dir)


@app.command(cls=SosinfoCommand)
def export(output_format: FormatOption = OutputFormat.markdown, data_dir: DataDirOption = None) -> None:
    """Toute la base de connaissances en un document (Markdown par défaut, ou JSON).

    Exemple : sosinfo export --format json > groupe-sos.json
    """
    _show(("export",), lambda kb: queries.export(kb), output_format, data_dir)


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
    service.verify(dossier if dossier is not None else data_dir, Options(output_format, data_dir))


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
    service.search_answer(texte, limite, type_, Options(output_format, data_dir))


@app.command(cls=SosinfoCommand)
def explorer(data_dir: DataDirOption = None) -> None:
    """Parcourt et cherche dans toute la base, de façon interactive (dans un terminal).

    Sections à gauche, entrées au milieu, réponse sourcée à droite ; « / » cherche à mesure de la
    frappe, « ? » donne les touches. Exemple : sosinfo explorer
    """
    from sosinfo.explorer import launch

    launch(data_dir)
