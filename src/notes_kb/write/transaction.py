"""Apply planned file changes all or nothing: check every file first, then move and write
each one, and on a failure midway put back everything already done."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass

from notes_kb import files
from notes_kb.errors import WriteRefusedError


@dataclass(frozen=True)
class Change:
    """One file of a plan: its bytes as read and as they will be, and its path before and
    after (both relative to the location root; equal unless it moves)."""

    path: str
    new_path: str
    before: bytes
    after: bytes
    snapshot: files.Snapshot
    links: int = 0  # links rewritten in it

    @property
    def moves(self) -> bool:
        return self.path != self.new_path

    @property
    def edits(self) -> bool:
        return self.before != self.after


def preflight(changes: list[Change], root: str) -> None:
    """Refuse before anything is written: a file changed since it was read, a target that
    exists, a link out of the vault, a read-only vault or file."""
    sources = {os.path.realpath(os.path.join(root, c.path)) for c in changes}
    for change in changes:
        old = os.path.join(root, change.path)
        real = files.writable_path(old, root)
        files.ensure_unchanged(real, change.snapshot, root)
        if not change.moves:
            continue
        new = os.path.join(root, change.new_path)
        real_new = files.writable_path(new, root)
        if real_new in sources and not _same_file(real, real_new):
            continue  # freed by another move of this plan (a hierarchy shifting down)
        if os.path.lexists(real_new) and not _same_file(real, real_new):
            raise WriteRefusedError(f"{change.new_path} already exists; nothing was changed")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def apply(changes: list[Change], root: str) -> None:
    """Make every change or none: moves first, then new text, each atomic. A failure
    midway (an interrupt too) undoes what was done, in reverse, and says so."""
    preflight(changes, root)
    undo: list[tuple[str, Callable[[], None]]] = []  # (path, how to put it back)
    made: list[str] = []  # folders made for moved notes
    current = ""
    try:
        for change in _move_order(changes):
            current = change.path
            old = os.path.join(root, change.path)
            new = os.path.join(root, change.new_path)
            made += _missing_folders(os.path.dirname(new), root)
            files.move_file(old, new, root)
            undo.append((new, functools.partial(os.rename, new, old)))
        for change in changes:
            if not change.edits:
                continue
            current = change.path
            path = os.path.join(root, change.new_path)
            files.replace_checked(path, change.after, change.snapshot, root)
            undo.append((path, functools.partial(files.write_atomic, path, change.before)))
    except BaseException as error:
        problems = _undo(undo, made)
        if not isinstance(error, OSError | WriteRefusedError):
            raise  # an interrupt: undone, and it goes on
        reason = error.message if isinstance(error, WriteRefusedError) else _reason(error)
        if problems:
            raise WriteRefusedError(
                f"stopped at {current}: {reason}; could not undo everything: "
                + "; ".join(problems),
                "compare the vault with your last backup or commit",
            ) from error
        raise WriteRefusedError(
            f"stopped at {current}: {reason}; undid the {len(undo)} changes already made, "
            "every file is as it was"
        ) from error


def _move_order(changes: list[Change]) -> list[Change]:
    """Moves whose target another move frees go after it (`a` -> `a.b` with children)."""
    pending = [c for c in changes if c.moves]
    ordered: list[Change] = []
    while pending:
        sources = {c.path for c in pending}
        ready = [c for c in pending if c.new_path not in sources] or pending[:1]
        ordered += ready
        pending = [c for c in pending if c not in ready]
    return ordered


def _missing_folders(folder: str, root: str) -> list[str]:
    missing: list[str] = []
    while not os.path.isdir(folder) and files.inside(os.path.realpath(folder), root):
        missing.append(folder)
        folder = os.path.dirname(folder)
    return missing


def _undo(undo: list[tuple[str, Callable[[], None]]], made: list[str]) -> list[str]:
    """Undo in reverse order; what could not be undone, as messages."""
    problems: list[str] = []
    for path, step in reversed(undo):
        try:
            step()
        except OSError as error:
            problems.append(f"{files.display_name(path)}: {_reason(error)}")
    for folder in made:
        with contextlib.suppress(OSError):
            os.rmdir(folder)
    return problems


def _reason(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__
