"""The SQLite cache of a vault: opening it safely, refreshing it, reading it back.

One database per vault path, in a private cache folder (cachefile). Every command
refreshes it first: files whose size, mtime, ctime or inode changed are parsed again (in
parallel when many, see build), deleted files leave. A cache of ours that is damaged
anywhere, empty or of another version is rebuilt with a one-line notice; another program's
file, or a folder, under our name is never touched: that run works in memory. So does a
run whose cache cannot be written (a full disk, a read-only folder). Concurrent processes
serialise on an OS lock (lock), so a cold start by many gives one build.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from notes_kb.config import Location
from notes_kb.files import display_name
from notes_kb.index import kept_patterns, kept_walk, live_walk, readback, schema, texts
from notes_kb.index.cachefile import (
    checked_before,
    checkpoint,
    connect,
    database_files,
    database_name,
    intact,
    mark_checked,
    private_folder,
    remove_database,
    what_is_there,
)
from notes_kb.index.load import Vault, note_limit
from notes_kb.index.lock import Heartbeat, cache_lock
from notes_kb.index.quick_walk import quick_walk
from notes_kb.index.results import log_changes
from notes_kb.index.walk import NoteFile
from notes_kb.model import Diagnostic

if TYPE_CHECKING:
    from collections.abc import Sequence

    from notes_kb.index.build import Progress
    from notes_kb.index.records import FileTask

SCHEMA_VERSION = schema.SCHEMA_VERSION
APPLICATION_ID = schema.APPLICATION_ID
BATCH = 64  # files of a cold build stored a statement per table (index/rows)
Touched = live_walk.Touched | None
_REASONS = {
    "corrupt": "was damaged",
    "damaged": "was damaged",
    "empty": "was empty",
    "old": "had an older schema",
    "newer": "was made by a newer notes-kb",
    "parser": "was made by another version of notes' parsers",
}


class RefreshStats(NamedTuple):
    scanned: int
    parsed: int
    removed: int
    seconds: float


class Index:
    """An open cache database for one vault location."""

    def __init__(
        self,
        location: Location,
        path: Path | None,
        notices: list[str],
        notice: Callable[[str], None] | None = None,
    ) -> None:
        self.location = location
        self.path = path  # None: in memory, no usable cache file for this run
        self.notices = notices
        self._notice = notice
        self.conn = connect(path)
        self.last_refresh: tuple[datetime, float] | None = None  # this run's: (when, seconds)
        self.fresh = False  # the database was created by this run
        self.live: live_walk.LiveWalk | None = None  # kept between refreshes: `notes serve`

    def tell(self, message: str) -> None:
        """A one-line notice: live when the caller gave a `notice`, else kept in notices."""
        if self._notice is not None:
            self._notice(message)
        else:
            self.notices.append(message)

    @classmethod
    def open(
        cls,
        location: Location,
        folder: Path | None = None,
        notice: Callable[[str], None] | None = None,
    ) -> Index:
        """Open (creating or rebuilding as needed) the cache for this vault location.
        `notice(message)` hears at once about waiting for another process and rebuilds."""
        notices: list[str] = []
        say = notice or notices.append
        found = private_folder(folder)
        path = found.path / database_name(location) if found.path is not None else None
        if path is None:
            say(f"{found.problem}; indexing in memory for this run")
        try:
            with cache_lock(path, say):
                return cls._open_checked(location, path, notices, notice)
        except (OSError, sqlite3.OperationalError) as error:  # lock file or database unwritable
            where = f"the cache {path}" if path is not None else "the cache"
            say(f"cannot write {where} ({_why(error)}); indexing in memory for this run")
            return cls._open_checked(location, None, notices, notice)

    @classmethod
    def _open_checked(
        cls,
        location: Location,
        path: Path | None,
        notices: list[str],
        notice: Callable[[str], None] | None,
    ) -> Index:
        """Raises sqlite3.OperationalError when the file cannot be used (I/O, full disk):
        that is no reason to rebuild, and a database this call began is removed first."""
        say = notice or notices.append
        problem = ""
        found = "missing"
        if path is not None:
            found = what_is_there(path, APPLICATION_ID)
            if found in ("foreign", "in the way"):
                what = "another program's database" if found == "foreign" else "not a file"
                say(f"{path} is {what}; left alone, indexing in memory for this run")
                path = None
            elif found in ("empty", "damaged"):
                problem = found
            elif found == "ours" and not checked_before(path):
                whole = intact(path)
                problem = "damaged" if whole is False else ""
                if whole:
                    mark_checked(path)
        index = None
        if not problem:
            try:
                index = cls(location, path, notices, notice)
                state = schema.state(index.conn)  # a header that said ours but lied: damaged
                problem = {"ok": "", "foreign": "corrupt"}.get(state, state)
            except sqlite3.OperationalError:
                if index is not None:
                    index.conn.close()
                if found == "missing":
                    remove_database(path)  # begun here: it must not outlive the run
                raise
            except sqlite3.DatabaseError:
                problem = "corrupt"
        if problem == "":
            assert index is not None
            return index
        if index is not None:
            index.conn.close()
        if problem != "new":
            say(f"cache {path} {_REASONS[problem]}; rebuilding it")
            remove_database(path)
        index = cls(location, path, notices, notice)
        try:
            schema.create(index.conn, display_name(str(location.root)))
        except sqlite3.OperationalError:
            index.conn.close()
            remove_database(path)  # begun here: it must not outlive the run
            raise
        index.fresh = True
        return index

    def close(self) -> None:
        self.conn.close()

    def refresh(
        self, progress: Progress | None = None, rebuild: bool = False, touched: Touched = None
    ) -> RefreshStats:
        """Bring the cache up to date with the files; parse only what changed. A cache that
        cannot be written (full disk, say) is dropped and this run works in memory.
        `touched`: the only paths that may have changed since the last refresh (the watch's
        events), which the kept walk (`live`) stats instead of walking every file."""
        started = time.perf_counter()
        try:
            with cache_lock(self.path, self.tell) as beat:
                stats = self._refresh(progress, rebuild, beat, touched)
        except sqlite3.OperationalError as error:
            if self.path is None:
                raise
            self.tell(
                f"cannot write the cache {self.path} ({_why(error)}); "
                "indexing in memory for this run"
            )
            self.conn.close()  # the failed transaction was rolled back: the file is whole
            if self.fresh:  # but a cache begun by this run would only be a cold start's debris
                with cache_lock(self.path, self.tell):
                    remove_database(self.path)
            self.path = None
            self.conn = connect(None)
            schema.create(self.conn, display_name(str(self.location.root)))
            stats = self._refresh(progress, False, Heartbeat(None))
        seconds = time.perf_counter() - started
        self.last_refresh = (datetime.now(tz=UTC), seconds)
        return RefreshStats(stats[0], stats[1], stats[2], seconds)

    def _refresh(
        self, progress: Progress | None, rebuild: bool, beat: Heartbeat, touched: Touched = None
    ) -> tuple[int, int, int]:
        beat.beat("scanning the notes")
        texts.register(self.conn)  # the texts' dictionary another run may have made
        walk_problems: list[Diagnostic] = []
        found: Sequence[NoteFile] = ()
        quick = quick_walk(self.location, self.conn) if self.live is None and not rebuild else None
        if quick is not None and quick.keep is not None and quick.keep(self.conn):
            self._checkpoint()  # the folders' listing, kept for the next run (kept_listing)
        if quick is not None:
            listing: kept_walk.Listing | None = quick.listing
        else:
            found = live_walk.walk(self.live, self.location, walk_problems, touched, rebuild)
            listing = kept_walk.listing(found)
        digest = kept_walk.digest(listing)
        if rebuild:
            self._reset()
        limit = note_limit(self.location)
        kept_limit = self.meta("max_note_bytes")
        files = quick.listing.files if quick is not None else len(found)
        moved = bool(files) and str(limit) != kept_limit  # the size limit: files near it again
        if quick is not None:
            if not moved and digest == self.meta("walk") and not self._walk_problems():
                return files, 0, 0  # nothing changed: no tuple made for any file
            found = quick.found()
        changed: list[NoteFile] = []
        removed: list[str] = []
        walk: kept_walk.Update | None = None
        if rebuild or moved or digest is None or digest != self.meta("walk"):
            chunks = kept_walk.chunks(listing) if listing is not None else []
            difference = None
            if listing is not None and not (rebuild or moved):
                difference = kept_walk.compare(self.conn, found, listing, chunks)
            if difference is not None:
                changed, removed, walk = difference
                del difference
            else:
                moved_from = kept_limit if moved else None
                changed, removed = kept_walk.compare_all(self.conn, found, limit, moved_from)
                kept = kept_walk.rows(listing, chunks) if listing is not None else []
                walk = kept_walk.Update(None, kept)
        root = os.path.realpath(self.location.root)
        tasks: Sequence[FileTask] = ()
        if changed:  # the loader's modules (build, records, rows) load only to store changes
            from notes_kb.index.records import Tasks

            tasks = Tasks(changed, root, limit)
        scanned = len(found)
        del found, changed  # a file each, with its directory entry: 90 MB at 100,000 files
        walk_rows = [(d.path, d.line, d.severity, d.code, d.message) for d in walk_problems]
        if tasks or removed or rebuild or walk_rows != self._walk_problems():

            def told(done: int, total: int) -> None:
                beat.beat(f"indexing {done}/{total} notes")
                if progress is not None:
                    progress(done, total)

            self._apply(tasks, removed, walk_problems, told, digest, walk)
        elif (digest or "") != (self.meta("walk") or ""):  # no change: keep the digest, if can
            with contextlib.suppress(sqlite3.OperationalError):
                with self.conn:
                    self._set_meta("walk", digest or "")
                    if walk is not None:
                        kept_walk.keep(self.conn, walk)
                self._checkpoint()
        return scanned, len(tasks), len(removed)

    def _apply(
        self,
        changed: Sequence[FileTask],
        removed: list[str],
        walk_problems: list[Diagnostic],
        progress: Progress,
        digest: str | None,
        walk: kept_walk.Update | None,
    ) -> None:
        """Write what changed in one transaction; nothing is written when nothing changed,
        so a read command leaves the cache file alone. `digest`: the walk's (`kept_walk`),
        kept with the stamps it sums up; `walk`: the kept chunks' update, when the files
        were compared."""
        from notes_kb.index.build import dictionary_for, forget, parse_all
        from notes_kb.index.rows import diagnostic_rows, insert, insert_diagnostics

        with self.conn:
            segment = 1 + (self.conn.execute("SELECT max(rowid) FROM segments").fetchone()[0] or 0)
            for path in removed:
                forget(self.conn, path)
            cold = self.conn.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None
            with kept_patterns.kept(self.conn, bool(changed)):  # compiled by an earlier run
                dictionary = dictionary_for(self.conn, changed)
                # lazy: stored as the workers finish them
                records = parse_all(changed, progress, dictionary)
                if cold:  # nothing to forget first: the rows of many files go in together
                    note = self._next_note()
                    while batch := list(itertools.islice(records, BATCH)):
                        note, segment = insert(self.conn, batch, note, segment)
                for rows in records:
                    forget(self.conn, rows.path)
                    _, segment = insert(self.conn, [rows], self._next_note(), segment)
            self.conn.execute("DELETE FROM walk_diagnostics")  # found anew by every walk
            insert_diagnostics(self.conn, "walk_diagnostics", diagnostic_rows(walk_problems))
            log_changes(self.conn, [*removed, *(task.rel for task in changed)])
            self._set_meta("last_change", datetime.now(tz=UTC).isoformat())
            if changed:
                self._set_meta("max_note_bytes", str(changed[0].limit))
            self._set_meta("walk", digest or "")
            if walk is not None:
                kept_walk.keep(self.conn, walk)
        texts.register(self.conn)  # the dictionary this build may have made
        self._checkpoint()

    def _walk_problems(self) -> list[tuple[str, int | None, str, str, str]]:
        """What the last walk found wrong (a folder it could not read, a link leaving the
        vault), as stored."""
        return self.conn.execute(
            "SELECT path, line, severity, code, message FROM walk_diagnostics ORDER BY rowid"
        ).fetchall()

    def _reset(self) -> None:
        """A new, empty database file: faster than deleting every row of a big one."""
        self.conn.close()
        remove_database(self.path)
        self.conn = connect(self.path)
        schema.create(self.conn, display_name(str(self.location.root)))

    def _next_note(self) -> int:
        """The rowid SQLite would give the next note: one past the largest."""
        return 1 + (self.conn.execute("SELECT max(rowid) FROM notes").fetchone()[0] or 0)

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def load_vault(self, text: bool = True) -> Vault:
        """Every note with its sections, as the loader would give it, without parsing;
        `text=False`: names, tags and dates only (no source, no sections)."""
        return readback.load_vault(self.conn, self.location, text)

    def diagnostics(self) -> list[Diagnostic]:
        """Every problem the loader would report, duplicate ids included, from the cache."""
        return readback.diagnostics(self.conn)

    def skipped(self) -> int:
        """Files the walk found that hold no note (binary, unreadable, too large)."""
        return readback.skipped(self.conn)

    def keep(self, write: Callable[[sqlite3.Connection], None]) -> bool:
        """Store what a read command computed from the cache (the glossary, mentions), in
        one transaction under the cache lock; best effort: False when it could not be kept
        (a read-only or busy cache), which only costs the next run the same work."""
        try:
            with cache_lock(self.path, self.tell), self.conn:
                write(self.conn)
        except (OSError, sqlite3.OperationalError):
            return False
        self._checkpoint()
        return True

    def _checkpoint(self) -> None:
        if self.path is not None:
            checkpoint(self.conn, self.path)

    def status(self) -> dict[str, object]:
        count = self.conn.execute("SELECT count(*) FROM notes").fetchone()[0]
        files = database_files(self.path) if self.path else []
        size = sum(p.stat().st_size for p in files if p.exists())
        return {
            "vault": display_name(str(self.location.root)),
            "cache": str(self.path) if self.path else None,
            "notes": count,
            "files": self.conn.execute("SELECT count(*) FROM files").fetchone()[0],
            "bytes": size,
            "schema": schema.SCHEMA_VERSION,
            "last_refresh": self.last_refresh[0].isoformat() if self.last_refresh else None,
            "refresh_seconds": round(self.last_refresh[1], 3) if self.last_refresh else None,
            "last_change": self.meta("last_change"),
        }


def _why(error: BaseException) -> str:
    return (getattr(error, "strerror", None) or str(error) or type(error).__name__).strip()
