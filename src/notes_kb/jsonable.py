"""YAML values made JSON values: the one rule, used by the cache and by every `--json`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def jsonable(value: Any, depth: int = 0) -> Any:
    """YAML values -> JSON values: string keys, ISO times, no NaN, bounded depth."""
    if depth > 50:
        return None
    if isinstance(value, dict):
        return {_key(k): jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v, depth + 1) for v in value]
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json_default(value)


def _key(key: Any) -> str:
    return (
        key if isinstance(key, str) else str(json_default(key) if not isinstance(key, int) else key)
    )


def json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)
