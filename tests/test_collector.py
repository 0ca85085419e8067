"""The garbage collector in a one-command run: off while the modules load, on again (with
the imports frozen) before the command parses or computes anything, and never freezing in a
process that answers command after command."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from notes_kb import collector

BUNDLED = Path(__file__).resolve().parent.parent / "notes"

CHECK = """
import gc, sys
from notes_kb.cli import client
sys.argv = ["notes", *sys.argv[1:]]
try:
    client.main()
except SystemExit:
    pass
print(gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["define", "attention"], ["list"], ["show", "nowhere"]])
def test_a_one_command_run_collects_after_its_imports(args: list[str], tmp_path: Path) -> None:
    """By the direct path, the app's or an error: the collector is on when the command ends,
    and the modules' objects were frozen out of its reach."""
    env = {**os.environ, "NOTES_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", CHECK, "--dir", str(BUNDLED), *args],
        capture_output=True,
        env=env,
        text=True,
    )
    assert done.stderr.splitlines()[-1] == "True True"


def test_paused_turns_the_collector_back_on_only_if_it_was_on() -> None:
    """`paused` leaves the collector as it found it."""
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_lasting_process_freezes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """`notes serve` (and a test process) never puts what a command made out of reach."""
    monkeypatch.setattr(collector, "_one_run", True)
    collector.lasting()
    before = gc.get_freeze_count()
    with collector.paused():
        kept = [[] for _ in range(10)]
    assert gc.get_freeze_count() == before and kept
