"""The NOTE argument -> one note (and maybe one section), by rules tried in a fixed order."""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from notes_kb.errors import AmbiguousNoteError, NoteNotFoundError, OutsideVaultError
from notes_kb.index.load import Vault
from notes_kb.model import Note, Resolved, Section
from notes_kb.parse.markdown import sections_of, slugify

RULES = ("id", "file name", "hierarchy segment", "title", "heading")


def resolve_note(vault: Vault, query: str) -> Resolved:
    """Resolve like a person means it: id, file name, last segment, title, heading slug.

    `note#heading` names a section explicitly. Raises NoteNotFoundError with suggestions,
    AmbiguousNoteError with candidates, or OutsideVaultError for paths leaving the vault.
    """
    query = query.strip()
    if not query:
        raise NoteNotFoundError(query)
    if "#" in query and not query.startswith("#"):
        note_part, anchor = query.split("#", 1)
        resolved = resolve_note(vault, note_part)
        section = find_heading(resolved.note, anchor)
        if section is None:
            headings = [s.slug for s in sections_of(resolved.note)]
            raise NoteNotFoundError(query, [f"{note_part}#{s}" for s in suggest(anchor, headings)])
        return Resolved(resolved.note, section, resolved.rule)
    if "/" in query or "\\" in query or query.lower().endswith(".md"):
        by_path = _by_path(vault, query)
        if by_path is not None:
            return by_path
    for rule, matches in _candidates(vault, query):
        if len(matches) == 1:
            return (
                matches[0] if isinstance(matches[0], Resolved) else Resolved(matches[0], None, rule)
            )
        if len(matches) > 1:
            raise AmbiguousNoteError(query, sorted(_describe(m) for m in matches))
    raise NoteNotFoundError(query, suggest_notes(vault, query))


def _candidates(vault: Vault, query: str) -> Iterable[tuple[str, list]]:
    """Each rule's matches, lazily: later rules (headings) cost more and run only if needed."""
    yield "id", vault.by_id.get(query, [])
    folded = query.casefold()
    by_fname = [n for n in vault.notes if n.fname.casefold() == folded]
    same_case = [n for n in by_fname if n.fname == query]
    yield "file name", same_case if len(same_case) == 1 else by_fname
    yield "hierarchy segment", [n for n in vault.notes if n.segments[-1].casefold() == folded]
    key = normalise_title(query)
    yield "title", [n for n in vault.notes if key and normalise_title(n.title) == key]
    yield "heading", _heading_matches(vault, query)


def _heading_matches(vault: Vault, query: str) -> list[Resolved]:
    slug = slugify(query)
    if not slug:
        return []
    exact: list[Resolved] = []
    prefix: list[Resolved] = []
    for note in vault.notes:
        for section in sections_of(note):
            if section.slug == slug:
                exact.append(Resolved(note, section, "heading"))
            elif _prefix_at_boundary(section.slug, slug):
                prefix.append(Resolved(note, section, "heading"))
    return exact or prefix


def find_heading(note: Note, anchor: str) -> Section | None:
    """A section of note named by slug, heading text, or a slug prefix at a word boundary."""
    slug = slugify(anchor)
    for section in sections_of(note):
        if section.slug == slug or section.slug == anchor:
            return section
    prefixed = [s for s in sections_of(note) if _prefix_at_boundary(s.slug, slug)]
    return prefixed[0] if len(prefixed) >= 1 and slug else None


def _prefix_at_boundary(slug: str, prefix: str) -> bool:
    """`chapter-1` opens `chapter-1---intro` but not `chapter-10`."""
    return len(slug) > len(prefix) and slug.startswith(prefix) and not slug[len(prefix)].isalnum()


def _by_path(vault: Vault, query: str) -> Resolved | None:
    """A file path, relative to the vault or absolute; one that leaves the vault is refused."""
    root = vault.location.root.resolve()
    cleaned = query.replace("\\", "/")
    target = Path(cleaned) if posixpath.isabs(cleaned) else root / cleaned
    if not target.resolve().is_relative_to(root):
        raise OutsideVaultError(f'"{query}" is outside the vault; notes are read only from {root}')
    plain = Path(os.path.normpath(target))
    inside = plain if plain.is_relative_to(root) else target.resolve()
    normal = inside.relative_to(root).as_posix()
    wanted = {normal, normal + ".md"}
    for vault_dir in vault.location.vaults:  # also accept paths relative to a vault folder
        try:
            prefix = vault_dir.path.relative_to(vault.location.root).as_posix()
        except ValueError:
            continue
        if prefix != ".":
            wanted |= {f"{prefix}/{normal}", f"{prefix}/{normal}.md"}
    for note in vault.notes:
        if note.path in wanted:
            return Resolved(note, None, "path")
    return None


def normalise_title(text: str) -> str:
    """Case and punctuation do not matter when a person types a title."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


def suggest_notes(vault: Vault, query: str, limit: int = 3) -> list[str]:
    """Up to `limit` close names, best first, each the shortest name that finds its note."""
    segment_count: dict[str, int] = {}
    for note in vault.notes:
        key = note.segments[-1].casefold()
        segment_count[key] = segment_count.get(key, 0) + 1
    choices: dict[str, Note] = {}
    for note in vault.notes:
        for key in (note.fname, note.segments[-1], note.title):
            choices.setdefault(key, note)
    found: list[str] = []
    for key in suggest(query, list(choices), limit=limit * 3):
        note = choices[key]
        last = note.segments[-1]
        name = last if segment_count[last.casefold()] == 1 else note.fname
        if name not in found:
            found.append(name)
    return found[:limit]


def suggest(query: str, choices: list[str], limit: int = 3, cutoff: float = 75) -> list[str]:
    from rapidfuzz import fuzz, process, utils

    results = process.extract(
        query,
        choices,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=cutoff,
    )
    return [choice for choice, _score, _index in results]


def _describe(match: Note | Resolved) -> str:
    if isinstance(match, Resolved):
        return f"{match.note.fname}#{match.section.slug}" if match.section else match.note.fname
    return f"{match.fname} ({match.path})"
