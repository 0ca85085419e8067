"""What headings say: the words before a heading's name; whether a note's headings read as
a glossary ("## 🔹 1. Experiment" over "A process or action that leads to one or more
outcomes.", then "## 🔹 2. Outcome" over ...); what a heading's section is (a glossary, a
list of changes, of results and sources); and which headings only explain the heading above
them ("#### Intuition"). Pure."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from notes_kb.parse.definitions.openings import heading_name, named
from notes_kb.parse.definitions.words import clean_term
from notes_kb.parse.inline import LINK_OPEN
from notes_kb.parse.patterns import compiled

if TYPE_CHECKING:
    from markdown_it.token import Token


# Words that make a title or heading the name of a page, not of a concept: "LLM basics".
TITLE_WORDS = frozenset(
    "notes note summary overview basics intro introduction cheatsheet cheat reading lecture "
    "chapter ch week day log journal scratch inbox todo ideas questions faq snapshot gotchas "
    "tips tricks misc random index readme moc hub draft drafts links resources references "
    "papers review recap abstract statement conclusion conclusions background motivation "
    "appendix figures figure images screenshots diagrams slides example exercise exercises "
    "walkthrough demo fundamentals principles strategies techniques patterns workflow "
    "workflows terminology functionality workshop talk keynote seminar tutorial course".split()
)
_ASIDE_NAME = compiled(r"\(([^()\s]{2,20})\)\s*$")  # "... (BatchNorm)": one word in brackets
WORD_BREAK = compiled(r"[\s._/-]+")
# "X and Y", "Hyperparameter Types", "Decoding Methods for LLMs", "Parallelism in Neural
# Networks": a topic or a comparison, not one term
NOT_ONE_TERM = compiled(
    r"&|;|: | and | vs\.? | versus | ?与 ?|^(?:the|a|an) |\b(?:types|kinds|categories)\b|"
    r"\b(?:methods|techniques|approaches|strategies) (?:for|in|of|to)\b|"
    r" in (?!(?:a|an|the) )\S+ \S| during ",
    re.I,
)
_ARTICLE = compiled(r"^(?:the|a|an)\s+(?=\S+\s+\S)", re.I)  # of a name of two words or more


def page_name(name: str) -> bool:
    """A name with a word of a page's name: "LLM basics", "05 - Data Engineering Index"."""
    return not TITLE_WORDS.isdisjoint(WORD_BREAK.split(name.lower()))


def heading_term(text: str, named_text: str) -> tuple[str, str | None, bool, bool]:
    """The term a heading's text names (`named_text`: the part of it that names, "F检验" of
    "F检验:参数不全为0"), the acronym it spells out, whether its shape makes it a name
    (trusted: "QLoRA", "Batch Norm (BatchNorm)"; not "The AI stack", whatever its shape), and
    whether it names one term at all (not a page, "LLM basics", nor a topic, "X and Y")."""
    name, short = heading_name(_ARTICLE.sub("", named_text))  # "## The X"
    one = (
        not page_name(text)
        and not NOT_ONE_TERM.search(name)
        and not _ASPECT.search(name)
        and bool(clean_term(name))
    )
    aside = _ASIDE_NAME.search(named_text)  # "### Batch Norm (BatchNorm)"
    shorter = short or (aside.group(1) if aside and named(aside.group(1)) else None)
    trusted = not _ARTICLE.match(text) and (named(name) or shorter is not None)
    return name, short, trusted, one


# a section on one aspect of a term, not a term: "RAG Flow", "Chain Structures", "ENet
# modules", "Advanced TypedDict Features" (not "Features" alone, nor "Attention Mechanism")
_ASPECT = compiled(
    r"\S\s+(?:flow|components|process|features|structures?|workflow|setup|details|"
    r"implementation|usage|signatures|modules)$",
    re.I,
)


def heading_text(text: str) -> str:
    """A heading without the symbols and the enumerator before its words: "## 🔹 1.
    Experiment", "## b. One-hot", "### II. Border Point", "## 5.6.2 Moving averages"."""
    if text[:1] and not text[0].isalnum():
        text = _SYMBOLS_FIRST.sub("", text)  # "📐 Alternative: Information Gain"
    return _ENUMERATED.sub("", text)


_SYMBOLS_FIRST = compiled(rf"^[^\w\[(\"'$`{LINK_OPEN}]+")  # a link's mark is no symbol
_ENUMERATED = compiled(
    r"^(?:(?:\d{1,2}|[a-hA-H]|[ivx]{1,4}|[IVX]{1,4})[.)]|\d{1,2}(?:\.\d{1,2})+\.?|"
    r"Q(?:uestion)?\s*\d{1,3}\s*[.:)]|Q\d{1,3})\s+(?=\S)"  # "### Q1. What is overfitting?"
    # "## 2 Encoder side", "## 3 残差": a number and a space before a capital or a Han
    # character ("## 1 by 1 convolution" is a name)
    r"|^\d{1,2}\s+(?=[A-Z\u4e00-\u9fff])"
)


