"""Renderers: one per result type and format (proved complete), data never markup, layout helpers."""

from __future__ import annotations

import dataclasses
import re
import shutil
import typing
from pathlib import Path

import pytest
from conftest import Run

from sosinfo import app, contract, queries, results
from sosinfo.errors import Problem
from sosinfo.quantities import axis_bars, format_value
from sosinfo.render import OutputFormat, OutputSettings, render
from sosinfo.results import Result
from sosinfo.text import display, safe

SETTINGS = {width: OutputSettings(width, False, "utf-8", ("", "", "")) for width in (40, 80, 120)}


def every_result() -> list[Result]:
    kb = app.load(None)
    export = queries.export(kb)
    hit = results.Hit("faq:7", "faq", "Patrimoine", "sosinfo faq 7", contract.faq_summary(kb.faq[6]), 1.0, "un extrait", [(3, 8)])
    return [
        queries.faq_list(kb),
        export.faq[0],
        export.figures,
        queries.latest_figures(kb),
        queries.figures(kb, None, "salaries", chart=True),
        export.governance,
        export.values,
        export.testimonials,
        export.founder,
        export.timeline,
        export.sectors,
        export.advocacy,
        export.contact,
        export.sources,
        export.conflicts,
        export.approaches,
        export,
        results.SearchResults("patrimoine", [hit], False),
        results.VerificationReport("/tmp/base", [], {"faq": 13}),
        results.VerificationReport("/tmp/base", [Problem("faq.yaml", 3, "valeur manquante")], {}),
    ]


def test_every_result_type_is_covered() -> None:
    covered = {type(result) for result in every_result()}
    assert covered == set(typing.get_args(Result))


@pytest.mark.parametrize("output_format", list(OutputFormat))
@pytest.mark.parametrize("width", [40, 80, 120])
def test_every_result_type_renders_in_every_format(output_format: OutputFormat, width: int) -> None:
    from sosinfo.contract import table
    from sosinfo.errors import UsageError

    for result in every_result():
        if output_format is OutputFormat.csv and table(result) is None:  # not a table: refused, in French
            with pytest.raises(UsageError, match="csv ne s'y applique pas"):
                render(result, output_format, SETTINGS[width])
            continue
        text = render(result, output_format, SETTINGS[width])
        assert text.strip(), type(result).__name__
        if output_format is OutputFormat.texte:
            assert all(len(line) <= width for line in text.splitlines()), type(result).__name__


def test_unknown_result_is_a_type_error() -> None:
    with pytest.raises((TypeError, AssertionError)):
        render(object(), OutputFormat.texte, SETTINGS[80])  # type: ignore[arg-type]


# --- hostile data: text, never markup or control sequences ------------------------------------------

HOSTILE = {
    "markup": "[/] [bold]gras[/bold] [sic] [link=https://evil.example]clic[/link]",
    "escape": "avant\x1b[31mrouge\x1b]8;;https://evil.example\x07lien\x1b]8;;\x07\x00\x9b après",
    "bidi": "abc\u202edcba\u2066x\u2069",
    "html": "<script>alert(1)</script> & <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![i](https://evil.example/i.png)",
}


def _poison(data: Path, text: str) -> None:
    """Put ``text`` in a testimonial's person name (a panel title) and a source's title (Markdown headings)."""
    path = data / "temoignages.yaml"
    content = path.read_text(encoding="utf-8")
    path.write_text(content.replace("personne: Moubarakou Salami", f"personne: {_yaml(text)}", 1), encoding="utf-8")
    contact = data / "contact.yaml"
    content = contact.read_text(encoding="utf-8")
    contact.write_text(re.sub(r"(?m)^(\s*site:).*$", rf"\1 {_yaml('javascript:alert(1)')}", content, count=1), encoding="utf-8")


def _yaml(text: str) -> str:
    return '"' + text.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


REFUSED_ON_LOAD = {"escape", "bidi"}  # control and bidi characters: the loader refuses the file


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_strings_stay_text(run: Run, data_copy: Path, name: str) -> None:
    _poison(data_copy, HOSTILE[name])
    text = run("temoignages", "--data-dir", str(data_copy), env={"COLUMNS": "200"})
    if name in REFUSED_ON_LOAD:
        assert text.exit_code == 1 and "caractère interdit U+" in text.stderr, text.stderr
        assert "\x1b" not in text.stderr and "\u202e" not in text.stderr and not text.stdout
        return
    assert text.exit_code == 0, text.stderr
    assert "\x1b" not in text.stdout and "\x00" not in text.stdout and "\u202e" not in text.stdout
    if name == "markup":  # no MarkupError, and « [sic] » is kept
        assert "[sic]" in text.stdout and "[/]" in text.stdout and "[link=https://evil.example]" in text.stdout
    markdown = run("temoignages", "-f", "markdown", "--data-dir", str(data_copy)).stdout
    assert not re.search(r"(?<!\\)<(script|img)", markdown) and not re.search(r"(?<!\\)\]\(javascript:", markdown)
    assert "\x1b" not in markdown and "\u202e" not in markdown
    contact = run("contact", "-f", "markdown", "--data-dir", str(data_copy)).stdout
    assert "](<javascript:" not in contact and "(javascript:" not in contact


