"""Dates a person types: ISO (`2025-10-24`) or plain English (`yesterday`, `last week`)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from notes_kb.errors import BadOptionError

_AGO = re.compile(r"^(\d+)\s*(day|week|month|year)s?\s+ago$")
_UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}


def parse_when(text: str, now: datetime | None = None) -> datetime:
    """A point in time in UTC; a bad value is a usage error naming the accepted forms."""
    now = now or datetime.now(tz=UTC)
    value = " ".join(text.strip().lower().split())
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    named = {
        "now": now,
        "today": today,
        "yesterday": today - timedelta(days=1),
        "last week": today - timedelta(days=7),
        "last month": today - timedelta(days=30),
        "last year": today - timedelta(days=365),
    }
    if value in named:
        return named[value]
    ago = _AGO.match(value)
    if ago:
        return today - timedelta(days=int(ago.group(1)) * _UNITS[ago.group(2)])
    try:
        parsed = datetime.fromisoformat(value.replace("z", "+00:00"))
    except ValueError:
        raise BadOptionError(
            f"cannot read the date {text!r}; use 2025-10-24, today, yesterday, last week, "
            "last month or '3 days ago'"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
