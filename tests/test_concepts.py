"""Which glossary entries and tags head a concept-index entry: the rules against generic
words, each on entries made by hand so that they test the index, not the extractor."""

from __future__ import annotations

from notes_kb.model import Definition
from notes_kb.parse.frontmatter import parse_note
from notes_kb.parse.keys import concept_key, irregular_plurals
from notes_kb.query.concepts import (
    build_index,
    concept_table,
    everyday_word,
    find_concept,
    ranked,
    worthy,
)
from notes_kb.query.glossary import Entry


def entry(
    term: str, kind: str = "glossary-bullet", score: float = 2.5, aliases: tuple[str, ...] = ()
) -> Entry:
    """A glossary entry defined once, in the form and with the score given."""
    definition = Definition(term, "what it is.", "a", "a.md", 1, kind, score)
    return Entry(term, concept_key(term), aliases, (definition,))


def terms(entries: list[Entry], tags: tuple[str, ...] = (), topics: tuple[str, ...] = ()) -> list:
    """The concepts' terms, `topics` written in a note of their own (`b.md`)."""
    written = [(topic, "b.md") for topic in topics]
    return [c.term for c in concept_table(entries, tags, written)[0].values()]


def test_everyday_english_words_are_told_from_terms() -> None:
    """The most frequent English words (and their plurals) are everyday; terms are not."""
    assert [everyday_word(w) for w in ("Text", "images", "support", "now", "should")] == [True] * 5
    assert [everyday_word(w) for w in ("token", "latency", "vault", "softmax", "Dendron")] == [
        False
    ] * 5


def test_an_everyday_word_defined_in_passing_is_no_entry() -> None:
    """`Documents` from a bullet is left out; `Latency`, no everyday word, stays."""
    entries = [entry("Documents"), entry("Latency"), entry("Now", "sentence", 1.6)]
    assert terms(entries) == ["Latency"]


def test_an_everyday_word_the_vault_makes_a_topic_stays() -> None:
    """A note title, a heading (numbered or not) or a tag named for the word keeps it."""
    entries = [entry("Attention"), entry("agent"), entry("Images"), entry("Support")]
    found = terms(entries, tags=("ml/support",), topics=("Agents", "09_Attention", "Pros"))
    assert found == ["Attention", "agent", "Support"]


def test_a_label_heading_makes_no_topic() -> None:
    """`## Pros` and `## Examples` are labels: they keep no everyday word in the index."""
    assert terms([entry("pros"), entry("Pro")], topics=("Pros", "Examples")) == []


def test_an_everyday_word_in_a_glossary_or_under_its_heading_stays() -> None:
    """A glossary of the author's (high score) or a heading form defining it keeps it."""
    entries = [entry("temperature", "glossary-bullet", 3.9), entry("search", "heading", 1.7)]
    assert terms(entries) == ["temperature", "search"]


def test_a_name_written_in_capitals_is_no_everyday_word() -> None:
    """`Http` whose definition wrote `HTTP`, and `attention` with a longer alias, stay."""
    written = Definition("HTTP", "a stateless protocol.", "b", "b.md", 3, "sentence", 1.9)
    http = entry("Http", "sentence", 1.2)
    http = Entry(http.term, http.key, (), (*http.definitions, written))
    attention = entry("attention", "sentence", 1.6, ("attention mechanism",))
    assert terms([http, attention]) == ["Http", "attention"]


def test_a_letter_and_a_digit_is_a_variable_not_a_concept() -> None:
    """`d1`, `x2`, `y_i`, `y^` name variables; `L2`, `F1`, `C4` and `A100` are names."""
    assert [worthy(n) for n in ("d1", "x2", "w12", "y_i", "p_i", "y^")] == [False] * 6
    assert [worthy(n) for n in ("L2", "F1", "C4", "A100", "t5-small")] == [True] * 5


def test_the_index_counts_no_mention_of_an_everyday_word_left_out() -> None:
    """End to end: the bullet's `Documents` is no entry, so its uses are no mentions."""
    notes = [
        parse_note(text, path)[0]
        for path, text in {
            "a.md": "# Retrieval\n\nDocuments are fetched. Latency matters.\n",
            "b.md": "Documents again, and latency again.\n",
        }.items()
    ]
    index = build_index(notes, [entry("Documents"), entry("Latency")])
    assert [(c.term, c.note_count, c.mention_count) for c in index] == [("Latency", 2, 2)]


