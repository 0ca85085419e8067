"""The one seam to the user's editor: `$VISUAL`, then `$EDITOR`, then `vi`, opened at a line
where the editor has a way to say one (`+LINE`, `FILE:LINE`, `-g FILE:LINE`)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping

from notes_kb.errors import NotesError

_PLUS_LINE = frozenset(
    {"vi", "vim", "nvim", "gvim", "mvim", "view", "nano", "pico", "emacs", "emacsclient",
     "micro", "kak", "joe", "jed", "mg", "ne", "ed", "ex", "elvis", "nvi", "vis"}
)  # fmt: skip
_COLON_LINE = frozenset({"hx", "helix", "subl", "sublime_text", "zed", "mate"})
_GOTO_LINE = frozenset({"code", "code-insiders", "codium", "cursor"})


def editor_argv(path: str, line: int | None, environ: Mapping[str, str] | None = None) -> list[str]:
    """The command that opens `path` (at `line` when the editor can be told)."""
    env = os.environ if environ is None else environ
    command = env.get("VISUAL", "").strip() or env.get("EDITOR", "").strip()
    try:
        argv = shlex.split(command) if command else []
    except ValueError:
        raise NotesError(f"cannot read the editor command {command!r}") from None
    if not argv:
        fallback = next((e for e in ("vi", "nano") if shutil.which(e)), None)
        if fallback is None:
            raise NotesError("no editor: set $VISUAL or $EDITOR")
        argv = [fallback]
    name = os.path.basename(argv[0]).removesuffix(".exe")
    if line and name in _PLUS_LINE:
        return [*argv, f"+{line}", path]
    if line and name in _COLON_LINE:
        return [*argv, f"{path}:{line}"]
    if line and name in _GOTO_LINE:
        return [*argv, "-g", f"{path}:{line}"]
    return [*argv, path]


def open_editor(path: str, line: int | None = None) -> None:
    """Open the editor on `path` and wait for it; an editor that cannot start or that
    fails is one `Error:` line (the file stays as the editor left it)."""
    argv = editor_argv(path, line)
    try:
        finished = subprocess.run(argv, check=False)
    except OSError as error:
        raise NotesError(
            f"cannot start the editor {argv[0]!r}: {error.strerror or error}",
            "set $VISUAL or $EDITOR to an editor on your PATH",
        ) from None
    if finished.returncode != 0:
        raise NotesError(f"the editor {argv[0]!r} exited with status {finished.returncode}")
