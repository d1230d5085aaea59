"""``sosinfo explorer``: the catalogue it browses, its refusals, its screens (Textual pilot, snapshots).

The pilot and snapshot tests start the Textual app headless; they are marked ``slow``
(``pytest -m "not slow"`` skips them). Snapshots: ``pytest tests/test_explorer.py --snapshot-update``.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_ENV, Run
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from sosinfo import app as service
from sosinfo.explorer import terminal_problem
from sosinfo.explorer.catalog import Catalog
from sosinfo.explorer.labels import Linked, answer
from sosinfo.kb.model import KnowledgeBase
from sosinfo.render.markdown import render_markdown
from sosinfo.render.terminal import render_text, renderables
from sosinfo.results import CONFLICTS, Link
from sosinfo.search.documents import memory_store
from sosinfo.search.index import Store
from sosinfo.text import display

SECTIONS = [
    "FAQ",
    "Chiffres",
    "Gouvernance",
    "Valeurs",
    "Témoignages",
    "Fondateur",
    "Chronologie",
    "Secteurs",
    "Plaidoyers",
    "Approche",
    "Contact",
    "Sources",
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return service.load(None)


@pytest.fixture(scope="module")
def catalog(kb: KnowledgeBase) -> Catalog:
    return Catalog(kb)


@pytest.fixture(scope="module")
def store(kb: KnowledgeBase) -> Store:
    return memory_store(kb)


# --- the catalogue, without Textual -----------------------------------------------------------------


def test_every_section_in_order_and_every_entry_renders(catalog: Catalog) -> None:
    from sosinfo.render import OutputSettings

    assert [s.label for s in catalog.sections] == SECTIONS
    settings = OutputSettings(80, False, "utf-8", ())
    for section in catalog.sections:
        assert section.entries, section.id
        for entry in section.entries:
            result = catalog.result(entry.key)
            assert render_text(result, settings).strip(), entry.key
            assert render_markdown(result).startswith("#"), entry.key
            assert entry.command.startswith("sosinfo ")


def test_an_entry_is_the_command_lines_own_answer(catalog: Catalog, kb: KnowledgeBase) -> None:
    from sosinfo import queries
    from sosinfo.render import OutputSettings

    settings = OutputSettings(100, False, "utf-8", ())
    assert render_text(catalog.result("faq:7"), settings) == render_text(queries.faq_answer(kb, 7), settings)
    assert catalog.by_key["faq:7"].command == "sosinfo faq 7"
    marks = render_text(catalog.result("chiffres:salaries"), settings)
    assert "⚠2" in marks and "Les sources ne concordent pas" in marks  # the conflict's own mark, as in every answer
    assert renderables(catalog.result("faq:7"), settings)


def test_figures_are_listed_with_their_latest_value_and_year(catalog: Catalog) -> None:
    """As ``sosinfo chiffres --recents``: the latest year a source gives; both values when sources disagree."""
    shown = {entry.key: entry.shown for entry in catalog.section("chiffres").entries}
    assert shown.pop("chiffres:tout").detail is None
    assert all(label.detail is not None for label in shown.values())
    lines = {key: display(label.line) for key, label in shown.items()}
    assert lines["chiffres:salaries"] == display("Salariés : 15 000 (2016)")
    assert lines["chiffres:pays"] == display("Pays d'intervention : 35 ou 40 (non daté)")
    assert lines["chiffres:activite"] == display("Volume d'activité : 1,367 Md€ (2022)")
    assert lines["chiffres:activite-dollars"] == display("Budget annuel converti en dollars : 159 M$ (2008, déduite)")
    assert lines["chiffres:coeurs-de-metier"] == display("Cœurs de métier : 5 (non daté)")  # two sources, one value


@pytest.mark.slow
def test_a_sections_count_is_what_it_holds_not_its_rows(kb: KnowledgeBase, store: Store) -> None:
    """« Chronologie · 20 » for twenty events (and the row « Toute la chronologie »); a section that is one
    view of its items (« Secteurs ») has no count."""
    held = {
        "faq": len(kb.faq),
        "chiffres": len(kb.indicators),
        "chronologie": len(kb.events),
        "sources": len(kb.sources),
        "valeurs": len(kb.values),
        "secteurs": None,
        "plaidoyers": None,
    }
    titles: dict[str, str] = {}

    async def script(explorer: Any, pilot: Any) -> None:
        for number, section in enumerate(explorer.catalog.sections):
            await explorer.run_action(f"open_section({number})")
            await pilot.pause()
            titles[section.id] = _lines(explorer)[4]  # the top border of the lists, under the bar of sections

    _drive(kb, store, (80, 24), script)
    assert len(titles) == 12
    for section_id, count in held.items():
        label = SECTIONS[[s.lower() for s in SECTIONS].index(section_id)] if section_id != "faq" else "FAQ"
        if count is None:
            assert f"─ {label} ─" in titles[section_id], titles[section_id]
        else:
            assert f"─ {label} · {count} ─" in titles[section_id], titles[section_id]

def test_links_come_from_the_result_and_open_entries(catalog: Catalog) -> None:
    """The explorer follows the links a result carries (``results.links``), spelled as commands here only."""
    assert catalog.link_entry(Link("faq", "4")) == "faq:4"
    assert catalog.link_entry(Link(CONFLICTS)) == "conflits"
    assert catalog.link_entry(Link("chiffre", "salaries-2016")) == "chiffres:salaries"
    assert catalog.link_entry(Link("temoignage")) == catalog.section("temoignages").entries[0].key
    assert catalog.link_entry(Link("faq", "99")) is None and catalog.link_entry(Link("inconnu")) is None
    assert catalog.links_for(catalog.result("faq:7")) == [("sosinfo faq 4", "faq:4"), ("sosinfo faq 3", "faq:3")]
    assert catalog.links_for(catalog.result("chiffres:salaries")) == [("sosinfo sources --conflits", "conflits")]
    assert catalog.links_for(catalog.result("valeur:courage-solidaires")) == [
        ("sosinfo temoignages", catalog.section("temoignages").entries[0].key)
    ]
    assert catalog.links_for(catalog.result("evenement:fondation")) == []


def test_every_link_is_written_where_the_answer_can_be_clicked(catalog: Catalog) -> None:
    """Each link of each entry is found, whole, in the answer as the pane lays it out: a link the renderer
    spells otherwise (an option renamed) fails here instead of silently losing its click."""
    from rich.console import Console

    console = Console(width=100, file=io.StringIO(), color_system=None)
    for key in catalog.by_key:
        pane = answer(catalog, catalog.result(key))
        clicked = {
            segment.style.meta["@click"][1][0]
            for line in console.render_lines(pane, console.options, pad=False)
            for segment in line
            if segment.style is not None and "@click" in segment.style.meta
        }
        assert clicked == {target for _, target in catalog.links_for(catalog.result(key))}, key
    written = Text("(sosinfo faq 11) et (sosinfo faq 1).")
    whole = Linked(lambda _w: written, [("sosinfo faq 1", "faq:1"), ("sosinfo faq 11", "faq:11")])
    clicks = [
        (segment.text, segment.style.meta["@click"][1][0])
        for line in console.render_lines(whole, console.options, pad=False)
        for segment in line
        if segment.style is not None and "@click" in segment.style.meta
    ]
    assert clicks == [("sosinfo faq 11", "faq:11"), ("sosinfo faq 1", "faq:1")]


def test_every_search_hit_opens_an_entry(catalog: Catalog, store: Store) -> None:
    for query in ("patrimoine immobilier", "salariés 2016", "directoire", "Borello", "fédération", "adresse", "métiers", "1984"):
        found = catalog.search(store, query)
        assert found.results is not None and found.entries, query
        assert len(found.entries) == len(found.results.hits)
    assert catalog.search(store, "patrimoine immobilier").entries[0].key == "faq:7"
    direct = catalog.search(store, "combien de salariés en 2016")
    assert direct.direct and direct.direct[0].type == "chiffre" and "2016" in direct.direct[0].title
    assert direct.entries[0].key == "chiffres:salaries"


def test_empty_and_fruitless_searches_say_so(catalog: Catalog, store: Store) -> None:
    empty = catalog.search(store, "   ")
    assert empty.results is None and empty.entries == [] and empty.message
    nothing = catalog.search(store, "recette de crêpes au sarrasin")
    assert nothing.results is None and nothing.entries == []
    assert nothing.message == "Les sources ne parlent pas de « crêpes » ni de « sarrasin »."  # as « sosinfo recherche » says it
    assert nothing.browse and nothing.hint is None  # where the sections are: the screen says it, it knows its layout
    stop_words = catalog.search(store, "le la les")
    assert stop_words.results is None and stop_words.message


def test_no_exact_answer_lists_the_closest_entries_as_the_command_line_does(catalog: Catalog, store: Store) -> None:
    near = catalog.search(store, "horaires d'ouverture du siège")
    assert not near.exact and [entry.key for entry in near.entries] == ["contact"]
    said = "Pas de réponse exacte à « horaires d'ouverture du siège » : les sources ne parlent pas de « horaires »."
    assert near.message == said
    assert near.direct == []  # the closest entry is not an answer
    exact = catalog.search(store, "adresse du siège")
    assert exact.exact and exact.message is None


def _sources_box(catalog: Catalog, key: str) -> str:
    from rich.console import Console

    from sosinfo.explorer.ui import source_passages

    console = Console(width=100, file=io.StringIO(), no_color=True)
    console.print(source_passages(catalog, key))
    return " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]  # lines joined: wrapping aside


def _proofs(catalog: Catalog, key: str) -> str:
    from rich.console import Console

    from sosinfo.render.terminal import UNGLUE, proofs

    console = Console(width=100, file=io.StringIO(), no_color=True)
    for part in proofs(catalog.result(key)):
        console.print(part)
    return " ".join(console.file.getvalue().translate(UNGLUE).split())  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("key", "sources", "passage"),
    [
        (
            "faq:7",
            ["13 questions sur le Groupe SOS Groupe SOS, vers 2023 — faq-13-questions"],
            "• Une nécessité historique — faq-13-questions, Question 7 (le patrimoine immobilier), 1er paragraphe",
        ),
        (
            "chiffres:salaries",
            ["Présentation du Groupe SOS pour les « Up Conférences » Groupe SOS, vers 2016 — up-conferences"],
            "• Salariés : 15 000 (2016) — up-conferences, Biographie « Jean-Marc Borello, Président du GROUPE SOS »,"
            " 2e paragraphe",
        ),
        (
            "temoignage:valet",
            ["Les valeurs du Groupe SOS Groupe SOS, vers octobre 2025 — valeurs"],
            "• Nicolas Valet — valeurs, Témoignage de Nicolas Valet (3e)",
        ),
        (
            "conflits",
            ["13 questions sur le Groupe SOS Groupe SOS, vers 2023 — faq-13-questions", "— ashoka-profil-complet"],
            "• ashoka-profil : 14 000 salariés — ashoka-profil, IMPACT",
        ),
    ],
)
def test_s_shows_the_sources_then_each_statements_passages(catalog: Catalog, key: str, sources: list[str], passage: str) -> None:
    """« s »: the entry's sources (title, publisher, date), then exactly what ``--preuves`` lists."""
    shown = _sources_box(catalog, key).replace("\u202f", " ").replace("\xa0", " ")
    for source in sources:
        assert source in shown
    assert "Passages : où chaque énoncé se trouve dans sa source" in shown
    assert passage in shown
    assert shown.endswith(_proofs(catalog, key).replace("\u202f", " ").replace("\xa0", " "))
    for broken in ("pas encore localisé", "Passage(", "aucune source"):
        assert broken not in shown


