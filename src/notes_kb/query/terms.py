"""What `glossary`, `define` and `concepts` answer: one library call each."""

from __future__ import annotations

from dataclasses import dataclass

from notes_kb.errors import TermNotFoundError
from notes_kb.index.load import Vault
from notes_kb.model import Note
from notes_kb.query.concepts import Concept, build_index, find_concept
from notes_kb.query.glossary import (
    Entry,
    build_glossary,
    filter_prefix,
    find_entry,
    merge,
    suggest_terms,
)
from notes_kb.query.resolve import suggest


@dataclass(frozen=True)
class TermReport:
    """Everything known about one term: its entry and where the vault mentions it."""

    entry: Entry
    concept: Concept


def entries_of(vault: Vault) -> list[Entry]:
    """The glossary, from definitions the index already extracted when it has them."""
    if vault.extracted is None:
        return build_glossary(vault.notes)
    definitions, aliases = vault.extracted()
    return merge(definitions, aliases, vault.notes)


def glossary(vault: Vault, prefix: str | None = None) -> list[Entry]:
    """All terms A to Z, or those with a name starting with `prefix`."""
    return filter_prefix(entries_of(vault), prefix)


def define(vault: Vault, term: str) -> TermReport:
    """Every definition of one term and its mentions; a fuzzy hint when it is unknown."""
    entries = entries_of(vault)
    entry = find_entry(entries, term)
    if entry is None:
        raise TermNotFoundError(term, suggest_terms(entries, term))
    concept = find_concept(build_index(vault.notes, entries, entry.names), entry.term)
    if concept is None:  # a generic word defined on purpose: in the glossary, not the index
        concept = Concept(entry.term, entry.key, entry.names, True)
    return TermReport(entry, concept)


def concepts(vault: Vault, term: str | None = None) -> list[Concept]:
    """The concept index sorted by mentions, or the one concept named by `term`."""
    index = build_index(vault.notes, entries_of(vault), [] if term is None else [term])
    if term is None:
        return index
    found = find_concept(index, term)
    if found is None:
        names = list(dict.fromkeys(name for concept in index for name in concept.names))
        terms = {name: c.term for c in index for name in c.names}
        hints = list(dict.fromkeys(terms[n] for n in suggest(term, names, limit=6, cutoff=70)))
        raise TermNotFoundError(term, hints[:3])
    return [found]


def note_names(vault: Vault, note: Note) -> list[str]:
    """What a note goes by in prose: its title, its last file-name segment in words, and the
    names of the glossary term it is about. Unlinked mentions are searched for these."""
    names = [note.title, note.segments[-1].replace("-", " ")]
    entry = find_entry(entries_of(vault), note.title)
    if entry is not None:
        names += list(entry.names)
    return names
