"""`notes concepts` on small vaults: math is no prose, a symbol heads no entry, a word in
capitals is mentioned only as written, and an adjective is no concept alone."""

from __future__ import annotations

import json
from pathlib import Path

from notes_kb.query.concepts import worthy
from tests.conftest import VaultFactory
from tests.test_cli import run


def counted(vault: Path) -> list[tuple[str, int, int]]:
    """(term, notes, mentions) of each entry `notes concepts --json` lists, biggest first."""
    code, out, err = run("concepts", "--json", vault=vault)
    assert (code, err) == (0, "")
    return [(c["term"], c["notes"], c["mentions"]) for c in json.loads(out)]


def test_math_is_no_mention(make_vault: VaultFactory) -> None:
    """`$\\sin(2\\pi x)$` and a `$$` block are math, no mention of `PI` (policy iteration);
    money (`$5 and $10`) is prose, and so is the text between two formulas."""
    loop = "# Loop\n\n- **PI**: policy iteration, which alternates evaluation and improvement.\n"
    bias = (
        "# Notes\n\nThe target is $t = \\sin(2\\pi x)$ here, $x$ PI then $y$.\n\n"
        "$$\n\\int \\pi(a \\mid x)\\, da\n$$\n\n"
        "$$ V(\\pi) = 1 $$\n"
    )
    cash = "# Cash\n\nPI gave $5 and $10 to pi.\n"
    vault = make_vault({"loop.md": loop, "w2.md": bias, "cash.md": cash})
    assert counted(vault) == [("PI", 3, 3)]


def test_a_word_in_capitals_is_a_mention_only_as_written(make_vault: VaultFactory) -> None:
    """`DOE`, an English word in capitals, is mentioned where it is written so: not by
    "does" or "Doe" ("does" is "doe" in the plural's rule)."""
    sql = "# SQL\n\n- **DOE**: the Department of Energy, which funds the lab.\n"
    other = "# Other\n\nThe network does not care.\n\nJohn Doe does.\n\nThe DOE pays.\n"
    vault = make_vault({"sql.md": sql, "other.md": other})
    assert counted(vault) == [("DOE", 2, 2)]


def test_symbols_and_single_letters_are_no_name() -> None:
    """`+ O`, `x + y` and `X̃` (X with a tilde) are symbols and letters, each alone; `C++`,
    `C#` and `A/B testing` are names."""
    names = ("+ O", "x + y", "X\u0303", "C++", "C#", "A/B testing")
    assert [worthy(n) for n in names] == [False, False, False, True, True, True]


def test_an_adjective_is_no_concept_alone(make_vault: VaultFactory) -> None:
    """`Robust` (a property in a list: "robustly" is its adverb) and `bidirectional` ("are
    called bidirectional") and `non-linear` (a prefix's adjective) are no concepts; the
    nouns beside them (`Margin`, `RNN`) stay."""
    svm = (
        "# SVM\n\n- **Robust**: outliers far from the boundary do not move it.\n"
        "- **Margin**: the distance from the boundary to the nearest point.\n"
    )
    rnn = (
        "# RNN\n\n- **RNN**: a network that reads a sequence one step at a time.\n\n"
        "RNNs that read both ways are called bidirectional.\n\n"
        "An equation not of this form will be called non-linear.\n"
    )
    other = (
        "# Other\n\nA robust margin; a bidirectional RNN; a non-linear map.\n\n"
        "A robust, non-linear, bidirectional idea.\n"
    )
    vault = make_vault({"svm.md": svm, "rnn.md": rnn, "other.md": other})
    assert [term for term, _, _ in counted(vault)] == ["RNN", "Margin"]


def test_a_noun_of_an_adjectives_ending_stays(make_vault: VaultFactory) -> None:
    """`Jacobian` and `Retrieval`, nouns of an adjective's ending (no adverb in English,
    or names ending on them), stay."""
    notes = (
        "# Notes\n\n- **Jacobian**: the matrix of first partial derivatives.\n"
        "- **Retrieval**: finding the passages a question needs.\n\n"
        "## Dense retrieval\n\nEmbeddings.\n\n## Sparse retrieval\n\nBM25.\n"
    )
    other = "# Other\n\nThe jacobian of the map; retrieval first.\n"
    vault = make_vault({"notes.md": notes, "other.md": other})
    assert [term for term, _, _ in counted(vault)] == ["Retrieval", "Jacobian"]


def test_a_plural_in_capitals_of_a_common_word_is_a_mention_only_as_written(
    make_vault: VaultFactory,
) -> None:
    """`DOs` (a heading "## DOs" over advice) is mentioned where it is written so, not by
    every "do" of the vault."""
    tips = "# Tips\n\n## DOs\n\nTake one small step each day, then another.\n"
    other = "# Other\n\nDo the reading. We do it daily.\n\nThe DOs list.\n"
    vault = make_vault({"tips.md": tips, "other.md": other})
    assert [name for name, _, _ in counted(vault)] in ([], ["DOs"])
    assert all(notes <= 2 and mentions <= 2 for _, notes, mentions in counted(vault))
