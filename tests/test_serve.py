"""The resident index (`notes serve`): the same answers as a plain run, also after edits,
saves, renames and deletes; a dead, hung, foreign or misplaced socket never makes a
command fail or hang; the server is private, alone per vault, and stops when idle."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_kb.cli import client, wire
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
    ["glossary", "--json"],
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
    # the server builds the index before it listens: a big vault on a loaded machine takes
    # seconds, so this deadline only guards against a hang
    wait_for(lambda: any(folder.glob("*.sock")) or server.poll() is not None, seconds=30.0)
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


def server_answer(argv: list[str], capfd: pytest.CaptureFixture[str]) -> Run | None:
    """What the resident index printed, given a few tries: on a loaded machine it may miss
    the client's 80 ms to accept, and the client then runs the command itself, as it should.
    None when it never answered within 10 s (20 tries were too few at a load of 8 on 2 cores)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        answer = by_server(argv, capfd)
        if answer is not None:
            return answer
    return None


def answers(argv: list[str], capfd: pytest.CaptureFixture[str]) -> bool:
    """The server answers, given a few tries (see server_answer)."""
    return server_answer(argv, capfd) is not None


def here(argv: list[str]) -> Run:
    """What a plain run of the CLI prints, in this process."""
    result = CliRunner().invoke(app, argv)
    return result.exit_code, result.stdout, result.stderr


def same_answers(vault: Path, capfd: pytest.CaptureFixture[str], settling: bool = False) -> bool:
    """Every read command answered by the server exactly as by a plain run. While the
    server is still `settling` after a change, a command it did not answer in time (the
    client then runs it itself, as a user's would) is asked again, up to wait_for's
    deadline; otherwise the server must answer."""
    for command in COMMANDS:
        argv = ["--dir", str(vault), *command]
        answer = by_server(argv, capfd)
        if answer is None and settling:
            return False
        assert answer is not None, f"the server did not answer {command}"
        if answer != here(argv):
            return False
    return True


def test_the_server_answers_as_a_plain_run(served: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Each read command, with and without the server: the same stdout, stderr, exit code;
    asked again (answers the server kept), the same again."""
    for command in COMMANDS * 2:
        argv = ["--dir", str(served), *command]
        assert server_answer(argv, capfd) == here(argv), command


def test_megabytes_of_output_arrive_byte_for_byte(
    make_vault: VaultFactory, runtime: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """An answer of megabytes (a note of 60,000 lines, non-ASCII ones among them), sent and
    received in pieces, prints exactly what a plain run prints."""
    lines = "".join(
        f"Line {n}: a token, {'ünïcödé — ' * (n % 3)}{n * 7919}\n" for n in range(60000)
    )
    # in a fenced block, which no definition is read from: a second to index, not eight
    vault = make_vault({**FILES, "big.md": f"# Big\n\n```text\n{lines}```\n"})
    server = start(vault)
    try:
        argv = ["--dir", str(vault), "show", "big", "--raw"]  # (rendered: 15 s of Rich)
        answer = server_answer(argv, capfd)
        assert answer is not None and len(answer[1].encode()) > 2_000_000
        assert answer == here(argv)
    finally:
        stop(server)


def test_answers_follow_edits_saves_renames_and_deletes(
    served: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """After each change to the vault the served answers become a plain run's again,
    the problems summed up on stderr (kept by the server between commands) included."""
    alpha = served / "alpha.md"
    broken = served / "broken.md"
    changes: list[Callable[[], None]] = [
        lambda: alpha.write_text(alpha.read_text() + "\nA zebra token.\n"),
        lambda: broken.write_text("---\ntitle: [unclosed\n---\n# Broken\n\nA token.\n"),
        lambda: (served / "binary.md").write_bytes(b"a token\0in a binary file"),
        lambda: broken.unlink(),
        lambda: (served / "delta.md").write_text("# Delta\n\nA token of [[alpha]].\n"),
        lambda: (served / "gamma.md").unlink(),
        lambda: _save_like_an_editor(served / "beta.md", "# Beta\n\nNo token any more.\n"),
        lambda: _move_folder(served),
    ]
    for change in changes:
        change()
        wait_for(lambda: same_answers(served, capfd, settling=True))


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


def fake_server(runtime: Path, name: str, listen: bool = True) -> socket.socket:
    """A socket of ours, 0600, in the socket folder, as a server's would be."""
    folder = runtime / "notes-kb"
    folder.mkdir(mode=0o700, exist_ok=True)
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / f"{name}{wire.SUFFIX}"))
    os.chmod(folder / f"{name}{wire.SUFFIX}", 0o600)
    if listen:
        listener.listen(1)
    return listener


def scripted_server(
    runtime: Path, name: str, script: Callable[[socket.socket], None]
) -> tuple[socket.socket, threading.Thread]:
    """A fake server (`fake_server`) that accepts one command, reads it and answers it as
    `script` says, on a thread: join the thread, then close the listener."""
    listener = fake_server(runtime, name)
    listener.settimeout(5)

    def serve_one() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(1 << 16)
            script(conn)

    thread = threading.Thread(target=serve_one)
    thread.start()
    return listener, thread


