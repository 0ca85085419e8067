"""Every speed figure of issue 13 in one run, side by side, at one vault size.

Run with the project's venv:
    .venv/bin/python benchmarks/ladder.py [--notes 10000] [--vault DIR] [--repeat 5]
        [--keep] [--skip-cold | --cold-only] [--timeout 1800] [--serve]

Without --vault a vault of --notes notes is generated (benchmarks/generate_vault.py) into a
temp dir; the cache always goes to a fresh temp NOTES_CACHE_DIR. Rows are medians of
--repeat runs (warm page cache). Each row prints the figure, what it is compared with, the
ratio and the target; the machine's core count heads the table. Measured:
  - warm `search token` against `rg -il token` (and against the parse of nothing: the floor)
  - warm `show`, `define`, `glossary --json`, `links` against the bare interpreter start
    plus `import sqlite3` (target: 4x)
  - a typo'd query (`tokne`) against the correct one
  - the next search after one note is edited, added or deleted, against a warm search
  - the cold build against markdown-it-py parsing every file on one core (the parse floor),
    its peak memory summed over the whole process tree, and the cache's size
  - the cache's size once `show`, `define`, `glossary`, `links` and `concepts` have kept
    their results in it
  - a same-size edit with the mtime put back: whether the next command sees it
  - with --serve, `notes serve` running for the vault: warm `search token` against
    `rg -il token` (target 0.3x) and `show`, `define`, `glossary --json`, `links` against
    the bare interpreter plus `import sqlite3` (target 1.5x)
Children run without PYTHONDONTWRITEBYTECODE (a user's Python writes .pyc files; without
them every run compiles our modules again, about 60 ms).
Exit status: 0 when every measurement ran (whatever the verdict), 1 when one failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import (  # the runner, sampler and baselines are shared
    BenchError,
    dir_size,
    fmt_mb,
    fmt_s,
    generate,
    markdown_parse,
    pick_edit_target,
    run_child,
    usable_cpus,
    vault_files,
)

NOTES = Path(sys.executable).parent / "notes"
RG = shutil.which("rg") or "/usr/bin/rg"
Row = tuple[str, str, str, str, str]


def median_wall(cmd: list[str], env: dict[str, str], times: int, timeout: float) -> float:
    walls = []
    for _ in range(times):
        run = run_child(cmd, env, timeout)
        if run.returncode not in (0, 1):
            detail = run.stderr.decode(errors="replace").strip()[-500:]
            raise BenchError(f"{' '.join(cmd)} exited with {run.returncode}: {detail}")
        walls.append(run.wall)
    return statistics.median(walls)


def ratio_row(what: str, value: float, base_name: str, base: float, target: float) -> Row:
    ratio = value / base if base else float("inf")
    verdict = "met" if ratio <= target else "not met"
    return (
        what,
        fmt_s(value),
        f"{base_name} {fmt_s(base)}",
        f"{ratio:.2f}x",
        f"<= {target:g}x {verdict}",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--vault", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--skip-cold", action="store_true", help="no cold build row")
    parser.add_argument("--cold-only", action="store_true", help="the cold build's rows only")
    parser.add_argument("--serve", action="store_true", help="also rows with `notes serve`")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="notes-ladder-"))
    try:
        vault = args.vault or work / "vault"
        if args.vault is None:
            generate(vault, args.notes, 1, args.timeout)
        files = vault_files(vault)  # counted before a generated vault is removed
        size = sum(p.stat().st_size for p in files)
        rows = measure(vault, work, args)
    except BenchError as error:
        print(f"ladder: {error}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    cores = usable_cpus()
    print(f"{len(files):,} notes, {fmt_mb(size)}; {cores} usable cores; medians of {args.repeat}")
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    return 0


def measure(vault: Path, work: Path, args: argparse.Namespace) -> list[Row]:
    env = {**os.environ, "NOTES_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
    env.pop("NOTES_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as a user runs it: modules load from .pyc
    times, timeout = args.repeat, args.timeout
    notes = [str(NOTES), "--dir", str(vault)]
    rows: list[Row] = [("figure", "value", "compared with", "ratio", "target")]
    files = vault_files(vault)
    if not args.skip_cold:
        # the build before the floor: a child's peak RSS (os.wait4) counts this process's
        # own peak when it was started, and reading every file for the floor raises that
        # (471 MB where the build's own tree peaked at 181 MB, at 100,000 notes)
        cold = run_child([*notes, "index"], env, timeout, sample_tree=True)
        if cold.returncode != 0:
            raise BenchError(f"cold build failed: {cold.stderr.decode(errors='replace')[-500:]}")
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
        floor = markdown_parse(texts)
        del texts
        rows.append(ratio_row("cold build", cold.wall, "markdown-it parse", floor, 1.0))
        assert cold.tree is not None
        peak = max(cold.tree.pss, cold.maxrss)
        rows.append(("cold build peak memory (tree, PSS)", fmt_mb(peak), "", "", "<= 300 MB"))
        vault_bytes = sum(p.stat().st_size for p in files)
        cache_bytes, _ = dir_size(work / "cache")
        share = f"{cache_bytes / vault_bytes:.2f}x"
        rows.append(
            ("cache size", fmt_mb(cache_bytes), f"vault {fmt_mb(vault_bytes)}", share, "<= 2x")
        )
    if args.cold_only:
        return rows
    run_child([*notes, "index"], env, timeout)  # warm from here on
    for command in (["define", "attention"], ["concepts"]):  # kept results computed once
        run_child([*notes, *command], env, timeout)
    rg = median_wall([RG, "-il", "token", str(vault)], env, times, timeout)
    search = median_wall([*notes, "search", "token"], env, times, timeout)
    rows.append(ratio_row("warm search token", search, "rg -il token", rg, 1.0))
    bare = median_wall([sys.executable, "-c", "import sqlite3"], env, times, timeout)
    target = pick_edit_target(files)
    name = target.name.removesuffix(".md")
    for command in (
        ["show", name],
        ["define", "attention"],
        ["glossary", "--json"],
        ["links", name],
        ["concepts"],
    ):
        wall = median_wall([*notes, *command], env, times, timeout)
        rows.append(ratio_row(f"warm {' '.join(command)}", wall, "python+sqlite3", bare, 4.0))
    kept_bytes, _ = dir_size(work / "cache")  # with what those commands keep in it
    vault_bytes = sum(p.stat().st_size for p in files)
    share = f"{kept_bytes / vault_bytes:.2f}x"
    rows.append(("cache with kept results", fmt_mb(kept_bytes), f"vault {fmt_mb(vault_bytes)}",
                 share, "<= 2x"))  # fmt: skip
    typo = median_wall([*notes, "search", "tokne"], env, times, timeout)
    rows.append(ratio_row("typo'd query (tokne)", typo, "search token", search, 1.5))
    rows += edits(notes, env, vault, target, search, times, timeout)
    if args.serve:
        rows += served(notes, env, work, name, rg, bare, times, timeout)
    return rows


def served(
    notes: list[str],
    env: dict[str, str],
    work: Path,
    name: str,
    rg: float,
    bare: float,
    times: int,
    timeout: float,
) -> list[Row]:
    """The warm rows again with `notes serve` running for the vault (its socket in a
    private XDG_RUNTIME_DIR of this run), stopped afterwards."""
    import signal
    import subprocess
    import time

    runtime = work / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {**env, "XDG_RUNTIME_DIR": str(runtime)}
    server = subprocess.Popen(
        [*notes, "serve"], env=env, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + timeout
        while not list((runtime / "notes-kb").glob("*.sock")):
            if server.poll() is not None or time.monotonic() > deadline:
                raise BenchError("notes serve did not start")
            time.sleep(0.05)
        for command in (["search", "token"], ["show", name], ["glossary", "--json"]):
            run_child([*notes, *command], env, timeout)  # the server's first answers
        rows: list[Row] = []
        search = median_wall([*notes, "search", "token"], env, times, timeout)
        rows.append(ratio_row("served search token", search, "rg -il token", rg, 0.3))
        for command in (
            ["show", name],
            ["define", "attention"],
            ["glossary", "--json"],
            ["links", name],
        ):
            wall = median_wall([*notes, *command], env, times, timeout)
            what = f"served {' '.join(command)}"
            rows.append(ratio_row(what, wall, "python+sqlite3", bare, 1.5))
        return rows
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=30)


def edits(
    notes: list[str],
    env: dict[str, str],
    vault: Path,
    target: Path,
    warm: float,
    times: int,
    timeout: float,
) -> list[Row]:
    """The next search after an edit, an addition and a deletion; a same-size edit with its
    mtime put back. The note's bytes and times are restored afterwards."""
    rows: list[Row] = []
    original = target.read_bytes()
    stat = target.stat()
    added = vault / "ladder-added-note.md"
    try:
        walls = []
        for n in range(times):
            target.write_bytes(original + f"\nedited token {n}\n".encode())
            walls.append(run_child([*notes, "search", "token"], env, timeout).wall)
        rows.append(ratio_row("search after an edit", statistics.median(walls), "warm", warm, 1.2))
        walls = []
        for n in range(times):
            added.write_text(f"# Added {n}\n\nA token here.\n", encoding="utf-8")
            walls.append(run_child([*notes, "search", "token"], env, timeout).wall)
            added.unlink()
            walls.append(run_child([*notes, "search", "token"], env, timeout).wall)
        rows.append(
            ratio_row("search after add/delete", statistics.median(walls), "warm", warm, 1.2)
        )
        marker = b"zqxladder"
        target.write_bytes(original)
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        run_child([*notes, "search", "token"], env, timeout)
        same = original[: -len(marker) - 2] + b" " + marker + original[-1:]  # a word of its own
        target.write_bytes(same)
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        seen = run_child([*notes, "search", marker.decode(), "--json"], env, timeout, True)
        found = target.name in seen.stdout.decode(errors="replace")
        rows.append(
            ("same-size edit, mtime restored", "seen" if found else "NOT seen", "", "", "seen")
        )
    finally:
        target.write_bytes(original)
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        added.unlink(missing_ok=True)
    return rows


if __name__ == "__main__":
    sys.exit(main())
