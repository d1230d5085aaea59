"""The explorer's screens, in Textual: sections, entries, the answer; a search box above them.

The answer pane shows the command line's own text renderer (``render.terminal.renderables``):
same text, same sources footer, same conflict marks. Commands written in an answer
(« → sosinfo faq 4 ») become links that open the entry in place; Esc comes back.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from sosinfo import kinds
from sosinfo.explorer.catalog import COMMAND, Catalog, Entry, Found
from sosinfo.render import MIN_WIDTH, OutputSettings
from sosinfo.render.terminal import UNGLUE, proofs, renderables
from sosinfo.render.terminal import text as typeset
from sosinfo.text import display

if TYPE_CHECKING:  # the index is opened after the first screen: not imported before it
    from sosinfo.search.index import Store

# the renderer's own settings; the width only sizes bar charts, the pane wraps the rest
SETTINGS = OutputSettings(width=80, terminal=True, encoding="utf-8", colour_environment=())
Above = Callable[[OutputSettings], list[RenderableType]]  # what is shown above an entry (a direct answer), at a width


class Linked:
    """A renderable whose written commands (« sosinfo faq 4 ») are clickable links to their entry.

    ``layout`` gives what to show at a width: the answer pane lays its entry out at its own width, and
    again when that width changes (a resize), with nothing to repaint. The lines are kept per width:
    Textual measures the height (no height given), then paints (with that height), at the same width.
    """

    def __init__(self, layout: Callable[[int], RenderableType], target: Callable[[str], str | None]) -> None:
        self.layout = layout
        self.target = target
        self._lines: dict[int, list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self._lines.get(options.max_width)
        if lines is None:
            rendered = [
                [Segment(segment.text.translate(UNGLUE), segment.style, segment.control) for segment in line]
                for line in console.render_lines(self.layout(options.max_width), options.update(height=None), pad=False)
            ]
            lines = self._lines[options.max_width] = [self._link(line) for line in rendered]
        if options.height is not None:  # as Rich would: cut to the height, or filled with blank lines
            lines = lines[: options.height] + [[Segment(" " * options.max_width)]] * (options.height - len(lines))
        newline = Segment.line()
        for line in lines:
            yield from line
            yield newline

    def _link(self, line: list[Segment]) -> list[Segment]:
        text = "".join(segment.text for segment in line)
        if "sosinfo" not in text:
            return line
        links = [  # in cells, as Segment.divide cuts
            (cell_len(text[: m.start()]), cell_len(text[: m.end()]), key)
            for m in COMMAND.finditer(text)
            if (key := self.target(m.group())) is not None
        ]
        if not links:
            return line
        cuts = sorted({n for start, end, _ in links for n in (start, end)} | {cell_len(text)})
        linked: list[Segment] = []
        position = 0
        for piece, end in zip(Segment.divide(line, cuts), cuts, strict=False):
            key = next((k for s, e, k in links if s <= position < e), None)
            if key is None:
                linked += piece
            else:
                link = Style(underline=True, meta={"@click": ("app.open_link", (key,))})
                linked += Segment.apply_style(piece, post_style=link)
            position = end
        return linked


# a figure's search title: « Salariés : 15 000 (2016, up-conferences) »
FIGURE_TITLE = re.compile(r"^(?P<label>.+) : (?P<value>.+?) \((?P<detail>[^()]*)\)$")


class FittedLabel:
    """A search hit for a figure in the middle list: its value is never cut, whatever the list's width.

    What gives way, in order: the source in the parentheses, the label (shortened with « … »), the
    kind tag (for all the figures of the list, ``group``, at once, so that they read alike), the
    label, the date; the value stays whole.
    """

    # (date: "full" with the source, "year" or "", least cells left for the label: None = all of it, 0 = none)
    TIERS: ClassVar[list[tuple[str, int | None]]] = [("full", None), ("year", None), ("year", 4), ("year", 0), ("", 4), ("", 0)]
    TAGGED_LABEL = 8  # the kind tag stays if every figure of the list keeps this much of its label beside it

    def __init__(self, tag: str, label: str, value: str, detail: str, group: list[FittedLabel]) -> None:
        self.tag, self.label, self.value, self.detail = tag, label, value, detail
        self.group = group
        group.append(self)

    @classmethod
    def of(cls, tag: str, title: str, group: list[FittedLabel]) -> FittedLabel | None:
        match = FIGURE_TITLE.match(title)
        return cls(tag, match["label"], match["value"], match["detail"], group) if match else None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.fit(options.max_width)

    def _date(self, kind: str) -> str:
        return {"full": f" ({self.detail})", "year": f" ({self.detail.split(', ')[0]})"}.get(kind, "")

    def _tier(self, width: int) -> tuple[int, int]:
        """The first tier that fits in ``width`` cells, and the cells it leaves for the label."""
        for tier, (date, least) in enumerate(self.TIERS):
            room = width - cell_len(self.value) - cell_len(self._date(date))
            if least == 0 and room >= 0:
                return tier, 0
            if least is not None and least and room - 3 >= least:
                return tier, room - 3  # « : »
            if least is None and room - 3 >= cell_len(self.label):
                return tier, room - 3
        return len(self.TIERS) - 1, 0

    def _tag_fits(self, width: int) -> bool:
        room = width - cell_len(self.tag) - cell_len(self.value) - cell_len(self._date("year")) - 3
        return room >= min(self.TAGGED_LABEL, cell_len(self.label))

    def fit(self, width: int) -> Text:
        tagged = all(each._tag_fits(width) for each in self.group)
        tier, room = self._tier(width - cell_len(self.tag) if tagged else width)
        date, least = self.TIERS[tier]
        line = Text(no_wrap=True, overflow="ellipsis")  # wider than the list even so: Rich ends it with « … »
        if tagged:
            line.append(self.tag, style="cyan")
        if least != 0:
            line.append(self.label if cell_len(self.label) <= room else _shortened(self.label, room))
            line.append(" : ")
        line.append(self.value, style="bold")
        line.append(self._date(date))
        return line


def _shortened(value: str, cells: int) -> str:
    """``value`` in at most ``cells`` cells, ending with « … » when cut."""
    cut = value
    while cut and cell_len(cut) + 1 > cells:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def clipboard_tool(environment: Mapping[str, str]) -> list[str] | None:
    """A local clipboard command for terminals that ignore OSC 52 (None: OSC 52 will do, or nothing will)."""
    if environment.get("TERM_PROGRAM") != "Apple_Terminal" and environment.get("TERM") != "linux":
        return None
    for command in (["pbcopy"], ["wl-copy"], ["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]):
        if shutil.which(command[0]):
            return command
    return []  # no way to reach a clipboard from here


class TextScreen(ModalScreen[None]):
    """A box of text over the explorer (key help, source passages); Esc closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Fermer"),
        Binding("q", "dismiss", "Fermer", show=False),
        Binding("question_mark", "dismiss", "Fermer", show=False),
    ]
    DEFAULT_CSS = """
    TextScreen { align: center middle; }
    TextScreen > VerticalScroll { width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: round $accent; padding: 0 1; background: $surface; }
    """

    def __init__(self, title: str, body: RenderableType) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        box = VerticalScroll(Static(self.body, id="box-text"))
        box.border_title = self.title_text
        box.border_subtitle = "Échap : fermer"
        yield box

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)


