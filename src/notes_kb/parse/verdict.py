"""A text that judges its subject instead of saying what it is. One rule for the definition
scorer (a weak definition) and the deck (no flashcard); here, outside the definitions
package, so that building a deck does not load the whole finder. Pure."""

from __future__ import annotations

import re

# "Learning is a very huge problem", "Task management is one of the most used things ...",
# "Renaming is just one of the many ways ..."
_VERDICT = re.compile(
    r"^[^.;:]{0,60}?\b(?:is|are)\s+(?:(?:a\s+|an\s+)?(?:very|highly|really|pretty|quite|super|"
    r"extremely|so|too|incredibly|hugely)\s|"
    r"(?:just |only |simply )?one of (?:the )?(?:most|best|biggest|main|key|few|many)\b)",
    re.I,
)


def judged(text: str) -> bool:
    """A text that judges its subject ("X is one of the most used things ...", "X is a very
    ...") rather than saying what it is."""
    return _VERDICT.match(text) is not None
