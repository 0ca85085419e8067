"""Reading the cache back into the model: notes with their sections, links as written,
definitions and problems, exactly as parsing the files would give them, without parsing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any

from notes_kb.config import Location
from notes_kb.index import schema, texts
from notes_kb.index.load import Vault, duplicate_id_diagnostics
from notes_kb.model import Definition, Diagnostic, Note, Section

if TYPE_CHECKING:
    from notes_kb.parse.cards import Card
    from notes_kb.parse.definitions import Alias
    from notes_kb.parse.links import Link

_TEXT = "(SELECT data FROM texts WHERE note = notes.rowid)"
_NOTE_COLUMNS = (
    "rowid, id, title, fname, path, vault, desc, tags, created, updated, frontmatter, "
    f"{_TEXT}, body_offset, body_line"
)


def load_vault(conn: sqlite3.Connection, location: Location, text: bool = True) -> Vault:
    """Every note with its sections, as the loader would give it, without parsing;
    `text=False`: names, tags and dates only (no source, no sections)."""
    vault = Vault(
        location=location,
        notes=load_notes(conn, text=text),
        diagnostics=diagnostics(conn),
        skipped=skipped(conn),
    )
    vault.written_links = lambda: written_links(conn)
    vault.note_cards = lambda: note_cards(conn)
    return vault


def load_notes(
    conn: sqlite3.Connection, paths: Collection[str] | None = None, text: bool = True
) -> list[Note]:
    """Notes (all, or those at `paths`) in file-name order. `text=False` leaves out what
    only reading a note needs (its source, sections, and frontmatter other than aliases):
    what names a note loads alone, for resolving a NOTE argument."""
    columns = _NOTE_COLUMNS if text else _NOTE_COLUMNS.replace(_TEXT, "NULL")
    query = f"SELECT {columns} FROM notes"
    rows: list[tuple[Any, ...]] = []
    if paths is None:
        rows = conn.execute(query).fetchall()
    else:
        chosen = list(dict.fromkeys(paths))
        for start in range(0, len(chosen), 500):  # SQLite's bound on parameters
            part = chosen[start : start + 500]
            marks = ",".join("?" * len(part))
            rows += conn.execute(f"{query} WHERE path IN ({marks})", part).fetchall()
    notes: list[Note] = []
    by_rowid: dict[int, Note] = {}
    reader = texts.Reader(conn)
    for row in rows:
        source, frontmatter = reader.head(row[11], 2) if text else ("", row[10] or "{}")
        note = Note(
            id=row[1],
            title=row[2],
            fname=row[3],
            path=row[4],
            vault=row[5],
            desc=row[6],
            tags=tuple(json.loads(row[7])) if row[7] != "[]" else (),
            created=_parse_time(row[8]),
            updated=_parse_time(row[9]),
            frontmatter=json.loads(frontmatter),
            source=source,
            body_offset=row[12],
            body_line=row[13],
        )
        by_rowid[row[0]] = note
        notes.append(note)
    if text:
        sections: dict[int, list[Section]] = {}
        query = (
            "SELECT note, heading, level, slug, line, end_line, text_line, text_end FROM sections"
        )
        few: tuple[int, ...] = ()
        if paths is not None and len(by_rowid) < 500:  # a few notes: only their sections
            few = tuple(by_rowid)
            query += f" WHERE note IN ({','.join('?' * len(few))})"
        lines: dict[int, list[str]] = {}
        for row in conn.execute(query + " ORDER BY note, line", few):
            note_of = by_rowid.get(row[0])
            if note_of is None:
                continue
            if row[0] not in lines:
                lines[row[0]] = note_of.source.split("\n")
            start, end = row[6], row[7]
            said = "\n".join(lines[row[0]][start - 1 : end - 1]).strip()
            heading, level, slug, line, end_line = row[1:6]
            section = Section(heading, level, slug, line, end_line, said, start, end)
            sections.setdefault(row[0], []).append(section)
        for rowid, note in by_rowid.items():
            note.memo["sections"] = tuple(sections.get(rowid, ()))
    else:
        for note in notes:
            note.memo["sections"] = ()  # not loaded: never parsed from the empty source
    notes.sort(key=lambda n: (n.fname.lower(), n.path))
    return notes


def written_links(conn: sqlite3.Connection) -> dict[str, list[Link]]:
    """Every note's links as written (note path -> links): the link graph without parsing."""
    from notes_kb.parse.links import Link

    paths = dict(conn.execute("SELECT rowid, path FROM notes"))
    found: dict[str, list[Link]] = {}
    for note, *fields in conn.execute(
        f"SELECT note, line, {schema.kind_sql('kind')}, left, right, anchor, vault, "
        f"{schema.link_raw('links')} FROM links ORDER BY rowid"
    ):
        found.setdefault(paths[note], []).append(Link(*fields))
    return found


