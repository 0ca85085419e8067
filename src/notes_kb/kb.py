"""The library's one entry point: `open_vault(path)` gives a `KnowledgeBase` whose methods
answer every question the `notes` command answers, one method per command.

    from notes_kb import open_vault
    kb = open_vault("notes")
    for hit in kb.search("kv cache").hits:
        print(hit.title, hit.path, hit.line)

The methods return model objects (notes, entries, reports); nothing here knows about the
terminal. Modules load when a method needs them, so a scripted search pays for nothing else.
"""

from __future__ import annotations

import builtins  # the method `list` hides the builtin in the class body
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from notes_kb.config import Location, locate

if TYPE_CHECKING:
    from notes_kb.index.load import Vault
    from notes_kb.index.search import Results
    from notes_kb.index.store import Index
    from notes_kb.model import Diagnostic, Note, Resolved, Section, TreeNode
    from notes_kb.query.concepts import Concept
    from notes_kb.query.expansions import Expansion
    from notes_kb.query.glossary import Entry
    from notes_kb.query.graph import Graph
    from notes_kb.query.linkgraph import LinkGraph, LinkReport
    from notes_kb.query.terms import TermReport
    from notes_kb.review.anki import Export
    from notes_kb.review.study import Study
    from notes_kb.write.create import Created
    from notes_kb.write.edit import Edited
    from notes_kb.write.rename import Renamed

Progress = Callable[[int, int], None]


class NoteView(NamedTuple):
    """What `show` draws: the note (or one section), its text with links and embeds
    expanded, and the notes linking to it as (title, path, line)."""

    resolved: Resolved
    body: str
    linked_from: list[tuple[str, str, int]]

    @property
    def note(self) -> Note:
        return self.resolved.note

    @property
    def section(self) -> Section | None:
        return self.resolved.section


class Check(NamedTuple):
    """What `check` finds: every diagnostic, and how many files were looked at."""

    diagnostics: list[Diagnostic]
    files: int

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)