@pytest.mark.parametrize("name", sorted(REFUSED_ON_LOAD))
@pytest.mark.parametrize("output_format", list(OutputFormat))
def test_renderers_neutralise_control_characters_the_loader_would_refuse(name: str, output_format: OutputFormat) -> None:
    """Defence in depth: a result built by other means than the loader still never reaches the terminal raw."""
    kb = app.load(None)
    if output_format is OutputFormat.csv:  # a table: the timeline, poisoned the same way
        timeline = queries.timeline(kb)
        events = [dataclasses.replace(e, titre=HOSTILE[name], texte=HOSTILE[name]) for e in timeline.events]
        out = render(dataclasses.replace(timeline, events=events), output_format, SETTINGS[120])
        assert "\ufffd" in out
    else:
        shown = queries.testimonials(kb)
        poisoned = [dataclasses.replace(t, personne=HOSTILE[name], resume=HOSTILE[name]) for t in shown.testimonials]
        out = render(dataclasses.replace(shown, testimonials=poisoned), output_format, SETTINGS[120])
    assert "\x1b" not in out and "\x00" not in out and "\u202e" not in out and "\x9b" not in out


def test_safe_keeps_newlines_and_tabs() -> None:
    assert safe("a\tb\nc\x1b[0m\x07\u202e") == "a\tb\nc\ufffd[0m\ufffd\ufffd"


def test_typography() -> None:
    assert (
        display("Salariés : 15 000 ; « oui » ! 800 M€")
        == "Salariés\u202f: 15\u202f000\u202f; «\u202foui\u202f»\u202f! 800\u202fM€"
    )
    assert display("https://groupe-sos.org") == "https://groupe-sos.org"


def test_units_are_shown() -> None:
    assert format_value(40, "ans") == "40\u202fans"
    assert format_value(15000, "personnes", with_unit=True) == "15\u202f000\u202fpersonnes"


def test_negative_values_draw_left_of_the_axis() -> None:
    bars = axis_bars([10.0, -5.0, 0.0], 31)
    assert len({len(bar) for bar in bars}) == 1
    axis = bars[0].index("│")
    assert all(bar.index("│") == axis for bar in bars)
    assert bars[1][:axis].strip() and not bars[1][axis + 1 :].strip()  # to the left
    assert bars[0][axis + 1 :].strip() and not bars[0][:axis].strip()  # to the right
    assert not bars[2].replace("│", "").strip()


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_json_never_writes_a_non_finite_number(number: float) -> None:
    """The loader refuses ``.nan`` and ``.inf``; should one come through anyway, no invalid JSON is written."""
    from sosinfo.render.jsonout import render_json

    kb = app.load(None)
    hit = results.Hit("faq:7", "faq", "Patrimoine", "sosinfo faq 7", contract.faq_summary(kb.faq[6]), number, "", [])
    with pytest.raises(ValueError, match="JSON compliant"):
        render_json(results.SearchResults("patrimoine", [hit], False))
    record = contract.faq_summary(kb.faq[6]) | {"valeur": number}
    hit = results.Hit("faq:7", "faq", "Patrimoine", "sosinfo faq 7", record, 1.0, "", [])
    with pytest.raises(ValueError, match="JSON compliant"):
        render_json(results.SearchResults("patrimoine", [hit], False))


# --- rules at their boundary (each was a surviving mutant of bench/mutation.py) -------------------