# the opening of a short text that says what a thing is: "A process or action that ...",
# "The set of all possible outcomes ...", "An estimate of ..."
_SAYS_WHAT = compiled(r"^(?:A|An|The)\s+(?:[\w-]+\s+){0,3}?(?:that|which|of|for|in|where|to)\b")
_GLOSSARY_SHAPE = 3  # headings so explained, at least, and a third of the note's headings


# "## Trace: the sum of the diagonal elements", "# 迹：主对角元素之和": a name, a colon, and
# what it is (lowercase or an article first in English: "## Lecture 3: Backpropagation",
# "## BERT: Pre-training of ..." are titles)
_GLOSSED = compiled(
    r"^(?P<name>[^:：]{1,40}?)\s*(?::\s+|：\s*|:(?=[\u4e00-\u9fff]))(?P<says>\S.*)$"
)
_SAYS_LOWER = compiled(r"^(?:(?:a|an|the|A|An|The)\s+\S+\s+\S|[a-z][a-z-]+\s+\S+\s+\S)")
_HAN = compiled(r"[\u4e00-\u9fff]")
_COMPARED = compiled(r"\s(?:vs\.?|versus|or|and)\s|&")  # a subtitle naming two things
_ORDINAL_HAN = compiled(r"^第[一二三四五六七八九十百\d]+[步章节部分讲课篇]")  # "第一步": step 1


def heading_gloss(text: str) -> tuple[str, str] | None:
    """A heading that names a term and says what it is after a colon: (name, what)."""
    if ":" not in text and "：" not in text:
        return None
    glossed = _GLOSSED.match(text)
    if glossed is None:
        return None
    name, says = glossed.group("name").strip(), glossed.group("says").strip()
    if _HAN.search(name):  # "迹：主对角元素之和" (not "策略梯度：Policy Gradient", a translation)
        ok = len(name) <= 12 and len(_HAN.findall(says)) >= 4 and not says.endswith(("?", "？"))
        ok = ok and not _ORDINAL_HAN.match(name)
    else:
        ok = len(name.split()) <= 4 and _SAYS_LOWER.match(says) is not None and "?" not in says
        ok = ok and not _COMPARED.search(says)  # "## Model adaptation: prompting vs finetuning"
    return (name, says) if ok else None


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


# a heading's level and text; whether its section is a glossary, a list of changes, a list
# of results and sources (by its words or a heading's above it); whether its words say changes
Heading = tuple[int, str, bool, bool, bool, bool]

# the words that name a glossary itself, over its entries' headings ("## Glossary" /
# "#### Stop Words:"); a section of concepts or a cheat sheet is read as one too
_GLOSSARY_NAMES = r"glossary|glossaries|definitions|terms|terminology|vocabulary"
GLOSSARY_CONTEXT = compiled(
    rf"\b({_GLOSSARY_NAMES}|definition|concepts|jargon|key terms|cheat ?sheet)\b"
    r"|术语|名词解释|概念|词汇表",
    re.I,
)
_ENTRIES = compiled(rf"\b(?:{_GLOSSARY_NAMES})\b", re.I)


def glossary_entry(headings: list[Heading]) -> bool:
    """The last heading is an entry of a glossary (a heading above names one, and those
    between are terms): what its text opens with, a phrase ("unique words within learning
    corpus"), says what it is."""
    if len(headings) < 2 or not headings[-2][2]:
        return False
    return any(_ENTRIES.search(heading[1]) for heading in headings[:-1])


