"""The explorer's screens, in Textual: sections, entries, the answer; a search box above them.

The answer pane shows the command line's own text renderer (``render.terminal.renderables``):
same text, same sources footer, same conflict marks. Commands written in an answer
(« → sosinfo faq 4 ») become links that open the entry in place; Esc comes back.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from sosinfo import EXIT_INTERRUPTED
from sosinfo.explorer.catalog import Catalog, Entry, Found
from sosinfo.explorer.labels import (
    Above,
    Hot,
    Linked,
    Links,
    ListLabel,
    answer,
    fitted_title,
    key_bar,
    link_line,
    section_bar,
    wrap,
)
from sosinfo.explorer.layout import KEYS, SCROLLBAR, browse_hint, geometry, placeholder, too_small_lines
from sosinfo.render.terminal import proofs, renderables
from sosinfo.render.terminal import text as typeset
from sosinfo.text import display, safe

TOAST_WIDTH = 84  # a notification's box, at most (the screen less the scrollbar its rack keeps)
TOAST_FRAME = 3  # its border on the left and its padding
TERMINAL_CHECK = 1.0  # seconds: how soon the explorer notices that its terminal has gone away
EXIT_HANGUP = 129  # 128 + SIGHUP: what a shell reports for a program whose terminal hung up

if TYPE_CHECKING:  # the index is opened after the first screen: not imported before it
    from sosinfo.search.index import Store


def clipboard_tool(environment: Mapping[str, str]) -> list[str] | None:
    """A local clipboard command for terminals that ignore OSC 52 (None: OSC 52 will do, or nothing will)."""
    if environment.get("TERM_PROGRAM") != "Apple_Terminal" and environment.get("TERM") != "linux":
        return None
    for command in (["pbcopy"], ["wl-copy"], ["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]):
        if shutil.which(command[0]):
            return command
    return []  # no way to reach a clipboard from here


class FittedTitle:
    """A pane whose border title always fits its width in whole words, laid out again on a resize.

    The title is given in forms, longest first (« Recherche · 20 résultats », « 20 résultats »): the
    first that fits is shown, else the last is shortened, a command from its middle (« sosinfo
    chiffres … salaries »), a title by its end. Always plain text: never read as markup.
    """

    title_forms: tuple[str, ...] = ()
    title_is_command = False

    def set_title(self, *forms: str, command: bool = False) -> None:
        self.title_forms, self.title_is_command = forms, command
        self.fit_title()

    def fit_title(self) -> None:
        pane = self
        assert isinstance(pane, Widget)  # a mixin of panes (a Widget as a base would hide theirs from Textual)
        if not self.title_forms:
            pane.border_title = None
            return
        width = pane.outer_size.width
        shown = fitted_title(self.title_forms, width, self.title_is_command) if width else self.title_forms[0]
        pane.border_title = Content(shown)

    def on_resize(self) -> None:
        self.fit_title()


class TitledScroll(FittedTitle, VerticalScroll):
    """A scrolling pane with a fitted title."""


class TitledList(FittedTitle, OptionList):
    """A list with a fitted title."""


class Bar(Widget):
    """A line of things to click: the sections when the terminal is narrow, the keys at the bottom."""

    DEFAULT_CSS = "Bar { height: 1; }"

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hot: list[Hot] = []

    def line(self, width: int) -> tuple[Text, list[Hot]]:
        raise NotImplementedError

    def render(self) -> Text:
        shown, self._hot = self.line(self.content_region.width)
        return shown

    def on_click(self, event: events.Click) -> None:
        hot = next((h for h in self._hot if h.start <= event.x - self.gutter.left < h.end), None)
        if hot is not None:
            self.app.call_later(self.app.run_action, hot.action)


class SectionBar(Bar, can_focus=True):
    """The sections on one line, when the terminal is too narrow for their pane: ← → change, a click opens."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,down", "app.focus_entries", "Entrées", show=False),
        Binding("home", "app.open_section(0)", show=False),
        Binding("end", "app.open_section(-1)", show=False),
    ]
    DEFAULT_CSS = "SectionBar { padding: 0 1; }"

    def __init__(self, names: list[str], id: str | None = None) -> None:
        super().__init__(id=id)
        self.names = names
        self.current = 0

    def show(self, index: int) -> None:
        self.current = index
        self.refresh()

    def line(self, width: int) -> tuple[Text, list[Hot]]:
        return section_bar(self.names, self.current, width, self.has_focus)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class KeyBar(Bar):
    """The keys, at the bottom: as many whole ones as the width allows, the most useful first; a click acts."""

    def line(self, width: int) -> tuple[Text, list[Hot]]:
        return key_bar(width, not self.app.no_color)


