"""Which links of one note a rename breaks, and the edits that mend them. Pure.

A link is read by the same rules before and after the rename (`query.linkgraph.build_graph`
over the vault's name tables as they are, and as they will be). Rewritten are the links
that name a moved note by its file (name, last segment, path: what Dendron and Obsidian
follow), and any link that found a note before and would find another one, or none,
afterwards; `[[Title]]` or `[[id]]` that still find their note are left as written. The
rewrite changes the name alone: the alias, the anchor, the `dendron://vault/` prefix, the
`!` of an embed and the spacing stay as typed.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from notes_kb.model import Note
from notes_kb.parse.links import LinkSpan, link_spans
from notes_kb.query.linkgraph import Edge, build_graph
from notes_kb.query.resolve import NoteNames
from notes_kb.write.textfile import Edit


@dataclass(frozen=True)
class Names:
    """The vault's name tables before and after the rename, and where each note goes."""

    before: NoteNames
    after: NoteNames
    moved: Mapping[str, Note]  # old path -> the note as it will be
    dendron: bool  # Dendron's `[[alias|note]]` order wins a tie

    def successor(self, note: Note) -> Note:
        return self.moved.get(note.path, note)


def relink(note: Note, renamed: Note, names: Names) -> list[Edit]:
    """The edits that keep every link of `note` (as on disk) pointing where it pointed;
    `renamed` is the same note after the rename (itself when it does not move)."""
    spans = list(link_spans(note))
    if not spans:
        return []
    links = [span.link for span in spans]
    before = build_graph([note], names.dendron, {note.path: links}, names.before)
    after = build_graph([renamed], names.dendron, {renamed.path: links}, names.after)
    edits: list[Edit] = []
    was_edges = before.outgoing.get(note.path, [])
    will_edges = after.outgoing.get(renamed.path, [])
    for span, was, will in zip(spans, was_edges, will_edges, strict=True):
        if was.target is None or was.problem in ("ambiguous", "no note"):
            continue
        wanted = names.successor(was.target)
        by_file = wanted is not was.target and _names_file(was, was.target)
        if not by_file and will.target is not None and will.target.path == wanted.path:
            continue
        if span.link.kind == "markdown":
            edits.append(_markdown_edit(span, renamed, wanted))
        else:
            edit = _wikilink_edit(span, was, wanted, names)
            if edit is not None:
                edits.append(edit)
    return edits


def _names_file(edge: Edge, note: Note) -> bool:
    """Whether a link names the note by its file (file name, last segment, path), the way
    Dendron and Obsidian find notes: such a link must follow the file even where this
    tool would still find the note by its title or id."""
    if edge.link.kind == "markdown":
        return True
    name = edge.target_name.casefold().removesuffix(".md")
    stem = note.path.casefold().removesuffix(".md")
    return name in (note.fname.casefold(), note.segments[-1].casefold(), stem)


def _markdown_edit(span: LinkSpan, source: Note, target: Note) -> Edit:
    """`[text](../old.md#x)` -> the new path, relative to where the linking note will be."""
    written = span.link.raw[span.target_start - span.start : span.target_end - span.start]
    folder = posixpath.dirname(source.path)
    path = posixpath.relpath(target.path, folder or ".")
    if written.startswith("./") and not path.startswith("../"):
        path = "./" + path
    if "%" in written or any(ch in path for ch in " ()<>"):
        path = quote(path, safe="/.-_~!$&'*+,;=:@")
    return Edit(span.link.line, span.target_start, span.target_end, path)


def _wikilink_edit(span: LinkSpan, edge: Edge, target: Note, names: Names) -> Edit | None:
    """Replace the note name inside `[[...]]`, on whichever side of `|` names the note."""
    raw = span.link.raw
    opening = 3 if raw.startswith("![[") else 2
    inner = raw[opening:-2]
    left, bar, right = inner.partition("|")
    sides = [(0, left)]
    if bar:
        sides = [(len(left) + 1, right), (0, left)]
        if not names.dendron:
            sides.reverse()
    for offset, side in sides:
        located = _name_in(side)
        if located is None:
            continue
        start, end = located
        if side[start:end] != edge.target_name:
            continue
        vault = _vault_of(side)
        name = _new_name(side[start:end], edge.target, target, vault, names.after)
        column = span.start + opening + offset
        return Edit(span.link.line, column + start, column + end, name)
    return None


def _name_in(side: str) -> tuple[int, int] | None:
    """Columns of the note name inside one side of a wikilink: after a `dendron://vault/`
    prefix, before a `#anchor`, without surrounding spaces."""
    start = len(side) - len(side.lstrip())
    text = side[start:]
    if text.startswith("dendron://"):
        slash = text.find("/", len("dendron://"))
        if slash < 0:
            return None
        start += slash + 1
    end = side.find("#", start)
    end = len(side) if end < 0 else end
    while end > start and side[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _vault_of(side: str) -> str:
    text = side.strip()
    if not text.startswith("dendron://"):
        return ""
    return text[len("dendron://") :].partition("/")[0]


def _new_name(written: str, old: Note | None, new: Note, vault: str, after: NoteNames) -> str:
    """The name that finds `new` after the rename, written the way `written` was: a path
    stays a path, a last segment stays a segment when it is still unique, and anything
    else (a file name, a title that changed) becomes the new file name."""
    suffix = ".md" if written.lower().endswith(".md") else ""
    bare = written[: -len(suffix)] if suffix else written
    stem = new.path[: -len(".md")] if new.path.lower().endswith(".md") else new.path
    choices = [new.fname + suffix, stem + suffix]
    if "/" in bare:
        choices.insert(0, stem + suffix)
    elif old is not None and "." not in bare and bare.casefold() == old.segments[-1].casefold():
        choices.insert(0, new.segments[-1] + suffix)
    for choice in choices:
        found, _ = after.find(choice, vault)
        if found is not None and found.path == new.path:
            return choice
    return new.fname + suffix
