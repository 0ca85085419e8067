"""Acronym and expansion pairs as `define`'s answer for a term with no definition: read
from the cache by either name's key through its indexes, kept only when one name
abbreviates the other."""

from __future__ import annotations

import pytest

from notes_kb import open_vault
from notes_kb.errors import TermNotFoundError
from notes_kb.index import readback
from notes_kb.query.expansions import ABBREVIATION, EXPANSION, Expansion, Pairing, expansion_of
from notes_kb.query.terms import TermReport
from tests.conftest import VaultFactory

NOTES: dict[str, str | bytes] = {
    "ml/automl.md": "# Search\n\n- Neural Architecture Search (NAS)\n  - sampling architectures\n",
    "ml/rag.md": "# RAG\n\n- **RAG**: fetches passages and puts them in the prompt.\n\n"
    "Retrieval-augmented generation (RAG) came first.\n",
    "other.md": "# Other\n\nNothing here.\n",
}


def test_look_up_answers_with_the_pairs_by_either_name(make_vault: VaultFactory) -> None:
    """`look_up` finds an undefined term by its acronym or its expansion, in any case,
    hyphenated or plural; a defined term gets `define`'s report; neither, its error."""
    kb = open_vault(make_vault(NOTES))
    place = ("ml/automl", "ml/automl.md", 3)
    by_short = Expansion("NAS", (Pairing("Neural Architecture Search", EXPANSION, *place),))
    by_long = Expansion("Neural Architecture Search", (Pairing("NAS", ABBREVIATION, *place),))
    assert kb.look_up("NAS") == kb.look_up("nas") == by_short
    for name in ("Neural Architecture Search", "neural-architecture searches"):
        assert kb.look_up(name) == by_long
    report = kb.look_up("retrieval augmented generation")
    assert isinstance(report, TermReport) and report == kb.define("RAG")
    with pytest.raises(TermNotFoundError):
        kb.look_up("xylophone")


def test_pairs_are_read_through_the_indexes(make_vault: VaultFactory) -> None:
    """The lookup by name is two index searches, not a scan of every pair."""
    vault = make_vault(NOTES)
    conn = open_vault(vault).index.conn
    assert readback.pairs_named(conn, "nas") == [
        ("NAS", "Neural Architecture Search", "ml/automl", "ml/automl.md", 3)
    ]
    plan = " ".join(
        row[3]
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT a.short FROM aliases a JOIN notes n ON n.rowid = a.note "
            "WHERE a.short_key = ? OR a.long_key = ?",
            ("nas", "nas"),
        )
    )
    assert "USING INDEX aliases_short" in plan and "USING INDEX aliases_long" in plan


def test_only_acronym_pairs_answer() -> None:
    """A pair is an answer when one name abbreviates the other (`KV cache` / `key-value
    cache`, `LoRA`); two plain names given as one (`Text (or document)`) are not."""
    kv = expansion_of("key-value caches", [("key-value cache", "KV cache", "k", "k.md", 2)])
    assert kv == Expansion("key-value cache", (Pairing("KV cache", ABBREVIATION, "k", "k.md", 2),))
    lora = expansion_of("lora", [("LoRA", "low-rank adaptation", "l", "l.md", 5)])
    assert lora is not None and lora.pairings[0].relation == EXPANSION
    assert expansion_of("document", [("Text", "document", "e", "e.md", 19)]) is None
    assert expansion_of("xylophone", [("LoRA", "low-rank adaptation", "l", "l.md", 5)]) is None
