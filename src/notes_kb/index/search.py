"""A query -> ranked hits with snippets, over the index's FTS5 tables.

Words are ANDed; `"a phrase"`, `OR`, `-word` and `prefix*` work as in a search engine, and
any text is safe (every word is quoted for FTS5, so nothing is an SQLite error). The index
stores Porter stems, so a prefix is expanded against the unstemmed vocabulary first
(`tokeniz*` -> tokenization, tokenizer, ...). Text without spaces (Chinese, Japanese) is
found as a substring. A word found nowhere is corrected against the vocabulary.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from notes_kb.errors import BadOptionError
from notes_kb.index import schema
from notes_kb.index.passages import find_passages, strip_marks
from notes_kb.parse.inline import LINK_OPEN, resolve_links
from notes_kb.parse.keys import concept_key, definition_rank
from notes_kb.parse.search_syntax import Term, fold, parse_query

BM25_WEIGHTS = (10.0, 6.0, 4.0, 3.0, 1.0)  # title, heading, tags, desc, body
HITS_PER_NOTE = 3
Row = tuple[Any, ...]  # a segment row as _segments selects it


class Hit(NamedTuple):
    note: str  # id
    title: str
    path: str
    fname: str
    score: float
    line: int
    section: str
    snippet: str  # plain text
    highlights: tuple[tuple[int, int], ...]  # (start, end) of matched words in the snippet


@dataclass
class Results:
    query: str
    shown_query: str  # after typo correction
    corrections: dict[str, str] = field(default_factory=dict)
    definition: tuple[str, str, str, int] | None = None  # term, text, path, line
    hits: list[Hit] = field(default_factory=list)


def search(
    conn: sqlite3.Connection,
    query: str,
    tag: str | None = None,
    under: str | None = None,
    limit: int = 20,
) -> Results:
    """Ranked hits for a query, the defining note first, with typo correction."""
    if limit < 1:
        raise BadOptionError("--limit must be at least 1")
    terms = parse_query(query)
    results = Results(query=query, shown_query=query)
    if not any(not t.negated for t in terms):
        return results
    terms = _correct(conn, terms, results)
    plan = _expression(conn, terms)
    match, substrings = plan.match, plan.substrings
    if plan.impossible or (match is None and not substrings):
        return results
    filters, params = _filters(tag, under)
    for prefix in plan.prefixes:
        # `+` keeps SQLite from pushing the list into FTS5, which would then run the whole
        # MATCH once per listed row: 15 s instead of 15 ms on 10,000 notes
        filters.append("+f.rowid IN (SELECT rowid FROM words WHERE words MATCH ?)")
        params.append(prefix)
    for table, clause in plan.excluded:  # `-word` leaves out every note with the word anywhere
        filters.append(
            f"n.rowid NOT IN (SELECT s2.note FROM {table} AS x JOIN segments AS s2 "
            f"ON s2.rowid = x.rowid WHERE x.{table} MATCH ?)"
        )
        params.append(clause)
    defining = _definition(conn, terms, results)
    rows = _segments(conn, match, substrings, filters, params, max(200, limit * 20))
    words = [t.text for t in terms if not t.negated] + plan.expansions
    results.hits = _group(conn, rows, match, limit, defining, words)
    return results


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _expand_prefix(conn: sqlite3.Connection, prefix: str) -> list[str]:
    """Whole words starting with the prefix, most common first: the stems can't be trusted
    with a prefix (`tokeniz` is not a prefix of the stem `token`)."""
    start = fold(prefix)
    rows = conn.execute(
        "SELECT term FROM words_vocab WHERE term >= ? AND term < ? ORDER BY doc DESC LIMIT 40",
        (start, start + "\U0010ffff"),
    ).fetchall()
    return [row[0] for row in rows]


class _Plan:
    """What to ask SQLite: a MATCH to rank by, plus conditions it cannot express."""

    def __init__(self) -> None:
        self.match: str | None = None
        self.substrings: list[str] = []
        self.excluded: list[tuple[str, str]] = []  # (fts table, expression)
        self.prefixes: list[str] = []  # must match the unstemmed words
        self.impossible = False  # a required term matches no word at all
        self.expansions: list[str] = []  # whole words a prefix stood for


def _prefix_expression(text: str) -> str | None:
    """`tokeniz*` as FTS5 sees a prefix; `0:0*` is two tokens, and the unstemmed table
    (detail=none) has no phrases: whole tokens ANDed, the last one as the prefix."""
    parts = [part for part in re.split(r"[^\w]+", fold(text)) if part]
    if not parts:
        return None
    return " AND ".join([*(_fts_string(p) for p in parts[:-1]), _fts_string(parts[-1]) + "*"])


def _expression(conn: sqlite3.Connection, terms: list[Term]) -> _Plan:
    """Turn terms into a plan. A prefix ranks through its whole-word expansions but must
    match as a prefix of an unstemmed word: `tokeniz*` finds tokenizer, never plain token."""
    plan = _Plan()
    positive: list[str] = []
    group: list[str] = []  # terms joined by OR so far
    group_open = False
    for term in terms:
        if term.kind == "substring":
            if not term.negated:
                plan.substrings.append(term.text)
            continue
        clause: str | None = _fts_string(term.text)
        if term.kind == "prefix":
            parts = [part for part in re.split(r"[^\w]+", fold(term.text)) if part]
            words = _expand_prefix(conn, parts[-1]) if parts else []  # the last token only
            plan.expansions += [*parts[:-1], *words]
            exact = _prefix_expression(term.text)
            if exact is None:  # nothing word-like: the term asks for nothing
                if not term.negated:
                    plan.impossible = True
                continue
            if term.negated:
                plan.excluded.append(("words", exact))
                continue
            clause = "(" + " OR ".join(_fts_string(w) for w in words) + ")" if words else None
            if clause is not None and len(parts) > 1:  # `retrieval-aug*`: whole words, then it
                clause = "(" + " AND ".join([*map(_fts_string, parts[:-1]), clause]) + ")"
            if clause is not None and not group_open and not term.or_next:
                plan.prefixes.append(exact)
        elif term.negated:
            plan.excluded.append(("fts", clause or ""))
            continue
        if clause is not None:
            group.append(clause)
        group_open = term.or_next
        if not term.or_next:
            if not group:
                plan.impossible = True  # every alternative matches no word
            elif len(group) == 1:
                positive.append(group[0])
            else:
                positive.append("(" + " OR ".join(group) + ")")
            group = []
    if group:
        positive.append("(" + " OR ".join(group) + ")")
    plan.match = " AND ".join(positive) if positive else None
    return plan


def _correct(conn: sqlite3.Connection, terms: list[Term], results: Results) -> list[Term]:
    """A word found nowhere is replaced by the closest word of the vault, if one is close."""
    corrected: list[Term] = []
    vocabulary: list[tuple[str, int]] | None = None  # the whole vocabulary: a scan of the index
    for term in terms:
        if (
            term.kind != "word"
            or term.negated
            or " " in term.text  # a word split by a control character is not a typo
            or _count(conn, _fts_string(term.text))
        ):
            corrected.append(term)
            continue
        word = fold(term.text)
        # most typos keep the first letter: the words under it first (a range of the index,
        # not all of it: 52 of a typo'd query's 70 ms at 10,000 notes went to the scan)
        better = _closest(word, _words_from(conn, word[:1])) if word else None
        if better is None:
            if vocabulary is None:
                vocabulary = conn.execute(
                    "SELECT term, doc FROM words_vocab WHERE length(term) > 2"
                ).fetchall()
            better = _closest(word, vocabulary)
        if better:
            results.corrections[term.text] = better
            corrected.append(Term(better, "word", False, term.or_next))
        else:
            corrected.append(term)
    if results.corrections:
        shown = results.query
        for wrong, right in results.corrections.items():
            shown = re.sub(rf"(?<!\w){re.escape(wrong)}(?!\w)", right, shown)
        results.shown_query = shown
    return corrected


def _words_from(conn: sqlite3.Connection, first: str) -> list[tuple[str, int]]:
    """The vocabulary's words of three letters or more that open with `first`."""
    rows: list[tuple[str, int]] = conn.execute(
        "SELECT term, doc FROM words_vocab WHERE term >= ? AND term < ? AND length(term) > 2",
        (first, chr(ord(first) + 1)),
    ).fetchall()
    return rows


