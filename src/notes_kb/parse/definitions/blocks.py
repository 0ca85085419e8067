"""Definitions written as Markdown structure: bullets, bold leads, headings with the text
under them, labelled fields, tables, definition lists, question headings and notes named
for a term. Walks markdown-it's block tokens once (tables: tables.py). Pure."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from notes_kb.parse.definitions.above import opening_words
from notes_kb.parse.definitions.acronyms import ACRONYM, acronym_expansion
from notes_kb.parse.definitions.admonitions import has_fence, without_fences
from notes_kb.parse.definitions.fields import (
    DEFINED,
    GOAL,
    SHOWN,
    defined_in_list,
    field_item,
    heading_field,
    unlabelled,
)
from notes_kb.parse.definitions.flashcards import ANSWER, card, question_alone
from notes_kb.parse.definitions.headings import (
    NOT_ONE_TERM,
    Heading,
    explaining,
    explaining_bold,
    glossary_entry,
    heading_gloss,
    heading_term,
    heading_text,
    headings_define,
    lists_title,
    page_name,
    section_of,
)
from notes_kb.parse.definitions.indented import dedent, looks_like_prose
from notes_kb.parse.definitions.labels import is_label, opens_subject
from notes_kb.parse.definitions.leads import (
    BOLD_ONLY,
    feature_items,
    in_list,
    lead_proposals,
    list_lead,
    named_line,
)
from notes_kb.parse.definitions.openings import (
    acronym_colon,
    asked,
    defines_other,
    explains,
    links_only,
)
from notes_kb.parse.definitions.outlines import outline
from notes_kb.parse.definitions.proposal import Proposal
from notes_kb.parse.definitions.split import first_sentences
from notes_kb.parse.definitions.subject import prose_of, said_in_section, section_term
from notes_kb.parse.definitions.tables import table_proposals
from notes_kb.parse.definitions.titles import everyday_title_explained, opened_name
from notes_kb.parse.inline import marked_plain
from notes_kb.parse.patterns import compiled

if TYPE_CHECKING:
    from markdown_it.token import Token

Emit = Callable[[Proposal, int], None]
Name = Callable[[str, str, int], None]  # an acronym and its expansion, with their line
# raw paragraph, line, opening, in a list item, the paragraph or item just before it
Prose = Callable[[str, int, bool, bool, str], None]
_BOLD_LEVEL = 7  # a bold line alone heads what follows, below every heading level
_NAMED_ITEM = compiled(r"^[^:.?!]{1,60}:\s")
# the token kinds the walk reads (the rest are passed over with one look-up)
_READ = frozenset(
    "inline list_item_open list_item_close blockquote_open blockquote_close heading_open "
    "code_block table_open".split()
)
# the headings of one note whose names are looked for in its text (each search reads all of
# it): a note of thousands of headings costs the first ones' searches, not their square
_SECTION_SEARCHES = 200


class BlockWalker:
    """Reads one note's block tokens and emits proposals with their file line."""

    def __init__(
        self,
        title: str,
        emit: Emit,
        prose: Prose,
        glossary_note: bool,
        changes_note: bool,
        alias: Name | None = None,
    ) -> None:
        self.title = title
        self.emit = emit
        self.alias = alias
        self.prose = prose  # the sentence forms, read on every paragraph and list item
        self.glossary_note = glossary_note
        self.changes_note = changes_note
        self.lists_note = lists_title(title)
        # "LLM basics", "RAG & agents", "The Illustrated Transformer": a page or a work, not
        # one term a note's opening could define
        page = glossary_note or changes_note or page_name(title)
        self.title_is_term = not page and not NOT_ONE_TERM.search(title)

    def walk(self, tokens: list[Token], base: int, first_paragraph_seen: bool = False) -> None:
        # "- **Efficiency**: It ...": found at the first item that opens with emphasis, the
        # only kind feature_items lists
        features: set[int] | None = None
        headings: list[Heading] = []
        bold_heading = ""  # a paragraph of one bold name over a list ("**XGBoost**")
        # a heading naming a term, not yet explained: (term, line, trusted by its shape)
        pending: tuple[str, int, bool] | None = None
        pending_level = 0  # the level of its heading (_BOLD_LEVEL: a bold line alone)
        question: tuple[str, int] | None = None
        seen_paragraph = first_paragraph_seen
        quoted = 0  # inside a blockquote or callout (a metadata box above the note)
        # each list item we are in, outermost first: its text's token index and its text
        items: list[tuple[int, str]] = []
        lead_in = ""  # a paragraph ending in a colon, over the list that follows it
        before = ""  # the paragraph or item read just before ("This is called X" names it)
        prose = ""  # the note's text without its headings, read once a heading needs it
        searched = 0  # headings looked for in it: each search reads the whole text
        shaped: list[bool] = []  # the note's headings read as a glossary (once asked)

        def glossary_shaped(tokens: list[Token]) -> bool:
            if not shaped:
                shaped.append(headings_define(tokens))
            return shaped[0]

        fields: set[int] = set()  # the parent items (token index) whose lists give fields
        glossary_here, changes_here, lists_here = self._contexts(None)
        ahead = enumerate(tokens)
        for index, token in ahead:
            kind = token.type
            if kind not in _READ:
                continue  # most tokens: a paragraph's or a list's open or close
            if kind == "inline":
                pass  # read below, after the other kinds
            elif kind == "list_item_open":
                items.append((-1, ""))
                continue
            elif kind == "list_item_close":
                items = items[:-1]
                continue
            elif kind in ("blockquote_open", "blockquote_close"):
                quoted += 1 if kind == "blockquote_open" else -1
                continue
            elif kind == "heading_open":
                next(ahead), next(ahead)  # its text, read here, and its close
                before = ""
                text = heading_text(_plain(tokens[index + 1].content))
                text = text.rstrip().rstrip(":：").rstrip()  # "### Classification:"
                level = int(token.tag[1])
                line = base + (token.map or [0])[0]
                title_heading = level == 1 and self._titles(text, line)
                # "## Definition" or "# What is it?" first: what follows is the opening
                about = not (title_heading or headings or seen_paragraph) and opens_subject(text)
                title_heading = title_heading or about
                if not title_heading:
                    headings = [h for h in headings if h[0] < level]
                    headings.append(section_of(headings[-1] if headings else None, level, text))
                    glossary_here, changes_here, lists_here = self._contexts(headings[-1])
                    seen_paragraph = True  # a section began: the note's opening is over
                elif not headings:
                    seen_paragraph = False  # the opening starts under the title heading
                # "### AdaGrad" / "#### Intuition" / text: the text under an explaining
                # heading explains the term of the heading above it
                keep = pending is not None and level > pending_level and explaining(text)
                question = None
                pending = pending if keep else None
                bold_heading = lead_in = ""
                subject = None if about else asked(text)
                if keep:
                    pass
                elif subject:
                    question = (subject, line)
                elif not title_heading:
                    glossed = heading_gloss(text)
                    if glossed and not is_label(glossed[0]):  # "## Trace: the sum of ..."
                        self.emit(Proposal(glossed[0], glossed[1], "heading", 0.5), line)
                    named_text = glossed[0] if glossed else text  # "## F检验:参数不全为0"
                    name, short, trusted, one = heading_term(text, named_text)
                    if short and self.alias is not None:
                        self.alias(short, name, line)
                    pending = (name, line, trusted) if one and not headings[-1][5] else None
                    pending_level = level
                continue
            elif kind == "code_block":
                before = ""
                if token.map and looks_like_prose(token.content):
                    from notes_kb.parse.markdown import block_tokens

                    tokens_in = block_tokens(dedent(token.content))
                    self.walk(tokens_in, base + token.map[0], seen_paragraph)
                continue
            elif kind == "table_open":
                before = ""
                for proposal, at in table_proposals(tokens, index, base):
                    self.emit(proposal, at)
                for _, cell in ahead:  # its cells are read: on after it
                    if cell.type == "table_close":
                        break
                continue
            else:
                continue
            if index == 0 or not token.map:
                continue
            opener = tokens[index - 1].type
            line = base + token.map[0]
            if opener == "dt_open":
                if listed := defined_in_list(tokens, index):
                    self.emit(listed, line)
                continue
            outer = tokens[index - 2 if index >= 2 else 0].type
            if opener != "paragraph_open" or outer == "dd_open":
                continue
            in_item = index >= 2 and outer == "list_item_open"
            raw = token.content
            if has_fence(raw):  # ":::{note} Title" / ":class: dropdown" / the text
                raw, line = without_fences(raw, line)
                if not raw:
                    continue
            if in_item and items and items[-1][0] < 0:
                items[-1] = (index, raw)
            # the answer: the paragraph or first item under the question, not an item that
            # names one of several answers ("- Leaky Relu: ..." under "What are the variants ...")
            if question is not None and not (in_item and _NAMED_ITEM.match(raw)):
                said = unlabelled(ANSWER.sub(r"\g<a>", raw, count=1))  # "A: ...", "Definition:"
                self.emit(
                    Proposal(question[0], first_sentences(_plain(said)), "question-heading"),
                    question[1],
                )
                question = None
            flashcard = card(raw) if "?" in raw or "？" in raw or "::" in raw else None
            if flashcard:  # "Q: What is X?" / "A: ...", "What is X?::...", "X" / "?" / ...
                text = first_sentences(_plain(flashcard[1]))
                self.emit(Proposal(flashcard[0], text, "question-heading"), line)
            elif not in_item and (alone := question_alone(raw)):
                question = (alone, line)
            if pending is not None and changes_here:
                pending = None
            # "### QLoRA" / "[QLoRA - Paper](...)" / "QLoRA builds on ...": read on past links,
            # and past a bold "**Overview**" alone (the text after it explains the heading)
            if pending is not None and not (
                (raw[:1] in "[<!h" and links_only(raw) and not in_item)
                or (raw[:1] in "*_" and explaining_bold(raw))
            ):
                under = self._field(raw, pending[:2], line)
                if under in (DEFINED, GOAL):  # (a goal's heading names no term: no more)
                    pending = pending if under == DEFINED else None
                    continue
                if under == SHOWN:
                    pass  # "- **Example:** ...", then "- **Use case:** ...": read on, both
                elif self._spelled_out(raw, pending[0], line):
                    continue  # "### BCE" / "Binary Cross-Entropy.": the next paragraph says more
                else:
                    said = (
                        (opening_words(raw)[0] or raw) if raw[:1] in "[<!h" else raw
                    )  # [Paper](.)
                    text = first_sentences(_plain(said))
                    if in_item and lead_proposals(raw, line, True, False):
                        pass  # "## Core metrics" / "- BLEU: n-gram precision ...": a category
                    elif defines_other(_plain(said), pending[0]):
                        pass  # "### Properties of BPE tokens" / "A morpheme is ...": not it
                    elif explains(  # under a glossary's heading a phrase says what it is
                        _plain(said),
                        pending[0],
                        (entry := glossary_entry(headings))
                        or pending[2]
                        or glossary_shaped(tokens),
                        entry,
                    ):
                        self.emit(
                            Proposal(pending[0], text, "heading", 0.3 * glossary_here), pending[1]
                        )
                    elif (
                        pending_level != _BOLD_LEVEL  # a bold line alone heads no section
                        and (searched := searched + 1) <= _SECTION_SEARCHES
                        and section_term(pending[0], prose or (prose := prose_of(tokens)))
                    ):
                        told = said_in_section(tokens, index, pending[0])
                        self.emit(Proposal(pending[0], told or text, "section"), pending[1])
                    pending = None
            opening = not seen_paragraph and not headings and not quoted
            # a date, authors, images or links above the note's first words are not its opening
            first_words, skipped = opening_words(raw) if opening else (raw, 0)
            metadata = opening and not first_words
            explained = opening and not metadata and self.title_is_term
            if explained and self._spelled_out(first_words, self.title, line):
                continue  # "MLE" opening "Maximum Likelihood Estimate.": read on
            if (
                explained
                and explains(_plain(first_words), self.title, True, phrase=True)
                and everyday_title_explained(self.title, _plain(first_words))
                and not defines_other(_plain(first_words), self.title)  # "The bias is ..."
            ):
                said = first_sentences(_plain(first_words))
                name = opened_name(self.title, said)  # "Chains in LangChain": "Chains"
                self.emit(Proposal(name, said, "title-note"), line + skipped)
            if not quoted and not metadata:
                seen_paragraph = True  # the opening is the first paragraph or the first bullet
            if not changes_here:  # release notes and meetings list changes, not terms
                contents = in_item and items and _TO_ANCHOR.match(items[0][1]) is not None
                if not lists_here and not contents:  # (a table of contents defines nothing)
                    section = bold_heading or (headings[-1][1] if headings else "")
                    if not in_item:
                        bold = BOLD_ONLY.match(raw.strip()) or named_line(tokens, index)
                        bold_heading = bold.group(1) if bold else ""
                        if bold:  # "**Semantic Search**" over its text, as a heading
                            said = heading_text(bold.group(1)).rstrip(":")
                            name, _, trusted, one = heading_term(said, said)
                            if one and not is_label(name):
                                pending, pending_level = (name, line, trusted), _BOLD_LEVEL
                    feature = False
                    if in_item and raw.startswith(("*", "_")):
                        if features is None:
                            features = feature_items(tokens)
                        feature = index in features
                    # what labels the item's list: its parent item, the paragraph leading in
                    parent = items[-2][1] if len(items) > 1 else lead_in or section
                    over = parent if in_item else ""
                    field = field_item(raw, parent) if in_item and len(items) > 1 else None
                    if field:  # "1. **ROC Curve**:" / "- **Definition**: The ROC curve is ..."
                        fields.add(items[-2][0])  # its other items are fields too (X-axis: ...)
                        self.emit(Proposal(field[0], first_sentences(field[1]), "field"), line)
                    feature = feature or (len(items) > 1 and items[-2][0] in fields)
                    if not field:  # (a field is no lead of its own)
                        for proposal, at in lead_proposals(
                            raw, line, in_item, glossary_here, section, feature, over
                        ):
                            self.emit(proposal, at)
                    found = outline(tokens, index) if in_item else None
                    if found:  # judged by its list like a lead: "- **Data Types**:" a feature
                        for proposal, at in in_list([(found, line)], section, feature, over):
                            self.emit(proposal, at)
                self.prose(raw, line, not seen_paragraph, in_item, before)
            before = raw
            if not in_item and not items:
                lead_in, pending = list_lead(raw, line, pending)  # "Two ways:", "交叉熵："

    def _contexts(self, heading: Heading | None) -> tuple[bool, bool, bool]:
        """Whether the note or the section under `heading` is a glossary, a list of changes
        or a list of results and sources."""
        if heading is None:
            return self.glossary_note, self.changes_note, self.lists_note
        return (
            self.glossary_note or heading[2],
            self.changes_note or heading[3],
            self.lists_note or heading[4],
        )

    def _titles(self, heading: str, line: int) -> bool:
        """An H1 that repeats the note's title, maybe with its expansion or an aside after
        it: "# AUC: Area under the ROC Curve", "# Multiclass Classification (one-vs-all)"."""
        said, title = heading.strip().casefold(), self.title.casefold()
        if said == title:
            return True
        spelled = acronym_colon(heading.strip()) if ":" in said else None
        if spelled and spelled[0].casefold() == title:
            return True  # "# RAG: Retrieval-Augmented Generation", the title its expansion
        rest = said[len(title) :] if said.startswith(title) else ""
        if not rest or rest[0] not in ":-–—( ":
            return False
        rest = heading.strip()[len(title) :].strip(" :-–—")
        if not rest.startswith("("):
            self._spelled_out(rest, self.title, line)
        return True

    def _spelled_out(self, raw: str, name: str, line: int) -> bool:
        """A paragraph that only spells out an acronym naming the section or the note."""
        text = _plain(raw).strip().rstrip(".")
        short, _, tail = name.partition(" ")  # "ROC Curve" / "Receiver Operating ... curve"
        if self.alias is None or not re.fullmatch(ACRONYM, short) or len(text) > 80:
            return False
        if tail and not text.casefold().endswith(" " + tail.casefold()):
            return False
        spelled = text[: len(text) - len(tail)].strip() if tail else text
        if acronym_expansion(spelled, short) != spelled:
            return False
        self.alias(name, text, line)
        return True

    def _field(self, raw: str, heading: tuple[str, int], line: int) -> int:
        """`**What:** a reading-comprehension dataset` under `# SQuAD` defines SQuAD, as
        does `- Basic idea: ...` under `## Self-attention`; `- **Example:** machine
        translation` under `### Many-to-Many` shows what it names (fields.heading_field)."""
        field, text, evidence = heading_field(_plain(raw))
        if field in (DEFINED, SHOWN):
            self.emit(Proposal(heading[0], first_sentences(text), "field", evidence), line)
        return field


_TO_ANCHOR = compiled(r"\s*\[[^\]\n]{1,200}\]\(#")  # "- [Week 2](#week-2)": the page's contents


def _plain(raw: str) -> str:
    return marked_plain(raw)[0]
