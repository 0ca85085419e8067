"""The glossary as the cache keeps it: each entry as the JSON `glossary --json` prints for
it, so the printed text is the kept entries joined, not made again from them.

`glossary --json` at 10,000 notes prints 11 MB: made from the entries it takes a warm run a
second (dictionaries, then JSON), and kept whole beside the glossary it took 2.2 MB more, past
the cache's budget (twice the vault). Kept as the printed entries, what the JSON repeats of
every definition's note (its random id and its path, twice: `definitions` and `sources`) is
left out: each is a place in a template (query/printed_glossary) and the notes' rowids are
kept apart, in the places' order, with each entry's key and its definitions' own terms
(which the JSON does not print). 1.4 MB in all at 10,000 notes, where the entries' fields
took 1.1; the text comes back in a tenth of a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from notes_kb.jsonable import json_default
from notes_kb.model import Definition
from notes_kb.parse.keys import concept_key
from notes_kb.query.glossary import Entry
from notes_kb.query.printed_glossary import PLACE, Chunk

Kept = tuple[str, str, list[int], set[str]]  # `kept_entries`'s: template, terms, notes, keys


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
    """Each entry as kept: its printed JSON as a template (`printed_glossary.TEMPLATE`), its
    key and its definitions' terms (JSON), its notes' rowids in the order of the template's
    places (each definition's twice: in `definitions`, then in `sources`), and its keys."""
    kept = []
    for entry in entries:
        text = compact(entry_dict(entry, placed=True)).replace("%", "%%")
        notes = [rowids[d.path] for d in entry.definitions]
        terms = json.dumps([entry.key, [d.term for d in entry.definitions]], ensure_ascii=False)
        kept.append((text.replace(PLACE, "%s"), terms, notes * 2, _keys(entry)))
    return kept


def _keys(entry: Entry) -> set[str]:
    """The keys `find_entry` knows an entry by: its own and each of its names'."""
    return {entry.key, *(concept_key(name) for name in entry.names)} - {""}


def entries_from(chunks: Iterable[Chunk], notes: dict[int, tuple[str, str]]) -> Iterator[Entry]:
    """The entries of kept chunks (as `results.glossary_chunks` reads them), with the notes'
    (id, path) by rowid. Raises ValueError, KeyError or TypeError on a chunk that does not
    read back (damaged)."""
    place = PLACE.encode()
    for template, terms, rowids in chunks:
        text = (template % ((place,) * len(rowids))).decode("utf-8", "surrogatepass")
        at = 0
        for row, (key, defined) in zip(
            json.loads("[" + text + "]"), json.loads(b"[" + terms + b"]"), strict=True
        ):
            yield Entry(
                row["term"],
                key,
                tuple(row["aliases"]),
                tuple(
                    Definition(term, d["text"], *notes[rowid], d["line"], d["kind"], d["score"])
                    for d, term, rowid in zip(
                        row["definitions"], defined, rowids[at : at + len(defined)], strict=True
                    )
                ),
            )
            at += 2 * len(defined)
        if at != len(rowids):
            raise ValueError("a kept glossary chunk does not match its notes")
