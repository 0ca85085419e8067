"""`notes edit NOTE`: open a note in the editor at the section asked for, and afterwards
set its frontmatter `updated` to now, only if the file changed, in the format it had."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from notes_kb import files
from notes_kb.errors import WriteRefusedError
from notes_kb.index.load import Vault
from notes_kb.model import Resolved
from notes_kb.write.create import Editor
from notes_kb.write.textfile import TextFile, top_level_value


@dataclass(frozen=True)
class Edited:
    """The note opened, the line it was opened at, and what changed."""

    path: str  # relative to the location root
    absolute: Path
    line: int
    opened: bool
    changed: bool  # the editor changed the file
    stamped: bool  # `updated` was set to now


def edit_note(
    vault: Vault, resolved: Resolved, editor: Editor | None, now: datetime | None = None
) -> Edited:
    """Open the resolved note (at its section's heading line, else the first line of
    its body) with `editor`; without one, only say where it is."""
    note = resolved.note
    root = str(vault.location.root)
    absolute = vault.location.root / note.path
    line = resolved.section.line if resolved.section else note.body_line
    if editor is None:
        return Edited(note.path, absolute, line, False, False, False)
    real = files.writable_path(absolute, root)  # a read-only note is said before editing
    before, _ = files.read_for_write(real, root)
    editor(real, line)
    try:
        after, snapshot = files.read_for_write(real, root)
    except (OSError, files.FileRefusedError):
        return Edited(note.path, absolute, line, True, True, False)  # moved or deleted
    if after == before:
        return Edited(note.path, absolute, line, True, False, False)
    stamped = stamp_updated(real, after, snapshot, root, now or datetime.now(tz=UTC))
    return Edited(note.path, absolute, line, True, True, stamped)


def stamp_updated(
    path: str, data: bytes, snapshot: files.Snapshot, root: str, now: datetime
) -> bool:
    """Set `updated:` to now where the frontmatter has one; only its value changes."""
    try:
        text = TextFile.decode(data, os.path.basename(path))
    except WriteRefusedError:
        return False
    span = top_level_value(text.parsed, "updated")
    if span is None:
        return False
    line = text.parsed.split("\n")[span.line - 1]
    value = stamp_like(line[span.start : span.end], now)
    files.replace_checked(path, text.apply([replace(span, text=value)]).encode(), snapshot, root)
    return True


def stamp_like(old: str, now: datetime) -> str:
    """`now` written as `old` was: epoch milliseconds or seconds, an ISO date or time
    (quoted if it was), else epoch milliseconds (Dendron's)."""
    quote = old[0] if old[:1] in ("'", '"') and old[-1:] == old[:1] else ""
    bare = old[1:-1] if quote else old
    if re.fullmatch(r"\d{9,11}", bare):
        return f"{quote}{int(now.timestamp())}{quote}"
    if re.fullmatch(r"\d{4}-\d\d-\d\d", bare):
        return f"{quote}{now.astimezone():%Y-%m-%d}{quote}"
    if re.fullmatch(r"\d{4}-\d\d-\d\d[T ].*", bare):
        utc = bare.endswith(("Z", "z"))
        offset = re.search(r"[+-]\d\d:?\d\d$", bare) is not None
        moment = now.astimezone(UTC) if utc else now.astimezone()
        if not (utc or offset):
            moment = moment.replace(tzinfo=None)  # a local time, as it was written
        text = moment.replace(microsecond=0).isoformat(sep=bare[10])
        text = text.replace("+00:00", "Z") if utc else text
        return f"{quote}{text}{quote}"
    return f"{quote}{int(now.timestamp() * 1000)}{quote}"
