#!/usr/bin/env python3
"""What a hostile knowledge base costs before it is refused: wall time and peak memory of one command.

    python bench/bench_hostile.py                    # bases written under a temporary folder
    python bench/bench_hostile.py --delai 60         # a run past 60 s is stopped and reported as such
    PYTHONPATH=/path/to/old/checkout python bench/bench_hostile.py    # the same bases, another version

The bases are the shipped one with one hostile change each (issue 25): three within the limits of
old (64 MiB per file, 2 000 000 nodes per file), two just within today's bounds (the most a base
can cost before it is refused). Each command runs in a fresh cache, so nothing is served from one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "sosinfo" / "data"
QUESTION = "question: Quelles sont les valeurs du Groupe SOS ?"
KEYWORDS = "mots_cles: [valeurs, principes,"


def _replace(name: str, old: str, new: Callable[[], str]) -> Callable[[Path], None]:
    """Replace ``old`` by ``new()`` in the file ``name`` (made only when the base is written)."""

    def change(base: Path) -> None:
        path = base / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new(), 1), encoding="utf-8")

    return change


def _append_to_every_file(tail: Callable[[], str]) -> Callable[[Path], None]:
    def change(base: Path) -> None:
        added = tail()
        for path in sorted(base.glob("*.yaml")):
            with path.open("a", encoding="utf-8") as stream:
                stream.write(added)

    return change


def _records_of_zeros(nodes: int) -> str:
    """A section of {l: [0, …]} records holding ``nodes`` YAML nodes, no record over today's bounds."""
    chunks, left = [], nodes - 1
    while left > 3:
        size = min(10_000, left - 3)
        chunks.append("- {l: [" + ",".join(["0"] * size) + "]}\n")
        left -= 3 + size
    return "\nzz:\n" + "".join(chunks)


BASES: dict[str, tuple[str, Callable[[Path], None], list[str]]] = {
    "mot-63Mio": (
        "une question faite d'un seul mot de 63 Mio",
        _replace("faq.yaml", QUESTION, lambda: "question: " + "a" * (63 * 1024 * 1024)),
        ["recherche", "budget"],
    ),
    "mots-cles-500k": (
        "500 000 mots-clés dans une question",
        _replace("faq.yaml", KEYWORDS, lambda: KEYWORDS.replace("[", "[" + ", ".join(f"mot{n}" for n in range(500_000)) + ", ")),
        ["recherche", "budget"],
    ),
    "noeuds-2M": (
        "chaque fichier juste sous 2 000 000 d'éléments",
        _append_to_every_file(lambda: "\nzz: [" + ",".join(["0"] * 1_997_000) + "]\n"),
        ["faq", "7"],
    ),
    "mot-8Mio": (
        "une question d'un seul mot, le fichier juste sous 8 Mio",
        _replace("faq.yaml", QUESTION, lambda: "question: " + "a" * (8 * 1024 * 1024 - 40 * 1024)),
        ["faq", "7"],
    ),
    "noeuds-399k": (
        "chaque fichier juste sous 400 000 éléments, en entrées sous leurs bornes",
        _append_to_every_file(lambda: _records_of_zeros(399_000)),
        ["faq", "7"],
    ),
}


def run(command: list[str], env: dict[str, str], limit: float) -> tuple[float, float, int, int | None, str]:
    """Wall and CPU time (s), peak RSS (KiB), exit code (None: stopped at ``limit``), first line of stderr.

    On a shared machine the CPU time is the steadier of the two."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        code: int | None = None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - started > limit:
                os.kill(process.pid, signal.SIGKILL)
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        process.returncode = -1  # reaped here, not by Popen
        elapsed = time.perf_counter() - started
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace").splitlines()
    shown = next((line.strip() for line in said if line.strip() and not line.startswith("Erreur")), "")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code, shown


def write(name: str, base: Path) -> None:
    shutil.copytree(SHIPPED, base)
    BASES[name][1](base)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delai", type=float, default=120.0, help="seconds before a run is stopped")
    parser.add_argument("--bases", nargs="+", choices=list(BASES), default=list(BASES))
    parser.add_argument("--ecrire", nargs=2, metavar=("BASE", "DOSSIER"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.ecrire:
        write(options.ecrire[0], Path(options.ecrire[1]))
        return 0
    work = Path(tempfile.mkdtemp(prefix="sosinfo-hostile-"))
    try:
        print(f"{'base':<16} {'commande':<18} {'temps':>9} {'CPU':>9} {'mémoire':>10}  code  message")
        for name in options.bases:
            arguments = BASES[name][2]
            base = work / name
            # written by another process: a child started from this one would inherit its peak memory
            subprocess.run([sys.executable, __file__, "--ecrire", name, str(base)], check=True)
            cache = work / f"cache-{name}"
            env = os.environ | {"SOSINFO_CACHE_DIR": str(cache), "SOSINFO_DATA": str(base), "COLUMNS": "80"}
            elapsed, cpu, peak, code, said = run([sys.executable, "-m", "sosinfo", *arguments], env, options.delai)
            timing = f"> {options.delai:.0f} s" if code is None else f"{elapsed:.2f} s"
            shown = f"{name:<16} {' '.join(arguments):<18} {timing:>9} {cpu:>7.2f} s {peak / 1024:>6.0f} Mio  {code!s:>4}"
            print(f"{shown}  {said[:80]}")
            shutil.rmtree(base)
            shutil.rmtree(cache, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
