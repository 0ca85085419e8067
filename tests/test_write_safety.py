"""The write-safety contract of `files.py`, and the writing commands run for real."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_kb import files, open_vault
from notes_kb.cli.app import app
from notes_kb.errors import WriteRefusedError
from tests.conftest import VaultFactory
from tests.test_write_rename import snapshot


def test_a_replace_keeps_the_mode_and_a_failed_one_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mode 0640 survives a write; a crash at the rename leaves the old bytes, no temp file."""
    note = tmp_path / "n.md"
    note.write_bytes(b"old\r\n")
    note.chmod(0o640)
    _, snap = files.read_for_write(str(note), str(tmp_path))
    files.replace_checked(str(note), b"new\r\n", snap, str(tmp_path))
    assert note.read_bytes() == b"new\r\n" and note.stat().st_mode & 0o777 == 0o640

    def crash(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files.os, "replace", crash)
    _, snap = files.read_for_write(str(note), str(tmp_path))
    with pytest.raises(OSError):
        files.replace_checked(str(note), b"newer\r\n", snap, str(tmp_path))
    assert note.read_bytes() == b"new\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["n.md"]


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    """Same size and mtime but other bytes: the hash catches it; nothing is written."""
    note = tmp_path / "n.md"
    note.write_bytes(b"aaaa\n")
    _, snap = files.read_for_write(str(note), str(tmp_path))
    stat = note.stat()
    note.write_bytes(b"bbbb\n")
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with pytest.raises(WriteRefusedError, match="changed on disk since it was read"):
        files.replace_checked(str(note), b"mine\n", snap, str(tmp_path))
    assert note.read_bytes() == b"bbbb\n"
    note.unlink()
    with pytest.raises(WriteRefusedError, match="gone"):
        files.replace_checked(str(note), b"mine\n", snap, str(tmp_path))


def test_create_new_never_replaces_a_file(tmp_path: Path) -> None:
    """A file that appeared after the checks is still not overwritten."""
    (tmp_path / "n.md").write_text("theirs\n")
    with pytest.raises(WriteRefusedError, match="already exists"):
        files.create_new(str(tmp_path / "n.md"), b"mine\n", str(tmp_path))
    assert (tmp_path / "n.md").read_text() == "theirs\n"
    assert [p.name for p in tmp_path.iterdir()] == ["n.md"]


def test_no_write_through_a_link_out_of_the_vault(make_vault: VaultFactory, tmp_path: Path) -> None:
    """A folder or note that is a symbolic link leading out is refused; outside is untouched."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("[[a]]\n")
    root = make_vault({"a.md": "x\n"})
    (root / "ext").symlink_to(outside)
    (root / "link.md").symlink_to(outside / "secret.md")
    with pytest.raises(WriteRefusedError, match="leads out of the vault"):
        files.writable_path(root / "link.md", root)
    result = CliRunner().invoke(app, ["--dir", str(root), "new", "ext/x"])
    assert result.exit_code == 1 and "leads out of the vault" in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["secret.md"]
    open_vault(root).rename("a", "b")  # the link out is no note: it is not rewritten
    assert (outside / "secret.md").read_text() == "[[a]]\n"


def test_a_read_only_vault_is_never_written(make_vault: VaultFactory) -> None:
    """Without write permission (checked by mode bits too, so also as root) every writing
    command stops with a clear error and the vault stays byte for byte."""
    root = make_vault({"a.md": "[[b]]\n", "b.md": "---\nupdated: 1\n---\n"})
    before = snapshot(root)
    for path in (root / "a.md", root / "b.md", root):
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        runner = CliRunner()
        for args in (["new", "c"], ["rename", "b", "c"], ["daily", "--no-edit"]):
            result = runner.invoke(app, ["--dir", str(root), *args])
            assert result.exit_code == 1, args
            assert "read-only" in result.stderr, (args, result.stderr)
        assert snapshot(root) == before
    finally:
        root.chmod(0o755)


def test_a_read_only_linking_note_stops_the_rename(make_vault: VaultFactory) -> None:
    """One read-only note among those to rewrite: nothing is renamed or rewritten."""
    root = make_vault({"old.md": "x\n", "a.md": "[[old]]\n", "b.md": "[[old]]\n"})
    (root / "b.md").chmod(0o444)
    before = snapshot(root)
    with pytest.raises(WriteRefusedError, match=r"b\.md is read-only"):
        open_vault(root).rename("old", "new")
    assert snapshot(root) == before


def run(*args: str, vault: Path) -> subprocess.CompletedProcess[str]:
    notes = Path(sys.executable).with_name("notes")
    return subprocess.run(
        [str(notes), "--dir", str(vault), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_real_rename_dry_run_then_rename_then_check(make_vault: VaultFactory) -> None:
    """The installed `notes`: a dry run writes nothing, the rename leaves no broken link."""
    root = make_vault(
        {
            "topic.md": "---\nid: t\ntitle: Topic\n---\n# Topic\n",
            "a.md": "[[topic]] and [[topic#topic|Topic]]\n",
            "b.md": "![[topic]] [x](topic.md)\n",
        }
    )
    before = snapshot(root)
    dry = run("rename", "topic", "subject", "--dry-run", vault=root)
    assert dry.returncode == 0 and "+[[subject]] and [[subject#topic|Topic]]" in dry.stdout
    assert snapshot(root) == before
    done = run("rename", "topic", "subject", vault=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "renamed topic.md → subject.md"
    assert run("check", vault=root).returncode == 0
    found = run("search", "topic", vault=root)
    assert "subject.md" in found.stdout
