"""Definitions that lead a bullet or a line: `**Term**: ...`, `Term - ...`, `[[Term]] : ...`,
`Term::...`, a name in backticks with a colon, `- K-folds (split data into k folds)`. Pure."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from notes_kb.parse.definitions.cjk import (
    bold_does,
    describes,
    formula_label,
    has_cjk,
    label_line,
    labelled_name,
)
from notes_kb.parse.definitions.cjk import list_label as cjk_list_label
from notes_kb.parse.definitions.context import reading_list
from notes_kb.parse.definitions.kinds import run_in
from notes_kb.parse.definitions.openings import DENOTED, DOES, PLURAL_DOES
from notes_kb.parse.definitions.proposal import Proposal
from notes_kb.parse.definitions.split import first_sentences
from notes_kb.parse.definitions.words import code_first, strip_link_marks
from notes_kb.parse.definitions.wrapped import carried
from notes_kb.parse.inline import LINK_CLOSE, LINK_OPEN, marked_plain
from notes_kb.parse.patterns import compiled

if TYPE_CHECKING:
    from markdown_it.token import Token

# a separator (a colon, an arrow, a dash between spaces, a closing bracket at the end), each
# written from its mark so that `re` skips ahead to one; or emphasis opens the line
_SEPARATOR = compiled(
    r":|：|=|→|->|-(?<=\s-)[-—–]?\s|—(?<=\s—)[-—–]?\s|–(?<=\s–)[-—–]?\s|\)\s*[.,]?\s*$"
)
_PAREN_BULLET = compiled(r"^(?P<term>[^()\n:]{2,50}?)\s*\((?P<rest>[^()]{6,200})\)\s*[.,]?\s*$")
# an item that is only a name over its list: "**ROC Curve**:", "ROC curve:"
BARE_LABEL = compiled(
    r"^(?:\*\*|__)?(?P<name>[^*_:\n]{2,60}?)(?:\*\*|__)?\s*[:：]?\s*(?:\*\*|__)?$"
)
# an item's first line that only names what its next lines say: "CosPlace Groups:"
_NAME_OVER = compiled(
    r"^(?P<mark>\*\*|__)?(?P<name>[A-Za-z][^*_:\n$`]{1,50}?)(?P=mark)?\s*[:：]\s*(?:\*\*|__)?$"
)
_MATH_NAME = compiled(r"\$\(?([A-Za-z]{1,8})\)?\$")  # an acronym as math: "False Negatives $(FN)$"
PLAIN_LABEL = compiled(r"^(?P<term>[A-Za-z][A-Za-z ]{1,20}):\s*")
_CHECKBOX = compiled(r"^\[[ xX]\]\s+")
EMPHASIS_TERM = compiled(
    r"^(?P<mark>\*\*\*|___|\*\*|__|\*|_)(?P<term>(?:[^*_\n`]|(?<=\w)_(?=\w)){1,80}?)"
    r"(?P<colon>[:：]?|\.(?=(?P=mark)\s+[A-Z]))(?P=mark)"
    r"(?P<after>\s*(?:[:：=]|::|->|→|\s[-—–])\s*|\.\s+(?=[A-Z])|"
    r"\s+(?=(?:is|are|means|refers to)\b)|\s+|$|(?=,))"
)
# a name in backticks used as emphasis, with a colon inside or after it
_CODE_LEAD = compiled(
    r"^`(?P<term>[A-Za-z][A-Za-z0-9' -]{0,60}?)(?::`\s*|`\s*(?::|\s[-—–])\s*)"
    r"(?P<rest>[A-Za-z].{8,})"
)
# words in backticks that read as a name ("Sliding statistics", "Kolmogorov-Smirnov test
# (KS test)"), not code ("x_train", "model.fit()", "retain_graph=True", "pip install x")
PROSE_SPAN = compiled(
    r"(?!(?:import|from|pip|conda|git|cd|ls|python|python3|npm|docker|def|return|sudo|run|"
    r"make|brew|apt|export|source|uv|cargo|go|kubectl|curl|wget)\b)"
    r"[A-Za-z][A-Za-z-]*(?: [A-Za-z][A-Za-z-]*){1,4}(?: \([A-Z][A-Za-z-]{1,10}(?: [A-Za-z]+)?\))?"
)
_CODE_NAME = compiled(r"`(?P<term>[^`\n]{2,60})`")
_SEPARATED = compiled(  # a name may hold math with its `_`: "L-Infinity Norm ($L_\infty$)"
    r"^(?P<term>(?:\$[^$:=\n]{1,40}\$|[^:\n`*_=]){1,70}?)"
    r"\s*(?P<sep>::|:|：|\s=\s|\s->\s|\s→\s|\s[-—–]{1,2}\s)\s*"
    r"(?!(?:and|or|nor)\s)(?P<rest>\S.*)",  # not "up: and units: properties define ..."
    re.S,
)

# one letter on each side of an arrow: "x -> y"
_MAPPED = compiled(r"(?:^|\s)[A-Za-z]$")
_MAPPED_TO = compiled(r"[A-Za-z](?:\s|$)")


def lead_proposals(
    raw: str,
    line: int,
    in_item: bool,
    glossary_here: bool,
    section: str = "",
    feature: bool = False,
    over: str = "",
) -> list[tuple[Proposal, int]]:
    """`**Term**: ...`, `Term - ...`, `[[Term]] : ...`, `Term::...` at the start of a
    bullet or a paragraph line, each with its file line. `section`: the heading above, whose
    subject a feature list describes ("### What are safetensors?" / "- **Efficiency**:
    Safetensors are designed for ..." is a property of safetensors, not a term); `feature`:
    the item is in such a list (see feature_items); `over`: what labels the item's list (its
    parent item, the paragraph leading into it, or the heading)."""
    leads = _leads(raw, line, in_item, glossary_here)
    if not leads:
        return leads  # most paragraphs and items
    return in_list(leads, section, feature, over)


def in_list(
    leads: list[tuple[Proposal, int]], section: str, feature: bool, over: str
) -> list[tuple[Proposal, int]]:
    """Item proposals weakened where their list or section says they are not terms: a
    subject's features, steps, properties (see lead_proposals)."""
    found = [(_of_section(proposal, section), at) for proposal, at in leads]
    chinese = not section.isascii() and has_cjk(section)  # "## 核心优势" over the lines
    listed = list_label(over or (section if chinese else ""))
    return [
        (Proposal(p.term, p.text, p.kind, p.evidence - 2.5), at)
        if feature
        or (listed == "steps" and not _A_KIND.match(p.text))
        or (listed == "properties" and not _names_one(p.text, p.term))
        else (p, at)
        for p, at in found
    ]


