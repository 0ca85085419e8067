"""The verbs that define their subject. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable

# What a plural subject does: "Decision trees split ...", "**Edges** represent ..."
PLURAL_VERBS = (
    r"help|make|allow|let|map|turn|take|use|compute|learn|store|measure|control|"
    r"describe|represent|encode|reduce|prevent|add|remove|combine|replace|split|generate|"
    r"predict|provide|capture|keep|decide|transform|convert|assign|group|rank|score|"
    r"estimate|approximate|introduce|pull|push|penalise|penalize|scale"
)
# "X measures ...". One list: the verb form in sentences.py, the quick test before it and
# the sentence gate (`triggered`) are all made from it.
DEFINING_VERBS = (
    "means",
    "refers to",
    "is about",
    "consists of",
    "describes",
    "denotes",
    "represents",
    "measures",
    "controls",
    "focuses on",
    "quantifies",
    "captures",
    "is defined as",
    "are defined as",
    "stands for",
    "encodes",
    "indicates",
    "determines",
    "specifies",
    "estimates",
    "tells you",
    "tracks",
    "is shorthand for",
    "is short for",
    "occurs when",
    "happens when",
    "involves",
    "can be defined as",
    "can simply be defined as",
    "can be described as",
    "can be thought of as",
)


_Tree = dict[str, "_Tree"]


def one_of(words: Iterable[str]) -> str:
    """A pattern for any of the words, written as a tree of their letters ("m(?:eans|
    easures)"). `re` tries every word of a plain alternation at each place it searches (at
    every space, for " (?:means|...)"); in the tree one letter picks the branch."""
    tree: _Tree = {}
    for word in sorted(words):  # the same pattern in every process (a set's order is not)
        node = tree
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}  # a word ends here
    return _branches(tree)


def _branches(node: _Tree) -> str:
    branches = [re.escape(letter) + _branches(rest) for letter, rest in node.items() if letter]
    if not branches:
        return ""
    if "" in node:
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
