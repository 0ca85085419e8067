"""Merging definitions into one entry per concept, and the concept index."""

from __future__ import annotations

from pathlib import Path

import pytest

from notes_kb.parse.frontmatter import parse_note
from notes_kb.query.concepts import build_index, find_concept
from notes_kb.query.glossary import build_glossary, concept_key, find_entry


def notes_from(files: dict[str, str]) -> list:
    return [parse_note(text, path)[0] for path, text in files.items()]


def test_concept_key_folds_case_plural_hyphen_and_space() -> None:
    """fine-tuning, Fine tuning and finetunings are one concept; diacritics fold too."""
    keys = {concept_key(t) for t in ("fine-tuning", "Fine tuning", "finetunings", "FINETUNING")}
    assert keys == {"finetuning"}
    assert concept_key("naïve Bayes") == concept_key("naive bayes")
    assert concept_key("LLMs") == concept_key("LLM") == "llm"


@pytest.mark.parametrize(
    ("one", "other"),
    [("bias", "biases"), ("alias", "aliases"), ("lens", "lenses"), ("focus", "focuses"),
     ("echo", "echoes"), ("matrix", "matrices"), ("analysis", "analyses")],
)  # fmt: skip
def test_a_singular_ending_in_s_and_its_plural_are_one_key(one: str, other: str) -> None:
    """`bias` is no plural: it and `biases` are one concept (inflect cuts `bias` to `bia`
    and `analysis` to `analysi`: benchmarks/compare_singular.py)."""
    assert concept_key(one) == concept_key(other) == one


def test_a_word_ending_in_s_is_not_taken_for_another_words_plural() -> None:
    assert concept_key("news") != concept_key("new")
    assert concept_key("odds") != concept_key("odd")


def test_variants_across_notes_merge_into_one_entry() -> None:
    """Case, plural, hyphen and a one-letter typo become one entry with aliases."""
    entries = build_glossary(
        notes_from(
            {
                "a.md": "- *fine-tuning*: training a trained model further on targeted data.\n",
                "b.md": "- *finetuning*: continuing training on a narrow dataset.\n",
                "c.md": "- *Finetunning*: adapting weights to a task with more training.\n",
                "d.md": "- *embeddings*: vectors that place similar items close together.\n",
                "e.md": "- *Embedding*: a learned vector for a token or a text.\n",
            }
        )
    )
    assert [(e.term, e.aliases) for e in entries] == [
        ("Embedding", ("embeddings",)),  # a tie goes to the shorter, singular spelling
        ("finetuning", ("fine-tuning", "Finetunning")),
    ]
    assert [d.path for d in entries[1].definitions] == ["a.md", "b.md", "c.md"]


def test_two_letters_swapped_in_a_long_word_are_one_entry_when_defined_alike() -> None:
    """`Multivariate Guassian` for `Multivariate Gaussian` (two neighbours swapped, one
    edit) joins it when the definitions agree; the same slip under another meaning stays
    apart."""
    entries = build_glossary(
        notes_from(
            {
                "a.md": "- *multivariate Gaussian*: a normal density over vectors, with a "
                "mean vector and a covariance matrix.\n",
                "b.md": "- *Multivariate Guassian*: the normal density over vectors, set by "
                "its mean vector and covariance matrix.\n",
                "c.md": "- *mixture model*: a weighted sum of several component densities.\n",
                "d.md": "- *mixtrue model*: the brand of blender in the lab kitchen upstairs.\n",
            }
        )
    )
    assert sorted(sorted(e.names) for e in entries) == [
        ["Multivariate Guassian", "multivariate Gaussian"],
        ["mixtrue model"],
        ["mixture model"],
    ]


def test_acronym_and_expansion_are_one_entry() -> None:
    """RAG defined in one note and its expansion in another form one entry."""
    entries = build_glossary(
        notes_from(
            {
                "rag.md": "Retrieval-augmented generation (RAG) is a pattern that fetches "
                "documents before the model answers.\n",
                "gloss.md": "## Glossary\n\n- RAG: putting retrieved text into the prompt.\n",
            }
        )
    )
    assert len(entries) == 1
    entry = entries[0]
    assert {entry.term, *entry.aliases} == {"Retrieval-augmented generation", "RAG"}
    assert find_entry(entries, "rag") is entry
    assert find_entry(entries, "retrieval augmented generation") is entry


