"""What a short text says a thing is, with no verb of its own: "A visual representation of
performance limits.", "Most advanced text splitting technique", "PyTorch-native distributed
programming framework". Under a heading or after a name, such a text says what the name
is; a step ("Run all models"), a requirement ("Requires X package") or a sentence about
something else ("The foundation of these metrics is ...") does not. Pure."""

from __future__ import annotations

import re

from notes_kb.parse.definitions.vocabulary import VERBS_ONLY
from notes_kb.parse.patterns import compiled
from notes_kb.parse.verdict import judged

# an article, up to four words, then what relates them: "The layer that tracks ...", "A
# visual representation of ..."
_WHAT_IT_IS = compiled(
    r"^(?:A|An|The)\s+(?:(?!(?:is|are|was|were|has|have|can|will|does|do)\b)[\w-]+\s+){0,4}?"
    r"(?:that|which|of|for|in|where|to|used|with)\s+\w"
)
_FINITE = compiled(
    r"\b(?:is|are|was|were|will|would|could|should|might|must|consists?|needed|determines?|"
    r"has|have|had)\b"
)
# the last word says the kind of thing ("... technique"; not "measure", mostly a verb there)
_KIND_LAST = compiled(
    r"\b(?:framework|library|model|algorithm|method|technique|dataset|benchmark|metric|tool|"
    r"architecture|network|layer|function|loss|optimi[sz]er|format|protocol|database|platform|"
    r"language|system|service|package|approach|strategy|score|overlap|distribution|"
    r"matrix|vector|encoder|decoder|classifier|regression|estimator|api|mechanism|operation|"
    r"operator|store|index|cache)\W*$",
    re.I,
)
# a preposition, an -ing word or an instruction first; a link or a label inside
_NOT_A_KIND = compiled(
    r"^(?:with|for|in|on|by|to|from|via|using|when|if|where|restore|run|use|install|add|set|"
    r"load|save|\w+ing)\b|https?://|:\s",
    re.I,
)
# a verb in it: "Requires ...", "is", "Git uses SHA-1 ...", "... encoded using ..."
_VERBAL = compiled(
    r"^[A-Z][a-z]+[^s\W]s\b|\b(?:is|are|was|were|has|have|can|will)\b|\w+s\s+\w+ed\b|"
    r"\b\w+ed\s+(?:by|using|with)\b"
)


def what_it_is(text: str) -> bool:
    """A noun phrase saying what a thing is, with no finite verb in its first sentence:
    "The entry point of an Iceberg table.", "A custom column transformation function"."""
    return bool(_WHAT_IT_IS.match(text)) and not _FINITE.search(text.split(". ", 1)[0])


def says_its_kind(text: str) -> bool:
    """A short text that ends with the kind of thing it is: "PyTorch-native distributed
    programming framework", "Most advanced text splitting technique" (not "Run all models",
    "with Discord bot API")."""
    return (
        _KIND_LAST.search(text) is not None
        and _NOT_A_KIND.search(text) is None
        and text.split(" ", 1)[0].lower() not in VERBS_ONLY
    )


def verbal(text: str) -> bool:
    """A verb stands in the text: it is a clause, not a name's kind."""
    return _VERBAL.search(text) is not None


# what a run-in heading's text opens with when it defines the heading ("**Bandwidth.** The
# hyperparameter setting ...", "**LWR.** A non-parametric method"): an article, then no verb
_RUN_IN_DEFINES = compiled(
    r"^(?:a|an|the|one)\s+(?:(?!(?:is|are|was|were|has|have|can|will|does|do|would|could|"
    r"should|must|might)\b)[\w-]+\s+){2}",
    re.I,
)


def run_in(text: str) -> bool:
    """The text after a run-in heading ("**Bandwidth.** ...") says what the heading is; most
    run-in headings ("**Regression.** For every x ...") only head a paragraph."""
    return _RUN_IN_DEFINES.match(text) is not None and not judged(text)
