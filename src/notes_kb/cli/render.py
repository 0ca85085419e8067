"""Model objects -> the terminal. The only module that imports Rich.

Note text is data: every string that came from a note is built into `Text` (never parsed as
markup) after `clean()` has made control characters visible, so a note cannot style or steer
the terminal.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from notes_kb.cli.serialize import dumps
from notes_kb.model import Diagnostic, Note, Resolved, Section, TreeNode
from notes_kb.parse.markdown import split_callouts

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text
    from rich.tree import Tree

    from notes_kb.index.search import Results
    from notes_kb.query.concepts import Concept
    from notes_kb.query.glossary import Entry
    from notes_kb.query.graph import Graph
    from notes_kb.query.linkgraph import LinkGraph, LinkReport
    from notes_kb.query.terms import TermReport

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
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


def clean(text: str) -> str:
    """Make control characters visible: ESC becomes ␛, so no escape sequence reaches a tty."""
    return _CONTROL.sub(_picture, text)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "␡" if code == 0x7F else f"\\x{code:02x}"


def stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False, soft_wrap=False)


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, markup=False, emoji=False)


def print_json(data: Any) -> None:
    sys.stdout.write(dumps(data) + "\n")
    sys.stdout.flush()


def print_text(text: str) -> None:
    """Raw note text, with control characters neutralised."""
    sys.stdout.write(clean(text))
    if not text.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()


def _plain_stderr() -> bool:
    """Nothing to style: a pipe or a file, or NO_COLOR. Rich is then not even imported."""
    return not sys.stderr.isatty() or bool(os.environ.get("NO_COLOR"))


def error(message: str, hint: str | None = None) -> None:
    if _plain_stderr():
        tail = f" ({clean(hint)})" if hint else ""
        sys.stderr.write(f"Error: {clean(message)}{tail}\n")
        return
    from rich.text import Text

    line = Text("Error: ", style="bold red")
    line.append(clean(message))
    if hint:
        line.append(f" ({clean(hint)})", style="yellow")
    stderr().print(line, soft_wrap=True)


def notice(message: str) -> None:
    """A side remark on stderr that never mixes into stdout's data."""
    if _plain_stderr():
        sys.stderr.write(clean(message) + "\n")
        return
    from rich.text import Text

    stderr().print(Text(clean(message), style="dim"), soft_wrap=True)


def resolution(query: str, resolved: Resolved) -> None:
    target = resolved.note.fname
    if resolved.section is not None:
        target += f"#{resolved.section.slug}"
    notice(f'"{query}" → {target} (matched by {resolved.rule})')


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def diagnostics_summary(diagnostics: list[Diagnostic], skipped: int) -> None:
    problems = {d.path for d in diagnostics}
    if not problems:
        return
    parts = []
    if skipped:
        parts.append(f"{plural(skipped, 'file')} skipped")
    loaded = len(problems) - skipped
    if loaded > 0:
        parts.append(f"{plural(loaded, 'note')} with problems")
    notice(f"{', '.join(parts)}; run `notes check` for details")


def human_date(value: datetime | None, now: datetime | None = None) -> str:
    if value is None:
        return "—"
    now = now or datetime.now(tz=UTC)
    days = (now.date() - value.astimezone(UTC).date()).days
    if days == 0:
        ago = "today"
    elif days == 1:
        ago = "yesterday"
    elif 1 < days < 45:
        ago = f"{days} days ago"
    elif 45 <= days < 730:
        ago = f"{round(days / 30.4)} months ago"
    elif days >= 730:
        ago = f"{days // 365} years ago"
    else:
        ago = "in the future"
    return f"{value.astimezone(UTC):%Y-%m-%d} ({ago})"