def test_explicit_glossary_forms_rank_before_prose() -> None:
    """A glossary bullet outranks a prose sentence; one definition per note."""
    entries = build_glossary(
        notes_from(
            {
                "a.md": "A token is the unit a tokenizer produces from text.\n",
                "b.md": "- *token*: one entry of the vocabulary.\n\n"
                "A token is also a thing we count.\n",
            }
        )
    )
    (entry,) = entries
    assert [(d.path, d.kind) for d in entry.definitions] == [
        ("b.md", "glossary-bullet"),
        ("a.md", "sentence"),
    ]


def test_the_note_about_a_term_outranks_passing_bold_leads() -> None:
    """The parameters note defines parameters better than a bullet in another chapter."""
    entries = build_glossary(
        notes_from(
            {
                "chapter.md": "- **Parameters** - capacity to learn, roughly.\n",
                "concepts.parameters.md": "---\ntitle: Parameters\n---\nParameters are the learned "
                "numbers inside a model.\n",
            }
        )
    )
    (entry,) = entries
    assert entry.definitions[0].path == "concepts.parameters.md"


def test_the_opening_of_the_note_about_a_term_outranks_a_bullet_in_another_note() -> None:
    """A bullet "- **A/B Testing**: Send 5% of traffic ..." in a note on drift is a point; the
    note about A/B testing says what it is first. A glossary note's bullet still leads."""
    files = {
        "drift/Concept Drift.md": "# Concept Drift\n\n**Concept Drift** occurs when the relation "
        "between inputs and labels changes over time.\n\n## Decomposition\n\n"
        "- **Concept Drift**: Change in P(Y|X). (The mapping changes).\n\n## Strategy\n\n"
        "- **A/B Testing**: Send 5% of traffic to the new model, then roll out.\n",
        "mlops/A B Testing.md": "# A/B Testing (Online Experimentation)\n\nA/B Testing is a "
        "randomised experiment that compares two variants on live traffic.\n",
    }
    entries = build_glossary(notes_from(files))
    ab = find_entry(entries, "A/B Testing")
    drift = find_entry(entries, "concept drift")
    assert ab is not None and drift is not None
    assert [d.path for d in ab.definitions] == ["mlops/A B Testing.md", "drift/Concept Drift.md"]
    assert [(d.kind, d.line) for d in drift.definitions] == [("bold-lead", 3)]
    files["Glossary.md"] = "- **A/B Testing**: two variants of a product shown to random halves.\n"
    ab = find_entry(build_glossary(notes_from(files)), "A/B Testing")
    assert ab is not None and ab.definitions[0].path == "Glossary.md"


def test_a_weak_form_in_the_note_about_a_term_comes_after_a_definition_elsewhere() -> None:
    """The note named for SQLite only mentions it in running prose (a note-subject); a
    sentence elsewhere that defines it leads the entry (and makes its flashcard)."""
    entries = build_glossary(
        notes_from(
            {
                "topic.sqlite.md": "---\ntitle: SQLite\n---\nI set this up last week.\n\n"
                "Dendron can keep its metadata in a SQLite file instead of memory. Switching to "
                "SQLite needs one flag.\n",
                "reading.md": "SQLite is an embedded database engine that keeps a whole "
                "database in one file.\n",
            }
        )
    )
    (entry,) = entries
    assert [d.kind for d in entry.definitions] == ["sentence", "note-subject"]


def test_acronym_pair_without_any_definition_is_not_an_entry() -> None:
    """Seeing `large language model (LLM)` alone defines nothing."""
    assert build_glossary(notes_from({"a.md": "We used a large language model (LLM).\n"})) == []


