"""What is computed from the whole vault (the glossary, the concept index's mentions), kept
in the cache beside the rows it comes from, so a read command answers without recomputing.

Every refresh that changes anything bumps the cache's generation and logs the paths it
changed (`changes`). A kept result carries the generation it reflects: equal, it is current;
behind, the log says which notes to look at again, or (when the log no longer reaches back
that far) that everything must be. Writing a result is best effort: a cache that cannot be
written (read-only, full disk, busy) just means the next run computes it again.

Results are kept with the stamp of the code that computed them (`schema.results_stamp`):
under another version of that code (an upgrade, an edit) none is read, and the first one
kept again drops all the others, so each is computed anew; the index is not rebuilt.
"""

from __future__ import annotations

import sqlite3
import sys
from array import array
from collections.abc import Iterable, Sequence
from typing import Any

from notes_kb.index import schema, texts

KEPT_GENERATIONS = 64  # how far back the change log reaches before a full recompute


def generation(conn: sqlite3.Connection) -> int:
    """The cache's generation: bumped by every refresh that changed a row."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return int(row[0]) if row else 0


def log_changes(conn: sqlite3.Connection, paths: Iterable[str]) -> int:
    """Inside the refresh's transaction: a new generation, and which paths it touched."""
    now = generation(conn) + 1
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(now),))
    if now > 1:  # no result is ever behind the first generation: `changed_since` reads > 1
        conn.executemany("INSERT INTO changes VALUES (?, ?)", ((now, p) for p in paths))
    conn.execute("DELETE FROM changes WHERE generation <= ?", (now - KEPT_GENERATIONS,))
    return now


def changed_since(conn: sqlite3.Connection, since: int) -> set[str] | None:
    """The paths changed after generation `since`; None when the log cannot tell (too old,
    or nothing was ever kept), so the caller recomputes everything."""
    now = generation(conn)
    if since <= 0 or since > now or since <= now - KEPT_GENERATIONS:
        return None
    return {
        path for (path,) in conn.execute("SELECT path FROM changes WHERE generation > ?", (since,))
    }


def read_result(conn: sqlite3.Connection, name: str) -> tuple[int, str, str] | None:
    """(generation, signature, data) of a kept result, or None (also when it was kept by
    other code)."""
    row = conn.execute(
        "SELECT generation, signature, data FROM results WHERE name = ? "
        "AND (SELECT value FROM meta WHERE key = 'results') IS ?",
        (name, schema.results_stamp()),
    ).fetchone()
    return (int(row[0]), str(row[1]), str(row[2])) if row else None


def write_result(conn: sqlite3.Connection, name: str, at: int, signature: str, data: str) -> None:
    """Keep a result computed at generation `at`, unless the cache moved on meanwhile (run
    inside `Index.keep`, which holds the lock and the transaction)."""
    if generation(conn) == at:
        _claim(conn)
        conn.execute(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", (name, at, signature, data)
        )


def _claim(conn: sqlite3.Connection) -> bool:
    """Before keeping a result: when the results were kept by other code, forget them all
    (their tables are filled anew as each is computed again), mark them ours and say so."""
    stamp = schema.results_stamp()
    row = conn.execute("SELECT value FROM meta WHERE key = 'results'").fetchone()
    if row is not None and row[0] == stamp:
        return False
    conn.execute("DELETE FROM results")
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('results', ?)", (stamp,))
    return True


def write_glossary(
    conn: sqlite3.Connection, at: int, entries: Sequence[tuple[str, Iterable[str]]]
) -> None:
    """Keep the glossary made at generation `at`: each entry's data (JSON), A to Z, with
    the keys of its names (inside `Index.keep`)."""
    if generation(conn) == at:
        _claim(conn)
        conn.execute("DELETE FROM glossary")
        conn.execute("DELETE FROM glossary_names")
        conn.executemany(
            "INSERT INTO glossary VALUES (?, ?)", ((n, data) for n, (data, _) in enumerate(entries))
        )
        conn.executemany(
            "INSERT INTO glossary_names VALUES (?, ?)",
            ((key, n) for n, (_, keys) in enumerate(entries) for key in keys),
        )
        conn.execute("INSERT OR REPLACE INTO results VALUES ('glossary', ?, '', '')", (at,))


