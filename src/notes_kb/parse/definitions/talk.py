"""Text that talks rather than defines: a chat's reply, a discussion ("We can use ..."), a
question, a page's or a lecture's own talk ("This chapter is about ...", "You just saw how
to ..."). Pure."""

from __future__ import annotations

import re

from notes_kb.parse.definitions.lowered import reads_lowered
from notes_kb.parse.patterns import compiled

_TALK = compiled(
    r"^(?:there(?:'s| (?:are|is|were|has|have))|how (?:do|can|should|does)|are there|is there|"
    r"it's (?:a|an|the) (?:well|common|good)|let's|let us|in this (?:paper|post|note|section)|"
    r"this is (?:a|an|the) (?:note|page|place|example|list)\b|help us|sounds good|thanks|"
    r"if you (?:would|want|wish|need|are|have)\b|"
    r"welcome|please |under (?:active )?(?:construction|"
    r"development|refactoring)|"
    # a lecture's transcript: "You just saw how to ...", "Alright, now that you know ..."
    r"(?:alright|all right|okay),|lets (?:look|see|go|start|now)\b|(?:you|we)(?: have|'ve)? just |"
    r"now that (?:you|we)\b|a (?:bit|moment) (?:earlier|ago)\b|earlier (?:in|we|you|I)\b|"
    r"as (?:you know|we (?:saw|talked|discussed|mentioned))\b|before we\b|"
    r"in the (?:previous|last|next) (?:lecture|video|section|chapter|lesson)\b)",
    re.I,
)
# "This chapter is about ...", "This article outlines ...": a note's opening about the page,
# not about its subject
_OPENINGS = frozenset(("title-note", "note-subject", "note-bullets"))
_PAGE = compiled(
    r"^(?:in )?this (?:page|section|note|chapter|lecture|post|article|document|tutorial|guide|"
    r"video|course|module|paper|work|study|template|folder|repo|repository|vault|site)\b|"
    # an index page's opening: "Master data pipelines ...", "Comprehensive guide to ..."
    r"^(?:master|explore|discover|dive into|deep diving)\s|^(?:an?\s+)?(?:(?:comprehensive|"
    r"complete|quick|short|brief|practical|hands-on|gentle)\s+)?(?:guide|introduction|"
    r"walkthrough|tutorial|primer)\s+(?:to|for|on)\b|"
    # a paper's summary: "The authors are motivated to ...", "In the paper, ..."
    r"^(?:the )?authors?\b|^(?:in )?the (?:paper|work|study)\b|^(?:we|they) propose\b|"
    r"^motivated (?:to|by)\b",
    re.I,
)
# what a folder of notes holds, opening a text: "Notes and insights from ...", "Selected
# research papers presented at ...", "A comprehensive collection of learning materials"
_COLLECTION = compiled(
    r"^(?:(?:my|personal|detailed|selected|other|various|curated|assorted|useful|interesting|"
    r"research|study|course|lecture|learning)\s+)*"
    r"(?:notes|insights|reviews|summaries|resources|materials|papers|topics|write-?ups)"
    r"(?:\s+and\s+\w+)?\s+(?:on|from|about|of|for|related|presented|covering)\b|"
    # (not "A collection of multi-turn dialogues", a dataset's definition)
    r"^(?:an?\s+)?(?:(?:comprehensive|curated|growing|personal|small|large)\s+)*collection\s+of"
    r"\s+(?:[\w-]+\s+){0,2}?(?:materials|notes|resources|links|topics|papers|articles|posts)\b|"
    # "Debugging and troubleshooting tips for llama.cpp": what the page gives on its subject
    r"^(?:[\w-]+\s+(?:(?:and|&)\s+)?){0,2}(?:tips|tricks|snippets|cheat ?sheet)\s+"
    r"(?:for|on|about|when|to)\b",
    re.I,
)
_DISCUSSION = compiled(r"^(?:we |i |how |what |why |when we|if we|you |our )", re.I)
# "I just checked this.", "glad to raise it", "Possible that ...": a reply in a chat or a
# meeting's minutes ("**Name**: what they said"), not a definition of the name
_REPLY = compiled(
    r"^(?:I(?:'m|'ve|'d|'ll|’m|’ve)?\s|(?:you|we)(?:'re|'ve|'ll|’re|’ve|’ll)\s|"
    r"(?:yes|yeah|yep|no|nope|sure|agreed|thanks|thank you|"
    r"glad|sorry|lol|hi|hello|hey|possibly|possible that|not sure|maybe|i guess|good (?:point|"
    r"question|idea))\b|"
    r"will (?:fix|do|check|look|take|add|update|try|send|share)\b)",
    re.I,
)
# "now that i look at it, we not ...": a lowercase "i" is chat, never a definition
_CHAT_I = compiled(
    r"^.{0,40}?\bi (?:look|think|guess|am|was|will|have|had|would|mean|know|see|get|feel)\b",
    re.I,
)
_ASKING = compiled(
    r"(?:what|how|why|when|where|who|whom|which|whose|do|does|did|is|are|can|could|should|"
    r"would|will)\b",
    re.I,
)


# "- Faithfulness: Is the answer related to the context?", "- Object Detection: Where are
# the objects in the photograph?": a criterion or a task named by the question it answers
# (not "RQ3: What ...?", a question's number, nor "Extra: If ..., why ...?", a remark)
_NUMBERED_QUESTION = compiled(r"^[A-Z]{0,3}\d+$")
_QUESTION_WORD = compiled(
    r"(?:what|where|which|how|who|when|is|are|does|do|did|can|was|were)\s", re.I
)


def names_by_question(term: str, text: str) -> bool:
    """The text, a bullet's, is one question (and nothing more) that its capitalised name
    answers ("bitdryvr: Do you need anything else?" is a chat's line)."""
    if text.count("?") != 1 or text.rstrip()[-1:] != "?" or not term[:1].isupper():
        return False
    return _QUESTION_WORD.match(text) is not None and _NUMBERED_QUESTION.match(term) is None


def opens_asking(text: str) -> bool:
    """A short question opens the text ("What is the invoked command?")."""
    first = text.split("?", 1)[0] if "?" in text[:80] else ""
    short_question = ". " not in first and len(first.split()) < 10
    return bool(first) and short_question and _ASKING.match(first) is not None


def replies(opening: str) -> bool:
    """A reply in a chat or a meeting's minutes. The chat "i" is looked for before it is
    matched, in text whose lowercase can be read for it (see lowered.py)."""
    if _REPLY.match(opening):
        return True
    if reads_lowered(opening) and "i " not in opening[:42].lower():
        return False  # _CHAT_I needs "i " within its first 42 characters
    return _CHAT_I.match(opening) is not None


def talks(opening: str) -> bool:
    """Talk about the topic ("There are a few ways ...", "Let's ...") or a transcript's."""
    return _TALK.match(opening) is not None


def about_the_page(kind: str, opening: str) -> bool:
    """A note's opening about the page itself ("This chapter is about ..."), or any text
    that says what a folder of notes holds ("Notes and insights from online courses",
    "Detailed reviews of research papers": an index page's entries)."""
    if kind in _OPENINGS and _PAGE.match(opening) is not None:
        return True
    return _COLLECTION.match(opening) is not None


def discusses(opening: str) -> bool:
    """ "We can use ...", "If we ...", "You ...": the author talking to the reader."""
    return _DISCUSSION.match(opening) is not None
