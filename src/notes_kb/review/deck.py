"""The deck: every card the notes hold (their own cards and the glossary's definitions), and
the part of it a command asks for (notes, sections, hierarchies, tags)."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from notes_kb.index.load import Vault
from notes_kb.model import Note
from notes_kb.parse.cards import Card, definition_cards, note_cards
from notes_kb.parse.inline import LINK_OPEN, resolve_links, wikilink_text
from notes_kb.query.glossary import Entry
from notes_kb.query.listing import filter_notes
from notes_kb.query.resolve import resolve_note
from notes_kb.review.worth import worth_a_card, worth_asking

_WIKILINK = re.compile(r"(?<!!)\[\[([^\]\n]{1,999})\]\]")


def build_deck(vault: Vault, entries: Iterable[Entry]) -> list[Card]:
    """Every card of the vault, note by note in file-name order; a note's definitions follow
    its own cards. A definition card is left out where the same line is already a card, and
    one definition read for two names ("Sequence-to-sequence (seq2seq) refers to ...") makes
    the cards of one of them."""
    by_id = {note.id: note for note in vault.notes}
    titles = {note.fname.casefold(): note.title for note in vault.notes}
    own: dict[str, list[Card]] = {}
    stored = vault.note_cards() if vault.note_cards is not None else None  # cached: no parse
    for note in vault.notes:
        found = stored.get(note.path, []) if stored is not None else note_cards(note)
        own[note.id] = [_readable(card, titles) for card in found if worth_asking(card)]
    taken = {(card.path, card.line) for cards in own.values() for card in cards}
    worthy: list[Entry] = []
    for entry in entries:
        best = entry.definitions[0]
        home = by_id.get(best.note)
        if home is None or (best.path, best.line) in taken:
            continue
        if worth_a_card(entry, *_source_lines(home, best.line)):
            worthy.append(entry)
    for entry in _one_per_definition(worthy):
        best = entry.definitions[0]
        home = by_id[best.note]
        text = resolve_links(best.text, titles) if LINK_OPEN in best.text else best.text
        made = definition_cards(entry.term, entry.names, text, home, best.line, best.kind)
        own[home.id].extend(made)
    order = sorted(vault.notes, key=lambda n: (n.fname.casefold(), n.path))
    return [card for note in order for card in own.get(note.id, [])]


def _one_per_definition(entries: list[Entry]) -> list[Entry]:
    """The entries in order, leaving out one whose definition (the same text on the same
    line) is another entry's found with more certainty; the first of equals stays."""
    surest: dict[tuple[str, int, str], Entry] = {}
    for entry in entries:
        best = entry.definitions[0]
        held = surest.get(_place(entry))
        if held is None or best.score > held.definitions[0].score:
            surest[_place(entry)] = entry
    return [e for e in entries if surest[_place(e)] is e]


def _place(entry: Entry) -> tuple[str, int, str]:
    best = entry.definitions[0]
    return best.path, best.line, best.text


def _source_lines(note: Note, line: int) -> tuple[str, str, str]:
    """The note's file line `line`, the one below it and the one above ("" past either
    end)."""
    lines = note.body.split("\n")
    at = line - note.body_line
    if not 0 <= at < len(lines):
        return "", "", ""
    below = lines[at + 1] if at + 1 < len(lines) else ""
    return lines[at], below, lines[at - 1] if at > 0 else ""


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
