"""Shell completion: Typer's scripts, and NOTE arguments completed from the cache."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from notes_kb.cli.app import app
from notes_kb.config import locate
from notes_kb.index.names import cached_note_names
from tests.conftest import VaultFactory
from tests.test_cli import run

NOTES = {
    "ai.chapter-1.md": "# One\n",
    "ai.chapter-2.md": "# Two\n",
    "ai.concepts.token.md": "# Token\n",
    "100%_done.md": "# Done\n",
}


def complete(vault: Path, words: str) -> list[str]:
    """What bash would offer for the last of `words` (Typer's bash protocol)."""
    result = CliRunner().invoke(
        app,
        [],
        prog_name="notes",
        env={
            "_NOTES_COMPLETE": "complete_bash",
            "COMP_WORDS": f"notes --dir {vault} {words}",
            "COMP_CWORD": str(len(words.split(" ")) + 2),
        },
    )
    return result.stdout.split()


def test_note_names_come_from_the_cache(make_vault: VaultFactory) -> None:
    """After any command has built the cache, names complete by prefix, A to Z; `%` and `_`
    are literal; before, nothing completes (and nothing is built)."""
    vault = make_vault(NOTES)
    location = locate(vault)
    assert cached_note_names(location, "ai.") == []
    assert run("list", "--json", vault=vault)[0] == 0
    assert cached_note_names(location, "ai.c") == [
        "ai.chapter-1",
        "ai.chapter-2",
        "ai.concepts.token",
    ]
    assert cached_note_names(location, "ai.cha") == ["ai.chapter-1", "ai.chapter-2"]
    assert cached_note_names(location, "100%_") == ["100%_done"]
    assert cached_note_names(location, "1_0") == []


def test_bash_completes_note_arguments_and_options(make_vault: VaultFactory) -> None:
    """`notes show ai.cha<Tab>` and `notes list --link-to ai.co<Tab>` offer note names;
    commands complete too."""
    vault = make_vault(NOTES)
    run("list", "--json", vault=vault)
    assert complete(vault, "show ai.cha") == ["ai.chapter-1", "ai.chapter-2"]
    assert complete(vault, "list --link-to ai.co") == ["ai.concepts.token"]
    assert complete(vault, "gl") == ["glossary"]


def test_completion_scripts_are_offered() -> None:
    """`notes --show-completion bash` prints the script to install by hand."""
    result = CliRunner().invoke(app, ["--show-completion", "bash"], prog_name="notes")
    assert result.exit_code == 0
    assert "complete -o default -F _notes_completion notes" in result.stdout
