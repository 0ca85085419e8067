"""What warm read commands keep in the cache of their own output (`glossary`'s bytes,
index/kept_output) and how `define` finds its concept without ranking them all: the same
bytes as a cache made afresh, after every kind of change, and nothing trusted that this code
did not make whole."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from notes_kb import open_vault
from notes_kb.cli.app import app
from notes_kb.index import kept_output
from notes_kb.query import terms
from notes_kb.query.concepts import find_concept
from tests.conftest import VaultFactory, write_files
from tests.test_cli import runner

_NOTES = {
    "widgets.md": "# Widgets\n\n- **Widget**: a small part of a machine.\n"
    "- **KV cache**: stores the keys and values of past tokens.\n",
    "gears.md": "# Gears\n\n- **Gear**: a toothed wheel. A widget turns a gear.\n"
    "The KV cache and the key-value cache of a widget.\n",
    "notes/ünïcode.md": "# Ünïcode\n\n- **Naïve Bayes**: a classifier — “simple” and fast.\n"
    "A gear, a widget and Naïve Bayes.\n",
    # what the kept glossary's text could be mistaken for, and what JSON escapes
    'quirks/"quoted" \\ path.md': '# Quirks\n\n- **Quirk**: writes "note":null,"path":null, a '
    "back\\slash, a\u2028break, a \x85 control and a \x7f delete.\n"
    '- **Widget**: says "note":null too, 100% sure, with %s and %% in it.\n',
}
_WORDS = [a + b + c for a in ("ka", "lo", "mi", "nu", "pe") for b in "aeiou" for c in "lmnrst"]


def _prose(n: int) -> str:
    """A note of plain prose (34 KB): the cache of a vault of notes is about its size, so
    the glossary's output fits in the cache's budget (`kept_output.BUDGET`)."""
    words = [_WORDS[(n * 7919 + i * i * 31) % len(_WORDS)] for i in range(5000)]
    lines = (" ".join(words[i : i + 20]) for i in range(0, len(words), 20))
    return f"# Prose {n}\n\n" + "\n\n".join(lines) + "\n"


_VAULT = {**_NOTES, **{f"prose/p{n}.md": _prose(n) for n in range(40)}}
# every flag combination the kept bytes serve: JSON on a terminal (indented) and piped
# (compact), a prefix, the piped plain lines; and the terminal's glossary, never kept
_COMMANDS = (
    (("glossary", "--json"), False),
    (("glossary", "--json"), True),
    (("glossary", "w", "--json"), False),
    (("glossary",), False),
    (("glossary", "g"), False),
    (("glossary",), True),
)


def _run(args: tuple[str, ...], vault: Path, cache: Path, tty: bool) -> tuple[int, str, str]:
    env = {"TTY_COMPATIBLE": "1" if tty else "0", "NOTES_CACHE_DIR": str(cache)}
    result = runner.invoke(app, ["--dir", str(vault), *args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _same_as_fresh(vault: Path, tmp_path: Path, step: str) -> list[str]:
    """Each command run twice on the kept cache (the second from what the first kept) and
    once on a cache made afresh: the three alike; the outputs, for the next step."""
    outputs = []
    for args, tty in _COMMANDS:
        kept = [_run(args, vault, tmp_path / "kept", tty) for _ in range(2)]
        assert tty or _kept_now(tmp_path / "kept", _kept_as(args)), (step, args)
        fresh = _run(args, vault, tmp_path / f"fresh-{step}", tty)
        assert kept == [fresh, fresh], (step, args, tty)
        outputs.append(fresh[1])
    return outputs


def _kept_as(args: tuple[str, ...]) -> str:
    """The result a piped command's output is read back from: the whole glossary's JSON
    from the kept glossary itself, any other from the kept output."""
    return "glossary" if args == ("glossary", "--json") else kept_output.NAME


def _kept_now(cache: Path, name: str = kept_output.NAME) -> bool:
    """The cache keeps a result (an output) made at its current generation."""
    (path,) = cache.glob("*.sqlite")
    with sqlite3.connect(path) as conn:
        found = conn.execute(
            "SELECT 1 FROM results r JOIN meta m ON m.key = 'generation' "
            "WHERE r.name = ? AND r.generation = CAST(m.value AS INT)",
            (name,),
        ).fetchone()
    return found is not None


@pytest.fixture
def roomy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A budget any vault's output fits in: the tests of what is kept and healed use a few
    short notes (the budget itself is tested on a vault of prose, below)."""
    monkeypatch.setattr(kept_output, "BUDGET", float("inf"))


@pytest.mark.usefixtures("roomy")
def test_kept_glossary_output_is_a_fresh_caches_after_every_change(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """After an edit, an add, a delete and a rename of a note, the glossary's kept output
    (every flag combination) is what a cache made afresh prints, and never what it printed
    before the change; each piped output is kept."""
    vault = make_vault(_NOTES)
    before = _same_as_fresh(vault, tmp_path, "start")
    steps = [
        ("edit", lambda: (vault / "widgets.md").write_text(
            _NOTES["widgets.md"].replace("small part", "larger part"), encoding="utf-8")),
        ("add", lambda: (vault / "sprockets.md").write_text(
            "# Sprockets\n\n- **Sprocket**: a wheel with teeth.\n", encoding="utf-8")),
        ("delete", lambda: (vault / "gears.md").unlink()),
        ("rename", lambda: (vault / "widgets.md").rename(vault / "parts.md")),
    ]  # fmt: skip
    for step, change in steps:
        change()
        later = os.stat(vault).st_mtime + 5  # a change within the clock's tick is seen too
        for path in vault.rglob("*.md"):
            os.utime(path, (later, later))
        after = _same_as_fresh(vault, tmp_path, step)
        assert after[:3] != before[:3], step
        before = after


def _blob(cache: Path) -> tuple[Path, bytes]:
    (path,) = cache.glob("*.sqlite")
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT data FROM results WHERE name = ?", (kept_output.NAME,))
        (data,) = row.fetchone()
    return path, data


def _set(path: Path, sql: str, *values: object) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql, values)
    conn.close()


