"""The cache kept small: mentions packed a row per concept, the glossary deflated in chunks,
links keeping no text they can be told from, the log emptied after a write. Each read back
gives what was stored."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notes_kb import open_vault
from notes_kb.index import mentions, readback, results
from notes_kb.index.cachefile import database_files
from notes_kb.parse.links import extract_links
from notes_kb.query.glossary import find_entry
from notes_kb.query.terms import entry_named
from tests.conftest import VaultFactory, write_files

_NUMBER = st.integers(min_value=0, max_value=2**40)


@given(st.lists(st.tuples(_NUMBER, _NUMBER, _NUMBER), max_size=200))
def test_packed_mentions_read_back_as_stored(found: list[tuple[int, int, int]]) -> None:
    """Any sorted mentions (numbers of any size, a section after its line too) come back
    from their blob as they went in."""
    found.sort()
    assert mentions.decode(mentions.encode(found)) == found


def test_a_note_taking_a_deleted_notes_number_has_only_its_own_mentions(
    make_vault: VaultFactory,
) -> None:
    """The last note deleted and another added, which the cache numbers as the deleted one
    was: the kept mentions name the new note for its own mentions only."""
    root = make_vault(
        {
            "a.md": "# KV cache\n\n- **KV cache**: stores keys and values of past tokens.\n",
            "b.md": "# Softmax\n\n- **Softmax**: turns scores into probabilities.\n",
            "z.md": "# Z\n\nThe KV cache, and softmax after the KV cache.\n",
        }
    )
    kb = open_vault(root)
    kb.concepts()
    last = kb.index.conn.execute("SELECT max(rowid) FROM notes").fetchone()[0]
    (root / "z.md").unlink()
    write_files(root, {"y.md": "# Y\n\nSoftmax only.\n"})
    kb = open_vault(root)
    assert kb.index.conn.execute("SELECT rowid FROM notes WHERE path = 'y.md'").fetchone() == (
        last,
    )
    paths = {concept.term: sorted({m.path for m in kb.define(concept.term).concept.mentions})
             for concept in kb.concepts()}  # fmt: skip
    assert paths["KV cache"] == ["a.md"]
    assert paths["Softmax"] == ["b.md", "y.md"]


def test_every_glossary_entry_is_found_in_its_chunk(make_vault: VaultFactory) -> None:
    """A glossary of several chunks: each entry's names find, through the kept chunks, the
    entry `find_entry` finds in the whole glossary; the whole glossary reads back equal."""
    count = results.GLOSSARY_CHUNK * 2 + 7
    lines = [f"- **Term {n:03d}**: the meaning number {n}, see [[b]]." for n in range(count)]
    root = make_vault({"a.md": "# Glossary\n\n" + "\n".join(lines) + "\n", "b.md": "# B\n"})
    entries = open_vault(root).glossary()
    assert len(entries) == count
    kb = open_vault(root)
    assert kb.glossary() == entries  # read from the kept chunks
    for entry in entries:
        assert entry_named(kb.index, entry.term) == find_entry(entries, entry.term)


def test_links_read_back_as_written(make_vault: VaultFactory) -> None:
    """Links whose text is not kept (the usual `[[target]]`, `[[target|alias]]`, `#tag`)
    and those kept read back as the parser found them."""
    root = make_vault(
        {
            "a.md": "# A\n\n[[b]] and [[b|Bee]] and [[b#Head]] and [[ b ]] and ![[b]] and "
            "[the b](b.md) and #tag and #tag/sub and @someone and [[b|]].\n",
            "b.md": "# B\n\n## Head\n",
        }
    )
    kb = open_vault(root)
    note = next(n for n in kb.vault.notes if n.path == "a.md")
    stored = readback.written_links(kb.index.conn)["a.md"]
    assert stored == extract_links(note)
    raws = kb.index.conn.execute("SELECT raw FROM links ORDER BY rowid").fetchall()
    assert (None,) in raws and len(stored) > 8


def test_the_log_is_emptied_after_results_are_kept(make_vault: VaultFactory) -> None:
    """After a command keeps results, the cache's write-ahead log takes no room on disk."""
    root = make_vault({"a.md": "# KV cache\n\n- **KV cache**: keys and values kept.\n"})
    kb = open_vault(root)
    kb.define("KV cache")
    log = database_files(kb.index.path)[1]
    assert not log.exists() or log.stat().st_size == 0


def test_mentions_read_note_by_note_equal_those_read_in_one_query(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mentions whose numbers do not fit the one query's packing are read note by note,
    with the same answer (forced here by packing into 1 bit)."""
    body = "# {0}\n\nThe KV cache and attention.\n\n## Use\n\nAttention reads the KV cache.\n"
    root = make_vault(
        {
            "kv.md": "# KV cache\n\n- **KV cache**: stores keys and values of past tokens.\n",
            "attn.md": "# Attention\n\n- **Attention**: weighs tokens against each other.\n",
            **{f"n{n}.md": body.format(f"Note {n}") for n in range(5)},
        }
    )
    kb = open_vault(root)
    kb.concepts()
    conn = kb.index.conn
    keys = [key for (key,) in conn.execute("SELECT key FROM concepts WHERE mentions > 0")]
    asked = [(key, text) for key in keys for text in (True, False)]
    together = {(k, text): mentions.mentions_of(conn, k, text) for k, text in asked}
    assert len(keys) >= 2 and all(together.values())
    monkeypatch.setattr(mentions, "_FIELD", 1)
    apart = {(k, text): mentions.mentions_of(conn, k, text) for k, text in asked}
    assert apart == together
