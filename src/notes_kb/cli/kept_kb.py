"""The knowledge base `notes serve` keeps between commands: opened once, refreshed only
when the vault's watch saw a change, with the answers that took hundreds of milliseconds
(glossary, define, concepts) kept until the cache changes."""

from __future__ import annotations

import builtins  # the method `list` hides the builtin in the class body
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from notes_kb.cli import output
from notes_kb.config import Location
from notes_kb.index.live_walk import NOTHING, LiveWalk, Touched
from notes_kb.index.store import Index
from notes_kb.kb import KnowledgeBase, Progress

if TYPE_CHECKING:
    from notes_kb.index.search import Results
    from notes_kb.model import Diagnostic
    from notes_kb.query.concepts import Concept
    from notes_kb.query.expansions import Expansion
    from notes_kb.query.glossary import Entry
    from notes_kb.query.terms import TermReport

T = TypeVar("T")

_KEEP_NOTES_UP_TO = 20_000  # a loaded vault this big or smaller stays between commands


class KeptKnowledgeBase(KnowledgeBase):
    """The server's knowledge base: opened once; refreshed only when marked stale, and
    forgetting what it derived from the notes when the refresh changed the cache. The
    glossary, definitions and concepts it answered are kept until then too: each is a
    function of the cache alone, and takes a warm run hundreds of milliseconds."""

    touched: Touched = NOTHING  # what the watch saw since the last refresh
    seen: str | None = None  # the cache's last change that the derived answers reflect

    def __init__(self, location: Location) -> None:
        super().__init__(location, output.notice)
        self.answers: dict[tuple[object, ...], object] = {}
        self.printed: tuple[tuple[object, ...], bytes] | None = None

    def glossary(self, prefix: str | None = None) -> builtins.list[Entry]:
        """`KnowledgeBase.glossary`, kept until the cache changes."""
        return self.kept(("glossary", prefix), lambda: KnowledgeBase.glossary(self, prefix))

    def look_up(self, term: str) -> TermReport | Expansion:
        """`KnowledgeBase.look_up` (what `define` answers), kept until the cache changes;
        an unknown term is not kept (the error is raised again each time), so a pair or a
        definition an edit adds is found by the next `define`."""
        return self.kept(("define", term), lambda: KnowledgeBase.look_up(self, term))

    def search(
        self, query: str, tag: str | None = None, under: str | None = None, limit: int = 20
    ) -> Results:
        """`KnowledgeBase.search`, kept until the cache changes: a query asked again (a
        script's loop, a user paging with a bigger --limit is another) costs no ranking
        (at 10,000 notes `token` ranks 17,146 sections, 20 to 40 ms)."""
        answer = (query, tag, under, limit)
        return self.kept(("search", answer), lambda: KnowledgeBase.search(self, *answer))

    def concepts(self, term: str | None = None) -> builtins.list[Concept]:
        """`KnowledgeBase.concepts`, kept until the cache changes."""
        return self.kept(("concepts", term), lambda: KnowledgeBase.concepts(self, term))

    def output(self, key: tuple[object, ...], make: Callable[[], bytes]) -> bytes:
        """What `make` prints, a function of the cache and of `key` alone; the last one is
        kept until the cache changes. Only one: `glossary --json` prints 105 MB at 100,000
        notes (1.5 s of making dictionaries and JSON from the glossary this class keeps)."""
        if self.printed is None or self.printed[0] != key:
            self.printed = None  # not two at once
            self.printed = (key, make())
        return self.printed[1]

    @property
    def diagnostics(self) -> builtins.list[Diagnostic]:
        """`KnowledgeBase.diagnostics`, kept until the cache changes: every `show`, `links`
        and `search` sums them up, and finding duplicate ids reads every note's id (18 ms at
        100,000 notes)."""
        if "vault" in self.__dict__:
            return self.vault.diagnostics
        kept = self.kept(("diagnostics", None), self.index.diagnostics)
        return builtins.list(kept)

    @property
    def skipped(self) -> int:
        """`KnowledgeBase.skipped`, kept until the cache changes."""
        if "vault" in self.__dict__:
            return self.vault.skipped
        return self.kept(("skipped", None), self.index.skipped)

    def kept(self, key: tuple[object, ...], answer: Callable[[], T]) -> T:
        """`answer()`, a function of the cache and of `key` alone, kept until the cache
        changes: an answer, or a view of one (`session.kept`)."""
        if key not in self.answers:
            if len(self.answers) >= 256:  # bounded: a long session of `define`s
                self.answers.clear()
            self.answers[key] = answer()
        return self.answers[key]  # type: ignore[return-value]  # stored by this key's T

    @property
    def stale(self) -> bool:
        return bool(self.touched)

    def note(self, touched: Touched) -> None:
        """What the watch saw, added to what the next refresh must look at again."""
        self.touched = self.touched | touched

    def refresh(self, progress: Progress | None = None) -> Index:
        """The cache, refreshed first when the watch saw a change since the last command:
        the walk kept between refreshes stats again only the files the events named, or
        the whole vault is walked when they cannot tell (`index/live_walk`). A change
        written by this refresh or by another run (which refreshes the same cache file)
        drops every answer derived from the notes."""
        index = self._index
        if index is not None and self.touched:
            touched, self.touched = self.touched, NOTHING
            if index.live is None:
                index.live = LiveWalk(self.location)
            index.refresh(progress, touched=touched)
            change = index.meta("last_change")
            if change != self.seen:
                self.seen = change
                self.answers.clear()
                self.printed = None
                self.forget_notes()
        return super().refresh(progress)

    def forget_notes(self) -> None:
        """Drop the notes loaded whole (and the link graph made of them): rebuilt from the
        cache when a command needs them. Between commands of a big vault they are memory
        (about 1.5 GB at 100,000 notes) most commands no longer use."""
        for name, member in vars(KnowledgeBase).items():
            if isinstance(member, cached_property):
                self.__dict__.pop(name, None)
        self._resolved.clear()  # NOTE arguments resolved to notes as they were

    def after_command(self) -> None:
        """Let a big vault's whole notes go once a command is answered."""
        vault = self.__dict__.get("vault")
        if vault is not None and len(vault.notes) > _KEEP_NOTES_UP_TO:
            self.forget_notes()
