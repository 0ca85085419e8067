"""What `glossary`, `define` and `concepts` answer: one library call each, from the cache.

The glossary and the concept index's mentions are computed from the whole vault once per
change of it and kept in the cache (index/results): a warm command reads a few rows. After
an edit only the changed notes are read again for mentions, unless the set of concept names
itself changed. When the cache cannot keep them (read-only), they are computed in memory.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from notes_kb.collector import paused
from notes_kb.digests import sha256
from notes_kb.errors import TermNotFoundError
from notes_kb.index import readback, results
from notes_kb.index.kept_output import inflated
from notes_kb.index.store import Index
from notes_kb.model import Note
from notes_kb.parse.keys import concept_key
from notes_kb.query import kept_glossary
from notes_kb.query.concepts import (
    Concept,
    Mention,
    build_index,
    closest,
    concept_table,
    find_concept,
    mentions_in,
    ranked,
)
from notes_kb.query.expansions import Expansion, expansion_of
from notes_kb.query.glossary import Entry, filter_prefix, find_entry, merge, suggest_terms
from notes_kb.query.joins import FUNCTION_WORDS
from notes_kb.query.resolve import suggest


@dataclass(frozen=True)
class TermReport:
    """Everything known about one term: its entry and where the vault mentions it."""

    entry: Entry
    concept: Concept


def entries_of(index: Index) -> list[Entry]:
    """The glossary: kept in the cache, merged anew from the stored definitions after a
    change (or when what is kept does not read back: it is kept again)."""
    conn = index.conn
    if results.glossary_kept(conn):
        try:
            with paused():  # 40,000 entries at 10,000 notes: 25 ms of collections otherwise
                chunks = results.glossary_chunks(conn)
                return list(kept_glossary.entries_from(chunks, results.note_names(conn)))
        except (ValueError, KeyError, TypeError):
            pass  # damaged: made again, and kept in its place
    return _merged(index)


def _merged(index: Index) -> list[Entry]:
    """The glossary merged from the stored definitions, and kept (best effort)."""
    conn = index.conn
    at = results.generation(conn)
    definitions, aliases = readback.extracted(conn)
    entries = merge(definitions, aliases, readback.load_notes(conn, text=False))
    rowids = results.note_rowids(conn)
    if all(d.path in rowids for entry in entries for d in entry.definitions):
        try:
            rows = kept_glossary.kept_entries(entries, rowids)
        except ValueError:  # a score JSON cannot say (NaN): --json fails as it would
            return entries
        index.keep(lambda c: results.write_glossary(c, at, rows))
    return entries


def glossary_json(index: Index) -> bytes:
    """The whole glossary as `glossary --json` prints it to a pipe (compact, before control
    characters are escaped: cli/serialize), in UTF-8 (lone surrogates passed through), made
    from the entries merged anew and kept (query/printed_glossary reads it back from the
    kept glossary; when that fails, it is made again here)."""
    with paused():  # the dictionaries of every entry: nothing in them to free
        dicts = [kept_glossary.entry_dict(e) for e in _merged(index)]
    return kept_glossary.compact(dicts).encode("utf-8", "surrogatepass")


def entry_named(index: Index, term: str) -> Entry | None:
    """`find_entry` over the kept glossary: only the entry a name's key finds is read; the
    whole glossary only when it is stale or for the spelled-out pass (`KV cache`)."""
    conn = index.conn
    key = concept_key(term)
    if key and results.glossary_kept(conn):
        try:
            found = results.glossary_entry(conn, key)
            if found is not None:
                chunk, n = found
                notes = results.note_names(conn, chunk[2])
                return list(kept_glossary.entries_from([chunk], notes))[n]
        except (ValueError, KeyError, TypeError, IndexError):
            pass  # damaged: the whole glossary is made again below
    return find_entry(entries_of(index), term)


def glossary(index: Index, prefix: str | None = None) -> list[Entry]:
    """All terms A to Z, or those with a name starting with `prefix`."""
    return filter_prefix(entries_of(index), prefix)


def define(index: Index, term: str) -> TermReport:
    """Every definition of one term and its mentions (without their text: only `concepts`
    prints it); a fuzzy hint when it is unknown."""
    entry = entry_named(index, term)
    if entry is None:
        raise _unknown(index, term)
    return _report(index, entry)


def look_up(index: Index, term: str) -> TermReport | Expansion:
    """What `notes define` answers: `define`'s report; or, for a term no note defines but
    one writes as an acronym with its expansion ("Neural Architecture Search (NAS)"), where
    each such pair is written, read by the term's key through the indexes on the cache's
    pairs. Unknown either way: `define`'s error."""
    entry = entry_named(index, term)
    if entry is not None:
        return _report(index, entry)
    key = concept_key(term)
    found = expansion_of(term, readback.pairs_named(index.conn, key)) if key else None
    if found is None:
        raise _unknown(index, term)
    return found


