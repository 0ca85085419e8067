"""What every command starts with: the vault and its cache, up to date, with the vault's
problems summed up and the NOTE argument's reading said on stderr. No Typer here: the
commands `cli/direct.py` runs without it start here too."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from notes_kb.cli import output
from notes_kb.cli.pager import PAGING
from notes_kb.config import ENVIRONMENT, vault_limit

if TYPE_CHECKING:
    from notes_kb.kb import KnowledgeBase

T = TypeVar("T")


class Keeper(Protocol):
    """What `notes serve` keeps between commands, until the cache changes: answers, views
    and output made from the cache alone (`KeptKnowledgeBase`)."""

    def kept(self, key: tuple[object, ...], make: Callable[[], T]) -> T: ...

    def output(self, key: tuple[object, ...], make: Callable[[], bytes]) -> bytes: ...


# `notes serve` (cli/serve.py) runs commands on the knowledge base it keeps open: it sets
# these, for the length of a command: the one for a --dir value, and what keeps output
resident: Callable[[str | None], KnowledgeBase | None] | None = None
keeper: Keeper | None = None


def kept(key: tuple[object, ...], make: Callable[[], T]) -> T:
    """`make()`, a function of the cache and of `key` alone (a view of a kept answer): kept
    by `notes serve` until the cache changes."""
    return make() if keeper is None else keeper.kept(key, make)


def kept_output(
    kb: KnowledgeBase, key: tuple[object, ...], make: Callable[[], bytes], cache: bool = True
) -> bytes:
    """`make()`, output that is a function of the cache and of `key` alone: kept by `notes
    serve` until the cache changes, and (`cache`) in the cache itself while it does not
    change (the last one: index/kept_output)."""
    from notes_kb.index.kept_output import kept_output as in_cache

    def cached() -> bytes:
        return in_cache(kb.index, key, make) if cache else make()

    return cached() if keeper is None else keeper.output(key, cached)


def open_kb(given: str | None, rebuild: bool = False) -> KnowledgeBase:
    """The vault (`given`: the --dir value), its cache brought up to date: every command
    starts here."""
    from notes_kb.kb import open_vault

    kept = resident(given) if resident is not None and not rebuild else None
    kb = kept or open_vault(given, output.notice, rebuild)
    PAGING.vault_root = kb.location.root
    limit = vault_limit(kb.location.root)
    if limit is not None:  # the vault's notes.toml: the reader (and its workers) see it here
        os.environ[ENVIRONMENT["max_note_bytes"]] = limit
    with output.progress("Indexing notes") as progress:
        kb.refresh(progress)
    return kb


def loaded(given: str | None, summary: bool = True) -> KnowledgeBase:
    """The vault, its cache up to date, its problems summed up in one line on stderr."""
    kb = open_kb(given)
    problems = kb.diagnostics if summary else []  # read from the cache: once
    if problems:
        output.diagnostics_summary(problems, kb.skipped)
    return kb


def say_resolution(kb: KnowledgeBase, note: str) -> None:
    """Say how a NOTE argument was understood, unless it named the note exactly."""
    resolved = kb.resolve(note)
    if not resolved.exact:
        output.resolution(note, resolved)
