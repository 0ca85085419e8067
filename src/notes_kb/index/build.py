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
import os
import sqlite3
import sys
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from notes_kb.config import Location
from notes_kb.index import lock, texts
from notes_kb.index.load import note_limit
from notes_kb.index.schema import NOTE_TABLES
from notes_kb.index.walk import NoteFile, note_files
from notes_kb.model import Diagnostic

if TYPE_CHECKING:
    from notes_kb.index.records import FileTask, Tasks
    from notes_kb.index.rows import NoteRows

PARALLEL_FROM = 64  # files to parse before worker processes pay for themselves
IN_FLIGHT = 3  # chunks parsed or waiting to be stored, per worker
DICTIONARY_NOTES = 16  # notes a dictionary for their texts is made of (index/texts)
Progress = Callable[[int, int], None]
_PR_SET_PDEATHSIG = 1


def walk_stamps(
    location: Location, problems: list[Diagnostic], links: list[str] | None = None
) -> list[NoteFile]:
    """Every note file with its stamp, what tells a change: the only per-run cost of a warm
    cache. `links`: filled with the symbolic links the walk followed."""
    return note_files(location, problems, stamped=True, links=links)


def scan(location: Location, problems: list[Diagnostic]) -> Tasks:
    """Every note file as a parse task."""
    from notes_kb.index.records import Tasks  # here: a refresh that only forgets files

    root, limit = os.path.realpath(location.root), note_limit(location)
    return Tasks(walk_stamps(location, problems), root, limit)


def parse_all(
    tasks: Sequence[FileTask], progress: Progress | None = None, dictionary: bytes = b""
) -> Iterator[NoteRows]:
    """Parse files into the rows the cache keeps (their texts deflated with `dictionary`),
    on every core when there are enough of them to be worth it. A generator: the caller
    stores each file's rows while the workers go on parsing the next ones."""
    if not tasks:
        return  # a warm run parses nothing: no YAML, no Markdown, not even their imports
    from notes_kb.index.rows import parse_rows

    workers = min(os.cpu_count() or 1, 8)
    done = 0
    if len(tasks) >= PARALLEL_FROM and workers >= 2 and sys.platform.startswith("linux"):
        import gc
        from concurrent.futures import Future, ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool
        from multiprocessing import get_context

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
            flying: deque[Future[list[NoteRows]]] = deque()
            starts = iter(range(0, len(tasks), chunk))
            for start in itertools.islice(starts, workers * IN_FLIGHT):
                flying.append(
                    pool.submit(parse_rows, list(tasks[start : start + chunk]), dictionary)
                )
            while flying:
                records = flying.popleft().result()
                for start in itertools.islice(starts, 1):
                    flying.append(
                        pool.submit(parse_rows, list(tasks[start : start + chunk]), dictionary)
                    )
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
        (rows,) = parse_rows([task], dictionary)
        yield rows
        done += 1
        if progress:
            progress(done, len(tasks))


def worker_start(parent: int) -> None:
    """In each worker, first thing: die with the parent, and hold none of its locks."""
    import signal  # here: a warm run, which parses nothing, needs neither
    import threading

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
    row = conn.execute(
        "SELECT rowid, first_segment, first_segment + segment_count - 1, first_link, "
        "first_link + link_count - 1 FROM notes WHERE path = ?",
        (path,),
    ).fetchone()
    conn.execute("DELETE FROM files WHERE path = ?", (path,))
    conn.execute("DELETE FROM diagnostics WHERE path = ?", (path,))
    if row is None:
        return
    note, segments, links = row[0], row[1:3], row[3:]
    for table in ("words", "fts"):  # their text is read from rows deleted below: first
        conn.execute(
            f"INSERT INTO {table}({table}, rowid, title, heading, tags, desc, body) "
            "SELECT 'delete', id, title, heading, tags, desc, body FROM fts_text "
            "WHERE id BETWEEN ? AND ?",
            segments,
        )
    conn.execute("DELETE FROM segments WHERE rowid BETWEEN ? AND ?", segments)
    conn.execute("DELETE FROM links WHERE rowid BETWEEN ? AND ?", links)
    for table in NOTE_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE note = ?", (note,))
    conn.execute("DELETE FROM notes WHERE rowid = ?", (note,))


def dictionary_for(conn: sqlite3.Connection, tasks: Sequence[FileTask]) -> bytes:
    """What the notes' texts are packed with: the cache's dictionary, else one made of the
    first notes to store now when there are enough of them (kept from then on: the cache's
    first build makes it), else none (b"")."""
    row = conn.execute("SELECT data FROM dictionaries ORDER BY rowid DESC LIMIT 1").fetchone()
    if row is not None:
        return bytes(row[0])
    if len(tasks) < DICTIONARY_NOTES:
        return b""
    from notes_kb.index.records import parse_file
    from notes_kb.index.rows import note_parts

    first = [parse_file(task) for task in tasks[:DICTIONARY_NOTES]]  # parsed again later
    samples = [note_parts(record) for record in first if record.note is not None]
    if len(samples) < DICTIONARY_NOTES:
        return b""
    made = texts.dictionary(samples)
    conn.execute("INSERT INTO dictionaries(id, data) VALUES (?, ?)", (zlib.adler32(made), made))
    return made
