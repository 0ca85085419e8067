"""Inline Markdown -> the plain text a reader sees, remembering where code spans were. Pure."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from notes_kb.parse.patterns import compiled

_SPECIAL = compiled(r"[`\[<#*_~&{\xa0]")  # text without these is already plain
_CODE = compiled(r"(`+)(.+?)\1")
_CALLOUT_MARK = compiled(r"^\[![A-Za-z][\w-]*\][+-]?[ \t]*")
# an Obsidian highlight, `==words==` (as the cards read it: parse/cards)
HIGHLIGHT = compiled(r"(?<![=\w])==(?=[^\s=>])(.{1,1000}?)(?<=[^\s=<])==(?![=>\w])")
# Every alternative of the patterns below starts with its mark, what comes before it is
# looked at after ("\#(?<![\w#&/]\#)": a # with no word just before it), so that `re` skips
# ahead to the next mark instead of trying each alternative at every character. What a mark
# opens is read for a bounded length (a link's text 999 characters, as CommonMark bounds a
# label; its address 2,048; a tag 1,000): a line of 20,000 "[" with no "]" is then read in
# linear time, not once from each "[" to its end (68 s for a cold build of one such line).
_LINKS = compiled(
    r"""
    !\[\[[^\]\n]{0,999}\]\]
  | \[\[(?P<wiki>[^\]\n]{1,999})\]\]
  | !\[(?P<alt>[^\]\n]{0,999})\]\([^)\n]{0,2048}\)
  | \[(?P<label>[^\]\n]{0,999})\]\([^)\n]{0,2048}\)
  | </?[A-Za-z][^>\n]{0,1000}>
  | \#(?<![\w#&/]\#)[A-Za-z][\w./-]*[\w]
    """,
    re.VERBOSE,
)
# ** __ ~~, or one * or _ opening (no word before it, no space after) or closing a run
_EMPHASIS = compiled(
    r"\*\*|__|~~|\*(?<!\w\*)(?=\S)|_(?<!\w_)(?=\S)|\*(?<=\S\*)(?!\w)|_(?<=\S_)(?!\w)"
)


def wikilink_text(inner: str, titles: dict[str, str] | None = None) -> str:
    """What a reader sees for `[[...]]`: the alias, else the target's title when known, else
    the target's last segment."""
    inner = inner.split("#", 1)[0] if "|" not in inner else inner
    if "|" in inner:
        left, right = (part.strip() for part in inner.split("|", 1))
        # Dendron writes [[alias|note]], Obsidian [[note|alias]]: the alias is the side
        # that reads like words, the target the side that reads like a file name
        if looks_like_target(left) and not looks_like_target(right):
            return right.split("#", 1)[0]
        if "#" in left and "#" not in right:
            return right  # [[Loss Functions#Triplet Loss|Triplet Loss]]: an anchor is a target
        if titles and left.casefold() in titles and right.casefold() not in titles:
            return right  # Obsidian's [[Algorithms|algorithm]]: the side naming a note is it
        return left
    target = inner.strip().split("/")[-1]
    if titles and target.casefold() in titles:
        return titles[target.casefold()]
    return target.rsplit(".", 1)[-1].replace("-", " ") if " " not in target else target


def looks_like_target(text: str) -> bool:
    """A note name (no spaces, dots or dashes), not words a reader is meant to see."""
    return " " not in text and ("." in text or "/" in text or "-" in text)


def _two_names(inner: str) -> bool:
    """`[[a|b]]` whose sides both read like words: `[[Algorithms|algorithm]]` (Obsidian,
    note first) or `[[Algorithm|algorithms]]` (Dendron, note last). Only the vault's note
    names tell which side is shown."""
    left, _, right = inner.partition("|")
    return "#" not in inner and not looks_like_target(left) and not looks_like_target(right)


LINK_OPEN, LINK_CLOSE = "\ue000", "\ue001"  # private-use marks around an unresolved link
_MARKED = compiled(f"{LINK_OPEN}([^{LINK_CLOSE}]*){LINK_CLOSE}")


