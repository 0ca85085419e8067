"""Parsers on arbitrary bytes (hypothesis), and a bug of ours on one note staying there."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes_kb.config import VaultDir, locate
from notes_kb.files import display_name
from notes_kb.index.build import scan
from notes_kb.index.load import read_note
from notes_kb.index.records import parse_file
from notes_kb.parse.frontmatter import load_frontmatter, parse_note
from tests.conftest import write_files

FRONT = st.sampled_from(["---\n", "---\ntitle: x\n---\n", "---\na: &a [1]\nb: *a\n---\n", ""])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(head=FRONT, data=st.binary(max_size=2000))
def test_reading_any_bytes_never_raises(
    tmp_path_factory: pytest.TempPathFactory, head: str, data: bytes
) -> None:
    """Any bytes in a .md file: a note or a diagnostic, never an exception."""
    folder = tmp_path_factory.mktemp("any")
    path = folder / "x.md"
    path.write_bytes(head.encode() + data)
    note, problems = read_note(path, "x.md", VaultDir("v", folder), os.path.realpath(folder))
    assert note is not None or problems


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=500))
def test_frontmatter_of_any_text_never_raises(text: str) -> None:
    """Any text as frontmatter or as a whole note: values or a problem, never an exception."""
    load_frontmatter(text)
    parse_note("---\n" + text + "\n---\nbody\n", "x.md")


@given(name=st.text(max_size=40))
def test_display_names_are_printable_and_one_line(name: str) -> None:
    """Whatever a name holds, its printed form has no control or bidi character."""
    shown = display_name(name)
    for char in shown:
        assert unicodedata.category(char)[0] != "C"
        assert unicodedata.category(char) not in ("Zl", "Zp")
        assert unicodedata.bidirectional(char) not in ("RLO", "LRO", "RLE", "LRE", "PDF")


def test_a_parser_bug_on_one_note_is_a_diagnostic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When extracting one note raises, that note keeps its text and gets a diagnostic;
    the command goes on."""
    import notes_kb.parse.definitions as definitions

    vault = write_files(tmp_path / "vault", {"a.md": "# A\n\nalpha text\n"})
    task = next(iter(scan(locate(vault), [])))

    def broken(*args: object) -> object:
        raise UnboundLocalError("a bug")

    monkeypatch.setattr(definitions, "find_definitions", broken)
    record = parse_file(task)
    assert record.note is not None and record.note.title == "A"
    assert [(d.code, d.message) for d in record.diagnostics] == [
        (
            "parse-failed",
            "notes could not read this note's structure (UnboundLocalError: a bug); its text "
            "is still searchable. Please report this.",
        )
    ]
    assert [segment.body for segment in record.segments] == ["# A\n\nalpha text\n"]
