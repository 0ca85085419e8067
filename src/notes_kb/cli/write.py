"""The commands that write notes: new, daily, edit and rename. Each parses its options,
makes one library call (in `notes_kb.write`) and hands the result to `views_write`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from notes_kb.cli import views_write
from notes_kb.cli.params import JSON, complete_note, vault_dir
from notes_kb.cli.session import loaded, say_resolution
from notes_kb.errors import AmbiguousNoteError, NoteNotFoundError

if TYPE_CHECKING:
    from notes_kb.kb import KnowledgeBase
    from notes_kb.model import Resolved
    from notes_kb.write.create import Editor

NO_EDIT = typer.Option(False, "--no-edit", help="Do not open the editor.")


def _editor(skip: bool) -> Editor | None:
    """The editor, unless asked not to or nobody is at a terminal to use it."""
    from notes_kb.write.editor import open_editor

    return None if skip or not views_write.interactive() else open_editor


def new(
    ctx: typer.Context,
    name: str = typer.Argument(
        ..., help="Dotted name (projects.launch) or, in a folder vault, a path (ideas/launch)."
    ),
    title: str = typer.Option(None, "--title", help="Title (default: from the last segment)."),
    tag: list[str] = typer.Option(None, "--tag", help="A tag (repeatable)."),
    template: str = typer.Option(
        None, "--template", metavar="TPL", help="Template note (`meeting`: templates.meeting)."
    ),
    no_edit: bool = NO_EDIT,
    json_out: bool = JSON,
) -> None:
    """Create a note with Dendron frontmatter, from a template, and open it in the editor.

    Refuses to overwrite. Prints the new file's path."""
    kb = loaded(vault_dir(ctx))
    made = kb.new(name, title, tag or (), template, _editor(no_edit or json_out))
    views_write.created(made, json_out)


def daily(
    ctx: typer.Context,
    date: str = typer.Argument(
        None, help="The day: today (default), yesterday, tomorrow, 2026-12-06, '3 days ago'."
    ),
    no_edit: bool = NO_EDIT,
    json_out: bool = JSON,
) -> None:
    """Open the day's journal note (daily.journal.YYYY.MM.DD), created if missing.

    The name follows the `daily_note` setting; a new one starts from its template."""
    made = loaded(vault_dir(ctx)).daily(date, _editor(no_edit or json_out))
    views_write.created(made, json_out)


def edit(
    ctx: typer.Context,
    note: str = typer.Argument(
        ...,
        help="The note (any NOTE form; note#heading opens at that heading).",
        autocompletion=complete_note,
    ),
) -> None:
    """Open a note in the editor at the section named; `updated` is set if it changed.

    Not at a terminal, prints the note's path instead (`vim $(notes edit x)`)."""
    kb = loaded(vault_dir(ctx))
    views_write.edited(kb.edit(_resolve_asking(kb, note), _editor(False)))


def _resolve_asking(kb: KnowledgeBase, note: str) -> Resolved:
    """Resolve NOTE like `show`; at a terminal, an ambiguous or unknown name with close
    matches becomes a question instead of an error."""
    try:
        resolved = kb.resolve(note)
    except AmbiguousNoteError as ambiguous:
        if not views_write.interactive():
            raise
        choice = views_write.ask(f'"{note}" names several notes; which one?', ambiguous.candidates)
        if choice is None:
            raise
        return kb.resolve(choice.split(" (", 1)[1][:-1] if " (" in choice else choice)
    except NoteNotFoundError as missing:
        if not views_write.interactive() or not missing.suggestions:
            raise
        choice = views_write.ask(f'no note "{note}"; did you mean', missing.suggestions)
        if choice is None:
            raise
        return kb.resolve(choice)
    say_resolution(kb, note)
    return resolved


def rename(
    ctx: typer.Context,
    old: str = typer.Argument(
        ..., help="The note to rename (any NOTE form).", autocompletion=complete_note
    ),
    new: str = typer.Argument(..., help="Its new name (a path in a folder vault)."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Print a unified diff of every change; write nothing."
    ),
    with_children: bool = typer.Option(
        False, "--with-children", help="Also rename the notes below it in the hierarchy."
    ),
    json_out: bool = JSON,
) -> None:
    """Rename a note and rewrite every link to it, all or nothing.

    Links of every form keep their alias and anchor; code is never touched."""
    kb = loaded(vault_dir(ctx))
    say_resolution(kb, old)
    views_write.renamed(kb.rename(old, new, with_children, dry_run), json_out)