def test_s_lists_only_the_sources_an_entry_cites(catalog: Catalog) -> None:
    assert [s.id for s in catalog.sources_of("faq:7")] == ["faq-13-questions"]
    assert [s.id for s in catalog.sources_of("temoignage:valet")] == ["valeurs"]
    assert {s.id for s in catalog.sources_of("chiffres:salaries")} == {"up-conferences", "ashoka-profil", "ashoka-profil-complet"}
    assert [s.id for s in catalog.sources_of("source:valeurs")] == ["valeurs"]  # a source shown on its own
    every = {s.id for s in catalog.kb.sources}
    assert {s.id for s in catalog.sources_of("conflits")} <= every and catalog.sources_of("conflits")


def test_a_figure_in_the_list_keeps_its_name_and_its_value_whole(catalog: Catalog, store: Store) -> None:
    """A figure found by a search: its name, its value and its year are never cut nor dropped, at any list
    width (« [Chiffre] Salariés : 15 000 (2016) », or on lines of their own)."""
    from sosinfo.explorer.labels import ListLabel

    queries = ("salariés", "chiffre d'activité", "résultat", "associations-fondatrices")
    hits = [h for q in queries for h in catalog.search(store, q).results.hits]  # type: ignore[union-attr]
    figures = [(h, catalog.hit_labels([h])[0]) for h in hits if h.type == "chiffre"]
    assert len(figures) > 5
    for width in range(_narrowest_list(), 90):
        for hit, label in figures:
            assert label.detail is not None
            lines = ListLabel(label).lines(width)
            assert all(len(line) <= width for line in lines), (width, lines)
            flowing = _unwrapped(lines)
            assert display(label.title) in flowing, (width, hit.title, lines)
            assert display(label.detail.value) in flowing, (width, hit.title, lines)
            assert _unwrapped([display(label.detail.note)]) in flowing, (width, hit.title, lines)  # its year too
    hit, label = figures[0]
    assert ListLabel(label).lines(120) == [display(label.line)]  # room: all of it, on one line


def _narrowest_list() -> int:
    """The narrowest a list's text gets, at any terminal size the explorer accepts: borders and scrollbar aside."""
    from sosinfo.explorer.layout import MINIMUM, SCROLLBAR, geometry

    return min(geometry(width, 40).entries for width in range(MINIMUM[0], 300)) - 2 - SCROLLBAR


def _unwrapped(lines: list[str]) -> str:
    """Lines of a label read as one text: indentation gone, a word broken after its hyphen joined again."""
    text = ""
    for line in lines:
        piece = line.strip()
        text += piece if text.endswith("-") or not text else " " + piece
    return text


# --- fitting texts to their width (Rich only) --------------------------------------------------------

LETTERS = "abcdefgéèàçôœ'"
_piece = st.text(alphabet=LETTERS, min_size=1, max_size=7)
_word = st.one_of(
    _piece,
    st.lists(_piece, min_size=2, max_size=3).map("-".join),  # « rachète-t-il », « associations-fondatrices »
    st.tuples(_piece, st.sampled_from(["?", ":", "%", "000"])).map("\u202f".join),  # glued: « subventions ? »
)


@given(words=st.lists(_word, min_size=1, max_size=12), width=st.integers(12, 40), first=st.integers(0, 40))
def test_wrap_breaks_only_between_words_or_after_a_hyphen(words: list[str], width: int, first: int) -> None:
    from sosinfo.explorer.labels import wrap

    first = min(first, width)
    lines = wrap(" ".join(words), width, first)
    assert cell_len(lines[0]) <= first and all(cell_len(line) <= width for line in lines[1:])
    # every word whole, « subventions ? » too (a hyphenated one may end a line at its hyphen)
    assert _unwrapped(lines) == " ".join(words)
    assert all(line == line.strip() for line in lines)


@given(words=st.lists(_word, min_size=1, max_size=12), width=st.integers(12, 40), most=st.integers(1, 3))
def test_a_wrapped_title_stops_after_a_whole_word_with_an_ellipsis(words: list[str], width: int, most: int) -> None:
    from sosinfo.explorer.labels import ELLIPSIS, wrap

    text = " ".join(words)
    lines = wrap(text, width, width, most)
    assert len(lines) <= most and all(cell_len(line) <= width for line in lines)
    whole = wrap(text, width)
    if len(whole) <= most:
        assert lines == whole
    else:
        assert lines[-1].endswith(ELLIPSIS)
        shown = _unwrapped([*lines[:-1], lines[-1].removesuffix(ELLIPSIS)])
        assert text.startswith(shown)
        if cell_len(words[0]) < width:  # unless the first word and « … » cannot share a line (then it is cut)
            assert text[len(shown)] == " "  # stopped between two words


def test_a_title_that_may_stop_stops_before_a_word_no_line_holds() -> None:
    """« Conseil d'administration de l'Union » deep in the tree at 60 columns: « Conseil… », not half a word;
    a text that may not stop (or whose first word is that word) still shows it cut, a last resort."""
    from sosinfo.explorer.labels import wrap

    title = "Conseil d'administration de l'Union"
    assert wrap(title, 12, 12, 3) == ["Conseil…"]
    assert wrap(title, 16, 16, 3) == ["Conseil", "d'administration", "de l'Union"]  # it fits: all of it
    assert wrap(title, 12) == ["Conseil", "d'administr…", "de l'Union"]
    assert wrap("d'administration", 12, 12, 2) == ["d'administr…"]


def test_a_command_title_is_shortened_from_its_middle_in_whole_words() -> None:
    from sosinfo.explorer.labels import fitted_title, shorten_command

    command = "sosinfo chiffres --indicateur representants-par-fondatrice"
    assert shorten_command(command, 100) == command
    assert shorten_command(command, 48) == "sosinfo chiffres … representants-par-fondatrice"
    assert shorten_command(command, 40) == "sosinfo … representants-par-fondatrice"
    assert shorten_command(command, 30) == "sosinfo chiffres --indicateur…"  # the last word alone is too long
    for cells in range(8, 70):
        shown = shorten_command(command, cells)
        assert cell_len(shown) <= cells, cells
        assert all(word in command.split() or word in ("…",) or word.rstrip("…") in command.split() for word in shown.split())
    assert fitted_title(("Recherche · 20 résultats", "20 résultats"), 30) == "Recherche · 20 résultats"
    assert fitted_title(("Recherche · 20 résultats", "20 résultats"), 29) == "20 résultats"
    assert fitted_title(("Sources — 13 questions sur le Groupe SOS",), 30) == "Sources — 13 questions…"


def test_the_section_bar_keeps_the_current_section_in_view() -> None:
    from sosinfo.explorer.labels import section_bar

    names = SECTIONS
    for width in range(20, 140):
        for current in range(len(names)):
            bar, hot = section_bar(names, current, width)
            assert bar.cell_len <= width, (width, current)
            shown = [bar.plain[h.start : h.end] for h in hot]
            assert names[current] in shown and all(name in names for name in shown)
            assert [h.action for h in hot] == [f"open_section({names.index(n)})" for n in shown]
            assert ("‹" in bar.plain) == (names.index(shown[0]) > 0)
            assert ("›" in bar.plain) == (names.index(shown[-1]) < len(names) - 1)


def test_the_key_bar_shows_whole_keys_the_first_ones_first() -> None:
    from sosinfo.explorer.labels import key_bar
    from sosinfo.explorer.layout import KEYS

    full, hot = key_bar(200)
    assert full.plain.rstrip() == "/ Chercher ? Aide q Quitter c Commande s Sources l Liens y Markdown Échap Retour"
    assert [h.action for h in hot] == [k.action for k in KEYS]
    for width in range(10, 90):
        bar, hot = key_bar(width)
        assert bar.cell_len <= width + 1 and bar.plain.rstrip() == full.plain[: len(bar.plain.rstrip())], width
        assert bar.plain.rstrip().endswith(tuple(k.description for k in KEYS)) or not hot


# --- the command: refusals, broken base, start-up path ----------------------------------------------


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_terminal_problem() -> None:
    tty, pipe = _Stream(True), _Stream(False)
    assert terminal_problem(tty, tty, {"TERM": "xterm-256color"}) is None
    assert terminal_problem(tty, pipe, {"TERM": "xterm"}) is not None
    assert terminal_problem(pipe, tty, {"TERM": "xterm"}) is not None
    assert "dumb" in (terminal_problem(tty, tty, {"TERM": "dumb"}) or "")
    assert "CI" in (terminal_problem(tty, tty, {"TERM": "xterm", "CI": "true"}) or "")
    assert terminal_problem(tty, tty, {"TERM": "xterm", "CI": "false"}) is None
    assert terminal_problem(tty, tty, {"TERM": "xterm"}, tty) is None
    assert "sortie d'erreur" in (terminal_problem(tty, tty, {"TERM": "xterm"}, pipe) or "")  # Textual draws there


