"""Views of `notes study` and `notes export`: a card's two sides, the session's prompts and
summary, the card list, the statistics with their small chart, and their JSON. Card text is
note text: it is drawn as Markdown (never Rich markup) after `clean()`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from notes_kb.cli.output import clean, plural
from notes_kb.jsonable import iso

if TYPE_CHECKING:
    from rich.console import RenderableType

    from notes_kb.review.anki import Export
    from notes_kb.review.schedule import Standing
    from notes_kb.review.stats import Stats
    from notes_kb.review.study import Session

KEYS = "1 again · 2 hard · 3 good · 4 easy · s suspend · b bury · q quit"


def _markdown(text: str) -> RenderableType:
    from rich.markdown import Markdown

    return Markdown(clean(text), hyperlinks=False)


def card_front(standing: Standing, session: Session) -> list[RenderableType]:
    """The progress line, where the card comes from, and its question."""
    from rich.rule import Rule
    from rich.text import Text

    due, new, left = session.counts()
    card = standing.card
    head = Text(f"{due} due · {new} new · {left} left", style="bold")
    head.append(f"   {clean(card.path)}:{card.line}", style="dim")
    parts: list[RenderableType] = [Rule(style="dim"), head]
    if card.context:
        parts.append(Text(clean(card.context), style="cyan"))
    parts.append(_markdown(card.front))
    return parts


def card_back(standing: Standing) -> list[RenderableType]:
    from rich.text import Text

    return [Text("Answer", style="bold green"), _markdown(standing.card.back)]


def rate_prompt(previews: dict[int, datetime], now: datetime) -> str:
    """`1 again (1m) · 2 hard (6m) · 3 good (10m) · 4 easy (8d)`: when each rating brings
    the card back."""
    names = {1: "again", 2: "hard", 3: "good", 4: "easy"}
    choices = " · ".join(
        f"{rating} {name} ({span(previews[rating] - now)})" for rating, name in names.items()
    )
    return f"{choices} · s suspend · b bury · q quit > "


def span(delta: Any) -> str:
    """A time ahead in the unit that reads best: 10m, 3h, 4d, 2mo, 1.5y."""
    seconds = max(0.0, delta.total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 31:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30.4:.0f}mo"
    return f"{days / 365:.1f}y"


def nothing_to_study(next_due: datetime | None, now: datetime) -> str:
    """`Nothing to study now · next due in 3d (2026-12-09 10:00)`."""
    if next_due is None:
        return "Nothing to study: no cards in these notes (see `notes study --open`)"
    when = next_due.astimezone().strftime("%Y-%m-%d %H:%M")
    return f"Nothing to study now · next due in {span(next_due - now)} ({when})"


def summary(session: Session, next_due: datetime | None, now: datetime) -> str:
    """`Reviewed 4 cards · 75% correct · next due in 10m (2026-12-06 04:05)`."""
    parts = [f"Reviewed {plural(session.reviewed, 'card')}"]
    if session.reviewed:
        parts.append(f"{round(100 * session.correct / session.reviewed)}% correct")
    if next_due is not None:
        when = next_due.astimezone().strftime("%Y-%m-%d %H:%M")
        ahead = "now" if next_due <= now else f"in {span(next_due - now)}"
        parts.append(f"next due {ahead} ({when})")
    else:
        parts.append("nothing scheduled")
    return " · ".join(parts)


def card_json(standing: Standing) -> dict[str, Any]:
    """One card and where it stands: the contract of `--list --json` and friends."""
    card = standing.card
    return {
        "id": card.id,
        "kind": card.kind,
        "state": "open" if card.open else standing.state,
        "due": iso(standing.due),
        "reviews": standing.reviews,
        "lapses": standing.lapses,
        "last_review": iso(standing.last_review),
        "front": card.front,
        "back": card.back,
        "context": card.context,
        "note": card.note,
        "path": card.path,
        "line": card.line,
        "tags": list(card.tags),
    }


def card_table(standings: list[Standing], empty: str) -> list[RenderableType]:
    """One row a card: id, state, when due, form, question and where it is written."""
    from rich.table import Table
    from rich.text import Text

    if not standings:
        return [Text(empty, style="dim")]
    table = Table(box=None, header_style="bold", pad_edge=False, expand=True)
    table.add_column("Id", no_wrap=True)
    table.add_column("State", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("Card", overflow="fold", ratio=1)
    for standing in standings:
        card = standing.card
        question = _plain(card.front)
        text = Text(question if len(question) <= 160 else question[:159] + "…")
        text.append(f"\n{clean(card.path)}:{card.line} · {card.kind}", style="dim")
        state = "open" if card.open else standing.state
        table.add_row(card.id[:8], state, _day(standing.due), text)
    return [table, Text(plural(len(standings), "card"), style="dim")]


def card_rows(standings: list[Standing]) -> list[tuple[str, ...]]:
    """Piped: id, state, due, kind, question, path:line."""
    return [
        (
            s.card.id,
            "open" if s.card.open else s.state,
            iso(s.due) or "",
            s.card.kind,
            _plain(s.card.front),
            f"{s.card.path}:{s.card.line}",
        )
        for s in standings
    ]


def _plain(markdown: str) -> str:
    """A card side on one line, as a reader sees it: no `**`, no link brackets."""
    from notes_kb.parse.inline import inline_plain

    return clean(inline_plain(markdown))


def _day(when: datetime | None) -> str:
    if when is None:
        return "new"
    if when <= datetime.now(UTC):
        return "now"
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def stats_json(stats: Stats) -> dict[str, Any]:
    return {
        "cards": stats.cards,
        "states": stats.by_state,
        "reviews": stats.reviews,
        "minutes": round(stats.minutes, 1),
        "retention": None if stats.retention is None else round(stats.retention, 4),
        "retention_reviews": stats.retention_reviews,
        "reviews_by_day": [{"day": d.isoformat(), "reviews": n} for d, n in stats.reviews_by_day],
        "due_by_day": [{"day": d.isoformat(), "cards": n} for d, n in stats.due_by_day],
    }


def stats_view(stats: Stats) -> list[RenderableType]:
    """Cards by state, reviews and retention, then two bar charts: the reviews of the last
    days and the cards falling due in the days ahead."""
    from rich.text import Text

    states = " · ".join(f"{n} {state}" for state, n in stats.by_state.items() if n)
    retention = (
        f"{100 * stats.retention:.0f}% retention over {plural(stats.retention_reviews, 'review')}"
        if stats.retention is not None
        else "retention: no reviews of learnt cards yet"
    )
    lines = [
        Text(f"{plural(stats.cards, 'card')}: {states or 'none'}", style="bold"),
        Text(f"{plural(stats.reviews, 'review')} ({stats.minutes:.0f} min) · {retention}"),
        Text("\nReviews, last days", style="bold"),
        *_bars([(d.strftime("%a %m-%d"), n) for d, n in stats.reviews_by_day]),
        Text("\nDue, days ahead (overdue counted today)", style="bold"),
        *_bars([(d.strftime("%a %m-%d"), n) for d, n in stats.due_by_day]),
    ]
    return lines


def _bars(rows: list[tuple[str, int]], width: int = 40) -> list[RenderableType]:
    from rich.text import Text

    top = max((n for _, n in rows), default=0) or 1
    found: list[RenderableType] = []
    for label, count in rows:
        line = Text(f"{label}  ")
        line.append("█" * max(1 if count else 0, round(width * count / top)), style="cyan")
        line.append(f" {count}" if count else "·", style="dim")
        found.append(line)
    return found


def export_json(result: Export) -> dict[str, Any]:
    return {
        "path": str(result.path),
        "deck": result.deck,
        "deck_id": result.deck_id,
        "cards": result.cards,
        "kinds": result.kinds,
    }


def export_view(result: Export) -> list[RenderableType]:
    from rich.text import Text

    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result.kinds.items()))
    line = Text(f"Wrote {plural(result.cards, 'card')} to {clean(str(result.path))}")
    line.append(f" (deck {clean(result.deck)}: {kinds or 'empty'})", style="dim")
    return [line]
