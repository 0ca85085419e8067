"""What `notes serve`'s knowledge base keeps of a command's output between commands: made
once, until the cache changes; of encoded output only the last."""

from __future__ import annotations

import os
import time
from pathlib import Path

from notes_kb.cli.kept_kb import KeptKnowledgeBase
from notes_kb.config import locate
from notes_kb.index.live_walk import EVERYTHING, Touched
from tests.conftest import VaultFactory


def _changed(kb: KeptKnowledgeBase, path: Path, text: str) -> None:
    """Write the note, its mtime moved on (a change within one tick), as the watch saw it."""
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))
    kb.note(Touched(False, frozenset({str(path)})))
    kb.refresh()


def test_one_encoded_output_is_kept_until_the_cache_changes(make_vault: VaultFactory) -> None:
    """The same key twice: made once; another key in between: made again (one is kept); a
    change of the vault: made again."""
    vault = make_vault({"a.md": "# A\n\n- **Widget**: a small part.\n"})
    kb = KeptKnowledgeBase(locate(vault))
    kb.note(EVERYTHING)
    kb.refresh()
    made: list[str] = []

    def make(name: str) -> bytes:
        made.append(name)
        return name.encode()

    assert [kb.output((name,), lambda n=name: make(n)) for name in "xxyx"] == [
        b"x",
        b"x",
        b"y",
        b"x",
    ]
    assert made == ["x", "y", "x"]
    _changed(kb, vault / "a.md", "# A\n\n- **Widget**: a larger part.\n")
    assert kb.output(("x",), lambda: make("x")) == b"x" and made == ["x", "y", "x", "x"]


def test_views_are_kept_until_the_cache_changes(make_vault: VaultFactory) -> None:
    """`session.kept` with the server's keeper: a view made once per key, made again after a
    change; without a server (no keeper), made every time."""
    from notes_kb.cli import session

    vault = make_vault({"a.md": "# A\n\n- **Widget**: a small part.\n"})
    kb = KeptKnowledgeBase(locate(vault))
    kb.note(EVERYTHING)
    kb.refresh()
    made: list[str] = []

    def view() -> list[str]:
        made.append("view")
        return ["a view"]

    assert session.kept(("v",), view) == session.kept(("v",), view) and len(made) == 2
    session.keeper = kb
    try:
        first = session.kept(("v",), view)
        assert session.kept(("v",), view) is first and len(made) == 3
        _changed(kb, vault / "a.md", "# A\n\n- **Widget**: a larger part.\n")
        assert session.kept(("v",), view) is not first and len(made) == 4
    finally:
        session.keeper = None
