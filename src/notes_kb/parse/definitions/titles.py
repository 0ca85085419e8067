"""A note's opening that defines something under another name than the note's title:
"Preprocessing.md" opening on "Data Preprocessing is a step ...", "CEDR.md" on "The Corpus
for Emotions Detecting in Russian-language is ...". One definition, under the name the
sentence gives, not a second copy under the title; an acronym title is its alias (a kind,
"Data drift" in "Drift.md", is no alias of the title). Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable

from notes_kb.model import Definition
from notes_kb.parse.definitions.acronyms import acronym_expansion
from notes_kb.parse.definitions.repeats import LEAD_KINDS
from notes_kb.parse.definitions.split import first_sentences
from notes_kb.parse.definitions.vocabulary import ALWAYS_IMPERATIVE
from notes_kb.parse.keys import common_word, concept_key, singular
from notes_kb.parse.patterns import compiled


def renamed(
    found: Iterable[Definition], pairs: set[frozenset[str]], title: str, title_key: str
) -> tuple[set[int], list[tuple[str, str, int]]]:
    """The lines whose title-note definition another definition on the same line already
    gives, and the (name, title, line) aliases that says. `pairs` are the note's aliases'
    key pairs (an acronym and its expansion)."""
    found = list(found)
    # each title-note's line and first sentence: one that names another term is about it
    openings = {d.line: first_sentences(d.text, 1) for d in found if d.kind == "title-note"}
    said: set[int] = set()
    aliases: list[tuple[str, str, int]] = []
    for d in found:
        if d.kind == "title-note" or d.line not in openings:
            continue
        if frozenset((concept_key(d.term), title_key)) in pairs and d.kind != "called":
            said.add(d.line)  # ("X, also known as Y, is ..." names X's other name: X stays)
        elif concept_key(d.term) != title_key and _kind_of(d.term, title):
            said.add(d.line)  # "Data Preprocessing is ..." in "Preprocessing.md"
        elif _acronym(d.term, title):
            said.add(d.line)
            aliases.append((d.term, title, d.line))
        elif d.kind in LEAD_KINDS and not d.term.casefold().endswith(title.casefold()):
            # an opening that leads with another name ("**KV cache**: stores ..." in
            # "Broken.md") defines that name, not the note's title
            said.add(d.line)
        elif d.kind == "called" and " " in d.term and _names_other(d.term, title, openings[d.line]):
            said.add(d.line)  # "Keeping the keys ... is called the KV cache" in "Serving.md"
    return said, aliases


def _names_other(name: str, title: str, opening: str) -> bool:
    """The opening's first sentence names `name` and not the title: it is about `name`
    ("A Uniform Distribution, also known as a rectangular distribution, ..." is about its
    title)."""
    return name in opening and title.casefold() not in opening.casefold()


def _kind_of(name: str, title: str) -> bool:
    """`Data drift` under `Drift`: the title is the name's head."""
    words, heads = name.casefold().split(), title.casefold().split()
    return len(heads) == 1 and len(words) in (2, 3) and singular(words[-1]) == singular(heads[0])


def _acronym(name: str, title: str) -> bool:
    """`CEDR` and `Corpus for Emotions Detecting in Russian-language`, either way round."""
    short, long = (title, name) if len(title) < len(name) else (name, title)
    return short.isupper() and len(short) > 1 and acronym_expansion(long, short) == long


# "Structured Output in LangChain", "Attention for Transformers": a name, then where it is used
_WHERE = (" in ", " for ", " with ", " on ", " using ", " within ")


def opened_name(title: str, opening: str) -> str:
    """The name a note's opening defines when the title adds where it is used: "Output
    Parsers in LangChain" opening on "Output parsers are LangChain classes ..." defines
    "Output Parsers". Otherwise the title."""
    said = opening.casefold()
    if said.startswith(title.casefold()):
        return title
    for where in _WHERE:
        head, found, _ = title.partition(where)
        if found and head and said.startswith(head.casefold()):
            after = said[len(head) : len(head) + 1]
            if after in ("", " ", ",", ":", "(", "."):  # not "Human-in-the-loop"
                return head
    return title


# "A method that ...", "The step size ...", "$\\nabla f$ is the vector ...": what it is
_DEFINING_OPENING = compiled(
    r"^(?:an?|the)\s|^\S+(?:\s+\S+){0,4}?\s+(?:is|are|refers to|means|denotes)\s", re.I
)


def everyday_title_explained(title: str, opening: str) -> bool:
    """A note titled with an everyday word ("Sharing", "Admin", "Clustering") explains it
    when its opening says the word ("... groups data into clusters") or says what a thing
    is ("An unsupervised method ..."); a topic page opens otherwise ("Issues related to
    hiring", "Dendron has special roles ...", "NOTE: this guide is a work in progress")."""
    if not common_word(title):
        return True
    first = first_sentences(opening, 1)
    stem = title.casefold()[: max(4, len(title) - 3)]
    return stem in first.casefold() or _DEFINING_OPENING.match(first) is not None


def work_subtitle(title: str, name_shaped: bool) -> tuple[str, str] | None:
    """A work's short name and the subtitle that says what it is, from a paper note's title:
    "Adam: A Method for Stochastic Optimization", "AGL: A Scalable System for ...",
    "Spark: Cluster Computing with Working Sets". Not a label ("Lecture 5: Parsing"), a
    name of everyday words ("Background: ..."), or a subtitle about the page rather than the
    work ("Chroma DB: Implementation Guide", "RAG: A Survey", "LangChain: Getting Started").
    `name_shaped`: the name reads as a name by its shape (openings.named)."""
    name, colon, rest = title.partition(":")
    name, rest = name.strip(), " ".join(rest.split()).rstrip(".")
    words = rest.split()
    if not colon or len(name.split()) > 2 or len(words) < 3 or not rest[:1].isupper():
        return None
    if not (name_shaped or (" " not in name and name[:1].isupper() and not common_word(name))):
        return None  # (an everyday word before a title-cased subtitle, "Adam: A Method for
        # Stochastic Optimization", named 2 works more in the tuned sets, 14 wrong in set36)
    first = words[1].lower() if words[0].lower() in ("a", "an", "the") else words[0].lower()
    last = words[-1].lower()  # "LangChain: Chains In-Depth Notes" (not "... Understanding")
    if first in _ABOUT_THE_PAGE or last in _PAGE_LAST or rest.lower().startswith("deep dive"):
        return None
    if "?" in rest or " - " in rest or first in ALWAYS_IMPERATIVE or _TWO_TOPICS.match(rest):
        return None
    return name, rest


_PAGE_LAST = frozenset(
    "notes guide tutorial overview summary cheatsheet primer walkthrough".split()
)
# "Path Parameters and Query Parameters": two topics of a page on a tool, not what it is
_TWO_TOPICS = compiled(r"^(?:[\w-]+ ){0,2}[\w-]+ (?:and|&) (?:[\w-]+ ){0,2}[\w-]+$")
# a subtitle about a page, not what the work is: "An Introduction", "A Survey", "Part 2"
_ABOUT_THE_PAGE = frozenset(
    "introduction intro guide tutorial primer survey review overview walkthrough notes note "
    "summary comparison case lecture chapter part week day step module lesson unit lab session "
    "exercise how what why when where who which implementation setup installation "
    "cheatsheet cheat quick quickstart reference examples example paper slides talk "
    "explained basics fundamentals getting building using setting understanding exploring "
    "working creating installing running deploying introducing".split()
)
