"""The walk kept in chunks (index/kept_walk): what changed, found from the chunks a change
touched, is what comparing every file's stamp finds."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest

from notes_kb.config import locate
from notes_kb.index import kept_walk
from notes_kb.index.build import walk_stamps
from notes_kb.index.store import Index


def both_comparisons(index: Index) -> tuple[Any, Any]:
    """(changed paths, removed paths) as the kept chunks tell them and as every stamp of
    the `files` table does."""
    found = walk_stamps(index.location, [])
    listing = kept_walk.listing(found)
    assert listing is not None
    difference = kept_walk.compare(index.conn, found, listing, kept_walk.chunks(listing))
    assert difference is not None
    changed, removed = kept_walk.compare_all(index.conn, found, 1 << 30, None)
    return (
        ([f[1] for f in difference.changed], sorted(difference.removed)),
        ([f[1] for f in changed], sorted(removed)),
    )


def test_the_kept_chunks_find_what_every_stamp_finds(tmp_path: Path) -> None:
    """Over 300 random edits, additions, removals, renames and same-size edits with the
    mtime put back, in folders and out, the chunks find the same changed files, in walk
    order, and the same removed ones, as the whole comparison; the search agrees."""
    rng = random.Random(13)
    vault = tmp_path / "vault"
    (vault / "sub").mkdir(parents=True)
    names = [f"note-{n:03d}.md" for n in range(400)] + [f"sub/inner-{n}.md" for n in range(40)]
    for name in names:
        (vault / name).write_text(f"# {name}\n\nword{name.count('1')}\n", "utf-8")
    index = Index.open(locate(vault), tmp_path / "cache")
    index.refresh()
    fresh = 1000
    for _ in range(60):
        for _ in range(rng.choice((1, 1, 2, 5))):
            name = rng.choice(names)
            kind = rng.choice(("edit", "add", "remove", "rename", "same-size"))
            path = vault / name
            if kind == "edit":
                path.write_text(path.read_text("utf-8") + "more\n", "utf-8")
                os.utime(path, ns=(1, path.stat().st_mtime_ns + 1_000_000))
            elif kind == "same-size":
                stat = path.stat()
                text = path.read_text("utf-8")
                path.write_text(text[:-2] + ("x" if text[-2] != "x" else "y") + "\n", "utf-8")
                os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            elif kind == "add":
                fresh += 1
                added = f"{rng.choice(('', 'sub/'))}new-{fresh}.md"
                (vault / added).write_text(f"# added {fresh}\n", "utf-8")
                names.append(added)
            elif kind == "remove" and len(names) > 1:
                path.unlink()
                names.remove(name)
            elif kind == "rename":
                fresh += 1
                renamed = f"{rng.choice(('', 'sub/'))}renamed-{fresh}.md"
                path.rename(vault / renamed)
                names[names.index(name)] = renamed
        told, whole = both_comparisons(index)
        assert told == whole
        index.refresh()
        assert both_comparisons(index) == (([], []), ([], []))
    assert len(index.load_vault().notes) == len(names)
    index.close()


def test_a_cache_without_kept_chunks_compares_every_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks that are missing or disagree with the files' table are not trusted: the
    whole comparison runs, and the chunks are kept anew for the next run."""
    vault = tmp_path / "vault"
    vault.mkdir()
    for n in range(5):
        (vault / f"n{n}.md").write_text(f"note {n}\n", "utf-8")
    index = Index.open(locate(vault), tmp_path / "cache")
    index.refresh()
    with index.conn:
        index.conn.execute("DELETE FROM walk")
    whole: list[int] = []
    compare = kept_walk.compare_all

    def counted(*args: Any) -> Any:
        whole.append(1)
        return compare(*args)

    monkeypatch.setattr(kept_walk, "compare_all", counted)
    (vault / "n1.md").write_text("note one\n", "utf-8")
    assert (index.refresh().parsed, len(whole)) == (1, 1)
    (vault / "n2.md").write_text("note two\n", "utf-8")
    assert (index.refresh().parsed, len(whole)) == (1, 1)  # the chunks were kept again
    with index.conn:
        index.conn.execute("DELETE FROM files WHERE path = 'n3.md'")  # files and chunks disagree
    (vault / "n4.md").write_text("note four\n", "utf-8")
    assert (index.refresh().parsed, len(whole)) == (2, 2)  # n3.md is found missing
    index.close()


def test_the_walk_stamps_each_file_as_stat_by_its_path_does(tmp_path: Path) -> None:
    """Stamps taken by name in each open folder (`dir_fd`) are those of `os.stat` of the
    file's path, in folders, through a linked folder and for a linked file, and the files
    and their order are those of the unstamped walk."""
    from notes_kb.index.walk import note_files

    vault = tmp_path / "vault"
    for name in ["a.md", "B.MD", "sub/c.md", "sub/deeper/d.md", "sub/e.txt", "z.md", ".h/f.md"]:
        (vault / name).parent.mkdir(parents=True, exist_ok=True)
        (vault / name).write_text(f"# {name}\n" * len(name))
    (vault / "linked").symlink_to(vault / ".h")  # a hidden folder: reached only this way
    (vault / "alias.md").symlink_to(vault / "a.md")  # a file seen already: once
    location = locate(vault)
    stamped = note_files(location, [], stamped=True)
    plain = note_files(location, [])
    assert [f[:3] for f in stamped] == [f[:3] for f in plain]
    names = [f[1] for f in stamped]
    assert names == ["B.MD", "a.md", "sub/c.md", "sub/deeper/d.md", "z.md", "linked/f.md"]
    for path, _, _, _, stamp in stamped:
        info = os.stat(path)
        assert stamp == (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
