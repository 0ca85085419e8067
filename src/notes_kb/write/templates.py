"""Which template a new note starts from, and its placeholders filled in.

In order: `--template` (a note; `meeting` finds `templates.meeting`), else a Dendron schema
(`*.schema.yml` in a vault folder) whose pattern matches the new name and names a template,
else the `templates.*` note of the longest hierarchy prefix of the name
(`templates.daily` for `daily.journal.2026.12.06`).
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from notes_kb.errors import NoteNotFoundError
from notes_kb.files import FileRefusedError, read_inside
from notes_kb.index.load import Vault
from notes_kb.model import Note
from notes_kb.parse.frontmatter import load_frontmatter
from notes_kb.query.resolve import names_of, resolve_note

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_.]+)\s*\}\}")


@dataclass
class SchemaNode:
    """One node of a Dendron schema: a glob for one hierarchy level, and its children."""

    pattern: str
    template: str | None
    namespace: bool
    children: list[SchemaNode] = field(default_factory=list)


def find_template(
    vault: Vault, fname: str, vault_name: str, explicit: str | None
) -> tuple[Note | None, str]:
    """The template note for a new note, and a remark ("" when none): a schema naming a
    template that is no note is said, not fatal."""
    if explicit:
        return _named(vault, explicit), ""
    names = names_of(vault)
    wanted = schema_template(vault, fname, vault_name)
    if wanted:
        found, _ = names.find(wanted, vault_name)
        if found is not None:
            return found, ""
        return None, f"the schema names the template {wanted!r}, which is no note; none used"
    segments = fname.split(".")
    for size in range(len(segments) - 1, 0, -1):
        candidate = "templates." + ".".join(segments[:size])
        found = next((n for n in names.by_fname.get(candidate.casefold())), None)
        if found is not None:
            return found, ""
    return None, ""


def _named(vault: Vault, name: str) -> Note:
    """`--template X`: the note `templates.X` if there is one, else X by the NOTE rules."""
    names = names_of(vault)
    if not name.startswith("templates."):
        found = names.by_fname.get(f"templates.{name}".casefold())
        if len(found) == 1:
            return found[0]
    try:
        return resolve_note(vault, name).note
    except NoteNotFoundError as missing:
        raise NoteNotFoundError(f"template {name}", missing.suggestions) from None


def schema_template(vault: Vault, fname: str, vault_name: str) -> str | None:
    """The template a Dendron schema of the vault gives the name, if any."""
    segments = fname.split(".")
    for folder in vault.location.vaults:
        if vault_name and folder.name != vault_name:
            continue
        for root in _schema_roots(str(folder.path), str(vault.location.root)):
            found = _match(root, segments, 0)
            if found is not None:
                return found
    return None


def _schema_roots(folder: str, top: str) -> list[SchemaNode]:
    roots: list[SchemaNode] = []
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".schema.yml"))
    except OSError:
        return roots
    for name in names:
        try:
            data = read_inside(os.path.join(folder, name), os.path.realpath(top)).data
        except (OSError, FileRefusedError):
            continue
        meta, _raw, problem = load_frontmatter(data.decode("utf-8", "replace"))
        if problem is None:
            roots += _schema_tree(meta.get("schemas"))
    return roots


def _schema_tree(schemas: Any) -> list[SchemaNode]:
    """The top nodes (`parent: root`) of one schema file, children linked by id."""
    if not isinstance(schemas, list):
        return []
    by_id = {str(s["id"]): s for s in schemas if isinstance(s, dict) and "id" in s}

    def build(entry: Any, depth: int) -> SchemaNode | None:
        if isinstance(entry, str | int):
            entry = by_id.get(str(entry))
        if not isinstance(entry, dict) or depth > 32:
            return None
        template = entry.get("template")
        if isinstance(template, dict):
            template = template.get("id")
        node = SchemaNode(
            str(entry.get("pattern") or entry.get("id") or "*"),
            str(template) if template else None,
            bool(entry.get("namespace")),
        )
        children = entry.get("children")
        for child in children if isinstance(children, list) else []:
            built = build(child, depth + 1)
            if built is not None:
                node.children.append(built)
        return node

    roots = [build(s, 0) for s in by_id.values() if s.get("parent") == "root"]
    return [root for root in roots if root is not None]


def _match(node: SchemaNode, segments: list[str], index: int) -> str | None:
    """The template of the deepest schema node matching the name, walking one level per
    node; a namespace also matches the level just below it (`journal.*`)."""
    if index >= len(segments) or not fnmatch.fnmatchcase(
        segments[index].lower(), node.pattern.lower()
    ):
        return None
    if index == len(segments) - 1:
        return node.template
    if node.namespace:
        index += 1
        if index == len(segments) - 1:
            return node.template
    for child in node.children:
        found = _match(child, segments, index + 1)
        if found is not None:
            return found
    return None


def fill(text: str, title: str, fname: str, now: datetime) -> str:
    """`{{title}}`, `{{date}}`, `{{time}}`, `{{fname}}` and Dendron's `{{CURRENT_YEAR}}`
    (`_MONTH`, `_DAY`, `_HOUR`, `_MINUTE`) filled in; other braces stay as written."""
    values = {
        "title": title,
        "fm.title": title,
        "fname": fname,
        "date": now.strftime("%Y-%m-%d"),
        "time": now.strftime("%H:%M"),
        "CURRENT_YEAR": now.strftime("%Y"),
        "CURRENT_MONTH": now.strftime("%m"),
        "CURRENT_DAY": now.strftime("%d"),
        "CURRENT_HOUR": now.strftime("%H"),
        "CURRENT_MINUTE": now.strftime("%M"),
    }
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group()), text)
