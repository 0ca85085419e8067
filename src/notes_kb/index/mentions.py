"""Concept mentions kept in the cache (a kept result, see index/results): every mention of a
concept packed in one row, and every section's concepts in another.

A mention is (note, line, section line). A concept's mentions, sorted, are three arrays of
small integers (the notes as differences), deflated: 2.3 MB at 10,000 notes, where a row
per mention took 15 MB. The rows of a section (`section_keys`, by `section_id`) name the
concepts it holds: a concept's neighbours are counted from them, and they say which
concepts a note's mentions are in when the note changes.

A refresh that drops a note leaves its mentions here (its rows are stale, nobody reads them:
the kept result is behind until `replace` runs); `replace` then drops the mentions of every
note the log names and of every note that is no longer there.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable
from itertools import accumulate, pairwise

from notes_kb.index import texts

Found = tuple[int, int, int]  # note, line, section line: one mention
_SECTION_BITS = 32  # a section's id: its note's rowid, then its line in the low 32 bits


def section_id(note: int, section: int) -> int:
    return (note << _SECTION_BITS) | section


def _kind(numbers: list[int]) -> str:
    """The smallest array type that holds every number: unsigned while none is negative."""
    low, top = min(numbers, default=0), max(numbers, default=0)
    if low >= 0:
        return "H" if top < 1 << 16 else "I" if top < 1 << 32 else "Q"
    top = max(top, -low - 1)
    return "h" if top < 1 << 15 else "i" if top < 1 << 31 else "q"


def _bytes(numbers: array[int]) -> bytes:
    if sys.byteorder == "big":
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return numbers.tobytes()


def _array(kind: str, data: bytes) -> array[int]:
    numbers = array(kind, data)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def encode(found: list[Found]) -> bytes:
    """A concept's mentions, sorted by note and line, as one blob: the three arrays' types,
    then the arrays deflated (the notes as differences from the one before, the sections
    as the lines above the mention: small numbers deflate best)."""
    notes = [note for note, _, _ in found]
    steps = [notes[0], *(b - a for a, b in pairwise(notes))] if notes else []
    columns = (
        steps,
        [line for _, line, _ in found],
        [line - section for _, line, section in found],
    )
    kinds = "".join(_kind(column) for column in columns)
    raw = b"".join(_bytes(array(k, c)) for k, c in zip(kinds, columns, strict=True))
    return kinds.encode() + zlib.compress(raw)


def decode(data: bytes) -> list[Found]:
    """The mentions `encode` packed, in order."""
    kinds = data[:3].decode()
    raw = zlib.decompress(data[3:])
    sizes = [array(k).itemsize for k in kinds]
    count = len(raw) // sum(sizes)
    columns = []
    start = 0
    for kind, size in zip(kinds, sizes, strict=True):
        columns.append(_array(kind, raw[start : start + count * size]))
        start += count * size
    notes, lines, above = columns
    return [
        (note, line, line - back)
        for note, line, back in zip(accumulate(notes), lines, above, strict=True)
    ]


def pack(numbers: Iterable[int]) -> bytes:
    """Concept numbers as bytes: two a number while they fit, else four (little-endian)."""
    found = sorted(numbers)
    kind = "H" if found[-1] < 65536 else "I"
    return kind.encode() + _bytes(array(kind, found))


def unpack(data: bytes) -> array[int]:
    return _array(chr(data[0]), data[1:])


def replace(
    conn: sqlite3.Connection, everything: bool, paths: Iterable[str], rows: list[Row]
) -> None:
    """Store the concept mentions (key, note path, line, section line) found anew: all of
    them (`everything`), or those of the notes at `paths`, whose old mentions go, with those
    of every note no longer in the cache; then each changed concept's counts."""
    rowids = dict(conn.execute("SELECT path, rowid FROM notes"))
    if everything:
        for table in ("mentions", "section_keys", "concepts"):
            conn.execute(f"DELETE FROM {table}")
    conn.executemany(
        "INSERT OR IGNORE INTO concepts(key) VALUES (?)",
        ((k,) for k in sorted({r[0] for r in rows})),
    )
    ids = dict(conn.execute("SELECT key, id FROM concepts"))
    found: dict[int, list[Found]] = {}
    sections: dict[int, set[int]] = {}
    for key, path, line, section in rows:
        concept, note = ids[key], rowids[path]
        found.setdefault(concept, []).append((note, line, section))
        sections.setdefault(section_id(note, section), set()).add(concept)
    gone = set() if everything else _gone(conn, [rowids[p] for p in paths if p in rowids])
    for concept in _concepts_of(conn, gone) if gone else ():
        found.setdefault(concept, [])
    for concept in sorted(found):  # rows written in key order fill their pages
        new = found[concept]
        if not everything:
            new += [m for m in _read(conn, concept) if m[0] not in gone]
        new.sort()
        _write(conn, concept, new)
    conn.executemany(
        "INSERT INTO section_keys VALUES (?, ?)",
        ((section, pack(sections[section])) for section in sorted(sections)),
    )


