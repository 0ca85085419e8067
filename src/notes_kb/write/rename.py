"""`notes rename OLD NEW`: move a note (and with `with_children` its hierarchy) and rewrite
every link to it in every note, all or nothing.

Planning reads every file it will touch and computes its new bytes (`relink`); nothing is
written until the whole plan is known. Then `transaction.apply` refuses if any target
exists or any file changed since it was read, and applies; a failure midway is undone.
"""

from __future__ import annotations

import difflib
import os
import posixpath
from dataclasses import dataclass, field, replace

from notes_kb import files
from notes_kb.errors import BadOptionError, WriteRefusedError
from notes_kb.index.load import Vault
from notes_kb.model import Note
from notes_kb.parse.frontmatter import parse_note
from notes_kb.parse.title import title_from_fname
from notes_kb.query.linkgraph import link_graph
from notes_kb.query.resolve import NoteNames, names_of, normalise_title, resolve_note
from notes_kb.write import transaction
from notes_kb.write.paths import place_of
from notes_kb.write.relink import Names, relink
from notes_kb.write.textfile import TextFile
from notes_kb.write.transaction import Change


@dataclass(frozen=True)
class Renamed:
    """What a rename did (or, with `dry_run`, would do)."""

    moves: list[tuple[str, str]]  # (old path, new path), relative to the location root
    changes: list[Change] = field(repr=False)
    children_left: int = 0  # notes below the old name that stay where they are
    dry_run: bool = False

    @property
    def links(self) -> int:
        return sum(change.links for change in self.changes)

    @property
    def linking_files(self) -> list[tuple[str, int]]:
        """(path after the rename, links rewritten) of each file whose text changes."""
        return [(c.new_path, c.links) for c in self.changes if c.edits]

    def diff(self) -> str:
        """A unified diff of every change, git style (renames as `rename from/to`)."""
        parts: list[str] = []
        for change in sorted(self.changes, key=lambda c: c.path):
            head = f"diff --git a/{change.path} b/{change.new_path}\n"
            if change.moves:
                head += f"rename from {change.path}\nrename to {change.new_path}\n"
            before = change.before.decode("utf-8", "surrogateescape").splitlines(keepends=True)
            after = change.after.decode("utf-8", "surrogateescape").splitlines(keepends=True)
            body = difflib.unified_diff(
                before, after, f"a/{change.path}", f"b/{change.new_path}", n=1
            )
            lines = [line if line.endswith("\n") else line + "\n" for line in body]
            parts.append(head + "".join(lines))
        return "".join(parts)


def rename_note(
    vault: Vault, old: str, new: str, with_children: bool = False, dry_run: bool = False
) -> Renamed:
    """Rename the note OLD (any NOTE form) to NEW and mend every link to it; with
    `dry_run`, only plan it. Raises a NotesError, having written nothing, when it cannot."""
    resolved = resolve_note(vault, old)
    if resolved.section is not None:
        raise BadOptionError(f'"{old}" names a section; rename takes a note')
    note = resolved.note
    location = vault.location
    place = place_of(location, new, beside=note.path, vault=note.vault)
    if place.vault.name != note.vault:
        raise BadOptionError(f"{note.path} is in the vault {note.vault!r}; rename stays in it")
    if place.path == note.path:
        raise BadOptionError(f"{note.path} is already named {new!r}")
    moved = _moves(vault.notes, note, place.path, place.fname, with_children)
    _refuse_taken(vault, moved)
    names = Names(names_of(vault), NoteNames(_after(vault.notes, moved)), moved, location.workspace)
    root = os.path.realpath(location.root)
    changes = [
        change
        for source in _sources(vault, moved)
        if (change := _change(source, moved, names, root)) is not None
    ]
    below = sum(n.fname.startswith(note.fname + ".") and n.vault == note.vault for n in vault.notes)
    result = Renamed(
        [(path, after.path) for path, after in moved.items()],
        changes,
        0 if with_children else below,
        dry_run,
    )
    if not dry_run:
        transaction.apply(changes, root)
    return result