def plain(
    raw: str, titles: dict[str, str] | None = None, mark_links: bool = False
) -> tuple[str, list[tuple[int, int]]]:
    """Plain text of inline Markdown, and the (start, end) of each code span in it.

    `mark_links` leaves an unaliased `[[target]]` as a marked target for `resolve_links`,
    so text extracted from one note can show another note's title later. Every paragraph of
    every note passes through here on a cold build, so the work is done by `re.sub` in C:
    code spans are cut out first, then links, then emphasis marks, in the text between.
    """
    if not _SPECIAL.search(raw):
        return raw, []

    def link(match: re.Match[str]) -> str:
        inner = match.group("wiki")
        if inner is not None:
            if mark_links and "|" not in inner:
                return f"{LINK_OPEN}{inner.split('#', 1)[0].strip()}{LINK_CLOSE}"
            if mark_links and _two_names(inner):  # which side is the note: known later
                return f"{LINK_OPEN}{inner}{LINK_CLOSE}"
            return wikilink_text(inner, titles)
        return match.group("alt") or match.group("label") or ""

    pieces = _CODE.split(raw) if "`" in raw else [raw]
    out: list[str] = []
    code: list[tuple[int, int]] = []
    size = 0
    for index, piece in enumerate(pieces):
        kind = index % 3  # split gives text, backticks, code, text, ...
        if kind == 1:
            continue
        if kind == 2:
            text = piece.strip()
            code.append((size, size + len(text)))
        else:
            text = _math_kept(piece, link) if "$" in piece else _inline(piece, link)
        out.append(text)
        size += len(text)
    text = "".join(out)
    # a no-break space (pasted from the web, or `&nbsp;`) is a space to a reader
    return (text.replace("\xa0", " ") if "\xa0" in text else text), code


def _callout_said(rest: str) -> str:
    """What an Obsidian callout says after its mark: `> [!note] If you stack ...` says its
    one line; `> [!NOTE] Noise prediction network` over `> The input to the model is ...`
    says its body (the title above it is a heading, no part of a sentence)."""
    _, newline, body = rest.partition("\n")
    return body if newline and body.strip() else rest


def _inline(piece: str, link: Callable[[re.Match[str]], str]) -> str:
    """Text outside code and math: links as their text, emphasis marks dropped."""
    text = _LINKS.sub(link, piece) if ("[" in piece or "<" in piece or "#" in piece) else piece
    if "*" in text or "_" in text or "~" in text:
        text = _EMPHASIS.sub("", text)
    if "&" in text:  # "&alpha;", "&amp;": a character as Markdown renders it
        text = _ENTITY.sub(_character, text)
    if "{:" in text:  # "{: .text-center}": kramdown's attributes for the block, not text
        text = _ATTRIBUTES.sub("", text)
    return text


