"""Caches are never stale, never required, never pickle."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_ENV, Run

from sosinfo import app, cache


def use_cache(monkeypatch: pytest.MonkeyPatch, directory: Path) -> None:
    monkeypatch.setenv("SOSINFO_CACHE_DIR", str(directory))


def test_a_changed_data_file_rebuilds_every_cache(
    run: Run, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    args = ("chiffres", "--annee", "2022", "--format", "json", "--data-dir", str(data_copy))
    first = run(*args).json()
    query = ("recherche", "zorglub", "--format", "json", "--data-dir", str(data_copy))
    assert run(*query).exit_code == 1
    before = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert any(name.startswith("kb-") for name in before) and any(name.startswith("index-") for name in before)

    path = data_copy / "chiffres.yaml"  # same size, new content: only the content hash can tell
    path.write_text(path.read_text(encoding="utf-8").replace("valeur: 1367000000", "valeur: 1500000000"), encoding="utf-8")
    second = run(*args).json()
    assert [r["valeur"] for r in first if r["indicateur"] == "indicateur:activite"] == [1367000000]
    assert [r["valeur"] for r in second if r["indicateur"] == "indicateur:activite"] == [1500000000]

    path.write_text(
        path.read_text(encoding="utf-8").replace('note: "Somme des budgets', 'note: "Zorglub ; somme des budgets'),
        encoding="utf-8",
    )
    found = run(*query)
    assert found.exit_code == 0 and any(hit.get("valeur") == 1500000000 for hit in found.json())


def test_fingerprint_follows_content_not_dates(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    original = app.dataset(data_copy).key
    assert original == app.dataset(data_copy).key  # remembered, same answer
    path = data_copy / "contact.yaml"
    content = path.read_bytes()
    path.write_bytes(content.replace(b"01 58 30 55 55", b"01 58 30 55 56"))
    changed = app.dataset(data_copy).key
    assert changed != original
    path.write_bytes(content)
    assert app.dataset(data_copy).key == original


def test_read_only_or_missing_cache_directory_is_harmless(run: Run, tmp_path: Path) -> None:
    read_only = tmp_path / "lecture-seule"
    read_only.mkdir()
    read_only.chmod(0o500)
    blocked = tmp_path / "fichier"
    blocked.write_text("pas un dossier")  # a file where the cache directory should be: nothing can be written
    for directory in (read_only, blocked / "sosinfo", tmp_path / "absent" / "profond"):
        for command in (("faq", "7", "--format", "json"), ("recherche", "patrimoine immobilier", "--format", "json")):
            done = run(*command, env={"SOSINFO_CACHE_DIR": str(directory)})
            assert done.exit_code == 0, done.stderr
            assert done.stderr == ""
    assert not any(blocked.parent.glob("fichier/*"))


def test_damaged_cache_files_are_rebuilt(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    assert run("recherche", "patrimoine immobilier").exit_code == 0
    for path in (tmp_path / "cache").glob("*"):
        if path.is_file():
            path.write_bytes(b"\x00garbage")
    for reponses in (tmp_path / "cache" / "reponses").rglob("*.txt"):
        reponses.write_text("")
    monkeypatch.setenv("SOSINFO_OUTPUT_CACHE", "0")
    done = run("recherche", "patrimoine immobilier", "--format", "json")
    assert done.exit_code == 0 and done.json()[0]["id"] == "faq:7"
    assert run("faq", "7", "--format", "json").json()["numero"] == 7


def test_no_pickle_anywhere() -> None:
    sources = Path(__file__).resolve().parents[1] / "sosinfo"
    assert not [p for p in sources.rglob("*.py") if "import pickle" in p.read_text(encoding="utf-8")]


def test_shell_completion_of_commands_and_numbers(tmp_path: Path) -> None:
    def complete(words: str, index: int) -> list[str]:
        env = os.environ | BASE_ENV | {"_SOSINFO_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(index)}
        done = subprocess.run([sys.executable, "-m", "sosinfo"], env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("sosinfo fa", 1) == ["faq"]
    assert complete("sosinfo ch", 1) == ["chiffres", "chronologie"]
    assert complete("sosinfo faq 1", 2) == ["1", "10", "11", "12", "13"]
    assert "2022" in complete("sosinfo chiffres --annee 20", 3)
    assert complete("sosinfo chiffres --indicateur sal", 3) == ["salaries"]


# --- the cache never deletes what it does not own, never serves what it did not read (issue 10) ----

ANSWERS_ON = {"SOSINFO_OUTPUT_CACHE": "1"}


def _edit(data_dir: Path) -> None:
    """A real change of the data, so that the fingerprint is new."""
    path = data_dir / "contact.yaml"
    path.write_bytes(path.read_bytes().replace(b"01 58 30 55 55", b"01 58 30 55 56"))


def test_answer_clean_up_never_follows_a_symlink_into_a_victim_folder(
    run: Run, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victime"
    (victim / "0123456789abcdef0123456789abcdef").mkdir(parents=True)
    (victim / "configuration").mkdir()
    (victim / "configuration" / "important.conf").write_text("garder")
    base = tmp_path / "cache"
    base.mkdir(mode=0o700)
    (base / "reponses").symlink_to(victim, target_is_directory=True)
    use_cache(monkeypatch, base)
    for _ in range(2):
        assert run("faq", "7", "--data-dir", str(data_copy), env=ANSWERS_ON).exit_code == 0
        _edit(data_copy)
    assert sorted(p.name for p in victim.iterdir()) == ["0123456789abcdef0123456789abcdef", "configuration"]
    assert (victim / "configuration" / "important.conf").read_text() == "garder"


def test_a_users_folder_given_as_cache_directory_is_never_emptied(
    run: Run, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mes-documents"
    (mine / "reponses" / "photos").mkdir(parents=True)
    (mine / "reponses" / "photos" / "vacances.jpg").write_bytes(b"jpeg")
    lookalike = mine / "reponses" / ("a" * 32)
    lookalike.mkdir()
    (lookalike / "notes.txt").write_text("à moi")
    (mine / "kb-old.json").write_text("à moi aussi")
    mine.chmod(0o700)
    use_cache(monkeypatch, mine)
    for _ in range(3):
        assert run("faq", "7", "--data-dir", str(data_copy), env=ANSWERS_ON).exit_code == 0
        assert run("recherche", "budget", "--data-dir", str(data_copy), env=ANSWERS_ON).exit_code == 0
        _edit(data_copy)
    assert (mine / "reponses" / "photos" / "vacances.jpg").read_bytes() == b"jpeg"
    assert (lookalike / "notes.txt").read_text() == "à moi"
    assert (mine / "kb-old.json").exists()


def test_data_edited_during_a_run_is_cached_under_what_was_parsed(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    before = app.dataset(data_copy)  # fingerprint taken, files not parsed yet
    _edit(data_copy)  # the file changes between fingerprint and parsing
    kb, key = app.knowledge(before)
    assert kb.contact.telephone.endswith("56")
    assert key != before.key and key == app.dataset(data_copy).key
    assert not (tmp_path / "cache" / f"kb-{before.key}.json").exists()
    # and the old key never serves the new content, nor the new key the old content
    assert app.knowledge(app.dataset(data_copy))[0].contact.telephone.endswith("56")


def test_a_file_hashed_in_the_same_tick_as_its_last_change_is_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    cache.directory(create=True)
    path = tmp_path / "fichier.yaml"
    path.write_bytes(b"a: 1\n")
    first = cache.content_hashes([path])
    memo = _memo(tmp_path / "cache") if (tmp_path / "cache" / cache.MEMO_NAME).exists() else {}
    assert str(path) not in memo  # just written: racily clean, not remembered
    old = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(old, old))
    assert cache.content_hashes([path]) == first
    memo = _memo(tmp_path / "cache")
    assert str(path) in memo  # an old file is remembered by its stat signature


def _memo(base: Path) -> dict[str, object]:
    """The memo's content (issue 25: behind the line with its hash, like every file the cache reads back)."""
    body = cache.unseal((base / cache.MEMO_NAME).read_bytes(), cache.MEMO_NAME)
    assert body is not None
    return dict(json.loads(body))


