"""The kept listing patched where notes were added, removed or renamed (`index/
patched_listing`): the walk then gives exactly what listing every folder gives (the same
files, in the same order, with the same stamps and digest), and anything it cannot patch
(a new folder, a link, a folder replaced, a name the quick walk refuses) is listed again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from notes_kb.config import locate
from notes_kb.index import kept_listing, kept_walk
from notes_kb.index.quick_walk import quick_walk
from notes_kb.index.walk import note_files
from notes_kb.model import Diagnostic
from tests.test_kept_listing import (
    files_of,
    kept_index,
    kept_workspace,
    listed_again,
)
from tests.test_quick_walk import TREE, make_tree


def _add(vault: Path, name: str) -> None:
    make_tree(vault, [name])


def _symlink(vault: Path, name: str) -> None:
    (vault / name).symlink_to(vault / "a.md")


def _folder_for_note(vault: Path, name: str) -> None:
    (vault / name).unlink()
    make_tree(vault, [name + "/inside.md"])


def _note_for_folder(vault: Path, name: str) -> None:
    shutil.rmtree(vault / name)
    make_tree(vault, [name])


@pytest.fixture
def no_margin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders changed a moment ago count as old enough (`kept_index` waits for the clock
    to tick past them instead)."""
    monkeypatch.setattr(kept_listing, "MARGIN_NS", 0)


# (what is done, to which name, whether the kept listing can be patched)
CHANGES = [
    ("add", "zz.md", True),
    ("add", "0.md", True),
    ("add", "Sub.md", True),  # sorts among the folders' names: "Sub.md" < "sub" < "sub-a"
    ("add", "sub/deeper/aa.md", True),
    ("add", "sub/c2.md", True),  # between sub/c.md and the folder sub/deeper
    ("add", "sub-a/e.MD", True),
    ("add", "folder.md/l.md", True),
    ("add", "notes2.txt", True),  # no note: the folder changed, its notes did not
    ("add", "x.excalidraw.md", True),  # a drawing, no note
    ("add", ".hidden.md", True),
    ("add", "node_modules/more.md", True),  # a skipped folder's inside: nothing changed
    ("delete", "a.md", True),
    ("delete", "sub/deeper/d.md", True),
    ("delete", "notes.txt", True),
    ("rename", "sub/c.md>sub-a/c.md", True),
    ("rename", "z.md>sub/deeper/z.md", True),
    ("add", "new/f.md", False),  # a new folder is entered: listed again
    ("add", "__pycache__2/x.md", False),
    ("add", "cached/x.md", False),  # a folder holding CACHEDIR.TAG
    ("add", "caf\u00e9.md", False),  # a name the quick walk refuses: the whole walk reports
    ("symlink", "link.md", False),
    ("folder for note", "a.md", False),
    ("note for folder", "sub-a", False),
    ("delete folder", "sub/deeper", False),
]


@pytest.mark.usefixtures("no_margin")
@pytest.mark.parametrize(("change", "name", "patch"), CHANGES)
def test_a_patched_listing_is_the_whole_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, name: str, patch: bool
) -> None:
    """After each change, the quick walk from the kept listing gives the whole walk's
    files, in its order, with its stamps and digest, listing no folder when only notes
    came or went; the next refresh leaves the cache with exactly the vault's notes."""
    vault = tmp_path / "vault"
    make_tree(vault, TREE)
    index = kept_index(vault, tmp_path)
    calls = listed_again(monkeypatch)
    if change == "add":
        _add(vault, name)
    elif change == "delete":
        (vault / name).unlink()
    elif change == "rename":
        old, new = name.split(">")
        (vault / old).rename(vault / new)
    elif change == "symlink":
        _symlink(vault, name)
    elif change == "folder for note":
        _folder_for_note(vault, name)
    elif change == "note for folder":
        _note_for_folder(vault, name)
    else:
        shutil.rmtree(vault / name)
    location = locate(vault)
    problems: list[Diagnostic] = []
    whole = note_files(location, problems, stamped=True)
    quick = quick_walk(location, index.conn)
    assert len(calls) == (0 if patch else 1)
    if quick is not None:
        assert [(f[0], f[1], f[2], f[4]) for f in quick.found()] == [
            (f[0], f[1], f[2], f[4]) for f in whole
        ]
        assert kept_walk.digest(quick.listing) == kept_walk.digest(kept_walk.listing(whole))
    index.refresh()
    assert files_of(index) == sorted(f[1] for f in whole)
    index.close()


@pytest.mark.usefixtures("no_margin")
def test_a_patched_listing_is_kept_once_its_folders_settled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The patched listing is kept as a listed one is (its folders changed before the
    margin): the run after it stats the files without reading any folder."""
    vault = tmp_path / "vault"
    make_tree(vault, ["a.md", "b.md", "sub/c.md"])
    index = kept_index(vault, tmp_path)
    calls = listed_again(monkeypatch)
    patches = listed_again(monkeypatch, "patched")
    _add(vault, "sub/d.md")
    (vault / "a.md").unlink()
    assert index.refresh().parsed == 1 and patches == [1]
    assert index.refresh().parsed == 0 and patches == [1] and calls == []
    kept = kept_listing.read(index.conn, str(vault), "")
    assert kept is not None and kept[1] == ["b.md", "sub/c.md", "sub/d.md"]
    index.close()


def test_a_listing_patched_just_after_a_change_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within the margin of a change the patched listing is used but not kept, as a
    listed one would not be: the next run patches the older one again."""
    vault = tmp_path / "vault"
    make_tree(vault, ["a.md", "b.md"])
    margin = kept_listing.MARGIN_NS
    monkeypatch.setattr(kept_listing, "MARGIN_NS", 0)
    index = kept_index(vault, tmp_path)
    monkeypatch.setattr(kept_listing, "MARGIN_NS", margin)
    _add(vault, "c.md")
    quick = quick_walk(locate(vault), index.conn)
    assert quick is not None and quick.names == ["a.md", "b.md", "c.md"]
    assert quick.keep is None
    index.close()


def test_a_vault_below_the_workspace_is_patched_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Dendron workspace with its vault in a folder: the names keep the folder's name."""
    monkeypatch.setattr(kept_listing, "MARGIN_NS", 0)
    root = tmp_path / "space"
    index = kept_workspace(root, ["a.md", "c.md", "sub/d.md"], tmp_path)
    assert kept_listing.read(index.conn, str(root / "vault"), "vault/") is not None
    calls = listed_again(monkeypatch)
    _add(root / "vault", "b.md")
    os.unlink(root / "vault" / "sub" / "d.md")
    quick = quick_walk(locate(root), index.conn)
    assert quick is not None and calls == []
    assert quick.names == ["vault/a.md", "vault/b.md", "vault/c.md"]
    index.close()
