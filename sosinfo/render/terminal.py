"""Text output with Rich: panels, tables and trees for people.

Plain text, without escape codes, when stdout is not a terminal or NO_COLOR is set. Text from
the knowledge base or from the user is never parsed as Rich markup (``markup=False``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from sosinfo import kinds, results
from sosinfo.kb import model
from sosinfo.quantities import bar, format_value, year_label
from sosinfo.render import OutputSettings
from sosinfo.results import VerificationReport
from sosinfo.text import printable

_TRAILING_BLANKS = re.compile(r"[ \t]+$", re.MULTILINE)


class _Capture(io.StringIO):
    """Where Rich writes; it reports the encoding of the real output so boxes degrade to ASCII."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


def make_console(settings: OutputSettings) -> Console:
    """The one console of sosinfo: no markup, no emoji codes, no guessed highlights, fixed width."""
    return Console(
        file=_Capture(settings.encoding),
        width=settings.width,
        force_terminal=settings.terminal,
        no_color=not settings.terminal,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
        legacy_windows=False,
    )


def render_text(result: object, settings: OutputSettings) -> str:
    console = make_console(settings)
    for part in _renderables(result, console):
        console.print(part)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    # Rich pads table cells to the column width: trailing blanks only get in the way of copy-paste
    return str(_TRAILING_BLANKS.sub("", output))


def _renderables(result: object, console: Console) -> list[RenderableType]:
    match result:
        case results.FaqList():
            return _faq_list(result)
        case results.FaqAnswer():
            return _faq_answer(result)
        case results.FigureTable():
            return _figures(result, console)
        case results.Governance():
            return _governance(result)
        case results.Values():
            return _values(result)
        case results.Testimonials():
            return _testimonials(result)
        case results.Founder():
            return _founder(result)
        case results.Timeline():
            return _timeline(result)
        case results.Sectors():
            return _sectors(result)
        case results.Advocacy():
            return _advocacy(result)
        case results.ContactCard():
            return _contact(result)
        case results.SourceList():
            return _sources(result)
        case results.ConflictList():
            return _conflicts(result)
        case VerificationReport():
            return _verification(result)
        case results.SearchResults():
            return _search(result)
        case results.Approaches():
            return _approaches(result)
        case results.Export():
            from sosinfo.render.markdown import render_markdown

            return [Text(render_markdown(result).rstrip("\n"))]
    raise TypeError(f"pas de rendu texte pour {type(result).__name__}")  # pragma: no cover


# --- building blocks -------------------------------------------------------------------------


def heading(text: str) -> Text:
    return Text(text, style="bold")


