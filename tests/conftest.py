"""Shared fixtures: every test runs isolated from the user's environment and home."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "notes"
SHARED_DENDRON = REPO.parent / "shared" / "vaults" / "dendron-site"

VaultFactory = Callable[[dict[str, str | bytes]], Path]

# The suite runs on two workers (pytest-xdist, `-n 2` in pyproject.toml), one a core, a file
# at a time on either: a file's shared fixtures (the hostile vault's cache, ~10 s) are built
# once, as in one process. The tests below time the wall clock against a tight bound, or keep
# several processes busy at once (concurrent runs, a server, a cold build of 64 notes or
# more, which parses on every core): one worker runs them all, one after another, from the
# start (tests/reliability/ is collected first), so that a timed test never runs beside one
# that takes every core. A test renamed away from this list only loses that.
ONE_AT_A_TIME = (
    "tests/reliability/test_bounds.py::",
    "tests/reliability/test_locks.py::",
    "tests/reliability/test_cache.py::test_full_disk_gives_one_notice_and_leaves_nothing_behind",
    "tests/reliability/test_cache.py::test_output_file_is_written_whole_or_not_at_all",
    "tests/test_index.py::test_concurrent_cold_starts_agree",
    "tests/test_kept_results.py::test_kept_links_show_what_resolving_every_link_shows[dendron]",
    "tests/test_kept_results.py::test_study_cards_read_from_the_cache_are_those_parsed_from_the_"
    "files[dendron]",
    "tests/test_serve.py::",
)


def pytest_sessionstart(session: pytest.Session) -> None:
    """The project's bytecode, written once before any test (on the controller and on each
    worker; a second pass finds it written): the tests start `notes` as a process over a
    hundred times, and where PYTHONDONTWRITEBYTECODE is set each would otherwise compile the
    modules it imports from source (about 0.1 s of CPU a process)."""
    import compileall

    compileall.compile_dir(str(REPO / "src"), quiet=1)
    _remember_kept_patterns()


def _remember_kept_patterns() -> None:
    """A cold build keeps every pattern in `re`'s cache (index/kept_patterns), each compiled
    a second time to read its opcodes: in a `notes` process that is the ~230 the parse
    compiled, but here `re`'s cache holds up to 512 from every test before, and most tests
    build a fresh cache, so the test process compiled the same patterns again at each build
    (86 s of the suite's CPU, 41 s in tests/test_search.py alone). What `_entry` makes of a
    pattern is the same every time in one process: it is made once here and handed out again
    only for a compiled pattern equal to the one it was checked against (pattern, flags and
    code, as `_entry` itself compares), so every kept row is byte for byte what it was."""
    from notes_kb.index import kept_patterns

    real = kept_patterns._entry
    seen: dict[tuple[str, int], tuple[object, kept_patterns.Entry | None]] = {}

    def entry(pattern: str, given: int, made: object) -> kept_patterns.Entry | None:
        before = seen.get((pattern, given))
        if before is not None and before[0] == made:
            return before[1]
        found = real(pattern, given, made)
        seen[pattern, given] = (made, found)
        return found

    kept_patterns._entry = entry


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """pytest-xdist hands out whole files, and the tests of ONE_AT_A_TIME as one unit, in
    the order they are collected."""
    from xdist.scheduler import LoadScopeScheduling

    class FilesAndOneAtATime(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "one-at-a-time" if nodeid.startswith(ONE_AT_A_TIME) else nodeid.split("::")[0]

    config.option.loadscopereorder = False  # (else the files with the most tests go first)
    return FilesAndOneAtATime(config, log)


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write files below root (text as UTF-8, bytes as they are), folders made; return root."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the real NOTES_DIR, cache, user config file or terminal settings."""
    monkeypatch.delenv("NOTES_DIR", raising=False)
    monkeypatch.setenv("NOTES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.delenv("NOTES_PAGER", raising=False)
    monkeypatch.setenv("NOTES_CONFIG", str(tmp_path / "user-config" / "notes.toml"))


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the bundled vault's index as a refresh leaves it (every note
    parsed, no answer kept), built once per test process."""
    from notes_kb.config import locate
    from notes_kb.index.store import Index

    folder = tmp_path_factory.mktemp("bundled-index")
    index = Index.open(locate(BUNDLED), folder)
    try:
        index.refresh()
    finally:
        index.close()
    return folder


@pytest.fixture
def indexed_bundled(bundled_index: Path, tmp_path: Path) -> None:
    """The test's cache (isolated_env's) begins as a copy of the bundled vault's index: its
    commands on the bundled notes parse nothing (a cold build of its 33 notes, ~0.3 s a
    test, is what tests/test_index.py and every test on a vault of its own go through),
    and each still works out and keeps its own answers."""
    shutil.copytree(bundled_index, tmp_path / "cache", dirs_exist_ok=True)


@pytest.fixture
def make_vault(tmp_path: Path) -> VaultFactory:
    """Write files (text or bytes) into a fresh vault folder and return its path."""

    def build(files: dict[str, str | bytes]) -> Path:
        return write_files(tmp_path / "vault", files)

    return build
