"""The `notes` entry point: hand the command to a running `notes serve`, else run it here.

This module is what every `notes` run imports first, so it imports almost nothing: `os`,
`sys`, `_socket` (the C module under `socket`, whose enums cost milliseconds), our
`collector` (`gc`: the run is one command, see there) and `cachehome` (where the cache is,
without platformdirs). With no server running it costs one `stat`. With one, it sends the
arguments, the current folder, the environment, how stdout and stderr are set up (terminal
or not, encoding) and the first of stdin, stdout, stderr that is a terminal (passed as a
file descriptor, so the server measures that terminal's size exactly as Rich would here),
and writes back what the server's run printed, in order, and exits with its code. The
server decides which commands it answers (`cli/serve.py`); whatever it declines, or any
trouble at all (no server, a stale or foreign socket, a server that hangs or dies
mid-answer), and the command runs here as if no server existed, at most about 0.1 s later.

The wire is described in `cli/wire.py`.
"""

from __future__ import annotations

import _socket
import codecs
import os
import sys

from notes_kb import collector
from notes_kb.cachehome import cache_folder
from notes_kb.cli.wire import PAGE, PROTOCOL, SOCKET_FOLDER, STDERR, STDOUT, SUFFIX

CONNECT_SECONDS = 0.05  # a live server accepts at once: the listen queue is the kernel's
ACCEPT_SECONDS = 0.08  # from connecting to the server's first byte
QUIET_SECONDS = 10.0  # after accepting, the server beats every second while it works


def main() -> None:
    """Console entry point: answered by the resident index when one takes the command,
    else run in this process: a plain read command without Typer (`direct`), any other
    by the Typer app. Started with stdout closed (`notes show x >&-`), it says so on stderr
    and exits 1; with stderr closed, what it would say there is dropped."""
    if sys.stdout is None:
        if sys.stderr is not None:
            sys.stderr.write("Error: standard output is closed\n")
        sys.exit(1)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (for the rest of the run)
    unicode_out = _writes_unicode(sys.stdout)
    if not unicode_out:  # `PYTHONIOENCODING=latin-1`, a C locale: a note's "—" becomes "?"
        _replacing(sys.stdout)
    if not _writes_unicode(sys.stderr):
        _replacing(sys.stderr)
    collector.one_run()
    # a server writes UTF-8: another encoding is left to this process, which writes it
    code = answered(sys.argv[1:]) if unicode_out else None
    if code is None:
        from notes_kb.cli.direct import run

        code = run(sys.argv[1:])
        collector.resume()
    if code is None:
        from notes_kb.cli.app import main as run_here

        run_here()
        return
    sys.exit(code)


def _writes_unicode(stream: object) -> bool:
    """The stream encodes every character: UTF-8, -16 or -32 (`codecs` is loaded at start)."""
    try:
        return codecs.lookup(str(getattr(stream, "encoding", None) or "ascii")).name[:3] == "utf"
    except LookupError:
        return False


def _replacing(stream: object) -> None:
    """A stream that writes "?" for a character its encoding lacks, instead of raising."""
    if getattr(stream, "errors", "strict") == "strict" and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")


def answered(argv: list[str]) -> int | None:
    """Run the command on a resident index and print its output: the exit code, or None
    when no server took it (nothing was printed then)."""
    if "_NOTES_COMPLETE" in os.environ or sys.stdout is None or sys.stderr is None:
        return None  # shell completion, or a closed stdout: the local run knows what to do
    folder = socket_folder()
    if folder is None:
        return None
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(SUFFIX))
    except OSError:
        return None
    if not names:
        return None
    message = request(argv)
    handing = handing_over()
    for name in names:
        result = _ask(os.path.join(folder, name), message, handing)
        if result is not None:
            return replay(result)
    return None


def socket_folder() -> str | None:
    """Where servers put their sockets, when that folder is ours and private: the folder
    `notes serve` makes with `index.cachefile.private_folder` (a `notes-kb-UID` sub-folder
    when the first choice is shared), found here without creating anything."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    # else `config.cache_dir`'s folder, without its imports (pathlib, dataclasses)
    base = os.path.join(runtime, SOCKET_FOLDER) if runtime else cache_folder()
    for folder in (base, os.path.join(base, f"notes-kb-{os.geteuid()}")):
        if private(folder, dir_wanted=True):
            return folder
    return None


def private(path: str, dir_wanted: bool) -> bool:
    """The path is a folder (or a socket) of ours that nobody else can write to (for a
    socket: nobody else can use at all)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    kind = info.st_mode & 0o170000
    if kind != (0o040000 if dir_wanted else 0o140000) or info.st_uid != os.geteuid():
        return False
    return not info.st_mode & (0o022 if dir_wanted else 0o077)


def request(argv: list[str]) -> bytes:
    """The command as the server reads it (`serve.read_request`): fields separated by NUL,
    which no argument, path or environment entry can hold."""
    streams = []
    for stream in (sys.stdout, sys.stderr):
        tty = "1" if stream.isatty() else "0"
        streams += [tty, stream.encoding or "utf-8", stream.errors or "strict"]
    handing = b"1" if handing_over() else b"0"
    fields = [PROTOCOL, *(s.encode() for s in streams), handing, os.fsencode(_cwd())]
    fields += [str(len(argv)).encode(), *(os.fsencode(arg) for arg in argv)]
    fields += [os.fsencode(f"{key}={value}") for key, value in os.environ.items()]
    body = b"\0".join(fields)
    return len(body).to_bytes(8, "big") + body