def glossary_data(conn: sqlite3.Connection) -> str:
    """The kept glossary as one JSON array, A to Z."""
    rows = conn.execute("SELECT data FROM glossary ORDER BY position")
    return "[" + ",".join(data for (data,) in rows) + "]"


def glossary_entry(conn: sqlite3.Connection, key: str) -> str | None:
    """The data of the first kept entry (A to Z) one of whose names has this key."""
    row = conn.execute(
        "SELECT g.data FROM glossary_names k JOIN glossary g ON g.position = k.position "
        "WHERE k.key = ? ORDER BY k.position LIMIT 1",
        (key,),
    ).fetchone()
    return str(row[0]) if row else None


def replace_mentions(
    conn: sqlite3.Connection,
    at: int,
    signature: str,
    everything: bool,
    paths: Iterable[str],
    rows: Iterable[tuple[str, str, int, int]],
) -> None:
    """Store concept mentions (key, note path, line, section line) found at generation `at`:
    all of them (`everything`) or those of `paths` anew; then the per-concept counts (run
    inside `Index.keep`).

    A mention is a row of small integers, its concept by number (`concepts`), kept in
    concept order without a rowid: 53 MB of rows and indexes at 10,000 notes became 15."""
    # an update of some notes' mentions only onto mentions this code kept (other code's may
    # have come in since they were read): else nothing is kept, as when the cache moved on
    if generation(conn) != at or (_claim(conn) and not everything):
        return
    rowids = dict(conn.execute("SELECT path, rowid FROM notes"))
    if everything:
        for table in ("mentions", "section_keys", "concepts"):
            conn.execute(f"DELETE FROM {table}")
    else:
        for path in paths:
            if path in rowids:
                forget_mentions(conn, rowids[path])
    rows = list(rows)
    conn.executemany(
        "INSERT OR IGNORE INTO concepts(key) VALUES (?)",
        ((k,) for k in sorted({r[0] for r in rows})),
    )
    ids = dict(conn.execute("SELECT key, id FROM concepts"))
    found = [(ids[key], rowids[path], line, section) for key, path, line, section in rows]
    # a line holds a concept once (`Matcher.find`): IGNORE only guards the primary key
    conn.executemany("INSERT OR IGNORE INTO mentions VALUES (?, ?, ?, ?)", found)
    sections: dict[tuple[int, int], set[int]] = {}
    for concept, note, _, section in found:
        sections.setdefault((note, section), set()).add(concept)
    conn.executemany(
        "INSERT INTO section_keys VALUES (?, ?, ?)",
        ((note, section, _pack(held)) for (note, section), held in sections.items()),
    )
    conn.execute(
        "UPDATE concepts SET (notes, mentions, sections) = (SELECT count(DISTINCT note), "
        "count(*), count(DISTINCT note * 1000003 + section) FROM mentions m "
        "WHERE m.concept = concepts.id)"
    )
    conn.execute("INSERT OR REPLACE INTO results VALUES ('mentions', ?, ?, '')", (at, signature))


def forget_mentions(conn: sqlite3.Connection, note: int) -> None:
    """Delete one note's mentions: the concepts of its sections say where they are."""
    held = {
        concept
        for (packed,) in conn.execute("SELECT concepts FROM section_keys WHERE note = ?", (note,))
        for concept in _unpack(packed)
    }
    conn.executemany(
        "DELETE FROM mentions WHERE concept = ? AND note = ?", ((c, note) for c in held)
    )
    conn.execute("DELETE FROM section_keys WHERE note = ?", (note,))


def _pack(numbers: Iterable[int]) -> bytes:
    """Concept numbers as bytes: two a number while they fit, else four (little-endian)."""
    found = sorted(numbers)
    kind = "H" if found[-1] < 65536 else "I"
    packed = array(kind, found)
    if sys.byteorder == "big":
        packed.byteswap()
    return kind.encode() + packed.tobytes()


