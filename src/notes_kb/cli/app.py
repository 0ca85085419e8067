"""The `notes` command: parse options, make one library call, hand the result to render."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import click
import typer
from typer.core import TyperCommand, TyperGroup

from notes_kb import __version__
from notes_kb.cli import render, serialize
from notes_kb.errors import ExitCode, NotesError

if TYPE_CHECKING:
    from notes_kb.kb import KnowledgeBase


class _HelpFormatter(click.HelpFormatter):
    """Typer escapes `[required]` and `[default: ...]` for Rich whenever Rich is installed,
    even when help is plain text (rich_markup_mode=None); plain help shows them unescaped."""

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, text.replace("\\[", "[")) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


class _Context(click.Context):
    formatter_class = _HelpFormatter


class _Command(TyperCommand):
    context_class = _Context


class _Commands(TyperGroup):
    """Turns the library's errors into `Error: ...` on stderr and an exit code: the one place."""

    context_class = _Context

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except NotesError as error:
            render.error(error.message, error.hint)
            raise typer.Exit(int(error.exit_code)) from None


app = typer.Typer(
    cls=_Commands,
    name="notes",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="A knowledge base over a folder of Markdown notes: list, browse and read them.",
)


class SortKey(StrEnum):
    fname = "fname"
    title = "title"
    updated = "updated"
    created = "created"


class GraphFormat(StrEnum):
    tree = "tree"
    mermaid = "mermaid"
    dot = "dot"
    json = "json"


