"""notes-kb: a knowledge base over a folder of Markdown notes, as a library and a CLI."""

from __future__ import annotations

import os

from notes_kb.config import Location, locate
from notes_kb.errors import NotesError
from notes_kb.hierarchy import build_tree
from notes_kb.listing import list_notes
from notes_kb.model import Diagnostic, Note, Resolved, Section, TreeNode
from notes_kb.resolve import resolve_note
from notes_kb.vault import Vault, load_vault

__version__ = "0.1.0"
__all__ = [
    "Diagnostic",
    "Location",
    "Note",
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


def open_vault(path: str | os.PathLike[str] | None = None) -> Vault:
    """Find the vault (path, NOTES_DIR, or the nearest notes/ or dendron.yml) and load it."""
    return load_vault(locate(path))
