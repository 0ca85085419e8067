"""The deck: every card the notes hold (their own cards and the glossary's definitions), and
the part of it a command asks for (notes, sections, hierarchies, tags)."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from notes_kb.index.load import Vault
from notes_kb.model import Note
from notes_kb.parse.cards import MASK, Card, definition_cards, mask_terms, note_cards
from notes_kb.parse.inline import LINK_OPEN, resolve_links, wikilink_text
from notes_kb.parse.verdict import judged
from notes_kb.query.glossary import Entry
from notes_kb.query.listing import filter_notes
from notes_kb.query.resolve import resolve_note

_DEFINING_SENTENCE = re.compile(
    r"(?:(?:A|An|The)\s+)?" + re.escape(MASK) + r"\s*(?:\([^)]*\)\s*)?"
    r"(?:is|are|refers to|describes|means|stands for|lets you|allows you to)\b(.*)",
    re.DOTALL,
)
# The glossary keeps a definition from a score of 1.0; a card asks more (read on
# dendron-site: below 1.4 are mostly changelog lines, list items and chat).
CARD_SCORE = 1.4
# a logged field's description, the question it answers ("What pod was used (e.g. ...)")
_FIELD_QUESTION = re.compile(r"^(?:What|Which)\b[^?.]{0,60}\b(?:was|were) (?:used|passed|run)\b")
_WIKILINK = re.compile(r"(?<!!)\[\[([^\]\n]+)\]\]")
# Definitions written in passing are found with less certainty than glossary forms; a card
# must be right, so only these forms become cards (a sentence only when it opens with the
# term and defines it at some length: see _worth_a_card).
_CARD_KINDS = frozenset(
    "frontmatter definition-list glossary-bullet glossary-note field table bold-lead "
    "question-heading title-note acronym colon-bullet dash-bullet colon-line sentence".split()
)


def build_deck(vault: Vault, entries: Iterable[Entry]) -> list[Card]:
    """Every card of the vault, note by note in file-name order; a note's definitions follow
    its own cards. A definition card is left out where the same line is already a card."""
    by_id = {note.id: note for note in vault.notes}
    titles = {note.fname.casefold(): note.title for note in vault.notes}
    own: dict[str, list[Card]] = {}
    stored = vault.note_cards() if vault.note_cards is not None else None  # cached: no parse
    for note in vault.notes:
        found = stored.get(note.path, []) if stored is not None else note_cards(note)
        own[note.id] = [_readable(card, titles) for card in found]
    taken = {(card.path, card.line) for cards in own.values() for card in cards}
    for entry in entries:
        best = entry.definitions[0]
        home = by_id.get(best.note)
        if home is None or (best.path, best.line) in taken or not _worth_a_card(entry):
            continue
        text = resolve_links(best.text, titles) if LINK_OPEN in best.text else best.text
        made = definition_cards(entry.term, entry.names, text, home, best.line, best.kind)
        own[home.id].extend(made)
    order = sorted(vault.notes, key=lambda n: (n.fname.casefold(), n.path))
    return [card for note in order for card in own.get(note.id, [])]


def _worth_a_card(entry: Entry) -> bool:
    """A definition sure enough to learn from: written in an explicit form, naming a term
    (not a handle, a label like `eg`, or an example echoed back: `python: items that
    include python`); a note named for a term must name it in its first words (on pages
    of documentation the opening is mostly about something else: "If you would like to
    contribute ...")."""
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
    masked = mask_terms(best.text, entry.names)
    if best.kind == "title-note":  # "A block anchor is ...", not "If it has been useful"
        return 0 <= masked.find(MASK) < 30
    if best.kind == "sentence":  # "Perplexity is the exponential of ...", said at length
        opening = _DEFINING_SENTENCE.match(masked)
        return opening is not None and len(re.split(r"[.;:]", opening.group(1))[0].split()) >= 5
    return masked == best.text or len(best.text.split()) > 6


def _readable(card: Card, titles: dict[str, str]) -> Card:
    """`[[note]]` links shown as the linked note's title, as a reader sees them."""
    if "[[" not in card.front and "[[" not in card.back:
        return card

    def show(text: str) -> str:
        return _WIKILINK.sub(lambda m: wikilink_text(m.group(1), titles), text)

    return replace(card, front=show(card.front), back=show(card.back))


def select(
    vault: Vault,
    deck: Sequence[Card],
    scope: Sequence[str] = (),
    tag: str | None = None,
    under: str | None = None,
) -> list[Card]:
    """The cards of the notes named (a NOTE, `note#section`, or a hierarchy glob with `*`),
    of notes tagged `tag` (or a sub-tag), and of notes at or below `under`."""
    notes: list[Note] = list(vault.notes)
    sections: dict[str, list[tuple[int, int]]] = {}
    if scope:
        wanted: dict[str, Note] = {}
        for name in scope:
            if any(ch in name for ch in "*?["):
                wanted.update((n.path, n) for n in notes if _below(n, name))
                continue
            resolved = resolve_note(vault, name)
            wanted[resolved.note.path] = resolved.note
            if resolved.section is not None:
                spans = sections.setdefault(resolved.note.path, [])
                spans.append((resolved.section.line, resolved.section.end_line))
        notes = list(wanted.values())
    if tag:
        tagged = {n.path for n in filter_notes(vault, tag=tag)}
        notes = [n for n in notes if n.path in tagged]
    if under:
        notes = [n for n in notes if _below(n, under)]
    keep = {n.path for n in notes}
    return [
        card
        for card in deck
        if card.path in keep
        and (
            card.path not in sections
            or any(start <= card.line <= end for start, end in sections[card.path])
        )
    ]


def _below(note: Note, hierarchy: str) -> bool:
    """`ai-engineering` or `ai-engineering.*`: the note itself and everything under it."""
    pattern = hierarchy.casefold()
    fname = note.fname.casefold()
    if any(ch in pattern for ch in "*?["):
        return fnmatch.fnmatchcase(fname, pattern) or fnmatch.fnmatchcase(
            fname, pattern.removesuffix(".*")
        )
    return fname == pattern or fname.startswith(pattern + ".")
