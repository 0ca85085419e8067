"""`notes new NAME` and `notes daily [DATE]`: a note made with Dendron's frontmatter (id,
title, desc, updated, created, tags), from a template when one applies, never over an
existing file; then opened in the editor when one is given."""

from __future__ import annotations

import os
import secrets
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from notes_kb import files
from notes_kb.config import setting
from notes_kb.errors import BadOptionError, WriteRefusedError
from notes_kb.index.load import Vault
from notes_kb.model import Note
from notes_kb.parse.title import title_from_fname
from notes_kb.query.dates import parse_when
from notes_kb.write.paths import Place, place_of
from notes_kb.write.templates import fill, find_template
from notes_kb.write.textfile import TextFile, top_level_blocks

Editor = Callable[[str, int], None]  # (file, line): opens the file, returns when closed
_ID_ALPHABET = string.ascii_lowercase + string.digits
_OWN_KEYS = ("id", "title", "desc", "updated", "created", "tags")


@dataclass(frozen=True)
class Created:
    """A note made (or, for `daily`, found): where it is and what it was made from."""

    path: str  # relative to the location root
    absolute: Path
    fname: str
    id: str
    title: str
    created: bool  # False: the daily note existed already
    template: str | None  # the template's file name
    remark: str = ""  # a schema naming a missing template, said on stderr
    opened: bool = False  # the editor was opened


def new_id() -> str:
    """An id like Dendron's: 23 lowercase letters and digits."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(23))


def new_note(
    vault: Vault,
    name: str,
    title: str | None = None,
    tags: Sequence[str] = (),
    template: str | None = None,
    editor: Editor | None = None,
    now: datetime | None = None,
) -> Created:
    """Create NAME (a dotted Dendron name or a path in a folder vault); refuses an
    existing note or file. `editor`, when given, opens the new file."""
    now = now or datetime.now().astimezone()
    place = place_of(vault.location, name)
    _refuse_existing(vault, place)
    title = title or title_from_fname(place.fname)
    used, remark = find_template(vault, place.fname, place.vault.name, template)
    note_id = new_id()
    text = note_text(note_id, title, tags, used, place.fname, now)
    root = str(vault.location.root)
    absolute = Path(root) / place.path
    files.create_new(str(absolute), text.encode("utf-8"), root)
    made = Created(
        place.path,
        absolute,
        place.fname,
        note_id,
        title,
        True,
        used.fname if used else None,
        remark,
    )
    return _opened(made, text.count("\n"), editor)


def _opened(made: Created, line: int, editor: Editor | None) -> Created:
    if editor is None:
        return made
    editor(str(made.absolute), max(1, line))
    return replace(made, opened=True)


def _refuse_existing(vault: Vault, place: Place) -> None:
    key = place.path.casefold()
    for note in vault.notes:
        if note.path.casefold() == key:
            raise WriteRefusedError(f"{note.path} already exists; not overwritten")
    if os.path.lexists(vault.location.root / place.path):
        raise WriteRefusedError(f"{place.path} already exists; not overwritten")


def note_text(
    note_id: str,
    title: str,
    tags: Sequence[str],
    template: Note | None,
    fname: str,
    now: datetime,
) -> str:
    """Dendron's frontmatter, the template's own extra keys as written, then its body."""
    stamp = int(now.timestamp() * 1000)
    all_tags = list(dict.fromkeys([*(template.tags if template else ()), *tags]))
    lines = [
        "---",
        f"id: {note_id}",
        f"title: {_scalar(title)}",
        "desc: ''",
        f"updated: {stamp}",
        f"created: {stamp}",
    ]
    if all_tags:
        lines.append("tags:")
        lines += [f"  - {_scalar(tag)}" for tag in all_tags]
    head = "\n".join(lines) + "\n"
    body = ""
    if template is not None:
        parsed = TextFile(template.source).parsed
        for key, block in top_level_blocks(parsed).items():
            if key not in _OWN_KEYS:
                head += fill(block, title, fname, now)
        body = fill(template.body, title, fname, now)
    return head + "---\n\n" + body.lstrip("\n")


def _scalar(value: str) -> str:
    """A YAML scalar on one line, quoted only when it must be."""
    dumped: str = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n...\n").strip()


def daily_note(
    vault: Vault,
    when: str | None = None,
    editor: Editor | None = None,
    now: datetime | None = None,
) -> Created:
    """The journal note of a day (today by default; `yesterday`, `2026-12-01`...), named
    by the `daily_note` setting (`daily.journal.%Y.%m.%d`), created if missing."""
    now = now or datetime.now().astimezone()
    day = day_of(when, now)
    pattern = str(setting("daily_note", vault.location.root).value or "daily.journal.%Y.%m.%d")
    fname = day.strftime(pattern)
    place = place_of(vault.location, fname)
    key = place.path.casefold()
    for note in vault.notes:
        if note.path.casefold() == key:
            found = Created(
                note.path,
                vault.location.root / note.path,
                note.fname,
                note.id,
                note.title,
                False,
                None,
            )
            last = note.source.count("\n") + (not note.source.endswith("\n"))
            return _opened(found, last, editor)
    stamp = datetime.combine(day, now.timetz()) if day != now.date() else now
    return new_note(vault, fname, day.isoformat(), editor=editor, now=stamp)


def day_of(when: str | None, now: datetime) -> date:
    """A day as a person types it, in local time: today, yesterday, tomorrow, ISO..."""
    text = " ".join((when or "today").strip().lower().split())
    relative = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if text in relative:
        return now.date() + timedelta(days=relative[text])
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parse_when(text, now).date()
    except BadOptionError:
        raise BadOptionError(
            f"cannot read the day {when!r}; use 2026-12-06, today, yesterday, tomorrow "
            "or '3 days ago'"
        ) from None