_DAMAGES = (
    "UPDATE results SET data = substr(data, 1, length(data) / 2) WHERE name = 'output'",
    "UPDATE results SET data = zeroblob(length(data)) WHERE name = 'output'",
    "UPDATE results SET data = CAST(data AS TEXT) WHERE name = 'output'",
    "UPDATE results SET signature = 'other' WHERE name = 'output'",
    "UPDATE meta SET value = 'other code' WHERE key = 'results'",
)


@pytest.mark.usefixtures("roomy")
def test_a_damaged_or_foreign_kept_output_is_made_again_and_kept_whole(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """A kept output cut short, zeroed, turned into text, kept under another signature or
    by other code is not printed: the output is made again, as a fresh cache makes it, and
    kept whole in its place (each damage done to a copy of the same kept cache)."""
    vault = make_vault(_NOTES)
    args = ("glossary", "w", "--json")
    fresh = _run(args, vault, tmp_path / "fresh", False)
    assert _run(args, vault, tmp_path / "whole", False) == fresh
    for n, damage in enumerate(_DAMAGES):
        kept = tmp_path / f"kept-{n}"
        shutil.copytree(tmp_path / "whole", kept)
        path, _ = _blob(kept)
        _set(path, damage)
        assert _run(args, vault, kept, False) == fresh, damage
        _, healed = _blob(kept)
        assert zlib.decompress(healed) + b"\n" == fresh[1].encode(), damage


def test_one_output_is_kept_deflated_within_the_caches_budget(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """The cache keeps one output, deflated to at most a third of what it prints; keeping
    one after another does not grow it; and none where the cache would pass twice the
    vault's bytes with it (a vault of three short notes)."""
    syllables = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "tu", "vo", "ze"]

    def term(n: int, m: int) -> str:
        return "".join(syllables[int(d)] for d in f"{n:02}{m:02}") + "tron"

    files = {
        f"topic-{n}.md": f"# Topic {syllables[n % 10]}\n\n"
        + "".join(f"- **{term(n, m)}**: a device that turns {term(m, n)}.\n" for m in range(20))
        for n in range(30)
    }
    more = {f"prose/q{n}.md": _prose(100 + n) for n in range(30)}
    vault = make_vault({**_VAULT, **more, **files})
    cache = tmp_path / "cache"
    _run(("glossary",), vault, cache, True)  # the results kept: only the output comes next
    (path,) = cache.glob("*.sqlite")
    size = path.stat().st_size
    printed = _run(("glossary", "k", "--json"), vault, cache, False)[1].encode()
    _, data = _blob(cache)
    assert len(data) * 3 < len(printed) and len(printed) > 50_000
    for args, tty in _COMMANDS * 2:
        _run(args, vault, cache, tty)
        with sqlite3.connect(path) as conn:
            rows = conn.execute("SELECT count(*) FROM results WHERE name = 'output'").fetchone()
        assert rows == (1,)
    assert path.stat().st_size <= size + len(data) + 64 * 1024
    small = tmp_path / "small"
    _run(("glossary", "w", "--json"), write_files(tmp_path / "three", _NOTES), small, False)
    assert not _kept_now(small)


def test_define_finds_the_concept_ranking_all_of_them_finds(make_vault: VaultFactory) -> None:
    """Every name of every concept, as written, upper-cased and plural, and a miss: the
    concept `define` finds by its key alone is the one the whole ranked index finds first,
    with the same mentions and related concepts."""
    vault = make_vault(_NOTES)
    kb = open_vault(vault)
    ranked = kb.concepts()
    queries = [n for c in ranked for n in c.names] + ["kv caches", "KEY-VALUE CACHE", "nothing"]
    for query in [*queries, *(q.upper() for q in queries), *(q + "s" for q in queries)]:
        found = terms._concepts(kb.index, None, query, text=False)
        expected = find_concept(found, query) if found else None
        got = terms._concept(kb.index, query, text=False)
        assert (got and (got.key, got.mentions, got.related, got.counts)) == (
            expected and (expected.key, expected.mentions, expected.related, expected.counts)
        ), query


def test_installed_define_and_glossary_print_what_a_fresh_cache_prints(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """The installed `notes`, piped: `define` (a plural, a spelled-out acronym, a miss's
    error line and exit 1) and `glossary --json` twice (the second from the kept bytes) print
    what they print on a cache made afresh (made in this process, each a cache of its own:
    the app prints what the direct run prints, tests/test_cli_direct.py)."""
    vault = make_vault(_NOTES)
    notes = [sys.executable, "-m", "notes_kb", "--dir", str(vault)]

    def run(*args: str) -> tuple[int, str, str]:
        env = {**os.environ, "NOTES_CACHE_DIR": str(tmp_path / "kept")}
        done = subprocess.run([*notes, *args], capture_output=True, env=env, timeout=60)
        return done.returncode, done.stdout.decode(), done.stderr.decode()

    for args in (
        ("glossary", "--json"),
        ("glossary", "--json"),
        ("define", "KV caches"),
        ("define", "key-value cache"),
        ("define", "gears"),
        ("define", "no such thing"),
    ):
        kept = run(*args)
        assert kept == _run(args, vault, tmp_path / f"fresh-{'-'.join(args)}", False), args
    assert kept[0] == 1 and kept[2].startswith("Error: ")
