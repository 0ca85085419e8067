"""`notes serve`: a resident index. It keeps one vault's cache open and fresh (refreshed only
after the file system reports a change, `index/watch.py`) and answers `notes` read commands
sent over a Unix socket by `cli/client.py`, so such a command needs neither the walk over
every file nor the import of the CLI stack.

A command is run here by the very same Typer app, in this process, with the client's
arguments, current folder and environment, its terminal (for the size Rich measures) and
streams that say what the client's say (terminal or not, encoding); what it prints is
recorded in order and sent back. Results are identical to a local run by construction. The
server declines (and the client runs the command itself) whatever it cannot stand in for:
another vault, cache or size limit, a command that writes or asks (`new`, `edit`, `study`,
`index`, `graph --output`...), `--help`, `--version`.

The socket lives in a private folder (`$XDG_RUNTIME_DIR/notes-kb/`, else the cache folder;
0700, refused when another user owns it or others can write to it), is 0600, and is named
after the vault like its cache file. A lock file beside it keeps to one server per vault.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click
import typer

from notes_kb import collector
from notes_kb.cli import session, wire
from notes_kb.cli.kept_kb import KeptKnowledgeBase
from notes_kb.cli.pager import PAGING
from notes_kb.cli.params import vault_dir
from notes_kb.config import ENVIRONMENT, Location, cache_dir, locate_from
from notes_kb.errors import NotesError
from notes_kb.index.cachefile import database_name, private_folder
from notes_kb.kb import KnowledgeBase

if TYPE_CHECKING:  # the server's own machinery loads with `notes serve`, not every command
    import socket

    from notes_kb.cli.serving import Chunk, Request
    from notes_kb.index.watch import VaultWatch

T = TypeVar("T")

# the commands that only read the vault and print; every other runs in the client
READ_COMMANDS = frozenset(
    "show list tree check links tags graph glossary define concepts search".split()
)
_LIMIT = ENVIRONMENT["max_note_bytes"]
_MAX_PATH = 100  # a Unix socket path holds at most 107 bytes


class _Stop(BaseException):
    """SIGTERM or SIGINT: end the server (not the command it runs: click would catch that)."""


def serve(
    ctx: typer.Context,
    idle: float = typer.Option(
        30.0, "--idle", metavar="MINUTES", min=0.0, help="Stop after this many minutes idle."
    ),
) -> None:
    """Keep the vault's index open and fresh, and answer `notes` read commands from it."""
    collector.lasting()
    root = ctx.find_root()
    before = dict(os.environ)  # the vault's own size limit is set into it by open_kb
    kb = session.open_kb(vault_dir(ctx))
    server = Server(kb, root.command, before, idle * 60)
    server.run()