Row = tuple[str, str, int, int]  # concept key, note path, line, section line


def _gone(conn: sqlite3.Connection, notes: list[int]) -> set[int]:
    """The notes whose kept mentions go: those given, and those no longer in the cache."""
    held = conn.execute(
        f"SELECT DISTINCT id >> {_SECTION_BITS} FROM section_keys "
        f"WHERE id >> {_SECTION_BITS} NOT IN (SELECT rowid FROM notes)"
    )
    return {*notes, *(note for (note,) in held)}


def _concepts_of(conn: sqlite3.Connection, notes: set[int]) -> set[int]:
    """Every concept the kept sections of these notes hold; their rows are deleted."""
    held: set[int] = set()
    for note in notes:
        bounds = (section_id(note, 0), section_id(note + 1, 0) - 1)
        for (packed,) in conn.execute(
            "SELECT concepts FROM section_keys WHERE id BETWEEN ? AND ?", bounds
        ):
            held.update(unpack(packed))
        conn.execute("DELETE FROM section_keys WHERE id BETWEEN ? AND ?", bounds)
    return held


def _read(conn: sqlite3.Connection, concept: int) -> list[Found]:
    row = conn.execute("SELECT data FROM mentions WHERE concept = ?", (concept,)).fetchone()
    return decode(row[0]) if row else []


def _write(conn: sqlite3.Connection, concept: int, found: list[Found]) -> None:
    """A concept's mentions and counts (notes, mentions, sections) as they now are."""
    if found:
        conn.execute("INSERT OR REPLACE INTO mentions VALUES (?, ?)", (concept, encode(found)))
    else:
        conn.execute("DELETE FROM mentions WHERE concept = ?", (concept,))
    notes = len({note for note, _, _ in found})
    sections = len({(note, section) for note, _, section in found})
    conn.execute(
        "UPDATE concepts SET notes = ?, mentions = ?, sections = ? WHERE id = ?",
        (notes, len(found), sections, concept),
    )


def concept_counts(conn: sqlite3.Connection) -> dict[str, tuple[int, int, int]]:
    """key -> (notes, mentions, sections) for every concept mentioned anywhere."""
    return {
        row[0]: (row[1], row[2], row[3])
        for row in conn.execute(
            "SELECT key, notes, mentions, sections FROM concepts WHERE mentions > 0"
        )
    }


def counts_of(conn: sqlite3.Connection, keys: Iterable[str]) -> dict[str, tuple[int, int, int]]:
    """`concept_counts` of these concepts only (those mentioned anywhere)."""
    return {
        row[0]: (row[1], row[2], row[3])
        for row in conn.execute(
            "SELECT key, notes, mentions, sections FROM concepts WHERE mentions > 0 "
            "AND key IN (SELECT value FROM json_each(?))",
            (json.dumps(list(keys)),),
        )
    }


_last: list[tuple[bytes, list[Found]]] = []  # the last blob decoded: `define` reads it twice


def _of(conn: sqlite3.Connection, key: str) -> tuple[int, list[Found]] | None:
    """A concept's number and mentions."""
    row = conn.execute(
        "SELECT c.id, m.data FROM concepts c JOIN mentions m ON m.concept = c.id WHERE c.key = ?",
        (key,),
    ).fetchone()
    if row is None:
        return None
    data = bytes(row[1])
    memo = _last[0] if _last else None  # one read: safe when threads share the module
    if memo is None or memo[0] != data:
        memo = (data, decode(data))
        _last[:] = [memo]
    return row[0], memo[1]


_FIELD = 21  # bits of each number when a mention is passed to SQL as one (`mentions_of`)


