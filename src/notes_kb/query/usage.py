"""Where a common word is used as a term. Pure.

A concept named by one common English word ("power", "variable", "fields", "attention")
is written in its everyday sense far more often than as the term: "computing power", "a
variable number of", "the fields of a form". Like a book's index, which lists the pages
that discuss "power, statistical" and not every page with the word on it, the concept
index counts such a word in a note only where the note uses it as the term: names it in
its title, a tag or a heading, sets it apart (a link, emphasis, a highlight, a label
opening a line: "- Power: ..."), opens a sentence defining it ("Power is ..."), or comes
back to it again and again in one section. A name of several words, of a rarer word
("perplexity", "transformer") or written as a name (`GPU`, `mAP`) is a mention wherever it
stands.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from notes_kb.parse.keys import everyday_word

if TYPE_CHECKING:
    from notes_kb.model import Note

# A word this frequent (Zipf 4: about the 5,000 most frequent English words; "variable",
# "power", "attention", "layer", but not "token" 3.8, "gradient" 3.5 or "inference" 3.3)
# has an everyday sense a note uses more often than the term.
LOOSE_ZIPF = 4.0
LOOSE = "~"  # a lookup key so marked names its concept only where it is used as the term
_AGAIN = 3  # lines of one section that use the word: the section is about it

# the spans a writer sets apart: a wikilink or a link's text (of a bounded length, as in
# parse/inline: a line of "[" is read in linear time), bold, italics, a highlight
_SET_APART = re.compile(
    r"\[\[([^\]\n]{1,999})\]\]|\[([^\]\n]{1,999})\]\(|\*\*([^*\n]+)\*\*|__([^_\n]+)__"
    r"|(?<![*\w])\*([^*\s][^*\n]*)\*(?![*\w])|(?<![_\w])_([^_\s][^_\n]*)_(?![_\w])"
    r"|==([^=\n]+)=="
)
# a line opening on a label ("- Power: ...", "1. Power - ...") or a defining sentence
# ("Power is ...", "Variables are ...")
_OPENING = re.compile(
    r"^(?:[-*+]\s+|\d{1,3}[.)]\s+)?(?:\*\*|__)?((?:[\w'\u2019()/-]+\s){0,2}[\w'\u2019()/-]+)"
    r"(?:\*\*|__)?(?:\s*::?(?:\s|$)|\s+[-\u2013\u2014]\s|\s+(?:is|are|refers to|means|denotes)\s)"
)


def loose(name: str) -> bool:
    """A name that is one common word written plainly (no capital inside, digit or
    hyphen): "power", "Variables"; not "GPU", "mAP", "top-k" or "perplexity"."""
    return (
        name.isalpha()
        and not any(ch.isupper() for ch in name[1:])
        and everyday_word(name, LOOSE_ZIPF)
    )


Hit = tuple[str, str, int, int, str]  # concept key, section, section line, line, as written


def topics_of(note: Note, find: Callable[[str], list[str]]) -> set[str]:
    """The concepts (as `find`, Matcher.find, gives them) a note's title and tags name."""
    return {*find(note.title), *(key for tag in note.tags for key in find(tag))}


def used_as_term(
    key: str, hits: Iterable[Hit], topics: set[str], find: Callable[[str], list[str]]
) -> bool:
    """Whether a note uses the concept `key`, found loosely on these lines (`hits`), as the
    term (see the module's docstring); `topics`: its title's and tags' (`topics_of`)."""
    named = {key, LOOSE + key}
    if named & topics:
        return True
    sections: Counter[int] = Counter()
    for _, _, section_line, _, written in hits:
        if written.startswith("#"):
            return True  # a heading names it
        spans = [s for match in _SET_APART.finditer(written) for s in match.groups() if s]
        opening = _OPENING.match(written)
        if opening is not None:
            spans.append(opening.group(1))
        if any(named & set(find(span)) for span in spans):
            return True
        sections[section_line] += 1
    return any(count >= _AGAIN for count in sections.values())
