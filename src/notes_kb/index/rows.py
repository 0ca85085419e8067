"""One parsed file as the rows the cache keeps, and inserting them.

The rows are made where the file was parsed (a worker process, in a cold build): the
note's texts deflated into its blob (index/texts), its JSON and keys worked out, so the
main process, which stores for every worker, only numbers and inserts them, the files of
a whole chunk a statement per table. What crosses between the processes is these rows,
not the note (its source, body and sections' text again: 88 MB of pickles for 25 MB of
notes at 10,000 notes).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from notes_kb.index import schema, texts
from notes_kb.model import Diagnostic

if TYPE_CHECKING:
    from notes_kb.index.records import FileTask, NoteRecord

Row = tuple[object, ...]


class NoteRows(NamedTuple):
    """A parsed file's rows, without the numbers the cache gives them (the note's rowid,
    its segments' rowids)."""

    file: Row  # path, vault, size, mtime_ns, ctime_ns, inode
    diagnostics: list[Row]
    note: Row | None  # the `notes` row but its rowid; None: no note (binary, unreadable)
    blob: bytes  # the `texts` row's data
    sections: list[Row]  # each `sections` row but its note
    definitions: list[Row]
    aliases: list[Row]
    links: list[Row]
    segments: list[Row]  # line, body_line, heading, part
    search: list[Row]  # each segment's text for the search tables: title ... body

    @property
    def path(self) -> str:
        return str(self.file[0])


def note_parts(record: NoteRecord) -> list[str]:
    """The parts of a note's blob (index/texts): its source, frontmatter, tags and cards,
    each segment's plain text, then each definition's text."""
    from notes_kb.parse.cards import card_row

    note = record.note
    assert note is not None
    cards = json.dumps([card_row(c) for c in record.cards], ensure_ascii=False)
    parts = [note.source, _dump_frontmatter(note.frontmatter), " ".join(note.tags)]
    parts += [cards if record.cards else "", *(segment.body for segment in record.segments)]
    return parts + [definition.text for definition in record.definitions]


def note_rows(record: NoteRecord, packer: texts.Packer) -> NoteRows:
    """Everything the cache stores of one parsed file."""
    file = (record.path, record.vault, *record.stamp)
    diagnostics = diagnostic_rows(record.diagnostics)
    note = record.note
    if note is None:
        return NoteRows(file, diagnostics, None, b"", [], [], [], [], [], [])
    from notes_kb.parse.keys import concept_key
    from notes_kb.parse.markdown import sections_of

    parts = note_parts(record)
    frontmatter = parts[texts.FRONTMATTER]
    row = (
        note.path,
        note.id,
        note.title,
        note.fname,
        note.vault,
        note.desc,
        json.dumps(note.tags),
        _time(note.created),
        _time(note.updated),
        frontmatter if '"alias' in frontmatter else None,  # what a names-only load reads
        note.body_offset,
        note.body_line,
        concept_key(note.title),
        concept_key(note.segments[-1]),
        len(record.cards),
    )
    tags = parts[texts.TAGS]
    first = len(parts) - len(record.definitions)  # the part of the first definition's text
    return NoteRows(
        file,
        diagnostics,
        row,
        texts.pack(parts, packer),
        [
            (n, s.heading, s.level, s.slug, s.line, s.end_line, s.text_line, s.text_end)
            for n, s in enumerate(sections_of(note))
        ],
        [
            (d.term, first + n, d.line, schema.kind_code(d.kind), concept_key(d.term), d.score)
            for n, d in enumerate(record.definitions)
        ],
        [
            (a.short, a.long, a.line, concept_key(a.short), concept_key(a.long))
            for a in record.aliases
        ],
        [
            (
                k.line,
                schema.kind_code(k.kind),
                k.left,
                k.right,
                k.anchor,
                k.vault,
                _raw(k.kind, k.left, k.right, k.raw),
            )
            for k in record.links
        ],
        [
            (seg.line, seg.body_line, seg.heading, texts.SEGMENTS + n)
            for n, seg in enumerate(record.segments)
        ],
        [
            (note.title, seg.heading, tags, note.desc if n == 0 else "", seg.body)
            for n, seg in enumerate(record.segments)
        ],
    )


