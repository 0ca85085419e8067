"""Which glossary entries become flashcards. A definition can be right for `notes define` and
still make a poor card: found with too little certainty, naming a program's field rather than
an idea, or cut off where the note's line breaks. Pure: an entry and its source lines in."""

from __future__ import annotations

import re

from notes_kb.parse.cards import CODE_SPAN, MASK, POINTS_ELSEWHERE, Card, mask_terms
from notes_kb.parse.verdict import judged
from notes_kb.query.glossary import Entry

# The glossary keeps a definition from a score of 1.0; a card asks more (read on
# dendron-site: below 1.4 are mostly changelog lines, list items and chat).
CARD_SCORE = 1.4
# Definitions written in passing are found with less certainty than glossary forms; a card
# must be right, so only these forms become cards (a sentence only when it opens with the
# term and defines it at some length).
_CARD_KINDS = frozenset(
    "frontmatter definition-list glossary-bullet glossary-note field table bold-lead "
    "question-heading title-note acronym colon-bullet dash-bullet colon-line sentence".split()
)
_DEFINING_SENTENCE = re.compile(
    r"(?:(?:A|An|The)\s+)?" + re.escape(MASK) + r"\s*(?:\([^)]{0,2048}\)\s*)?"
    r"(?:is|are|refers to|describes|means|stands for|lets you|allows you to)\b(.*)",
    re.DOTALL,
)
# a logged field's description, the question it answers ("What pod was used (e.g. ...)")
_FIELD_QUESTION = re.compile(r"^(?:What|Which)\b[^?.]{0,60}\b(?:was|were) (?:used|passed|run)\b")
# `vaultName`, `hookFilter`, `VAULT_NAME`: a program's field or option, looked up when
# needed, not learnt
_CODE_NAME = re.compile(
    r"[a-z]{2,}(?:[A-Z][a-z0-9]+)+|\S*[A-Za-z]_[A-Za-z]\S*"
    r"|(?:[A-Z][a-z0-9]+)+(?:In|Of|To|For|On|At|By|With|From|As)(?:[A-Z][a-z0-9]+)+"
)
# `.parent`, `--fast`, `:selected`: a selector or flag, the term with a sigil in code
_SIGIL = ".:#-$@"
# an answer that points into a program's code: `runTools()`, `toolOrchestration.ts`
_CODE_REFERENCE = re.compile(r"\b[A-Za-z_]\w*\(\)|\b\w+\.(?:ts|tsx|py|rs|java|rb|cpp)\b")
# an entry of a reference list: "An open-ended agent ... arXiv preprint arXiv:2305.16291"
_CITATION = re.compile(r"\barXiv(?: preprint|:\s?\d)|\bProceedings of\b", re.I)
# `- desc: where the note goes` above `- type: string`: an option in a program's schema
_OPTION_DESCRIPTION = re.compile(r"^\s*(?:[-*+]\s+)?(?:desc|description)\s*:", re.I)
_OPTION_KEY = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:type|required|default|choices|options|values|format)\s*:", re.I
)
# `- [Vim](https://...): Vim key bindings`: a link to a product with its blurb
_LINKED_TERM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[([^\]]+)\]\((?:https?:)?//")
_DEFINING_OPENING = re.compile(r"^(?:(?:a|an|the)\s|" + re.escape(MASK) + ")", re.I)
# "Used at both training and inference", "used by the app to store ...": where a thing is
# used, not what it is
_USAGE = re.compile(
    r"^(?:used|applied|found|seen) (?:at|in|by|on|across|throughout|during)\b", re.I
)
# "While PCA is used for ..., it can ...": a contrast, not what the term is
_CONCESSIVE = re.compile(r"^(?:While|Whilst|Although|Though|Whereas)\b")
# "Notes are interoperable with anything ...": a property of the term, not what it is
_PROPERTY = re.compile(
    r"^\s*(?:\w+ly\s+)?(?!respons)\w+(?:able|ible)\s+(?:with|to|for|by|in|on)\b", re.I
)
# "When checked, show ...", "when lookup is presented": a setting's effect or an event's
# trigger, not what a thing is
_TRIGGER = re.compile(
    r"^when (?:checked|unchecked|enabled|disabled|set|selected|true|false)\b|^when [^,;.]*\.?$",
    re.I,
)
# a step of a setup ("Install Node.js via nvm"), not what something is
_STEP = re.compile(
    r"^(?:install|download|clone|click|visit|navigate to|go to|sign up|log in)\b", re.I
)
# An answer that stops where its sentence goes on: a dangling word ("... that", "... of
# the"), a word broken at a hyphen, a trailing comma, one word of a new sentence ("... .
# Where"), a list's lead ("the following benefits"), or a link's remains ("nvm)](https://...").
_DANGLING = re.compile(
    r"(?:[,;:(\u2013\u2014-]|\b(?:a|an|the|of|and|or|nor|that|which|whose|this|these|those|"
    r"can|could|will|would|should|may|must|is|are|was|were|be|has|have|include|includes|"
    r"including|such as|e\.g|i\.e|than|its|their|our|your|but|while|because|if|following|"
    r"via|between)|[.!?]\s+\w+|\bthe following \w+)\s*$",
    re.I,
)
_LINK_REMAINS = re.compile(r"\]\(")
_ENDS_SENTENCE = re.compile(r"[.!?)\]\"'`*\u201d]\s*$")
# a line that starts a block of its own rather than going on with the paragraph above
_BLOCK_START = re.compile(r"^\s*(?:$|[-*+]\s|\d+[.)]\s|#|>|\||```|~~~)")
# "In AI, an ablation test is ...": an opening that sets the scene before the subject
_SCENE = re.compile(r"^In [^,]{1,60},\s*")
_CALL_TO_ACTION = re.compile(
    r"^(?:how|where|who|what)\b[^?]{0,30}\b(?:can|could|do|should|to)\s+(?:(?:you|i|we)\s+)?"
    r"(?:help|contribute|get involved|get help|get support|get in touch|contact|reach|join|"
    r"donate|sponsor|support us|give feedback|report)\b",
    re.I,
)
_ARTICLE = re.compile(r"^(?:a|an|the)$", re.I)
_WORD_BREAK = re.compile(r"[A-Za-z]-$")
# the predicate of "X is ..." / "X are ..." in the answer's first clause
_BE = re.compile(r"^[^.;:,]{1,80}?\b(?:is|are)\s+(.*)", re.DOTALL)


def worth_asking(card: Card) -> bool:
    """A question heading's card, unless the question calls the reader to act ("How can you
    help?", "Where do I get support?"): a page's invitation, nothing to learn."""
    return not (card.kind == "question" and _CALL_TO_ACTION.match(card.front))


def worth_a_card(entry: Entry, line: str = "", after: str = "", before: str = "") -> bool:
    """A definition sure enough to learn from and whole enough to review: written in an
    explicit form, naming a term (not a handle, a label like `eg`, a program's field, or an
    example echoed back: `python: items that include python`), and not cut off. `line` is
    the note's line the definition starts on, `after` the line below it and `before` the
    line above."""
    best = entry.definitions[0]
    term = entry.term
    if best.kind not in _CARD_KINDS or len(term) < 3 or any(c in term for c in "#@"):
        return False
    if 0 < best.score < CARD_SCORE:
        return False
    if " or " in term.casefold():  # "MacOS or Linux": the heads of a list of steps
        return False
    if _FIELD_QUESTION.match(best.text):
        return False  # "publish: What publish command was used (e.g. init, build)": a field
    if judged(best.text):
        return False  # "**Task management** is one of the most used things ...": a verdict
    if _CODE_NAME.fullmatch(term) or _written_as_code(entry.names, line):
        return False  # `flavor`, `hookFilter`: a field of a program, not an idea
    if _STEP.match(best.text) or _TRIGGER.match(best.text) or cut_off(best.text, line, after):
        return False
    if not _stands_alone(best.text) or _program_option(line, after):
        return False
    if _WORD_BREAK.search(before) and line.lstrip().startswith(term):
        return False  # "tion: A narrative review" after "trust in automa-": half a word
    masked = mask_terms(best.text, entry.names)
    said = mask_terms(best.text, (term,))  # an acronym's expansion is no repeat
    if best.kind == "title-note" and said != best.text and len(said.split()) < 6:
        return False  # `# Growth`: "Growth related efforts.": the term said again, little more
    linked = _LINKED_TERM.match(line)
    if linked and linked.group(1).strip() in entry.names:
        return bool(_DEFINING_OPENING.match(masked))  # "Do more with tables": a blurb
    if best.kind == "title-note":  # "A block anchor is ...", not "If it has been useful"
        return _opens_with_subject(masked)
    if best.kind == "sentence":  # "Perplexity is the exponential of ...", said at length
        opening = _DEFINING_SENTENCE.match(masked)
        return opening is not None and len(re.split(r"[.;:]", opening.group(1))[0].split()) >= 5
    return masked == best.text or len(best.text.split()) > 6


def _stands_alone(text: str) -> bool:
    """An answer that says what the term is by itself: not pointing to text around it ("the
    aforementioned types"), not a citation or a pointer into code, not only where the term
    is used, a contrast ("While ...") or a property ("interoperable with ...")."""
    if POINTS_ELSEWHERE.search(text) or _CITATION.search(text) or _CODE_REFERENCE.search(text):
        return False
    if _USAGE.match(text) or _CONCESSIVE.match(text):
        return False
    opening = _BE.match(text)
    return opening is None or not _PROPERTY.match(opening.group(1))


def _program_option(line: str, after: str) -> bool:
    """`- desc: ...` over `- type: string`: the description of an option in a schema."""
    return bool(_OPTION_DESCRIPTION.match(line) and _OPTION_KEY.match(after))


def _written_as_code(names: tuple[str, ...], line: str) -> bool:
    """The term is inline code on its line (`flavor`, `.parent`, `--fast`, or `Name:
    action` naming a command): nothing inside code is read as a card."""
    spans = [m.group(2).strip().lstrip(_SIGIL).casefold() for m in CODE_SPAN.finditer(line)]
    folded = [name.casefold() for name in names]
    return any(span == name or span.startswith(name + ":") for span in spans for name in folded)


def cut_off(text: str, line: str = "", after: str = "") -> bool:
    """An answer that stops mid-sentence: it ends on a word that needs more, or it ends
    where its line ends while the paragraph goes on below (a hard-wrapped page)."""
    text = text.rstrip()
    if not text or _DANGLING.search(text) or _LINK_REMAINS.search(text):
        return True
    if _ENDS_SENTENCE.search(text) or "|" in line or _BLOCK_START.match(after):
        return False
    words = text.split()
    return line.rstrip().endswith(words[-1])


def _opens_with_subject(masked: str) -> bool:
    """A note named for its term opens by saying what the term is: the term is the subject,
    after at most an article and a name ("The VS Code […] is"), not the object of a
    sentence about something else ("Dendron is looking for a […] to ...")."""
    at = _SCENE.sub("", masked).find(MASK)
    if at < 0:
        return False
    before = _SCENE.sub("", masked)[:at].split()
    return len(before) <= 3 and all(_ARTICLE.match(w) or w[:1].isupper() for w in before)
