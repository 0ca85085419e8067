"""Regular expressions kept compiled in the cache (index/kept_patterns): what a run loads
is what `re` would compile, a bad row costs nothing, and an edited note parsed by a later
run gives every command what a cache built from scratch gives."""

from __future__ import annotations

import marshal
import os
import re
import sqlite3
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from notes_kb.cli.app import app
from notes_kb.index import kept_patterns
from tests.conftest import VaultFactory

NOTES = Path(sys.executable).parent / "notes"
PATTERNS = [
    (r"(?P<term>\w[\w -]*?)\s+(?:is|are)\s+(?:a|an|the)\b", re.I),
    (r"^\s*(?:[-*+]|\d+[.)])\s+", re.M),
    (r"(?<![\w-])(?:i\.e\.|e\.g\.)", 0),
    (r"[\u4e00-\u9fff]+(?:是|指)", 0),
    (r"(?P<a>x)(?P=a)|(?i:y)", re.S | re.X),
]
VAULT = {
    "attention.md": "# Attention\n\nAttention is a mechanism that weighs tokens.\n\n"
    "## Uses\n\nSee [[transformer]]. A token is a piece of text.\n",
    "transformer.md": "---\ntags: [model]\n---\n# Transformer\n\n"
    "A transformer is a model built on [[attention]].\n\n"
    "Q: What is a transformer?\nA: A model built on attention.\n",
    "notes/glossary.md": "# Glossary\n\n- **LLM**: a large language model.\n"
    "- **Token**: a unit of text.\n",
}


def _meta() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
    return conn


def _keep(conn: sqlite3.Connection) -> None:
    data = kept_patterns.kept_data(conn, set())
    assert data is not None
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('patterns', ?)", (data,))


def test_a_kept_pattern_is_the_pattern_re_compiles() -> None:
    """Loaded from the cache, each pattern equals (same pattern, flags and opcodes) and
    matches as what `re`'s compiler makes of it, and `re.compile` answers with it."""
    conn = _meta()
    re.purge()
    for pattern, flags in PATTERNS:
        re.compile(pattern, flags)
    _keep(conn)
    re.purge()
    known = kept_patterns.load(conn)
    assert set(PATTERNS) <= known
    text = "Attention is a mechanism, i.e. 注意力是 xx Y\n- item"
    for pattern, flags in PATTERNS:
        loaded = re.compile(pattern, flags)
        fresh = re._compiler.compile(pattern, flags)  # type: ignore[attr-defined]
        assert loaded is re._cache[str, pattern, flags]  # type: ignore[attr-defined]
        assert loaded == fresh
        assert (loaded.groups, loaded.groupindex) == (fresh.groups, fresh.groupindex)
        assert [m.groupdict() for m in loaded.finditer(text)] == [
            m.groupdict() for m in fresh.finditer(text)
        ]
        assert [m.span() for m in loaded.finditer(text)] == [m.span() for m in fresh.finditer(text)]
    re.purge()


@pytest.mark.parametrize(
    "value",
    [
        b"not marshal data",
        marshal.dumps(("another Python", 0, marshal.dumps([]))),
        marshal.dumps(("x", "y", "z")),
        marshal.dumps(("x", "y")),
        "some text",
    ],
)
def test_a_damaged_or_foreign_row_is_not_believed(value: object) -> None:
    """A row another Python build made, or a damaged one, loads nothing and breaks nothing."""
    conn = _meta()
    conn.execute("INSERT INTO meta VALUES ('patterns', ?)", (value,))
    re.purge()
    assert kept_patterns.load(conn) == set()
    assert re.compile(PATTERNS[0][0], PATTERNS[0][1]).match("Attention is a thing")


def _rewritten(conn: sqlite3.Connection, change: Callable[[list[Any]], list[Any]]) -> bytes:
    """The kept row with its entries changed, its checksum made anew or not."""
    python, _, data = marshal.loads(conn.execute("SELECT value FROM meta").fetchone()[0])
    changed = marshal.dumps(change(marshal.loads(data)))
    return marshal.dumps((python, zlib.crc32(changed), changed))


def test_a_damaged_row_loads_nothing() -> None:
    """Opcodes `_sre` refuses (a damaged row of the right shape, checksum and all), or a
    byte changed in the row (its checksum then fails), load nothing: `re` compiles."""
    conn = _meta()
    re.purge()
    for pattern, flags in PATTERNS:
        re.compile(pattern, flags)
    _keep(conn)
    whole = conn.execute("SELECT value FROM meta").fetchone()[0]
    broken = _rewritten(conn, lambda es: [*es[:-1], (*es[-1][:3], b"\xff" * 12, *es[-1][4:])])
    flipped = whole[:-20] + bytes([whole[-20] ^ 1]) + whole[-19:]
    for value in (broken, flipped):
        conn.execute("UPDATE meta SET value = ?", (value,))
        re.purge()
        assert kept_patterns.load(conn) == set()
        assert not re._cache  # type: ignore[attr-defined]  # all or nothing
        assert re.compile(PATTERNS[0][0], PATTERNS[0][1]).match("Attention is a thing")
    re.purge()