def insert(
    conn: sqlite3.Connection, batch: Sequence[NoteRows], note: int, segment: int
) -> tuple[int, int]:
    """Insert the rows of parsed files, their notes numbered from `note` and their segments
    from `segment`, each table's rows in one statement; returns the next free note and
    segment rowids. The numbers must be free: a note's rowid is what SQLite would give it (one past
    the largest), said outright so that rows of many notes go in together. Links are numbered
    on from the largest too, each note's in a row (`notes.first_link`)."""
    link = 1 + (conn.execute("SELECT max(rowid) FROM links").fetchone()[0] or 0)
    files, diagnostics, notes, blobs = [], [], [], []
    sections, definitions, aliases, links, segments, search = [], [], [], [], [], []
    for rows in batch:
        files.append(rows.file)
        diagnostics += rows.diagnostics
        if rows.note is None:
            continue
        notes.append((note, *rows.note, segment, len(rows.segments), link, len(rows.links)))
        blobs.append((note, rows.blob))
        sections += [(note, *row) for row in rows.sections]
        definitions += [(note, *row) for row in rows.definitions]
        aliases += [(note, *row) for row in rows.aliases]
        links += [(link + n, note, *row) for n, row in enumerate(rows.links)]
        link += len(rows.links)
        segments += [(segment + n, note, *row) for n, row in enumerate(rows.segments)]
        search += [(segment + n, *row) for n, row in enumerate(rows.search)]
        note += 1
        segment += len(rows.segments)
    many = conn.executemany
    many(
        "INSERT INTO files(path, vault, size, mtime_ns, ctime_ns, inode) VALUES (?,?,?,?,?,?)",
        files,
    )
    insert_diagnostics(conn, "diagnostics", diagnostics)
    many(
        "INSERT INTO notes(rowid, path, id, title, fname, vault, desc, tags, created, updated, "
        "frontmatter, body_offset, body_line, title_key, name_key, cards, first_segment, "
        "segment_count, first_link, link_count) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        notes,
    )
    many("INSERT INTO texts(note, data) VALUES (?, ?)", blobs)
    many(
        "INSERT INTO sections(note, n, heading, level, slug, line, end_line, text_line, "
        "text_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        sections,
    )
    many(
        "INSERT INTO definitions(note, term, part, line, kind, key, score) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        definitions,
    )
    many(
        "INSERT INTO aliases(note, short, long, line, short_key, long_key) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        aliases,
    )
    many(
        "INSERT INTO links(rowid, note, line, kind, left, right, anchor, vault, raw) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        links,
    )
    many(
        "INSERT INTO segments(rowid, note, line, body_line, heading, part) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        segments,
    )
    for table in ("fts", "words"):
        many(
            f"INSERT INTO {table}(rowid, title, heading, tags, desc, body) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            search,
        )
    return note, segment


def diagnostic_rows(diagnostics: list[Diagnostic]) -> list[Row]:
    return [(d.path, d.line, d.severity, d.code, d.message) for d in diagnostics]


def insert_diagnostics(conn: sqlite3.Connection, table: str, rows: list[Row]) -> None:
    conn.executemany(
        f"INSERT INTO {table}(path, line, severity, code, message) VALUES (?, ?, ?, ?, ?)", rows
    )


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _dump_frontmatter(frontmatter: dict[str, object]) -> str:
    from notes_kb.jsonable import jsonable

    return json.dumps(jsonable(frontmatter), ensure_ascii=False)


def parse_rows(tasks: list[FileTask], dictionary: bytes) -> list[NoteRows]:
    """The rows of each file: one chunk of a parallel build's work, its texts deflated with
    `dictionary` (none when empty)."""
    from notes_kb.index.records import parse_file  # not for a refresh that only forgets

    packer = texts.Packer(dictionary)
    return [note_rows(parse_file(task), packer) for task in tasks]


def _raw(kind: str, left: str, right: str, raw: str) -> str | None:
    """A link's text as written, or None when it is the usual (`schema.written`)."""
    return None if raw == schema.written(kind, left, right) else raw