def _closest(word: str, vocabulary: list[tuple[str, int]]) -> str | None:
    from rapidfuzz import fuzz, process  # only a query with a typo pays for loading it

    if len(word) < 3:
        return None
    choices = {term: doc for term, doc in vocabulary if abs(len(term) - len(word)) <= 2}
    found = process.extract(word, list(choices), scorer=fuzz.ratio, limit=5, score_cutoff=80)
    if not found:
        return None
    best = max(found, key=lambda item: (item[1], choices[item[0]]))  # closest, then commonest
    return best[0]


def _count(conn: sqlite3.Connection, expression: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1)", (expression,)
    ).fetchone()
    return int(row[0])


def _filters(tag: str | None, under: str | None) -> tuple[list[str], list[str]]:
    filters: list[str] = []
    params: list[str] = []
    if tag:
        tag = tag.lstrip("#").casefold()
        filters.append(
            "EXISTS (SELECT 1 FROM json_each(n.tags) WHERE lower(value) = ? "
            "OR lower(value) LIKE ? ESCAPE '\\' OR lower(value) LIKE ? ESCAPE '\\')"
        )
        params += [tag, _like_escape(tag) + ".%", _like_escape(tag) + "/%"]  # a.b, a/b
    if under:
        pattern = under.casefold()
        if pattern.endswith(".*"):
            pattern = pattern[:-2]
        if any(ch in pattern for ch in "*?["):
            filters.append("lower(n.fname) GLOB ?")
            params.append(pattern)
        else:
            filters.append("(lower(n.fname) = ? OR lower(n.fname) LIKE ? ESCAPE '\\')")
            params += [pattern, _like_escape(pattern) + ".%"]
    return filters, params


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _definition(conn: sqlite3.Connection, terms: list[Term], results: Results) -> set[str]:
    """When the query names a defined term, its best definition, and the defining notes."""
    words = [t.text for t in terms if not t.negated and t.kind in ("word", "phrase")]
    if not words or len(terms) != len(words):
        return set()
    key = concept_key(" ".join(words))
    keys = {key}
    for short, long in conn.execute(
        "SELECT short_key, long_key FROM aliases WHERE short_key = ? OR long_key = ?", (key, key)
    ):
        keys |= {short, long}
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT d.term, d.note, {schema.kind_sql('d.kind')}, n.path, d.line, n.id, "
        "n.title_key, n.name_key, d.part "
        f"FROM definitions d JOIN notes n ON n.rowid = d.note WHERE d.key IN ({marks})",
        tuple(keys),
    ).fetchall()
    if not rows:
        return set()

    def rank(row: Row) -> tuple[float, str, int]:
        about = row[6] in keys or row[7] in keys  # the note is about this term
        return (definition_rank(row[2], about, row[3]), row[3], row[4])

    rows.sort(key=rank)
    (text,) = conn.execute(  # only the best one's text: from its note's blob (index/texts)
        "SELECT note_part(data, ?) FROM texts WHERE note = ?",
        (rows[0][8], rows[0][1]),
    ).fetchone()
    if LINK_OPEN in text:
        titles = dict(conn.execute("SELECT lower(fname), title FROM notes"))
        text = resolve_links(text, titles)
    results.definition = (rows[0][0], text, rows[0][3], rows[0][4])
    return {row[5] for row in rows}