@lru_cache(maxsize=256)  # asked again for each item of a list, with the same label
def list_label(over: str) -> str:
    """What a list is labelled as: "steps" ("1. **How it Works**:", "### Best practices"),
    "properties" ("### Key Features", "... refers to challenges that arise:") or ""."""
    label = marked_plain(over)[0].strip().rstrip(":：").strip()
    if not label or len(label) > 300:
        return ""
    if not label.isascii() and has_cjk(label):
        return cjk_list_label(label)  # "有以下操作流程", "总结 LoRA 的优点"
    if _FAILURES.search(label):
        return ""  # "What can go wrong and how to notice it": its leads name failure modes
    if len(label.split()) <= 6:
        opening, word = _STEPS_LABEL, _PROPERTIES_LABEL
    else:  # a sentence leading into the list: what its last words say the list holds
        label = " ".join(label.split()[-8:])
        if _KINDS.search(label):
            return ""
        opening, word = _STEPS_WORD, _PROPERTIES_WORD
    return "steps" if opening.search(label) else "properties" if word.search(label) else ""


def list_lead(
    raw: str, line: int, pending: tuple[str, int, bool] | None
) -> tuple[str, tuple[str, int, bool] | None]:
    """A paragraph that leads into the list after it ("Two strategies:", "工作流程"), and
    the heading still waiting for its text, which may now be a Chinese name over the
    formula that defines it ("状态值函数：", see cjk.formula_label)."""
    if raw.isascii() or not has_cjk(raw):  # most paragraphs: no Chinese to read
        return (raw if raw.rstrip().endswith(":") else ""), pending
    lead_in = raw if raw.rstrip().endswith((":", "：")) or label_line(raw) else ""
    return lead_in, pending or formula_label(raw, line)


def feature_items(tokens: list[Token]) -> set[int]:
    """The inline tokens of list items that list a subject's features: a list of bold leads
    where one item's text has the section's subject as its own ("Safetensors are designed
    ...") and another says it again or refers back ("They mitigate ...", "It includes ...")."""
    found: set[int] = set()
    section = ""
    lists: list[list[tuple[int, str]]] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "inline":
            opener = tokens[index - 1].type if index else ""
            if opener == "heading_open":
                section = token.content
            elif index >= 2 and tokens[index - 2].type == "list_item_open":
                lead = EMPHASIS_TERM.match(token.content)
                if lead and lists:
                    lists[-1].append((index, marked_plain(token.content[lead.end() :])[0]))
            elif not lists and BOLD_ONLY.match(token.content.strip()):
                section = token.content  # "**XGBoost**" over its list
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([])
        elif kind in ("bullet_list_close", "ordered_list_close") and lists:
            items = lists.pop()
            if _features(items, section):
                found.update(at for at, _ in items)
    return found


