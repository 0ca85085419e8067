"""The only module that reads the notes (the files `index/walk` finds). Returns notes and
diagnostics, never raises for a bad file: one broken note must not hide the rest."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from notes_kb.config import Location, VaultDir
from notes_kb.files import FileRefusedError, max_note_bytes, read_inside
from notes_kb.index.walk import note_files

if TYPE_CHECKING:
    from notes_kb.parse.cards import Card
    from notes_kb.parse.links import Link
from notes_kb.model import Diagnostic, Note


@dataclass
class Vault:
    """Everything loaded from one location."""

    location: Location
    notes: list[Note]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: int = 0  # files not loaded at all
    # every note's links as written (note path -> links), from the index, or None: parse notes
    written_links: Callable[[], dict[str, list[Link]]] | None = None
    # every note's own study cards (note path -> cards), from the index, or None: parse notes
    note_cards: Callable[[], dict[str, list[Card]]] | None = None

    @cached_property
    def by_id(self) -> dict[str, list[Note]]:
        table: dict[str, list[Note]] = defaultdict(list)
        for note in self.notes:
            table[note.id].append(note)
        return dict(table)

    def abspath(self, note: Note) -> Path:
        return self.location.root / note.path


def load_vault(location: Location, progress: Callable[[int], None] | None = None) -> Vault:
    """Read every `*.md` of every vault folder of the location."""
    notes: list[Note] = []
    diagnostics: list[Diagnostic] = []
    skipped = 0
    root = os.path.realpath(location.root)
    limit = note_limit(location)
    for path, rel, vault_dir, entry, _ in note_files(location, diagnostics):
        note, problems = read_note(
            Path(path), rel, vault_dir, root, follow=entry is None, limit=limit
        )
        diagnostics.extend(problems)
        if note is None:
            skipped += 1
        else:
            notes.append(note)
        if progress is not None:
            progress(1)
    diagnostics.extend(duplicate_ids(notes))
    notes.sort(key=lambda n: (n.fname.lower(), n.path))
    return Vault(location=location, notes=notes, diagnostics=diagnostics, skipped=skipped)


def note_limit(location: Location) -> int:
    """The size limit of a note in this vault: environment, then its notes.toml."""
    from notes_kb.config import vault_limit

    return max_note_bytes(vault_limit(location.root))


def read_note(
    path: Path,
    rel: str,
    vault_dir: VaultDir,
    root: str | None = None,
    follow: bool = True,
    limit: int | None = None,
) -> tuple[Note | None, list[Diagnostic]]:
    """Read and decode one file; binary files are skipped, bad encodings decoded with care.

    Only a file really inside `root` (a real path; default: the vault folder) is read, and
    only up to the size limit; `follow=False` refuses a link where a plain file was found."""
    top = root if root is not None else os.path.realpath(vault_dir.path)
    try:
        read = read_inside(str(path), top, limit, follow=follow)
    except FileRefusedError as refusal:
        return None, [Diagnostic(rel, None, "error", refusal.code, refusal.message)]
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return None, [Diagnostic(rel, None, "error", "unreadable", f"cannot read file: {reason}")]
    data = read.data
    text, problem = decode(data)
    if text is None:
        return None, [Diagnostic(rel, None, "error", "binary", f"{problem}; skipped")]
    from notes_kb.parse.frontmatter import parse_note  # YAML loads only when a file is parsed

    note, diagnostics = parse_note(text, rel, vault_dir.name)
    if problem:
        whole_file = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16: no one bad line
        line = None if whole_file else bad_utf8_line(data)
        diagnostics.insert(0, Diagnostic(rel, line, "warning", "encoding", problem))
    if note.updated is None:  # no frontmatter time: the file's own is the honest answer
        note = replace(note, updated=datetime.fromtimestamp(read.stat.st_mtime, tz=UTC))
    return note, diagnostics


def decode(data: bytes) -> tuple[str | None, str | None]:
    """Bytes -> (text, problem). UTF-8 first; UTF-16 by its BOM; NUL bytes mean binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "file is UTF-16, not UTF-8; decoded from its BOM"
        except UnicodeDecodeError:
            return None, "file starts with a UTF-16 mark but does not decode"
    if b"\x00" in data:
        return None, "binary file (contains NUL bytes)"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        line = bad_utf8_line(data)
        return text, f"not valid UTF-8 (first bad byte on line {line}); decoded with replacement"


def bad_utf8_line(data: bytes) -> int | None:
    """The line of the first byte that is not UTF-8, or None when every byte is."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1
    return None


def duplicate_ids(notes: list[Note]) -> list[Diagnostic]:
    """Two notes with one id make links ambiguous: name both paths."""
    by_id: dict[str, list[str]] = defaultdict(list)
    for note in notes:
        by_id[note.id].append(note.path)
    return duplicate_id_diagnostics({i: sorted(p) for i, p in by_id.items() if len(p) > 1})


def duplicate_id_diagnostics(groups: dict[str, list[str]]) -> list[Diagnostic]:
    """One error per path of each shared id, naming the other paths."""
    found: list[Diagnostic] = []
    for note_id, paths in groups.items():
        for path in paths:
            others = ", ".join(p for p in paths if p != path)
            found.append(
                Diagnostic(
                    path, 1, "error", "duplicate-id", f"id {note_id!r} is also used by {others}"
                )
            )
    return found
