"""Where each card stands, worked out from the log: FSRS replays a card's reviews in time
order (no random fuzz, so every run and every machine agrees), suspensions and burials apply
on top, and a card whose own text was edited a little inherits the history of its old id."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from difflib import SequenceMatcher
from functools import cache

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from notes_kb.parse.cards import Card
from notes_kb.review.log import Event

RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}
SIMILAR = 0.8  # an edited card keeps its history when its text is this close to the old one
_DEFINITION_KINDS = ("definition", "definition-reverse")


@cache
def scheduler() -> Scheduler:
    """FSRS with its default parameters (90% retention), without fuzz: replaying the same
    log always gives the same schedule."""
    return Scheduler(enable_fuzzing=False)


@dataclass(frozen=True)
class Standing:
    """A card's place in the schedule: new, or its FSRS memory state and next due time."""

    card: Card
    memory: FsrsCard | None  # None: never reviewed
    reviews: int = 0
    lapses: int = 0  # reviews rated Again after the card was learnt
    last_review: datetime | None = None
    suspended: bool = False
    buried_until: datetime | None = None
    first_review: datetime | None = None

    @property
    def new(self) -> bool:
        return self.memory is None

    @property
    def due(self) -> datetime | None:
        return None if self.memory is None else self.memory.due

    @property
    def state(self) -> str:
        """new, learning, review or relearning; suspended wins over all of them."""
        if self.suspended:
            return "suspended"
        if self.memory is None:
            return "new"
        return {State.Learning: "learning", State.Review: "review"}.get(
            self.memory.state, "relearning"
        )

    def is_due(self, now: datetime, day_end: datetime) -> bool:
        """Learning steps are due by the minute; cards in review by the day."""
        if self.memory is None or self.suspended:
            return False
        if self.buried_until is not None and now < self.buried_until:
            return False
        if self.memory.state == State.Review:
            return self.memory.due < day_end
        return self.memory.due <= now + timedelta(minutes=20)

    def buried(self, now: datetime) -> bool:
        return self.buried_until is not None and now < self.buried_until


def standings(cards: Iterable[Card], events: list[Event], day_end: datetime) -> list[Standing]:
    """Each card's standing from the log. `day_end`: when the user's day ends, which is when
    a card buried today comes back."""
    cards = list(cards)
    by_card: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_card[event.card].append(event)
    inherited = carry_over(cards, by_card)
    found: list[Standing] = []
    for card in cards:
        history = by_card.get(card.id) or by_card.get(inherited.get(card.id, ""), [])
        found.append(replay(card, history, day_end))
    return found


def replay(card: Card, history: list[Event], day_end: datetime) -> Standing:
    """A card's standing after its events, in time order."""
    standing = Standing(card, None)
    for event in sorted(history, key=lambda e: e.at):
        standing = apply(standing, event, day_end)
    return standing


def apply(standing: Standing, event: Event, day_end: datetime) -> Standing:
    """The standing after one more event."""
    if event.action == "suspend":
        return replace(standing, suspended=True)
    if event.action == "unsuspend":
        return replace(standing, suspended=False)
    if event.action == "bury":
        return replace(standing, buried_until=_next_day(event.at, day_end))
    if event.rating is None:
        return standing
    memory = standing.memory or FsrsCard(card_id=1, due=event.at)
    lapse = event.rating == 1 and memory.state == State.Review
    memory, _ = scheduler().review_card(memory, Rating(event.rating), event.at)
    return replace(
        standing,
        memory=memory,
        reviews=standing.reviews + 1,
        lapses=standing.lapses + lapse,
        last_review=event.at,
        first_review=standing.first_review or event.at,
    )


def preview(standing: Standing, now: datetime) -> dict[int, datetime]:
    """When the card would next be due after each rating, 1 to 4 (shown while rating)."""
    memory = standing.memory or FsrsCard(card_id=1, due=now)
    return {
        rating: scheduler().review_card(memory, Rating(rating), now)[0].due for rating in RATINGS
    }


def carry_over(cards: list[Card], by_card: dict[str, list[Event]]) -> dict[str, str]:
    """New card id -> the old id whose history it takes: a card without history of its own,
    of the same form and note (any note for a definition), whose text is at least 80%
    like the text the old id was reviewed with; each old history goes to one card."""
    current = {card.id for card in cards}
    orphans: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for old, events in by_card.items():
        if old in current:
            continue
        last = events[-1]
        place = "" if last.kind in _DEFINITION_KINDS else last.note
        orphans[(last.kind, place)].append((old, last.anchor))
    if not orphans:
        return {}
    taken: set[str] = set()
    found: dict[str, str] = {}
    for card in cards:
        if card.id in by_card:
            continue
        place = "" if card.kind in _DEFINITION_KINDS else card.note
        best, score = "", SIMILAR
        for old, anchor in orphans.get((card.kind, place), []):
            if old in taken:
                continue
            ratio = SequenceMatcher(None, card.anchor, anchor).ratio()
            if ratio >= score:
                best, score = old, ratio
        if best:
            taken.add(best)
            found[card.id] = best
    return found


def _next_day(at: datetime, day_end: datetime) -> datetime:
    """The end of the user's day on which `at` falls (day_end is today's)."""
    days = (day_end - at).total_seconds() // 86400
    return day_end - timedelta(days=days) if days > 0 else day_end


def day_end(now: datetime) -> datetime:
    """Midnight after `now`, in the local time zone, as UTC."""
    local = now.astimezone()
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(UTC)
