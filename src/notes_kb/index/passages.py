"""What a search hit shows: a short passage around the match, the file line it is on, and
where the matched words are in it. Reads the index's FTS5 table; no ranking here."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from notes_kb.parse.search_syntax import fold

_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"

HUGE_SECTION = 100_000  # characters: FTS5's snippet and highlight slow down past this


def find_passages(
    conn: sqlite3.Connection, rows: list[tuple[Any, ...]], match: str | None, words: list[str]
) -> dict[int, tuple[str, int, bool]]:
    """For each segment, in one query: a short passage around the match, the file line it is
    on, and whether the match is in the segment's own heading or text (not only in the
    note's title, tags or description). Huge sections are cut here instead: FTS5's
    highlight() never finished on a 10 MB section with two million matches."""
    where = {row[0]: row for row in rows}
    found: dict[int, tuple[str, int, bool]] = {}
    sizes = dict(
        conn.execute(
            f"SELECT rowid, length(body) FROM fts WHERE rowid IN ({','.join('?' * len(where))})",
            tuple(where),
        )
    )
    huge = [rowid for rowid, size in sizes.items() if size > HUGE_SECTION]
    for rowid in huge:
        body = conn.execute("SELECT body FROM fts WHERE rowid = ?", (rowid,)).fetchone()[0]
        found[rowid] = cut_passage(body, words, where[rowid][3])
    small = [rowid for rowid in where if rowid not in found]
    if not small:
        return found
    marks = ",".join("?" * len(small))
    if match is None:
        for rowid, body in conn.execute(
            f"SELECT rowid, body FROM fts WHERE rowid IN ({marks})", tuple(small)
        ):
            found[rowid] = (" ".join(body[:240].split()), where[rowid][3], True)
        return found
    for rowid, body_snippet, other_snippet, highlighted, heading in conn.execute(
        "SELECT rowid, snippet(fts, 4, ?, ?, '…', 20), snippet(fts, -1, ?, ?, '…', 20), "
        f"highlight(fts, 4, ?, ?), highlight(fts, 1, ?, ?) FROM fts "
        f"WHERE fts MATCH ? AND rowid IN ({marks})",
        (*(_MARK_OPEN, _MARK_CLOSE) * 4, match, *small),
    ):
        heading_line, body_line = where[rowid][2], where[rowid][3]
        at = highlighted.find(_MARK_OPEN)
        if at >= 0:
            line = body_line + highlighted.count("\n", 0, at)
            found[rowid] = (" ".join(body_snippet.split()), line, True)
        else:
            found[rowid] = (" ".join(other_snippet.split()), heading_line, _MARK_OPEN in heading)
    return found


def cut_passage(body: str, words: list[str], body_line: int) -> tuple[str, int, bool]:
    """The first place any query word (or a longer word it begins) appears, with marks."""
    stems = sorted({fold(w) for w in words if w.strip()}, key=len, reverse=True)
    if not stems:
        return " ".join(body[:240].split()), body_line, True
    finder = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in stems) + r")\w*", re.I)
    found = finder.search(body)
    if found is None:
        return " ".join(body[:240].split()), body_line, True
    start, end = max(0, found.start() - 100), min(len(body), found.end() + 140)
    window = finder.sub(lambda m: _MARK_OPEN + m.group() + _MARK_CLOSE, body[start:end])
    passage = ("…" if start else "") + " ".join(window.split()) + ("…" if end < len(body) else "")
    return passage, body_line + body.count("\n", 0, found.start()), True


def strip_marks(snippet: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    out: list[str] = []
    marks: list[tuple[int, int]] = []
    size = 0
    start = 0
    for part in re.split(f"({_MARK_OPEN}|{_MARK_CLOSE})", snippet):
        if part == _MARK_OPEN:
            start = size
        elif part == _MARK_CLOSE:
            marks.append((start, size))
        else:
            out.append(part)
            size += len(part)
    return "".join(out), tuple(marks)
