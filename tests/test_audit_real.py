"""What trying notes on other people's real vaults showed: each test is a few lines of
Markdown in the shape they were found in."""

from __future__ import annotations

from pathlib import Path

from notes_kb.kb import open_vault


def _definition(vault: Path, term: str) -> str:
    report = open_vault(vault).define(term)
    assert report.entry is not None
    return report.entry.definitions[0].text


def test_a_display_equation_line_names_no_term(tmp_path: Path) -> None:
    """`$$\\ell(\\theta) = \\sum ...$$` is an equation, not `Term = definition` ('ell' and
    'log P' were glossary terms)."""
    (tmp_path / "loss.md").write_text(
        "The log-likelihood is\n"
        "$$\\ell(\\theta) = \\sum_{i=1}^{m} y^{(i)}\\log h_\\theta(x^{(i)})$$\n\n"
        "$$\\log P(\\tau \\mid \\theta) = \\log p(s_0)"
        " + \\sum_{t=0}^{T-1} \\log \\pi_\\theta(a_t \\mid s_t)"
        " + \\sum_{t=0}^{T-1} \\log T(s_{t+1} \\mid s_t, a_t)$$\n"
    )
    assert [e.term for e in open_vault(tmp_path).glossary()] == []
