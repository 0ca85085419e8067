"""What a heading says before its name, and whether a note's headings read as a glossary:
"## 🔹 1. Experiment" over "A process or action that leads to one or more outcomes.",
then "## 🔹 2. Outcome" over "A possible result of an experiment.", and so on. Pure."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notes_kb.parse.inline import LINK_OPEN

if TYPE_CHECKING:
    from markdown_it.token import Token


def heading_text(text: str) -> str:
    """A heading without the symbols and the enumerator before its words: "## 🔹 1.
    Experiment", "## b. One-hot", "### II. Border Point", "## 5.6.2 Moving averages"."""
    if text[:1] and not text[0].isalnum():
        text = _SYMBOLS_FIRST.sub("", text)  # "📐 Alternative: Information Gain"
    return _ENUMERATED.sub("", text)


_SYMBOLS_FIRST = re.compile(rf"^[^\w\[(\"'$`{LINK_OPEN}]+")  # a link's mark is no symbol
_ENUMERATED = re.compile(
    r"^(?:(?:\d{1,2}|[a-hA-H]|[ivx]{1,4}|[IVX]{1,4})[.)]|\d{1,2}(?:\.\d{1,2})+\.?)\s+(?=\S)"
)


# the opening of a short text that says what a thing is: "A process or action that ...",
# "The set of all possible outcomes ...", "An estimate of ..."
_SAYS_WHAT = re.compile(r"^(?:A|An|The)\s+(?:[\w-]+\s+){0,3}?(?:that|which|of|for|in|where|to)\b")
_GLOSSARY_SHAPE = 3  # headings so explained, at least, and a third of the note's headings


def headings_define(tokens: list[Token]) -> bool:
    """The note's headings (below its title) are each followed by a short text that says
    what a thing is, three or more and at least a third of them: a glossary written as
    headings, where a heading names a term whatever its shape."""
    headings = explained = 0
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag == "h1":
            continue
        headings += 1
        ahead = tokens[index + 3 : index + 5]
        if len(ahead) == 2 and ahead[0].type == "paragraph_open" and ahead[1].type == "inline":
            first = ahead[1].content.split("\n", 1)[0]
            if len(first.split()) <= 30 and _SAYS_WHAT.match(first):
                explained += 1
    return explained >= _GLOSSARY_SHAPE and explained * 3 >= headings
