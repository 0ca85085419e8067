"""The warm run's walk: the vault's names and stamps packed as they come, which is all
`kept_walk.digest` needs to tell that nothing changed. `walk.note_files` keeps a directory
entry, a path and a tuple for every file, then packs them: 97 ms of CPU for walk and digest
at 10,000 files, 75 here (a busy machine, medians of 11), most of the rest being the stat
of each file, which no cheaper check can replace: a same-size edit with its mtime put back
moves only the file's ctime. This walk keeps a name and four integers a file and makes the
walk's tuples (`found`) only when the digest says something changed.

It takes only the vaults it can walk exactly as `note_files` would without its care for
odd cases: one vault, at the root or in a folder below it, no problem found on the way.
Anything else (a symbolic link, a folder it cannot read, a file gone between listing and
stat, a name that is not printable ASCII, a stamp too large for 64 bits) and it gives
None: the caller walks with `note_files`, which reports those."""

from __future__ import annotations

import os
import sqlite3
import time
from array import array
from collections.abc import Iterator
from itertools import repeat

from notes_kb.collector import paused
from notes_kb.config import Location, VaultDir
from notes_kb.files import display_name
from notes_kb.index import kept_listing
from notes_kb.index.kept_walk import Listing
from notes_kb.index.packed import Packed
from notes_kb.index.patched_listing import patched
from notes_kb.index.walk import (
    BY_NAME,
    CACHE_TAG,
    DRAWING_SUFFIXES,
    FOLDER_FLAGS,
    NOTE_SUFFIXES,
    SKIPPED_DIRS,
    STAMP_OF,
    NoteFile,
)


class QuickWalk:
    """The walk's names (relative to the location's root, in walk order) and stamps."""

    def __init__(
        self,
        root: str,
        vault: VaultDir,
        names: list[str],
        stamps: array[int],
        joined: bytes | None = None,
    ):
        self.root = root  # the location's root, ending in a separator
        self.vault = vault
        self.names = names
        self.stamps = stamps
        if joined is None:
            joined = "\0".join(names).encode("ascii")
        self.listing = Listing(len(names), joined, stamps.tobytes())
        self.keep: kept_listing.Write | None = None  # keeps the folders' listing, when worth it

    def found(self) -> Found:
        """The walk as `note_files(stamped=True)` gives it (the entry `True`, as in
        `live_walk`: no directory entry is kept, and none is needed), each file's tuple
        made when asked for: finding what an edit changed asks for one (10,000 tuples
        took 7 to 15 ms)."""
        return Found(self)


class Found(Packed[NoteFile]):
    """A quick walk's files, as a list of `note_files`' tuples reads."""

    def __init__(self, walk: QuickWalk) -> None:
        self._walk = walk

    def __len__(self) -> int:
        return len(self._walk.names)

    def _item(self, n: int) -> NoteFile:
        walk = self._walk
        name = walk.names[n]
        at = 4 * n
        stamp = (walk.stamps[at], walk.stamps[at + 1], walk.stamps[at + 2], walk.stamps[at + 3])
        return (walk.root + name, name, walk.vault, True, stamp)

    def __iter__(self) -> Iterator[NoteFile]:
        walk, stamps = self._walk, self._walk.stamps
        quads = zip(stamps[0::4], stamps[1::4], stamps[2::4], stamps[3::4], strict=True)
        paths = [walk.root + name for name in walk.names]
        return zip(paths, walk.names, repeat(walk.vault), repeat(True), quads, strict=False)


