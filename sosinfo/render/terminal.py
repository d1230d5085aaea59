"""Text output with Rich: panels, tables and trees for people.

Plain text, without escape codes, when stdout is not a terminal or NO_COLOR is set. Every
string from the knowledge base or the user becomes a :class:`rich.text.Text` through
:func:`text` (never Rich markup: « [sic] » stays, « [/] » cannot crash, « [link=…] » is not a
link), made safe (no escape sequences, no bidi overrides) and typeset the French way. Tables
fit the width without splitting a word (``layout.py``).
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import assert_never

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from sosinfo import kinds, results
from sosinfo.errors import count_problems
from sosinfo.kb import model
from sosinfo.kb.model import management_label, source_dating
from sosinfo.quantities import (
    axis_bars,
    format_value,
    rank_label,
    year_label,
)
from sosinfo.render import (
    LINKED_BY_SOSINFO,
    NO_RANKING,
    RANKINGS_TITLE,
    OutputSettings,
    approach_cited,
    associations_title,
    conflict_marks,
    export_origin,
    figures_title,
    forms_title,
    headcount,
    source_address,
    timeline_title,
)
from sosinfo.render.layout import Column, fitted
from sosinfo.results import Result, VerificationReport
from sosinfo.text import COMMAND_SPACE, NNBSP, display, glue_commands, lower_first, printable, safe, typeset_spans

_TRAILING_BLANKS = re.compile(r"[ \t]+$", re.MULTILINE)
# Rich breaks lines at any Unicode space, non-breaking ones included: while Rich lays text out,
# they are private-use characters (one cell wide, not spaces), put back in the finished output
_GLUE = {NNBSP: "\ue000", "\xa0": "\ue001"}
# the text renderer glues a number to its unit, and the words of a command (« sosinfo faq 7 »), with
# placeholders Rich will not break at; whoever prints its renderables translates them back
# (render_text below, the explorer's answer pane): a command comes out with plain spaces, to be copied
UNGLUE = str.maketrans({v: k for k, v in _GLUE.items()} | {COMMAND_SPACE: " "})
_GLUING = str.maketrans(_GLUE)
PANEL_FRAME = 4  # a panel's borders and padding, in cells


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
    dumb = settings.colour_environment[:1] in (("dumb",), ("unknown",))  # Rich would draw no colour there at all
    return Console(
        file=_Capture(settings.encoding),
        width=settings.width,
        force_terminal=settings.terminal,
        no_color=not settings.terminal,
        color_system="standard" if settings.terminal and dumb else "auto",  # asked for (--couleur toujours): given
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
        legacy_windows=False,
    )


# a command up to this long is never split across two lines: it fits the narrowest layout (40
# columns, less an indent); a longer one may break between its words, never inside one
COMMAND_ON_ONE_LINE = 34


def text(value: str, style: str = "") -> Text:
    """Any string shown, data or not: a Text (never markup), safe, typeset, non-breaking spaces kept,
    a command (up to :data:`COMMAND_ON_ONE_LINE` characters) never split across two lines."""
    return Text(glue_commands(display(value), COMMAND_ON_ONE_LINE).translate(_GLUING), style=style)


def render_text(result: Result, settings: OutputSettings) -> str:
    console = make_console(settings)
    parts = _renderables(result, console.width)
    if settings.passages:
        parts += proofs(result)
    for part in parts:
        console.print(part)
    output: str = console.file.getvalue()  # type: ignore[attr-defined]
    # Rich pads table cells to the column width: trailing blanks only get in the way of copy-paste
    return _TRAILING_BLANKS.sub("", output.translate(UNGLUE))


def _renderables(result: Result, width: int) -> list[RenderableType]:
    match result:
        case results.FaqList():
            return _faq_list(result, width)
        case results.FaqAnswer():
            return _faq_answer(result, width)
        case results.FigureTable():
            return _figures(result, width)
        case results.Governance():
            return _governance(result)
        case results.Values():
            return _values(result, width)
        case results.Testimonials():
            return _testimonials(result, width)
        case results.Founder():
            return _founder(result, width)
        case results.Timeline():
            return _timeline(result, width)
        case results.Sectors():
            return _sectors(result, width)
        case results.Advocacy():
            return _advocacy(result, width)
        case results.ContactCard():
            return _contact(result, width)
        case results.SourceList():
            return _sources(result, width)
        case results.ConflictList():
            return _conflicts(result, width)
        case VerificationReport():
            return _verification(result)
        case results.SearchResults():
            return _search(_inert(result))
        case results.Approaches():
            return _approaches(result, width)
        case results.Export():
            return _export(result, width)
        case _:
            assert_never(result)


def _export(result: results.Export, width: int) -> list[RenderableType]:
    """The whole base as text: each answer as its own command shows it, one after the other, ruled apart."""
    parts: list[RenderableType] = [
        heading("Le Groupe SOS en faits sourcés"),
        text(export_origin(len(result.knowledge.sources)), style="dim"),
        Rule(text("FAQ", style="bold"), align="left", style="cyan"),
    ]
    for answer in result.faq:
        parts += [*_faq_answer(answer, width), Text("")]
    for section in result.sections():
        parts += [Rule(style="cyan"), *_renderables(section, width)]
    return parts


def _inert(result: results.SearchResults) -> results.SearchResults:
    """Search results with every string made safe and typeset (the highlight spans moved to match)."""
    hits = []
    for hit in result.hits:
        excerpt, spans = typeset_spans(safe(hit.excerpt), list(hit.highlights))
        hits.append(replace(hit, title=display(hit.title), excerpt=excerpt, highlights=spans, command=safe(hit.command)))
    return replace(result, query=safe(result.query), hits=hits)


# --- building blocks -------------------------------------------------------------------------


def heading(value: str) -> Text:
    return text(value, style="bold")


def bullets(items: Iterable[str | Text], marker: str = "•") -> Table:
    """A list whose wrapped lines stay aligned after the marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="cyan")
    grid.add_column(overflow="fold")
    for item in items:
        grid.add_row(marker, item if isinstance(item, Text) else text(item))
    return grid


