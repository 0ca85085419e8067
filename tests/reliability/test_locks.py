"""Locks and processes: a killed or stopped run never leaves the cache stuck."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import time
from pathlib import Path

import pytest

from tests.reliability.helpers import (
    NOTES,
    alive,
    children,
    has_open,
    hub_vault,
    lock_text,
    run,
    start,
    wait_for,
)

pytestmark = [
    pytest.mark.skipif(not NOTES.exists(), reason="the notes script is not installed"),
    pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to see processes"),
]


@pytest.mark.parametrize("victim", ["parent", "worker"])
def test_kill_9_during_a_cold_build_never_blocks_the_next_run(tmp_path: Path, victim: str) -> None:
    """kill -9 of the run (its workers die with it) or of one worker: the next run answers."""
    vault = hub_vault(tmp_path / "vault", 600)
    cache = tmp_path / "cache"
    process = start(vault, cache, "index")
    assert wait_for(lambda: children(process.pid), 20), "no worker processes started"
    workers = children(process.pid)
    os.kill(process.pid if victim == "parent" else workers[0], signal.SIGKILL)
    if victim == "parent":
        process.wait(10)
        assert wait_for(lambda: not any(alive(w) for w in workers), 5), "workers outlived it"
    else:  # the run loses one worker, parses its files itself and succeeds
        _, err = process.communicate(timeout=60)
        assert (process.returncode, err) == (0, ""), err
    started = time.monotonic()
    done = run(vault, cache, "list", "--json", timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert len(json.loads(done.stdout)) == 601
    assert time.monotonic() - started < 30


def test_stopped_holder_makes_others_say_so_and_give_up(tmp_path: Path) -> None:
    """A SIGSTOPped holder: the waiter names its pid within a second of trying the lock and
    gives up with one clear error after NOTES_LOCK_TIMEOUT; once the holder is gone, runs
    work again. The second is counted from the moment the waiter opens the lock file: the
    start of a process before it (0.3 s on an idle machine) is what a busy one stretches."""
    vault = hub_vault(tmp_path / "vault", 800)
    cache = tmp_path / "cache"
    holder = start(vault, cache, "index")
    try:
        assert wait_for(lambda: "indexing" in lock_text(cache), 20)
        os.kill(holder.pid, signal.SIGSTOP)
        started = time.monotonic()
        waiter = start(vault, cache, "list", "--json", NOTES_LOCK_TIMEOUT="2")
        assert waiter.stderr is not None
        assert wait_for(lambda: has_open(waiter.pid, ".sqlite.lock"), 20), "no lock tried"
        trying = time.monotonic()
        ready, _, _ = select.select([waiter.stderr], [], [], 1.0)
        first = waiter.stderr.readline() if ready else ""
        assert time.monotonic() - trying < 1.0, "the waiter was silent for over a second"
        assert re.fullmatch(
            rf"waiting for notes \(pid {holder.pid}, indexing \d+/\d+ notes\) to finish "
            r"updating the cache\n",
            first,
        ), first
        out, rest = waiter.communicate(timeout=20)
        assert (waiter.returncode, out) == (1, "")
        assert re.fullmatch(
            rf"Error: gave up after 2 s: notes \(pid {holder.pid}, indexing \d+/\d+ notes\) "
            r"holds the cache \S+\.sqlite and has made no progress "
            rf"\(if it is stopped, resume it \(kill -CONT {holder.pid}\) or end it; "
            r"NOTES_LOCK_TIMEOUT sets how long to wait\)\n",
            rest,
        ), rest
        assert time.monotonic() - started < 8
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.communicate(timeout=10)
    done = run(vault, cache, "list", "--json")
    assert (done.returncode, len(json.loads(done.stdout))) == (0, 801)


def test_eight_concurrent_cold_starts_on_3000_notes_agree(tmp_path: Path) -> None:
    """Eight runs started together on an empty cache: all succeed with identical output,
    and the cache holds every note once."""
    vault = hub_vault(tmp_path / "vault", 3000, body_words=8)
    cache = tmp_path / "cache"
    processes = [start(vault, cache, "search", "token", "--json", "-n", "50") for _ in range(8)]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * 8, outputs[0][1]
    for _, err in outputs:
        assert re.fullmatch(
            r"(waiting for notes \(pid \d+, [^)]*\) to finish updating the cache\n)?", err
        ), err
    assert len({out for out, _ in outputs}) == 1
    assert len(json.loads(outputs[0][0])) > 0
    status = json.loads(run(vault, cache, "index", "--json").stdout)
    assert (status["notes"], status["files"]) == (3001, 3001)


def test_kill_9_at_any_moment_leaves_a_cache_the_next_run_uses(tmp_path: Path) -> None:
    """kill -9 while opening, scanning, parsing or storing (several moments of one cold
    build): each next run answers, right, without a rebuild notice or a wait."""
    vault = hub_vault(tmp_path / "vault", 600)
    cache = tmp_path / "cache"
    for delay in (0.15, 0.4, 0.8, 1.2):
        process = start(vault, cache, "index", "--rebuild")
        time.sleep(delay)
        workers = children(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        assert wait_for(lambda: not any(alive(w) for w in workers), 5)  # noqa: B023
        done = run(vault, cache, "list", "--json", timeout=60)
        assert (done.returncode, len(json.loads(done.stdout))) == (0, 601), done.stderr
        assert "waiting" not in done.stderr and "Traceback" not in done.stderr
