#!/usr/bin/env python3
"""Mutation testing of the rules that protect users: does the test suite catch a small bug in each?

    python bench/mutation.py                 # every mutant, the score at the end
    python bench/mutation.py --liste         # the mutants, without running anything
    python bench/mutation.py --seul cache-group-writable --seul text-safe-ascii
    python bench/mutation.py --travailleurs 2

Each mutant below changes one rule in one place (an escape dropped, a bound moved by one, a check
inverted), the kind of slip a change can make without anyone noticing. For each, the package and
its tests are copied into a temporary folder, the one change is made there (never in this
checkout), and the tests that guard that rule are run. A mutant is *caught* when a test fails (or
the run exceeds its time limit); it *survives* when every test still passes: then the rule has no
test at its boundary. The unmutated copy is run first: a red suite measures nothing.

A mutant whose original text is no longer in its file is reported « introuvable » and makes the
script fail: the list is kept in step with the code, never silently shorter.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIME_LIMIT = 600  # seconds per mutant: past it, the mutant is counted as caught (it hangs)


@dataclass(frozen=True)
class Mutant:
    name: str
    area: str  # the family of rules: échappement, cache, nombres, dates, options, recherche, lecture
    file: str  # relative to the repository
    original: str  # must occur exactly once in the file
    mutated: str
    tests: tuple[str, ...]  # pytest arguments: the tests that guard this rule
    why: str


MUTANTS = [
    # --- escaping: data never becomes markup, escapes or structure -----------------------------
    Mutant(
        "markdown-pipe",
        "échappement",
        "sosinfo/render/markdown.py",
        r'_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")',
        r'_SPECIAL = re.compile(r"([\\`*_\[\]<>#~])")',
        ("tests/test_render.py", "tests/test_golden.py"),
        "« | » d'une donnée n'est plus échappé : il coupe une cellule de tableau Markdown",
    ),
    Mutant(
        "markdown-link-scheme",
        "échappement",
        "sosinfo/render/markdown.py",
        r'_SAFE_LINK = re.compile(r"^(https?://[^\s<>()\[\]`]+|mailto:[^\s<>()\[\]`]+)$", re.IGNORECASE)',
        r'_SAFE_LINK = re.compile(r"^([a-z]+:[^\s<>()\[\]`]+|mailto:[^\s<>()\[\]`]+)$", re.IGNORECASE)',
        ("tests/test_render.py",),
        "un lien javascript: ou file: d'une donnée devient cliquable",
    ),
    Mutant(
        "markdown-code-backtick",
        "échappement",
        "sosinfo/render/markdown.py",
        """return "`" + safe(text).replace("`", "'").replace("\\n", " ") + "`\"""",
        """return "`" + safe(text).replace("\\n", " ") + "`\"""",
        ("tests/test_render.py",),
        "un accent grave dans un identifiant ferme l'extrait de code",
    ),
    Mutant(
        "text-safe-ascii",
        "échappement",
        "sosinfo/text.py",
        "if not text.isascii() or not text.isprintable() else text",
        "if not text.isascii() and not text.isprintable() else text",
        ("tests/test_render.py", "tests/test_hostile.py", "tests/test_knowledge.py"),
        "ESC passe dans un texte tout ASCII",
    ),
    Mutant(
        "text-unsafe-c1",
        "échappement",
        "sosinfo/text.py",
        r'"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c',
        r'"[\x00-\x08\x0b-\x1f\x7f\u061c',
        ("tests/test_render.py", "tests/test_knowledge.py"),
        "les caractères de contrôle C1 (CSI 0x9b…) passent",
    ),
    Mutant(
        "text-printable-controls",
        "échappement",
        "sosinfo/text.py",
        'c if c.isprintable() else " " if unicodedata.category(c) == "Zs" else "?"',
        'c if c.isprintable() or c in "\\x1b\\u2066" else " " if unicodedata.category(c) == "Zs" else "?"',
        ("tests/test_knowledge.py", "tests/test_render.py", "tests/test_hostile.py"),
        "ESC ou un isolant bidi tapé par l'utilisateur est répété tel quel dans un message",
    ),
    Mutant(
        "text-printable-limit",
        "échappement",
        "sosinfo/text.py",
        "return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + \"…\"",
        "return cleaned if len(cleaned) <= limit + 1 else cleaned[: limit - 1] + \"…\"",
        ("tests/test_knowledge.py", "tests/test_render.py"),
        "un texte tapé par l'utilisateur dépasse d'un caractère la longueur promise",
    ),
    Mutant(
        "problem-visible",
        "échappement",
        "sosinfo/errors.py",
        """if character.isprintable() or unicodedata.category(character) == "Zs\"""",
        """if character.isprintable() or unicodedata.category(character) in ("Zs", "Cc")""",
        ("tests/test_verifier.py", "tests/test_hostile.py", "tests/test_knowledge.py"),
        "un message d'erreur cite un caractère de contrôle d'un fichier hostile",
    ),
    # --- the cache: only what is ours, only where we are trusted --------------------------------
    Mutant(
        "cache-group-writable",
        "cache",
        "sosinfo/cache.py",
        "if status.st_mode & 0o022:",
        "if status.st_mode & 0o002:",
        ("tests/test_cache.py",),
        "un dossier de cache modifiable par le groupe est accepté",
    ),
    Mutant(
        "cache-other-owner",
        "cache",
        "sosinfo/cache.py",
        "if getuid is not None and status.st_uid != getuid():",
        "if getuid is not None and status.st_uid != getuid() and status.st_uid != 0:",
        ("tests/test_cache.py",),
        "un dossier de cache appartenant à root (ou à un autre) est accepté",
    ),
    Mutant(
        "cache-owned-names",
        "cache",
        "sosinfo/cache.py",
        r'_OWNED_FILE = re.compile(r"^(kb-[0-9a-f]{32}\.json|',
        r'_OWNED_FILE = re.compile(r"^(kb-[0-9a-f]*\.json|',
        ("tests/test_cache.py",),
        "le nettoyage efface un fichier qui ressemble seulement à ceux du cache",
    ),
    Mutant(
        "cache-seal-name",
        "cache",
        "sosinfo/cache.py",
        'return digest(name.encode("utf-8", "surrogateescape") + b"\\0" + body).encode()',
        "return digest(body).encode()",
        ("tests/test_cache.py",),
        "la réponse ou la base compilée d'une autre base, copiée sous ce nom, est servie",
    ),
    Mutant(
        "cache-dead-writer",
        "cache",
        "sosinfo/cache.py",
        "    except ProcessLookupError:\n        return True",
        "    except ProcessLookupError:\n        return False",
        ("tests/test_cache.py",),
        "le fichier temporaire d'un processus interrompu (Ctrl-C) reste dans le cache",
    ),
    # --- numbers typed by users ----------------------------------------------------------------
    Mutant(
        "number-ascii-digits",
        "nombres",
        "sosinfo/text.py",
        "return text.isascii() and text.isdigit()",
        "return text.isdigit()",
        ("tests/test_french.py", "tests/test_cli.py", "tests/test_hostile.py"),
        "« ² » passe pour un chiffre (et int() plante)",
    ),
    Mutant(
        "number-digit-count",
        "nombres",
        "sosinfo/text.py",
        "return int(significant) if len(significant) <= max_digits else None",
        "return int(significant) if len(significant) <= max_digits + 1 else None",
        ("tests/test_french.py", "tests/test_cli.py"),
        "la limite du nombre de chiffres décalée d'un",
    ),
    Mutant(
        "year-lower-bound",
        "dates",
        "sosinfo/cli/params.py",
        "if year is None or not YEAR_MIN <= year <= YEAR_MAX:",
        "if year is None or not YEAR_MIN < year <= YEAR_MAX:",
        ("tests/test_cli.py", "tests/test_french.py", "tests/test_behaviour.py"),
        "l'année 1900, permise, est refusée",
    ),
    Mutant(
        "year-upper-bound",
        "dates",
        "sosinfo/cli/params.py",
        "if year is None or not YEAR_MIN <= year <= YEAR_MAX:",
        "if year is None or not YEAR_MIN <= year <= YEAR_MAX + 1:",
        ("tests/test_cli.py", "tests/test_french.py", "tests/test_behaviour.py"),
        "l'année 2101, impossible, est acceptée",
    ),
    Mutant(
        "limit-lower-bound",
        "nombres",
        "sosinfo/cli/params.py",
        "if number is None or not self.low <= number <= self.high:",
        "if number is None or not self.low - 1 <= number <= self.high:",
        ("tests/test_french.py", "tests/test_search.py"),
        "--limite 0 est accepté",
    ),
    Mutant(
        "limit-upper-bound",
        "nombres",
        "sosinfo/cli/params.py",
        "if number is None or not self.low <= number <= self.high:",
        "if number is None or not self.low <= number < self.high:",
        ("tests/test_french.py", "tests/test_search.py"),
        "--limite 100, permis, est refusé",
    ),
    # --- date ranges -----------------------------------------------------------------------------
    Mutant(
        "timeline-since-inclusive",
        "dates",
        "sosinfo/queries.py",
        "(since is None or e.annee >= since)",
        "(since is None or e.annee > since)",
        ("tests/test_behaviour.py", "tests/test_cli.py", "tests/test_golden.py"),
        "--depuis 2016 perd les événements de 2016",
    ),
    Mutant(
        "timeline-until-inclusive",
        "dates",
        "sosinfo/queries.py",
        "(until is None or e.annee <= until)",
        "(until is None or e.annee < until)",
        ("tests/test_behaviour.py", "tests/test_cli.py", "tests/test_golden.py"),
        "--jusqua 2016 perd les événements de 2016",
    ),
    Mutant(
        "timeline-reversed-range",
        "dates",
        "sosinfo/queries.py",
        "if since is not None and until is not None and since > until:",
        "if since is not None and until is not None and since > until + 1:",
        ("tests/test_behaviour.py", "tests/test_cli.py"),
        "un intervalle à l'envers d'un an n'est plus signalé",
    ),
    # --- the command line ----------------------------------------------------------------------
    Mutant(
        "options-after-double-dash",
        "options",
        "sosinfo/cli/french.py",
        """end = after.index("--") if "--" in after else len(after)""",
        "end = len(after)",
        ("tests/test_cli.py", "tests/test_behaviour.py"),
        "après « -- », un mot qui ressemble à une option est déplacé comme une option",
    ),
    Mutant(
        "options-data-dir-value",
        "options",
        "sosinfo/cli/french.py",
        """GLOBAL_OPTIONS = {"--format": True, "-f": True, "--data-dir": True}""",
        """GLOBAL_OPTIONS = {"--format": True, "-f": True, "--data-dir": False}""",
        ("tests/test_cli.py", "tests/test_behaviour.py"),
        "« sosinfo --data-dir D faq 7 » : le dossier, avant la commande, est pris pour la commande",
    ),
    Mutant(
        "options-short-format-glued",
        "options",
        "sosinfo/cli/french.py",
        """elif name in GLOBAL_OPTIONS or (token.startswith("-f") and not token.startswith("--") and len(token) > 2):""",
        """elif name in GLOBAL_OPTIONS:""",
        ("tests/test_cli.py", "tests/test_behaviour.py"),
        "« -fjson » avant la commande n'est plus compris",
    ),
    # --- search thresholds ---------------------------------------------------------------------
    Mutant(
        "typo-length-threshold",
        "recherche",
        "sosinfo/search/analysis.py",
        "return 0 if len(word) < 5 else 1 if len(word) < 9 else 2",
        "return 0 if len(word) < 5 else 1 if len(word) < 10 else 2",
        ("tests/test_search.py",),
        "un mot de 9 lettres n'a plus droit à deux fautes de frappe",
    ),
    Mutant(
        "typo-short-words",
        "recherche",
        "sosinfo/search/analysis.py",
        "return 0 if len(word) < 5 else 1 if len(word) < 9 else 2",
        "return 0 if len(word) < 4 else 1 if len(word) < 9 else 2",
        ("tests/test_search.py",),
        "un mot de 4 lettres accepte une faute : « taux » devient « tous »",
    ),
    # --- reading untrusted YAML ----------------------------------------------------------------
    Mutant(
        "yaml-depth",
        "lecture",
        "sosinfo/kb/yamlreader.py",
        "if len(stack) >= MAX_DEPTH:",
        "if len(stack) > MAX_DEPTH:",
        ("tests/test_french.py", "tests/test_loader.py", "tests/test_hostile.py"),
        "un niveau d'imbrication de plus que la limite est lu",
    ),
    Mutant(
        "yaml-depth-from-text",
        "lecture",
        "sosinfo/kb/yamlreader.py",
        "            if depth > MAX_DEPTH:\n                return True",
        "            if depth > MAX_DEPTH * 100:\n                return True",
        ("tests/test_french.py", "tests/test_hostile.py"),
        "l'imbrication refusée par libyaml est dite « YAML mal formé » (ou en anglais)",
    ),
    Mutant(
        "yaml-duplicate-key",
        "lecture",
        "sosinfo/kb/yamlreader.py",
        "                if value in parent:\n",
        "                if value in parent and False:\n",
        ("tests/test_loader.py", "tests/test_hostile.py"),
        "une clé en double garde silencieusement la dernière valeur",
    ),
    Mutant(
        "yaml-anchor",
        "lecture",
        "sosinfo/kb/yamlreader.py",
        "            if event.anchor is not None:\n",
        "            if event.anchor is not None and False:\n",
        ("tests/test_loader.py", "tests/test_hostile.py"),
        "une ancre YAML (&a) est acceptée",
    ),
    Mutant(
        "yaml-nodes",
        "lecture",
        "sosinfo/kb/yamlreader.py",
        "        node_limit = min(MAX_NODES, self.nodes_left)",
        "        node_limit = min(MAX_NODES * 10, self.nodes_left)",
        ("tests/test_loader.py", "tests/test_hostile.py", "tests/test_verifier.py"),
        "un fichier de millions de petits éléments est lu en entier",
    ),
]


