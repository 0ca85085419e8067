"""`notes concepts` on small vaults: one-word entries that name no concept alone (an
adjective heading a list of kinds, an everyday word of another language) are left out."""

from __future__ import annotations

import json
from pathlib import Path

from notes_kb.query.concepts import worthy
from tests.conftest import VaultFactory
from tests.test_cli import run


def concepts(vault: Path) -> list[str]:
    """The terms `notes concepts --json` lists, biggest first."""
    code, out, err = run("concepts", "--json", vault=vault)
    assert (code, err) == (0, "")
    return [concept["term"] for concept in json.loads(out)]


RETRIEVAL = """# Retrieval

- **Dense**: neural embeddings that match by meaning.
- **Sparse**: exact keyword matching, as in BM25.
- **Gradient**: the slope the retriever is trained on.

## Dense Retrieval

Dense retrieval compares dense vectors.

## Dense Vectors

Every dimension is used.

## Sparse Retrieval

Sparse retrieval scores keywords.

## Sparse Vectors

Most dimensions are zero.

## Gradient Descent

Follow the gradient downhill.

## Gradient Clipping

Clip the gradient norm.
"""


def test_an_adjective_heading_a_list_of_kinds_is_no_concept(make_vault: VaultFactory) -> None:
    """`Dense`, a label in a list that opens the vault's names ("Dense Retrieval") and ends
    none, is no concept; `Gradient`, a noun, stays, and so does `Sparse`, which a note of
    its own defines."""
    sparse = "# Sparse\n\nA sparse matrix stores only its nonzero entries.\n"
    vault = make_vault({"retrieval.md": RETRIEVAL, "Sparse.md": sparse})
    assert concepts(vault) == ["Sparse", "Gradient", "Dense Retrieval"]


def test_an_everyday_word_of_the_language_it_is_defined_in_is_no_concept(
    make_vault: VaultFactory,
) -> None:
    """`AUS`, defined in German, is the German "aus" of every German line: no concept;
    `Optuna`, no German word, stays."""
    setup = (
        "# Einrichtung\n\n"
        "- **AUS**: Deine Daten werden nicht für das Training verwendet.\n"
        "- **Optuna**: ein Framework für die Suche nach Hyperparametern.\n\n"
        "Die Werte kommen aus der Datei. Optuna liest sie aus.\n"
    )
    tuning = "# Tuning\n\nOptuna sucht aus vielen Versuchen den besten aus.\n"
    vault = make_vault({"einrichtung.md": setup, "tuning.md": tuning})
    assert concepts(vault) == ["Optuna"]


def test_an_everyday_chinese_word_is_no_concept_alone(make_vault: VaultFactory) -> None:
    """`内容` ("content") and `可能` ("maybe"), everyday Chinese words defined in passing,
    are no concepts, nor `文本` ("text") or `节点` ("node"); `梯度` ("gradient"), rarer, stays."""
    notes = (
        "# 笔记\n\n内容很多。可能代表一问一答。\n\n## 数据\n\n"
        "- **内容**\uff1a涵盖 362 个不同的任务和 46063 个演示。\n"
        "- **梯度**\uff1a损失对参数的导数\uff0c指向上升最快的方向。\n"
        "- **文本**\uff1a模型读入的文字。\n"
        "- **节点**\uff1a图中的一个实体。\n"
    )
    other = "# 其他\n\n梯度 的内容。可能 是 内容。文本 和 节点。\n"
    vault = make_vault({"notes.md": notes, "other.md": other})
    assert concepts(vault) == ["梯度"]


def test_a_word_of_another_language_defined_in_english_stays(make_vault: VaultFactory) -> None:
    """`Ensemble`, a French word too, defined in English, is a concept."""
    notes = "# Models\n\n- **Ensemble**: several models whose votes are combined.\n"
    vault = make_vault({"models.md": notes, "b.md": "An ensemble of trees.\n"})
    assert concepts(vault) == ["Ensemble"]


