"""``sosinfo explorer``: the catalogue it browses, its refusals, its screens (Textual pilot, snapshots).

The pilot and snapshot tests start the Textual app headless; they are marked ``slow``
(``pytest -m "not slow"`` skips them). Snapshots: ``pytest tests/test_explorer.py --snapshot-update``.
"""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_ENV, Run

from sosinfo import app as service
from sosinfo.explorer import terminal_problem
from sosinfo.explorer.catalog import Catalog
from sosinfo.kb.model import KnowledgeBase
from sosinfo.render.markdown import render_markdown
from sosinfo.render.terminal import render_text, renderables
from sosinfo.search.documents import memory_store
from sosinfo.search.index import Store

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


def test_links_written_in_answers_open_entries(catalog: Catalog) -> None:
    assert catalog.link_target("sosinfo faq 4") == "faq:4"
    assert catalog.link_target("sosinfo sources --conflits") == "conflits"
    assert catalog.link_target("sosinfo chiffres --indicateur salaries") == "chiffres:salaries"
    assert catalog.link_target("sosinfo temoignages") == catalog.section("temoignages").entries[0].key
    assert catalog.link_target("sosinfo recherche") is None
    assert catalog.links_in("→ 4. Quel est le budget ?  (sosinfo faq 4)\n→ (sosinfo faq 3) et (sosinfo faq 4)") == [
        ("sosinfo faq 4", "faq:4"),
        ("sosinfo faq 3", "faq:3"),
    ]


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
    assert nothing.message is not None and nothing.message.startswith("Rien trouvé")
    stop_words = catalog.search(store, "le la les")
    assert stop_words.results is None and stop_words.message


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


def test_a_figure_in_the_list_keeps_its_value_whole(catalog: Catalog, store: Store) -> None:
    """The label gives way (« … »), then the tag and the date; the value is never cut (« Salariés : 15 … »)."""
    from rich.console import Console

    from sosinfo.explorer.ui import FittedLabel

    hits = [h for q in ("salariés", "chiffre d'activité", "résultat") for h in catalog.search(store, q).results.hits]  # type: ignore[union-attr]
    group: list[FittedLabel] = []
    labels = [(h.title, FittedLabel.of("[Chiffre] ", h.title, group)) for h in hits if h.type == "chiffre"]
    assert len(labels) > 5 and all(label is not None for _, label in labels)
    narrowest = max(len(label.value) for _, label in labels if label is not None)  # the list is 19 cells wide at 80x24
    assert narrowest <= 19
    for width in range(narrowest, 70):
        for title, label in labels:
            assert label is not None
            console = Console(width=width, file=io.StringIO(), no_color=True)
            console.print(label)
            line = console.file.getvalue().rstrip("\n")  # type: ignore[attr-defined]
            assert "\n" not in line and label.value in line, (width, title, line)
    wide = Console(width=120, file=io.StringIO(), no_color=True)
    wide.print(labels[0][1])
    assert wide.file.getvalue().strip() == "[Chiffre] " + labels[0][0]  # type: ignore[attr-defined]  # room: all of it


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


def _drive(kb: KnowledgeBase, store: Store, size: tuple[int, int], script: Callable[[Any, Any], Awaitable[None]]) -> None:
    async def main() -> None:
        explorer = _explorer(kb, store)
        async with explorer.run_test(size=size) as pilot:
            await pilot.pause()
            await script(explorer, pilot)

    asyncio.run(main())


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
        # search as you type: letters bound to keys (c, s, q…) go into the box
        await pilot.press("slash", *"patrimoine immobilier")
        await pilot.pause()
        assert explorer.query_one("#search").value == "patrimoine immobilier"
        assert len(explorer.screen_stack) == 1
        assert explorer.current == "faq:7"
        first = explorer.query_one("#entries").get_option_at_index(0).prompt
        assert "patrimoine" in str(first).lower()
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

    _drive(kb, store, (120, 80), script)


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
        assert "Rien trouvé" in _text(explorer.query_one("#answer"))
        assert "rien trouvé" in entries.border_title
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
def test_pilot_sections_by_mouse_and_keyboard(kb: KnowledgeBase, store: Store) -> None:
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
        await pilot.click("#sections", offset=(3, 3))  # the mouse: third section
        await pilot.pause()
        assert explorer.section_id == "gouvernance"

    _drive(kb, store, (80, 24), script)


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
        for value in ("15\u202f000 (2016)", "2\u202f000 (2008)", "14\u202f000 (non daté)"):
            assert value in listed, (value, listed)
        answer = _text(explorer.query_one("#answer"))
        assert "➜ Salariés\u202f: 15\u202f000" in answer or "➜ Salariés\u202f:\n15\u202f000" in answer, answer

    _drive(kb, store, size, script)


