"""Questions written as flashcards: "Q: What is X?" over "A: ...", a bold question over
its answer ("**1. What is X?**"), a card line "What is X?::answer" (":::" both ways), and
the spaced-repetition block "What is X?" / "?" / answer ("??" both ways). The term is what
the question asks about, or the front itself when it is a name ("Dropout" / "?" / "A
regularisation technique ..."). Pure."""

from __future__ import annotations

import re

from notes_kb.parse.definitions.openings import asked
from notes_kb.parse.definitions.words import clean_term
from notes_kb.parse.patterns import compiled

_MARK = r"(?:\*\*|__)?"
_Q = rf"^{_MARK}Q(?:uestion)?\s*[:：.]{_MARK}\s*(?P<q>[^\n]+?[?？])\s*{_MARK}"
_A = rf"{_MARK}A(?:nswer)?\s*[:：.]{_MARK}\s*(?P<a>\S.*)"
# "Q: What is X?" and "A: ..." in one paragraph, or the question alone (its answer next)
_QA = compiled(_Q + r"\s*\n+\s*" + _A, re.S | re.I)
_Q_ALONE = compiled(_Q + r"\s*$", re.I)
ANSWER = compiled(r"^" + _A, re.S | re.I)
# "What is X?::answer", "Term:::answer": a card on one line
_CARD_LINE = compiled(r"^(?P<q>[^\n:]{2,200}?)\s*:{2,3}\s*(?P<a>\S.*)", re.S)
# "**What is regularization?** Adding a penalty ...", "**1. What is bias?**" over its answer
_BOLD_Q = compiled(
    r"^(?:\*\*\*?|__)(?:Q(?:uestion)?\s*\d{0,3}\s*[.:)]\s*|\d{1,3}(?:\.\d{1,3})*(?:\s*[.)、]\s*|\s+))?"
    r"(?P<q>[^*_\n]{4,200}?[?？])\s*(?:\*\*\*?|__)\s*(?P<a>.*)",
    re.S,
)
# "What is X?" / "?" / "answer": the plugin's multi-line card, "??" for both ways
_CARD_BLOCK = compiled(r"^(?P<q>[^\n]{2,200}?)\s*\n\?{1,2}\s*\n(?P<a>\S.*)", re.S)


def card(raw: str) -> tuple[str, str] | None:
    """The term a flashcard paragraph defines and the answer that defines it."""
    first = raw[:1]
    match = _QA.match(raw) if first in "Qq*_" else None
    if match is None and first in "*_":
        match = _BOLD_Q.match(raw)
        if match and len(match.group("a").split()) < 3:
            match = None  # the question alone: its answer follows (see question_alone)
    if match is None and "\n?" in raw:
        match = _CARD_BLOCK.match(raw)
    if match is None and "?::" in raw:
        match = _CARD_LINE.match(raw)
    if match is None:
        return None
    question = match.group("q").strip()
    term = asked(question) if question.endswith(("?", "？")) else clean_term(question)
    return (term, match.group("a")) if term else None


def question_alone(raw: str) -> str | None:
    """The term a "Q: What is X?" or "**What is X?**" paragraph asks about, its answer in
    the next one."""
    match = _Q_ALONE.match(raw.strip()) if raw[:1] in "Qq*_" else None
    if match is None and raw[:1] in "*_":
        match = _BOLD_Q.match(raw.strip())
        match = match if match and not match.group("a").strip() else None
    return asked(match.group("q").strip()) if match else None
