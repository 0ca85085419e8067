"""The server's side of the wire (`cli/wire.py`): reading a request, the streams that
record what a served command prints, the heartbeat while it runs, and the hand-over of
what it printed: sent back over the socket, or written to the client's own stdout and
stderr when the client passed them."""

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

Chunk = tuple[int, bytearray | memoryview]  # a stream's kind and the bytes printed to it


def answer_pieces(code: int, chunks: list[Chunk]) -> list[bytes | bytearray | memoryview]:
    """The wire's `R` answer for a run that exited with `code` and printed `chunks`, in
    pieces to send one after the other. A large chunk's bytes are a piece of their own,
    never copied into one body: at 100,000 notes `glossary --json` prints 105 MB, and each
    copy of it took 50 to 100 ms."""
    pieces: list[bytes | bytearray | memoryview] = []
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
        self.handing = fields[7] == b"1"  # it passes its stdout and stderr when offered
        self.cwd = os.fsdecode(fields[8])
        count = int(fields[9])
        self.argv = [os.fsdecode(arg) for arg in fields[10 : 10 + count]]
        pairs = (os.fsdecode(entry).partition("=") for entry in fields[10 + count :])
        self.environ = {key: value for key, _, value in pairs if key}
        if not self.cwd:
            raise ValueError("the client has no current folder")


class Sink(io.RawIOBase):
    """The bottom of a recorded stream: bytes in the order they were written, per stream.
    A large write of bytes that cannot change (the kept `glossary --json`, 10 MB at 10,000
    notes) is kept as a view of them, not copied."""

    def __init__(self, chunks: list[Chunk], kind: int, tty: bool) -> None:
        super().__init__()
        self.chunks, self.kind, self.tty = chunks, kind, tty

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.tty

    def write(self, data: Any) -> int:
        view = memoryview(data)
        size = view.nbytes
        if self.chunks and self.chunks[-1][0] == self.kind:
            last = self.chunks[-1][1]
            if isinstance(last, memoryview):
                last = bytearray(last)
                self.chunks[-1] = (self.kind, last)
            last.extend(view)
        elif size >= _APART and isinstance(view.obj, bytes):
            self.chunks.append((self.kind, view.cast("B")))
        else:
            self.chunks.append((self.kind, bytearray(view)))
        return size


def recorded_stream(
    chunks: list[Chunk], kind: int, setup: tuple[bool, str, str]
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


def outputs(conn: socket.socket) -> list[int]:
    """The client's stdout and stderr, passed in answer to the server's `O`."""
    data, fds, _, _ = socket.recv_fds(conn, 1, 2)
    if data != b"H" or len(fds) != 2:
        for fd in fds:
            os.close(fd)
        raise ValueError("no stdout and stderr passed")
    return fds


def hand_over(conn: socket.socket, code: int, chunks: list[Chunk], outs: list[int]) -> None:
    """Write what a command printed to the client's own stdout and stderr (`outs`), in the
    order it was printed, instead of sending it to be copied through the client; then
    answer `R` with the exit code and whatever could not be written (from the first failed
    write on: the client writes it and meets the same closed pipe or full disk a plain run
    meets). `W` first tells the client that it must not run the command itself any more.
    Both descriptors are closed before the answer, so a reader of the client's pipe sees
    its end when the client exits. Run on a thread of its own: a slow reader (`| less`)
    holds this command, not the server."""
    with conn, contextlib.suppress(OSError):  # (a client gone: nobody to tell)
        try:
            conn.sendall(b"W")
            rest = _written(chunks, outs)
        finally:
            for fd in outs:
                os.close(fd)
        for piece in answer_pieces(code, rest):
            conn.sendall(piece)


def _written(chunks: list[Chunk], outs: list[int]) -> list[Chunk]:
    """Write the chunks to stdout and stderr; the chunks left when a write failed."""
    for at, (kind, data) in enumerate(chunks):
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(outs[0] if kind == wire.STDOUT else outs[1], view) :]
        except OSError:
            return [(kind, view), *chunks[at + 1 :]]
    return []
