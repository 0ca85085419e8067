"""notes-kb: a knowledge base over a folder of Markdown notes, as a library and a CLI.

`open_vault(path)` is the entry point: its `KnowledgeBase` answers every query the `notes`
command answers (show, list, tree, check, links, tags, graph, glossary, define, concepts,
search, status).

The names below load on first use, so `notes search` does not pay for modules it never
touches (a YAML parser, Markdown parser or Rich on a warm, scripted search)."""

from __future__ import annotations

# `typing` (and the `re`, `functools` and `contextlib` it loads) is not imported here: every
# `notes` run imports this package first, and a served command is little more than that
TYPE_CHECKING = False

__version__ = "0.1.0"
__all__ = [
    "Check",
    "Diagnostic",
    "KnowledgeBase",
    "Location",
    "Note",
    "NoteView",
    "NotesError",
    "Resolved",
    "Section",
    "TreeNode",
    "Vault",
    "build_tree",
    "list_notes",
    "load_vault",
    "locate",
    "open_vault",
    "resolve_note",
]
_HOMES = {
    "Check": "kb",
    "KnowledgeBase": "kb",
    "NoteView": "kb",
    "open_vault": "kb",
    "Location": "config",
    "locate": "config",
    "NotesError": "errors",
    "build_tree": "query.hierarchy",
    "list_notes": "query.listing",
    "Diagnostic": "model",
    "Note": "model",
    "Resolved": "model",
    "Section": "model",
    "TreeNode": "model",
    "resolve_note": "query.resolve",
    "Vault": "index.load",
    "load_vault": "index.load",
}

if TYPE_CHECKING:
    from typing import Any

    from notes_kb.config import Location, locate
    from notes_kb.errors import NotesError
    from notes_kb.index.load import Vault, load_vault
    from notes_kb.kb import Check, KnowledgeBase, NoteView, open_vault
    from notes_kb.model import Diagnostic, Note, Resolved, Section, TreeNode
    from notes_kb.query.hierarchy import build_tree
    from notes_kb.query.listing import list_notes
    from notes_kb.query.resolve import resolve_note


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(f"notes_kb.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'notes_kb' has no attribute {name!r}")
