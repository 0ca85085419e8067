"""The glossary as the cache keeps it: each entry as the JSON `glossary --json` prints for
it, so the printed text is the kept entries joined, not made again from them.

`glossary --json` at 10,000 notes prints 11 MB: made from the entries it takes a warm run a
second (dictionaries, then JSON), and kept whole beside the glossary it took 2.2 MB more, past
the cache's budget (twice the vault). Kept as the printed entries, what the JSON repeats of
every definition's note (its random id and its path, twice: `definitions` and `sources`) is
left out: each is written `PLACE` and the notes' rowids are kept apart, in order, with each
entry's key and its definitions' own terms (which the JSON does not print). 1.3 MB in all at
10,000 notes, where the entries' fields took 1.1; the text comes back (query/printed_glossary)
in a tenth of a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from notes_kb.jsonable import json_default
from notes_kb.model import Definition
from notes_kb.parse.keys import concept_key
from notes_kb.query.glossary import Entry

Kept = tuple[str, str, set[str]]  # an entry's kept text, its notes' data, the keys it has


def entry_dict(entry: Entry, placed: bool = False) -> dict[str, Any]:
    """An entry as `--json` prints it; `placed`: each definition's note and path None (the
    kept text's `PLACE`)."""
    notes = [(None, None) if placed else (d.note, d.path) for d in entry.definitions]
    return {
        "term": entry.term,
        "aliases": list(entry.aliases),
        "definition": entry.definitions[0].text,
        "definitions": [
            {
                "text": d.text,
                "note": note,
                "path": path,
                "line": d.line,
                "kind": d.kind,
                "score": d.score,
            }
            for d, (note, path) in zip(entry.definitions, notes, strict=True)
        ],
        "sources": [
            {"note": note, "path": path, "line": d.line}
            for d, (note, path) in zip(entry.definitions, notes, strict=True)
        ],
    }


def compact(data: Any) -> str:
    """JSON as a pipe gets it (cli/serialize: compact, readable Unicode, no NaN), before
    control characters are escaped."""
    return json.dumps(
        data,
        ensure_ascii=False,
        separators=(",", ":"),
        default=json_default,
        allow_nan=False,
    )


def kept_entries(entries: Iterable[Entry], rowids: dict[str, int]) -> list[Kept]:
    """Each entry as kept: its printed JSON with `PLACE` for its notes, and (JSON) its key
    and its definitions' terms and notes' rowids."""
    return [
        (
            compact(entry_dict(entry, placed=True)),
            json.dumps(
                [entry.key, [[d.term, rowids[d.path]] for d in entry.definitions]],
                ensure_ascii=False,
            ),
            _keys(entry),
        )
        for entry in entries
    ]


def _keys(entry: Entry) -> set[str]:
    """The keys `find_entry` knows an entry by: its own and each of its names'."""
    return {entry.key, *(concept_key(name) for name in entry.names)} - {""}


def entries_from(
    chunks: Iterable[tuple[bytes, bytes]], notes: dict[int, tuple[str, str]]
) -> Iterator[Entry]:
    """The entries of kept chunks (their texts and notes' data as they inflate, entries
    joined by commas), with the notes' (id, path) by rowid. Raises ValueError, KeyError or
    TypeError on a chunk that does not read back (damaged)."""
    for kept, notes_data in chunks:
        text = kept.decode("utf-8", "surrogatepass")
        data = notes_data.decode("utf-8", "surrogatepass")
        for row, (key, defined) in zip(
            json.loads("[" + text + "]"), json.loads("[" + data + "]"), strict=True
        ):
            yield Entry(
                row["term"],
                key,
                tuple(row["aliases"]),
                tuple(
                    Definition(term, d["text"], *notes[rowid], d["line"], d["kind"], d["score"])
                    for d, (term, rowid) in zip(row["definitions"], defined, strict=True)
                ),
            )
