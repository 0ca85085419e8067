"""Long output through the user's pager.

The pager is `$NOTES_PAGER`, else `pager` in a config file, else `$PAGER`, else `less`
(`notes_kb.config` decides); `LESS` is honoured, and set to `-R` (keep colours) only when
unset. `""`, `cat` or `--no-pager` turn paging off. A pager that cannot start or that fails
must not swallow the output: the text is then printed directly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path


class Paging:
    """Whether this run may page, and the vault whose settings name the pager. (A plain
    class: this module loads on every run, and a dataclass is made at import.)"""

    def __init__(self) -> None:
        self.enabled = True
        self.vault_root: Path | None = None
        # `notes serve` runs commands for a client: the client's terminal gets the pager
        self.handoff: Callable[[str, list[str]], bool] | None = None

    def command(self) -> str:
        """The pager setting in force, looked up only when there is something to page."""
        from notes_kb.config import setting

        return str(setting("pager", self.vault_root).value)


PAGING = Paging()  # set once per run by the global options and the vault, read by `output.show`


def pager_argv(command: str) -> list[str] | None:
    """The pager as an argument list, or None when paging is off or the command is unusable."""
    import shlex  # this module loads on every run; paging is rare

    try:
        argv = shlex.split(command)
    except ValueError:  # an unclosed quote: print directly rather than guess
        return None
    if not argv or argv == ["cat"]:
        return None
    return argv


def page(text: str, argv: list[str]) -> bool:
    """Send text to the pager and wait for it; False when it could not show the text, so
    the caller prints it instead (a pager quit early with `q` counts as shown)."""
    if PAGING.handoff is not None:
        return PAGING.handoff(text, argv)
    import shlex
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "-R")
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):
        sys.stderr.write(f"notes: pager {shlex.join(argv)!r} did not start; printing directly\n")
        return False
    assert process.stdin is not None
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        process.stdin.write(text.encode(encoding, errors="replace"))
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the pager stopped reading: the user quit it
    while True:
        try:
            code = process.wait()
            break
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager, as with git and man
            continue
    if code > 0:
        sys.stderr.write(
            f"notes: pager {shlex.join(argv)!r} failed (exit {code}); printing directly\n"
        )
        return False
    return True
