"""A text that reports an outcome, a comparison or a plan: "**Model-B 7B**: on benchmark Y
it beats Model-A", "scored 41.2 BLEU". Such a text does not define its subject. Pure."""

from __future__ import annotations

import re

from notes_kb.parse.definitions.lowered import reads_lowered
from notes_kb.parse.patterns import compiled

# A text that reports an outcome, a comparison or a plan does not define its subject.
_RESULT = compiled(
    r"\b(?:beats?|outperform\w*|surpass\w*|scored|achiev(?:es|ed)|SOTA|state of the art|"
    r"better than|worse than|faster than|slower than)\b"
    r"|\b\d+(?:\.\d+)?\s*(?:mAP|BLEU|ROUGE|F1|acc|accuracy|points?)\b",
    re.I,
)


# a word every _RESULT match holds, in lowercase
_RESULT_WORDS = (
    "beat", "outperform", "surpass", "scored", "achiev", "sota", "state of the art", " than",
    "map", "bleu", "rouge", "f1", "acc", "point",
)  # fmt: skip


def reports(text: str) -> bool:
    """_RESULT found in the text; only where one of its words is, in a text whose lowercase
    can be read for it (see lowered.py: other text is read by the pattern alone)."""
    if reads_lowered(text):
        lower = text.lower()
        if not any(word in lower for word in _RESULT_WORDS):
            return False
    return _RESULT.search(text) is not None
