"""Flashcards from what people already write in their notes. Pure: a note in, cards out.

Read: question headings (`## What is X?`), lines and list items tagged `#question`, explicit
`question::answer` / `question:::answer` lines, a `?` line between question and answer
lines (`??` for both directions), and clozes `{{c1::hidden}}` / `==hidden==`. Definition
cards are made from the glossary (`definition_cards`), with the term masked by `mask_terms`.
Nothing inside code (fenced, indented or inline) is ever a card.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, fields, replace
from typing import Any

from notes_kb.digests import sha1
from notes_kb.model import Note, Section
from notes_kb.parse.inline import HIGHLIGHT as _HIGHLIGHT
from notes_kb.parse.inline import inline_plain
from notes_kb.parse.keys import concept_key
from notes_kb.parse.markdown import block_tokens, sections_of

_EMBED = re.compile(r"!\[\[[^\]\n]{0,999}\]\]")
_QUESTION_TAG = re.compile(r"(?<![\w#&/\]\[(`\"'=])#question(?![\w./-])", re.IGNORECASE)
CODE_SPAN = re.compile(r"(`+)(.+?)\1")  # inline code, its backticks in group 1
_SEPARATOR = re.compile(r":{2,3}")
_CLOZE = re.compile(r"\{\{c(\d+)::(.+?)(?:::([^}]*))?\}\}")
_WORD = re.compile("[^\\W_][\\w'\u2019]*")  # a word, apostrophes kept
_Q_PREFIX = re.compile(r"^(?:Q|Question)\s*[:.]\s*", re.IGNORECASE)
# a heading above a question that says it is still open (or answered after all)
_OPEN_HEADING = re.compile(r"\b(open|unanswered|unsolved|todo|to do|to answer)\b", re.I)
_POINTER = re.compile(r"^\s*(?:see|read|check out|refer to)\b", re.I)
_ANSWERED_HEADING = re.compile(r"\b(answered|solved|resolved|done)\b", re.I)
# text that leans on what is around it: "in the scenarios described below", "not covered by
# the aforementioned types", "the following is skipped" (a list the card does not hold),
# "nodes naming any of these strings" (a value set elsewhere)
POINTS_ELSEWHERE = re.compile(
    r"\baforementioned\b|\b(?:described|listed|shown|explained|mentioned|outlined|detailed)"
    r" (?:below|above)\b|\bsee (?:below|above)\b|\bas follows\b|\bthe following\b(?![^.]*:\s*\S)"
    r"|\b(?:any|all|each|none|one|some|both) of (?:these|those)\b",
    re.I,
)
# what is left of a "Term -- definition" separator at the start of a definition
_SEPARATOR_LEFT = re.compile(r"^\s*[-\u2013\u2014]+\s+")
MASK = "[…]"
SEPARATOR = " \u203a "  # between the note title and headings of a context


@dataclass(frozen=True)
class Card:
    """One flashcard: Markdown front and back, where it comes from, and its stable id."""

    id: str
    kind: str  # question, tagged-question, basic, reversed, multiline, cloze, definition...
    front: str
    back: str
    note: str  # note id
    path: str
    line: int  # file line the card starts on
    anchor: str  # the text its id is made from; kept in the log so edits carry history over
    context: str = ""  # note title, then the headings above the card
    open: bool = False  # a question with no answer yet: listed, never quizzed
    tags: tuple[str, ...] = ()


def card_row(card: Card) -> list[object]:
    """A card as JSON values, in field order (the cache keeps each note's cards so)."""
    return [*(getattr(card, f.name) for f in fields(card)[:-1]), list(card.tags)]  # no deep copy


def card_from_row(row: list[Any]) -> Card:
    """`card_row` read back."""
    id_, kind, front, back, note, path, line, anchor, context, open_, tags = row
    return Card(id_, kind, front, back, note, path, line, anchor, context, open_, tuple(tags))


def card_id(note_id: str, kind: str, anchor: str) -> str:
    """Stable: the same note, form and card text give the same id in every run."""
    digest = sha1(f"{note_id}\x1f{kind}\x1f{anchor}".encode()).hexdigest()
    return digest[:16]


def normalise(text: str) -> str:
    """The anchor form of a card's text: plain, folded, one space between words."""
    return " ".join(inline_plain(text).casefold().split())[:300]


def note_cards(note: Note) -> list[Card]:
    """Every card of one note, in the order they appear, ids unique within the note."""
    builder = _Builder(note)
    builder.question_headings()
    builder.paragraph_cards()
    builder.multiline_cards()
    return builder.finish()


class _Builder:
    """Collects one note's cards; lines are indexes into the body, reported as file lines."""

    def __init__(self, note: Note) -> None:
        self.note = note
        self.lines = note.body.split("\n")
        self.sections = sections_of(note)
        self.cards: list[tuple[int, Card]] = []

    def add(
        self,
        kind: str,
        front: str,
        back: str,
        index: int,
        anchor: str,
        open_: bool = False,
    ) -> None:
        line = self.note.body_line + index
        context = self.context(line)
        card = Card(
            id="",
            kind=kind,
            front=front.strip(),
            back=back.strip(),
            note=self.note.id,
            path=self.note.path,
            line=line,
            anchor=normalise(anchor),
            context=context,
            open=open_,
            tags=self.note.tags,
        )
        self.cards.append((line, card))

    def context(self, line: int) -> str:
        """The note's title and the headings the line sits under (a heading not repeating
        the title), joined with an angle quote."""
        parts = [self.note.title]
        for section in self.sections:
            if section.line < line <= section.end_line and section.heading != parts[-1]:
                parts.append(section.heading)
        return SEPARATOR.join(parts)

    def finish(self) -> list[Card]:
        seen: dict[str, int] = {}
        found: list[Card] = []
        for _, card in sorted(self.cards, key=lambda pair: pair[0]):
            base = card_id(card.note, card.kind, card.anchor)
            seen[base] = seen.get(base, 0) + 1
            unique = base if seen[base] == 1 else card_id(base, card.kind, str(seen[base]))
            found.append(replace(card, id=unique))
        return found

    def question_headings(self) -> None:
        for index, section in enumerate(self.sections):
            heading = section.heading
            tagged = bool(_QUESTION_TAG.search(heading))
            if not (heading.rstrip().endswith("?") or tagged):
                continue
            question = _Q_PREFIX.sub("", _QUESTION_TAG.sub("", heading)).strip()
            if not question.strip(" ?"):
                continue
            answer = section.text or self._subsections(section)
            brief = len(section.text.split()) <= 25  # "Data is collected as described below"
            if section.text and brief and POINTS_ELSEWHERE.search(section.text):
                answer = self._subsections(section)  # the answer is below it
                if len(answer.split()) > 150:
                    continue  # a whole page of sub-sections: too much for one card
            if answer.strip() and not _WORD.search(_EMBED.sub("", answer)):
                continue  # answered by an embedded note alone: nothing here to learn from
            if _POINTER.match(answer) and len(answer.split()) <= 12:
                continue  # "See Using Dendron Across Machines": the answer is elsewhere
            open_ = not answer.strip() or self._under_open_heading(index)
            kind = "tagged-question" if tagged else "question"
            at = section.line - self.note.body_line
            self.add(kind, question, answer, at, question, open_)

    def _subsections(self, section: Section) -> str:
        """A question heading whose answer sits in the sub-sections under it."""
        start = section.line - self.note.body_line + 1
        end = section.end_line - self.note.body_line + 1
        return "\n".join(self.lines[start:end]).strip()

    def _under_open_heading(self, index: int) -> bool:
        """The nearest heading above the question that speaks of its status says "open"."""
        section = self.sections[index]
        for parent in reversed(self.sections[:index]):
            if parent.level >= section.level or parent.end_line < section.line:
                continue
            if _ANSWERED_HEADING.search(parent.heading) and "unanswered" not in (
                parent.heading.casefold()
            ):
                return False
            if _OPEN_HEADING.search(parent.heading):
                return True
        return False

    def paragraph_cards(self) -> None:
        """`#question` lines and items, `question::answer` lines and clozes, read from the
        paragraphs markdown-it finds (so never from code)."""
        tokens = block_tokens(self.note.body)
        items: list[tuple[int, int]] = []  # open list items: (start, end) line indexes
        for position, token in enumerate(tokens):
            if token.type == "list_item_open" and token.map:
                items.append((token.map[0], token.map[1]))
            elif token.type == "list_item_close" and items:
                items.pop()
            if token.type != "inline" or not token.map or position == 0:
                continue
            if tokens[position - 1].type != "paragraph_open":
                continue
            start, end = token.map
            item = items[-1] if items and items[-1][0] == start else None
            lines = token.content.split("\n")
            if "#" in token.content and _QUESTION_TAG.search(_blank_code(token.content)):
                self._tagged(lines, start, end, item)
                continue
            for offset, line in enumerate(lines if "::" in token.content else ()):
                self._explicit(line, start + offset)
            if "{{c" in token.content or "==" in token.content:  # their marks: most have none
                self._clozes(token.content, start)

    def _tagged(self, lines: list[str], start: int, end: int, item: tuple[int, int] | None) -> None:
        at = next(i for i, line in enumerate(lines) if _QUESTION_TAG.search(_blank_code(line)))
        question = " ".join(_QUESTION_TAG.sub("", " ".join(lines[: at + 1])).split())
        question = _Q_PREFIX.sub("", question)
        after = "\n".join(lines[at + 1 :])
        if item is not None and item[1] > end:  # the item's sub-items are the answer
            after = _dedent(self.lines[end : item[1]])
        if question.strip(" ?"):
            self.add("tagged-question", question, after, start, question, open_=not after.strip())

    def _explicit(self, line: str, index: int) -> None:
        """`question::answer` (one card) and `question:::answer` (both directions)."""
        masked = _CLOZE.sub(lambda m: "\0" * len(m.group()), _blank_code(line))
        for match in _SEPARATOR.finditer(masked):
            before, after = line[: match.start()], line[match.end() :]
            if not _is_card_separator(masked, match.start(), match.end()):
                continue
            question, answer = before.strip(), after.strip()
            if not (_WORD.search(question) and _WORD.search(answer)):
                return
            self.add("basic", question, answer, index, question)
            if len(match.group()) == 3:
                self.add("reversed", answer, question, index, answer)
            return

    def _clozes(self, text: str, index: int) -> None:
        masked = _blank_code(text)
        numbers = sorted({int(m.group(1)) for m in _CLOZE.finditer(masked)})
        for number in numbers:
            front = _CLOZE.sub(lambda m, n=number: _hide(m, n), text)  # type: ignore[misc]
            back = _CLOZE.sub(lambda m, n=number: _reveal(m, n), text)  # type: ignore[misc]
            plain = _CLOZE.sub(lambda m: m.group(2), text)
            self.add("cloze", front, back, index, f"c{number} {plain}")
        if numbers:
            return
        self._highlights(text, masked, index)

    def _highlights(self, text: str, masked: str, index: int) -> None:
        """Each `==highlight==` of a paragraph is a cloze of its own."""
        highlights = list(_HIGHLIGHT.finditer(masked))
        for which, match in enumerate(highlights):
            pieces_front, pieces_back, last = [], [], 0
            for other, m in enumerate(highlights):
                pieces_front += [text[last : m.start()], MASK if other == which else m.group(1)]
                shown = f"**{m.group(1)}**" if other == which else m.group(1)
                pieces_back += [text[last : m.start()], shown]
                last = m.end()
            plain = _HIGHLIGHT.sub(r"\1", text)
            front, back = (
                "".join([*pieces_front, text[last:]]),
                "".join([*pieces_back, text[last:]]),
            )
            self.add("cloze", front, back, index, f"{match.group(1)} {plain}")

    def multiline_cards(self) -> None:
        """A `?` (or `??`, both directions) line alone between question and answer lines,
        read from paragraphs so a `?` inside code is never one."""
        tokens = block_tokens(self.note.body)
        for position, token in enumerate(tokens):
            if token.type != "inline" or not token.map or position == 0 or "?" not in token.content:
                continue
            if tokens[position - 1].type != "paragraph_open" or tokens[position - 1].level:
                continue
            start, end = token.map
            rows = self.lines[start:end]
            marks = [i for i, row in enumerate(rows) if row.strip() in ("?", "??")]
            if len(marks) != 1 or marks[0] == 0:
                continue
            at = marks[0]
            question = "\n".join(rows[:at])
            answer = "\n".join(rows[at + 1 :])
            if not answer.strip():  # `?` ended the paragraph: the block below answers
                stop = end
                while stop < len(self.lines) and self.lines[stop].strip():
                    stop += 1
                answer = "\n".join(self.lines[end:stop])
            if not answer.strip():
                continue
            self.add("multiline", question, answer, start, question)
            if rows[at].strip() == "??":
                self.add("multiline-reversed", answer, question, start, answer)


def _blank_code(text: str) -> str:
    """Inline code spans blanked out (same length), so positions still match the text."""
    return CODE_SPAN.sub(lambda m: "\0" * len(m.group()), text)


def _is_card_separator(line: str, start: int, end: int) -> bool:
    """`::` between a question and an answer, not `std::vector`, `:smile::wink:`, `a:::b`
    inside a URL, or a `:::` container fence."""
    if "\0" in line[max(0, start - 1) : end + 1]:
        return False
    if line[end : end + 1] == ":" or line[start - 1 : start] == ":":
        return False
    word_run = line[:start].split()[-1] if line[:start].split() else ""
    if word_run.startswith(":") or "//" in word_run:
        return False  # an emoji shortcode chain, or a URL
    spaced = line[start - 1 : start].isspace() or line[end : end + 1].isspace()
    return spaced or " " in line[:start].strip()


def _hide(match: re.Match[str], number: int) -> str:
    if int(match.group(1)) != number:
        return match.group(2)
    hint = match.group(3)
    return f"[{hint}]" if hint else MASK


def _reveal(match: re.Match[str], number: int) -> str:
    return f"**{match.group(2)}**" if int(match.group(1)) == number else match.group(2)


def _dedent(lines: list[str]) -> str:
    """Sub-items of a list item, shifted left to their own indentation."""
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] for line in lines).strip("\n")