def test_a_stage_of_any_work_names_no_concept_alone(make_vault: VaultFactory) -> None:
    """`pipeline`, defined by a sentence about the author's own, is no concept; `RAG
    pipeline`, a name with a word of its own, is."""
    notes = (
        "# Notes\n\nThe pipeline is a chain of steps that cleans the data.\n\n"
        "- **RAG pipeline**: retrieval, then generation.\n"
    )
    vault = make_vault({"notes.md": notes, "b.md": "Our RAG pipeline.\n\nThe pipeline runs.\n"})
    assert concepts(vault) == ["RAG pipeline"]


def test_a_name_with_a_files_stamp_is_no_concept(make_vault: VaultFactory) -> None:
    """A note titled `Amazon EC2/20210614112135687` (a pasted file's time stamp) heads no
    entry; `Amazon EC2` does."""
    stamped = "---\ntitle: Amazon EC2/20210614112135687\n---\nAmazon EC2 is a service.\n"
    course = "# Course\n\n- Amazon EC2 - virtual machines by the hour.\n"
    vault = make_vault({"amazon_ec220210614112135687.md": stamped, "course.md": course})
    assert concepts(vault) == ["Amazon EC2"]


def test_an_everyday_word_and_a_number_is_an_item_of_a_series() -> None:
    """`File 02` and `Step 3` are items of a numbered series; `Python 3`, `GPT 4` names."""
    names = ("File 02", "Step 3", "Python 3", "GPT 4")
    assert [worthy(n) for n in names] == [False, False, True, True]


def test_a_number_and_a_letter_is_a_size_or_a_dimension_not_a_concept(
    make_vault: VaultFactory,
) -> None:
    """`2D` and `4k` (defined in a list: "- **2D**: ...") measure something ("2D images",
    "4k tokens"); `L2`, a letter and a number, is a name and stays."""
    notes = (
        "# Sizes\n\n- **2D**: two dimensions.\n- **4k**: a context of 4,096 tokens.\n"
        "- **L2**: the Euclidean norm.\n\n2D images, 4k tokens and the L2 norm.\n"
    )
    vault = make_vault({"sizes.md": notes, "b.md": "More 2D images; L2 again.\n"})
    assert concepts(vault) == ["L2"]


def test_an_adjective_of_a_sure_ending_or_a_name_is_no_concept(make_vault: VaultFactory) -> None:
    """`Interpretable` (no name need open with it) and `Bayesian` (written with its
    capital, opening two names) are no concepts; `Perceptron`, a noun, stays."""
    paper = (
        "# Paper\n\n- **Interpretable**: a reader can follow why it decided.\n"
        "- **Bayesian**: probability as a degree of belief.\n"
        "- **Perceptron**: a linear classifier, more interpretable than a deep net.\n\n"
        "## Bayesian Inference\n\nUpdate the prior.\n\n## Bayesian Optimization\n\nA surrogate.\n"
    )
    other = "Few interpretable models, Bayesian priors; a perceptron too.\n"
    vault = make_vault({"paper.md": paper, "b.md": other})
    assert concepts(vault) == ["Perceptron"]


def test_a_common_plural_said_once_in_passing_is_no_concept(make_vault: VaultFactory) -> None:
    """`Vectors`, a common word's plural defined once by a sentence in a note about
    something else, is the everyday word wherever else it stands: no concept; a singular
    said so (`token`) and a rarer word (`Transformer`) stay, `token` counted where it is
    the term (not "Each token counts."); and `Vectors` stays once a tag of the vault names
    it."""
    word2vec = (
        "# Word2Vec\n\n"
        "Vectors are a representation of the context in which a word appears.\n\n"
        "Transformer is the most powerful model of sequences.\n\n"
        "A word token is a word observed in a piece of text.\n"
    )
    other = (
        "# Other\n\nWe count word vectors and each vector of counts. The transformer reads.\n"
        "Each token counts.\n"
    )
    vault = make_vault({"word2vec.md": word2vec, "other.md": other})
    assert concepts(vault) == ["Transformer", "token"]
    tagged = "---\ntags: [vectors]\n---\n" + other
    vault = make_vault({"word2vec.md": word2vec, "other.md": tagged})
    assert concepts(vault) == ["Transformer", "Vectors", "token"]


