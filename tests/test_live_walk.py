"""The walk `notes serve` keeps and patches from the watch's events (`index/live_walk`):
after each kind of event it gives what a whole walk gives, so the cache it refreshes is the
one a plain run would make; whatever it cannot be sure of falls back to the whole walk."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from watchdog.events import EventsLostEvent

from notes_kb.cli.kept_kb import KeptKnowledgeBase
from notes_kb.config import locate
from notes_kb.index import kept_walk, live_walk
from notes_kb.index.live_walk import EVERYTHING, LiveWalk, Touched
from notes_kb.index.walk import NoteFile, note_files
from notes_kb.index.watch import VaultWatch
from notes_kb.kb import KnowledgeBase
from tests.conftest import VaultFactory

FILES: dict[str, str | bytes] = {
    "alpha.md": "# Alpha\n\nA token is the unit a model reads. See [[beta]].\n",
    "beta.md": "# Beta\n\nAttention weighs each token.\n",
    "deep/gamma.md": "# Gamma\n\nNothing links here.\n",
    "deep/z.md": "# Z\n\nThe last one.\n",
    "deep.md": "# Deep\n\nA note beside its folder.\n",
}


def whole(vault: Path) -> list[tuple[str, str, object]]:
    """What a whole walk finds: each file's path, name and stamp, in walk order."""
    return [(f[0], f[1], f[4]) for f in note_files(locate(vault), [], stamped=True)]


def bare(found: list[NoteFile] | None) -> list[tuple[str, str, object]] | None:
    return None if found is None else [(f[0], f[1], f[4]) for f in found]


@pytest.fixture
def watched(make_vault: VaultFactory) -> Iterator[tuple[Path, VaultWatch, LiveWalk]]:
    """A vault, its watch (started, the first `changes()` taken) and a kept whole walk."""
    vault = make_vault(FILES)
    watch = VaultWatch(vault)
    assert watch.start()
    assert watch.changes().everything  # nothing is known before the first refresh
    live = LiveWalk(locate(vault))
    found = live_walk.walk(live, locate(vault), [], None)
    assert live.found is not None and bare(found) == whole(vault)
    yield vault, watch, live
    watch.stop()


def settled(watch: VaultWatch, done: Callable[[Touched], bool]) -> Touched:
    """The watch's changes, gathered until `done` says they are all in (or 5 s)."""
    seen = Touched(False)
    deadline = time.monotonic() + 5
    while not done(seen) and time.monotonic() < deadline:
        time.sleep(0.02)
        seen = seen | watch.changes()
    time.sleep(0.05)  # any event still on its way
    return seen | watch.changes()


def naming(*paths: Path) -> Callable[[Touched], bool]:
    return lambda seen: all(str(p) in seen.files for p in paths)


def _editor_save(path: Path, text: str) -> None:
    """Write a temporary file beside it, then rename it over the note."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text)
    os.replace(temporary, path)


def _write(rel: str, text: str) -> Callable[[Path], object]:
    return lambda vault: (vault / rel).write_text(text)


def _move(old: str, new: str) -> Callable[[Path], object]:
    return lambda vault: os.replace(vault / old, vault / new)


# each kind of event: the change, and the path the watch must name before it is all in
FILE_EVENTS: dict[str, tuple[Callable[[Path], object], str]] = {
    "an edit": (_write("alpha.md", "# A\n\nnew\n"), "alpha.md"),
    "a same-size edit": (_write("beta.md", "# Beta\n\nAttention weighs each tokem.\n"), "beta.md"),
    "an add": (_write("aa.md", "# AA\n"), "aa.md"),
    "an add in a folder": (_write("deep/b.md", "# B\n"), "deep/b.md"),
    "a delete": (lambda vault: (vault / "deep/gamma.md").unlink(), "deep/gamma.md"),
    "a rename": (_move("alpha.md", "omega.md"), "omega.md"),
    "a rename over another": (_move("alpha.md", "beta.md"), "beta.md"),
    "a move into a folder": (_move("alpha.md", "deep/alpha.md"), "deep/alpha.md"),
    "a rename to a hidden name": (_move("alpha.md", ".alpha.md"), ".alpha.md"),
    "an editor's save": (
        lambda vault: _editor_save(vault / "beta.md", "# Beta\n\nSaved.\n"),
        "beta.md",
    ),
    "a file that is no note": (_write("notes.txt", "x"), "notes.txt"),
}


@pytest.mark.parametrize("event", FILE_EVENTS)
def test_file_events_patch_the_walk_as_a_whole_walk_finds_it(
    watched: tuple[Path, VaultWatch, LiveWalk], event: str
) -> None:
    """Each kind of file event gives, patched, exactly the whole walk's files and stamps."""
    vault, watch, live = watched
    change, named = FILE_EVENTS[event]
    change(vault)
    touched = settled(watch, naming(vault / named))
    assert not touched.everything
    assert bare(live.patched(touched)) == whole(vault)


