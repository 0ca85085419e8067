"""Where a cold build's time goes, note by note, against the parse floor.

Run with the project's venv:
    .venv/bin/python benchmarks/cold_stages.py VAULT [--first 0] [--count 10000]

On one core, 100 notes at a time, it times markdown-it-py parsing the notes' files (the
floor of issue 13, as `ladder.py` takes it: `MarkdownIt("commonmark").parse`) and then each
stage of what a cold build's worker does with the same notes (`index.records.parse_file`
and `index.rows.note_rows`, taken apart): reading with the frontmatter and the title (a
note titled by its heading parses its blocks there, and the next stage reuses them), the
block tokens, sections, search segments, definitions, links, cards, the rows with their
packed texts, and the chunk's pickling to the main process and back. Each stage prints its
CPU time a note and its multiple of the floor. A cold build runs the stages on every usable
core and adds the main process's inserts (SQLite, both search tables) and its start, so
the build's ratio to the floor is at least the stages' sum divided by the cores.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import usable_cpus
from markdown_it import MarkdownIt

from notes_kb.config import VaultDir, locate
from notes_kb.index import texts
from notes_kb.index.build import scan
from notes_kb.index.load import read_note
from notes_kb.index.records import NoteRecord, segments_of
from notes_kb.index.rows import note_rows, parse_rows
from notes_kb.parse.cards import note_cards
from notes_kb.parse.definitions import find_definitions
from notes_kb.parse.links import extract_links
from notes_kb.parse.markdown import block_tokens, extract_sections

CHUNK = 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--first", type=int, default=0, help="the first note timed")
    parser.add_argument("--count", type=int, default=10_000, help="notes timed")
    args = parser.parse_args(argv)
    tasks = scan(locate(args.vault), [])
    chosen = list(tasks[args.first : args.first + args.count])
    if not chosen:
        print("cold_stages: no notes to time", file=sys.stderr)
        return 1
    parse_rows(list(tasks[:20]), b"")  # imports, patterns compiled on first use
    floor_md = MarkdownIt("commonmark")
    spent: dict[str, float] = defaultdict(float)
    packer = texts.Packer(b"")
    clock = time.process_time
    for start in range(0, len(chosen), CHUNK):
        chunk = chosen[start : start + CHUNK]
        sources = [Path(t.absolute).read_text(encoding="utf-8", errors="replace") for t in chunk]
        began = clock()
        for source in sources:
            floor_md.parse(source)
        spent["floor"] += clock() - began
        made = []
        for task in chunk:
            path = Path(task.absolute)
            at = clock()
            vault_dir = VaultDir(task.vault, path.parent)
            note, problems = read_note(
                path, task.rel, vault_dir, task.root, follow=task.follow, limit=task.limit
            )
            at = _lap(spent, "read, frontmatter, title", at)
            record = NoteRecord(task.rel, task.vault, task.stamp, note, problems)
            if note is None:
                continue
            tokens = block_tokens(note.body)
            at = _lap(spent, "block tokens", at)
            note.memo["sections"] = extract_sections(note.body, note.body_line, tokens)
            at = _lap(spent, "sections", at)
            record.segments = segments_of(note)
            at = _lap(spent, "search segments", at)
            record.definitions, record.aliases = find_definitions(note, tokens)
            at = _lap(spent, "definitions", at)
            record.links = extract_links(note)
            at = _lap(spent, "links", at)
            record.cards = note_cards(note)
            at = _lap(spent, "cards", at)
            made.append(note_rows(record, packer))
            _lap(spent, "rows (packed texts, JSON)", at)
        at = clock()
        pickle.loads(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
        _lap(spent, "pickled to the main process", at)
    count, floor = len(chosen), spent.pop("floor")
    work, cores = sum(spent.values()), usable_cpus()
    print(
        f"{count:,} notes: floor {floor * 1000 / count:.3f} ms a note; the stages "
        f"{work * 1000 / count:.3f} ms, {work / floor:.2f}x the floor on one core, "
        f"{work / floor / cores:.2f}x on {cores}"
    )
    for stage, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(
            f"  {stage:34} {seconds * 1000 / count:6.3f} ms  {100 * seconds / work:5.1f}%  "
            f"{seconds / floor:5.2f}x the floor"
        )
    return 0


def _lap(spent: dict[str, float], stage: str, since: float) -> float:
    now = time.process_time()
    spent[stage] += now - since
    return now


if __name__ == "__main__":
    sys.exit(main())