def list_view(notes: list[Note]) -> None:
    """One line per note, in aligned columns.

    Rich's Table measures every cell and costs about a millisecond a row; a vault of 10,000
    notes must list in a blink, so the columns are laid out here. On a terminal the title
    and tags give way (ellipsis) before the file name does; piped output is never cut.
    """
    from rich.cells import cell_len
    from rich.text import Text

    console = stdout()
    if not notes:
        console.print(Text("No notes match.", style="dim"))
        return
    header: tuple[str, ...] = ("Title", "File name", "Updated", "Tags")
    rows: list[tuple[str, ...]] = [
        (
            clean(n.title),
            clean(n.fname),
            f"{n.updated:%Y-%m-%d}" if n.updated else "—",
            clean(" ".join(f"#{t}" for t in n.tags)),
        )
        for n in notes
    ]
    widths = [max(cell_len(row[i]) for row in (header, *rows)) for i in range(4)]
    if console.is_terminal:
        spare = console.width - sum(widths) - 2 * 3
        for column, floor in ((0, 16), (3, 8), (0, 8), (3, 0)):  # title, then tags give way
            if spare < 0:
                cut = min(-spare, max(0, widths[column] - floor))
                widths[column] -= cut
                spare += cut
    if widths[3] < 4:  # no room for tags: drop the column rather than wrap or show "…"
        header, rows, widths = header[:3], [row[:3] for row in rows], widths[:3]
    lines = [_row(header, widths), "  ".join("─" * w for w in widths).rstrip()]
    lines += [_row(row, widths) for row in rows]
    if console.color_system is None:
        sys.stdout.write("\n".join(lines) + f"\n{plural(len(notes), 'note')}\n")
        return
    styles = ("bold", "cyan", "", "magenta")
    last = len(widths) - 1
    text = Text()
    text.append(lines[0] + "\n", "bold")
    text.append(lines[1] + "\n", "dim")
    for row in rows:
        for index, cell in enumerate(row):
            text.append(_fit(cell, widths[index]), styles[index])
            text.append("  " if index < last else "\n")
    text.append(plural(len(notes), "note"), "dim")
    console.print(text, soft_wrap=True)


