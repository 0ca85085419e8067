"""Links between notes: extraction from one note (pure) and resolution across a vault.

Understood: `[[note]]`, `[[note#heading]]`, `[[note#^block]]`, `[[alias|note]]` (Dendron) and
`[[note|alias]]` (Obsidian), cross-vault `[[dendron://vault/note]]`, Markdown links to `.md`
files, embeds `![[note]]`, `![[note#a:#b]]`, inline `#tags` (nested `#a/b` too), `[[#x]]`
(a heading of the note itself when it has one, else a tag link), and `@user` mentions.

Not links or tags: anything inside fenced or inline code or an Obsidian `%%comment%%`;
attachments (`![[image.png]]`, `[[paper.pdf]]`: files, not notes); colours (`#fff`,
`#1e1e1e`), issue numbers (`#123`) and anchors (`](#heading)`, `href="#top"`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import unquote

from notes_kb.model import Note
from notes_kb.parse.markdown import lines_outside_code, sections_of, slugify
from notes_kb.parse.patterns import compiled

_CODE_SPAN = compiled(r"(`+)(?:.+?)\1")
_WIKI = compiled(r"(!?)\[\[([^\[\]\n]+?)\]\]")
_MARKDOWN = compiled(
    r"(?<!!)\[([^\]\n]{0,999})\]\(\s*<?([^)\s>]+\.md)(?:#([^)\s>]*))?>?(?:\s+\"[^\"]*\")?\s*\)"
)
_TAG = compiled(r"(?<![\w#&/\]\[(`\"'=])#([A-Za-z](?:[\w./-]*\w)?)")
_COLOUR = compiled(r"(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})", re.I)
_REFERENCE = compiled(r"^ {0,3}\[[^\]]{1,999}\]:\s*#\S*")  # `[top]: #heading` defines an anchor
_ATTACHMENT = compiled(
    r"\.(?:png|jpe?g|gif|svg|webp|bmp|avif|ico|tiff?|pdf|mp3|wav|ogg|m4a|flac|webm|mp4|mov|"
    r"mkv|avi|ogv|excalidraw|canvas|csv|zip|docx?|xlsx?|pptx?)$",
    re.I,
)
_MENTION = compiled(r"(?<![\w@./])@([a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)*)", re.I)
URL = compiled(r"https?://\S+|www\.\S+")  # a bare address: no prose, no tag
_HEADING_MARKS = compiled(r"^ {0,3}#{1,6}(?=\s|$)")


class Link(NamedTuple):
    """One link as written: resolution needs the whole vault and happens later."""

    line: int
    kind: str  # "wikilink", "embed", "markdown", "tag", "mention"
    left: str  # the text before `|`, or the whole target when there is no `|`
    right: str  # the text after `|`, or ""
    anchor: str  # heading slug, ^block or a:#b range ("" for none)
    vault: str  # cross-vault name, or ""
    raw: str  # as written, for messages


def code_free_lines(note: Note) -> Iterator[tuple[int, str]]:
    """(file line, text) of the body outside fenced code, with inline code and Obsidian
    `%%comments%%` (which may span lines) blanked out."""
    in_comment = False
    for offset, line in lines_outside_code(note.body):
        if "`" in line:
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        if in_comment or "%%" in line:
            line, in_comment = _blank_comments(line, in_comment)
        yield note.body_line + offset, line


# inline math as Obsidian and pandoc read it: a `$` before a non-space, up to a `$` after one
# and before no digit ("$5 and $10" is money, not math)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?=[^\s$])(?:\\.|[^$\\\n])*?(?<=[^\s\\])\$(?!\d)")


def blank_math(line: str, in_math: bool) -> tuple[str, bool]:
    """The line with its math blanked (`$$ ... $$`, which may span lines, and `$...$`);
    whether a `$$` block is still open at its end. Math is no prose: `$\\sin(2\\pi x)$` is no
    mention of "PI", nor `$\\int f$` of "INT" or `$O(N^2)$` of a concept named "O"."""
    kept = []
    for index, piece in enumerate(line.split("$$")):
        if index:
            in_math = not in_math
        kept.append(" " * len(piece) if in_math else piece)
    line = "  ".join(kept)
    if "$" in line:
        line = _INLINE_MATH.sub(lambda m: " " * len(m.group()), line)
    return line, in_math


def _blank_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """The line with `%%...%%` spans blanked; whether a comment is still open at its end."""
    kept = []
    inside = in_comment
    for index, piece in enumerate(line.split("%%")):
        if index:
            inside = not inside
        kept.append(" " * len(piece) if inside else piece)
    return "  ".join(kept), inside


def without_comments(markdown: str) -> str:
    """The text with Obsidian `%%comments%%` blanked outside fenced code: what a reader of
    the note sees."""
    if "%%" not in markdown:
        return markdown
    lines = markdown.split("\n")
    in_comment = False
    for offset, line in lines_outside_code(markdown):
        if in_comment or "%%" in line:
            lines[offset], in_comment = _blank_comments(line, in_comment)
    return "\n".join(lines)


class LinkSpan(NamedTuple):
    """A wikilink, embed or Markdown link with where it sits: columns [start, end) of its
    file line, and of the target path of a Markdown link (what a rename rewrites)."""

    link: Link
    start: int
    end: int
    target_start: int = 0  # Markdown links: the `.md` path inside the parentheses
    target_end: int = 0


def link_spans(note: Note) -> Iterator[LinkSpan]:
    """Every wikilink, embed and Markdown link of a note with its columns; not tags."""
    headings: list[set[str]] = []
    for line_no, line in code_free_lines(note):
        for span in _spans_in_line(note, line_no, line, headings):
            if span.link.kind != "tag":
                yield span


def _spans_in_line(
    note: Note, line_no: int, line: str, headings: list[set[str]]
) -> Iterator[LinkSpan]:
    """The links of one code-free line, in order: wikilinks (and `[[#tag]]`), then
    Markdown links. `headings` holds the note's heading slugs once a `[[#x]]` needs them."""
    for match in _WIKI.finditer(line):
        inner = match.group(2)
        if _ATTACHMENT.search(inner.partition("|")[0].partition("#")[0].strip()):
            continue
        if inner.startswith("#") and "|" not in inner and not headings:
            headings.append({section.slug for section in sections_of(note)})
        known = headings[0] if headings else None
        link = _wikilink(match.group(1) == "!", inner, line_no, match.group(), known)
        yield LinkSpan(link, match.start(), match.end())
    for match in _MARKDOWN.finditer(line):
        target = match.group(2)
        if "://" in target:
            continue
        link = Link(
            line_no, "markdown", unquote(target), "", match.group(3) or "", "", match.group()
        )
        yield LinkSpan(link, match.start(), match.end(), match.start(2), match.end(2))


