"""Each note's text kept once, compressed: its source and what is cut from it (the plain
text of every search segment, its definitions' text, its study cards) in one zlib'd blob.

What is cut from the source repeats it, so in one stream it costs little: 10,000
generated notes took 24.8 MB of source and 20.7 MB of segment text apart, 13.3 MB
together. SQL reads a part through `note_part(data, n)`, a function every connection of
ours has (`register`): the search tables' text is a view calling it. The parts a whole
vault's load needs come first, so that load inflates only them (`head`).
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Sequence

SOURCE = 0  # the note's file as read
FRONTMATTER = 1  # its frontmatter as JSON
TAGS = 2  # its tags as the search tables index them: joined by spaces
CARDS = 3  # its study cards as JSON ("" when none)
SEGMENTS = 4  # the plain text of each search segment, then each definition's text
_LEVEL = 6  # zlib's default: level 9 saved 1% more and built slower


def pack(parts: Sequence[str]) -> bytes:
    """The blob of a note's parts: a line of their byte lengths, then the parts."""
    encoded = [part.encode() for part in parts]
    head = ",".join(str(len(data)) for data in encoded).encode() + b"\n"
    return zlib.compress(head + b"".join(encoded), _LEVEL)


def _split(raw: bytes, count: int | None = None) -> list[str]:
    end = raw.index(b"\n")
    parts = []
    start = end + 1
    for size in map(int, raw[:end].split(b",")[:count]):
        parts.append(raw[start : start + size].decode())
        start += size
    return parts


class _Unpacker:
    """Keeps the parts of the last blob unpacked: a search reads the segments of one note
    in a row (one snippet after another, or a scan in rowid order) from the same blob."""

    def __init__(self) -> None:
        self.last: tuple[bytes, list[str]] = (b"", [])  # one attribute: safe across threads

    def unpack(self, data: bytes) -> list[str]:
        last = self.last
        if data == last[0]:
            return last[1]
        parts = _split(zlib.decompress(data))
        self.last = (data, parts)
        return parts

    def part(self, data: bytes | None, number: int) -> str | None:
        if data is None:
            return None
        parts = self.unpack(data)
        return parts[number] if 0 <= number < len(parts) else None


_LAST = _Unpacker()


def unpack(data: bytes) -> list[str]:
    """Every part of a blob, in order."""
    return list(_LAST.unpack(data))


def part(data: bytes | None, number: int) -> str | None:
    """One part of a blob (None for no blob or no such part)."""
    return _LAST.part(data, number)


def head(data: bytes, count: int) -> list[str]:
    """The first `count` parts of a blob, inflating no more of it than they take."""
    inflate = zlib.decompressobj()
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
    """Give a connection `note_part(data, n)`, which the search tables' text view needs."""
    conn.create_function("note_part", 2, _LAST.part, deterministic=True)
