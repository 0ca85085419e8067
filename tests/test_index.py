"""The SQLite cache: incremental refresh, where it lives, recovery from a damaged cache,
concurrent cold starts, an unwritable cache folder, `notes index`, and loading from it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from notes_kb.cli.app import app
from notes_kb.config import locate
from notes_kb.index import kept_walk
from notes_kb.index import load as vault_module
from notes_kb.index.search import search
from notes_kb.index.store import APPLICATION_ID, SCHEMA_VERSION, Index, RefreshStats, database_name
from notes_kb.jsonable import jsonable
from notes_kb.model import Note
from notes_kb.parse.markdown import sections_of
from tests.conftest import VaultFactory

runner = CliRunner()
NOTES = Path(sys.executable).parent / "notes"
STATUS_KEYS = {
    "vault",
    "cache",
    "notes",
    "files",
    "bytes",
    "schema",
    "last_refresh",
    "refresh_seconds",
    "last_change",
}


def run(*args: str, vault: Path) -> tuple[int, str, str]:
    """The CLI in process, as tests/test_cli.py runs it: (exit code, stdout, stderr)."""
    result = runner.invoke(app, ["--dir", str(vault), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def search_paths(vault: Path, query: str) -> tuple[list[str], str]:
    """`notes search --json QUERY`: the notes found in order, each once, and stderr."""
    code, out, err = run("search", "--json", query, vault=vault)
    assert code == (0 if json.loads(out) else 1), err  # 1: nothing found, like grep
    paths: list[str] = []
    for hit in json.loads(out):
        if hit["path"] not in paths:
            paths.append(hit["path"])
    return paths, err


def refreshed(vault: Path, folder: Path) -> tuple[Index, RefreshStats]:
    """A fresh Index (one run of the program) brought up to date."""
    index = Index.open(locate(vault), folder)
    return index, index.refresh()


def counts(stats: RefreshStats) -> tuple[int, int, int]:
    return stats.scanned, stats.parsed, stats.removed


def found(index: Index, query: str) -> list[str]:
    return sorted({hit.path for hit in search(index.conn, query).hits})


def listed(index: Index) -> list[str]:
    return [note.path for note in index.load_vault().notes]


def bump_mtime(path: Path, seconds: int = 10) -> None:
    """Move a file's mtime forward so a change is seen even within one clock tick."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


BASE: dict[str, str | bytes] = {
    "alpha.md": "---\ntitle: Alpha\n---\nthe apple orchard\n",
    "beta.md": "---\ntitle: Beta\n---\nthe banana boat\n",
    "gamma.md": "---\ntitle: Gamma\n---\nthe cherry tree\n",
}


# -- incremental refresh ---------------------------------------------------------------------


