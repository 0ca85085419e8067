"""Note names for shell completion, read straight from the cache: no refresh and no parse,
so Tab answers in milliseconds. A missing or unreadable cache completes nothing."""

from __future__ import annotations

import sqlite3

from notes_kb.config import Location, cache_dir
from notes_kb.index.cachefile import database_name


def cached_note_names(location: Location, prefix: str, limit: int = 200) -> list[str]:
    """File names starting with `prefix` (any case), from the vault's cache as the last
    command left it; A to Z, at most `limit`."""
    path = cache_dir() / database_name(location)
    if not path.is_file():
        return []
    pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            rows = connection.execute(
                "SELECT fname FROM notes WHERE fname LIKE ? ESCAPE '\\' ORDER BY fname LIMIT ?",
                (pattern, limit),
            ).fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return []
    return [row[0] for row in rows]
