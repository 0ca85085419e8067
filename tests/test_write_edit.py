"""`notes edit` and the editor seam: `+LINE`, a fake `$EDITOR`, `updated` only on change."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_kb import open_vault
from notes_kb.cli import views_write
from notes_kb.cli.app import app
from notes_kb.errors import NotesError, WriteRefusedError
from notes_kb.write.edit import stamp_like
from notes_kb.write.editor import editor_argv, open_editor
from tests.conftest import VaultFactory

NOW = datetime(2026, 12, 6, 13, 30, 5, tzinfo=UTC)
NOTE = (
    "---\nid: n1\ntitle: N  # kept\nupdated: 1700000000000 # ms\ncreated: 1\n---\n"
    "# N\n## Part\ntext\n"
)


def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str = "added") -> Path:
    """$EDITOR is a script named `vim` (so it is given `+LINE`) that records its arguments
    and appends a line to the file."""
    (tmp_path / "bin").mkdir(exist_ok=True)
    script = tmp_path / "bin" / "vim"
    log = tmp_path / "editor.log"
    body = f'printf "%s\\n" "$@" > "{log}"\n' + (
        f'for f; do :; done; printf "{line}\\n" >> "$f"\n' if line else ""
    )
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    return log


@pytest.mark.parametrize(
    ("command", "argv"),
    [
        ("vim", ["vim", "+7", "f.md"]),
        ("nvim -u NONE", ["nvim", "-u", "NONE", "+7", "f.md"]),
        ("/usr/bin/nano", ["/usr/bin/nano", "+7", "f.md"]),
        ("emacsclient -t", ["emacsclient", "-t", "+7", "f.md"]),
        ("hx", ["hx", "f.md:7"]),
        ("code --wait", ["code", "--wait", "-g", "f.md:7"]),
        ("ed-like-unknown", ["ed-like-unknown", "f.md"]),
    ],
)
def test_editor_argv_opens_at_the_line_where_supported(command: str, argv: list[str]) -> None:
    """`+LINE` for vi-style editors, FILE:LINE for hx, -g for VS Code, else the file alone."""
    assert editor_argv("f.md", 7, {"EDITOR": command}) == argv


def test_visual_wins_over_editor() -> None:
    """$VISUAL is used before $EDITOR, as every Unix tool does."""
    assert editor_argv("f.md", None, {"VISUAL": "kak", "EDITOR": "vim"}) == ["kak", "f.md"]


def test_an_editor_that_cannot_start_or_fails_is_one_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing editor or a non-zero exit is a NotesError, never a traceback."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    with pytest.raises(NotesError, match="cannot start the editor"):
        open_editor(str(tmp_path / "x.md"), 1)
    monkeypatch.setenv("EDITOR", "false")
    with pytest.raises(NotesError, match="exited with status 1"):
        open_editor(str(tmp_path / "x.md"), 1)


def test_edit_opens_at_the_section_and_stamps_updated(
    make_vault: VaultFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fake editor gets `+LINE` of the heading; only `updated`'s value changes after."""
    log = fake_editor(tmp_path, monkeypatch)
    root = make_vault({"n.md": NOTE})
    kb = open_vault(root)
    done = kb.edit("n#part", open_editor)
    assert done.opened and done.changed and done.stamped and done.line == 8
    assert log.read_text().splitlines() == ["+8", str(root / "n.md")]
    text = (root / "n.md").read_text()
    assert (
        text.replace(text.split("updated: ")[1].split(" ")[0], "X")
        == NOTE.replace("1700000000000", "X") + "added\n"
    )
    assert int(text.split("updated: ")[1].split(" ")[0]) > 1700000000000


def test_an_unchanged_note_is_not_touched(
    make_vault: VaultFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing the editor without a change leaves the bytes and the mtime alone."""
    fake_editor(tmp_path, monkeypatch, line="")
    root = make_vault({"n.md": NOTE})
    os.utime(root / "n.md", ns=(1_000_000_000, 1_000_000_000))
    done = open_vault(root).edit("n", open_editor)
    assert done.opened and not done.changed and not done.stamped and done.line == 7
    assert (root / "n.md").read_text() == NOTE
    assert (root / "n.md").stat().st_mtime_ns == 1_000_000_000


def test_a_note_without_updated_gets_none(
    make_vault: VaultFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No `updated:` key (or no frontmatter): the edit is kept and nothing is added."""
    fake_editor(tmp_path, monkeypatch)
    root = make_vault({"plain.md": "# Plain\r\n"})
    done = open_vault(root).edit("plain", open_editor)
    assert done.changed and not done.stamped
    assert (root / "plain.md").read_bytes() == b"# Plain\r\nadded\n"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("1700000000000", "1796563805000"),
        ("1700000000", "1796563805"),
        ("2024-01-02", "2026-12-06"),
        ("'2024-01-02T03:04:05Z'", "'2026-12-06T13:30:05Z'"),
        ('"2024-01-02T03:04:05+00:00"', None),
        ("soon", "1796563805000"),
    ],
)
def test_updated_is_written_as_it_was(old: str, new: str | None) -> None:
    """Epoch ms or s, ISO date or time, quoted or not: the new value keeps the form."""
    stamped = stamp_like(old, NOW)
    if new is not None:
        assert stamped == new
    else:
        assert stamped.startswith('"2026-12-06T') and stamped.endswith('"')


def test_a_read_only_note_is_refused_before_the_editor_opens(
    make_vault: VaultFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note without write permission is said at once, and the editor never starts."""
    log = fake_editor(tmp_path, monkeypatch)
    root = make_vault({"n.md": NOTE})
    (root / "n.md").chmod(0o444)
    with pytest.raises(WriteRefusedError, match=r"n\.md is read-only"):
        open_vault(root).edit("n", open_editor)
    assert not log.exists()


def test_cli_edit_piped_prints_the_path(make_vault: VaultFactory) -> None:
    """Not at a terminal, `edit` opens nothing and prints the note's path for other tools."""
    root = make_vault({"n.md": NOTE})
    result = CliRunner().invoke(app, ["--dir", str(root), "edit", "n"])
    assert result.exit_code == 0 and Path(result.stdout.strip()) == root / "n.md"


def test_cli_edit_asks_which_note_when_ambiguous(
    make_vault: VaultFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a terminal, two notes named alike become a numbered question; the choice opens."""
    log = fake_editor(tmp_path, monkeypatch)
    root = make_vault({"a/x.md": "# one\n", "b/x.md": "# two\n"})
    monkeypatch.setattr(views_write, "interactive", lambda: True)
    result = CliRunner().invoke(app, ["--dir", str(root), "edit", "x"], input="2\n")
    assert result.exit_code == 0, result.stderr
    assert "1. x (a/x.md)" in result.stderr and "2. x (b/x.md)" in result.stderr
    assert log.read_text().splitlines() == ["+1", str(root / "b" / "x.md")]
    assert "b/x.md saved" in result.stderr


def test_cli_new_opens_the_editor_at_a_terminal(
    make_vault: VaultFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`new` at a terminal opens the fake editor on the new file; --no-edit does not."""
    log = fake_editor(tmp_path, monkeypatch)
    root = make_vault({"a.md": ""})
    monkeypatch.setattr(views_write, "interactive", lambda: True)
    runner = CliRunner()
    assert runner.invoke(app, ["--dir", str(root), "new", "b", "--no-edit"]).exit_code == 0
    assert not log.exists()
    assert runner.invoke(app, ["--dir", str(root), "new", "c"]).exit_code == 0
    assert (root / "c.md").read_text().endswith("---\n\nadded\n")


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_real_notes_edit_in_a_terminal(
    make_vault: VaultFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The installed `notes edit`, run in a pseudo-terminal, opens $EDITOR and stamps."""
    import pty
    import subprocess

    log = fake_editor(tmp_path, monkeypatch)
    root = make_vault({"n.md": NOTE})
    notes = Path(sys.executable).with_name("notes")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [str(notes), "--dir", str(root), "edit", "n#part"],
            stdin=follower,
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == ["+8", str(root / "n.md")]
    assert (root / "n.md").read_text().endswith("text\nadded\n")
    assert "1700000000000" not in (root / "n.md").read_text()