def test_concept_index_counts_whole_word_plural_and_hyphen_mentions_outside_code() -> None:
    """Mentions are case-insensitive, plural- and hyphen-aware, whole words, never in code."""
    notes = notes_from(
        {
            "a.md": "- *fine-tuning*: more training on a narrow dataset.\n",
            "b.md": "# Notes\n\n## Methods\n\nFine tuning helps. Finetunings vary.\n\n"
            "```\nfinetuning in code\n```\n\nUse `finetuning` here.\n\nRefinetuning is no word.\n",
        }
    )
    index = build_index(notes, build_glossary(notes))
    concept = find_concept(index, "finetuning")
    assert concept is not None
    assert [(m.path, m.line, m.section) for m in concept.mentions] == [
        ("a.md", 1, ""),
        ("b.md", 5, "Methods"),
    ]


def test_related_concepts_share_sections() -> None:
    """Terms that share sections most often are listed as related, most shared first."""
    notes = notes_from(
        {
            "g.md": "## Glossary\n\n- logits: raw scores from the output layer.\n"
            "- softmax: turns scores into probabilities.\n- temperature: divides logits first.\n",
            "x.md": "## One\n\nlogits then softmax.\n\n"
            "## Two\n\nsoftmax and temperature and logits.\n",
        }
    )
    index = build_index(notes, build_glossary(notes))
    logits = find_concept(index, "logits")
    assert logits is not None and logits.related[0] == ("softmax", 3)


def test_tags_are_concepts_too() -> None:
    """A frontmatter tag is indexed with its mentions even when nothing defines it."""
    notes = notes_from({"a.md": "---\ntags: [inference]\n---\nInference is slow here.\n"})
    concept = find_concept(build_index(notes, []), "inference")
    assert concept is not None and not concept.defined and len(concept.mentions) == 1


def test_two_words_a_letter_apart_stay_apart_when_their_definitions_differ() -> None:
    """A one-letter difference merges only where the definitions say the same thing."""
    entries = build_glossary(
        notes_from(
            {
                "a.md": "- *quantization*: storing weights with fewer bits per number.\n",
                "b.md": "- *quantisation*: storing weights with fewer bits, say int8.\n",
                "c.md": "- *calibration*: choosing scales from a few hundred samples.\n",
                "d.md": "- *celibration*: a party thrown when the benchmark finally runs.\n",
            }
        )
    )
    assert [(e.term, e.aliases) for e in entries] == [
        ("calibration", ()),
        ("celibration", ()),
        ("quantization", ("quantisation",)),
    ]


def test_a_name_and_the_name_with_a_head_noun_merge_when_defined_alike() -> None:
    """`few-shot` and `few-shot prompting` defined alike are one entry; unlike, two."""
    entries = build_glossary(
        notes_from(
            {
                "a.md": "- *few-shot*: putting a handful of solved examples in the prompt.\n",
                "b.md": "- *few-shot prompting*: solved examples in the prompt before the "
                "question.\n",
                "c.md": "- *attention*: lets each token weigh every other token.\n",
                "d.md": "- *attention model*: our internal dashboard of who is on call.\n",
            }
        )
    )
    assert [(e.term, e.aliases) for e in entries] == [
        ("attention", ()),
        ("attention model", ()),
        ("few-shot", ("few-shot prompting",)),
    ]


def test_also_called_makes_two_names_one_entry() -> None:
    """`nucleus sampling (also called top-p)` gives the entry both names."""
    entries = build_glossary(
        notes_from(
            {
                "a.md": "Nucleus sampling (also called top-p) keeps the smallest set of tokens "
                "whose probabilities add up to p.\n",
            }
        )
    )
    (entry,) = entries
    assert (entry.term, entry.aliases) == ("Nucleus sampling", ("top-p",))


def test_concept_index_leaves_out_generic_words_and_status_tags() -> None:
    """'Training' defined, a `todo` tag and an emoji tag are no index entries; real terms are."""
    notes = notes_from(
        {
            "a.md": "---\ntags: [todo, ✅, rag]\n---\n- **Training**: the weights change.\n"
            "- **KV cache**: keys and values kept from earlier tokens.\n\n"
            "Training with a KV cache; RAG again, todo.\n",
        }
    )
    names = [c.term for c in build_index(notes, build_glossary(notes))]
    assert names == ["KV cache", "rag"]


