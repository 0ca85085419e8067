"""The SQLite cache of a vault: schema, incremental refresh, loading. Outside the vault.

One database per vault path under the cache directory. Every command refreshes it first:
files whose size or mtime changed are parsed again (in parallel when many), deleted files
leave. A database that is corrupt, foreign or from an older schema is rebuilt; concurrent
processes serialise their refresh on a lock file, so a cold start by many gives one build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from notes_kb.config import Location, cache_dir
from notes_kb.index.load import Vault, duplicate_id_diagnostics, iter_note_files
from notes_kb.model import Definition, Diagnostic, Note, Section
from notes_kb.parse.markdown import sections_of

if TYPE_CHECKING:
    from notes_kb.index.records import FileTask, NoteRecord
    from notes_kb.parse.definitions import Alias
    from notes_kb.parse.links import Link

SCHEMA_VERSION = 3
APPLICATION_ID = 0x4E4B4231  # "NKB1": tells our database from any other SQLite file
PARALLEL_FROM = 64  # files to parse before worker processes pay for themselves
Progress = Callable[[int, int], None]

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files(path TEXT PRIMARY KEY, vault TEXT, size INT, mtime_ns INT);
CREATE TABLE notes(
    rowid INTEGER PRIMARY KEY, path TEXT UNIQUE, id TEXT, title TEXT, fname TEXT, vault TEXT,
    desc TEXT, tags TEXT, created TEXT, updated TEXT, frontmatter TEXT, source TEXT,
    body_offset INT, body_line INT, title_key TEXT, name_key TEXT);
CREATE INDEX notes_id ON notes(id);
CREATE TABLE diagnostics(path TEXT, line INT, severity TEXT, code TEXT, message TEXT);
CREATE INDEX diagnostics_path ON diagnostics(path);
CREATE TABLE walk_diagnostics(path TEXT, line INT, severity TEXT, code TEXT, message TEXT);
CREATE TABLE sections(note INT, heading TEXT, level INT, slug TEXT, line INT, end_line INT,
    text TEXT);
CREATE INDEX sections_note ON sections(note);
CREATE TABLE definitions(note INT, term TEXT, text TEXT, line INT, kind TEXT, key TEXT);
CREATE INDEX definitions_note ON definitions(note);
CREATE INDEX definitions_key ON definitions(key);
CREATE TABLE aliases(note INT, short TEXT, long TEXT, line INT, short_key TEXT, long_key TEXT);
CREATE INDEX aliases_note ON aliases(note);
CREATE INDEX aliases_short ON aliases(short_key);
CREATE INDEX aliases_long ON aliases(long_key);
CREATE TABLE links(note INT, line INT, kind TEXT, left TEXT, right TEXT, anchor TEXT,
    vault TEXT, raw TEXT);
CREATE INDEX links_note ON links(note);
CREATE TABLE segments(rowid INTEGER PRIMARY KEY, note INT, line INT, body_line INT,
    heading TEXT);
CREATE INDEX segments_note ON segments(note);
CREATE VIRTUAL TABLE fts USING fts5(title, heading, tags, desc, body,
    tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE words USING fts5(title, heading, tags, desc, body, content = 'fts',
    detail = none, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE words_vocab USING fts5vocab(words, 'row');
"""


@dataclass(frozen=True)
class RefreshStats:
    scanned: int
    parsed: int
    removed: int
    seconds: float


