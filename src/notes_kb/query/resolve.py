"""The NOTE argument -> one note (and maybe one section), by rules tried in a fixed order.

The one home of the name-matching rules: `notes show X` and a `[[X]]` link find a note by
the same tables (id, file name, last hierarchy segment, title, path), built once per vault.
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
import weakref
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path

from notes_kb.errors import AmbiguousNoteError, NoteNotFoundError, OutsideVaultError
from notes_kb.index.load import Vault
from notes_kb.model import Note, Resolved, Section
from notes_kb.parse.markdown import sections_of, slugify

RULES = ("id", "file name", "hierarchy segment", "title", "alias", "heading")


class NoteNames:
    """Name -> notes by each NOTE rule, from tables built once for a list of notes.

    Lookups are dictionary reads, so resolving a name costs the same in a vault of ten notes
    or of 100,000; the heading table (which needs every note's sections) is built only when
    a name falls through to the heading rule.
    """

    def __init__(self, notes: Sequence[Note]) -> None:
        self.notes = notes
        self.size = len(notes)  # a list grown in place needs new tables
        self.vaults = {note.vault for note in notes}

    # Each table is built when a rule first needs it: a one-off `notes show token` should
    # not pay for normalising 100,000 titles when the file-name table answers it.

    @cached_property
    def by_id(self) -> _Table:
        return self._table("id")

    @cached_property
    def by_fname(self) -> _Table:
        return self._table("file name")

    @cached_property
    def by_segment(self) -> _Table:
        return self._table("hierarchy segment")

    @cached_property
    def by_title(self) -> _Table:
        return self._table("title")

    @cached_property
    def by_alias(self) -> _Table:
        """Obsidian's `aliases:` (or `alias:`) frontmatter: other names of a note."""
        return self._table("alias")

    def _table(self, rule: str) -> _Table:
        return _Table((key, note) for note in self.notes for key in rule_keys(note, rule))

    def matches(self, rule: str, key: str) -> list[Note]:
        """The notes a name rule finds under a key (as `rule_keys` makes it)."""
        table = {
            "id": self.by_id,
            "file name": self.by_fname,
            "hierarchy segment": self.by_segment,
            "title": self.by_title,
            "alias": self.by_alias,
        }[rule]
        return table.get(key)

    @cached_property
    def by_path(self) -> dict[str, Note]:
        return {note.path: note for note in self.notes}

    @cached_property
    def by_stem(self) -> dict[str, Note]:
        """Paths without `.md`: `[[sub/note]]`, `[x](b)`."""
        return {n.path[:-3]: n for n in self.notes if n.path.lower().endswith(".md")}

    def by_rule(self, name: str) -> Iterator[tuple[str, list[Note]]]:
        """Each name rule with the notes it matches, in the order the rules are tried.

        File names compare without case, but when two differ only in case the one typed
        exactly wins. An empty title key (a name of punctuation only) matches nothing."""
        yield "id", self.matches("id", name)
        folded = name.casefold()
        by_fname = self.matches("file name", folded)
        same_case = [n for n in by_fname if n.fname == name]
        yield "file name", same_case if len(same_case) == 1 else by_fname
        yield "hierarchy segment", self.matches("hierarchy segment", folded)
        key = normalise_title(name)
        yield "title", self.matches("title", key) if key else []
        yield "alias", self.matches("alias", key) if key else []

    def exact_path(self, path: str) -> Note | None:
        """The note at exactly this vault-relative path."""
        return self.by_path.get(path)

    def at_path(self, path: str) -> Note | None:
        """The note at a vault-relative path, `.md` optional."""
        return self.by_path.get(path) or self.by_stem.get(path)

    def find(self, name: str, vault: str = "") -> tuple[Note | None, str]:
        """A link's target: (note, "") when one note matches, else (None, why) with why
        "no note", "no vault" or "ambiguous". `vault` limits the name rules to one vault
        (Dendron's `dendron://vault/name`); `[[x.md]]` names note x."""
        if not name:
            return None, "no note"
        if vault and vault not in self.vaults:
            return None, "no vault"
        for _rule, found in self.by_rule(name):
            if vault:
                found = [n for n in found if n.vault == vault]
            if len(found) == 1:
                return found[0], ""
            if len(found) > 1:
                return None, "ambiguous"
        note = self.at_path(name) or self.at_path(name.lstrip("./"))
        if note is None and name.lower().endswith(".md"):
            return self.find(name[:-3], vault)
        return (note, "") if note else (None, "no note")

    @cached_property
    def _headings(self) -> tuple[list[str], dict[str, list[Resolved]]]:
        """Every section of every note by slug, and the slugs sorted for prefix search."""
        table: dict[str, list[Resolved]] = defaultdict(list)
        for note in self.notes:
            for section in sections_of(note):
                table[section.slug].append(Resolved(note, section, "heading"))
        return sorted(table), dict(table)

    def headings(self, query: str) -> list[Resolved]:
        """Sections whose slug is the query's, else those it opens at a word boundary."""
        slug = slugify(query)
        if not slug:
            return []
        slugs, table = self._headings
        if slug in table:
            return list(table[slug])
        prefix: list[Resolved] = []
        for candidate in slugs[bisect_left(slugs, slug) :]:
            if not candidate.startswith(slug):
                break
            if _prefix_at_boundary(candidate, slug):
                prefix.extend(table[candidate])
        return prefix

    @cached_property
    def suggestion_names(self) -> dict[str, Note]:
        """Every name a note goes by (file name, last segment, title) -> its note."""
        choices: dict[str, Note] = {}
        for note in self.notes:
            for key in (note.fname, note.segments[-1], note.title, *note_aliases(note)):
                choices.setdefault(key, note)
        return choices


NAME_RULES = ("id", "file name", "hierarchy segment", "title", "alias")


def rule_keys(note: Note, rule: str) -> list[str]:
    """The keys a note is found under by one name rule: the one home of those keys (the
    in-memory tables and the cache's kept names are both made from it)."""
    if rule == "id":
        return [note.id]
    if rule == "file name":
        return [note.fname.casefold()]
    if rule == "hierarchy segment":
        return [note.fname.rsplit(".", 1)[-1].casefold()]
    if rule == "title":
        return [normalise_title(note.title)]
    return [normalise_title(alias) for alias in note_aliases(note)]


def note_aliases(note: Note) -> list[str]:
    """A note's `aliases:` (Obsidian; `alias:` too): a list, or one string, of other names."""
    value = note.frontmatter.get("aliases", note.frontmatter.get("alias"))
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [str(v).strip() for v in value if isinstance(v, str | int | float) and str(v).strip()]


class _Table:
    """key -> notes, without a list per key: most keys name one note, and building 100,000
    lists costs more than the linear scan a one-off lookup would have done."""

    def __init__(self, pairs: Iterable[tuple[str, Note]]) -> None:
        self.one: dict[str, Note] = {}
        self.many: dict[str, list[Note]] = {}
        for key, note in pairs:
            first = self.one.setdefault(key, note)
            if first is not note:
                self.many.setdefault(key, [first]).append(note)

    def get(self, key: str) -> list[Note]:
        if key in self.many:
            return list(self.many[key])
        note = self.one.get(key)
        return [] if note is None else [note]


_TABLES: dict[int, NoteNames] = {}


def names_of(vault: Vault) -> NoteNames:
    """The vault's name tables, built on first use and kept while the vault lives."""
    key = id(vault)
    names = _TABLES.get(key)
    if names is None or names.notes is not vault.notes or names.size != len(vault.notes):
        names = _TABLES[key] = NoteNames(vault.notes)
        weakref.finalize(vault, _TABLES.pop, key, None)
    return names


def resolve_note(vault: Vault, query: str, names: NoteNames | None = None) -> Resolved:
    """Resolve like a person means it: id, file name, last segment, title, heading slug.

    `note#heading` names a section explicitly. Raises NoteNotFoundError with suggestions,
    AmbiguousNoteError with candidates, or OutsideVaultError for paths leaving the vault.
    """
    query = query.strip()
    if not query:
        raise NoteNotFoundError(query)
    if "#" in query and not query.startswith("#"):
        note_part, anchor = query.split("#", 1)
        resolved = resolve_note(vault, note_part, names)
        section = find_heading(resolved.note, anchor)
        if section is None:
            headings = [s.slug for s in sections_of(resolved.note)]
            raise NoteNotFoundError(query, [f"{note_part}#{s}" for s in suggest(anchor, headings)])
        return Resolved(resolved.note, section, resolved.rule)
    names = names if names is not None else names_of(vault)
    if "/" in query or "\\" in query or query.lower().endswith(".md"):
        by_path = _by_path(vault, names, query)
        if by_path is not None:
            return by_path
    for rule, notes in names.by_rule(query):
        if len(notes) == 1:
            return Resolved(notes[0], None, rule)
        if len(notes) > 1:
            raise AmbiguousNoteError(query, sorted(_describe(n) for n in notes))
    sections = names.headings(query)
    if len(sections) == 1:
        return sections[0]
    if len(sections) > 1:
        raise AmbiguousNoteError(query, sorted(_describe(s) for s in sections))
    raise NoteNotFoundError(query, suggest_notes(vault, query))


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


def _by_path(vault: Vault, names: NoteNames, query: str) -> Resolved | None:
    """A file path, relative to the vault or absolute; one that leaves the vault is refused."""
    root = vault.location.root.resolve()
    cleaned = query.replace("\\", "/")
    target = Path(cleaned) if posixpath.isabs(cleaned) else root / cleaned
    if not target.resolve().is_relative_to(root):
        raise OutsideVaultError(f'"{query}" is outside the vault; notes are read only from {root}')
    plain = Path(os.path.normpath(target))
    inside = plain if plain.is_relative_to(root) else target.resolve()
    normal = inside.relative_to(root).as_posix()
    wanted = [normal, normal + ".md"]
    for vault_dir in vault.location.vaults:  # also accept paths relative to a vault folder
        try:
            prefix = vault_dir.path.relative_to(vault.location.root).as_posix()
        except ValueError:
            continue
        if prefix != ".":
            wanted += [f"{prefix}/{normal}", f"{prefix}/{normal}.md"]
    found = [note for path in wanted if (note := names.exact_path(path)) is not None]
    if not found:
        return None
    first = min(found, key=lambda n: (n.fname.lower(), n.path))  # the vault's note order
    return Resolved(first, None, "path")


def normalise_title(text: str) -> str:
    """Case and punctuation do not matter when a person types a title."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


def suggest_notes(vault: Vault, query: str, limit: int = 3) -> list[str]:
    """Up to `limit` close names, best first, each the shortest name that finds its note."""
    names = names_of(vault)
    choices = names.suggestion_names
    found: list[str] = []
    for key in suggest(query, list(choices), limit=limit * 3):
        note = choices[key]
        last = note.segments[-1]
        shared = len(names.by_segment.get(last.casefold())) > 1
        name = note.fname if shared else last
        if name not in found:
            found.append(name)
    return found[:limit]


def suggest(query: str, choices: list[str], limit: int = 3, cutoff: float = 75) -> list[str]:
    """Up to `limit` choices close to query, best first (rapidfuzz's WRatio, 0-100)."""
    from rapidfuzz import fuzz, process, utils  # only a miss pays for loading it

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
