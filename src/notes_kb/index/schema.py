"""The cache's tables, and how to tell our database from any other SQLite file.

Every table is one statement in `TABLES`, so a column is added in one place (bump
`SCHEMA_VERSION` with it: a cache of another version is rebuilt, never migrated).
"""

from __future__ import annotations

import sqlite3
from functools import cache

from notes_kb.index import texts

# Bumped too when what extraction finds changes (definitions, links): the rows are rebuilt.
SCHEMA_VERSION = 20  # 20: the glossary kept as the JSON it prints (query/kept_glossary)
APPLICATION_ID = 0x4E4B4231  # "NKB1": tells our database from any other SQLite file

TABLES = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)",
    # a file is unchanged while all four agree: an edit that keeps size and mtime still
    # moves ctime, and a file replaced by another (a rename over it) has a new inode
    "CREATE TABLE files(path TEXT PRIMARY KEY, vault TEXT, size INT, mtime_ns INT, "
    "ctime_ns INT, inode INT) WITHOUT ROWID",
    # the same files and stamps in chunks of the walk (index/kept_walk): what changed is
    # found from the few chunks a change touched
    "CREATE TABLE walk(digest BLOB PRIMARY KEY, names BLOB, stamps BLOB)",
    # `frontmatter` (JSON) only when it names aliases, what loading names alone reads; every
    # note's is in its blob (index/texts)
    "CREATE TABLE notes(rowid INTEGER PRIMARY KEY, path TEXT UNIQUE, id TEXT, title TEXT, "
    "fname TEXT, vault TEXT, desc TEXT, tags TEXT, created TEXT, updated TEXT, "
    "frontmatter TEXT, body_offset INT, body_line INT, title_key TEXT, name_key TEXT, "
    "cards INT, first_segment INT, segment_count INT, first_link INT, link_count INT)",
    # each note's source and what is cut from it, in one compressed blob (index/texts),
    # apart from `notes`: what reads every note's names reads few pages
    "CREATE TABLE texts(note INTEGER PRIMARY KEY, data BLOB)",
    # what the blobs are deflated with, by the Adler-32 a blob's zlib header names it by
    "CREATE TABLE dictionaries(id INTEGER PRIMARY KEY, data BLOB)",
    "CREATE INDEX notes_id ON notes(id)",
    "CREATE TABLE diagnostics(path TEXT, line INT, severity TEXT, code TEXT, message TEXT)",
    "CREATE INDEX diagnostics_path ON diagnostics(path)",
    "CREATE TABLE walk_diagnostics(path TEXT, line INT, severity TEXT, code TEXT, message TEXT)",
    # a section's text is cut from the note's source again (text_line, text_end): not kept.
    # Rows kept by note and line need no index (`n`: the section's number in its note)
    "CREATE TABLE sections(note INT, line INT, n INT, heading TEXT, level INT, slug TEXT, "
    "end_line INT, text_line INT, text_end INT, PRIMARY KEY (note, line, n)) WITHOUT ROWID",
    # `part`: where the definition's text is in its note's blob (index/texts)
    # `kind` (with no type: a number or a name) as `kind_code` writes it, also in `links`
    "CREATE TABLE definitions(note INT, part INT, term TEXT, line INT, kind, key TEXT, "
    "score REAL, PRIMARY KEY (note, part)) WITHOUT ROWID",
    "CREATE INDEX definitions_key ON definitions(key)",
    "CREATE TABLE aliases(note INT, short TEXT, long TEXT, line INT, short_key TEXT, "
    "long_key TEXT)",
    "CREATE INDEX aliases_note ON aliases(note)",
    "CREATE INDEX aliases_short ON aliases(short_key)",
    "CREATE INDEX aliases_long ON aliases(long_key)",
    # `raw`: NULL when the link is written as `written` says (`link_raw` reads it back)
    "CREATE TABLE links(note INT, line INT, kind, left TEXT, right TEXT, anchor TEXT, "
    "vault TEXT, raw TEXT)",
    # `part`: where the segment's plain text is in its note's blob (index/texts). A note's
    # segments are numbered in a row: its `first_segment` and `segment_count` find them
    # (and its links so), no index by note
    "CREATE TABLE segments(rowid INTEGER PRIMARY KEY, note INT, line INT, body_line INT, "
    "heading TEXT, part INT)",
    # what the search tables index, one row per segment, read from the rows it comes from
    # (FTS5 external content): the text is not kept a second time
    "CREATE VIEW fts_text(id, title, heading, tags, desc, body) AS SELECT s.rowid, n.title, "
    f"s.heading, note_part(t.data, {texts.TAGS}), "
    f"CASE WHEN s.part = {texts.SEGMENTS} THEN n.desc ELSE '' END, note_part(t.data, s.part) "
    "FROM segments s JOIN notes n ON n.rowid = s.note JOIN texts t ON t.note = s.note",
    "CREATE VIRTUAL TABLE fts USING fts5(title, heading, tags, desc, body, "
    "content = 'fts_text', content_rowid = 'id', "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    # unstemmed words for prefixes and typos: never ranked, so no column sizes
    "CREATE VIRTUAL TABLE words USING fts5(title, heading, tags, desc, body, "
    "content = 'fts_text', content_rowid = 'id', detail = none, columnsize = 0, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE words_vocab USING fts5vocab(words, 'row')",
    # what the whole vault yields, kept between runs (index/results): the paths each
    # refresh changed, results with the generation they reflect, and concept mentions
    "CREATE TABLE changes(generation INT, path TEXT)",
    "CREATE INDEX changes_generation ON changes(generation)",
    "CREATE TABLE results(name TEXT PRIMARY KEY, generation INT, signature TEXT, data TEXT)",
    # the glossary (query/kept_glossary): each entry as the JSON `glossary --json` prints
    # with places for its notes, its key and terms, and its notes' rowids, A to Z, deflated
    # a chunk of entries a row (index/results); and the keys of its names, so `define`
    # reads the chunk of the one entry a name finds
    "CREATE TABLE glossary(chunk INTEGER PRIMARY KEY, data BLOB, terms BLOB, notes BLOB)",
    "CREATE TABLE glossary_names(key TEXT, position INT, PRIMARY KEY (key, position)) "
    "WITHOUT ROWID",
    # concept mentions (index/mentions): each concept's key once, with its counts; all its
    # mentions in one packed row; each section's concepts (`id`: mentions.section_id),
    # packed numbers: a concept's neighbours are counted from the rows of its sections
    "CREATE TABLE concepts(id INTEGER PRIMARY KEY, key TEXT UNIQUE, notes INT, mentions INT, "
    "sections INT)",
    "CREATE TABLE mentions(concept INTEGER PRIMARY KEY, data BLOB)",
    "CREATE TABLE section_keys(id INTEGER PRIMARY KEY, concepts BLOB)",
    # every link resolved (target: a note's rowid, or NULL when broken), for show and links,
    # by the link's rowid (its note is the source)
    "CREATE TABLE edges(link INTEGER PRIMARY KEY, target INT, name TEXT, alias TEXT, "
    "anchor TEXT, problem TEXT)",
    "CREATE INDEX edges_target ON edges(target)",
    # every name a NOTE argument can use (query.resolve's rules), for resolving one note
    # (a rule by number, how many times the note has the key)
    "CREATE TABLE name_rules(id INTEGER PRIMARY KEY, rule TEXT UNIQUE)",
    "CREATE TABLE names(rule INT, key TEXT, note INT, times INT, "
    "PRIMARY KEY (rule, key, note)) WITHOUT ROWID",
)
# the tables that hang off a note by its rowid: what forgetting a note deletes (its kept
# mentions stay until they are next brought up to date: index/mentions)
NOTE_TABLES = (
    "texts",
    "sections",
    "definitions",
    "aliases",
)  # and `segments` and `links`, by their numbers (index/build.forget)