def bullets(items: Iterable[str | Text], marker: str = "•") -> Table:
    """A list whose wrapped lines stay aligned after the marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="cyan")
    grid.add_column(overflow="fold")
    for item in items:
        grid.add_row(marker, item)
    return grid


def sources_footer(sources: Iterable[model.Source]) -> Text:
    parts = [f"{s.titre} ({s.editeur}, {s.date})" for s in sources]
    label = "Source" if len(parts) == 1 else "Sources"
    return Text(f"{label} : " + " ; ".join(parts), style="dim")


# --- one function per kind of result ---------------------------------------------------------


def _faq_list(result: results.FaqList) -> list[RenderableType]:
    table = Table(title="Les questions de la FAQ du Groupe SOS", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("N°", justify="right", style="bold cyan", no_wrap=True)
    table.add_column("Question", overflow="fold")
    for entry in result.entries:
        cell = Text(entry.question)
        for sub in entry.sous_questions:
            cell.append("\n  " + sub.question, style="dim")
        table.add_row(str(entry.numero), cell)
    return [table, Text("Lire une réponse : sosinfo faq N", style="dim")]


def _answer_blocks(blocks: list[model.AnswerBlock]) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for block in blocks:
        if block.titre:
            parts.append(Text("▌ " + block.titre, style="bold cyan"))
        if block.texte:
            parts.append(Text(block.texte))
        if block.points:
            parts.append(bullets(block.points))
        parts.append(Text(""))
    return parts


def _faq_answer(result: results.FaqAnswer) -> list[RenderableType]:
    entry = result.entry
    header = Text(entry.question, style="bold")
    for sub in entry.sous_questions:
        header.append("\n" + sub.question, style="italic dim")
    parts: list[RenderableType] = [
        Panel(header, title=f"Question {entry.numero}", title_align="left", border_style="cyan", box=box.ROUNDED),
        *_answer_blocks(entry.reponse),
    ]
    if result.related:
        parts.append(Text("Voir aussi", style="bold"))
        parts.append(bullets([f"{r.numero}. {r.question}  (sosinfo faq {r.numero})" for r in result.related], marker="→"))
    parts.append(sources_footer(result.sources))
    return parts


def _figures(result: results.FigureTable, console: Console) -> list[RenderableType]:
    if result.indicator is not None:
        title = f"{result.indicator.libelle} ({result.indicator.unite})"
    else:
        title = "Les chiffres du Groupe SOS"
    if result.year is not None:
        title += f" — {result.year}"
    marks = {conflict.id: f"⚠{n}" for n, conflict in enumerate(result.conflicts, start=1)}
    parts: list[RenderableType] = []
    if result.chart:
        parts.append(_chart(result, title, console, marks))
    else:
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_lines=False)
        table.add_column("Indicateur", overflow="fold", ratio=3)
        table.add_column("Valeur", justify="right", no_wrap=True)
        table.add_column("Année", no_wrap=True)
        table.add_column("Source", overflow="fold", ratio=2)
        table.add_column("Terme de la source", overflow="fold", ratio=2, style="italic")
        for row in result.rows:
            f = row.figure
            value = Text(format_value(f.valeur, row.indicator.unite, f.qualificatif))
            if f.conflit in marks:
                value.append(" " + marks[f.conflit], style="bold yellow")
            table.add_row(row.indicator.libelle, value, year_label(f.annee, f.precision), f.source, f.terme_source or "")
        parts.append(table)
    parts.extend(_notes(result))
    if result.conflicts:
        parts.append(Text("Les sources ne concordent pas :", style="bold yellow"))
        parts.append(bullets([Text(f"{c.sujet} — {c.explication}") for c in result.conflicts], marker="⚠"))
        parts.append(Text("Détail côte à côte : sosinfo sources --conflits", style="dim"))
    used = list({row.source.id: row.source for row in result.rows}.values())
    parts.append(Text("Sources : " + " ; ".join(f"{s.id} = {s.titre} ({s.date})" for s in used), style="dim"))
    return parts


def _notes(result: results.FigureTable) -> list[RenderableType]:
    """Notes and how each deduced year was worked out, only when a single series is shown."""
    if result.indicator is None and result.year is None:
        return []
    notes = []
    for row in result.rows:
        f = row.figure
        detail = " ".join(part for part in (f.justification, f.note) if part)
        if detail:
            when = "non daté" if f.annee is None else f"{f.annee}" + (", déduite" if f.precision == "deduite" else "")
            notes.append(f"{format_value(f.valeur, row.indicator.unite, f.qualificatif)} ({when}, {f.source}) : {detail}")
    return [Text("Notes", style="bold"), bullets(notes)] if notes else []


def _chart(result: results.FigureTable, title: str, console: Console, marks: dict[str, str]) -> RenderableType:
    rows = result.rows
    labels = [f"{year_label(r.figure.annee, r.figure.precision)} · {r.figure.source}" for r in rows]
    values = [format_value(r.figure.valeur, r.indicator.unite, r.figure.qualificatif) for r in rows]
    largest = max((abs(float(r.figure.valeur)) for r in rows), default=0.0)
    label_width = max((len(label) for label in labels), default=0)
    value_width = max((len(value) for value in values), default=0) + 3
    bar_width = max(4, console.width - label_width - value_width - 4)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, overflow="ellipsis", max_width=max(8, console.width // 2))
    grid.add_column(no_wrap=True, style="cyan")
    grid.add_column(no_wrap=True, justify="right")
    for row, label, value in zip(rows, labels, values, strict=True):
        shown = Text(value)
        if row.figure.conflit in marks:
            shown.append(" " + marks[row.figure.conflit], style="bold yellow")
        grid.add_row(label, bar(abs(float(row.figure.valeur)), largest, bar_width), shown)
    return Group(heading(title), grid)


def _node_label(node: model.GovernanceNode) -> Text:
    label = Text(node.nom, style="bold")
    if node.effectif is not None:
        label.append(f" ({node.effectif} membre{'s' if node.effectif > 1 else ''})", style="cyan")
    label.append("\n" + node.role)
    if node.composition:
        label.append("\nComposition : " + node.composition, style="dim")
    return label


def _governance(result: results.Governance) -> list[RenderableType]:
    def grow(tree: Tree, node: model.GovernanceNode) -> None:
        for child in node.enfants:
            grow(tree.add(_node_label(child)), child)

    root = Tree(_node_label(result.root), guide_style="cyan")
    grow(root, result.root)
    return [root, sources_footer(result.sources)]


def _values(result: results.Values) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for item in result.values:
        body: list[RenderableType] = [Text(item.value.resume, style="italic"), bullets(item.value.points)]
        if item.testimonials:
            body.append(Text("Témoignages qui l'illustrent :", style="bold"))
            body.append(
                bullets(
                    [f"{t.personne} — {t.fonction}, {t.entite}  (sosinfo temoignages)" for t in item.testimonials], marker="→"
                )
            )
        parts.append(Panel(Group(*body), title=item.value.nom, title_align="left", border_style="cyan", box=box.ROUNDED))
    parts.append(sources_footer(result.sources))
    return parts


def _testimonials(result: results.Testimonials) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for t in result.testimonials:
        value = result.values.get(t.valeur)
        link = "la personne la nomme" if t.lien_valeur == "explicite" else "rapprochement fait par sosinfo"
        body = Group(
            Text(t.resume, style="italic"),
            bullets(t.points),
            Text(f"Valeur illustrée : {value.nom if value else t.valeur} ({link})", style="cyan"),
        )
        where = f", {t.lieu}" if t.lieu else ""
        title = f"{t.personne} — {t.fonction}, {t.entite}{where}"
        parts.append(Panel(body, title=title, title_align="left", border_style="cyan", box=box.ROUNDED))
    parts.append(sources_footer(result.sources))
    return parts


def _founder(result: results.Founder) -> list[RenderableType]:
    p = result.person
    header = Text(p.nom, style="bold")
    header.append(f"\nNé en {p.naissance.annee} à {p.naissance.lieu}")
    parts: list[RenderableType] = [Panel(header, border_style="cyan", box=box.ROUNDED)]
    parts.append(heading("Fonctions"))
    parts.append(bullets([f"{r.intitule}  [{', '.join(r.sources)}]" for r in p.fonctions]))
    table = Table(title="Parcours", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Quand", no_wrap=True, style="bold cyan")
    table.add_column("Étape", overflow="fold", ratio=4)
    table.add_column("Sources", overflow="fold", ratio=1, style="dim")
    for step in p.parcours:
        table.add_row(step.periode, step.texte, ", ".join(step.sources))
    parts.append(table)
    parts.append(heading("Portrait"))
    parts.append(bullets(p.portrait))
    parts.append(sources_footer(result.sources))
    return parts


def _timeline(result: results.Timeline) -> list[RenderableType]:
    span = ""
    if result.since is not None or result.until is not None:
        span = f" ({result.since or '…'} – {result.until or '…'})"
    table = Table(title="Chronologie" + span, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Année", no_wrap=True, style="bold cyan")
    table.add_column("Événement", overflow="fold", ratio=4)
    table.add_column("Sources", overflow="fold", ratio=1, style="dim")
    for e in result.events:
        cell = Text(e.titre, style="bold")
        cell.append("\n" + e.texte)
        if e.justification:
            cell.append(f"\nDate déduite : {e.justification}", style="dim")
        when = e.date.split("-")[::-1] if e.date else None
        table.add_row("/".join(when) if when else year_label(e.annee, e.precision), cell, ", ".join(e.sources))
    return [table, sources_footer(result.sources)]


def _sectors(result: results.Sectors) -> list[RenderableType]:
    associations = Table(title="Les 8 associations-fondatrices (métiers)", title_justify="left", box=box.SIMPLE_HEAD)
    associations.add_column("Association", overflow="fold", style="bold")
    associations.add_column("Gestion", overflow="fold")
    associations.add_column("Activités", overflow="fold", ratio=2)
    for a in result.associations:
        associations.add_row(a.nom, a.mode_gestion, "\n".join(a.activites))
    forms = Table(title="Deux formes d'activité", title_justify="left", box=box.SIMPLE_HEAD)
    forms.add_column("Forme", overflow="fold", style="bold")
    forms.add_column("Gestion", overflow="fold")
    forms.add_column("Bénéfices", overflow="fold")
    for f in result.forms:
        forms.add_row(f.nom, f.gestion, f.benefices)
    rankings = Table(title="Classements (rang parmi les acteurs associatifs)", title_justify="left", box=box.SIMPLE_HEAD)
    rankings.add_column("Domaine", overflow="fold")
    rankings.add_column("Rang", justify="right", style="bold cyan", no_wrap=True)
    rankings.add_column("Position", overflow="fold", ratio=2)
    for r in result.rankings:
        rankings.add_row(r.domaine, "1er" if r.rang == 1 else f"{r.rang}e", r.libelle)
    history = [Text(f"{b.libelle} : {', '.join(b.elements)}  [{', '.join(b.sources)}]") for b in result.breakdowns]
    return [
        associations,
        forms,
        rankings,
        heading("Les découpages successifs des métiers"),
        bullets(history),
        sources_footer(result.sources),
    ]


def _advocacy(result: results.Advocacy) -> list[RenderableType]:
    positions = Table(title="Prises de position", title_justify="left", box=box.SIMPLE_HEAD)
    positions.add_column("Thème", style="bold", overflow="fold")
    positions.add_column("Position", overflow="fold", ratio=3)
    for p in result.positions:
        positions.add_row(p.theme, p.texte)
    methods = bullets([Text(f"{m.nom} — {m.texte}") for m in result.methods])
    federations = bullets([f.sigle + (f" — {f.note}" if f.note else "") for f in result.federations])
    return [
        positions,
        heading("D'où viennent les plaidoyers"),
        methods,
        heading("Fédérations et réseaux"),
        federations,
        sources_footer(result.sources),
    ]


def _contact(result: results.ContactCard) -> list[RenderableType]:
    c = result.contact
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("Adresse", c.adresse)
    grid.add_row("Téléphone", c.telephone)
    grid.add_row("Courriel", c.email)
    grid.add_row("Site", c.site)
    grid.add_row("Réseaux", f"{', '.join(c.reseaux)} ({c.reseaux_note.rstrip('.')})")
    title = f"{c.nom} — « {c.devise} »"
    return [Panel(grid, title=title, title_align="left", border_style="cyan", box=box.ROUNDED), sources_footer(result.sources)]


def _approaches(result: results.Approaches) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for approach in result.approaches:
        when = "" if approach.annee is None else f", {approach.annee}"
        body = Group(bullets(approach.points), Text(f"Source : {approach.source}{when}", style="dim"))
        parts.append(Panel(body, title=approach.titre, title_align="left", border_style="cyan", box=box.ROUNDED))
    parts.append(sources_footer(result.sources))
    return parts


def _sources(result: results.SourceList) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for use in result.sources:
        s = use.source
        body = Group(
            Text(f"{s.editeur} — {s.nature}"),
            Text(f"Date : {s.date} ({s.precision}) — {s.justification}", style="dim"),
            Text(f"Couvre : {s.couverture}"),
            Text("Apports :", style="bold"),
            bullets(s.apports),
            Text(f"Cité par {use.citations} entrées de la base — fichier {s.fichier}", style="dim"),
        )
        parts.append(Panel(body, title=f"{s.id} — {s.titre}", title_align="left", border_style="cyan", box=box.ROUNDED))
    parts.append(Text("Désaccords entre sources : sosinfo sources --conflits", style="dim"))
    return parts


def _conflicts(result: results.ConflictList) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for c in result.conflicts:
        table = Table(box=box.SIMPLE_HEAD, expand=True)
        table.add_column("Source", overflow="fold", ratio=1)
        table.add_column("Année", no_wrap=True)
        table.add_column("Ce qu'elle dit", overflow="fold", ratio=2)
        for p in c.positions:
            table.add_row(p.source, "non daté" if p.annee is None else str(p.annee), p.affirmation)
        parts.append(
            Panel(
                Group(table, Text(c.explication, style="italic")),
                title=f"⚠ {c.sujet}",
                title_align="left",
                border_style="yellow",
                box=box.ROUNDED,
            )
        )
    parts.append(Text(f"{len(result.conflicts)} désaccords ; aucun n'est tranché, chaque chiffre garde sa source.", style="dim"))
    return parts


def _verification(report: VerificationReport) -> list[RenderableType]:
    if not report.problems:
        counts = ", ".join(f"{name} : {count}" for name, count in report.counts.items())
        return [Text(f"✔ Base valide : {report.directory}", style="bold green"), Text(counts, style="dim")]
    count = len(report.problems)
    parts: list[RenderableType] = [
        Text(f"✘ {count} problème{'s' if count > 1 else ''} dans {report.directory}", style="bold red")
    ]
    parts.append(bullets([str(problem) for problem in report.problems], marker="✘"))
    return parts



def _search(result: results.SearchResults) -> list[RenderableType]:
    parts: list[RenderableType] = []
    count = len(result.hits)
    parts.append(Text(f"{count} résultat{'s' if count > 1 else ''} pour « {printable(result.query, 80)} »", style="bold"))
    for rank, hit in enumerate(result.hits, start=1):
        document = hit  # a hit carries its entry's id, type, title and command
        head = Text(f"{rank}. ", style="bold")
        head.append(f"[{kinds.label(document.type)}] ", style="cyan")
        head.append(document.title, style="bold")
        excerpt = Text(hit.excerpt)
        for start, end in hit.highlights:
            excerpt.stylize("bold yellow", start, end)
        lines: list[RenderableType] = [head]
        if hit.excerpt:
            lines.append(Padding(excerpt, (0, 0, 0, 3)))
        lines.append(Padding(Text(f"→ {document.command}", style="dim"), (0, 0, 0, 3)))
        parts.append(Group(*lines))
    if result.direct_answer:
        parts.append(Text("Chiffres en tête : l'année demandée d'abord, sinon la plus récente.", style="dim"))
    return parts


# --- public: the renderables themselves, for hosts that lay them out (the explorer) ----------------


def renderables(result: object, settings: OutputSettings) -> list[RenderableType]:
    """What :func:`render_text` prints for ``result``, as Rich renderables (same text, same styles)."""
    return _renderables(result, make_console(settings))
