"""One note file -> everything the index stores about it. Pure but for reading the file,
and picklable, so a cold build can run it in worker processes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from notes_kb.config import VaultDir
from notes_kb.index.load import read_note
from notes_kb.model import Definition, Diagnostic, Note, Section
from notes_kb.parse.definitions import Alias, find_definitions
from notes_kb.parse.inline import plain
from notes_kb.parse.links import Link, extract_links
from notes_kb.parse.markdown import block_tokens, extract_sections, sections_of

FileTask = tuple[str, str, str, int, int]  # absolute path, relative path, vault, size, mtime


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
    size: int
    mtime_ns: int
    note: Note | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def parse_file(task: FileTask) -> NoteRecord:
    """Read, parse and extract one file; never raises for a bad file."""
    absolute, rel, vault, size, mtime_ns = task
    note, diagnostics = read_note(Path(absolute), rel, VaultDir(vault, Path(absolute).parent))
    record = NoteRecord(rel, vault, size, mtime_ns, note, diagnostics)
    if note is None:
        return record
    tokens = block_tokens(note.body)  # one Markdown parse serves sections and definitions
    note.memo["sections"] = extract_sections(note.body, note.body_line, tokens)
    record.segments = segments_of(note)
    record.definitions, record.aliases = find_definitions(note, tokens)
    record.links = extract_links(note)
    return record


def segments_of(note: Note) -> list[Segment]:
    """The note's opening text and each section's own text. The opening segment always
    exists (it carries the note's description in the index, even with no text)."""
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
