"""`notes glossary`, `notes define` and `notes concepts` as a user runs them."""

from __future__ import annotations

import json

import pytest

from tests.conftest import VaultFactory
from tests.test_cli import run

# each test's cache begins as the bundled vault's index (conftest.indexed_bundled)
pytestmark = pytest.mark.usefixtures("indexed_bundled")
ENTRY_KEYS = {"term", "aliases", "definition", "definitions", "sources"}


def test_glossary_on_the_bundled_vault_has_at_least_40_clean_terms() -> None:
    """The bundled notes give a real glossary: 40+ terms, each a short noun phrase."""
    code, out, err = run("glossary", "--json")
    assert (code, err) == (0, "")
    entries = json.loads(out)
    assert len(entries) >= 40
    assert all(set(e) == ENTRY_KEYS for e in entries)
    assert all(len(e["term"].split()) <= 6 and e["definition"] for e in entries)
    terms = {e["term"].casefold() for e in entries}
    assert {"token", "attention", "kv cache", "lora", "perplexity", "tokenization"} <= terms
    assert not terms & {"it", "this", "they", "chapter", "ai engineering (book)"}
    sorted_terms = [e["term"].casefold() for e in entries]
    assert sorted_terms == sorted(sorted_terms)


def test_glossary_json_shape_of_one_entry() -> None:
    """Each definition carries text, note id, path and line; sources mirror them."""
    _, out, _ = run("glossary", "rag", "--json")
    (entry,) = json.loads(out)
    assert entry["term"] == "retrieval-augmented generation"
    assert entry["aliases"] == ["RAG"]
    first = entry["definitions"][0]
    assert first["path"] == "ai-engineering.concepts.rag.md" and first["line"] > 0
    assert entry["definition"] == first["text"]
    assert entry["sources"][0] == {k: first[k] for k in ("note", "path", "line")}


def test_glossary_groups_by_letter_and_shows_sources() -> None:
    """The human glossary has letter headings, terms, definitions and their file:line."""
    code, out, _ = run("glossary", "to", tty=True)
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "T"
    assert any(line.startswith("token ") for line in lines)
    assert "ai-engineering.concepts.token.md:" in out
    assert out.rstrip().endswith("terms")


def test_glossary_prefix_without_match_is_empty() -> None:
    """No term with the prefix: `[]` in JSON, a sentence for people, nothing piped; exit 0."""
    assert run("glossary", "zzz", "--json") == (0, "[]\n", "")
    assert run("glossary", "zzz", tty=True) == (0, "No terms match.\n", "")
    assert run("glossary", "zzz") == (0, "", "")


