"""The glossary and concept index kept in the cache: the same answers as computing them from
the notes, brought up to date after edits, additions and deletions, and still right when the
cache cannot be written."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from notes_kb import open_vault
from notes_kb.errors import NotesError
from notes_kb.index import mentions, results
from notes_kb.index.store import Index
from notes_kb.kb import KnowledgeBase
from notes_kb.query.concepts import Concept, build_index
from notes_kb.query.glossary import build_glossary, find_entry
from notes_kb.query.terms import entry_named
from tests.conftest import BUNDLED, SHARED_DENDRON, VaultFactory, write_files

NOTES = {
    "kv.md": "# KV cache\n\n- **KV cache**: stores keys and values of past tokens.\n\n"
    "## Use\n\nThe KV cache grows with context; attention reads the KV cache.\n",
    "attn.md": "# Attention\n\n- **Attention**: weighs tokens against each other.\n\n"
    "Attention and the KV cache go together. #inference\n",
    "other.md": "# Other\n\nNothing about kv caches here, or is it? Attention is everywhere.\n"
    "Speculative decoding is not defined yet.\n",
}


def _summary(concepts: list[Concept]) -> list[tuple[str, int, int]]:
    return [(c.term, c.note_count, c.mention_count) for c in concepts]


def _paths(concept: Concept) -> list[str]:
    return sorted({m.path for m in concept.mentions})


def _touch(path: Path, text: str) -> None:
    """Write and move the mtime on, so the cache sees a change even within one tick."""
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def _computed(root: Path) -> list[Concept]:
    kb = open_vault(root)
    notes = kb.vault.notes
    return build_index(notes, build_glossary(notes), [])


def test_kept_concepts_equal_computed_ones_on_the_bundled_vault(tmp_path: Path) -> None:
    """The concept index read from the cache is the one computed from every note."""
    kb = open_vault(BUNDLED)
    kept = kb.concepts()
    assert _summary(kept) == _summary(_computed(BUNDLED))
    again = open_vault(BUNDLED).concepts()  # a second run reads what the first kept
    assert _summary(again) == _summary(kept)


def test_define_reads_mentions_and_related_from_the_cache(make_vault: VaultFactory) -> None:
    """`define` lists every mention with its section and line, and related concepts."""
    root = make_vault(NOTES)
    report = open_vault(root).define("kv caches")
    mentions = [(m.path, m.line, m.section) for m in report.concept.mentions]
    assert ("kv.md", 7, "Use") in mentions and ("other.md", 3, "Other") in mentions
    assert ("attn.md", 5, "Attention") in mentions
    assert report.concept.related and report.concept.related[0][0] == "Attention"


def test_define_reads_the_one_entry_find_entry_finds() -> None:
    """Every name of every glossary entry of the bundled vault, as written, in upper and in
    lower case, and a spelled-out acronym and an unknown word: the entry read through its
    name's key in the cache is the one `find_entry` finds in the whole glossary."""
    kb = open_vault(BUNDLED)
    entries = kb.glossary()
    names = [name for entry in entries for name in entry.names]
    queries = [*names, *(n.upper() for n in names), *(n.lower() for n in names)]
    queries += ["key-value cache", "retrieval-augmented generation", "zqx nothing", "--"]
    found = [entry_named(kb.index, query) for query in queries]
    assert found == [find_entry(entries, query) for query in queries]
    assert sum(entry is None for entry in found) == 2


def test_an_edit_is_seen_by_the_next_define(make_vault: VaultFactory) -> None:
    """Editing, adding and deleting notes updates mentions without a full recompute."""
    root = make_vault(NOTES)
    assert len(_paths(open_vault(root).define("KV cache").concept)) == 3
    _touch(root / "other.md", "# Other\n\nNo caches at all.\n")
    assert len(_paths(open_vault(root).define("KV cache").concept)) == 2
    write_files(root, {"new.md": "# New\n\nThe KV cache again.\n"})
    assert "new.md" in _paths(open_vault(root).define("KV cache").concept)
    (root / "attn.md").unlink()
    kb = open_vault(root)
    assert _paths(kb.define("KV cache").concept) == ["kv.md", "new.md"]
    assert _summary(kb.concepts()) == _summary(_computed(root))


