"""Bounded fuzzing of the YAML reader and of the query normaliser.

Runs in the suite with a few hundred examples; for a longer run:
    SOSINFO_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sosinfo.errors import SosinfoError
from sosinfo.kb.files import BUNDLED_DATA
from sosinfo.kb.loader import load_knowledge
from sosinfo.kb.yamlreader import YamlFileError, read_yaml
from sosinfo.search import analysis, rank
from sosinfo.search.documents import memory_store
from sosinfo.text import fold, printable

EXAMPLES = int(os.environ.get("SOSINFO_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STORE = memory_store(load_knowledge(BUNDLED_DATA))
YAML_PIECES = st.sampled_from(
    [
        "a: ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "&x ",
        "*x",
        "!!python/object:os.system ",
        "!!binary ",
        "<<: ",
        "? ",
        "|\n",
        ">\n",
        "'",
        '"',
        "\n",
        "  ",
        "\t",
        "#",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
        "!tag ",
        "0x1F",
        "1e400",
        "9" * 5000,
        "~",
        "é",
        "\x00",
        "\ufeff",
    ]
)
YAML_TEXT = st.one_of(st.text(max_size=300), st.lists(st.one_of(YAML_PIECES, st.text(max_size=8)), max_size=60).map("".join))


@FUZZ
@given(YAML_TEXT)
def test_yaml_reader_reads_or_refuses(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "fuzz.yaml"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        try:
            located = read_yaml(path)
        except YamlFileError as error:
            assert error.problem.file == "fuzz.yaml"
            return
        assert located.data is None or isinstance(located.data, (dict, list, str, int, float, bool))


@FUZZ
@given(st.text(max_size=500))
def test_query_normaliser(text: str) -> None:
    assert all(isinstance(term, str) and term for term in analysis.terms(text))
    assert fold(fold(text)) == fold(text)
    assert printable(text).isprintable()
    try:
        results = rank.search(STORE, text)
    except SosinfoError:
        return
    assert all(hit.id for hit in results.hits)
