"""The folders' listing kept with the cache (`index/kept_listing`): a warm walk stats the
files the kept listing names without listing a folder, only while no folder it entered
changed; every kind of change is still seen by the next refresh, a listing made just after
a change is not kept, and a kept listing that does not read back is listed again."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest

from notes_kb.config import locate
from notes_kb.index import kept_listing, kept_walk
from notes_kb.index import quick_walk as quick_module
from notes_kb.index.quick_walk import quick_walk
from notes_kb.index.store import Index
from notes_kb.index.walk import note_files
from notes_kb.model import Diagnostic
from tests.test_quick_walk import TREE, make_tree


@pytest.fixture
def no_margin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders changed a moment ago count as old enough (the test waits for the clock to
    tick past them instead, `settled`)."""
    monkeypatch.setattr(kept_listing, "MARGIN_NS", 0)


def settled(vault: Path, probe: Path) -> None:
    """Wait until the clock that stamps files has moved past every folder's last change,
    so that a change made from now on stamps its folder with a later time."""
    latest = max(os.stat(top).st_ctime_ns for top, _, _ in os.walk(vault))
    while True:
        probe.write_text("tick", "utf-8")
        if probe.stat().st_ctime_ns > latest:
            return


def kept_index(vault: Path, tmp_path: Path) -> Index:
    """The vault's cache, refreshed once its folders settled: its listing is kept."""
    index = Index.open(locate(vault), tmp_path / "cache")
    settled(vault, tmp_path / "probe")
    index.refresh()
    assert kept_listing.read(index.conn, str(vault), "") is not None
    return index


def kept_workspace(root: Path, names: list[str], tmp_path: Path) -> Index:
    """A Dendron workspace with its vault, holding `names`, in the folder `vault`; its cache
    refreshed once its folders settled."""
    make_tree(root / "vault", names)
    (root / "dendron.yml").write_text("workspace:\n  vaults:\n    - fsPath: vault\n", "utf-8")
    index = Index.open(locate(root), tmp_path / "cache")
    settled(root, tmp_path / "probe")
    index.refresh()
    return index


def listed_again(monkeypatch: pytest.MonkeyPatch, name: str = "_walk") -> list[int]:
    """Count the walks that list the folders (`quick_walk._walk`), or the calls of another
    function of `quick_walk` (`name`)."""
    calls: list[int] = []
    function = getattr(quick_module, name)

    def counted(*args: object) -> object:
        calls.append(1)
        return function(*args)

    monkeypatch.setattr(quick_module, name, counted)
    return calls


def files_of(index: Index) -> list[str]:
    return sorted(path for (path,) in index.conn.execute("SELECT path FROM files"))


@pytest.mark.usefixtures("no_margin")
def test_a_kept_listing_gives_what_the_whole_walk_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folders, hidden and skipped names, a CACHEDIR.TAG: from the kept listing, without
    listing a folder, the same files, stamps and digest as the whole walk."""
    vault = tmp_path / "vault"
    make_tree(vault, TREE)
    index = kept_index(vault, tmp_path)
    calls = listed_again(monkeypatch)
    quick = quick_walk(locate(vault), index.conn)
    assert quick is not None and calls == [] and quick.keep is None
    problems: list[Diagnostic] = []
    whole = note_files(locate(vault), problems, stamped=True)
    assert [(f[0], f[1], f[2], f[4]) for f in quick.found()] == [
        (f[0], f[1], f[2], f[4]) for f in whole
    ]
    assert kept_walk.digest(quick.listing) == kept_walk.digest(kept_walk.listing(whole))
    assert index.refresh().parsed == 0 and calls == []
    index.close()


@pytest.mark.usefixtures("no_margin")
@pytest.mark.parametrize(
    "change", ["edit", "same-size edit", "add", "add below", "delete", "rename", "new folder"]
)
def test_every_change_is_seen_by_the_next_refresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """An edit (even of the same size with its mtime put back) is seen from the kept
    listing, by the stat of its file; a file added (at the top or in a folder below),
    deleted or renamed changes a folder, which alone is read again (`patched_listing`); a
    folder made, and the folders are listed again. Either way the cache then holds exactly
    the vault's notes."""
    vault = tmp_path / "vault"
    make_tree(vault, ["a.md", "b.md", "sub/c.md", "sub/deeper/d.md"])
    index = kept_index(vault, tmp_path)
    calls = listed_again(monkeypatch)
    note = vault / "sub" / "deeper" / "d.md"
    before = note.stat()
    expected = {"parsed": 1, "removed": 0, "listed": 0}
    if change == "edit":
        note.write_text("# d\n\nlonger than before\n", "utf-8")
    elif change == "same-size edit":
        note.write_text("#" * before.st_size, "utf-8")
        os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert (note.stat().st_size, note.stat().st_mtime_ns) == (
            before.st_size,
            before.st_mtime_ns,
        )
    elif change in ("add", "add below"):
        (vault / ("e.md" if change == "add" else "sub/deeper/e.md")).write_text("# e\n", "utf-8")
    elif change == "delete":
        note.unlink()
        expected.update(parsed=0, removed=1)
    elif change == "rename":
        note.rename(vault / "sub" / "deeper" / "renamed.md")
        expected.update(removed=1)
    else:
        make_tree(vault, ["sub/new/f.md"])
        expected["listed"] = 1
    stats = index.refresh()
    assert {"parsed": stats.parsed, "removed": stats.removed, "listed": len(calls)} == expected
    problems: list[Diagnostic] = []
    assert files_of(index) == sorted(f[1] for f in note_files(locate(vault), problems))
    assert index.refresh().parsed == 0
    index.close()


