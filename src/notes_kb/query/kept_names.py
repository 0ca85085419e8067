"""The NOTE argument resolved from names kept in the cache: a lookup per rule, and only
the notes a name finds are read. The rules and their keys stay those of `query.resolve`
(`rule_keys`, `NoteNames.by_rule`); this module only stores and reads their tables."""

from __future__ import annotations

import sqlite3

from notes_kb.index import readback, results
from notes_kb.index.store import Index
from notes_kb.model import Note, Resolved
from notes_kb.query.resolve import NAME_RULES, NoteNames, rule_keys


def kept_names(index: Index) -> NoteNames:
    """The vault's name tables: read from the cache when kept for its current state, else
    built from every note's names (no text) and kept for the next run."""
    conn = index.conn
    at = results.generation(conn)
    kept = results.read_result(conn, "names")
    if kept is not None and kept[0] == at:
        return _KeptNames(conn)
    notes = readback.load_notes(conn, text=False)
    rows = [
        (rule, key, note.path)
        for note in notes
        for rule in NAME_RULES
        for key in rule_keys(note, rule)
        if key
    ]
    index.keep(lambda c: results.replace_names(c, at, rows))
    return NoteNames(notes)


class _KeptNames(NoteNames):
    """NoteNames whose tables are the cache's `names` rows. Headings are not kept: a name
    that falls through to the heading rule is resolved with every note (the caller's
    fallback)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__([])
        self.conn = conn
        self.vaults = {vault for (vault,) in conn.execute("SELECT DISTINCT vault FROM notes")}
        self._read: dict[str, Note] = {}

    def matches(self, rule: str, key: str) -> list[Note]:
        return self._notes(results.name_paths(self.conn, rule, key))

    def exact_path(self, path: str) -> Note | None:
        found = self._notes([path])
        return found[0] if found else None

    def at_path(self, path: str) -> Note | None:
        stem = [path + ".md", path + ".MD", path + ".Md", path + ".mD"]
        return self.exact_path(path) or next(iter(self._notes(stem)), None)

    def headings(self, query: str) -> list[Resolved]:
        return []

    def _notes(self, paths: list[str]) -> list[Note]:
        missing = [path for path in paths if path not in self._read]
        if missing:
            for note in readback.load_notes(self.conn, missing, text=False):
                self._read[note.path] = note
        return [self._read[path] for path in paths if path in self._read]
