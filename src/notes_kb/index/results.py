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

import json
import sqlite3
import sys
import zlib
from array import array
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from notes_kb.index import schema

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
    other code, or is no UTF-8 text: a cache written by something else is not trusted, and
    the result is computed and kept again)."""
    row = _kept(conn, name, "CAST(data AS BLOB)")
    if not row or not isinstance(row[2], bytes):
        return None
    try:
        return int(row[0]), str(row[1]), row[2].decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_blob(conn: sqlite3.Connection, name: str) -> tuple[int, str, bytes] | None:
    """`read_result` for a result kept as bytes; None when its data is not bytes either (text
    is not even read: it may not be UTF-8)."""
    row = _kept(conn, name, "CASE typeof(data) WHEN 'blob' THEN data END")
    return (int(row[0]), str(row[1]), row[2]) if row and isinstance(row[2], bytes) else None


def _kept(conn: sqlite3.Connection, name: str, data: str) -> tuple[Any, ...] | None:
    """A kept result's row, `data` read as that SQL expression, when this code kept it."""
    row: tuple[Any, ...] | None = conn.execute(
        f"SELECT generation, signature, {data} FROM results WHERE name = ? "
        "AND (SELECT value FROM meta WHERE key = 'results') IS ?",
        (name, schema.results_stamp()),
    ).fetchone()
    return row


def write_result(
    conn: sqlite3.Connection, name: str, at: int, signature: str, data: str | bytes
) -> None:
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


GLOSSARY_CHUNK = 64  # entries deflated together (query/kept_glossary: 1.4 MB at 10,000 notes)


