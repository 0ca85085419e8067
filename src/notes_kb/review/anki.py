"""`notes export anki`: the deck as an Anki package (.apkg) written with genanki.

Every card becomes one Anki note whose GUID is the card's id, and whose note and card ids
are derived from it too, so importing a newer export updates the cards already in Anki (and
keeps their history there) instead of adding copies. The package is written to a temporary
file next to the target and renamed over it: whole or not at all."""

from __future__ import annotations

import hashlib
import html
import itertools
import os
import sqlite3
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from notes_kb.errors import NotesError
from notes_kb.index.load import Vault
from notes_kb.parse.cards import Card
from notes_kb.query.glossary import Entry
from notes_kb.review.deck import build_deck, select

MODEL_ID = 1_733_450_000_015  # fixed for ever: Anki matches a deck's cards to it
_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; max-width: 40em;
margin: auto; } .context { color: #2a7ab0; font-size: 14px; } .source { color: #888;
font-size: 12px; margin-top: 1.5em; } code, pre { background: #f4f4f4; }"""


@dataclass(frozen=True)
class Export:
    """What was written: the file, the deck's name and id, and its cards by form."""

    path: Path
    deck: str
    deck_id: int
    cards: int
    kinds: dict[str, int]


def stable_id(*parts: str) -> int:
    """A positive id below 2**52 (safe in Anki's JavaScript), the same in every run."""
    digest = hashlib.sha1("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:7], "big") % (2**52 - 1) + 1


def export_deck(
    vault: Vault,
    entries: Sequence[Entry],
    out: Path,
    scope: Sequence[str] = (),
    tag: str | None = None,
    under: str | None = None,
    deck: str | None = None,
) -> Export:
    """The cards of a scope (all without one) written to `out` as an Anki package."""
    cards = select(vault, build_deck(vault, entries), scope, tag, under)
    try:
        return export_anki(vault, cards, out, deck)
    except OSError as error:
        raise NotesError(f"cannot write {out}: {error.strerror or error}") from None


def export_anki(vault: Vault, cards: Sequence[Card], out: Path, deck: str | None = None) -> Export:
    """Write the cards (open questions left out) as a deck named after the vault."""
    import genanki  # type: ignore[import-untyped]  # only the export pays for it

    cards = [card for card in cards if not card.open]
    name = deck or vault.location.root.name
    deck_id = stable_id("deck", name)
    model = genanki.Model(
        MODEL_ID,
        "notes-kb card",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Context"}, {"name": "Source"}],
        templates=[
            {
                "name": "Card",
                "qfmt": '<div class="context">{{Context}}</div>{{Front}}',
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<div class="source">{{Source}}</div>',
            }
        ],
        css=_CSS,
    )
    anki_deck = genanki.Deck(deck_id, name)
    for card in cards:
        anki_deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    to_html(card.front),
                    to_html(card.back),
                    html.escape(card.context),
                    _source(vault, card),
                ],
                tags=_tags(card),
                guid=card.id,
            )
        )
    _write(genanki.Package(anki_deck), cards, out)
    return Export(out, name, deck_id, len(cards), dict(Counter(card.kind for card in cards)))


def _ids(cards: Sequence[Card]) -> Iterator[int]:
    """genanki asks for a note id, then that note's card id, note after note."""
    for card in cards:
        yield stable_id("note", card.id)
        yield stable_id("card", card.id)
    yield from itertools.count(int(time.time() * 1000))  # nothing else should ask


def _write(package: object, cards: Sequence[Card], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, collection = tempfile.mkstemp(suffix=".anki2")
    os.close(fd)
    fd, partial = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    os.close(fd)
    try:
        conn = sqlite3.connect(collection)
        try:
            package.write_to_db(conn.cursor(), time.time(), _ids(cards))  # type: ignore[attr-defined]
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", "{}")
        os.replace(partial, out)
    finally:
        for leftover in (collection, partial):
            if os.path.exists(leftover):
                os.unlink(leftover)


def to_html(markdown: str) -> str:
    """A card side as HTML: Markdown rendered, any HTML in the note escaped as text."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")
    return str(parser.render(markdown)).strip()


def _source(vault: Vault, card: Card) -> str:
    """A link back to the note the card is written in."""
    where = (vault.location.root / card.path).resolve()
    label = html.escape(f"{card.path}:{card.line}")
    return f'<a href="{html.escape(where.as_uri())}">{label}</a>'


def _tags(card: Card) -> list[str]:
    """The note's tags (Anki's hierarchy marks `::` for `.` and `/`), and the card's form."""
    found = [
        "::".join(part for part in tag.replace("/", ".").split(".") if part)
        for tag in card.tags
        if tag.strip()
    ]
    found = ["".join(ch if not ch.isspace() else "_" for ch in tag) for tag in found if tag]
    return [*dict.fromkeys(found), f"notes-kb::{card.kind}"]
