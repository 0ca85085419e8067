"""The only module that reads the notes folder. Returns notes and diagnostics, never raises
for a bad file: one broken note must not hide the rest."""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from notes_kb.config import WORKSPACE_FILE, Location, VaultDir
from notes_kb.files import FileRefusedError, display_name, max_note_bytes, read_inside

if TYPE_CHECKING:
    from notes_kb.parse.cards import Card
    from notes_kb.parse.links import Link
from notes_kb.model import Diagnostic, Note

SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})
_NAME = attrgetter("name")
CACHE_TAG = "CACHEDIR.TAG"  # marks a cache folder (ours has one): never indexed


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
    for path, rel, vault_dir, entry in iter_note_files(location, diagnostics):
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


def iter_note_files(
    location: Location, diagnostics: list[Diagnostic]
) -> Iterator[tuple[str, str, VaultDir, os.DirEntry[str] | None]]:
    """(absolute path, path relative to the location, its vault, its directory entry) for
    every note file of every vault, each real file once: one reached again through a
    symbolic link is skipped. The loader and the cache's scan both walk with this.

    The relative path is the note's name everywhere else (cache, output), so it is made
    printable here (`display_name`); the absolute path keeps the real bytes for reading.
    The entry is None for a file reached through a link."""
    seen: set[str] = set()
    names: set[str] = set()
    root = str(location.root).rstrip(os.sep) + os.sep
    for problem in location_problems(location):
        diagnostics.append(problem)
    for vault_dir in location.vaults:
        shown_vault = VaultDir(display_name(vault_dir.name), vault_dir.path)
        for path, through_link, entry in iter_markdown_paths(
            vault_dir.path, diagnostics, location.root
        ):
            real = os.path.realpath(path) if through_link else path  # only links can alias
            if real in seen:
                continue
            seen.add(real)
            rel = path[len(root) :] if path.startswith(root) else path
            rel = display_name(rel if os.sep == "/" else rel.replace(os.sep, "/"))
            if rel in names:  # two names that print the same: the first keeps it
                diagnostics.append(
                    Diagnostic(
                        rel,
                        None,
                        "warning",
                        "name-collision",
                        "another file prints with this same name; skipped",
                    )
                )
                continue
            names.add(rel)
            yield path, rel, shown_vault, entry


def note_limit(location: Location) -> int:
    """The size limit of a note in this vault: environment, then its notes.toml."""
    from notes_kb.config import vault_limit

    return max_note_bytes(vault_limit(location.root))


def location_problems(location: Location) -> list[Diagnostic]:
    """What was refused while finding the vaults (a dendron.yml vault outside the root)."""
    return [
        Diagnostic(WORKSPACE_FILE, None, "warning", "vault-outside", display_name(message))
        for message in location.problems
    ]


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


def iter_markdown_paths(
    folder: Path, diagnostics: list[Diagnostic], root: Path
) -> Iterator[tuple[str, bool, os.DirEntry[str] | None]]:
    """(path, reached through a link, its directory entry) for every note file, links last.

    The index's warm scan runs this over every file on every command, so it stays lean: the
    entry's cached type answers file-or-folder, and `entry.stat()` saves a path lookup.
    A loop, not recursion: folders hundreds deep are walked like any other. A folder holding
    a CACHEDIR.TAG (our cache has one) is never indexed."""
    top = os.path.realpath(folder)
    visited: set[str] = set()
    linked: list[str] = []  # links inside the vault, followed last (see the end)

    def listing(directory: str, through_link: bool) -> list[os.DirEntry[str]]:
        real_dir = os.path.realpath(directory) if through_link or not visited else directory
        if real_dir in visited:
            return []
        visited.add(real_dir)
        try:
            with os.scandir(directory) as found:
                entries = list(found)
        except OSError as error:
            diagnostics.append(
                Diagnostic(
                    _relative(Path(directory), root),
                    None,
                    "error",
                    "unreadable",
                    f"cannot read folder: {error.strerror or error}",
                )
            )
            return []
        if any(entry.name == CACHE_TAG for entry in entries):
            return []
        entries.sort(key=_NAME)  # attrgetter: no Python call per entry (100,000 in a folder)
        return entries

    def walk(
        directory: str, through_link: bool = False
    ) -> Iterator[tuple[str, bool, os.DirEntry[str] | None]]:
        stack = [iter(listing(directory, through_link))]
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            name = entry.name
            if name[0] == ".":
                continue
            try:
                if entry.is_symlink():
                    if not _inside(os.path.realpath(entry.path), top):
                        diagnostics.append(
                            Diagnostic(
                                _relative(Path(entry.path), root),
                                None,
                                "warning",
                                "symlink-outside",
                                "symbolic link leaves the vault; not followed",
                            )
                        )
                        continue
                    linked.append(entry.path)
                elif name[-3:].lower() == ".md" and entry.is_file(follow_symlinks=False):
                    yield entry.path, through_link, entry
                elif entry.is_dir(follow_symlinks=False) and name not in SKIPPED_DIRS:
                    stack.append(iter(listing(entry.path, through_link)))
            except OSError:
                continue

    yield from walk(str(folder))
    # a file or folder reached both by its own path and by a link keeps its own path: links
    # come after the real tree, and load_vault reads each real file once, the first time
    for link in linked:
        name = os.path.basename(link)
        with contextlib.suppress(OSError):
            if os.path.isdir(link):
                if name not in SKIPPED_DIRS:
                    yield from walk(link, True)
            elif name.lower().endswith(".md") and os.path.isfile(link):
                yield link, True, None


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


def _inside(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def _relative(path: Path, root: Path) -> str:
    try:
        return display_name(path.relative_to(root).as_posix())
    except ValueError:
        return display_name(path.as_posix())
