"""The kept listing brought up to date when notes were added to, removed from or renamed in
the folders it entered, instead of listing and sorting every folder again.

A note added or deleted changes its folder's times, so the kept listing (`kept_listing`)
no longer holds and the next run listed every folder again: `os.scandir`, the sort and the
tests of each entry, about 20 ms at 10,000 notes in one folder, the most of what the search
after an add or a delete paid over a warm one. Here only the changed folders are read
again, by name (`os.listdir`), and every name in them is known anew: a name the kept
listing held as a note file must still be a regular file (its `lstat`, which gives the
stamp the walk keeps anyway, says so), a name it held as a folder must still be one (its
own stamp is checked, as every folder's is), and any other name is `lstat`-ed. Nothing of
a changed folder is taken on trust from before: only its order, which names sorted once
give again (a file of a folder goes where the walk would reach it, `_walk_key`).

Anything else, and the caller lists every folder as before: a folder gone, made, moved or
replaced (its device or inode), a link, a `CACHEDIR.TAG` in a changed folder, a name the
quick walk refuses, a file gone between the listing and its stat.
"""

from __future__ import annotations

import os
import stat as stat_module
from array import array
from bisect import insort

from notes_kb.index.kept_listing import FolderStamp, Listing, folder_stamp
from notes_kb.index.walk import (
    CACHE_TAG,
    DRAWING_SUFFIXES,
    FOLDER_FLAGS,
    NOTE_SUFFIXES,
    SKIPPED_DIRS,
    STAMP_OF,
)

Patched = tuple[Listing, list[str], "array[int]"]


def patched(listing: Listing, names: list[str]) -> Patched | None:
    """The listing, its names and every named file's stamp as the whole walk would give
    them now, when what changed since the listing was kept is only note files added to or
    removed from the folders it entered; None otherwise (the caller lists again)."""
    top = listing.top
    folders = list(listing.folders)
    changed: list[int] = []
    try:
        for n, (below, device, inode, mtime, ctime) in enumerate(folders):
            info = os.stat(os.path.join(top, below) if below else top)
            if (info.st_dev, info.st_ino) != (device, inode):
                return None  # another folder in its place
            if (info.st_mtime_ns, info.st_ctime_ns) != (mtime, ctime):
                changed.append(n)
    except (OSError, TypeError, ValueError):
        return None
    if not changed:
        return None
    names = list(names)
    for n in changed:
        found = _relisted(listing, folders[n][0], names, {f[0] for f in folders})
        if found is None:
            return None
        folders[n], names = found
    stamps = _regular_stamps(top, listing.prefix, names)
    if stamps is None:
        return None
    joined = "\0".join(names).encode("ascii")
    return Listing(top, listing.prefix, tuple(folders), joined), names, stamps


def _relisted(
    listing: Listing, below: str, names: list[str], entered: set[str]
) -> tuple[FolderStamp, list[str]] | None:
    """One changed folder read again: its new stamp (taken before it is listed, as the
    walk takes it) and the walk's names with its note files as they are now."""
    at = listing.prefix + (below + "/" if below else "")  # its files' names begin so
    inside = below + "/" if below else ""  # its folders' places begin so
    subfolders = {place[len(inside) :] for place in entered if place and place.startswith(inside)}
    subfolders = {name for name in subfolders if "/" not in name}
    try:
        fd = os.open(os.path.join(listing.top, below) if below else listing.top, FOLDER_FLAGS)
    except OSError:
        return None
    try:
        stamp = folder_stamp(below, fd)
        present = set(os.listdir(fd))
        if CACHE_TAG in present:
            return None  # the walk lists nothing in it: not a case to patch
        if not at and b"/" not in listing.names:
            kept = set(names)  # one folder holds every note (a Dendron vault)
        else:
            kept = {name[len(at) :] for name in names if name.startswith(at)}
            kept = {name for name in kept if "/" not in name}
        added: list[str] = []
        for name in present - kept:  # a kept note file must be one still: see the stat below
            if name[0] == ".":
                continue
            mode = os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode
            if stat_module.S_ISLNK(mode):
                return None
            if name in subfolders:
                if not stat_module.S_ISDIR(mode):
                    return None
            elif stat_module.S_ISDIR(mode):
                if name not in SKIPPED_DIRS:
                    return None  # a new folder: the walk would enter it
            elif (
                stat_module.S_ISREG(mode)
                and name.endswith(NOTE_SUFFIXES)
                and not name.endswith(DRAWING_SUFFIXES)
            ):
                added.append(name)
    except OSError:
        return None
    finally:
        os.close(fd)
    if not subfolders <= present:
        return None  # a folder gone (its own stamp check failed first, unless raced)
    gone = {at + name for name in kept - present}
    if gone:
        names = [name for name in names if name not in gone]
    for name in sorted(added):
        full = at + name
        if not (full.isascii() and full.isprintable()):
            return None
        insort(names, full, key=_walk_key)
    return stamp, names


def _walk_key(name: str) -> list[str]:
    """Where the walk reaches a file: folders' entries are taken in the order of their
    names, files and folders alike, so a file comes where its path's parts sort
    (`sub/c.md`, then `sub-a/f.md`, then `sub.md`)."""
    return name.split("/")


def _regular_stamps(top: str, prefix: str, names: list[str]) -> array[int] | None:
    """Every named file's stamp when each is (still) a regular file; None otherwise."""
    if prefix:
        names = [name[len(prefix) :] for name in names]
    try:
        folder = os.open(top, FOLDER_FLAGS)
    except OSError:
        return None
    found: list[int] = []
    add = found.extend
    stat = os.stat
    regular = stat_module.S_ISREG
    try:
        for name in names:
            info = stat(name, dir_fd=folder, follow_symlinks=False)
            if not regular(info.st_mode):
                return None
            add(STAMP_OF(info))
        return array("q", found)
    except (OSError, OverflowError):
        return None
    finally:
        os.close(folder)
