"""The resident index writing a command's output to the client's own stdout and stderr
(`serving.hand_over`): byte for byte what a plain run prints, to a file or a pipe, also
after edits; a reader that stops early ends the run as it ends a plain one; a server that
stops before its first write leaves the run to the client, one that stops after it is an
error, never output printed twice; a terminal's stdout is never handed over."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from notes_kb.cli import client, wire
from tests.conftest import VaultFactory
from tests.test_serve import (
    FILES,
    NOTES,
    by_server,
    runtime,
    scripted_server,
    served,
    start,
    stop,
    wait_for,
)

__all__ = ["runtime", "served"]  # fixtures, used by name

Script = Callable[[socket.socket], None]


def _to_file(argv: list[str], path: Path, env: dict[str, str] | None = None) -> tuple[int, bytes]:
    """The installed `notes`, stdout to a file: its exit code, and what stderr said."""
    with path.open("wb") as out:
        run = subprocess.run(
            [str(NOTES), *argv], stdout=out, stderr=subprocess.PIPE, env=env, check=False
        )
    return run.returncode, run.stderr


def test_output_written_by_the_server_is_a_plain_runs(
    make_vault: VaultFactory, runtime: Path, tmp_path: Path
) -> None:
    """`glossary --json`, `search` and `show` to a file: the same bytes, stderr and exit
    code with the server as without, before and after an edit."""
    vault = make_vault(FILES)
    plain = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path / "none")}
    server = start(vault)
    try:
        for edit in (False, True):
            if edit:
                note = vault / "alpha.md"
                note.write_text(note.read_text() + "\n**Zebra token**: a striped token.\n")
            for command in (["glossary", "--json"], ["search", "token"], ["show", "alpha"]):
                argv = ["--dir", str(vault), *command]
                expected = _to_file(argv, tmp_path / "plain", plain)
                printed = (tmp_path / "plain").read_bytes()
                wait_for(lambda a=argv, e=expected, p=printed: _served_is(a, e, p, tmp_path))
    finally:
        stop(server)


def _served_is(argv: list[str], run: tuple[int, bytes], printed: bytes, tmp_path: Path) -> bool:
    """With the server, the installed `notes` exits and prints as a plain run did."""
    served_run = _to_file(argv, tmp_path / "served")
    return served_run == run and (tmp_path / "served").read_bytes() == printed


def test_a_reader_that_stops_early_ends_the_run_as_without_a_server(
    served: Path, tmp_path: Path
) -> None:
    """`notes glossary --json | head -c 1`: the exit code and stderr of a plain run."""
    vault = make_big_glossary(served)
    script = f"'{NOTES}' --dir '{vault}' glossary --json | head -c 1; exit ${{PIPESTATUS[0]}}"
    plain = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path / "none")}
    results = []
    for env in (None, plain):
        run = subprocess.run(["bash", "-c", script], capture_output=True, env=env, timeout=30)
        results.append((run.returncode, run.stdout, run.stderr))
    assert results[0] == results[1]


def make_big_glossary(vault: Path) -> Path:
    """Enough definitions that the glossary's JSON outgrows a pipe's buffer."""
    lines = "".join(f"- **Term{n}**: the {n}th made-up word of this vault.\n" for n in range(3000))
    (vault / "many.md").write_text(f"# Many\n\n{lines}")
    return vault


def _offered(conn: socket.socket) -> list[int]:
    conn.sendall(b"AO")
    data, fds, _, _ = socket.recv_fds(conn, 1, 2)
    assert data == b"H" and len(fds) == 2
    return fds


def _writes(conn: socket.socket, printed: bytes, said: bytes = b"") -> None:
    """Take the client's stdout and stderr, say `W`, write to them, close them."""
    out, err = _offered(conn)
    conn.sendall(b"W")
    os.write(out, printed)
    if said:
        os.write(err, said)
    os.close(out)
    os.close(err)


def _asked(runtime: Path, vault: Path, script: Script, capfd: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    listener, thread = scripted_server(runtime, "fake", script)
    try:
        return by_server(["--dir", str(vault), "list"], capfd)
    finally:
        thread.join()
        listener.close()


def test_what_the_server_writes_and_what_it_could_not_are_both_printed(
    make_vault: VaultFactory, runtime: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Written by the server, then the rest sent back: printed once each, in order."""

    def script(conn: socket.socket) -> None:
        _writes(conn, b"written\n", b"said\n")
        rest = b"\0\0\0\3" + bytes([wire.STDOUT]) + (5).to_bytes(8, "big") + b"rest\n"
        conn.sendall(b"R" + len(rest).to_bytes(8, "big") + rest)

    assert _asked(runtime, make_vault(FILES), script, capfd) == (3, "written\nrest\n", "said\n")


def test_a_server_gone_before_writing_leaves_the_run_to_the_client(
    make_vault: VaultFactory, runtime: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Offered, passed stdout and stderr, then gone without a write: a local run."""

    def script(conn: socket.socket) -> None:
        for fd in _offered(conn):
            os.close(fd)

    assert _asked(runtime, make_vault(FILES), script, capfd) is None


def test_a_server_gone_while_writing_is_an_error_not_a_second_run(
    make_vault: VaultFactory, runtime: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Gone after its first write: exit 1, an error, and the command not run again."""

    def script(conn: socket.socket) -> None:
        _writes(conn, b"half")

    said = "Error: notes serve stopped while it printed the output\n"
    assert _asked(runtime, make_vault(FILES), script, capfd) == (1, "half", said)


def test_a_terminal_is_not_handed_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal's stdout stays the client's (its pager runs there); a file's is offered."""
    master, slave = os.openpty()
    try:
        with os.fdopen(os.dup(slave), "w") as terminal:
            monkeypatch.setattr("sys.stdout", terminal)
            assert not client.handing_over()
            assert client.request([])[8:].split(b"\0")[7] == b"0"
    finally:
        os.close(master)
        os.close(slave)
    with open(os.devnull, "w") as file:
        monkeypatch.setattr("sys.stdout", file)
        assert client.handing_over()