def mentions_of(
    conn: sqlite3.Connection, key: str, text: bool = True
) -> list[tuple[str, str, str, str, int, str]]:
    """(note id, path, title, section heading, line, line as written) of each mention of a
    concept, in file-name order; the line's text is cut from the stored note, or is ""
    without `text`: no note's source is read then.

    The mentions go to SQL as one JSON array, each as one number (note, line, and how far
    above it its section starts, `_FIELD` bits each), which one query joins to its note and
    section and sorts: as fast as the rows of a table would be."""
    kept = _of(conn, key)
    if kept is None:
        return []
    top = 1 << _FIELD
    if not all(n < top and line < top and 0 <= line - s < top for n, line, s in kept[1]):
        return _mentions_one_by_one(conn, kept[1], text)
    packed = json.dumps(
        [(n << 2 * _FIELD) | (line << _FIELD) | (line - s) for n, line, s in kept[1]]
    )
    mask = top - 1
    line = f"((j.value >> {_FIELD}) & {mask})"
    column, join = ("t.data", "JOIN texts t ON t.note = n.rowid ") if text else ("''", "")
    rows = conn.execute(
        f"SELECT n.id, n.path, n.title, coalesce(s.heading, ''), {line}, {column} "
        f"FROM json_each(?) j JOIN notes n ON n.rowid = j.value >> {2 * _FIELD} {join}"
        f"LEFT JOIN sections s ON s.note = n.rowid AND s.line = {line} - (j.value & {mask}) "
        f"ORDER BY lower(n.fname), n.path, {line}",
        (packed,),
    )
    if not text:
        return rows.fetchall()
    found: list[tuple[str, str, str, str, int, str]] = []
    reader = texts.Reader(conn)
    lines: list[str] = []
    last = None
    for note_id, path, title, heading, at, data in rows:
        if path != last:  # each note's source inflated once, and no more of its blob
            lines, last = reader.head(data, texts.SOURCE + 1)[texts.SOURCE].split("\n"), path
        written = lines[at - 1].strip() if 0 < at <= len(lines) else ""
        found.append((note_id, path, title, heading, at, written))
    return found


def _mentions_one_by_one(
    conn: sqlite3.Connection, found: list[Found], text: bool
) -> list[tuple[str, str, str, str, int, str]]:
    """`mentions_of` for mentions whose numbers do not fit one number: note by note."""
    by_note: dict[int, list[tuple[int, int]]] = {}
    for note, line, section in found:
        by_note.setdefault(note, []).append((line, section))
    notes = json.dumps(list(by_note))
    within = "IN (SELECT value FROM json_each(?))"
    about = conn.execute(  # in file-name order
        f"SELECT rowid, id, path, title FROM notes WHERE rowid {within} "
        "ORDER BY lower(fname), path",
        (notes,),
    ).fetchall()
    headings = {
        (note, line): heading
        for note, line, heading in conn.execute(
            f"SELECT note, line, heading FROM sections WHERE note {within}", (notes,)
        )
    }
    lines: dict[int, list[str]] = {}
    reader = texts.Reader(conn)
    if text:
        held = conn.execute(f"SELECT note, data FROM texts WHERE note {within}", (notes,))
        for note, data in held:
            lines[note] = reader.head(data, texts.SOURCE + 1)[texts.SOURCE].split("\n")
    return [
        (note_id, path, title, headings.get((note, section), ""), line, _line(lines, note, line))
        for note, note_id, path, title in about
        for line, section in by_note[note]
    ]


def _line(lines: dict[int, list[str]], note: int, line: int) -> str:
    """A file line of a note as written, stripped ("" when there is no such line)."""
    written = lines.get(note, [])
    return written[line - 1].strip() if 0 < line <= len(written) else ""


def neighbours(conn: sqlite3.Connection, key: str) -> list[tuple[str, int]]:
    """(other concept, sections shared) for every concept sharing a section with `key`, in
    key order: counted from the kept concepts of each of its sections (`section_keys`)."""
    kept = _of(conn, key)
    if kept is None:
        return []
    concept, found = kept
    held = json.dumps(list({section_id(note, section) for note, _, section in found}))
    shared: Counter[int] = Counter()
    for (packed,) in conn.execute(
        "SELECT concepts FROM section_keys WHERE id IN (SELECT value FROM json_each(?))",
        (held,),
    ):
        shared.update(unpack(packed))
    shared.pop(concept, None)
    keys = dict(  # only the neighbours' keys (12,000 concepts at 10,000 notes)
        conn.execute(
            "SELECT id, key FROM concepts WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(shared)),),
        )
    )
    return sorted((keys[other], count) for other, count in shared.items())