def marked(items: Iterable[tuple[str, Text]]) -> Table:
    """A list where each item has its own marker (« ⚠1 », « ⚠2 »…)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold yellow")
    grid.add_column(overflow="fold")
    for marker, item in items:
        grid.add_row(marker, item)
    return grid


def panel(body: RenderableType, title: str, width: int, border_style: str = "cyan") -> Panel:
    """A panel whose title is never cut: a title too long for the top border opens the body instead."""
    shown = text(title, style="bold")
    if cell_len(shown.plain) <= width - PANEL_FRAME - 2:
        return Panel(body, title=shown, title_align="left", border_style=border_style, box=box.ROUNDED)
    return Panel(Group(shown, body), border_style=border_style, box=box.ROUNDED)


def sources_footer(sources: Iterable[model.Source]) -> Text:
    parts = [f"{s.titre} ({s.editeur}, {s.date})" for s in sources]
    label = "Source" if len(parts) == 1 else "Sources"
    return text(f"{label} : " + " ; ".join(parts), style="dim")


# --- one function per kind of result ---------------------------------------------------------


def _faq_list(result: results.FaqList, width: int) -> list[RenderableType]:
    rows = []
    for entry in result.entries:
        cell = text(entry.question)
        for sub in entry.sous_questions:
            cell.append("\n")
            cell.append_text(text("  " + sub.question, style="dim"))
        rows.append([text(str(entry.numero), style="bold cyan"), cell])
    columns = [Column("N°", justify="right", wrap=False), Column("Question")]
    table = fitted(heading("Les questions de la FAQ du Groupe SOS"), columns, rows, width)
    return [table, text("Lire une réponse : sosinfo faq N", style="dim")]


def _answer_blocks(blocks: list[model.AnswerBlock]) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for block in blocks:
        if block.titre:
            parts.append(text("▌ " + block.titre, style="bold cyan"))
        if block.texte:
            parts.append(text(block.texte))
        if block.points:
            parts.append(bullets(block.points))
        parts.append(Text(""))
    return parts


def _faq_answer(result: results.FaqAnswer, width: int) -> list[RenderableType]:
    entry = result.entry
    header = text(entry.question, style="bold")
    for sub in entry.sous_questions:
        header.append("\n")
        header.append_text(text(sub.question, style="italic dim"))
    parts: list[RenderableType] = [panel(header, f"Question {entry.numero}", width), *_answer_blocks(entry.reponse)]
    if result.related:
        parts.append(heading("Voir aussi"))
        parts.append(bullets([f"{r.numero}. {r.question}  (sosinfo faq {r.numero})" for r in result.related], marker="→"))
    parts.append(sources_footer(result.sources))
    return parts


def _figures(result: results.FigureTable, width: int) -> list[RenderableType]:
    title = figures_title(result)
    marks = conflict_marks(result)
    parts: list[RenderableType] = []
    if result.chart:
        parts.append(_chart(result, title, width, marks))
    else:
        # one indicator: its name and unit are the title (« Salariés (personnes) »), not repeated on each row
        # (in blocks, a row's name under the title read as a second indicator): its rows are years
        one = result.indicator is not None
        columns = [
            *([] if one else [Column("Indicateur")]),
            Column("Valeur", justify="right", wrap=False),
            Column("Année"),
            Column("Source", drop=1, label="source"),
            Column("Terme de la source", style="italic", drop=2, label="terme de la source"),
        ]
        if one:
            columns[0:2] = columns[1::-1]  # « 2016 » first, its value next
        rows = []
        for row in result.rows:
            f = row.figure
            value = text(format_value(f.valeur, row.indicator.unite, f.qualificatif))
            if f.conflit in marks:
                value.append(" " + marks[f.conflit], style="bold yellow")
            term = text(f"« {f.terme_source} »") if f.terme_source else Text("")
            when = text(year_label(f.annee, f.precision))
            cells = [when, value] if one else [text(row.indicator.libelle), value, when]
            rows.append([*cells, text(f.source), term])
        parts.append(fitted(heading(title), columns, rows, width))
    parts.extend(_notes(result))
    if result.conflicts:
        parts.append(text("Les sources ne concordent pas :", style="bold yellow"))  # the list follows: a heading
        parts.append(marked((marks[c.id], text(f"{c.sujet} — {c.explication}")) for c in result.conflicts))
        parts.append(text("Détail côte à côte : sosinfo sources --conflits", style="dim"))
    used = list({row.source.id: row.source for row in result.rows}.values())
    # « = » never starts a line: a no-break space ties it to the source's id
    parts.append(text("Sources : " + " ; ".join(f"{s.id}\u00a0= {s.titre} ({s.date})" for s in used), style="dim"))
    return parts


def _notes(result: results.FigureTable) -> list[RenderableType]:
    """Notes and how each deduced year was worked out, when a single series or year is shown; in every
    view, the figures sosinfo computed itself (the source gives their parts, not the total)."""
    whole = result.indicator is None and result.year is None
    notes = []
    for row in result.rows:
        f = row.figure
        if whole and not f.calcul:
            continue
        computed = f"calcul de sosinfo : {f.calcul}." if f.calcul else None
        detail = lower_first(" ".join(part for part in (computed, f.justification, None if whole else f.note) if part))
        if detail:
            when = "non daté" if f.annee is None else f"{f.annee}" + (", déduite" if f.precision == "deduite" else "")
            notes.append(f"{format_value(f.valeur, row.indicator.unite, f.qualificatif)} ({when}, {f.source}) : {detail}")
    return [heading("Notes"), bullets(notes)] if notes else []


def _chart(result: results.FigureTable, title: str, width: int, marks: dict[str, str]) -> RenderableType:
    """One bar per figure around an axis (negative values to its left), each with its value and unit."""
    rows = result.rows
    labels = [text(f"{year_label(r.figure.annee, r.figure.precision)} · {r.figure.source}") for r in rows]
    values = []
    for r in rows:
        shown = text(format_value(r.figure.valeur, r.indicator.unite, r.figure.qualificatif, with_unit=True))
        if r.figure.conflit in marks:
            shown.append(" " + marks[r.figure.conflit], style="bold yellow")
        values.append(shown)
    label_width = max((cell_len(label.plain) for label in labels), default=0)
    value_width = max((cell_len(value.plain) for value in values), default=0)
    stacked = label_width + value_width + 12 > width  # too narrow: each label on its own line
    bar_width = max(4, width - value_width - 1 - (0 if stacked else label_width + 1))
    bars = axis_bars([float(r.figure.valeur) for r in rows], bar_width)
    if stacked:  # each label on its own line, above a bar and a value of fixed widths: nothing is cut
        parts: list[RenderableType] = [heading(title)]
        for label, drawn, value in zip(labels, bars, values, strict=True):
            line = Table.grid(padding=(0, 1))
            line.add_column(no_wrap=True, style="cyan", width=bar_width)
            line.add_column(no_wrap=True, justify="right", width=value_width)
            line.add_row(Text(drawn), value)
            parts += [label, line]
        return Group(*parts)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, style="cyan")
    grid.add_column(no_wrap=True, justify="right")
    for label, drawn, value in zip(labels, bars, values, strict=True):
        grid.add_row(label, Text(drawn), value)
    return Group(heading(title), grid)


def _node_label(node: model.GovernanceNode) -> Text:
    label = text(node.nom, style="bold")
    if node.effectif is not None:
        label.append_text(text(f" ({headcount(node)})", style="cyan"))
    label.append("\n")
    label.append_text(text(node.role))
    if node.composition:
        label.append("\n")
        label.append_text(text("Composition : " + lower_first(node.composition), style="dim"))
    return label


def _governance(result: results.Governance) -> list[RenderableType]:
    def grow(tree: Tree, node: model.GovernanceNode) -> None:
        for child in node.enfants:
            grow(tree.add(_node_label(child)), child)

    root = Tree(_node_label(result.root), guide_style="cyan")
    grow(root, result.root)
    return [root, sources_footer(result.sources)]


def _values(result: results.Values, width: int) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for item in result.values:
        body: list[RenderableType] = [text(item.value.resume, style="italic"), bullets(item.value.points)]
        if item.testimonials:
            body.append(heading("Témoignages qui l'illustrent :"))
            body.append(
                bullets(
                    [
                        f"{t.personne} — {t.fonction}, {t.entite}"
                        + ("" if t.lien_valeur == "explicite" else f" ({LINKED_BY_SOSINFO})")
                        + "  (sosinfo temoignages)"
                        for t in item.testimonials
                    ],
                    marker="→",
                )
            )
        parts.append(panel(Group(*body), item.value.nom, width))
    parts.append(sources_footer(result.sources))
    return parts


def _testimonials(result: results.Testimonials, width: int) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for t in result.testimonials:
        value = result.values.get(t.valeur)
        link = "la personne la nomme" if t.lien_valeur == "explicite" else LINKED_BY_SOSINFO
        body = Group(
            text(t.resume, style="italic"),
            bullets([point.texte for point in t.points]),
            text(f"Valeur illustrée : « {value.nom if value else t.valeur} » ({link})", style="cyan"),
        )
        where = f", {t.lieu}" if t.lieu else ""
        parts.append(panel(body, f"{t.personne} — {t.fonction}, {t.entite}{where}", width))
    parts.append(sources_footer(result.sources))
    return parts


def _founder(result: results.Founder, width: int) -> list[RenderableType]:
    p = result.person
    header = text(p.nom, style="bold")
    header.append("\n")
    header.append_text(text(f"Né en {p.naissance.annee} à {p.naissance.lieu}"))
    parts: list[RenderableType] = [Panel(header, border_style="cyan", box=box.ROUNDED)]
    parts.append(heading("Fonctions"))
    parts.append(bullets([f"{r.intitule}  [{', '.join(r.sources)}]" for r in p.fonctions]))
    columns = [Column("Quand", style="bold cyan"), Column("Étape"), Column("Sources", style="dim", drop=1, label="sources")]
    rows = [[text(step.periode), text(step.texte), text(", ".join(step.sources))] for step in p.parcours]
    parts.append(fitted(heading("Parcours"), columns, rows, width))
    parts.append(heading("Portrait"))
    parts.append(bullets(p.portrait))
    parts.append(sources_footer(result.sources))
    return parts


def _timeline(result: results.Timeline, width: int) -> list[RenderableType]:
    columns = [Column("Année", style="bold cyan"), Column("Événement"), Column("Sources", style="dim", drop=1, label="sources")]
    rows = []
    for e in result.events:
        cell = text(e.titre, style="bold")
        cell.append("\n")
        cell.append_text(text(e.texte))
        if e.justification:
            cell.append("\n")
            cell.append_text(text(f"Date déduite : {lower_first(e.justification)}", style="dim"))
        when = e.date.split("-")[::-1] if e.date else None
        rows.append([text("/".join(when) if when else year_label(e.annee, e.precision)), cell, text(", ".join(e.sources))])
    return [fitted(heading(timeline_title(result)), columns, rows, width), sources_footer(result.sources)]


def _sectors(result: results.Sectors, width: int) -> list[RenderableType]:
    """The parts that have something to show; a trade asked for says it has no ranking (« aucun »)."""
    parts: list[RenderableType] = []
    if result.associations:
        rows = [[text(a.nom), text(management_label(a.mode_gestion)), text("\n".join(a.activites))] for a in result.associations]
        parts.append(
            fitted(
                heading(associations_title(len(result.associations))),
                [Column("Association", style="bold"), Column("Gestion", drop=1, label="gestion"), Column("Activités")],
                rows,
                width,
            )
        )
    if result.forms:
        parts.append(
            fitted(
                heading(forms_title(len(result.forms))),
                [Column("Forme", style="bold"), Column("Gestion"), Column("Bénéfices")],
                [[text(f.nom), text(f.gestion), text(f.benefices)] for f in result.forms],
                width,
            )
        )
    if result.rankings:
        parts.append(
            fitted(
                heading(RANKINGS_TITLE),
                [Column("Domaine"), Column("Rang", justify="right", style="bold cyan", wrap=False), Column("Position")],
                [[text(r.domaine), text(rank_label(r.rang)), text(r.libelle)] for r in result.rankings],
                width,
            )
        )
    elif result.narrowed:
        parts.append(text(NO_RANKING, style="dim"))
    if result.breakdowns:
        history = [text(f"{b.libelle} : {', '.join(b.elements)}  [{', '.join(b.sources)}]") for b in result.breakdowns]
        parts += [heading("Les découpages successifs des métiers"), bullets(history)]
    return [*parts, sources_footer(result.sources)]


def _advocacy(result: results.Advocacy, width: int) -> list[RenderableType]:
    positions = fitted(
        heading("Prises de position"),
        [Column("Thème", style="bold"), Column("Position")],
        [[text(p.theme), text(p.texte)] for p in result.positions],
        width,
    )
    methods = bullets([f"{m.nom} — {m.texte}" for m in result.methods])
    federations = bullets([f.sigle + (f" — {f.note}" if f.note else "") for f in result.federations])
    return [
        positions,
        heading("D'où viennent les plaidoyers"),
        methods,
        heading("Fédérations et réseaux"),
        federations,
        sources_footer(result.sources),
    ]


def _contact(result: results.ContactCard, width: int) -> list[RenderableType]:
    c = result.contact
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("Adresse", text(c.adresse))
    grid.add_row("Téléphone", text(c.telephone))
    grid.add_row("Courriel", text(c.email))
    grid.add_row("Site", text(c.site))
    grid.add_row("Réseaux", text(f"{', '.join(c.reseaux)} ({c.reseaux_note.rstrip('.')})"))
    return [panel(grid, f"{c.nom} — « {c.devise} »", width), sources_footer(result.sources)]


def _approaches(result: results.Approaches, width: int) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for approach in result.approaches:
        body = Group(bullets(approach.points), text(approach_cited(approach), style="dim"))
        parts.append(panel(body, approach.titre, width))
    parts.append(sources_footer(result.sources))
    return parts


def _sources(result: results.SourceList, width: int) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for use in result.sources:
        s = use.source
        lines: list[RenderableType] = [
            text(f"{s.editeur} — {s.nature}"),
            text(f"Date : {s.date} ({source_dating(s.precision)})"),
            text(s.justification, style="dim"),
        ]
        if s.publication:
            lines.append(text(f"Publication : {lower_first(s.publication)}"))
        lines += [
            text(source_address(s), style="dim"),
            text(f"Couvre : {lower_first(s.couverture)}"),
            heading("Apports :"),
            bullets(s.apports),
            text(f"Cité par {use.citations} entrées de la base", style="dim"),
        ]
        parts.append(panel(Group(*lines), f"{s.id} — {s.titre}", width))
    parts.append(text("Désaccords entre sources : sosinfo sources --conflits", style="dim"))
    return parts


def _conflicts(result: results.ConflictList, width: int) -> list[RenderableType]:
    parts: list[RenderableType] = []
    columns = [Column("Source"), Column("Année"), Column("Ce qu'elle dit")]
    marks = conflict_marks(result)
    for c in result.conflicts:
        rows = [[text(p.source), text(year_label(p.annee, "exacte")), text(p.affirmation)] for p in c.positions]
        table = fitted(None, columns, rows, width - PANEL_FRAME)
        body = Group(table, text(c.explication, style="italic"))
        parts.append(panel(body, f"{marks[c.id]} {c.sujet}", width, border_style="yellow"))
    count = len(result.conflicts)
    parts.append(text(f"{count} désaccords ; aucun n'est tranché, chaque chiffre garde sa source.", style="dim"))
    return parts


def _verification(report: VerificationReport) -> list[RenderableType]:
    if not report.problems:
        counts = ", ".join(f"{name} : {count}" for name, count in report.counts.items())
        return [text(f"✔ Base valide : {report.directory}", style="bold green"), text(counts, style="dim")]
    parts: list[RenderableType] = [text(f"✘ {count_problems(report.problems)} dans {report.directory}", style="bold red")]
    parts.append(bullets([str(problem) for problem in report.problems], marker="✘"))
    return parts


def _search(result: results.SearchResults) -> list[RenderableType]:
    parts: list[RenderableType] = []
    count = len(result.hits)
    parts.append(text(f"{count} résultat{'s' if count > 1 else ''} pour « {printable(result.query, 80)} »", style="bold"))
    if result.answer:
        parts.append(text(f"➜ {result.answer}", style="bold green"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right", style="bold")  # the number; wrapped lines align after it
    grid.add_column(overflow="fold")
    for rank, hit in enumerate(result.hits, start=1):
        head = Text(f"[{kinds.label(hit.type)}] ", style="cyan")
        head.append(hit.title.translate(_GLUING), style="bold")  # already typeset: a value stays with its unit
        lines: list[RenderableType] = [head]
        if hit.excerpt:
            excerpt = Text(hit.excerpt.translate(_GLUING))  # one character for one: the spans still hold
            for start, end in hit.highlights:
                excerpt.stylize("bold yellow", start, end)
            lines.append(excerpt)
        lines.append(Text(f"→ {glue_commands(hit.command, COMMAND_ON_ONE_LINE)}", style="dim"))
        grid.add_row(f"{rank}.", Group(*lines))
    parts.append(grid)
    if result.direct_answer:
        parts.append(Text("Chiffres en tête : l'année demandée d'abord, sinon la plus récente.", style="dim"))
    return parts


# --- public: the renderables themselves, for hosts that lay them out (the explorer) ----------------


def renderables(result: Result, settings: OutputSettings) -> list[RenderableType]:
    """What :func:`render_text` prints for ``result``, as Rich renderables (same text, same styles),
    laid out for ``settings.width`` columns."""
    return _renderables(result, settings.width)


# --- « --preuves »: where each statement stands in its source ------------------------------------

# records a result carries for their titles only: their own statements are not shown
_NOT_SHOWN = {(results.FaqAnswer, "related"), (results.Testimonials, "values"), (results.Hit, "record")}
_LABEL_FIELDS = ("titre", "intitule", "sujet", "theme", "nom", "personne", "sigle", "libelle", "periode", "affirmation", "texte")


def proofs(result: Result) -> list[RenderableType]:
    """Every statement of ``result`` that names its passages, with them: a reader can go and check.

    A verification report states nothing of the sources: nothing to add to it."""
    if isinstance(result, VerificationReport):
        return []
    if isinstance(result, results.SearchResults):
        sections = result.sections
        located = [(hit.title, [_passage(p) for p in hit.record.get("passages") or []]) for hit in result.hits]
    else:
        records = list(_statements(result))
        sections = {
            (record.id, part.id): part.titre for record in records if isinstance(record, model.Source) for part in record.sections
        }
        indicators = {row.figure.id: row.indicator for row in records if isinstance(row, results.FigureRow)}
        located = [
            (_statement_label(record, indicators), passages)
            for record in records
            if (passages := getattr(record, "passages", None))
        ]
    items: list[Text] = []
    for label, passages in located:
        if not passages:
            continue
        where = " ; ".join(
            f"{p.source}, {sections.get((p.source, p.section), p.section)}" + (f", {p.detail}" if p.detail else "")
            for p in passages
        )
        item = text(label, style="bold")
        item.append_text(text(f" — {where}"))
        items.append(item)
    if not items:
        return [Text(""), heading("Passages"), text("Cette réponse ne cite aucun passage de source.")]
    return [Text(""), heading("Passages : où chaque énoncé se trouve dans sa source"), bullets(items)]


def _passage(plain: dict[str, str | None]) -> model.Passage:
    """A passage as a search hit carries it (its JSON form, the source as an id) back in model form."""
    source = str(plain.get("source") or "")
    return model.Passage(source.removeprefix("source:"), str(plain.get("section") or ""), plain.get("detail"))


def _statements(value: object, seen: set[int] | None = None) -> Iterator[object]:
    """Every record inside a result, depth first, each once (a result may hold a record twice)."""
    seen = set() if seen is None else seen
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _statements(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _statements(item, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type) and id(value) not in seen:
        seen.add(id(value))
        yield value
        for each in dataclasses.fields(value):
            if (type(value), each.name) not in _NOT_SHOWN:
                yield from _statements(getattr(value, each.name), seen)


def _statement_label(record: object, indicators: dict[str, model.Indicator]) -> str:
    """A short name for a statement: its title, name or first words."""
    if isinstance(record, model.Figure):
        indicator = indicators.get(record.id)
        value = format_value(record.valeur, indicator.unite, record.qualificatif) if indicator else str(record.valeur)
        return f"{indicator.libelle if indicator else record.indicateur} : {value} ({year_label(record.annee, record.precision)})"
    if isinstance(record, model.Birth):
        return f"Naissance ({record.annee})"
    if isinstance(record, model.ConflictPosition):
        return f"{record.source} : {record.affirmation}"
    if isinstance(record, model.AnswerBlock) and not record.titre:
        first = record.texte or (record.points[0] if record.points else "")
        return _shortened(first)
    for name in _LABEL_FIELDS:
        found = getattr(record, name, None)
        if isinstance(found, str) and found:
            return _shortened(found)
    return type(record).__name__


def _shortened(value: str, limit: int = 70) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"