def quick_walk(location: Location, conn: sqlite3.Connection | None = None) -> QuickWalk | None:
    """The walk of a plain vault, packed; None when `note_files` must walk it. With the
    cache's `conn`, the folders' listing kept there when they did not change since
    (`kept_listing`): only the files are stat-ed, and a new listing is offered to keep."""
    if location.problems or len(location.vaults) != 1 or os.sep != "/":
        return None
    root = str(location.root).rstrip(os.sep) + os.sep
    vault = location.vaults[0]
    top = str(vault.path)
    if top == str(location.root):
        prefix = ""  # a note's name is its path below the vault
    elif top.startswith(root):
        prefix = top[len(root) :] + "/"  # below the vault's folder (a Dendron workspace)
    else:
        return None
    shown = VaultDir(display_name(vault.name), vault.path)
    found = kept_listing.read(conn, top, prefix) if conn is not None else None
    kept = found[0] if found is not None else None
    if found is not None and (again := kept_listing.stamps(*found)) is not None:
        return QuickWalk(root, shown, found[1], again, found[0].names)
    began = time.time_ns()
    if found is not None and (patch := patched(*found)) is not None:
        listing, names, packed = patch  # notes added or removed: their folders read again
        walk = QuickWalk(root, shown, names, packed, listing.names)
        if kept_listing.worth_keeping(listing, kept, began, packed[2::4]):
            walk.keep = kept_listing.keeping(listing)
        return walk
    names = []
    stamps: list[int] = []
    folders: list[kept_listing.FolderStamp] = []
    with paused():  # objects by the thousand, none freed: see `walk.note_files`
        if not _walk(top, prefix, names, stamps, folders):
            return None
    joined = "".join(names)
    if not (joined.isascii() and joined.isprintable()):
        return None
    try:
        packed = array("q", stamps)
    except OverflowError:
        return None
    walk = QuickWalk(root, shown, names, packed)
    listing = kept_listing.Listing(top, prefix, tuple(folders), walk.listing.names)
    if conn is not None and kept_listing.worth_keeping(listing, kept, began, stamps[2::4]):
        walk.keep = kept_listing.keeping(listing)
    return walk


def _walk(
    top: str,
    prefix: str,
    names: list[str],
    stamps: list[int],
    folders: list[kept_listing.FolderStamp],
) -> bool:
    """Each folder listed, sorted, its note files stat-ed by name in it and its folders
    entered where their names fall, as `walk.markdown_entries` does; False at the first
    thing that walk would report or follow. `folders`: each folder's stamp, in order."""
    add_name = names.append
    add_stamp = stamps.extend
    stat = os.stat
    stack: list[Iterator[os.DirEntry[str]]] = []
    opened: list[int] = []
    prefixes: list[str] = []
    below = len(prefix)  # a folder's place below the vault: its prefix without the vault's
    try:
        if not _enter(top, prefix, stack, opened, prefixes, folders, below):
            return False
        while stack:
            folder, prefix = opened[-1], prefixes[-1]
            for entry in stack[-1]:
                name = entry.name
                if name[0] == ".":
                    continue
                if (
                    name.endswith(NOTE_SUFFIXES)
                    and not name.endswith(DRAWING_SUFFIXES)
                    and entry.is_file(follow_symlinks=False)
                ):
                    add_stamp(STAMP_OF(stat(name, dir_fd=folder)))
                    add_name(prefix + name)
                elif entry.is_symlink():
                    return False
                elif entry.is_dir(follow_symlinks=False) and name not in SKIPPED_DIRS:
                    inner = prefix + name + "/"
                    if not _enter(entry.path, inner, stack, opened, prefixes, folders, below):
                        return False
                    break  # into the folder; this one goes on where it stopped
            else:
                stack.pop()
                prefixes.pop()
                os.close(opened.pop())
    except OSError:
        return False
    finally:
        for folder in opened:
            os.close(folder)
    return True


def _enter(
    directory: str,
    prefix: str,
    stack: list[Iterator[os.DirEntry[str]]],
    opened: list[int],
    prefixes: list[str],
    folders: list[kept_listing.FolderStamp],
    below: int,
) -> bool:
    """The folder's entries sorted by name (none in a folder holding a CACHEDIR.TAG) and
    the folder opened, for stat-ing its files by name, its stamp taken before it is listed
    (`kept_listing`); False when any of it fails."""
    try:
        folder = os.open(directory, FOLDER_FLAGS)
    except OSError:
        return False
    try:
        folders.append(kept_listing.folder_stamp(prefix[below:-1], folder))
        with os.scandir(directory) as found:
            entries = list(found)
    except OSError:
        os.close(folder)
        return False
    if any(entry.name == CACHE_TAG for entry in entries):
        entries = []
    entries.sort(key=BY_NAME)
    stack.append(iter(entries))
    opened.append(folder)
    prefixes.append(prefix)
    return True
