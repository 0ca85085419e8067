"""The one singulariser and the keys it folds: measured against inflect and lemminflect by
`benchmarks/compare_singular.py`; the cases here are the words on which they differed."""

from __future__ import annotations

import pytest

from notes_kb.parse.keys import concept_key, singular


@pytest.mark.parametrize(
    ("word", "one"),
    [
        # plurals: ours cut these wrongly or not at all, a library did not
        ("APIs", "API"), ("GPUs", "GPU"), ("ReLUs", "ReLU"), ("LMs", "LM"), ("IDs", "ID"),
        ("minima", "minimum"), ("optima", "optimum"), ("parentheses", "parenthesis"),
        ("plateaus", "plateau"), ("plug-ins", "plug-in"), ("x-axes", "x-axis"),
        # no plurals: acronyms, fields, names, hyphenated words ending in a short part
        ("IDS", "IDS"), ("AIS", "AIS"), ("SxS", "SxS"), ("semantics", "semantics"),
        ("Thermodynamics", "Thermodynamics"), ("K-means", "K-means"), ("ROUGE-S", "ROUGE-S"),
        ("OpenLLMetry-JS", "OpenLLMetry-JS"), ("Time-series", "Time-series"),
        ("low-bias", "low-bias"), ("Cohen\u2019s", "Cohen\u2019s"),
        # where the libraries go wrong and ours does not
        ("data", "data"), ("corpus", "corpus"), ("analysis", "analysis"), ("bias", "bias"),
        ("axes", "axis"), ("indices", "index"), ("losses", "loss"), ("supervised", "supervised"),
        ("Kafka", "Kafka"), ("API", "API"), ("NVIDIA", "NVIDIA"), ("s", "s"), ("", ""),
    ],
)  # fmt: skip
def test_singular_of_the_words_the_libraries_disagreed_on(word: str, one: str) -> None:
    """Each word's singular as a key should fold it, as judged in the comparison."""
    assert singular(word) == one


def test_singular_keeps_the_words_case() -> None:
    """An irregular plural keeps its capitals: `Matrices` -> `Matrix`, not `matrix`."""
    assert [singular(w) for w in ("Matrices", "CRITERIA", "People", "matrices")] == [
        "Matrix",
        "CRITERION",
        "Person",
        "matrix",
    ]


def test_an_acronyms_plural_and_an_irregular_one_share_its_key() -> None:
    """`APIs` and `API`, `Local Minima` and `local minimum`, `Plug-ins` and `plug-in` are one
    concept; `AIS`, an acronym of its own, is not `AI`."""
    assert concept_key("LLM APIs") == concept_key("LLM API") == "llmapi"
    assert concept_key("Local Minima") == concept_key("local minimum") == "localminimum"
    assert concept_key("Plug-ins") == concept_key("plug-in") == "plugin"
    assert concept_key("AIS") != concept_key("AI")
