"""Benchmark loading a large vault: the library, the `notes` CLI, and baselines to compare.

Run (with the project's venv):
    .venv/bin/python benchmarks/bench_load.py [--notes 10000] [--vault DIR] [--repeat 5]

Without --vault, a vault of --notes notes is generated (benchmarks/generate_vault.py, --seed)
into a temp dir that is removed afterwards. Measures:
  (a) notes_kb.index.load.load_vault wall time (in a fresh child interpreter per run)
  (b) `notes --dir V list --json > /dev/null` end to end
  (c) `notes --dir V show <fname> --json` end to end
  (d) `rg -il token V` and `grep -ril token V` as a floor for "touch every file"
  (e) markdown-it-py alone parsing every file on one core
  (f) peak RSS of the `notes list` run (os.wait4 per child; /usr/bin/time -v cross-check)
Subprocess times are medians of --repeat runs. The page cache is warm: files were just
written or read, so these are warm-cache numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTES_BIN = Path(sys.executable).parent / "notes"

LOAD_SCRIPT = """
import json, sys, time
t0 = time.perf_counter()
from notes_kb.config import locate
from notes_kb.index.load import load_vault
t1 = time.perf_counter()
vault = load_vault(locate(sys.argv[1]))
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "notes": len(vault.notes),
                  "diagnostics": len(vault.diagnostics), "skipped": vault.skipped}))
"""


@dataclass
class Run:
    wall: float  # seconds
    maxrss: int  # bytes
    returncode: int
    stdout: bytes
    stderr: bytes


def run_child(cmd: Sequence[str | os.PathLike[str]], keep_stdout: bool = False) -> Run:
    """Run cmd with stdout to /dev/null (or a temp file); wall time and the child's own peak
    RSS from os.wait4, so earlier children do not pollute the number."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [os.fspath(c) for c in cmd],
            stdin=subprocess.DEVNULL,
            stdout=out if keep_stdout else subprocess.DEVNULL,
            stderr=err,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        out.seek(0)
        err.seek(0)
        scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
        return Run(wall, usage.ru_maxrss * scale, proc.returncode, out.read(), err.read())


def repeat(
    cmd: Sequence[str | os.PathLike[str]], times: int, keep_stdout: bool = False
) -> list[Run]:
    return [run_child(cmd, keep_stdout) for _ in range(times)]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.2f} s"


def fmt_mb(nbytes: float) -> str:
    return f"{nbytes / 2**20:.0f} MiB"


