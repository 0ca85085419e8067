"""Where a vault's cache lives, and what is found there before SQLite opens it.

The cache folder is private: created 0700, tagged with CACHEDIR.TAG (so neither backups nor
our own walk index it), and refused when another user owns it or can write to it. A shared
folder such as /tmp gets a private sub-folder of ours instead, because a file another user
left there under our name must never be opened. The database file's first 100 bytes tell
an empty or damaged cache of ours (rebuilt) from another program's SQLite file or a folder
in the way (left alone: this run works in memory).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path
from typing import NamedTuple

from notes_kb.config import Location, cache_dir
from notes_kb.digests import sha256
from notes_kb.files import write_atomic
from notes_kb.index import schema, texts

_MAGIC = b"SQLite format 3\x00"
_BUSY_MS = 5000  # our own lock serialises writers; SQLite waits only for brief moments
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file marks a cache folder of notes-kb; it can be deleted at any time.\n"
)


class Folder(NamedTuple):
    path: Path | None  # None: no private folder could be had
    problem: str = ""  # why not, or why another folder is used


def private_folder(folder: Path | None = None) -> Folder:
    """The cache folder, made or checked private; a private sub-folder of a shared one."""
    folder = folder or cache_dir()
    problem = _ensure_private(folder)
    if not problem:
        return Folder(folder)
    if not hasattr(os, "geteuid") or not folder.is_dir():
        return Folder(None, problem)
    own = folder / f"notes-kb-{os.geteuid()}"
    second = _ensure_private(own)
    if not second:
        return Folder(own)
    return Folder(None, f"{problem}, and {second}")


def _ensure_private(folder: Path) -> str:
    """ "" when the folder is ours and private (creating it 0700 if missing), else why not."""
    try:
        if not folder.exists() and not folder.is_symlink():
            folder.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder, 0o700)
        info = os.stat(folder)
    except OSError as error:
        return f"cache folder {folder} cannot be made ({error.strerror or error})"
    if not stat.S_ISDIR(info.st_mode):
        return f"cache folder {folder} is not a folder"
    if hasattr(os, "geteuid"):
        if info.st_uid != os.geteuid():
            return f"cache folder {folder} belongs to another user"
        if info.st_mode & 0o022:
            return f"cache folder {folder} can be written by other users"
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        with contextlib.suppress(OSError):
            write_atomic(tag, _TAG)
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"cache folder {folder} is not writable"
    return ""


def database_name(location: Location) -> str:
    digest = sha256(str(location.root).encode("utf-8", "surrogateescape")).hexdigest()
    name = location.root.name[:40].encode("utf-8", "surrogateescape").decode("utf-8", "ignore")
    return f"{name}-{digest[:16]}.sqlite"


def database_files(path: Path | None) -> list[Path]:
    if path is None:
        return []
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def remove_database(path: Path | None) -> None:
    for file in [*database_files(path), stamp_path(path)]:
        if file is not None:
            with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
                file.unlink()


def what_is_there(path: Path, application_id: int) -> str:
    """Before opening: "missing", "empty", "ours", "damaged" (ours, or nobody's: not a
    database), "foreign" (another program's SQLite file) or "in the way" (a folder...)."""
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "in the way"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "in the way"
        header = os.read(fd, 100)
    finally:
        os.close(fd)
    logged = database_files(path)[1].exists()
    if not header and not logged:
        return "empty"
    if header and (len(header) < 100 or not header.startswith(_MAGIC)):
        return "damaged"
    found = int.from_bytes(header[68:72], "big") if header else 0
    if found == 0 and logged:  # everything may still be in the log: no checkpoint yet, as
        found = _id_through_the_log(path)  # after a kill, or when all closed at once
    if found == 0 and _table_count(path) == 0:
        return "empty"
    return "ours" if found == application_id else "foreign"


def _id_through_the_log(path: Path) -> int:
    """The application id as SQLite sees it, write-ahead log included. Opened for writing
    (only its -shm index is touched: a read-only connection cannot recover a log left by
    processes that all exited at once) while we hold the cache lock."""
    try:
        conn = sqlite3.connect(path, timeout=5)
        try:
            return int(conn.execute("PRAGMA application_id").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return 0


def _table_count(path: Path) -> int:
    try:
        conn = sqlite3.connect(path, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return -1


def stamp_path(path: Path | None) -> Path | None:
    return path.with_name(path.name + ".checked") if path is not None else None


def file_stamp(path: Path) -> str:
    """What changes when anything but SQLite writes the file: size, times and inode."""
    try:
        info = os.stat(path)
    except OSError:
        return ""
    return f"{info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino}"


def checked_before(path: Path) -> bool:
    """Whether the database is exactly as it was when last found intact."""
    stamp = stamp_path(path)
    assert stamp is not None
    try:
        return stamp.read_text("ascii").strip() == file_stamp(path)
    except (OSError, UnicodeDecodeError):
        return False


def mark_checked(path: Path | None) -> None:
    """Stamp the database as found whole. Not flushed to disk (two fsyncs, 1 to 12 ms of
    each run that writes the cache): the database was, before it was stamped (SQLite's
    checkpoint syncs it), so a stamp a power cut loses or leaves old only fails to match,
    which costs one `quick_check`; a stamp that matches describes a file that is on disk."""
    stamp = stamp_path(path)
    if stamp is None or path is None:
        return
    with contextlib.suppress(OSError):
        write_atomic(stamp, file_stamp(path) + "\n", durable=False)


def connect(path: Path | None) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path) if path else ":memory:", timeout=_BUSY_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
    if path is not None:
        # a new file only (it stays a database's for good): 8 KB pages hold the blobs of
        # index/texts with less room left over than 4 KB ones (55.9 MB against 58.0 at 10k)
        conn.execute("PRAGMA page_size = 8192")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    texts.register(conn)  # the search tables read their text through it
    conn.text_factory = _text
    return conn


def _text(data: bytes) -> str:
    """A text column as a string; bytes that are no UTF-8 (a cache another program wrote
    into) read with U+FFFD in their place rather than ending the command."""
    return data.decode("utf-8", "replace")


def intact(path: Path) -> bool | None:
    """A full check of a cache that changed since we last saw it whole (None: unknown)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=_BUSY_MS / 1000)
    except sqlite3.DatabaseError:
        return None
    try:
        return schema.intact(conn)
    finally:
        conn.close()


def checkpoint(conn: sqlite3.Connection, path: Path) -> None:
    """Fold the log back in, so the file is whole and stamped as checked, and empty it
    (else it keeps its largest size: 19 MB after a first `define` at 10,000 notes), unless
    another process reads it: then fold in what can be, without waiting."""
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        busy, log, done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            busy, log, done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    finally:
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
    if not busy and log == done:
        mark_checked(path)
