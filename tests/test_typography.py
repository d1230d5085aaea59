"""French typography of everything shown: signs, quotes, colons, what a line break may not separate."""

from __future__ import annotations

import pytest

from sosinfo.text import lower_first, wrap


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Indicateur inconnu", "indicateur inconnu"),
        ("La recherche est vide.", "la recherche est vide."),
        ("SOS Drogue", "SOS Drogue"),  # an acronym
        ("Jean-Marc Borello", "Jean-Marc Borello"),  # a name joined by a hyphen
        ("A", "A"),
        ("« --recents » se suffit", "« --recents » se suffit"),
        ("", ""),
    ],
)
def test_lower_case_after_a_colon(before: str, after: str) -> None:
    assert lower_first(before) == after


MESSAGE = (
    "Erreur : aucune question de la FAQ ne parle de « salaire moyen ». Vouliez-vous dire « salariés » ? "
    'Cherchez dans toute la base : sosinfo recherche "salaire moyen"'
)


@pytest.mark.parametrize("width", [20, 30, 40, 41, 80])
def test_a_message_is_wrapped_between_words(width: int) -> None:
    lines = wrap(MESSAGE, width).split("\n")
    assert " ".join(lines) == MESSAGE  # nothing lost, nothing added
    for line in lines:
        assert len(line) <= width or line.startswith("sosinfo") or "«" in line
        assert not line.startswith(("»", ":", "?", ";")) and not line.endswith("«")
    assert any(line.endswith('sosinfo recherche "salaire moyen"') for line in lines)  # a command is one word
    assert any("« salariés » ?" in line for line in lines)  # a quotation and its sign stay together


def test_a_long_message_fits_when_it_can() -> None:
    assert wrap(MESSAGE, 500) == MESSAGE
    assert wrap("un deux trois", 7) == "un deux\ntrois"  # the boundary: exactly the width still fits
