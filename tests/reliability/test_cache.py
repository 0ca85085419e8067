"""The cache heals and touches nothing else: in the way, full disk, other users' folders,
inside the vault, edits that keep size and mtime, atomic output files."""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_kb.cli.app import app
from notes_kb.config import locate
from notes_kb.index.cachefile import database_name
from tests.conftest import write_files
from tests.reliability.helpers import NOTES, env, hub_vault, run

pytestmark = pytest.mark.skipif(not NOTES.exists(), reason="the notes script is not installed")
BASE: dict[str, str | bytes] = {"a.md": "# A\n\napple\n", "b.md": "# B\n\nbanana\n"}
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def snapshot(folder: Path) -> dict[str, bytes | str]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else "<dir>"
        for p in sorted(folder.rglob("*"))
    }


def test_folder_in_place_of_the_cache_is_left_alone(tmp_path: Path) -> None:
    """A folder where the database should be: one notice, answers from memory, the folder
    and what is in it untouched."""
    vault = write_files(tmp_path / "vault", BASE)
    cache = tmp_path / "cache"
    database = cache / database_name(locate(vault))
    write_files(database, {"keep.txt": "mine\n"})
    done = run(vault, cache, "search", "banana", "--json")
    assert done.returncode == 0 and [h["path"] for h in json.loads(done.stdout)] == ["b.md"]
    assert done.stderr == (
        f"{database} is not a file; left alone, indexing in memory for this run\n"
    )
    assert (database / "keep.txt").read_text("utf-8") == "mine\n"


