"""The warm run's walk (`index/quick_walk`): for a vault it takes, the same files, names,
stamps and digest as the whole walk (`walk.note_files`); anything the whole walk would
report or follow, and it takes the vault not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notes_kb.config import locate
from notes_kb.index import kept_walk
from notes_kb.index.quick_walk import quick_walk
from notes_kb.index.store import Index
from notes_kb.index.walk import note_files
from notes_kb.model import Diagnostic
from tests.conftest import SHARED_DENDRON

TREE = [
    "a.md",
    "B.MD",
    "c.Md",
    "sub/c.md",
    "sub/deeper/d.md",
    "sub/deeper/e.txt",
    "sub.md",
    "sub-a/f.md",
    "z.md",
    ".hidden/g.md",
    ".h.md",
    "node_modules/h.md",
    "__pycache__/i.md",
    "cached/j.md",
    "cached/CACHEDIR.TAG",
    "folder.md/k.md",
    "notes.txt",
]


def make_tree(root: Path, names: list[str]) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"# {name}\n" * len(name), "utf-8")


def same_as_whole(vault: Path) -> bool:
    """The quick walk's files (path, name, vault, stamp) and digest are the whole walk's."""
    location = locate(vault)
    problems: list[Diagnostic] = []
    whole = note_files(location, problems, stamped=True)
    quick = quick_walk(location)
    assert quick is not None and not problems
    found = quick.found()
    return [(f[0], f[1], f[2], f[4]) for f in found] == [
        (f[0], f[1], f[2], f[4]) for f in whole
    ] and kept_walk.digest(quick.listing) == kept_walk.digest(kept_walk.listing(whole))


def test_the_quick_walk_finds_what_the_whole_walk_finds(tmp_path: Path) -> None:
    """Folders entered where their names fall, hidden names, skipped folders, a folder
    holding a CACHEDIR.TAG, a folder named like a note and every case of `.md`: the same
    files in the same order with the same stamps, and the same digest."""
    make_tree(tmp_path / "vault", TREE)
    assert same_as_whole(tmp_path / "vault")
    quick = quick_walk(locate(tmp_path / "vault"))
    assert quick is not None
    assert quick.names == ["B.MD", "a.md", "c.Md", "folder.md/k.md", "sub/c.md",
                           "sub/deeper/d.md", "sub-a/f.md", "sub.md", "z.md"]  # fmt: skip


def test_the_quick_walks_files_read_one_at_a_time_as_the_whole_list(tmp_path: Path) -> None:
    """Each file asked for by its place (from either end, or a slice of them) is the tuple
    the whole list holds there: a refresh asks for the changed files only."""
    make_tree(tmp_path / "vault", TREE)
    quick = quick_walk(locate(tmp_path / "vault"))
    assert quick is not None
    found = quick.found()
    whole = list(found)
    assert len(found) == len(whole) == 9
    assert [found[n] for n in range(-9, 9)] == whole + whole
    assert found[2:7:2] == whole[2:7:2] and found[:] == whole
    with pytest.raises(IndexError):
        found[9]


def test_an_empty_vault_is_walked_too(tmp_path: Path) -> None:
    """No note at all: no file, and the digest of no file."""
    (tmp_path / "vault").mkdir()
    assert same_as_whole(tmp_path / "vault")


def test_a_vault_below_the_workspace_is_walked_with_its_folder_in_each_name(
    tmp_path: Path,
) -> None:
    """A Dendron workspace with one vault in a folder: names start with that folder."""
    root = tmp_path / "space"
    make_tree(root / "vault", ["a.md", "b.c.md", "sub/d.md"])
    (root / "dendron.yml").write_text("workspace:\n  vaults:\n    - fsPath: vault\n", "utf-8")
    assert same_as_whole(root)
    quick = quick_walk(locate(root))
    assert quick is not None
    assert quick.names == ["vault/a.md", "vault/b.c.md", "vault/sub/d.md"]


@pytest.mark.skipif(not SHARED_DENDRON.is_dir(), reason=f"{SHARED_DENDRON} absent")
def test_the_dendron_site_is_walked_as_the_whole_walk_walks_it() -> None:
    """A real workspace: the same files, stamps and digest."""
    assert same_as_whole(SHARED_DENDRON)


@pytest.mark.parametrize(
    "odd",
    ["a symbolic link", "a linked folder", "a name not ASCII", "a name not printable", "vaults"],
)
def test_a_vault_the_whole_walk_must_take_care_of_is_left_to_it(tmp_path: Path, odd: str) -> None:
    """What the whole walk follows, renames or reports is never walked quickly."""
    root = tmp_path / "vault"
    make_tree(root, ["a.md", "sub/b.md"])
    if odd == "a symbolic link":
        (root / "sub" / "alias.md").symlink_to(root / "a.md")
    elif odd == "a linked folder":
        (root / "more").symlink_to(root / "sub")
    elif odd == "a name not ASCII":
        make_tree(root, ["sub/é.md"])
    elif odd == "a name not printable":
        make_tree(root, ["sub/tab\there.md"])
    else:  # two vaults
        make_tree(root, ["one/a.md", "two/b.md"])
        (root / "dendron.yml").write_text(
            "workspace:\n  vaults:\n    - fsPath: one\n    - fsPath: two\n", "utf-8"
        )
    assert quick_walk(locate(root)) is None


def test_a_same_size_edit_with_its_mtime_put_back_is_seen_after_a_quick_walk(
    tmp_path: Path,
) -> None:
    """The quick walk tells an unchanged vault by the digest alone, and a same-size edit
    with its mtime put back still changes that digest (its ctime moved): parsed again."""
    vault = tmp_path / "vault"
    make_tree(vault, ["a.md", "sub/b.md"])
    (vault / "sub" / "b.md").write_text("banana\n", "utf-8")
    index = Index.open(locate(vault), tmp_path / "cache")
    assert index.refresh().parsed == 2
    assert index.refresh().parsed == 0
    note = vault / "sub" / "b.md"
    before = note.stat()
    note.write_text("papaya\n", "utf-8")
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (note.stat().st_size, note.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    stats = index.refresh()
    assert (stats.scanned, stats.parsed, stats.removed) == (2, 1, 0)
    hits = index.conn.execute("SELECT path FROM files").fetchall()
    assert sorted(hits) == [("a.md",), ("sub/b.md",)]
    index.close()