def handing_over() -> bool:
    """Whether the server may write to our stdout and stderr itself (`_ask`): not for a
    terminal's stdout, whose long output a pager here shows."""
    return not sys.stdout.isatty()


def _cwd() -> str:
    try:
        return os.getcwd()
    except OSError:  # the current folder was deleted: the server cannot stand in for us
        return ""


def _terminal() -> list[int]:
    """The first of stdin, stdout, stderr that has a terminal size (Rich's order)."""
    for fd in (0, 1, 2):
        try:
            os.get_terminal_size(fd)
        except OSError:
            continue
        return [fd]
    return []


def _ask(path: str, message: bytes, handing: bool) -> bytearray | None:
    """The result of one server, or None when it declined, failed or is not there.

    When stdout is not a terminal (the request says so), the server may offer (`O`) to
    write what the command printed to our stdout and stderr itself (`serving.hand_over`):
    they are passed then (fds 1 and 2, which `replay` writes to), not with the request, so
    a socket nobody reads never holds a pipe of ours open. The server says `W` before its
    first write, and answers with the exit code and what it could not write. From `W` on
    the output has begun, so the command is never run here: a server that stops then is
    an error."""
    if not private(path, dir_wanted=False):
        return None
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    handed = False
    try:
        sock.settimeout(CONNECT_SECONDS)
        sock.connect(path)
        sock.settimeout(ACCEPT_SECONDS)
        sent = sock.sendmsg([message], _passing(_terminal()))
        if sent < len(message):
            sock.sendall(message[sent:])
        if sock.recv(1) != b"A":
            return None
        sock.settimeout(QUIET_SECONDS)
        while (mark := sock.recv(1)) == b".":
            pass
        if mark == b"O" and handing:  # it ran the command and is there: our stdout, stderr
            sock.sendmsg([b"H"], _passing([1, 2]))
            mark = sock.recv(1)
        if mark == b"W":  # writing to our stdout: as long as a plain run's writes would take
            handed = True
            sock.settimeout(None)
            mark = sock.recv(1)
        if mark != b"R":
            return _cut_short() if handed else None
        size = int.from_bytes(_exactly(sock, 8), "big")
        return _exactly(sock, size)
    except (OSError, ValueError):  # refused, timed out, reset, cut short
        return _cut_short() if handed else None
    finally:
        sock.close()


def _passing(fds: list[int]) -> list[tuple[int, int, bytes]]:
    """The ancillary data that passes these file descriptors."""
    data = b"".join(fd.to_bytes(4, sys.byteorder) for fd in fds)
    return [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, data)] if data else []


def _cut_short() -> bytearray:
    """The result when the server stopped while writing to our stdout: exit code 1, and
    an error on stderr."""
    said = b"Error: notes serve stopped while it printed the output\n"
    return bytearray((1).to_bytes(4, "big") + bytes([STDERR]) + len(said).to_bytes(8, "big") + said)


def _exactly(sock: _socket.socket, size: int) -> bytearray:
    """`size` bytes, received straight into one buffer (105 MB at 100,000 notes for
    `glossary --json`: received in parts and joined, they were copied once more). The
    buffer grows as the bytes arrive: a length read from a foreign socket reserves nothing."""
    received = bytearray(min(size, 1 << 26))
    got = 0
    while got < size:
        if got == len(received):
            received += bytes(min(size - got, got))  # zeroed pages the kernel maps lazily
        count = sock.recv_into(memoryview(received)[got:])
        if not count:
            raise ValueError("the server stopped mid-answer")
        got += count
    return received


def replay(result: bytearray) -> int:
    """Print the chunks the server's run printed, in the order it printed them; a closed
    pipe or a full disk end the run as they end a local one (`app.main`)."""
    code = int.from_bytes(result[:4], "big", signed=True)
    view = memoryview(result)
    at = 4
    try:
        while at < len(result):
            kind, size = result[at], int.from_bytes(result[at + 1 : at + 9], "big")
            data = view[at + 9 : at + 9 + size]  # no copy of the printed bytes
            at += 9 + size
            if kind == PAGE:
                _page(bytes(data))
            else:
                _write(STDOUT if kind == STDOUT else STDERR, data)
    except BrokenPipeError:
        return 1
    except OSError as error:
        import errno

        if error.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
            raise
        sys.stderr.write(f"Error: cannot write the output: {error.strerror}\n")
        return 1
    return code


def _write(fd: int, view: memoryview) -> None:
    while view:
        view = view[os.write(fd, view) :]


def _page(data: bytes) -> None:
    """Long output for a terminal: the pager runs here, on this terminal, as `output.show`
    would have run it; a pager that fails leaves the text printed directly."""
    from notes_kb.cli.pager import page

    size = int.from_bytes(data[:4], "big")
    argv = [os.fsdecode(arg) for arg in data[4 : 4 + size].split(b"\0")]
    shown = data[4 + size :].decode("utf-8", "surrogatepass")
    if not page(shown, argv):
        sys.stdout.write(shown)
        sys.stdout.flush()
