"""Results kept in the cache (glossary, concepts, mentions, links, names) are trusted only
under the code that computed them: another version of that code computes them again, and
the index itself is not rebuilt."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from notes_kb import open_vault
from notes_kb.index import mentions, schema
from notes_kb.kb import KnowledgeBase
from tests.conftest import VaultFactory

NOTES = {
    "kv.md": "# KV cache\n\n- **KV cache**: stores keys and values of past tokens.\n\n"
    "## Use\n\nThe KV cache grows with context; see [[attn]].\n",
    "attn.md": "# Attention\n\n- **Attention**: weighs tokens against each other.\n\n"
    "Attention and the KV cache go together.\n",
}


def _answers(kb: KnowledgeBase) -> tuple[object, ...]:
    """What the read commands answering from kept results print, in short."""
    concept = kb.define("KV cache").concept
    return (
        [(e.term, [d.text for d in e.definitions]) for e in kb.glossary()],
        [(c.term, c.note_count, c.mention_count) for c in kb.concepts()],
        [(m.path, m.line) for m in concept.mentions],
        kb.show("attn").linked_from,
        kb.resolve("attn").note.path,
    )


def _spoil(kb: KnowledgeBase) -> None:
    """Make every kept result say something the notes do not: what stale results of other
    code would look like."""
    with kb.index.conn as conn:
        for chunk, data in conn.execute("SELECT chunk, data FROM glossary").fetchall():
            spoiled = zlib.decompress(data).replace(b"past tokens", b"SPOILED")
            conn.execute("UPDATE glossary SET data = ? WHERE chunk = ?",
                         (zlib.compress(spoiled), chunk))  # fmt: skip
        attn = conn.execute("SELECT rowid FROM notes WHERE path = 'attn.md'").fetchone()[0]
        for concept, data in conn.execute("SELECT concept, data FROM mentions").fetchall():
            kept = [m for m in mentions.decode(data) if m[0] != attn]
            conn.execute("UPDATE mentions SET data = ? WHERE concept = ?",
                         (mentions.encode(kept), concept))  # fmt: skip
        conn.execute("UPDATE concepts SET notes = 7, mentions = 9")
        conn.execute("DELETE FROM edges")
        conn.execute("DELETE FROM names")


def test_results_kept_by_other_code_are_computed_again(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the same code the kept results are read as they are (spoiled here, to show
    it); under another results stamp every one is computed anew and kept, and the notes
    are not parsed again."""
    root = make_vault(NOTES)
    expected = _answers(open_vault(root))  # computed, then kept
    kb = open_vault(root)
    _spoil(kb)
    assert _answers(open_vault(root)) != expected  # read as kept: the spoiled rows
    monkeypatch.setattr(schema, "results_stamp", lambda: "another version")
    notices: list[str] = []
    again = open_vault(root, notice=notices.append)
    assert _answers(again) == expected
    assert not again.index.fresh and notices == []  # the index was kept, not rebuilt
    stamp = again.index.conn.execute("SELECT value FROM meta WHERE key = 'results'")
    assert stamp.fetchone() == ("another version",)
    assert _answers(open_vault(root)) == expected  # and kept again under the new stamp


def test_the_results_stamp_moves_with_query_code_not_with_the_cli(tmp_path: Path) -> None:
    """An edit of a query or index module changes the results stamp (and of an extractor,
    the parser stamp too); an edit of the CLI changes neither."""
    package = tmp_path / "notes_kb"
    for name in ["model.py", "parse/keys.py", "query/terms.py", "cli/app.py", "index/load.py",
                 "index/walk.py",
                 "index/records.py", "index/rows.py", "index/build.py", "index/schema.py",
                 "index/results.py"]:  # fmt: skip
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("x = 1\n")

    def stamps() -> tuple[str, str]:
        return (
            schema.code_stamp(str(package), schema.PARSER_CODE, ()),
            schema.code_stamp(str(package), (".",), schema.RESULTS_CODE_EXCEPT),
        )

    def edit(name: str) -> None:
        path = package / name
        os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)

    before = stamps()
    edit("cli/app.py")
    assert stamps() == before
    edit("query/terms.py")
    moved = stamps()
    assert moved[0] == before[0] and moved[1] != before[1]
    edit("index/records.py")
    assert all(a != b for a, b in zip(stamps(), moved, strict=True))


def test_every_module_kept_results_come_from_is_stamped() -> None:
    """The modules the kept results are computed with (glossary, concepts, links, names) all
    lie where the results stamp looks."""
    code = (
        "import sys\n"
        "import notes_kb.kb, notes_kb.query.terms, notes_kb.query.kept_links\n"
        "import notes_kb.query.kept_names, notes_kb.query.linkgraph, notes_kb.query.glossary\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith('notes_kb')))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "notes_kb.query.concepts" in loaded
    outside = [
        m for m in loaded if m.split(".")[1:2] and m.split(".")[1] in schema.RESULTS_CODE_EXCEPT
    ]
    assert outside == []
