"""Every command has help text and is documented in the README."""

from __future__ import annotations

import click
import pytest
import typer
from typer.testing import CliRunner

from notes_kb.cli.app import app
from tests.conftest import REPO

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)  # type: ignore[union-attr]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_command_list_is_what_we_document() -> None:
    """A new command must be added here and to the README."""
    assert COMMANDS == [
        "check",
        "concepts",
        "config",
        "daily",
        "define",
        "edit",
        "export",
        "glossary",
        "graph",
        "index",
        "links",
        "list",
        "new",
        "rename",
        "search",
        "serve",
        "show",
        "study",
        "tags",
        "tree",
    ]


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name: str) -> None:
    """`notes NAME --help` explains the command."""
    command = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == name)  # type: ignore[union-attr]
    assert command.callback is not None and (command.callback.__doc__ or "").strip()
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    summary = " ".join(command.callback.__doc__.strip().splitlines()[0].split())
    assert summary in " ".join(result.stdout.split())


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", ["", *COMMANDS])
def test_help_shows_every_parameter_plainly(name: str) -> None:
    """--help names each argument and option with its own help text, and the `[required]`
    and `[default: ...]` marks print as typed, never Rich-escaped as `\\[required]`."""
    group = typer.main.get_command(app)
    assert isinstance(group, click.Group)
    command = group.commands[name] if name else group
    result = CliRunner().invoke(app, [name, "--help"] if name else ["--help"])
    assert result.exit_code == 0
    assert "\\" not in result.stdout
    shown = _words(result.stdout)
    for param in command.params:
        help_text = getattr(param, "help", None)
        assert help_text, f"{name} {param.name} has no help"
        assert _words(help_text) in shown, f"{name} --help hides the help of {param.name}"
    if any(getattr(p, "required", False) for p in command.params):
        assert "[required]" in shown


def test_a_mistyped_command_suggests_once() -> None:
    """`notes serch` suggests `search` once: no doubled "Did you mean" line."""
    result = CliRunner().invoke(app, ["serch"])
    assert result.exit_code == 2
    assert result.stderr.count("Did you mean") == 1
    assert "No such command 'serch'. Did you mean 'search', 'serve'?" in result.stderr


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_readme(name: str) -> None:
    """The README documents every command under its own heading."""
    assert f"### `notes {name}" in README


def test_readme_starts_with_the_two_setup_commands() -> None:
    """The first code block holds exactly the two copy-paste set-up commands."""
    block = README.split("```", 2)[1]
    commands = [line for line in block.splitlines()[1:] if line.strip()]
    assert len(commands) == 2
    assert "notes show chapter-1" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run executes the README's test command exactly as a newcomer would."""
    block = README.split("```", 2)[1]
    test_command = [line for line in block.splitlines()[1:] if line.strip()][1]
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines
