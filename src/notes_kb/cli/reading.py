"""The bodies of the read commands `cli/direct.py` can run without Typer: show, links,
glossary, define, concepts and search. Each takes the `--dir` value and the command's
parameters as plain values, makes one library call and hands the result to a view; the
Typer commands (`browse`, `study`) declare the parameters and call these. `serialize` is
loaded only for JSON: a plain run has no use for it."""

from __future__ import annotations

import os
from functools import partial
from typing import TYPE_CHECKING, Any

from notes_kb.cli import output, session
from notes_kb.cli.session import loaded, open_kb, say_resolution
from notes_kb.collector import paused
from notes_kb.errors import ExitCode

if TYPE_CHECKING:
    from notes_kb.kb import KnowledgeBase
    from notes_kb.query.glossary import Entry


def show(given: str | None, note: str, raw: bool, json_out: bool, pager: bool) -> int:
    """`notes show NOTE`."""
    from notes_kb.cli import views_notes

    kb = loaded(given)
    say_resolution(kb, note)
    if json_out:
        from notes_kb.cli import serialize

        resolved = kb.resolve(note)
        output.print_json(serialize.note_detail(resolved.note, resolved.section))
    elif raw:
        resolved = kb.resolve(note)
        target, section = resolved.note, resolved.section
        output.print_text(target.section_source(section) if section else target.source)
    else:
        view = kb.show(note)
        root = os.path.relpath(kb.location.root) if kb.location.root else ""
        shown = (view.note, root, view.section, view.body, view.linked_from)
        if output.colourless_pipe():  # plain lines: no Rich, no markdown-it
            output.print_text(views_notes.note_text(*shown))
        else:
            output.show(views_notes.note_view(*shown), pager=pager)
    return ExitCode.OK


def links(given: str | None, note: str, unlinked: bool, json_out: bool) -> int:
    """`notes links NOTE`."""
    from notes_kb.cli import views_notes

    kb = loaded(given)
    say_resolution(kb, note)
    report = kb.links(note, unlinked)
    if json_out:
        from notes_kb.cli import serialize

        output.print_json(serialize.link_report_dict(report))
    else:
        output.show(views_notes.links_view(report))
    return ExitCode.OK


def glossary(given: str | None, prefix: str | None, json_out: bool) -> int:
    """`notes glossary [PREFIX]`."""
    kb = loaded(given)
    errors = output.utf8_stdout()
    terminal = output.stdout_is_terminal()
    if errors is not None and (json_out or not terminal):  # bytes, kept (session.kept_output)
        if json_out and prefix is None and not terminal:  # the kept glossary's own text
            key: tuple[object, ...] = ("glossary", prefix, terminal, errors)
            make = partial(_kept_glossary_json, kb, errors)
            printed = session.kept_output(kb, key, make, cache=False)
            output.print_bytes(printed)
            return ExitCode.OK
        if json_out:
            key = ("glossary", prefix, terminal, errors)
            make = partial(_glossary_json, kb, prefix, terminal, errors)
        else:
            key, make = (
                ("glossary rows", prefix, errors),
                partial(_glossary_rows, kb, prefix, errors),
            )
        # indented JSON for a terminal (15 MB at 10,000 notes) is kept by `notes serve` only
        printed = session.kept_output(kb, key, make, cache=not terminal)
        output.print_bytes(printed, end=b"\n" if json_out else b"")
        return ExitCode.OK
    from notes_kb.cli import views_study

    entries = kb.glossary(prefix)
    if json_out:
        output.print_json(_entry_dicts(entries))
    elif terminal:
        output.show(views_study.glossary_view(entries))
    else:
        output.print_rows(views_study.glossary_rows(entries))
    return ExitCode.OK


def _glossary_json(kb: KnowledgeBase, prefix: str | None, pretty: bool, errors: str) -> bytes:
    from notes_kb.cli import serialize

    return serialize.encoded(_entry_dicts(kb.glossary(prefix)), pretty, errors)


def _kept_glossary_json(kb: KnowledgeBase, errors: str) -> bytes:
    from notes_kb.cli import serialize

    return serialize.encoded_utf8(kb.glossary_json(), errors)


def _glossary_rows(kb: KnowledgeBase, prefix: str | None, errors: str) -> bytes:
    """The piped glossary's lines (`print_rows`) as the stdout they go to encodes them."""
    from notes_kb.cli import views_study

    rows = output.rows_text(views_study.glossary_rows(kb.glossary(prefix)))
    return rows.encode("utf-8", errors)


def _entry_dicts(entries: list[Entry]) -> list[dict[str, Any]]:
    from notes_kb.cli import serialize

    with paused():  # the dictionaries of every entry: nothing in them to free
        return [serialize.entry_dict(e) for e in entries]


def define(given: str | None, term: str, json_out: bool) -> int:
    """`notes define TERM`."""
    from notes_kb.cli import views_study
    from notes_kb.query.expansions import Expansion

    report = loaded(given).look_up(term)
    if json_out:
        from notes_kb.cli import serialize

        if isinstance(report, Expansion):
            output.print_json(serialize.expansion_dict(report))
        else:
            output.print_json(serialize.term_report(report))
    elif isinstance(report, Expansion):  # no definition, but an acronym and its expansion
        output.show(views_study.expansion_view(report))
    else:  # the view of a kept report, kept too: 30 ms for `attention` at 100,000 notes
        output.show(session.kept(("define view", term), partial(views_study.term_view, report)))
    return ExitCode.OK


def concepts(given: str | None, term: str | None, json_out: bool) -> int:
    """`notes concepts [TERM]`."""
    from notes_kb.cli import views_study

    found = loaded(given).concepts(term)
    if json_out:
        from notes_kb.cli import serialize

        if term is None:
            output.print_json([serialize.concept_summary(c) for c in found])
        else:
            output.print_json(serialize.concept_detail(found[0]))
    elif term is None:
        output.show(views_study.concept_table(found))
    else:
        output.show(views_study.mentions_view(found[0]))
    return ExitCode.OK


def search(
    given: str | None,
    query: list[str],
    exclude: list[str] | None,
    tag: str | None,
    under: str | None,
    limit: int,
    json_out: bool,
) -> int:
    """`notes search QUERY...`: exit status 1 when nothing matches, like grep."""
    from notes_kb.cli import views_study
    from notes_kb.parse.search_syntax import join_arguments

    kb = open_kb(given)
    problems, skipped = kb.search_diagnostics()
    if problems:
        output.diagnostics_summary(problems, skipped)
    words = [*query, *(f"-{word}" for word in exclude or [] if word.strip())]
    results = kb.search(join_arguments(words), tag, under, limit)
    if results.corrections:
        output.notice(f'showing results for "{results.shown_query}"')
    if json_out:
        from notes_kb.cli import serialize

        output.print_json([serialize.hit_dict(hit) for hit in results.hits])
    elif output.stdout_is_terminal():
        output.show(views_study.search_view(results))
    else:
        output.print_rows(views_study.search_rows(results))
    return ExitCode.OK if results.hits else ExitCode.ERROR
