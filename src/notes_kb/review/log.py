"""The review log: one JSON object a line, appended, never rewritten.

Each line is written with a single `os.write` on a descriptor opened with `O_APPEND`, so a
line lands whole and two sessions appending at once never lose or interleave a review. A
line that does not read (cut short, edited by hand) is reported and skipped; the rest is kept.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from notes_kb.config import setting
from notes_kb.errors import NotesError
from notes_kb.model import Diagnostic

LOG_VERSION = 1
ACTIONS = ("review", "suspend", "unsuspend", "bury")
USER_DATA = "user-data"  # the review_log setting naming the user's data folder


@dataclass(frozen=True)
class Event:
    """One line of the log: a rating given to a card, or a card suspended, woken or buried."""

    at: datetime
    card: str
    action: str
    note: str = ""
    kind: str = ""
    anchor: str = ""  # the card's text when it was seen: edits carry history over by it
    rating: int | None = None  # 1 again, 2 hard, 3 good, 4 easy
    ms: int | None = None  # time taken to answer

    def to_json(self) -> str:
        data: dict[str, object] = {
            "v": LOG_VERSION,
            "at": self.at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "card": self.card,
            "action": self.action,
            "note": self.note,
            "kind": self.kind,
            "anchor": self.anchor,
        }
        if self.rating is not None:
            data["rating"] = self.rating
        if self.ms is not None:
            data["ms"] = self.ms
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def log_path(root: Path) -> Path:
    """Where the vault at `root` keeps its reviews: the `review_log` setting (a path, relative
    to the vault; or `user-data` for the user's data folder), else `.notes-kb/reviews.jsonl`
    in the vault, so the history travels with the notes."""
    value = str(setting("review_log", root).value)
    if value == USER_DATA:
        import platformdirs

        name = hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:12]
        folder = platformdirs.user_data_path("notes-kb", appauthor=False) / "reviews"
        return folder / f"{root.name}-{name}.jsonl"
    return root / Path(value).expanduser()


def append(path: Path, event: Event) -> None:
    """Add one event as one line, atomically: a single write on an O_APPEND descriptor."""
    line = (event.to_json() + "\n").encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            if _ends_unfinished(fd):  # a line cut short by a crash: never glue ours onto it
                line = b"\n" + line
            os.write(fd, line)
        finally:
            os.close(fd)
    except OSError as error:
        raise NotesError(
            f"cannot write the review log {path}: {error.strerror or error}",
            "set review_log in notes.toml (or NOTES_REVIEW_LOG) to a writable place",
        ) from None


def _ends_unfinished(fd: int) -> bool:
    size = os.fstat(fd).st_size
    return size > 0 and os.pread(fd, 1, size - 1) != b"\n"


def read_log(path: Path) -> tuple[list[Event], list[Diagnostic]]:
    """Every event of the log in file order; each damaged line becomes a warning naming it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], []
    events: list[Event] = []
    problems: list[Diagnostic] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            events.append(_event(json.loads(raw.decode("utf-8"))))
        except (ValueError, TypeError, KeyError) as error:
            reason = str(error).split("\n", 1)[0][:80]
            problems.append(
                Diagnostic(str(path), number, "warning", "review-log", f"line skipped: {reason}")
            )
    return events, problems


def _event(data: object) -> Event:
    if not isinstance(data, dict):
        raise TypeError("not a JSON object")
    action = data["action"]
    if action not in ACTIONS or not isinstance(data["card"], str):
        raise ValueError(f"unknown action {action!r}")
    at = datetime.fromisoformat(str(data["at"]).replace("Z", "+00:00"))
    if at.tzinfo is None:
        raise ValueError("a time without a time zone")
    rating = data.get("rating")
    if action == "review" and (not isinstance(rating, int) or not 1 <= rating <= 4):
        raise ValueError(f"rating {rating!r} is not 1 to 4")
    ms = data.get("ms")
    return Event(
        at=at.astimezone(UTC),
        card=data["card"],
        action=action,
        note=str(data.get("note", "")),
        kind=str(data.get("kind", "")),
        anchor=str(data.get("anchor", "")),
        rating=rating if action == "review" else None,
        ms=ms if isinstance(ms, int) else None,
    )