class Index:
    """An open cache database for one vault location."""

    def __init__(self, location: Location, path: Path | None, notices: list[str]) -> None:
        self.location = location
        self.path = path  # None: in memory, the cache folder could not be written
        self.notices = notices
        self.conn = _connect(path)
        self.last_refresh: tuple[datetime, float] | None = None  # this run's: (when, seconds)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, location: Location, folder: Path | None = None) -> Index:
        """Open (creating or rebuilding as needed) the cache for this vault location."""
        notices: list[str] = []
        folder = folder or cache_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path: Path | None = folder / database_name(location)
            probe = folder / f".probe-{os.getpid()}"
            probe.touch()
            probe.unlink()
        except OSError as error:
            notices.append(
                f"cache folder {folder} is not writable ({error.strerror}); "
                "indexing in memory for this run"
            )
            path = None
        with _lock(path):
            index = cls._open_checked(location, path, notices)
        return index

    @classmethod
    def _open_checked(cls, location: Location, path: Path | None, notices: list[str]) -> Index:
        if path is not None and path.is_file() and path.stat().st_size == 0:
            notices.append(f"cache {path} was empty; rebuilding it")  # SQLite would say "new"
            _remove_database(path)
        try:
            index = cls(location, path, notices)
            state = index._schema_state()
        except sqlite3.DatabaseError:
            state = "corrupt"
            index = None
        if state == "ok":
            return index  # type: ignore[return-value]
        if index is not None:
            index.conn.close()
        if state != "new":
            reasons = {
                "corrupt": "was corrupt",
                "foreign": "was not a notes-kb database",
                "old": "had an older schema",
                "newer": "was made by a newer notes-kb",
            }
            notices.append(f"cache {path} {reasons[state]}; rebuilding it")
            _remove_database(path)
        index = cls(location, path, notices)
        index._create()
        return index

    def _create(self) -> None:
        self.conn.executescript(_SCHEMA)
        self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._set_meta("root", str(self.location.root))
        self.conn.commit()

    def _schema_state(self) -> str:
        app = self.conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app == 0 and version == 0 and tables == 0:
            return "new"
        if app != APPLICATION_ID:
            return "foreign"
        if version != SCHEMA_VERSION:
            return "old" if version < SCHEMA_VERSION else "newer"
        self.conn.execute("SELECT count(*) FROM notes").fetchone()  # raises when damaged
        return "ok"

    def close(self) -> None:
        self.conn.close()

    # -- refreshing ------------------------------------------------------------------------

    def refresh(self, progress: Progress | None = None, rebuild: bool = False) -> RefreshStats:
        """Bring the cache up to date with the files; parse only what changed."""
        started = time.perf_counter()
        with _lock(self.path):
            walk_problems: list[Diagnostic] = []
            tasks = list(scan(self.location, walk_problems))
            if rebuild:
                self._reset()
            known = {
                path: (size, mtime)
                for path, size, mtime in self.conn.execute("SELECT path, size, mtime_ns FROM files")
            }
            seen = {task[1] for task in tasks}
            changed = [t for t in tasks if known.get(t[1]) != (t[3], t[4])]
            removed = [path for path in known if path not in seen]
            walk_rows = [(d.path, d.line, d.severity, d.code, d.message) for d in walk_problems]
            stored_walk = self.conn.execute(
                "SELECT path, line, severity, code, message FROM walk_diagnostics ORDER BY rowid"
            ).fetchall()
            if changed or removed or rebuild or walk_rows != stored_walk:
                self._apply(changed, removed, walk_rows, progress)
            seconds = time.perf_counter() - started
            self.last_refresh = (datetime.now(tz=UTC), seconds)
        return RefreshStats(len(tasks), len(changed), len(removed), seconds)

    def _apply(
        self,
        changed: list[FileTask],
        removed: list[str],
        walk_rows: list[tuple[object, ...]],
        progress: Progress | None,
    ) -> None:
        """Write what changed in one transaction; nothing is written when nothing changed,
        so a read command leaves the cache file alone."""
        records = parse_all(changed, progress)  # lazy: stored as the workers finish them
        with self.conn:
            self._next_segment = 1 + (
                self.conn.execute("SELECT max(rowid) FROM segments").fetchone()[0] or 0
            )
            for path in removed:
                self._forget(path)
            for record in records:
                self._forget(record.path)
                self._store(record)
            self.conn.execute("DELETE FROM walk_diagnostics")  # found anew by every walk
            self.conn.executemany("INSERT INTO walk_diagnostics VALUES (?, ?, ?, ?, ?)", walk_rows)
            self._set_meta("last_change", datetime.now(tz=UTC).isoformat())
        if len(changed) > 500 and self.path is not None:  # fold a big build's log back in
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _reset(self) -> None:
        """A new, empty database file: faster than deleting every row of a big one."""
        self.conn.close()
        _remove_database(self.path)
        self.conn = _connect(self.path)
        self._create()

    def _forget(self, path: str) -> None:
        row = self.conn.execute("SELECT rowid FROM notes WHERE path = ?", (path,)).fetchone()
        self.conn.execute("DELETE FROM files WHERE path = ?", (path,))
        self.conn.execute("DELETE FROM diagnostics WHERE path = ?", (path,))
        if row is None:
            return
        note = row[0]
        self.conn.execute(
            "INSERT INTO words(words, rowid, title, heading, tags, desc, body) "
            "SELECT 'delete', rowid, title, heading, tags, desc, body FROM fts "
            "WHERE rowid IN (SELECT rowid FROM segments WHERE note = ?)",
            (note,),
        )
        self.conn.execute(
            "DELETE FROM fts WHERE rowid IN (SELECT rowid FROM segments WHERE note = ?)", (note,)
        )
        for table in ("sections", "definitions", "aliases", "segments", "links"):
            self.conn.execute(f"DELETE FROM {table} WHERE note = ?", (note,))
        self.conn.execute("DELETE FROM notes WHERE rowid = ?", (note,))

    def _store(self, record: NoteRecord) -> None:
        from notes_kb.parse.keys import concept_key

        self.conn.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?)",
            (record.path, record.vault, record.size, record.mtime_ns),
        )
        self._store_diagnostics(record.diagnostics)
        note = record.note
        if note is None:
            return
        cursor = self.conn.execute(
            "INSERT INTO notes(path, id, title, fname, vault, desc, tags, created, updated, "
            "frontmatter, source, body_offset, body_line, title_key, name_key) "
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
                _dump_frontmatter(note.frontmatter),
                note.source,
                note.body_offset,
                note.body_line,
                concept_key(note.title),
                concept_key(note.segments[-1]),
            ),
        )
        rowid = cursor.lastrowid
        self.conn.executemany(
            "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (rowid, s.heading, s.level, s.slug, s.line, s.end_line, s.text)
                for s in sections_of(note)
            ],
        )
        self.conn.executemany(
            "INSERT INTO definitions VALUES (?, ?, ?, ?, ?, ?)",
            [
                (rowid, d.term, d.text, d.line, d.kind, concept_key(d.term))
                for d in record.definitions
            ],
        )
        self.conn.executemany(
            "INSERT INTO aliases VALUES (?, ?, ?, ?, ?, ?)",
            [
                (rowid, a.short, a.long, a.line, concept_key(a.short), concept_key(a.long))
                for a in record.aliases
            ],
        )
        self.conn.executemany(
            "INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (rowid, k.line, k.kind, k.left, k.right, k.anchor, k.vault, k.raw)
                for k in record.links
            ],
        )
        tags = " ".join(note.tags)
        first = self._next_segment
        self._next_segment += len(record.segments)
        self.conn.executemany(
            "INSERT INTO segments(rowid, note, line, body_line, heading) VALUES (?, ?, ?, ?, ?)",
            [
                (first + n, rowid, seg.line, seg.body_line, seg.heading)
                for n, seg in enumerate(record.segments)
            ],
        )
        values = [
            (first + n, note.title, seg.heading, tags, note.desc if n == 0 else "", seg.body)
            for n, seg in enumerate(record.segments)
        ]
        for table in ("fts", "words"):
            self.conn.executemany(
                f"INSERT INTO {table}(rowid, title, heading, tags, desc, body) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                values,
            )

    def _store_diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        self.conn.executemany(
            "INSERT INTO diagnostics VALUES (?, ?, ?, ?, ?)",
            [(d.path, d.line, d.severity, d.code, d.message) for d in diagnostics],
        )

    # -- reading ---------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def load_vault(self) -> Vault:
        """Every note with its sections, as the loader would give it, without parsing."""
        sections: dict[int, list[Section]] = {}
        for row in self.conn.execute(
            "SELECT note, heading, level, slug, line, end_line, text FROM sections "
            "ORDER BY note, line"
        ):
            sections.setdefault(row[0], []).append(Section(*row[1:]))
        notes: list[Note] = []
        for row in self.conn.execute(
            "SELECT rowid, id, title, fname, path, vault, desc, tags, created, updated, "
            "frontmatter, source, body_offset, body_line FROM notes"
        ):
            note = Note(
                id=row[1],
                title=row[2],
                fname=row[3],
                path=row[4],
                vault=row[5],
                desc=row[6],
                tags=tuple(json.loads(row[7])),
                created=_parse_time(row[8]),
                updated=_parse_time(row[9]),
                frontmatter=json.loads(row[10]),
                source=row[11],
                body_offset=row[12],
                body_line=row[13],
            )
            note.memo["sections"] = tuple(sections.get(row[0], ()))
            notes.append(note)
        notes.sort(key=lambda n: (n.fname.lower(), n.path))
        vault = Vault(
            location=self.location,
            notes=notes,
            diagnostics=self.diagnostics(),
            skipped=self.skipped(),
        )
        vault.extracted = self._extracted
        vault.written_links = self._links
        return vault

    def _links(self) -> dict[str, list[Link]]:
        """Every note's links as written (note path -> links): the link graph without parsing."""
        from notes_kb.parse.links import Link

        paths = dict(self.conn.execute("SELECT rowid, path FROM notes"))
        found: dict[str, list[Link]] = {}
        for note, *fields in self.conn.execute(
            "SELECT note, line, kind, left, right, anchor, vault, raw FROM links ORDER BY rowid"
        ):
            found.setdefault(paths[note], []).append(Link(*fields))
        return found

    def diagnostics(self) -> list[Diagnostic]:
        """Every problem the loader would report, duplicate ids included, from the cache."""
        found = [
            Diagnostic(*row)
            for row in self.conn.execute(
                "SELECT path, line, severity, code, message FROM diagnostics UNION ALL "
                "SELECT path, line, severity, code, message FROM walk_diagnostics"
            )
        ]
        groups: dict[str, list[str]] = {}
        for note_id, path in self.conn.execute(
            "SELECT id, path FROM notes WHERE id IN "
            "(SELECT id FROM notes GROUP BY id HAVING count(*) > 1) ORDER BY path"
        ):
            groups.setdefault(note_id, []).append(path)
        found += duplicate_id_diagnostics(groups)
        return found

    def skipped(self) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM files WHERE path NOT IN (SELECT path FROM notes)"
        ).fetchone()[0]

    def _extracted(self) -> tuple[list[Definition], list[Alias]]:
        """Stored definitions and acronym pairs of every note: the glossary without parsing."""
        from notes_kb.parse.definitions import Alias

        ids = dict(self.conn.execute("SELECT rowid, id FROM notes"))
        paths = dict(self.conn.execute("SELECT rowid, path FROM notes"))
        definitions = [
            Definition(term, text, ids[note], paths[note], line, kind)
            for note, term, text, line, kind in self.conn.execute(
                "SELECT note, term, text, line, kind FROM definitions ORDER BY rowid"
            )
        ]
        aliases = [
            Alias(short, long, ids[note], paths[note], line)
            for note, short, long, line in self.conn.execute(
                "SELECT note, short, long, line FROM aliases ORDER BY rowid"
            )
        ]
        return definitions, aliases

    def status(self) -> dict[str, object]:
        count = self.conn.execute("SELECT count(*) FROM notes").fetchone()[0]
        size = (
            sum(p.stat().st_size for p in _database_files(self.path) if p.exists())
            if self.path
            else 0
        )
        return {
            "vault": str(self.location.root),
            "cache": str(self.path) if self.path else None,
            "notes": count,
            "files": self.conn.execute("SELECT count(*) FROM files").fetchone()[0],
            "bytes": size,
            "schema": SCHEMA_VERSION,
            "last_refresh": self.last_refresh[0].isoformat() if self.last_refresh else None,
            "refresh_seconds": round(self.last_refresh[1], 3) if self.last_refresh else None,
            "last_change": self.meta("last_change"),
        }


