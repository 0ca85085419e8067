"""What `notes study` answers: the cards of a scope with where each stands, the queue of a
session, and the ratings, suspensions and burials it appends to the log."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from notes_kb.index.load import Vault
from notes_kb.model import Diagnostic
from notes_kb.query.glossary import Entry
from notes_kb.review.deck import build_deck, select
from notes_kb.review.log import Event, append, log_path, read_log
from notes_kb.review.schedule import Standing, apply, day_end, standings

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Study:
    """The cards of a scope and where each stands; acting on one appends to the log."""

    log: Path
    cards: list[Standing]
    problems: list[Diagnostic]  # damaged log lines, skipped
    clock: Clock = utc_now
    events: list[Event] = field(default_factory=list)

    @property
    def now(self) -> datetime:
        return self.clock()

    def due(self) -> list[Standing]:
        """Cards due now (reviews due today, learning steps due soon), most overdue first."""
        now = self.now
        end = day_end(now)
        found = [s for s in self.cards if not s.card.open and s.is_due(now, end)]
        return sorted(found, key=lambda s: s.due or now)

    def new(self) -> list[Standing]:
        """Cards never reviewed, in note order; open questions and suspended or buried
        cards are not new cards to learn."""
        now = self.now
        return [
            s
            for s in self.cards
            if s.new and not s.card.open and not s.suspended and not s.buried(now)
        ]

    def new_today(self) -> int:
        """New cards already introduced today (they count against the day's new limit)."""
        start = day_end(self.now) - timedelta(days=1)
        return sum(1 for s in self.cards if s.first_review and s.first_review >= start)

    def open_questions(self) -> list[Standing]:
        return [s for s in self.cards if s.card.open]

    def suspended(self) -> list[Standing]:
        return [s for s in self.cards if s.suspended]

    def next_due(self) -> datetime | None:
        """When the next card falls due, among the cards that are studied."""
        times = [s.due for s in self.cards if s.due and not s.suspended and not s.card.open]
        return min(times, default=None)

    def find(self, card_id: str) -> Standing:
        """A card by its id, or by the start of it (as `--list` shows it)."""
        from notes_kb.errors import NotesError

        found = [s for s in self.cards if s.card.id.startswith(card_id.strip().lower())]
        if len(found) != 1:
            what = "no card" if not found else f"{len(found)} cards"
            raise NotesError(f'{what} with id "{card_id}"', "see `notes study --list`")
        return found[0]

    def rate(self, standing: Standing, rating: int, ms: int | None = None) -> Standing:
        """Log a review and return the card's new standing."""
        return self._act(standing, "review", rating, ms)

    def suspend(self, standing: Standing) -> Standing:
        """Take a card out of study until it is unsuspended."""
        return self._act(standing, "suspend")

    def unsuspend(self, standing: Standing) -> Standing:
        return self._act(standing, "unsuspend")

    def bury(self, standing: Standing) -> Standing:
        """Hide a card until tomorrow."""
        return self._act(standing, "bury")

    def _act(
        self, standing: Standing, action: str, rating: int | None = None, ms: int | None = None
    ) -> Standing:
        card = standing.card
        event = Event(self.now, card.id, action, card.note, card.kind, card.anchor, rating, ms)
        append(self.log, event)
        self.events.append(event)
        current = next((s for s in self.cards if s.card.id == card.id), standing)
        updated = apply(current, event, day_end(self.now))
        self.cards = [updated if s.card.id == card.id else s for s in self.cards]
        return updated


def open_study(
    vault: Vault,
    entries: Sequence[Entry],
    scope: Sequence[str] = (),
    tag: str | None = None,
    under: str | None = None,
    clock: Clock = utc_now,
) -> Study:
    """The cards of a scope (every card without one) and where each stands."""
    deck = select(vault, build_deck(vault, entries), scope, tag, under)
    path = log_path(vault.location.root)
    events, problems = read_log(path)
    found = standings(deck, events, day_end(clock()))
    return Study(path, found, problems, clock, events=list(events))


@dataclass
class Session:
    """A study session's queue: due cards first, then up to the day's new cards; a card
    answered Again (or still in its learning steps) comes back before the session ends."""

    study: Study
    queue: deque[Standing]
    reviewed: int = 0
    correct: int = 0

    @classmethod
    def start(cls, study: Study, new: int = 20, limit: int = 200) -> Session:
        """The due cards (at most `limit`), then new cards up to `new` a day in all."""
        due = _one_per_place(study.due())[:limit]
        places = {(s.card.path, s.card.line) for s in due}
        fresh = [s for s in _one_per_place(study.new()) if (s.card.path, s.card.line) not in places]
        fresh = fresh[: max(0, min(new - study.new_today(), limit - len(due)))]
        return cls(study, deque([*due, *fresh]))

    def counts(self) -> tuple[int, int, int]:
        """Cards due, new and left in this session."""
        new = sum(1 for s in self.queue if s.new)
        return len(self.queue) - new, new, len(self.queue)

    def current(self) -> Standing | None:
        return self.queue[0] if self.queue else None

    def answer(self, rating: int, ms: int | None = None) -> Standing:
        """Rate the current card; it comes back this session if it is due again within
        the session's reach (a learning step of minutes)."""
        standing = self.queue.popleft()
        updated = self.study.rate(standing, rating, ms)
        self.reviewed += 1
        self.correct += rating > 1
        due = updated.due
        if due is not None and due - self.study.now <= timedelta(minutes=20):
            self.queue.append(updated)
        return updated

    def suspend(self) -> Standing:
        """Suspend the current card and move on."""
        return self.study.suspend(self.queue.popleft())

    def bury(self) -> Standing:
        """Bury the current card until tomorrow and move on."""
        return self.study.bury(self.queue.popleft())


def _one_per_place(cards: list[Standing]) -> list[Standing]:
    """One card of each place in the notes a session: a definition and its reverse, or two
    clozes of one paragraph, give each other away (Anki buries such siblings too)."""
    seen: set[tuple[str, int]] = set()
    kept = []
    for standing in cards:
        place = (standing.card.path, standing.card.line)
        if place not in seen:
            seen.add(place)
            kept.append(standing)
    return kept
