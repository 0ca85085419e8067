"""File-system events below a vault, reduced to one question: what may have changed?

`notes serve` keeps a vault's index open and refreshes it only when this says so. The rule
of freshness stays `Index.refresh` (comparing every file's stamp); events only tell when it
is worth running, and which files its kept walk must stat again (`index/live_walk`): those
a file event named (created, modified, written and closed, deleted, either end of a move),
and folders whose content or attributes changed. A folder created, deleted or moved, events
lost (inotify's queue overflowed), or anything else means everything: a whole walk. An
editor's write-to-a-temp-file-then-rename is a create and a move: both paths are named.
Opening and reading a file does not count: the refresh itself reads files.

When the watch cannot be set up (inotify's watch limit, say) or its threads die, `changes()`
answers everything every time, so the caller falls back to a whole walk before every
command.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from notes_kb.index.live_walk import EVERYTHING, Touched

_READS = frozenset({"opened", "closed_no_write"})  # the refresh's own reads
_FILE_EVENTS = frozenset({"created", "modified", "closed", "deleted", "moved"})


class VaultWatch(FileSystemEventHandler):
    """Watches a folder recursively; `changed()` says whether anything moved since it
    last answered. `ignore`: a folder below the root whose events do not count (a cache
    folder placed inside the vault, written by every refresh)."""

    def __init__(self, root: Path, ignore: Path | None = None) -> None:
        self.root = str(root)
        self.ignore = str(ignore) + os.sep if ignore is not None else None
        self._lock = threading.Lock()
        self._everything = True  # nothing is known before the first refresh
        self._files: set[str] = set()
        self._folders: set[str] = set()
        self.gone = False  # the watched folder itself was deleted
        self.problem = ""  # why the watch does not work, if it does not
        self._observer: BaseObserver | None = None

    def start(self) -> bool:
        """Begin watching; False (and `problem` says why) when the watch cannot be set up."""
        _no_move_pairing()
        observer = Observer()
        try:
            observer.schedule(self, self.root, recursive=True)
            observer.start()
        except OSError as error:  # inotify's instance or watch limit, a folder gone
            self.problem = f"cannot watch {self.root} ({error.strerror or error})"
            return False
        self._observer = observer
        return True

    def working(self) -> bool:
        """Whether events are still arriving: the observer and its emitter threads live."""
        observer = self._observer
        if observer is None or not observer.is_alive():
            return False
        return all(emitter.is_alive() for emitter in observer.emitters)

    def changed(self) -> bool:
        """True when the cache may be out of date (always, when the watch is not working);
        the next call answers for what happens after this one."""
        return bool(self.changes())

    def changes(self) -> Touched:
        """What may have changed since the last call (everything, when the watch is not
        working); the next call answers for what happens after this one."""
        with self._lock:
            touched = Touched(self._everything, frozenset(self._files), frozenset(self._folders))
            self._everything = False
            self._files.clear()
            self._folders.clear()
        return touched if self.working() else EVERYTHING

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=2)
            self._observer = None

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Called on watchdog's thread for every event: note what may have changed."""
        kind = event.event_type
        if kind in _READS:
            return
        path = os.fsdecode(event.src_path)
        if self.ignore is not None and path.startswith(self.ignore) and not event.dest_path:
            return
        if kind == "deleted" and event.is_directory and path == self.root:
            self.gone = True
        with self._lock:
            if kind in _FILE_EVENTS and not event.is_directory:
                self._files.add(path)
                if event.dest_path:
                    self._files.add(os.fsdecode(event.dest_path))
            elif kind == "modified" and event.is_directory:
                self._folders.add(path)
            else:  # a folder created, deleted or moved, events lost, anything else
                self._everything = True


def _no_move_pairing() -> None:
    """watchdog holds a file moved away (inotify's IN_MOVED_FROM) for half a second, waiting
    for its other half to report one move; a command asked meanwhile would read the cache
    as it was. Both halves name a path to stat again here, so nothing needs pairing: events
    pass at once (Linux; other platforms have no such delay)."""
    try:
        from watchdog.observers.inotify_move_event_grouper import InotifyMoveEventGrouper
    except ImportError:
        return
    InotifyMoveEventGrouper.delay = 0.0
