"""What definition finding costs in a cold build: the per-note parse work with and without it.

Run:
    python benchmarks/generate_vault.py /tmp/v10k --notes 10000
    python benchmarks/bench_extract.py /tmp/v10k

It reads every note once, then times, on one core, the work a cold build does per note
(`index.records.parse_file`: read, frontmatter, Markdown blocks, sections, plain text,
links, definitions) and the definition finding alone on the same token streams. The share
of the second in the first is what extraction costs per note. Then the whole cold
`notes index` is timed in subprocesses (all cores, fresh caches, --repeat times each,
alternating), as it is and with definition finding replaced by a stub that finds nothing:
the difference is what extraction adds to a cold build (the issue's budget: 20 %).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from notes_kb.index.records import FileTask, parse_file
from notes_kb.parse.definitions import clean_term, find_definitions
from notes_kb.parse.inline import marked_plain
from notes_kb.parse.keys import concept_key
from notes_kb.parse.markdown import block_tokens


def tasks(root: Path) -> list[FileTask]:
    """A FileTask for every note, filled by field name (whatever else the walk records)."""
    found = []
    root = root.resolve()
    for path in sorted(root.rglob("*.md")):
        stat = path.stat()
        known = {
            "absolute": str(path),
            "rel": path.relative_to(root).as_posix(),
            "vault": "",
            "root": str(root),
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "ctime_ns": stat.st_ctime_ns,
            "inode": stat.st_ino,
            "follow": False,
        }
        defaults = {"limit": 1 << 30}  # fields the walk adds that do not matter here
        found.append(
            FileTask(**{name: known.get(name, defaults.get(name, 0)) for name in FileTask._fields})
        )
    return found


# the CLI, with definition finding replaced by one that finds nothing (forked build workers
# inherit the stub; they import find_definitions from the package when they start a note)
_STUB = (
    "import runpy, sys; import notes_kb.parse.definitions as found; "
    "found.find_definitions = lambda note, tokens=None, trace=None: ([], []); "
    "sys.argv = ['notes', *sys.argv[1:]]; runpy.run_module('notes_kb', run_name='__main__')"
)


def cold_build(vault: Path, stub: bool) -> tuple[float, float]:
    """Seconds for `notes index` on a fresh cache, in a subprocess: wall time, and the CPU
    time of the process and its workers (what a shared machine disturbs least)."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NOTES_CACHE_DIR=cache)
        start_cli = ["-c", _STUB] if stub else ["-m", "notes_kb"]
        command = [sys.executable, *start_cli, "--dir", str(vault), "index"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--no-build", action="store_true", help="skip the subprocess builds")
    parser.add_argument("--repeat", type=int, default=3, help="cold builds of each kind")
    args = parser.parse_args(argv)
    work = tasks(args.vault)
    start = time.perf_counter()
    records = [parse_file(task) for task in work]
    whole = time.perf_counter() - start
    notes = [r.note for r in records if r.note is not None]
    streams = [(note, block_tokens(note.body)) for note in notes]
    for cached in (clean_term, concept_key, marked_plain):
        cached.cache_clear()  # timed alone, the extraction meets every name as a build does
    start = time.perf_counter()
    found = 0
    for note, tokens in streams:
        definitions, _ = find_definitions(note, tokens)
        found += len(definitions)
    extraction = time.perf_counter() - start
    print(f"notes: {len(notes)}, definitions found: {found}")
    each = whole / len(notes) * 1000
    print(f"per-note cold work, one core: {whole:.2f} s ({each:.2f} ms a note)")
    print(f"definition finding alone:     {extraction:.2f} s ({extraction / whole:.0%} of it)")
    if not args.no_build:
        times: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
        for _ in range(args.repeat):
            for kind in times:
                times[kind].append(cold_build(args.vault, stub=kind == "without"))
        for measure, label in ((0, "wall"), (1, "CPU, all processes")):
            full, bare = (statistics.median(t[measure] for t in times[k]) for k in times)
            print(f"cold `notes index` (all cores), median of {args.repeat}, {label}:")
            print(f"  with definition finding {full:.2f} s, without {bare:.2f} s")
            print(f"  extraction adds {full - bare:.2f} s: {(full - bare) / bare:.0%} of the build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
