"""An outline's term: `- BPE` (or `- #BPE/def`) over a nested item that explains it, and
`- What is variance?` over its answer. Pure."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notes_kb.parse.definitions.context import reading_list
from notes_kb.parse.definitions.fields import DEFINED, SHOWN, heading_field
from notes_kb.parse.definitions.flashcards import ANSWER
from notes_kb.parse.definitions.labels import LABELS, is_label
from notes_kb.parse.definitions.openings import asked, explains, named, telegraphic
from notes_kb.parse.definitions.proposal import Proposal
from notes_kb.parse.definitions.split import first_sentences
from notes_kb.parse.definitions.vocabulary import (
    ACTIVITIES,
    ALWAYS_IMPERATIVE,
    ASPECTS,
    FACETS,
    IMPERATIVES,
    METHOD_VERBS,
    STOP_FIRST,
    VERBS_ONLY,
)
from notes_kb.parse.inline import marked_plain
from notes_kb.parse.keys import common_word
from notes_kb.parse.patterns import compiled

if TYPE_CHECKING:
    from markdown_it.token import Token


def outline(tokens: list[Token], index: int) -> Proposal | None:
    """`- BPE` (or `- #BPE/def`) over nested items that explain it: an outline's term,
    defined by its first sub-item ("Byte pair encoding algorithm."). `index`: the item's
    inline token."""
    ahead = tokens[index + 1 : index + 6]
    if len(ahead) < 2 or _list_kind(ahead[1]) != "list_open":
        return None  # most items: no list under them
    if tuple(_list_kind(t) for t in ahead) != _OUTLINE_SHAPE:
        return None
    written = tokens[index].content.strip()
    child = ahead[-1].content.split("\n", 1)[0]
    if written.endswith(("?", "？")):  # "- What is variance?" over its answer
        subject = asked(marked_plain(written)[0])
        answer = marked_plain(child)[0]
        if subject and len(answer.split()) >= 3:
            return Proposal(subject, first_sentences(answer), "question-heading")
        return None
    formula = ""
    shown = _FORMULA_LEAD.match(written) if "$" in written else None
    if shown:  # "- **Q-function**: $Q^{\pi}(s, a) = ...$" over what it is, in words
        written, formula = shown.group("head"), shown.group("formula")
    marked = _OUTLINE_TAG.match(written)  # `#Stemming/def`: the author says it is defined
    head = marked.group(1) if marked else written
    bold = _BOLD_HEAD.match(head)  # `- **Memory Cell**:` over what it is: a name, set apart
    if bold:
        if _LEAD_CHILD.match(child):
            field, said_text, evidence = heading_field(marked_plain(child)[0])
            if field in (DEFINED, SHOWN) and not _topic(bold.group("name")):
                return Proposal(bold.group("name"), first_sentences(said_text), "field", evidence)
            return None  # "**Variants**:" over "Diverse beam search: ...": a category
        head = bold.group("name")
    if head.endswith(":") and not bold:  # "- Influence functions:" over what they do
        named_head = head[:-1].rstrip()
        last = named_head.rsplit(" ", 1)[-1].lower()
        if not (is_label(named_head) or last in _KINDS_OF or _LEAD_CHILD.match(child)):
            head = named_head  # not "- Two possible strategies:", "- Pros:", "- Variants:"
    if not head or len(head.split()) > 5 or head.endswith((":", ".")):
        return None  # "Two possible strategies:": the head of a list, not a term
    text = marked_plain(child)[0]
    if _OUTLINE_NOT_SAID.match(text) or _LINK_ITEM.match(child) or reading_list(child, ""):
        return None  # "[x] Learn the basics", "if you ...", "[Post title](url)": no explanation
    said = bool(marked and marked.group(2))  # `#BPE/def`: the author marks it defined
    name = marked_plain(head)[0]
    if (
        explains(text, name, said or named(name))
        or (said and len(text.split()) >= 2)
        or (telegraphic(text) and not is_label(name))
        or _shorthand(name, text, child)
    ) and not _topic(name):
        said_text = first_sentences(text)
        return Proposal(name, f"{said_text} {formula}" if formula else said_text, "outline")
    return None


# a name and the formula that shows it, on one item: "**Q-function**: $Q(s, a) = ...$"
_FORMULA_LEAD = compiled(
    r"(?P<head>\*\*[^*\n]{2,40}\*\*:?|[^:$*\n]{2,40}:)\s*(?P<formula>\$[^\n]+\$)"
)


def _shorthand(name: str, text: str, child: str) -> bool:
    """`- Experience replay:` over `- Randomly sample previous transitions ...`, `- Egalitarian`
    over `- maximize the minimum of all players' rewards`: a name alone over what it does,
    said as a verb without its subject (`explains` trusts that only under a name shaped like
    one). Not one everyday word ("Synthesis" over "Decompose problems ..."), a step's
    activity ("Handling ..."), a step its verb names ("Data collection" over "Collect ..."),
    or a child that is itself a labelled point ("Identify jargon: ...")."""
    words = name.lower().split()
    said = text.split(maxsplit=3)
    if len(said) < 3 or _LEAD_CHILD.match(child):
        return False
    first = said[0].lower()
    stem = _does(first) or (_does(said[1].lower()) if first.endswith("ly") else "")  # "Randomly"
    if not stem or (len(stem) >= 4 and words[-1].startswith(stem)):
        return False  # "- Data collection" over "- Collect demonstrations ...": a step
    if words[0] in STOP_FIRST or words[0] in ACTIVITIES or common_word(name):
        return False
    return not is_label(name)


def _topic(name: str) -> bool:
    """A head over points about a topic, not a term's name: it holds a linking word ("Proof
    of effort", "Comparison to MoCo", "Learning from humans") or a label's colon ("Solution:
    Self-distillation approach"; an answer's "A:" is none), or ends on a label or a kind of
    list ("Experimental results", "Possible improvements", "Two-step process")."""
    words = name.lower().split() or [""]
    last = words[-1]
    if last in _KINDS_OF or last in LABELS or last in FACETS or last in ASPECTS:
        return True
    return ":" in ANSWER.sub(r"\g<a>", name, count=1) or not _LINKING.isdisjoint(words)


def _does(word: str) -> str:
    """The stem of a lowercase word that opens a verb phrase ("sampl" for "sample" or
    "samples", "decompos" for "decompose"), or "" for another word."""
    for verb in (word, word[:-1] if word.endswith("s") else "", word[:-2]):
        if verb in _DOING and (verb == word or word.endswith("s")):
            return verb[:-1] if verb.endswith("e") else verb
    return ""


def _list_kind(token: Token) -> str:
    return token.type.replace("bullet_", "").replace("ordered_", "")


# the last word of a head over a list of several things, not one term's explanation
_KINDS_OF = frozenset(
    "strategies components types kinds steps examples methods approaches techniques options "
    "variants ways reasons parts stages phases categories features properties benefits "
    "advantages disadvantages problems issues challenges ideas points tips rules factors "
    "include includes including are is opportunities directions suggestions improvements "
    "considerations".split()
)
_OUTLINE_SHAPE = ("paragraph_close", "list_open", "list_item_open", "paragraph_open", "inline")
# `#Stemming/def`, `#BPE`: a tag standing for its term
_OUTLINE_TAG = compiled(r"^#([^\W\d][\w-]*)(/(?:def|definition|term|concept))?$")
_BOLD_HEAD = compiled(r"^(?P<mark>\*\*|__)(?P<name>[^*_:]+?):?(?P=mark):?$")
_LEAD_CHILD = compiled(
    r"^\s*(?:\*\*[^*]{1,60}(?:\*\*:|:\*\*)|__[^_]{1,60}(?:__:|:__)|[^:.]{1,40}:)\s"
)
_LINK_ITEM = compiled(r"^\s*(?:!?\[[^\]]{0,999}\]\([^)]{0,2048}\)|<?https?://)")  # a web link first
_DOING = IMPERATIVES | ALWAYS_IMPERATIVE | VERBS_ONLY | METHOD_VERBS
# the words that make a head a phrase about something, not a name: "Comparison to Gradient
# Descent", "Tactile on UMI Gripper", "People learn via curricula"
_LINKING = frozenset(
    "of to and or in on for with from by at via vs versus over under into onto about between + "
    "through within without against during per & is are was were can could should will".split()
)
_OUTLINE_NOT_SAID = compiled(r"^(?:\[[ xX]\]|(?:if|when|once|after|before|then)\b)", re.I)