def test_refuses_off_a_terminal(run: Run) -> None:
    done = run("explorer")
    assert done.exit_code == 2
    assert done.stdout == ""
    assert done.stderr.startswith("Erreur : « sosinfo explorer » a besoin d'un terminal interactif")
    assert "sosinfo faq 7" in done.stderr and "sosinfo recherche" in done.stderr


def test_broken_base_shows_the_verifiers_message(run: Run, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sosinfo.explorer

    monkeypatch.setattr(sosinfo.explorer, "terminal_problem", lambda *_: None)
    (data_copy / "faq.yaml").write_text("faq:\n  - numero: sept\n", encoding="utf-8")
    done = run("explorer", "--data-dir", str(data_copy))
    assert done.exit_code == 1
    assert done.stderr.startswith("Erreur : base de connaissances invalide")
    assert "faq.yaml, ligne 2 : « numero » doit être un nombre entier" in done.stderr  # the verifier's own words
    assert "Traceback" not in done.stderr
    missing = run("explorer", env={"SOSINFO_DATA": str(data_copy / "absent")})
    assert missing.exit_code == 2 and "SOSINFO_DATA" in missing.stderr


def test_quick_start_leaves_every_refusal_to_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """``sosinfo explorer`` alone starts without Typer; whatever is to be said, the ordinary path says it."""
    import sosinfo.explorer
    from sosinfo import app as service
    from sosinfo.errors import DataError, Problem

    assert sosinfo.explorer.quick_launch() is False  # not a terminal (pytest captures the output)
    monkeypatch.setattr(sosinfo.explorer, "terminal_problem", lambda *_: None)

    def broken(_data: object) -> None:
        raise DataError([Problem("faq.yaml", 2, "« numero » doit être un nombre entier")])

    monkeypatch.setattr(service, "knowledge", broken)
    assert sosinfo.explorer.quick_launch() is False
    piped = subprocess.run(
        [sys.executable, "-m", "sosinfo", "explorer"], env=os.environ | BASE_ENV, capture_output=True, text=True, check=False
    )
    assert piped.returncode == 2 and piped.stdout == ""
    assert piped.stderr.startswith("Erreur : « sosinfo explorer » a besoin d'un terminal interactif")


def test_other_commands_never_import_textual() -> None:
    code = "import sys, sosinfo.cli.commands, sosinfo.explorer; print(sorted(m for m in sys.modules if m.startswith('textual')))"
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert imported.strip() == "[]"
    timed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sosinfo", "faq", "7"],
        env=os.environ | BASE_ENV | {"SOSINFO_OUTPUT_CACHE": "0"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Question 7" in timed.stdout or "patrimoine" in timed.stdout
    assert " textual" not in timed.stderr and "sosinfo.explorer" not in timed.stderr


def test_textual_is_a_runtime_dependency() -> None:
    import tomllib

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(d.startswith("textual") for d in project["project"]["dependencies"])


# --- the screens, through Textual's pilot ---------------------------------------------------------


def _explorer(kb: KnowledgeBase, store: Store) -> Any:
    from sosinfo.explorer.ui import Explorer

    return Explorer(Catalog(kb), lambda: store, blink=False)  # a still cursor: snapshots do not depend on timing


def _text(widget: Any) -> str:
    """What a widget shows on screen, line by line (no-break spaces read as spaces: « Question 7 »)."""
    from textual.geometry import Region

    width, height = widget.size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height))).replace("\xa0", " ")


def _screen(app: Any) -> list[list[Any]]:
    """The whole screen as the terminal receives it (boxes over it, notifications), as rows of Rich segments.

    Textual's own way to take a screenshot (``App.export_screenshot``), stopped before it becomes SVG.
    """
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return [[segment for strip in line for segment in strip] for line in update.strips]


def _lines(app: Any) -> list[str]:
    return ["".join(segment.text for segment in row) for row in _screen(app)]


def _drive(kb: KnowledgeBase, store: Store, size: tuple[int, int], script: Callable[[Any, Any], Awaitable[None]]) -> Any:
    explorer = _explorer(kb, store)

    async def main() -> None:
        async with explorer.run_test(size=size, notifications=True) as pilot:  # notifications: they are text too
            await pilot.pause()
            await script(explorer, pilot)

    asyncio.run(main())
    return explorer


def _prompt_lines(options: Any, index: int) -> list[str]:
    """An item of a list as that list shows it: at the width of its text (the scrollbar aside)."""
    return list(options.get_option_at_index(index).prompt.lines(options.scrollable_content_region.width))


SIZES = [(50, 16), (80, 24), (100, 30), (160, 50)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]


@pytest.mark.slow
def test_pilot_navigate_search_follow_link_back_and_quit(kb: KnowledgeBase, store: Store) -> None:
    async def script(explorer: Any, pilot: Any) -> None:
        # FAQ 7: Tab into the entries, six steps down, Enter
        assert explorer.focused.id == "sections"
        await pilot.press("tab", *["down"] * 6, "enter")
        await pilot.pause()
        assert explorer.current == "faq:7" and explorer.focused.id == "detail"
        shown = _text(explorer.query_one("#answer"))
        assert "Question 7" in shown and "patrimoine" in shown
        assert "Voir aussi" in shown and "(sosinfo faq 4)" in shown
        assert "Source\u202f: 13 questions sur le Groupe SOS" in shown  # French typography, as on the command line
        assert explorer.query_one("#detail").border_title == "sosinfo faq 7"
        # « Voir aussi »: a click on the written command opens FAQ 4 in place
        lines = shown.splitlines()
        row = next(n for n, line in enumerate(lines) if "(sosinfo faq 4)" in line)
        column = lines[row].index("sosinfo faq 4")
        answer = explorer.query_one("#answer")
        assert await pilot.click(answer, offset=(column + 2, row))
        await pilot.pause()
        assert explorer.current == "faq:4"
        assert "Question 4" in _text(explorer.query_one("#answer"))
        # Esc comes back to FAQ 7
        await pilot.press("escape")
        await pilot.pause()
        assert explorer.current == "faq:7"
        # the same link from the keyboard: « l », then Enter on the first link
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert explorer.current == "faq:4"
        await pilot.press("escape")
        assert explorer.current == "faq:7"
        # c copies the equivalent command
        await pilot.press("c")
        assert explorer.clipboard == "sosinfo faq 7"
        await pilot.press("y")
        assert explorer.clipboard.startswith("# ") and "patrimoine" in explorer.clipboard
        # search as you type: letters bound to keys (c, s, q…) go into the box, « / » too
        await pilot.press("slash", *"patrimoine/immobilier")
        await pilot.pause()
        assert explorer.query_one("#search").value == "patrimoine/immobilier"
        assert len(explorer.screen_stack) == 1
        assert explorer.current == "faq:7"
        first = " ".join(_prompt_lines(explorer.query_one("#entries"), 0))
        assert "dispose-t-il" in first.lower()  # FAQ 7 (« … d'un « patrimoine immobilier » ? » in two lines, cut)
        assert explorer.query_one("#entries").border_title.startswith("Recherche ·")
        await pilot.press("q")  # typed into the box, does not quit
        assert explorer.is_running and explorer.query_one("#search").value.endswith("q")
        await pilot.press("escape")  # out of the search, back to the section
        await pilot.pause()
        assert explorer.query_one("#search").value == ""
        assert explorer.query_one("#entries").option_count == 13
        await pilot.press("q")
        await pilot.pause()
        assert not explorer.is_running

    assert _drive(kb, store, (120, 80), script).return_code == 0


@pytest.mark.slow
def test_pilot_direct_answer_empty_and_fruitless_search(kb: KnowledgeBase, store: Store) -> None:
    async def script(explorer: Any, pilot: Any) -> None:
        entries = explorer.query_one("#entries")
        search = explorer.query_one("#search")
        await pilot.press("slash")
        search.value = "salariés en 2016"  # as if typed (typing itself is the first pilot test)
        await pilot.pause()
        shown = _text(explorer.query_one("#answer"))
        assert shown.lstrip().startswith("Réponse directe")
        assert "Salariés\u202f: 15\u202f000 (2016" in shown
        assert explorer.current == "chiffres:salaries" and entries.option_count > 1
        # no result: the list is emptied, not left stale, and the pane says « rien trouvé »
        search.value = "recette de crêpes au sarrasin"
        await pilot.pause()
        assert entries.option_count == 0 and explorer.listed == []
        assert explorer.current is None
        said = " ".join(_text(explorer.query_one("#answer")).split())  # one line, whatever the pane's width
        assert "Les sources ne parlent pas de « crêpes » ni de « sarrasin »." in said
        assert "rien trouvé" in entries.border_title
        # no exact answer: the closest entry is listed and shown, under the sentence that says so
        search.value = "horaires d'ouverture du siège"
        await pilot.pause()
        shown = " ".join(_text(explorer.query_one("#answer")).split())
        assert shown.startswith("Pas de réponse exacte à « horaires d'ouverture du siège »")
        assert explorer.current == "contact" and "plus près" in entries.border_title
        search.value = "recette de crêpes au sarrasin"
        await pilot.pause()
        await pilot.press("c")  # typed into the box
        await pilot.press("tab")
        await pilot.press("c")  # nothing shown: says so, copies nothing
        assert explorer.clipboard == ""
        # an empty search brings the section back
        search.value = ""
        await pilot.pause()
        assert entries.option_count == 13 and explorer.current == "faq:1"
        # s shows the sources, ? the keys; Esc closes them
        await pilot.press("s")
        await pilot.pause()
        box = _text(explorer.screen.query_one("#box-text"))
        assert "13 questions sur le Groupe SOS" in box and "Passages" in box and "faq-13-questions, Question 1" in box
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert "copier la commande" in _text(explorer.screen.query_one("#box-text"))
        await pilot.press("escape")
        await pilot.pause()
        assert len(explorer.screen_stack) == 1

    _drive(kb, store, (100, 40), script)