def note_cards(conn: sqlite3.Connection) -> dict[str, list[Card]]:
    """Every note's own study cards, as found when the note was parsed (note path -> cards)."""
    from notes_kb.parse.cards import card_from_row

    return {
        path: [card_from_row(row) for row in json.loads(data)]
        for path, data in conn.execute(
            f"SELECT n.path, note_part(t.data, {texts.CARDS}) FROM notes n "
            "JOIN texts t ON t.note = n.rowid WHERE n.cards > 0"
        )
    }


def diagnostics(conn: sqlite3.Connection) -> list[Diagnostic]:
    """Every problem the loader would report, duplicate ids included, from the cache."""
    found = [
        Diagnostic(*row)
        for row in conn.execute(
            "SELECT path, line, severity, code, message FROM diagnostics UNION ALL "
            "SELECT path, line, severity, code, message FROM walk_diagnostics"
        )
    ]
    groups: dict[str, list[str]] = {}
    for note_id, path in conn.execute(
        "SELECT id, path FROM notes WHERE id IN "
        "(SELECT id FROM notes GROUP BY id HAVING count(*) > 1) ORDER BY path"
    ):
        groups.setdefault(note_id, []).append(path)
    found += duplicate_id_diagnostics(groups)
    return found


def skipped(conn: sqlite3.Connection) -> int:
    """Files the walk found that hold no note (binary, unreadable, too large). A note's row
    is only ever stored with its file's row and forgotten with it (`index.rows.insert`,
    `forget`), so the difference of the counts is the files without a note: 2 ms at
    100,000 notes, where looking each file up among the notes took 22 ms."""
    count: int = conn.execute(
        "SELECT (SELECT count(*) FROM files) - (SELECT count(*) FROM notes)"
    ).fetchone()[0]
    return count


def extracted(conn: sqlite3.Connection) -> tuple[list[Definition], list[Alias]]:
    """Stored definitions and acronym pairs of every note: the glossary without parsing."""
    from notes_kb.parse.definitions import Alias

    notes = {
        rowid: (id_, path) for rowid, id_, path in conn.execute("SELECT rowid, id, path FROM notes")
    }
    definitions = [
        Definition(term, text, *notes[note], line, kind, score)
        for note, term, text, line, kind, score in conn.execute(
            "SELECT d.note, d.term, note_part(t.data, d.part), d.line, "
            f"{schema.kind_sql('d.kind')}, d.score "
            "FROM definitions d JOIN texts t ON t.note = d.note ORDER BY d.note, d.part"
        )
    ]
    aliases = [
        Alias(short, long, *notes[note], line)
        for note, short, long, line in conn.execute(
            "SELECT note, short, long, line FROM aliases ORDER BY rowid"
        )
    ]
    return definitions, aliases


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def pairs_named(conn: sqlite3.Connection, key: str) -> list[tuple[str, str, str, str, int]]:
    """(short, long, note id, path, line) of every stored pair of names one of whose names
    has this concept key ("Neural Architecture Search (NAS)" for `nas`), in path and line
    order: read through the indexes on both keys, not a scan."""
    rows = conn.execute(
        "SELECT a.short, a.long, n.id, n.path, a.line FROM aliases a "
        "JOIN notes n ON n.rowid = a.note WHERE a.short_key = ? OR a.long_key = ? "
        "ORDER BY n.path, a.line",
        (key, key),
    )
    return [(short, long, note, path, int(line)) for short, long, note, path, line in rows]


def paths_named(conn: sqlite3.Connection, key: str) -> list[str]:
    """The paths of the notes whose title or file name has this concept key ("Word2Vec.md"
    for `word2vec`), in file-name order; none for no key."""
    if not key:
        return []
    rows = conn.execute(
        "SELECT path FROM notes WHERE title_key = ? OR name_key = ? ORDER BY lower(fname), path",
        (key, key),
    )
    return [path for (path,) in rows]