def test_related_concepts_differ_per_concept() -> None:
    """A concept found everywhere is not every concept's first relative."""
    notes = notes_from(
        {
            "a.md": "- *token*: a piece of text.\n- *BPE*: merges frequent pairs.\n"
            "- *KV cache*: keys and values kept.\n- *paged attention*: pages the KV cache.\n",
            "b.md": "## One\n\ntoken BPE\n\n## Two\n\ntoken BPE\n\n## Three\n\n"
            "token KV cache paged attention\n\n## Four\n\nKV cache paged attention\n\n"
            "## Five\n\ntoken\n\n## Six\n\ntoken\n",
        }
    )
    index = build_index(notes, build_glossary(notes))
    related = {c.term: c.related[0][0] for c in index if c.related}
    assert related["BPE"] == "token"
    assert related["KV cache"] == "paged attention"
    assert related["paged attention"] == "KV cache"


def test_mentions_take_their_section_from_setext_headings_too() -> None:
    """A mention under an underlined heading is filed under that heading."""
    notes = notes_from(
        {"a.md": "- *KV cache*: keys and values kept.\n\nServing\n=======\n\nThe KV cache grows.\n"}
    )
    concept = find_concept(build_index(notes, build_glossary(notes)), "kv caches")
    assert concept is not None
    assert [(m.line, m.section) for m in concept.mentions] == [(1, ""), (6, "Serving")]


def test_find_entry_by_plural_spelled_out_acronym_and_british_spelling() -> None:
    """`KV caches`, `key-value cache` and `tokenisation` find the entries people defined."""
    entries = build_glossary(
        notes_from(
            {
                "a.md": "- **KV cache**: keys and values of earlier tokens, kept for reuse.\n"
                "- **Tokenization**: splitting text into the units a model reads.\n",
            }
        )
    )
    kv, tok = (find_entry(entries, name) for name in ("KV cache", "tokenization"))
    assert kv is not None and tok is not None
    assert find_entry(entries, "KV caches") is kv
    assert find_entry(entries, "key-value cache") is kv
    assert find_entry(entries, "key value caches") is kv
    assert find_entry(entries, "tokenisation") is tok
    assert find_entry(entries, "value cache") is None


def test_define_a_generic_word_defined_on_purpose(tmp_path: Path) -> None:
    """`**Memory**: ...` is in the glossary though a generic word is never in the concept
    index, and `define` shows it instead of failing."""
    from notes_kb.kb import open_vault

    (tmp_path / "rl.md").write_text(
        "- **Memory**: what the agent keeps between turns, in a store it can search.\n"
    )
    report = open_vault(tmp_path).define("memory")
    assert (report.entry.term, report.concept.mentions) == ("Memory", [])


def test_a_plain_word_named_in_passing_is_in_the_glossary_not_the_concept_index() -> None:
    """`## Files` over a section defines a file list there; every "files" in the vault is not
    a mention of it. A word defined for sure (a glossary bullet) is still indexed."""
    notes = notes_from(
        {
            "a.md": "# Setup\n\n## Files\n\nAt the end you should have these files in the vault.\n"
            "\n- **Tokenizer**: splits text into tokens.\n",
            "b.md": "# Use\n\nThe files and the tokenizer live here; more files later.\n",
        }
    )
    entries = build_glossary(notes)
    assert {e.term for e in entries} >= {"Files", "Tokenizer"}
    terms = [c.term for c in build_index(notes, entries)]
    assert "Tokenizer" in terms and "Files" not in terms


def test_a_template_placeholder_is_no_mention() -> None:
    """`{{fm.desc}}` in a note is a template's code: the concept it names is not mentioned."""
    notes = notes_from(
        {
            "g.md": "- **fm.desc**: the description of the current note.\n",
            "a.md": "# A\n\n{{fm.desc}}\n\nThe fm.desc field is shown here.\n",
        }
    )
    concept = find_concept(build_index(notes, build_glossary(notes)), "fm.desc")
    assert concept is not None
    assert sorted((m.path, m.line) for m in concept.mentions) == [("a.md", 5), ("g.md", 1)]


