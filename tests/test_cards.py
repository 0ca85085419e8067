"""Cards drawn from notes: every form read, what is not a card, masking, stable ids."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from notes_kb.model import Note
from notes_kb.parse.cards import Card, card_id, definition_cards, mask_terms, note_cards


def note(body: str, id_: str = "n1", title: str = "Attention") -> Note:
    """A note with this body, starting on line 1."""
    return Note(
        id=id_,
        title=title,
        fname="concepts.attention",
        path="concepts.attention.md",
        vault="v",
        desc="",
        tags=("llm",),
        created=None,
        updated=None,
        frontmatter={},
        source=body,
    )


def sides(cards: list[Card]) -> list[tuple[str, str, str, bool]]:
    """(kind, front, back, open) of each card."""
    return [(c.kind, c.front, c.back, c.open) for c in cards]


def test_question_heading_is_a_card_with_its_section() -> None:
    """`## What is X?` asks the heading and answers with the text under it."""
    body = "# Attention\n\n## What is attention?\n\nA weighted mix of values.\n\n## Other\n\nx\n"
    cards = note_cards(note(body))
    assert sides(cards) == [("question", "What is attention?", "A weighted mix of values.", False)]
    assert (cards[0].line, cards[0].context, cards[0].tags) == (3, "Attention", ("llm",))


def test_question_heading_answered_by_its_subsections() -> None:
    """A question whose answer sits in sub-sections takes them; one with nothing is open."""
    body = "## Why does it work?\n### Reason\nScaling.\n## What is left?\n"
    assert sides(note_cards(note(body))) == [
        ("question", "Why does it work?", "### Reason\nScaling.", False),
        ("question", "What is left?", "", True),
    ]


def test_a_question_answered_only_by_an_embed_is_no_card() -> None:
    """`## Why hierarchies?` over `![[faq#why]]` alone holds nothing to learn here."""
    body = "## Why hierarchies?\n\n![[Why?|faq#why]]\n\n## Why not?\nBecause.\n"
    assert sides(note_cards(note(body))) == [("question", "Why not?", "Because.", False)]


def test_questions_under_an_open_heading_are_open() -> None:
    """Under "Still open" a question is listed, not quizzed; under "Answered" it is a card."""
    body = (
        "# Questions\n## Still open\n### Is it deterministic?\nMaybe.\n"
        "## Answered\n### Is 0 greedy?\nYes.\n"
    )
    found = [(c.front, c.open, c.context) for c in note_cards(note(body, title="Questions"))]
    assert found == [
        ("Is it deterministic?", True, "Questions \u203a Still open"),
        ("Is 0 greedy?", False, "Questions \u203a Answered"),
    ]


def test_question_heading_in_code_is_not_a_card() -> None:
    """A `## ...?` line inside fenced or indented code, or a heading without `?`, is no card."""
    body = "```md\n## What is this?\nno\n```\n\n    ## Is this one?\n\n## Plain heading\ntext\n"
    assert note_cards(note(body)) == []


def test_tagged_question_item_with_sub_items() -> None:
    """A list item tagged #question asks its text; its sub-items answer; none: open."""
    body = (
        "- Why scale by sqrt(d)? #question\n  - keeps softmax out of saturation\n"
        "- Is RoPE better? #question\n- plain item\n"
    )
    assert sides(note_cards(note(body))) == [
        ("tagged-question", "Why scale by sqrt(d)?", "- keeps softmax out of saturation", False),
        ("tagged-question", "Is RoPE better?", "", True),
    ]


def test_tagged_question_line_answered_by_the_lines_after() -> None:
    """A line tagged #question is answered by the rest of its paragraph; `#questions`,
    `#question` in code and a mid-word hash are not the tag."""
    body = (
        "#question What does top-p keep?\nThe smallest set above p.\n\n"
        "A `#question` in code. #questions tag.\n"
    )
    assert sides(note_cards(note(body))) == [
        ("tagged-question", "What does top-p keep?", "The smallest set above p.", False)
    ]


def test_explicit_cards_one_and_both_directions() -> None:
    """`q::a` makes one card, `q:::a` two; code, emoji, URLs and C++ names make none."""
    body = (
        "Capital of France::Paris\n\n"
        "- KV cache ::: stored keys and values\n\n"
        "Use `a::b` here. We met :man_farmer::woman_farmer: today.\n\n"
        "std::vector holds items. See https://x.org/a::b for it.\n\n"
        "::: note\n\n```\nq::a\n```\n"
    )
    assert sides(note_cards(note(body))) == [
        ("basic", "Capital of France", "Paris", False),
        ("basic", "KV cache", "stored keys and values", False),
        ("reversed", "stored keys and values", "KV cache", False),
    ]


def test_multiline_card_with_a_question_mark_line() -> None:
    """Lines, a `?` line, lines: question and answer; `??` both ways; `?` in code: nothing."""
    body = (
        "What are the two phases\nof inference?\n?\nPrefill and decode.\n\n"
        "Greedy decoding\n??\nalways the most likely token\n\n"
        "```\nq\n?\na\n```\n"
    )
    assert sides(note_cards(note(body))) == [
        ("multiline", "What are the two phases\nof inference?", "Prefill and decode.", False),
        ("multiline", "Greedy decoding", "always the most likely token", False),
        ("multiline-reversed", "always the most likely token", "Greedy decoding", False),
    ]