class LinkScreen(ModalScreen[str | None]):
    """The links of the shown answer, to open one from the keyboard."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Fermer")]
    DEFAULT_CSS = """
    LinkScreen { align: center middle; }
    LinkScreen > OptionList { width: 80%; max-width: 90; height: auto; max-height: 80%; border: round $accent; }
    """

    def __init__(self, links: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.links = links  # (command, key, label)

    def compose(self) -> ComposeResult:
        options = OptionList(*[Option(Text(f"{label}  ({command})"), id=key) for command, key, label in self.links])
        options.border_title = "Liens de cette réponse"
        options.border_subtitle = "Entrée : ouvrir · Échap : fermer"
        yield options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)


class Explorer(App[None]):
    """``sosinfo explorer``."""

    TITLE = "sosinfo explorer"
    CSS = """
    Screen { layout: vertical; }
    #search { height: 3; border: round $secondary; padding: 0 1; }
    #search:focus { border: round $accent; }
    #panes { height: 1fr; }
    #sections { width: 17; }
    #entries { width: 1fr; min-width: 20; max-width: 44; }
    #detail { width: 2fr; padding: 0 1; scrollbar-gutter: stable; }
    #sections, #entries, #detail { border: round $secondary; background: $background; }
    #sections:focus, #entries:focus, #detail:focus { border: round $accent; }
    #sections, #entries { text-wrap: nowrap; text-overflow: ellipsis; padding: 0; }
    OptionList > .option-list--option-highlighted { text-style: bold underline; }
    OptionList:focus > .option-list--option-highlighted { text-style: bold reverse; }
    /* NO_COLOR: Textual shows greys; a pane's title in its border stays legible there */
    App:nocolor #search, App:nocolor #sections, App:nocolor #entries, App:nocolor #detail { border-title-color: $foreground; }
    """
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Chercher", key_display="/"),
        Binding("escape", "go_back", "Retour", key_display="Échap"),
        Binding("c", "copy_command", "Commande"),
        Binding("y", "copy_markdown", "Markdown"),
        Binding("s", "show_sources", "Sources"),
        Binding("l", "show_links", "Liens"),
        Binding("question_mark", "help", "Aide", key_display="?"),
        Binding("q", "quit", "Quitter"),
    ]

    def __init__(self, catalog: Catalog, open_store: Callable[[], Store], blink: bool = True) -> None:
        """``blink=False`` keeps the search box's cursor still: screenshots then do not depend on when they are taken."""
        super().__init__()
        self.blink = blink
        if not self.no_color:
            self.theme = "ansi-dark"  # the terminal's own colours
        # with NO_COLOR, Textual turns its default theme into greys (its Monochrome filter); it would turn
        # the ANSI theme's « default » colours into black on black
        self.catalog = catalog
        self._open_store = open_store
        self._store: Store | None = None
        self.section_id = catalog.sections[0].id
        self.listed: list[Entry] = []
        self.found: Found | None = None
        self.current: str | None = None
        self.history: list[str] = []

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        search = Input(placeholder="Chercher dans toute la base (/)… ex. : combien de salariés en 2016", id="search")
        search.border_title = "Recherche"
        search.cursor_blink = self.blink
        yield search
        with Horizontal(id="panes"):
            sections = OptionList(*[Option(s.label, id=s.id) for s in self.catalog.sections], id="sections")
            sections.border_title = "Sections"
            yield sections
            yield OptionList(id="entries")
            with VerticalScroll(id="detail"):
                yield Static(id="answer")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#sections", OptionList).highlighted = 0
        self.show_section(self.section_id)
        self.query_one("#sections", OptionList).focus()
        self.call_after_refresh(self._warm_search)

    def _warm_search(self) -> None:
        """Open the index and import the ranking once the first screen is up: the first keystroke is then fast."""
        self.catalog.search(self.store, "groupe")

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = self._open_store()
        return self._store

    # --- what the panes show ----------------------------------------------------------------------

    def _fill_entries(self, entries: list[Entry], labels: Iterable[RenderableType], title: str) -> None:
        self.listed = entries
        options = self.query_one("#entries", OptionList)
        options.clear_options()
        options.add_options([Option(label, id=f"e{n}") for n, label in enumerate(labels)])
        options.border_title = title
        if entries:
            options.highlighted = 0

    def show_section(self, section_id: str) -> None:
        section = self.catalog.section(section_id)
        self.section_id = section_id
        self.found = None
        labels = [Text(entry.label, no_wrap=True, overflow="ellipsis") for entry in section.entries]
        self._fill_entries(section.entries, labels, f"{section.label} · {len(section.entries)}")
        if section.entries:
            self.show_entry(section.entries[0].key, remember=False)

    def show_entry(self, key: str, remember: bool = True, top: Above | None = None) -> None:
        """Paint an entry in the answer pane; ``remember`` keeps the one shown before for Esc."""
        if remember and self.current is not None and self.current != key:
            self.history.append(self.current)
        self.current = key
        entry = self.catalog.by_key[key]
        result = self.catalog.result(key)

        def laid_out(width: int) -> RenderableType:
            """The text renderer at the answer pane's width: its tables stack columns as on a narrow terminal."""
            settings = SETTINGS._replace(width=max(MIN_WIDTH, width))
            return Group(*(top(settings) if top else []), *renderables(result, settings))

        self.query_one("#answer", Static).update(Linked(laid_out, self.catalog.link_target))
        detail = self.query_one("#detail", VerticalScroll)
        detail.border_title = entry.command
        detail.scroll_home(animate=False)

    def _show_message(self, message: str, hint: str | None) -> None:
        self.current = None
        self.history.clear()
        body = Text(message, style="bold")
        if hint:
            body.append("\n" + hint, style="dim")
        self.query_one("#answer", Static).update(body)
        self.query_one("#detail", VerticalScroll).border_title = None

    def _direct_answer(self, found: Found) -> Above | None:
        from sosinfo.results import SearchResults

        head = Text("Réponse directe", style="bold reverse")
        if found.results is not None and found.results.answer:  # the command line's own one-line answer
            # glued as the renderer glues: a line break never falls inside « 15 000 » or « 1,37 Md€ »
            line = typeset(f"➜ {found.results.answer}", style="bold green")
            return lambda _settings: [head, line, Text("")]
        direct = found.direct
        if not direct:
            return None
        hits = SearchResults(found.query, direct, True)
        return lambda settings: [head, *renderables(hits, settings), Text("")]

    def _show_listed(self, index: int) -> None:
        if not 0 <= index < len(self.listed):
            return
        self.history.clear()
        top = self._direct_answer(self.found) if self.found is not None and index == 0 else None
        self.show_entry(self.listed[index].key, remember=False, top=top)

    # --- search -----------------------------------------------------------------------------------

    def search(self, query: str) -> None:
        """Search as typed: the results replace the middle list, the best one is shown at once."""
        if not query.strip():
            if self.found is not None:
                self.show_section(self.section_id)
            return
        found = self.catalog.search(self.store, query)
        self.found = found
        if found.results is None:
            self._fill_entries([], [], "Recherche : rien trouvé")
            self._show_message(found.message or "Rien trouvé.", found.hint)
            return
        labels: list[RenderableType] = []
        figures: list[FittedLabel] = []
        for hit in found.results.hits:
            tag = f"[{kinds.label(hit.type)}] "
            fitted = FittedLabel.of(tag, hit.title, figures) if hit.type == "chiffre" else None
            if fitted is not None:
                labels.append(fitted)
                continue
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(tag, style="cyan")
            label.append(hit.title)
            labels.append(label)
        count = len(found.entries)
        self._fill_entries(found.entries, labels, f"Recherche · {count} résultat{'s' if count > 1 else ''}")
        self._show_listed(0)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.listed:
            self.query_one("#entries", OptionList).focus()

    # --- lists ------------------------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "sections" and event.option.id is not None:
            if event.option.id != self.section_id or self.found is not None:
                self.query_one("#search", Input).value = ""
                self.show_section(event.option.id)
        elif event.option_list.id == "entries":
            index = event.option_index
            if 0 <= index < len(self.listed) and self.listed[index].key != self.current:
                self._show_listed(index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter opens: a section opens its entries, an entry moves into the answer."""
        if event.option_list.id == "sections":
            self.query_one("#entries", OptionList).focus()
        elif event.option_list.id == "entries":
            self._show_listed(event.option_index)
            self.query_one("#detail", VerticalScroll).focus()

    # --- actions ----------------------------------------------------------------------------------

    def action_open_link(self, key: str) -> None:
        if key in self.catalog.by_key:
            self.show_entry(key)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_go_back(self) -> None:
        """Esc: back from a followed link, then out of a search, then one pane to the left."""
        search = self.query_one("#search", Input)
        if self.history:
            self.show_entry(self.history.pop(), remember=False, top=None)
        elif self.focused is self.query_one("#detail"):
            self.query_one("#entries", OptionList).focus()
        elif self.found is not None or search.value:
            search.value = ""
            self.show_section(self.section_id)
            self.query_one("#entries", OptionList).focus()
        elif self.focused is search or self.focused is self.query_one("#entries"):
            self.query_one("#sections", OptionList).focus()

    def _copy(self, text: str, what: str) -> None:
        tool = clipboard_tool(os.environ)
        if tool is None:
            self.copy_to_clipboard(text)
            self.notify(f"{what} envoyée au presse-papiers (par le terminal, OSC 52).")
            return
        if tool:
            try:
                subprocess.run(tool, input=text.encode(), check=True, timeout=3)
                self.notify(f"{what} copiée dans le presse-papiers ({tool[0]}).")
                return
            except (OSError, subprocess.SubprocessError):
                pass
        self.notify(f"Pas de presse-papiers disponible ici. {what} : {text[:200]}", severity="warning", timeout=10)

    def action_copy_command(self) -> None:
        if self.current is None:
            self.notify("Aucune entrée affichée : rien à copier.", severity="warning")
            return
        command = self.catalog.by_key[self.current].command
        self._copy(command, f"Commande « {command} »")

    def action_copy_markdown(self) -> None:
        from sosinfo.render.markdown import render_markdown

        if self.current is None:
            self.notify("Aucune entrée affichée : rien à copier.", severity="warning")
            return
        self._copy(render_markdown(self.catalog.result(self.current)), "Réponse en Markdown")

    def action_show_sources(self) -> None:
        if self.current is None:
            self.notify("Aucune entrée affichée.", severity="warning")
            return
        title = f"Sources — {self.catalog.by_key[self.current].label}"
        self.push_screen(TextScreen(title, source_passages(self.catalog, self.current)))

    def action_show_links(self) -> None:
        if self.current is None:
            return
        plain = "\n".join(_plain(renderables(self.catalog.result(self.current), SETTINGS._replace(terminal=False))))
        links = [(command, key, self.catalog.by_key[key].label) for command, key in self.catalog.links_in(plain)]
        if not links:
            self.notify("Cette réponse ne renvoie à aucune autre entrée.")
            return

        def opened(key: str | None) -> None:
            if key is not None:
                self.action_open_link(key)

        self.push_screen(LinkScreen(links), opened)

    def action_help(self) -> None:
        self.push_screen(TextScreen("Touches de sosinfo explorer", help_table()))


def _plain(parts: list[RenderableType]) -> list[str]:
    """The parts as plain text, wide enough that no command is cut by a line break."""
    console = Console(width=500, no_color=True, markup=False, emoji=False, highlight=False, file=io.StringIO())
    for part in parts:
        console.print(part)
    return str(console.file.getvalue()).translate(UNGLUE).splitlines()  # type: ignore[attr-defined]  # glue back to spaces


def help_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for keys, what in (
        ("↑ ↓", "se déplacer dans une liste ; faire défiler la réponse"),
        ("Tab, Maj+Tab", "passer d'un volet à l'autre"),
        ("Entrée", "ouvrir la section ou l'entrée choisie"),
        ("Échap", "revenir : après un lien, hors de la recherche, au volet de gauche"),
        ("/", "chercher dans toute la base, à mesure de la frappe"),
        ("l", "les liens de la réponse (« Voir aussi », « → sosinfo faq 4 ») ; un clic les ouvre aussi"),
        ("c", "copier la commande équivalente (sosinfo faq 7)"),
        ("y", "copier la réponse en Markdown"),
        ("s", "les sources de l'entrée et leurs passages"),
        ("?", "cette aide"),
        ("q", "quitter"),
    ):
        table.add_row(keys, what)
    return table


def source_passages(catalog: Catalog, key: str) -> RenderableType:
    """The sources of an entry (title, publisher, date), then each statement's passages, as ``--preuves`` lists them."""
    parts: list[RenderableType] = []
    sources = catalog.sources_of(key)
    for n, source in enumerate(sources):
        head = Text(("\n" if n else "") + display(source.titre), style="bold")
        head.append(f"\n{display(source.editeur)}, {display(source.date)} — {source.id}", style="dim")
        parts.append(head)
    if not sources:
        parts.append(Text("Cette entrée ne cite aucune source.", style="dim"))
    parts += proofs(catalog.result(key))
    return Linked(lambda _width: Group(*parts), lambda _command: None)  # the renderer's glue characters translated back