def test_a_vaults_own_labels_are_learnt_from_it() -> None:
    """A lead written in three notes before unrelated things is this author's label
    ("Instructor: ..." in lecture transcripts); a term defined in three notes in related
    words stays, and so does a label-looking lead that has a note of its own."""
    files = {
        f"lecture{i}.md": f"Instructor: {text}\n\n- Sharding: splitting an index into shards.\n"
        for i, text in enumerate(
            [
                "So we covered the two parameters that we need for paging",
                "In this lecture we look at filters and how they score",
                "So far we have only been working with one index at a time",
            ]
        )
    }
    files |= {
        "a.md": "- **Attention**: lets each token weigh the other tokens of the sequence.\n",
        "b.md": "- **Attention**: each token weighs the other tokens when it builds its vector.\n",
        "c.md": "- **Attention**: weighs every token of the sequence against the others.\n",
        "Mechanism.md": "- Mechanism: the parts that make a system work, and how they fit.\n",
        "x.md": "- Mechanism: gated units.\n- Mechanism: a ranking step in the retriever.\n",
        "y.md": "- Mechanism: two towers that embed queries and documents apart.\n",
    }
    terms = {e.term for e in build_glossary(notes_from(files))}
    assert "Instructor" not in terms
    assert {"Attention", "Sharding", "Mechanism"} <= terms


def test_a_label_over_many_notes_stays_a_label_when_a_few_of_its_texts_share_words() -> None:
    """ "> **Quip**: ..." opening a dozen notes with a different remark each time is the
    author's label even when two remarks happen to share two words; a term defined in as
    many notes in related words stays."""
    quips = [
        "attention is a spotlight with a budget",
        "tokens are the coins a model spends",
        "retrieval is an open-book exam for the model",
        "a loss curve is a heartbeat monitor",
        "quantisation trades decimals for speed",
        "an agent is a loop with opinions",
        "evaluation is where optimism goes to be tested",
        "caching is memory with a receipt",
        "embeddings are coordinates for meaning",
        "the model spends its budget on every token",
        "finetuning is an accent coach",
        "latency is the tax on every answer",
    ]
    files = {f"n{i}.md": f"> **Quip**: {quip}.\n" for i, quip in enumerate(quips)}
    said = "the exponential of the average negative log-likelihood"
    files |= {f"t{i}.md": f"- **Perplexity**: {said}, {i}.\n" for i in range(12)}
    terms = {e.term for e in build_glossary(notes_from(files))}
    assert "Quip" not in terms
    assert "Perplexity" in terms


def test_a_lead_ending_on_a_labels_word_in_five_notes_is_a_templates_label() -> None:
    """ "**Real-world context:** Companies like Netflix ..." in note after note is the
    template's label, however alike its texts (the same companies each time); in four
    notes it may still be a term defined more than once."""
    said = "Companies like Netflix and Uber use {} to serve millions of users"
    topics = ["recommenders", "ranking models", "feature stores", "A/B tests", "caching"]

    def vault(count: int) -> set[str]:
        files = {
            f"lecture{i}.md": f"# Lecture {i}\n\n**Real-world context:** {said.format(t)}.\n"
            for i, t in enumerate(topics[:count])
        }
        return {e.term for e in build_glossary(notes_from(files))}

    assert "Real-world context" not in vault(5)
    assert "Real-world context" in vault(4)


def test_a_heading_defining_in_four_notes_heads_a_templates_section() -> None:
    """ "## Evaluation Function" over each metric's own formula, in four notes, is a section
    of the author's template: it defines nothing; in three notes it is a term defined more
    than once; with a note of its own, that note defines it and the template's sections
    still do not."""

    def vault(count: int, own: bool) -> dict[str, int]:
        files = {
            f"metric{i}.md": f"# Metric {i}\n\n## Evaluation Function\n\n"
            f"It compares predictions with labels, {i}.\n"
            for i in range(count)
        }
        if own:
            files["Evaluation Function.md"] = "Scores a model's predictions.\n"
        return {e.term: len(e.definitions) for e in build_glossary(notes_from(files))}

    assert "Evaluation Function" not in vault(4, own=False)
    assert vault(3, own=False)["Evaluation Function"] == 3
    assert vault(4, own=True)["Evaluation Function"] == 1


