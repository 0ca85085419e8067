"""The commands that study the notes: glossary, define, concepts, search and index."""

from __future__ import annotations

import typer

from notes_kb.cli import output, serialize, views_study
from notes_kb.cli.session import JSON, loaded, open_kb
from notes_kb.errors import ExitCode


def glossary_command(
    ctx: typer.Context,
    prefix: str = typer.Argument(None, help="Only terms (or aliases) starting with this."),
    json_out: bool = JSON,
) -> None:
    """List every term defined in the notes, A to Z, with its best definition.

    Piped, each term is one line: term, definition, path:line, tab-separated."""
    entries = loaded(ctx).glossary(prefix)
    if json_out:
        output.print_json([serialize.entry_dict(e) for e in entries])
    elif output.stdout_is_terminal():
        output.show(views_study.glossary_view(entries))
    else:
        output.print_rows(views_study.glossary_rows(entries))


def define(
    ctx: typer.Context,
    term: str = typer.Argument(..., help="A term, alias, acronym or expansion (any case)."),
    json_out: bool = JSON,
) -> None:
    """Show every definition of a term, its aliases, related concepts and where it is used."""
    report = loaded(ctx).define(term)
    if json_out:
        output.print_json(serialize.term_report(report))
    else:
        output.show(views_study.term_view(report))


def concepts(
    ctx: typer.Context,
    term: str = typer.Argument(None, help="Show each mention of this concept in context."),
    json_out: bool = JSON,
) -> None:
    """The concept index: how often each term and tag is mentioned, and where."""
    found = loaded(ctx).concepts(term)
    if term is None:
        if json_out:
            output.print_json([serialize.concept_summary(c) for c in found])
        else:
            output.show(views_study.concept_table(found))
    elif json_out:
        output.print_json(serialize.concept_detail(found[0]))
    else:
        output.show(views_study.mentions_view(found[0]))


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
    from notes_kb.parse.search_syntax import join_arguments

    kb = open_kb(ctx)
    problems, skipped = kb.search_diagnostics()
    if problems:
        output.diagnostics_summary(problems, skipped)
    words = [*query, *(f"-{word}" for word in exclude or [] if word.strip())]
    results = kb.search(join_arguments(words), tag, under, limit)
    if results.corrections:
        output.notice(f'showing results for "{results.shown_query}"')
    if json_out:
        output.print_json([serialize.hit_dict(hit) for hit in results.hits])
    elif output.stdout_is_terminal():
        output.show(views_study.search_view(results))
    else:
        output.print_rows(views_study.search_rows(results))
    if not results.hits:
        raise typer.Exit(int(ExitCode.ERROR))


def index_command(
    ctx: typer.Context,
    rebuild: bool = typer.Option(False, "--rebuild", help="Parse every note again."),
    json_out: bool = JSON,
) -> None:
    """Show the search index: notes, cache path and size, last refresh and time taken."""
    status = open_kb(ctx, rebuild=rebuild).status()
    if json_out:
        output.print_json(status)
    else:
        output.show(views_study.index_view(status))