def extract_links(note: Note) -> list[Link]:
    """Every link, embed, tag and mention in a note, each with its line."""
    found: list[Link] = []
    headings: list[set[str]] = []  # the note's own heading slugs, for `[[#x]]`
    # each pattern needs a mark of its own ("[[", "](", "#", "@"): a line without it is not
    # searched for it (most lines of prose hold none)
    for line_no, line in code_free_lines(note):
        wiki = "[[" in line
        if wiki or "](" in line:
            found.extend(span.link for span in _spans_in_line(note, line_no, line, headings))
        tagged, mentions = "#" in line, "@" in line
        if not (tagged or mentions):
            continue
        text = _WIKI.sub(" ", line) if wiki else line
        if "://" in text or "www." in text:
            text = URL.sub(" ", text)
        text = _HEADING_MARKS.sub("", text)  # "## a #tag": a tag
        if tagged:
            if _REFERENCE.match(text):
                text = _REFERENCE.sub(" ", text)
            for match in _TAG.finditer(text):
                if not is_colour(match.group(1)):
                    found.append(Link(line_no, "tag", match.group(1), "", "", "", match.group()))
        if mentions:
            for match in _MENTION.finditer(text):
                name = match.group(1).rstrip(".")
                found.append(Link(line_no, "mention", name, "", "", "", "@" + name))
    return found


def is_colour(tag: str) -> bool:
    """`#fff`, `#1e1e1e`, `#ff0000cc`: a CSS colour, not a tag. Hex words of letters only
    (`#add`, `#cafe`) stay tags unless one letter repeated (`#eee`)."""
    if not _COLOUR.fullmatch(tag):
        return False
    return any(ch.isdigit() for ch in tag) or len(set(tag.casefold())) == 1


def _wikilink(embed: bool, inner: str, line: int, raw: str, headings: set[str] | None) -> Link:
    left, _, right = (part.strip() for part in inner.partition("|"))
    if left.startswith("#") and not right and slugify(left[1:]) not in (headings or set()):
        return Link(line, "tag", left[1:], "", "", "", raw)  # [[#tag]]: a tag written as a link
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
