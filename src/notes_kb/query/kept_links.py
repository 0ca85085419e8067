"""Links resolved once per change of the vault and kept in the cache (index/results), so
`show` and `links` read one note's edges instead of resolving every link of every note.

The graph handed out is a `LinkGraph` whose `outgoing` and `incoming` load a note's edges
the first time they are asked for, with the notes at their ends read from the cache.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from notes_kb.index import readback, results
from notes_kb.index.store import Index
from notes_kb.model import Note
from notes_kb.parse.links import Link
from notes_kb.query.linkgraph import Edge, LinkGraph


def kept_graph(index: Index, whole: Callable[[], LinkGraph]) -> LinkGraph:
    """The vault's link graph: read lazily from the kept edges when they are current, else
    `whole()` (every link resolved), which is then kept for the next run."""
    conn = index.conn
    at = results.generation(conn)
    kept = results.read_result(conn, "edges")
    if kept is not None and kept[0] == at:
        return _lazy(conn)
    graph = whole()
    rows = _rows(conn, graph)
    if rows is not None:
        index.keep(lambda c: results.replace_edges(c, at, rows))
    return graph


def _rows(conn: sqlite3.Connection, graph: LinkGraph) -> list[results.EdgeRow] | None:
    """Each edge as a row; None when the graph does not line up with the stored links
    (then nothing is kept and the next run resolves again)."""
    rowids = dict(conn.execute("SELECT path, rowid FROM notes"))
    links = results.link_rowids(conn)
    if not links.keys() <= graph.outgoing.keys():
        return None
    rows: list[results.EdgeRow] = []
    for path, edges in graph.outgoing.items():
        ids = links.get(path, [])
        if len(ids) != len(edges) or path not in rowids:
            return None
        for link, edge in zip(ids, edges, strict=True):
            target = rowids.get(edge.target.path) if edge.target is not None else None
            rows.append(
                (
                    link,
                    target,
                    None if edge.target_name == edge.link.left else edge.target_name,
                    None if edge.alias == edge.link.right else edge.alias,
                    edge.anchor,
                    edge.problem,
                )
            )
    return rows


def _lazy(conn: sqlite3.Connection) -> LinkGraph:
    notes: dict[str, Note] = {}

    def note(path: str) -> Note | None:
        if path not in notes:
            for found in readback.load_notes(conn, [path]):
                notes[found.path] = found
        return notes.get(path)

    def edge(source: Note, target: Note | None, row: tuple[Any, ...]) -> Edge:
        link = Link(*row[1:8])
        return Edge(source, link, target, row[8], row[9], row[10], row[11])

    def outgoing(path: str) -> list[Edge]:
        source = note(path)
        if source is None:
            return []
        rows = results.edges_from(conn, path)
        _preload(conn, notes, {row[0] for row in rows if row[0] is not None})
        return [edge(source, note(row[0]) if row[0] else None, row) for row in rows]

    def incoming(path: str) -> list[Edge]:
        target = note(path)
        if target is None:
            return []
        rows = results.edges_to(conn, path)
        _preload(conn, notes, {row[0] for row in rows})
        return [edge(found, target, row) for row in rows if (found := note(row[0]))]

    return LinkGraph([], outgoing=_Edges(outgoing), incoming=_Edges(incoming))


def _preload(conn: sqlite3.Connection, notes: dict[str, Note], paths: set[str]) -> None:
    """Read the notes at the ends of many edges in one pass, not one query each."""
    missing = paths - notes.keys()
    if missing:
        for found in readback.load_notes(conn, missing):
            notes[found.path] = found


class _Edges(dict[str, list[Edge]]):
    """A note's edges, loaded on first `get`."""

    def __init__(self, load: Callable[[str], list[Edge]]) -> None:
        super().__init__()
        self._load = load

    def get(self, path: str, default: Any = None) -> Any:
        if not super().__contains__(path):
            self[path] = self._load(path)
        return super().get(path, default)