# The kinds of links and of definitions, most common first: a row keeps a kind listed here
# as its number (1 byte, not up to 16), any other as its name (bump SCHEMA_VERSION when the
# list changes; an edit of this module rebuilds the cache anyway: PARSER_CODE). `kind_code`
# writes one, `kind_sql` reads one back.
KINDS = (
    "wikilink",
    "tag",
    "embed",
    "markdown",
    "mention",
    "glossary-bullet",
    "bold-lead",
    "appositive",
    "sentence",
    "question-heading",
    "emphasis",
    "colon-bullet",
    "colon-line",
    "dash-bullet",
    "called",
    "section",
    "heading",
    "title-note",
)
_KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}


def kind_code(kind: str) -> int | str:
    return _KIND_CODES.get(kind, kind)


def kind_sql(column: str) -> str:
    """SQL for the kind kept in `column`, by its name."""
    named = " ".join(f"WHEN {code} THEN '{kind}'" for code, kind in enumerate(KINDS))
    return f"CASE {column} {named} ELSE {column} END"


def written(kind: str, left: str, right: str) -> str:
    """How most links of this kind, target and alias are written: `[[left|right]]`, `#tag`.
    A link written so keeps no `raw` text in the cache (1.6 MB at 10,000 notes)."""
    if kind == "tag":
        return "#" + left
    return "[[" + left + ("|" + right if right else "") + "]]"


