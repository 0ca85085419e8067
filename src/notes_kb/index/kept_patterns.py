"""The regular expressions a parse compiles, kept compiled in the cache for the next run.

Parsing one edited note compiles some 230 patterns (the definition finder's, YAML's,
markdown-it's): 45 to 60 ms of the ~80 a warm command pays for one changed note, on every
run, since `re` keeps compiled patterns only in memory. What `re`'s compiler makes of a
pattern (its flags, its group names, and the list of opcodes `_sre` runs) is kept here,
per Python build; a run that parses loads it into `re`'s own cache before parsing, so
`re.compile` and every `re.match(string, ...)` find the pattern compiled (6 ms for all).

This leans on CPython internals (`re._parser`, `re._compiler`, `_sre.compile` and
`re._cache`, the same from 3.11 to 3.13); anything unexpected, at any step, only costs the
compile `re` would have done anyway. What is kept is only believed for the exact Python
it was made by, and a pattern is kept only when `_sre` rebuilt from the kept opcodes
equals (same pattern, flags and code: `Pattern.__eq__`) the one `re` compiled.

Once some are kept, a pattern new to them is kept only when a later run compiles it again
(it waits among the candidates, `_CANDIDATES`): a pattern made from a set's order (markdown-
it's inline terminators, a few of the definition finder's word lists) differs from one
process to the next, so keeping it at once rewrote the whole row (615 KB, three quarters
of what an edit wrote to the log) after every edit, for nothing the next run could use.
"""

from __future__ import annotations

import contextlib
import marshal
import re
import sqlite3
import sys
import zlib
from array import array
from collections.abc import Iterator

_KEY = "patterns"  # the meta row holding them
_CANDIDATES = "pattern_candidates"  # the meta row of those waiting for a second run
_WAITING = 64  # candidates kept, the latest
_MOST = 480  # `re` keeps 512 (3.11: `_MAXCACHE`); what is kept must not evict itself
Entry = tuple[str, int, int, bytes, int, dict[str, int], tuple[str | None, ...]]


def _python() -> str:
    """The Python build the opcodes are believed for."""
    from re import _compiler  # type: ignore[attr-defined]

    return f"{sys.implementation.cache_tag} {sys.version} {sys.byteorder} {_compiler._sre.MAGIC}"


@contextlib.contextmanager
def kept(conn: sqlite3.Connection, parsing: bool) -> Iterator[None]:
    """Around a refresh's parse, inside its transaction: `re`'s cache filled from the kept
    patterns first; the patterns the parse compiled anew kept after. A failure to write
    them is the transaction's (sqlite3 errors pass); anything else only costs the saving."""
    if not parsing:
        yield
        return
    known = load(conn)
    yield
    rows: list[tuple[str, bytes]] = []
    with contextlib.suppress(Exception):
        rows = kept_rows(conn, known)
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", rows)


def load(conn: sqlite3.Connection) -> set[tuple[str, int]]:
    """Put the kept patterns in `re`'s cache (all or none); which (pattern, flags) were."""
    cache = getattr(re, "_cache", None)
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_KEY,)).fetchone()
    if not isinstance(cache, dict) or row is None:
        return set()
    try:
        from re import _compiler  # type: ignore[attr-defined]

        made = {}
        for pattern, given, flags, code, groups, names, index in _entries(row[0]):
            if (str, pattern, given) not in cache:
                opcodes = array("I", code).tolist()
                made[str, pattern, given] = _compiler._sre.compile(
                    pattern, flags, opcodes, groups, names, index
                )
            made.setdefault((str, pattern, given), None)
    except Exception:  # another build's or a damaged row: `re` compiles them itself
        return set()
    cache.update((key, pattern) for key, pattern in made.items() if pattern is not None)
    return {(key[1], key[2]) for key in made}


def _entries(value: object) -> list[Entry]:
    """The kept entries of this Python build, their checksum checked (a bit flipped in the
    row could leave opcodes `_sre` accepts and that match something else); raises
    ValueError when the row is another build's, or damaged."""
    if not isinstance(value, bytes):
        raise ValueError("not a kept row")
    python, checksum, data = marshal.loads(value)
    if python != _python() or not isinstance(data, bytes) or zlib.crc32(data) != checksum:
        raise ValueError("another build's row, or a damaged one")
    entries = marshal.loads(data)
    if not isinstance(entries, list):
        raise ValueError("not a kept row")
    return entries


def kept_rows(conn: sqlite3.Connection, known: set[tuple[str, int]]) -> list[tuple[str, bytes]]:
    """The meta rows to write after a parse: with none kept (`known` empty), every pattern
    it compiled; else the candidates it compiled again, and the rest as candidates."""
    new = _new(known)
    if not new:
        return []
    rows: list[tuple[str, bytes]] = []
    if known:
        waiting = _waiting(conn)
        again = [found for found in new if (found[0], found[1]) in waiting]
        fresh = [(pattern, given) for pattern, given, _ in new if (pattern, given) not in waiting]
        taken = {(pattern, given) for pattern, given, _ in again}
        latest = [*(key for key in waiting if key not in taken), *fresh][-_WAITING:]
        rows.append((_CANDIDATES, marshal.dumps((_python(), latest))))
        new = again
    data = kept_data(conn, known, new) if new else None
    if data is not None:
        rows.append((_KEY, data))
    return rows


def _new(known: set[tuple[str, int]]) -> list[tuple[str, int, object]]:
    """The patterns in `re`'s cache that are not among those kept."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):
        return []
    return [
        (key[1], key[2], made)
        for key, made in list(cache.items())
        if len(key) == 3 and key[0] is str and (key[1], key[2]) not in known
    ]


def _waiting(conn: sqlite3.Connection) -> dict[tuple[str, int], None]:
    """The candidates an earlier run left, oldest first (none when the row is another
    build's or damaged: a candidate only names a pattern this run compiled itself)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_CANDIDATES,)).fetchone()
    try:
        python, keys = marshal.loads(row[0])
        if python == _python():
            return {(str(pattern), int(given)): None for pattern, given in keys}
    except Exception:  # no row, or not one of ours: none waits
        pass
    return {}


def kept_data(
    conn: sqlite3.Connection,
    known: set[tuple[str, int]],
    new: list[tuple[str, int, object]] | None = None,
) -> bytes | None:
    """What to keep: those kept already and `new` (by default every pattern in `re`'s cache
    that was not); None when there are none new."""
    if new is None:
        new = _new(known)
    if not new or len(known) >= _MOST:
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_KEY,)).fetchone()
    entries: list[Entry] = []
    if known and row is not None:
        entries = _entries(row[0])
    for pattern, given, made in new[: _MOST - len(entries)]:
        entry = _entry(pattern, given, made)
        if entry is not None:
            entries.append(entry)
    data = marshal.dumps(entries)
    return marshal.dumps((_python(), zlib.crc32(data), data))


def _entry(pattern: str, given: int, made: object) -> Entry | None:
    """What `re` compiles `pattern` to, as `re._compiler.compile` hands it to `_sre`; None
    when rebuilt from it the pattern would not equal `made`, `re`'s own."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, given)
    code = _compiler._code(parsed, given)
    names = dict(parsed.state.groupdict)
    index: list[str | None] = [None] * parsed.state.groups
    for name, number in names.items():
        index[number] = name
    flags = given | parsed.state.flags
    opcodes = array("I", code)
    again = _compiler._sre.compile(
        pattern, flags, opcodes.tolist(), parsed.state.groups - 1, names, tuple(index)
    )
    if again != made:
        return None
    return (pattern, given, flags, opcodes.tobytes(), parsed.state.groups - 1, names, tuple(index))
