"""Each note's text kept once, compressed: its source and what is cut from it (the plain
text of every search segment, its definitions' text, its study cards) in one zlib'd blob,
deflated with a dictionary made of the cache's first notes (`Packer`).

What is cut from the source repeats it, so in one stream it costs little: 10,000
generated notes took 24.8 MB of source and 20.7 MB of segment text apart, 13.3 MB
together. SQL reads a part through `note_part(data, n)`, a function every connection of
ours has (`register`): the search tables' text is a view calling it. The parts a whole
vault's load needs come first, so that load inflates only them (`Reader.head`).
"""

from __future__ import annotations

import contextlib
import sqlite3
import zlib
from collections.abc import Sequence

SOURCE = 0  # the note's file as read
FRONTMATTER = 1  # its frontmatter as JSON
TAGS = 2  # its tags as the search tables index them: joined by spaces
CARDS = 3  # its study cards as JSON ("" when none)
SEGMENTS = 4  # the plain text of each search segment, then each definition's text
_LEVEL = 6  # zlib's default: level 9 saved 1% more and built slower
_SAMPLE = 2048  # bytes of each of the first notes a dictionary is made of
_FDICT = 0x20  # the zlib header's flag: a preset dictionary, named by the next 4 bytes


def pack(parts: Sequence[str], packer: Packer | None = None) -> bytes:
    """The blob of a note's parts: a line of their byte lengths, then the parts; deflated
    with `packer`'s dictionary when there is one."""
    raw = _raw(parts)
    if packer is None or packer.start is None:
        return zlib.compress(raw, _LEVEL)
    deflate = packer.start.copy()  # the dictionary set once: 30 us a note less than anew
    return deflate.compress(raw) + deflate.flush()


def _raw(parts: Sequence[str]) -> bytes:
    encoded = [part.encode() for part in parts]
    head = ",".join(str(len(data)) for data in encoded).encode() + b"\n"
    return head + b"".join(encoded)


class Packer:
    """Deflates blobs with a preset dictionary: notes of one vault share their frontmatter
    keys, headings and words, which a note of 2.5 KB alone has no room to learn (10,000
    generated notes: 14.7 MB of blobs without, 8.7 MB with; the 1,012 notes of the Dendron
    site: 1.13 MB and 0.96 MB). A blob's zlib header names its dictionary (by Adler-32),
    so blobs packed without one, or with another, stay readable."""

    def __init__(self, dictionary: bytes = b"") -> None:
        self.dictionary = dictionary
        self.start = zlib.compressobj(_LEVEL, zdict=dictionary) if dictionary else None


def dictionary(notes: Sequence[Sequence[str]]) -> bytes:
    """A dictionary made of the first `_SAMPLE` bytes of each note's parts (at most 32 KB,
    what deflate can look back)."""
    return b"".join(_raw(parts)[:_SAMPLE] for parts in notes)[-32768:]


def _split(raw: bytes, count: int | None = None) -> list[str]:
    end = raw.index(b"\n")
    parts = []
    start = end + 1
    for size in map(int, raw[:end].split(b",")[:count]):
        parts.append(raw[start : start + size].decode())
        start += size
    return parts


class Reader:
    """Reads one cache's blobs: the dictionaries they name (those given, else fetched from
    `conn` the first time one is named), and the parts of the last blob unpacked (a search
    reads the segments of one note in a row, one snippet after another or a scan in rowid
    order)."""

    def __init__(self, conn: sqlite3.Connection | None, known: dict[int, bytes] | None = None):
        self.conn = conn
        self.known = known or {}
        self.last: tuple[bytes, list[str]] = (b"", [])  # one attribute: safe across threads

    def inflater(self, data: bytes) -> zlib._Decompress:
        if len(data) < 6 or not data[1] & _FDICT:
            return zlib.decompressobj()
        ident = int.from_bytes(data[2:6], "big")
        if ident not in self.known and self.conn is not None:
            self.known.update(_dictionaries(self.conn, ident))
        if ident not in self.known:
            raise zlib.error("a note's text names a dictionary the cache does not hold")
        return zlib.decompressobj(zdict=self.known[ident])

    def unpack(self, data: bytes) -> list[str]:
        """Every part of a blob, in order (not to be changed: the list is kept)."""
        last = self.last
        if data == last[0]:
            return last[1]
        inflate = self.inflater(data)
        parts = _split(inflate.decompress(data) + inflate.flush())
        self.last = (data, parts)
        return parts

    def part(self, data: bytes | None, number: int) -> str | None:
        """One part of a blob (None for no blob or no such part)."""
        if data is None:
            return None
        parts = self.unpack(data)
        return parts[number] if 0 <= number < len(parts) else None

    def head(self, data: bytes, count: int) -> list[str]:
        """The first `count` parts of a blob, inflating no more of it than they take."""
        inflate = self.inflater(data)
        raw = inflate.decompress(data, 256)
        while b"\n" not in raw:
            more = inflate.decompress(inflate.unconsumed_tail, 256)
            if not more:
                raise zlib.error("no header in a note's text")
            raw += more
        end = raw.index(b"\n")
        need = end + 1 + sum(map(int, raw[:end].split(b",")[:count]))
        while len(raw) < need:
            more = inflate.decompress(inflate.unconsumed_tail, need - len(raw))
            if not more:
                break
            raw += more
        return _split(raw, count)


def register(conn: sqlite3.Connection) -> None:
    """Give a connection `note_part(data, n)`, which the search tables' text view needs,
    knowing the cache's dictionaries as they are now (`Index` registers it again when a
    refresh may have added one). The function holds no reference to the connection: a
    cycle would keep it from closing, and its log from being folded back, at exit."""
    known: dict[int, bytes] = {}
    with contextlib.suppress(sqlite3.Error):  # not ours (yet): the caller finds out
        known = _dictionaries(conn)
    conn.create_function("note_part", 2, Reader(None, known).part, deterministic=True)


def _dictionaries(conn: sqlite3.Connection, ident: int | None = None) -> dict[int, bytes]:
    query = "SELECT id, data FROM dictionaries" + (" WHERE id = ?" if ident is not None else "")
    return {row[0]: bytes(row[1]) for row in conn.execute(query, () if ident is None else (ident,))}