def test_unchanged_vault_parses_nothing_on_the_second_run(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """A first run parses every file; a second run over the same files parses none."""
    vault = make_vault(BASE)
    index, stats = refreshed(vault, tmp_path / "c")
    assert counts(stats) == (3, 3, 0)
    index.close()
    index, stats = refreshed(vault, tmp_path / "c")
    assert counts(stats) == (3, 0, 0)
    assert counts(index.refresh()) == (3, 0, 0)
    assert listed(index) == ["alpha.md", "beta.md", "gamma.md"]
    assert found(index, "banana") == ["beta.md"]
    index.close()


def test_edited_note_is_parsed_again(make_vault: VaultFactory, tmp_path: Path) -> None:
    """Editing a note (same size, new mtime) re-parses only it; search sees the new text."""
    vault = make_vault(BASE)
    index, _ = refreshed(vault, tmp_path / "c")
    index.close()
    path = vault / "beta.md"
    before = path.read_text(encoding="utf-8")
    after = before.replace("banana boat", "mango drink")
    assert len(after) == len(before)
    path.write_text(after, encoding="utf-8")
    bump_mtime(path)
    index, stats = refreshed(vault, tmp_path / "c")
    assert counts(stats) == (3, 1, 0)
    assert (found(index, "banana"), found(index, "mango")) == ([], ["beta.md"])
    assert listed(index) == ["alpha.md", "beta.md", "gamma.md"]
    index.close()


def test_edited_title_is_seen_by_list(make_vault: VaultFactory) -> None:
    """A new title after an edit shows in the loaded notes and in `notes list --json`."""
    vault = make_vault(BASE)
    assert [n["title"] for n in json.loads(run("list", "--json", vault=vault)[1])] == [
        "Alpha",
        "Beta",
        "Gamma",
    ]
    path = vault / "gamma.md"
    path.write_text("---\ntitle: Gamma renamed\n---\nthe cherry tree\n", encoding="utf-8")
    bump_mtime(path)
    assert [n["title"] for n in json.loads(run("list", "--json", vault=vault)[1])] == [
        "Alpha",
        "Beta",
        "Gamma renamed",
    ]


def test_added_note_is_parsed_and_found(make_vault: VaultFactory, tmp_path: Path) -> None:
    """A new file is the only one parsed; it is listed and searchable."""
    vault = make_vault(BASE)
    index, _ = refreshed(vault, tmp_path / "c")
    index.close()
    (vault / "sub").mkdir()
    (vault / "sub" / "delta.md").write_text("---\ntitle: Delta\n---\nthe date palm\n", "utf-8")
    index, stats = refreshed(vault, tmp_path / "c")
    assert counts(stats) == (4, 1, 0)
    assert listed(index) == ["alpha.md", "beta.md", "sub/delta.md", "gamma.md"]
    assert found(index, "palm") == ["sub/delta.md"]
    index.close()


def test_deleted_note_leaves_the_cache(make_vault: VaultFactory, tmp_path: Path) -> None:
    """A deleted file is removed, parses nothing, and is no longer listed or found."""
    vault = make_vault(BASE)
    index, _ = refreshed(vault, tmp_path / "c")
    index.close()
    (vault / "alpha.md").unlink()
    index, stats = refreshed(vault, tmp_path / "c")
    assert counts(stats) == (2, 0, 1)
    assert listed(index) == ["beta.md", "gamma.md"]
    assert found(index, "apple") == []
    assert index.status()["notes"] == 2
    index.close()


def test_renamed_note_is_one_removal_and_one_parse(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """A rename drops the old path and parses the new one; search gives the new path only."""
    vault = make_vault(BASE)
    index, _ = refreshed(vault, tmp_path / "c")
    index.close()
    os.rename(vault / "beta.md", vault / "zeta.md")
    index, stats = refreshed(vault, tmp_path / "c")
    assert counts(stats) == (3, 1, 1)
    assert listed(index) == ["alpha.md", "gamma.md", "zeta.md"]
    assert found(index, "banana") == ["zeta.md"]
    assert [n.id for n in index.load_vault().notes] == ["alpha", "gamma", "zeta"]
    index.close()


def test_an_unchanged_walk_is_told_by_its_digest(
    make_vault: VaultFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that finds every file as the cache last saw it compares one digest of the
    walk, not each file's stamp; a same-size edit with its mtime put back, an addition and
    a removal each change the digest, and each is seen, from the kept chunks of the walk
    (never by reading every file's stamp)."""
    vault = make_vault(BASE)
    index, _ = refreshed(vault, tmp_path / "c")
    index.close()
    compared: list[int] = []
    compare = kept_walk.compare

    def counted(*args: Any) -> Any:
        compared.append(1)
        return compare(*args)

    def whole(*args: Any) -> Any:
        raise AssertionError("every stamp compared")

    monkeypatch.setattr(kept_walk, "compare", counted)
    monkeypatch.setattr(kept_walk, "compare_all", whole)
    index, stats = refreshed(vault, tmp_path / "c")
    assert (counts(stats), len(compared)) == ((3, 0, 0), 0)
    note = vault / "beta.md"
    before = note.stat()
    note.write_text(note.read_text("utf-8").replace("banana", "papaya"), "utf-8")
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert note.stat().st_size == before.st_size
    assert (counts(index.refresh()), len(compared)) == ((3, 1, 0), 1)
    (vault / "delta.md").write_text("the date palm\n", "utf-8")
    assert (counts(index.refresh()), len(compared)) == ((4, 1, 0), 2)
    (vault / "alpha.md").unlink()
    assert (counts(index.refresh()), len(compared)) == ((3, 0, 1), 3)
    assert (counts(index.refresh()), len(compared)) == ((3, 0, 0), 3)
    assert (found(index, "papaya"), found(index, "banana"), listed(index)) == (
        ["beta.md"],
        [],
        ["beta.md", "delta.md", "gamma.md"],
    )
    index.close()


def test_each_change_is_seen_by_the_cli(make_vault: VaultFactory) -> None:
    """Edit, add, delete and rename between CLI runs: each next search reflects it."""
    vault = make_vault(BASE)
    paths, err = search_paths(vault, "the")
    assert (sorted(paths), err) == (["alpha.md", "beta.md", "gamma.md"], "")
    (vault / "alpha.md").write_text("---\ntitle: Alpha\n---\nthe apricot jam\n", "utf-8")
    bump_mtime(vault / "alpha.md")
    assert search_paths(vault, "apricot") == (["alpha.md"], "")
    assert search_paths(vault, "apple") == ([], "")
    (vault / "delta.md").write_text("---\ntitle: Delta\n---\nthe apricot tart\n", "utf-8")
    assert sorted(search_paths(vault, "apricot")[0]) == ["alpha.md", "delta.md"]
    (vault / "alpha.md").unlink()
    assert search_paths(vault, "apricot") == (["delta.md"], "")
    os.rename(vault / "delta.md", vault / "epsilon.md")
    assert search_paths(vault, "apricot") == (["epsilon.md"], "")
    code, out, _ = run("list", "--json", vault=vault)
    assert (code, [n["path"] for n in json.loads(out)]) == (
        0,
        ["beta.md", "epsilon.md", "gamma.md"],
    )


# -- where the cache lives -------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """Every path below a folder (folders too) with the sha256 of each file."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<dir>"
        )
        for path in sorted(folder.rglob("*"))
    }


def test_cache_lives_in_notes_cache_dir_never_in_the_vault(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """Search and rebuild leave every vault file and folder as it was; the cache is elsewhere."""
    vault = make_vault({**BASE, "sub/deep.md": "# Deep\n\ndeep apple\n"})
    before = snapshot(vault)
    assert sorted(search_paths(vault, "apple")[0]) == ["alpha.md", "sub/deep.md"]
    assert run("index", "--rebuild", vault=vault)[0] == 0
    assert run("list", vault=vault)[0] == 0
    assert snapshot(vault) == before
    cache = tmp_path / "cache"
    name = database_name(locate(vault))
    assert (cache / name).is_file()
    code, out, _ = run("index", "--json", vault=vault)
    assert (code, json.loads(out)["cache"]) == (0, str(cache / name))


# -- a damaged cache is rebuilt --------------------------------------------------------------


def damage(database: Path, kind: str) -> str:
    """Spoil the cache file one way; return the reason the rebuild notice should give."""
    if kind == "garbage":
        database.write_bytes(bytes(range(256)) * 64)
        return "was damaged"
    if kind == "truncated":
        database.write_bytes(database.read_bytes()[:100])
        return "was damaged"
    if kind == "middle":  # the header of a page in the middle spoiled, its times put back
        before = database.stat()
        data = bytearray(database.read_bytes())
        size = int.from_bytes(data[16:18], "big")  # the page size, from the file's header
        page = len(data) // size // 2 * size
        data[page : page + 64] = b"\xa5" * 64
        database.write_bytes(bytes(data))
        os.utime(database, ns=(before.st_atime_ns, before.st_mtime_ns))
        return "was damaged"
    if kind == "empty":
        database.write_bytes(b"")
        return "was empty"
    if kind == "foreign":
        database.unlink()
        conn = sqlite3.connect(database)
        conn.execute("CREATE TABLE foo(x)")
        conn.execute("INSERT INTO foo VALUES (1)")
        conn.commit()
        conn.close()
        return "was not a notes-kb database"
    conn = sqlite3.connect(database)  # "old-0", "old-next": a real cache, another version
    version = 0 if kind == "old-0" else SCHEMA_VERSION + 1
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return "had an older schema" if kind == "old-0" else "was made by a newer notes-kb"


@pytest.mark.parametrize(
    "kind",
    [
        "garbage",
        "truncated",
        "middle",
        "empty",
        "old-0",
        "old-next",
    ],
)
def test_damaged_cache_is_rebuilt_with_a_notice(
    make_vault: VaultFactory, tmp_path: Path, kind: str
) -> None:
    """A corrupt, truncated, empty, foreign or old cache: the command works and says so."""
    vault = make_vault(BASE)
    index, _ = refreshed(vault, tmp_path / "cache")
    database = index.path
    assert database is not None
    index.close()
    reason = damage(database, kind)
    code, out, err = run("search", "--json", "banana", vault=vault)
    assert code == 0
    assert [hit["path"] for hit in json.loads(out)] == ["beta.md"]
    assert err == f"cache {database} {reason}; rebuilding it\n"
    conn = sqlite3.connect(database)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 3
    conn.close()
    assert search_paths(vault, "cherry") == (["gamma.md"], "")  # rebuilt once, then quiet


def test_foreign_database_under_our_name_is_never_modified(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """Another program's SQLite file where our cache should be: left byte for byte, the
    command answers from memory and says why in one line."""
    vault = make_vault(BASE)
    index, _ = refreshed(vault, tmp_path / "cache")
    database = index.path
    assert database is not None
    index.close()
    damage(database, "foreign")
    before = snapshot(tmp_path / "cache")
    code, out, err = run("search", "--json", "banana", vault=vault)
    assert (code, [hit["path"] for hit in json.loads(out)]) == (0, ["beta.md"])
    assert err == (
        f"{database} is another program's database; left alone, indexing in memory for this run\n"
    )
    after = snapshot(tmp_path / "cache")
    assert {k: v for k, v in after.items() if not k.endswith(".lock")} == {
        k: v for k, v in before.items() if not k.endswith(".lock")
    }


@pytest.mark.parametrize("kind", ["garbage", "truncated", "middle", "empty", "old-0"])
def test_damaged_cache_gives_correct_results(
    make_vault: VaultFactory, tmp_path: Path, kind: str
) -> None:
    """Whatever the damage, the next command succeeds with the right notes and counts."""
    vault = make_vault(BASE)
    index, _ = refreshed(vault, tmp_path / "cache")
    database = index.path
    assert database is not None
    index.close()
    damage(database, kind)
    code, out, _ = run("index", "--json", vault=vault)
    assert code == 0
    status = json.loads(out)
    assert (status["notes"], status["files"], status["schema"]) == (3, 3, SCHEMA_VERSION)
    assert search_paths(vault, "apple")[0] == ["alpha.md"]


# -- several processes at once ---------------------------------------------------------------


@pytest.mark.skipif(not NOTES.exists(), reason="the notes script is not installed")
def test_concurrent_cold_starts_agree(make_vault: VaultFactory, tmp_path: Path) -> None:
    """Eight `notes search` started together on an empty cache all succeed with one answer."""
    files: dict[str, str | bytes] = {}
    for n in range(300):
        word = "token" if n % 7 == 0 else "word"
        files[f"topic-{n // 30}.note-{n:03}.md"] = (
            f"---\ntitle: Note {n}\ntags: [t{n % 5}]\n---\n# Note {n}\n\n"
            f"Text {n} with a {word} and filler {'lorem ' * (n % 11)}\n\n"
            f"## Part\n\nMore {word} text in part {n}.\n"
        )
    vault = make_vault(files)
    cache = tmp_path / "shared-cache"
    cache.mkdir()
    env = {**os.environ, "NOTES_CACHE_DIR": str(cache)}
    argv = [str(NOTES), "--dir", str(vault), "search", "token", "--json"]
    processes = [
        subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    outputs = [process.communicate(timeout=60) for process in processes]
    assert [process.returncode for process in processes] == [0] * 8, outputs[0][1]
    for _, err in outputs:  # a run that had to wait long enough says for whom, once
        assert re.fullmatch(
            r"(waiting for notes \(pid \d+, [^)]*\) to finish updating the cache\n)?", err
        )
    assert len({out for out, _ in outputs}) == 1
    hits = json.loads(outputs[0][0])
    assert len({hit["path"] for hit in hits}) == 20  # 43 notes match; the default limit is 20
    assert [p.name for p in cache.glob("*.sqlite")] == [database_name(locate(vault))]
    index = Index.open(locate(vault), cache)
    assert index.status()["notes"] == 300, index.notices
    assert counts(index.refresh()) == (300, 0, 0)
    index.close()


# -- no writable cache folder ----------------------------------------------------------------


def test_unwritable_cache_folder_falls_back_to_memory(
    make_vault: VaultFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NOTES_CACHE_DIR under a regular file: the command works in memory and says so."""
    vault = make_vault(BASE)
    before = snapshot(vault)
    (tmp_path / "file.txt").write_text("not a folder\n", encoding="utf-8")
    folder = tmp_path / "file.txt" / "cache"
    monkeypatch.setenv("NOTES_CACHE_DIR", str(folder))
    paths, err = search_paths(vault, "banana")
    assert paths == ["beta.md"]
    assert err.count("\n") == 1
    assert err.startswith(f"cache folder {folder} cannot be made (")
    assert err.endswith("); indexing in memory for this run\n")
    code, out, err = run("index", "--json", vault=vault)
    status = json.loads(out)
    assert (code, status["cache"], status["notes"], status["bytes"]) == (0, None, 3, 0)
    assert "in memory" in err
    code, out, _ = run("index", vault=vault)
    assert code == 0 and re.search(r"^cache\s+in memory \(0\.0 MB\)\s*$", out, re.M)
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "not a folder\n"
    assert snapshot(vault) == before
    assert not (tmp_path / "cache").exists()


# -- `notes index` ---------------------------------------------------------------------------


def test_index_command_shows_notes_count_and_cache_path(
    make_vault: VaultFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`notes index` prints the vault, notes, files and the cache file with its size."""
    monkeypatch.setenv("COLUMNS", "400")  # long tmp paths stay on one line
    vault = make_vault({**BASE, "binary.md": b"\x00\x01"})
    code, out, err = run("index", vault=vault)
    assert (code, err) == (0, "")
    rows = dict(
        re.fullmatch(r"(\w+(?: \w+)?)\s{2,}(.*?)\s*", line).groups()  # type: ignore[union-attr]
        for line in out.splitlines()
    )
    assert list(rows) == ["vault", "notes", "files", "cache", "last change", "refreshed", "took"]
    database = tmp_path / "cache" / database_name(locate(vault))
    assert (rows["vault"], rows["notes"], rows["files"]) == (str(vault), "3", "4")
    assert re.fullmatch(re.escape(str(database)) + r" \(\d+\.\d MB\)", rows["cache"])
    assert re.fullmatch(r"\d+\.\d{3} s", rows["took"])
    datetime.fromisoformat(rows["refreshed"])
    datetime.fromisoformat(rows["last change"])  # this first run built the cache


def test_index_json_has_the_documented_keys(make_vault: VaultFactory, tmp_path: Path) -> None:
    """`notes index --json` has exactly vault, cache, notes, files, bytes, schema and times."""
    vault = make_vault(BASE)
    code, out, err = run("index", "--json", vault=vault)
    assert (code, err) == (0, "")
    status = json.loads(out)
    assert set(status) == STATUS_KEYS
    database = tmp_path / "cache" / database_name(locate(vault))
    assert {k: status[k] for k in ("vault", "cache", "notes", "files", "schema")} == {
        "vault": str(vault),
        "cache": str(database),
        "notes": 3,
        "files": 3,
        "schema": SCHEMA_VERSION,
    }
    assert isinstance(status["bytes"], int) and status["bytes"] >= database.stat().st_size > 0
    assert isinstance(status["refresh_seconds"], float) and status["refresh_seconds"] >= 0
    assert datetime.fromisoformat(status["last_refresh"]).tzinfo is not None
    assert datetime.fromisoformat(status["last_change"]) <= datetime.fromisoformat(
        status["last_refresh"]
    )


def test_rebuild_parses_every_note_again(make_vault: VaultFactory, tmp_path: Path) -> None:
    """--rebuild parses all files though none changed; the counts stay the same."""
    vault = make_vault(BASE)
    index, _ = refreshed(vault, tmp_path / "c")
    assert counts(index.refresh()) == (3, 0, 0)
    assert counts(index.refresh(rebuild=True)) == (3, 3, 0)
    assert index.status()["notes"] == 3
    assert found(index, "cherry") == ["gamma.md"]
    assert listed(index) == ["alpha.md", "beta.md", "gamma.md"]
    index.close()
    code, out, _ = run("index", "--json", vault=vault)
    assert code == 0
    first = json.loads(out)
    code, out, err = run("index", "--rebuild", "--json", vault=vault)
    again = json.loads(out)
    assert (code, err) == (0, "")
    assert (again["notes"], again["files"]) == (first["notes"], first["files"]) == (3, 3)
    assert again["last_refresh"] > first["last_refresh"]
    assert again["last_change"] > first["last_change"]  # a rebuild writes; a plain read does not


# -- the cache loads what the loader would ---------------------------------------------------

VARIED: dict[str, str | bytes] = {
    "plain.md": "Just text, no frontmatter.\n",
    "full.md": "---\nid: abc123\ntitle: Full note\ndesc: A description\n"
    "tags: [one, two.three]\ncreated: 1600000000000\nupdated: 1700000000000\n---\n"
    "# Full note\n\nIntro.\n\n## Part one\n\ntext\n\n### Deep\n\nmore\n\n"
    "Setext\n------\n\nunder setext\n",
    "crlf.md": b"---\r\ntitle: CRLF\r\n---\r\n# CRLF\r\n\r\nline\r\n",
    "sub/dir/nested.md": "# Nested \u00fcn\u00efcode 词元\n\n```\n# not a heading\n```\n",
    "a.b.c.md": "---\ntitle: Dotted\ncreated: 2024-01-02T03:04:05Z\n---\nbody\n",
    "empty.md": "",
    "glossary.md": "---\ntitle: Glossary\ntags: [glossary]\n---\n- *token*: a unit\n",
    "utf16.md": "# UTF16\n\nhello\n".encode("utf-16"),
}
BROKEN: dict[str, str | bytes] = {
    "good.md": "---\ntitle: Good\n---\n# Good\n",
    "bad-yaml.md": "---\ntitle: [unclosed\ntags: x\n---\nbody survives\n",
    "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    "latin.md": "caf\xe9 au lait\n".encode("latin-1"),
    "dup1.md": "---\nid: same\n---\none\n",
    "dup2.md": "---\nid: same\n---\ntwo\n",
}


def note_fields(note: Note) -> tuple:
    return (
        note.path,
        note.id,
        note.title,
        note.fname,
        note.vault,
        note.desc,
        note.tags,
        note.created,
        note.updated,
        sections_of(note),
        note.source,
        note.body_offset,
        note.body_line,
        jsonable(note.frontmatter),
    )


def test_cached_notes_equal_the_loaders(make_vault: VaultFactory, tmp_path: Path) -> None:
    """index.load_vault() gives the notes vault.load_vault() parses, field for field."""
    vault = make_vault(VARIED)
    index, _ = refreshed(vault, tmp_path / "c")
    index.close()
    index, _ = refreshed(vault, tmp_path / "c")  # from the database, not fresh records
    cached = index.load_vault()
    loaded = vault_module.load_vault(locate(vault))
    assert [n.path for n in cached.notes] == [n.path for n in loaded.notes]
    assert len(cached.notes) == 8
    assert [note_fields(n) for n in cached.notes] == [note_fields(n) for n in loaded.notes]
    assert sorted(cached.diagnostics, key=repr) == sorted(loaded.diagnostics, key=repr)
    assert [(d.path, d.code) for d in cached.diagnostics] == [("utf16.md", "encoding")]
    assert cached.skipped == loaded.skipped == 0
    index.close()


def test_cached_diagnostics_equal_the_loaders(make_vault: VaultFactory, tmp_path: Path) -> None:
    """Broken files give the same diagnostics, skipped count and notes from the cache."""
    vault = make_vault(BROKEN)
    index, _ = refreshed(vault, tmp_path / "c")
    cached = index.load_vault()
    loaded = vault_module.load_vault(locate(vault))

    def key(d: object) -> tuple:
        return (d.path, d.line or 0, d.code, d.severity, d.message)  # type: ignore[attr-defined]

    assert sorted(map(key, cached.diagnostics)) == sorted(map(key, loaded.diagnostics))
    assert sorted((d.path, d.code) for d in cached.diagnostics) == [
        ("bad-yaml.md", "frontmatter-invalid"),
        ("binary.md", "binary"),
        ("dup1.md", "duplicate-id"),
        ("dup2.md", "duplicate-id"),
        ("latin.md", "encoding"),
    ]
    assert sorted(map(key, index.diagnostics())) == sorted(map(key, loaded.diagnostics))
    assert cached.skipped == loaded.skipped == index.skipped() == 1
    assert [note_fields(n) for n in cached.notes] == [note_fields(n) for n in loaded.notes]
    index.close()


def test_skipped_files_are_counted_through_edits(make_vault: VaultFactory, tmp_path: Path) -> None:
    """The cache's count of files without a note follows a note turned binary, mended,
    and a binary file deleted, as the loader counts them."""
    vault = make_vault(BASE)
    index, _ = refreshed(vault, tmp_path / "c")
    assert index.skipped() == 0
    first = sorted(vault.glob("*.md"))[0]
    steps = [
        lambda: first.write_bytes(b"\0binary"),
        lambda: (vault / "extra.md").write_bytes(b"also\0binary"),
        lambda: first.write_text("# Mended\n", encoding="utf-8"),
        lambda: (vault / "extra.md").unlink(),
    ]
    counted = []
    for step in steps:
        step()
        index.close()
        index, _ = refreshed(vault, tmp_path / "c")
        counted.append((index.skipped(), vault_module.load_vault(locate(vault)).skipped))
    assert counted == [(1, 1), (2, 2), (1, 1), (0, 0)]
    index.close()


def test_a_read_with_nothing_changed_leaves_the_cache_file_alone(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """No change in the vault: a command writes nothing to the cache (same bytes, same mtime)."""
    vault = make_vault(BASE)
    index, _ = refreshed(vault, tmp_path / "c")
    database = index.path
    assert database is not None
    index.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = [
        (p.name, p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(database.parent.iterdir())
        if p.suffix != ".lock"
    ]
    assert counts(index.refresh()) == (3, 0, 0)
    after = [
        (p.name, p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(database.parent.iterdir())
        if p.suffix != ".lock"
    ]
    assert after == before
    index.close()


def test_a_cache_made_by_other_parsing_code_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade that changes what notes yield rebuilds the cache once, with one notice."""
    from notes_kb.index import schema

    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("- **KV cache**: keys and values kept for reuse.\n")
    location = locate(vault)
    first = Index.open(location)
    first.refresh()
    first.close()
    monkeypatch.setattr(schema, "parser_stamp", lambda: "another parser")
    notices: list[str] = []
    second = Index.open(location, notice=notices.append)
    assert [n.split(" was ", 1)[1] for n in notices] == [
        "made by another version of notes' parsers; rebuilding it"
    ]
    second.refresh()
    assert second.status()["notes"] == 1
    second.close()
    again: list[str] = []
    Index.open(location, notice=again.append).close()
    assert again == []