def mask_terms(text: str, names: tuple[str, ...] | list[str]) -> str:
    """`text` with every name (any case, plural, hyphen or British spelling, by the one
    spelling rule of parse.keys) replaced by `[…]`."""
    keys = {concept_key(name) for name in names if concept_key(name)}
    if not keys:
        return text
    longest = max(len(_WORD.findall(name)) for name in names) + 1
    words = list(_WORD.finditer(text))
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        matched = 0
        for size in range(min(longest, len(words) - index), 0, -1):
            group = words[index : index + size]
            gaps = (text[a.end() : b.start()] for a, b in itertools.pairwise(group))
            if any(gap.strip(" -") for gap in gaps):
                continue
            if concept_key(text[group[0].start() : group[-1].end()]) in keys:
                spans.append((group[0].start(), group[-1].end()))
                matched = size
                break
        index += matched or 1
    for start, end in reversed(spans):
        text = text[:start] + MASK + text[end:]
    return text


def definition_cards(
    term: str, names: tuple[str, ...], definition: str, note: Note, line: int, kind: str
) -> list[Card]:
    """A glossary entry as two cards: term → definition, and the definition with the term
    masked → term (only when enough of the definition is left to recall it from)."""
    anchor = concept_key(term)
    definition = _SEPARATOR_LEFT.sub("", definition)  # "Beta -- controls ...": not "- controls"
    forward = Card(
        id=card_id(note.id, "definition", anchor),
        kind="definition",
        front=f"What is **{term}**?",
        back=definition,
        note=note.id,
        path=note.path,
        line=line,
        anchor=anchor,
        context=note.title,
        tags=note.tags,
    )
    cards = [] if kind == "question-heading" else [forward]
    masked = mask_terms(definition, names)
    if len(_WORD.findall(masked.replace(MASK, ""))) >= 5:
        also = f" (also: {', '.join(names[1:])})" if names[1:] else ""
        reverse = replace(
            forward,
            id=card_id(note.id, "definition-reverse", anchor),
            kind="definition-reverse",
            front=f"Which term is this?\n\n{masked}",
            back=f"**{term}**{also}",
            context=mask_terms(note.title, names),  # a note named for the term would tell
        )
        cards.append(reverse)
    return cards