def _small_files() -> None:
    """In the child: files may not grow past 16 KB, and going past is an error, not death."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))


def test_full_disk_gives_one_notice_and_leaves_nothing_behind(tmp_path: Path) -> None:
    """Writes fail part-way through the cold build (as on a full disk): the command still
    answers, says so in one line, and leaves no database to break the next run."""
    vault = hub_vault(tmp_path / "vault", 300)
    cache = tmp_path / "cache"
    done = subprocess.run(
        [str(NOTES), "--dir", str(vault), "list", "--json"],
        env=env(cache),
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_small_files,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 301
    database = cache / database_name(locate(vault))
    assert done.stderr.startswith(f"cannot write the cache {database} (")
    assert done.stderr.endswith("; indexing in memory for this run\n")
    assert done.stderr.count("\n") == 1
    leftovers = sorted(p.name for p in cache.iterdir())
    assert [n for n in leftovers if "sqlite" in n and not n.endswith(".lock")] == []
    again = run(vault, cache, "list", "--json")
    assert (again.returncode, again.stderr, len(json.loads(again.stdout))) == (0, "", 301)


def test_cache_folder_is_created_private_and_tagged(tmp_path: Path) -> None:
    """A new cache folder is 0700 and holds a CACHEDIR.TAG."""
    vault = write_files(tmp_path / "vault", BASE)
    cache = tmp_path / "fresh" / "cache"
    assert run(vault, cache, "list").returncode == 0
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert (cache / "CACHEDIR.TAG").read_text("utf-8").startswith("Signature: 8a477f597d28")


@pytest.mark.skipif(not ROOT, reason="needs root to make files owned by another user")
def test_files_another_user_left_in_a_shared_folder_are_never_opened(tmp_path: Path) -> None:
    """A sticky, world-writable cache folder with another user's file under our database
    name: that file is never opened; our cache goes to a private sub-folder. When that
    sub-folder is theirs too, the run answers from memory and says why."""
    vault = write_files(tmp_path / "vault", BASE)
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    planted = shared / database_name(locate(vault))
    planted.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    os.chown(planted, 12345, 12345)
    done = run(vault, shared, "search", "apple", "--json")
    assert (done.returncode, done.stderr) == (0, "")
    assert planted.read_bytes() == b"SQLite format 3\x00" + b"\x00" * 200
    private = shared / f"notes-kb-{os.geteuid()}"
    assert (private / planted.name).is_file()
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    for path in private.rglob("*"):
        path.unlink()
    private.rmdir()
    private.mkdir()
    os.chown(private, 12345, 12345)
    done = run(vault, shared, "search", "apple", "--json")
    assert done.returncode == 0 and [h["path"] for h in json.loads(done.stdout)] == ["a.md"]
    assert done.stderr == (
        f"cache folder {shared} can be written by other users, and cache folder {private} "
        "belongs to another user; indexing in memory for this run\n"
    )
    assert list(private.iterdir()) == []


def test_a_cache_folder_inside_the_vault_is_never_indexed(tmp_path: Path) -> None:
    """NOTES_CACHE_DIR inside the vault: its files never become notes."""
    vault = write_files(tmp_path / "vault", BASE)
    cache = vault / "cache"
    assert run(vault, cache, "list").returncode == 0
    (cache / "stray.md").write_text("# Stray\n", "utf-8")
    done = run(vault, cache, "list", "--json")
    assert [n["path"] for n in json.loads(done.stdout)] == ["a.md", "b.md"]


def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path: Path) -> None:
    """Same size, modification time put back: ctime (and inode) still tell the change."""
    vault = write_files(tmp_path / "vault", BASE)
    cache = tmp_path / "cache"
    assert [h["path"] for h in json.loads(run(vault, cache, "search", "apple", "--json").stdout)]
    note = vault / "a.md"
    before = note.stat()
    note.write_text("# A\n\ncherr\n", "utf-8")  # "apple" -> "cherr": same length
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert note.stat().st_size == before.st_size
    found = json.loads(run(vault, cache, "search", "cherr", "--json").stdout)
    assert [h["path"] for h in found] == ["a.md"]


def test_output_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """`graph --output`: a write that fails part-way leaves the old file as it was and no
    temporary file; one that succeeds replaces it whole."""
    vault = hub_vault(tmp_path / "vault", 300)
    cache = tmp_path / "cache"
    assert run(vault, cache, "list").returncode == 0  # the cache is built without a limit
    out = tmp_path / "out"
    out.mkdir()
    page = out / "graph.html"
    page.write_text("old page\n", "utf-8")
    done = subprocess.run(
        [str(NOTES), "--dir", str(vault), "graph", "--output", str(page)],
        env=env(cache),
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_small_files,
    )
    assert done.returncode == 1  # (the cache may say it works in memory: files are small)
    assert done.stderr.splitlines()[-1].startswith(f"Error: cannot write {page}: ")
    assert (page.read_text("utf-8"), sorted(p.name for p in out.iterdir())) == (
        "old page\n",
        ["graph.html"],
    )
    assert run(vault, cache, "graph", "--output", str(page)).returncode == 0
    assert page.read_text("utf-8").startswith("<!doctype html>")


def test_kept_results_that_are_no_utf8_are_made_again(tmp_path: Path) -> None:
    """A cache whose kept text results hold bytes that are no UTF-8 (written by something
    else) is not trusted: every read command answers as on a cache made afresh, with no
    traceback, and keeps its results again."""
    import sqlite3

    apple = "# C\n\n- **Apple**: a sweet fruit that grows on trees in orchards.\n"
    vault = write_files(tmp_path / "vault", {**BASE, "c.md": apple})
    cache, fresh = tmp_path / "cache", tmp_path / "fresh"
    commands = [("glossary",), ("concepts",), ("define", "apple"), ("links", "a"), ("show", "a")]
    for args in commands:
        run(vault, cache, *args)
    (path,) = cache.glob("*.sqlite")
    with sqlite3.connect(path) as conn:
        bad = conn.execute(
            "UPDATE results SET data = CAST(x'ff41ff' AS TEXT) WHERE typeof(data) = 'text'"
        ).rowcount
    assert bad > 0
    for args in commands:  # the answers of a fresh cache made in this process
        done, made = run(vault, cache, *args), in_process(vault, fresh, *args)
        assert (done.returncode, done.stdout) == made, args
        assert done.returncode == 0, args
        assert "Traceback" not in done.stderr, args
    with sqlite3.connect(path) as conn:
        left = conn.execute("SELECT count(*) FROM results WHERE data = CAST(x'ff41ff' AS TEXT)")
        assert left.fetchone() == (0,)


def in_process(vault: Path, cache: Path, *args: str) -> tuple[int, str]:
    """Exit code and stdout of a command run in this process, piped."""
    env = {"NOTES_CACHE_DIR": str(cache), "TTY_COMPATIBLE": "0"}
    result = CliRunner().invoke(app, ["--dir", str(vault), *args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def test_a_title_in_the_cache_that_is_no_utf8_is_shown_replaced(tmp_path: Path) -> None:
    """A note's title another program turned into bytes that are no UTF-8, inside the cache:
    every command still answers, the bad bytes shown as U+FFFD, with no traceback."""
    import sqlite3

    vault = write_files(tmp_path / "vault", BASE)
    cache = tmp_path / "cache"
    run(vault, cache, "list")
    (path,) = cache.glob("*.sqlite")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE notes SET title = CAST(x'ff41ff' AS TEXT)")
    for args in (("list",), ("search", "apple"), ("show", "a"), ("glossary",), ("concepts",)):
        done = run(vault, cache, *args)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr)
    assert "\ufffdA\ufffd" in run(vault, cache, "list").stdout
