"""`notes study` (a spaced-repetition session over cards drawn from the notes, or a list of
them, or statistics) and `notes export anki` (the same cards as an Anki deck).

The session reads plain lines from stdin, so it can be scripted: Enter (or space) shows the
answer, 1-4 rate it, s suspends, b buries, q quits. End of input or Ctrl-C ends it like q:
every rating already given is in the log."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
import typer

from notes_kb.cli import output, views_cards
from notes_kb.cli.params import JSON, vault_dir
from notes_kb.cli.session import loaded

if TYPE_CHECKING:
    from notes_kb.review.study import Study

SCOPE = typer.Argument(
    None, help="Notes to take cards from: a NOTE, note#section, or a hierarchy glob (area.*)."
)
TAG = typer.Option(None, "--tag", help="Only cards of notes with this tag (or a sub-tag).")
UNDER = typer.Option(
    None, "--under", metavar="HIERARCHY", help="Only cards of notes at or below it."
)


def study(
    ctx: typer.Context,
    scope: list[str] = SCOPE,
    tag: str = TAG,
    under: str = UNDER,
    new: int = typer.Option(20, "--new", min=0, help="New cards to learn a day, at most."),
    limit: int = typer.Option(200, "--limit", "-n", min=1, help="Cards in this session."),
    list_cards: bool = typer.Option(False, "--list", help="List due and new cards; no study."),
    stats: bool = typer.Option(False, "--stats", help="Reviews, retention and the load ahead."),
    open_questions: bool = typer.Option(
        False, "--open", help="List the questions with no answer yet (never quizzed)."
    ),
    suspended: bool = typer.Option(False, "--suspended", help="List the suspended cards."),
    unsuspend: str = typer.Option(
        None, "--unsuspend", metavar="ID", help="Bring a suspended card back into study."
    ),
    json_out: bool = JSON,
) -> None:
    """Study the notes as flashcards: spaced repetition (FSRS), a review log in the vault.

    Cards come from question headings, #question lines, question::answer lines, clozes and
    the glossary. In a session: Enter shows the answer, 1-4 rate it (again, hard, good,
    easy), s suspends, b buries until tomorrow, q quits; answers may be piped on stdin."""
    found = loaded(vault_dir(ctx)).study(scope or (), tag, under)
    for problem in found.problems:
        output.notice(f"{problem.location()}: {problem.message}")
    if unsuspend:
        card = found.unsuspend(found.find(unsuspend))
        output.notice(f"card {card.card.id[:8]} is back in study")
        return
    if stats:
        _stats(found, json_out)
        return
    listed = None
    if list_cards:
        listed, empty = [*found.due(), *found.new()], "No cards due or new."
    elif open_questions:
        listed, empty = found.open_questions(), "No open questions."
    elif suspended:
        listed, empty = found.suspended(), "No suspended cards."
    if listed is not None:
        if json_out:
            output.print_json([views_cards.card_json(s) for s in listed])
        elif output.stdout_is_terminal():
            output.show(views_cards.card_table(listed, empty))
        else:
            output.print_rows(views_cards.card_rows(listed))
        return
    if json_out:
        raise click.UsageError("--json goes with --list, --open, --suspended or --stats")
    _session(found, new, limit)


def _stats(found: Study, json_out: bool) -> None:
    from notes_kb.review.stats import study_stats

    report = study_stats(found)
    if json_out:
        output.print_json(views_cards.stats_json(report))
    else:
        output.show(views_cards.stats_view(report))


def _ask(prompt: str) -> str | None:
    """One answer line; None at the end of input."""
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not sys.stdin.isatty():  # piped answers: show them, as a terminal would have
        sys.stdout.write(line.rstrip("\r\n") + "\n")
    if not line:
        return None
    return line.strip().lower()


def _session(found: Study, new: int, limit: int) -> None:
    from notes_kb.review.schedule import preview
    from notes_kb.review.study import Session

    session = Session.start(found, new, limit)
    if session.current() is None:
        output.show_lines([views_cards.nothing_to_study(found.next_due(), found.now)])
        return
    try:
        while (standing := session.current()) is not None:
            output.show_lines(views_cards.card_front(standing, session))
            started = time.monotonic()
            answer = _ask("Enter: show the answer · s suspend · b bury · q quit > ")
            if answer is None or answer == "q":
                break
            if answer in ("s", "b"):
                (session.suspend if answer == "s" else session.bury)()
                continue
            output.show_lines(views_cards.card_back(standing))
            if answer not in ("1", "2", "3", "4"):
                answer = _rating(views_cards.rate_prompt(preview(standing, found.now), found.now))
            if answer is None or answer == "q":
                break
            if answer in ("s", "b"):
                (session.suspend if answer == "s" else session.bury)()
                continue
            session.answer(int(answer), int((time.monotonic() - started) * 1000))
    except KeyboardInterrupt:
        sys.stdout.write("\n")
    output.show_lines([views_cards.summary(session, found.next_due(), found.now)])


def _rating(prompt: str) -> str | None:
    """Ask until the answer is a rating, s, b or q."""
    while True:
        answer = _ask(prompt)
        if answer is None or answer in ("1", "2", "3", "4", "s", "b", "q"):
            return answer
        prompt = "Type 1, 2, 3 or 4 (or s, b, q) > "


def export(
    ctx: typer.Context,
    format_name: str = typer.Argument(
        ..., metavar="FORMAT", click_type=click.Choice(["anki"]), help="anki: an .apkg deck."
    ),
    out: Path = typer.Argument(..., metavar="OUT", help="The file to write, e.g. notes.apkg."),
    scope: list[str] = SCOPE,
    tag: str = TAG,
    under: str = UNDER,
    deck: str = typer.Option(None, "--deck", help="The deck's name (default: the vault's)."),
    json_out: bool = JSON,
) -> None:
    """Export the study cards as an Anki deck: `notes export anki notes.apkg`.

    Ids are stable, so importing a newer export into Anki updates the cards it has."""
    del format_name  # one format so far
    result = loaded(vault_dir(ctx)).export(out, scope or (), tag, under, deck)
    if json_out:
        output.print_json(views_cards.export_json(result))
    else:
        output.show(views_cards.export_view(result))