def test_a_term_jotted_in_several_notes_in_few_words_is_not_taken_for_a_label() -> None:
    """Over a whole vault a term comes back as a lead in note after note, each time in a few
    words: `Forget gate:` over three texts that share one word is one subject, and `LLMs`
    (a name by its shape) labels nothing; `Objective:` over texts sharing one word at most,
    in three notes, is still this author's label."""
    forget = [
        "Determines what information should be discarded.",
        "Removes unnecessary information.",
        "Decides what information to discard.",
    ]
    llms = ["Used predict() method", "Generate final responses", "Provide reasoning, decide"]
    objective = [
        "Deep technical explanation of the evolution of chatbots.",
        "To understand padding and strides in CNNs.",
        "To explore pooling layers in CNNs, their significance.",
    ]
    files = {
        f"lesson{i}.md": f"- Forget gate: {forget[i]}\n- **LLMs**: {llms[i]}\n\n"
        f"Objective: {objective[i]}\n"
        for i in range(3)
    }
    terms = {e.term for e in build_glossary(notes_from(files))}
    assert "Objective" not in terms
    assert {"Forget gate", "LLMs"} <= terms


def test_a_lead_that_a_notes_title_opens_with_is_no_label() -> None:
    """`**Tools**:` in three notes saying unrelated things would be this author's label, but
    the vault has a note called "Tools in LangChain": tools are one of its subjects."""
    texts = [
        "Search engines, calculators and shell commands for the agent",
        "Perform real actions such as booking a flight",
        "Run Python snippets and return what they print",
    ]
    files = {f"n{i}.md": f"- **Tools**: {text}\n" for i, text in enumerate(texts)}
    assert "Tools" not in {e.term for e in build_glossary(notes_from(files))}
    files["tools.md"] = "# Tools in LangChain\n\nHow an agent acts on the world.\n"
    assert "Tools" in {e.term for e in build_glossary(notes_from(files))}


def test_a_notes_hierarchy_name_with_its_description_is_no_entry() -> None:
    """`| ai.glossary | One-line definitions for quick lookup |` lists a note, not a term."""
    entries = build_glossary(
        notes_from(
            {
                "root.md": "| Prefix | What goes there |\n| --- | --- |\n"
                "| ai.glossary | One-line definitions for quick lookup later |\n"
                "| Tokenizer | The component that splits text into tokens for a model |\n",
                "ai.glossary.md": "# Glossary\n",
            }
        )
    )
    assert [e.term for e in entries] == ["Tokenizer"]


def test_a_definition_in_a_dated_note_falls_behind_one_in_a_topic_note() -> None:
    """A term defined in a meeting's or a day's note (`2024-05-17`, `2022.04.12`) and in a
    topic note is shown with the topic note's definition first."""
    entries = build_glossary(
        notes_from(
            {
                "reading.2024-05-17.md": "- **Prompt caching**: reuse the keys and values of "
                "a long shared prefix across requests.\n",
                "inference.md": "# Inference\n\nPrompt caching is a way to reuse the computed "
                "prefix of a prompt that many requests share.\n",
            }
        )
    )
    (entry,) = entries
    assert [d.path for d in entry.definitions] == ["inference.md", "reading.2024-05-17.md"]


def test_an_other_name_said_after_the_definition_is_an_alias() -> None:
    """ "- *top-p*: sampling restricted to ...; also called nucleus sampling." gives top-p
    the other name, so `notes define "nucleus sampling"` finds it; an "also called" inside
    a bracket names something else ("... the largest distance (also called the margin)")."""
    entries = build_glossary(
        notes_from(
            {
                "a.md": "- *top-p*: sampling restricted to the smallest set of tokens whose "
                "probabilities add up to p; also called nucleus sampling.\n",
                "b.md": "- *SVM*: a classifier that finds the boundary with the largest "
                "distance to the classes (also called the margin).\n",
            }
        )
    )
    assert ("top-p", ("nucleus sampling",)) in [(e.term, e.aliases) for e in entries]
    assert not any("margin" in e.aliases for e in entries)
    top_p = find_entry(entries, "nucleus sampling")
    assert top_p is not None and top_p.term == "top-p"