def _unknown(index: Index, term: str) -> TermNotFoundError:
    """The error for a term no note defines: close terms, and the first places the notes
    say it as a phrase (a search for it, which shows them in context)."""
    from notes_kb.index.search import search

    phrase = term.replace('"', " ").strip()
    first: dict[str, str] = {}  # each note once, at its best passage
    if phrase.casefold() not in FUNCTION_WORDS:  # ("and" is said everywhere, and says nothing)
        for hit in search(index.conn, f'"{phrase}"', limit=20).hits:
            first.setdefault(hit.path, f"{hit.path}:{hit.line}")
    named = readback.paths_named(index.conn, concept_key(term))
    suggested = suggest_terms(entries_of(index), term)
    return TermNotFoundError(term, suggested, list(first.values()), named)


def _report(index: Index, entry: Entry) -> TermReport:
    concept = _concept(index, entry.term, text=False)
    if concept is None:  # a generic word defined on purpose: in the glossary, not the index
        concept = Concept(entry.term, entry.key, entry.names, True)
    return TermReport(entry, concept)


def concepts(index: Index, term: str | None = None) -> list[Concept]:
    """The concept index sorted by mentions, or the one concept named by `term`."""
    if term is None:
        return _concepts(index, None, None)
    concept = _concept(index, term)
    if concept is None:
        found = _concepts(index, None, None)
        names = list(dict.fromkeys(name for c in found for name in c.names))
        terms = {name: c.term for c in found for name in c.names}
        hints = list(dict.fromkeys(terms[n] for n in suggest(term, names, limit=6, cutoff=70)))
        key = concept_key(term)
        raise TermNotFoundError(term, hints[:3], named=readback.paths_named(index.conn, key))
    return [concept]


def note_names(index: Index, note: Note) -> list[str]:
    """What a note goes by in prose: its title, its last file-name segment in words, and the
    names of the glossary term it is about. Unlinked mentions are searched for these."""
    names = [note.title, note.segments[-1].replace("-", " ")]
    entry = find_entry(entries_of(index), note.title)
    if entry is not None:
        names += list(entry.names)
    return names


def _concepts(
    index: Index, entries: list[Entry] | None, term: str | None, text: bool = True
) -> list[Concept]:
    """The ranked concept index with counts; `term`'s concept also with its mentions and
    related concepts. `entries`: the glossary, when the caller has it already; without
    `text`, mentions read from the cache come without their line (`Mention.text` "")."""
    conn = index.conn
    table, lookup, _, signature = _table(index, entries)
    if not _kept_mentions(index, lookup, signature):  # a cache that cannot keep them: all in memory
        notes = readback.load_notes(conn)
        entries = entries if entries is not None else entries_of(index)
        return build_index(notes, entries, [] if term is None else [term])
    from notes_kb.index import mentions  # 2 ms to load: not for `show` and `links`

    counts = mentions.concept_counts(conn)
    found = ranked(_counted(table.values(), counts))
    wanted = find_concept(found, term) if term is not None else None
    if wanted is not None:
        terms = {key: concept.term for key, concept in table.items()}
        _describe(index, wanted, terms, counts, text)
    return found


def _concept(index: Index, term: str, text: bool = True) -> Concept | None:
    """`find_concept(_concepts(index, None, term, text), term)` without ranking and searching
    every concept (58 ms for a rare term at 10,000 notes, twice for `define`): the concepts
    the term's key names are its own and those a name of another key names (`strays`, kept
    with the table), ranked among themselves in the index's order. Only the concepts it
    answers with are made, and only their counts read (12,000 concepts at 10,000 notes,
    made and counted for one: a third of a warm `define`)."""
    kept = _kept_rows(index)
    if kept is None:
        table, lookup, strays, signature = _table(index, None)
        rows = {key: _row(c) for key, c in table.items()}
    else:
        rows, lookup, strays, signature = kept
    if not _kept_mentions(index, lookup, signature):
        found = _concepts(index, None, term, text)
        return find_concept(found, term) if found else None
    from notes_kb.index import mentions

    key = concept_key(term)
    wanted = {key, *strays.get(key, ())}
    named = [k for k in rows if k in wanted]  # in the table's order
    counts = mentions.counts_of(index.conn, named)
    found = ranked(_counted(map(_made, map(rows.__getitem__, named)), counts))
    if not found:
        return None
    terms = {k: row[1] for k, row in rows.items()}
    _describe(index, found[0], terms, counts, text)
    return found[0]


Row = tuple[str, str, "list[str] | tuple[str, ...]", bool, bool]  # key, term, names, ...


def _row(concept: Concept) -> Row:
    return (concept.key, concept.term, concept.names, concept.defined, concept.everyday)


def _made(row: Row) -> Concept:
    key, term, names, defined, everyday = row
    return Concept(term, key, tuple(names), defined, everyday=everyday)


