"""Filling the cache: the scan that finds what changed, the parse (on every core for a cold
build), and the rows each parsed file becomes.

Worker processes never outlive the run that started them: each asks the kernel to kill it
when its parent dies (Linux), checks that parent is still the one that forked it, and
closes its copy of the cache lock, so a run killed in any phase leaves nothing holding the
cache. A worker that dies (OOM-killed, say) costs its files a second, in-process parse.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import sqlite3
import sys
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime

from notes_kb.config import Location
from notes_kb.index import lock, results, texts
from notes_kb.index.load import NoteFile, note_files, note_limit
from notes_kb.index.records import FileTask, NoteRecord, Tasks
from notes_kb.index.schema import NOTE_TABLES
from notes_kb.model import Diagnostic

PARALLEL_FROM = 64  # files to parse before worker processes pay for themselves
IN_FLIGHT = 3  # chunks parsed or waiting to be stored, per worker
DICTIONARY_NOTES = 16  # notes a dictionary for their texts is made of (index/texts)
Progress = Callable[[int, int], None]
_PR_SET_PDEATHSIG = 1


def walk_stamps(location: Location, problems: list[Diagnostic]) -> list[NoteFile]:
    """Every note file with its stamp, what tells a change: the only per-run cost of a warm
    cache."""
    return note_files(location, problems, stamped=True)


def scan(location: Location, problems: list[Diagnostic]) -> Tasks:
    """Every note file as a parse task."""
    root, limit = os.path.realpath(location.root), note_limit(location)
    return Tasks(walk_stamps(location, problems), root, limit)


def parse_all(tasks: Sequence[FileTask], progress: Progress | None = None) -> Iterator[NoteRecord]:
    """Parse files, on every core when there are enough of them to be worth it. A generator:
    the caller stores each record while the workers go on parsing the next ones."""
    if not tasks:
        return  # a warm run parses nothing: no YAML, no Markdown, not even their imports
    from notes_kb.index.records import parse_file

    workers = min(os.cpu_count() or 1, 8)
    done = 0
    if len(tasks) >= PARALLEL_FROM and workers >= 2 and sys.platform.startswith("linux"):
        import gc
        from concurrent.futures import Future, ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool
        from multiprocessing import get_context

        from notes_kb.index.records import parse_files

        # small chunks: a chunk of results is pickled whole, so its size bounds the memory
        # each worker and the main process hold for it (3,125 notes a chunk at 100k: ~700 MB)
        chunk = max(8, min(64, len(tasks) // (workers * 16)))
        # the objects already made are the workers' to share, untouched: a collection in a
        # worker would otherwise write to (and so copy) every page holding one
        gc.freeze()
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=get_context("fork"),  # no re-import per worker; see worker_start
            initializer=worker_start,
            initargs=(os.getpid(),),
        )
        try:
            # a few chunks in flight, not all: results the store has not reached yet wait
            # in memory
            flying: deque[Future[list[NoteRecord]]] = deque()
            starts = iter(range(0, len(tasks), chunk))
            for start in itertools.islice(starts, workers * IN_FLIGHT):
                flying.append(pool.submit(parse_files, list(tasks[start : start + chunk])))
            while flying:
                records = flying.popleft().result()
                for start in itertools.islice(starts, 1):
                    flying.append(pool.submit(parse_files, list(tasks[start : start + chunk])))
                for record in records:
                    yield record
                    done += 1
                    if progress and (done % 50 == 0 or done == len(tasks)):
                        progress(done, len(tasks))
        except BrokenProcessPool:
            pass  # a worker was killed: the rest are parsed here, below
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            gc.unfreeze()
    for task in tasks[done:]:
        yield parse_file(task)
        done += 1
        if progress:
            progress(done, len(tasks))


def worker_start(parent: int) -> None:
    """In each worker, first thing: die with the parent, and hold none of its locks."""
    for fd in list(lock.HELD):
        with contextlib.suppress(OSError):
            os.close(fd)  # the parent's flock stays the parent's alone
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def forget(conn: sqlite3.Connection, path: str) -> None:
    """Remove every row of one file."""
    row = conn.execute("SELECT rowid FROM notes WHERE path = ?", (path,)).fetchone()
    conn.execute("DELETE FROM files WHERE path = ?", (path,))
    conn.execute("DELETE FROM diagnostics WHERE path = ?", (path,))
    if row is None:
        return
    note = row[0]
    for table in ("words", "fts"):  # their text is read from rows deleted below: first
        conn.execute(
            f"INSERT INTO {table}({table}, rowid, title, heading, tags, desc, body) "
            "SELECT 'delete', id, title, heading, tags, desc, body FROM fts_text "
            "WHERE id IN (SELECT rowid FROM segments WHERE note = ?)",
            (note,),
        )
    for table in NOTE_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE note = ?", (note,))
    results.forget_mentions(conn, note)
    conn.execute("DELETE FROM notes WHERE rowid = ?", (note,))


def text_packer(
    conn: sqlite3.Connection, records: Iterator[NoteRecord]
) -> tuple[texts.Packer, Iterator[NoteRecord]]:
    """What the notes' texts are packed with: the cache's dictionary, else one made of the
    first notes stored now when there are enough of them (kept from then on: the cache's
    first build makes it); the records to store, those looked at included."""
    row = conn.execute("SELECT data FROM dictionaries ORDER BY rowid DESC LIMIT 1").fetchone()
    if row is not None:
        return texts.Packer(bytes(row[0])), records
    first = list(itertools.islice(records, DICTIONARY_NOTES))
    samples = [note_parts(record) for record in first if record.note is not None]
    if len(samples) < DICTIONARY_NOTES:
        return texts.Packer(), itertools.chain(first, records)
    made = texts.dictionary(samples)
    conn.execute("INSERT INTO dictionaries(id, data) VALUES (?, ?)", (zlib.adler32(made), made))
    return texts.Packer(made), itertools.chain(first, records)


def note_parts(record: NoteRecord) -> list[str]:
    """The parts of a note's blob (index/texts): its source, frontmatter, tags and cards,
    each segment's plain text, then each definition's text."""
    from notes_kb.parse.cards import card_row

    note = record.note
    assert note is not None
    cards = json.dumps([card_row(c) for c in record.cards], ensure_ascii=False)
    parts = [note.source, _dump_frontmatter(note.frontmatter), " ".join(note.tags)]
    parts += [cards if record.cards else "", *(segment.body for segment in record.segments)]
    return parts + [definition.text for definition in record.definitions]


def store(
    conn: sqlite3.Connection, record: NoteRecord, first_segment: int, packer: texts.Packer
) -> int:
    """Insert the rows of one parsed file; returns the next free segment rowid."""
    from notes_kb.parse.keys import concept_key
    from notes_kb.parse.markdown import sections_of

    conn.execute(
        "INSERT INTO files(path, vault, size, mtime_ns, ctime_ns, inode) VALUES (?, ?, ?, ?, ?, ?)",
        (record.path, record.vault, *record.stamp),
    )
    store_diagnostics(conn, "diagnostics", record.diagnostics)
    note = record.note
    if note is None:
        return first_segment
    parts = note_parts(record)
    frontmatter = parts[texts.FRONTMATTER]
    cursor = conn.execute(
        "INSERT INTO notes(path, id, title, fname, vault, desc, tags, created, updated, "
        "frontmatter, body_offset, body_line, title_key, name_key, cards) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            note.path,
            note.id,
            note.title,
            note.fname,
            note.vault,
            note.desc,
            json.dumps(note.tags),
            _time(note.created),
            _time(note.updated),
            frontmatter if '"alias' in frontmatter else None,  # what a names-only load reads
            note.body_offset,
            note.body_line,
            concept_key(note.title),
            concept_key(note.segments[-1]),
            len(record.cards),
        ),
    )
    rowid = cursor.lastrowid
    tags = parts[texts.TAGS]
    definitions = len(parts) - len(record.definitions)  # the part of the first one's text
    conn.execute("INSERT INTO texts(note, data) VALUES (?, ?)", (rowid, texts.pack(parts, packer)))
    conn.executemany(
        "INSERT INTO sections(note, heading, level, slug, line, end_line, text_line, text_end) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (rowid, s.heading, s.level, s.slug, s.line, s.end_line, s.text_line, s.text_end)
            for s in sections_of(note)
        ],
    )
    conn.executemany(
        "INSERT INTO definitions(note, term, part, line, kind, key, score) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (rowid, d.term, definitions + n, d.line, d.kind, concept_key(d.term), d.score)
            for n, d in enumerate(record.definitions)
        ],
    )
    conn.executemany(
        "INSERT INTO aliases(note, short, long, line, short_key, long_key) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (rowid, a.short, a.long, a.line, concept_key(a.short), concept_key(a.long))
            for a in record.aliases
        ],
    )
    conn.executemany(
        "INSERT INTO links(note, line, kind, left, right, anchor, vault, raw) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(rowid, k.line, k.kind, k.left, k.right, k.anchor, k.vault, k.raw) for k in record.links],
    )
    conn.executemany(
        "INSERT INTO segments(rowid, note, line, body_line, heading, part) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (first_segment + n, rowid, seg.line, seg.body_line, seg.heading, texts.SEGMENTS + n)
            for n, seg in enumerate(record.segments)
        ],
    )
    values = [
        (first_segment + n, note.title, seg.heading, tags, note.desc if n == 0 else "", seg.body)
        for n, seg in enumerate(record.segments)
    ]
    for table in ("fts", "words"):
        conn.executemany(
            f"INSERT INTO {table}(rowid, title, heading, tags, desc, body) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            values,
        )
    return first_segment + len(record.segments)


def store_diagnostics(conn: sqlite3.Connection, table: str, diagnostics: list[Diagnostic]) -> None:
    conn.executemany(
        f"INSERT INTO {table}(path, line, severity, code, message) VALUES (?, ?, ?, ?, ?)",
        [(d.path, d.line, d.severity, d.code, d.message) for d in diagnostics],
    )


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _dump_frontmatter(frontmatter: dict[str, object]) -> str:
    from notes_kb.jsonable import jsonable

    return json.dumps(jsonable(frontmatter), ensure_ascii=False)
