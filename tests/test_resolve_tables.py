"""The one NOTE resolver: links and the NOTE argument share its tables, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from notes_kb.config import locate
from notes_kb.errors import AmbiguousNoteError, NoteNotFoundError
from notes_kb.index.load import Vault, load_vault
from notes_kb.model import Note
from notes_kb.query.linkgraph import link_graph
from notes_kb.query.resolve import names_of, resolve_note
from tests.conftest import write_files

FILES = {
    "proj.beta.md": "---\nid: b-id\n---\n# Beta\n",
    "proj.gamma.md": "# Gamma\n",
    "delta.md": "---\ntitle: The Delta Note\n---\n",
    "sub/eps.md": "# Eps\n\n## Part One\n",
    "x.one.md": "# X one\n",
    "y.one.md": "# Y one\n",
}
NAMES = ["b-id", "proj.beta", "PROJ.Beta", "gamma", "the delta note", "sub/eps", "one", "nope"]


class CountingList(list[Note]):
    """A list of notes that counts how often it is walked."""

    walks = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        CountingList.walks += 1
        return super().__iter__()


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    return load_vault(locate(write_files(tmp_path / "kb", FILES)))


def test_link_and_note_argument_resolve_alike(vault: Vault) -> None:
    """`[[name]]` and `notes show name` find the same note, or both find none."""
    by_argument: dict[str, str | None] = {}
    for name in NAMES:
        try:
            by_argument[name] = resolve_note(vault, name).note.path
        except (NoteNotFoundError, AmbiguousNoteError):
            by_argument[name] = None
    finder = names_of(vault)
    by_link = {name: getattr(finder.find(name)[0], "path", None) for name in NAMES}
    assert (
        by_link
        == by_argument
        == {
            "b-id": "proj.beta.md",
            "proj.beta": "proj.beta.md",
            "PROJ.Beta": "proj.beta.md",
            "gamma": "proj.gamma.md",
            "the delta note": "delta.md",
            "sub/eps": "sub/eps.md",
            "one": None,
            "nope": None,
        }
    )


def test_tables_are_built_once_per_vault(vault: Vault) -> None:
    """After the first lookup no resolve walks the notes again, and the link graph reuses
    the same tables."""
    vault.notes = CountingList(vault.notes)
    resolve_note(vault, "gamma")
    resolve_note(vault, "the delta note")  # the title table, built on first need
    resolve_note(vault, "part-one")  # the heading table too
    resolve_note(vault, "sub/eps.md")  # and the path table
    CountingList.walks = 0
    for _ in range(50):
        for name in ("b-id", "proj.beta", "gamma", "the delta note", "sub/eps.md", "part-one"):
            resolve_note(vault, name)
    assert CountingList.walks == 0
    assert names_of(vault) is names_of(vault)


def test_new_notes_list_gets_new_tables(vault: Vault) -> None:
    """A vault whose notes changed is not answered from stale tables."""
    assert resolve_note(vault, "gamma").note.path == "proj.gamma.md"
    vault.notes = [n for n in vault.notes if n.path != "proj.gamma.md"]
    with pytest.raises(NoteNotFoundError):
        resolve_note(vault, "gamma")
    assert link_graph(vault).notes == vault.notes
