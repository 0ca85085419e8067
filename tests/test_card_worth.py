"""Which glossary entries become flashcards: a program's fields, setup steps, answers cut
mid-sentence and pages about something else are not learnt from; definitions are."""

from __future__ import annotations

from notes_kb.config import locate
from notes_kb.index.load import load_vault
from notes_kb.model import Definition
from notes_kb.query.glossary import Entry, build_glossary
from notes_kb.review.deck import build_deck
from notes_kb.review.worth import cut_off, worth_a_card
from tests.conftest import VaultFactory


def entry(term: str, text: str, kind: str = "colon-bullet", score: float = 2.0) -> Entry:
    """An entry with one definition of this form."""
    found = Definition(term, text, "n", "n.md", 3, kind, score)
    return Entry(term, term.casefold(), (), (found,))


def test_a_term_written_as_code_makes_no_card() -> None:
    """`- `flavor`: ...` and `retryLimit` name a program's field; written in words, the same
    term is an idea worth a card."""
    text = "the character a chat model's replies take on, set by its system prompt"
    assert not worth_a_card(entry("flavor", text), f"- `flavor`: {text}")
    assert worth_a_card(entry("flavor", text), f"- **flavor**: {text}")
    assert not worth_a_card(entry("retryLimit", "how many times a request is tried again"))
    assert worth_a_card(entry("retry limit", "how many times a request is tried again, at most"))


def test_a_command_named_in_code_makes_no_card() -> None:
    """`The `Notes Sync: Pull` command ...` names a command, not a term "Notes Sync"."""
    line = "The `Notes Sync: Pull` command fetches the latest notes from the shared server."
    text = "Pull command fetches the latest notes from the shared server."
    assert not worth_a_card(entry("Notes Sync", text, "colon-line"), line)


def test_a_setup_step_makes_no_card() -> None:
    """`- Windows: Install the runtime through a version manager` is a step, not a term."""
    step = "Install the runtime through a version manager such as asdf"
    assert not worth_a_card(entry("Windows", step))
    assert worth_a_card(entry("Runtime", "the program that runs the code on the machine"))


def test_an_answer_cut_mid_sentence_makes_no_card() -> None:
    """An answer ending on a word that needs more, a word broken at a hyphen, one word of a
    new sentence or a link's remains is cut; a whole sentence, or a short one ending on a
    preposition ("what this token is looking for"), is not."""
    assert cut_off("a sequence of steps that also hands over a share of")
    assert cut_off("the total cost of nego-")
    assert cut_off("Markets are shared out,")
    assert cut_off("It rethinks how the two encoders are trained. By")
    assert cut_off("Get the runtime via a manager](https://example.org/manager)")
    assert not cut_off("what this token is looking for")
    assert not cut_off("the step size of gradient descent.")
    assert not cut_off("the information a token passes along when attended to")


def test_an_answer_that_stops_where_its_line_breaks_makes_no_card() -> None:
    """A hard-wrapped page: the definition ends with its line while the paragraph goes on
    below; a line followed by a new item, or a table row, is whole."""
    text = "agents that split a market between them"
    line = f"Collusion: {text}"
    assert cut_off(text, line, "and keep newcomers out of it.")
    assert not cut_off(text, line, "- Price fixing: agreeing on prices")
    assert not cut_off(text, line, "")
    assert not cut_off(text, f"| Collusion | {text} |", "| Cartel | a group |")
    assert not worth_a_card(entry("Collusion", text, "colon-line"), line, "and keep newcomers")


def test_a_note_named_for_a_term_must_open_with_it_as_subject() -> None:
    """`# Release Manager` opening "Acme is hiring a Release Manager to ..." is a job post;
    "The Release Manager is ..." and "In statistics, a p-value is ..." define."""
    hiring = "Acme is hiring a Release Manager to own the schedule of every launch."
    defines = "The Release Manager is the person who decides when a version ships and why."
    scene = "In statistics, a p-value is the chance of a result at least this extreme under H0."
    assert not worth_a_card(entry("Release Manager", hiring, "title-note"))
    assert worth_a_card(entry("Release Manager", defines, "title-note"))
    assert worth_a_card(entry("p-value", scene, "title-note"))
    named = "The Acme release manager is the person who decides when a version ships."
    assert worth_a_card(entry("release manager", named, "title-note"))


def test_one_definition_read_for_two_names_makes_one_pair_of_cards(
    make_vault: VaultFactory,
) -> None:
    """ "Sequence-to-sequence (seq2seq) refers to ..." under `# Seq2seq` is one definition,
    found for two names: it makes the cards of one of them, not two identical pairs."""
    vault = make_vault(
        {
            "seq2seq.md": "# Seq2seq\n\nSequence-to-sequence (seq2seq) refers to models that "
            "map an input sequence to an output sequence of another length.\n"
        }
    )
    loaded = load_vault(locate(vault))
    deck = build_deck(loaded, build_glossary(loaded.notes))
    assert [c.kind for c in deck] == ["definition", "definition-reverse"]


def test_a_settings_effect_or_an_events_trigger_makes_no_card() -> None:
    """ "When checked, show ..." and "when the panel is shown" say when something happens;
    "when the context is nearly full, summarise the oldest turns" still explains a term."""
    assert not worth_a_card(entry("Show Drafts", "When checked, show draft notes in the map"))
    assert not worth_a_card(entry("Panel Open", "when the side panel is shown"))
    compaction = "when the context is nearly full, summarise the oldest turns to free room"
    assert worth_a_card(entry("Compaction", compaction))


def test_a_snake_case_name_and_a_lead_into_a_list_make_no_card() -> None:
    """`NOTE_DIR` names a program's variable; "They have the following benefits" leads into
    a list the card does not hold."""
    assert not worth_a_card(entry("NOTE_DIR", "Any folder the notes are read from at start"))
    assert cut_off("Plain files are simple text. They have the following benefits")
