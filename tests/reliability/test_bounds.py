"""Bounded work on any input: YAML bombs, embeds, depth, fan-in, huge files, odd queries."""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

import pytest

from notes_kb.config import locate
from notes_kb.index.load import load_vault
from notes_kb.kb import open_vault
from tests.conftest import write_files
from tests.reliability.helpers import NOTES, hub_vault, run

LAUGHS = (
    "---\n"
    + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(8)
    )
    + "---\n# Laughs\n\nbody survives\n"
)


def yaml_bombs() -> dict[str, str | bytes]:
    return {
        "laughs.md": LAUGHS,
        "deep.md": "---\nx: " + "[" * 100 + "]" * 100 + "\n---\nbody\n",
        "scalar.md": "---\ntitle: " + "a" * 100_000 + "\n---\nbody\n",
        "long.md": "---\n" + "".join(f"k{n}: v\n" for n in range(30_000)) + "---\nbody\n",
        "plain.md": "---\ntitle: 0.89\n---\nok\n",
    }


def test_yaml_bombs_are_refused_per_note_in_bounded_time(tmp_path: Path) -> None:
    """Aliases that expand to billions, deep nesting, huge scalars, huge frontmatter: each
    is one diagnostic for its note, the bodies load, the rest is untouched, quickly."""
    vault = write_files(tmp_path / "vault", yaml_bombs())
    started = time.monotonic()
    loaded = load_vault(locate(vault))
    assert time.monotonic() - started < 5
    found = {(d.path, d.line, d.code, d.message) for d in loaded.diagnostics}
    assert found == {
        (
            "laughs.md",
            6,
            "frontmatter-invalid",
            "frontmatter expands to over 10,000 values (YAML aliases); ignored",
        ),
        ("deep.md", 2, "frontmatter-invalid", "frontmatter nests over 64 levels deep; ignored"),
        (
            "scalar.md",
            2,
            "frontmatter-invalid",
            "a frontmatter value is over 64 KB; frontmatter ignored",
        ),
        ("long.md", 2, "frontmatter-invalid", "frontmatter is over 256 KB; ignored"),
    }
    titles = {note.path: note.title for note in loaded.notes}
    assert titles == {
        "laughs.md": "Laughs",
        "deep.md": "Deep",
        "scalar.md": "Scalar",
        "long.md": "Long",
        "plain.md": "0.89",
    }


@pytest.mark.skipif(not NOTES.exists(), reason="the notes script is not installed")
def test_yaml_bomb_costs_every_command_little_memory(tmp_path: Path) -> None:
    """The billion laughs through the real command: `list --json` answers, small and fast."""
    vault = write_files(tmp_path / "vault", yaml_bombs())
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    done = run(vault, tmp_path / "cache", "list", "--json", timeout=30)
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) == 5
    assert time.monotonic() - started < 10
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert max(peak, before) < 400_000  # KB: a few times the interpreter, not gigabytes


def test_embeds_are_bounded_and_say_what_was_cut(tmp_path: Path) -> None:
    """40 notes each embedding the 39 others: `show` answers fast, each cycle once, and
    ends by saying how many embeds were not expanded."""
    files: dict[str, str | bytes] = {
        f"e{i}.md": f"# E{i}\n\n"
        + "\n".join(f"![[e{j}]]" for j in range(40) if j != i)
        + "\n\n"
        + "text " * 200
        + "\n"
        for i in range(40)
    }
    vault = write_files(tmp_path / "vault", files)
    started = time.monotonic()
    view = open_vault(vault).show("e0")
    assert time.monotonic() - started < 5
    assert view.body.count("> **↳ E") == 100  # MAX_EMBEDS
    assert "(not expanded: already shown above)" in view.body
    assert view.body.endswith(
        "not expanded: a note shows at most 100 embeds and 1,000 KB of embedded text*\n"
    )
    assert len(view.body) < 2_000_000


def test_deep_folders_and_hierarchies_have_no_recursion_limit(tmp_path: Path) -> None:
    """A note 600 folders down and a hierarchy 120 levels deep: listed, shown, in the tree."""
    deep = "/".join(["d"] * 600)
    levels = ".".join(["a"] * 120)
    vault = write_files(
        tmp_path / "vault",
        {f"{deep}/bottom.md": "# Bottom\n\nat the bottom\n", f"{levels}.md": "# Leaf\n\nleaf\n"},
    )
    kb = open_vault(vault)
    assert sorted(note.title for note in kb.list()) == ["Bottom", "Leaf"]
    assert kb.show("bottom").note.path == f"{deep}/bottom.md"
    root, _ = kb.tree()
    depth, node = 0, root
    while node.children:
        node, depth = next(iter(node.children.values())), depth + 1
    assert depth >= 120


@pytest.fixture(scope="module")
def fan_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """5,000 notes that all link to `hub`, its cache built once for the module."""
    root = tmp_path_factory.mktemp("fan")
    vault = hub_vault(root / "vault", 5000, body_words=4)
    return vault


