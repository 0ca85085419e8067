"""Links resolved across a vault: outgoing, backlinks, broken links, tags. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from notes_kb.index.load import Vault
from notes_kb.model import Note
from notes_kb.parse.inline import looks_like_target
from notes_kb.parse.links import (
    Link,
    code_free_lines,
    extract_links,
    relative_target,
    split_target,
    tags_of,
)
from notes_kb.parse.markdown import sections_of, slugify
from notes_kb.query.resolve import NoteNames, names_of

_LINK_SPANS = re.compile(r"!?\[\[[^\]\n]{0,999}\]\]|\[[^\]\n]{0,999}\]\([^)\n]{0,2048}\)")


class Edge(NamedTuple):
    """A link from one note, and what it points at (None: broken)."""

    source: Note
    link: Link
    target: Note | None
    target_name: str  # the note the link names, as written
    alias: str
    anchor: str
    problem: str = ""  # why it is broken: "no note", "ambiguous", "no heading", "no block"


@dataclass
class LinkGraph:
    notes: list[Note]
    outgoing: dict[str, list[Edge]] = field(default_factory=dict)  # by source note path
    incoming: dict[str, list[Edge]] = field(default_factory=dict)  # by target note path
    tags: dict[str, list[Note]] = field(default_factory=dict)
    mentions: dict[str, list[Edge]] = field(default_factory=dict)

    def edges(self) -> list[Edge]:
        return [edge for edges in self.outgoing.values() for edge in edges]

    def broken(self) -> list[Edge]:
        return [edge for edge in self.edges() if edge.target is None or edge.problem]

    def orphans(self) -> list[Note]:
        """Notes with no link in or out (tags and mentions do not count)."""
        return [
            note
            for note in self.notes
            if not self.outgoing.get(note.path) and not self.incoming.get(note.path)
        ]


def link_graph(vault: Vault) -> LinkGraph:
    """Every link of the vault resolved, with backlinks, tags and broken links: from the
    links the index stored when it has them, else extracted from the notes."""
    links = vault.written_links() if vault.written_links is not None else None
    return build_graph(
        vault.notes, dendron=vault.location.workspace, links=links, names=names_of(vault)
    )


def build_graph(
    notes: list[Note],
    dendron: bool = False,
    links: dict[str, list[Link]] | None = None,
    names: NoteNames | None = None,
) -> LinkGraph:
    """Resolve every link of every note by the NOTE rules (`names`: the notes' tables, when
    already built). `dendron`: `[[a|b]]` that resolves both ways is read Dendron's way
    (alias first); elsewhere Obsidian's (target first)."""
    finder = names if names is not None else NoteNames(notes)
    graph = LinkGraph(notes)
    for note in notes:
        written = links.get(note.path, []) if links is not None else extract_links(note)
        for link in written:
            if link.kind == "tag":
                continue
            if link.kind == "mention":
                target, _ = finder.find(f"user.{link.left}")
                edge = Edge(note, link, target, f"user.{link.left}", "", "")
                graph.mentions.setdefault(link.left, []).append(edge)
                continue
            edge = _resolve(note, link, finder, dendron)
            graph.outgoing.setdefault(note.path, []).append(edge)
            if edge.target is not None and edge.target.path != note.path:
                graph.incoming.setdefault(edge.target.path, []).append(edge)
        for tag in tags_of(note, written):
            graph.tags.setdefault(tag, []).append(note)
    return graph


def _resolve(note: Note, link: Link, finder: NoteNames, dendron: bool) -> Edge:
    if link.kind == "markdown":
        path = relative_target(note.path, link.left)
        target = finder.at_path(path)
        return _anchored(note, link, target, path, "", link.anchor, "" if target else "no note")
    options = []  # (target text, alias): Dendron's order first where both sides exist
    if link.right:
        dendron_way = (link.right, link.left)
        obsidian_way = (link.left, link.right)
        options = [dendron_way, obsidian_way] if dendron else [obsidian_way, dendron_way]
    else:
        options = [(link.left, "")]
    first: Edge | None = None
    for text, alias in options:
        vault, name, anchor = split_target(text)
        # `[[#heading]]` (Obsidian): a heading of the note itself
        target, problem = finder.find(name, vault) if name or not anchor else (note, "")
        edge = _anchored(note, link, target, name, alias, anchor, problem)
        if target is not None:
            return edge
        first = first or edge
    assert first is not None
    return first


def _anchored(
    note: Note, link: Link, target: Note | None, name: str, alias: str, anchor: str, problem: str
) -> Edge:
    """Check `#heading`, `#^block` and `#a:#b` anchors against the target note."""
    if target is not None and anchor:
        first = anchor.split(":", 1)[0].lstrip("#")
        first = re.sub(r",\d+$", "", first)  # Dendron's `#summary,1`: the heading, one line on
        if first.startswith("^"):
            if not re.search(rf"\^{re.escape(first[1:])}\s*$", target.source, re.M):
                problem = "no block"
        elif first and first != "*":
            slug = slugify(first)
            if not any(s.slug == slug or s.slug == first for s in sections_of(target)):
                problem = "no heading"
    return Edge(note, link, target, name, alias, anchor, problem)