# Release notes and changelogs are lists of `**feature**: what changed`, the very shape of a
# glossary: in such notes and sections the list forms are not read as definitions.
CHANGES_CONTEXT = compiled(
    r"\b(?:change ?logs?|release notes?|releases?|what['’]?s new|bug ?fix(?:es)?|fixes|"
    r"breaking changes|deprecations|commits|"
    r"office hours|meetings?|agenda|minutes|stand-?ups?|retrospectives?|roadmap|thanks|"
    r"acknowledge?ments|contributors|credits|shout-?outs?|newsletter)\b|"
    # a release's own section: "### Features", "## v1.2 Improvements" (not "Retrieval
    # Improvements" or "Key Features of Parquet", whose lists name techniques and traits)
    r"^[\W\d_]*(?:v?\d[\w.-]*\s+)?(?:(?:new|other|minor|major|small)\s+)?"
    r"(?:features|enhancements|improvements|highlights)\W*$",
    re.I,
)
# Lists of results, tasks, sources, uses and benefits have the shape of a glossary too ("-
# **Doubt Resolution**: Input specific questions ..." under "## Use Cases", "- **Efficiency**:
# Process large amounts of text" under "## Why Text Generation?"), but their prose and
# headings may still define: only the list forms are not read there.
LISTS_CONTEXT = compiled(
    # ("#### Benchmark datasets" lists datasets, each with what it is)
    r"\b(?:results|experiments?|benchmarks?(?!\s+datasets?\b)|leaderboard|todo|to-?dos?|"
    r"journal|timeline|references|reading list|papers|links|resources|sources|bibliography|"
    r"citations?|"
    r"use[ -]?cases?|what can (?:you|we|i) build|benefits|advantages|pros|strengths|"
    r"(?:frameworks|tools|libraries|models) compared)\b|"
    # "#### Causes:", "## Challenges and Limitations", "### Problem It Solves": points (a
    # heading that opens with the word: "# Building AI Applications ..." is a topic)
    r"^[\W\d_]*(?:(?:the|key|main|core|common|major|potential)\s+)?(?:(?:causes|challenges|"
    r"limitations|drawbacks|disadvantages|cons|weaknesses|pitfalls|risks|applications|"
    r"failure modes|when (?:not )?to|(?:key )?insights)\b|"
    r"(?:problems?|issues?)(?:\s+(?:it\s+solves|formulation)|\W*$))|"
    r"实验|结果",
    re.I,
)


_SOURCES = compiled(
    r"^[\W\d_]*(?:references|reading list|papers|links|resources|sources|bibliography)\W*$",
    re.I,
)


def lists_title(title: str) -> bool:
    """A note that lists results or sources: "Results", "Reading list", "LLM benchmarks";
    "Dataset and benchmark paper summaries" summarises works, it lists none of them."""
    return LISTS_CONTEXT.search(title) is not None and not title.lower().endswith(
        ("summaries", "summary", "notes")
    )


# headings whose text says what the heading above them names
_EXPLAINING = compiled(
    r"^(?:intuition|(?:the\s+|main\s+|key\s+|core\s+|basic\s+)?idea|definition|overview|"
    r"description|explanation|concept|meaning|what(?:\s+is\s+it|\s+it\s+is)?|introduction|intro|"
    r"summary|how\s+it\s+works|structure)\s*[:?]?$",
    re.I,
)


def explaining(text: str) -> bool:
    """A heading that says what the heading above it names: "#### Intuition" under
    "### AdaGrad", "## Definition", "### How it works"."""
    return _EXPLAINING.match(text) is not None


_BOLD_ALONE = compiled(r"^(?:\*\*|__)([^*_\n]{2,40}?):?(?:\*\*|__):?$")


def explaining_bold(raw: str) -> bool:
    """A bold line alone that says what the heading above it names, as an explaining
    heading does: "**Overview**", "**Definition:**", "**How It Works**"."""
    bold = _BOLD_ALONE.match(raw.strip())
    return bold is not None and explaining(bold.group(1))


def section_of(outer: Heading | None, level: int, text: str) -> Heading:
    """A heading under `outer` (the nearest above it of a higher level), with what its
    section is, read once per heading. A glossary: its own heading says so, or one
    above it does and every heading between them is a letter or a term ("## Glossary" /
    "### A" / "#### Attention"), not a topic or a question ("# Core concepts" / "### What
    are transformers?"). A list of changes, or of results and sources: any heading above
    it says so."""
    named, said, listed = _says(text)
    glossary = named or (
        outer is not None
        and outer[2]
        and len(text.split()) <= 3
        and not text.rstrip().endswith("?")
    )
    changes = (outer is not None and outer[3]) or said
    # under "# Papers", "## XiYan-SQL: ..." is one paper's section, not a list of sources
    sources = outer is not None and _SOURCES.match(outer[1]) is not None
    lists = (outer is not None and outer[4] and not sources) or listed
    return level, text, glossary, changes, lists, said


@lru_cache(maxsize=512)  # "## Summary", "## References": the same headings in note after note
def _says(text: str) -> tuple[bool, bool, bool]:
    """Whether a heading's own words name a glossary, a list of changes, a list of results
    and sources."""
    return (
        GLOSSARY_CONTEXT.search(text) is not None,
        CHANGES_CONTEXT.search(text) is not None,
        LISTS_CONTEXT.search(text) is not None,
    )