class TextScreen(ModalScreen[None]):
    """A box of text over the explorer (key help, source passages); Esc closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Fermer"),
        Binding("q", "dismiss", "Fermer", show=False),
        Binding("question_mark", "dismiss", "Fermer", show=False),
    ]
    DEFAULT_CSS = """
    TextScreen { align: center middle; }
    TextScreen > TitledScroll { width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: round $accent; padding: 0 1; background: $surface; }
    """

    def __init__(self, title: str, body: RenderableType) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        box = TitledScroll(Static(self.body, id="box-text"))
        box.set_title(self.title_text)
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
        options = TitledList(*[Option(link_line(label, command), id=key) for command, key, label in self.links])
        options.set_title("Liens de cette réponse", "Liens")
        options.border_subtitle = "Entrée : ouvrir · Échap : fermer"
        yield options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)


class Explorer(App[None]):
    """``sosinfo explorer``."""

    TITLE = "sosinfo explorer"
    CSS = f"""
    Screen {{ layout: vertical; }}
    #search {{ height: 3; border: round $secondary; padding: 0 1; }}
    #search:focus {{ border: round $accent; }}
    #section-bar {{ display: none; }}
    #panes {{ height: 1fr; }}
    #detail {{ padding: 0 1; scrollbar-gutter: stable; }}
    #sections, #entries, #detail {{ border: round $secondary; background: $background; scrollbar-size-vertical: {SCROLLBAR}; }}
    #sections:focus, #entries:focus, #detail:focus {{ border: round $accent; }}
    #sections, #entries, #detail {{ height: 100%; }}
    /* a list's room for its scrollbar is always kept: its labels are laid out at one width, the height
       Textual measured them at (with or without a scrollbar, it does not measure them again) */
    #sections, #entries {{ scrollbar-gutter: stable; }}
    #sections {{ text-wrap: nowrap; text-overflow: ellipsis; padding: 0; }}
    #entries {{ padding: 0; }}
    OptionList > .option-list--option-highlighted {{ text-style: bold underline; }}
    OptionList:focus > .option-list--option-highlighted {{ text-style: bold reverse; }}
    /* narrow: the sections on one line; the widths of the panes are set from layout.geometry */
    App.-narrow #section-bar {{ display: block; }}
    App.-narrow #sections {{ display: none; }}
    /* smaller than the minimum: a notice instead of panes that would cut every word */
    /* wide enough for a command on its own line (« sosinfo chiffres --indicateur … --format markdown ») */
    Toast {{ width: {TOAST_WIDTH}; max-width: 100%; padding: 1 1; }}
    #too-small {{ display: none; height: 1fr; padding: 1 2; content-align: center middle; text-align: center; }}
    App.-too-small #too-small {{ display: block; }}
    App.-too-small #search, App.-too-small #section-bar, App.-too-small #panes, App.-too-small #keys {{ display: none; }}
    /* NO_COLOR: Textual shows greys; a pane's title in its border stays legible there */
    App:nocolor #search, App:nocolor #sections, App:nocolor #entries, App:nocolor #detail {{ border-title-color: $foreground; }}
    """
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "interrupt", show=False, priority=True),  # quits at once, wherever the focus is
        *(Binding(k.key, k.action, k.description, key_display=k.display, priority=k.first) for k in KEYS),
        Binding("left", "step_section(-1)", show=False),
        Binding("right", "step_section(1)", show=False),
    ]
    ALWAYS = frozenset({"interrupt", "quit"})  # the only keys of a terminal smaller than the minimum

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
        self.too_small = False

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        search = Input(placeholder=placeholder(self.size.width), id="search")
        search.border_title = "Recherche"
        search.cursor_blink = self.blink
        yield search
        yield SectionBar([s.label for s in self.catalog.sections], id="section-bar")
        with Horizontal(id="panes"):
            sections = OptionList(*[Option(Text(s.label), id=s.id) for s in self.catalog.sections], id="sections")
            sections.border_title = "Sections"
            yield sections
            yield TitledList(id="entries")
            with TitledScroll(id="detail"):
                yield Static(id="answer")
        yield Static(id="too-small")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self.fit_layout(self.size.width, self.size.height)
        self.query_one("#sections", OptionList).highlighted = 0
        self.show_section(self.section_id)
        self.focus_now(self.query_one("#entries" if self.has_class("-narrow") else "#sections"))
        if not self.is_headless:  # SIGINT sent from outside (kill -INT): the same way out as Ctrl-C
            asyncio.get_running_loop().add_signal_handler(signal.SIGINT, self.action_interrupt)
            self.set_interval(TERMINAL_CHECK, self._end_without_terminal)
        self.call_after_refresh(self._warm_search)

    def _end_without_terminal(self) -> None:
        """End at once when the terminal has gone away without a SIGHUP (the explorer in a session of its own,
        its terminal window closed): Textual's input loop would read the end of its input again and again,
        a core at 100 % for ever. Nothing is left to restore on a terminal that is gone."""
        import termios

        try:
            termios.tcgetattr(0)  # the terminal the explorer reads its keys from (it runs on no other input)
        except (termios.error, OSError, ValueError):
            os._exit(EXIT_HANGUP)

    def on_resize(self, event: events.Resize) -> None:
        self.fit_layout(event.size.width, event.size.height)

    def fit_layout(self, width: int, height: int) -> None:
        """The layout for a terminal size: panes side by side, the sections on one line, or a notice to enlarge."""
        fit = geometry(width, height)
        self.too_small = fit.too_small
        self.set_class(fit.narrow, "-narrow")
        self.set_class(fit.too_small, "-too-small")
        for selector, cells in (("#sections", fit.sections), ("#entries", fit.entries), ("#detail", fit.detail)):
            self.query_one(selector).styles.width = cells
        self.query_one("#search", Input).placeholder = placeholder(width)
        if fit.too_small:
            what, todo, leave = too_small_lines(width, height)
            notice = Text(justify="center")
            notice.append_text(typeset(what + "\n\n", style="bold"))
            notice.append_text(typeset(todo + "\n\n"))  # « sosinfo faq 7 » never broken between two lines
            notice.append_text(typeset(leave, style="bold"))
            self.query_one("#too-small", Static).update(Linked(lambda _width: notice, []))  # glue put back
        if self.found is not None and self.found.results is None and self.found.browse:  # the sections moved: say where
            self._show_found_nothing(self.found)
        focused = self.focused
        if focused is not None and focused.id in ("sections", "section-bar"):
            self.focus_now(self.query_one("#section-bar" if fit.narrow else "#sections"))
        self.refresh_bindings()

    def focus_now(self, widget: Widget) -> None:
        """Move the focus before the next key is handled (``Widget.focus`` waits its turn behind keys
        already received: « /sal » typed ahead would open the sources with its « s »)."""
        self.screen.set_focus(widget)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.too_small or action in self.ALWAYS

    def _warm_search(self) -> None:
        """Open the index and import the ranking once the first screen is up: the first keystroke is then fast."""
        self.catalog.search(self.store, "groupe")

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = self._open_store()
        return self._store

    # --- what the panes show ----------------------------------------------------------------------

    def say(self, message: str, severity: SeverityLevel = "information", timeout: float | None = None) -> None:
        """A notification: always plain text (a command or a title from the data is never read as markup),
        typeset and laid out here in whole lines of its box: Textual would break a line at any space, and a
        « ; » or a « ? » would start one (« ; sélectionnez-la ici… »)."""
        room = min(TOAST_WIDTH, self.size.width - SCROLLBAR) - TOAST_FRAME
        lines = [line for paragraph in message.split("\n") for line in wrap(display(paragraph), max(1, room))]
        self.notify("\n".join(lines), severity=severity, timeout=timeout, markup=False)

    def _fill_entries(self, entries: list[Entry], labels: Iterable[RenderableType], *titles: str) -> None:
        self.listed = entries
        options = self.query_one("#entries", TitledList)
        options.clear_options()
        options.add_options([Option(label, id=f"e{n}") for n, label in enumerate(labels)])
        options.set_title(*titles)
        if entries:
            options.highlighted = 0

    def show_section(self, section_id: str) -> None:
        section = self.catalog.section(section_id)
        self.section_id = section_id
        self.found = None
        index = self.catalog.sections.index(section)
        self.query_one("#section-bar", SectionBar).show(index)
        sections = self.query_one("#sections", OptionList)
        if sections.highlighted != index:
            sections.highlighted = index
        labels = [ListLabel(entry.shown) for entry in section.entries]
        self._fill_entries(section.entries, labels, *section.titles)
        if section.entries:
            self.show_entry(section.entries[0].key, remember=False)

    def show_entry(self, key: str, remember: bool = True, top: Above | None = None, top_links: Links = ()) -> None:
        """Paint an entry in the answer pane; ``remember`` keeps the one shown before for Esc."""
        if remember and self.current is not None and self.current != key:
            self.history.append(self.current)
        self.current = key
        entry = self.catalog.by_key[key]
        result = self.catalog.result(key)

        self.query_one("#answer", Static).update(answer(self.catalog, result, top, top_links))
        detail = self.query_one("#detail", TitledScroll)
        detail.set_title(safe(entry.command), command=True)
        detail.scroll_home(animate=False)

    def _show_message(self, message: str, hint: str | None) -> None:
        self.current = None
        self.history.clear()
        body = typeset(message, style="bold")  # typeset: « » never parted from their word by a line break
        if hint:
            body.append("\n" + hint, style="dim")
        self.query_one("#answer", Static).update(Linked(lambda _width: body, []))  # glue put back
        detail = self.query_one("#detail", TitledScroll)
        detail.set_title()

    def _show_found_nothing(self, found: Found) -> None:
        """Why a search found nothing, and what to do: other words, or the sections where this layout puts them."""
        hint = found.hint or (browse_hint(self.has_class("-narrow")) if found.browse else None)
        self._show_message(found.message or "Rien trouvé.", hint)

    def _direct_answer(self, found: Found) -> Above | None:
        from sosinfo.results import SearchResults

        if not found.exact:  # the closest entries only: said above the first, as the command line says it
            said = typeset(found.message or "", style="bold")
            return lambda _settings: [said, Text("Les entrées les plus proches sont dans la liste.", style="dim"), Text("")]
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

    def _direct_links(self, found: Found) -> Links:
        """The links of the direct answer above the first result: its figures, and the disagreements."""
        from sosinfo.results import SearchResults

        shown = found.direct or (found.results.hits[:1] if found.results is not None else [])
        return self.catalog.links_for(SearchResults(found.query, shown, True))

    def _show_listed(self, index: int) -> None:
        if not 0 <= index < len(self.listed):
            return
        self.history.clear()
        top = self._direct_answer(self.found) if self.found is not None and index == 0 else None
        top_links = self._direct_links(self.found) if top is not None and self.found is not None else ()
        self.show_entry(self.listed[index].key, remember=False, top=top, top_links=top_links)

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
            self._fill_entries([], [], "Recherche : rien trouvé", "Rien trouvé")
            self._show_found_nothing(found)
            return
        labels = [ListLabel(label, "cyan") for label in self.catalog.hit_labels(found.results.hits)]
        count = len(found.entries)
        if found.exact:
            results = f"{count} résultat{'s' if count > 1 else ''}"
            self._fill_entries(found.entries, labels, f"Recherche · {results}", results)
        else:
            self._fill_entries(found.entries, labels, f"Pas de réponse exacte · {count} au plus près", "Au plus près")
        self._show_listed(0)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.listed:
            self.focus_now(self.query_one("#entries", OptionList))

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
            self.focus_now(self.query_one("#entries", OptionList))
        elif event.option_list.id == "entries":
            self._show_listed(event.option_index)
            self.focus_now(self.query_one("#detail", VerticalScroll))

    # --- actions ----------------------------------------------------------------------------------

    def action_interrupt(self) -> None:
        """Ctrl-C: quit at once with the code of an interruption (130), as every command does."""
        self.exit(return_code=EXIT_INTERRUPTED)

    def action_open_section(self, index: int) -> None:
        sections = self.catalog.sections
        section = sections[index % len(sections)]
        if section.id != self.section_id or self.found is not None:
            self.query_one("#search", Input).value = ""
            self.show_section(section.id)

    def action_step_section(self, step: int) -> None:
        """← →: the previous or next section, from the section bar or the entries."""
        position = next(n for n, s in enumerate(self.catalog.sections) if s.id == self.section_id)
        target = position + step
        if 0 <= target < len(self.catalog.sections):
            self.action_open_section(target)

    def action_focus_entries(self) -> None:
        self.focus_now(self.query_one("#entries", OptionList))

    def action_open_link(self, key: str) -> None:
        if key in self.catalog.by_key:
            self.show_entry(key)

    def action_focus_search(self) -> None:
        """« / »: to the search box, before the keys that follow it are handled (« /salariés » typed ahead
        of the first screen arrives in one piece); in the box, a « / » like any other character."""
        search = self.query_one("#search", Input)
        if self.focused is search:
            search.insert_text_at_cursor("/")
        else:
            self.focus_now(search)

    def action_go_back(self) -> None:
        """Esc: back from a followed link, then out of a search, then one pane to the left."""
        search = self.query_one("#search", Input)
        left = self.query_one("#section-bar" if self.has_class("-narrow") else "#sections")
        if self.history:
            self.show_entry(self.history.pop(), remember=False, top=None)
        elif self.focused is self.query_one("#detail"):
            self.focus_now(self.query_one("#entries", OptionList))
        elif self.found is not None or search.value:
            search.value = ""
            self.show_section(self.section_id)
            self.focus_now(self.query_one("#entries", OptionList))
        elif self.focused is search or self.focused is self.query_one("#entries"):
            self.focus_now(left)

    def _copy(self, text: str, what: str, otherwise: str, entry: Entry, command: str | None = None) -> None:
        """Copy ``text`` (``what`` it is, ``command`` when it is one); say what was asked of whom and, if nothing
        may arrive, ``otherwise``; and when the entry's command shows more than the entry, what. A command in a
        message has a line of its own: never broken across two, selected whole with the mouse."""
        scope = f"\nCette commande montre {entry.command_shows}." if entry.command_shows else ""
        shown = f" :\n{command}" if command else "."
        tool = clipboard_tool(os.environ)
        if tool is None:  # the terminal is asked (OSC 52): nothing tells whether it did it
            self.copy_to_clipboard(text)
            tmux = " (sous tmux : set -g set-clipboard on)" if os.environ.get("TMUX") else ""
            self.say(
                f"Copie de {what} demandée au terminal{shown}\n"
                f"Rien dans le presse-papiers ? Votre terminal n'accepte pas ces demandes{tmux} ; {otherwise}{scope}",
                timeout=12,
            )
            return
        if tool:
            try:
                subprocess.run(tool, input=text.encode(), check=True, timeout=3)
                self.say(f"{what[0].upper()}{what[1:]} est copiée dans le presse-papiers (par {tool[0]}){shown}{scope}")
                return
            except (OSError, subprocess.SubprocessError):
                pass
        self.say(
            f"Pas de presse-papiers joignable d'ici (ni par le terminal, ni par pbcopy, wl-copy, xclip ou xsel) "
            f"pour {what}{shown}\n{otherwise[0].upper()}{otherwise[1:]}{scope}",
            severity="warning",
            timeout=12,
        )

    def action_copy_command(self) -> None:
        if self.current is None:
            self.say("Aucune entrée affichée : rien à copier.", severity="warning")
            return
        entry = self.catalog.by_key[self.current]
        command = safe(entry.command)
        self._copy(
            command,
            "la commande",
            "sélectionnez-la ici à la souris, la touche Maj enfoncée (Option sur un Mac).",
            entry,
            command,
        )

    def action_copy_markdown(self) -> None:
        from sosinfo.render.markdown import render_markdown

        if self.current is None:
            self.say("Aucune entrée affichée : rien à copier.", severity="warning")
            return
        entry = self.catalog.by_key[self.current]
        self._copy(
            render_markdown(self.catalog.result(self.current)),
            "la réponse en Markdown",
            f"la réponse s'obtient aussi avec la commande :\n{safe(entry.command)} --format markdown",
            entry,
        )

    def action_show_sources(self) -> None:
        if self.current is None:
            self.say("Aucune entrée affichée.", severity="warning")
            return
        title = f"Sources — {display(self.catalog.by_key[self.current].label)}"
        self.push_screen(TextScreen(title, source_passages(self.catalog, self.current)))

    def action_show_links(self) -> None:
        if self.current is None:
            return
        found = self.catalog.links_for(self.catalog.result(self.current))
        links = [(command, key, self.catalog.by_key[key].label) for command, key in found]
        if not links:
            self.say("Cette réponse ne renvoie à aucune autre entrée.")
            return

        def opened(key: str | None) -> None:
            if key is not None:
                self.action_open_link(key)

        self.push_screen(LinkScreen(links), opened)

    def action_help(self) -> None:
        self.push_screen(TextScreen("Touches de sosinfo explorer", Linked(lambda _width: help_table(), [])))  # glue put back


def help_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for keys, what in (
        ("↑ ↓", "se déplacer dans une liste ; faire défiler la réponse"),
        ("← →", "la section d'avant, d'après (depuis les entrées ou la barre des sections)"),
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
        ("Ctrl-C", "quitter aussitôt, d'où que ce soit (code de sortie 130)"),
    ):
        table.add_row(keys, typeset(what))  # « (sosinfo faq 7) » never broken between two lines
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
    return Linked(lambda _width: Group(*parts), [])  # no link: the renderer's glue characters translated back
