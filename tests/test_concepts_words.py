"""`notes concepts` on small vaults: one-word entries that name no concept alone (an
adjective heading a list of kinds, an everyday word of another language) are left out."""

from __future__ import annotations

import json
from pathlib import Path

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