def link_raw(table: str) -> str:
    """SQL for a link's text as written, from the `links` row named `table`: `written`'s."""
    kind, left, right, raw = (f"{table}.{column}" for column in ("kind", "left", "right", "raw"))
    return (
        f"coalesce({raw}, CASE WHEN {kind} = {kind_code('tag')} THEN '#' || {left} "
        f"WHEN {right} = '' THEN '[[' || {left} || ']]' "
        f"ELSE '[[' || {left} || '|' || {right} || ']]' END)"
    )


def create(conn: sqlite3.Connection, root: str) -> None:
    """Make an empty database ours, all in one transaction: a run killed halfway leaves
    an empty database, never tables without the marks `state` checks."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        for statement in TABLES:
            conn.execute(statement)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('root', ?)", (root,))
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('parser', ?)", (parser_stamp(),))
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def state(conn: sqlite3.Connection) -> str:
    """ "new" (empty), "ok", "foreign" (another program's), "old" or "newer" (another
    version of ours). Raises sqlite3.DatabaseError when the file is not a database."""
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app == 0 and version == 0 and tables == 0:
        return "new"
    if app != APPLICATION_ID:
        return "foreign"
    if version != SCHEMA_VERSION:
        return "old" if version < SCHEMA_VERSION else "newer"
    row = conn.execute("SELECT value FROM meta WHERE key = 'parser'").fetchone()
    if row is None or row[0] != parser_stamp():
        return "parser"  # rows extracted by other parsing code: what it finds has changed
    return "ok"


# What fills the index's rows: the parsers, and the code that loads a note and cuts it into
# records. Another version of any of them yields other rows: the cache is rebuilt.
PARSER_CODE = (
    "parse",
    "index/load.py",
    "index/walk.py",
    "index/records.py",
    "index/rows.py",
    "index/build.py",
    "index/schema.py",  # the tables, and how a link's text and a kind are kept (KINDS)
    "model.py",
)
# What the results kept from the whole vault (index/results) may depend on: every module but
# the CLI, the study and the writing code, none of which computes a kept result. Another
# version of any of them: the kept results are computed again, the index is not rebuilt.
RESULTS_CODE_EXCEPT = ("cli", "review", "write")


@cache
def parser_stamp() -> str:
    """Which extraction code filled the cache (`PARSER_CODE`): an upgrade or an edit of the
    extractors changes what a note yields (its definitions, links, sections), so a cache
    made by other code is rebuilt, not trusted. About thirty stats: nothing on the warm path
    to speak of."""
    return code_stamp(_package(), PARSER_CODE, ())


@cache
def results_stamp() -> str:
    """Which code computed the kept results (`RESULTS_CODE_EXCEPT`): results kept by other
    code are computed again (index/results), as after a change of the vault."""
    return code_stamp(_package(), (".",), RESULTS_CODE_EXCEPT)


def code_stamp(package: str, parts: tuple[str, ...], skip: tuple[str, ...]) -> str:
    """A digest of the name, size and time of every module under `parts` (folders or
    files, relative to `package`), leaving out the folders named in `skip` directly
    under a part."""
    import os

    from notes_kb.digests import sha256

    digest = sha256()
    for part in parts:
        where = os.path.join(package, part)
        if part.endswith(".py"):
            stat = os.stat(where)
            digest.update(f"{part}:{stat.st_size}:{stat.st_mtime_ns};".encode())
            continue
        for top, dirs, files in os.walk(where):
            dirs[:] = sorted(
                d for d in dirs if d != "__pycache__" and not (top == where and d in skip)
            )
            for name in sorted(f for f in files if f.endswith(".py")):
                stat = os.stat(os.path.join(top, name))
                relative = os.path.relpath(os.path.join(top, name), package)
                digest.update(f"{relative}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def _package() -> str:
    """The notes_kb folder this code runs from."""
    import os

    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def intact(conn: sqlite3.Connection) -> bool | None:
    """SQLite's own check of every page and index (`quick_check`): run only when the file
    changed behind our back, since it reads the whole database. None: it could not be
    checked (I/O, locking), which is not damage and must not cost a rebuild."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError:
        return None
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)]