def test_a_names_irregular_plural_is_a_mention() -> None:
    """`confusion matrices` mentions `Confusion matrix`, `stopping criteria` `Stopping
    criterion`, `local minima` `Local Minima` (keyed `localminimum`): plurals no suffix makes."""
    text = (
        "Two confusion matrices.\nA confusion matrix.\nStopping criteria differ.\n"
        "Local minima abound.\nA local minimum.\n"
    )
    names = [entry("Confusion matrix"), entry("Stopping criterion"), entry("Local Minima")]
    index = build_index([parse_note(text, "a.md")[0]], names)
    assert {c.term: [m.line for m in c.mentions] for c in index} == {
        "Confusion matrix": [1, 2],
        "Stopping criterion": [3],
        "Local Minima": [4, 5],
    }


def test_a_key_knows_the_plurals_no_suffix_makes() -> None:
    """`confusionmatrix` is written `confusion matrices`; `model` and `bias` take s and es."""
    assert irregular_plurals("confusionmatrix") == {"confusionmatrices"}
    assert irregular_plurals("model") == irregular_plurals("bias") == set()


def test_a_name_whose_capitals_tell_it_from_an_everyday_word_is_found_as_written() -> None:
    """`mAP` and `HEAD` are mentioned where written so, not in "maps" or "heads"; `RAG`,
    no everyday word in lowercase, is found in any case."""
    text = "mAP here.\nTwo mAPs.\nGating maps.\nA map.\nHEAD moved.\nHeads or tails.\nrag.\n"
    index = build_index([parse_note(text, "a.md")[0]], [entry("mAP"), entry("HEAD"), entry("RAG")])
    lines = {c.term: [m.line for m in c.mentions] for c in index}
    assert lines == {"mAP": [1, 2], "HEAD": [5], "RAG": [7]}


def test_a_name_is_judged_by_the_words_its_key_reads() -> None:
    """`main^` is the modifier `main` and `e.g.` the label `eg`: no entries; `C++` is one."""
    assert [worthy(n) for n in ("main^", "e.g.", "C++", "top-p")] == [False, False, True, True]


def test_a_pair_seen_together_again_outranks_one_chance_meeting() -> None:
    """`transformer` shares three sections with `softmax` (found in ten) and one with `alibi`
    (named once, in a long list): `softmax` is its closest relative."""
    sections = [
        *["transformer softmax"] * 3,
        "transformer alibi",
        *["softmax"] * 7,
        *["transformer"] * 3,
    ]
    text = "".join(f"## S{n}\n\n{words}\n\n" for n, words in enumerate(sections))
    notes = [parse_note(text, "a.md")[0]]
    entries = [entry("transformer"), entry("softmax"), entry("alibi")]
    transformer = find_concept(build_index(notes, entries), "transformer")
    assert transformer is not None
    assert transformer.related == [("softmax", 3), ("alibi", 1)]


def test_a_nested_tag_is_indexed_by_its_leaf() -> None:
    """`#ml/reinforcement-learning` is the concept "reinforcement-learning", not a path."""
    table, _ = concept_table([], ("ml/reinforcement-learning", "math.statistics", "rag"))
    assert [(c.term, c.names) for c in table.values()] == [
        ("reinforcement-learning", ("reinforcement-learning", "ml/reinforcement-learning")),
        ("statistics", ("statistics", "math.statistics")),
        ("rag", ("rag",)),
    ]


def test_a_name_of_its_own_outranks_an_everyday_phrase_used_as_widely() -> None:
    """Among concepts in as many notes and mentioned as often, a name with a word of its
    own comes before a phrase of everyday words ("existing data")."""
    table = concept_table([entry("existing data"), entry("Xception"), entry("more data")], ())[0]
    for concept in table.values():
        concept.counts = (3, 3) if concept.term == "more data" else (2, 3)
    assert [c.term for c in ranked(list(table.values()))] == [
        "more data",
        "Xception",
        "existing data",
    ]


def _notes(files: dict[str, str]) -> list:
    return [parse_note(text, path)[0] for path, text in files.items()]