def _counted(
    concepts: Iterable[Concept], counts: dict[str, tuple[int, int, int]]
) -> Iterator[Concept]:
    """The concepts with their (notes, mentions) counts set."""
    for concept in concepts:
        in_notes, mentioned, _ = counts.get(concept.key, (0, 0, 0))
        concept.counts = (in_notes, mentioned)
        yield concept


def _describe(
    index: Index,
    wanted: Concept,
    terms: Mapping[str, str],
    counts: Mapping[str, tuple[int, int, int]],
    text: bool,
) -> None:
    """One concept's mentions (`text`: with their lines) and related concepts, read from
    the kept mentions; `terms`: each concept's term by its key; `counts`: at least the
    wanted concept's, the others' are read as needed."""
    from notes_kb.index import mentions

    conn = index.conn
    wanted.counts = None
    with paused():  # thousands of mentions for a common term
        wanted.mentions = [Mention(*r) for r in mentions.mentions_of(conn, wanted.key, text)]
    others = mentions.neighbours(conn, wanted.key)
    known = {key: count[2] for key, count in counts.items()}
    missing = [key for key, _ in others if key not in known]
    if missing or wanted.key not in known:
        read = mentions.counts_of(conn, [wanted.key, *missing])
        known.update((key, count[2]) for key, count in read.items())
    best = closest(wanted.key, others, known)
    wanted.related = [(terms[key], count) for key, count in best if key in terms]


def _kept_rows(
    index: Index,
) -> tuple[dict[str, Row], dict[str, str], dict[str, list[str]], str] | None:
    """`_table`'s answer as the kept rows (key -> row), none of them made a `Concept`; None
    when no table is kept for the cache's generation (`_table` makes it then)."""
    conn = index.conn
    kept = results.read_blob(conn, "concepts")
    if kept is None or kept[0] != results.generation(conn):
        return None
    data = inflated(kept[2])
    if data is None:
        return None
    with paused():  # 12,000 concepts and their names at 10,000 notes
        rows, lookup, strays = json.loads(data)
        table = {row[0]: (row[0], row[1], row[2], row[3], row[4]) for row in rows}
    return table, lookup, strays, kept[1]


def _table(
    index: Index, entries: list[Entry] | None
) -> tuple[dict[str, Concept], dict[str, str], dict[str, list[str]], str]:
    """The concepts, the lookup of their names (`concept_table`), the concepts with a name
    whose key is not theirs by that key (`_strays`), and a signature of the lookup (mentions
    found with another lookup are stale), kept in the cache."""
    kept = _kept_rows(index)
    if kept is not None:  # kept by this code (results_stamp)
        by_key, lookup, strays, signature = kept
        with paused():  # 12,000 concepts and their names at 10,000 notes
            table = {key: _made(row) for key, row in by_key.items()}
        return table, lookup, strays, signature
    conn = index.conn
    at = results.generation(conn)
    entries = entries if entries is not None else entries_of(index)
    table, lookup = concept_table(entries, results.all_tags(conn), results.topic_names(conn))
    strays = _strays(table)
    signature = sha256(json.dumps(sorted(lookup.items())).encode()).hexdigest()[:16]
    rows = [_row(c) for c in table.values()]
    # deflated: 650 KB of JSON at 10,000 notes kept in 94 (2 ms to inflate)
    packed = zlib.compress(json.dumps([rows, lookup, strays], ensure_ascii=False).encode())
    index.keep(lambda c: results.write_result(c, "concepts", at, signature, packed))
    return table, lookup, strays, signature


def _strays(table: dict[str, Concept]) -> dict[str, list[str]]:
    """Name key -> the concepts (in the table's order) with a name of that key other than
    their own key: with a concept's own key, all `find_concept` can find by it (3 names of
    5,776 at 10,000 notes)."""
    strays: dict[str, list[str]] = {}
    for concept in table.values():
        for key in dict.fromkeys(concept_key(name) for name in concept.names):
            if key != concept.key:
                strays.setdefault(key, []).append(concept.key)
    return strays


def _kept_mentions(index: Index, lookup: dict[str, str], signature: str) -> bool:
    """Bring the kept mentions up to date with the vault and the concept names (`lookup`,
    whose `signature` they are kept under); False when the cache could not keep them."""
    conn = index.conn
    at = results.generation(conn)
    kept = results.read_result(conn, "mentions")
    if kept is not None and kept[:2] == (at, signature):
        return True
    changed = results.changed_since(conn, kept[0]) if kept and kept[1] == signature else None
    notes = readback.load_notes(conn, changed)
    from notes_kb.query.matcher import Matcher  # 4 ms to load (its regexes): only to find them

    matcher = Matcher(lookup)
    rows = [
        (key, note.path, line, section_line)
        for note in notes
        for key, _, section_line, line, _ in mentions_in(note, matcher)
    ]
    everything = changed is None
    return index.keep(
        lambda c: results.replace_mentions(c, at, signature, everything, changed or (), rows)
    )