def test_5000_backlinks_answer_in_under_a_second(
    fan_in: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`links hub` with 5,000 notes linking to it, warm cache: under a second of this
    process's CPU time (not wall time, which a busy machine stretches: a bound on the
    work, not a benchmark)."""
    monkeypatch.setenv("NOTES_CACHE_DIR", str(fan_in.parent / "cache"))
    open_vault(fan_in).refresh()  # the cold build is not what is measured
    started = time.process_time()
    kb = open_vault(fan_in)
    report = kb.links("hub")
    graph = kb.graph("hub")
    seconds = time.process_time() - started
    assert (len(report.backlinks), len(graph.nodes)) == (5000, 5001)
    assert seconds < 1.0, f"{seconds:.2f} s"


def test_note_over_the_size_limit_is_skipped_and_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 10 GB sparse file and a 2 MB note over a 1 MB limit: skipped with a diagnostic at
    once (reading either whole would take minutes or memory); the others load."""
    vault = write_files(tmp_path / "vault", {"ok.md": "# Ok\n", "big.md": "x" * 2_000_000})
    with open(vault / "sparse.md", "wb") as handle:
        handle.truncate(10 * 1024**3)
    monkeypatch.setenv("NOTES_MAX_NOTE_BYTES", "1M")
    started = time.monotonic()
    loaded = load_vault(locate(vault))
    assert time.monotonic() - started < 2
    assert [note.path for note in loaded.notes] == ["ok.md"]
    assert sorted((d.path, d.code, d.message) for d in loaded.diagnostics) == [
        (
            "big.md",
            "too-large",
            "file is 1.9 MB, over the 1.0 MB limit of a note "
            "(set NOTES_MAX_NOTE_BYTES to raise it); skipped",
        ),
        (
            "sparse.md",
            "too-large",
            "file is 10240.0 MB, over the 1.0 MB limit of a note "
            "(set NOTES_MAX_NOTE_BYTES to raise it); skipped",
        ),
    ]


@pytest.mark.skipif(not NOTES.exists(), reason="the notes script is not installed")
def test_a_20_mb_line_and_a_1_mb_line_never_hang_show(tmp_path: Path) -> None:
    """A 1 MB single line with 2,000 links shows in seconds; a 20 MB one is over the limit,
    skipped, and `check` says why."""
    line = " ".join(f"w{i} [[b]]" if i % 50 == 0 else f"w{i}" for i in range(100_000))
    vault = write_files(
        tmp_path / "vault",
        {"big.md": f"# Big\n\n{line}\n", "b.md": "# B\n", "huge.md": "y" * (20 * 1024**2)},
    )
    cache = tmp_path / "cache"
    started = time.monotonic()
    shown = run(vault, cache, "show", "big", "--no-pager", timeout=60)
    assert shown.returncode == 0
    assert shown.stdout.count("B") >= 2000  # every link shown as its title
    assert time.monotonic() - started < 30
    checked = run(vault, cache, "check", "--json", timeout=30)
    problems = [(d["path"], d["code"]) for d in json.loads(checked.stdout)]
    assert ("huge.md", "too-large") in problems


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unclosed phrase',
        "a AND",
        "NEAR(",
        "*",
        "title:x",
        "^",
        "-",
        "a\x00b",
        "(",
        "a OR OR b",
        "{title}: x",
        "x " * 2_000,
        "\u202e\u0000\x1b[31m",
    ],
)
def test_any_query_gives_results_or_one_clear_error(tmp_path: Path, query: str) -> None:
    """Quotes, FTS5 operators, NUL, escapes, 4,000 characters: results or a NotesError."""
    from notes_kb.errors import NotesError

    vault = write_files(tmp_path / "vault", {"a.md": "# A\n\nalpha a b title x\n"})
    try:
        results = open_vault(vault).search(query)
    except NotesError as error:
        assert "\n" not in error.message
    else:
        assert isinstance(results.hits, list)


def test_a_line_of_unclosed_marks_is_read_in_linear_time(tmp_path: Path) -> None:
    """5,000 `[`, `[[` or `<a` opened on one line and never closed: each mark's span is read
    for a bounded length, not from every mark to the end of the line (at 10,000 marks the
    glossary and concept index took 13, 42 and 2.6 s of CPU before, 0.8, 2.1 and 0.2 now)."""
    from notes_kb.query.concepts import build_index
    from notes_kb.query.glossary import build_glossary

    marks = {"bracket.md": "[power ", "wiki.md": "[[power ", "tag.md": "<a "}
    files: dict[str, str | bytes] = {
        name: f"# N\n\n{mark * 5_000}\n" for name, mark in marks.items()
    }
    files["power.md"] = "# Power\n\n- **Power**: the chance to detect an effect.\n"
    root = write_files(tmp_path / "vault", files)
    started = time.process_time()
    notes = load_vault(locate(root)).notes
    index = build_index(notes, build_glossary(notes), related_for=[])
    seconds = time.process_time() - started
    assert [c.term for c in index] == ["Power"]
    assert seconds < 4.0, f"{seconds:.2f} s"
