"""The commands that browse notes: show, list, tree, check, links, tags and graph. Each parses
its options, makes one library call and hands the result to a view."""

from __future__ import annotations

from enum import StrEnum

import typer

from notes_kb.cli import output, reading, serialize, views_notes
from notes_kb.cli.params import JSON, complete_note, vault_dir
from notes_kb.cli.session import loaded, say_resolution
from notes_kb.errors import ExitCode, NotesError
from notes_kb.model import Note


class SortKey(StrEnum):
    fname = "fname"
    title = "title"  # type: ignore[assignment]  # a member named like str.title
    updated = "updated"
    created = "created"


class GraphFormat(StrEnum):
    tree = "tree"
    mermaid = "mermaid"
    dot = "dot"
    json = "json"


def show(
    ctx: typer.Context,
    note: str = typer.Argument(
        ...,
        help="Id, file name, last hierarchy segment, title, heading, or note#heading.",
        autocompletion=complete_note,
    ),
    raw: bool = typer.Option(False, "--raw", help="Print the Markdown source."),
    json_out: bool = JSON,
    pager: bool = typer.Option(True, "--pager/--no-pager", help="Page long output on a terminal."),
) -> None:
    """Show a note, or one section of it, rendered in the terminal."""
    reading.show(vault_dir(ctx), note, raw, json_out, pager)


def list_command(
    ctx: typer.Context,
    pattern: str = typer.Argument(
        None, help="Hierarchy glob (ai-engineering.*) or text in the file name, id or title."
    ),
    sort: SortKey = typer.Option(
        SortKey.fname,
        "--sort",
        help="Order: file name and title A-Z, updated and created newest first.",
    ),
    reverse: bool = typer.Option(False, "--reverse", "-r", help="Reverse the order."),
    tag: str = typer.Option(None, "--tag", help="Only notes with this tag (or a sub-tag)."),
    link_to: str = typer.Option(
        None,
        "--link-to",
        metavar="NOTE",
        help="Only notes linking to NOTE.",
        autocompletion=complete_note,
    ),
    linked_by: str = typer.Option(
        None,
        "--linked-by",
        metavar="NOTE",
        help="Only notes NOTE links to.",
        autocompletion=complete_note,
    ),
    orphan: bool = typer.Option(False, "--orphan", help="Only notes with no links in or out."),
    tagless: bool = typer.Option(False, "--tagless", help="Only notes without any tag."),
    modified_after: str = typer.Option(
        None, "--modified-after", metavar="DATE", help='2025-10-24, "yesterday", "last week"...'
    ),
    created_before: str = typer.Option(
        None, "--created-before", metavar="DATE", help='2025-10-24, "3 days ago"...'
    ),
    json_out: bool = JSON,
) -> None:
    """List notes as a table: title, file name, updated, tags; filters combine.

    Piped, each note is one line of tab-separated title, file name, updated and tags."""
    notes = loaded(vault_dir(ctx)).list(
        pattern,
        sort.value,
        reverse,
        tag,
        link_to,
        linked_by,
        orphan,
        tagless,
        modified_after,
        created_before,
    )
    _print_notes(notes, json_out)


def tree(
    ctx: typer.Context,
    note: str = typer.Argument(
        None,
        help="Show only the hierarchy below this note or stub.",
        autocompletion=complete_note,
    ),
    json_out: bool = JSON,
) -> None:
    """Show the Dendron hierarchy of dotted file names; missing parents are stubs."""
    kb = loaded(vault_dir(ctx))
    root, label = kb.tree(note)
    if note and root.fname != note:
        say_resolution(kb, note)
    if json_out:
        output.print_json(serialize.tree_dict(root))
    else:
        output.show([views_notes.tree_view(root, label)])