class Server:
    """One vault's resident index on one socket; `run()` answers until idle or stopped."""

    def __init__(
        self, kb: KnowledgeBase, group: click.Command, environ: dict[str, str], idle: float
    ) -> None:
        self.location: Location = kb.location
        index = kb.index
        if index.path is None:
            raise NotesError("the cache cannot be written; `notes serve` needs a cache file")
        self.kb = KeptKnowledgeBase(self.location)
        self.kb._index = index  # already open and refreshed by the command's start
        self.kb.seen = index.meta("last_change")
        self.group = group
        self.cache = cache_dir()
        self.limit = environ.get(_LIMIT)
        self.idle = idle
        self.socket_path, self.lock_path = _paths(self.location)
        self.root_id = _identity(self.location.root)
        self.cache_id = _identity(index.path)
        self.log = sys.stderr.fileno()

    def run(self) -> None:
        """Bind, watch, answer; on the way out (idle, a signal, the vault gone) the socket
        and lock file are removed."""
        from notes_kb.index.watch import VaultWatch  # watchdog: only a server needs it

        lock = _take_lock(self.lock_path, self.location)
        watch = VaultWatch(self.location.root, _inside(self.cache, self.location.root))
        listener = None
        try:
            for number in (signal.SIGTERM, signal.SIGINT):
                signal.signal(number, _stop)
            listener = _listen(self.socket_path)
            if not watch.start():
                self.say(f"{watch.problem}; refreshing before every command instead")
            self.say(
                f"serving {self.location.root} on {self.socket_path} "
                f"(stops after {self.idle / 60:g} minutes idle)"
            )
            self._detach()
            self.loop(listener, watch)
        except _Stop:
            self.say("stopped")
        finally:
            watch.stop()
            if listener is not None:
                listener.close()
            for path in (self.socket_path, self.lock_path):
                with contextlib.suppress(OSError):
                    path.unlink()
            os.close(lock)

    def loop(self, listener: socket.socket, watch: VaultWatch) -> None:
        listener.settimeout(min(0.5, max(self.idle / 4, 0.05)))
        last = time.monotonic()
        while True:
            if watch.gone or _identity(self.location.root) != self.root_id:
                return self.say(f"the vault {self.location.root} is gone; stopping")
            if _identity(self.socket_path) is None:
                return self.say(f"the socket {self.socket_path} was removed; stopping")
            if time.monotonic() - last > self.idle:
                return self.say("idle; stopping")
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                self.answer(conn, watch)
            last = time.monotonic()

    def answer(self, conn: socket.socket, watch: VaultWatch) -> None:
        """One command: read it, decline or accept it, run it, send what it printed."""
        from notes_kb.cli.serving import Request, answer_pieces, beating, read_request

        fds: list[int] = []
        try:
            conn.settimeout(1.0)
            message, fds = read_request(conn)
            asked = Request(message)
            with self.client_side(asked, fds[:1]):
                if not self.takes(asked):
                    conn.sendall(b"L")
                    return
                conn.sendall(b"A")
                self.kb.note(watch.changes())
                if _identity(self.kb.index.path) != self.cache_id:  # rebuilt by another run
                    self.kb = KeptKnowledgeBase(self.location)
                    self.cache_id = _identity(self.kb.index.path)
                with beating(conn):
                    result = self.execute(asked)
                self.kb.after_command()
            conn.settimeout(30)
            if result is not None and asked.handing and all(k != wire.PAGE for k, _ in result[1]):
                self._hand_over(conn, *result)
                return
            for piece in answer_pieces(*result) if result is not None else [b"L"]:
                conn.sendall(piece)
        except (OSError, ValueError, UnicodeError):
            pass  # a client that went away or spoke nonsense: it runs the command itself
        finally:
            for fd in fds:
                os.close(fd)

    def _hand_over(self, conn: socket.socket, code: int, chunks: list[Chunk]) -> None:
        """Offer to write the output to the client's own stdout and stderr (`O`); once the
        client passed them, write it there on a thread of its own (`serving.hand_over`),
        with its own copy of the connection."""
        import threading

        from notes_kb.cli.serving import hand_over, outputs

        conn.sendall(b"O")
        outs = outputs(conn)
        writer = threading.Thread(target=hand_over, args=(conn.dup(), code, chunks, outs))
        writer.daemon = True
        writer.start()

    def takes(self, asked: Request) -> bool:
        """Whether this server can stand in for the client: a read command, on this vault
        with this cache and size limit (read under the client's environment)."""
        argv = asked.argv
        try:
            ctx = self.group.make_context("notes", list(argv), resilient_parsing=True)
            rest = [*getattr(ctx, "_protected_args", []), *ctx.args]  # click keeps it apart
            if ctx.params.get("version") or not rest or rest[0] not in READ_COMMANDS:
                return False
            if "--help" in rest:
                return False
            command = self.group.get_command(ctx, rest[0])  # type: ignore[attr-defined]
            sub = command.make_context(rest[0], rest[1:], parent=ctx, resilient_parsing=True)
            if sub.params.get("output_file"):  # graph --output writes a file
                return False
            location, _ = locate_from(ctx.params.get("directory"), Path(asked.cwd))
        except (click.ClickException, NotesError, OSError, ValueError):
            return False
        same_limit = os.environ.get(_LIMIT) == self.limit
        return location == self.location and cache_dir() == self.cache and same_limit

    def execute(self, asked: Request) -> tuple[int, list[Chunk]] | None:
        """Run the command with streams that record what it prints: its exit code and what
        it printed; None when it raised (a bug): the client then runs it itself and shows the
        traceback a run shows."""
        from notes_kb.cli.serving import recorded_stream

        chunks: list[Chunk] = []
        out = recorded_stream(chunks, wire.STDOUT, asked.stdout)
        err = recorded_stream(chunks, wire.STDERR, asked.stderr)

        def handoff(text: str, argv: list[str]) -> bool:
            out.flush()
            err.flush()
            head = b"\0".join(os.fsencode(arg) for arg in argv)
            page = len(head).to_bytes(4, "big") + head + text.encode("utf-8", "surrogatepass")
            chunks.append((wire.PAGE, bytearray(page)))
            return True

        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        PAGING.handoff = handoff
        session.resident = self.resident
        session.keeper = self.kb
        try:
            code = _exit_code(self.group, asked.argv)
            out.flush()
            err.flush()
        except Exception:
            os.write(self.log, traceback.format_exc().encode(errors="replace"))
            return None
        finally:
            sys.stdout, sys.stderr = saved
            PAGING.handoff = None
            session.resident = None
            session.keeper = None
        return code, chunks

    def resident(self, directory: str | None) -> KnowledgeBase | None:
        """The kept knowledge base, for `session.open_kb` (the vault was checked already)."""
        return self.kb

    @contextlib.contextmanager
    def client_side(self, asked: Request, terminal: list[int]) -> Iterator[None]:
        """The client's environment, current folder and terminal (as fd 0, where Rich
        looks first for a size) for the length of one command."""
        saved = dict(os.environ)
        here = os.getcwd()
        os.environ.clear()
        os.environ.update(asked.environ)
        try:
            os.chdir(asked.cwd)
            if terminal:
                os.dup2(terminal[0], 0)
            yield
        finally:
            _devnull(0)
            os.chdir(here)
            os.environ.clear()
            os.environ.update(saved)

    def _detach(self) -> None:
        """Keep stderr for the server's own lines; point 0, 1 and 2 at /dev/null, so that
        no terminal of the server's is measured or written to while it runs a command."""
        self.log = os.dup(2)
        for fd in (0, 1, 2):
            _devnull(fd)

    def say(self, message: str) -> None:
        with contextlib.suppress(OSError):
            os.write(self.log, f"notes serve: {message}\n".encode(errors="replace"))


