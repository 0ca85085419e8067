"""File-system events below a vault, reduced to one question: may the cache be out of date?

`notes serve` keeps a vault's index open and refreshes it only when this says so. The rule
of freshness stays `Index.refresh` (a walk comparing every file's stamp); events only tell
when that walk is worth running. Anything that may change a note counts: a file or folder
created, modified, deleted or moved (an editor's write-to-a-temp-file-then-rename is a
create and a move), its attributes changed, or events lost (inotify's queue overflowed).
Opening and reading a file does not: the refresh itself reads files.

When the watch cannot be set up (inotify's watch limit, say) or its threads die, `changed()`
answers yes every time, so the caller falls back to refreshing before every command.
"""

from __future__ import annotations

import os
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

_READS = frozenset({"opened", "closed_no_write"})  # the refresh's own reads


class VaultWatch(FileSystemEventHandler):
    """Watches a folder recursively; `changed()` says whether anything moved since it
    last answered. `ignore`: a folder below the root whose events do not count (a cache
    folder placed inside the vault, written by every refresh)."""

    def __init__(self, root: Path, ignore: Path | None = None) -> None:
        self.root = str(root)
        self.ignore = str(ignore) + os.sep if ignore is not None else None
        self._dirty = True  # nothing is known before the first refresh
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
        if not self.working():
            return True
        dirty, self._dirty = self._dirty, False
        return dirty

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=2)
            self._observer = None

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Called on watchdog's thread for every event: mark the cache possibly stale."""
        if event.event_type in _READS:
            return
        path = os.fsdecode(event.src_path)
        if self.ignore is not None and path.startswith(self.ignore) and not event.dest_path:
            return
        if event.event_type == "deleted" and event.is_directory and path == self.root:
            self.gone = True
        self._dirty = True


def _no_move_pairing() -> None:
    """watchdog holds a file moved away (inotify's IN_MOVED_FROM) for half a second, waiting
    for its other half to report one move; a command asked meanwhile would read the cache
    as it was. Every event only marks the cache stale here, so nothing needs pairing:
    events pass at once (Linux; other platforms have no such delay)."""
    try:
        from watchdog.observers.inotify_move_event_grouper import InotifyMoveEventGrouper
    except ImportError:
        return
    InotifyMoveEventGrouper.delay = 0.0
