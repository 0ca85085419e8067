"""Benchmark the search cache: cold index, warm search, search after an edit, and baselines.

Run (with the project's venv; another interpreter re-runs itself under .venv/bin/python):
    .venv/bin/python benchmarks/bench_search.py [--notes 10000] [--vault DIR] [--repeat 7]
        [--query token] [--seed 1] [--keep] [--timeout 900]

Without --vault, a vault of --notes notes is generated (benchmarks/generate_vault.py, --seed)
into a temp dir. The cache always goes to a fresh temp NOTES_CACHE_DIR. Temp dirs are removed
at the end unless --keep. Measures, side by side in one run:
  1. cold index: `notes --dir V index` on an empty cache dir (one run), its peak memory (the
     build forks a process pool: largest single process via os.wait4, which folds in reaped
     grandchildren, and the whole tree's summed PSS/RSS sampled from /proc), and cache size
  2. warm `notes --dir V search QUERY > /dev/null` end to end, and the same with --json
  3. search after editing one note: before each run a line with QUERY is appended to one note
     and its mtime bumped (with --vault, the note's bytes and times are restored afterwards)
  4. `rg -il QUERY V` (default threads), with -j <usable cores>, and -j1
  5. markdown-it-py alone: MarkdownIt('commonmark').parse() over every pre-read file, one run,
     in this process, on one core: the target for the cold index
  6. import cost: `python -X importtime -c 'import notes_kb.cli.app'` (top 8 cumulative) and
     `notes --version` end to end
then a verdict against the targets (set for a 2-core machine): warm search <= 1.5x rg at 10k
notes (< 1x rg at 100k); cold index <= markdown-it single-core parse; search after one edit
<= 1.5x warm search; peak memory of the cold build < 300 MB.
Subprocess rows are medians of --repeat runs with a warm page cache. Exit status: 0 when every
measurement ran (whatever the verdict), 1 when a command failed, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
NOTES_BIN = Path(sys.executable).parent / "notes"
VENV_PYTHON = PROJECT / ".venv" / "bin" / "python"
RG_FALLBACK = Path("/usr/bin/rg")
MB = 1_000_000
SAMPLE_INTERVAL = 0.1  # seconds between /proc samples of the cold build's process tree
IMPORT_TOP = 8

# targets (for a 2-core machine)
SEARCH_VS_RG_SMALL = 1.5  # warm search / rg, below 100k notes
SEARCH_VS_RG_LARGE = 1.0  # warm search / rg, at 100k notes and up (strictly less)
LARGE_VAULT = 100_000
EDIT_VS_WARM = 1.5
COLD_VS_PARSE = 1.0
PEAK_MEMORY = 300 * MB

Cmd = Sequence[str | os.PathLike[str]]


class BenchError(Exception):
    """A measurement could not be taken; the message says which and why."""


# --- running children ------------------------------------------------------------------------


@dataclass
class TreeMemory:
    """Peak of the summed memory of a process group, sampled from /proc."""

    pss: int = 0  # bytes
    rss: int = 0  # bytes
    processes: int = 0  # most processes seen at once
    samples: int = 0


@dataclass
class Run:
    wall: float  # seconds
    maxrss: int  # bytes: largest single process among the child and its reaped descendants
    returncode: int
    stdout: bytes
    stderr: bytes
    tree: TreeMemory | None = None


class TreeSampler(threading.Thread):
    """Sums PSS and RSS over every process in a process group, every SAMPLE_INTERVAL.

    The child is started in a new session, so it and every process it forks (pool workers)
    share its pid as process group; that is how members are found in /proc.
    """

    def __init__(self, pgid: int) -> None:
        super().__init__(daemon=True)
        self.pgid = pgid
        self.peak = TreeMemory()
        self._done = threading.Event()

    def run(self) -> None:
        while True:
            self.sample()
            if self._done.wait(SAMPLE_INTERVAL):
                return

    def stop(self) -> TreeMemory:
        self._done.set()
        self.join()
        return self.peak

    def members(self) -> list[int]:
        found = []
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    stat = fh.read()
            except OSError:
                continue
            fields = stat[stat.rfind(b")") + 2 :].split()  # state ppid pgrp session ...
            if len(fields) > 2 and int(fields[2]) == self.pgid:
                found.append(int(entry.name))
        return found

    def sample(self) -> None:
        pss = rss = count = 0
        for pid in self.members():
            try:
                with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                    rollup = fh.read()
            except OSError:
                continue  # gone, or a zombie
            values = dict(re.findall(rb"^(Rss|Pss):\s+(\d+) kB", rollup, re.MULTILINE))
            if not values:
                continue
            pss += int(values.get(b"Pss", 0)) * 1024
            rss += int(values.get(b"Rss", 0)) * 1024
            count += 1
        peak = self.peak
        peak.samples += 1
        peak.pss = max(peak.pss, pss)
        peak.rss = max(peak.rss, rss)
        peak.processes = max(peak.processes, count)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def run_child(
    cmd: Cmd,
    env: Mapping[str, str],
    timeout: float,
    keep_stdout: bool = False,
    sample_tree: bool = False,
) -> Run:
    """Run cmd (stdout to /dev/null unless keep_stdout) in its own session, time it, and take
    its peak RSS from os.wait4: the child's own peak, or that of the largest descendant it
    reaped, whichever is larger (RUSAGE_CHILDREN semantics: a max, never a sum). The whole
    process group is killed after `timeout` seconds, or on Ctrl-C."""
    argv = [os.fspath(c) for c in cmd]
    timed_out = threading.Event()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=out if keep_stdout else subprocess.DEVNULL,
                stderr=err,
                env=dict(env),
                start_new_session=True,
            )
        except OSError as error:
            raise BenchError(f"cannot run {argv[0]}: {error.strerror}") from None

        def expire() -> None:
            timed_out.set()
            _kill_group(proc.pid)

        timer = threading.Timer(timeout, expire)
        timer.daemon = True
        timer.start()
        sampler = TreeSampler(proc.pid) if sample_tree else None
        if sampler:
            sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C / SIGTERM: the group leader is not reaped yet
            _kill_group(proc.pid)
            proc.wait()
            if sampler:
                sampler.stop()
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        tree = sampler.stop() if sampler else None
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        if timed_out.is_set():
            raise BenchError(f"timed out after {timeout:g} s: {' '.join(argv)}")
        out.seek(0)
        err.seek(0)
        scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
        return Run(
            wall, usage.ru_maxrss * scale, proc.returncode, out.read(), err.read(), tree=tree
        )


def checked(run: Run, what: str, ok: Sequence[int] = (0,)) -> Run:
    if run.returncode not in ok:
        detail = run.stderr.decode(errors="replace").strip()[-2000:] or "(no stderr)"
        raise BenchError(f"{what} exited with {run.returncode}:\n{detail}")
    return run


def repeat(
    cmd: Cmd,
    env: Mapping[str, str],
    timeout: float,
    times: int,
    what: str,
    keep_stdout: bool = False,
    ok: Sequence[int] = (0,),
) -> list[Run]:
    return [checked(run_child(cmd, env, timeout, keep_stdout), what, ok) for _ in range(times)]


# --- formatting ------------------------------------------------------------------------------


def fmt_s(seconds: float) -> str:
    if seconds < 0.1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.2f} s"


def fmt_mb(nbytes: float) -> str:
    return f"{nbytes / MB:.0f} MB" if nbytes >= 10 * MB else f"{nbytes / MB:.1f} MB"


def walls(runs: Sequence[Run]) -> list[float]:
    return [r.wall for r in runs]


def spread(values: Sequence[float]) -> str:
    return f"{fmt_s(min(values))} .. {fmt_s(max(values))}"


Row = tuple[str, str, str, str]  # label, median, min .. max, detail


def print_table(header: Row, rows: list[Row]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    for n, row in enumerate([header, *rows]):
        print("  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True)), row[3])
        if n == 0:
            print("  ".join("-" * w for w in widths), "-" * len(header[3]))


# --- environment -----------------------------------------------------------------------------


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def total_memory() -> str:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) * 1024 / 1e9:.1f} GB"
    except OSError:
        pass
    return "?"


def fts5_available() -> bool:
    try:
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        conn.close()
        return True
    except sqlite3.Error:
        return False


def rg_version(rg: str | None) -> str:
    if rg is None:
        return "not installed"
    try:
        out = subprocess.run(
            [rg, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return f"{rg} (version unknown)"
    return f"{out.splitlines()[0] if out else '?'} ({rg})"


def environment(rg: str | None) -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for dist in ("notes-kb", "markdown-it-py", "pyyaml"):
        try:
            versions.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            versions.append(f"{dist} ?")
    return [
        f"Python   {platform.python_version()} ({platform.python_implementation()}) "
        f"{sys.executable}",
        f"Platform {platform.platform()} {platform.machine()}, {total_memory()} RAM",
        f"CPUs     {os.cpu_count()} logical, {usable_cpus()} usable by this process",
        f"SQLite   {sqlite3.sqlite_version} (FTS5 {'yes' if fts5_available() else 'NO'}; "
        "the notes CLI runs on this same interpreter)",
        f"ripgrep  {rg_version(rg)}",
        f"Packages {', '.join(versions)}",
    ]


# --- vault helpers ---------------------------------------------------------------------------


def vault_files(vault: Path) -> list[Path]:
    return sorted(
        p
        for p in vault.rglob("*.md")
        if not any(s.startswith(".") for s in p.relative_to(vault).parts)
    )


def pick_edit_target(files: list[Path]) -> Path:
    """A note from the middle of the vault that has frontmatter: a typical note."""
    middle = len(files) // 2
    for path in files[middle:] + files[:middle]:
        with open(path, "rb") as fh:
            if fh.read(4) == b"---\n":
                return path
    return files[middle]


def dir_size(folder: Path) -> tuple[int, list[str]]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    parts = [f"{p.name} {fmt_mb(p.stat().st_size)}" for p in sorted(files) if p.stat().st_size]
    return sum(p.stat().st_size for p in files), parts


def markdown_parse(texts: list[str]) -> float:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    start = time.perf_counter()
    for text in texts:
        md.parse(text)
    return time.perf_counter() - start


def import_times(python: str, env: Mapping[str, str], timeout: float) -> list[tuple[int, int, str]]:
    """(cumulative us, self us, module) from -X importtime, largest cumulative first."""
    run = checked(
        run_child(
            [python, "-X", "importtime", "-c", "import notes_kb.cli.app"],
            env,
            timeout,
        ),
        "python -X importtime -c 'import notes_kb.cli.app'",
    )
    entries = []
    for line in run.stderr.decode(errors="replace").splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S.*)$", line)
        if match:
            self_us, cumulative, _, module = match.groups()
            entries.append((int(cumulative), int(self_us), module.strip()))
    if not entries:
        raise BenchError("python -X importtime printed nothing to parse")
    return sorted(entries, reverse=True)


# --- the benchmark ---------------------------------------------------------------------------


@dataclass
class Verdict:
    name: str
    measured: str
    ratio: float | None  # measured / reference, None when not measurable
    limit: float
    strict: bool = False  # ratio must be < limit rather than <=
    note: str = ""

    def status(self) -> str:
        if self.ratio is None:
            return "n/a"
        ok = self.ratio < self.limit if self.strict else self.ratio <= self.limit
        return "PASS" if ok else "FAIL"


class SearchBench:
    """The measurements, in order; each appends table rows. Rows survive a later failure."""

    def __init__(self, args: argparse.Namespace, vault: Path, cache: Path, rg: str | None) -> None:
        self.files = vault_files(vault)
        if not self.files:
            raise BenchError(f"no .md files under {vault}")
        self.vault = vault
        self.cache = cache
        self.rg = rg
        self.query: str = args.query
        self.repeats: int = args.repeat
        self.timeout: float = args.timeout
        self.total_bytes = sum(p.stat().st_size for p in self.files)
        self.cores = usable_cpus()
        self.env = {k: v for k, v in os.environ.items() if k != "NOTES_DIR"}
        self.env["NOTES_CACHE_DIR"] = str(cache)
        self.notes: list[str | os.PathLike[str]] = [NOTES_BIN, "--dir", vault]
        self.search_cmd = [*self.notes, "search", self.query]
        self.rows: list[Row] = []
        self.verdicts: list[Verdict] = []
        self.imports: list[tuple[int, int, str]] = []
        self.refresh_seconds = 0.0  # of the first warm refresh, per `notes index --json`

    # helpers ----------------------------------------------------------------------------------

    def once(self, cmd: Cmd, what: str, keep_stdout: bool = False, sample: bool = False) -> Run:
        return checked(run_child(cmd, self.env, self.timeout, keep_stdout, sample), what)

    def many(
        self, cmd: Cmd, what: str, keep_stdout: bool = False, ok: Sequence[int] = (0,)
    ) -> list[Run]:
        return repeat(cmd, self.env, self.timeout, self.repeats, what, keep_stdout, ok)

    def json_of(self, run: Run, what: str) -> object:
        try:
            return json.loads(run.stdout)
        except json.JSONDecodeError as error:
            raise BenchError(f"{what} printed no JSON: {error}") from None

    # the steps --------------------------------------------------------------------------------

    def run(self) -> None:
        print(f"Vault    {self.vault}: {len(self.files)} .md files, {self.total_bytes / MB:.1f} MB")
        print(f"Cache    {self.cache} (NOTES_CACHE_DIR, empty at start)")
        print(
            f"Repeat   {self.repeats} runs per subprocess row (medians); warm page cache; "
            f"query {self.query!r}; timeout {self.timeout:g} s per command\n"
        )
        cold, peak_memory = self.cold_index()
        warm = self.warm_search()
        edited, seen = self.edited_search()
        rg = self.ripgrep()
        parse = self.markdown_baseline()
        self.import_cost()
        self.judge(cold, peak_memory, warm, edited, seen, rg, parse)

    def cold_index(self) -> tuple[float, int]:
        """1. `notes index` on an empty cache dir, once; its memory; the cache size."""
        if any(self.cache.iterdir()):
            raise BenchError(f"cache dir {self.cache} is not empty")
        cold = self.once([*self.notes, "index"], "cold `notes index`", sample=True)
        cache_bytes, cache_parts = dir_size(self.cache)
        status = self.json_of(
            self.once([*self.notes, "index", "--json"], "`notes index --json`", True),
            "`notes index --json`",
        )
        if not isinstance(status, dict):
            raise BenchError("`notes index --json` did not print an object")
        self.refresh_seconds = float(status.get("refresh_seconds") or 0)
        self.rows.append(
            (
                "1. cold `notes index` (empty cache)",
                fmt_s(cold.wall),
                "1 run",
                f"{status.get('notes')} notes indexed from {status.get('files')} files; "
                f"{len(self.files) / cold.wall:,.0f} notes/s end to end",
            )
        )
        self.rows.append(
            (
                "   cache size on disk",
                fmt_mb(cache_bytes),
                "",
                f"{', '.join(cache_parts)}; {cache_bytes / self.total_bytes:.1f}x the vault",
            )
        )
        tree = cold.tree
        if tree and tree.samples:
            peak_memory = max(tree.pss, cold.maxrss)
            detail = (
                f"max(tree PSS, largest process): tree summed PSS {fmt_mb(tree.pss)} "
                f"(RSS sum {fmt_mb(tree.rss)}, up to {tree.processes} processes, "
                f"{tree.samples} /proc samples every {SAMPLE_INTERVAL * 1000:.0f} ms); "
                f"largest single process {fmt_mb(cold.maxrss)} (os.wait4 ru_maxrss = "
                "RUSAGE_CHILDREN of this wrapper: a max over processes incl. reaped pool "
                "workers, not a sum)"
            )
        else:
            peak_memory = cold.maxrss
            detail = (
                "largest single process only (os.wait4 ru_maxrss incl. reaped pool "
                "workers); no /proc here to sum the tree"
            )
        self.rows.append(("   cold build peak memory", fmt_mb(peak_memory), "", detail))
        return cold.wall, peak_memory

    def warm_search(self) -> float:
        """2. `notes search QUERY`, and with --json, on an up-to-date cache."""
        self.once(self.search_cmd, "warm-up `notes search`")
        warm = walls(self.many(self.search_cmd, "`notes search`"))
        json_runs = self.many([*self.search_cmd, "--json"], "`notes search --json`", True)
        hits = self.json_of(json_runs[0], "`notes search --json`")
        if not isinstance(hits, list):
            raise BenchError("`notes search --json` did not print a list")
        in_notes = len({h.get("path") for h in hits if isinstance(h, dict)})
        self.rows.append(
            (
                f"2. warm `notes search {self.query}` >/dev/null",
                fmt_s(statistics.median(warm)),
                spread(warm),
                f"{len(hits)} hits in {in_notes} notes (ranked, with passages, default "
                f"--limit); in-process refresh of the unchanged vault "
                f"{fmt_s(self.refresh_seconds)} (index --json)",
            )
        )
        self.rows.append(
            (
                "   same with --json",
                fmt_s(statistics.median(walls(json_runs))),
                spread(walls(json_runs)),
                "",
            )
        )
        return statistics.median(warm)

    def edited_search(self) -> tuple[float, bool]:
        """3. Append a line with QUERY to one note, bump its mtime, search; restore after."""
        target = pick_edit_target(self.files)
        original = target.read_bytes()
        before = target.stat()
        times: list[float] = []
        marker = ""
        try:
            mtime = before.st_mtime_ns
            for n in range(self.repeats):
                marker = f"benchedit{n}x{os.getpid()}"
                line = f"\nEdited by bench_search: the {self.query} again ({marker}).\n"
                with open(target, "ab") as fh:
                    fh.write(line.encode())
                mtime = max(mtime + 1_000_000_000, time.time_ns())
                os.utime(target, ns=(before.st_atime_ns, mtime))
                times.append(self.once(self.search_cmd, "`notes search` after an edit").wall)
            found = self.json_of(
                self.once([*self.notes, "search", marker, "--json"], "search MARKER", True),
                "`notes search MARKER --json`",
            )
            seen = isinstance(found, list) and any(
                isinstance(h, dict) and Path(str(h.get("path", ""))).name == target.name
                for h in found
            )
        finally:
            target.write_bytes(original)
            os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
        if not seen:
            print(f"warning: search did not find the appended marker {marker}", file=sys.stderr)
        self.rows.append(
            (
                "3. search after editing one note",
                fmt_s(statistics.median(times)),
                spread(times),
                f"before each run a line with {self.query!r} appended to {target.name}, "
                f"mtime bumped; the edit {'IS' if seen else 'is NOT'} found by a later "
                "search; the note is restored at the end",
            )
        )
        return statistics.median(times), seen

    def ripgrep(self) -> float | None:
        """4. `rg -il QUERY V`: default threads, -j <cores>, -j1. None without rg."""
        if self.rg is None:
            self.rows.append(
                ("4. rg -il", "-", "-", "ripgrep not installed (not on PATH, no /usr/bin/rg)")
            )
            return None
        variants: list[tuple[str, list[str]]] = [("", [])]
        variants.append((f" -j{self.cores}", ["-j", str(self.cores)]))
        if self.cores != 1:
            variants.append((" -j1", ["-j", "1"]))
        default = 0.0
        for label, extra in variants:
            cmd = [self.rg, *extra, "-il", self.query, self.vault]
            results = self.many(cmd, f"rg{label} -il", keep_stdout=True, ok=(0, 1))
            matched = results[0].stdout.count(b"\n")
            runs = walls(results)
            if not extra:
                default = statistics.median(runs)
            self.rows.append(
                (
                    f"4. rg -il {self.query} V" if not extra else f"   rg{label} -il",
                    fmt_s(statistics.median(runs)),
                    spread(runs),
                    f"{matched} matching files"
                    + ("" if extra else f" (rg's default thread count, {self.cores} cores)"),
                )
            )
        return default

    def markdown_baseline(self) -> float:
        """5. MarkdownIt('commonmark').parse over every pre-read file, one core, one run."""
        start = time.perf_counter()
        texts = [p.read_text("utf-8", errors="replace") for p in self.files]
        read_time = time.perf_counter() - start
        try:
            parse_time = markdown_parse(texts)
        except ImportError:
            raise BenchError("markdown-it-py is not importable in this interpreter") from None
        self.rows.append(
            (
                "5. markdown-it commonmark parse",
                fmt_s(parse_time),
                "1 run",
                f"one core, in this process, {len(texts)} texts pre-read (read + decode "
                f"{fmt_s(read_time)}, not counted); {len(texts) / parse_time:,.0f} files/s, "
                f"{self.total_bytes / MB / parse_time:.1f} MB/s",
            )
        )
        return parse_time

    def import_cost(self) -> None:
        """6. `notes --version` end to end, and -X importtime of notes_kb.cli.app."""
        version = walls(self.many([NOTES_BIN, "--version"], "`notes --version`"))
        self.imports = import_times(sys.executable, self.env, self.timeout)
        cli = next((e for e in self.imports if e[2] == "notes_kb.cli.app"), self.imports[0])
        self.rows.append(
            (
                "6. `notes --version`",
                fmt_s(statistics.median(version)),
                spread(version),
                f"interpreter start + imports, no index; import notes_kb.cli.app "
                f"{fmt_s(cli[0] / 1e6)} cumulative per -X importtime",
            )
        )

    def judge(
        self,
        cold: float,
        peak_memory: int,
        warm: float,
        edited: float,
        seen: bool,
        rg: float | None,
        parse: float,
    ) -> None:
        large = len(self.files) >= LARGE_VAULT
        self.verdicts = [
            Verdict(
                "warm search vs rg -il",
                f"{fmt_s(warm)} vs {fmt_s(rg) if rg is not None else '-'}",
                warm / rg if rg is not None else None,
                SEARCH_VS_RG_LARGE if large else SEARCH_VS_RG_SMALL,
                strict=large,
                note=(
                    f"target for {'>= 100k notes' if large else '< 100k notes (set at 10k)'}; "
                    + ("rg at its default thread count" if rg is not None else "no rg")
                ),
            ),
            Verdict(
                "cold index vs markdown-it parse",
                f"{fmt_s(cold)} vs {fmt_s(parse)}",
                cold / parse,
                COLD_VS_PARSE,
                note="end-to-end `notes index` vs markdown-it alone on one core",
            ),
            Verdict(
                "search after one edit vs warm",
                f"{fmt_s(edited)} vs {fmt_s(warm)}",
                edited / warm,
                EDIT_VS_WARM,
                note="" if seen else "but the edit was NOT found by search",
            ),
            Verdict(
                "cold build peak memory",
                f"{fmt_mb(peak_memory)} vs {fmt_mb(PEAK_MEMORY)}",
                peak_memory / PEAK_MEMORY,
                1.0,
                strict=True,
                note="max(tree summed PSS, largest single process)",
            ),
        ]


def print_results(bench: SearchBench) -> None:
    if bench.rows:
        print_table(("measurement", "median", "min .. max", "detail"), bench.rows)

    if bench.imports:
        print(
            f"\nImport cost: python -X importtime -c 'import notes_kb.cli.app' "
            f"(top {IMPORT_TOP} by cumulative time, one run, .pyc warm)"
        )
        print(f"  {'cumulative':>10}  {'self':>9}  module")
        for cumulative, self_us, module in bench.imports[:IMPORT_TOP]:
            print(f"  {fmt_s(cumulative / 1e6):>10}  {fmt_s(self_us / 1e6):>9}  {module}")

    if bench.verdicts:
        print(
            f"\nVerdict (targets are for a 2-core machine; this one has {bench.cores} usable cores)"
        )
        width = max(len(v.name) for v in bench.verdicts)
        mwidth = max(len(v.measured) for v in bench.verdicts)
        for v in bench.verdicts:
            ratio = f"{v.ratio:.2f}x" if v.ratio is not None else "-"
            limit = f"{'<' if v.strict else '<='} {v.limit:g}x"
            print(
                f"  {v.status():4}  {v.name.ljust(width)}  {v.measured.ljust(mwidth)}  "
                f"ratio {ratio:>7} (target {limit})" + (f"  {v.note}" if v.note else "")
            )


def ensure_project_python() -> None:
    """Re-run under the project's venv when started by an interpreter without `notes`."""
    if NOTES_BIN.exists():
        return
    if VENV_PYTHON.exists() and not os.environ.get("NOTES_BENCH_REEXEC"):
        print(f"(no `notes` next to {sys.executable}; re-running under {VENV_PYTHON})")
        sys.stdout.flush()
        os.environ["NOTES_BENCH_REEXEC"] = "1"  # never loop
        os.execv(VENV_PYTHON, [str(VENV_PYTHON), __file__, *sys.argv[1:]])