@pytest.mark.slow
def test_pilot_sections_from_their_pane(kb: KnowledgeBase, store: Store) -> None:
    """Wider than 100 columns: the sections in their pane, by the keyboard and the mouse."""

    async def script(explorer: Any, pilot: Any) -> None:
        for _ in range(4):
            await pilot.press("down")
        await pilot.pause()
        assert explorer.section_id == "temoignages"
        assert explorer.query_one("#entries").option_count == len(kb.testimonials)
        assert "Valeur illustrée" in _text(explorer.query_one("#answer"))
        await pilot.press("end", "enter")  # Sources, opened with Enter: the focus moves to its entries
        await pilot.pause()
        assert explorer.section_id == "sources" and explorer.focused.id == "entries"
        await pilot.press("end")
        await pilot.pause()
        assert explorer.current == "conflits" and "⚠" in _text(explorer.query_one("#answer"))
        await pilot.press("left")  # from the entries, ← → step through the sections too
        await pilot.pause()
        assert explorer.section_id == "contact"
        await pilot.click("#sections", offset=(3, 3))  # the mouse: third section
        await pilot.pause()
        assert explorer.section_id == "gouvernance"

    _drive(kb, store, (120, 40), script)


@pytest.mark.slow
def test_pilot_sections_from_their_bar(kb: KnowledgeBase, store: Store) -> None:
    """100 columns or fewer: the sections on one line; ← → from the entries, a click on a name, Home and End."""

    async def script(explorer: Any, pilot: Any) -> None:
        bar = explorer.query_one("#section-bar")
        assert not explorer.query_one("#sections").display or explorer.query_one("#sections").size.width == 0
        assert bar.size.height == 1 and explorer.focused.id == "entries"
        await pilot.press("right", "right", "right", "right")
        await pilot.pause()
        assert explorer.section_id == "temoignages" and explorer.focused.id == "entries"
        assert "Valeur illustrée" in _text(explorer.query_one("#answer"))
        await pilot.press("shift+tab")  # the bar is before the entries
        assert explorer.focused.id == "section-bar"
        await pilot.press("tab")
        line = _lines(explorer)[3]
        assert "Témoignages" in line  # the current section always in view
        await pilot.press("left")
        await pilot.pause()
        assert explorer.section_id == "valeurs"
        start = _lines(explorer)[3].index("Gouvernance")
        await pilot.click("#section-bar", offset=(start + 2, 0))
        await pilot.pause()
        assert explorer.section_id == "gouvernance"
        assert explorer.focused.id == "section-bar"  # clicked: End, Home, Enter from there
        await pilot.press("end")
        await pilot.pause()
        assert explorer.section_id == "sources" and "Sources" in _lines(explorer)[3]
        await pilot.press("home", "enter")
        await pilot.pause()
        assert explorer.section_id == "faq" and explorer.focused.id == "entries"
        keys = _lines(explorer)[-1]
        start = keys.index("Aide")
        await pilot.click("#keys", offset=(start, 0))  # the keys at the bottom can be clicked
        await pilot.pause()
        assert "copier la commande" in _text(explorer.screen.query_one("#box-text"))

    _drive(kb, store, (80, 24), script)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_one_indicator_is_not_shown_as_two(kb: KnowledgeBase, store: Store, size: tuple[int, int]) -> None:
    """« Salariés (personnes) » above « Salariés » read as two indicators; the base has one (its libellé,
    its unit): the title names it, its rows are its years, never its name again."""
    assert [(i.libelle, i.unite) for i in kb.indicators if i.id.startswith("salaries")] == [("Salariés", "personnes")]
    shown: list[str] = []

    async def script(explorer: Any, pilot: Any) -> None:
        await explorer.run_action("open_section(1)")
        await pilot.pause()
        explorer.query_one("#entries").highlighted = 1  # « Salariés : 15 000 (2016) », under « Tous les chiffres »
        await pilot.pause()
        assert explorer.current == "chiffres:salaries"
        shown.extend(line.strip() for line in _text(explorer.query_one("#answer")).splitlines())

    _drive(kb, store, size, script)
    title = shown.index("Salariés (personnes)")
    assert not any(line.startswith("Salariés") for line in shown[title + 1 :]), shown
    assert shown[title + 1].startswith("Année") and any(line.startswith("2016") for line in shown), shown

@pytest.mark.slow
def test_a_fruitless_search_says_where_the_sections_are(kb: KnowledgeBase, store: Store) -> None:
    """Nothing found: « parcourez les sections » where they are, on the bar above at 100 columns or fewer,
    on the left wider; said again when a resize moves them."""
    said: dict[int, str] = {}

    async def script(explorer: Any, pilot: Any) -> None:
        explorer.query_one("#search").value = "recette de crêpes au sarrasin"
        await pilot.pause()
        for width in (80, 100, 101, 160):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            said[width] = " ".join(_text(explorer.query_one("#answer")).split())

    _drive(kb, store, (80, 24), script)
    for width, shown in said.items():
        above = width <= 100
        assert ("parcourez les sections sur la barre du haut (← →)." in shown) == above, (width, shown)
        assert ("parcourez les sections à gauche." in shown) != above, (width, shown)

@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_values_are_never_cut_in_the_list_or_the_answer(kb: KnowledgeBase, store: Store, size: tuple[int, int]) -> None:
    from textual.geometry import Region

    async def script(explorer: Any, pilot: Any) -> None:
        await pilot.press("slash")
        explorer.query_one("#search").value = "combien de salariés en 2016"
        await pilot.pause()
        await pilot.pause()
        entries = explorer.query_one("#entries")
        listed = "\n".join(strip.text for strip in entries.render_lines(Region(0, 0, *entries.outer_size)))
        for value in ("15\u202f000 (2016", "2\u202f000 (2008", "14\u202f000 (non daté"):
            assert value in listed, (value, listed)
        answer = _text(explorer.query_one("#answer"))
        assert "➜ Salariés\u202f: 15\u202f000" in answer or "➜ Salariés\u202f:\n15\u202f000" in answer, answer

    _drive(kb, store, size, script)


@pytest.mark.slow
def test_the_answer_is_laid_out_again_at_its_new_width_on_resize(kb: KnowledgeBase, store: Store) -> None:
    shown: dict[str, str] = {}

    async def fresh(explorer: Any, pilot: Any) -> None:
        await pilot.press(*["down"] * 6)
        await pilot.pause()
        shown["fresh"] = _text(explorer.query_one("#answer"))

    async def resized(explorer: Any, pilot: Any) -> None:
        await pilot.press("tab", *["down"] * 6)
        await pilot.pause()
        shown["wide"] = _text(explorer.query_one("#answer"))
        title = explorer.query_one("#detail").border_title
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        shown["resized"] = _text(explorer.query_one("#answer"))
        assert explorer.has_class("-narrow") and explorer.focused.id == "entries" and title == "sosinfo faq 7"

    _drive(kb, store, (80, 24), fresh)
    _drive(kb, store, (140, 40), resized)
    assert "Question 7" in shown["fresh"] and shown["wide"] != shown["fresh"]
    assert shown["resized"] == shown["fresh"]