def time_v_maxrss(cmd: Sequence[str | os.PathLike[str]]) -> int | None:
    """Peak RSS in bytes per GNU `/usr/bin/time -v`, or None if it is not there."""
    time_bin = Path("/usr/bin/time")
    if not time_bin.exists():
        return None
    proc = subprocess.run(
        [str(time_bin), "-v", *map(os.fspath, cmd)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    for line in proc.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.rsplit(":", 1)[1]) * 1024
    return None


def environment() -> list[str]:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 0
    versions = []
    for dist in ("notes-kb", "markdown-it-py", "pyyaml"):
        try:
            from importlib.metadata import version

            versions.append(f"{dist} {version(dist)}")
        except Exception:
            versions.append(f"{dist} ?")
    return [
        f"Python   {platform.python_version()} ({platform.python_implementation()}) "
        f"{sys.executable}",
        f"Platform {platform.platform()} {platform.machine()}",
        f"CPUs     {os.cpu_count()} logical, {usable} usable by this process",
        f"Packages {', '.join(versions)}",
    ]


def vault_files(vault: Path) -> list[Path]:
    return sorted(p for p in vault.rglob("*.md") if not any(s.startswith(".") for s in p.parts))


def pick_show_target(files: list[Path]) -> str:
    """A note from the middle of the vault that has frontmatter (a typical `show`)."""
    middle = len(files) // 2
    for path in files[middle:] + files[:middle]:
        with open(path, "rb") as fh:
            if fh.read(4) == b"---\n":
                return path.stem
    return files[middle].stem


def markdown_parse(texts: list[str], preset_extras: Sequence[str]) -> float:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    for extra in preset_extras:
        md.enable(extra)
    start = time.perf_counter()
    for text in texts:
        md.parse(text)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000, help="notes to generate")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--vault", type=Path, help="benchmark this vault instead of generating")
    parser.add_argument("--repeat", type=int, default=5, help="runs per subprocess measurement")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not NOTES_BIN.exists():
        parser.error(f"no `notes` script next to {sys.executable}; install the project first")

    for line in environment():
        print(line)

    with tempfile.TemporaryDirectory(prefix="notes-bench-") as tmp:
        if args.vault is not None:
            vault = args.vault.resolve()
            if not vault.is_dir():
                parser.error(f"--vault {vault} is not a folder")
        else:
            vault = Path(tmp) / "vault"
            gen = subprocess.run(
                [
                    sys.executable,
                    str(HERE / "generate_vault.py"),
                    str(vault),
                    "--notes",
                    str(args.notes),
                    "--seed",
                    str(args.seed),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if gen.returncode != 0:
                print(gen.stdout + gen.stderr, file=sys.stderr)
                return 1
            print(f"Generate {gen.stdout.strip()}")
        return bench(vault, args.repeat)


def bench(vault: Path, repeats: int) -> int:
    files = vault_files(vault)
    if not files:
        print(f"no .md files under {vault}", file=sys.stderr)
        return 1
    start = time.perf_counter()
    texts = [p.read_text("utf-8", errors="replace") for p in files]
    read_time = time.perf_counter() - start
    total_bytes = sum(p.stat().st_size for p in files)
    total_mb = total_bytes / 1e6
    print(
        f"Vault    {vault}: {len(files)} .md files, {total_mb:.1f} MB "
        f"(read + decode all in {fmt_s(read_time)}, one core)"
    )
    print(f"Repeat   {repeats} runs per subprocess row; warm page cache\n")

    rows: list[tuple[str, str, str, str]] = []  # label, median, spread, comment
    failures: list[str] = []

    def spread(values: list[float]) -> str:
        return f"{fmt_s(min(values))} .. {fmt_s(max(values))}"

    def check(label: str, runs: list[Run]) -> None:
        bad = [r for r in runs if r.returncode != 0]
        if bad:
            failures.append(
                f"{label}: exit {bad[0].returncode}: {bad[0].stderr.decode(errors='replace')[:500]}"
            )

    # (a) library load_vault, fresh interpreter per run
    load_runs = repeat([sys.executable, "-c", LOAD_SCRIPT, str(vault)], repeats, keep_stdout=True)
    check("load_vault", load_runs)
    results = [json.loads(r.stdout) for r in load_runs if r.returncode == 0]
    if results:
        loads = [r["load"] for r in results]
        imports = [r["import"] for r in results]
        first = results[0]
        rows.append(
            (
                "(a) load_vault() in-process",
                fmt_s(median(loads)),
                spread(loads),
                f"{first['notes']} notes, {first['diagnostics']} diagnostics, "
                f"{first['skipped']} skipped; {len(files) / median(loads):,.0f} notes/s, "
                f"{total_mb / median(loads):.1f} MB/s; import {fmt_s(median(imports))}",
            )
        )

    # (b) notes list --json
    list_cmd = [NOTES_BIN, "--dir", vault, "list", "--json"]
    list_runs = repeat(list_cmd, repeats)
    check("notes list", list_runs)
    walls = [r.wall for r in list_runs]
    rows.append(
        (
            "(b) notes list --json >/dev/null",
            fmt_s(median(walls)),
            spread(walls),
            "end to end: interpreter start, imports, load, JSON out",
        )
    )

    # (c) notes show <fname> --json
    target = pick_show_target(files)
    show_runs = repeat([NOTES_BIN, "--dir", vault, "show", target, "--json"], repeats)
    check("notes show", show_runs)
    walls = [r.wall for r in show_runs]
    rows.append(("(c) notes show NOTE --json", fmt_s(median(walls)), spread(walls), target))

    # (d) rg / grep baselines
    rg = shutil.which("rg")
    grep = shutil.which("grep")
    for name, tool, cmd in (
        ("rg -il token", rg, [rg, "-il", "token", vault]),
        ("grep -ril token", grep, [grep, "-ril", "token", vault]),
    ):
        if tool is None:
            rows.append((f"(d) {name}", "-", "-", f"{name.split()[0]} not installed"))
            continue
        runs = repeat([c for c in cmd if c is not None], repeats, keep_stdout=True)
        walls = [r.wall for r in runs]
        hits = runs[0].stdout.count(b"\n")
        rows.append((f"(d) {name}", fmt_s(median(walls)), spread(walls), f"{hits} matching files"))

    # (e) markdown-it-py alone on one core
    parse_cm = markdown_parse(texts, ())
    rows.append(
        (
            "(e) markdown-it commonmark parse",
            fmt_s(parse_cm),
            "1 run",
            f"{len(texts) / parse_cm:,.0f} files/s, {total_mb / parse_cm:.1f} MB/s; "
            "texts already in memory",
        )
    )
    parse_proj = markdown_parse(texts, ("table", "strikethrough"))
    rows.append(
        (
            "    + table, strikethrough",
            fmt_s(parse_proj),
            "1 run",
            "the preset notes_kb.parse.markdown uses",
        )
    )

    # (f) peak RSS of notes list
    rss = [r.maxrss for r in list_runs]
    timev = time_v_maxrss(list_cmd)
    rows.append(
        (
            "(f) notes list peak RSS",
            fmt_mb(median(rss)),
            f"{fmt_mb(min(rss))} .. {fmt_mb(max(rss))}",
            "os.wait4 ru_maxrss"
            + (f"; /usr/bin/time -v: {fmt_mb(timev)}" if timev is not None else ""),
        )
    )
    if load_runs:
        rss = [r.maxrss for r in load_runs]
        rows.append(
            ("    load_vault child peak RSS", fmt_mb(median(rss)), "", "interpreter + Vault")
        )

    print_table(("measurement", "median", "min .. max", "detail"), rows)
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


def print_table(header: tuple[str, ...], rows: list[tuple[str, str, str, str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(3)]
    lines = [header, *rows]
    for n, row in enumerate(lines):
        print("  ".join(str(c).ljust(w) for c, w in zip(row[:3], widths, strict=True)), row[3])
        if n == 0:
            print("  ".join("-" * w for w in widths), "-" * len(header[3]))


if __name__ == "__main__":
    sys.exit(main())
