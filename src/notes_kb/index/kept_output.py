"""One command's output kept in the cache (a kept result, see index/results): what a piped
`glossary` or `glossary PREFIX --json` prints, made from every entry of the glossary, is
read back deflated in a fraction of the time. (The whole glossary's JSON is not kept here:
the kept glossary is that JSON already, query/printed_glossary.)

Only the last output is kept, under the signature of what made it (the command and its
flags, the CLI's code, the Python build), and only while the cache with it stays within
twice the vault's bytes (`BUDGET`). It is used only at the generation it was made at, only
when the results were kept by this code (`results.read_result`), and only when it inflates
whole; else it is made again and kept in its place.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import zlib
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from notes_kb.index import results, schema

if TYPE_CHECKING:
    from notes_kb.index.store import Index

NAME = "output"  # the result's name: one row, the last output kept
BUDGET = 2.0  # the cache with the output kept, at most this many times the vault's bytes
LEVEL = 6  # zlib's default: 2.2 MB for the 11 MB of JSON at 10,000 notes (2.6 at level 1)


def signature(key: tuple[object, ...]) -> str:
    """What the output is a function of besides the cache: the command's key, the CLI's
    code (which `schema.results_stamp`, checked with every result, leaves out) and the
    Python build."""
    return repr((key, _cli_stamp(), sys.version))


@cache
def _cli_stamp() -> str:
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # notes_kb
    return schema.code_stamp(package, ("cli",), ())


def kept_output(index: Index, key: tuple[object, ...], make: Callable[[], bytes]) -> bytes:
    """`make()`, output that is a function of the cache and of `key` alone: read from the
    cache when kept there for this generation and key, else made and kept (best effort)."""
    conn = index.conn
    at = results.generation(conn)
    wanted = signature(key)
    kept = results.read_blob(conn, NAME)
    if kept is not None and kept[0] == at and kept[1] == wanted:
        found = inflated(kept[2])
        if found is not None:
            return found
    data = make()
    if _room(conn) > 0:  # (a cache at its budget keeps nothing: no output deflated for it)
        packed = zlib.compress(data, LEVEL)
        index.keep(lambda c: _write(c, at, wanted, packed))
    return data


def _room(conn: sqlite3.Connection) -> float:
    """The bytes a kept output may take in place of the last one: the cache's budget less
    the pages in use (free pages, such as the last output's, are taken first)."""
    size, pages, free = (
        conn.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("page_size", "page_count", "freelist_count")
    )
    held = conn.execute("SELECT length(data) FROM results WHERE name = ?", (NAME,)).fetchone()
    vault = conn.execute("SELECT total(size) FROM files").fetchone()[0]
    return float(BUDGET * vault - (size * (pages - free) - (held[0] if held else 0)))


def _write(conn: sqlite3.Connection, at: int, wanted: str, packed: bytes) -> None:
    """Keep the output in place of the last one (inside `Index.keep`), unless it would take
    the cache past its budget."""
    if len(packed) <= _room(conn):
        results.write_result(conn, NAME, at, wanted, packed)


def inflated(data: bytes) -> bytes | None:
    """The kept bytes, or None when they do not inflate whole (a damaged or cut blob)."""
    try:
        inflate = zlib.decompressobj()
        found = inflate.decompress(data)
    except zlib.error:
        return None
    return found if inflate.eof and not inflate.unused_data else None
