"""`notes concepts` on small vaults: math is no prose."""

from __future__ import annotations

import json
from pathlib import Path

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
