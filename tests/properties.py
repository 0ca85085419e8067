"""Properties shared by the test suite (a few hundred examples) and tests/fuzz.py (many)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from hypothesis import strategies as st

from notes_kb.config import Location, VaultDir
from notes_kb.errors import NotesError
from notes_kb.index.search import search
from notes_kb.index.store import Index
from notes_kb.parse.definitions import find_definitions
from notes_kb.parse.frontmatter import parse_note
from notes_kb.parse.inline import plain
from notes_kb.parse.keys import concept_key
from notes_kb.parse.links import extract_links
from notes_kb.parse.search_syntax import parse_query
from notes_kb.query.glossary import build_glossary

PIECES = [
    "---\n",
    ":",
    "- ",
    "* ",
    "# ",
    "## What is ",
    "?",
    "**",
    "*",
    "_",
    "`",
    "```\n",
    "~~~\n",
    "[[",
    "]]",
    "|",
    "#",
    "^",
    "![[",
    "](",
    ".md)",
    "(",
    ")",
    "> ",
    "> [!info] ",
    "\n",
    "\n\n",
    " is a ",
    " refers to ",
    " stands for ",
    " is called ",
    "RAG",
    "token",
    "A ",
    "The ",
    "@",
    "\t",
    "\x00",
    "\x1b",
    "é",
    "注意力",
    "\u0301",
    '"',
    "OR",
    "-",
    "NOT",
    "NEAR(",
    # the shapes that broke the finder once: a table cell of commas, a bracket opening a
    # sentence, math in its three spellings, special tokens, a paper's new name
    ",,",
    "|---|",
    "(also called ",
    "$",
    "$$",
    "\\[",
    "\\]",
    "[CLS]",
    "<|x|>",
    "propose a network, ",
    "Their method, ",
    " is defined as",
    " such as ",
    ", where ",
    ", which ",
    "**Term.** ",
]
markdownish = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map(
    "".join
)
queries = st.one_of(st.text(max_size=40), markdownish)


LINE_BREAK = re.compile(r"\r\n?|\n")


def definitions_never_raise(text: str) -> None:
    note, _ = parse_note(text, "fuzz.md")
    definitions, aliases = find_definitions(note)
    lines = len(LINE_BREAK.findall(text)) + 2  # a lone CR breaks a line too, as for Markdown
    for definition in definitions:
        assert definition.term and 1 <= definition.line <= lines
    for alias in aliases:
        assert alias.short and alias.long and 1 <= alias.line <= lines
    build_glossary([note])


def links_never_raise(text: str) -> None:
    note, _ = parse_note(text, "fuzz.md")
    lines = note.source.count("\n") + 1
    assert all(1 <= link.line <= lines for link in extract_links(note))


def inline_text_never_raises(text: str) -> None:
    out, code = plain(text, mark_links=True)
    assert all(0 <= a <= b <= len(out) for a, b in code)
    concept_key(text)


def query_parser_never_raises(query: str) -> None:
    for term in parse_query(query):
        assert term.text and "\x00" not in term.text


def make_index(folder: Path) -> sqlite3.Connection:
    """A small real vault, indexed once, for the search property."""
    vault = folder / "vault"
    vault.mkdir(parents=True, exist_ok=True)
    notes = {
        "a.md": "# Tokens\n\nA token is the unit a model reads. tokenization, naïve.\n",
        "b.md": "---\ntags: [llm]\n---\n## KV cache\n\n- *KV cache*: stored keys.\n",
        "c.md": "注意力机制是变换器的核心\n\n[[a]] and RAG (retrieval-augmented generation)\n",
    }
    for name, text in notes.items():
        (vault / name).write_text(text, encoding="utf-8")
    location = Location(vault, (VaultDir("vault", vault),))
    index = Index.open(location, folder / "cache")
    index.refresh()
    return index.conn


def search_never_raises_and_finds_only_notes(conn: sqlite3.Connection, query: str) -> None:
    try:
        results = search(conn, query, limit=5)
    except NotesError:
        return
    paths = {row[0] for row in conn.execute("SELECT path FROM notes")}
    assert {hit.path for hit in results.hits} <= paths