@pytest.mark.slow
def test_no_color_is_readable(kb: KnowledgeBase, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR: greys only, and never text in the colour of its background (the ANSI theme gave black on black)."""
    from sosinfo.explorer.layout import PLACEHOLDERS

    monkeypatch.setenv("NO_COLOR", "1")

    async def script(explorer: Any, pilot: Any) -> None:
        assert explorer.no_color
        await pilot.press(*["down"] * 6, "enter")
        await pilot.pause()
        assert "patrimoine" in _text(explorer.query_one("#answer"))
        for row in _screen(explorer):
            for segment in row:
                if not segment.text.strip() or segment.style is None:
                    continue
                style = segment.style
                if style.color is None or style.bgcolor is None or style.color.is_default or style.bgcolor.is_default:
                    continue  # the terminal's own colours
                fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
                assert fg.red == fg.green == fg.blue and bg.red == bg.green == bg.blue, segment
                assert fg != bg, segment
                if any(c.isalnum() for c in segment.text) and segment.text not in PLACEHOLDERS:  # text (the hint is dim)
                    assert abs(fg.red - bg.red) >= 100, segment

    _drive(kb, store, (80, 24), script)


# --- sizes: the layout, words never cut, names never lost --------------------------------------------

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
QUERIES = ["combien de salariés en 2016", "patrimoine immobilier", "résultat net", "associations-fondatrices", "directoire"]
FIGURE_QUERIES = ["activité", "ancienneté", "OC", "touchées", "salariés", "budget", "chiffre d'affaires", "radicalisées"]


async def _tour(explorer: Any, pilot: Any) -> list[tuple[str, list[str]]]:
    """Every kind of screen: each section, searches, the keys, the sources and the links of an entry."""
    seen = [("début", _lines(explorer))]
    for index, section in enumerate(explorer.catalog.sections):
        await explorer.run_action(f"open_section({index})")
        await pilot.pause()
        seen.append((section.id, _lines(explorer)))
    for query in QUERIES:
        explorer.query_one("#search").value = query
        await pilot.pause()
        seen.append((query, _lines(explorer)))
    explorer.query_one("#search").value = ""
    explorer.show_entry("chiffres:representants-par-fondatrice")  # a long command for a title
    await pilot.pause()
    seen.append(("titre long", _lines(explorer)))
    for key, entry in (("question_mark", "faq:7"), ("s", "faq:7"), ("l", "faq:7"), ("s", "faq:9"), ("s", "faq:8")):
        explorer.show_entry(entry)
        await pilot.press(key)
        await pilot.pause()
        if explorer.too_small:  # every key but q and Ctrl-C does nothing there
            assert len(explorer.screen_stack) == 1
            continue
        box = explorer.screen.children[0].region  # the box over the screen: what it shows (it hides the rest)
        seen.append((key, [line[box.x : box.right] for line in _lines(explorer)[box.y : box.bottom]]))
        await pilot.press("escape")
        await pilot.pause()
    return seen


def _vocabulary(kb: KnowledgeBase, store: Store) -> set[str]:
    """Every word the explorer may show, whole: its screens at a size where nothing needs cutting, every
    entry rendered wide, every list label; and each part of a hyphenated word (a line may end at a hyphen)."""
    from sosinfo.explorer.layout import too_small_lines
    from sosinfo.explorer.ui import source_passages
    from sosinfo.render import OutputSettings

    tour: list[tuple[str, list[str]]] = []

    async def script(explorer: Any, pilot: Any) -> None:
        tour.extend(await _tour(explorer, pilot))

    _drive(kb, store, (400, 200), script)
    texts = [line for _, lines in tour for line in lines]
    catalog = Catalog(kb)
    wide = OutputSettings(500, False, "utf-8", ())
    for key, entry in catalog.by_key.items():
        texts += [render_text(catalog.result(key), wide), entry.label, entry.command]
        console = _console(500)
        console.print(source_passages(catalog, key))
        texts.append(console.file.getvalue())
    texts += too_small_lines(40, 10)
    texts += [label.line for query in QUERIES for label in catalog.hit_labels(catalog.search(store, query).results.hits)]  # type: ignore[union-attr]
    words = {word for text in texts for word in WORD.findall(text)}
    pieces = set()
    for parts in (word.split("-") for word in words if "-" in word):
        pieces |= {"-".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)}
    return words | pieces


def _console(width: int) -> Any:
    from rich.console import Console

    return Console(width=width, file=io.StringIO(), no_color=True, markup=False, emoji=False, highlight=False)


@pytest.fixture(scope="module")
def vocabulary(kb: KnowledgeBase, store: Store) -> set[str]:
    return _vocabulary(kb, store)


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_no_word_is_ever_cut_at_any_size(kb: KnowledgeBase, store: Store, vocabulary: set[str], size: tuple[int, int]) -> None:
    """Every screen at 50×16, 80×24, 100×30, 160×50: each word on it is a whole word (or « … » after one)."""
    from sosinfo.explorer.layout import geometry

    fit = geometry(*size)
    tour: list[tuple[str, list[str]]] = []

    async def script(explorer: Any, pilot: Any) -> None:
        assert explorer.has_class("-narrow") == fit.narrow and explorer.has_class("-too-small") == fit.too_small
        if not fit.too_small:
            assert explorer.query_one("#entries").outer_size.width == fit.entries
            assert explorer.query_one("#detail").outer_size.width == fit.detail
            assert explorer.query_one("#section-bar").display == fit.narrow
        tour.extend(await _tour(explorer, pilot))

    _drive(kb, store, size, script)
    assert len(tour) > 15
    for state, lines in tour:
        assert all(cell_len(line) == cell_len(lines[0]) <= size[0] for line in lines) and len(lines) <= size[1]
        for line in lines:
            for word in WORD.findall(line):
                assert word in vocabulary, f"« {word} » is a piece of a word at {size}, {state}:\n" + "\n".join(lines)
        if fit.too_small:
            assert "Terminal trop petit" in "\n".join(lines) and "Agrandissez le terminal" in "\n".join(lines)
        else:
            assert "Terminal trop petit" not in "\n".join(lines)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(60, 16), *SIZES[1:]], ids=["60x16", *SIZE_IDS[1:]])
def test_every_figure_found_keeps_its_name_value_and_year_in_the_list(
    kb: KnowledgeBase, store: Store, size: tuple[int, int]
) -> None:
    """Each figure of the Chiffres list and each figure found: its name, its value and its year as the
    base gives it (« 2008, déduite », « non daté »), on the value's line or the next, never dropped."""
    catalog = Catalog(kb)
    figures = {f"chiffre:{f.id}": f for f in kb.figures}

    def year(figure: Any) -> str:
        if figure.annee is None:
            return "non daté"
        return f"{figure.annee}, déduite" if figure.precision == "deduite" else str(figure.annee)

    async def script(explorer: Any, pilot: Any) -> None:
        entries = explorer.query_one("#entries")
        checked = 0
        for query in [*QUERIES, *FIGURE_QUERIES]:
            explorer.query_one("#search").value = query
            await pilot.pause()
            hits = explorer.found.results.hits
            for index, (hit, label) in enumerate(zip(hits, catalog.hit_labels(hits), strict=True)):
                shown = _unwrapped(_prompt_lines(entries, index))
                if hit.type == "chiffre":
                    assert display(label.title) in shown and label.detail is not None, (size, hit.title, shown)
                    assert display(label.detail.value) in shown, (size, hit.title, shown)
                    assert label.detail.when.startswith(year(figures[hit.id])), (hit.id, label.detail)
                    assert _unwrapped([display(label.detail.note)]) in shown, (size, hit.title, shown)
                    checked += 1
        explorer.query_one("#search").value = ""
        await pilot.pause()
        await explorer.run_action(f"open_section({SECTIONS.index('Chiffres')})")
        await pilot.pause()
        assert [e.key for e in explorer.listed] == [e.key for e in catalog.section("chiffres").entries]
        for index, entry in enumerate(catalog.section("chiffres").entries):
            shown = _unwrapped(_prompt_lines(entries, index))
            if entry.shown.detail is not None:
                assert shown.endswith(_unwrapped([display(f"{entry.shown.detail.value} {entry.shown.detail.note}")])), shown
                checked += 1
        assert checked >= 60

    _drive(kb, store, size, script)


@pytest.mark.slow
def test_no_two_hits_or_entries_of_a_list_read_the_same_at_80x24(kb: KnowledgeBase, store: Store) -> None:
    """Two figures that would read the same (« Cœurs de métier : 5 (non daté) » from two sources) are told
    apart by their source; a figure that reads apart from every other hit is not given one."""
    lists: dict[str, list[str]] = {}

    async def script(explorer: Any, pilot: Any) -> None:
        entries = explorer.query_one("#entries")
        for query in ["activité", "salariés", "ancienneté", "budget", "chiffre d'affaires"]:
            explorer.query_one("#search").value = query
            await pilot.pause()
            lists[query] = [_unwrapped(_prompt_lines(entries, n)) for n in range(entries.option_count)]
        explorer.query_one("#search").value = ""
        await pilot.pause()
        for number, section in enumerate(SECTIONS):
            await explorer.run_action(f"open_section({number})")
            await pilot.pause()
            lists[section] = [_unwrapped(_prompt_lines(entries, n)) for n in range(entries.option_count)]

    _drive(kb, store, (80, 24), script)
    for name, labels in lists.items():
        assert labels and len(set(labels)) == len(labels), (name, [label for label in labels if labels.count(label) > 1])
    assert sum("Cœurs de métier" in label for label in lists["activité"]) == 2
    assert any("(non daté, ashoka-profil)" in label for label in lists["activité"])  # told apart by their sources
    assert any("(non daté, up-conferences)" in label for label in lists["activité"])
    assert not any("(2025, valeurs)" in label for label in lists["salariés"])  # one of its kind: no source
    assert any("100 (2025)" in label for label in lists["salariés"])


@pytest.mark.slow
@pytest.mark.parametrize("size", [(60, 16), (80, 24)], ids=["60x16", "80x24"])
def test_a_tree_nodes_next_lines_hang_deeper_than_its_name(kb: KnowledgeBase, store: Store, size: tuple[int, int]) -> None:
    """Gouvernance: a node's name that takes several lines goes on deeper than it starts, and never at a
    node's depth (« Président / du Directoire » under « Directoire » must not read as two nodes)."""
    catalog = Catalog(kb)
    nodes = catalog.section("gouvernance").entries
    depths = {cell_len(entry.shown.prefix) for entry in nodes}
    wrapped = 0

    async def script(explorer: Any, pilot: Any) -> None:
        nonlocal wrapped
        await explorer.run_action(f"open_section({SECTIONS.index('Gouvernance')})")
        await pilot.pause()
        entries = explorer.query_one("#entries")
        for index, entry in enumerate(nodes):
            first, *more = _prompt_lines(entries, index)
            depth = cell_len(entry.shown.prefix)
            assert cell_len(first) - cell_len(first.lstrip()) == depth, (entry.key, first)
            for line in more:
                indent = cell_len(line) - cell_len(line.lstrip())
                assert indent > depth and indent not in depths, (entry.key, [first, *more])
            wrapped += bool(more)

    _drive(kb, store, size, script)
    assert wrapped >= 5


@pytest.mark.slow
def test_the_thirteen_questions_read_apart_at_80x24(kb: KnowledgeBase, store: Store) -> None:
    async def script(explorer: Any, pilot: Any) -> None:
        entries = explorer.query_one("#entries")
        labels = [" ".join(line.strip() for line in _prompt_lines(entries, n)) for n in range(entries.option_count)]
        assert len(labels) == 13 and len(set(labels)) == 13, labels
        for n, label in enumerate(labels, 1):  # each starts with its number and a whole question's first words
            assert label.startswith(f"{n}. ")
        screen = "\n".join(_lines(explorer))
        for label in labels[:5]:  # those on screen are the labels
            assert all(line.strip() in screen for line in _prompt_lines(entries, labels.index(label)))

    _drive(kb, store, (80, 24), script)


async def _item_rows(explorer: Any, pilot: Any, index: int) -> list[str]:
    """An item of the entries list as the screen shows it: the pilot highlights it (the list scrolls to it),
    then the rows drawn in the highlight's style (reverse, or underlined without the focus) are read,
    borders and scrollbar aside."""
    from rich.color import Color
    from textual.geometry import Region

    entries = explorer.query_one("#entries")
    entries.highlighted = index
    await pilot.pause()
    rows = []
    for strip in entries.render_lines(Region(0, 0, *entries.outer_size)):
        lit = [s.text for s in strip if s.style and (s.style.underline or not (s.style.bgcolor or Color.default()).is_default)]
        if lit:
            rows.append("".join(lit).rstrip().replace("\xa0", " ").replace("\u202f", " "))
    assert rows, index
    return rows


def _plain(text: str) -> str:
    return display(text).replace("\xa0", " ").replace("\u202f", " ")


@pytest.mark.slow
@pytest.mark.parametrize("query", ["activité", "chiffre d affaires", "salariés"])
def test_every_hit_keeps_its_name_and_value_at_80x24_whatever_the_count(kb: KnowledgeBase, store: Store, query: str) -> None:
    """Twenty hits give the list a scrollbar: its labels are laid out at the width it leaves, each figure
    with its name and its value (not cut to the lines the list had room for before the scrollbar), and no
    hit shows « … » alone."""
    catalog = Catalog(kb)

    async def script(explorer: Any, pilot: Any) -> None:
        explorer.query_one("#search").value = query
        await pilot.pause()
        hits = explorer.found.results.hits
        figures = 0
        for index, label in enumerate(catalog.hit_labels(hits)):
            shown = _unwrapped(await _item_rows(explorer, pilot, index))
            assert shown.strip(" …[]" + _plain(label.prefix)), (index, shown)  # some of the title, not « … » alone
            if label.detail is not None:
                figures += 1
                assert _plain(label.title) in shown and _plain(label.detail.value) in shown, (index, shown)
                assert _plain(f"{label.detail.value} {label.detail.note}") in shown, shown
        assert figures >= 2
        if query == "activité":
            assert len(hits) >= 15 and explorer.query_one("#entries").show_vertical_scrollbar

    _drive(kb, store, (80, 24), script)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(60, 16), (80, 24)], ids=["60x16", "80x24"])