def _row(cells: tuple[str, ...], widths: list[int]) -> str:
    return "  ".join(_fit(cell, width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def _fit(text: str, width: int) -> str:
    """Pad to width cells, or cut with an ellipsis; wide (CJK) characters count double."""
    from rich.cells import cell_len, set_cell_size

    size = cell_len(text)
    if size <= width:
        return text + " " * (width - size)
    return set_cell_size(text, max(0, width - 1)) + "…"


def note_header(note: Note, root: str, section: Section | None = None) -> RenderableType:
    from rich import box
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    if note.desc:
        grid.add_row(Text(""), Text(clean(note.desc), style="italic"))
    location = note.path + (f":{section.line}" if section else "")
    grid.add_row(Text("path"), Text(clean(os.path.join(root, location))))
    grid.add_row(Text("id"), Text(clean(note.id)))
    if note.tags:
        grid.add_row(
            Text("tags"), Text(clean(" ".join(f"#{t}" for t in note.tags)), style="magenta")
        )
    if note.created:
        grid.add_row(Text("created"), Text(human_date(note.created)))
    grid.add_row(Text("updated"), Text(human_date(note.updated)))
    if section is None:
        title = Text(clean(note.title), style="bold")
    else:
        title = Text(clean(section.heading), style="bold")
        title.append(f"  · section of {clean(note.title)}", style="not bold dim")
    return Panel(grid, title=title, title_align="left", box=box.ROUNDED, border_style="cyan")


def note_body(markdown: str, title: str | None = None) -> list[RenderableType]:
    """Markdown with Obsidian callouts lifted into panels."""
    from rich import box
    from rich.markdown import Markdown  # only `show` pays for markdown-it and pygments
    from rich.panel import Panel
    from rich.text import Text

    parts: list[RenderableType] = []
    for index, block in enumerate(split_callouts(clean(markdown))):
        text = block.markdown
        if index == 0 and title is not None and block.callout is None:
            text = _drop_title_heading(text, title)
        if block.callout is None:
            parts.append(Markdown(text, hyperlinks=False))
            continue
        style = _CALLOUT_STYLE.get(block.callout, "blue")
        label = Text(block.callout.upper(), style=f"bold {style}")
        if block.title:
            label.append(f" {block.title}", style="bold")
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

    source = body if body is not None else (note.section_source(section) if section else note.body)
    parts = [note_header(note, root, section), *note_body(source, None if section else note.title)]
    if linked_from:
        parts.append(Text(f"\nLinked from ({len(linked_from)})", style="bold"))
        for title, path, line in linked_from:
            row = Text(f"  {clean(title)}", style="bold")
            row.append(f"  {clean(path)}:{line}", style="dim")
            parts.append(row)
    return parts


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


def show(renderables: Iterable[RenderableType], pager: bool = False) -> None:
    """Print to stdout; long output on a terminal goes through the user's pager."""
    from rich.text import Text

    console = stdout()
    items = list(renderables)
    if pager and console.is_terminal:
        with console.capture() as capture:
            for item in items:
                console.print(item)
        text = capture.get()
        if text.count("\n") > console.height:
            import pydoc

            os.environ.setdefault("LESS", "-R")
            pydoc.pager(text)
            return
        sys.stdout.write(text)
        return
    for item in items:
        console.print(item, soft_wrap=isinstance(item, Text))


def glossary_view(entries: list[Entry]) -> list[RenderableType]:
    """Terms A to Z under letter headings, each with its best definition and its note."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    if not entries:
        return [Text("No terms match.", style="dim")]
    parts: list[RenderableType] = []
    letter = None
    grid: Table | None = None
    width = min(30, max(cell_len(clean(e.term)) for e in entries))  # one column for all letters
    for entry in entries:
        first = entry.term[:1].upper()
        first = first if first.isalpha() else "#"
        if first != letter:
            letter = first
            grid = Table.grid(padding=(0, 2), expand=False)
            grid.add_column(style="bold cyan", width=width, overflow="fold")
            grid.add_column(overflow="fold")
            parts.append(Text(f"\n{letter}", style="bold"))
            parts.append(grid)
        assert grid is not None
        best = entry.definitions[0]
        name = Text(clean(entry.term))
        if entry.aliases:
            name.append(f" ({clean(', '.join(entry.aliases))})", style="not bold cyan dim")
        text = Text(clean(best.text))
        text.append(f"  — {clean(best.path)}:{best.line}", style="dim")
        grid.add_row(name, text)
    parts.append(Text(f"\n{plural(len(entries), 'term')}", style="dim"))
    return parts


def term_view(report: TermReport) -> list[RenderableType]:
    from rich.text import Text

    entry, concept = report.entry, report.concept
    heading = Text(clean(entry.term), style="bold cyan")
    if entry.aliases:
        heading.append(f"  also: {clean(', '.join(entry.aliases))}", style="not bold dim")
    parts: list[RenderableType] = [heading, Text("")]
    for number, definition in enumerate(entry.definitions, 1):
        line = Text(f"{number}. ", style="bold")
        line.append(clean(definition.text))
        line.append(f"\n   {clean(definition.path)}:{definition.line}", style="dim")
        line.append(f" ({definition.kind})", style="dim italic")
        parts.append(line)
    if concept.related:
        related = Text("\nRelated: ", style="bold")
        related.append(clean(", ".join(term for term, _ in concept.related)))
        parts.append(related)
    counts: dict[str, tuple[str, int]] = {}
    for mention in concept.mentions:
        title, count = counts.get(mention.path, (mention.title, 0))
        counts[mention.path] = (title, count + 1)
    if counts:
        parts.append(Text(f"\nMentioned in {plural(len(counts), 'note')}:", style="bold"))
        for path, (title, count) in sorted(counts.items(), key=lambda kv: (-kv[1][1], kv[0])):
            row = Text(f"  {count:>3}  ")
            row.append(clean(title))
            row.append(f"  {clean(path)}", style="dim")
            parts.append(row)
    return parts


def concept_table(concepts: list[Concept]) -> list[RenderableType]:
    from rich.cells import cell_len
    from rich.text import Text

    if not concepts:
        return [Text("No concepts found.", style="dim")]
    rows = [
        (clean(c.term), str(len(c.mentions)), str(len(c.notes)), "" if c.defined else "tag")
        for c in concepts
    ]
    header = ("Concept", "Mentions", "Notes", "")
    widths = [max(cell_len(r[i]) for r in (header, *rows)) for i in range(4)]
    text = Text()
    text.append(_row(header, widths) + "\n", "bold")
    for row in rows:
        text.append(_fit(row[0], widths[0]) + "  ", "cyan")
        text.append(f"{row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  ")
        text.append(row[3] + "\n", "dim")
    text.append(plural(len(concepts), "concept"), "dim")
    return [text]


def mentions_view(concept: Concept) -> list[RenderableType]:
    from rich.text import Text

    heading = Text(clean(concept.term), style="bold cyan")
    heading.append(
        f"  {plural(len(concept.mentions), 'mention')} in {plural(len(concept.notes), 'note')}",
        style="not bold dim",
    )
    parts: list[RenderableType] = [heading]
    names = sorted(concept.names, key=len, reverse=True)
    pattern = "|".join(_loose(name) for name in names)
    current = None
    for mention in concept.mentions:
        if mention.path != current:
            current = mention.path
            parts.append(Text(f"\n{clean(mention.title)}  {clean(mention.path)}", style="bold"))
        line = Text(f"  {mention.line:>5}  ", style="dim")
        if mention.section:
            line.append(f"§ {clean(mention.section)}  ", style="dim italic")
        finder = re.compile(rf"(?<![^\W_])(?:{pattern})(?![^\W_])", re.I)
        body = Text(_window(clean(mention.text), finder))
        body.highlight_regex(finder, "bold yellow")
        line.append_text(body)
        parts.append(line)
    return parts


def _window(text: str, finder: re.Pattern[str], size: int = 160) -> str:
    """A long line cut to `size` characters around its first match, marked with ellipses."""
    if len(text) <= size:
        return text
    match = finder.search(text)
    start = max(0, (match.start() if match else 0) - size // 3)
    end = min(len(text), start + size)
    start = max(0, end - size)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _loose(name: str) -> str:
    """A name as a pattern that also finds its hyphen, space and plural variants."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", name) if w]
    return r"[\s\-]?".join(words) + r"(?:e?s)?"