def unlinked_mentions(
    graph: LinkGraph, note: Note, names: list[str]
) -> list[tuple[Note, int, str]]:
    """Places naming the note (title or glossary names) without linking to it."""
    wanted = [n for n in dict.fromkeys(names) if len(n) >= 3]
    if not wanted:
        return []
    pattern = re.compile(
        r"(?<![\w\[|])(?:"
        + "|".join(re.escape(n) for n in sorted(wanted, key=len, reverse=True))
        + r")(?![\w\]])",
        re.I,
    )
    linked_lines = {(e.source.path, e.link.line) for e in graph.incoming.get(note.path, [])}
    found: list[tuple[Note, int, str]] = []
    for other in graph.notes:
        if other.path == note.path:
            continue
        for line, text in code_free_lines(other):
            if (other.path, line) in linked_lines:
                continue
            if pattern.search(_LINK_SPANS.sub(" ", text)):  # a mention outside any link
                found.append((other, line, text.strip()))
    return found


class LinkReport(NamedTuple):
    note: Note
    outgoing: list[Edge]
    backlinks: list[tuple[Edge, str]]  # with the linking line's text
    unlinked: list[tuple[Note, int, str]]


_CONTEXT = 500  # characters of a backlink's line shown


def link_report(
    graph: LinkGraph, note: Note, unlinked_names: list[str] | None = None
) -> LinkReport:
    """A note's links out, its backlinks with context, and (when asked) unlinked mentions."""
    backlinks = []
    split: dict[str, list[str]] = {}  # each source split once: one note may link 5,000 times
    for edge in sorted(
        graph.incoming.get(note.path, []), key=lambda e: (e.source.path, e.link.line)
    ):
        lines = split.get(edge.source.path)
        if lines is None:
            lines = split[edge.source.path] = edge.source.source.split("\n")
        context = lines[edge.link.line - 1].strip() if edge.link.line <= len(lines) else ""
        if len(context) > _CONTEXT:  # a line of megabytes is shown by its start
            context = context[:_CONTEXT] + "…"
        backlinks.append((edge, context))
    unlinked = unlinked_mentions(graph, note, unlinked_names) if unlinked_names else []
    return LinkReport(note, graph.outgoing.get(note.path, []), backlinks, unlinked)


MAX_EMBED_DEPTH = 3
MAX_EMBEDS = 100  # embeds expanded in one note shown, all depths together
MAX_EMBED_CHARS = 1_000_000  # characters of embedded text in one note shown


class _Budget:
    """What one `show` may still expand: embeds multiply (30 notes each embedding 30 is
    27,000 expansions at depth 3), so the total is bounded, not only the depth."""

    def __init__(self) -> None:
        self.embeds = 0
        self.chars = 0
        self.cut = 0


def expand_links(
    graph: LinkGraph,
    note: Note,
    markdown: str,
    first_line: int,
    depth: int = 0,
    stack: tuple[str, ...] = (),
    budget: _Budget | None = None,
) -> str:
    """Markdown with links shown as their targets' titles (broken ones struck out and marked)
    and `![[embeds]]` replaced by the embedded text, at most three deep, never in a cycle,
    at most MAX_EMBEDS embeds and MAX_EMBED_CHARS of embedded text in all; a last line
    says how many were cut.

    `markdown` is part of the note's source starting at `first_line` (a section, or the body).
    """
    outermost = budget is None
    budget = budget or _Budget()
    lines = markdown.split("\n")
    by_line: dict[int, list[Edge]] = {}
    for edge in graph.outgoing.get(note.path, []):
        by_line.setdefault(edge.link.line, []).append(edge)
    stack = (*stack, note.path)
    for offset, text in enumerate(lines):
        edges = by_line.get(first_line + offset)
        if not edges:
            continue
        pieces: list[str] = []
        position = 0  # one pass along the line: a line of megabytes with many links is linear
        for edge in edges:
            found = text.find(edge.link.raw, position)
            if found < 0:
                continue
            pieces += [text[position:found], _shown(graph, edge, depth, stack, budget)]
            position = found + len(edge.link.raw)
        lines[offset] = "".join(pieces) + text[position:]
    expanded = "\n".join(lines)
    if outermost and budget.cut:
        expanded += (
            f"\n\n*{budget.cut} embed{'s' if budget.cut != 1 else ''} not expanded: a note "
            f"shows at most {MAX_EMBEDS} embeds and {MAX_EMBED_CHARS // 1000:,} KB of "
            "embedded text*\n"
        )
    return expanded


def _shown(
    graph: LinkGraph, edge: Edge, depth: int, stack: tuple[str, ...], budget: _Budget
) -> str:
    target = edge.target
    if target is None:
        return f"~~{edge.alias or edge.target_name}~~ ✗"
    # a file name on either side of `|` is the target, whichever order resolved
    name = edge.alias if edge.alias and not looks_like_target(edge.alias) else target.title
    if edge.link.kind != "embed":
        return f"**{name}**" + (" ⚠" if edge.problem else "")
    if target.path in stack or depth + 1 >= MAX_EMBED_DEPTH:
        why = "already shown above" if target.path in stack else "nested too deep"
        return f"*↳ {target.title} (not expanded: {why})*"
    section = None
    anchor = edge.anchor.split(":", 1)[0].lstrip("#")
    anchor = re.sub(r",\d+$", "", anchor)
    if anchor and not anchor.startswith("^"):
        slug = slugify(anchor)
        section = next((s for s in sections_of(target) if s.slug in (slug, anchor)), None)
    if section is not None:
        text, first = target.section_source(section), section.line
    else:
        text, first = target.body, target.body_line
    if budget.embeds >= MAX_EMBEDS or budget.chars + len(text) > MAX_EMBED_CHARS:
        budget.cut += 1
        return f"*↳ {target.title} (not expanded: too much embedded already)*"
    budget.embeds += 1
    budget.chars += len(text)
    inner = expand_links(graph, target, text.strip("\n"), first, depth + 1, stack, budget)
    quoted = "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    return f"\n\n> **↳ {target.title}**\n>\n{quoted}\n\n"
