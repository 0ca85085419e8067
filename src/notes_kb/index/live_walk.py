"""The walk `notes serve` keeps in memory and patches from the watch's events: after an edit
it stats the few files the events named instead of walking the whole vault again (55 ms of
a served search's 105 at 10,000 notes).

It stands in for the walk only where it can be sure of giving what the walk would give: one
vault at the root, no symbolic link followed, no problem found by the walk, every name
printable ASCII (so a note's name is its path below the root) and the walk's order the
order of the names' parts (the walk sorts each folder and enters a subfolder where its name
falls). Anything else, and any event it cannot read for sure (a folder created, deleted or
moved, events lost, a symbolic link or folder where a file was named, a CACHEDIR.TAG), drops
it: the caller walks the whole vault, and keeps that walk here again when it may.
"""

from __future__ import annotations

import os
import stat
from bisect import bisect_left
from itertools import pairwise
from typing import NamedTuple

from notes_kb.config import Location, VaultDir
from notes_kb.files import display_name
from notes_kb.index.walk import (
    CACHE_TAG,
    DRAWING_SUFFIXES,
    NOTE_SUFFIXES,
    SKIPPED_DIRS,
    NoteFile,
    Stamp,
    note_files,
)
from notes_kb.model import Diagnostic

_LISTABLE = os.R_OK | os.X_OK


class Touched(NamedTuple):
    """What the watch saw since it last answered: the file paths it named (created,
    modified, deleted, either end of a move) and the folders whose content or attributes
    changed; `everything`: events it cannot narrow down (or lost), so walk it all."""

    everything: bool
    files: frozenset[str] = frozenset()
    folders: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return self.everything or bool(self.files or self.folders)

    def __or__(self, other: object) -> Touched:
        if not isinstance(other, Touched):
            return NotImplemented
        return Touched(
            self.everything or other.everything,
            self.files | other.files,
            self.folders | other.folders,
        )


EVERYTHING = Touched(True)
NOTHING = Touched(False)

_SKIP = "skip"  # a path the walk never lists
_GONE = "gone"  # a note file no longer there (or no longer a plain file)


def walk(
    live: LiveWalk | None,
    location: Location,
    problems: list[Diagnostic],
    touched: Touched | None,
    rebuild: bool = False,
) -> list[NoteFile]:
    """Every note file with its stamp: the kept walk patched where the events say, when it
    can be; else (a rebuild too) the whole walk, kept for the next time (with `live`)."""
    if live is not None and touched is not None and not rebuild:
        found = live.patched(touched)
        if found is not None:
            return found
    links: list[str] = []
    found = note_files(location, problems, stamped=True, links=links)  # build.walk_stamps
    if live is not None:
        live.take(found, problems, links)
    return found


class LiveWalk:
    """The last walk of one vault, kept and patched; `found` is None when it cannot be."""

    def __init__(self, location: Location) -> None:
        self.location = location
        self.root = str(location.root).rstrip(os.sep) + os.sep
        vaults = location.vaults
        self.simple = (
            len(vaults) == 1 and vaults[0].path == location.root and os.sep == "/"
        )  # one vault, the root itself
        self.vault = VaultDir(display_name(vaults[0].name), vaults[0].path) if vaults else None
        self.found: list[NoteFile] | None = None
        self.keys: list[tuple[str, ...]] = []

    def take(self, found: list[NoteFile], problems: list[Diagnostic], links: list[str]) -> None:
        """Keep a whole walk, when it is one this walk can follow (see the module)."""
        self.found = None
        self.keys = []
        if not self.simple or problems or links:
            return
        root = self.root
        kept: list[NoteFile] = []
        for path, rel, vault, _, stamp in found:
            if stamp is None or path != root + rel or vault != self.vault:
                return
            kept.append((path, rel, vault, True, stamp))  # no directory entry: less memory
        names = "".join(f[1] for f in kept)
        if not (names.isascii() and names.isprintable()):
            return
        keys = [tuple(f[1].split("/")) for f in kept]
        if any(a >= b for a, b in pairwise(keys)):
            return  # not in the order assumed: never patched
        self.found, self.keys = kept, keys

    def patched(self, touched: Touched) -> list[NoteFile] | None:
        """The kept walk with each file the events named stat-ed again: what a whole walk
        would give now; None (and nothing kept) when it cannot say for sure."""
        if self.found is None or touched.everything:
            self.found = None
            return None
        for folder in touched.folders:
            if not self._listable(folder):
                self.found = None
                return None
        looks = []
        for path in touched.files:
            look = self._look(path)
            if look is None:
                self.found = None
                return None
            looks.append(look)
        for look in looks:
            if look[0] != _SKIP:
                self._apply(look)
        return self.found

    def _listable(self, folder: str) -> bool:
        """A folder the watch says changed is still one the walk lists (not made
        unreadable, not gone), or one it never lists anyway."""
        if folder + os.sep == self.root:
            return os.access(folder, _LISTABLE)
        if not folder.startswith(self.root):
            return False
        if self._never_listed(folder[len(self.root) :]):
            return True
        try:
            info = os.lstat(folder)
        except OSError:
            return False  # gone: its deletion is a folder event of its own anyway
        return stat.S_ISDIR(info.st_mode) and os.access(folder, _LISTABLE)

    def _never_listed(self, rel: str) -> bool:
        parts = rel.split("/") if rel else []
        return any(p[:1] == "." for p in parts) or any(p in SKIPPED_DIRS for p in parts)

    def _look(self, path: str) -> tuple[str, str, Stamp | None] | None:
        """What the walk would make of this path now: (_SKIP, "", None), (_GONE, rel, None)
        or ("file", rel, stamp); None when unsure."""
        if not path.startswith(self.root):
            return None
        rel = path[len(self.root) :]
        parts = rel.split("/")
        if "" in parts:
            return None
        if parts[-1][0] == "." or self._never_listed("/".join(parts[:-1])):
            return (_SKIP, "", None)  # a hidden name, or in a folder the walk never lists
        if parts[-1] == CACHE_TAG:
            return None
        folder = self.root
        for part in ["", *parts[:-1]]:  # a folder holding a CACHEDIR.TAG is never listed
            folder = folder + part + "/" if part else folder
            if os.path.lexists(folder + CACHE_TAG):
                return (_SKIP, "", None)
        is_note = rel.endswith(NOTE_SUFFIXES) and not rel.endswith(DRAWING_SUFFIXES)
        try:
            info = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            return (_GONE, rel, None) if is_note else (_SKIP, "", None)
        except OSError:
            return None
        mode = info.st_mode
        if stat.S_ISLNK(mode) or stat.S_ISDIR(mode):
            return None  # a link to follow, or a folder where a file was named
        if not is_note:
            return (_SKIP, "", None)
        if not (rel.isascii() and rel.isprintable()):
            return None
        if not stat.S_ISREG(mode):
            return (_GONE, rel, None)
        return ("file", rel, (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))

    def _apply(self, look: tuple[str, str, Stamp | None]) -> None:
        found, keys = self.found, self.keys
        assert found is not None and self.vault is not None
        kind, rel, stamp = look
        key = tuple(rel.split("/"))
        at = bisect_left(keys, key)
        there = at < len(keys) and keys[at] == key
        if kind == _GONE:
            if there:
                del keys[at], found[at]
            return
        entry: NoteFile = (self.root + rel, rel, self.vault, True, stamp)
        if there:
            found[at] = entry
        else:
            keys.insert(at, key)
            found.insert(at, entry)
