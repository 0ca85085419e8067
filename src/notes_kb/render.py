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
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from notes_kb.markdown import split_callouts
from notes_kb.model import Diagnostic, Note, Resolved, Section, TreeNode
from notes_kb.serialize import dumps

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
    return Console(highlight=False, markup=False, emoji=False, soft_wrap=False)


def stderr() -> Console:
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


def error(message: str, hint: str | None = None) -> None:
    line = Text("Error: ", style="bold red")
    line.append(clean(message))
    if hint:
        line.append(f" ({clean(hint)})", style="yellow")
    stderr().print(line, soft_wrap=True)


def notice(message: str) -> None:
    """A side remark on stderr that never mixes into stdout's data."""
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


def note_table(notes: list[Note]) -> RenderableType:
    if not notes:
        return Text("No notes match.", style="dim")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("Title", style="bold", overflow="fold", ratio=3)
    table.add_column("File name", style="cyan", overflow="fold", ratio=3)
    table.add_column("Updated", no_wrap=True, min_width=10)
    table.add_column("Tags", style="magenta", overflow="fold", ratio=2)
    for note in notes:
        updated = f"{note.updated:%Y-%m-%d}" if note.updated else "—"
        table.add_row(
            Text(clean(note.title)),
            Text(clean(note.fname)),
            Text(updated),
            Text(clean(" ".join(f"#{t}" for t in note.tags))),
        )
    caption = Text(plural(len(notes), "note"), style="dim")
    return Group(table, caption)


def note_header(note: Note, root: str, section: Section | None = None) -> RenderableType:
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


def note_view(note: Note, root: str, section: Section | None = None) -> list[RenderableType]:
    source = note.section_source(section) if section else note.body
    return [note_header(note, root, section), *note_body(source, None if section else note.title)]


def tree_view(node: TreeNode, label: str) -> RenderableType:
    tree = Tree(_tree_label(node, label), guide_style="dim")
    _grow(tree, node)
    return tree


def _grow(branch: Tree, node: TreeNode) -> None:
    for child in node.children.values():
        _grow(branch.add(_tree_label(child)), child)


def _tree_label(node: TreeNode, override: str | None = None) -> Text:
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
