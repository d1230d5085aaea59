"""``sosinfo export``: one document, read by a real Markdown parser; and as real text."""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import unquote

import pytest
from conftest import Run
from markdown_it import MarkdownIt


def github_anchor(text: str) -> str:
    """GitHub's heading anchors, written from its rule (not from sosinfo's code): lower case, keep letters,
    marks, digits, connector punctuation, « - » and spaces, then spaces become hyphens."""
    kept = "".join(c for c in text.lower() if c in " -" or unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc")
    return kept.replace(" ", "-")


def _inline_text(token: Any) -> str:
    return "".join(child.content for child in token.children or [] if child.type in ("text", "code_inline"))


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    from typer.testing import CliRunner

    from sosinfo.cli.commands import app

    environment = {"COLUMNS": "80", "NO_COLOR": "1", "SOSINFO_DATA": "", "SOSINFO_OUTPUT_CACHE": "0"}
    result = CliRunner().invoke(app, ["export"], env=environment)
    assert result.exit_code == 0, result.stderr
    tokens = MarkdownIt().parse(result.stdout)
    headings: list[tuple[int, str, str]] = []  # (level, text, anchor), in document order
    seen: dict[str, int] = {}
    links: list[tuple[str, str]] = []  # (text, href) of every link
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            text = _inline_text(tokens[index + 1])
            base = github_anchor(text)
            number = seen.get(base, 0)
            seen[base] = number + 1
            headings.append((int(token.tag[1]), text, base if number == 0 else f"{base}-{number}"))
        if token.type == "inline":
            children = token.children or []
            for position, child in enumerate(children):
                if child.type == "link_open":
                    label = "".join(c.content for c in children[position + 1 :] if c.type == "text")
                    links.append((label, unquote(str(child.attrs["href"]))))  # the parser percent-encodes
    return {"text": result.stdout, "headings": headings, "links": links, "tokens": tokens}


def test_one_title_a_table_of_contents_and_the_sections(document: dict[str, Any]) -> None:
    headings = document["headings"]
    assert [h for h in headings if h[0] == 1] == [(1, "Le Groupe SOS en faits sourcés", "le-groupe-sos-en-faits-sourcés")]
    second = [text for level, text, _ in headings if level == 2]
    assert second[:2] == ["Sommaire", "FAQ"]
    assert "Contact" in second and "Les chiffres du Groupe SOS" in second


def _faq_range(headings: list[tuple[int, str, str]]) -> tuple[int, int]:
    start = next(i for i, h in enumerate(headings) if h[:2] == (2, "FAQ"))
    return start, next(i for i, h in enumerate(headings) if i > start and h[0] <= 2)


def _questions(headings: list[tuple[int, str, str]]) -> dict[str, str]:
    """Anchor -> text of each question (a level-3 heading of the FAQ section)."""
    start, end = _faq_range(headings)
    return {anchor: text for level, text, anchor in headings[start:end] if level == 3}


def test_the_faq_is_a_section_with_each_question_as_a_level_3_heading(document: dict[str, Any]) -> None:
    headings = document["headings"]
    start, end = _faq_range(headings)
    questions = list(_questions(headings).values())
    assert len(questions) == 13
    assert [q.split(".")[0] for q in questions] == [str(n) for n in range(1, 14)]
    assert all(level >= 3 for level, _, _ in headings[start + 1 : end])  # the answers' parts sit under their question


def test_every_internal_link_leads_to_a_heading(document: dict[str, Any]) -> None:
    anchors = [anchor for _, _, anchor in document["headings"]]
    assert len(anchors) == len(set(anchors))
    internal = [(label, href) for label, href in document["links"] if href.startswith("#")]
    assert len(internal) > 13 + 10  # the contents, and « Voir aussi »
    for label, href in internal:
        assert href[1:] in anchors, (label, href)


def test_the_contents_list_every_section_and_question(document: dict[str, Any]) -> None:
    headings = document["headings"]
    listed = {href[1:] for _, href in document["links"] if href.startswith("#")}
    for level, text, anchor in headings:
        if (level == 2 and text != "Sommaire") or anchor in _questions(headings):
            assert anchor in listed, text


def test_see_also_links_to_the_questions_in_the_document(document: dict[str, Any]) -> None:
    questions = _questions(document["headings"])
    see_also = [line for line in document["text"].splitlines() if line.startswith("Voir aussi : ")]
    assert len(see_also) == 13
    targets = [href[1:] for label, href in document["links"] if href.startswith("#") and label[:1].isdigit()]
    assert set(targets) <= set(questions)
    assert all("](#" in line for line in see_also)


def test_the_origin_counts_the_sources(document: dict[str, Any], run: Run) -> None:
    count = len(run("sources", "--format", "json").json())
    assert f"à partir de {count} sources publiques" in document["text"].replace("\xa0", " ")


@pytest.mark.parametrize("width", ["40", "80", "120"])
def test_export_as_text_is_text(run: Run, width: str) -> None:
    done = run("export", "--format", "texte", env={"COLUMNS": width})
    assert done.exit_code == 0
    lines = done.stdout.splitlines()
    assert not any(line.startswith("#") or line.startswith("|---") or "](#" in line for line in lines)  # no Markdown left
    assert all(len(line) <= int(width) for line in lines)
    assert lines[0] == "Le Groupe SOS en faits sourcés"
    assert done.stdout.count("Question\xa0") >= 13  # each answer, framed as by « sosinfo faq N »
    for title in ("Les chiffres du Groupe SOS", "Jean-Marc Borello", "Désaccords entre sources"):
        assert title in done.stdout.replace("\xa0", " ")
