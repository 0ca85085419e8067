"""A hostile vault: every command survives it, reports each bad file, and changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from tests.conftest import write_files
from tests.test_cli import run

COMMANDS = [
    ["list"],
    ["tree"],
    ["check"],
    ["tags"],
    ["graph"],
    ["index"],
    ["glossary"],
    ["concepts"],
    ["search", "word"],
    ["search", "tokeniz*"],
    ["search", "注意力"],
    ["show", "deep-quote", "--no-pager"],
    ["show", "evil", "--no-pager"],
    ["show", "big", "--raw"],
    ["links", "spaces"],
    ["list", "--tag", "x", "--orphan", "--modified-after", "last week"],
]
JSON_COMMANDS = [c for c in COMMANDS if c[0] not in ("show",) or "--raw" not in c]


def hostile_files() -> dict[str, str | bytes]:
    return {
        "deep-quote.md": "> " * 3000 + "deep\n",
        "deep-list.md": "".join("  " * i + "- item\n" for i in range(1500)),
        "big.md": ("word " * 200 + "\n") * 3000,  # 3 MB, a million matches for `word`
        "long-line.md": "x" * 1_000_000 + "\n",
        # runs that once made the definition finder quadratic (a tag run took 112 s)
        "tag-run.md": "#a " * 20_000 + "\n\nword " + "#b " * 20_000 + "x\n",
        "lead-runs.md": "- **a**: They are good\n" * 3000 + "X is a " * 10_000 + "\n",
        # an unclosed code span of dotted words opening an item (read as code or a name)
        "code-run.md": "- `" + "a." * 200_000 + "\n\n`" + "ab " * 50_000 + "` is a thing.\n",
        # thousands of emphasised or MyST-marked names in one paragraph, each once read
        # with the whole paragraph before and after it (40,000 took 60 s)
        "emphasis-run.md": "x **ab** keeps " * 40_000 + "\n\n" + "{dfn}`ab` " * 40_000 + "\n",
        # one paragraph of tens of thousands of sentences, acronyms and code spans: each once
        # counted lines, copied the text after it or looked up every alias from the start
        "sentence-runs.md": "RAG stands for retrieval. " * 30_000
        + "\n\n"
        + "retrieval augmented generation (RAG) " * 30_000
        + "\n\n"
        + "`a` is x. " * 30_000
        + "\n",
        # thousands of headings and "The X is" sentences, each once looked for in the whole note
        "heading-runs.md": "".join(
            f"## Term{i} thing\n\nSee the other note.\n\nThe widget{i} part is a small piece.\n\n"
            for i in range(3000)
        ),
        "empty.md": "",
        "only-frontmatter.md": "---\ntitle: Only\n---",
        "bare-dashes.md": "---\n",
        "unclosed.md": "---\ntitle: [open\ntags: x\n",
        "tabs.md": "---\ntitle:\tx\n\tbad: [\n---\nbody\n",
        "duplicate-keys.md": "---\ntitle: a\ntitle: b\n---\n",
        "types.md": "---\ntitle: [1, 2]\ntags: {a: 1}\ncreated: null\nupdated: [x]\nid: {x: 1}\n"
        "desc: 3.5\n---\nbody\n",
        "nul.md": b"# T\x00itle\n",
        "binary.md": bytes(range(256)) * 4,
        "latin1.md": "# Caf\xe9\n".encode("latin-1"),
        "utf16.md": "# Zwölf\n".encode("utf-16"),
        "name with spaces é.md": "# Spaces\n[[deep-quote]] and [[../../etc/passwd]]\n",
        "Case.md": "# Case\n",
        "case.md": "# case too\n",
        "dup-a.md": "---\nid: same\n---\n# A\n",
        "dup-b.md": "---\nid: same\n---\n# B\n",
        ".hidden/secret.md": "# hidden\n",
        "cjk.md": "# 注意力\n\n注意力机制是变换器的核心。\n",
        "defs.md": "- **escape code**: shows \x1b[31m red [bold]x[/bold] and \x07 a bell\n",
        "evil.md": '---\ntitle: "\\e]8;;http://x\\e\\\\click\\e]8;;\\e\\\\ [bold red]x[/]"\n---\n'
        "\x1b[2J\x9b31m [link=http://x]y[/link] \x07\r\n",
    }


def snapshot(root: Path) -> dict[str, str]:
    """Every path under the vault with a hash of its bytes (links by their target)."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[rel] = "dir"
    return found


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_files(tmp_path_factory.mktemp("hostile") / "vault", hostile_files())
    (root / "outside-link").symlink_to("/etc")
    (root / "loop").mkdir()
    (root / "loop" / "up").symlink_to("..")
    return root


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_every_command_survives_and_leaves_the_vault_alone(
    hostile: Path, args: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No traceback, no escape code, a clean exit, and not one byte of the vault changed."""
    monkeypatch.setenv("NOTES_CACHE_DIR", str(tmp_path.parent / "hostile-cache"))
    before = snapshot(hostile)
    code, out, err = run(*args, vault=hostile)
    assert code in (0, 1), err
    assert "Traceback" not in err
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "\x1b" not in err
    assert snapshot(hostile) == before


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=lambda a: " ".join(a))
def test_every_json_output_is_valid(
    hostile: Path, args: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """--json stays valid JSON with every control character escaped."""
    monkeypatch.setenv("NOTES_CACHE_DIR", str(tmp_path.parent / "hostile-cache"))
    code, out, _ = run(*args, "--json", vault=hostile)
    if code == 0 or args[0] == "check":
        json.loads(out)
        assert "\x1b" not in out and "\x9b" not in out


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("plain ascii", '"plain ascii"'),
        ("del \x7f", '"del \\u007f"'),
        ("c1 \x85 and \x9b, é kept", '"c1 \\u0085 and \\u009b, é kept"'),
        ("line \u2028 paragraph \u2029", '"line \\u2028 paragraph \\u2029"'),
        ("tab\tesc\x1b", '"tab\\tesc\\u001b"'),
    ],
)
def test_json_escapes_what_a_terminal_or_javascript_would_act_on(value: str, written: str) -> None:
    """`dumps` escapes DEL, C1 controls and the JavaScript line separators, ASCII or not."""
    from notes_kb.cli.serialize import dumps

    assert dumps(value, pretty=False) == written
    assert json.loads(written) == value


def test_define_on_the_hostile_vault(
    hostile: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """define: an unknown term is one Error line (after the vault's one-line problem summary)
    and nothing on stdout, --json or not; a definition holding escape codes and Rich markup
    shows them as visible text, and its --json is valid with the text kept as data."""
    monkeypatch.setenv("NOTES_CACHE_DIR", str(tmp_path.parent / "hostile-cache"))
    before = snapshot(hostile)
    for json_flag in ([], ["--json"]):
        code, out, err = run("define", "word", *json_flag, vault=hostile)
        *notices, last = err.splitlines()
        said = " (said without a definition in 2 notes (big.md:1, tag-run.md:3): notes search word)"
        assert (code, out, last) == (1, "", f'Error: no term "word" in the glossary{said}')
        assert [n for n in notices if "run `notes check` for details" not in n] == []

    code, out, err = run("define", "escape code", vault=hostile)
    lines = out.splitlines()
    assert (code, lines[0]) == (0, "escape code")
    assert "1. shows \u241b[31m red [bold]x[/bold] and \u2407 a bell" in lines
    assert any(line.strip().startswith("defs.md:1 ") for line in lines)
    assert not any(c in out for c in "\x1b\x9b\x07")
    assert [n for n in err.splitlines() if "run `notes check` for details" not in n] == []

    code, out, err = run("define", "escape code", "--json", vault=hostile)
    data = json.loads(out)
    assert (code, data["term"]) == (0, "escape code")
    assert data["definition"] == "shows \x1b[31m red [bold]x[/bold] and \x07 a bell"
    assert [(d["path"], d["line"]) for d in data["definitions"]] == [("defs.md", 1)]
    assert not any(c in out for c in "\x1b\x9b\x07")  # escaped as \\u001b in the JSON
    assert snapshot(hostile) == before


def test_each_bad_file_is_a_diagnostic(
    hostile: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """check names every broken file with its kind of problem, and nothing outside the vault."""
    monkeypatch.setenv("NOTES_CACHE_DIR", str(tmp_path.parent / "hostile-cache"))
    code, out, _ = run("check", "--json", vault=hostile)
    assert code == 1
    found = {(d["path"], d["code"]) for d in json.loads(out)}
    expected = {
        ("unclosed.md", "frontmatter-unclosed"),
        ("tabs.md", "frontmatter-invalid"),
        ("duplicate-keys.md", "frontmatter-invalid"),
        ("nul.md", "binary"),
        ("binary.md", "binary"),
        ("latin1.md", "encoding"),
        ("utf16.md", "encoding"),
        ("dup-a.md", "duplicate-id"),
        ("dup-b.md", "duplicate-id"),
        ("outside-link", "symlink-outside"),
        ("types.md", "frontmatter-type"),
        ("name with spaces é.md", "broken-link"),
    }
    assert expected <= found
    assert not any(path.startswith((".hidden", "/", "..")) for path, _ in found)


def test_paths_leaving_the_vault_are_refused(
    hostile: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`../` in a NOTE argument is refused, and a link to ../../etc/passwd resolves to nothing."""
    monkeypatch.setenv("NOTES_CACHE_DIR", str(tmp_path.parent / "hostile-cache"))
    code, out, err = run("show", "../../etc/passwd", vault=hostile)
    assert (code, out) == (1, "") and "outside the vault" in err
    _, out, _ = run("links", "spaces", "--json", vault=hostile)
    assert [(o["target"], o["resolved"]) for o in json.loads(out)["outgoing"]] == [
        ("deep-quote", True),
        ("../../etc/passwd", False),
    ]


def test_search_finds_in_a_huge_section_quickly(
    hostile: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A 3 MB section with a million matches gives a highlighted passage (FTS5 alone hung)."""
    monkeypatch.setenv("NOTES_CACHE_DIR", str(tmp_path.parent / "hostile-cache"))
    code, out, _ = run("search", "word", "--json", vault=hostile)
    hit = json.loads(out)[0]
    assert (code, hit["path"], hit["line"]) == (0, "big.md", 1)
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "word"


def test_a_note_edited_while_it_is_indexed_is_indexed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan's size and mtime are stored, not the file's after reading: an edit made
    between the two is seen (and parsed) by the next command."""
    from notes_kb.config import locate
    from notes_kb.index import build as index_module  # the store loads parse_all from it
    from notes_kb.index.store import Index

    vault = tmp_path / "vault"
    vault.mkdir()
    note = vault / "a.md"
    note.write_text("# A\n\nfirst text\n", encoding="utf-8")
    real_parse_all = index_module.parse_all

    def edit_then_parse(tasks, *rest):  # type: ignore[no-untyped-def]
        note.write_text("# A\n\nsecond text, longer\n", encoding="utf-8")  # after the scan
        os.utime(note, ns=(1, 2_000_000_000_000_000_000))
        return real_parse_all(tasks, *rest)

    monkeypatch.setattr(index_module, "parse_all", edit_then_parse)
    index = Index.open(locate(vault), tmp_path / "cache")
    assert index.refresh().parsed == 1
    monkeypatch.setattr(index_module, "parse_all", real_parse_all)
    assert index.refresh().parsed == 1  # the stored mtime is the scan's: the edit is seen
    assert "second text" in index.load_vault().notes[0].body
    assert index.refresh().parsed == 0


def test_the_vault_deleted_between_two_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A vault that disappears after being indexed is one clear error, not a stale answer."""
    import shutil

    monkeypatch.setenv("NOTES_CACHE_DIR", str(tmp_path / "cache"))
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("# A\n", encoding="utf-8")
    assert run("list", "--json", vault=vault)[0] == 0
    shutil.rmtree(vault)
    assert run("list", "--json", vault=vault) == (
        1,
        "",
        f"Error: vault folder not found: {vault} (from --dir)\n",
    )
    vault.mkdir()  # back, empty: the cache forgets every note
    assert run("list", "--json", vault=vault) == (0, "[]\n", "")


def test_a_read_only_vault_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reading command works on a vault with no write permission anywhere."""
    monkeypatch.setenv("NOTES_CACHE_DIR", str(tmp_path / "cache"))
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("- *token*: a unit of text\n[[b]]\n", encoding="utf-8")
    (vault / "b.md").write_text("# B\n", encoding="utf-8")
    for path in (vault / "a.md", vault / "b.md", vault):
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        before = snapshot(vault)
        for args in (["list"], ["search", "token"], ["glossary"], ["check"], ["links", "a"]):
            assert run(*args, vault=vault)[0] == 0, args
        assert snapshot(vault) == before
    finally:
        vault.chmod(0o755)