def scan(location: Location, problems: list[Diagnostic]) -> Iterator[FileTask]:
    """Every note file with its size and mtime: the only per-run cost of a warm cache."""
    for path, rel, vault_dir, entry in iter_note_files(location, problems):
        try:
            stat = entry.stat() if entry is not None else os.stat(path)
        except OSError:
            continue
        yield path, rel, vault_dir.name, stat.st_size, stat.st_mtime_ns


def parse_all(tasks: list[FileTask], progress: Progress | None = None) -> Iterator[NoteRecord]:
    """Parse files, on every core when there are enough of them to be worth it. A generator:
    the caller stores each record while the workers go on parsing the next ones."""
    if not tasks:
        return  # a warm run parses nothing: no YAML, no Markdown, not even their imports
    from notes_kb.index.records import parse_file

    workers = min(os.cpu_count() or 1, 8)
    if len(tasks) < PARALLEL_FROM or workers < 2:
        for done, task in enumerate(tasks, 1):
            yield parse_file(task)
            if progress:
                progress(done, len(tasks))
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(8, len(tasks) // (workers * 16))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for done, record in enumerate(pool.map(parse_file, tasks, chunksize=chunk), 1):
            yield record
            if progress and (done % 50 == 0 or done == len(tasks)):
                progress(done, len(tasks))


def database_name(location: Location) -> str:
    digest = hashlib.sha256(str(location.root).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{location.root.name[:40]}-{digest[:16]}.sqlite"


def _connect(path: Path | None) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path) if path else ":memory:", timeout=60)
    conn.execute("PRAGMA busy_timeout = 60000")
    if path is not None:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _database_files(path: Path | None) -> list[Path]:
    if path is None:
        return []
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _remove_database(path: Path | None) -> None:
    for file in _database_files(path):
        with contextlib.suppress(FileNotFoundError):
            file.unlink()


@contextlib.contextmanager
def _lock(path: Path | None) -> Iterator[None]:
    """One process at a time refreshes a cache; the others wait, then find it fresh."""
    if path is None:
        yield
        return
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own locking and busy timeout do the work
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _dump_frontmatter(frontmatter: dict[str, object]) -> str:
    from notes_kb.jsonable import jsonable

    return json.dumps(jsonable(frontmatter), ensure_ascii=False)
