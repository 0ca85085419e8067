"""The whole glossary's JSON, as a piped `glossary --json` prints it, read back from the
kept glossary (query/kept_glossary) with nothing loaded but `json` and the cache: the
entries' kept text with their notes put back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from json.encoder import encode_basestring

from notes_kb.index import results

# A definition's note where the printed text leaves it out. `"note":` opens no text inside a
# JSON string (a quote there is escaped), so every one found in an entry's JSON is a place.
PLACE = '"note":null,"path":null'
# An entry is kept as its JSON with every `%` doubled and every place `%s`: a template the
# `%` operator fills (in C, a chunk at a time) with its notes. The form of a chunk as read:
Chunk = results.GlossaryChunk  # a chunk's templates, terms (JSON) and notes' rowids


def kept(conn: sqlite3.Connection) -> bytes | None:
    """The kept glossary's JSON (`printed`); None when the glossary is not kept for the
    cache's generation, or does not read back (damaged: the caller makes it again)."""
    if not results.glossary_kept(conn):
        return None
    try:
        return printed(results.glossary_chunks(conn, terms=False), results.note_names(conn))
    except (ValueError, KeyError, TypeError):
        return None


def printed(chunks: Iterable[Chunk], notes: dict[int, tuple[str, str]]) -> bytes:
    """What `compact([entry_dict(e) for e in entries_from(chunks, notes)])` makes
    (query/kept_glossary), in UTF-8 (lone surrogates passed through), from the kept chunks
    as they inflate, not decoded (11 MB at 10,000 notes): each template filled with its
    notes' ids and paths. Raises ValueError, KeyError or TypeError on a chunk that does
    not read back (damaged)."""
    named = {  # as `compact` writes a string: with its own encoder
        rowid: f'"note":{encode_basestring(note)},"path":{encode_basestring(path)}'.encode(
            "utf-8", "surrogatepass"
        )
        for rowid, (note, path) in notes.items()
    }
    parts = [b"["]
    for template, _, rowids in chunks:
        parts += (template % tuple(map(named.__getitem__, rowids)), b",")
    if len(parts) > 1:
        parts.pop()  # the last chunk's comma
    parts.append(b"]")
    return b"".join(parts)
