"""Shared pieces of the reliability suite: real vaults on disk, the installed `notes` run
as a real process, and a look at the process table."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

NOTES = Path(sys.executable).parent / "notes"


def hub_vault(root: Path, count: int, body_words: int = 30) -> Path:
    """`count` small notes, each linking to `hub`, in a two-level hierarchy."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "hub.md").write_text("---\ntitle: Hub\n---\n# Hub\n\nThe centre.\n", "utf-8")
    filler = " ".join(f"word{n % 97}" for n in range(body_words))
    for n in range(count):
        (root / f"topic-{n % 10}.note-{n:05}.md").write_text(
            f"---\ntitle: Note {n}\ntags: [t{n % 5}]\n---\n# Note {n}\n\n"
            f"A token is {filler}. See [[hub]].\n\n## Part\n\nMore text {n}.\n",
            "utf-8",
        )
    return root


def env(cache: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "NOTES_CACHE_DIR": str(cache), "NO_COLOR": "1", **extra}


def start(vault: Path, cache: Path, *args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(NOTES), "--dir", str(vault), *args],
        env=env(cache, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


def run(
    vault: Path, cache: Path, *args: str, timeout: float = 60, **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NOTES), "--dir", str(vault), *args],
        env=env(cache, **extra),
        capture_output=True,
        stdin=subprocess.DEVNULL,
        text=True,
        timeout=timeout,
    )


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid`, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def has_open(pid: int, suffix: str) -> bool:
    """Whether a process has a file whose path ends in `suffix` open, from /proc."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").endswith(suffix):
                return True
        except OSError:
            continue
    return False


def wait_for(condition: object, timeout: float, step: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(step)
    return False


def lock_text(cache: Path) -> str:
    """What the cache lock's holder wrote (pid and phase), or ""."""
    for lock in cache.rglob("*.lock"):
        try:
            return lock.read_text("ascii", "replace").strip()
        except OSError:
            return ""
    return ""