class KnowledgeBase:
    """One vault, read through its cache. The cache is refreshed once, on first use."""

    def __init__(
        self,
        location: Location,
        notice: Callable[[str], None] | None = None,
        rebuild: bool = False,
    ) -> None:
        self.location = location
        self._notice = notice or (lambda message: None)
        self._rebuild = rebuild
        self._index: Index | None = None
        self._resolved: dict[str, Resolved] = {}

    def refresh(self, progress: Progress | None = None) -> Index:
        """Open the vault's cache and bring it up to date, once; `progress(done, total)` is
        called while files are parsed."""
        if self._index is None:
            from notes_kb.index.store import Index

            index = Index.open(self.location, notice=self._notice)
            for message in index.notices:
                self._notice(message)
            index.refresh(progress, rebuild=self._rebuild)
            self._index = index
        return self._index

    @property
    def index(self) -> Index:
        """The vault's SQLite cache, refreshed on first use."""
        return self.refresh()

    @cached_property
    def vault(self) -> Vault:
        """Every note, loaded from the cache (not from the files) once."""
        return self.index.load_vault()

    @cached_property
    def links_graph(self) -> LinkGraph:
        """Every link of the vault resolved, with backlinks and tags; built once."""
        from notes_kb.query.linkgraph import link_graph

        return link_graph(self.vault)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Problems found in the files while loading; the notes load regardless. Read from
        the cache, unless the notes are loaded already."""
        if "vault" in self.__dict__:
            return self.vault.diagnostics
        return self.index.diagnostics()

    @property
    def skipped(self) -> int:
        """Files not loaded at all (binary, unreadable)."""
        if "vault" in self.__dict__:
            return self.vault.skipped
        return self.index.skipped()

    def resolve(self, note: str) -> Resolved:
        """A NOTE argument (id, file name, segment, title, heading, note#heading, path).
        Answered from the notes' names alone when a name rule finds it (then only that
        note's text is read); headings need every note's sections. Remembered per run."""
        found = self._resolved.get(note)
        if found is None:
            found = self._resolved[note] = self._resolve_one(note)
        return found

    def _resolve_one(self, note: str) -> Resolved:
        from notes_kb.query.resolve import resolve_note

        if "vault" in self.__dict__:
            return resolve_note(self.vault, note)
        from notes_kb.errors import NoteNotFoundError
        from notes_kb.index.load import Vault
        from notes_kb.index.readback import load_notes
        from notes_kb.model import Resolved
        from notes_kb.query.kept_names import kept_names

        try:
            found = resolve_note(Vault(self.location, []), note, kept_names(self.index))
        except NoteNotFoundError:
            return resolve_note(self.vault, note)  # a heading, `note#heading`, or a real miss
        (whole,) = load_notes(self.index.conn, [found.note.path])
        return Resolved(whole, found.section, found.rule)

    def show(self, note: str) -> NoteView:
        """A note or section with links shown as titles and `![[embeds]]` expanded."""
        from notes_kb.query.linkgraph import expand_links, link_report

        resolved = self.resolve(note)
        target, section = resolved.note, resolved.section
        source = target.section_source(section) if section else target.body
        start = section.line if section else target.body_line
        graph = self._kept_links()
        body = expand_links(graph, target, source, start)
        backlinks = link_report(graph, target).backlinks  # by path and line
        linked_from = list(
            dict.fromkeys((e.source.title, e.source.path, e.link.line) for e, _ in backlinks)
        )
        return NoteView(resolved, body, linked_from)

    def _kept_links(self) -> LinkGraph:
        """The link graph as kept in the cache, read one note at a time (query.kept_links)."""
        if "links_graph" in self.__dict__:
            return self.links_graph
        from notes_kb.query.kept_links import kept_graph

        return kept_graph(self.index, lambda: self.links_graph)

    def list(
        self,
        pattern: str | None = None,
        sort: str = "fname",
        reverse: bool = False,
        tag: str | None = None,
        link_to: str | None = None,
        linked_by: str | None = None,
        orphan: bool = False,
        tagless: bool = False,
        modified_after: str | datetime | None = None,
        created_before: str | datetime | None = None,
    ) -> builtins.list[Note]:
        """Notes passing every filter; dates may be ISO or human ("last week")."""
        from notes_kb.query.dates import parse_when
        from notes_kb.query.listing import filter_notes, list_notes

        after = parse_when(modified_after) if isinstance(modified_after, str) else modified_after
        before = parse_when(created_before) if isinstance(created_before, str) else created_before
        to_note = self.resolve(link_to).note if link_to else None
        by_note = self.resolve(linked_by).note if linked_by else None
        chosen = filter_notes(self.vault, tag, to_note, by_note, orphan, tagless, after, before)
        return list_notes(chosen, pattern, sort, reverse)

    def tree(self, note: str | None = None) -> tuple[TreeNode, str]:
        """The dotted hierarchy, whole or below one note or stub, with its label."""
        from notes_kb.query.hierarchy import build_tree, find_node

        root = build_tree(self.vault.notes)
        if not note:
            return root, self.location.root.name
        node = find_node(root, note) or find_node(root, self.resolve(note).note.fname) or root
        return node, node.fname

    def check(self) -> Check:
        """Broken links, orphans, duplicate ids and file problems, for `notes check`."""
        from notes_kb.query.check import check_vault

        found = check_vault(self.vault, self.links_graph)
        return Check(found, len(self.vault.notes) + self.vault.skipped)

    def links(self, note: str, unlinked: bool = False) -> LinkReport:
        """A note's links out and backlinks; `unlinked`: also plain mentions of its names."""
        from notes_kb.query.linkgraph import link_report

        if not unlinked:
            return link_report(self._kept_links(), self.resolve(note).note)
        from notes_kb.query.terms import note_names

        target = self.resolve(note).note
        return link_report(self.links_graph, target, note_names(self.index, target))

    def tags(self) -> builtins.list[tuple[str, int]]:
        """Every tag with how many notes carry it, most used first."""
        counts = ((t, len(notes)) for t, notes in self.links_graph.tags.items())
        return sorted(counts, key=lambda tc: (-tc[1], tc[0]))

    def tagged(self, tag: str) -> builtins.list[Note]:
        """The notes carrying a tag or one of its sub-tags, in file-name order."""
        from notes_kb.query.listing import filter_notes

        return filter_notes(self.vault, tag=tag)

    def graph(self, note: str | None = None, depth: int = 1) -> Graph:
        """The link graph, whole or `depth` links around one note."""
        from notes_kb.query.graph import neighbourhood

        center = self.resolve(note).note if note else None
        return neighbourhood(self.links_graph, center, depth)

    def glossary(self, prefix: str | None = None) -> builtins.list[Entry]:
        """Every defined term with its best definition, or those starting with `prefix`."""
        from notes_kb.query import terms

        return terms.glossary(self.index, prefix)

    def glossary_json(self) -> bytes:
        """The whole glossary as `glossary --json` prints it to a pipe, in UTF-8, before
        control characters are escaped (cli/serialize.encoded_utf8): read from the kept
        glossary (made from the entries when it is not kept: query/terms)."""
        from notes_kb.query import printed_glossary

        found = printed_glossary.kept(self.index.conn)
        if found is not None:
            return found
        from notes_kb.query import terms

        return terms.glossary_json(self.index)

    def define(self, term: str) -> TermReport:
        """Every definition of one term and where it is mentioned (the note and line of each
        mention; its text, which `concepts(term)` gives, is left out); raises
        TermNotFoundError (a NotesError) with close terms when it is unknown."""
        from notes_kb.query import terms

        return terms.define(self.index, term)

    def look_up(self, term: str) -> TermReport | Expansion:
        """What `notes define TERM` answers: `define(term)`, or, for a term no note defines
        but some write as an acronym with its expansion ("Neural Architecture Search
        (NAS)"), an `Expansion` naming the other name, note and line of each; raises
        TermNotFoundError when the notes have neither."""
        from notes_kb.query import terms

        return terms.look_up(self.index, term)

    def concepts(self, term: str | None = None) -> builtins.list[Concept]:
        """The concept index by mentions, or the one concept named by `term`."""
        from notes_kb.query import terms

        return terms.concepts(self.index, term)

    def search(
        self, query: str, tag: str | None = None, under: str | None = None, limit: int = 20
    ) -> Results:
        """Ranked hits; answered from the cache alone, without loading any note."""
        from notes_kb.index.search import search

        return search(self.index.conn, query, tag, under, limit)

    def search_diagnostics(self) -> tuple[builtins.list[Diagnostic], int]:
        """The problems the cache knows of, without loading the notes (for search)."""
        return self.diagnostics, self.skipped

    def status(self) -> dict[str, object]:
        """The cache: notes, path, size, last refresh and its time."""
        return self.index.status()

    def study(
        self,
        scope: tuple[str, ...] | builtins.list[str] = (),
        tag: str | None = None,
        under: str | None = None,
    ) -> Study:
        """The study cards of a scope (notes, `note#section`, hierarchy globs; all without
        one) and where each stands; rating, suspending or burying one appends to the
        vault's review log. Notes are never written."""
        from notes_kb.review.study import open_study

        return open_study(self.vault, self.glossary(), scope, tag, under)

    def export(
        self,
        out: str | os.PathLike[str],
        scope: tuple[str, ...] | builtins.list[str] = (),
        tag: str | None = None,
        under: str | None = None,
        deck: str | None = None,
    ) -> Export:
        """The study cards of a scope written to `out` as an Anki package (.apkg)."""
        from pathlib import Path

        from notes_kb.review.anki import export_deck

        return export_deck(self.vault, self.glossary(), Path(out), scope, tag, under, deck)

    # Writing (notes_kb.write): each plans its edits, then writes them atomically. `editor`
    # is called as editor(path, line) to open a file and returns when it is closed.

    def new(
        self,
        name: str,
        title: str | None = None,
        tags: Sequence[str] = (),
        template: str | None = None,
        editor: Callable[[str, int], None] | None = None,
    ) -> Created:
        """Create a note with Dendron frontmatter, from its template; never overwrites."""
        from notes_kb.write.create import new_note

        return new_note(self.vault, name, title, tags, template, editor)

    def daily(
        self, when: str | None = None, editor: Callable[[str, int], None] | None = None
    ) -> Created:
        """The journal note of a day (`today`, `2026-12-06`...), created when missing."""
        from notes_kb.write.create import daily_note

        return daily_note(self.vault, when, editor)

    def edit(
        self, note: str | Resolved, editor: Callable[[str, int], None] | None = None
    ) -> Edited:
        """Open a note at its section; `updated` is set to now only if it changed."""
        from notes_kb.write.edit import edit_note

        resolved = self.resolve(note) if isinstance(note, str) else note
        return edit_note(self.vault, resolved, editor)

    def rename(
        self, old: str, new: str, with_children: bool = False, dry_run: bool = False
    ) -> Renamed:
        """Rename a note (and its hierarchy) and rewrite every link to it, all or nothing."""
        from notes_kb.write.rename import rename_note

        return rename_note(self.vault, old, new, with_children, dry_run)


def open_vault(
    path: str | os.PathLike[str] | None = None,
    notice: Callable[[str], None] | None = None,
    rebuild: bool = False,
) -> KnowledgeBase:
    """The vault at `path`, else $NOTES_DIR, else the nearest notes/ folder or dendron.yml
    upward. `notice` receives one-line remarks (a cache rebuilt); `rebuild` parses every
    note again. Nothing is read until a method needs it."""
    return KnowledgeBase(locate(path), notice, rebuild)