def test_a_pipe_in_data_stays_inside_its_markdown_table_cell(run: Run, data_copy: Path) -> None:
    """Parsed by a real Markdown parser: every row keeps as many cells as the header, the « | » is text."""
    from markdown_it import MarkdownIt

    figures = data_copy / "chiffres.yaml"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace("terme_source: bénéficiaires par an", 'terme_source: "a | b | c"', 1), encoding="utf-8")
    done = run("chiffres", "--format", "markdown", "--data-dir", str(data_copy))
    assert done.exit_code == 0, done.stderr
    tokens = MarkdownIt("commonmark").enable("table").parse(done.stdout)
    rows: list[list[str]] = []
    in_cell = False
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = token.type.endswith("_open")
        elif token.type == "inline" and in_cell:
            rows[-1].append(token.content)
    tables = [row for row in rows if row]
    assert tables and len({len(row) for row in tables}) == 1, {len(row) for row in tables}
    assert any(cell == "a | b | c" for row in tables for cell in row)  # one cell, its pipes as text


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("a\x1b[31mb", "a\ufffd[31mb"),  # ESC in a text that is otherwise all ASCII
        ("\x07", "\ufffd"),
        ("x\x9b31m", "x\ufffd31m"),  # C1 CSI
        ("é\x1b", "é\ufffd"),
        ("a\u202eb", "a\ufffdb"),
        ("ligne\nsuite\ttab", "ligne\nsuite\ttab"),  # kept: layout, not escapes
        ("plain ascii", "plain ascii"),
    ],
)
def test_safe_replaces_every_escape_and_keeps_layout(given: str, shown: str) -> None:
    from sosinfo.text import safe

    assert safe(given) == shown


@pytest.mark.parametrize(
    ("target", "written"),
    [
        ("https://www.groupe-sos.org", "[https://www.groupe-sos.org](<https://www.groupe-sos.org>)"),
        ("contact@groupe-sos.org", "[contact@groupe-sos.org](<mailto:contact@groupe-sos.org>)"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("file:///etc/passwd", "file:///etc/passwd"),
        ("data:text/html,x", "data:text/html,x"),
        ("https://x.org/a b", "https://x.org/a b"),
    ],
)
def test_markdown_links_only_to_the_web_and_to_mail(target: str, written: str) -> None:
    from sosinfo.render.markdown import link

    assert link(target).replace("\u202f", " ") == written


@pytest.mark.parametrize(("given", "written"), [("faq:7", "`faq:7`"), ("a`b", "`a'b`"), ("``x``", "`''x''`"), ("a\nb", "`a b`")])
def test_a_code_span_can_never_be_closed_by_its_content(given: str, written: str) -> None:
    from sosinfo.render.markdown import code

    assert code(given) == written


INJECTED = "\n# titre injecté\n---\n- point injecté\n1. liste\n    code\n> citation\n===\n"
DESCRIBED = {"titre", "question", "personne", "fonction", "entite", "nom", "libelle", "resume", "texte", "editeur"}


def _inject(folder: Path, joiner: str) -> None:
    """Every text that names or describes something gets ``INJECTED`` inside it, its line breaks as ``joiner``."""
    import yaml

    injected = INJECTED.replace("\n", joiner)

    def walk(value: object) -> object:
        if isinstance(value, dict):
            return {
                key: (f"{item}{injected}fin" if key in DESCRIBED and isinstance(item, str) else walk(item))
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    for path in folder.glob("*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(walk(document), allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def test_a_line_break_in_data_adds_no_markdown_structure(run: Run, tmp_path: Path) -> None:
    """A title, a question, a name with line breaks renders exactly as with spaces in their place:
    no heading, rule, list, quote or code block of its own (CommonMark, parsed by markdown-it)."""
    from markdown_it import MarkdownIt

    from sosinfo.kb.files import BUNDLED_DATA

    documents = {}
    for joiner in ("\n", " "):
        folder = tmp_path / ("sauts" if joiner == "\n" else "espaces")
        shutil.copytree(BUNDLED_DATA, folder)
        _inject(folder, joiner)
        outputs = [run(*command, "-f", "markdown", "--data-dir", str(folder)) for command in (["export"], ["faq", "7"])]
        assert all(done.exit_code == 0 for done in outputs), [done.stderr[:300] for done in outputs]
        documents[joiner] = "".join(done.stdout for done in outputs)
    assert "titre injecté" in documents["\n"]
    assert documents["\n"] == documents[" "]
    tokens = MarkdownIt("commonmark").parse(documents["\n"])
    assert not [t for t in tokens if t.type in ("hr", "blockquote_open", "code_block")]
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not [h for h in headings if h.startswith("titre injecté")]


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("a\r\nb\r\n", "a\r\nb\r\n"),  # CSV's line ends
        ("a\rb", "a\ufffdb"),  # a lone carriage return would overwrite the line
        ("\x1b[1mgras\x1b[0m", "\x1b[1mgras\x1b[0m"),  # the renderer's own styles
        ("\x1b]8;;http://x\x07lien", "\ufffd]8;;http://x\ufffdlien"),
    ],
)
def test_an_answer_keeps_only_styles_and_line_ends(written: str, shown: str) -> None:
    from sosinfo.text import inert

    assert inert(written) == shown