def timed_fallback(vault: Path, capfd: pytest.CaptureFixture[str]) -> float:
    """Seconds the client spent before deciding to run the command itself."""
    started = time.monotonic()
    assert by_server(["--dir", str(vault), "list"], capfd) is None
    return time.monotonic() - started


def test_a_stale_socket_or_a_file_in_its_place_is_passed_over(
    make_vault: VaultFactory, runtime: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A dead server's socket, a plain file or a folder named like a socket: a local run."""
    vault = make_vault(FILES)
    fake_server(runtime, "dead", listen=False).close()
    folder = runtime / "notes-kb"
    (folder / f"file{wire.SUFFIX}").write_text("not a socket")
    (folder / f"dir{wire.SUFFIX}").mkdir()
    assert timed_fallback(vault, capfd) < 0.2


def test_a_server_that_never_answers_costs_at_most_a_tenth_of_a_second(
    make_vault: VaultFactory, runtime: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A socket that accepts and stays silent: the command runs locally, ~0.1 s later."""
    vault = make_vault(FILES)
    silent = fake_server(runtime, "silent")
    try:
        assert timed_fallback(vault, capfd) < 0.25
        run = subprocess.run([str(NOTES), "--dir", str(vault), "list"], capture_output=True)
        assert run.returncode == 0 and b"alpha" in run.stdout
    finally:
        silent.close()


def test_a_server_dying_mid_answer_leaves_the_run_to_the_client(
    make_vault: VaultFactory, runtime: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Accepted, then cut off halfway through the result: nothing printed twice or lost."""
    vault = make_vault(FILES)

    def answer_half(conn: socket.socket) -> None:
        conn.sendall(b"A.R" + (1000).to_bytes(8, "big") + b"\0\0\0\0\1")

    listener, thread = scripted_server(runtime, "dying", answer_half)
    try:
        assert timed_fallback(vault, capfd) < 0.2
    finally:
        thread.join()
        listener.close()


def test_a_socket_or_folder_others_could_use_is_never_used(
    served: Path, runtime: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Another owner, or bits that let others in, on the socket or its folder: not used."""
    folder = runtime / "notes-kb"
    path = next(folder.glob(f"*{wire.SUFFIX}"))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    argv = ["--dir", str(served), "list"]
    assert answers(argv, capfd)
    for target, mode in ((path, 0o660), (folder, 0o770)):
        os.chmod(target, mode)
        assert by_server(argv, capfd) is None
        os.chmod(target, 0o600 if target == path else 0o700)
    if os.geteuid() == 0:  # only root can give a file away
        os.chown(path, 4242, 4242)
        assert by_server(argv, capfd) is None
        os.chown(path, 0, 0)
    assert answers(argv, capfd)


def test_one_server_per_vault(served: Path) -> None:
    """A second server for the same vault refuses with one line naming the first."""
    second = subprocess.run(
        [str(NOTES), "--dir", str(served), "serve"], capture_output=True, timeout=10
    )
    assert second.returncode == 1
    lines = second.stderr.decode().splitlines()
    assert len(lines) == 1 and "already running" in lines[0], lines


def test_idle_and_signals_stop_the_server_and_remove_its_socket(
    make_vault: VaultFactory, runtime: Path
) -> None:
    """--idle ends a server left alone; SIGTERM ends one at once; no socket stays."""
    vault = make_vault(FILES)
    idle = start(vault, "--idle", "0.005")  # 0.3 s
    idle.wait(timeout=5)
    assert "idle" in stop(idle)
    assert not list((runtime / "notes-kb").glob(f"*{wire.SUFFIX}"))
    busy = start(vault)
    assert "stopped" in stop(busy)
    assert not list((runtime / "notes-kb").glob(f"*{wire.SUFFIX}"))


def test_the_server_stops_when_its_vault_is_renamed(
    make_vault: VaultFactory, runtime: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Its vault's folder renamed, the server ends; commands on the new name run locally."""
    vault = make_vault(FILES)
    server = start(vault)
    moved = vault.rename(vault.with_name("renamed"))
    server.wait(timeout=5)
    assert "gone" in stop(server)
    assert by_server(["--dir", str(moved), "list"], capfd) is None


@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("given", [True, False])
def test_without_a_runtime_folder_the_client_looks_where_the_server_listens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: bool, shared: bool
) -> None:
    """With no XDG_RUNTIME_DIR, the client looks for sockets in the folder `notes serve`
    makes them in: the cache folder (NOTES_CACHE_DIR, `~` expanded, or the user's cache
    folder), or its `notes-kb-UID` sub-folder when that folder is shared."""
    from notes_kb.index.cachefile import private_folder

    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if given:
        monkeypatch.setenv("NOTES_CACHE_DIR", "~/caches//notes/")
        base = tmp_path / "home" / "caches" / "notes"
    else:
        monkeypatch.delenv("NOTES_CACHE_DIR")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        base = tmp_path / "xdg" / "notes-kb"
    if shared:
        base.mkdir(parents=True)
        base.chmod(0o777)
    listening = private_folder(None).path  # `serve`'s folder without a runtime folder
    assert listening == (base / f"notes-kb-{os.geteuid()}" if shared else base)
    found = client.socket_folder()
    assert found is not None and Path(found) == listening
