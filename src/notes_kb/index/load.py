"""The only module that reads the notes folder. Returns notes and diagnostics, never raises
for a bad file: one broken note must not hide the rest."""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
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
_PATH = attrgetter("path")
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


Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode: what tells a change
# (absolute path, path relative to the location, its vault, its directory entry, its stamp)
NoteFile = tuple[str, str, VaultDir, os.DirEntry[str] | None, Stamp | None]


def note_files(
    location: Location, diagnostics: list[Diagnostic], stamped: bool = False
) -> list[NoteFile]:
    """Every note file of every vault, each real file once: one reached again through a
    symbolic link is skipped. The loader and the cache's scan both walk with this; the
    scan (`stamped`: each file's stamp too, a file gone meanwhile left out) runs it over
    every file on every command, 100,000 in one folder, so it is one tight loop.

    The relative path is the note's name everywhere else (cache, output), so it is made
    printable here (`display_name`); the absolute path keeps the real bytes for reading.
    The entry is None for a file reached through a link."""
    found: list[NoteFile] = []
    add = found.append
    seen: set[str] = set()  # real paths: filled once a second vault or a link may repeat one
    names: set[str] = set()
    root = str(location.root).rstrip(os.sep) + os.sep
    cut = len(root)
    for problem in location_problems(location):
        diagnostics.append(problem)

    def admit(
        files: Iterable[tuple[str, os.DirEntry[str] | None]], vault: VaultDir, linked: bool
    ) -> None:
        """Name each file, skip one printing with a name already taken (the first keeps
        it), stamp it and keep it; a file gone meanwhile is left out. `linked`: files
        reached through a link, stat-ed by path. One loop a batch: no call per file."""
        stamp: Stamp | None = None
        for path, entry in files:
            rel = path[cut:] if path.startswith(root) else path
            if os.sep != "/":
                rel = rel.replace(os.sep, "/")
            if not (rel.isascii() and rel.isprintable()):
                rel = display_name(rel)
            if rel in names:  # two names that print the same
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
            if stamped:
                try:
                    info = os.stat(path) if linked or entry is None else entry.stat()
                except OSError:
                    continue
                stamp = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            add((path, rel, vault, entry, stamp))

    for number, vault_dir in enumerate(location.vaults):
        shown_vault = VaultDir(display_name(vault_dir.name), vault_dir.path)
        plain, linked = markdown_entries(vault_dir.path, diagnostics, location.root)
        # the real tree: a path is its own real path; the first vault's repeats no path
        unseen: Iterable[tuple[str, os.DirEntry[str] | None]]
        unseen = zip(map(_PATH, plain), plain, strict=True)
        if number:
            unseen = [(path, entry) for path, entry in unseen if path not in seen]
            seen.update(path for path, _ in unseen)
        admit(unseen, shown_vault, False)
        if number == 0 and (linked or len(location.vaults) > 1):
            seen.update(map(_PATH, plain))
        reached: list[tuple[str, os.DirEntry[str] | None]] = []
        for path, entry in linked:  # through a link: it may alias a file seen above
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                reached.append((path, entry))
        admit(reached, shown_vault, True)
    return found


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


def markdown_entries(
    folder: Path, diagnostics: list[Diagnostic], root: Path
) -> tuple[list[os.DirEntry[str]], list[tuple[str, os.DirEntry[str] | None]]]:
    """Every note file of a folder: the directory entries of those in its real tree, in
    walk order, then (path, entry) of those reached through a link (entry None for a file
    linked itself).

    The index's warm scan runs this over every file on every command, so it stays lean: a
    plain loop over each folder's entries, whose cached type answers file-or-folder, and
    no tuple per file. A loop, not recursion: folders hundreds deep are walked like any
    other. A folder holding a CACHEDIR.TAG (our cache has one) is never indexed."""
    top = os.path.realpath(folder)
    visited: set[str] = set()
    links: list[str] = []  # links inside the vault, followed last (see the end)

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

    def walk(directory: str, through_link: bool, files: list[os.DirEntry[str]]) -> None:
        add = files.append
        stack = [iter(listing(directory, through_link))]
        while stack:
            for entry in stack[-1]:
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
                        links.append(entry.path)
                    elif name[-3:].lower() == ".md" and entry.is_file(follow_symlinks=False):
                        add(entry)
                    elif entry.is_dir(follow_symlinks=False) and name not in SKIPPED_DIRS:
                        stack.append(iter(listing(entry.path, through_link)))
                        break  # into the folder; this one goes on where it stopped
                except OSError:
                    continue
            else:
                stack.pop()

    plain: list[os.DirEntry[str]] = []
    walk(str(folder), False, plain)
    # a file or folder reached both by its own path and by a link keeps its own path: links
    # come after the real tree, and each real file is read once, the first time
    linked: list[tuple[str, os.DirEntry[str] | None]] = []
    for link in links:  # grows while linked folders are walked: their links come last
        name = os.path.basename(link)
        with contextlib.suppress(OSError):
            if os.path.isdir(link):
                if name not in SKIPPED_DIRS:
                    inner: list[os.DirEntry[str]] = []
                    walk(link, True, inner)
                    linked += [(entry.path, entry) for entry in inner]
            elif name.lower().endswith(".md") and os.path.isfile(link):
                linked.append((link, None))
    return plain, linked


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