_ENTITY = compiled(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ATTRIBUTES = compiled(r"\{:[^{}\n]{0,200}\}")


def _character(match: re.Match[str]) -> str:
    from html import unescape  # (only a text with an entity pays for loading it)

    return unescape(match.group())


# $$...$$, or $...$ as pandoc reads it: no space just inside either $, no digit just after
# the closing one ("costs $5 or $10" is no math)
_MATH = compiled(
    r"(?<!\\)\$\$[^$]{1,4000}?\$\$"
    r"|(?<![\\$])\$(?=[^\s$])[^$\n]{0,2000}?(?<=[^\s\\])\$(?!\d)"
)


def _math_kept(piece: str, link: Callable[[re.Match[str]], str]) -> str:
    """`_inline` on the text between math spans; math is kept as written: the `_` of
    `$\\pi_\\theta$` and the `*` of `$x^*$` are no emphasis marks."""
    out: list[str] = []
    done = 0
    for math in _MATH.finditer(piece):
        out += [_inline(piece[done : math.start()], link), math.group()]
        done = math.end()
    out.append(_inline(piece[done:], link))
    return "".join(out)


_TAG = compiled(r"#(?<![\w#&/`]#)([A-Za-z][\w-]*)(?:/(?:def|definition|term|concept))?(?![\w/])")
_WORD_CHAR = compiled(r"\w")


def tag_words(raw: str) -> str:
    """Tags inside a sentence as the words they stand for: "... which we call
    #SubwordTokens/def, and" -> "... which we call SubwordTokens, and". A tag with no word
    after it on its line (a line of tags, tags closing a line) stays a label, which plain
    drops. Linear in the text: each line is read twice."""
    lines = raw.split("\n")
    for number, line in enumerate(lines):
        if "#" not in line:
            continue
        tags = list(_TAG.finditer(line))
        if not tags:
            continue
        last = _last_word(line, tags)
        pieces: list[str] = []
        done = 0
        for tag in tags:
            if tag.start() < last:  # a word follows: the tag is one of the sentence's words
                pieces += [line[done : tag.start()], tag.group(1)]
                done = tag.end()
        lines[number] = "".join(pieces) + line[done:]
    return "\n".join(lines)


def _last_word(line: str, tags: list[re.Match[str]]) -> int:
    """Where the line's last word is, its tags left out (-1: it has none)."""
    pieces: list[str] = []
    done = 0
    for tag in tags:
        pieces += [line[done : tag.start()], " " * (tag.end() - tag.start())]
        done = tag.end()
    # the first word character of the line read backwards: `\w\W*$` finds the same one
    # but tries every word character of the line on its way there
    backwards = ("".join(pieces) + line[done:])[::-1]
    last = _WORD_CHAR.search(backwards)
    return len(backwards) - 1 - last.start() if last else -1


@lru_cache(maxsize=256)  # the walk and the sentence forms read each paragraph several times
def marked_plain(raw: str) -> tuple[str, list[tuple[int, int]]]:
    """A paragraph's plain text as the definition finder reads it, with `[[links]]` marked,
    and its code spans (read only): a tag inside a sentence is one of its words (see
    tag_words), a highlight's marks, an Obsidian callout's mark and title and the link
    around a code span are dropped (`plain` keeps them: what cards are known by,
    parse/cards, must not move)."""
    if "^" in raw:
        raw = _BLOCK_ID.sub("", raw)  # "... in calendar form. ^calendar-view": a block's id
    if raw[:2] == "[!" and (mark := _CALLOUT_MARK.match(raw)):
        raw = _callout_said(raw[mark.end() :])
    if "==" in raw:
        raw = HIGHLIGHT.sub(r"\1", raw)  # "uses a ==region proposal network==": its words
    if "[`" in raw:
        raw = _CODE_LINK.sub(r"\1\2\1", raw)  # "[`PartialDependenceDisplay`](url)": its code
    return plain(tag_words(raw) if "#" in raw else raw, mark_links=True)


_BLOCK_ID = compiled(r"[ \t]+\^[\w-]+[ \t]*$", re.M)
# a link whose text is inline code, inside a line (one opening a line lists files or APIs):
# the code spans are cut out before links are read
_CODE_LINK = compiled(r"(?<=.)\[(`+)([^`\n]{1,200}?)\1\]\([^()\s]{0,2048}\)")


def inline_plain(raw: str) -> str:
    """One line of inline Markdown (a heading, an H1 title) as a reader sees it: `plain`'s
    text with runs of whitespace made one space. The one stripper headings and titles use,
    so a heading's slug and a note's title never disagree about the same text."""
    return " ".join(plain(raw)[0].split())


_WHOLE_MARK = compiled(f"{LINK_OPEN}[^{LINK_OPEN}{LINK_CLOSE}]*{LINK_CLOSE}")


def balanced_links(text: str) -> str:
    """`text` without a link mark that lost its other half where the text was cut ("...
    similar to [[ViT An Image is Worth ...|ViT]]" cut before "An Image"): the marks are
    private-use characters, never shown, and `resolve_links` reads whole pairs only."""
    if LINK_OPEN not in text and LINK_CLOSE not in text:
        return text
    pieces, last = [], 0
    for whole in _WHOLE_MARK.finditer(text):
        pieces += [_unmarked(text[last : whole.start()]), whole.group()]
        last = whole.end()
    return "".join([*pieces, _unmarked(text[last:])])


def _unmarked(text: str) -> str:
    return text.replace(LINK_OPEN, "").replace(LINK_CLOSE, "")


def resolve_links(text: str, titles: dict[str, str]) -> str:
    """Marked link targets -> the linked note's title, else the target's last segment (a
    mark without its other half is dropped: no mark is ever left in what is shown)."""
    if LINK_OPEN not in text and LINK_CLOSE not in text:
        return text
    return _MARKED.sub(lambda m: wikilink_text(m.group(1), titles), balanced_links(text))