def _segments(
    conn: sqlite3.Connection,
    match: str | None,
    substrings: list[str],
    filters: list[str],
    params: list[str],
    limit: int,
) -> list[Row]:
    columns = "s.line, s.body_line, n.id, n.title, n.path, n.fname, s.heading"
    joins = "JOIN segments s ON s.rowid = f.rowid JOIN notes n ON n.rowid = s.note"
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    if match is not None and not substrings and not filters:
        # rank inside FTS5 first, then join only the best rows: most of a warm search's time
        return conn.execute(
            f"SELECT f.rowid, f.score, {columns} FROM (SELECT rowid, "
            f"bm25(fts, {weights}) AS score FROM fts WHERE fts MATCH ? ORDER BY score "
            f"LIMIT ?) AS f {joins} ORDER BY f.score",
            (match, limit),
        ).fetchall()
    # conditions and their values are built side by side: the order of the `?` is the order
    # of the values (a filter's value once landed in a substring's place: the fuzzer found it)
    where: list[str] = []
    values: list[object] = []
    if match is not None:
        where.append("f.fts MATCH ?")
        values.append(match)
        score = f"bm25(fts, {weights})"
    else:
        score = "0.0"
    for text in substrings:
        where.append("(instr(f.body, ?) > 0 OR instr(f.title, ?) > 0 OR instr(f.heading, ?) > 0)")
        values += [text, text, text]
    where += filters
    values += params
    return conn.execute(
        f"SELECT f.rowid, {score} AS score, {columns} FROM fts AS f {joins} "
        f"WHERE {' AND '.join(where)} ORDER BY score LIMIT ?",
        (*values, limit),
    ).fetchall()


def _group(
    conn: sqlite3.Connection,
    rows: list[Row],
    match: str | None,
    limit: int,
    defining: set[str],
    words: list[str],
) -> list[Hit]:
    """Notes best first (defining notes before all), each with its best passages.

    Every segment carries its note's title so that words can match across a note; a
    segment that matched only through that title is shown only when nothing else did.
    """
    by_note: dict[str, list[Row]] = {}
    for row in rows:
        by_note.setdefault(row[4], []).append(row)
    order = sorted(by_note, key=lambda note: (note not in defining, by_note[note][0][1]))[:limit]
    passages = find_passages(conn, [row for note in order for row in by_note[note]], match, words)
    hits: list[Hit] = []
    for note in order:
        found = [(row, *passages[row[0]]) for row in by_note[note]]
        own = [p for p in found if p[3]] or found[:1]
        for row, snippet, line, _ in own[:HITS_PER_NOTE]:
            text, marks = strip_marks(snippet)
            hits.append(
                Hit(
                    note=row[4],
                    title=row[5],
                    path=row[6],
                    fname=row[7],
                    score=round(-row[1], 4),
                    line=line,
                    section=row[8] or "",
                    snippet=text,
                    highlights=marks,
                )
            )
    return hits
