"""What a note is about, and a note about one term that never says "X is ...": one
concept per note, explained in running prose ("## Attention Sink" / "When LLMs exceed
their context size they shift out old tokens ...") or in bullets only ("# Mixup" / "-
Randomly sample two examples ..."). Its first paragraph that names the term, or its first
bullets, are the nearest thing to a definition the note has. Pure."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notes_kb.parse.definitions.labels import opens_subject
from notes_kb.parse.definitions.split import first_sentences, split_sentences
from notes_kb.parse.inline import marked_plain
from notes_kb.parse.keys import common_word
from notes_kb.parse.patterns import compiled

if TYPE_CHECKING:
    from markdown_it.token import Token

    from notes_kb.model import Note

_MIN_WORDS = 8  # shorter is a caption, a pointer or a line of a list
_MENTIONS = 2  # a term the note names once is not what the note is about


def subject_of(note: Note) -> str:
    """What a note is about: its title without a number in front ("02 Custom Transformer"),
    unless the title was only borrowed from an H1 deep in the body (a section such as
    "Paper Figures"); then its file name says it."""
    subject = _subject(note)
    numbered = _NUMBERED.match(subject)
    return subject[numbered.end() :] if numbered else subject


# "02 Custom Transformer", "3. Attention", "1 - Basics"; not "1 by 1 convolution"
_NUMBERED = compiled(r"^(?:0\d{1,2}[ _.-]+|\d{1,3}\s*[-–—.:)_]\s*)(?=[^\W\d_]{2})")


def _subject(note: Note) -> str:
    if note.frontmatter.get("title"):
        return note.title
    if opens_subject(note.title):
        return note.fname.strip()  # "# What is it?" over the text of "Zipf's Law.md"
    if " " not in note.fname:
        return note.title
    opening = note.body.lstrip().split("\n", 1)[0].strip()
    if opening.startswith("# ") or note.title == note.fname:
        return note.title
    return note.fname.strip()


def subject_paragraph(tokens: list[Token], names: list[str]) -> tuple[str, int] | None:
    """The first prose paragraph naming one of `names` (the note's subject, its acronym),
    with its line in the body, when the note's paragraphs name it at least twice."""
    if not names:
        return None
    lowered = [n.lower() for n in names]
    first: tuple[str, int] | None = None
    mentions = 0
    quoted = 0
    for index, token in enumerate(tokens):
        if token.type in ("blockquote_open", "blockquote_close"):
            quoted += 1 if token.type == "blockquote_open" else -1
            continue
        if token.type != "inline" or index < 1 or tokens[index - 1].type != "paragraph_open":
            continue
        text = marked_plain(token.content)[0]
        found = sum(count_said(text.lower(), name) for name in lowered)
        if not found:
            continue
        mentions += found
        in_item = index >= 2 and tokens[index - 2].type == "list_item_open"
        if first is None and not quoted and not in_item and len(text.split()) >= _MIN_WORDS:
            flat = " ".join(text.split())
            sentences = split_sentences(flat)
            naming = next((s for s in sentences if _names(s.lower(), lowered)), flat)
            first = (flat[flat.find(naming) :], (token.map or [0])[0])
        if first is not None and mentions >= _MENTIONS:
            return first_sentences(first[0]), first[1]
    return None


def opens_on(sentence: str, name: str) -> bool:
    """The sentence is about `name`: it opens on it as its subject ("Attention was first
    introduced ...", "In regression, we assume ..."), not on another thing that uses it
    ("Whisper turns audio into text", "The image will show up ...")."""
    lower, said = sentence.lower(), name.lower()
    start = 3 if lower.startswith("in ") else 0
    if not lower.startswith(said, start):
        return False
    rest = lower[start + len(said) :]
    return rest.startswith(",") if start else _SUBJECT_VERB.match(rest) is not None


_SUBJECT_VERB = compiled(r"\s+(?:is|are|was|were|refers|means|describes|allows|lets)\b")
_SUMMARY_ITEMS = 3  # the first items of a bullet note, said as its summary
_SHORT_NOTE = 40  # texts (paragraphs and items), at most, of a note that is one bullet list
_FIELD = compiled(r"^[\w ]{1,20}:\s")
_POINTER = compiled(r"^(?:@|!?\[[^\]]{0,999}\]\([^)]{0,2048}\)\s*$|https?://|see\b|e\.g\.)", re.I)


def bullet_summary(tokens: list[Token]) -> tuple[str, int] | None:
    """A short note that is a list of bullets under its title ("# Mixup" / "- Randomly
    sample two examples ..." / "- New example by weighted interpolation"), or under a
    heading that says what follows sums it up ("## Core Idea"): its first
    items (not links, citations, images or formulas) as its summary, with their line; not
    a list of questions."""
    start = 3 if tokens[:1] and tokens[0].type == "heading_open" and tokens[0].tag == "h1" else 0
    heading = len(tokens) > start + 1 and tokens[start].type == "heading_open"
    if heading and opens_subject(tokens[start + 1].content):  # "# CLIP" / "## Core Idea"
        start += 3
    if len(tokens) <= start or tokens[start].type != "bullet_list_open":
        return None
    if sum(token.type == "inline" for token in tokens) > _SHORT_NOTE:
        return None
    items: list[str] = []
    line = -1
    depth = 0
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                break
        elif token.type == "inline" and depth == 1 and tokens[index - 2].type == "list_item_open":
            raw = token.content.strip()
            text = " ".join(marked_plain(raw)[0].split())
            if _POINTER.match(raw) or text.startswith("$") or len(text.split()) < 2:
                continue
            if "://" in text or _FIELD.match(text):
                continue  # "type: boolean", "realtime: https://...": a setting, a pointer
            if text.endswith("?"):
                return None  # "- Whats a random variable?": questions to answer, not a summary
            items.append(text.rstrip(".;"))
            line = (token.map or [0])[0] if line < 0 else line
            if len(items) == _SUMMARY_ITEMS:
                break
    if len(items) < 2 or all(_names_only(item) for item in items):
        return None  # "- McDonalds Queries" / "- Power BI": a list of names, not a summary
    return "; ".join(items) + ".", line


def _names_only(item: str) -> bool:
    return not any(len(word) > 3 and word[0].islower() for word in item.split())


def prose_of(tokens: list[Token]) -> str:
    """The note's paragraphs and list items, without its headings, as one lowercase text."""
    return "\n".join(
        token.content.lower()
        for index, token in enumerate(tokens)
        if token.type == "inline" and index and tokens[index - 1].type != "heading_open"
    )


def section_term(name: str, prose: str) -> bool:
    """A heading that names a term the note uses again in its text ("### Position
    Interpolation" ... "position interpolation scales the indexes"), whatever the text right
    under it says, and not a common word ("### Logging", "### Architecture"; "### Adagrad",
    "### Perplexity" are rarer)."""
    said = count_said(prose, name.lower(), most=1) > 0
    return said and not common_word(name)


def passing_mention(body: str, term: str, text: str) -> bool:
    """ "The final output of the decoder is ...", "The left side is ...": a thing named once
    (in the lowercase `body`), with "the", is that one thing in its context more often than
    a term (of the sentences so written in the labelled sets, a third are terms; of those
    naming it again, four in five). A defining verb ("The calibration set refers to ..."),
    or a category or use after a name with capitals ("The Transformer is an ...", "The
    Rename Note command is used to ..."), is exempt."""
    if text[:4].lower() != "the " or not text[4:].lower().startswith(term.lower()):
        return False
    if _DEFINES.match(text, 4 + len(term)):
        return False  # "The calibration set refers to ..."
    if any(c.isupper() for c in term) and _IS_A.match(text, 4 + len(term)):
        return False
    return count_said(body, term.lower(), most=2) < 2


# a defining verb right after a name, maybe after an aside: "(AIC) refers to", "describes"
_DEFINES = compiled(
    r"\s*(?:\([^)]{0,80}\)\s*)?(?:refers to (?!the fact)|describes|denotes|means|"
    r"is defined as|stands for)\b"
)
# a category after a name with capitals: "The Transformer is an ..."
_IS_A = compiled(r"\s*(?:\([^)]{0,80}\)\s*)?(?:is (?:a|an|the|used to)|are)\b")


def _names(text: str, names: list[str]) -> bool:
    return any(count_said(text, name, most=1) for name in names)


def count_said(text: str, name: str, most: int = 99) -> int:
    """How often `name` (lowercase) is written in `text` (lowercase) as whole words, maybe
    with a plural ending; a plain search, no pattern per name (compiling one per note cost
    more than the search)."""
    found = start = 0
    while found < most and (at := text.find(name, start)) >= 0:
        start = at + len(name)
        plural = 2 if text.startswith("es", start) else int(text[start : start + 1] == "s")
        end = start + plural
        if (at == 0 or not _word(text[at - 1])) and (end >= len(text) or not _word(text[end])):
            found += 1
    return found


def _word(char: str) -> bool:
    return char.isalnum() or char in "_-"


_SECTION_TOKENS = 60  # tokens read on in a section for a sentence about its heading's term


def said_in_section(tokens: list[Token], index: int, name: str) -> str | None:
    """The first sentence of the section from token `index` on (its first paragraph
    included) that opens with the heading's term: "### Quantization" / "We reduce ..." /
    "Quantization statistically projects the 32-bit numbers ..." says more of it than the
    text right under the heading. A few dozen tokens are read, never past the next heading."""
    key = name.casefold()
    for token in tokens[index : index + _SECTION_TOKENS]:
        if token.type == "heading_open":
            return None
        if token.type != "inline" or key not in token.content.casefold():
            continue
        for sentence in split_sentences(marked_plain(token.content)[0], False):
            said = sentence.casefold()
            said = said[4:] if said.startswith("the ") else said
            if said.startswith(key) and _SAYS.match(said, len(key)):
                return sentence
    return None


# what follows the term in a sentence about it: a verb ("projects", "is", "can"), an adverb
# and a verb ("statistically projects"), an aside; not a longer name ("Dropout nodes would")
_SAYS = compiled(
    r" (?:\([^()]{1,60}\) |, )?(?:[a-z]+ly )?(?:(?:is|are|was|were|can|will|refers|means)\b|"
    r"[a-z]{2,}[^s\W]s\b(?! (?:would|will|can|could|should|are|is|were|have|do|may|must)\b))"
)
