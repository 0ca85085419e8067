"""The commands that study the notes: glossary, define, concepts, search and index."""

from __future__ import annotations

import typer

from notes_kb.cli import output, reading, views_study
from notes_kb.cli.params import JSON, vault_dir
from notes_kb.cli.session import open_kb


def glossary_command(
    ctx: typer.Context,
    prefix: str = typer.Argument(None, help="Only terms (or aliases) starting with this."),
    json_out: bool = JSON,
) -> None:
    """List every term defined in the notes, A to Z, with its best definition.

    Piped, each term is one line: term, definition, path:line, tab-separated."""
    reading.glossary(vault_dir(ctx), prefix, json_out)


def define(
    ctx: typer.Context,
    term: str = typer.Argument(..., help="A term, alias, acronym or expansion (any case)."),
    json_out: bool = JSON,
) -> None:
    """Show every definition of a term, its aliases, related concepts and where it is used.

    A term the notes only write with its acronym or expansion gets those pairings."""
    reading.define(vault_dir(ctx), term, json_out)


def concepts(
    ctx: typer.Context,
    term: str = typer.Argument(None, help="Show each mention of this concept in context."),
    json_out: bool = JSON,
) -> None:
    """The concept index: how often each term and tag is mentioned, and where."""
    reading.concepts(vault_dir(ctx), term, json_out)


def search_command(
    ctx: typer.Context,
    query: list[str] = typer.Argument(
        ...,
        help='Words (all must match), "a phrase", OR, -word or NOT word (leave it out), prefix*.',
    ),
    exclude: list[str] = typer.Option(
        None, "--not", metavar="WORD", help="Leave out notes with this word (repeatable)."
    ),
    tag: str = typer.Option(None, "--tag", help="Only notes with this tag (or a sub-tag)."),
    under: str = typer.Option(
        None, "--under", metavar="HIERARCHY", help="Only notes under it: ai-engineering.*"
    ),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="At most this many notes."),
    json_out: bool = JSON,
) -> None:
    """Search the notes: ranked hits with the matching passage, the defining note first.

    `notes search token -attention`, `token NOT attention` and `token --not attention` all
    leave out notes mentioning attention. Piped, each hit is one line: path, line, title,
    section, snippet, tab-separated. Exit status 1 when nothing matches (like grep)."""
    code = reading.search(vault_dir(ctx), query, exclude, tag, under, limit, json_out)
    if code:
        raise typer.Exit(code)


def index_command(
    ctx: typer.Context,
    rebuild: bool = typer.Option(False, "--rebuild", help="Parse every note again."),
    json_out: bool = JSON,
) -> None:
    """Show the search index: notes, cache path and size, last refresh and time taken."""
    status = open_kb(vault_dir(ctx), rebuild=rebuild).status()
    if json_out:
        output.print_json(status)
    else:
        output.show(views_study.index_view(status))