@pytest.mark.parametrize(
    "memo",
    [b"[]", b'{"x": 5}', b'{"x": [1, 2]}', b"[" * 100_000 + b"]" * 100_000, b"\xff\xfe", b'{"x": [1,2,3,4,5,6,"zz"]}'],
    ids=["liste", "nombre", "courte", "profonde", "binaire", "empreinte-invalide"],
)
def test_a_damaged_memo_is_a_miss(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memo: bytes) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    assert run("faq", "7", "--format", "json").exit_code == 0
    (tmp_path / "cache" / cache.MEMO_NAME).write_bytes(memo)
    done = run("faq", "7", "--format", "json")
    assert done.exit_code == 0 and done.json()["numero"] == 7, done.stderr


def _index_file(base: Path) -> Path:
    (found,) = base.glob("index-*.sqlite3")
    return found


def test_a_damaged_index_page_is_rebuilt(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    assert run("recherche", "budget").exit_code == 0
    index = _index_file(tmp_path / "cache")
    content = bytearray(index.read_bytes())
    page = 4096
    for offset in range(2 * page, len(content) - page, page):  # every page but the header: postings and documents
        content[offset : offset + 64] = b"\xde\xad" * 32
    index.write_bytes(bytes(content))
    for _ in range(2):
        done = run("recherche", "patrimoine immobilier", "--format", "json")
        assert done.exit_code == 0 and done.json()[0]["id"] == "faq:7", done.stderr


def test_an_index_without_its_meta_is_rebuilt(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    assert run("recherche", "budget").exit_code == 0
    connection = sqlite3.connect(_index_file(tmp_path / "cache"))
    connection.execute("DELETE FROM meta WHERE key = 'types'")
    connection.commit()
    connection.close()
    done = run("recherche", "patrimoine immobilier", "--format", "json")
    assert done.exit_code == 0 and done.json()[0]["id"] == "faq:7", done.stderr


@pytest.mark.parametrize("damage", ["vide", "tronquee", "modifiee"])
def test_an_empty_or_truncated_answer_is_never_printed(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    expected = run("faq", "7", env=ANSWERS_ON).stdout
    (answer,) = (tmp_path / "cache" / "reponses").rglob("*.txt")
    content = answer.read_bytes()
    answer.write_bytes(
        {"vide": b"", "tronquee": content[: len(content) // 2], "modifiee": content.replace(b"Pendant", b"Apres")}[damage]
    )
    again = run("faq", "7", env=ANSWERS_ON)
    assert again.exit_code == 0 and again.stdout == expected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFO: POSIX only")
def test_special_files_neither_hang_nor_read_forever(
    run: Run, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / "cache"
    use_cache(monkeypatch, base)
    assert run("faq", "7", "--data-dir", str(data_copy)).exit_code == 0
    key = app.dataset(data_copy).key
    (base / f"kb-{key}.json").unlink()
    os.mkfifo(base / f"kb-{key}.json")
    (base / cache.MEMO_NAME).unlink()
    (base / cache.MEMO_NAME).symlink_to("/dev/zero")
    assert run("faq", "7", "--data-dir", str(data_copy)).exit_code == 0

    (data_copy / "faq.yaml").unlink()
    os.mkfifo(data_copy / "faq.yaml")
    (data_copy / "contact.yaml").unlink()
    (data_copy / "contact.yaml").symlink_to("/dev/zero")
    done = run("faq", "7", "--data-dir", str(data_copy))
    assert done.exit_code == 1
    assert "faq.yaml : lecture impossible (ce n'est pas un fichier ordinaire)" in done.stderr
    # a link out of the base is refused before it is opened; one inside it, to a special file, is opened and refused
    assert "contact.yaml : lecture refusée (lien vers un fichier hors du dossier de la base)" in done.stderr
    (data_copy / "contact.yaml").unlink()
    (data_copy / "contact.yaml").symlink_to("faq.yaml")  # the FIFO, through a link within the base
    assert "contact.yaml : lecture impossible (ce n'est pas un fichier ordinaire)" in run(
        "faq", "7", "--data-dir", str(data_copy)
    ).stderr


def test_no_home_and_a_relative_xdg_cache_home(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relatif")
    (tmp_path / "maison").mkdir()  # issue 25: a home that does not exist is never created (see below)
    monkeypatch.setenv("HOME", str(tmp_path / "maison"))
    assert run("faq", "7").exit_code == 0
    assert not (tmp_path / "relatif").exists()  # a relative XDG path is ignored, as the specification says
    assert (tmp_path / "maison" / ".cache" / "sosinfo").is_dir()

    monkeypatch.delenv("HOME")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # and no entry in the password database
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.root() is None
    done = run("faq", "7", "--format", "json")
    assert done.exit_code == 0 and done.json()["numero"] == 7 and done.stderr == ""


def test_a_cache_folder_others_can_write_is_not_trusted(run: Run, tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    shared.chmod(0o777)
    planted = shared / "reponses"
    planted.mkdir()
    done = run("contact", env={"SOSINFO_CACHE_DIR": str(shared)} | ANSWERS_ON)
    assert done.exit_code == 0 and "01 58 30 55 55" in done.stdout
    assert done.stderr.count("Attention") == 1 and "modifiable par d'autres utilisateurs" in done.stderr
    assert sorted(p.name for p in shared.iterdir()) == ["reponses"] and not any(planted.iterdir())


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="changing a folder's owner needs root")
def test_a_cache_folder_of_another_user_is_not_trusted(run: Run, tmp_path: Path) -> None:
    theirs = tmp_path / "autre"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 12345, 12345)
    done = run("contact", env={"SOSINFO_CACHE_DIR": str(theirs)})
    assert done.exit_code == 0 and "appartient à un autre utilisateur" in done.stderr
    assert not any(theirs.iterdir())


def test_odd_characters_in_the_cache_path_open_no_other_file(run: Run, tmp_path: Path) -> None:
    odd = tmp_path / "cache#1?mode=rwc&x=%41"
    done = run("recherche", "budget", env={"SOSINFO_CACHE_DIR": str(odd)})
    assert done.exit_code == 0, done.stderr
    assert len(list(odd.glob("index-*.sqlite3"))) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [odd.name]


def test_old_compiled_files_and_leftovers_are_evicted_but_recent_bases_kept(
    run: Run, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / "cache"
    use_cache(monkeypatch, base)
    assert run("recherche", "budget", env=ANSWERS_ON).exit_code == 0
    old = time.time() - 7 * 24 * 3600
    for number in range(10):
        for name in (f"kb-{number:032x}.json", f"index-{number:032x}.sqlite3"):
            (base / name).write_text("{}")
            os.utime(base / name, (old + number, old + number))
    leftover = base / f".index-{0:032x}.sqlite3.abcd1234.tmp"  # issue 25: only names the cache gives are removed
    leftover.write_text("interrompu")
    os.utime(leftover, (old, old))
    # the bundled base and a copy, in turn: both keep their compiled base, index and answers
    for _ in range(2):
        assert run("recherche", "budget", "--data-dir", str(data_copy), env=ANSWERS_ON).exit_code == 0
        assert run("faq", "7", env=ANSWERS_ON).exit_code == 0
        _edit(data_copy)
    assert not leftover.exists()
    assert len(list(base.glob("kb-*.json"))) <= cache.KEEP_FINGERPRINTS
    assert (base / f"kb-{app.dataset(None).key}.json").exists()
    assert (base / "reponses" / str(app.dataset(None).key)).is_dir()


def test_the_key_covers_every_module_of_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "sosinfo"
    shutil.copytree(Path(app.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    monkeypatch.setattr(app, "_PACKAGE", copy)
    use_cache(monkeypatch, tmp_path / "cache")
    original = app.dataset(None).key
    for module in sorted(copy.rglob("*.py")):
        content = module.read_bytes()
        module.write_bytes(content + b"\n# changed\n")
        assert app.dataset(None).key != original, module
        module.write_bytes(content)
    assert app.dataset(None).key == original


def test_a_cached_answer_imports_neither_rich_nor_the_model(tmp_path: Path) -> None:
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sorted(m for m in sys.modules"
        " if m.startswith(('rich', 'sosinfo.kb.model', 'sosinfo.queries', 'yaml'))))))\n"
        "sys.argv = ['sosinfo', 'faq', '7']\n"
        "from sosinfo.entry import main\n"
        "main()\n"
    )
    env = os.environ | BASE_ENV | {"SOSINFO_CACHE_DIR": str(tmp_path / "cache"), "SOSINFO_OUTPUT_CACHE": "1"}
    runs = [subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0]
    assert runs[0].stdout == runs[1].stdout
    assert "rich" in runs[0].stderr  # the first run renders
    assert runs[1].stderr.strip() == "MODULES"  # the second prints the stored answer


def test_data_edited_during_a_search_is_cached_under_what_was_indexed(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    monkeypatch.setenv("SOSINFO_OUTPUT_CACHE", "1")
    options = app.Options(data_dir=data_copy)
    path = data_copy / "contact.yaml"
    original = path.read_bytes()
    fingerprint = app.dataset
    stale = fingerprint(data_copy)  # fingerprint taken, files not parsed yet
    _edit(data_copy)  # the file changes between fingerprint and indexing
    monkeypatch.setattr(app, "dataset", lambda data_dir: stale)
    app.search_answer("téléphone", 5, None, options)
    assert "01 58 30 55 56" in capsys.readouterr().out
    monkeypatch.setattr(app, "dataset", fingerprint)

    path.write_bytes(original)  # back to the content of the stale fingerprint
    app.search_answer("téléphone", 5, None, options)
    assert "01 58 30 55 55" in capsys.readouterr().out  # never the edited content, cached under the old key
    _edit(data_copy)
    app.search_answer("téléphone", 5, None, options)
    assert "01 58 30 55 56" in capsys.readouterr().out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFO: POSIX only")
@pytest.mark.parametrize("oddity", ["fifo", "lien", "dossier"])
def test_an_index_that_is_not_a_regular_file_is_rebuilt(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, oddity: str
) -> None:
    import threading

    from sosinfo.search import index

    base = tmp_path / "cache"
    use_cache(monkeypatch, base)
    assert run("recherche", "budget").exit_code == 0
    path = _index_file(base)
    path.rename(tmp_path / "vrai.sqlite3")
    if oddity == "fifo":
        os.mkfifo(path)
    elif oddity == "lien":  # a sound index, but through a link: not the cache's own file
        path.symlink_to(tmp_path / "vrai.sqlite3")
    else:
        path.mkdir()
    opened: list[object] = []
    reader = threading.Thread(target=lambda: opened.append(index.open_file(path)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert opened == [None], "a FIFO at the index path must not block, nor anything else be opened"
    done = run("recherche", "patrimoine immobilier", "--format", "json")
    assert done.exit_code == 0 and done.json()[0]["id"] == "faq:7", done.stderr
    if oddity != "dossier":  # replaced by a real index (a folder stays: the search runs in memory)
        assert _index_file(base).is_file() and not _index_file(base).is_symlink()


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE docs SET record = '{'",
        "UPDATE docs SET record = '5'",
        "UPDATE docs SET fields = '[1]'",
        "UPDATE docs SET questions = '5', strong = '{'",
        "UPDATE postings SET weight = 'abc'",
        "UPDATE terms SET idf = 'abc'",
        "UPDATE meta SET value = '5' WHERE key = 'aliases'",
        "UPDATE meta SET value = 'null' WHERE key = 'synonyms'",
        "UPDATE meta SET value = '[[\"a\"]]' WHERE key = 'synonyms'",
        "UPDATE meta SET value = '\"x\"' WHERE key = 'average_length'",
        "UPDATE meta SET value = '{\"a\": 1}' WHERE key = 'type_words'",
        "UPDATE meta SET value = '[1]' WHERE key = 'types'",
        "UPDATE meta SET value = '\"x\"' WHERE key = 'documents'",
    ],
)
def test_an_index_with_wrong_content_is_rebuilt_once(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    assert run("recherche", "budget").exit_code == 0
    connection = sqlite3.connect(_index_file(tmp_path / "cache"))
    connection.execute(damage)
    connection.commit()
    connection.close()
    for _ in range(2):
        done = run("recherche", "patrimoine immobilier", "--format", "json")
        assert done.exit_code == 0 and done.json()[0]["id"] == "faq:7", done.stderr


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("average_length", '"x"'),
        ("average_length", "true"),
        ("documents", "[]"),
        ("synonyms", "null"),
        ("synonyms", '[["a"]]'),
        ("synonyms", "[[[]]]"),
        ("aliases", "5"),
        ("aliases", '[[["budget"], 3]]'),
        ("type_words", '{"a": 1}'),
        ("type_words", "[]"),
        ("types", "[1]"),
    ],
)
def test_an_index_whose_meta_has_the_wrong_shape_does_not_open(tmp_path: Path, key: str, value: str) -> None:
    from sosinfo.search import index

    path = tmp_path / "index.sqlite3"
    index.build_file(path, [], app.load(None)).connection.close()
    assert index.open_file(path) is not None
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    connection.commit()
    connection.close()
    assert index.open_file(path) is None


def test_another_rich_changes_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich shapes the text answers: a Rich upgrade alone must not serve text it did not render."""
    use_cache(monkeypatch, tmp_path / "cache")
    installed = app.dataset(None).key
    other = tmp_path / "site"
    (other / "rich").mkdir(parents=True)
    (other / "rich" / "__init__.py").write_text("")
    (other / "rich-99.0.0.dist-info").mkdir()
    with monkeypatch.context() as patch:
        patch.syspath_prepend(str(other))  # found first, as an upgrade would be
        upgraded = app.dataset(None).key
        assert upgraded != installed
        (other / "rich-99.0.0.dist-info").rename(other / "rich-99.0.1.dist-info")
        assert app.dataset(None).key not in (installed, upgraded)
    assert app.dataset(None).key == installed


def _old_untagged_cache(base: Path) -> list[Path]:
    """A cache as versions before the tag left it: only names the cache gives, old files in it."""
    base.mkdir(parents=True, mode=0o700)
    old = time.time() - 30 * 24 * 3600
    made = []
    for number in range(10):
        path = base / f"kb-{number:032x}.json"
        path.write_text("{}")
        os.utime(path, (old + number, old + number))
        made.append(path)
    (base / "reponses").mkdir()
    return made


def test_an_untagged_cache_at_the_default_place_is_adopted_and_cleaned(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOSINFO_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    base = tmp_path / "xdg" / "sosinfo"
    stale = _old_untagged_cache(base)
    assert run("faq", "7", env={"SOSINFO_CACHE_DIR": ""}).exit_code == 0
    assert (base / cache.TAG_NAME).read_bytes() == cache.TAG_CONTENT
    assert sum(path.exists() for path in stale) < len(stale)


@pytest.mark.parametrize("where", ["foreign file", "named folder"])
def test_a_folder_with_anything_else_is_never_adopted(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    base = tmp_path / "xdg" / "sosinfo"
    stale = _old_untagged_cache(base)
    env = {"SOSINFO_CACHE_DIR": ""}
    if where == "foreign file":
        (base / "mes-notes.txt").write_text("à garder")
    else:
        env = {"SOSINFO_CACHE_DIR": str(base)}  # a folder the user named: never adopted
    assert run("faq", "7", env=env).exit_code == 0
    assert not (base / cache.TAG_NAME).exists()
    assert all(path.exists() for path in stale)


@pytest.mark.parametrize(
    ("mode", "trusted"),
    [(0o700, True), (0o755, True), (0o750, True), (0o770, False), (0o720, False), (0o702, False), (0o777, False)],
)
def test_a_cache_folder_is_trusted_only_when_nobody_else_can_write(run: Run, tmp_path: Path, mode: int, trusted: bool) -> None:
    """Group-writable is as unsafe as world-writable: another account could plant an answer."""
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(mode)
    done = run("contact", env={"SOSINFO_CACHE_DIR": str(folder)} | ANSWERS_ON)
    assert done.exit_code == 0 and "01 58 30 55 55" in done.stdout
    if trusted:
        assert done.stderr == "" and any(folder.iterdir())
    else:
        assert "modifiable par d'autres utilisateurs" in done.stderr and not any(folder.iterdir())


def test_clean_up_removes_only_names_the_cache_gives_not_look_alikes(
    run: Run, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Old files of the cache's own names go; a name one character off stays, however old."""
    base = tmp_path / "cache"
    use_cache(monkeypatch, base)
    assert run("faq", "7", env=ANSWERS_ON).exit_code == 0
    old = time.time() - 30 * 24 * 3600
    genuine = [f"kb-{number:032x}.json" for number in range(10)]
    look_alikes = [
        f"kb-{'a' * 31}.json",
        f"kb-{'a' * 33}.json",
        f"kb-{'A' * 32}.json",
        f"kb-{'a' * 32}.json.bak",
        f"index-{'g' * 32}.sqlite3",
        f"index-{'a' * 32}.sqlite3-autre",
        "kb-.json",
    ]
    for name in genuine + look_alikes:
        (base / name).write_text("{}")
        os.utime(base / name, (old, old))
    for _ in range(2):
        assert run("faq", "7", "--data-dir", str(data_copy), env=ANSWERS_ON).exit_code == 0
        _edit(data_copy)
    assert sum((base / name).exists() for name in genuine) < len(genuine) - 4  # the oldest of ours went
    assert [name for name in look_alikes if not (base / name).exists()] == []


def test_a_cache_folder_owned_by_any_other_account_is_not_trusted(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen from another account (root's folders included), a folder we do not own is refused."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    owner = folder.stat().st_uid
    monkeypatch.setattr(os, "getuid", lambda: owner + 4242)
    done = run("contact", env={"SOSINFO_CACHE_DIR": str(folder)} | ANSWERS_ON)
    assert done.exit_code == 0 and "appartient à un autre utilisateur" in done.stderr
    assert not any(folder.iterdir())

# --- issue 25: every artefact checked as it is read, the cache's folders never followed ----------------


def _compiled(base: Path) -> Path:
    (found,) = base.glob("kb-*.json")
    return found


def _reseal(path: Path, edit: Callable[[Any], None]) -> None:
    """Edit a sealed JSON file and seal it again: a forged file, not a damaged one."""
    body = cache.unseal(path.read_bytes(), path.name)
    assert body is not None
    content = json.loads(body)
    edit(content)
    path.write_bytes(cache.seal(json.dumps(content).encode(), path.name))


@pytest.mark.parametrize(
    "damage",
    [
        b'"numero": 7,',  # becomes "7": a text where the model has a number
        b'"faq": [',  # becomes null
        b"01 58 30 55 55",  # a value edited in place: served as an answer before
    ],
    ids=["numero-texte", "faq-null", "valeur-modifiee"],
)
def test_a_damaged_compiled_base_is_rebuilt_not_served(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    base = tmp_path / "cache"
    use_cache(monkeypatch, base)
    assert run("contact").exit_code == 0
    path = _compiled(base)
    content = original = path.read_bytes()
    replacement = {b'"numero": 7,': b'"numero": "7",', b'"faq": [': b'"faq": null, "x": [', b"01 58 30 55 55": b"06 66 66 66 66"}
    assert damage in content
    path.write_bytes(content.replace(damage, replacement[damage], 1))
    for command in (("faq", "7", "--format", "json"), ("export", "--format", "json"), ("contact",)):
        done = run(*command)
        assert done.exit_code == 0, (command, done.stderr)
        assert "06 66 66 66 66" not in done.stdout
    assert run("faq", "7", "--format", "json").json()["numero"] == 7
    assert "01 58 30 55 55" in run("contact").stdout
    assert _compiled(base).read_bytes() == original  # rebuilt, sound again


@pytest.mark.parametrize(
    "forge",
    [
        lambda kb: kb["faq"][6].update(numero="7"),
        lambda kb: kb.update(faq=None),
        lambda kb: kb["faq"][6].pop("question"),
        lambda kb: kb["faq"][6].update(champ_inconnu=1),
        lambda kb: kb["figures"][0].update(precision="a peu pres"),
        lambda kb: kb["figures"][0].update(valeur=True),
        lambda kb: kb["faq"][6]["reponse"].append("un bloc qui n'en est pas un"),
        lambda kb: kb["contact"].update(reseaux={"x": 1}),
        lambda kb: kb.update(sources=[[]]),
    ],
    ids=["texte-pour-nombre", "liste-nulle", "champ-manquant", "champ-inconnu", "hors-enumeration", "booleen-pour-nombre",
         "texte-pour-bloc", "dictionnaire-pour-liste", "liste-pour-fiche"],
)  # fmt: skip
def test_a_forged_compiled_base_with_a_valid_hash_is_refused_by_its_shape(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forge: Callable[[Any], None]
) -> None:
    base = tmp_path / "cache"
    use_cache(monkeypatch, base)
    assert run("faq", "7").exit_code == 0
    original = _compiled(base).read_bytes()
    _reseal(_compiled(base), forge)
    assert _compiled(base).read_bytes() != original
    for command in (("faq", "7", "--format", "json"), ("export", "--format", "json"), ("chiffres", "--format", "json")):
        done = run(*command)
        assert done.exit_code == 0, (command, done.stderr)
        assert _compiled(base).read_bytes() == original  # refused, and rebuilt from the YAML files
    assert run("faq", "7", "--format", "json").json()["numero"] == 7


@pytest.mark.parametrize("command", [("chiffres",), ("recherche", "budget")])
def test_a_forged_compiled_base_whose_references_name_nothing_fails_once_then_is_rebuilt(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    """Hash and shape hold; what it names does not exist. Checking every reference at each read would
    cost more than the read: the command fails (exit 70), and the next one rebuilds the base."""
    base = tmp_path / "cache"
    use_cache(monkeypatch, base)
    assert run("faq", "7").exit_code == 0
    original = _compiled(base).read_bytes()
    _reseal(_compiled(base), lambda kb: kb["figures"][0].update(indicateur="inexistant"))
    assert run(*command).exit_code == 70
    assert not list(base.glob("kb-*.json")) and not list(base.glob("index-*.sqlite3"))
    done = run(*command)
    assert done.exit_code == 0, done.stderr
    assert _compiled(base).read_bytes() == original


def test_a_non_finite_number_in_the_compiled_base_is_refused(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sosinfo.kb.loader import build_compiled

    base = tmp_path / "cache"
    use_cache(monkeypatch, base)
    assert run("chiffres").exit_code == 0
    body = cache.unseal(_compiled(base).read_bytes(), _compiled(base).name)
    assert body is not None
    build_compiled(json.loads(body))  # sound as written
    kb = json.loads(body)
    kb["figures"][0]["valeur"] = float("nan")
    with pytest.raises(ValueError):
        build_compiled(json.loads(json.dumps(kb)))  # json writes NaN and reads it back: the shape check does not


def _meta(index: Path) -> dict[str, str]:
    connection = sqlite3.connect(index)
    rows = dict(connection.execute("SELECT key, value FROM meta"))
    connection.close()
    return rows


def _search_still_answers(run: Run, times: int = 2) -> str:
    """The question whose best answer is FAQ 7, asked ``times`` times (the damaged index is rebuilt once);
    every answer, one after the other."""
    answers = ""
    for _ in range(times):
        done = run("recherche", "patrimoine immobilier", "--format", "json")
        assert done.exit_code == 0 and done.json()[0]["id"] == "faq:7", done.stderr
        answers += done.stdout
    return answers


def _forge_index(index: Path, statement: str, parameters: tuple[object, ...] = ()) -> None:
    """Change the index and write the meta's hash anew: what only a forger, not a damage, does."""
    from sosinfo.search.index import INTEGRITY, _meta_hash

    connection = sqlite3.connect(index)
    connection.execute(statement, parameters)
    rows = {key: value for key, value in connection.execute("SELECT key, value FROM meta") if key != INTEGRITY}
    connection.execute("UPDATE meta SET value = ? WHERE key = ?", (json.dumps(_meta_hash(rows)), INTEGRITY))
    connection.commit()
    connection.close()


@pytest.mark.parametrize("forged", [False, True], ids=["endommage", "contrefait"])
def test_an_index_whose_average_length_is_zero_is_rebuilt(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forged: bool
) -> None:
    """Every search divided by it: a zero gave a ZeroDivisionError (exit 70) until the cache was deleted."""
    use_cache(monkeypatch, tmp_path / "cache")
    assert run("recherche", "budget").exit_code == 0
    index = _index_file(tmp_path / "cache")
    statement = "UPDATE meta SET value = '0' WHERE key = 'average_length'"
    if forged:
        _forge_index(index, statement)
    else:
        connection = sqlite3.connect(index)
        connection.execute(statement)
        connection.commit()
        connection.close()
    assert json.loads(_meta(index)["average_length"]) == 0
    from sosinfo.search import index as search_index

    assert search_index.open_file(index) is None
    _search_still_answers(run, 1)
    assert json.loads(_meta(_index_file(tmp_path / "cache"))["average_length"]) > 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE docs SET length = -1e300",
        "UPDATE docs SET length = 'abc'",
        "UPDATE postings SET weight = -1",
        "UPDATE postings SET weight = 0",
        "UPDATE terms SET idf = -5",
        "UPDATE docs SET recency = 'x'",
        "UPDATE docs SET year = 'deux mille'",
        "UPDATE meta SET value = '-1' WHERE key = 'documents'",
        "UPDATE meta SET value = '1e999' WHERE key = 'average_length'",
    ],
)
def test_an_index_with_numbers_out_of_range_is_rebuilt_once(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, statement: str
) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    assert run("recherche", "budget").exit_code == 0
    _forge_index(_index_file(tmp_path / "cache"), statement)
    _search_still_answers(run)


def test_an_index_whose_documents_were_edited_shows_nothing_of_the_edit(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_cache(monkeypatch, tmp_path / "cache")
    assert run("recherche", "budget").exit_code == 0
    _forge_index(
        _index_file(tmp_path / "cache"),
        "UPDATE docs SET title = 'Titre contrefait', record = replace(record, 'immobilier', 'contrefait')",
    )
    assert "contrefait" not in _search_still_answers(run)


def test_an_index_whose_meta_was_edited_does_not_open(tmp_path: Path) -> None:
    """Sound shapes, other values: only the meta's hash tells (a synonym group edited, say)."""
    from sosinfo.search import index

    path = tmp_path / "index.sqlite3"
    index.build_file(path, [], app.load(None)).connection.close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET value = '[]' WHERE key = 'synonyms'")
    connection.commit()
    connection.close()
    assert index.open_file(path) is None


def test_a_memo_edited_without_its_hash_is_not_believed(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The memo tells a file's hash without reading it: a memo edited to lie would give another base's key."""
    use_cache(monkeypatch, tmp_path / "cache")
    cache.directory(create=True)
    path = data_copy / "contact.yaml"
    old = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(old, old))  # old enough to be remembered
    key = app.dataset(data_copy).key
    memo_path = tmp_path / "cache" / cache.MEMO_NAME
    memo = _memo(tmp_path / "cache")
    assert str(path) in memo
    memo[str(path)][6] = "0" * 32  # type: ignore[index]
    memo_path.write_bytes(json.dumps(memo).encode())  # unsealed: not the cache's
    assert app.dataset(data_copy).key == key


def test_the_cache_hashes_with_hashlib_not_a_private_module() -> None:
    source = (Path(__file__).resolve().parents[1] / "sosinfo" / "cache.py").read_text(encoding="utf-8")
    assert "_blake2" not in source and "import hashlib" in source
    assert cache.digest(b"sosinfo") == __import__("hashlib").blake2b(b"sosinfo", digest_size=16).hexdigest()


# --- issue 25: the code key is what Python runs ------------------------------------------------------


def test_a_same_size_edit_that_keeps_the_mtime_never_serves_a_stale_answer(tmp_path: Path) -> None:
    """Python runs a .pyc whose recorded mtime and size match its source's, whatever the source says:
    the answer of the old code must not be cached under the key of the new one."""
    copy = tmp_path / "paquet"
    shutil.copytree(Path(app.__file__).parent, copy / "sosinfo", ignore=shutil.ignore_patterns("__pycache__"))
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"} | BASE_ENV | {
        "PYTHONPATH": str(copy),
        "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc"),
        "SOSINFO_CACHE_DIR": str(tmp_path / "cache"),
        "SOSINFO_OUTPUT_CACHE": "1",
    }  # fmt: skip

    def contact() -> str:
        done = subprocess.run(
            [sys.executable, "-c", "import sys, sosinfo; assert sosinfo.__file__.startswith(sys.argv[1]); "
             "sys.argv[1:] = ['contact', '--format', 'markdown']; from sosinfo.entry import main; main()", str(copy)],
            env=env, capture_output=True, text=True, check=False, cwd=tmp_path,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = contact()
    assert "Courriel" in first and "COURRIEL" not in first
    module = copy / "sosinfo" / "render" / "markdown.py"
    status = module.stat()
    source = module.read_bytes()
    assert source.count(b'"Courriel"') == 1
    module.write_bytes(source.replace(b'"Courriel"', b'"COURRIEL"'))  # same size
    os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns))  # same mtime: the old .pyc still runs
    assert contact() == first  # the old code runs, and its answer is the one keyed on it
    for bytecode in (tmp_path / "pyc").rglob("markdown.*.pyc"):
        bytecode.unlink()  # the bytecode is rebuilt (a Python upgrade, a cleaned cache…): the new code runs
    edited = contact()
    assert "COURRIEL" in edited and "Courriel" not in edited
    assert contact() == edited


def test_the_key_follows_the_bytecode_python_would_run(tmp_path: Path) -> None:
    import importlib.util
    import py_compile

    source = tmp_path / "module.py"
    source.write_text("VALUE = 1\n")
    assert app.imported_file(source) == source  # no bytecode yet
    bytecode = Path(importlib.util.cache_from_source(str(source)))
    py_compile.compile(str(source), cfile=str(bytecode), invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
    assert app.imported_file(source) == bytecode
    status = source.stat()
    source.write_text("VALUE = 2\n")
    os.utime(source, ns=(status.st_atime_ns, status.st_mtime_ns + 10**9))
    assert app.imported_file(source) == source  # the mtime changed: Python reads the source again
    os.utime(source, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert app.imported_file(source) == bytecode  # same mtime and size: Python runs the old bytecode
    py_compile.compile(str(source), cfile=str(bytecode), invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    assert app.imported_file(source) == source  # checked against the source's hash: the source decides
    py_compile.compile(str(source), cfile=str(bytecode), invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    assert app.imported_file(source) == bytecode  # taken as it is
    bytecode.write_bytes(b"\x00" * 16)
    assert app.imported_file(source) == source  # not bytecode of this Python


# --- issue 25: paths shown, paths refused, leftovers, links, forged answers ---------------------------


@pytest.mark.parametrize("variable", ["SOSINFO_CACHE_DIR", "XDG_CACHE_HOME", "HOME"])
def test_a_cache_path_is_shown_without_its_escapes(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    odd = tmp_path / "a\x1b]0;titre\x07\x1b[31mb\u202e"
    odd.mkdir(mode=0o777)
    odd.chmod(0o777)  # writable by others: the warning names it
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("SOSINFO_CACHE_DIR", raising=False)
    target = {"SOSINFO_CACHE_DIR": odd, "XDG_CACHE_HOME": odd.parent / odd.name, "HOME": odd}[variable]
    if variable == "XDG_CACHE_HOME":
        (odd / "sosinfo").mkdir(mode=0o777)
        (odd / "sosinfo").chmod(0o777)
    if variable == "HOME":
        (odd / ".cache" / "sosinfo").mkdir(parents=True, mode=0o777)
        (odd / ".cache" / "sosinfo").chmod(0o777)
    monkeypatch.setenv(variable, str(target))
    done = run("contact")
    assert done.exit_code == 0 and "01 58 30 55 55" in done.stdout
    assert done.stderr.count("Attention") == 1 and "modifiable par d'autres utilisateurs" in done.stderr
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr and "\u202e" not in done.stderr
    assert "a\\x1b]0;titre\\x07\\x1b[31mb\\u202e" in done.stderr


LOCATIONS = {
    "cache-relatif": (
        "SOSINFO_CACHE_DIR",
        "cache-relatif",
        "le dossier de cache SOSINFO_CACHE_DIR=cache-relatif est un chemin relatif",
    ),
    "home-relatif": ("HOME", "maison-relative", "le dossier personnel HOME=maison-relative est un chemin relatif"),
    "home-vide": ("HOME", "", None),
    "home-absent": ("HOME", "PLACEHOLDER/absente", None),
}


@pytest.mark.parametrize("case", list(LOCATIONS))
def test_a_cache_location_that_is_relative_empty_or_missing_is_not_used(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    variable, value, warning = LOCATIONS[case]
    work = tmp_path / "travail"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("SOSINFO_CACHE_DIR", raising=False)
    monkeypatch.setenv(variable, value.replace("PLACEHOLDER", str(tmp_path)))
    said = ""
    for _ in range(2):
        done = run("recherche", "budget", env=ANSWERS_ON)
        assert done.exit_code == 0, done.stderr
        said += done.stderr
    assert list(work.iterdir()) == []  # nothing in the folder the command runs from
    assert not (tmp_path / "absente").exists()  # a home is never created
    assert cache.directory(create=True) is None
    if warning is None:
        assert said == ""
    else:
        assert said == f"Attention : {warning} ; sosinfo fonctionne sans cache.\n"  # said once (the runs share a process)


def test_an_empty_home_is_no_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python makes an empty HOME « / »: the cache went to /.cache/sosinfo."""
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("SOSINFO_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", "")
    assert cache.root() is None and cache.directory(create=True) is None


def _interrupted_first_search(base: Path) -> None:
    """A first search ended by Ctrl-C while it builds the index (os._exit, as sosinfo._interrupted does),
    after a write: the temporary index and SQLite's journal are left in ``base``."""
    probe = (
        "import os, sys\n"
        "from sosinfo.search import index\n"
        "def interrupted(documents, kb, connection, name):\n"
        "    connection.executescript(index.SCHEMA)\n"
        "    connection.execute(\"INSERT INTO meta VALUES ('x', '1')\")  # a write: SQLite opens its journal\n"
        "    os._exit(130)\n"
        "index.build = interrupted\n"
        "sys.argv = ['sosinfo', 'recherche', 'budget']\n"
        "from sosinfo.entry import main\n"
        "main()\n"
    )
    env = os.environ | BASE_ENV | {"SOSINFO_CACHE_DIR": str(base)}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 130, done.stderr


def test_an_interrupted_first_search_leaves_nothing_behind(run: Run, tmp_path: Path, data_copy: Path) -> None:
    """Ctrl-C ends the process at once (os._exit): the index being built and SQLite's journal stay."""
    base = tmp_path / "cache"
    _interrupted_first_search(base)
    left = sorted(p.name for p in base.iterdir() if p.name.startswith(".index-"))
    assert len(left) == 2 and left[1] == left[0] + "-journal", left
    foreign = base / ".notes.abcd1234.tmp-journal"  # not a name the cache gives
    foreign.write_text("à moi")
    old = time.time() - 2 * cache.STALE_SECONDS
    for path in base.iterdir():
        if path.name.startswith("."):
            os.utime(path, (old, old))
    recent = base / f".index-{0:032x}.sqlite3.abcd1234.tmp-journal"  # another process is building right now
    recent.write_text("en cours")
    assert run("recherche", "budget", "--data-dir", str(data_copy), env={"SOSINFO_CACHE_DIR": str(base)}).exit_code == 0
    assert not [name for name in left if (base / name).exists()]
    assert foreign.exists() and recent.exists()


def test_what_an_interrupted_process_left_goes_at_the_next_build_whatever_its_age(
    run: Run, tmp_path: Path, data_copy: Path
) -> None:
    """The red team's case: Ctrl-C during the first search, then searches that succeed; the
    temporary index and its journal carry the dead process's number and go at once, while those
    of a process still running stay (it is writing them)."""
    base = tmp_path / "cache"
    _interrupted_first_search(base)
    left = sorted(p.name for p in base.iterdir() if p.name.startswith(".index-"))
    assert len(left) == 2 and re.fullmatch(r"\.index-[0-9a-f]{32}\.sqlite3\.p[0-9]{7}\.tmp", left[0]), left
    running = base / f".index-{0:032x}.sqlite3.p{os.getpid():07d}.tmp"  # this test's process: alive
    running.write_text("en cours")
    assert run("recherche", "budget", "--data-dir", str(data_copy), env={"SOSINFO_CACHE_DIR": str(base)}).exit_code == 0
    assert not [name for name in left if (base / name).exists()]  # young, but their writer is gone
    assert running.exists()
    assert [p.name for p in base.iterdir() if p.name.endswith((".tmp", ".tmp-journal"))] == [running.name]


def test_a_cache_root_that_is_a_symbolic_link_is_not_used(run: Run, tmp_path: Path, data_copy: Path) -> None:
    victim = tmp_path / "victime"
    victim.mkdir(mode=0o700)
    (victim / cache.TAG_NAME).write_bytes(cache.TAG_CONTENT)  # even one that looks like a cache
    old = time.time() - 30 * 24 * 3600
    planted = [victim / f"kb-{number:032x}.json" for number in range(10)]
    for number, path in enumerate(planted):
        path.write_text("à moi")
        os.utime(path, (old + number, old + number))
    link = tmp_path / "cache"
    link.symlink_to(victim, target_is_directory=True)
    env = {"SOSINFO_CACHE_DIR": str(link)} | ANSWERS_ON
    said = ""
    for _ in range(2):
        done = run("recherche", "budget", "--data-dir", str(data_copy), env=env)
        assert done.exit_code == 0
        said += done.stderr
        _edit(data_copy)
    assert said == f"Attention : le dossier de cache {link} est un lien symbolique ; sosinfo fonctionne sans cache.\n"
    assert sorted(p.name for p in victim.iterdir()) == sorted([cache.TAG_NAME, *(p.name for p in planted)])


def test_answers_are_never_written_or_read_through_a_linked_fingerprint_folder(
    run: Run, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / "cache"
    use_cache(monkeypatch, base)
    assert run("faq", "7", "--data-dir", str(data_copy)).exit_code == 0  # the cache exists, no answer kept yet
    key = app.dataset(data_copy).key
    assert key is not None
    victim = tmp_path / "victime"
    victim.mkdir()
    (base / "reponses").mkdir(mode=0o700, exist_ok=True)
    (base / "reponses" / key).symlink_to(victim, target_is_directory=True)
    expected = run("faq", "7", "--data-dir", str(data_copy), env=ANSWERS_ON).stdout
    assert list(victim.iterdir()) == []
    options = app.Options(data_dir=data_copy)
    answer_key = cache.digest(repr((("faq", 7), "texte", ())).encode())
    for name in [f"{answer_key}.txt"] + [f"{n:032x}.txt" for n in range(3)]:  # planted answers, sealed
        (victim / name).write_bytes(cache.seal(b"\x1b]0;pris\x07faux\n", f"reponses/{key}/{name}"))
    assert cache.read_answer(base, key, answer_key) is None
    again = run("faq", "7", "--data-dir", str(data_copy), env=ANSWERS_ON)
    assert again.stdout == expected and "faux" not in again.stdout
    assert options.data_dir == data_copy


def test_a_forged_answer_with_a_valid_hash_cannot_drive_the_terminal(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / "cache"
    use_cache(monkeypatch, base)
    assert run("faq", "7", env=ANSWERS_ON).exit_code == 0
    (answer,) = (base / "reponses").rglob("*.txt")
    forged = "Réponse\x1b]8;;http://x\x07lien\x1b]8;;\x07 \x1b[2J\x1b[31mrouge\x1b[0m \u202etxt.exe\x00\x9b1m fin\n"
    answer.write_bytes(cache.seal(forged.encode(), answer.relative_to(base).as_posix()))
    done = run("faq", "7", env=ANSWERS_ON)
    assert done.exit_code == 0
    # the renderer's own styles (SGR) stay; every other sequence and control becomes « � »
    assert done.stdout == (
        "Réponse\ufffd]8;;http://x\ufffdlien\ufffd]8;;\ufffd \ufffd[2J\x1b[31mrouge\x1b[0m \ufffdtxt.exe\ufffd\ufffd1m fin\n"
    )


# --- a sound file moved to another name is not that name's (red team, issue 25) ------------------------


def _two_bases(tmp_path: Path, data_copy: Path) -> tuple[Path, Path]:
    """Base A (the shipped data) and base B, the same but for the question of FAQ 7."""
    other = tmp_path / "autre"
    shutil.copytree(data_copy, other)
    faq = other / "faq.yaml"
    text = faq.read_text(encoding="utf-8")
    question = re.search(r"question: Pourquoi le Groupe SOS dispose-t-il .*", text)
    assert question is not None
    faq.write_text(text.replace(question.group(0), "question: Question de la base B ?", 1), encoding="utf-8")
    return data_copy, other


def _files_of(base: Path, pattern: str) -> set[Path]:
    return set(base.glob(pattern))


@pytest.mark.parametrize("what", ["kb-*.json", "reponses/*/*.txt", "index-*.sqlite3"])
def test_a_file_of_another_base_copied_over_this_ones_is_not_served(
    run: Run, tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    """The hash of every sealed file covers its name (and the index's meta its file name): A's compiled
    base, answer or index put in place of B's is refused, and B's own data is shown."""
    base = tmp_path / "cache"
    use_cache(monkeypatch, base)
    first, second = _two_bases(tmp_path, data_copy)
    command = ("recherche", "patrimoine immobilier") if what.startswith("index") else ("faq", "7")
    made: list[set[Path]] = []
    for data in (first, second):
        before = _files_of(base, what)
        assert run(*command, "--data-dir", str(data), env=ANSWERS_ON).exit_code == 0
        made.append(_files_of(base, what) - before)
    (of_first,), (of_second,) = made
    expected = run(*command, "--data-dir", str(second), "-f", "json").stdout
    assert "Question de la base B ?" in expected
    shutil.copyfile(of_first, of_second)
    if not what.startswith("reponses"):
        shutil.rmtree(base / "reponses")  # the answer kept for B would hide the swap
    served = run(*command, "--data-dir", str(second), "-f", "json", env=ANSWERS_ON)
    assert served.exit_code == 0 and served.stdout == expected
    if what.startswith("reponses"):
        assert run(*command, "--data-dir", str(second), env=ANSWERS_ON).stdout.count("Question de la base B") == 1