def test_a_listing_made_just_after_a_change_is_not_kept(tmp_path: Path) -> None:
    """Folders changed within the margin of the walk: listed again next time, since a
    change in the same tick of a coarse clock could leave a folder's stamp as it was."""
    vault = tmp_path / "vault"
    make_tree(vault, ["a.md", "sub/b.md"])
    index = Index.open(locate(vault), tmp_path / "cache")
    assert index.refresh().parsed == 2
    assert kept_listing.read(index.conn, str(vault), "") is None
    index.close()


@pytest.mark.usefixtures("no_margin")
def test_a_vault_below_the_workspace_keeps_its_listing_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Dendron workspace with its vault in a folder: names keep the folder's name, and
    files are stat-ed below the vault's folder."""
    root = tmp_path / "space"
    index = kept_workspace(root, ["a.md", "b.c.md", "sub/d.md"], tmp_path)
    calls = listed_again(monkeypatch)
    quick = quick_walk(locate(root), index.conn)
    assert quick is not None and calls == []
    assert quick.names == ["vault/a.md", "vault/b.c.md", "vault/sub/d.md"]
    (root / "vault" / "sub" / "d.md").write_text("# changed\n", "utf-8")
    assert index.refresh().parsed == 1 and calls == []
    index.close()


@pytest.mark.usefixtures("no_margin")
@pytest.mark.parametrize("kept", ["garbage", "truncated", "another version", "another place"])
def test_a_kept_listing_that_does_not_fit_is_listed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: str
) -> None:
    """A damaged record, one of other code or of another folder: never used, no error,
    and the walk keeps a good one in its place."""
    vault = tmp_path / "vault"
    make_tree(vault, ["a.md", "sub/b.md"])
    index = kept_index(vault, tmp_path)
    (value,) = index.conn.execute("SELECT value FROM meta WHERE key = 'listing'").fetchone()
    fields = marshal.loads(value)
    value = {
        "garbage": b"\x00not marshal",
        "truncated": value[: len(value) // 2],
        "another version": marshal.dumps((fields[0] + 1, *fields[1:])),
        "another place": marshal.dumps((*fields[:2], str(tmp_path), *fields[3:])),
    }[kept]
    with index.conn:
        index.conn.execute("UPDATE meta SET value = ? WHERE key = 'listing'", (value,))
    calls = listed_again(monkeypatch)
    (vault / "sub" / "b.md").write_text("# edited\n", "utf-8")
    assert index.refresh().parsed == 1 and len(calls) == 1
    assert kept_listing.read(index.conn, str(vault), "") is not None
    index.close()


def test_a_stamp_after_the_walk_began_keeps_nothing() -> None:
    """A folder or a file stamped later than the walk began (a clock that disagrees with
    the files'), or a folder changed within the margin: not kept."""
    old = 10 * kept_listing.MARGIN_NS
    began = 20 * kept_listing.MARGIN_NS
    listing = kept_listing.Listing("/v", "", (("", 1, 2, old, old),), b"a.md")
    assert kept_listing.worth_keeping(listing, None, began, [old])
    assert not kept_listing.worth_keeping(listing, listing, began, [old])  # kept already
    assert not kept_listing.worth_keeping(listing, None, began, [began + 1])
    recent = began - kept_listing.MARGIN_NS
    fresh = listing._replace(folders=(("", 1, 2, old, recent),))
    assert not kept_listing.worth_keeping(fresh, None, began, [old])
