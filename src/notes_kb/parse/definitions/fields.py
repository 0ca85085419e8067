"""Fields under a heading or in an item that say what it names (`# SQuAD` over `**What:**
a reading-comprehension dataset`, `1. **ROC Curve**:` over `- **Definition**: ...`), fields
that show it by an example or a use (`### One-to-Many` over `- **Example:** image
captioning`), and a definition list's terms (`Term` / `: definition`). Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from notes_kb.parse.definitions.leads import BARE_LABEL, EMPHASIS_TERM, PLAIN_LABEL
from notes_kb.parse.definitions.proposal import Proposal
from notes_kb.parse.definitions.split import first_sentences, split_sentences
from notes_kb.parse.inline import marked_plain
from notes_kb.parse.patterns import compiled

if TYPE_CHECKING:
    from markdown_it.token import Token

# labels of a field that says what a thing is: `**What:** a reading-comprehension dataset`
DEFINING_LABELS = frozenset(
    {"what", "what it is", "what is it", "definition", "def", "defn", "meaning", "description"}
    | {"desc", "idea", "concept", "core idea", "basic idea"}
)


# labels of a field that shows what the heading above names, by its use, its workings or
# an example: `### One-to-Many` / `- **Example:** image captioning`; `### Bi-Encoder` /
# `- **Architecture:** encode the query and the documents separately ...` (not
# "Problem:", "Solution:": a pitfall's, a fix's)
SHOWING_LABELS = (
    frozenset(
        "example examples purpose goal intuition concept function role mechanism formula usage "
        "application applications architecture working method approach technique how".split()
    )
    | {"use case", "use cases", "key idea", "core idea", "main idea", "how it works"}
    | {"used for", "what it does"}
)


# zero-width marks that text pasted from the web brings along, invisible in a terminal
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


# Dendron's `{{fm.desc}}`: the value of a field of the note's frontmatter, shown in its place
_FIELD_SHOWN = compiled(r"\{\{\s*fm\.([\w-]{1,40})\s*\}\}")


def unlabelled(raw: str, frontmatter: Mapping[str, object] | None = None) -> str:
    """An answer without the label that opens it: `**Definition**: Process of updating
    beliefs ...` under "What is Bayesian inference?" says "Process of updating beliefs ...";
    without zero-width marks at either end; with `{{fm.desc}}` as the note's `frontmatter`
    shows it (its `desc`: nothing when it has none)."""
    if raw[:1] in _INVISIBLE or raw[-1:] in _INVISIBLE:
        raw = raw.strip(_INVISIBLE).strip()
    if frontmatter is not None and "{{" in raw:
        raw = _FIELD_SHOWN.sub(lambda m: _shown(frontmatter.get(m.group(1)), m), raw).strip()
    lead = EMPHASIS_TERM.match(raw) or PLAIN_LABEL.match(raw)
    if lead is None or lead.group("term").strip().rstrip(":").lower() not in DEFINING_LABELS:
        return raw
    rest = raw[lead.end() :].lstrip(" :")
    return rest if rest.strip() else raw


def _shown(value: object, where: re.Match[str]) -> str:
    """A frontmatter value as a template shows it in text (a string or number, as plain
    text, else nothing), a sentence of its own when one follows it (`{{fm.desc}} This ...`)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    said = " ".join(marked_plain(str(value))[0].split())
    after = where.string[where.end() :].lstrip()
    return f"{said}." if said[-1:].isalnum() and after[:1].isupper() else said


def field_item(raw: str, parent: str) -> tuple[str, str] | None:
    """(term, text) of a list item that is a defining field of the term its parent item
    names: `1. **ROC Curve**:` over `- **Definition**: The ROC curve is a graphical plot`."""
    lead = EMPHASIS_TERM.match(raw) or PLAIN_LABEL.match(raw)
    if lead is None or lead.group("term").strip().lower() not in DEFINING_LABELS:
        return None  # most items (the parent is read only for a defining label)
    named = BARE_LABEL.match(parent.strip())
    if named is None:
        return None
    text = marked_plain(raw[lead.end() :])[0].strip()
    return (named.group("name"), text) if len(text.split()) >= 3 else None


# what a paragraph under a heading is to it: a field that says what the heading names, one
# that shows it (an example, a use), one that names the method the heading is a goal of, or
# neither (0)
DEFINED, SHOWN, GOAL = 1, 2, 3
# labels of a field that names what the heading's task is done with: the name is the term,
# the heading a goal ("Learning from item graphs"), not a name
_NAMING_LABELS = frozenset("method approach technique algorithm model tool".split())
_LABEL_MODIFIER = compiled(r"^(?:basic|main|core|key|general|short|brief|primary|the)\s+")


def heading_field(flat: str) -> tuple[int, str, float]:
    """What a paragraph under a heading is to it, as plain text (`What: a dataset ...`):
    (DEFINED or SHOWN, the field's text, its evidence), (GOAL, "", 0.0) or (0, "", 0.0)."""
    label, _, rest = flat.partition(":")
    label = _LABEL_MODIFIER.sub("", label.strip().lower())
    if label in DEFINING_LABELS and len(rest.split()) >= 3:
        return DEFINED, rest, 0.0
    named = split_sentences(rest.strip())[:1] if label in _NAMING_LABELS else []
    if named and len(named[0].split()) <= 5:
        return GOAL, "", 0.0  # "### Learning from item graphs" / "**Method:** Graph embeddings."
    if label in SHOWING_LABELS and len(rest.split()) >= 2:  # "**Example:** translation"
        return SHOWN, rest, -0.3  # weaker than a "**Description:**" after it
    return 0, "", 0.0


def defined_in_list(tokens: list[Token], index: int) -> Proposal | None:
    """The term of a definition list (`tokens[index]`, after its `dt_open`) with its first
    definition, if it has one before the next term."""
    term = marked_plain(tokens[index].content)[0]
    for later in tokens[index + 1 :]:
        if later.type == "inline":
            text = first_sentences(marked_plain(later.content)[0])
            return Proposal(term, text, "definition-list")
        if later.type == "dt_open":
            return None
    return None
