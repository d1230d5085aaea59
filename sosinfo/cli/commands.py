"""The command line: parses arguments and hands over.

Each command names its question and hands it to the application service (``app``), which
produces the typed answer, renders it in the chosen format and may serve it from the cache.
Errors and exit codes are handled in ``cli.french``. ``--format`` and ``--data-dir`` are
accepted before the command name too (``sosinfo -f json faq 7``): see ``french.move_global_options``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import click
import typer

from sosinfo import quick
from sosinfo.cli.french import ARGUMENT_HELP, OPTION_COMPLETION, SosinfoCommand, SosinfoGroup
from sosinfo.cli.params import BoundedIntegerType, ColourType, FolderType, FormatType, YearType
from sosinfo.kinds import KIND_IDS
from sosinfo.render import Colour, OutputFormat
from sosinfo.render import about_text as render_about
from sosinfo.text import is_number, printable, whole_number

if TYPE_CHECKING:
    from sosinfo import app as service
    from sosinfo import queries
    from sosinfo.kb.model import KnowledgeBase
    from sosinfo.results import Result
else:
    import importlib

    class _Deferred:
        """A module imported on first use: ``queries`` (a cached answer never needs it), the service
        ``app`` (``--help`` and tab completion of command names never need it). Start-up time only."""

        def __init__(self, name: str) -> None:
            self._name = name

        def __getattr__(self, attribute: str) -> object:
            return getattr(importlib.import_module(self._name), attribute)

    queries = _Deferred("sosinfo.queries")
    service = _Deferred("sosinfo.app")

app = typer.Typer(
    cls=SosinfoGroup,
    name="sosinfo",
    help="Les faits et la FAQ du Groupe SOS, sourcés, en ligne de commande.",
    epilog=(
        'Exemples : sosinfo faq 7 · sosinfo chiffres --recents · sosinfo recherche "patrimoine immobilier"'
        " · sosinfo -f json faq 7 · sosinfo aide"
    ),
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 120},
)

FAQ_NUMBER_DIGITS = 6  # « faq 1234567 » names no question: a usage error, whatever the base holds

# --- the options every command shares, declared once ------------------------------------------

FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        click_type=FormatType(),
        help="Format de sortie : texte, json, markdown ou csv (csv : les réponses en tableau).",
        case_sensitive=False,
    ),
]
DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        metavar="DOSSIER",
        envvar="SOSINFO_DATA",
        click_type=FolderType(),
        help="Dossier d'une autre base de connaissances (même schéma).",
        show_envvar=True,
    ),
]
ProofsOption = Annotated[
    bool,
    typer.Option(
        "--preuves",
        "-p",
        help=(
            "Après la réponse, où chaque énoncé se trouve dans sa source (partie, paragraphe), pour aller vérifier ;"
            " sans objet pour verifier, schema et explorer, qui ne citent pas de source."
        ),
    ),
]
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Sans pager, même sur un terminal ($SOSINFO_PAGER, $PAGER, sinon less -FRX) ; schema et explorer n'en ont jamais.",
    ),
]


Described = list[tuple[str, str]]  # (value, description) offered by completion


def _complete(values: Callable[[KnowledgeBase], Described]) -> Callable[[click.Context, str], Described]:
    """Shell completion from the knowledge base named on the line (``--data-dir``, before or after
    the command) or by ``SOSINFO_DATA``; completion must never fail loudly."""

    def complete(ctx: click.Context, incomplete: str) -> Described:
        return service.complete(values, incomplete, _typed_data_dir(ctx))

    return complete


def _typed_data_dir(ctx: click.Context) -> Path | None:
    """The ``--data-dir`` typed on the line being completed, as the shell will read it (``~`` expanded)."""
    context: click.Context | None = ctx
    while context is not None:
        typed = context.params.get("data_dir")
        if isinstance(typed, Path):
            return Path(os.path.expanduser(os.path.expandvars(str(typed))))
        context = context.parent
    return None


def _event_years(kb: KnowledgeBase) -> Described:
    return [(str(year), "") for year in sorted({e.annee for e in kb.events})]


def _kinds(incomplete: str) -> list[str]:
    return [kind for kind in KIND_IDS if kind.startswith(incomplete.lower())]


# arguments and options of commands declared with their own owners (``recherche``)
ARGUMENT_HELP[("recherche", "texte")] = "Ce que vous cherchez : quelques mots ou une question (guillemets facultatifs)."
OPTION_COMPLETION[("recherche", "type_")] = _kinds


def _group_value(name: str) -> object:
    """An option of the group (``--no-pager``, ``--preuves``, ``--couleur``): wherever it was typed, the
    group read it (``french.move_global_options`` puts it before the command)."""
    context = click.get_current_context(silent=True)
    return context.find_root().params.get(name) if context is not None else None


def _options(output_format: OutputFormat, data_dir: Path | None) -> service.Options:
    """What every answer shares, built the same way for every command: its format, its base, and the
    group's options (``--no-pager``, ``--preuves``, ``--couleur``), wherever they were typed."""
    colour = _group_value("colour")
    return service.Options(
        output_format,
        data_dir,
        not _group_value("no_pager"),
        bool(_group_value("proofs")),
        colour if isinstance(colour, Colour) else Colour.auto,
    )


