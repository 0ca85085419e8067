"""A note's text as it is on disk, and edits of spans of it. Pure: bytes in, bytes out.

Parsing sees a note with LF line endings and no BOM (`parse.frontmatter.parse_note`); the
file may have CRLF or lone CR endings, a BOM, bytes that are not UTF-8. An edit is found on
the parsed text as (line, column) and applied to the original text at the same place, so
every byte outside the edited spans comes back exactly as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notes_kb.errors import WriteRefusedError

_BOM = "\ufeff"
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Edit:
    """Replace columns [start, end) of a file line (1-based) with `text`."""

    line: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TextFile:
    """Decoded file text that encodes back to the same bytes."""

    text: str  # with its BOM and its own line endings

    @classmethod
    def decode(cls, data: bytes, name: str) -> TextFile:
        """UTF-8 (with or without BOM); stray bytes survive (surrogateescape). UTF-16 and
        binary files are refused: they cannot be edited byte for byte."""
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
            raise WriteRefusedError(f"{name} is not UTF-8 text; not changed")
        return cls(data.decode("utf-8", errors="surrogateescape"))

    def encode(self) -> bytes:
        return self.text.encode("utf-8", errors="surrogateescape")

    @property
    def parsed(self) -> str:
        """The text as the parser sees it: LF endings, no BOM."""
        text = self.text[1:] if self.text.startswith(_BOM) else self.text
        return _LINE_END.sub("\n", text)

    @property
    def newline(self) -> str:
        """The file's line ending (its first one), for lines an edit adds."""
        found = _LINE_END.search(self.text)
        return found.group() if found else "\n"

    def line_starts(self) -> list[int]:
        """Offset in `text` of each line's first character (index 0 is line 1)."""
        first = 1 if self.text.startswith(_BOM) else 0
        return [first] + [m.end() for m in _LINE_END.finditer(self.text)]

    def apply(self, edits: list[Edit]) -> TextFile:
        """The text with every edit made; edits must not overlap."""
        starts = self.line_starts()
        spans = sorted(
            ((starts[e.line - 1] + e.start, starts[e.line - 1] + e.end, e.text) for e in edits),
            reverse=True,
        )
        text = self.text
        previous = len(text) + 1
        for start, end, replacement in spans:
            if end > previous:
                raise ValueError("overlapping edits")
            text = text[:start] + replacement + text[end:]
            previous = start
        return TextFile(text)


_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+|$)")


def frontmatter_lines(parsed: str) -> range | None:
    """File lines (1-based) of the YAML between the `---` fences, or None."""
    lines = parsed.split("\n")
    if not lines or lines[0].rstrip(" \t") != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip(" \t") in ("---", "..."):
            return range(2, index + 1)
    return None


def top_level_value(parsed: str, key: str) -> Edit | None:
    """The span of a top-level frontmatter key's one-line value (without a trailing
    comment), as an Edit to fill in; None when the key is absent or its value is a block."""
    found = frontmatter_lines(parsed)
    if found is None:
        return None
    lines = parsed.split("\n")
    for number in found:
        line = lines[number - 1]
        match = _KEY.match(line)
        if not match or match.group(1) != key:
            continue
        value = line[match.end() :]
        comment = re.search(r"[ \t]+#", value)
        value_end = match.end() + (comment.start() if comment else len(value.rstrip(" \t")))
        if value_end <= match.end():
            return None
        return Edit(number, match.end(), value_end, "")
    return None


def top_level_blocks(parsed: str) -> dict[str, str]:
    """Each top-level frontmatter key with its whole YAML text (the key line and the
    indented lines under it), as written."""
    found = frontmatter_lines(parsed)
    if found is None:
        return {}
    lines = parsed.split("\n")
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number in found:
        line = lines[number - 1]
        match = _KEY.match(line)
        if match:
            current = blocks.setdefault(match.group(1), [])
        if current is not None and (match or line[:1] in (" ", "\t", "-") or not line.strip()):
            current.append(line)
        elif not match:
            current = None
    return {key: "\n".join(block).rstrip() + "\n" for key, block in blocks.items()}
