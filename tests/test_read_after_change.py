"""Every read command after a note is edited, added, deleted or renamed, answered from the
kept cache (its kept results, listing and patterns from the runs before), prints what it
prints from a cache built afresh from the same files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_kb.cli.app import app
from notes_kb.index import kept_listing
from tests.test_edit_path import VAULT, write_vault

runner = CliRunner()

READS = [
    ["search", "token"],
    ["search", "tokne"],
    ["show", "attention"],
    ["links", "attention"],
    ["list", "--json"],
    ["tags"],
    ["check"],
    ["glossary", "--json"],
    ["define", "attention"],
    ["define", "token"],
    ["concepts"],
    ["concepts", "attention"],
]


def answers(vault: Path, cache: Path) -> list[tuple[str, int, str]]:
    """Each read command's exit code and output, with `cache` as the cache folder."""
    env = {"NOTES_CACHE_DIR": str(cache)}
    found = []
    for argv in READS:
        done = runner.invoke(app, ["--dir", str(vault), "--no-pager", *argv], env=env)
        found.append((" ".join(argv), done.exit_code, done.output))
    return found


def test_every_read_command_after_each_change_answers_as_a_fresh_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edit a note (Dendron frontmatter read without YAML, then YAML's own), add one, delete
    one, rename one, add and delete in a folder below: after each, every read command on
    the kept cache prints exactly what it prints on a fresh one."""
    monkeypatch.setattr(kept_listing, "MARGIN_NS", 0)  # listings kept, then patched
    vault = write_vault(tmp_path / "vault")
    kept = tmp_path / "kept"
    answers(vault, kept)
    steps = [
        lambda: (vault / "attention.md").write_text(
            "---\nid: 5kixsvumd19a\ntitle: Attention\ndesc: 'It''s a mechanism'\n"
            "updated: 1744352659062\ntags:\n  - model\n  - nlp\n---\n"
            "# Attention\n\nAttention is a mechanism that weighs tokens.\n",
            "utf-8",
        ),
        lambda: (vault / "attention.md").write_text(VAULT["attention.md"], "utf-8"),
        lambda: (vault / "head.md").write_text("# Head\n\nA head is one attention unit.\n"),
        lambda: (vault / "sub" / "glossary.md").unlink(),
        lambda: (vault / "transformer.md").rename(vault / "model.md"),
        lambda: (vault / "sub" / "token.md").write_text("# Token\n\nA token is a unit.\n"),
        lambda: os.unlink(vault / "head.md"),
    ]
    for number, step in enumerate(steps):
        step()
        assert answers(vault, kept) == answers(vault, tmp_path / f"fresh{number}"), number
