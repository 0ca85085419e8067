"""The data a vault is made of. Frozen dataclasses, no I/O; the two every read command
makes at import and no more than holds its fields (`Diagnostic`, `Resolved`) are named
tuples, which a new process makes in a seventh of a dataclass's time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, NamedTuple

Severity = Literal["error", "warning"]


class Diagnostic(NamedTuple):
    """A problem found in a file; the file is skipped or loaded in part, never fatal."""

    path: str
    line: int | None
    severity: Severity
    code: str
    message: str

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Section:
    """A heading and what sits under it. Lines are 1-based lines of the file."""

    heading: str
    level: int
    slug: str
    line: int
    end_line: int  # last line of the section, sub-sections included
    text: str  # text up to the next heading of any level
    # where `text` lies in the file: its first line and the next heading's line (the cache
    # keeps these instead of the text, and cuts the text from the note again)
    text_line: int = field(default=0, compare=False)
    text_end: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Note:
    """One Markdown file of a vault, with its frontmatter normalised."""

    id: str
    title: str
    fname: str  # file name without `.md`; dots make the hierarchy
    path: str  # posix path relative to the vault location's root
    vault: str
    desc: str
    tags: tuple[str, ...]
    created: datetime | None
    updated: datetime | None
    frontmatter: dict[str, Any] = field(repr=False)
    source: str = field(repr=False)  # the decoded file text, LF line endings
    body_offset: int = 0  # where the body starts in `source`
    body_line: int = 1  # the file line the body starts on
    # what parsing found out about this note, kept so it is worked out once (see
    # parse.markdown.sections_of); not part of the note's identity
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def body(self) -> str:
        return self.source[self.body_offset :]

    @property
    def segments(self) -> list[str]:
        return self.fname.split(".")

    def section_source(self, section: Section) -> str:
        """The Markdown of a section with its sub-sections."""
        lines = self.source.split("\n")
        return "\n".join(lines[section.line - 1 : section.end_line]).strip("\n") + "\n"


@dataclass(frozen=True)
class Definition:
    """One place a term is defined: what it says, where, and in which form."""

    term: str
    text: str
    note: str  # note id
    path: str
    line: int
    kind: str  # the form it was written in: glossary-bullet, sentence, heading, ...
    score: float = 0.0  # how sure the extractor is (parse.definitions.score); 0 when unknown


class Resolved(NamedTuple):
    """What a NOTE argument pointed at, and which rule found it."""

    note: Note
    section: Section | None
    rule: str  # "id", "file name", "hierarchy segment", "title", "heading", "path"

    @property
    def exact(self) -> bool:
        return self.rule in ("id", "file name", "path") and self.section is None


@dataclass
class TreeNode:
    """A place in the dotted hierarchy; `note` is None for a stub."""

    fname: str
    name: str
    note: Note | None = None
    children: dict[str, TreeNode] = field(default_factory=dict)

    @property
    def stub(self) -> bool:
        return self.note is None
