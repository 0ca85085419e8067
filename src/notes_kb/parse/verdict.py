"""A text that judges its subject instead of saying what it is. One rule for the definition
scorer (a weak definition) and the deck (no flashcard); here, outside the definitions
package, so that building a deck does not load the whole finder. Pure."""

from __future__ import annotations

import re

# "Learning is a very huge problem", "Task management is one of the most used things ...",
# "Defensibility is a real worry.", "A reranker on the top 50 results is a cheap quality win."
# "Renaming is just one of the many ways ...", "Cleaning dates is a common task."
_VERDICT = re.compile(
    r"^[^.;:]{0,60}?\b(?:is|are)\s+(?:(?:a\s+|an\s+)?(?:very|highly|really|pretty|quite|super|"
    r"extremely|so|too|incredibly|hugely)\s|"
    r"(?:just |only |simply )?one of (?:the )?(?:most|best|biggest|main|key|few|many)\b|"
    # "Cleaning dates is a common task.", "X is a challenging aspect of ...": a judgement
    # and a word for any thing; "Attacks are something that you cannot stop"
    r"(?:a|an)\s+(?:common|complex|challenging|difficult|hard|tricky|big|huge|important|crucial|"
    r"major|good|great|nice|interesting|critical|essential|necessary|real|serious|cheap|"
    r"easy|quick)\s+(?:quality\s+)?(?:task|business|problem|aspect|part|thing|issue|challenge|step|topic|"
    r"question|concern|skill|worry|win|risk|trade-?off|headache)\b"
    r"(?!\s+(?:where|in which|that|when|which|whereby|of\s+(?:\w+ing|training|learning)))|"
    r"something\s+(?:that|which|you|we)\b|"
    # "Subword tokens are the compromise.": where it stands among others, not what it is
    r"the\s+(?:compromise|answer|winner|way to go|sweet spot)\s*(?:[.!]|$))",
    re.I,
)


def judged(text: str) -> bool:
    """A text that judges its subject ("X is one of the most used things ...", "X is a very
    ...") rather than saying what it is."""
    return _VERDICT.match(text) is not None