def search_view(results: Results) -> list[RenderableType]:
    """The definition when the query names a term, then hits grouped by note."""
    from rich import box
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    if results.definition:
        term, text, path, line = results.definition
        body = Text(clean(text))
        body.append(f"\n{clean(path)}:{line}", style="dim")
        parts.append(
            Panel(
                body,
                title=Text(clean(term), style="bold"),
                title_align="left",
                border_style="green",
                box=box.ROUNDED,
            )
        )
    if not results.hits:
        parts.append(Text(f'No notes match "{clean(results.shown_query)}".', style="dim"))
        return parts
    current = None
    grid: Table | None = None
    notes = 0
    for hit in results.hits:
        if hit.path != current:
            current = hit.path
            notes += 1
            header = Text(("\n" if parts else "") + clean(hit.title), style="bold")
            header.append(f"  {clean(hit.path)}", style="cyan")
            parts.append(header)
            grid = Table.grid(padding=(0, 2))
            grid.add_column(justify="right", style="dim", min_width=5)
            grid.add_column(overflow="fold")
            parts.append(grid)
        assert grid is not None
        passage = Text()
        if hit.section:
            passage.append(f"§ {clean(hit.section)}  ", style="dim italic")
        snippet = Text(clean(hit.snippet))
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start, end)
        passage.append_text(snippet)
        grid.add_row(Text(str(hit.line)), passage)
    parts.append(Text(f"\n{plural(notes, 'note')}", style="dim"))
    return parts


def index_view(status: dict[str, Any]) -> list[RenderableType]:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    size = int(status["bytes"]) / 1_048_576  # type: ignore[call-overload]
    rows = [
        ("vault", str(status["vault"])),
        ("notes", str(status["notes"])),
        ("files", str(status["files"])),
        ("cache", f"{status['cache'] or 'in memory'} ({size:.1f} MB)"),
        ("last change", str(status["last_change"] or "never")),
        ("refreshed", str(status["last_refresh"])),
        ("took", f"{float(status['refresh_seconds']):.3f} s"),  # type: ignore[arg-type]
    ]
    for label, value in rows:
        grid.add_row(Text(label), Text(clean(value)))
    return [grid]


class progress:  # lower case: used as `with render.progress(...)`, like a function
    """A progress bar on stderr, shown only when work takes over a second on a terminal."""

    def __init__(self, label: str, delay: float = 1.0) -> None:
        import time

        self.label = label
        self.started = time.monotonic()
        self.delay = delay
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> progress:
        return self

    def __call__(self, done: int, total: int) -> None:
        import time

        if self.bar is None:
            if time.monotonic() - self.started < self.delay or not stderr().is_terminal:
                return
            from rich.progress import Progress

            self.bar = Progress(console=stderr(), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def links_view(report: LinkReport) -> list[RenderableType]:
    from rich.text import Text

    parts: list[RenderableType] = []
    head = Text(clean(report.note.title), style="bold")
    head.append(f"  {clean(report.note.path)}", style="cyan")
    parts.append(head)
    parts.append(Text(f"\nLinks out ({len(report.outgoing)})", style="bold"))
    for edge in report.outgoing:
        line = Text(f"  {edge.link.line:>5}  ", style="dim")
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
    parts.append(Text(f"\nLinked from ({len(report.backlinks)})", style="bold"))
    for edge, context in report.backlinks:
        line = Text(f"  {clean(edge.source.title)}", style="bold")
        line.append(f"  {clean(edge.source.path)}:{edge.link.line}", style="dim")
        parts.append(line)
        around = re.compile(re.escape(clean(edge.link.raw)))
        parts.append(Text(f"      {_window(clean(context), around)}"))
    if report.unlinked:
        parts.append(Text(f"\nUnlinked mentions ({len(report.unlinked)})", style="bold"))
        for note, line_no, text in report.unlinked:
            line = Text(f"  {clean(note.title)}", style="bold")
            line.append(f"  {clean(note.path)}:{line_no}", style="dim")
            parts.append(line)
            parts.append(Text(f"      {clean(text)}"))
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
