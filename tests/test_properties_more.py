"""Properties over generated input for the later layers: definitions, links, the query."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests import properties as p

FAST = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@FAST
@given(p.markdownish)
def test_definitions_never_raise(text: str) -> None:
    """The definition finder and the glossary merge take any text."""
    p.definitions_never_raise(text)


@FAST
@given(p.markdownish)
def test_links_never_raise(text: str) -> None:
    """Link extraction takes any text; every link's line is a line of the file."""
    p.links_never_raise(text)


@FAST
@given(p.queries)
def test_inline_text_never_raises(text: str) -> None:
    """Inline Markdown to plain text takes any text; code spans stay inside the output."""
    p.inline_text_never_raises(text)


@FAST
@given(p.queries)
def test_query_parser_never_raises(query: str) -> None:
    """Any text is a query; no term carries a NUL into FTS5."""
    p.query_parser_never_raises(query)


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return p.make_index(Path(tmp_path_factory.mktemp("property-index")))


@FAST
@given(p.queries)
def test_search_never_raises_and_finds_only_notes(conn, query: str) -> None:  # type: ignore[no-untyped-def]
    """Any query returns normally, and every hit is a note of the vault."""
    p.search_never_raises_and_finds_only_notes(conn, query)