@pytest.mark.slow
def test_the_answer_is_laid_out_again_at_its_new_width_on_resize(kb: KnowledgeBase, store: Store) -> None:
    shown: dict[str, str] = {}

    async def fresh(explorer: Any, pilot: Any) -> None:
        await pilot.press("tab", *["down"] * 6)
        await pilot.pause()
        shown["fresh"] = _text(explorer.query_one("#answer"))

    async def resized(explorer: Any, pilot: Any) -> None:
        await pilot.press("tab", *["down"] * 6)
        await pilot.pause()
        shown["wide"] = _text(explorer.query_one("#answer"))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        shown["resized"] = _text(explorer.query_one("#answer"))

    _drive(kb, store, (80, 24), fresh)
    _drive(kb, store, (140, 40), resized)
    assert "Question 7" in shown["fresh"] and shown["wide"] != shown["fresh"]
    assert shown["resized"] == shown["fresh"]


@pytest.mark.slow
def test_no_color_is_readable(kb: KnowledgeBase, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR: greys only, and never text in the colour of its background (the ANSI theme gave black on black)."""
    from textual.geometry import Region

    monkeypatch.setenv("NO_COLOR", "1")

    async def script(explorer: Any, pilot: Any) -> None:
        assert explorer.no_color
        await pilot.press("tab", *["down"] * 6, "enter")
        await pilot.pause()
        assert "patrimoine" in _text(explorer.query_one("#answer"))
        for selector in ("#search", "#sections", "#entries", "#answer"):
            widget = explorer.query_one(selector)
            for strip in widget.render_lines(Region(0, 0, *widget.size)):
                for segment in strip:
                    if not segment.text.strip() or segment.style is None:
                        continue
                    style = segment.style
                    if style.color is None or style.bgcolor is None or style.color.is_default or style.bgcolor.is_default:
                        continue  # the terminal's own colours
                    fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
                    assert fg.red == fg.green == fg.blue and bg.red == bg.green == bg.blue, (selector, segment)
                    assert fg != bg, (selector, segment)
                    if selector != "#search" and any(c.isalnum() for c in segment.text):  # text (the placeholder is dim)
                        assert abs(fg.red - bg.red) >= 100, (selector, segment)

    _drive(kb, store, (80, 24), script)


# --- snapshots (SVG, also the README's screenshot) ----------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_faq_7(snap_compare: Any, kb: KnowledgeBase, store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(_explorer(kb, store), press=["tab", *["down"] * 6, "enter"], terminal_size=size)


@pytest.mark.slow
def test_snapshot_start(snap_compare: Any, kb: KnowledgeBase, store: Store) -> None:
    assert snap_compare(_explorer(kb, store), terminal_size=(80, 24))


@pytest.mark.slow
def test_snapshot_search(snap_compare: Any, kb: KnowledgeBase, store: Store) -> None:
    async def type_query(pilot: Any) -> None:
        await pilot.press("slash")
        pilot.app.query_one("#search").value = "combien de salariés en 2016"
        await pilot.pause()
        await pilot.pause()  # the answer pane is laid out again after a refresh, at its own width

    assert snap_compare(_explorer(kb, store), run_before=type_query, terminal_size=(120, 40))


@pytest.mark.parametrize("key", ["temoignage:valet", "temoignage:burban", "faq:7"])
def test_the_copied_command_shows_that_very_entry(catalog: Catalog, run: Run, key: str) -> None:
    """« c » copies the entry's own command: run, it prints the same answer as the pane."""
    entry = catalog.by_key[key]
    shown = run(*entry.command.split()[1:], env={"COLUMNS": "100"})
    assert shown.exit_code == 0
    pane = render_text(catalog.result(key), _plain_settings(100))
    assert shown.stdout == pane
    assert catalog.link_target("sosinfo temoignages") is not None  # a link to the section still opens


def _plain_settings(width: int) -> Any:
    from sosinfo.render import OutputSettings

    return OutputSettings(width, False, "utf-8", ())
