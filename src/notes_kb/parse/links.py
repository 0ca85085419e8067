"""Links between notes: extraction from one note (pure) and resolution across a vault.

Understood: `[[note]]`, `[[note#heading]]`, `[[note#^block]]`, `[[alias|note]]` (Dendron) and
`[[note|alias]]` (Obsidian), cross-vault `[[dendron://vault/note]]`, Markdown links to `.md`
files, embeds `![[note]]`, `![[note#a:#b]]`, inline `#tags`, `[[#tag]]` tag links, and
`@user` mentions. Nothing inside fenced or inline code is a link or a tag.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from notes_kb.model import Note
from notes_kb.parse.markdown import lines_outside_code

_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_WIKI = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\]")
_MARKDOWN = re.compile(
    r"(?<!!)\[([^\]\n]*)\]\(\s*<?([^)\s>]+\.md)(?:#([^)\s>]*))?>?(?:\s+\"[^\"]*\")?\s*\)"
)
_TAG = re.compile(r"(?<![\w#&/\]\[(`])#([A-Za-z](?:[\w./-]*\w)?)")
_MENTION = re.compile(r"(?<![\w@./])@([a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)*)", re.I)
_URL = re.compile(r"https?://\S+|www\.\S+")
_HEADING_MARKS = re.compile(r"^ {0,3}#{1,6}(?=\s|$)")


@dataclass(frozen=True)
class Link:
    """One link as written: resolution needs the whole vault and happens later."""

    line: int
    kind: str  # "wikilink", "embed", "markdown", "tag", "mention"
    left: str  # the text before `|`, or the whole target when there is no `|`
    right: str  # the text after `|`, or ""
    anchor: str  # heading slug, ^block or a:#b range ("" for none)
    vault: str  # cross-vault name, or ""
    raw: str  # as written, for messages


def code_free_lines(note: Note) -> Iterator[tuple[int, str]]:
    """(file line, text) of the body outside fenced code, inline code blanked out."""
    for offset, line in lines_outside_code(note.body):
        if "`" in line:
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        yield note.body_line + offset, line


def extract_links(note: Note) -> list[Link]:
    """Every link, embed, tag and mention in a note, each with its line."""
    found: list[Link] = []
    for line_no, line in code_free_lines(note):
        for match in _WIKI.finditer(line):
            found.append(_wikilink(match.group(1) == "!", match.group(2), line_no, match.group()))
        for match in _MARKDOWN.finditer(line):
            target = match.group(2)
            if "://" in target:
                continue
            found.append(
                Link(
                    line_no,
                    "markdown",
                    unquote(target),
                    "",
                    match.group(3) or "",
                    "",
                    match.group(),
                )
            )
        text = _HEADING_MARKS.sub("", _URL.sub(" ", _WIKI.sub(" ", line)))  # "## a #tag": a tag
        for match in _TAG.finditer(text):
            found.append(Link(line_no, "tag", match.group(1), "", "", "", match.group()))
        for match in _MENTION.finditer(text):
            name = match.group(1).rstrip(".")
            found.append(Link(line_no, "mention", name, "", "", "", "@" + name))
    return found


def _wikilink(embed: bool, inner: str, line: int, raw: str) -> Link:
    left, _, right = (part.strip() for part in inner.partition("|"))
    if left.startswith("#") and not right:  # [[#tag]]: a tag written as a link
        return Link(line, "tag", left[1:], "", "", "", raw)
    return Link(line, "embed" if embed else "wikilink", left, right, "", "", raw)


def split_target(text: str) -> tuple[str, str, str]:
    """`dendron://vault/note#anchor` -> (vault, note, anchor)."""
    vault = ""
    if text.startswith("dendron://"):
        rest = text[len("dendron://") :]
        vault, _, text = rest.partition("/")
    note, _, anchor = text.partition("#")
    return vault, note.strip(), anchor.strip()


def tags_of(note: Note, links: list[Link]) -> list[str]:
    """Frontmatter tags and inline ones, in order, once each."""
    seen: dict[str, None] = {}
    for tag in note.tags:
        seen.setdefault(tag, None)
    for link in links:
        if link.kind == "tag":
            seen.setdefault(link.left, None)
    return list(seen)


def relative_target(source_path: str, target: str) -> str:
    """A Markdown link's path, relative to the linking note's folder, as a vault path."""
    folder = posixpath.dirname(source_path)
    return posixpath.normpath(posixpath.join(folder, target))
