"""The read commands run without Typer (`cli/direct.py`) say what the Typer app says: the
same parameters, the same output, and every argv they cannot be sure of left to the app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from notes_kb.cli import direct
from notes_kb.cli.app import app
from tests.conftest import BUNDLED, VaultFactory

runner = CliRunner()


def test_specs_are_the_app_commands_parameters() -> None:
    """Every direct command has exactly the app command's arguments, options (each name,
    what it sets, whether it takes a value) and defaults."""
    group = typer.main.get_command(app)
    assert isinstance(group, click.Group)
    for name, spec in direct.SPECS.items():
        command = group.commands[name]
        options: dict[str, direct.Option] = {}
        defaults: dict[str, object] = {}
        arguments = []
        for param in command.params:
            assert param.name is not None
            if isinstance(param, click.Argument):
                arguments.append(param)
                if not param.required:
                    defaults[param.name] = param.default
                continue
            assert isinstance(param, click.Option)
            defaults[param.name] = param.default
            if param.is_flag:
                options.update({opt: direct.Option(param.name, direct.FLAG) for opt in param.opts})
                options.update(
                    {
                        opt: direct.Option(param.name, direct.FLAG, False)
                        for opt in param.secondary_opts
                    }
                )
            else:
                kind = direct.TEXT
                if isinstance(param.type, click.types.IntParamType):
                    kind = direct.COUNT
                else:
                    assert isinstance(param.type, click.types.StringParamType)
                kind = direct.TEXTS if param.multiple else kind
                options.update({opt: direct.Option(param.name, kind) for opt in param.opts})
        assert options == spec.options, name
        assert defaults == spec.defaults, name
        assert tuple(a.name for a in arguments) == spec.arguments, name
        assert all(a.required != spec.optional for a in arguments), name
        assert all((a.nargs == -1) == spec.many for a in arguments), name
    limit = next(p for p in group.commands["search"].params if p.name == "limit")
    assert isinstance(limit.type, click.IntRange) and limit.type.min == 1


def test_global_options_are_the_app_ones() -> None:
    """The group's options are --dir/-d, --no-pager, --version and completion's: direct
    takes the first two and leaves the others to the app."""
    group = typer.main.get_command(app)
    names = {opt for p in group.params for opt in p.opts}
    assert names == {
        "--dir",
        "-d",
        "--no-pager",
        "--version",
        "--install-completion",
        "--show-completion",
    }


def both(argv: list[str], tty: bool = False) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """(exit code, stdout, stderr) of the Typer app and of the direct run of one argv."""
    env = {"TTY_COMPATIBLE": "1" if tty else "0"}
    by_app = runner.invoke(app, argv, env=env)
    if by_app.exception and not isinstance(by_app.exception, SystemExit):
        raise by_app.exception
    with runner.isolation(env=env) as (out, err, _):
        code = direct.run(argv)
    assert code is not None, argv
    by_direct = (code, out.getvalue().decode(), err.getvalue().decode())
    return (by_app.exit_code, by_app.stdout, by_app.stderr), by_direct


CASES = [
    ["show", "token"],
    ["show", "tokn"],
    ["show", "Token"],
    ["show", "token", "--raw"],
    ["show", "token", "--json"],
    ["show", "--no-pager", "ai-engineering.concepts.attention#multi-head-attention"],
    ["show", "attention#cost", "--json"],
    ["links", "attention"],
    ["links", "attention", "--unlinked", "--json"],
    ["links", "nothing-like-it"],
    ["glossary"],
    ["glossary", "to", "--json"],
    ["define", "token"],
    ["define", "KV cache", "--json"],
    ["define", "no-such-term"],
    ["concepts"],
    ["concepts", "--json"],
    ["concepts", "token"],
    ["concepts", "token", "--json"],
    ["search", "token"],
    ["search", "token", "-attention", "--limit", "3"],
    ["search", "token", "--not", "attention", "-n5", "--json"],
    ["search", "-n", "2", "token", "--tag=llm", "--under", "ai-engineering.*"],
    ["search", "nothing-matches-this"],
    ["search", "tokne"],
]


@pytest.fixture(scope="module")
def bundled_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of the bundled vault for the cases below: built and its results kept once."""
    return tmp_path_factory.mktemp("cache")