def _names_one(text: str, term: str) -> bool:
    """A property's text describes one thing ("A model that refuses ...", "一种 ..."), or
    the author names a term in brackets after a label ("核心假设 (Low-Rank Hypothesis)")."""
    return _NAMES_ONE.match(text) is not None or (
        not term.isascii() and (describes(text) or labelled_name(term))
    )


# "How to represent meaning:" / "- WordNet: a thesaurus containing ...": a way, not a step
_A_KIND = compiled(r"(?i:an?)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:that|which|for|of|containing|with)\b")


def _features(items: list[tuple[int, str]], section: str) -> bool:
    heading = {w[:5] for w in re.findall(r"[\w.]+", section.lower()) if len(w) > 3}
    own = back = 0
    for _, text in items:
        subject = _SUBJECT_VERB.match(text.strip())
        if subject is None:
            continue
        said = {w[:5] for w in subject.group("subject").lower().split()}
        own += bool(said & heading)
        back += subject.group("subject").lower() in ("it", "they")
    return own >= 1 and own + back >= 2


def _of_section(proposal: Proposal, section: str) -> Proposal:
    if section and _MY_USE.search(section):
        # "## Where I use them", "## Techniques I actually use": the author's practice, tips
        # more than definitions (still listed, weaker: no flashcard)
        return Proposal(proposal.term, proposal.text, proposal.kind, proposal.evidence - 1.2)
    subject = _SUBJECT_VERB.match(proposal.text) if section else None
    if subject is None:
        return proposal
    heading = {w[:5] for w in re.findall(r"[\w.]+", section.lower()) if len(w) > 3}
    term = {w[:5] for w in re.findall(r"[\w.]+", proposal.term.lower()) if len(w) > 3}
    said = {w[:5] for w in subject.group("subject").lower().split()}
    if said & heading and not said & term:
        evidence = proposal.evidence - 2.5
        return Proposal(proposal.term, proposal.text, proposal.kind, evidence)
    return proposal


# what a list of steps or advice is labelled: its leads are steps, never terms
_STEPS = (
    r"how (?:it|they|this|that) works?|how to\b|steps?|stages?|procedure|workflow|recipe|"
    r"best practices|(?:practical )?tips|solutions?|mitigations?|remedies|when to use"
)
# what a list of properties is labelled: its leads are terms only when their text describes
# one ("**Over-refusal**: A model that refuses ..."), not a consequence ("**Sparsity**: As
# dimensions increase, ...")
_PROPERTIES = (
    r"(?:key |main |core |notable )(?:features|points|takeaways?|ideas|advantages|benefits|"
    r"characteristics)|"
    r"takeaways?|"
    r"advantages?|disadvantages?|pros|cons|benefits?|drawbacks?|limitations?|challenges?|"
    r"issues|problems|pitfalls?|downsides?|upsides?|strengths?|weaknesses?|trade-?offs?|"
    r"considerations?|interpretation|use cases?|applications?|differences?|effects?|"
    r"consequences?|caveats?|gotchas?|lessons?|observations?|reasons?|why\b|findings|"
    r"what [\w -]{1,40} (?:provides|offers|gives|buys)|"
    r"where (?:is|are) (?:it|they|this|these)(?: \w+)? used"  # "Where is it Commonly Used?"
)
_LABEL_OPENING = r"^(?:\d{1,2}[.)]?\s*)?(?:the |some |common |major |general |other |possible )?"
# a short label that opens or ends with the word: "Best practices", "Semantic search
# workflow", "Training pipeline" (not "Process reward models")
_STEPS_LABEL = compiled(
    rf"{_LABEL_OPENING}(?:{_STEPS})\b|\b(?:{_STEPS}|pipeline|loop|process)$", re.I
)
_PROPERTIES_LABEL = compiled(rf"{_LABEL_OPENING}(?:{_PROPERTIES})\b|\b(?:{_PROPERTIES})$", re.I)
_STEPS_WORD = compiled(rf"\b(?:{_STEPS})\b", re.I)
_PROPERTIES_WORD = compiled(rf"\b(?:{_PROPERTIES})\b", re.I)
# a property's text that describes one thing, as a definition does: "A model that refuses ..."
_NAMES_ONE = compiled(
    r"^(?:a|an|one|any)\s|^(?:when|where|type|kind|way|form|process|technique|method|"
    r"measure|tendency|phenomenon|situation|case|failure|condition|state)\b|"
    # "group of neurons whose activity vector represents ...": what it is, article dropped
    r"^(?:group|set|collection|family|class|sequence|pair|layer|network|model|function|"
    r"matrix|vector|algorithm|framework|system|module|component|mechanism|metric|score|"
    r"loss|representation|distribution|variable|parameter)s?\s+(?:of|that|which|whose)\s",
    re.I,
)
# a list of what goes wrong: its leads name failure modes ("**Index skew:** ...")
_FAILURES = compiled(
    r"\b(?:what (?:can|could|might) go wrong|what goes wrong|failure modes?)\b", re.I
)
_KINDS = compiled(r"\b(?:types|kinds|classes|categories|forms|families) of\b", re.I)
_MY_USE = compiled(r"\bI (?:\w+ )?(?:use|used|do|did|prefer|like|try|tried)\b|\bmy\b", re.I)
# a paragraph of one bold name over a list: "**XGBoost**"
BOLD_ONLY = compiled(r"^\*\*([^*\n]{2,60})\*\*:?$")
# "Pure sampling:" alone over the paragraph that explains it: a heading too
_NAMED_LINE = compiled(r"^([A-Za-z][\w'-]*(?: [\w'()-]+){0,4}):$")


def named_line(tokens: list[Token], index: int) -> re.Match[str] | None:
    """A paragraph of a short name and a colon, with a paragraph after it (over a list it
    leads the list in, "Two strategies:")."""
    after = tokens[index + 2].type if index + 2 < len(tokens) else ""
    if after != "paragraph_open" or not tokens[index].content.endswith(":"):
        return None
    return _NAMED_LINE.match(tokens[index].content)


# "Safetensors are designed", "torchrun includes": the text's subject and its verb
_SUBJECT_VERB = compiled(
    r"^(?:the |a |an )?(?P<subject>[\w.-]+(?: [\w.-]+)?) (?:is|are|was|were|has|have|can|"
    r"will|includes|supports|uses|allows|provides|offers|handles|enables|requires|lets)\b",
    re.I,
)


def _leads(raw: str, line: int, in_item: bool, glossary_here: bool) -> list[tuple[Proposal, int]]:
    found: list[tuple[Proposal, int]] = []
    parts = raw.split("\n")
    over = in_item and len(parts) > 1 and parts[1].lstrip()[:1] not in ("-", "*", "+", "$", "|")
    named_over = _NAME_OVER.match(parts[0]) if over else None
    if named_over:  # "- CosPlace Groups:" / "Divide the classes in groups: ...", one item
        text = first_sentences(marked_plain(" ".join(parts[1:]))[0])
        kind = "glossary-bullet" if named_over.group("mark") else "colon-bullet"
        return [(Proposal(named_over.group("name"), text, kind, 1.0 * glossary_here), line)]
    # each line on its own (`Term: text` lines one under another are one paragraph)
    for offset, part in enumerate(parts):
        if not part.startswith(("*", "_", "`")) and not _SEPARATOR.search(part):
            continue  # no separator and no emphasis: nothing for a lead form to read
        if part.startswith("$$"):
            continue  # "$$\ell(\theta) = \sum_i ...$$": an equation, its `=` names nothing
        at = line + offset
        if offset == 0 and part[:2] == "[!" and len(parts) > 1:
            continue  # a callout's title ("> [!todo] Placeholder - ..."), over its body
        part = _CHECKBOX.sub("", part) if part.startswith("[") else part
        emphasis = EMPHASIS_TERM.match(part)
        if emphasis and "_" in emphasis.group("term") and "$" in emphasis.group("term"):
            emphasis = None  # "**Log Base 2 ($\\log_2$):**": the name holds math
        if emphasis and (emphasis.group("colon") or emphasis.group("after").strip()):
            rest = part[emphasis.end() :]
            if not rest.strip():
                continue
            text = first_sentences(marked_plain(carried(parts, offset, rest))[0])
            if "." in emphasis.group("colon") + emphasis.group("after")[:1] and not run_in(text):
                continue  # "**Regression.** For every x ...": a run-in heading, not a term
            marked = emphasis.group("mark") in ("*", "_")
            colon = bool(emphasis.group("colon")) or emphasis.group("after").strip()[:1] in ":：=>"
            kind = "glossary-bullet" if in_item and (colon or marked) else "bold-lead"
            found.append((Proposal(emphasis.group("term"), text, kind, 1.0 * glossary_here), at))
            continue
        closed = emphasis.end() - len(emphasis.group("after")) if emphasis else 0
        if emphasis and part.startswith((",", " $"), closed):  # "**Entropy**, denoted as H, is"
            aside = DENOTED.match(part, closed)
            closed = aside.end() if aside else closed
        if (
            emphasis
            and not emphasis.group("after").strip()
            and (
                DOES.match(part, closed)
                or (emphasis.group("term").endswith("s") and PLURAL_DOES.match(part, closed))
                or bold_does(part[closed:], emphasis.group("term"))
            )
        ):
            text = first_sentences(marked_plain(carried(parts, offset, part))[0])
            found.append((Proposal(emphasis.group("term"), text, "bold-lead", 0.3), at))
            continue
        spoken = _CODE_NAME.match(part) if part[:1] == "`" else None
        if spoken and PROSE_SPAN.fullmatch(spoken.group("term")) and DOES.match(part, spoken.end()):
            # "- `complicated code` is code that's written ...": words in backticks as a name
            text = first_sentences(marked_plain(part)[0])
            found.append((Proposal(spoken.group("term"), text, "bold-lead", 0.3), at))
            continue
        if part[:1] == "`" and code_first(part):
            continue  # "1. `.shape`: allows us to access ...": a code identifier, not a term
        coded = _CODE_LEAD.match(part)  # "- `Tokenisation:` Converting text into tokens"
        if coded:
            kind = "colon-bullet" if in_item else "colon-line"
            text = first_sentences(marked_plain(carried(parts, offset, coded["rest"]))[0])
            found.append((Proposal(coded.group("term"), text, kind, 1.5 * glossary_here), at))
            continue
        if part.endswith(")") and "](" in part:
            part = _SEE_MORE.sub("", part)  # "... inlined. [References Docs](url)": a pointer
        flat = marked_plain(part)[0]
        separated = _SEPARATED.match(flat)
        bracketed = _PAREN_BULLET.match(flat) if in_item and not separated else None
        if (
            bracketed
            and len(bracketed.group("rest").split()) >= 3
            and _named_bullet(bracketed.group("term"))
        ):
            # "- K-folds (split data into k folds, each one validation set once)"
            text = first_sentences(bracketed.group("rest"))
            found.append((Proposal(bracketed.group("term"), text, "paren-bullet"), at))
            continue
        if not separated or reading_list(part, separated.group("rest")):
            continue
        term = separated.group("term")
        if "$" in term:
            if term.count("$") % 2:
                continue  # "$\log p(f|e) = \sum ...$": the separator of a formula
            term = _MATH_NAME.sub(r"(\1)", term)  # "False Negatives $(FN)$"
        if term.count(LINK_OPEN) != term.count(LINK_CLOSE) or term.count("[") > term.count("]"):
            continue  # the colon of a (linked) title: [[Paper: a subtitle]], [Course: Part 2]
        if len(term.split()) > 5:
            continue
        sep = separated.group("sep").strip()
        if sep in ("->", "→") and _MAPPED.search(term) and _MAPPED_TO.match(separated["rest"]):
            continue  # "Is the x -> y mapping clear?": a mapping between variables
        if sep == "=" and len(term.strip()) <= 3:
            continue  # "W0 = b (bias)": a variable set to a value
        kind = "colon-bullet" if sep in (":", "：", "::", "=") else "dash-bullet"
        if not in_item and kind == "colon-bullet":
            kind = "colon-line"
        text = first_sentences(carried(parts, offset, separated.group("rest"), plain=True))
        linked = 0.4 * (strip_link_marks(term) != term)
        found.append((Proposal(term, text, kind, 1.5 * glossary_here + linked), at))
    return found


# a web link after the last full stop: a pointer to more, not part of the definition
_SEE_MORE = compiled(r"(?<=[.!?])\s+!?\[[^\]]{0,999}\]\([^)\s]{0,2048}\)\s*$")


def _named_bullet(term: str) -> bool:
    """A bracket bullet names a thing when its name is a phrase or shaped like a name
    ("K-folds", "position bias"), not one plain word ("Deduplicate (exact hashes ...)")."""
    return " " in term.strip() or any(c.isupper() or c.isdigit() or c == "-" for c in term[1:])
