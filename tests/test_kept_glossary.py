"""The glossary kept as the JSON `glossary --json` prints (query/kept_glossary): a piped
`glossary --json` is read from it, not kept a second time, prints what a cache made afresh
prints, and nothing this code did not keep whole is trusted."""

from __future__ import annotations

import shutil
import sqlite3
import zlib
from pathlib import Path

from notes_kb import open_vault
from notes_kb.cli import serialize
from notes_kb.query import printed_glossary
from tests.conftest import VaultFactory
from tests.test_kept_reads import _NOTES, _kept_now, _run

_DEFLATED = "X'" + zlib.compress(b"\0" * 8).hex() + "'"  # one note, rowid 0
_DAMAGES = (
    "UPDATE glossary SET data = substr(data, 1, length(data) / 2)",
    "UPDATE glossary SET data = zeroblob(length(data))",
    "UPDATE glossary SET data = CAST(data AS TEXT)",
    "UPDATE glossary SET notes = substr(notes, 1, length(notes) / 2)",
    f"UPDATE glossary SET notes = {_DEFLATED}",
    "UPDATE glossary SET terms = notes",
    "UPDATE glossary SET chunk = chunk + 1",
    "DELETE FROM glossary",
    "UPDATE results SET signature = '9' WHERE name = 'glossary'",
    "UPDATE meta SET value = 'other code' WHERE key = 'results'",
)


def _cache(cache: Path) -> Path:
    (path,) = cache.glob("*.sqlite")
    return path


def test_piped_glossary_json_is_read_from_the_kept_glossary(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """A piped `glossary --json` keeps no output of its own: the second run reads the kept
    glossary, which holds no note's id or path, and prints what the first printed: the
    entries' JSON (`serialize.encoded`), a quoted `"note":null` in a definition and all."""
    vault = make_vault(_NOTES)
    cache = tmp_path / "cache"
    first, second = (_run(("glossary", "--json"), vault, cache, False) for _ in range(2))
    assert first == second and first[0] == 0
    entries = open_vault(vault).glossary()
    dicts = [serialize.entry_dict(e) for e in entries]
    assert first[1].encode() == serialize.encoded(dicts, False, "strict") + b"\n"
    assert '"note":null,"path":null' in str(dicts)  # the quirk's text, not a place
    with sqlite3.connect(_cache(cache)) as conn:
        names = [name for (name,) in conn.execute("SELECT name FROM results")]
        rows = conn.execute("SELECT data, notes FROM glossary").fetchall()
    assert "output" not in names and _kept_now(cache, "glossary")
    kept = b"".join(zlib.decompress(text) for text, _ in rows).decode()
    places = sum(len(zlib.decompress(notes)) // 8 for _, notes in rows)  # 8-byte rowids
    assert places == 2 * sum(len(e.definitions) for e in entries)
    assert not any(d.note in kept or d.path in kept for e in entries for d in e.definitions)
    assert printed_glossary.PLACE not in kept and "100%%" in kept


def test_a_damaged_or_foreign_kept_glossary_is_made_again_and_kept_whole(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """A kept glossary cut short, zeroed, turned into text, with notes or terms that do not
    match its text, with a chunk missing or renumbered, or kept by other code is not printed:
    `glossary --json` and `define` (either read it first) answer as a fresh cache does, and
    the glossary is kept again, whole (each damage done to a copy of the same kept cache)."""
    vault = make_vault(_NOTES)
    args = ("glossary", "--json")
    define = ("define", "widget")
    fresh = [_run(a, vault, tmp_path / "fresh", False) for a in (args, define)]
    assert [_run(a, vault, tmp_path / "whole", False) for a in (args, define)] == fresh
    for n, damage in enumerate(_DAMAGES):
        first = (args, define)[n % 2]  # what reads the damage first, the whole or one entry
        kept = tmp_path / f"kept-{n}"
        shutil.copytree(tmp_path / "whole", kept)
        with sqlite3.connect(_cache(kept)) as conn:
            conn.execute(damage)
        conn.close()
        again = [_run(a, vault, kept, False) for a in (first, args, define)]
        assert again[1:] == fresh and again[0] == fresh[n % 2], damage
        assert _kept_now(kept, "glossary"), damage


_TEXTS = (
    '["plain",{"a":1}]',
    '["naïve — “quoted”","日本語"]',
    '["a\u2028break","a\u2029paragraph"]',
    '["a \x85 control","a \x9f one"]',
    '["a \x7f delete"]',
    '["a lone \udc80 surrogate"]',
    '["한국어 \ud7a3"]',
)


def test_json_given_in_utf8_is_encoded_as_its_text_is() -> None:
    """`encoded_utf8` of a JSON text's UTF-8 (surrogates passed through) writes what
    `encoded_text` writes for the text, with every errors handler a stdout may have, or
    fails as it fails."""
    for text in _TEXTS:
        for errors in ("strict", "surrogateescape", "replace", "backslashreplace"):
            try:
                expected: bytes | type[Exception] = serialize.encoded_text(text, errors)
            except UnicodeEncodeError:
                expected = UnicodeEncodeError
            try:
                got: bytes | type[Exception] = serialize.encoded_utf8(
                    text.encode("utf-8", "surrogatepass"), errors
                )
            except UnicodeEncodeError:
                got = UnicodeEncodeError
            assert got == expected, (text, errors)


def test_an_empty_kept_glossary_prints_an_empty_list(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """A vault that defines nothing: `glossary --json` prints `[]`, made and read back."""
    vault = make_vault({"plain.md": "# Plain\n\nNothing defined here.\n"})
    runs = [_run(("glossary", "--json"), vault, tmp_path / "cache", False) for _ in range(2)]
    assert runs == [(0, "[]\n", "")] * 2 and _kept_now(tmp_path / "cache", "glossary")