JSON = typer.Option(False, "--json", help="Print the same data as JSON on stdout.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"notes {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    directory: str = typer.Option(
        None,
        "--dir",
        "-d",
        metavar="PATH",
        help="The vault: a notes folder or a Dendron workspace. Default: $NOTES_DIR, else "
        "the nearest notes/ folder or dendron.yml from here upward.",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    ctx.obj = {"dir": directory}


def _kb(ctx: typer.Context, rebuild: bool = False) -> KnowledgeBase:
    """The vault, its cache brought up to date: every command starts here."""
    from notes_kb.kb import open_vault

    kb = open_vault(ctx.obj.get("dir") if ctx.obj else None, render.notice, rebuild)
    with render.progress("Indexing notes") as progress:
        kb.refresh(progress)
    return kb


def _loaded(ctx: typer.Context, summary: bool = True) -> KnowledgeBase:
    """The vault with every note loaded, its problems summed up in one line on stderr."""
    kb = _kb(ctx)
    if summary and kb.diagnostics:
        render.diagnostics_summary(kb.diagnostics, kb.skipped)
    return kb


def _resolved(kb: KnowledgeBase, note: str) -> None:
    """Say how a NOTE argument was understood, unless it named the note exactly."""
    resolved = kb.resolve(note)
    if not resolved.exact:
        render.resolution(note, resolved)


@app.command(cls=_Command)
def show(
    ctx: typer.Context,
    note: str = typer.Argument(
        ..., help="Id, file name, last hierarchy segment, title, heading, or note#heading."
    ),
    raw: bool = typer.Option(False, "--raw", help="Print the Markdown source."),
    json_out: bool = JSON,
    pager: bool = typer.Option(True, "--pager/--no-pager", help="Page long output on a terminal."),
) -> None:
    """Show a note, or one section of it, rendered in the terminal."""
    kb = _loaded(ctx)
    _resolved(kb, note)
    if json_out:
        resolved = kb.resolve(note)
        render.print_json(serialize.note_detail(resolved.note, resolved.section))
    elif raw:
        resolved = kb.resolve(note)
        target, section = resolved.note, resolved.section
        render.print_text(target.section_source(section) if section else target.source)
    else:
        view = kb.show(note)
        root = os.path.relpath(kb.location.root) if kb.location.root else ""
        render.show(
            render.note_view(view.note, root, view.section, view.body, view.linked_from),
            pager=pager,
        )


@app.command("list", cls=_Command)
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
        None, "--link-to", metavar="NOTE", help="Only notes linking to NOTE."
    ),
    linked_by: str = typer.Option(
        None, "--linked-by", metavar="NOTE", help="Only notes NOTE links to."
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
    """List notes as a table: title, file name, updated, tags; filters combine."""
    notes = _loaded(ctx).list(
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
    if json_out:
        render.print_json([serialize.note_summary(n) for n in notes])
    else:
        render.list_view(notes)


@app.command(cls=_Command)
def tree(
    ctx: typer.Context,
    note: str = typer.Argument(None, help="Show only the hierarchy below this note or stub."),
    json_out: bool = JSON,
) -> None:
    """Show the Dendron hierarchy of dotted file names; missing parents are stubs."""
    kb = _loaded(ctx)
    root, label = kb.tree(note)
    if note and root.fname != note:
        _resolved(kb, note)
    if json_out:
        render.print_json(serialize.tree_dict(root))
    else:
        render.show([render.tree_view(root, label)])


@app.command(cls=_Command)
def check(ctx: typer.Context, json_out: bool = JSON) -> None:
    """Check the vault like a linter: broken links and embeds, bad frontmatter, unreadable
    files, duplicate ids, missing anchors and orphan notes. Exit 1 when there are errors."""
    found = _loaded(ctx, summary=False).check()
    if json_out:
        render.print_json([serialize.diagnostic_dict(d) for d in found.diagnostics])
    else:
        render.show(render.diagnostics_table(found.diagnostics))
        warnings = len(found.diagnostics) - found.errors
        render.notice(
            f"{render.plural(found.files, 'file')} checked: "
            f"{render.plural(found.errors, 'error')}, {render.plural(warnings, 'warning')}"
        )
    if found.errors:
        raise typer.Exit(int(ExitCode.ERROR))


@app.command(cls=_Command)
def links(
    ctx: typer.Context,
    note: str = typer.Argument(..., help="The note (any NOTE form, as for show)."),
    unlinked: bool = typer.Option(
        False, "--unlinked", help="Also places that name the note without linking to it."
    ),
    json_out: bool = JSON,
) -> None:
    """Show a note's links out (resolved or broken) and the notes linking to it."""
    kb = _loaded(ctx)
    _resolved(kb, note)
    report = kb.links(note, unlinked)
    if json_out:
        render.print_json(serialize.link_report_dict(report))
    else:
        render.show(render.links_view(report), pager=True)


@app.command(cls=_Command)
def tags(
    ctx: typer.Context,
    tag: str = typer.Argument(None, help="Show the notes carrying this tag (and its sub-tags)."),
    json_out: bool = JSON,
) -> None:
    """Tags (frontmatter and inline #tags) with how many notes carry each."""
    kb = _loaded(ctx)
    if tag is None:
        counts = kb.tags()
        if json_out:
            render.print_json([{"tag": t, "notes": n} for t, n in counts])
        else:
            render.show(render.tags_view(counts))
        return
    chosen = kb.tagged(tag)
    if json_out:
        render.print_json([serialize.note_summary(n) for n in chosen])
    else:
        render.list_view(chosen)


@app.command(cls=_Command)
def graph(
    ctx: typer.Context,
    note: str = typer.Argument(None, help="Center on this note; without it, the whole vault."),
    depth: int = typer.Option(1, "--depth", min=0, help="How many links away from the note."),
    form: GraphFormat = typer.Option(
        GraphFormat.tree, "--format", "-f", help="tree (terminal), mermaid, dot or json."
    ),
    output: str = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE.html",
        help="Write one self-contained interactive HTML page instead.",
    ),
    json_out: bool = JSON,
) -> None:
    """The link neighbourhood of a note, or the whole vault: a tree, Mermaid, DOT or JSON."""
    from notes_kb.query import graph as graphs

    kb = _loaded(ctx)
    if note:
        _resolved(kb, note)
    found = kb.graph(note, depth)
    if output:
        center = kb.resolve(note).note.title if note else kb.location.root.name
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(graphs.to_html(found, f"notes graph: {center}"))
        except OSError as error:
            raise NotesError(f"cannot write {output}: {error.strerror}") from None
        render.notice(f"wrote {output}: {len(found.nodes)} notes, {len(found.edges)} links")
    elif json_out or form is GraphFormat.json:
        render.print_json(graphs.to_data(found))
    elif form is GraphFormat.mermaid:
        render.print_text(graphs.to_mermaid(found))
    elif form is GraphFormat.dot:
        render.print_text(graphs.to_dot(found))
    else:
        render.show(render.graph_tree(found, kb.links_graph, depth if note else 1), pager=True)


@app.command("glossary", cls=_Command)
def glossary_command(
    ctx: typer.Context,
    prefix: str = typer.Argument(None, help="Only terms (or aliases) starting with this."),
    json_out: bool = JSON,
) -> None:
    """List every term defined in the notes, A to Z, with its best definition."""
    entries = _loaded(ctx).glossary(prefix)
    if json_out:
        render.print_json([serialize.entry_dict(e) for e in entries])
    else:
        render.show(render.glossary_view(entries), pager=True)


@app.command(cls=_Command)
def define(
    ctx: typer.Context,
    term: str = typer.Argument(..., help="A term, alias, acronym or expansion (any case)."),
    json_out: bool = JSON,
) -> None:
    """Show every definition of a term, its aliases, related concepts and where it is used."""
    report = _loaded(ctx).define(term)
    if json_out:
        render.print_json(serialize.term_report(report))
    else:
        render.show(render.term_view(report), pager=True)


@app.command(cls=_Command)
def concepts(
    ctx: typer.Context,
    term: str = typer.Argument(None, help="Show each mention of this concept in context."),
    json_out: bool = JSON,
) -> None:
    """The concept index: how often each term and tag is mentioned, and where."""
    found = _loaded(ctx).concepts(term)
    if term is None:
        if json_out:
            render.print_json([serialize.concept_summary(c) for c in found])
        else:
            render.show(render.concept_table(found), pager=True)
    elif json_out:
        render.print_json(serialize.concept_detail(found[0]))
    else:
        render.show(render.mentions_view(found[0]), pager=True)


@app.command("search", cls=_Command)
def search_command(
    ctx: typer.Context,
    query: list[str] = typer.Argument(
        ..., help='Words (all must match), "a phrase", OR, -word, prefix*.'
    ),
    tag: str = typer.Option(None, "--tag", help="Only notes with this tag (or a sub-tag)."),
    under: str = typer.Option(
        None, "--under", metavar="HIERARCHY", help="Only notes under it: ai-engineering.*"
    ),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="At most this many notes."),
    json_out: bool = JSON,
) -> None:
    """Search the notes: ranked hits with the matching passage, the defining note first."""
    from notes_kb.index.search import join_arguments

    kb = _kb(ctx)
    problems, skipped = kb.search_diagnostics()
    if problems:
        render.diagnostics_summary(problems, skipped)
    results = kb.search(join_arguments(query), tag, under, limit)
    if results.corrections:
        render.notice(f'showing results for "{results.shown_query}"')
    if json_out:
        render.print_json([serialize.hit_dict(hit) for hit in results.hits])
    else:
        render.show(render.search_view(results), pager=True)


@app.command("index", cls=_Command)
def index_command(
    ctx: typer.Context,
    rebuild: bool = typer.Option(False, "--rebuild", help="Parse every note again."),
    json_out: bool = JSON,
) -> None:
    """Show the search index: notes, cache path and size, last refresh and time taken."""
    status = _kb(ctx, rebuild=rebuild).status()
    if json_out:
        render.print_json(status)
    else:
        render.show(render.index_view(status))


def main() -> None:
    """Console entry point; a closed pipe (`notes list | head`) ends quietly."""
    try:
        app(prog_name="notes")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
