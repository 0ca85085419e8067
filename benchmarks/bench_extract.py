"""What definition finding costs in a cold build: the per-note parse work with and without it.

Run:
    python benchmarks/generate_vault.py /tmp/v10k --notes 10000
    python benchmarks/bench_extract.py /tmp/v10k

It reads every note once, then times, on one core, the work a cold build does per note
(`index.records.parse_file`: read, frontmatter, Markdown blocks, sections, plain text,
links, definitions) and the definition finding alone on the same token streams. The share
of the second in the first is what extraction adds to a cold build (the issue's budget is
20 %). The whole `notes index --rebuild` is timed too, in a subprocess, for scale.
"""

from __future__ import annotations

import argparse
import os
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--no-build", action="store_true", help="skip the subprocess build")
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
        with tempfile.TemporaryDirectory() as cache:
            env = dict(os.environ, NOTES_CACHE_DIR=cache)
            command = [sys.executable, "-m", "notes_kb", "--dir", str(args.vault), "index"]
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            print(f"cold `notes index` (all cores): {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
