"""Definitions a note declares outright: a `glossary:` field in its frontmatter, or a note
that is itself a glossary entry (`glossary.attention.md`, or one tagged `glossary`). Pure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from notes_kb.parse.definitions.proposal import Proposal
from notes_kb.parse.definitions.split import first_sentences, line_of
from notes_kb.parse.inline import plain

if TYPE_CHECKING:
    from markdown_it.token import Token

    from notes_kb.model import Note


def declared(note: Note, tokens: list[Token], glossary_note: bool) -> list[tuple[Proposal, int]]:
    """The note's declared definitions, each with its file line. `glossary_note`: the note
    is a glossary of many terms (then it is no entry of one)."""
    found = _frontmatter(note)
    entry = _glossary_entry(note, tokens) if not glossary_note else None
    return [*found, entry] if entry else found


def _frontmatter(note: Note) -> list[tuple[Proposal, int]]:
    """`glossary: {term: definition}`, or a list of `{term:, definition:}` or `{term: text}`."""
    entries = note.frontmatter.get("glossary")
    pairs: list[tuple[object, object]] = []
    if isinstance(entries, dict):
        pairs = list(entries.items())
    elif isinstance(entries, list):
        for item in entries:
            if isinstance(item, dict) and "term" in item:
                pairs.append((item.get("term"), item.get("definition") or item.get("def")))
            elif isinstance(item, dict) and len(item) == 1:
                pairs.extend(item.items())
    found = []
    for term, text in pairs:
        if isinstance(term, str) and isinstance(text, str):
            line = line_of(note.source, term, note.body_line)
            found.append((Proposal(term, first_sentences(plain(text)[0]), "frontmatter"), line))
    return found


def _glossary_entry(note: Note, tokens: list[Token]) -> tuple[Proposal, int] | None:
    """`glossary.attention.md` or a note tagged glossary defines its own title: by its
    `desc`, else its first paragraph."""
    in_hierarchy = note.fname.lower().startswith("glossary.") and len(note.segments) > 1
    tagged = any(tag.lower() == "glossary" for tag in note.tags)
    if not (in_hierarchy or tagged):
        return None
    text, line = note.desc, 1
    if not text:
        for index, token in enumerate(tokens):
            opener = tokens[index - 1].type if index else ""
            if token.type == "inline" and token.map and opener == "paragraph_open":
                text, line = plain(token.content)[0], note.body_line + token.map[0]
                break
    if not text:
        return None
    return Proposal(note.title, first_sentences(text), "glossary-note"), line
