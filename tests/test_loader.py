"""A broken or hostile knowledge base is refused, with every problem named by file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Run

from sosinfo.errors import DataError
from sosinfo.kb import files
from sosinfo.kb.files import BUNDLED_DATA
from sosinfo.kb.loader import load_knowledge, read_knowledge


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` once in ``path``; return the (1-based) line where it was."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def messages(data: Path) -> list[str]:
    _, problems = read_knowledge(data)
    return [str(p) for p in problems]


def test_wrong_type_is_named_with_file_and_line(data_copy: Path) -> None:
    line = edit(data_copy / "faq.yaml", "numero: 7", "numero: sept")
    assert messages(data_copy) == [f"faq.yaml, ligne {line} : « numero » doit être un nombre entier, pas « sept »"]


def test_duplicate_key_is_refused(data_copy: Path) -> None:
    line = edit(data_copy / "contact.yaml", "  telephone: 01 58 30 55 55\n", "  telephone: 01 58 30 55 55\n  telephone: 00\n")
    assert messages(data_copy) == [f"contact.yaml, ligne {line + 1} : clé « telephone » en double (déjà définie ligne {line})"]


def test_unknown_source_id(data_copy: Path) -> None:
    line = edit(data_copy / "temoignages.yaml", "    source: valeurs\n", "    source: inconnue\n")
    found = messages(data_copy)
    assert len(found) == 1
    assert found[0].startswith(f"temoignages.yaml, ligne {line} : source inconnue « inconnue »")


def test_malformed_line(data_copy: Path) -> None:
    line = edit(data_copy / "valeurs.yaml", "    resume: Ne laisser", "    resume: [Ne laisser")
    found = messages(data_copy)
    assert len(found) == 1 and found[0].startswith("valeurs.yaml, ligne ")
    assert "YAML mal formé" in found[0]
    assert int(found[0].split("ligne ")[1].split(" ")[0]) >= line


def test_every_problem_is_listed_not_only_the_first(data_copy: Path) -> None:
    faq = (data_copy / "faq.yaml").read_text(encoding="utf-8")
    first_question = faq[: faq.index("  - numero: 1\n")].count("\n") + 1
    see_also = faq[: faq.index("voir_aussi: [3, 5, 7]")].count("\n") + 1
    bank_text = (data_copy / "questions.yaml").read_text(encoding="utf-8")
    bank = bank_text[: bank_text.index('id: "faq:7"')].count("\n") + 1
    numero = edit(data_copy / "faq.yaml", "numero: 7", "numero: 14")
    valeur = edit(data_copy / "chiffres.yaml", "valeur: 1367000000", "valeur: beaucoup")
    chiffre = edit(data_copy / "conflits.yaml", "chiffre: salaries-2016,", "chiffre: salaries-2099,")
    assert messages(data_copy) == [
        f"faq.yaml, ligne {first_question} : questions manquantes : 7",
        f"faq.yaml, ligne {see_also} : « voir aussi » renvoie à une question absente : 7",
        f"faq.yaml, ligne {numero} : numéro de question 14 hors de 1–13",
        f"chiffres.yaml, ligne {valeur} : « valeur » doit être un nombre entier ou un nombre, pas « beaucoup »",
        f"conflits.yaml, ligne {chiffre} : chiffre inconnu « salaries-2099 »",
        f"questions.yaml, ligne {bank} : entrée inconnue « faq:7 »",  # the question bank still names it
    ]


def test_references_are_checked(data_copy: Path) -> None:
    edit(data_copy / "faq.yaml", "numero: 7", "numero: 14")
    edit(data_copy / "conflits.yaml", "chiffre: salaries-2016,", "chiffre: salaries-2099,")
    found = "\n".join(messages(data_copy))
    assert "numéro de question 14 hors de 1–13" in found
    assert "questions manquantes : 7" in found
    assert "chiffre inconnu « salaries-2099 »" in found


def test_unknown_field_and_missing_field(data_copy: Path) -> None:
    edit(data_copy / "contact.yaml", "  devise:", "  slogan:")
    found = "\n".join(messages(data_copy))
    assert "champ inconnu « slogan »" in found
    assert "champ obligatoire « devise » manquant" in found


def test_python_tags_never_run(data_copy: Path, tmp_path: Path) -> None:
    witness = tmp_path / "pwned"
    edit(
        data_copy / "contact.yaml",
        "  telephone: 01 58 30 55 55",
        f'  telephone: !!python/object/apply:os.system ["touch {witness}"]',
    )
    found = messages(data_copy)
    assert len(found) == 1 and "étiquette YAML non autorisée" in found[0]
    assert not witness.exists()


def test_alias_bomb_is_refused_quickly(data_copy: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        previous = chr(ord("a") + n - 1)
        current = chr(ord("a") + n)
        lines.append(f"{current}: &{current} [" + ",".join(f"*{previous}" for _ in range(9)) + "]")
    (data_copy / "contact.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = messages(data_copy)  # refused at the first alias: nothing is expanded
    assert any("alias" in message for message in found)


def test_oversized_file_is_refused(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    found = messages(data_copy)
    assert any("faq.yaml : fichier trop gros" in message for message in found)


def test_missing_file(data_copy: Path) -> None:
    (data_copy / "plaidoyers.yaml").unlink()
    found = messages(data_copy)
    assert len(found) == 1 and found[0].startswith("plaidoyers.yaml : lecture impossible")


def test_not_utf8(data_copy: Path) -> None:
    (data_copy / "contact.yaml").write_bytes("contact:\n  nom: caf\xe9\n".encode("latin-1"))
    assert messages(data_copy) == ["contact.yaml, ligne 2 : le fichier n'est pas en UTF-8"]


def test_load_raises_one_data_error(data_copy: Path) -> None:
    edit(data_copy / "faq.yaml", "numero: 7", "numero: sept")
    with pytest.raises(DataError) as caught:
        load_knowledge(data_copy)
    assert "Base de connaissances invalide (1 problème)" in caught.value.message


def test_verifier_passes_on_shipped_data(run: Run) -> None:
    done = run("verifier")
    assert done.exit_code == 0
    assert done.stdout.startswith("✔ Base valide")


def test_verifier_lists_every_problem_with_file_and_line(run: Run, data_copy: Path) -> None:
    wrong_type = edit(data_copy / "faq.yaml", "numero: 7", "numero: sept")
    duplicate = edit(
        data_copy / "contact.yaml", "  email: info@groupe-sos.org\n", "  email: info@groupe-sos.org\n  email: autre\n"
    )
    source = edit(data_copy / "temoignages.yaml", "    source: valeurs\n", "    source: inconnue\n")
    edit(data_copy / "valeurs.yaml", "    resume: Ne laisser", "    resume: [Ne laisser")
    done = run("verifier", str(data_copy), "--format", "json")
    assert done.exit_code == 1
    report = done.json()
    assert report["valide"] is False
    located = {(p["fichier"], p["ligne"]) for p in report["problemes"]}
    assert ("faq.yaml", wrong_type) in located
    assert ("contact.yaml", duplicate + 1) in located
    assert ("temoignages.yaml", source) in located
    assert any(p["fichier"] == "valeurs.yaml" and "YAML mal formé" in p["message"] for p in report["problemes"])


def test_commands_refuse_a_broken_base_and_show_nothing(run: Run, data_copy: Path) -> None:
    edit(data_copy / "faq.yaml", "numero: 7", "numero: sept")
    done = run("chiffres", "--data-dir", str(data_copy))
    assert done.exit_code == 1
    assert done.stdout == ""
    # the one problem is shown in full: no « run verifier for the full list »
    assert "faq.yaml, ligne" in done.stderr and "sosinfo verifier" not in done.stderr


def test_missing_directory_is_bad_usage(run: Run, tmp_path: Path) -> None:
    done = run("faq", "--data-dir", str(tmp_path / "absent"))
    assert done.exit_code == 2
    assert "dossier de connaissances introuvable" in done.stderr
    done = run("faq", env={"SOSINFO_DATA": str(tmp_path / "absent")})
    assert done.exit_code == 2 and "SOSINFO_DATA" in done.stderr


@pytest.mark.parametrize("command", [["faq"], ["verifier", "{path}"]])
def test_a_file_or_a_name_too_long_is_said_as_such(run: Run, tmp_path: Path, command: list[str]) -> None:
    """A file given as the base was called « introuvable »; a name too long failed as « écriture impossible
    sur la sortie » (the system's error taken for one of writing the answer)."""
    a_file = tmp_path / "faq.yaml"
    a_file.write_text("x", encoding="utf-8")
    for path, said in ((a_file, "n'est pas un dossier."), (tmp_path / ("a" * 5000), "(nom trop long).")):
        arguments = [word.format(path=path) for word in command]
        done = run(*arguments, *([] if "{path}" in command else ["--data-dir", str(path)]))
        assert done.exit_code == 2 and done.stdout == ""
        assert done.stderr.splitlines()[0].endswith(said), done.stderr
        assert "écriture" not in done.stderr


# --- passages: every statement says where its source makes it ---


def test_passage_naming_an_unknown_section(data_copy: Path) -> None:
    line = edit(
        data_copy / "faq.yaml",
        "{source: faq-13-questions, section: q7, detail: 1er paragraphe}",
        "{source: faq-13-questions, section: q77}",
    )
    found = messages(data_copy)
    assert len(found) == 1
    assert found[0].startswith(
        f"faq.yaml, ligne {line} : partie « q77 » inconnue dans « faq-13-questions » (parties : sommaire, q1, q2"
    )


def test_passage_from_a_source_the_statement_does_not_cite(data_copy: Path) -> None:
    line = edit(
        data_copy / "chiffres.yaml",
        'passages: [{source: faq-13-questions, section: q4, detail: "1er paragraphe"}]',
        "passages: [{source: faq-13-questions, section: q4}, {source: valeurs, section: audace}]",
    )
    found = messages(data_copy)
    assert found == [f"chiffres.yaml, ligne {line} : passage tiré de « valeurs », que l'énoncé ne cite pas (faq-13-questions)"]


def test_cited_source_without_passage(data_copy: Path) -> None:
    line = edit(
        data_copy / "temoignages.yaml",
        '    passages: [{source: valeurs, section: temoignage-valet, detail: "intitulé, phrases 1 et 3"}]',
        "    passages: []",
    )
    found = messages(data_copy)
    assert found == [
        f"temoignages.yaml, ligne {line} : aucun passage : dire où la source fait cet énoncé",
        f"temoignages.yaml, ligne {line} : aucun passage pour la source citée « valeurs »",
    ]


def test_a_testimonial_point_is_located_in_its_testimonial_source(data_copy: Path) -> None:
    path = data_copy / "temoignages.yaml"
    line = edit(path, "section: temoignage-valet, detail: phrase 17}", "section: temoignage-valett, detail: phrase 17}")
    burban = "{source: valeurs, section: temoignage-burban, detail: phrase 7}"
    other = edit(path, burban, "{source: faq-13-questions, section: q1}")
    valeurs = next(source for source in load_knowledge(BUNDLED_DATA).sources if source.id == "valeurs")
    assert messages(data_copy) == [
        f"temoignages.yaml, ligne {line} : partie « temoignage-valett » inconnue dans « valeurs » (parties : "
        + ", ".join(section.id for section in valeurs.sections)
        + ")",
        f"temoignages.yaml, ligne {other} : passage tiré de « faq-13-questions », que l'énoncé ne cite pas (valeurs)",
    ]


def test_each_cited_source_needs_its_passage(data_copy: Path) -> None:
    line = edit(
        data_copy / "valeurs.yaml",
        "      - {source: valeurs, section: courage}\n",
        "",
    )
    found = messages(data_copy)
    assert len(found) == 1
    assert "aucun passage pour la source citée « valeurs »" in found[0] and found[0].startswith("valeurs.yaml, ligne ")
    assert int(found[0].split("ligne ")[1].split(" ")[0]) < line


def test_missing_passages_field_is_named(data_copy: Path) -> None:
    line = edit(
        data_copy / "plaidoyers.yaml",
        ', passages: [{source: faq-13-questions, section: q13, detail: "liste des prises de position, 4e point"}]}',
        "}",
    )
    assert messages(data_copy) == [f"plaidoyers.yaml, ligne {line} : champ obligatoire « passages » manquant"]


def test_passage_of_an_unknown_source(data_copy: Path) -> None:
    line = edit(
        data_copy / "contact.yaml",
        "    - {source: up-conferences, section: site}",
        "    - {source: up-conference, section: site}",
    )
    found = messages(data_copy)
    assert len(found) == 2  # in line order: the record that lost its passage, then the passage
    assert found[0].startswith("contact.yaml, ligne ")
    assert found[0].endswith(" : aucun passage pour la source citée « up-conferences »")
    assert found[1].startswith(f"contact.yaml, ligne {line} : source inconnue « up-conference »")


def test_source_sections_are_checked(data_copy: Path) -> None:
    line = edit(data_copy / "sources.yaml", "      - {id: q8, titre:", "      - {id: q7, titre:")
    found = messages(data_copy)
    assert f"sources.yaml, ligne {line} : partie « q7 » en double dans la source « faq-13-questions »" in found
    assert any("partie « q8 » inconnue dans « faq-13-questions »" in message for message in found)


def test_a_flow_list_that_splits_an_item_on_its_comma_is_caught(run: Run, data_copy: Path) -> None:
    path = data_copy / "secteurs.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('"Établissements sociaux et médico-sociaux (handicap, exclusions)"', "Établissements (handicap, exclus)")
    path.write_text(text, encoding="utf-8")
    line = next(number for number, content in enumerate(text.splitlines(), 1) if "Établissements (handicap" in content)
    done = run("verifier", str(data_copy), "-f", "json")
    assert done.exit_code == 1
    problems = [(p["fichier"], p["ligne"], p["message"]) for p in done.json()["problemes"]]
    unbalanced = "« ( » et « ) » non appariés dans « Établissements (handicap »"
    assert any((file, at) == ("secteurs.yaml", line) and message.startswith(unbalanced) for file, at, message in problems)


def test_a_short_list_of_problems_does_not_point_to_verifier(run: Run, data_copy: Path) -> None:
    (data_copy / "contact.yaml").write_text("contact: 3\n", encoding="utf-8")
    done = run("faq", "--data-dir", str(data_copy))
    assert done.exit_code == 1 and "sosinfo verifier" not in done.stderr


def test_a_link_to_a_file_outside_the_base_is_not_read(run: Run, data_copy: Path, tmp_path: Path) -> None:
    """Red team: ``contact.yaml -> /proc/self/environ`` showed the start of the environment in the error.
    A link out of the base's folder is refused before a byte is read; a link inside it is followed."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("mot-de-passe-tres-secret: 1\n", encoding="utf-8")
    contact = data_copy / "contact.yaml"
    kept = data_copy / "contact-original.yaml"
    contact.rename(kept)
    contact.symlink_to(secret)
    done = run("faq", "7", "--data-dir", str(data_copy))
    assert done.exit_code == 1 and "secret" not in done.stderr and "mot-de-passe" not in done.stderr
    assert "contact.yaml : lecture refusée (lien vers un fichier hors du dossier de la base)" in done.stderr
    contact.unlink()
    contact.symlink_to(kept.name)  # inside the folder: read as the file it names
    assert run("faq", "7", "--data-dir", str(data_copy)).exit_code == 0


@pytest.mark.parametrize("invisible", ["\u200b", "\u2800", "\u3164\u3164", "\u200b \u2060"])
def test_a_text_with_nothing_visible_is_refused_like_an_empty_one(data_copy: Path, invisible: str) -> None:
    faq = data_copy / "faq.yaml"
    text = faq.read_text(encoding="utf-8")
    question = re.search(r"question: (Pourquoi le Groupe SOS dispose-t-il .*)", text)
    assert question is not None
    line = text[: question.start()].count("\n") + 1
    faq.write_text(text.replace(question.group(0), f'question: "{invisible}"', 1), encoding="utf-8")
    _, problems = read_knowledge(data_copy)
    assert [str(problem) for problem in problems] == [
        f"faq.yaml, ligne {line} : « question » doit être un texte non vide, pas un texte sans caractère visible"
    ]
