"""One process at a time updates a cache; the others wait, visibly and for a bounded time.

The lock is an OS lock (`flock`) on a file beside the database, so it dies with its holder
whatever kills it: no stale lock file to clean up, ever. The holder writes its pid and its
progress into the file; a waiter says at once whom it waits for, and gives up with a clear
error when the holder has made no progress for `NOTES_LOCK_TIMEOUT` seconds (a stopped
process, say), instead of waiting silently forever.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from notes_kb.errors import NotesError

ENV_LOCK_TIMEOUT = "NOTES_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 30.0  # seconds without progress from the holder
_POLL = 0.05
_QUIET = 0.5  # a wait shorter than this (the usual case) is not worth a line

# descriptors of locks this process holds: a forked worker closes its copies at once, so a
# worker left behind can never keep a lock its dead parent took (see build.worker_start)
HELD: set[int] = set()
_TOLD: set[str] = set()  # locks this process already said it waits for: one line per run


class CacheBusyError(NotesError):
    """Another process holds the cache and has made no progress for too long."""


def lock_timeout() -> float:
    try:
        value = float(os.environ.get(ENV_LOCK_TIMEOUT, ""))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return value if value > 0 else DEFAULT_LOCK_TIMEOUT


class Heartbeat:
    """What the holder writes into the lock file for its waiters: pid and progress."""

    def __init__(self, fd: int | None) -> None:
        self.fd = fd

    def beat(self, phase: str) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            data = f"{os.getpid()} {phase}\n".encode()
            os.pwrite(self.fd, data, 0)
            os.ftruncate(self.fd, len(data))


@contextlib.contextmanager
def cache_lock(
    database: Path | None,
    waiting: Callable[[str], None] | None = None,
    timeout: float | None = None,
) -> Iterator[Heartbeat]:
    """Hold the cache's lock for the block. `waiting(message)` is told once, within a
    second, when another process holds it; CacheBusyError when that one stalls past
    `timeout`."""
    if database is None:
        yield Heartbeat(None)
        return
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own locking and busy timeout do the work
        yield Heartbeat(None)
        return
    path = database.with_name(database.name + ".lock")
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        _acquire(fd, fcntl, path, waiting, lock_timeout() if timeout is None else timeout)
        HELD.add(fd)
        heartbeat = Heartbeat(fd)
        heartbeat.beat("opening the cache")
        try:
            yield heartbeat
        finally:
            HELD.discard(fd)
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(
    fd: int,
    fcntl: object,
    path: Path,
    waiting: Callable[[str], None] | None,
    timeout: float,
) -> None:
    flock = fcntl.flock  # type: ignore[attr-defined]
    exclusive = fcntl.LOCK_EX | fcntl.LOCK_NB  # type: ignore[attr-defined]
    try:
        flock(fd, exclusive)
        return
    except BlockingIOError:
        pass
    seen = _holder(fd)
    started = last_change = time.monotonic()
    told = waiting is None or str(path) in _TOLD
    while True:
        time.sleep(_POLL)
        try:
            flock(fd, exclusive)
            return
        except BlockingIOError:
            pass
        now = _holder(fd)
        if not told and time.monotonic() - started >= _QUIET:
            assert waiting is not None
            waiting(f"waiting for {_who(now or seen)} to finish updating the cache")
            _TOLD.add(str(path))
            told = True
        if now != seen:
            seen, last_change = now, time.monotonic()
        elif time.monotonic() - last_change > timeout:
            pid = seen.split(" ", 1)[0] if seen else ""
            raise CacheBusyError(
                f"gave up after {timeout:g} s: {_who(seen)} holds the cache "
                f"{path.with_suffix('')} and has made no progress",
                (f"if it is stopped, resume it (kill -CONT {pid}) or end it; " if pid else "")
                + f"{ENV_LOCK_TIMEOUT} sets how long to wait",
            )


def _holder(fd: int) -> str:
    """The holder's "pid phase" line, or "" before it has written it."""
    try:
        return os.pread(fd, 200, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""


def _who(holder: str) -> str:
    if not holder:
        return "another notes process"
    pid, _, phase = holder.partition(" ")
    return f"notes (pid {pid}, {phase})" if phase else f"notes (pid {pid})"