def test_a_later_run_parsing_an_edited_note_compiles_next_to_nothing(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """The patterns the first build compiled are kept: a later run (a new process) that
    parses an edited note takes them from the cache instead of `re`'s compiler."""
    vault = make_vault(VAULT)
    cache = tmp_path / "kept"
    assert _notes("index", vault=vault, cache=cache)[0] == 0
    (vault / "attention.md").write_text(VAULT["attention.md"] + "\nA head is a part.\n")
    code = (
        "import re, sys\n"
        "from notes_kb.config import locate\n"
        "from notes_kb.index.store import Index\n"
        "made = []\n"
        "real = re._compiler.compile\n"
        "def counted(pattern, flags=0):\n"
        "    made.append(pattern)\n"
        "    return real(pattern, flags)\n"
        "re._compiler.compile = counted\n"
        "index = Index.open(locate(sys.argv[1]))\n"
        "print(index.refresh().parsed, len(made))\n"
    )
    env = {**os.environ, "NOTES_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(vault)], capture_output=True, text=True, env=env
    )
    parsed, compiles = map(int, done.stdout.split())
    assert parsed == 1
    assert compiles <= 5


def _notes(*args: str, vault: Path, cache: Path) -> tuple[int, str, str]:
    env = {**os.environ, "NOTES_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [str(NOTES), "--dir", str(vault), *args], capture_output=True, text=True, env=env
    )
    return done.returncode, done.stdout, done.stderr


def _answer(*args: str, vault: Path, cache: Path) -> tuple[int, str, str]:
    """A command run in this process (the reads need no process of their own: the run that
    parses, loading the kept patterns, is `notes` itself)."""
    result = CliRunner().invoke(
        app,
        ["--dir", str(vault), *args],
        env={"NOTES_CACHE_DIR": str(cache), "TTY_COMPATIBLE": "0"},
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_after_edits_every_command_answers_as_a_cache_built_from_scratch(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """Edit, add, delete and rename notes, each followed by a search (real processes, the
    patterns kept in the cache by the runs before, which parses the change with them):
    every command then answers exactly as it does from a cache built afresh. The commands
    themselves parse nothing, so they load no kept pattern: they run in this process, on
    the kept cache (its outputs kept by the steps before) and on a fresh one."""
    vault = make_vault(VAULT)
    kept = tmp_path / "kept"
    assert _notes("index", vault=vault, cache=kept)[0] == 0
    steps = [
        lambda: (vault / "attention.md").write_text(
            VAULT["attention.md"] + "\nA head is a part of attention.\n"
        ),
        lambda: (vault / "head.md").write_text("# Head\n\nA head is one attention unit.\n"),
        lambda: (vault / "notes" / "glossary.md").unlink(),
        lambda: (vault / "transformer.md").rename(vault / "model.md"),
    ]
    commands = [
        ("search", "attention", "--json"),
        ("glossary", "--json"),
        ("define", "attention", "--json"),
        ("define", "head", "--json"),
        ("concepts", "--json"),
        ("links", "attention", "--json"),
        ("show", "attention"),
        ("check",),
    ]
    for number, step in enumerate(steps):
        step()
        assert _notes("search", "token", vault=vault, cache=kept)[0] == 0
        fresh = tmp_path / f"fresh{number}"
        for command in commands:
            assert _answer(*command, vault=vault, cache=kept) == _answer(
                *command, vault=vault, cache=fresh
            ), command
    conn = sqlite3.connect(next(kept.glob("*.sqlite")))
    (value,) = conn.execute("SELECT value FROM meta WHERE key = 'patterns'").fetchone()
    conn.close()
    assert len(marshal.loads(marshal.loads(value)[2])) > 50


def test_a_pattern_new_to_those_kept_waits_for_a_second_run() -> None:
    """Once patterns are kept, one a run compiles anew is only a candidate (the whole row
    is not written again for it); kept when a later run compiles it again. A pattern made
    from a set's order, different in each process, so never rewrites the row."""
    conn = _meta()
    re.purge()
    re.compile(PATTERNS[0][0], PATTERNS[0][1])
    _keep(conn)
    row = conn.execute("SELECT value FROM meta WHERE key = 'patterns'").fetchone()[0]

    def run(*patterns: tuple[str, int]) -> set[tuple[str, int]]:
        """A later run: loads what is kept, compiles, keeps what it should."""
        re.purge()
        with kept_patterns.kept(conn, parsing=True):
            for pattern, flags in patterns:
                re.compile(pattern, flags)
        re.purge()
        return kept_patterns.load(conn)

    assert run(PATTERNS[1], ("[ab]", 0)) == {PATTERNS[0]}
    assert conn.execute("SELECT value FROM meta WHERE key = 'patterns'").fetchone()[0] == row
    assert run(PATTERNS[1], ("[ba]", 0)) == {PATTERNS[0], PATTERNS[1]}
    assert run(("[ab]", 0), ("[ba]", 0)) == {PATTERNS[0], PATTERNS[1], ("[ab]", 0), ("[ba]", 0)}
    conn.execute("UPDATE meta SET value = 'damaged' WHERE key = 'pattern_candidates'")
    assert run(PATTERNS[2]) == {PATTERNS[0], PATTERNS[1], ("[ab]", 0), ("[ba]", 0)}
    assert PATTERNS[2] in run(PATTERNS[2])
    re.purge()
