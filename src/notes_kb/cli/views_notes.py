"""Views of notes, their links and the vault's shape: `list`, `show`, `tree`, `check`,
`links`, `tags` and `graph`, drawn with Rich (imported inside each function)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from notes_kb.cli.lines import Line
from notes_kb.cli.output import clean, fit, human_date, plural, row_text, stdout, window
from notes_kb.model import Diagnostic, Note, Section, TreeNode
from notes_kb.parse.markdown import split_callouts

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text
    from rich.tree import Tree

    from notes_kb.query.graph import Graph
    from notes_kb.query.linkgraph import LinkGraph, LinkReport

_CALLOUT_STYLE = {
    "note": "blue",
    "info": "blue",
    "todo": "blue",
    "abstract": "cyan",
    "summary": "cyan",
    "tip": "green",
    "hint": "green",
    "important": "green",
    "success": "green",
    "check": "green",
    "question": "yellow",
    "help": "yellow",
    "faq": "yellow",
    "warning": "yellow",
    "caution": "yellow",
    "attention": "yellow",
    "failure": "red",
    "danger": "red",
    "error": "red",
    "bug": "red",
    "example": "magenta",
    "quote": "white",
    "cite": "white",
}


def list_rows(notes: list[Note]) -> list[tuple[str, str, str, str]]:
    """title, file name, updated, tags: the table's columns, also the piped lines'."""
    return [
        (
            n.title,
            n.fname,
            f"{n.updated:%Y-%m-%d}" if n.updated else "—",
            " ".join(f"#{t}" for t in n.tags),
        )
        for n in notes
    ]


def list_view(notes: list[Note]) -> list[RenderableType]:
    """One note per row, in aligned columns as wide as the terminal.

    Rich's Table measures every cell and costs about a millisecond a row; a vault of 10,000
    notes must list in a blink, so the columns are laid out here. When the terminal is too
    narrow, titles and tags wrap onto more lines (never cut); file names never wrap.
    """
    from rich.cells import cell_len
    from rich.text import Text

    if not notes:
        return [Text("No notes match.", style="dim")]
    header: tuple[str, ...] = ("Title", "File name", "Updated", "Tags")
    rows: list[tuple[str, ...]] = [tuple(clean(c) for c in row) for row in list_rows(notes)]
    widths = [max(cell_len(row[i]) for row in (header, *rows)) for i in range(4)]
    room = stdout().width - widths[1] - widths[2] - 2 * 3  # for title and tags
    if widths[0] + widths[3] > room:
        longest = max((cell_len(tag) for row in rows for tag in row[3].split()), default=0)
        tags = min(widths[3], max(12, longest, room - 24))  # a tag is never split if it fits
        if room - tags >= 12:  # both fit: the title wraps in what the tags leave
            widths[3], widths[0] = tags, room - tags
        else:  # too narrow for tags: the title takes their place
            header, rows, widths = header[:3], [row[:3] for row in rows], widths[:3]
            widths[0] = max(8, min(widths[0], room + 2))
    styles = ("bold", "cyan", "", "magenta")
    text = Text()
    text.append(row_text(header, widths) + "\n", "bold")
    text.append("  ".join("─" * w for w in widths).rstrip() + "\n", "dim")
    for row in rows:
        columns = [_wrap(c, widths[i]) if i in (0, 3) else [c] for i, c in enumerate(row)]
        for line in range(max(len(c) for c in columns)):
            cells = [c[line] if line < len(c) else "" for c in columns]
            last = max(i for i, cell in enumerate(cells) if cell) if any(cells) else 0
            for index in range(last + 1):
                cell = cells[index] if index == last else fit(cells[index], widths[index])
                text.append(cell + ("  " if index < last else "\n"), styles[index])
    text.append(plural(len(notes), "note"), "dim")
    return [text]


def _wrap(text: str, width: int) -> list[str]:
    """Words onto lines of at most `width` cells; a longer word is split."""
    from rich.cells import cell_len, chop_cells

    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = chop_cells(word, width) if cell_len(word) > width else [word]
        lines.extend(pieces[:-1])
        current = pieces[-1]
    lines.append(current)
    return lines


def note_header(note: Note, root: str, section: Section | None = None) -> RenderableType:
    from rich import box
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    styles = {"desc": "italic", "tags": "magenta"}
    for label, value in header_rows(note, root, section):
        shown = "" if label == "desc" else label  # the description stands unlabelled
        grid.add_row(Text(shown), Text(clean(value), style=styles.get(label, "")))
    if note.updated is None:
        grid.add_row(Text("updated"), Text(human_date(None)))  # a terminal says it is unknown
    named, whole = header_title(note, section)
    title = Text(clean(named), style="bold")
    if whole:
        title.append(f"  · section of {clean(whole)}", style="not bold dim")
    return Panel(grid, title=title, title_align="left", box=box.ROUNDED, border_style="cyan")


def header_rows(note: Note, root: str, section: Section | None = None) -> list[tuple[str, str]]:
    """A shown note's header as (label, value) rows, for a terminal and a pipe alike: the
    description, path (with the section's line), id, tags and dates, each the note has."""
    location = note.path + (f":{section.line}" if section else "")
    rows = [("desc", note.desc)] if note.desc else []
    rows += [("path", os.path.join(root, location)), ("id", note.id)]
    rows += [("tags", " ".join(f"#{t}" for t in note.tags))] if note.tags else []
    rows += [("created", human_date(note.created))] if note.created else []
    rows += [("updated", human_date(note.updated))] if note.updated else []
    return rows


def header_title(note: Note, section: Section | None = None) -> tuple[str, str]:
    """What a shown note's header is titled: the note's title, or the section's heading and
    the title of the note it is a section of."""
    return (note.title, "") if section is None else (section.heading, note.title)


def note_body(markdown: str, title: str | None = None) -> list[RenderableType]:
    """Markdown with Obsidian callouts lifted into panels."""
    from rich import box
    from rich.markdown import Markdown  # only `show` pays for markdown-it and pygments
    from rich.panel import Panel
    from rich.text import Text

    from notes_kb.parse.inline import inline_plain
    from notes_kb.parse.links import without_comments  # only `show` needs it

    parts: list[RenderableType] = []
    for index, block in enumerate(split_callouts(clean(without_comments(markdown)))):
        text = block.markdown
        if index == 0 and title is not None and block.callout is None:
            text = _drop_title_heading(text, title)
        if block.callout is None:
            parts.append(Markdown(text, hyperlinks=False))
            continue
        style = _CALLOUT_STYLE.get(block.callout, "blue")
        label = Text(block.callout.upper(), style=f"bold {style}")
        if block.title:
            label.append(f" {inline_plain(block.title)}", style="bold")  # "**Intuition**"
        parts.append(
            Panel(
                Markdown(text, hyperlinks=False),
                title=label,
                title_align="left",
                border_style=style,
                box=box.ROUNDED,
            )
        )
    return parts


def _drop_title_heading(text: str, title: str) -> str:
    """The header already shows the title; a body that opens with it would say it twice."""
    stripped = text.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    if first.startswith("# ") and first[2:].strip().casefold() == clean(title).casefold():
        return rest
    return text


def note_view(
    note: Note,
    root: str,
    section: Section | None = None,
    body: str | None = None,
    linked_from: list[tuple[str, str, int]] | None = None,
) -> list[RenderableType]:
    """Header, body (links already shown as titles when `body` is given), "Linked from"."""
    from rich.text import Text

    source = _source(note, section, body)
    parts = [note_header(note, root, section), *note_body(source, None if section else note.title)]
    if linked_from:
        parts.append(Text(f"\nLinked from ({len(linked_from)})", style="bold"))
        for title, path, line in linked_from:
            row = Text(f"  {clean(title)}", style="bold")
            row.append(f"  {clean(path)}:{line}", style="dim")
            parts.append(row)
    return parts


def _source(note: Note, section: Section | None, body: str | None) -> str:
    """The Markdown a view shows: `body` when given (links already shown as titles), else
    the section's or the note's own."""
    if body is not None:
        return body
    return note.section_source(section) if section else note.body


def note_text(
    note: Note,
    root: str,
    section: Section | None = None,
    body: str | None = None,
    linked_from: list[tuple[str, str, int]] | None = None,
) -> str:
    """`note_view` as plain lines for a pipe, without Rich or markdown-it: the title, the
    header's `key: value` lines, a blank line, the body as Markdown (the title heading it
    opens with dropped, as on a terminal), then "Linked from". Every piece `clean()`ed."""
    from notes_kb.parse.links import without_comments

    named, whole = header_title(note, section)
    lines = [clean(named) + (f"  · section of {clean(whole)}" if whole else "")]
    lines += [
        f"{label}: {clean(value)}" for label, value in header_rows(note, root, section) if value
    ]
    source = _source(note, section, body)
    text = clean(without_comments(source))
    if section is None:
        text = _drop_title_heading(text, note.title)
    lines += ["", text.strip("\n").rstrip()]
    if linked_from:
        lines += ["", f"Linked from ({len(linked_from)})"]
        lines += [f"  {clean(title)}  {clean(path)}:{line}" for title, path, line in linked_from]
    return "\n".join(lines) + "\n"


def tree_view(node: TreeNode, label: str) -> RenderableType:
    from rich.tree import Tree

    tree = Tree(_tree_label(node, label), guide_style="dim")
    _grow(tree, node)
    return tree


def _grow(branch: Tree, node: TreeNode) -> None:
    for child in node.children.values():
        _grow(branch.add(_tree_label(child)), child)


def _tree_label(node: TreeNode, override: str | None = None) -> Text:
    from rich.text import Text

    if override is not None and node.note is None:
        return Text(clean(override), style="bold")
    if node.note is None:
        label = Text(clean(node.name), style="dim italic")
        label.append("  (stub)", style="dim")
        return label
    label = Text(clean(node.note.title), style="bold")
    label.append(f"  {clean(node.fname or node.note.fname)}", style="cyan")
    return label


def diagnostics_table(diagnostics: Iterable[Diagnostic]) -> list[RenderableType]:
    from rich.text import Text

    lines: list[RenderableType] = []
    for d in diagnostics:
        line = Text(clean(d.location()), style="bold")
        line.append(": ")
        line.append(d.severity, style="red" if d.severity == "error" else "yellow")
        line.append(f": {clean(d.message)} [{d.code}]")
        lines.append(line)
    return lines


def links_view(report: LinkReport) -> list[Line]:
    parts: list[Line] = []
    head = Line(clean(report.note.title), style="bold")
    head.append(f"  {clean(report.note.path)}", style="cyan")
    parts.append(head)
    parts.append(Line(f"\nLinks out ({len(report.outgoing)})", style="bold"))
    for edge in report.outgoing:
        line = Line(f"  {edge.link.line:>5}  ", style="dim")
        if edge.target is None:
            line.append(f"✗ {clean(edge.link.raw)}", style="red")
            line.append(f"  {edge.problem}", style="dim")
        else:
            line.append(clean(edge.target.title), style="green" if not edge.problem else "yellow")
            line.append(f"  {clean(edge.target.fname)}", style="dim")
            if edge.anchor:
                line.append(f"#{clean(edge.anchor)}", style="dim")
            if edge.problem:
                line.append(f"  ({edge.problem})", style="yellow")
        parts.append(line)
    parts.append(Line(f"\nLinked from ({len(report.backlinks)})", style="bold"))
    for edge, context in report.backlinks:
        line = Line(f"  {clean(edge.source.title)}", style="bold")
        line.append(f"  {clean(edge.source.path)}:{edge.link.line}", style="dim")
        parts.append(line)
        around = re.compile(re.escape(clean(edge.link.raw)))
        parts.append(Line(f"      {window(clean(context), around)}"))
    if report.unlinked:
        parts.append(Line(f"\nUnlinked mentions ({len(report.unlinked)})", style="bold"))
        for note, line_no, text in report.unlinked:
            line = Line(f"  {clean(note.title)}", style="bold")
            line.append(f"  {clean(note.path)}:{line_no}", style="dim")
            parts.append(line)
            parts.append(Line(f"      {clean(text)}"))
    return parts


def tags_view(counts: list[tuple[str, int]]) -> list[RenderableType]:
    from rich.text import Text

    if not counts:
        return [Text("No tags.", style="dim")]
    width = max(len(clean(tag)) for tag, _ in counts) + 1
    text = Text()
    for tag, count in counts:
        text.append(f"#{clean(tag):<{width}}", style="magenta")
        text.append(f"{count:>5}\n")
    text.append(plural(len(counts), "tag"), style="dim")
    return [text]


def graph_tree(graph: Graph, links: LinkGraph, depth: int) -> list[RenderableType]:
    """The neighbourhood as a tree: from the note, what it links to and what links to it."""
    from rich.text import Text
    from rich.tree import Tree

    keep = {note.path for note in graph.nodes}

    def label(note: Note, arrow: str = "") -> Text:
        text = Text(arrow, style="dim")
        text.append(clean(note.title), style="bold")
        text.append(f"  {clean(note.fname)}", style="cyan")
        return text

    def grow(branch: Tree, note: Note, level: int, seen: set[str]) -> None:
        if level >= depth:
            return
        outs = {e.target.path: e.target for e in links.outgoing.get(note.path, []) if e.target}
        ins = {e.source.path: e.source for e in links.incoming.get(note.path, [])}
        for arrow, group in (("→ ", outs), ("← ", ins)):
            for other in sorted(group.values(), key=lambda n: n.fname.casefold()):
                if other.path not in keep or other.path in seen:
                    continue
                child = branch.add(label(other, arrow))
                grow(child, other, level + 1, seen | {other.path})

    if graph.center is not None:
        tree = Tree(label(graph.center), guide_style="dim")
        grow(tree, graph.center, 0, {graph.center.path})
        return [tree]
    tree = Tree(
        Text(
            f"{plural(len(graph.nodes), 'note')}, {plural(len(graph.edges), 'link')}", style="bold"
        ),
        guide_style="dim",
    )
    by_path = {note.path: note for note in graph.nodes}
    targets: dict[str, list[Note]] = {}
    for source, target, _kind in graph.edges:
        targets.setdefault(source, []).append(by_path[target])
    for note in graph.nodes:
        if note.path in targets:
            branch = tree.add(label(note))
            for other in targets[note.path]:
                branch.add(label(other, "→ "))
    return [tree]