def test_no_entry_label_is_cut_silently(kb: KnowledgeBase, store: Store, size: tuple[int, int]) -> None:
    """Every entry of every section, as the screen shows it: its whole label, or its first whole words
    then « … »; never a label stopped short without a mark (« Toute la » for « Toute la chronologie »)."""
    catalog = Catalog(kb)
    checked = 0

    async def script(explorer: Any, pilot: Any) -> None:
        nonlocal checked
        for number, section in enumerate(catalog.sections):
            await explorer.run_action(f"open_section({number})")
            await pilot.pause()
            for index, entry in enumerate(section.entries):
                shown = _unwrapped(await _item_rows(explorer, pilot, index))
                label = entry.shown
                title = _plain(label.prefix + label.title).strip()
                if label.detail is not None:  # the figure's value: whole, after the title (on its line, or the next)
                    tail = _plain(f"{label.detail.value} {label.detail.note}")
                    assert shown.endswith(tail), (entry.key, shown)
                    shown = shown.removesuffix(tail).rstrip().removesuffix(":").rstrip()
                if shown != title:
                    assert shown.endswith("…"), (entry.key, shown, title)
                    kept = shown.removesuffix("…").rstrip()
                    assert title.startswith(kept) and title[len(kept)] == " ", (entry.key, shown, title)
                checked += 1

    _drive(kb, store, size, script)
    assert checked == sum(len(s.entries) for s in catalog.sections)


# --- Ctrl-C, French everywhere ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("where", ["liste", "recherche", "aide", "sources", "liens", "trop-petit"])
def test_ctrl_c_quits_at_once_with_130_wherever_the_focus_is(kb: KnowledgeBase, store: Store, where: str) -> None:
    async def script(explorer: Any, pilot: Any) -> None:
        explorer.show_entry("faq:7")
        await pilot.pause()
        keys = {"recherche": ["slash", *"salari"], "aide": ["question_mark"], "sources": ["s"], "liens": ["l"]}
        if where == "trop-petit":
            await pilot.resize_terminal(40, 10)
            await pilot.pause()
        await pilot.press(*keys.get(where, []))
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not explorer.is_running

    assert _drive(kb, store, (100, 30), script).return_code == 130


ENGLISH = re.compile(
    r"\b(?:Quit|quit|Press|Copy|Paste|Submit|Select|Search|Close|Cancel|Open|palette|Focus|Scroll|Keys|Help|Do you)\b"
)


@pytest.mark.slow
def test_nothing_is_in_english(kb: KnowledgeBase, store: Store) -> None:
    """Every screen, and what Textual would say itself (Ctrl-C, Ctrl-P, Ctrl-Q help, an empty list)."""
    seen: list[tuple[str, list[str]]] = []

    async def script(explorer: Any, pilot: Any) -> None:
        seen.extend(await _tour(explorer, pilot))
        explorer.query_one("#search").value = "recette de crêpes au sarrasin"
        await pilot.pause()
        for key in ("ctrl+p", "f1", "ctrl+question_mark", "c", "y", "tab", "tab", "c"):
            await pilot.press(key)
            await pilot.pause()
            seen.append((key, _lines(explorer)))
        assert len(explorer.screen_stack) == 1  # no command palette, no Textual key panel

    _drive(kb, store, (100, 30), script)
    for state, lines in seen:
        found = ENGLISH.search("\n".join(lines))
        assert found is None, (state, found)


@pytest.mark.slow  # a hundred commands
def test_the_copied_command_shows_that_very_entry(catalog: Catalog, run: Run) -> None:
    """« c » copies the entry's own command: run, it prints the very answer of the pane; where the command
    line has no narrower command (a value, one body of the governance), the entry says what it shows."""
    settings = _plain_settings(100)
    for section in catalog.sections:
        for entry in section.entries:
            shown = run(*entry.command.split()[1:], env={"COLUMNS": "100"})
            assert shown.exit_code == 0, entry.command
            pane = render_text(catalog.result(entry.key), settings)
            if entry.command_shows is None:
                assert shown.stdout == pane, entry.key
            else:
                assert pane.splitlines()[0] in shown.stdout and shown.stdout != pane, entry.key
    assert catalog.link_entry(Link("temoignage")) is not None  # a link to the section still opens
    assert catalog.by_key["evenement:fondation"].command == "sosinfo chronologie --annee 1984"


def _plain_settings(width: int) -> Any:
    from sosinfo.render import OutputSettings

    return OutputSettings(width, False, "utf-8", ())


# --- snapshots (SVG, also the README's screenshot) ----------------------------------------------------


