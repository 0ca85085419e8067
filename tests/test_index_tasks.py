"""The files a refresh parses, packed (`records.Tasks`): each task says what the walk found,
name, path, vault, stamp and whether a link was followed, as a task made from it alone."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from notes_kb.config import locate
from notes_kb.index.build import walk_stamps
from notes_kb.index.records import FileTask, Tasks
from notes_kb.index.walk import NoteFile
from tests.conftest import write_files


def _task(found: NoteFile, root: str, limit: int) -> FileTask:
    """A task made from one walked file, field by field."""
    path, rel, vault_dir, entry, stamp = found
    assert stamp is not None
    return FileTask(path, rel, vault_dir.name, root, *stamp, entry is None, limit)


def test_packed_tasks_are_the_files_the_walk_found(tmp_path: Path) -> None:
    """Plain, nested, spaced and undecodable names, one by one and in slices."""
    vault = tmp_path / "vault"
    write_files(vault, {"a.md": "# A\n", "deep/b.md": "# B\n", "c d é.md": "# C\n"})
    with contextlib.suppress(OSError, UnicodeError):  # a file system of UTF-8 names only
        (vault / os.fsdecode(b"bad-\xff.md")).write_text("# Bad\n")
    found = walk_stamps(locate(vault), [])
    assert len(found) >= 3
    tasks = Tasks(found, "/real/root", 1000)
    expected = [_task(f, "/real/root", 1000) for f in found]
    assert len(tasks) == len(expected)
    assert [tasks[n] for n in range(len(tasks))] == expected
    assert tasks[1:] == expected[1:] and tasks[-1] == expected[-1] and list(tasks) == expected
    with pytest.raises(IndexError):
        tasks[len(tasks)]


def test_stamps_beyond_64_bits_are_kept(tmp_path: Path) -> None:
    """A stamp no 64-bit integer holds (an inode of some file systems) is kept as it is."""
    write_files(tmp_path, {"a.md": "# A\n", "b.md": "# B\n"})
    found = walk_stamps(locate(tmp_path), [])
    huge = [(*f[:4], (1, 2, 3, 2**64 - 1)) for f in found]
    tasks = Tasks(huge, str(tmp_path), 10)
    assert [t.stamp for t in tasks] == [(1, 2, 3, 2**64 - 1)] * len(found)
    assert [t.rel for t in tasks] == [f[1] for f in found]