def _moves(
    notes: list[Note], note: Note, path: str, fname: str, with_children: bool
) -> dict[str, Note]:
    """Old path -> the note as it will be: the note, and its hierarchy when asked."""
    moved = {note.path: _renamed(note, path)}
    if not with_children:
        return moved
    folder = posixpath.dirname(path)
    for child in notes:
        same_place = posixpath.dirname(child.path) == posixpath.dirname(note.path)
        if same_place and child.vault == note.vault and child.fname.startswith(note.fname + "."):
            child_fname = fname + child.fname[len(note.fname) :]
            moved[child.path] = _renamed(child, posixpath.join(folder, child_fname + ".md"))
    return moved


def _renamed(note: Note, path: str) -> Note:
    """The note under its new name: the id and title follow the name only where they
    came from it (no `id:`, no `title:` or heading)."""
    fname = posixpath.basename(path)[:-3]
    stem = note.path[:-3] if note.path.lower().endswith(".md") else note.path
    note_id = path[:-3] if note.id == stem else note.id
    title = note.title
    if title == title_from_fname(note.fname) and "title" not in note.frontmatter:
        title = title_from_fname(fname)
    return replace(note, path=path, fname=fname, id=note_id, title=title, memo={})


def _refuse_taken(vault: Vault, moved: dict[str, Note]) -> None:
    """A target that is a file, or the name of another note (any case), is refused."""
    root = vault.location.root
    leaving = {path.casefold() for path in moved}
    taken = {n.path.casefold() for n in vault.notes} - leaving
    targets: set[str] = set()
    for old, after in moved.items():
        key = after.path.casefold()
        exists = os.path.lexists(root / after.path) and key != old.casefold()
        if key in taken or key in targets or (exists and key not in leaving):
            raise WriteRefusedError(f"{after.path} already exists; nothing was renamed")
        targets.add(key)


def _after(notes: list[Note], moved: dict[str, Note]) -> list[Note]:
    return [moved.get(note.path, note) for note in notes]


def _sources(vault: Vault, moved: dict[str, Note]) -> list[Note]:
    """Notes that may hold a link the rename breaks: those linking to a moved note, the
    moved notes (their relative links), and those naming what a moved note will be called
    (a link that found another note may find the moved one, or two, afterwards)."""
    graph = link_graph(vault)
    chosen: dict[str, Note] = {}
    for path in moved:
        for edge in graph.incoming.get(path, []):
            chosen[edge.source.path] = edge.source
    new_names = set()
    for after in moved.values():
        new_names |= {after.fname.casefold(), after.segments[-1].casefold()}
        new_names.add(normalise_title(after.title))
    for edge in graph.edges():
        name = edge.target_name
        if name.casefold() in new_names or normalise_title(name) in new_names:
            chosen[edge.source.path] = edge.source
    for note in vault.notes:
        if note.path in moved:
            chosen[note.path] = note
    return sorted(chosen.values(), key=lambda n: n.path)


def _change(source: Note, moved: dict[str, Note], names: Names, root: str) -> Change | None:
    """The planned change of one file, from its text on disk now."""
    path = os.path.join(root, source.path)
    try:
        data, snapshot = files.read_for_write(path, root)
    except files.FileRefusedError as refusal:
        raise WriteRefusedError(f"{source.path}: {refusal.message}") from None
    except OSError as error:
        raise WriteRefusedError(f"cannot read {source.path}: {error.strerror}") from None
    text = TextFile.decode(data, source.path)
    on_disk, _ = parse_note(text.parsed, source.path, source.vault)
    target = moved.get(source.path)
    after = on_disk if target is None else replace(on_disk, path=target.path, fname=target.fname)
    edits = relink(on_disk, after, names)
    if not edits and target is None:
        return None
    new_bytes = text.apply(edits).encode() if edits else data
    return Change(source.path, after.path, data, new_bytes, snapshot, len(edits))