def _to_faq_7(size: tuple[int, int]) -> list[str]:
    """The keys to FAQ 7 from the first screen: the sections pane has the focus when wide, the entries when narrow."""
    return [*(["tab"] if size[0] > 100 else []), *["down"] * 6, "enter"]


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_snapshot_start(snap_compare: Any, kb: KnowledgeBase, store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(_explorer(kb, store), terminal_size=size)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_faq_7(snap_compare: Any, kb: KnowledgeBase, store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(_explorer(kb, store), press=_to_faq_7(size), terminal_size=size)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_search(snap_compare: Any, kb: KnowledgeBase, store: Store, size: tuple[int, int]) -> None:
    async def type_query(pilot: Any) -> None:
        await pilot.press("slash")
        pilot.app.query_one("#search").value = "combien de salariés en 2016"
        await pilot.pause()
        await pilot.pause()  # the answer pane is laid out again after a refresh, at its own width

    assert snap_compare(_explorer(kb, store), run_before=type_query, terminal_size=size)


# --- the first screen, painted before Textual is loaded ------------------------------------------------

SCROLLBAR_GLYPHS = str.maketrans(dict.fromkeys("▁▂▃▄▅▆▇█▔", " "))


def _cells(rows: list[list[Any]]) -> list[list[tuple[str, str | None, bool]]]:
    """Each cell of a screen: its character, the colour of its text (its number among the terminal's), bold or not."""
    out = []
    for row in rows:
        cells = []
        for segment in row:
            style = segment.style
            colour = None if style is None or style.color is None else str(style.color.number)
            for character in segment.text:
                cells.append((character.translate(SCROLLBAR_GLYPHS), colour, bool(style and style.bold)))
        out.append(cells)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("size", [(60, 16), *SIZES[1:]], ids=["60x16", *SIZE_IDS[1:]])
def test_the_first_screen_is_the_apps_first_screen(kb: KnowledgeBase, store: Store, size: tuple[int, int]) -> None:
    """What is painted before Textual loads is what Textual then paints: the same text in the same places,
    bold alike, borders of the same colours (the focused pane's too), but for the scrollbars, which Textual adds."""
    from sosinfo.explorer.firstscreen import screen_lines
    from sosinfo.explorer.layout import geometry

    painted = _cells(screen_lines(Catalog(kb), geometry(*size)))
    frames: list[list[list[tuple[str, str | None, bool]]]] = []

    async def script(explorer: Any, pilot: Any) -> None:
        frames.append(_cells(_screen(explorer)))

    _drive(kb, store, size, script)
    app = frames[0]
    assert ["".join(c[0] for c in row) for row in painted] == ["".join(c[0] for c in row) for row in app]
    boxes = "╭╮╰╯│─"
    for y, (ours, theirs) in enumerate(zip(painted, app, strict=True)):
        for x, (mine, textual) in enumerate(zip(ours, theirs, strict=True)):
            if mine[0] in boxes:
                assert mine[1] == textual[1], (size, x, y, mine, textual)
            elif mine[0].isalnum():  # the chosen entry, the answer's headings, the keys: bold alike
                assert mine[2] == textual[2], (size, x, y, mine, textual)


# --- data is never markup: a hostile base shown everywhere -------------------------------------------------


def _hostile(kb: KnowledgeBase, victim: Path) -> KnowledgeBase:
    """The shipped base with markup in every kind of text the explorer shows, ids included, changed in
    memory (whatever grammar the loader may come to impose on ids, the screens must hold on their own)."""
    import copy

    click = f'[@click=app.screenshot("notes.txt","{victim}")]Lire la suite[/]'
    hostile = copy.deepcopy(kb)
    first, second = hostile.testimonials[:2]
    first.id = f"s {click}"  # the pane's title and the copy message
    first.personne = f"[reverse]Nicolas[/reverse] {click}"
    second.id = "x [link=https://example.com]lien[/link]"  # unquoted: crashed on highlight
    second.entite = '[link="https://example.com"]Entité[/link] [/]'
    hostile.faq[0].question = f"{click} [/] [b]gras[/b] ?"
    hostile.indicators[0].libelle = f'[link="https://example.com"]Salariés[/link] {click}'
    hostile.sources[0].titre = f"[/] {click}"
    hostile.values[0].nom = f"[reverse]Courage[/reverse] {click}"
    hostile.events[0].titre = f"{click} [/]"
    hostile.governance.nom = f"[blink]Groupe[/blink] {click}"
    hostile.approaches[0].titre = f"[/reverse] {click}"
    return hostile


def _no_action_from_data(rows: list[list[Any]], where: str) -> None:
    for row in rows:
        for segment in row:
            style = segment.style
            if style is None:
                continue
            assert style.link is None, (where, segment)  # no OSC 8 hyperlink sent to the terminal
            click = (style.meta or {}).get("@click")
            assert click is None or "open_link" in str(click), (where, segment)  # only the answer's own links


@pytest.mark.slow
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_markup_in_the_data_is_shown_as_text_everywhere(kb: KnowledgeBase, tmp_path: Path, size: tuple[int, int]) -> None:
    """Titles, list items, search results, the answer, the sources, the links, the copy messages: « [@click=…] »,
    « [/] », « [link=…] » and « [reverse] » from the data are shown as written, never read; a click does nothing."""
    hostile = _hostile(kb, tmp_path)
    store = memory_store(hostile)
    seen: list[tuple[str, list[list[Any]]]] = []

    async def script(explorer: Any, pilot: Any) -> None:
        for index, section in enumerate(explorer.catalog.sections):
            await explorer.run_action(f"open_section({index})")
            await pilot.pause()
            # every entry highlighted in turn, as ↓ does, at 80×24; one in three at 120×40 (the same texts,
            # laid out wider: the suite stays under two minutes)
            for n in range(0, len(section.entries), 1 if size == (80, 24) else 3):
                explorer.query_one("#entries").highlighted = n
                await pilot.pause()
                seen.append((f"{section.id} {n}", _screen(explorer)))
        explorer.show_entry(f"temoignage:{hostile.testimonials[0].id}")
        for key in ("c", "y", "s", "escape", "l", "escape"):  # the copy messages, the sources, the links
            await pilot.press(key)
            await pilot.pause()
            seen.append((key, _screen(explorer)))
        explorer.show_entry("faq:1")
        await pilot.press("s")
        await pilot.pause()
        seen.append(("s faq", _screen(explorer)))
        await pilot.press("escape")
        for query in ("lire la suite", "salariés", "Nicolas", "Courage"):
            explorer.query_one("#search").value = query
            await pilot.pause()
            seen.append((query, _screen(explorer)))
        for _, rows in seen[-8:]:  # a click on each « Lire la suite » that was shown
            for y, row in enumerate(rows):
                line = "".join(segment.text for segment in row)
                if "Lire la suite" in line and y < size[1]:
                    await pilot.click(offset=(cell_len(line[: line.index("Lire la suite")]) + 2, y))
                    await pilot.pause()
        assert explorer.is_running

    explorer = _drive(hostile, store, size, script)
    assert explorer.return_code in (None, 0)
    assert not (tmp_path / "notes.txt").exists() and list(tmp_path.iterdir()) == []
    everything = "\n".join("".join(s.text for s in row) for _, rows in seen for row in rows)
    # straight quotes are typeset as « » like any text of the base: the markup is still shown, never read
    quoted_link = "[link=«\u202fhttps://example.com\u202f»]"
    for written in ("[@click=app.screenshot(", "[reverse]Nicolas[/reverse]", "[/]", quoted_link, "[blink]"):
        assert written in everything, written
    for where, rows in seen:
        _no_action_from_data(rows, where)


# --- copying: what was asked of whom, and what to do if nothing arrives ----------------------------------


def _toasts(explorer: Any) -> list[str]:
    """The notifications on screen, each as one line of text."""
    from textual.geometry import Region

    return [
        " ".join(" ".join(strip.text for strip in toast.render_lines(Region(0, 0, *toast.outer_size))).replace("▌", " ").split())
        for toast in explorer.screen.query("Toast")
    ]


@pytest.mark.slow
def test_copy_messages_say_what_was_asked_and_what_to_do(
    kb: KnowledgeBase, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sosinfo.explorer import ui

    for variable in ("TMUX", "TERM_PROGRAM"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    said: dict[str, list[str]] = {}

    async def press(explorer: Any, pilot: Any, name: str, key: str, entry: str = "faq:7") -> None:
        explorer.clear_notifications()
        explorer.show_entry(entry)
        await pilot.press(key)
        await pilot.pause()
        said[name] = _toasts(explorer)

    async def script(explorer: Any, pilot: Any) -> None:
        await press(explorer, pilot, "c", "c")
        assert explorer.clipboard == "sosinfo faq 7"
        await press(explorer, pilot, "y", "y")
        assert explorer.clipboard.startswith("# ")
        await press(explorer, pilot, "valeur", "c", "valeur:courage-solidaires")
        monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1,0")
        await press(explorer, pilot, "tmux", "c")
        monkeypatch.setattr(ui, "clipboard_tool", lambda _environment: ["true"])
        await press(explorer, pilot, "outil", "c")
        monkeypatch.setattr(ui, "clipboard_tool", lambda _environment: ["false"])
        await press(explorer, pilot, "outil en échec", "y")
        monkeypatch.setattr(ui, "clipboard_tool", lambda _environment: [])
        await press(explorer, pilot, "aucun", "c")

    _drive(kb, store, (120, 40), script)
    assert said["c"] == [
        "Copie de la commande demandée au terminal : sosinfo faq 7 Rien dans le presse-papiers ? Votre terminal"
        " n'accepte pas ces demandes ; sélectionnez-la ici à la souris, la touche Maj enfoncée (Option sur un Mac)."
    ]
    assert said["y"] == [
        "Copie de la réponse en Markdown demandée au terminal. Rien dans le presse-papiers ? Votre terminal"
        " n'accepte pas ces demandes ; la réponse s'obtient aussi avec la commande : sosinfo faq 7 --format markdown"
    ]
    assert said["valeur"][0].endswith("Cette commande montre toute la section « Valeurs ».")
    assert "(sous tmux : set -g set-clipboard on)" in said["tmux"][0]
    assert said["outil"] == ["La commande est copiée dans le presse-papiers (par true) : sosinfo faq 7"]
    for name in ("outil en échec", "aucun"):
        assert said[name][0].startswith("Pas de presse-papiers joignable d'ici"), said[name]
    assert "sosinfo faq 7 --format markdown" in said["outil en échec"][0]
    assert "envoyée" not in " ".join(" ".join(messages) for messages in said.values())  # nothing claims it arrived



@pytest.mark.slow
@pytest.mark.parametrize("size", [(60, 16), (80, 24)], ids=["60x16", "80x24"])
def test_no_line_of_a_message_starts_with_a_punctuation_mark(
    kb: KnowledgeBase, store: Store, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """The copy messages (« c », « y »), whatever the clipboard and under tmux or not: « ; » « : » « ? » « ! »
    « » » stay after their word (« demandes ; sélectionnez-la… » never has « ; » at a line's start), and
    the lines the app lays out are those the screen shows (none broken again by Textual)."""
    from sosinfo.explorer import ui

    monkeypatch.delenv("TERM_PROGRAM", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    seen: list[tuple[str, list[str], str]] = []

    async def script(explorer: Any, pilot: Any) -> None:
        from textual.geometry import Region

        sent: list[str] = []
        notify = explorer.notify
        monkeypatch.setattr(explorer, "notify", lambda message, **options: sent.append(message) or notify(message, **options))
        tools: list[Any] = [None, ["false"], []]
        for tmux, tool, entry, key in [
            (t, o, e, k) for t in (False, True) for o in tools for e in ("faq:7", "valeur:courage-solidaires") for k in "cy"
        ]:
            if tmux:
                monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1,0")
            else:
                monkeypatch.delenv("TMUX", raising=False)
            monkeypatch.setattr(ui, "clipboard_tool", lambda _environment, tool=tool: tool)
            explorer.clear_notifications()
            sent.clear()
            explorer.show_entry(entry)
            await pilot.press(key)
            await pilot.pause()
            (toast,) = explorer.screen.query("Toast")
            rows = [strip.text.replace("▌", " ").strip() for strip in toast.render_lines(Region(0, 0, *toast.outer_size))]
            seen.append((f"{tmux} {tool} {entry} {key}", [row for row in rows if row], sent[-1]))

    _drive(kb, store, size, script)
    assert len(seen) == 24
    for state, rows, _ in seen:
        assert all(row[0] not in ";:?!»" for row in rows), (state, rows)
    for state, rows, message in seen:
        assert rows == [line.strip() for line in message.split("\n")], (state, rows)
    assert any("demandes (sous tmux" in " ".join(rows) and "; sélectionnez-la" in " ".join(rows) for _, rows, _ in seen)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(60, 16), (80, 24)], ids=["60x16", "80x24"])
def test_a_command_shown_is_never_broken_across_two_lines(
    kb: KnowledgeBase, store: Store, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """The links of an answer (« l »), the copy messages (« c », « y »), the keys (« ? »), the notice of a
    terminal too small: each command they write is whole on one line of the screen."""
    for variable in ("TMUX", "TERM_PROGRAM"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    # the longest command of an entry (61 characters) at 80 columns; one that 60 columns can hold
    longest = "sosinfo chiffres --indicateur " + ("organisations-citoyennes-france" if size[0] >= 80 else "salaries")
    seen: list[tuple[str, list[str], list[str]]] = []

    async def shown(explorer: Any, pilot: Any, entry: str, key: str, commands: list[str]) -> None:
        explorer.clear_notifications()
        explorer.show_entry(entry)
        await pilot.press(key)
        await pilot.pause()
        if key == "question_mark":  # the key « c », near the end of the keys
            explorer.screen.query_one("TitledScroll").scroll_end(animate=False)
            await pilot.pause()
        seen.append((f"{entry} {key}", [line.replace("\xa0", " ") for line in _lines(explorer)], commands))
        if len(explorer.screen_stack) > 1:
            await pilot.press("escape")
            await pilot.pause()

    async def script(explorer: Any, pilot: Any) -> None:
        links = [command for command, _ in explorer.catalog.links_for(explorer.catalog.result("faq:7"))]
        await shown(explorer, pilot, "faq:7", "l", links)
        await shown(explorer, pilot, "faq:1", "y", ["sosinfo faq 1 --format markdown"])
        await shown(explorer, pilot, "faq:1", "c", ["sosinfo faq 1"])
        await shown(explorer, pilot, f"chiffres:{longest.rsplit(' ', 1)[-1]}", "c", [longest])
        await shown(explorer, pilot, "faq:1", "question_mark", ["sosinfo faq 7"])
        await pilot.resize_terminal(44, 12)
        await pilot.pause()
        seen.append(("trop petit", _lines(explorer), ["sosinfo faq 7", "sosinfo recherche"]))

    _drive(kb, store, size, script)
    assert len(seen) == 6 and seen[0][2]
    for state, lines, commands in seen:
        for command in commands:
            assert any(command in line for line in lines), (state, command, "\n".join(lines))

# --- in a real terminal: Ctrl-C, q, SIGINT (a pseudo-terminal) -----------------------------------------

APP_STARTED = b"\x1b[?1000h"  # Textual turns the mouse on when it takes the terminal; the first screen does not
ANSI = re.compile(rb"\x1b(\[[0-9;?<>=$ ]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[()][0-9A-Za-z]|.)")
FIRST_SCREEN = "Question\u00a01".encode()  # a label keeps its number: a no-break space


class _Terminal:
    """``python -m sosinfo explorer`` in a pseudo-terminal of its own, as in a terminal window."""

    def __init__(self, size: tuple[int, int] = (80, 24), environment: dict[str, str] | None = None) -> None:
        import fcntl
        import signal
        import struct
        import termios

        environment = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "COLUMNS", "LINES", "TMUX")} | {
            "TERM": "xterm-256color",
            "SOSINFO_DATA": "",
            **(environment or {}),
        }
        pid, descriptor = os.forkpty()
        if pid == 0:  # the child: Ctrl-C as a terminal gives it, whatever the test runner set for itself
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
                os.execve(sys.executable, [sys.executable, "-m", "sosinfo", "explorer"], environment)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, descriptor
        self.output = b""

    def read_until(self, *markers: bytes, timeout: float = 30.0, since: int = 0) -> None:
        """Read until each marker is in the text written from ``since`` on (escape sequences aside)."""
        import select
        import time

        deadline = time.monotonic() + timeout
        while not all(marker in self.output[since:] or marker in ANSI.sub(b"", self.output[since:]) for marker in markers):
            assert time.monotonic() < deadline, self.output[-500:]
            if select.select([self.fd], [], [], 0.05)[0]:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:
                    return

    def write(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def wait(self, timeout: float = 10.0) -> tuple[int, float]:
        """The exit code, and how long the program took to end."""
        import select
        import time

        started = time.monotonic()
        while True:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            assert time.monotonic() - started < timeout, "still running"
            with contextlib.suppress(OSError):
                if select.select([self.fd], [], [], 0.02)[0]:
                    self.output += os.read(self.fd, 65536)
        elapsed = time.monotonic() - started
        with contextlib.suppress(OSError):
            while chunk := os.read(self.fd, 65536):
                self.output += chunk
        return os.waitstatus_to_exitcode(status), elapsed

    def settings(self) -> tuple[bool, bool]:
        """Whether the terminal echoes and edits lines (as a shell expects it), read once the program is gone."""
        import termios

        flags = termios.tcgetattr(self.fd)[3]
        return bool(flags & termios.ECHO), bool(flags & termios.ICANON)

    def close(self) -> None:
        os.close(self.fd)


@pytest.fixture
def terminal() -> Any:
    opened: list[_Terminal] = []

    def start(size: tuple[int, int] = (80, 24), environment: dict[str, str] | None = None) -> _Terminal:
        opened.append(_Terminal(size, environment))
        return opened[-1]

    yield start
    for each in opened:
        with contextlib.suppress(ChildProcessError, ProcessLookupError):
            os.kill(each.pid, 9)
            os.waitpid(each.pid, 0)
        each.close()


@pytest.mark.slow
@pytest.mark.parametrize("keys", [b"", b"/salari", b"?"], ids=["liste", "recherche", "aide"])
def test_ctrl_c_in_a_real_terminal_ends_with_130_at_once(terminal: Any, keys: bytes) -> None:
    shell = terminal()
    shell.read_until(APP_STARTED, FIRST_SCREEN)
    shell.write(keys)
    shell.write(b"\x03")
    code, elapsed = shell.wait()
    assert code == 130 and elapsed < 2.0, (code, elapsed)
    assert shell.output.rstrip().endswith(b"Interrompu.")
    assert shell.output.rindex(b"\x1b[?1049l") < shell.output.rindex(b"Interrompu.")  # the screen given back first
    assert shell.settings() == (True, True)


@pytest.mark.slow
def test_q_ends_with_0_and_sigint_with_130(terminal: Any) -> None:
    import signal

    shell = terminal(environment={"COLUMNS": "²", "LINES": "①"})  # not numbers for Rich: ignored, not a crash
    shell.read_until(APP_STARTED, FIRST_SCREEN)
    shell.write(b"q")
    assert shell.wait()[0] == 0 and b"Interrompu" not in shell.output and shell.settings() == (True, True)
    shell = terminal((100, 30))
    shell.read_until(APP_STARTED, FIRST_SCREEN)
    os.kill(shell.pid, signal.SIGINT)  # from outside (kill -INT): the same way out as Ctrl-C
    code, elapsed = shell.wait()
    assert code == 130 and elapsed < 2.0 and shell.settings() == (True, True)


@pytest.mark.slow
def test_ctrl_c_on_the_first_screen_before_the_app_gives_the_terminal_back(terminal: Any) -> None:
    """Ctrl-C while Textual is still loading (the first screen is up, the terminal still sends SIGINT): 130,
    out of the alternate screen, the terminal echoing and editing lines again."""
    shell = terminal()
    shell.read_until(b"\x1b[?1049h", FIRST_SCREEN)
    shell.write(b"\x03")
    code, _ = shell.wait()
    assert code == 130 and b"Interrompu." in shell.output
    assert shell.output.rindex(b"\x1b[?1049l") < shell.output.rindex(b"Interrompu.")
    assert shell.settings() == (True, True)


@pytest.mark.slow
def test_keys_typed_before_the_app_is_ready_reach_it(terminal: Any) -> None:
    """« /patrimoine » typed on the first screen, before Textual has the terminal: the search runs all the same."""
    shell = terminal()
    shell.read_until(b"\x1b[?1049h", FIRST_SCREEN)
    shell.write(b"/patrimoine immobilier")
    shell.read_until(APP_STARTED)
    shell.read_until("Recherche · ".encode(), since=shell.output.index(APP_STARTED))  # the app's own list of results
    shell.write(b"\x03")
    assert shell.wait()[0] == 130



class _ShellScreen:
    """The shell's screen once the program is gone: what it wrote outside the alternate screen, laid out as a
    terminal does (text, carriage return, line feed, erase in line; the cursor back where it was when the
    alternate screen is left), other escape sequences aside."""

    def __init__(self, output: bytes, width: int) -> None:
        self.lines: list[list[str]] = [[]]
        self.row = self.column = 0
        self.width = width
        self.alternate, self.saved = False, (0, 0)
        position = 0
        for escape in ANSI.finditer(output):
            self.write(output[position : escape.start()].decode(errors="replace"))
            self.escape(escape.group())
            position = escape.end()
        self.write(output[position:].decode(errors="replace"))

    def escape(self, sequence: bytes) -> None:
        if sequence == b"\x1b[?1049h" and not self.alternate:
            self.alternate, self.saved = True, (self.row, self.column)
        elif sequence == b"\x1b[?1049l" and self.alternate:
            self.alternate, (self.row, self.column) = False, self.saved
        elif sequence in (b"\x1b[K", b"\x1b[0K") and not self.alternate:
            del self.lines[self.row][self.column :]

    def write(self, text: str) -> None:
        for character in "" if self.alternate else text:
            if character == "\r":
                self.column = 0
            elif character == "\n" or (character.isprintable() and self.column >= self.width):
                self.row, self.column = self.row + 1, 0 if character != "\n" else self.column
                self.lines.extend([] for _ in range(self.row + 1 - len(self.lines)))
            if character.isprintable():
                line = self.lines[self.row]
                line.extend(" " * (self.column + 1 - len(line)))
                line[self.column] = character
                self.column += 1

    def shown(self) -> list[str]:
        return ["".join(line).rstrip() for line in self.lines]


@pytest.mark.slow
def test_keys_typed_ahead_leave_no_trace_on_the_shells_line(terminal: Any) -> None:
    """« /salari » typed at once, before the first screen: the terminal echoes it on the shell's line. The
    app has it (its search runs); once the app is gone, the shell's line is clean (not « /salariEXIT=0 »)."""
    shell = terminal()
    shell.write(b"/salari")  # at once: the terminal still echoes what is typed
    shell.read_until(APP_STARTED)
    shell.read_until("Recherche · ".encode(), since=shell.output.index(APP_STARTED))  # the keys reached the app
    shell.write(b"\x1b")
    shell.read_until("FAQ · 13".encode(), since=shell.output.rindex("Recherche · ".encode()))  # out of the search
    shell.write(b"q")
    assert shell.wait()[0] == 0
    assert b"/salari" in shell.output[: shell.output.index(b"\x1b[?1049h")]  # echoed before the first screen
    screen = _ShellScreen(shell.output, 80).shown()
    assert not any("salari" in line for line in screen), screen
    assert shell.settings() == (True, True)

def test_the_tests_run_without_the_variables_ci_services_set() -> None:
    """CI services set CI=true, and the explorer refuses to start under it: a test that started the explorer
    with the runner's environment passed here and failed in CI. The conftest removes such variables."""
    from tests.conftest import ambient_variables

    assert {name: os.environ[name] for name in ambient_variables(os.environ)} == {"SOSINFO_OUTPUT_CACHE": "0"}  # the suite's own
    assert ambient_variables({"CI": "true", "SOSINFO_DATA": "x", "HOME": "/root"}) == ["CI", "SOSINFO_DATA"]
    assert ambient_variables({"SOSINFO_UPDATE_GOLDEN": "1"}) == []  # the suite's own switch stays


@pytest.mark.slow
def test_a_terminal_that_goes_away_without_a_hangup_ends_the_explorer(tmp_path: Path) -> None:
    """Started in a session of its own (no SIGHUP when its terminal closes), the explorer once stayed behind
    with a core at 100 %: Textual's input loop read the end of its input for ever. It now ends, code 129."""
    import fcntl
    import select
    import struct
    import termios
    import time

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    environment = os.environ | BASE_ENV | {"TERM": "xterm-256color", "SOSINFO_CACHE_DIR": str(tmp_path / "cache")}
    script = Path(sys.executable).with_name("sosinfo")
    process = subprocess.Popen(
        [str(script), "explorer"], stdin=slave, stdout=slave, stderr=slave, start_new_session=True, env=environment
    )
    os.close(slave)
    try:
        seen = b""
        deadline = time.monotonic() + 60
        while APP_STARTED not in seen and time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                seen += os.read(master, 65536)
        assert APP_STARTED in seen
        os.close(master)  # the terminal window is closed; no signal reaches the explorer
        master = -1
        assert process.wait(timeout=10) == 129
    finally:
        if master >= 0:
            os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait()
