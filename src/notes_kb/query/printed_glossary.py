"""The whole glossary's JSON, as a piped `glossary --json` prints it, read back from the
kept glossary (query/kept_glossary) with nothing loaded but `json` and the cache: the
entries' kept text with their notes put back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from json.encoder import encode_basestring

from notes_kb.index import results

# A definition's note where the kept text leaves it out. `"note":` opens no text inside a
# JSON string (a quote there is escaped), so every one found in the kept text is a place.
PLACE = '"note":null,"path":null'


def kept(conn: sqlite3.Connection) -> bytes | None:
    """The kept glossary's JSON (`printed`); None when the glossary is not kept for the
    cache's generation, or does not read back (damaged: the caller makes it again)."""
    if not results.glossary_kept(conn):
        return None
    try:
        return printed(results.glossary_chunks(conn), results.note_names(conn))
    except (ValueError, KeyError, TypeError):
        return None


def printed(chunks: Iterable[tuple[bytes, bytes]], notes: dict[int, tuple[str, str]]) -> bytes:
    """What `compact([entry_dict(e) for e in entries_from(chunks, notes)])` makes, in UTF-8
    (lone surrogates passed through), from the kept chunks as they inflate (UTF-8, not
    decoded: 11 MB at 10,000 notes): each `PLACE` replaced by its note (twice a definition:
    in `definitions`, then in `sources`). Raises ValueError or KeyError on a chunk that
    does not read back (damaged)."""
    place = PLACE.encode()
    named = {  # as `compact` writes a string: with its own encoder
        rowid: f'"note":{encode_basestring(note)},"path":{encode_basestring(path)}'.encode(
            "utf-8", "surrogatepass"
        )
        for rowid, (note, path) in notes.items()
    }
    parts: list[bytes] = [b"["]
    for text, data in chunks:
        rowids = [
            rowid
            for _, defined in json.loads(b"[" + data + b"]")
            for rowid in [rowid for _, rowid in defined] * 2
        ]
        pieces = text.split(place)
        if len(pieces) != len(rowids) + 1:
            raise ValueError("a kept glossary chunk does not match its notes")
        joined: list[bytes] = [b""] * (2 * len(pieces) - 1)
        joined[0::2] = pieces
        joined[1::2] = [named[rowid] for rowid in rowids]
        parts += joined
        parts.append(b",")
    parts[-1] = b"]" if len(parts) > 1 else b"[]"
    return b"".join(parts)
