"""Where sentences end in notes' plain text: split into sentences, or the first one or two
of a text as a definition quotes them. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from notes_kb.parse.definitions.cjk import han_count, has_cjk, split_cjk
from notes_kb.parse.inline import LINK_OPEN, resolve_links
from notes_kb.parse.patterns import compiled

_SPACES = compiled(r"\s+")
# a sentence ends at . ! ? before a capital, or at a line break before a capital (notes
# put one thought per line without a full stop: "Compare with: X:\nTop-k sampling ..."),
# one character into group `end` (the quote or space after the stop); a capital may open a
# link (\ue000, inline.py's mark): "... is IID. [[IID]] = ..."
_SENTENCE_END = compiled(
    r"(?P<end>(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[\ue000]?[A-Z0-9])|"
    r"(?<=[^\s,;(])[ \t]*\n\s*(?=\ue000?[A-Z]))"
)
# the same ends in text without a line break, where only the first can be: a pattern that
# starts at the stop itself lets `re` skip ahead to one
_STOP_END = compiled(r"[.!?](?P<end>[\"')\]]?\s+)(?=[\"'(\[\ue000]?[A-Z0-9])")
_ABBREVIATIONS = compiled(r"\b(?:e\.g|i\.e|vs|etc|cf|approx|Dr|Mr|Ms|Fig|No|al)\.$", re.I)
_LONGEST_ABBREVIATION = len("approx.")
# the letters _ABBREVIATIONS ends in before its stop, as `re.I` reads them (the long s is an
# "s"): a sentence ending in another is not searched
_ABBREVIATION_ENDS = frozenset("gGeEsS\u017fcCfFxXrRoOlL")
_STOP_SPACE = compiled(r"[.!?]\s")  # with a line break, where a sentence may end
# a line that opens another field of a note: "Formula: ...", "Example:", "Key Components:"
_FIELD = compiled(r"\n[ \t]*[A-Z][A-Za-z]*(?: [A-Za-z]+){0,2}:(?:\s|$)")


def flatten(text: str) -> str:
    """One line, single spaces (most text already is: skip the regex then)."""
    if "\n" in text or "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def split_sentences(text: str, chinese: bool = True) -> list[str]:
    """Sentences end at . ! ? before a capital or digit, but not after e.g., vs., Fig. ...
    `chinese`: the text may hold a Han character (False: the caller has looked)."""
    return list(_sentences(text, chinese))


def _sentences(text: str, chinese: bool = True) -> Iterator[str]:
    """split_sentences one at a time: who wants the first two reads no further. Chinese
    text ends its sentences at 。！？ too (see cjk.py); `chinese`: look for it."""
    if chinese and not text.isascii() and has_cjk(text):
        for piece in split_cjk(text):
            yield from _sentences(piece, chinese=False)
        return
    if "\n" not in text and not _STOP_SPACE.search(text):
        stripped = text.strip()
        if stripped:
            yield stripped
        return
    start = 0
    for end in (_SENTENCE_END if "\n" in text else _STOP_END).finditer(text):
        candidate = text[start : end.start("end") + 1].strip()
        if (
            candidate.endswith(".")
            and candidate[-2:-1] in _ABBREVIATION_ENDS
            and _ABBREVIATIONS.search(candidate, len(candidate) - _LONGEST_ABBREVIATION)
        ):
            continue
        yield candidate
        start = end.end()
    tail = text[start:].strip()
    if tail:
        yield tail


def first_sentences(text: str, count: int = 2, limit: int = 320) -> str:
    """The first sentence or two of plain text, so one definition is one thought."""
    text = text[: limit * 3]  # the rest of a long paragraph is never read
    field = _FIELD.search(text) if "\n" in text else None
    if field and text[: field.start()].strip():
        text = text[: field.start()]  # "...\nFormula: ...", "...\nComponents:": another field
    text = flatten(text)
    sentences = list(islice(_sentences(text), 2))
    picked = sentences[0] if sentences else text
    seen = resolve_links(picked, {}) if LINK_OPEN in picked else picked  # a link's target
    wide = len(seen) + (han_count(seen) if len(seen) >= 60 else 0)  # a Han character
    if len(sentences) > 1 and count > 1 and wide < 120:  # says about as much as two letters
        picked = f"{picked} {sentences[1]}"
    if len(picked) > limit:
        picked = picked[: limit - 1].rsplit(" ", 1)[0] + "…"
    return picked.rstrip(" :")


def shared_head(parts: list[str]) -> list[str]:
    """ "Exploding and vanishing gradients are ...": one word before "and" shares the noun
    that ends the other name (exploding gradients, vanishing gradients)."""
    if len(parts) == 2 and " " not in parts[0].strip() and " " in parts[1].strip():
        head = parts[1].split()[-1]
        return [f"{parts[0].strip()} {head}", parts[1]]
    return parts


class Lines:
    """The file line of offsets in a text, counted on from the last offset asked (offsets
    asked in order cost one pass over the text, not one each)."""

    def __init__(self, text: str, first: int) -> None:
        self.text, self.first, self.offset, self.newlines = text, first, 0, 0

    def of(self, offset: int) -> int:
        offset = max(offset, 0)
        if offset < self.offset:
            self.offset, self.newlines = 0, 0
        self.newlines += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.first + self.newlines


def line_of(source: str, needle: str, default: int) -> int:
    """The file line where `needle` first is in `source` (`default` when it is not)."""
    index = source.find(needle)
    return source.count("\n", 0, index) + 1 if index >= 0 else default
