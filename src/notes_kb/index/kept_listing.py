"""The quick walk's listing kept with the cache, so that a warm run stats the files it
names without listing and sorting every folder again (`os.scandir`, the sort and the
tests of each entry: about a third of the walk at 10,000 files).

Why it is safe. A folder's entries (a name, the inode it names, that inode's type) change
only by creating, removing or renaming an entry in it, and each of these sets the folder's
mtime and ctime to the current time; a folder's ctime cannot be set back (only its mtime
can). The listing is kept with the stamp (device, inode, mtime, ctime) of every folder it
entered, taken before that folder was listed, and only when each of those times lies more
than `MARGIN_NS` before the walk began: a change made after the walk began then stamps the
folder with a later time than the kept one, even on a clock that ticks coarsely (Linux
stamps files from a clock that lags by up to a tick, FAT by up to 2 s). So a listing is
used again only while every folder it entered has the stamp it had: the same folders, the
same names in the same order. It says nothing of the files' contents: each named file is
stat-ed as before, so an edit, even one of the same size with its mtime put back (its
ctime moved), changes the walk's digest as it always did. A folder changed within the
margin of a walk, or a stamp in the future (a clock that disagrees with the files'), and
the listing is not kept: the next run lists again. (What this leans on is that the
folders are stamped by this machine's clock, or one close to it: a network share whose
server's clock runs more than the margin behind could stamp two changes within one tick
of its clock, either side of a walk, alike.) A listing kept for another place, by
other code (the walk's rules: `schema.parser_stamp`, and `VERSION` here), or that does
not read back is not used.
"""

from __future__ import annotations

import marshal
import os
import sqlite3
from array import array
from collections.abc import Callable, Sequence
from typing import NamedTuple
from zlib import compress as deflate
from zlib import decompress
from zlib import error as zlib_error

from notes_kb.index.schema import parser_stamp
from notes_kb.index.walk import FOLDER_FLAGS, STAMP_OF

VERSION = 1  # of the rules the quick walk lists by, and of this record
MARGIN_NS = 3_000_000_000  # a folder's change this close to the walk: not kept
_KEY = "listing"  # its row in `meta`

FolderStamp = tuple[str, int, int, int, int]  # below the vault, device, inode, mtime, ctime
Write = Callable[[sqlite3.Connection], bool]


class Listing(NamedTuple):
    """What a quick walk listed: its place (`top`, the names' `prefix`), the folders it
    entered, in order, with their stamps, and every note file's name, "\\0"-joined."""

    top: str
    prefix: str
    folders: tuple[FolderStamp, ...]
    names: bytes


def folder_stamp(below: str, fd: int) -> FolderStamp:
    """The stamp of a folder open as `fd`, `below` the vault's folder ("" for itself)."""
    info = os.fstat(fd)
    return (below, info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)


def read(conn: sqlite3.Connection, top: str, prefix: str) -> tuple[Listing, list[str]] | None:
    """The kept listing of this place and its names, when there is one that reads back
    whole."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_KEY,)).fetchone()
    if row is None or not isinstance(row[0], bytes):
        return None
    try:
        version, code, *fields = marshal.loads(row[0])
        listing = Listing(*fields)
        if version != VERSION or code != parser_stamp() or listing[:2] != (top, prefix):
            return None
        if not all(type(folder) is tuple and len(folder) == 5 for folder in listing.folders):
            return None
        listing = listing._replace(names=decompress(listing.names))
        return listing, listing.names.decode("ascii").split("\0") if listing.names else []
    except (EOFError, ValueError, TypeError, zlib_error):  # damaged: listed again
        return None


def stamps(listing: Listing, names: list[str]) -> array[int] | None:
    """Every named file's stamp, in order, packed, when every folder the listing entered
    still has its stamp; None when one changed or anything fails (the caller lists again).
    The stat of each file is most of it."""
    top = listing.top
    try:
        for below, *stamp in listing.folders:
            info = os.stat(os.path.join(top, below) if below else top)
            if [info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns] != stamp:
                return None
        if listing.prefix:
            names = [name[len(listing.prefix) :] for name in names]
        folder = os.open(top, FOLDER_FLAGS)
    except (OSError, TypeError, ValueError):
        return None
    found: list[int] = []
    add = found.extend
    stat = os.stat
    try:
        for name in names:  # a plain loop: `map` over a `partial` of `stat` took 10% more
            add(STAMP_OF(stat(name, dir_fd=folder, follow_symlinks=False)))
        return array("q", found)
    except (OSError, OverflowError):
        return None
    finally:
        os.close(folder)


def worth_keeping(
    listing: Listing, kept: Listing | None, began_ns: int, ctimes: Sequence[int]
) -> bool:
    """Whether to keep a listing just made: it differs from the kept one, and no folder
    it entered changed within `MARGIN_NS` of the walk's start (`began_ns`), and no folder
    or file (`ctimes`: the files' ctimes) has a stamp after it (a clock that disagrees)."""
    if kept is not None and kept == listing:
        return False
    latest = began_ns - MARGIN_NS
    if any(max(folder[3], folder[4]) >= latest for folder in listing.folders):
        return False
    return max(ctimes, default=0) <= began_ns


def keeping(listing: Listing) -> Write:
    """What keeps this listing, under the refresh's lock, in a transaction of its own: True
    when it was kept (then the caller folds the log in), False when the cache could not
    be written (a full disk), which only costs the next run a listing."""
    fields = (*listing[:3], deflate(listing.names))
    value = marshal.dumps((VERSION, parser_stamp(), *fields))

    def write(conn: sqlite3.Connection) -> bool:
        try:
            with conn:
                conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (_KEY, value))
        except sqlite3.OperationalError:
            return False
        return True

    return write