def write_glossary(
    conn: sqlite3.Connection,
    at: int,
    entries: Sequence[tuple[str, str, list[int], Iterable[str]]],
) -> None:
    """Keep the glossary made at generation `at`: A to Z, `GLOSSARY_CHUNK` entries a row,
    their templates and their terms (JSON) joined by commas and their notes' rowids in one
    JSON list (query/kept_glossary), each deflated; with the keys of its names (inside
    `Index.keep`)."""
    if generation(conn) == at:
        _claim(conn)
        conn.execute("DELETE FROM glossary")
        conn.execute("DELETE FROM glossary_names")
        conn.executemany(
            "INSERT INTO glossary VALUES (?, ?, ?, ?)",
            (
                (
                    n // GLOSSARY_CHUNK,
                    _deflated(",".join(text for text, _, _, _ in chunk)),
                    _deflated(",".join(terms for _, terms, _, _ in chunk)),
                    zlib.compress(_packed([rowid for _, _, notes, _ in chunk for rowid in notes])),
                )
                for n in range(0, len(entries), GLOSSARY_CHUNK)
                for chunk in [entries[n : n + GLOSSARY_CHUNK]]
            ),
        )
        names = sorted((key, n) for n, (_, _, _, keys) in enumerate(entries) for key in keys)
        conn.executemany("INSERT INTO glossary_names VALUES (?, ?)", names)
        chunks = str(-(-len(entries) // GLOSSARY_CHUNK))  # what `glossary_chunks` reads back
        conn.execute("INSERT OR REPLACE INTO results VALUES ('glossary', ?, ?, '')", (at, chunks))


def glossary_kept(conn: sqlite3.Connection) -> bool:
    """Whether the cache keeps the glossary of its generation (kept by this code)."""
    kept = read_result(conn, "glossary")
    return kept is not None and kept[0] == generation(conn)


def _packed(rowids: list[int]) -> bytes:
    """Rowids as 8-byte little-endian numbers: read back 20 times faster than JSON."""
    numbers = array("q", rowids)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tobytes()


def _unpacked(data: bytes) -> array[int]:
    """`_packed`'s rowids (ValueError when `data` is no whole number of them)."""
    numbers = array("q")
    numbers.frombytes(data)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _deflated(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"))


def _inflated(data: object) -> bytes:
    """A kept chunk's column, inflated (UTF-8, lone surrogates passed through); ValueError
    when it is not one."""
    if not isinstance(data, bytes):
        raise ValueError("a kept glossary chunk is no blob")
    try:
        return zlib.decompress(data)
    except zlib.error as error:
        raise ValueError("a kept glossary chunk does not inflate") from error


GlossaryChunk = tuple[bytes, bytes, "array[int]"]  # templates, terms, notes' rowids


def glossary_chunks(conn: sqlite3.Connection, terms: bool = True) -> Iterator[GlossaryChunk]:
    """The kept glossary, A to Z, a chunk at a time: its entries' templates and their terms
    (b"" without `terms`), inflated, and their notes' rowids. Raises ValueError on a chunk
    that does not inflate, or after the last when chunks are missing (as many as the
    glossary's result says)."""
    kept = conn.execute("SELECT signature FROM results WHERE name = 'glossary'").fetchone()
    column = "terms" if terms else "x''"
    rows = conn.execute(f"SELECT chunk, data, {column}, notes FROM glossary ORDER BY chunk")
    count = 0
    for chunk, text, data, notes in rows:
        if chunk != count:
            raise ValueError("a kept glossary chunk is missing")
        yield _inflated(text), _inflated(data) if terms else b"", _unpacked(_inflated(notes))
        count += 1
    if kept is None or kept[0] != str(count):
        raise ValueError("kept glossary chunks are missing")


def glossary_entry(conn: sqlite3.Connection, key: str) -> tuple[GlossaryChunk, int] | None:
    """The chunk (as `glossary_chunks` gives it) of the first kept entry (A to Z) one of
    whose names has this key, and the entry's place in it."""
    row = conn.execute(
        "SELECT g.data, g.terms, g.notes, k.position FROM glossary_names k "
        f"JOIN glossary g ON g.chunk = k.position / {GLOSSARY_CHUNK} "
        "WHERE k.key = ? ORDER BY k.position LIMIT 1",
        (key,),
    ).fetchone()
    if row is None:
        return None
    chunk = (_inflated(row[0]), _inflated(row[1]), _unpacked(_inflated(row[2])))
    return chunk, int(row[3]) % GLOSSARY_CHUNK


def note_rowids(conn: sqlite3.Connection) -> dict[str, int]:
    """Every note's rowid by its path."""
    return dict(conn.execute("SELECT path, rowid FROM notes"))


def note_names(
    conn: sqlite3.Connection, rowids: Collection[int] | None = None
) -> dict[int, tuple[str, str]]:
    """(id, path) of every note, or of those with these rowids, by rowid."""
    query = "SELECT rowid, id, path FROM notes"
    if rowids is None:
        return {row[0]: (row[1], row[2]) for row in conn.execute(query)}
    within = json.dumps(sorted(set(rowids)))
    found = conn.execute(f"{query} WHERE rowid IN (SELECT value FROM json_each(?))", (within,))
    return {row[0]: (row[1], row[2]) for row in found}


def replace_mentions(
    conn: sqlite3.Connection,
    at: int,
    signature: str,
    everything: bool,
    paths: Iterable[str],
    rows: Iterable[tuple[str, str, int, int]],
) -> None:
    """Store concept mentions (key, note path, line, section line) found at generation `at`:
    all of them (`everything`) or those of `paths` anew (index/mentions; run inside
    `Index.keep`)."""
    # an update of some notes' mentions only onto mentions this code kept (other code's may
    # have come in since they were read): else nothing is kept, as when the cache moved on
    if generation(conn) != at or (_claim(conn) and not everything):
        return
    from notes_kb.index import mentions  # only here: `show`, `links`, `search` never load it

    mentions.replace(conn, everything, paths, list(rows))
    conn.execute("INSERT OR REPLACE INTO results VALUES ('mentions', ?, ?, '')", (at, signature))


def all_tags(conn: sqlite3.Connection) -> list[str]:
    """Every tag of every note, in file-name order."""
    return [
        tag
        for (tags,) in conn.execute("SELECT tags FROM notes ORDER BY lower(fname), path")
        for tag in json.loads(tags)
    ]


def topic_names(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """The names the vault gives its topics, each with its note's path: every note title and
    section heading, as often as written (a heading in many notes heads a template's
    section)."""
    rows = conn.execute(
        "SELECT title, path FROM notes UNION ALL "
        "SELECT s.heading, n.path FROM sections s JOIN notes n ON n.rowid = s.note"
    )
    return [(name, path) for name, path in rows]


EdgeRow = tuple[int, int | None, str | None, str | None, str, str]  # link, target, name, ...
# an edge's `name` and `alias` are NULL when they are its link's `left` and `right`
_EDGE_COLUMNS = (
    f"l.line, {schema.kind_sql('l.kind')}, l.left, l.right, l.anchor, l.vault, "
    f"{schema.link_raw('l')}, "
    "coalesce(e.name, l.left), coalesce(e.alias, l.right), e.anchor, e.problem"
)


def link_rowids(conn: sqlite3.Connection) -> dict[str, list[int]]:
    """Note path -> the rowids of its links that resolve to notes (not tags or mentions),
    in the order they were written: the order the link graph lists a note's edges in."""
    found: dict[str, list[int]] = {}
    for path, rowid in conn.execute(
        "SELECT n.path, l.rowid FROM links l JOIN notes n ON n.rowid = l.note "
        f"WHERE l.kind NOT IN ({schema.kind_code('tag')}, {schema.kind_code('mention')}) "
        "ORDER BY l.rowid"
    ):
        found.setdefault(path, []).append(rowid)
    return found


def replace_edges(conn: sqlite3.Connection, at: int, rows: list[EdgeRow]) -> None:
    """Keep every resolved link found at generation `at` (inside `Index.keep`)."""
    ordered = sorted(rows, key=lambda row: row[0])  # rows written in key order fill pages
    _replace_table(conn, "edges", at, ordered)


def edges_from(conn: sqlite3.Connection, path: str) -> list[tuple[Any, ...]]:
    """The kept links out of one note: (target path or None, link fields..., name, alias,
    anchor, problem), in the order written."""
    rows: list[tuple[Any, ...]] = conn.execute(
        f"SELECT t.path, {_EDGE_COLUMNS} FROM notes n "
        "JOIN links l ON l.rowid BETWEEN n.first_link AND n.first_link + n.link_count - 1 "
        "JOIN edges e ON e.link = l.rowid LEFT JOIN notes t ON t.rowid = e.target "
        "WHERE n.path = ? ORDER BY l.rowid",
        (path,),
    ).fetchall()
    return rows


def edges_to(conn: sqlite3.Connection, path: str) -> list[tuple[Any, ...]]:
    """The kept links into one note from other notes: (source path, link fields..., name,
    alias, anchor, problem)."""
    rows: list[tuple[Any, ...]] = conn.execute(
        f"SELECT s.path, {_EDGE_COLUMNS} FROM edges e JOIN links l ON l.rowid = e.link "
        "JOIN notes s ON s.rowid = l.note "
        "WHERE e.target = (SELECT rowid FROM notes WHERE path = ?) AND l.note != e.target "
        "ORDER BY e.link",
        (path,),
    ).fetchall()
    return rows


# the rule (query/resolve.NAME_RULES) whose key is the note's id: read from `notes` by its
# index, not kept again in `names`
_NOTE_ID = "id"


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
    times = Counter(
        (rules[rule], key, rowids[path]) for rule, key, path in rows if rule != _NOTE_ID
    )
    conn.executemany(  # in key order: rows written so fill their pages
        "INSERT INTO names VALUES (?, ?, ?, ?)", ((*row, times[row]) for row in sorted(times))
    )
    conn.execute("INSERT OR REPLACE INTO results VALUES ('names', ?, '', '')", (at,))


def name_paths(conn: sqlite3.Connection, rule: str, key: str) -> list[str]:
    """The paths of the notes one name rule finds under a key, in file-name order."""
    if rule == _NOTE_ID:
        found = conn.execute(
            "SELECT path FROM notes WHERE id = ? AND id != '' ORDER BY lower(fname), path", (key,)
        )
        return [path for (path,) in found]
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
