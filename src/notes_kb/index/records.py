"""One note file -> everything the index stores about it. Pure but for reading the file,
and picklable, so a cold build can run it in worker processes. The parsers load on the
first parse: a warm run, which only scans, never imports them."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from notes_kb.config import VaultDir
from notes_kb.index.load import read_note
from notes_kb.index.packed import Packed
from notes_kb.index.walk import NoteFile
from notes_kb.model import Definition, Diagnostic, Note, Section

if TYPE_CHECKING:
    from notes_kb.parse.cards import Card
    from notes_kb.parse.definitions import Alias
    from notes_kb.parse.links import Link


class FileTask(NamedTuple):
    """One file to parse, as the walk found it; picklable for the worker processes."""

    absolute: str  # the real bytes of the name (surrogate-escaped), for opening
    rel: str  # the printable name relative to the location: the note's path
    vault: str
    root: str  # the location's real path: nothing outside it is read
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    follow: bool  # False: a plain file was found, so a link now in its place is refused
    limit: int  # bytes: a larger file is skipped unread

    @property
    def stamp(self) -> tuple[int, int, int, int]:
        """What the cache compares to tell a changed file."""
        return (self.size, self.mtime_ns, self.ctime_ns, self.inode)


class Tasks(Packed[FileTask]):
    """The files a refresh parses, packed: their names in one string, their stamps in one
    array, a `FileTask` made only when one is asked for. A `FileTask` each took 470 bytes
    at 100,000 files, and sharing the walk's strings kept the walk's own 110 MB from being
    freed (the cold build's workers inherit what the main process holds)."""

    def __init__(self, found: Iterable[NoteFile], root: str, limit: int) -> None:
        self.root, self.limit = root, limit
        rels: list[str] = []
        self.vaults: list[str] = []
        self.vault_of = array("H")
        self.stamps: array[int] | list[int] = array("q")
        self.followed = bytearray()  # 1: reached through a link (no entry of its own)
        self.absolute: dict[int, str] = {}  # where the path is not prefix + name
        self.prefix = ""
        vault_numbers: dict[str, int] = {}
        for n, (path, rel, vault_dir, entry, stamp) in enumerate(found):
            assert stamp is not None
            if not n:
                self.prefix = path[: len(path) - len(rel)] if path.endswith(rel) else ""
            if path != self.prefix + rel:
                self.absolute[n] = path
            rels.append(rel)
            number = vault_numbers.setdefault(vault_dir.name, len(vault_numbers))
            if number == len(self.vaults):
                self.vaults.append(vault_dir.name)
            self.vault_of.append(number)
            try:
                self.stamps.extend(array("q", stamp) if isinstance(self.stamps, array) else stamp)
            except OverflowError:  # not 64 bits (an inode, say): kept as Python integers
                self.stamps = [*self.stamps, *stamp]
            self.followed.append(entry is None)
        self.names = "\0".join(rels)  # new strings: none of the walk's is kept
        self.starts = array("q", [0])
        for rel in rels:
            self.starts.append(self.starts[-1] + len(rel) + 1)

    def __len__(self) -> int:
        return len(self.followed)

    def _item(self, n: int) -> FileTask:
        rel = self.names[self.starts[n] : self.starts[n + 1] - 1]
        size, mtime_ns, ctime_ns, inode = self.stamps[4 * n : 4 * n + 4]
        return FileTask(
            self.absolute.get(n, self.prefix + rel),
            rel,
            self.vaults[self.vault_of[n]],
            self.root,
            size,
            mtime_ns,
            ctime_ns,
            inode,
            bool(self.followed[n]),
            self.limit,
        )


@dataclass(frozen=True)
class Segment:
    """The unit of search: a note's opening text, or one section up to the next heading."""

    line: int  # the heading's line (the body's, for the opening)
    heading: str
    body: str
    body_line: int  # the file line `body` starts on: a match's line is counted from here


@dataclass
class NoteRecord:
    path: str
    vault: str
    stamp: tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
    note: Note | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)


def parse_file(task: FileTask) -> NoteRecord:
    """Read, parse and extract one file; never raises for a bad file."""
    from notes_kb.parse.cards import note_cards
    from notes_kb.parse.definitions import find_definitions
    from notes_kb.parse.links import extract_links
    from notes_kb.parse.markdown import block_tokens, extract_sections

    note, diagnostics = read_note(
        Path(task.absolute),
        task.rel,
        VaultDir(task.vault, Path(task.absolute).parent),
        task.root,
        follow=task.follow,
        limit=task.limit,
    )
    record = NoteRecord(task.rel, task.vault, task.stamp, note, diagnostics)
    if note is None:
        return record
    try:
        # one Markdown parse serves title, sections and definitions (block_tokens keeps it)
        tokens = block_tokens(note.body)
        note.memo["sections"] = extract_sections(note.body, note.body_line, tokens)
        record.segments = segments_of(note)
        record.definitions, record.aliases = find_definitions(note, tokens)
        record.links = extract_links(note)
        record.cards = note_cards(note)  # from the same block tokens, kept by block_tokens
    except Exception as error:  # a bug of ours on one note must not stop every command
        note.memo["sections"] = ()
        record.segments = [Segment(note.body_line, "", note.body, note.body_line)]
        record.definitions, record.aliases, record.links, record.cards = [], [], [], []
        record.diagnostics.append(
            Diagnostic(
                task.rel,
                None,
                "error",
                "parse-failed",
                f"notes could not read this note's structure ({type(error).__name__}: "
                f"{str(error)[:200]}); its text is still searchable. Please report this.",
            )
        )
    return record


def segments_of(note: Note) -> list[Segment]:
    """The note's opening text and each section's own text. The opening segment always
    exists (it carries the note's description in the index, even with no text)."""
    from notes_kb.parse.inline import plain
    from notes_kb.parse.markdown import sections_of

    lines = note.source.split("\n")
    starts = [(s.line, s.heading, _content_line(s, lines)) for s in sections_of(note)]
    found: list[Segment] = []
    bounds = [(note.body_line, "", note.body_line), *starts]
    for number, (line, heading, first) in enumerate(bounds):
        end = bounds[number + 1][0] - 1 if number + 1 < len(bounds) else len(lines)
        chunk = lines[first - 1 : end]
        while chunk and not chunk[0].strip():  # the body starts at its first written line
            chunk.pop(0)
            first += 1
        repeats_title = not chunk and heading.casefold() == note.title.casefold()
        if number == 0 or ((chunk or heading) and not repeats_title):  # "# Title" alone: skip
            # indexed as a reader sees it: link targets and Markdown marks are not words
            text = plain("\n".join(chunk).rstrip())[0]
            found.append(Segment(line, heading, text, first))
    return found


def _content_line(section: Section, lines: list[str]) -> int:
    """The first line after a heading (after both lines of a setext heading)."""
    after = section.line + 1
    if after <= len(lines) and _is_setext_underline(lines[after - 1]):
        return after + 1
    return after


def _is_setext_underline(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= 2 and (set(stripped) <= {"="} or set(stripped) <= {"-"})
