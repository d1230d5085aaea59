"""``--format csv``: RFC 4180 written by ``csv``, read back by ``csv``, the same records as the JSON."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import Run

TABLES = {
    "chiffres": (["chiffres"], "chiffres"),
    "chiffres-annee": (["chiffres", "--annee", "2016"], "chiffres"),
    "chronologie": (["chronologie", "-d", "2000"], "chronologie"),
    "classements": (["secteurs"], "secteurs"),
    "sources": (["sources"], "sources"),
    "conflits": (["sources", "--conflits"], "sources"),
    "recherche": (["recherche", "patrimoine immobilier"], "recherche"),
    "faq": (["faq"], "faq"),
    "verifier": (["verifier"], "verifier"),
}


def read_back(text: str) -> list[dict[str, str]]:
    """As a program would: the bytes, decoded with the byte order mark, parsed by ``csv``."""
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")  # a spreadsheet knows it is UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_table_is_csv(run: Run, name: str) -> None:
    command, _ = TABLES[name]
    done = run(*command, "--format", "csv")
    assert done.exit_code == 0, done.stderr
    header = next(csv.reader(io.StringIO(done.stdout.removeprefix("\ufeff"))))
    assert all(column.replace("_", "").isalpha() and column.islower() and column.isascii() for column in header)
    rows = read_back(done.stdout)
    if name != "verifier":  # a sound base: no problem, the header alone
        assert rows


def test_lines_end_with_crlf() -> None:
    """RFC 4180, byte for byte, as written on a real stdout (the test runner's own reads CRLF as LF)."""
    environment = os.environ | {"SOSINFO_DATA": "", "SOSINFO_OUTPUT_CACHE": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "sosinfo", "chiffres", "-a", "2016", "-f", "csv"], env=environment, capture_output=True, check=True
    )
    assert done.stdout.startswith(b"\xef\xbb\xbfid,") and done.stdout.endswith(b"\r\n")
    assert b"\n" not in done.stdout.replace(b"\r\n", b"")


def test_figures_read_back_equal_the_json(run: Run) -> None:
    records = run("chiffres", "--format", "json").json()
    rows = read_back(run("chiffres", "--format", "csv").stdout)
    assert [row["id"] for row in rows] == [record["id"] for record in records]
    for row, record in zip(rows, records, strict=True):
        assert float(row["valeur"]) == record["valeur"]  # base units: 1367000000, not « 1,367 Md€ »
        assert row["unite"] == record["unite"] and row["devise"] == (record["devise"] or "")
        assert row["annee"] == ("" if record["annee"] is None else str(record["annee"]))
        assert row["sources"] == ";".join(record["sources"])
        assert row["terme_source"] == (record["terme_source"] or "")
    assert {row["valeur"] for row in rows} >= {"1367000000", "0.4", "-5000000"}


def test_rankings_and_search_read_back(run: Run) -> None:
    rankings = read_back(run("secteurs", "--format", "csv").stdout)
    assert [row["id"] for row in rankings] == [r["id"] for r in run("secteurs", "-f", "json").json()["classements"]]
    assert all(row["rang"].isdigit() for row in rankings)
    hits = read_back(run("recherche", "patrimoine immobilier", "--format", "csv").stdout)
    assert [row["rang"] for row in hits] == [str(n) for n in range(1, len(hits) + 1)]
    assert hits[0]["id"] == run("recherche", "patrimoine immobilier", "-f", "json").json()[0]["id"]


def test_commas_quotes_and_line_breaks_survive(run: Run, data_copy: Path) -> None:
    path = data_copy / "chronologie.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tricky = 'Un titre, avec « guillemets », des "doubles" ;\nsur deux lignes'
    data["evenements"][0]["titre"] = tricky
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rows = read_back(run("chronologie", "--data-dir", str(data_copy), "-f", "csv").stdout)
    assert tricky in [row["titre"] for row in rows]


@pytest.mark.parametrize(
    "command", [["faq", "7"], ["gouvernance"], ["contact"], ["export"], ["fondateur"], ["schema", "faq"]], ids=" ".join
)
def test_an_answer_that_is_not_a_table_is_refused_in_french(run: Run, command: list[str]) -> None:
    done = run(*command, "--format", "csv")
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr.startswith("Erreur : ") and "csv ne s'y applique pas" in done.stderr


def test_the_faq_list_is_a_table_but_one_answer_is_not(run: Run) -> None:
    """The boundary of the rule above, in one command."""
    assert [row["numero"] for row in read_back(run("faq", "-f", "csv").stdout)] == [str(n) for n in range(1, 14)]
    assert run("faq", "4", "-f", "csv").exit_code == 2


def test_text_of_an_untrusted_base_never_becomes_a_formula(run: Run, data_copy: Path) -> None:
    path = data_copy / "chronologie.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    attacks = ['=HYPERLINK("https://evil.example","clic")', "+1+1", "@SUM(A1)", "-2+3"]
    for event, attack in zip(data["evenements"], attacks, strict=False):
        event["titre"] = attack
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    titles = [row["titre"] for row in read_back(run("chronologie", "--data-dir", str(data_copy), "-f", "csv").stdout)]
    assert "'=HYPERLINK(\"https://evil.example\",\"clic\")" in titles and "'+1+1" in titles and "'@SUM(A1)" in titles
    assert not any(title.startswith(("=", "+", "@", "-")) for title in titles)
    values = [row["valeur"] for row in read_back(run("chiffres", "-f", "csv").stdout)]
    assert "-5000000" in values  # a number stays a number, its sign included