def _show(
    question: tuple[object, ...], produce: Callable[[KnowledgeBase], Result], output_format: OutputFormat, data_dir: Path | None
) -> None:
    """Answer ``question``: ``produce`` runs on the knowledge base unless the rendered answer is cached.

    ``produce`` imports ``queries`` itself: nothing of the model or Rich is imported on a cached answer.
    """
    service.respond(question, produce, _options(output_format, data_dir))


@app.callback(invoke_without_command=True)
def main_options(
    context: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Affiche la version, celle du contrat JSON, la date de la source la plus récente et le nombre d'entrées.",
        ),
    ] = False,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            click_type=FormatType(),
            help="Format de sortie, avant ou après la commande : sosinfo -f json faq 7.",
        ),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir", metavar="DOSSIER", click_type=FolderType(), help="Dossier d'une autre base, avant ou après la commande."
        ),
    ] = None,
    no_pager: NoPagerOption = False,
    proofs: ProofsOption = False,
    colour: Annotated[
        Colour,
        typer.Option(
            "--couleur",
            metavar="QUAND",
            click_type=ColourType(),
            help="Couleurs du texte : auto (sur un terminal, sans NO_COLOR ; FORCE_COLOR les impose), toujours ou jamais.",
        ),
    ] = Colour.auto,
) -> None:
    """Les faits et la FAQ du Groupe SOS, sourcés, en ligne de commande."""
    if version:  # read after every option (not eagerly), so that it describes the base --data-dir names
        service.write(render_about(service.about(data_dir)))
        raise typer.Exit()
    if context.invoked_subcommand is None:  # options only (« sosinfo -f json »)
        from sosinfo.errors import UsageError

        raise UsageError(
            "commande manquante : les options s'écrivent avec une commande",
            hint="Par exemple : sosinfo -f json faq 7\nLa liste des commandes : sosinfo aide",
        )


def _simple_command(name: str, produce: Callable[[KnowledgeBase], Result], summary: str, example: str) -> None:
    """Register a command that takes no argument of its own: its answer is ``produce(knowledge base)``."""

    def command(output_format: FormatOption = OutputFormat.texte, data_dir: DataDirOption = None) -> None:
        _show((name,), produce, output_format, data_dir)

    command.__doc__ = f"{summary}\n\nExemple : {example}"
    app.command(name, cls=SosinfoCommand)(command)


def _narrowed_command(
    name: str,
    metavar: str,
    argument: str,
    argument_help: str,
    names: Callable[[KnowledgeBase], Described],
    produce: Callable[[KnowledgeBase, str | None], Result],
    description: str,
) -> None:
    """Register a command whose optional argument narrows its answer to the entries it names."""

    def command(
        nom: str | None = typer.Argument(None, metavar=metavar, autocompletion=_complete(names), show_default=False),
        output_format: FormatOption = OutputFormat.texte,
        data_dir: DataDirOption = None,
    ) -> None:
        if nom is not None and not nom.strip():  # as « faq "" »: an empty name narrows to nothing, it is a slip
            from sosinfo.errors import UsageError

            raise UsageError(f"{argument} est vide.", hint=f"« sosinfo {name} » seul les liste tous.")
        _show((name, nom), lambda kb: produce(kb, nom), output_format, data_dir)

    command.__doc__ = description
    ARGUMENT_HELP[(name, "nom")] = argument_help
    app.command(name, cls=SosinfoCommand)(command)