def copy_project(target: Path) -> None:
    """The package and its tests, as they are in this checkout (with the knowledge base and schemas)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for folder in ("sosinfo", "tests", "bench"):
        shutil.copytree(ROOT / folder, target / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, target / name)


def run_tests(folder: Path, tests: tuple[str, ...]) -> tuple[bool, float]:
    """(the tests passed, seconds): run in ``folder``, where ``sosinfo`` is the copy, not the installed one."""
    env = os.environ | {"PYTHONPATH": str(folder), "PYTHONDONTWRITEBYTECODE": "1", "HYPOTHESIS_PROFILE": "default"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-n", "0", "-p", "no:cacheprovider", *tests]
    began = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=folder, env=env, capture_output=True, timeout=TIME_LIMIT, check=False)
    except subprocess.TimeoutExpired:
        return False, time.perf_counter() - began
    return done.returncode == 0, time.perf_counter() - began


def apply(folder: Path, mutant: Mutant) -> bool:
    path = folder / mutant.file
    text = path.read_text(encoding="utf-8")
    if text.count(mutant.original) != 1:
        return False
    path.write_text(text.replace(mutant.original, mutant.mutated), encoding="utf-8")
    return True


def try_mutant(mutant: Mutant) -> tuple[Mutant, str, float]:
    with tempfile.TemporaryDirectory(prefix="sosinfo-mutant-") as temporary:
        folder = Path(temporary)
        copy_project(folder)
        if not apply(folder, mutant):
            return mutant, "introuvable", 0.0
        passed, seconds = run_tests(folder, mutant.tests)
        return mutant, "survit" if passed else "attrapé", seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--liste", action="store_true", help="list the mutants and stop")
    parser.add_argument("--seul", action="append", default=[], help="only this mutant (repeatable)")
    parser.add_argument("--travailleurs", type=int, default=os.cpu_count() or 1, help="mutants tried at once")
    options = parser.parse_args()
    chosen = [m for m in MUTANTS if not options.seul or m.name in options.seul]
    if options.liste:
        for mutant in chosen:
            print(f"{mutant.name:28} {mutant.area:12} {mutant.file}: {mutant.why}")
        return 0
    with tempfile.TemporaryDirectory(prefix="sosinfo-mutant-") as temporary:
        copy_project(Path(temporary))
        guarding = tuple(sorted({test for m in chosen for test in m.tests}))
        passed, seconds = run_tests(Path(temporary), guarding)
        if not passed:
            print(f"Les tests échouent déjà sans mutation ({' '.join(guarding)}) : rien à mesurer.", file=sys.stderr)
            return 2
        print(f"sans mutation : les tests passent ({seconds:.0f} s)")
    outcomes: dict[str, list[str]] = {"attrapé": [], "survit": [], "introuvable": []}
    with ThreadPoolExecutor(max_workers=max(1, options.travailleurs)) as pool:
        for mutant, outcome, seconds in pool.map(try_mutant, chosen):
            outcomes[outcome].append(mutant.name)
            print(f"{outcome:12} {mutant.name:28} {mutant.area:12} {seconds:5.0f} s  {mutant.why}", flush=True)
    tried = len(outcomes["attrapé"]) + len(outcomes["survit"])
    caught = len(outcomes["attrapé"])
    print(f"\nscore : {caught}/{tried} mutants attrapés ({100 * caught / max(1, tried):.0f} %)")
    for area in dict.fromkeys(m.area for m in chosen):
        names = [m.name for m in chosen if m.area == area]
        area_caught = sum(name in outcomes["attrapé"] for name in names)
        print(f"  {area:12} {area_caught}/{len(names)}")
    if outcomes["survit"]:
        print("survivants : " + ", ".join(outcomes["survit"]))
    if outcomes["introuvable"]:
        print("introuvables (la liste n'est plus à jour avec le code) : " + ", ".join(outcomes["introuvable"]), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