def test_cloze_numbers_and_highlights() -> None:
    """Each `{{cN::...}}` number is a card (hint shown); each `==highlight==` is one; an
    arrow `a==>b==>c` and a highlight in code are not clozes."""
    body = (
        "{{c1::Attention}} mixes {{c2::values::what}} by weights.\n\n"
        "Top-p keeps ==the smallest set==.\n\n"
        "Capture==>Curate==>Create and `==x==`.\n"
    )
    assert sides(note_cards(note(body))) == [
        ("cloze", "[…] mixes values by weights.", "**Attention** mixes values by weights.", False),
        (
            "cloze",
            "Attention mixes [what] by weights.",
            "Attention mixes **values** by weights.",
            False,
        ),
        ("cloze", "Top-p keeps […].", "Top-p keeps **the smallest set**.", False),
    ]


def test_masking_uses_the_spelling_rules() -> None:
    """Plurals, case, hyphens and British spellings of every name are masked; other words
    that merely contain the term are not."""
    text = "Fine-tunings adapt a model; finetuning (or FT) is cheap. Tokenisation and retuning."
    assert (
        mask_terms(text, ["finetuning", "FT"])
        == "[…] adapt a model; […] (or […]) is cheap. Tokenisation and retuning."
    )
    assert mask_terms("Tokenisation splits text", ["tokenization"]) == "[…] splits text"


def test_definition_cards_both_ways() -> None:
    """A glossary entry: term → definition, and the masked definition → term with aliases."""
    made = definition_cards(
        "retrieval-augmented generation",
        ("retrieval-augmented generation", "RAG"),
        "RAG fetches documents and puts them in the prompt before generating",
        note("x"),
        12,
        "glossary-bullet",
    )
    assert sides(made) == [
        (
            "definition",
            "What is **retrieval-augmented generation**?",
            "RAG fetches documents and puts them in the prompt before generating",
            False,
        ),
        (
            "definition-reverse",
            "Which term is this?\n\n"
            "[…] fetches documents and puts them in the prompt before generating",
            "**retrieval-augmented generation** (also: RAG)",
            False,
        ),
    ]
    short = definition_cards(
        "LoRA", ("LoRA",), "low-rank adapters", note("x"), 1, "glossary-bullet"
    )
    assert [c.kind for c in short] == ["definition"]


def test_ids_are_stable_across_other_edits() -> None:
    """Editing other text, or the answer, keeps a card's id; its own words make a new id."""
    before = note_cards(note("Intro.\n\n## What is attention?\n\nA mix.\n"))
    after = note_cards(note("Longer intro.\n\nMore.\n\n## What is attention?\n\nA weighted mix.\n"))
    edited = note_cards(note("## What is self-attention?\n\nA mix.\n"))
    assert before[0].id == after[0].id == card_id("n1", "question", "what is attention?")
    assert edited[0].id != before[0].id
    assert note_cards(note("## What is attention?\nx\n", id_="n2"))[0].id != before[0].id


def test_repeated_cards_in_a_note_get_distinct_ids() -> None:
    """The same question twice in one note still gives two cards with two ids."""
    cards = note_cards(note("## Why?\na\n## Why?\nb\n"))
    assert len({c.id for c in cards}) == 2


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab ?:=#{}c1`\n-*>", max_size=120))
def test_card_extraction_never_fails(body: str) -> None:
    """Any text gives a list of cards with unique ids, never an error."""
    cards = note_cards(note(body))
    assert len({c.id for c in cards}) == len(cards)
    assert mask_terms(body, ["ab"]).count("ab") <= body.count("ab")


def test_a_question_answered_by_a_pointer_is_no_card() -> None:
    """`## How do I sync two machines?` over "See Using the vault across machines" sends
    the reader elsewhere: nothing to learn here."""
    body = "## How do I sync two machines?\n\nSee Using the vault across machines.\n"
    body += "\n## Why sync?\nSo both machines see the same notes.\n"
    assert sides(note_cards(note(body))) == [
        ("question", "Why sync?", "So both machines see the same notes.", False)
    ]


def test_a_question_whose_text_points_below_is_answered_by_its_subsections() -> None:
    """ "Logs are kept in the cases listed below." over short sub-sections takes them as the
    answer; over a whole page of them the question makes no card; its own answer stays."""
    short = "## When are logs kept?\n\nLogs are kept in the cases listed below.\n\n"
    short += "### On start\nThe load time.\n"
    assert sides(note_cards(note(short))) == [
        (
            "question",
            "When are logs kept?",
            "Logs are kept in the cases listed below.\n\n### On start\nThe load time.",
            False,
        )
    ]
    long = short + "### On exit\n" + "The session length and the commands run. " * 30
    assert sides(note_cards(note(long))) == []
    whole = "## When are logs kept?\n\nOn start and on exit, never while typing.\n"
    assert [c.back for c in note_cards(note(whole))] == [
        "On start and on exit, never while typing."
    ]


def test_a_definition_keeps_no_remains_of_its_separator() -> None:
    """`**Gate** -- controls how much ...` read as "- controls ..." is shown without the
    dash."""
    made = definition_cards(
        "Gate", ("Gate",), "- controls how much of the state is kept", note("x"), 1, "bold-lead"
    )
    assert made[0].back == "controls how much of the state is kept"
