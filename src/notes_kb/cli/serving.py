"""The server's side of the wire (`cli/wire.py`): reading a request, the streams that
record what a served command prints, and the heartbeat while it runs."""

from __future__ import annotations

import contextlib
import io
import os
import socket
import threading
from collections.abc import Iterator
from typing import Any

from notes_kb.cli import wire

_APART = 1 << 16  # printed bytes of a chunk from this size on are sent as they are, not copied


def answer_pieces(code: int, chunks: list[tuple[int, bytearray]]) -> list[bytes | bytearray]:
    """The wire's `R` answer for a run that exited with `code` and printed `chunks`, in
    pieces to send one after the other. A large chunk's bytes are a piece of their own,
    never copied into one body: at 100,000 notes `glossary --json` prints 105 MB, and each
    copy of it took 50 to 100 ms."""
    pieces: list[bytes | bytearray] = []
    head = bytearray(code.to_bytes(4, "big", signed=True))
    for kind, data in chunks:
        head += bytes([kind]) + len(data).to_bytes(8, "big")
        if len(data) < _APART:
            head += data
        else:
            pieces += [head, data]
            head = bytearray()
    pieces.append(head)
    size = sum(len(piece) for piece in pieces)
    pieces[0] = b"R" + size.to_bytes(8, "big") + pieces[0]
    return [piece for piece in pieces if piece]


class Request:
    """What a client sent (`client.request`): its streams, folder, arguments, environment."""

    def __init__(self, message: bytes) -> None:
        fields = message.split(b"\0")
        if fields[0] != wire.PROTOCOL:
            raise ValueError("not a request of this version")
        self.stdout = (fields[1] == b"1", fields[2].decode(), fields[3].decode())
        self.stderr = (fields[4] == b"1", fields[5].decode(), fields[6].decode())
        self.cwd = os.fsdecode(fields[7])
        count = int(fields[8])
        self.argv = [os.fsdecode(arg) for arg in fields[9 : 9 + count]]
        pairs = (os.fsdecode(entry).partition("=") for entry in fields[9 + count :])
        self.environ = {key: value for key, _, value in pairs if key}
        if not self.cwd:
            raise ValueError("the client has no current folder")


class Sink(io.RawIOBase):
    """The bottom of a recorded stream: bytes in the order they were written, per stream."""

    def __init__(self, chunks: list[tuple[int, bytearray]], kind: int, tty: bool) -> None:
        super().__init__()
        self.chunks, self.kind, self.tty = chunks, kind, tty

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.tty

    def write(self, data: Any) -> int:
        if self.chunks and self.chunks[-1][0] == self.kind:
            self.chunks[-1][1].extend(data)
        else:
            self.chunks.append((self.kind, bytearray(data)))
        return len(data)


def recorded_stream(
    chunks: list[tuple[int, bytearray]], kind: int, setup: tuple[bool, str, str]
) -> io.TextIOWrapper:
    """A text stream set up like the client's: its encoding, its errors, buffered by line
    when it is a terminal (stderr always is, as Python sets it up)."""
    tty, encoding, errors = setup
    raw = io.BufferedWriter(Sink(chunks, kind, tty))
    lines = tty or kind == wire.STDERR
    return io.TextIOWrapper(raw, encoding=encoding, errors=errors, line_buffering=lines)


def read_request(conn: socket.socket) -> tuple[bytes, list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 4)
    if len(data) < 8:
        raise ValueError("a request cut short")
    size = int.from_bytes(data[:8], "big")
    parts = [data[8:]]
    got = len(parts[0])
    while got < size:
        part = conn.recv(min(size - got, 1 << 20))
        if not part:
            raise ValueError("a request cut short")
        parts.append(part)
        got += len(part)
    return b"".join(parts), fds


@contextlib.contextmanager
def beating(conn: socket.socket) -> Iterator[None]:
    """Send `.` every second while a command runs, so the client tells slow from hung."""
    done = threading.Event()

    def beat() -> None:
        while not done.wait(1.0):
            try:
                conn.sendall(b".")
            except OSError:
                return

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
