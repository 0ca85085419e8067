"""Inline Markdown -> the plain text a reader sees, remembering where code spans were. Pure."""

from __future__ import annotations

import re

_INLINE = re.compile(
    r"""
    (?P<code>`+)(?P<codetext>.+?)(?P=code)
  | !\[\[[^\]\n]*\]\]
  | \[\[(?P<wiki>[^\]\n]+)\]\]
  | !\[(?P<alt>[^\]\n]*)\]\([^)\n]*\)
  | \[(?P<label>[^\]\n]*)\]\([^)\n]*\)
  | </?[A-Za-z][^>\n]*>
  | (?<![\w#&/])\#(?P<tag>[A-Za-z][\w./-]*[\w])
  | \*\*|__|~~
  | (?<!\w)[*_](?=\S) | (?<=\S)[*_](?!\w)
    """,
    re.VERBOSE,
)


def wikilink_text(inner: str, titles: dict[str, str] | None = None) -> str:
    """What a reader sees for `[[...]]`: the alias, else the target's title when known, else
    the target's last segment."""
    inner = inner.split("#", 1)[0] if "|" not in inner else inner
    if "|" in inner:
        left, right = (part.strip() for part in inner.split("|", 1))
        # Dendron writes [[alias|note]], Obsidian [[note|alias]]: the alias is the side
        # that reads like words, the target the side that reads like a file name
        if _looks_like_target(left) and not _looks_like_target(right):
            return right.split("#", 1)[0]
        return left
    target = inner.strip().split("/")[-1]
    if titles and target.casefold() in titles:
        return titles[target.casefold()]
    return target.rsplit(".", 1)[-1].replace("-", " ") if " " not in target else target


def _looks_like_target(text: str) -> bool:
    return " " not in text and ("." in text or "/" in text or "-" in text)


LINK_OPEN, LINK_CLOSE = "\ue000", "\ue001"  # private-use marks around an unresolved link
_MARKED = re.compile(f"{LINK_OPEN}([^{LINK_CLOSE}]*){LINK_CLOSE}")


def plain(
    raw: str, titles: dict[str, str] | None = None, mark_links: bool = False
) -> tuple[str, list[tuple[int, int]]]:
    """Plain text of inline Markdown, and the (start, end) of each code span in it.

    `mark_links` leaves an unaliased `[[target]]` as a marked target for `resolve_links`,
    so text extracted from one note can show another note's title later.
    """
    out: list[str] = []
    code: list[tuple[int, int]] = []
    size = 0
    last = 0
    for match in _INLINE.finditer(raw):
        out.append(raw[last : match.start()])
        size += match.start() - last
        last = match.end()
        kind = match.lastgroup
        if match.group("codetext") is not None:
            text = match.group("codetext").strip()
            code.append((size, size + len(text)))
        elif match.group("wiki") is not None:
            inner = match.group("wiki")
            if mark_links and "|" not in inner:
                text = f"{LINK_OPEN}{inner.split('#', 1)[0].strip()}{LINK_CLOSE}"
            else:
                text = wikilink_text(inner, titles)
        elif match.group("alt") is not None:
            text = match.group("alt")
        elif match.group("label") is not None:
            text = match.group("label")
        elif kind == "tag":
            text = ""
        else:
            text = ""
        out.append(text)
        size += len(text)
    out.append(raw[last:])
    return "".join(out), code


def resolve_links(text: str, titles: dict[str, str]) -> str:
    """Marked link targets -> the linked note's title, else the target's last segment."""
    if LINK_OPEN not in text:
        return text
    return _MARKED.sub(lambda m: wikilink_text(m.group(1), titles), text)