@pytest.mark.parametrize("args", CASES, ids=" ".join)
@pytest.mark.parametrize("tty", [False, True], ids=["pipe", "terminal"])
def test_direct_run_prints_what_the_app_prints(
    args: list[str], tty: bool, bundled_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same exit code, stdout and stderr, in a pipe and on a terminal."""
    monkeypatch.setenv("NOTES_CACHE_DIR", str(bundled_cache))
    by_app, by_direct = both(["--dir", str(BUNDLED), *args], tty)
    assert by_direct == by_app


def test_global_forms_and_a_vault_with_problems(make_vault: VaultFactory) -> None:
    """`-d`, `--dir=` and `--no-pager`, and a vault whose problems are summed up on stderr."""
    vault = make_vault({"a.md": "# A\n\n[[missing]] and [[b]]\n", "b.md": "\x00binary"})
    for argv in (
        ["-d", str(vault), "show", "a"],
        [f"--dir={vault}", "--no-pager", "links", "a"],
        ["--no-pager", "--dir", str(vault), "search", "missing"],
    ):
        by_app, by_direct = both(argv)
        assert by_direct == by_app
        assert by_app[2] != ""  # the problems' summary


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["--version"],
        ["show"],
        ["show", "--help"],
        ["show", "a", "b"],
        ["show", "a", "--bogus"],
        ["show", "a", "--json=1"],
        ["show", "a", "--pager", "--no-pager"],
        ["show", "-"],
        ["show", ""],
        ["show", "a\udcff"],
        ["show", "--", "a"],
        ["--dir", "show", "a"],
        ["--dir"],
        ["--dir", "-x", "show", "a"],
        ["--dir=", "show", "a"],
        ["-dvault", "show", "a"],
        ["--dir", "a", "--dir", "b", "show", "a"],
        ["list"],
        ["index"],
        ["new", "a"],
        ["define"],
        ["concepts", "a", "b"],
        ["search"],
        ["search", "-attention"],
        ["search", "a", "--limit", "0"],
        ["search", "a", "--limit", "x"],
        ["search", "a", "-n", "-1"],
        ["search", "a", "--limit", "1000000001"],
        ["search", "a", "--tag"],
        ["search", "a", "--tag", "-x"],
        ["search", "a", "--under="],
        ["search", "a", "-n", "2", "--limit", "3"],
        ["search", "a", "-"],
        ["show", "a", "--dir", "b"],
    ],
)
def test_what_direct_is_not_sure_of_goes_to_the_app(argv: list[str]) -> None:
    """Help, version, usage errors and every doubtful form: not taken (the app answers)."""
    assert direct.parse(argv) is None


def test_exclusions_and_lists_keep_their_order() -> None:
    """`-word` and `--not word` leave words out in the order given, as the app reads them."""
    parsed = direct.parse(["search", "a", "-b", "--not", "c", "b2", "-d", "-n3"])
    assert parsed is not None
    assert parsed.values == {
        "query": ["a", "b2"],
        "exclude": ["b", "c", "d"],
        "tag": None,
        "under": None,
        "limit": 3,
        "json_out": False,
    }


def test_completion_is_left_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shell asking for completions is Click's business."""
    monkeypatch.setenv("_NOTES_COMPLETE", "bash_complete")
    assert direct.run(["show", "token"]) is None


@pytest.mark.parametrize("args", [["show", "token"], ["search", "token", "--json"]])
def test_a_reader_gone_ends_with_status_1_and_nothing_said(args: list[str]) -> None:
    """stdout a pipe nobody reads: exit 1 and no traceback, by either path alike."""
    argv = ["--dir", str(BUNDLED), *args]
    ran = []
    for code in (
        "from notes_kb.cli.direct import run; import sys; sys.exit(run(sys.argv[1:]))",
        "from notes_kb.cli.app import main; main()",
    ):
        read, write = os.pipe()
        os.close(read)
        with os.fdopen(write, "wb") as closed:
            done = subprocess.run(
                [sys.executable, "-c", code, *argv], stdout=closed, stderr=subprocess.PIPE
            )
        ran.append((done.returncode, done.stderr))
    assert ran[0] == ran[1]
    assert ran[0][0] == 1 and b"Traceback" not in ran[0][1]


def test_a_stream_closed_at_start_is_left_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """`notes show x >&-`: Python has no sys.stdout; the app's run decides what happens."""
    monkeypatch.setattr(sys, "stdout", None)
    assert direct.run(["show", "token"]) is None


@pytest.mark.parametrize("closed", ["stdout", "stderr"])
def test_notes_started_with_a_stream_closed_answers_without_a_traceback(
    closed: str, tmp_path: Path
) -> None:
    """`notes list >&-`: one line on stderr and exit 1; `notes list 2>&-`: the listing."""
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("# Alpha\n\nSome text.\n", encoding="utf-8")
    notes = Path(sys.executable).parent / "notes"
    fd = 1 if closed == "stdout" else 2
    env = {**os.environ, "NOTES_CACHE_DIR": str(tmp_path / "cache")}
    ran = subprocess.run(
        ["sh", "-c", f'"$0" --dir "$1" list {fd}>&-', str(notes), str(vault)],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert b"Traceback" not in ran.stderr + ran.stdout
    if closed == "stdout":
        assert (ran.returncode, ran.stderr) == (1, b"Error: standard output is closed\n")
    else:
        assert ran.returncode == 0 and ran.stdout.startswith(b"Alpha\t")
