"""A terminal or pipe whose encoding lacks a note's characters (`PYTHONIOENCODING=latin-1`,
`ascii`) gets every answer, never a traceback: text with "?" for what it cannot write, JSON
with its own escapes, so it loads to the same data as a UTF-8 run's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NOTES = Path(sys.executable).parent / "notes"
NOTE = "# Café ☕ attention\n\n**Attention** is a mechanism — it weighs tokens ✓.\n"


def notes(vault: Path, encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NOTES_CACHE_DIR": str(vault.parent)}
    command = [str(NOTES), "--dir", str(vault), *args]
    return subprocess.run(command, capture_output=True, env=env, timeout=60)


@pytest.fixture()
def vault(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "x.md").write_text(NOTE, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("encoding", "command"),
    [("latin-1", ("glossary", "--json")), ("ascii", ("define", "attention", "--json"))],
)
def test_json_keeps_every_character_in_its_own_escapes(
    vault: Path, encoding: str, command: tuple[str, ...]
) -> None:
    wide = notes(vault, "utf-8", *command)
    narrow = notes(vault, encoding, *command)
    assert narrow.returncode == wide.returncode == 0, narrow.stderr
    assert narrow.stdout.isascii()
    assert json.loads(narrow.stdout) == json.loads(wide.stdout.decode("utf-8"))


@pytest.mark.parametrize(
    ("encoding", "command"),
    [
        ("latin-1", ("glossary",)),
        ("ascii", ("define", "attention")),
        ("ascii", ("show", "x")),
        ("latin-1", ("search", "attention")),
    ],
)
def test_text_writes_what_the_encoding_lacks_as_a_question_mark(
    vault: Path, encoding: str, command: tuple[str, ...]
) -> None:
    done = notes(vault, encoding, *command)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert "mechanism ? it weighs tokens ?" in done.stdout.decode(encoding)
