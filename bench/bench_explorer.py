#!/usr/bin/env python3
"""Time ``sosinfo explorer`` as a person sees it: first screen painted, then each keystroke of a search.

    python bench/bench_explorer.py              # 10 runs after 2 warm-ups, 80x24
    python bench/bench_explorer.py --runs 20 --size 120x40 --json

The explorer runs in a real pseudo-terminal, as it would in a terminal window:
- first paint: from the process start to the moment the first screen (the FAQ, the first answer)
  has been written to the terminal, warm (the compiled base and index cached); it is painted
  with Rich before Textual is loaded (``sosinfo/explorer/firstscreen.py``);
- app ready: until Textual has taken the terminal (mouse turned on) and painted the same screen:
  from then on keys are handled at once (those typed before wait and are not lost);
- keystroke: from a character written to the terminal to the last byte of the screen update it
  causes (the end of the update is taken as 40 ms without output, not counted);
- in-process, headless: the keystroke handler alone (search engine, middle list, answer pane).
The CPU time the process has used when its first screen is out is printed too: on a busy
machine the wall time grows, the CPU time much less (10 ms resolution, Linux only). The machine's
yardstick is measured in the same run, interleaved: ``python -c pass`` (the interpreter starting
and stopping), to compare runs made on machines, or at moments, of different speeds.

Targets (issue « sosinfo explorer »): first paint ≤ 400 ms warm, keystroke ≤ 50 ms. Figures,
not tests: they depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import math
import os
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(rb"\x1b(\[[0-9;?<>=$ ]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[()][0-9A-Za-z]|.)")
FIRST_SCREEN = ("FAQ · 13".encode(), "Question\u00a01".encode())  # the FAQ's entries and the first answer, at any width
APP_STARTED = b"\x1b[?1000h"  # Textual turns the mouse on when it takes the terminal; the first screen does not
QUERIES = ["combien de salariés en 2016", "patrimoine immobilier", "gouvernance directoire"]
QUIET = 0.040


def sosinfo_command() -> list[str]:
    script = Path(sys.executable).with_name("sosinfo")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sosinfo"]


class Terminal:
    """``sosinfo explorer`` in a pseudo-terminal of the given size."""

    def __init__(self, size: tuple[int, int], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [*sosinfo_command(), "explorer"], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.seen = b""

    def read(self, timeout: float) -> float | None:
        """Read what is there within ``timeout``; the time of the last byte read, None if nothing came."""
        last = None
        ready, _, _ = select.select([self.master], [], [], timeout)
        while ready:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                break
            if not chunk:
                break
            last = time.perf_counter()
            self.seen += chunk
            ready, _, _ = select.select([self.master], [], [], QUIET)
        return last

    def wait_for(self, markers: tuple[bytes, ...], after: bytes = b"", timeout: float = 20.0) -> float:
        """When ``markers`` have all been written (after ``after``, if given)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            start = self.seen.find(after) if after else 0
            if start >= 0:
                plain = ANSI.sub(b"", self.seen[start:])
                if all(marker in plain for marker in markers):
                    return time.perf_counter()
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:
                    break
        raise SystemExit(f"first screen not seen; output so far: {ANSI.sub(b'', self.seen)[-400:]!r}")

    def key(self, text: str) -> float:
        """Type ``text``; the time until the last byte of the update it caused."""
        self.read(0.0)  # drain what is pending (a cursor blink)
        sent = time.perf_counter()
        os.write(self.master, text.encode())
        last = self.read(1.0)
        return (last - sent) if last is not None else float("nan")

    def quit(self) -> None:
        os.write(self.master, b"\x1bq")  # Esc (leave the search box), then q
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far: what its wall time would be on an idle machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def yardstick() -> float:
    """``python -c pass``, in ms: the machine's speed at this moment."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return (time.perf_counter() - started) * 1000


def terminal_runs(runs: int, warmup: int, size: tuple[int, int], env: dict[str, str]) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"paint": [], "ready": [], "cpu": [], "keys": [], "python": []}
    for attempt in range(warmup + runs):
        python = yardstick()
        terminal = Terminal(size, env)
        try:
            painted = terminal.wait_for(FIRST_SCREEN) - terminal.started
            cpu = cpu_seconds(terminal.process.pid)
            ready = terminal.wait_for(FIRST_SCREEN, after=APP_STARTED) - terminal.started
            terminal.read(0.3)  # let the search index warm up after the first paint, as a person would take to type
            typed: list[float] = []
            if attempt >= warmup:
                terminal.key("/")
                for query in QUERIES[:1] if attempt % 2 else QUERIES[1:]:
                    for character in query:
                        typed.append(terminal.key(character))
                    for _ in query:
                        terminal.key("\x7f")  # backspace back to an empty box
        finally:  # a failed run (first screen not seen) leaves no explorer behind
            terminal.quit()
        if attempt >= warmup:
            timings["paint"].append(painted * 1000)
            timings["ready"].append(ready * 1000)
            timings["cpu"].append(cpu * 1000)
            timings["keys"] += [t * 1000 for t in typed if not math.isnan(t)]
            timings["python"].append(python)
    return timings


def handler_runs(size: tuple[int, int]) -> list[float]:
    """The keystroke handler alone, headless: search, middle list, answer pane (ms per keystroke)."""
    from sosinfo import app
    from sosinfo.explorer.catalog import Catalog
    from sosinfo.explorer.ui import Explorer

    data = app.dataset(None)
    kb, _ = app.knowledge(data)
    explorer = Explorer(Catalog(kb), lambda: app.search_store(data))
    timings: list[float] = []

    async def main() -> None:
        async with explorer.run_test(size=size) as pilot:
            await pilot.pause()
            for query in QUERIES:
                for end in range(1, len(query) + 1):
                    started = time.perf_counter()
                    explorer.search(query[:end])
                    timings.append((time.perf_counter() - started) * 1000)
                    await pilot.pause()

    asyncio.run(main())
    return timings


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
        "n": len(ordered),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    columns, lines = (int(n) for n in options.size.split("x"))
    cache_dir = tempfile.mkdtemp(prefix="sosinfo-bench-")
    env = os.environ | {"XDG_CACHE_HOME": cache_dir, "TERM": "xterm-256color", "COLUMNS": "", "LINES": ""}
    env = {k: v for k, v in env.items() if k not in ("CI", "NO_COLOR", "COLUMNS", "LINES", "SOSINFO_CACHE_DIR", "SOSINFO_DATA")}
    os.environ["XDG_CACHE_HOME"] = cache_dir
    try:
        timings = terminal_runs(options.runs, options.warmup, (columns, lines), env)
        handler = handler_runs((columns, lines))
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    rows = {
        "python -c pass (yardstick)": summary(timings["python"]) | {"target_ms": 0},
        "first paint, warm (pty)": summary(timings["paint"]) | {"target_ms": 400},
        "  CPU time used by then": summary(timings["cpu"]) | {"target_ms": 400},
        "app ready (Textual's screen)": summary(timings["ready"]) | {"target_ms": 0},
        "keystroke to screen updated (pty)": summary(timings["keys"]) | {"target_ms": 50},
        "keystroke handler alone (headless)": summary(handler) | {"target_ms": 50},
    }
    if options.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    print(f"sosinfo explorer at {options.size}, {options.runs} runs after {options.warmup} warm-ups")
    print(f"{'measure':38} {'median':>9} {'p90':>9} {'max':>9} {'n':>5} {'target':>8}")
    for name, row in rows.items():
        target = f"≤ {row['target_ms']}" if row["target_ms"] else "—"
        verdict = "" if not row["target_ms"] else "ok" if row["median_ms"] <= row["target_ms"] else "OVER"
        print(
            f"{name:38} {row['median_ms']:>6} ms {row['p90_ms']:>6} ms {row['max_ms']:>6} ms {row['n']:>5} {target:>8} {verdict}"
        )
    python = rows["python -c pass (yardstick)"]["median_ms"]
    paint, ready = rows["first paint, warm (pty)"]["median_ms"], rows["app ready (Textual's screen)"]["median_ms"]
    print(f"first paint = {paint / python:.1f} × python -c pass; app ready = {ready / python:.1f} ×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