FOLDER_EVENTS: dict[str, Callable[[Path], object]] = {
    "a folder renamed": lambda v: os.rename(v / "deep", v / "shallow"),
    "a folder created": lambda v: (v / "new").mkdir(),
    "a folder deleted": lambda v: (
        [(v / "deep" / n).unlink() for n in ("gamma.md", "z.md")] and (v / "deep").rmdir()
    ),
}


@pytest.mark.parametrize("event", FOLDER_EVENTS)
def test_folder_events_fall_back_to_the_whole_walk(
    watched: tuple[Path, VaultWatch, LiveWalk], event: str
) -> None:
    """A folder created, deleted or renamed is not patched: the whole walk runs again."""
    vault, watch, live = watched
    FOLDER_EVENTS[event](vault)
    touched = settled(watch, lambda seen: seen.everything)
    assert touched.everything
    assert live.patched(touched) is None and live.found is None
    assert bare(live_walk.walk(live, locate(vault), [], touched)) == whole(vault)
    assert live.found is not None  # kept again for the next time


def test_lost_events_and_a_dead_watch_fall_back(
    watched: tuple[Path, VaultWatch, LiveWalk],
) -> None:
    """Events lost (inotify's queue overflowed) or a watch no longer working mean a whole
    walk."""
    vault, watch, _ = watched
    watch.on_any_event(EventsLostEvent(str(vault), is_directory=True))
    assert watch.changes().everything
    assert not watch.changes()
    watch.stop()
    assert watch.changes() == EVERYTHING


@pytest.mark.parametrize("what", ["a symbolic link", "a cache tag", "a folder in its place"])
def test_what_a_walk_reads_differently_falls_back(
    watched: tuple[Path, VaultWatch, LiveWalk], what: str
) -> None:
    """A file event naming a symbolic link, a CACHEDIR.TAG or a folder is not patched."""
    vault, _, live = watched
    if what == "a symbolic link":
        path = vault / "link.md"
        path.symlink_to(vault / "alpha.md")
    elif what == "a cache tag":
        path = vault / "deep" / "CACHEDIR.TAG"
        path.write_text("Signature: 8a477f597d28d172789f06886806bc55\n")
    else:
        path = vault / "folder.md"
        path.mkdir()
    assert live.patched(Touched(False, frozenset({str(path)}))) is None


def test_a_vault_with_links_or_problems_is_never_patched(make_vault: VaultFactory) -> None:
    """A walk that followed a link (or found a problem) is not kept: the whole walk runs."""
    vault = make_vault(FILES)
    (vault / "again").symlink_to(vault / "deep")
    live = LiveWalk(locate(vault))
    live_walk.walk(live, locate(vault), [], None)
    assert live.found is None
    assert live.patched(Touched(False, frozenset({str(vault / "alpha.md")}))) is None


def test_the_server_refresh_stats_only_named_files_and_matches_a_plain_one(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kept knowledge base refreshed from events walks nothing, and leaves the cache
    as a whole walk's refresh leaves it: the same files, stamps, walk digest and answers."""
    vault = make_vault(FILES)
    kb = KeptKnowledgeBase(locate(vault))
    index = kb.index
    kb.note(EVERYTHING)
    kb.refresh()  # the first refresh is a whole walk, kept
    walks: list[int] = []
    walk = live_walk.note_files
    monkeypatch.setattr(live_walk, "note_files", lambda *a, **k: walks.append(1) or walk(*a, **k))
    (vault / "alpha.md").write_text("# Alpha\n\nA zebra now.\n")
    (vault / "deep" / "gamma.md").unlink()
    (vault / "new.md").write_text("# New\n\nA zebra too.\n")
    named = {str(vault / n) for n in ("alpha.md", "deep/gamma.md", "new.md")}
    kb.note(Touched(False, frozenset(named)))
    kb.refresh()
    assert walks == []
    hits = sorted(hit.path for hit in kb.search("zebra").hits)
    stamps = index.conn.execute(
        "SELECT path, size, mtime_ns, ctime_ns, inode FROM files ORDER BY path"
    ).fetchall()
    found = note_files(locate(vault), [], stamped=True)
    assert index.meta("walk") == kept_walk.digest(kept_walk.listing(found))
    assert stamps == sorted((f[1], *f[4]) for f in found if f[4] is not None)
    assert hits == ["alpha.md", "new.md"]


def test_a_kept_search_is_asked_again_only_after_a_change(make_vault: VaultFactory) -> None:
    """The server's knowledge base answers a repeated search from what it kept, and the
    same search after an edit from the edited cache, as a fresh one does."""
    vault = make_vault(FILES)
    kb = KeptKnowledgeBase(locate(vault))
    kb.note(EVERYTHING)
    kb.refresh()
    first = kb.search("token")
    assert kb.search("token") is first
    assert kb.search("token", limit=1) is not first
    (vault / "beta.md").write_text("# Beta\n\nNo such word any more.\n")
    kb.note(Touched(False, frozenset({str(vault / "beta.md")})))
    kb.refresh()
    again = kb.search("token")
    assert [hit.path for hit in first.hits] == ["alpha.md", "beta.md"]
    assert again == KnowledgeBase(locate(vault), lambda _: None).search("token")
    assert [hit.path for hit in again.hits] == ["alpha.md"]
