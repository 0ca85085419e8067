"""`notes list`: which notes, in which order."""

from __future__ import annotations

import fnmatch
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from notes_kb.errors import BadOptionError
from notes_kb.model import Note
from notes_kb.query.linkgraph import link_graph

if TYPE_CHECKING:
    from notes_kb.index.load import Vault

SORT_KEYS = ("fname", "title", "updated", "created")
_OLDEST = datetime.min.replace(tzinfo=UTC)


def list_notes(
    notes: list[Note], pattern: str | None = None, sort: str = "fname", reverse: bool = False
) -> list[Note]:
    """Filter by hierarchy glob (`ai-engineering.*`) or substring, then sort.

    Times sort newest first, names A to Z; `reverse` flips either.
    """
    if sort not in SORT_KEYS:
        raise BadOptionError(f"unknown sort key {sort!r}; use one of {', '.join(SORT_KEYS)}")
    chosen = [note for note in notes if matches(note, pattern)] if pattern else list(notes)
    if sort in ("updated", "created"):
        chosen.sort(key=lambda n: (getattr(n, sort) or _OLDEST, n.fname), reverse=not reverse)
    else:
        chosen.sort(key=lambda n: (getattr(n, sort).casefold(), n.path), reverse=reverse)
    return chosen


def matches(note: Note, pattern: str) -> bool:
    """A glob matches the whole file name; plain text matches part of name, id or title."""
    folded = pattern.casefold()
    if any(ch in pattern for ch in "*?["):
        fname = note.fname.casefold()
        if fnmatch.fnmatchcase(fname, folded):
            return True
        # `ai-engineering.*` also names the parent itself, as in Dendron's lookup
        return folded.endswith(".*") and fname == folded[:-2]
    return any(folded in value.casefold() for value in (note.fname, note.id, note.title))


def filter_notes(
    vault: Vault,
    tag: str | None = None,
    link_to: Note | None = None,
    linked_by: Note | None = None,
    orphan: bool = False,
    tagless: bool = False,
    modified_after: datetime | None = None,
    created_before: datetime | None = None,
) -> list[Note]:
    """The notes that pass every filter given; links and tags come from the link graph."""
    notes = list(vault.notes)
    needs_graph = tag or link_to or linked_by or orphan or tagless
    graph = link_graph(vault) if needs_graph else None
    if graph is not None:
        if tag:
            wanted = tag.lstrip("#").casefold()
            tagged = {
                n.path
                for t, carriers in graph.tags.items()
                if t.casefold() == wanted or t.casefold().startswith((wanted + ".", wanted + "/"))
                for n in carriers
            }
            notes = [n for n in notes if n.path in tagged]
        if tagless:
            carried = {n.path for carriers in graph.tags.values() for n in carriers}
            notes = [n for n in notes if n.path not in carried]
        if link_to is not None:
            sources = {e.source.path for e in graph.incoming.get(link_to.path, [])}
            notes = [n for n in notes if n.path in sources]
        if linked_by is not None:
            targets = {e.target.path for e in graph.outgoing.get(linked_by.path, []) if e.target}
            notes = [n for n in notes if n.path in targets]
        if orphan:
            lonely = {n.path for n in graph.orphans()}
            notes = [n for n in notes if n.path in lonely]
    if modified_after is not None:
        notes = [n for n in notes if n.updated and n.updated > modified_after]
    if created_before is not None:
        notes = [n for n in notes if n.created and n.created < created_before]
    return notes
