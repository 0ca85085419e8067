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


def test_an_answer_that_points_to_text_around_it_makes_no_card() -> None:
    """ "not covered by the aforementioned kinds", "the following is left out" and "as
    described below" lean on text the card does not hold; a list given inline after "the
    following:" is whole."""
    assert not worth_a_card(
        entry("Misc filters", "filters not covered by the aforementioned kinds")
    )
    assert not worth_a_card(entry("quick", "in quick mode the following is left out"))
    assert not worth_a_card(entry("Sampling", "Tokens are drawn in the ways described below."))
    inline = "a run that applies the following: tokenising, batching and packing the corpus"
    assert worth_a_card(entry("Preprocessing", inline))


def test_a_citation_or_a_pointer_into_code_makes_no_card() -> None:
    """A reference-list entry ("... arXiv preprint arXiv:2101.00001") and a function or
    source file (`loop()` in `agent.ts`) are not ideas to learn; the same idea in words is."""
    cite = "A walking robot that learns from video. arXiv preprint arXiv:2101.00001, 2021."
    assert not worth_a_card(entry("Strider", cite))
    assert not worth_a_card(entry("Main loop", "the runLoop() generator in agent.ts"))
    loop = "the cycle of calling the model, running the tools it asks for, and calling it again"
    assert worth_a_card(entry("Main loop", loop))


def test_an_option_in_a_programs_schema_makes_no_card() -> None:
    """`- desc: where the export is written` above `- type: string` documents an option;
    a field called description above prose is a term's field."""
    text = "where the export is written"
    assert not worth_a_card(entry("target", text, "field"), f"  - desc: {text}", "  - type: path")
    prose = "a reading-comprehension dataset of questions about encyclopedia articles"
    assert worth_a_card(entry("QuizSet", prose, "field"), f"- description: {prose}", "")


def test_a_selector_or_flag_in_code_and_a_joined_option_name_make_no_card() -> None:
    """`.parent` and `--resume` are the term with a sigil, written as code; `NotesInFolder`
    joins words into an option's name. `PagedAttention` is a name worth learning."""
    text = "Every node that has children below it in the tree"
    assert not worth_a_card(entry("parent", text, "table"), f"| `.parent` | {text} |")
    assert worth_a_card(entry("parent", text, "table"), f"| parent | {text} |")
    resume = "rebuilds the conversation by replaying the saved transcript of it"
    assert not worth_a_card(
        entry("Resume", resume, "bold-lead"), f"**Resume** (`--resume`): {resume}"
    )
    assert not worth_a_card(entry("NotesInFolder", "exports every note kept in the chosen folder"))
    paged = "keeps the KV cache in fixed-size blocks, like pages of virtual memory"
    assert worth_a_card(entry("PagedAttention", paged))


def test_a_linked_products_blurb_makes_no_card() -> None:
    """`- [Name](https://...): Do more with ...` advertises a tool; a linked term whose text
    says what it is ("a library that ...") still defines it."""
    blurb = "Do more with the tables in your notes"
    line = f"- [Table Helper](https://example.org/table-helper): {blurb}"
    assert not worth_a_card(entry("Table Helper", blurb), line)
    said = "a library that chains model calls, tools and retrievers into one pipeline"
    line = f"- [ChainKit](https://example.org/chainkit): {said}"
    assert worth_a_card(entry("ChainKit", said), line)


def test_where_a_term_is_used_a_contrast_or_a_property_makes_no_card() -> None:
    """ "Used at training and at inference", "While X is ..., it can ..." and "are
    compatible with anything" do not say what the term is; "used to measure" and "is
    responsible for" do."""
    assert not worth_a_card(entry("Draft heads", "Used at both training and inference time"))
    assert not worth_a_card(entry("store", "used by the editor to keep its remote folders"))
    contrast = "While SVD is mostly used on tables, it can also compress a sequence of frames."
    assert not worth_a_card(entry("SVD", contrast))
    prop = "Plain notes are compatible with any program that reads text."
    assert not worth_a_card(entry("Plain notes", prop, "sentence"))
    measure = "used to measure how far a predicted distribution is from the true one"
    assert worth_a_card(entry("Cross-entropy", measure))
    role = "The router is responsible for sending each token to two of the experts."
    assert worth_a_card(entry("router", role, "sentence"))


def test_half_a_word_broken_at_a_hyphen_makes_no_card() -> None:
    """`ment: A survey of ...` after a line ending "measure-" is the tail of a broken word;
    the same line after a whole line is a term."""
    line = "ment: A survey of methods for rating trust."
    assert not worth_a_card(
        entry("ment", "A survey of methods for rating trust."), line, "", "trust measure-"
    )
    assert worth_a_card(
        entry("ment", "A survey of methods for rating trust."), line, "", "trust measure"
    )


def test_the_term_said_again_with_little_more_makes_no_card() -> None:
    """ "Growth related project work" says the term again and little more; an acronym's
    expansion with a few words ("time per output token after the first") says what it is."""
    assert not worth_a_card(entry("Growth", "Growth related project work", "title-note"))
    text = "time per output token after the first"
    found = Definition("TPOT", text, "n", "n.md", 3, "glossary-bullet", 2.0)
    tpot = Entry("TPOT", "tpot", ("time per output token",), (found,))
    assert worth_a_card(tpot)


def test_an_answer_naming_a_value_set_elsewhere_makes_no_card() -> None:
    """ "Nodes naming any of these strings are hidden" needs the strings the setting holds;
    "nodes whose names hold a given string" does not."""
    assert not worth_a_card(entry("Hide list", "Nodes naming any of these strings are hidden"))
    said = "the nodes whose names hold a string the user gives, left out of the map"
    assert worth_a_card(entry("Hide list", said))


def test_a_question_that_calls_the_reader_to_act_makes_no_card(
    make_vault: VaultFactory,
) -> None:
    """ "## How can you help?" over ways to contribute invites, it teaches nothing; a "how
    can X help" question about an idea is a card."""
    vault = make_vault(
        {
            "roadmap.md": "# Roadmap\n\n## How can you help?\n\nFile bugs and send fixes.\n\n"
            "## How can caching help long prompts?\n\nIt keeps the prefix's keys and values "
            "so the model does not compute them again.\n"
        }
    )
    loaded = load_vault(locate(vault))
    deck = build_deck(loaded, build_glossary(loaded.notes))
    assert [c.front for c in deck if c.kind == "question"] == ["How can caching help long prompts?"]