def _exit_code(group: click.Command, argv: list[str]) -> int:
    """Run the app as `app.main` runs it, and the code it would exit with."""
    try:
        group.main(args=argv, prog_name="notes", standalone_mode=True)
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        sys.stderr.write(f"{done.code}\n")
        return 1
    return 0


def _paths(location: Location) -> tuple[Path, Path]:
    """The socket and its lock file: named like the vault's cache file, in the private
    socket folder."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    found = private_folder(Path(runtime) / wire.SOCKET_FOLDER if runtime else None)
    if found.path is None:
        raise NotesError(f"no private folder for the socket: {found.problem}")
    name = database_name(location).removesuffix(".sqlite")
    path = found.path / (name + wire.SUFFIX)
    if len(os.fsencode(path)) > _MAX_PATH:  # a long folder: the vault's hash alone
        name = name.rsplit("-", 1)[1]
        path = found.path / (name + wire.SUFFIX)
    if len(os.fsencode(path)) > _MAX_PATH:
        raise NotesError(f"the socket folder's path is too long: {found.path}")
    return path, found.path / (name + ".lock")


def _take_lock(path: Path, location: Location) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        pid = os.read(fd, 32).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise NotesError(f"a server for {location.root} is already running (pid {pid})") from None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def _listen(path: Path) -> socket.socket:
    """Bind the socket 0600; whatever a dead server left at the path goes first (the lock
    says no server lives)."""
    import socket

    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    mask = os.umask(0o177)
    try:
        listener.bind(str(path))
    finally:
        os.umask(mask)
    os.chmod(path, 0o600)
    listener.listen(16)
    return listener


def _identity(path: Path | None) -> tuple[int, int] | None:
    try:
        info = os.stat(path) if path is not None else None
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if info is not None else None


def _inside(folder: Path, root: Path) -> Path | None:
    """The cache folder when it is inside the vault (its writes are no change of notes)."""
    try:
        real = folder.resolve()
    except OSError:
        return None
    return real if real.is_relative_to(root) else None


def _devnull(fd: int) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, fd)
    os.close(null)


def _stop(signum: int, frame: object) -> None:
    raise _Stop
