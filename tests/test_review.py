"""Scheduling and the review log: FSRS intervals, atomic appends, damaged lines, carry-over."""

from __future__ import annotations

import itertools
import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from notes_kb.config import locate
from notes_kb.index.load import load_vault
from notes_kb.query.glossary import build_glossary
from notes_kb.review.log import Event, append, log_path, read_log
from notes_kb.review.schedule import day_end, standings
from notes_kb.review.study import Session, open_study
from tests.conftest import VaultFactory

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
VAULT = {
    "concepts.attention.md": (
        "# Attention\n\n## What is attention?\n\nA weighted mix of values.\n\n"
        "## Why scale?\n\nTo keep softmax soft.\n\nKV cache::stored keys and values\n"
    ),
    "questions.md": "# Questions\n\n## Still open\n\n### Is RoPE best?\n\nNo idea.\n",
}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def study_of(vault: Path, clock: Clock):  # type: ignore[no-untyped-def]
    """The vault's study, read from the files (no cache)."""
    loaded = load_vault(locate(vault))
    return open_study(loaded, build_glossary(loaded.notes), clock=clock)


def test_good_answers_make_intervals_grow(make_vault: VaultFactory) -> None:
    """Rated Good each time it falls due, a card's next interval keeps growing."""
    clock = Clock(T0)
    vault = make_vault(VAULT)
    intervals = []
    for _ in range(6):
        study = study_of(vault, clock)
        card = next(s for s in study.cards if s.card.front == "What is attention?")
        rated = study.rate(card, 3)
        assert rated.due is not None
        intervals.append(rated.due - clock.now)
        clock.now = rated.due + timedelta(minutes=1)
    assert intervals[0] == timedelta(minutes=10)  # the learning step
    assert all(b > a for a, b in itertools.pairwise(intervals))
    assert intervals[-1] > timedelta(days=30)


def test_reviews_land_in_the_vault_log_and_are_read_back(make_vault: VaultFactory) -> None:
    """A rating is one JSON line in .notes-kb/reviews.jsonl; the next run sees it."""
    clock = Clock(T0)
    vault = make_vault(VAULT)
    study = study_of(vault, clock)
    card = study.new()[0]
    study.rate(card, 4, ms=1500)
    lines = (vault / ".notes-kb" / "reviews.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            "v": 1,
            "at": "2026-03-02T09:00:00.000Z",
            "card": card.card.id,
            "action": "review",
            "note": "concepts.attention",
            "kind": "question",
            "anchor": "what is attention?",
            "rating": 4,
            "ms": 1500,
        }
    ]
    again = study_of(vault, clock)
    assert [s.state for s in again.cards if s.card.id == card.card.id] == ["review"]