def test_define_shows_every_definition_related_and_mentions() -> None:
    """define lists all definitions with sources, related concepts and mentioning notes."""
    code, out, _ = run("define", "kv cache", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["term"] == "KV cache"
    assert set(data) == ENTRY_KEYS | {"related", "mentioned_in"}
    assert data["related"] and all({"term", "count"} == set(r) for r in data["related"])
    assert data["mentioned_in"][0]["mentions"] >= data["mentioned_in"][-1]["mentions"]
    code, out, _ = run("define", "KV cache")
    assert "KV cache" in out and "Related:" in out and "Mentioned in" in out


def test_define_by_acronym_or_expansion() -> None:
    """An acronym finds its expansion's entry and the other way round."""
    _, by_short, _ = run("define", "HITL", "--json")
    _, by_long, _ = run("define", "human in the loop", "--json")
    assert json.loads(by_short)["term"] == json.loads(by_long)["term"] == "Human-in-the-loop"


def test_define_unknown_term_suggests_and_exits_1() -> None:
    """A typo: one error line with did-you-mean, nothing on stdout."""
    code, out, err = run("define", "tokenizaton")
    assert (code, out) == (1, "")
    assert (
        err == 'Error: no term "tokenizaton" in the glossary (did you mean "Tokenization"'
        ', "token"?)\n'
    )


def test_define_an_undefined_term_points_to_the_note_named_for_it(
    make_vault: VaultFactory,
) -> None:
    """A paper note named for its model ("Word2Vec.md" under the paper's title) that no form
    reads as defining it: `define` says which note is named for the term, as a command to
    paste (quoted when its path has a space); a term no note is named for says no such
    thing."""
    vault = make_vault(
        {
            "papers/Word2Vec.md": "# Efficient Estimation of Word Representations\n\n"
            "- Two architectures for word vectors\n- Trained on billions of words\n",
            "Deep Nets.md": "# Deep Nets\n\n- many layers\n",
        }
    )
    code, out, err = run("define", "word2vec", vault=vault)
    assert (code, out) == (1, "")
    assert err == (
        'Error: no term "word2vec" in the glossary (a note is named for it: '
        "notes show papers/Word2Vec.md)\n"
    )
    _, _, err = run("define", "deep net", vault=vault)
    assert "a note is named for it: notes show 'Deep Nets.md'" in err
    _, _, err = run("define", "perceptron", vault=vault)
    assert err == 'Error: no term "perceptron" in the glossary\n'
    code, _, err = run("concepts", "word2vec", vault=vault)
    assert code == 1 and "a note is named for it: notes show papers/Word2Vec.md" in err


def test_concepts_index_sorted_by_how_widely_used() -> None:
    """concepts lists every term and tag with mention and note counts, in most notes first
    (then most mentions)."""
    code, out, _ = run("concepts", "--json")
    data = json.loads(out)
    assert code == 0
    assert all(set(c) == {"term", "aliases", "mentions", "notes", "defined"} for c in data)
    counts = [(c["notes"], c["mentions"]) for c in data]
    assert counts == sorted(counts, reverse=True)
    assert data[0]["term"] == "token"
    assert any(not c["defined"] for c in data)  # tags are concepts too


def test_concepts_term_lists_mentions_in_context() -> None:
    """concepts TERM gives each mention with note, section, line and the line's text."""
    code, out, _ = run("concepts", "kv cache", "--json")
    data = json.loads(out)
    assert code == 0
    first = data["mentions"][0]
    assert set(first) == {"note", "title", "path", "line", "section", "text"}
    source = (run.__globals__["BUNDLED"] / first["path"]).read_text(encoding="utf-8")
    assert source.splitlines()[first["line"] - 1].strip() == first["text"]
    assert "kv cache" in first["text"].casefold()
    code, out, _ = run("concepts", "kv cache")
    assert "mentions in" in out and "§ " in out


def test_concepts_unknown_term_exits_1(make_vault: VaultFactory) -> None:
    """An unknown concept is an error with exit 1; an empty vault has an empty index."""
    vault = make_vault({"a.md": "Nothing to define here.\n"})
    assert run("concepts", "--json", vault=vault) == (0, "[]\n", "")
    code, out, err = run("concepts", "zebra", vault=vault)
    assert (code, out) == (1, "") and err.startswith('Error: no term "zebra"')


def test_glossary_text_is_data(make_vault: VaultFactory) -> None:
    """Markup and escape codes in definitions print literally and safely."""
    vault = make_vault({"g.md": "- *evil*: prints [bold red]loud[/] and \x1b[2J clears.\n"})
    code, out, _ = run("glossary", vault=vault)
    assert code == 0 and "[bold red]loud[/]" in out and "\x1b" not in out


def test_define_sums_up_a_term_mentioned_in_many_notes(make_vault: VaultFactory) -> None:
    """The human view lists the 30 notes using a term most and counts the rest; --json
    keeps every mention."""
    files: dict[str, str | bytes] = {
        "g.md": "- **Beam search**: keeps the k best partial sequences at each step.\n"
    }
    files |= {f"n{i:02}.md": f"# N{i}\n\nBeam search again.\n" for i in range(40)}
    root = make_vault(files)
    code, out, _ = run("--dir", str(root), "define", "beam search")
    assert code == 0 and "Mentioned in 41 notes:" in out
    assert '… and 11 more notes (`notes concepts "Beam search"` shows every mention' in out
    _, data, _ = run("--dir", str(root), "define", "beam search", "--json")
    assert len(json.loads(data)["mentioned_in"]) == 41


def test_the_most_mentioning_notes_are_those_a_full_sort_puts_first() -> None:
    """`define` ranks only the notes counted at least as often as the last one shown: the
    same notes, in the same order (count, then path), as sorting every note, ties at the
    cut included."""
    import random

    from notes_kb.cli.views_study import most_mentioning

    chance = random.Random(13)
    for size in (0, 1, 29, 30, 31, 500):
        counts = {
            f"n{chance.randrange(10_000):05}.md": chance.choice((1, 1, 2, 3, 7))
            for _ in range(size)
        }
        every = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        assert most_mentioning(counts, 30) == every[:30]
