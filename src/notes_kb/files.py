"""The one safe way to read a file inside the vault, and to write one.

Reading checks the file that was actually opened, not the name that was asked for: a link
swapped for one pointing out of the vault between the walk and the read is refused, and so
is a FIFO or device swapped in (opened non-blocking, so it can never hang the run). A file
over the size limit is refused from its `fstat` and never read whole. Names are made safe
to print once, where they enter: `display_name` turns bytes that are not UTF-8, control
characters and bidirectional marks into visible escapes, so no name can forge a line of
output or reorder the text around it.

Writing (`notes new`, `edit`, `rename`) replaces a file only through a temporary file beside
it (fsync, then rename, mode kept), only if it is still what was read (size, mtime, sha256),
never through a link out of the vault and never in a read-only vault or file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import unicodedata
from pathlib import Path
from typing import NamedTuple

from notes_kb.digests import sha256
from notes_kb.errors import WriteRefusedError

ENV_MAX_NOTE_BYTES = "NOTES_MAX_NOTE_BYTES"
DEFAULT_MAX_NOTE_BYTES = 5 * 1024 * 1024  # far above any hand-written note, far below RAM
_CHUNK = 1 << 20
# bidirectional controls: they reorder what is printed around them (Trojan Source)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class FileRefusedError(Exception):
    """A file that is not read: outside the vault, not a regular file, or too large."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class FileData(NamedTuple):
    data: bytes
    stat: os.stat_result  # of the opened file


def max_note_bytes(setting: str | None = None) -> int:
    """The size limit of one note: NOTES_MAX_NOTE_BYTES, else `setting` (the vault's
    notes.toml), else 5 MB; in bytes, or with a `k`, `M` or `G` suffix."""
    given = os.environ.get(ENV_MAX_NOTE_BYTES, "").strip() or (setting or "").strip()
    if not given:
        return DEFAULT_MAX_NOTE_BYTES
    scale = {"k": 1024, "m": 1024 * 1024, "g": 1024**3}.get(given[-1].lower(), 1)
    digits = given[:-1] if scale != 1 else given
    try:
        value = int(float(digits) * scale)
    except (ValueError, OverflowError):
        return DEFAULT_MAX_NOTE_BYTES
    return value if value > 0 else DEFAULT_MAX_NOTE_BYTES


def read_inside(path: str, root: str, limit: int | None = None, follow: bool = True) -> FileData:
    """The bytes of the regular file at `path`, which must really be below `root` (a real
    path). `follow=False` refuses a symbolic link as the last component (O_NOFOLLOW).
    Raises FileRefusedError for a refusal, OSError when the file cannot be read."""
    limit = max_note_bytes() if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if not follow and error.errno == errno.ELOOP:  # a plain file became a link
            raise FileRefusedError("symlink", "became a symbolic link; not followed") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefusedError("not-a-file", "not a regular file; skipped")
        if not inside(opened_path(fd, path, info), root):
            raise FileRefusedError("outside-vault", "leads out of the vault; not read")
        if info.st_size > limit:
            raise FileRefusedError("too-large", too_large_message(info.st_size, limit))
        chunks: list[bytes] = []
        total = 0
        while True:  # the file may grow while it is read: never past the limit
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileRefusedError("too-large", too_large_message(total, limit))
        return FileData(b"".join(chunks), info)
    finally:
        os.close(fd)


def too_large_message(size: int, limit: int) -> str:
    return (
        f"file is {_megabytes(size)}, over the {_megabytes(limit)} limit of a note "
        f"(set {ENV_MAX_NOTE_BYTES} to raise it); skipped"
    )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 100_000 else f"{size} bytes"


def opened_path(fd: int, path: str, info: os.stat_result) -> str:
    """The real path of an open file: from /proc where there is one, else the real path of
    the name, accepted only when it is still the same file as the one opened."""
    with contextlib.suppress(OSError):
        link = os.readlink(f"/proc/self/fd/{fd}")
        if link.startswith("/"):
            return link
    real = os.path.realpath(path)
    try:
        again = os.stat(real)
    except OSError:
        return ""
    if (again.st_dev, again.st_ino) != (info.st_dev, info.st_ino):
        return ""  # swapped between the open and this check: not provably inside
    return real


def inside(path: str, top: str) -> bool:
    """Whether a real path is `top` or below it."""
    if not path:
        return False
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def display_name(name: str) -> str:
    """A file name as it can be printed: bytes that are not UTF-8 become `\\xNN`, control
    characters, line separators and bidirectional marks `\\xNN`/`\\uNNNN`. Names that need
    none of that (nearly all) come back unchanged."""
    if name.isascii() and name.isprintable():  # the common case, checked in C
        return name
    if name.isprintable() and not _BIDI.intersection(name):
        return name
    out: list[str] = []
    for char in name:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char in _BIDI or _unprintable(char):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def _unprintable(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] == "C" or category in ("Zl", "Zp")


def write_atomic(path: str | os.PathLike[str], text: str | bytes, durable: bool = True) -> None:
    """Write a whole file or nothing: a temporary file beside it, flushed to disk, then a
    rename. A full disk or a kill leaves the old file as it was and no temporary file
    behind; an existing file keeps its mode. `durable=False`: nothing is flushed to disk
    (a file whose loss, or whose old content after a power cut, costs only work redone)."""
    target = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    temporary = _temporary_copy(target, data, durable)
    try:
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        _sync_folder(target.parent)


