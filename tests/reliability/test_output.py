"""Standard output that cannot be written: one clear line, never a traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_files
from tests.reliability.helpers import NOTES, env


@pytest.mark.skipif(
    not NOTES.exists() or not os.path.exists("/dev/full"), reason="needs notes and /dev/full"
)
@pytest.mark.parametrize("args", [["--version"], ["list"], ["list", "--json"], ["check"]])
def test_stdout_on_a_full_device_is_one_clear_line(tmp_path: Path, args: list[str]) -> None:
    """`notes ... > /dev/full`: exit 1 and one `Error:` line on stderr."""
    vault = write_files(tmp_path / "vault", {"a.md": "# A\n\n" + "text " * 2000 + "\n"})
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(NOTES), "--dir", str(vault), *args],
            env=env(tmp_path / "cache"),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=30,
        )
    assert (done.returncode, done.stderr.splitlines()[-1:]) == (
        1,
        ["Error: cannot write the output: No space left on device"],
    )
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not NOTES.exists(), reason="the notes script is not installed")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([b"show", b"\xff\xfe"], "Error: argument '\\xff\\xfe' is not valid UTF-8"),
        ([b"search", b"tok\xff"], "Error: argument 'tok\\xff' is not valid UTF-8"),
        (
            [b"search", b"token", b"-n", b"1" + b"0" * 20],
            "Error: Invalid value for '--limit' / '-n': 100000000000000000000 is too large",
        ),
        (
            [b"graph", b"a", b"--depth", b"-1"],
            "Error: Invalid value for '--depth': -1 is not in the range x>=0.",
        ),
    ],
)
def test_arguments_not_utf8_or_out_of_range_are_usage_errors(
    tmp_path: Path, args: list[bytes], message: str
) -> None:
    """A NOTE or query that is not UTF-8, a count of 10**20, a depth of -1: exit 2 with a
    usage error naming it, never a traceback."""
    vault = write_files(tmp_path / "vault", {"a.md": "# A\n\ntoken\n"})
    done = subprocess.run(
        [os.fsencode(NOTES), b"--dir", os.fsencode(vault), *args],
        env=env(tmp_path / "cache"),
        capture_output=True,
        timeout=30,
    )
    err = done.stderr.decode("utf-8")
    assert (done.returncode, err.splitlines()[-1]) == (2, message)
    assert "Traceback" not in err
