"""`notes list`: which notes, in which order."""

from __future__ import annotations

import fnmatch
from datetime import UTC, datetime

from notes_kb.errors import BadOptionError
from notes_kb.model import Note

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