def test_a_new_term_recounts_every_note(make_vault: VaultFactory) -> None:
    """A definition that adds a concept name finds its mentions in notes that did not
    change."""
    root = make_vault(NOTES)
    open_vault(root).concepts()
    write_files(
        root,
        {
            "ctx.md": "# Speculative decoding\n\n"
            "- **Speculative decoding**: a draft model proposes tokens.\n"
        },
    )
    concept = open_vault(root).concepts("speculative decoding")[0]
    assert _paths(concept) == ["ctx.md", "other.md"]


def _every_mention(kb: KnowledgeBase) -> list[tuple[str, int, int, int]]:
    """(concept key, note, line, section line) of every kept mention."""
    conn = kb.index.conn
    rows = conn.execute("SELECT c.key, m.data FROM mentions m JOIN concepts c ON c.id = m.concept")
    return [(key, *found) for key, data in rows for found in mentions.decode(data)]


def _joined_neighbours(kb: KnowledgeBase) -> dict[str, list[tuple[str, int]]]:
    """Every concept's (other concept, sections shared), by pairing every mention."""
    by_section: dict[tuple[int, int], set[str]] = {}
    for key, note, _, section in _every_mention(kb):
        by_section.setdefault((note, section), set()).add(key)
    shared: dict[tuple[str, str], int] = {}
    for keys in by_section.values():
        for key in keys:
            for other in keys - {key}:
                shared[key, other] = shared.get((key, other), 0) + 1
    joined: dict[str, list[tuple[str, int]]] = {}
    for (key, other), count in sorted(shared.items()):
        joined.setdefault(key, []).append((other, count))
    return joined


def test_neighbours_counted_from_each_sections_concepts_equal_a_join(
    make_vault: VaultFactory,
) -> None:
    """A concept's neighbours, counted from the concepts kept per section, are those a join
    of every mention finds: on the bundled vault, and on a vault after an edit, an addition
    and a deletion (which keep only the changed notes' sections anew)."""
    kb = open_vault(BUNDLED)
    kb.concepts()
    joined = _joined_neighbours(kb)
    assert len(joined) > 50
    assert {key: mentions.neighbours(kb.index.conn, key) for key in joined} == joined
    root = make_vault({**NOTES, "gone.md": "# Gone\n\nAttention over the KV cache.\n"})
    open_vault(root).concepts()
    _touch(root / "other.md", "# Other\n\n## Cache\n\nThe KV cache and attention, again.\n")
    write_files(root, {"new.md": "# New\n\nAttention reads the KV cache. #inference\n"})
    (root / "gone.md").unlink()
    kb = open_vault(root)
    kb.concepts()
    joined = _joined_neighbours(kb)
    assert joined and {key: mentions.neighbours(kb.index.conn, key) for key in joined} == joined
    notes = {rowid for (rowid,) in kb.index.conn.execute("SELECT rowid FROM notes")}
    assert {note for _, note, _, _ in _every_mention(kb)} <= notes  # a note's own went with it
    held = kb.index.conn.execute("SELECT id >> 32 FROM section_keys")
    assert {note for (note,) in held} <= notes


def test_the_change_log_says_what_changed(make_vault: VaultFactory) -> None:
    """Each refresh that changes a file is a new generation naming its paths."""
    root = make_vault(NOTES)
    conn = open_vault(root).index.conn
    first = results.generation(conn)
    _touch(root / "kv.md", "# KV cache\n\nshorter\n")
    conn = open_vault(root).index.conn
    assert results.generation(conn) == first + 1
    assert results.changed_since(conn, first) == {"kv.md"}
    assert results.changed_since(conn, 0) is None  # unknown: everything


