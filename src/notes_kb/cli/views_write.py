"""What the writing commands print: the path made or opened, a rename's summary or diff,
and the one question `edit` may ask. Data on stdout, remarks on stderr."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from notes_kb.cli import output

if TYPE_CHECKING:
    from notes_kb.write.create import Created
    from notes_kb.write.edit import Edited
    from notes_kb.write.rename import Renamed


def interactive() -> bool:
    """A person at a terminal: the editor may open and a question may be asked."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def shown_path(path: Path) -> str:
    """A path to type: relative to the current folder when below it, else absolute."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def created(made: Created, json_out: bool) -> None:
    if json_out:
        output.print_json(
            {
                "path": made.path,
                "fname": made.fname,
                "id": made.id,
                "title": made.title,
                "created": made.created,
                "template": made.template,
            }
        )
    else:
        output.print_text(shown_path(made.absolute))
    if made.remark:
        output.notice(made.remark)
    if not json_out and made.template:
        output.notice(f"created from the template {made.template}")
    elif not json_out and not made.created:
        output.notice(f"{made.fname} exists already")


def edited(done: Edited) -> None:
    if not done.opened:
        output.print_text(shown_path(done.absolute))
    elif not done.changed:
        output.notice(f"{done.path} unchanged")
    else:
        output.notice(f"{done.path} saved" + ("; updated set to now" if done.stamped else ""))


def renamed(result: Renamed, json_out: bool) -> None:
    files = result.linking_files
    if json_out:
        output.print_json(
            {
                "dry_run": result.dry_run,
                "moves": [{"from": old, "to": new} for old, new in result.moves],
                "files": [{"path": path, "links": links} for path, links in files],
                "links": result.links,
                "children_left": result.children_left,
            }
        )
    elif result.dry_run:
        output.print_text(result.diff() or "(no change)")
    else:
        for old, new in result.moves:
            output.print_text(f"renamed {old} → {new}")
        for path, links in files:
            if links:
                output.print_text(f"  {path}: {output.plural(links, 'link')} rewritten")
    verb = "would rewrite" if result.dry_run else "rewrote"
    notes = output.plural(len(result.moves), "note")
    summary = f"{notes} renamed; {verb} {output.plural(result.links, 'link')} in "
    summary += output.plural(sum(1 for _, links in files if links), "file")
    output.notice(summary + ("; nothing written (dry run)" if result.dry_run else ""))
    if result.children_left:
        output.notice(
            f"{output.plural(result.children_left, 'note')} below it "
            f"{'keeps its' if result.children_left == 1 else 'keep their'} old name "
            "(--with-children moves them too)"
        )


def ask(question: str, choices: list[str]) -> str | None:
    """A numbered choice on stderr; None when the person picks nothing."""
    for number, choice in enumerate(choices, 1):
        output.notice(f"  {number}. {choice}")
    answer = click.prompt(question, default="", show_default=False, err=True)
    if answer.strip().isdigit() and 1 <= int(answer) <= len(choices):
        return choices[int(answer) - 1]
    return None
