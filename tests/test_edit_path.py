"""The run after one note is edited, added, deleted or renamed, as `notes search` makes it
(the quick walk, the changed chunks of the kept walk, the kept patterns, one note parsed):
the cache then holds what a cache built afresh from the same files holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from notes_kb.config import locate
from notes_kb.index.search import search
from notes_kb.index.store import Index

VAULT = {
    "attention.md": "---\ntitle: Attention\ntags: [model, nlp]\ncreated: 2024-01-02\n---\n"
    "# Attention\n\nAttention is a mechanism that weighs tokens.\n\n## Uses\n\n"
    "See [[transformer]]. A token is a piece of text.\n",
    "transformer.md": "# Transformer\n\nA transformer is a model built on [[attention]].\n\n"
    "Q: What is a transformer?\nA: A model built on attention.\n",
    "sub/glossary.md": "# Glossary\n\n- **LLM**: a large language model.\n"
    "- **Token**: a unit of text. #nlp\n",
    "broken.md": "---\ntags: [unclosed\n---\n# Broken\n\nA token in a note whose YAML fails.\n",
}


def write_vault(vault: Path) -> Path:
    """The notes of `VAULT`, written into `vault`."""
    for name, text in VAULT.items():
        (vault / name).parent.mkdir(parents=True, exist_ok=True)
        (vault / name).write_text(text, "utf-8")
    return vault


def contents(vault: Path, cache: Path) -> list[Any]:
    """Everything a read command takes from the cache, after a refresh of its own (a new
    process's): the notes, their problems, links and cards, the definitions, and searches."""
    index = Index.open(locate(vault), cache)
    try:
        index.refresh()
        loaded = index.load_vault()
        assert loaded.written_links is not None and loaded.note_cards is not None
        definitions = index.conn.execute(
            "SELECT n.path, d.term, d.key, d.line FROM definitions d "
            "JOIN notes n ON n.rowid = d.note ORDER BY 1, 4, 2"
        ).fetchall()
        return [
            sorted(loaded.notes, key=lambda note: note.path),
            sorted(index.diagnostics(), key=repr),
            loaded.written_links(),
            loaded.note_cards(),
            definitions,
            *(search(index.conn, query) for query in ("token", "attention", "model", "lln")),
        ]
    finally:
        index.close()


def test_after_each_change_the_cache_holds_what_a_fresh_one_holds(tmp_path: Path) -> None:
    """Edit a note's body, add a note without frontmatter, break and mend frontmatter,
    delete a note, rename one: after each, refreshing the kept cache gives the notes,
    problems, links, cards, definitions and search results a fresh build gives."""
    vault = write_vault(tmp_path / "vault")
    kept = tmp_path / "kept"
    contents(vault, kept)
    steps = [
        lambda: (vault / "attention.md").write_text(
            VAULT["attention.md"] + "\nA head is a part of attention.\n", "utf-8"
        ),
        lambda: (vault / "head.md").write_text("# Head\n\nA head is one attention unit.\n"),
        lambda: (vault / "broken.md").write_text(
            "---\ntags: [fixed]\n---\n# Broken\n\nA token, its YAML mended.\n", "utf-8"
        ),
        lambda: (vault / "sub" / "glossary.md").unlink(),
        lambda: (vault / "transformer.md").rename(vault / "sub" / "model.md"),
        lambda: (vault / "head.md").write_text("---\nid: h1\n---\nA token, no heading.\n"),
    ]
    for number, step in enumerate(steps):
        step()
        assert contents(vault, kept) == contents(vault, tmp_path / f"fresh{number}"), number


def _in_child(code: str, vault: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """`code` run in a fresh interpreter (its imports its own), with the vault and cache as
    its arguments."""
    return subprocess.run(
        [sys.executable, "-c", code, str(vault), str(cache)], capture_output=True, text=True
    )


def test_parsing_a_note_without_frontmatter_loads_no_yaml_openssl_or_tempfile(
    tmp_path: Path,
) -> None:
    """The run after a note without frontmatter was added parses it without loading YAML
    (or python-frontmatter), OpenSSL's hashes or `tempfile`; it stamps the cache as checked
    (the stamp matches the file) and leaves no temporary file beside it."""
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("---\ntags: [x]\n---\n# A\n\nA token.\n", "utf-8")
    contents(vault, tmp_path / "cache")
    (vault / "b.md").write_text("# B\n\nAnother token.\n\nQ: Why?\nA: Because.\n", "utf-8")
    code = (
        "import sys\n"
        "from notes_kb.config import locate\n"
        "from notes_kb.index.cachefile import checked_before\n"
        "from notes_kb.index.store import Index\n"
        "index = Index.open(locate(sys.argv[1]), __import__('pathlib').Path(sys.argv[2]))\n"
        "parsed = index.refresh().parsed\n"
        "assert index.path is not None\n"
        "loaded = {'yaml', 'frontmatter', '_hashlib', 'tempfile'} & set(sys.modules)\n"
        "print(parsed, sorted(loaded), checked_before(index.path))\n"
    )
    done = _in_child(code, vault, tmp_path / "cache")
    assert (done.stdout, done.stderr) == ("1 [] True\n", "")
    assert not [p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith(".")]


def test_a_deletion_loads_no_parser_nor_their_records(tmp_path: Path) -> None:
    """The run after a note was deleted only forgets its rows: it loads neither the parse
    records (index/records) nor any parser."""
    vault = write_vault(tmp_path / "vault")
    contents(vault, tmp_path / "cache")
    (vault / "transformer.md").unlink()
    code = (
        "import sys\n"
        "from notes_kb.config import locate\n"
        "from notes_kb.index.store import Index\n"
        "index = Index.open(locate(sys.argv[1]), __import__('pathlib').Path(sys.argv[2]))\n"
        "stats = index.refresh()\n"
        "loaded = {'notes_kb.index.records', 'markdown_it', 'yaml'} & set(sys.modules)\n"
        "print(stats.parsed, stats.removed, sorted(loaded))\n"
    )
    done = _in_child(code, vault, tmp_path / "cache")
    assert (done.stdout, done.stderr) == ("0 1 []\n", "")