def test_concurrent_appends_lose_nothing(tmp_path: Path) -> None:
    """Two writers appending at once: every line lands whole."""
    path = tmp_path / "log" / "reviews.jsonl"

    def write(name: str) -> None:
        for number in range(200):
            append(path, Event(T0, f"{name}{number}", "review", anchor="x" * 300, rating=3))

    threads = [threading.Thread(target=write, args=(name,)) for name in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    events, problems = read_log(path)
    assert problems == []
    assert sorted(e.card for e in events) == sorted(f"{n}{i}" for n in "ab" for i in range(200))


def test_a_damaged_line_is_reported_and_skipped(tmp_path: Path) -> None:
    """A line that is not JSON, or has a bad rating, is a warning; the others are read, and
    a line cut short by a crash never swallows the next review."""
    path = tmp_path / "reviews.jsonl"
    good = Event(T0, "c1", "review", rating=3).to_json()
    bad = good.replace('"rating":3', '"rating":9')
    path.write_text(f"{good}\nnot json\n{bad}\n{good[:30]}", encoding="utf-8")
    append(path, Event(T0, "c2", "review", rating=1))
    events, problems = read_log(path)
    assert [e.card for e in events] == ["c1", "c2"]
    assert [(p.line, p.code, p.severity) for p in problems] == [
        (2, "review-log", "warning"),
        (3, "review-log", "warning"),
        (4, "review-log", "warning"),
    ]


def test_the_log_path_is_a_setting(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`review_log` in the vault's notes.toml (or NOTES_REVIEW_LOG) moves the log; the
    value `user-data` puts it in the user's data folder."""
    vault = make_vault({"notes.toml": 'review_log = "study/log.jsonl"\n', "a.md": "# A\n"})
    assert log_path(vault) == vault / "study" / "log.jsonl"
    monkeypatch.setenv("NOTES_REVIEW_LOG", str(vault / "elsewhere.jsonl"))
    assert log_path(vault) == vault / "elsewhere.jsonl"
    monkeypatch.setenv("NOTES_REVIEW_LOG", "user-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(vault.parent / "data"))
    found = log_path(vault)
    assert found.parent == vault.parent / "data" / "notes-kb" / "reviews"
    assert found.name.startswith("vault-") and found.suffix == ".jsonl"


def test_an_unwritable_log_is_one_error(tmp_path: Path) -> None:
    """A log that cannot be written is a NotesError naming it, never a traceback."""
    from notes_kb.errors import NotesError

    (tmp_path / "file").write_text("x")
    with pytest.raises(NotesError, match="cannot write the review log"):
        append(tmp_path / "file" / "reviews.jsonl", Event(T0, "c", "review", rating=3))


def test_a_small_edit_carries_history_over(make_vault: VaultFactory) -> None:
    """Rewording a question slightly keeps its reviews; rewriting it starts afresh."""
    clock = Clock(T0)
    vault = make_vault(VAULT)
    study = study_of(vault, clock)
    card = next(s for s in study.cards if s.card.front == "What is attention?")
    study.rate(card, 3)
    page = vault / "concepts.attention.md"
    page.write_text(page.read_text().replace("What is attention?", "What is attention, then?"))
    edited = next(s for s in study_of(vault, clock).cards if s.card.kind == "question")
    assert (edited.card.id != card.card.id, edited.reviews) == (True, 1)
    page.write_text(page.read_text().replace("What is attention, then?", "How do heads differ?"))
    rewritten = next(s for s in study_of(vault, clock).cards if s.card.kind == "question")
    assert rewritten.reviews == 0


def test_session_order_suspend_bury_and_open_questions(make_vault: VaultFactory) -> None:
    """A session offers new cards in note order, not open questions; suspend and bury take
    a card out (bury until tomorrow); Again brings a card back within the session."""
    clock = Clock(T0)
    vault = make_vault(VAULT)
    study = study_of(vault, clock)
    assert [s.card.front for s in study.open_questions()] == ["Is RoPE best?"]
    session = Session.start(study, new=10)
    fronts = [s.card.front for s in session.queue]
    assert fronts == ["What is attention?", "Why scale?", "KV cache"]
    assert session.counts() == (0, 3, 3)
    session.answer(1)
    session.suspend()
    session.bury()
    assert [s.card.front for s in session.queue] == ["What is attention?"]
    assert session.counts() == (1, 0, 1)
    later = study_of(vault, clock)
    assert [s.card.front for s in later.suspended()] == ["Why scale?"]
    assert [s.card.front for s in later.new()] == []
    clock.now = day_end(T0) + timedelta(hours=1)
    assert [s.card.front for s in study_of(vault, clock).new()] == ["KV cache"]


def test_new_cards_a_day_are_limited(make_vault: VaultFactory) -> None:
    """`--new 1`: one new card a day, counting the ones already learnt today."""
    clock = Clock(T0)
    vault = make_vault(VAULT)
    first = Session.start(study_of(vault, clock), new=1)
    assert first.counts() == (0, 1, 1)
    first.answer(4)
    assert Session.start(study_of(vault, clock), new=1).counts() == (0, 0, 0)


def test_standings_replay_in_time_order() -> None:
    """Events from two sessions, written out of order, replay by time."""
    from notes_kb.parse.cards import Card

    card = Card("c", "basic", "q", "a", "n", "n.md", 1, "q")
    events = [
        Event(T0 + timedelta(days=1), "c", "review", rating=3),
        Event(T0, "c", "review", rating=3),
    ]
    (standing,) = standings([card], events, day_end(T0))
    assert (standing.reviews, standing.last_review) == (2, T0 + timedelta(days=1))


def test_the_deck_takes_only_sure_definitions(make_vault: VaultFactory) -> None:
    """Glossary bullets and a note opening with its term become cards; a page whose opening
    does not name it, an example echoed back and an explicit card's line do not; a reverse
    card's context never names the term."""
    from notes_kb.review.deck import build_deck

    vault = make_vault(
        {
            "glossary.md": (
                "# Glossary\n\n- **KV cache**: stored keys and values of previous tokens, reused "
                "at each step.\n- **python**: items that include python\n"
                "- Top-p :: sampling from the smallest set above p\n"
            ),
            "perplexity.md": "# Perplexity\n\nPerplexity is the exponential of the cross-entropy "
            "of a model on a text; lower is less surprised.\n",
            "spread.md": "# Spread the Word\n\nIf this has been useful, tell your friends "
            "about it and help the project grow.\n",
        }
    )
    loaded = load_vault(locate(vault))
    deck = build_deck(loaded, build_glossary(loaded.notes))
    found = [(c.kind, c.front.split("\n")[-1][:24], c.context) for c in deck]
    assert found == [
        ("basic", "Top-p", "Glossary"),
        ("definition", "What is **KV cache**?", "Glossary"),
        ("definition-reverse", "stored keys and values o", "Glossary"),
        ("definition", "What is **Perplexity**?", "Perplexity"),
        ("definition-reverse", "[…] is the exponential o", "[…]"),
    ]


def test_a_definition_the_extractor_is_unsure_of_makes_no_card() -> None:
    """A definition kept by the glossary at a low score (a list item, a changelog line)
    is not learnt from: only definitions scoring CARD_SCORE or more become cards."""
    from notes_kb.model import Definition
    from notes_kb.query.glossary import Entry
    from notes_kb.review.worth import CARD_SCORE, worth_a_card

    def entry(score: float) -> Entry:
        text = "a way of quickly getting your thoughts down for the day, in a few words."
        found = Definition("Bullet journal", text, "n", "n.md", 3, "colon-bullet", score)
        return Entry("Bullet journal", "bulletjournal", (), (found,))

    assert worth_a_card(entry(CARD_SCORE)) and worth_a_card(entry(2.5))
    assert not worth_a_card(entry(1.3))


def test_a_logged_fields_description_makes_no_card() -> None:
    """`- publish: What publish command was used (e.g. init, build)` documents a logged
    field; "throughput: how many tokens ... per second" still defines a term."""
    from notes_kb.model import Definition
    from notes_kb.query.glossary import Entry
    from notes_kb.review.worth import worth_a_card

    def entry(term: str, text: str) -> Entry:
        found = Definition(term, text, "n", "n.md", 3, "colon-bullet", 2.0)
        return Entry(term, term.lower(), (), (found,))

    assert not worth_a_card(entry("publish", "What publish command was used (e.g. init, build)"))
    assert worth_a_card(
        entry("throughput", "how many tokens a system serves per second, all users")
    )


def test_a_definition_that_judges_its_subject_makes_no_card() -> None:
    """`**Task management** is one of the most used things ...` judges; it does not define."""
    from notes_kb.model import Definition
    from notes_kb.query.glossary import Entry
    from notes_kb.review.worth import worth_a_card

    text = "Task management is one of the most used things inside the editor today."
    found = Definition("Task management", text, "n", "n.md", 3, "bold-lead", 2.7)
    assert not worth_a_card(Entry("Task management", "taskmanagement", (), (found,)))
    text = "Renaming is just one of the many ways you can refactor your knowledge base."
    found = Definition("Renaming", text, "n", "n.md", 3, "bold-lead", 2.7)
    assert not worth_a_card(Entry("Renaming", "renaming", (), (found,)))