def test_a_word_over_a_formula_is_no_concept(make_vault: VaultFactory) -> None:
    """`Scalar` and `Vector`, labels whose text is only a formula (the formula's cases),
    are no concepts; `Quadratic convergence`, said in words, is."""
    newton = (
        "# Lecture 3\n\n## Newton's method (fast optimizer)\n\n"
        "- **Idea:** find where $\\ell'(\\theta) = 0$ using tangent-line jumps.\n"
        "- **Scalar:** $\\theta := \\theta - \\ell'(\\theta)/\\ell''(\\theta)$.\n"
        "- **Vector:** $\\theta := \\theta + H^{-1}\\nabla_\\theta\\ell$, where $H$ = Hessian.\n"
        "- **Quadratic convergence:** correct digits roughly double each step.\n"
    )
    other = "# Other\n\nA scalar and a vector; quadratic convergence.\n"
    vault = make_vault({"lecture-3.md": newton, "other.md": other})
    assert concepts(vault) == ["Quadratic convergence", "Newton's method"]


def test_a_sentence_opening_on_a_formula_names_its_term(make_vault: VaultFactory) -> None:
    """ "$P(\\theta|X)$ is called the posterior, ..." is a sentence in words, no formula
    under a label: `posterior` is a concept."""
    bayes = (
        "# Bayesian methods\n\n$P(\\theta \\vert X)$ is called the posterior, the probability"
        " distribution of $\\theta$ having observed the data.\n"
    )
    vault = make_vault({"bayes.md": bayes, "other.md": "# Other\n\nThe posterior narrows.\n"})
    assert concepts(vault) == ["posterior", "Bayesian methods"]


def test_a_symbol_is_no_concept(make_vault: VaultFactory) -> None:
    """`dk` (d_k flattened) and `X0` (a letter indexed from 0) are symbols, no concepts;
    `L2`, a name, stays."""
    notes = (
        "# Notes\n\n"
        "* dk is the dimension of the keys\n"
        "* X0 is a random number, new for each call\n"
        "* L2 is the most critical shared resource\n"
    )
    other = "# Other\n\nsqrt(dk) and E[X0, K]; the L2 misses.\n"
    vault = make_vault({"notes.md": notes, "other.md": other})
    assert concepts(vault) == ["L2"]


def test_an_everyday_word_headed_only_over_its_own_definition_is_no_concept(
    make_vault: VaultFactory,
) -> None:
    """`Words`, an everyday word whose only heading is the one over its definition in a
    note of terminology, is no concept (every line of an NLP vault says "words"); so is
    `Attention` until another note heads a section with it; `Corpus`, no everyday word,
    stays."""
    terms = (
        "# Terminology\n\n### 1. **Corpus**\n\n"
        "- **Definition**: A corpus is a large collection of text.\n\n"
        "### 2. **Words**\n\n"
        "- **Definition**: Words are the individual tokens that make up sentences.\n\n"
        "### 3. **Attention**\n\n"
        "- **Definition**: Attention is a mechanism that weighs each input by its relevance.\n"
    )
    other = "# Other\n\nThe words of a corpus get attention.\n"
    vault = make_vault({"terminology.md": terms, "other.md": other})
    assert concepts(vault) == ["Corpus"]
    basics = "# Basics\n\n## Attention\n\nSee the terminology.\n"
    vault = make_vault({"terminology.md": terms, "other.md": other, "basics.md": basics})
    assert concepts(vault) == ["Attention", "Corpus"]