def check(ctx: typer.Context, json_out: bool = JSON) -> None:
    """Check the vault like a linter: broken links and embeds, bad frontmatter, unreadable
    files, duplicate ids, missing anchors and orphan notes. Exit 1 when there are errors."""
    found = loaded(vault_dir(ctx), summary=False).check()
    if json_out:
        output.print_json([serialize.diagnostic_dict(d) for d in found.diagnostics])
    else:
        output.show(views_notes.diagnostics_table(found.diagnostics))
        warnings = len(found.diagnostics) - found.errors
        output.notice(
            f"{output.plural(found.files, 'file')} checked: "
            f"{output.plural(found.errors, 'error')}, {output.plural(warnings, 'warning')}"
        )
    if found.errors:
        raise typer.Exit(int(ExitCode.ERROR))


def links(
    ctx: typer.Context,
    note: str = typer.Argument(
        ..., help="The note (any NOTE form, as for show).", autocompletion=complete_note
    ),
    unlinked: bool = typer.Option(
        False, "--unlinked", help="Also places that name the note without linking to it."
    ),
    json_out: bool = JSON,
) -> None:
    """Show a note's links out (resolved or broken) and the notes linking to it."""
    reading.links(vault_dir(ctx), note, unlinked, json_out)


def tags(
    ctx: typer.Context,
    tag: str = typer.Argument(None, help="Show the notes carrying this tag (and its sub-tags)."),
    json_out: bool = JSON,
) -> None:
    """Tags (frontmatter and inline #tags) with how many notes carry each.

    Piped, each tag is one line: the tag, a tab, the number of notes."""
    kb = loaded(vault_dir(ctx))
    if tag is None:
        counts = kb.tags()
        if json_out:
            output.print_json([{"tag": t, "notes": n} for t, n in counts])
        elif output.stdout_is_terminal():
            output.show(views_notes.tags_view(counts))
        else:
            output.print_rows((tag, str(count)) for tag, count in counts)
        return
    chosen = kb.tagged(tag)
    _print_notes(chosen, json_out)


def graph(
    ctx: typer.Context,
    note: str = typer.Argument(
        None,
        help="Center on this note; without it, the whole vault.",
        autocompletion=complete_note,
    ),
    depth: int = typer.Option(1, "--depth", min=0, help="How many links away from the note."),
    form: GraphFormat = typer.Option(
        GraphFormat.tree, "--format", "-f", help="tree (terminal), mermaid, dot or json."
    ),
    output_file: str = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE.html",
        help="Write one self-contained interactive HTML page instead.",
    ),
    json_out: bool = JSON,
) -> None:
    """The link neighbourhood of a note, or the whole vault: a tree, Mermaid, DOT or JSON."""
    from notes_kb.files import write_atomic
    from notes_kb.query import graph as graphs

    kb = loaded(vault_dir(ctx))
    if note:
        say_resolution(kb, note)
    found = kb.graph(note, depth)
    if output_file:
        center = kb.resolve(note).note.title if note else kb.location.root.name
        try:
            write_atomic(output_file, graphs.to_html(found, f"notes graph: {center}"))
        except OSError as error:
            raise NotesError(f"cannot write {output_file}: {error.strerror}") from None
        output.notice(f"wrote {output_file}: {len(found.nodes)} notes, {len(found.edges)} links")
    elif json_out or form is GraphFormat.json:
        output.print_json(graphs.to_data(found))
    elif form is GraphFormat.mermaid:
        output.print_text(graphs.to_mermaid(found))
    elif form is GraphFormat.dot:
        output.print_text(graphs.to_dot(found))
    else:
        output.show(views_notes.graph_tree(found, kb.links_graph, depth if note else 1))


def _print_notes(notes: list[Note], json_out: bool) -> None:
    """A list of notes: JSON, a table on a terminal, tab-separated rows in a pipe."""
    if json_out:
        output.print_json([serialize.note_summary(n) for n in notes])
    elif output.stdout_is_terminal():
        output.show(views_notes.list_view(notes))
    else:
        output.print_rows(views_notes.list_rows(notes))