@app.command(cls=SosinfoCommand)
def faq(
    question: Annotated[
        str | None,
        typer.Argument(
            metavar="[NUMERO|MOTS]",
            autocompletion=_complete(lambda kb: [(str(e.numero), e.question) for e in sorted(kb.faq, key=lambda e: e.numero)]),
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.texte,
    data_dir: DataDirOption = None,
) -> None:
    """Les questions de la FAQ, ou la réponse à l'une d'elles (par son numéro ou un mot).

    Exemples : sosinfo faq 7 · sosinfo faq budget
    """
    if question is None:
        _show(("faq",), lambda kb: queries.faq_list(kb), output_format, data_dir)
    elif is_number(question):
        chosen = whole_number(question, FAQ_NUMBER_DIGITS)
        if chosen is None:
            from sosinfo.errors import UsageError

            raise UsageError(
                f"« {printable(question.strip(), 20)} » n'est pas un numéro de question (au plus {FAQ_NUMBER_DIGITS} chiffres).",
                hint="« sosinfo faq » les liste toutes.",
            )
        _show(("faq", chosen), lambda kb: queries.faq_answer(kb, chosen), output_format, data_dir)
    elif not question.strip():
        from sosinfo.errors import UsageError

        raise UsageError("La question est vide.", hint="« sosinfo faq » les liste toutes ; « sosinfo faq 7 » en montre une.")
    elif all(character.isnumeric() or character.isspace() for character in question):
        from sosinfo.errors import UsageError

        # « ７ », « ⁷ », « ① » or « ٧ » look like a number but are none by the one rule (text.is_number):
        # taken as words, they once showed another question with exit code 0
        raise UsageError(
            f"« {printable(question.strip(), 20)} » n'est pas un numéro de question : écrivez-le avec les chiffres 0 à 9.",
            hint="Par exemple : sosinfo faq 7 ; « sosinfo faq » les liste toutes.",
        )
    else:
        words = question
        _show(("faq", "mots", words), lambda kb: queries.faq_by_words(kb, words), output_format, data_dir)


ARGUMENT_HELP[("faq", "question")] = "Numéro de la question (« sosinfo faq » les liste), ou des mots : la réponse qui en parle."


@app.command(cls=SosinfoCommand)
def chiffres(
    annee: Annotated[
        int | None,
        typer.Option(
            "--annee",
            "-a",
            click_type=YearType(),
            help="Ne garder que les chiffres de cette année.",
            autocompletion=_complete(lambda kb: [(str(y), "") for y in sorted({f.annee for f in kb.figures if f.annee})]),
        ),
    ] = None,
    indicateur: Annotated[
        str | None,
        typer.Option(
            "--indicateur",
            "-i",
            metavar="NOM",
            help="Une série : salaries, activite, pays… (ou un synonyme : employés, budget…).",
            autocompletion=_complete(lambda kb: [(i.id, i.libelle) for i in kb.indicators]),
        ),
    ] = None,
    graphique: Annotated[bool, typer.Option("--graphique", "-g", help="Dessine la série en barres (avec --indicateur).")] = False,
    recents: Annotated[
        bool,
        typer.Option("--recents", "-r", help="La dernière valeur connue de chaque indicateur, avec son année et sa source."),
    ] = False,
    output_format: FormatOption = OutputFormat.texte,
    data_dir: DataDirOption = None,
) -> None:
    """Les chiffres, avec leur année et leur source.

    Exemples : sosinfo chiffres --recents · sosinfo chiffres --annee 2022 · sosinfo chiffres -i salaries -g
    """
    if recents:
        if annee is not None or indicateur is not None or graphique:
            from sosinfo.errors import UsageError

            raise UsageError("« --recents » se suffit : il ne se combine pas avec --annee, --indicateur ou --graphique.")
        latest = ("chiffres", "recents")
        _show(latest, lambda kb: queries.latest_figures(kb), output_format, data_dir)
        return
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
    "valeurs", lambda kb: queries.values(kb), "Les valeurs et les témoignages qui les illustrent.", "sosinfo valeurs"
)


_narrowed_command(
    "temoignages",
    "[NOM]",
    "Le nom",
    "Un nom, une fonction ou une entité : les seuls témoignages qui en parlent.",
    lambda kb: [(t.id, f"{t.personne} ({t.entite})") for t in kb.testimonials],
    lambda kb, name: queries.testimonials(kb, name),
    "Les témoignages de salariés, ou celui d'une personne.\n\nExemples : sosinfo temoignages · sosinfo temoignages valet",
)

_simple_command("fondateur", lambda kb: queries.founder(kb), "La biographie datée de Jean-Marc Borello.", "sosinfo fondateur")


@app.command(cls=SosinfoCommand)
def chronologie(
    depuis: Annotated[
        int | None,
        typer.Option(
            "--depuis", "-d", click_type=YearType(), help="Première année incluse.", autocompletion=_complete(_event_years)
        ),
    ] = None,
    jusqua: Annotated[
        int | None,
        typer.Option(
            "--jusqua", "-j", click_type=YearType(), help="Dernière année incluse.", autocompletion=_complete(_event_years)
        ),
    ] = None,
    annee: Annotated[
        int | None,
        typer.Option(
            "--annee",
            "-a",
            click_type=YearType(),
            help="Une seule année (comme -d A -j A).",
            autocompletion=_complete(_event_years),
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.texte,
    data_dir: DataDirOption = None,
) -> None:
    """Tous les événements datés, dans l'ordre.

    Exemples : sosinfo chronologie -d 2000 · sosinfo chronologie --annee 2016
    """
    if annee is not None:
        if depuis is not None or jusqua is not None:
            from sosinfo.errors import UsageError

            raise UsageError("« --annee » se suffit : il ne se combine pas avec --depuis ou --jusqua.")
        depuis = jusqua = annee
    since, until = depuis, jusqua
    _show(("chronologie", since, until), lambda kb: queries.timeline(kb, since, until), output_format, data_dir)


_narrowed_command(
    "secteurs",
    "[METIER]",
    "Le métier",
    "Un métier (« jeunesse », « seniors ») : son association-fondatrice et ses classements.",
    lambda kb: [(a.id, a.nom) for a in kb.founding_associations],
    lambda kb, name: queries.sectors(kb, name),
    "Les métiers, les formes d'activité et les classements par secteur.\n\n"
    "Exemples : sosinfo secteurs · sosinfo secteurs jeunesse",
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
    """Les documents sources, leur date et ce que chacun apporte.

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
        Path | None,
        typer.Argument(click_type=FolderType(), metavar="[DOSSIER]", show_default=False),
    ] = None,
    output_format: FormatOption = OutputFormat.texte,
    data_dir: DataDirOption = None,
) -> None:
    """Vérifie une base de connaissances et liste tous ses problèmes.

    Code de sortie 0 si elle est saine, 1 sinon. Exemple : sosinfo verifier ./mes-donnees
    """
    if dossier is not None:
        from sosinfo.kb.files import require_folder

        require_folder(dossier, "Dossier à vérifier", "argument DOSSIER")
    service.verify(dossier if dossier is not None else data_dir, _options(output_format, data_dir))


ARGUMENT_HELP[("verifier", "dossier")] = "Dossier à vérifier (par défaut : la base utilisée)."


def _schema_names(incomplete: str) -> list[str]:
    from sosinfo.schemas import names

    quick.spoil()  # the schema files are no module: the fast path's key does not cover them

    return [name for name in names() if name.startswith(incomplete)]


@app.command(cls=SosinfoCommand)
def schema(
    commande: Annotated[
        str,
        typer.Argument(metavar="COMMANDE", autocompletion=_schema_names, show_default=False),
    ],
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            click_type=FormatType(),
            help="json ou texte : le schéma tel quel (par défaut) ; markdown : le schéma dans un bloc de code.",
        ),
    ] = None,
) -> None:
    """Le schéma JSON (draft 2020-12) de la sortie --format json d'une commande.

    Exemple : sosinfo schema chiffres > chiffres.schema.json
    """
    service.schema(commande, output_format)


ARGUMENT_HELP[("schema", "commande")] = "La commande dont on veut le schéma JSON (faq, chiffres, recherche…)."


@app.command(cls=SosinfoCommand)
def recherche(
    texte: Annotated[
        list[str],
        typer.Argument(show_default=False),
    ],
    limite: Annotated[
        int,
        typer.Option(
            "--limite",
            "-n",
            click_type=BoundedIntegerType(1, 100),
            help="Nombre maximal de résultats, de 1 à 100 (la liste s'arrête avant si la pertinence chute).",
        ),
    ] = 10,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type",
            "-t",
            metavar="TYPE",
            help="Ne garder qu'un type : faq, chiffre, valeur, temoignage, gouvernance, evenement…",
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.texte,
    data_dir: DataDirOption = None,
) -> None:
    """Cherche dans toute la base et met la meilleure réponse en premier.

    Exemple : sosinfo recherche patrimoine immobilier
    """
    service.search_answer(" ".join(texte), limite, type_, _options(output_format, data_dir))


@app.command(cls=SosinfoCommand)
def explorer(
    data_dir: DataDirOption = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", click_type=FormatType(), hidden=True, help="Sans objet : l'explorateur est interactif."),
    ] = None,
) -> None:
    """Parcourt et cherche dans toute la base, de façon interactive (dans un terminal).

    Sections à gauche (sur une barre en haut à 100 colonnes ou moins), entrées au milieu, réponse
    sourcée à droite ; « / » cherche à mesure de la frappe, « ? » donne les touches. Exemple :
    sosinfo explorer
    """
    if output_format is not None:  # accepted on every command line, meaningless here: said, not ignored
        from sosinfo.errors import UsageError

        raise UsageError(
            "« sosinfo explorer » est interactif : --format ne s'y applique pas.",
            hint="Pour toute la base en un document : sosinfo export --format json (ou markdown).",
        )
    from sosinfo.explorer import launch

    launch(data_dir)
