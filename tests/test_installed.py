"""True subprocess runs of the installed `notes`, as a user's shell would start it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

NOTES = shutil.which("notes", path=str(Path(sys.executable).parent)) or shutil.which("notes")
pytestmark = pytest.mark.skipif(NOTES is None, reason="the notes script is not installed")


def notes(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NOTES_DIR"}
    return subprocess.run(
        [str(NOTES), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_show_chapter_1_from_the_repo_root_finds_the_bundled_vault() -> None:
    """In a fresh clone, `notes show chapter-1` at the root reads notes/ without options."""
    done = notes("show", "chapter-1", "--no-pager")
    assert done.returncode == 0, done.stderr
    assert "Chapter 1 - Building AI Applications with Foundation Models" in done.stdout
    assert "\x1b" not in done.stdout  # piped: no colour codes


@pytest.mark.usefixtures("indexed_bundled")  # a cache of the bundled notes
def test_wrong_name_is_one_line_and_no_traceback() -> None:
    """A typo exits 1 with one error line and a suggestion, never a traceback."""
    done = notes("show", "tokn")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith('Error: no note "tokn" (did you mean "token"')
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


@pytest.mark.usefixtures("indexed_bundled")  # a cache of the bundled notes
def test_python_dash_m_works_too() -> None:
    """`python -m notes_kb` is the same program."""
    done = subprocess.run(
        [sys.executable, "-m", "notes_kb", "--dir", str(REPO / "notes"), "list", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == len(list((REPO / "notes").glob("*.md")))


@pytest.mark.usefixtures("indexed_bundled")  # a cache of the bundled notes
def test_closed_pipe_ends_quietly() -> None:
    """`notes list | head -1` prints one line and no BrokenPipe traceback."""
    done = subprocess.run(
        f"'{NOTES}' --dir '{REPO / 'notes'}' tree | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_usage_error_exits_2() -> None:
    """An unknown option is a usage error: exit 2, message on stderr."""
    done = notes("list", "--bogus")
    assert done.returncode == 2 and done.stdout == ""
    assert "--bogus" in done.stderr
