"""A note's title when its frontmatter gives none: the heading that opens it, else its file's
name (Dendron's rule for dotted names, as typed for names with spaces). Pure."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notes_kb.parse.inline import inline_plain

if TYPE_CHECKING:
    from markdown_it.token import Token

_MAYBE_H1 = re.compile(r"^ {0,3}#(?:[ \t]|$)|^ {0,3}=+[ \t]*$", re.MULTILINE)


def heading_title(body: str, fname: str) -> str:
    """The title a note's own heading gives it: its first level-1 heading when that heading
    opens the note (nothing but comments and MyST targets above it) and is not a label
    ("# Notice", "# Abstract" over "# Introduction", "# 作用") unless the label holds the
    file's name ("# Open questions" in questions.md); else "" and the file name titles the
    note, as Obsidian and a plain folder show it ("# Example" three screens down,
    "# Implementation" under an opening paragraph). A README or index is named by its first
    heading wherever it is."""
    if not _MAYBE_H1.search(body):
        return ""  # no heading anywhere: not worth a parse
    from notes_kb.parse.markdown import block_tokens

    tokens = block_tokens(body)  # (kept: the sections and definitions read the same parse)
    anywhere = fname.lower() in _UNNAMED_FILES
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1" and token.level == 0:
            heading = strip_inline(tokens[index + 1].content)
            if _stands_for_subject(heading):
                return ""  # "# Definition", "# What is it?", "# 用途": the file names it
            if anywhere or not _labels_a_section(heading):
                return heading
            named = title_from_fname(fname).lower() in heading.lower()
            return heading if named else ""
        if not anywhere and not _above_title(token):
            return ""
    return ""


_UNNAMED_FILES = frozenset(["readme", "index", "_index", "home"])
_MYST_TARGET = re.compile(r"\([\w.:-]+\)=\s*")  # "(other-llm-models)=" names what follows


def _above_title(token: Token) -> bool:
    """A block that may stand above a note's title heading: a comment, a MyST target."""
    if token.type == "html_block" or token.type in ("paragraph_open", "paragraph_close"):
        return True
    return token.type == "inline" and _MYST_TARGET.fullmatch(token.content) is not None


def _stands_for_subject(heading: str) -> bool:
    """A heading that labels the note's own subject ("Definition", "What is it?"): never
    the note's title (definitions/labels.py holds the words)."""
    from notes_kb.parse.definitions.labels import opens_subject

    return opens_subject(heading)


def _labels_a_section(heading: str) -> bool:
    """A section label such as "Abstract", "Definition" or "作用" (definitions/labels.py
    and cjk.py hold the words; imported here only when a note has a top heading)."""
    from notes_kb.parse.definitions.cjk import is_cjk_label
    from notes_kb.parse.definitions.labels import is_label

    return is_label(heading) or is_cjk_label(heading)


def strip_inline(text: str) -> str:
    """Drop emphasis and link syntax from a one-line heading."""
    return inline_plain(text)


_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "vs",
        "via",
        "with",
    ]
)


_SECTION_NUMBER = re.compile(r"\d+(?:\.\d+)*\.\d+[^\W\d_]")  # "19.3循环", "2.1intro"


def title_from_fname(fname: str) -> str:
    """Dendron's rule: last dotted segment, dashes to spaces, title case (small words low).
    A name with spaces was typed by a person (Obsidian, plain folders): it is the title as
    written, `In-Context Learning` and `Kullback-Leibler Divergence` included."""
    if " " in fname.strip() or _SECTION_NUMBER.match(fname):
        return fname.strip()  # "19.3循环神经网络" is numbered, not a hierarchy
    words = fname.rsplit(".", 1)[-1].replace("-", " ").replace("_", " ").split()
    titled = [
        word if index and word.lower() in _SMALL_WORDS else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    ]
    return " ".join(titled) or fname
