"""What `notes study --stats` reports: reviews per day, retention, cards by state and the
load of the days ahead, all from the log and the cards of the scope."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from notes_kb.review.log import Event
from notes_kb.review.study import Study

STATES = ("new", "learning", "review", "relearning", "suspended", "open")


@dataclass(frozen=True)
class Stats:
    """Counts over the scope's cards; days are the user's local calendar days."""

    cards: int
    by_state: dict[str, int]
    reviews: int  # every review ever logged for these cards
    reviews_by_day: list[tuple[date, int]]  # the last `days` days, oldest first
    retention: float | None  # share of reviews of learnt cards not rated Again, last 30 days
    retention_reviews: int  # how many reviews that share is taken over
    due_by_day: list[tuple[date, int]]  # today (overdue included) and the days after
    minutes: float  # time spent answering, in all


def study_stats(study: Study, days: int = 14) -> Stats:
    """The scope's statistics; the log's reviews of cards outside the scope are not counted."""
    now = study.now
    today = now.astimezone().date()
    ids = {s.card.id for s in study.cards}
    events = [e for e in study.events if e.card in ids and e.action == "review"]
    by_state = Counter("open" if s.card.open else s.state for s in study.cards)
    per_day = Counter(e.at.astimezone().date() for e in events)
    recent = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
    kept, total = _retention(events, now - timedelta(days=30))
    due: Counter[date] = Counter()
    for standing in study.cards:
        if standing.due is None or standing.suspended or standing.card.open:
            continue
        day = max(standing.due.astimezone().date(), today)
        due[day] += 1
    ahead = [today + timedelta(days=n) for n in range(days)]
    return Stats(
        cards=len(study.cards),
        by_state={state: by_state.get(state, 0) for state in STATES},
        reviews=len(events),
        reviews_by_day=[(day, per_day.get(day, 0)) for day in recent],
        retention=kept / total if total else None,
        retention_reviews=total,
        due_by_day=[(day, due.get(day, 0)) for day in ahead],
        minutes=sum(e.ms or 0 for e in events) / 60000,
    )


def _retention(events: list[Event], since: datetime) -> tuple[int, int]:
    """Reviews of cards already learnt (their earlier review at least a day before), and
    how many of those were not Again: the true retention Anki reports."""
    last_seen: dict[str, datetime] = {}
    kept = total = 0
    for event in sorted(events, key=lambda e: e.at):
        previous = last_seen.get(event.card)
        last_seen[event.card] = event.at
        if previous is None or event.at < since or event.at - previous < timedelta(hours=20):
            continue
        total += 1
        kept += (event.rating or 0) > 1
    return kept, total