def _temporary_copy(target: Path, data: bytes, durable: bool = True) -> str:
    """A temporary file beside `target` holding `data`, on disk (fsync, when `durable`),
    with the mode `target` has (or a new file's mode)."""
    handle, temporary = _new_file(target.parent, f".{target.name[:60]}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        try:
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        except OSError:
            os.chmod(temporary, 0o666 & ~_umask())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


def _new_file(folder: Path, prefix: str) -> tuple[int, str]:
    """A new file of this process's own in `folder` (open for writing, mode 0600), named
    `prefix` and random letters, as `tempfile.mkstemp` makes it: without `tempfile`, whose
    import loads shutil, random, bz2 and lzma (3 to 4 ms of each command that writes the
    cache's checked stamp, as the run after an edit does)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = os.path.join(folder, prefix + os.urandom(6).hex())
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(folder))


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable; where folders cannot be opened, nothing to do."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# Writing into the vault (`notes new`, `edit`, `rename`): every rule in this block.


class Snapshot(NamedTuple):
    """A file as it was read: a write refuses to replace it once it is anything else."""

    size: int
    mtime_ns: int
    digest: str  # sha256 of the bytes

    @classmethod
    def of(cls, data: bytes, info: os.stat_result) -> Snapshot:
        return cls(len(data), info.st_mtime_ns, sha256(data).hexdigest())


def writable_path(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> str:
    """The real path to write for `path` in the vault at `root`, or WriteRefusedError: a
    symbolic link (of the file or a folder above it) leading out of the vault, or a folder,
    file or file system that is read-only. Permission bits are checked as well as access,
    so a read-only vault stays read-only even for root."""
    top = os.path.realpath(root)
    real = os.path.realpath(path)
    shown = display_name(os.path.relpath(os.path.abspath(path), os.path.abspath(root)))
    if not inside(real, top):
        raise WriteRefusedError(f"{shown} leads out of the vault (a symbolic link); not written")
    folder = os.path.dirname(real)
    while not os.path.isdir(folder) and inside(os.path.dirname(folder), top):
        folder = os.path.dirname(folder)  # a folder still to be made: its parent decides
    if _read_only(folder):
        raise WriteRefusedError(f"the vault is read-only: cannot write {shown}")
    if os.path.lexists(real) and not os.stat(real).st_mode & 0o222:
        raise WriteRefusedError(f"{shown} is read-only; not written")
    return real


def _read_only(folder: str) -> bool:
    if not os.access(folder, os.W_OK) or not os.stat(folder).st_mode & 0o222:
        return True
    with contextlib.suppress(OSError, AttributeError):
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    return False


def read_for_write(path: str, root: str) -> tuple[bytes, Snapshot]:
    """A note's bytes and its snapshot, read from the real path a write would replace."""
    read = read_inside(path, os.path.realpath(root))
    return read.data, Snapshot.of(read.data, read.stat)


def ensure_unchanged(path: str, expected: Snapshot, root: str) -> None:
    """Refuse (WriteRefusedError) when the file is no longer what was read: its size,
    modification time or bytes differ, or it is gone."""
    shown = display_name(os.path.relpath(path, os.path.realpath(root)))
    try:
        now = read_for_write(path, root)[1]
    except (OSError, FileRefusedError):
        raise WriteRefusedError(f"{shown} is gone since it was read; not written") from None
    if now != expected:
        raise WriteRefusedError(
            f"{shown} changed on disk since it was read",
            "run the command again to work from the new text",
        )


def replace_checked(path: str, data: bytes, expected: Snapshot, root: str) -> None:
    """Replace a note atomically, keeping its mode, only if it is still as it was read."""
    real = writable_path(path, root)
    ensure_unchanged(real, expected, root)
    write_atomic(real, data)


def create_new(path: str, data: bytes, root: str) -> None:
    """Create a file that must not exist yet, atomically: made whole beside its name, then
    linked in under it, which fails rather than replace anything. Missing folders (inside
    the vault) are made."""
    real = writable_path(path, root)
    shown = display_name(os.path.relpath(path, root))
    os.makedirs(os.path.dirname(real), exist_ok=True)
    temporary = _temporary_copy(Path(real), data)
    try:
        os.link(temporary, real)
    except FileExistsError:
        raise WriteRefusedError(f"{shown} already exists; not overwritten") from None
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(real):
            raise WriteRefusedError(f"{shown} already exists; not overwritten") from None
        os.replace(temporary, real)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    _sync_folder(Path(real).parent)


def move_file(source: str, target: str, root: str) -> None:
    """Rename a note to a name that must be free (a change of case only is allowed) inside
    the vault; folders are made as needed."""
    real_source = writable_path(source, root)
    real_target = writable_path(target, root)
    if os.path.lexists(real_target) and not os.path.samefile(real_source, real_target):
        shown = display_name(os.path.relpath(target, root))
        raise WriteRefusedError(f"{shown} already exists; not overwritten")
    os.makedirs(os.path.dirname(real_target), exist_ok=True)
    os.rename(real_source, real_target)
    _sync_folder(Path(real_target).parent)
    _sync_folder(Path(real_source).parent)


def _umask() -> int:
    if sys.platform == "win32":
        return 0
    mask = os.umask(0)
    os.umask(mask)
    return mask
