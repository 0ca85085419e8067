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