def test_a_common_word_counts_only_where_a_note_uses_it_as_the_term() -> None:
    """`Power` (statistical power, defined in one list) is the term in the note that sets it
    apart, heads a section with it, opens a line on it or returns to it in one section; the
    everyday "computing power" elsewhere is no mention. `perplexity`, a rarer word, and
    `GPU`, written as a name, are mentions wherever they stand."""
    notes = _notes(
        {
            "stats.md": "# A/B tests\n\n- **Power**: the chance to catch a real effect.\n",
            "heading.md": "# Tests\n\n## Power\n\nWe want more of it.\n",
            "label.md": "- Power: 0.8 by convention\n",
            "again.md": "## Sizing\n\npower first.\nthen power again.\nand power once more.\n",
            "casual.md": "More computing power and a GPU. Perplexity fell.\n",
            "casual2.md": "Solar power.\nThe GPU and perplexity again.\n",
        }
    )
    index = build_index(notes, [entry("Power"), entry("perplexity"), entry("GPU")])
    counted = {c.term: sorted(c.notes) for c in index}
    assert counted["Power"] == ["again", "heading", "label", "stats"]
    assert counted["perplexity"] == counted["GPU"] == ["casual", "casual2"]


def test_a_common_word_counts_where_its_note_title_or_tag_names_it() -> None:
    notes = _notes(
        {
            "variable.md": "The variable we measure.\n",
            "tagged.md": "---\ntags: [variable]\n---\nWhat we measure: a variable.\n",
            "other.md": "A variable number of items.\n",
        }
    )
    index = build_index(notes, [entry("Variable"), entry("Power")])
    counted = {c.term: sorted(c.notes) for c in index}
    assert counted == {"Variable": ["tagged", "variable"]}


def test_a_common_word_and_a_longer_name_on_one_line_are_both_found() -> None:
    """ "attention" inside `Attention kernels` is that concept's; "exact attention" on the
    same line is a loose use of `Attention`, no mention in a note not about it."""
    notes = _notes({"a.md": "- **Attention kernels** - exact attention, fast.\n"})
    index = build_index(notes, [entry("Attention"), entry("Attention kernels")])
    assert {c.term: c.note_count for c in index} == {"Attention kernels": 1}  # ranked(): no 0


def test_a_common_word_in_capitals_is_found_only_as_written() -> None:
    """A heading shouting `VARIABLES` names the word as written; "variables" in lowercase is
    the loose `Variables`, counted only where used as the term."""
    _, lookup = concept_table([entry("Variables", aliases=("VARIABLES",))], (), ())
    assert lookup == {"~variable": "variable", "=VARIABLES": "variable"}


def test_an_identifier_of_everyday_words_is_no_concept() -> None:
    """`FOR_EACH` and `depends_on` are code: "for each" and "depends on" in prose are not
    their mentions; `max_tokens`, of a word of its own, stays."""
    notes = _notes({"a.md": "For each item it depends on the max tokens.\n"})
    index = build_index(notes, [entry("FOR_EACH"), entry("depends_on"), entry("max_tokens")])
    assert [c.term for c in index] == ["max_tokens"]


def test_a_heading_of_the_authors_template_is_no_concept() -> None:
    """`Origin of Thought`, defined by the text under its heading and written as a heading
    in four notes, heads a section of the author's template: no entry. Under a heading in
    three notes, or defined otherwise too, it stays."""
    heading = entry("Origin of Thought", kind="heading", score=1.7)
    assert terms([heading], topics=("Origin of Thought",) * 4) == []
    assert terms([heading], topics=("Origin of Thought",) * 3) == ["Origin of Thought"]
    twice = Entry(
        heading.term,
        heading.key,
        (),
        (*heading.definitions, *entry("Origin of Thought").definitions),
    )
    assert terms([twice], topics=("Origin of Thought",) * 4) == ["Origin of Thought"]


def test_a_heading_in_many_notes_defined_in_one_is_a_templates_section() -> None:
    """`## Deep Dive` in ten notes or more, defined by one note (the template's own), heads a
    section of the author's template however it is defined; a concept with a note of its
    own stays, and so does one defined in a fifth as many notes as it heads."""
    deep = entry("Deep Dive", kind="bold-lead")
    assert terms([deep], topics=("Deep Dive",) * 10) == []
    assert terms([deep], topics=("Deep Dive",) * 9) == ["Deep Dive"]
    owned = entry("Schemas", kind="title-note")
    assert terms([owned], topics=("Schemas",) * 30) == ["Schemas"]
    spread = Entry(
        "Retrieval",
        concept_key("Retrieval"),
        (),
        tuple(
            Definition("Retrieval", "finding passages.", f"n{i}", f"n{i}.md", 1, "bold-lead", 2.5)
            for i in range(3)
        ),
    )
    assert terms([spread], topics=("Retrieval",) * 10) == ["Retrieval"]


def test_a_bare_address_is_no_mention() -> None:
    """`https://medium.com/data-contract-101` names neither `HTTP` nor `data contract`."""
    notes = _notes({"a.md": "https://medium.com/data-contract-101\n\nA data contract.\n"})
    index = build_index(notes, [entry("Http"), entry("data contract")])
    assert [(c.term, [m.line for m in c.mentions]) for c in index] == [("data contract", [3])]


def test_an_entry_named_by_a_generic_word_is_shown_by_its_other_name() -> None:
    """`model`, a generic word, with the alias `ML`: the entry is indexed (and shown) as
    `ML`, the one name it is mentioned by; `ZeRO-1`, no plain word, keeps its own name."""
    entries = [entry("model", aliases=("ML",)), entry("ZeRO-1", aliases=("stage one",))]
    assert terms(entries) == ["ML", "ZeRO-1"]
    table = concept_table(entries, ())[0]
    assert [c.names for c in table.values()] == [("ML", "model"), ("ZeRO-1", "stage one")]


def test_a_word_of_the_15000_commonest_counts_only_where_used_as_the_term() -> None:
    """`parameters` and `vector` (Zipf 3.5 to 4: about the 15,000 commonest English words)
    are the term in a note titled by them, not in "a 7B parameters model" or "a vector of
    counts" said in passing; `perplexity`, rarer, counts wherever it stands."""
    notes = _notes(
        {
            "params.md": "# Parameters\n\nThe weights we learn.\n",
            "llama.md": "# Llama\n\nA 7B parameters model; a vector of counts. Perplexity.\n",
        }
    )
    entries = [entry("parameters"), entry("vector"), entry("perplexity")]
    counted = {c.term: sorted(c.notes) for c in build_index(notes, entries)}
    assert counted == {"parameters": ["params"], "perplexity": ["llama"], "vector": []}


def test_a_longer_name_in_a_heading_or_title_is_no_use_of_its_first_word() -> None:
    """A heading, title or bold span names the word it ends on ("### Sparse vectors"):
    `Vector Databases`, "## Vector search and ranking" or "**initialization of vectors**"
    name something else than `vector`, and a sentence set in bold names nothing."""
    notes = _notes(
        {
            "databases.md": "# Vector Databases\n\nThey store each vector.\n",
            "heading.md": "# Search\n\n## Vector search and ranking\n\nBoxes.\n",
            "bold.md": "As we said, **the encoder gives each text a vector**.\n",
            "sparse.md": "# Retrieval\n\n### Sparse vectors\n\nMostly zeros.\n",
            "of.md": "- **initialization of vectors**: zeros.\n",
        }
    )
    counted = {c.term: sorted(c.notes) for c in build_index(notes, [entry("vector")])}
    assert counted == {"vector": ["sparse"]}


def test_a_word_said_three_times_in_a_long_list_is_no_topic_of_it() -> None:
    """A section returning to a common word on three of its lines is about it ("again.md");
    three passing uses among twenty lines of a long list are not."""
    items = [f"- item {n} about something else\n" for n in range(17)]
    uses = ["- a vector here\n", "- a vector there\n", "- and a vector once more\n"]
    notes = _notes(
        {
            "again.md": "## Sizing\n\nA vector first.\nThen a vector again.\nA vector once more.\n",
            "list.md": "## Notes\n\n" + "".join(uses[:1] + items + uses[1:]),
        }
    )
    counted = {c.term: sorted(c.notes) for c in build_index(notes, [entry("vector")])}
    assert counted == {"vector": ["again"]}


def test_an_everyday_chinese_word_counts_only_where_used_as_the_term() -> None:
    """`参数` (parameters), an everyday Chinese word the vault makes a topic, is the term in
    the note titled by it and under a heading that ends on it (模型参数, the model's
    parameters); not in "这个模型有很多参数" said in passing, nor under 参数设置 (settings)."""
    notes = _notes(
        {
            "params.md": "# 参数\n\n参数是模型学到的权重。\n",
            "model.md": "# 模型\n\n这个模型有很多参数。\n",
            "settings.md": "# 训练\n\n## 参数设置\n\n学习率。\n",
            "weights.md": "# 权重\n\n## 模型参数\n\n权重。\n",
        }
    )
    counted = {c.term: sorted(c.notes) for c in build_index(notes, [entry("参数")])}
    assert counted == {"参数": ["params", "weights"]}
