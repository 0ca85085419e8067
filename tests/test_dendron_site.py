"""The loader on a real published Dendron workspace, when ../shared has it."""

from __future__ import annotations

import pytest

from notes_kb import build_tree, load_vault, locate, resolve_note
from notes_kb.query.hierarchy import count_stubs
from tests.conftest import SHARED_DENDRON

pytestmark = pytest.mark.skipif(
    not (SHARED_DENDRON / "dendron.yml").is_file(), reason="../shared/vaults/dendron-site absent"
)


def test_every_note_loads_without_errors() -> None:
    """All 1,012 notes load through dendron.yml, with ids, titles and times."""
    vault = load_vault(locate(SHARED_DENDRON))
    assert vault.location.workspace
    assert [v.name for v in vault.location.vaults] == ["dendron.dendron-site"]
    assert len(vault.notes) == len(list((SHARED_DENDRON / "vault").rglob("*.md")))
    assert [d for d in vault.diagnostics if d.severity == "error"] == []
    assert all(n.id and n.title for n in vault.notes)
    assert all(n.created is not None for n in vault.notes if "created" in n.frontmatter)
    assert len(vault.by_id) == len(vault.notes)


def test_hierarchy_has_stubs_and_resolution_works() -> None:
    """Missing parents become stubs; file names, segments and headings resolve."""
    vault = load_vault(locate(SHARED_DENDRON))
    tree = build_tree(vault.notes)
    assert count_stubs(tree) > 0
    assert resolve_note(vault, "dendron.topic.lookup").rule == "file name"
    found = resolve_note(vault, "dendron.concepts#lookup-bar")
    assert found.section is not None and found.section.heading == "Lookup Bar"
