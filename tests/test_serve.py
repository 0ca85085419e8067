"""The resident index (`notes serve`): the same answers as a plain run, also after edits,
saves, renames and deletes; a dead, hung, foreign or misplaced socket never makes a
command fail or hang; the server is private, alone per vault, and stops when idle."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_kb.cli import client
from notes_kb.cli.app import app
from tests.conftest import VaultFactory

NOTES = Path(sys.executable).parent / "notes"
FILES: dict[str, str | bytes] = {
    "alpha.md": "---\ntitle: Alpha\ntags: [ml]\n---\n# Alpha\n\nA token is the unit a model "
    "reads. See [[beta]].\n\n## Cost\n\nEvery token costs time.\n",
    "beta.md": "# Beta\n\nAttention is how a model weighs each token. Back to [[alpha]].\n",
    "gamma.md": "# Gamma\n\nNothing links here; #draft\n",
}
COMMANDS = [
    ["search", "token"],
    ["search", "nowhere-at-all"],
    ["show", "alpha"],
    ["show", "no-such-note"],
    ["list"],
    ["tree"],
    ["links", "alpha"],
    ["tags"],
    ["glossary"],
    ["define", "token"],
    ["concepts"],
    ["check"],
    ["graph", "--format", "json"],
]
Run = tuple[int, str, str]


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A short, private XDG_RUNTIME_DIR (socket paths hold at most 107 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="nkb", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def start(vault: Path, *extra: str) -> subprocess.Popen[bytes]:
    """`notes serve` for the vault, once its socket answers."""
    server = subprocess.Popen(
        [str(NOTES), "--dir", str(vault), "serve", *extra],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    folder = Path(os.environ["XDG_RUNTIME_DIR"]) / "notes-kb"
    wait_for(lambda: any(folder.glob("*.sock")) or server.poll() is not None)
    assert server.poll() is None, server.stderr.read() if server.stderr else ""
    return server


def stop(server: subprocess.Popen[bytes]) -> str:
    """SIGTERM, and what the server said on stderr."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
    _, err = server.communicate(timeout=5)
    return err.decode()


@pytest.fixture
def served(make_vault: VaultFactory, runtime: Path) -> Iterator[Path]:
    """A small vault with a server running for it."""
    vault = make_vault(FILES)
    server = start(vault)
    yield vault
    stop(server)


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the deadline"
        time.sleep(0.01)


def by_server(argv: list[str], capfd: pytest.CaptureFixture[str]) -> Run | None:
    """What the resident index printed for a command, or None when it did not answer."""
    capfd.readouterr()
    code = client.answered(argv)
    out, err = capfd.readouterr()
    return None if code is None else (code, out, err)


def here(argv: list[str]) -> Run:
    """What a plain run of the CLI prints, in this process."""
    result = CliRunner().invoke(app, argv)
    return result.exit_code, result.stdout, result.stderr


def same_answers(vault: Path, capfd: pytest.CaptureFixture[str]) -> bool:
    """Every read command answered by the server exactly as by a plain run."""
    for command in COMMANDS:
        argv = ["--dir", str(vault), *command]
        answer = by_server(argv, capfd)
        assert answer is not None, f"the server did not answer {command}"
        if answer != here(argv):
            return False
    return True


def test_the_server_answers_as_a_plain_run(served: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Each read command, with and without the server: the same stdout, stderr, exit code."""
    for command in COMMANDS:
        argv = ["--dir", str(served), *command]
        assert by_server(argv, capfd) == here(argv), command


def test_answers_follow_edits_saves_renames_and_deletes(
    served: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """After each change to the vault the served answers become a plain run's again."""
    alpha = served / "alpha.md"
    changes: list[Callable[[], None]] = [
        lambda: alpha.write_text(alpha.read_text() + "\nA zebra token.\n"),
        lambda: (served / "delta.md").write_text("# Delta\n\nA token of [[alpha]].\n"),
        lambda: (served / "gamma.md").unlink(),
        lambda: _save_like_an_editor(served / "beta.md", "# Beta\n\nNo token any more.\n"),
        lambda: _move_folder(served),
    ]
    for change in changes:
        change()
        wait_for(lambda: same_answers(served, capfd))


def _save_like_an_editor(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text)
    os.replace(temporary, path)


def _move_folder(vault: Path) -> None:
    (vault / "sub").mkdir()
    (vault / "sub" / "epsilon.md").write_text("# Epsilon\n\nA token below.\n")
    os.rename(vault / "sub", vault / "moved")


def test_the_installed_command_uses_the_server(served: Path, tmp_path: Path, runtime: Path) -> None:
    """`notes` as installed prints the same through the server as without one."""
    argv = [str(NOTES), "--dir", str(served), "show", "alpha"]
    with_server = subprocess.run(argv, capture_output=True, check=False)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)}
    without = subprocess.run(argv, capture_output=True, env=env, check=False)
    assert with_server.returncode == without.returncode == 0
    assert (with_server.stdout, with_server.stderr) == (without.stdout, without.stderr)


def test_writing_and_other_vaults_run_locally(
    served: Path, make_vault: VaultFactory, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The server declines what it cannot stand in for: writes, help, other vaults."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.md").write_text("# X\n")
    for argv in (
        ["new", "zeta"],
        ["index"],
        ["search", "--help"],
        ["--version"],
        ["graph", "--output", str(tmp_path / "g.html")],
    ):
        assert by_server(["--dir", str(served), *argv], capfd) is None, argv
    assert by_server(["--dir", str(other), "list"], capfd) is None
    assert not (served / "zeta.md").exists()