def test_names_a_number_apart_stay_apart() -> None:
    """ "Tier 1 ISPs" and "Tier 2 ISPs", one character apart and defined alike, are two
    things: a typo never changes a number."""
    entries = build_glossary(
        notes_from(
            {
                "a.md": "- **Tier 1 ISPs**: providers that form the backbone of the Internet.\n"
                "- **Tier 2 ISPs**: providers that buy transit from the backbone of the "
                "Internet.\n",
            }
        )
    )
    assert [e.term for e in entries] == ["Tier 1 ISPs", "Tier 2 ISPs"]


def test_an_acronym_is_named_in_the_singular() -> None:
    """ "DQNs" defined twice and "DQN" once: the entry is "DQN", its plural an alias."""
    entries = build_glossary(
        notes_from(
            {
                "a.md": "DQNs are deep networks that estimate action values.\n\n"
                "DQNs are trained from a replay buffer of past transitions.\n",
                "b.md": "- **DQN**: a deep Q-network, one output per action.\n",
            }
        )
    )
    assert [e.term for e in entries] == ["DQN"] and "DQNs" in entries[0].aliases


def test_a_name_keeps_its_capitals() -> None:
    """ "lora" twice (a Dendron file's heading, a bullet) and "LoRA" once: the entry is
    named "LoRA"."""
    entries = build_glossary(
        notes_from(
            {
                "a.md": "## lora\n\nTrains two small matrices beside frozen weights.\n\n"
                "- lora: a low-rank adapter.\n",
                "b.md": "- **LoRA**: low-rank adaptation of a model's weights.\n",
            }
        )
    )
    assert [e.term for e in entries] == ["LoRA"]


def test_names_a_word_apart_stay_apart() -> None:
    """ "Deep Network" and "Deep Q Network" are one letter apart as keys, a whole word apart
    as names: two things, even where their definitions share a word."""
    entries = build_glossary(
        notes_from(
            {
                "a.md": "- **Deep Q Network**: a network that maps a state to action values.\n"
                "- **Deep Network**: a network of many layers activated by ReLU.\n",
            }
        )
    )
    assert [e.term for e in entries] == ["Deep Network", "Deep Q Network"]


def test_a_clipped_name_and_its_words_are_one_entry() -> None:
    """ "Sequence-to-sequence (seq2seq) refers to ..." in "seq2seq.md": the clipped name and
    the words it clips ("2" for "to") are one entry, found by either name."""
    entries = build_glossary(
        notes_from(
            {
                "seq2seq.md": "# Seq2seq\n\nSequence-to-sequence (seq2seq) refers to models "
                "that map an input sequence to an output sequence of another length.\n",
            }
        )
    )
    assert [(e.term, e.aliases) for e in entries] == [("Sequence-to-sequence", ("seq2seq",))]
    found = find_entry(entries, "seq2seq")
    assert found is not None and found.term == "Sequence-to-sequence"


def test_an_acronym_spelled_out_two_ways_names_two_things() -> None:
    """`ML` spelled out as machine learning in one note and maximum likelihood in another:
    two entries, the acronym with the expansion said most; a misspelt expansion that shares
    a word ("Recurent Networks") is still the same name."""
    entries = build_glossary(
        notes_from(
            {
                "a.md": "Machine learning (ML) is a field of study in which programs learn "
                "a task from data.\n\nML (machine learning) needs data.\n",
                "b.md": "Maximum likelihood (ML) is choosing the parameters that make the "
                "data most probable.\n",
                "c.md": "Recurrent neural networks (RNN) are networks with a loop.\n\n"
                "Recurent Networks (RNN) keep a state.\n",
            }
        )
    )
    ml = find_entry(entries, "machine learning")
    likelihood = find_entry(entries, "maximum likelihood")
    assert ml is not None and likelihood is not None and ml is not likelihood
    assert "ML" in ml.names and "ML" not in likelihood.names
    rnn = find_entry(entries, "RNN")
    assert rnn is not None and "Recurent Networks" in rnn.names
