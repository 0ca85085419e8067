"""Markdown structure from markdown-it-py's token stream: sections, slugs, callouts. Pure."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from notes_kb.model import Note, Section
from notes_kb.parse.inline import inline_plain
from notes_kb.parse.patterns import compiled

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_FENCE = compiled(r"^ {0,3}(`{3,}|~{3,})")
_CALLOUT = compiled(r"^\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*(.*)$")


def lines_outside_code(text: str) -> Iterator[tuple[int, str]]:
    """(index, line) of every line outside fenced code; the fence lines are code too.

    A line scan, not a parse: callers that only need prose lines (titles, links, mentions)
    should not pay for markdown-it. A fence closes on the same character, at least as long."""
    lines = text.split("\n")
    if "```" not in text and "~~~" not in text:  # no fence can open: every line is prose
        yield from enumerate(lines)
        return
    fence: str | None = None
    for index, line in enumerate(lines):
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            continue
        yield index, line


@cache
def parser() -> MarkdownIt:
    # loaded on first parse: `notes search` and `notes list` on a warm cache never parse
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin

    return MarkdownIt("commonmark").enable("table").enable("strikethrough").use(deflist_plugin)


@lru_cache(maxsize=4)
def block_tokens(text: str) -> list[Token]:
    """Block-level tokens only: headings and structure without paying for inline parsing.
    The last few parses are kept (callers only read them): the title, the sections and the
    definitions of one note share a single parse."""
    md = parser()
    tokens: list[Token] = []
    md.block.parse(text, md, {}, tokens)
    return tokens


def slugify(text: str) -> str:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes."""
    text = unicodedata.normalize("NFC", text).strip().lower()
    kept = [ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LMN"]
    # dropping punctuation can bring a letter and a combining mark together: compose again
    return unicodedata.normalize("NFC", "".join(kept).replace(" ", "-"))


def sections_of(note: Note) -> tuple[Section, ...]:
    """A note's sections, parsed on first use: listing a vault should not pay for Markdown
    parsing, and a note asked twice is parsed once."""
    found: tuple[Section, ...] | None = note.memo.get("sections")
    if found is None:
        found = note.memo["sections"] = extract_sections(note.body, note.body_line)
    return found


def extract_sections(
    body: str, first_line: int = 1, tokens: list[Token] | None = None
) -> tuple[Section, ...]:
    """Every heading with its slug, file line and text; code blocks never hold headings.
    `tokens`: the body's block tokens, when the caller has parsed them already."""
    lines = body.split("\n")
    found: list[tuple[int, int, str, int]] = []  # level, start index, heading, content index
    for token in tokens if tokens is not None else block_tokens(body):
        if token.type == "heading_open" and token.map and token.level == 0:
            found.append((int(token.tag[1]), token.map[0], "", token.map[1]))
    headings: list[tuple[int, int, str, int]] = []
    for level, start, _, content in found:
        raw = lines[start]
        if content - start == 1 and raw.lstrip().startswith("#"):
            raw = re.sub(r"^\s*#+\s*", "", raw)
            raw = re.sub(r"\s+#+\s*$", "", raw)
        else:  # setext: the text lines above the underline
            raw = " ".join(line.strip() for line in lines[start : content - 1])
        headings.append((level, start, inline_plain(raw), content))
    seen: dict[str, int] = {}
    sections: list[Section] = []
    for index, (level, start, heading, content) in enumerate(headings):
        end = len(lines)
        for later_level, later_start, _, _ in headings[index + 1 :]:
            if later_level <= level:
                end = later_start
                break
        next_any = headings[index + 1][1] if index + 1 < len(headings) else len(lines)
        base = slug = slugify(heading)
        while slug in seen:  # github-slugger: a repeat never takes a slug already given
            seen[base] += 1
            slug = f"{base}-{seen[base]}"
        seen[slug] = 0
        while end > content and not lines[end - 1].strip():
            end -= 1
        sections.append(
            Section(
                heading=heading,
                level=level,
                slug=slug,
                line=first_line + start,
                end_line=first_line + max(end, start + 1) - 1,
                text="\n".join(lines[content:next_any]).strip(),
                text_line=first_line + content,
                text_end=first_line + next_any,
            )
        )
    return tuple(sections)


class Block(NamedTuple):
    """A run of Markdown, or an Obsidian callout (`> [!info] Title`) lifted out of it."""

    markdown: str
    callout: str | None = None
    title: str = ""


def split_callouts(body: str) -> list[Block]:
    """Cut a body into plain Markdown and top-level callouts, keeping their order."""
    lines = body.split("\n")
    blocks: list[Block] = []
    position = 0
    tokens = block_tokens(body)
    for index, token in enumerate(tokens):
        if token.type != "blockquote_open" or token.level != 0 or not token.map:
            continue
        inner = tokens[index + 2] if index + 2 < len(tokens) else None
        if inner is None or inner.type != "inline":
            continue
        first = inner.content.split("\n", 1)[0].strip()
        match = _CALLOUT.match(first)
        if not match:
            continue
        start, end = token.map
        if start > position:
            blocks.append(Block("\n".join(lines[position:start])))
        quoted = [re.sub(r"^ {0,3}> ?", "", line) for line in lines[start:end]]
        text = "\n".join(quoted[1:]).strip("\n")
        kind = match.group(1).lower()
        blocks.append(Block(text, callout=kind, title=match.group(3).strip()))
        position = end
    if position < len(lines):
        blocks.append(Block("\n".join(lines[position:])))
    return [block for block in blocks if block.callout or block.markdown.strip()]