def generate(vault: Path, notes: int, seed: int, timeout: float) -> str:
    cmd = [
        sys.executable,
        str(HERE / "generate_vault.py"),
        str(vault),
        "--notes",
        str(notes),
        "--seed",
        str(seed),
    ]
    try:
        gen = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise BenchError(f"generating the vault timed out after {timeout:.0f} s") from None
    if gen.returncode != 0:
        raise BenchError(f"generate_vault.py failed:\n{(gen.stdout + gen.stderr).strip()}")
    return gen.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]) if __doc__ else None,
    )
    parser.add_argument("--notes", type=int, default=10_000, help="notes to generate")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--vault", type=Path, help="benchmark this vault instead of generating")
    parser.add_argument("--repeat", type=int, default=7, help="runs per subprocess measurement")
    parser.add_argument("--query", default="token", help="one word to search for")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temp vault and cache dirs, print where"
    )
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds before a command is killed"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.notes < 1:
        parser.error("--notes must be at least 1")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    if not re.fullmatch(r"\w+", args.query):
        parser.error("--query must be one word (letters, digits, underscore)")
    ensure_project_python()
    if not NOTES_BIN.exists():
        parser.error(f"no `notes` script next to {sys.executable}; install the project first")
    vault_arg: Path | None = args.vault.resolve() if args.vault else None
    if vault_arg is not None and not vault_arg.is_dir():
        parser.error(f"--vault {vault_arg} is not a folder")
    rg = shutil.which("rg") or (str(RG_FALLBACK) if os.access(RG_FALLBACK, os.X_OK) else None)

    def terminated(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # kill the running command's group, clean up, exit

    signal.signal(signal.SIGTERM, terminated)
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:  # started in the background
        signal.signal(signal.SIGINT, terminated)
    for line in environment(rg):
        print(line)
    tmp = Path(tempfile.mkdtemp(prefix="notes-bench-search-"))
    try:
        cache = tmp / "cache"
        cache.mkdir()
        if vault_arg is None:
            vault = tmp / "vault"
            gen_timeout = max(args.timeout, 120 + args.notes * 0.01)
            print(f"Generate {generate(vault, args.notes, args.seed, gen_timeout)}")
        else:
            vault = vault_arg
        bench = SearchBench(args, vault, cache, rg)
        try:
            bench.run()
        finally:
            sys.stdout.flush()
            print_results(bench)  # whatever was measured, also when a later step failed
        return 0
    except BenchError as error:
        sys.stdout.flush()
        print(f"\nerror: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        sys.stdout.flush()
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"\nKept {tmp} (vault/ when generated, cache/)")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