def _unpack(data: bytes) -> array[int]:
    packed = array(chr(data[0]), data[1:])
    if sys.byteorder == "big":
        packed.byteswap()
    return packed


def concept_counts(conn: sqlite3.Connection) -> dict[str, tuple[int, int, int]]:
    """key -> (notes, mentions, sections) for every concept mentioned anywhere."""
    return {
        row[0]: (row[1], row[2], row[3])
        for row in conn.execute(
            "SELECT key, notes, mentions, sections FROM concepts WHERE mentions > 0"
        )
    }


def mentions_of(
    conn: sqlite3.Connection, key: str, text: bool = True
) -> list[tuple[str, str, str, str, int, str]]:
    """(note id, path, title, section heading, line, line as written) of each mention of a
    concept, in file-name order; the line's text is cut from the stored note, or is ""
    without `text`: no note's source is read then."""
    column, join = ("t.data", "JOIN texts t ON t.note = m.note ") if text else ("''", "")
    rows = conn.execute(
        f"SELECT n.id, n.path, n.title, coalesce(s.heading, ''), m.line, {column} "
        f"FROM mentions m JOIN notes n ON n.rowid = m.note {join}"
        "LEFT JOIN sections s ON s.note = m.note AND s.line = m.section "
        "WHERE m.concept = (SELECT id FROM concepts WHERE key = ?) "
        "ORDER BY lower(n.fname), n.path, m.line",
        (key,),
    )
    if not text:
        return rows.fetchall()
    found: list[tuple[str, str, str, str, int, str]] = []
    reader = texts.Reader(conn)
    lines: list[str] = []
    last = None
    for note_id, path, title, heading, line, data in rows:
        if path != last:  # each note's source inflated once, and no more of its blob
            lines, last = reader.head(data, texts.SOURCE + 1)[texts.SOURCE].split("\n"), path
        written = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        found.append((note_id, path, title, heading, line, written))
    return found


def all_tags(conn: sqlite3.Connection) -> list[str]:
    """Every tag of every note, in file-name order."""
    import json

    return [
        tag
        for (tags,) in conn.execute("SELECT tags FROM notes ORDER BY lower(fname), path")
        for tag in json.loads(tags)
    ]


def topic_names(conn: sqlite3.Connection) -> list[str]:
    """The names the vault gives its topics: every note title and section heading, once."""
    rows = conn.execute("SELECT title FROM notes UNION SELECT heading FROM sections")
    return [name for (name,) in rows]


def neighbours(conn: sqlite3.Connection, key: str) -> list[tuple[str, int]]:
    """(other concept, sections shared) for every concept sharing a section with `key`, in
    key order: counted from the kept concepts of each of its sections (`section_keys`), not
    by joining every mention of those sections (three times slower)."""
    from collections import Counter

    row = conn.execute("SELECT id FROM concepts WHERE key = ?", (key,)).fetchone()
    if row is None:
        return []
    shared: Counter[int] = Counter()
    for (packed,) in conn.execute(
        "SELECT k.concepts FROM (SELECT DISTINCT note, section FROM mentions "
        "WHERE concept = ?) s JOIN section_keys k ON k.note = s.note AND k.section = s.section",
        row,
    ):
        shared.update(_unpack(packed))
    shared.pop(row[0], None)
    keys = dict(conn.execute("SELECT id, key FROM concepts"))
    return sorted((keys[concept], count) for concept, count in shared.items())


EdgeRow = tuple[int, int, int | None, str, str, str, str]  # source, link, target, name, ...
_EDGE_COLUMNS = (
    "l.line, l.kind, l.left, l.right, l.anchor, l.vault, l.raw, e.name, e.alias, e.anchor, "
    "e.problem"
)