def test_a_cache_that_keeps_nothing_still_answers(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When nothing can be kept (a read-only or busy cache), the concept index is computed
    in memory, the same."""
    root = make_vault(NOTES)
    expected = _summary(_computed(root))
    monkeypatch.setattr(Index, "keep", lambda self, write: False)
    assert _summary(open_vault(root).concepts()) == expected
    assert [m.path for m in open_vault(root).define("KV cache").concept.mentions]


def _link_view(kb: KnowledgeBase, name: str) -> tuple[object, ...]:
    view = kb.show(name)
    report = kb.links(name)
    out = [(e.link.raw, e.target.path if e.target else None, e.problem) for e in report.outgoing]
    back = [(e.source.path, e.link.line, text) for e, text in report.backlinks]
    return view.body, view.linked_from, out, back


@pytest.mark.parametrize("root", [BUNDLED, SHARED_DENDRON / "vault"], ids=["bundled", "dendron"])
def test_kept_links_show_what_resolving_every_link_shows(root: Path) -> None:
    """`show` and `links` read from kept edges give exactly what the whole graph gives."""
    if not root.exists():
        pytest.skip("../shared is not here")
    whole = open_vault(root)
    whole.links_graph  # noqa: B018 - every link resolved in memory: the reference
    names = [n.fname for n in whole.vault.notes[:: max(1, len(whole.vault.notes) // 25)]]
    open_vault(root).show(names[0])  # the first run keeps the edges
    for name in names:
        assert _link_view(open_vault(root), name) == _link_view(whole, name), name


def test_kept_links_follow_an_edit(make_vault: VaultFactory) -> None:
    """A new link, a broken one and an embed are seen by the next `show`."""
    root = make_vault(
        {
            "a.md": "# A\n\nSee [[b]].\n",
            "b.md": "# B\n\nBody of b.\n",
            "c.md": "# C\n\nNothing yet.\n",
        }
    )
    assert open_vault(root).show("b").linked_from == [("A", "a.md", 3)]
    _touch(root / "c.md", "# C\n\n![[b]] and [[a]] and [[gone]].\n")
    kb = open_vault(root)
    assert [p for _, p, _ in kb.show("b").linked_from] == ["a.md", "c.md"]
    shown = open_vault(root).show("c").body
    assert "Body of b." in shown and "**A**" in shown and "~~gone~~ ✗" in shown


def _answer(kb: KnowledgeBase, query: str) -> tuple[object, ...]:
    try:
        found = kb.resolve(query)
    except NotesError as error:
        return (type(error).__name__, error.message)
    return (found.note.path, found.section.slug if found.section else None, found.rule)


def test_kept_names_resolve_every_way_the_whole_vault_does(make_vault: VaultFactory) -> None:
    """A NOTE argument resolved from the kept names (id, file name, segment, title, alias,
    path, note#heading, ambiguity, a miss) answers exactly as resolving with every note."""
    root = make_vault(
        {
            "ml.attention.md": "---\nid: att1\ntitle: Attention\n---\n# Attention\n\n## Scores\n",
            "nlp.attention.md": "---\nid: att2\ntitle: Attention in NLP\n---\ntext\n",
            "Ideas/Beam Search.md": "---\naliases: [beam decoding]\n---\n# Beam Search\n",
            "Ideas/beam search.MD": "other\n",
            "todo.md": "# Todo\n\n## Kv cache notes\n",
        }
    )
    queries = [
        "att1", "ml.attention", "ML.Attention", "attention", "Attention in NLP",
        "attention in nlp!", "beam decoding", "Ideas/Beam Search.md", "Ideas/Beam Search",
        "ideas/beam search", "beam search", "ml.attention#scores", "todo#kv", "kv cache notes",
        "nothing like it", "../outside.md",
    ]  # fmt: skip
    whole = open_vault(root)
    whole.vault  # noqa: B018 - every note loaded: resolve with the in-memory tables
    expected = [_answer(whole, query) for query in queries]
    open_vault(root).resolve("att1")  # the first run keeps the names
    assert [_answer(open_vault(root), query) for query in queries] == expected


@pytest.mark.parametrize("root", [BUNDLED, SHARED_DENDRON / "vault"], ids=["bundled", "dendron"])
def test_study_cards_read_from_the_cache_are_those_parsed_from_the_files(root: Path) -> None:
    """The deck built from the cards kept at index time equals the one parsed again."""
    if not root.exists():
        pytest.skip("../shared is not here")
    from notes_kb.index.load import load_vault
    from notes_kb.review.deck import build_deck

    kb = open_vault(root)
    assert kb.vault.note_cards is not None  # the cache's cards
    files = load_vault(kb.location)  # parsed from the files, no cache
    entries = kb.glossary()
    assert build_deck(kb.vault, entries) == build_deck(files, entries)
