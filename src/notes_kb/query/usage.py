"""Where a common word is used as a term. Pure.

A concept named by one common English word ("power", "variable", "parameters", "vector")
is written in its everyday sense far more often than as the term: "computing power", "a
variable number of", "a 7B parameters model". Like a book's index, which lists the pages
that discuss "power, statistical" and not every page with the word on it, the concept
index counts such a word in a note only where the note uses it as the term: names it in
its title, a tag or a heading, sets it apart (a link, emphasis, a highlight, a label
opening a line: "- Power: ..."), opens a sentence defining it ("Power is ..."), or comes
back to it again and again in one section (on one line in five of it, at least three). A
title, heading or span names the word it ends on ("## Other objects"), not one inside a
longer name ("## Object detection" is about object detection). A name of several words,
of a rarer word ("perplexity", "transformer") or written as a name (`GPU`, `mAP`) is a
mention wherever it stands.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from notes_kb.parse.han import HAN, HAN_CHAR
from notes_kb.parse.keys import everyday_word, zipf_in
from notes_kb.parse.patterns import compiled

if TYPE_CHECKING:
    from notes_kb.model import Note

# A word this frequent (Zipf 3.5: about the 15,000 most frequent English words; "variable",
# "power", "layer", "vector" 3.99, "token" 3.8, "parameter" 3.57, but not "gradient" 3.48,
# "variance" 3.45 or "inference" 3.3) has an everyday sense a note uses more often than the
# term: "vector" in 61 notes of whole43 (2nd), 18 where used as the term; "parameter" 86, 22.
LOOSE_ZIPF = 3.5
# an everyday Chinese word, among the 5,000 commonest as an English word at Zipf 4 ("参数"
# 4.47, "文本" (text) 4.15, "接口" (interface) 4.04; not "梯度" (gradient) 3.34 or "微调"
# (finetuning) 3.22): a concept named by one only where it is a topic (query/lone_words),
# and counted only where a note uses it as the term
CHINESE_ZIPF = 4.0
_HAN_WORD = compiled(f"[{HAN}]+")
LOOSE = "~"  # a lookup key so marked names its concept only where it is used as the term
_AGAIN = 3  # lines of one section that use the word: the section is about it
_SHARE = 5  # ... and one line in this many of the section's: not a long list's passing uses

# the spans a writer sets apart: a wikilink or a link's text (of a bounded length, as in
# parse/inline: a line of "[" is read in linear time), bold, italics, a highlight
_SET_APART = compiled(
    r"\[\[([^\]\n]{1,999})\]\]|\[([^\]\n]{1,999})\]\(|\*\*([^*\n]+)\*\*|__([^_\n]+)__"
    r"|(?<![*\w])\*([^*\s][^*\n]*)\*(?![*\w])|(?<![_\w])_([^_\s][^_\n]*)_(?![_\w])"
    r"|==([^=\n]+)=="
)
# a line opening on a label ("- Power: ...", "1. Power - ...") or a defining sentence
# ("Power is ...", "Variables are ...")
_OPENING = compiled(
    r"^(?:[-*+]\s+|\d{1,3}[.)]\s+)?(?:\*\*|__)?((?:[\w'\u2019()/-]+\s){0,2}[\w'\u2019()/-]+)"
    r"(?:\*\*|__)?(?:\s*::?(?:\s|$)|\s+[-\u2013\u2014]\s|\s+(?:is|are|refers to|means|denotes)\s)"
)


def loose(name: str) -> bool:
    """A name that is one common word written plainly (no capital inside, digit or
    hyphen): "power", "Variables"; not "GPU", "mAP", "top-k" or "perplexity"; or an
    everyday Chinese word ("参数", parameter; "循环", loop; "搜索", search)."""
    if not name.isalpha() or any(ch.isupper() for ch in name[1:]):
        return False
    if HAN_CHAR.search(name):
        return _HAN_WORD.fullmatch(name) is not None and zipf_in(name, "zh") >= CHINESE_ZIPF
    return everyday_word(name, LOOSE_ZIPF)


Hit = tuple[str, str, int, int, str]  # concept key, section, section line, line, as written


def topics_of(note: Note, find: Callable[[str], list[str]]) -> set[str]:
    """The concepts (as `find`, Matcher.find, gives them) a note's title and tags name
    (`named_by`: "Objects", "#ml/parameters"; not "Object Detection")."""
    leaves = (re.split(r"[./]", tag)[-1].replace("-", " ").replace("_", " ") for tag in note.tags)
    return {key for name in (note.title, *leaves) for key in named_by(name, find)}


# where a name joins two ("Parameters and hyperparameters", "Vectors, matrices"): each part
# is a name of its own
_PARTS = compiled(r"\s+(?:vs\.?|versus|and|or|&)\s+|\s*[,/|;]\s*", re.IGNORECASE)
_NAME_WORDS = 6  # the most words a name runs to ("Iterated Expectation for three variables")
_OF = compiled(r"\s+of\s+", re.IGNORECASE)  # what ends a name's head: "X of Y" is an X
_LAST = compiled(r"([^\W\d_][\w'\u2019-]*)[^\w]*$")


def named_by(span: str, find: Callable[[str], list[str]]) -> set[str]:
    """The concepts of one word a span names: its last word, each part's ("Hide objects",
    "### Other objects", "Parameters and hyperparameters"), the thing the span is about; not
    a word inside a longer name ("Object Detection", "**geometric object** that")."""
    keys: set[str] = set()
    if len(span.split()) > _NAME_WORDS:
        return keys  # a sentence set in bold, not a name
    for part in _PARTS.split(span):
        last = _LAST.search(_OF.split(part, 1)[0])  # "initialization of parameters"
        if last is None:
            continue
        word = last.group(1)
        found = set(find(word))
        if HAN_CHAR.match(word[-1]):  # Chinese writes no spaces: the name that ends the run
            found -= set(find(word[:-1]))  # "模型参数" names 参数, "参数设置" (settings) not
        keys |= found
    return keys


def span_names(find: Callable[[str], list[str]]) -> Callable[[str], set[str]]:
    """`named_by` with `find`, each span read once: a note's lines repeat their spans for
    each common word they hold."""
    seen: dict[str, set[str]] = {}

    def names(span: str) -> set[str]:
        found = seen.get(span)
        if found is None:
            found = seen[span] = named_by(span, find)
        return found

    return names


def used_as_term(
    key: str,
    hits: Iterable[Hit],
    topics: set[str],
    names: Callable[[str], set[str]],
    sizes: Mapping[int, int],
) -> bool:
    """Whether a note uses the concept `key`, found loosely on these lines (`hits`), as the
    term (see the module's docstring); `topics`: its title's and tags' (`topics_of`);
    `names`: `named_by` with the note's matcher; `sizes`: each section's lines of prose, by
    its heading's line."""
    named = {key, LOOSE + key}
    if named & topics:
        return True
    sections: Counter[int] = Counter()
    for _, _, section_line, _, written in hits:
        if any(named & names(span) for span in _spans(written)):
            return True
        sections[section_line] += 1
    return any(n >= _AGAIN and n * _SHARE >= sizes[at] for at, n in sections.items())


@lru_cache(maxsize=4096)
def _spans(written: str) -> tuple[str, ...]:
    """What a line sets apart as a name: a heading ("## Objects"), the spans it marks, the
    label or subject it opens on. (A line holds several common words: read once.)"""
    if written.startswith("#"):
        return (written.lstrip("#"),)
    spans: list[str] = []
    if _MARKS.search(written) is not None:
        spans = [s for match in _SET_APART.finditer(written) for s in match.groups() if s]
    opening = _OPENING.match(written)
    if opening is not None:
        spans.append(opening.group(1))
    return tuple(spans)


_MARKS = compiled(r"[\[*_=]")  # what opens a span set apart: most lines have none