def link_rowids(conn: sqlite3.Connection) -> dict[str, list[int]]:
    """Note path -> the rowids of its links that resolve to notes (not tags or mentions),
    in the order they were written: the order the link graph lists a note's edges in."""
    found: dict[str, list[int]] = {}
    for path, rowid in conn.execute(
        "SELECT n.path, l.rowid FROM links l JOIN notes n ON n.rowid = l.note "
        "WHERE l.kind NOT IN ('tag', 'mention') ORDER BY l.rowid"
    ):
        found.setdefault(path, []).append(rowid)
    return found


def replace_edges(conn: sqlite3.Connection, at: int, rows: list[EdgeRow]) -> None:
    """Keep every resolved link found at generation `at` (inside `Index.keep`)."""
    _replace_table(conn, "edges", at, rows)


def edges_from(conn: sqlite3.Connection, path: str) -> list[tuple[Any, ...]]:
    """The kept links out of one note: (target path or None, link fields..., name, alias,
    anchor, problem), in the order written."""
    rows: list[tuple[Any, ...]] = conn.execute(
        f"SELECT t.path, {_EDGE_COLUMNS} FROM edges e JOIN links l ON l.rowid = e.link "
        "LEFT JOIN notes t ON t.rowid = e.target "
        "WHERE e.source = (SELECT rowid FROM notes WHERE path = ?) ORDER BY e.link",
        (path,),
    ).fetchall()
    return rows


def edges_to(conn: sqlite3.Connection, path: str) -> list[tuple[Any, ...]]:
    """The kept links into one note from other notes: (source path, link fields..., name,
    alias, anchor, problem)."""
    rows: list[tuple[Any, ...]] = conn.execute(
        f"SELECT s.path, {_EDGE_COLUMNS} FROM edges e JOIN links l ON l.rowid = e.link "
        "JOIN notes s ON s.rowid = e.source "
        "WHERE e.target = (SELECT rowid FROM notes WHERE path = ?) AND e.source != e.target "
        "ORDER BY e.link",
        (path,),
    ).fetchall()
    return rows


def replace_names(conn: sqlite3.Connection, at: int, rows: list[tuple[str, str, str]]) -> None:
    """Keep every (rule, key, note path) a NOTE argument can find, made at generation `at`
    (inside `Index.keep`): a row per rule (by number), key and note, with how many times
    the note has that key (two aliases can say the same)."""
    from collections import Counter

    if generation(conn) != at:
        return
    _claim(conn)
    conn.execute("DELETE FROM names")
    named = dict.fromkeys(rule for rule, _, _ in rows)
    conn.executemany("INSERT OR IGNORE INTO name_rules(rule) VALUES (?)", ((r,) for r in named))
    rules = dict(conn.execute("SELECT rule, id FROM name_rules"))
    rowids = dict(conn.execute("SELECT path, rowid FROM notes"))
    times = Counter((rules[rule], key, rowids[path]) for rule, key, path in rows)
    conn.executemany(
        "INSERT INTO names VALUES (?, ?, ?, ?)", ((*row, n) for row, n in times.items())
    )
    conn.execute("INSERT OR REPLACE INTO results VALUES ('names', ?, '', '')", (at,))


def name_paths(conn: sqlite3.Connection, rule: str, key: str) -> list[str]:
    """The paths of the notes one name rule finds under a key, in file-name order."""
    rows = conn.execute(
        "SELECT n.path, k.times FROM names k JOIN notes n ON n.rowid = k.note "
        "WHERE k.rule = (SELECT id FROM name_rules WHERE rule = ?) AND k.key = ? "
        "ORDER BY lower(n.fname), n.path",
        (rule, key),
    )
    return [path for path, times in rows for _ in range(times)]


def _replace_table(
    conn: sqlite3.Connection, table: str, at: int, rows: Sequence[tuple[object, ...]]
) -> None:
    """Fill a kept table (named as its result) with rows made at generation `at`, unless
    the cache moved on meanwhile."""
    if generation(conn) == at:
        _claim(conn)
        conn.execute(f"DELETE FROM {table}")
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        conn.execute("INSERT OR REPLACE INTO results VALUES (?, ?, '', '')", (table, at))
