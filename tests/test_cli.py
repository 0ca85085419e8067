"""The `notes` CLI as a user meets it: exit codes, stdout and stderr kept apart, --json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_kb.cli.app import app
from tests.conftest import BUNDLED, VaultFactory

# each test's cache begins as the bundled vault's index (conftest.indexed_bundled)
pytestmark = pytest.mark.usefixtures("indexed_bundled")
runner = CliRunner()
LIST_KEYS = {"id", "title", "fname", "path", "tags", "created", "updated"}
SHOW_KEYS = LIST_KEYS | {"desc", "frontmatter", "body", "sections"}


def run(*args: str, vault: Path | None = BUNDLED, tty: bool = False) -> tuple[int, str, str]:
    """The CLI in process: (exit code, stdout, stderr). `tty`: draw stdout as on a terminal
    (tables); otherwise it is a pipe, as CliRunner's stdout really is (plain lines)."""
    argv = ["--dir", str(vault), *args] if vault is not None else list(args)
    result = runner.invoke(app, argv, env={"TTY_COMPATIBLE": "1" if tty else "0"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    """--version prints the program name and version."""
    code, out, err = run("--version", vault=None)
    assert (code, out, err) == (0, "notes 0.1.0\n", "")


def test_list_json_is_every_bundled_note_with_the_documented_keys() -> None:
    """list --json: one object per note, exactly the documented keys, sorted by file name."""
    code, out, err = run("list", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert len(data) == len(list(BUNDLED.glob("*.md")))
    assert all(set(item) == LIST_KEYS for item in data)
    assert [item["fname"] for item in data] == sorted(item["fname"] for item in data)
    token = next(item for item in data if item["fname"] == "ai-engineering.concepts.token")
    assert token["title"] == "Token"
    assert token["tags"] == ["llm", "basics"]
    assert token["path"] == "ai-engineering.concepts.token.md"


def test_list_table_shows_titles_and_count() -> None:
    """The human list is a table with title, file name, date and tags, and a count."""
    code, out, _ = run("list", "ai-engineering.chapter-*", tty=True)
    assert code == 0
    assert "Title" in out and "File name" in out and "Updated" in out and "Tags" in out
    assert "ai-engineering.chapter-1" in out and "ai-engineering.chapter-2" in out
    assert "2 notes" in out


def test_list_glob_includes_parent_and_descendants(make_vault: VaultFactory) -> None:
    """`a.*` lists a and everything under it, not `ab`."""
    vault = make_vault({"a.md": "# A\n", "a.b.md": "# B\n", "a.b.c.md": "# C\n", "ab.md": "x"})
    _, out, _ = run("list", "a.*", "--json", vault=vault)
    assert [n["fname"] for n in json.loads(out)] == ["a", "a.b", "a.b.c"]


def test_list_substring_and_sort_by_created(make_vault: VaultFactory) -> None:
    """A plain pattern matches part of a name or title; --sort created puts the newest first."""
    vault = make_vault(
        {
            "old.md": "---\ntitle: Old tokens\ncreated: 1600000000000\n---\n",
            "new.md": "---\ntitle: New tokens\ncreated: 1700000000000\n---\n",
            "other.md": "---\ntitle: Other\n---\n",
        }
    )
    _, out, _ = run("list", "TOKEN", "--sort", "created", "--json", vault=vault)
    assert [n["fname"] for n in json.loads(out)] == ["new", "old"]
    _, out, _ = run("list", "token", "--sort", "created", "--reverse", "--json", vault=vault)
    assert [n["fname"] for n in json.loads(out)] == ["old", "new"]


def test_list_nothing_matches_is_empty_json_and_a_message() -> None:
    """No match: `[]` for scripts, a plain sentence for people, nothing in a pipe; exit 0."""
    assert run("list", "zzz-nothing", "--json") == (0, "[]\n", "")
    assert run("list", "zzz-nothing", tty=True) == (0, "No notes match.\n", "")
    assert run("list", "zzz-nothing") == (0, "", "")


def test_list_bad_sort_is_a_usage_error() -> None:
    """An unknown --sort value exits 2 with the allowed values on stderr."""
    code, out, err = run("list", "--sort", "size")
    assert code == 2 and out == ""
    assert "size" in err and "fname" in err


def test_show_chapter_1_renders_title_sections_and_callout() -> None:
    """show resolves `chapter-1` by hierarchy segment and renders the whole note."""
    code, out, err = run("show", "chapter-1", "--no-pager", tty=True)
    assert code == 0
    assert "Chapter 1 - Building AI Applications with Foundation Models" in out
    assert "The AI stack" in out and "INFO" in out
    assert "notes/ai-engineering.chapter-1.md" in out
    assert err == '"chapter-1" → ai-engineering.chapter-1 (matched by hierarchy segment)\n'


def test_show_token_json_has_the_documented_shape() -> None:
    """show --json gives the note's fields, frontmatter and body, and no section."""
    code, out, _ = run("show", "token", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == SHOW_KEYS
    assert data["fname"] == "ai-engineering.concepts.token"
    assert data["frontmatter"]["title"] == "Token"
    source = (BUNDLED / "ai-engineering.concepts.token.md").read_text(encoding="utf-8")
    assert source.endswith(data["body"])
    assert data["created"].endswith("Z")


def test_show_section_json_and_view() -> None:
    """note#heading shows only that section, says where it is from, and --json has `section`."""
    code, out, _ = run("show", "chapter-2#sampling", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["section"]["slug"] == "sampling"
    assert data["body"].startswith("## Sampling")
    assert "## Model size" not in data["body"]
    lines = (BUNDLED / "ai-engineering.chapter-2.md").read_text(encoding="utf-8").splitlines()
    assert lines[data["section"]["line"] - 1] == "## Sampling"
    code, out, _ = run("show", "chapter-2#sampling", "--no-pager")
    assert "section of Chapter 2 - Understanding Foundation Models" in out


def test_show_heading_rule_finds_a_section_and_says_so(make_vault: VaultFactory) -> None:
    """A heading slug prefix resolves to the section, never to `Chapter 10`."""
    vault = make_vault(
        {
            "book.md": "# Book\n\n## Chapter 1 - Introduction to AI\n\nfirst\n\n"
            "## Chapter 10 - Later\n\nlater\n",
        }
    )
    code, out, err = run("show", "chapter-1", "--json", vault=vault)
    assert code == 0
    assert json.loads(out)["section"]["heading"] == "Chapter 1 - Introduction to AI"
    assert "matched by heading" in err


def test_show_raw_prints_the_source_unchanged() -> None:
    """--raw prints the file's Markdown, frontmatter included, byte for byte."""
    code, out, _ = run("show", "ai-engineering.concepts.token", "--raw")
    assert code == 0
    assert out == (BUNDLED / "ai-engineering.concepts.token.md").read_text(encoding="utf-8")


def test_show_unknown_note_suggests_and_exits_1() -> None:
    """A typo gives one error line with a fuzzy suggestion; stdout stays empty."""
    code, out, err = run("show", "tokn")
    assert (code, out) == (1, "")
    assert err.startswith('Error: no note "tokn" (did you mean "token"')
    assert err.count("\n") == 1


def test_show_gibberish_has_no_suggestions() -> None:
    """Nothing close: the error says so without inventing suggestions."""
    assert run("show", "qqqxxzz") == (1, "", 'Error: no note "qqqxxzz"\n')


def test_show_ambiguous_lists_candidates(make_vault: VaultFactory) -> None:
    """Two notes share a last segment: both are named and the exit code is 1."""
    vault = make_vault({"a.intro.md": "# A\n", "b.intro.md": "# B\n"})
    code, out, err = run("show", "intro", vault=vault)
    assert (code, out) == (1, "")
    assert 'Error: "intro" matches 2 notes: a.intro (a.intro.md), b.intro (b.intro.md)' in err


def test_show_path_outside_vault_is_refused(make_vault: VaultFactory) -> None:
    """`../secret.md` is refused even when the file exists."""
    vault = make_vault({"a.md": "# A\n"})
    (vault.parent / "secret.md").write_text("# Secret\n", encoding="utf-8")
    code, out, err = run("show", "../secret.md", vault=vault)
    assert (code, out) == (1, "")
    assert err.startswith('Error: "../secret.md" is outside the vault')


def test_show_path_inside_vault(make_vault: VaultFactory) -> None:
    """A relative file path inside the vault is accepted."""
    vault = make_vault({"sub/deep.md": "# Deep note\n"})
    code, out, _ = run("show", "sub/deep.md", "--json", vault=vault)
    assert code == 0 and json.loads(out)["title"] == "Deep note"


def test_missing_dir_is_one_error_line(tmp_path: Path) -> None:
    """--dir to a folder that does not exist: one line, exit 1."""
    code, out, err = run("list", vault=tmp_path / "nope")
    assert (code, out) == (1, "")
    assert err == f"Error: vault folder not found: {tmp_path / 'nope'} (from --dir)\n"


def test_no_vault_anywhere_says_how_to_point_at_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No option, no env, no notes/ upward: explain --dir and NOTES_DIR."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run("list", vault=None)
    assert (code, out) == (1, "")
    assert err.startswith("Error: no vault found here or in any parent folder")
    assert "--dir" in err and "NOTES_DIR" in err and err.count("\n") == 1


def test_env_var_and_option_precedence(
    make_vault: VaultFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NOTES_DIR is used without --dir, and --dir wins over it."""
    vault = make_vault({"only-here.md": "# Only here\n"})
    monkeypatch.setenv("NOTES_DIR", str(vault))
    _, out, _ = run("list", "--json", vault=None)
    assert [n["fname"] for n in json.loads(out)] == ["only-here"]
    _, out, _ = run("list", "--json", vault=BUNDLED)
    assert "only-here" not in out


def test_discovers_nearest_notes_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From a nested folder, the nearest notes/ upward is the vault."""
    (tmp_path / "proj" / "notes").mkdir(parents=True)
    (tmp_path / "proj" / "notes" / "here.md").write_text("# Here\n", encoding="utf-8")
    (tmp_path / "proj" / "src" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "proj" / "src" / "deep")
    _, out, _ = run("list", "--json", vault=None)
    assert [n["fname"] for n in json.loads(out)] == ["here"]


BROKEN = {
    "good.md": "---\ntitle: Good\n---\n# Good\n",
    "bad-yaml.md": "---\ntitle: [unclosed\ntags: x\n---\nbody survives\n",
    "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    "latin.md": "caf\xe9 au lait\n".encode("latin-1"),
}


def test_broken_files_are_summarised_and_skipped(make_vault: VaultFactory) -> None:
    """Broken notes never stop the rest; stderr gets one summary line."""
    vault = make_vault(BROKEN)
    code, out, err = run("list", "--json", vault=vault)
    assert code == 0
    assert [n["fname"] for n in json.loads(out)] == ["bad-yaml", "good", "latin"]
    assert err == "1 file skipped, 2 notes with problems; run `notes check` for details\n"


def test_check_reports_each_problem_with_path_and_line(make_vault: VaultFactory) -> None:
    """check lists path:line: severity: message and exits 1 when there are errors."""
    vault = make_vault(BROKEN)
    code, out, err = run("check", vault=vault)
    assert code == 1
    lines = out.splitlines()
    problems = [line for line in lines if not line.endswith("[orphan]")]
    assert len(problems) == 3
    assert problems[0].startswith("bad-yaml.md:2: error: invalid YAML frontmatter: did not find")
    assert problems[1].startswith("binary.md: error: binary file")
    assert problems[2].startswith("latin.md:1: warning: not valid UTF-8 (first bad byte on line 1)")
    orphans = [line for line in lines if line.endswith("[orphan]")]
    assert orphans == [
        f"{name}: warning: orphan note: no links in or out [orphan]"
        for name in ("bad-yaml.md", "good.md", "latin.md")
    ]
    assert err == "4 files checked: 2 errors, 4 warnings\n"
    code, out, _ = run("check", "--json", vault=vault)
    data = json.loads(out)
    assert code == 1
    assert [(d["path"], d["code"]) for d in data] == [
        ("bad-yaml.md", "orphan"),
        ("bad-yaml.md", "frontmatter-invalid"),
        ("binary.md", "binary"),
        ("good.md", "orphan"),
        ("latin.md", "orphan"),
        ("latin.md", "encoding"),
    ]


def test_check_suggests_a_note_close_by_its_words_not_its_numbering(
    make_vault: VaultFactory,
) -> None:
    """A broken link's "did you mean" names a note whose name is close once the numbering
    is set aside, never one that only looks alike by its numbers."""
    vault = make_vault(
        {
            "index.md": "[a](01_linear_models.md) [b](02_gradient_descent.md)\n",
            "stats/01_anova_and_experimental_design.md": "# ANOVA\n",
            "stats/03_gradient_descent.md": "# Gradient descent\n",
        }
    )
    _, out, _ = run("check", vault=vault)
    broken = [line for line in out.splitlines() if line.endswith("[broken-link]")]
    assert len(broken) == 2
    assert "did you mean" not in broken[0]  # 01_linear_models: not 01_anova_and_...
    assert '(did you mean "03_gradient_descent"?)' in broken[1]


def test_check_on_the_bundled_vault_is_clean() -> None:
    """The bundled vault has no problems at all."""
    assert run("check", "--json") == (0, "[]\n", "")


def test_note_text_is_never_markup_or_escape_codes(make_vault: VaultFactory) -> None:
    """Rich markup prints literally and escape sequences are neutralised everywhere."""
    vault = make_vault(
        {
            "evil.md": '---\ntitle: "[bold red]Evil[/] \\e[31mred"\ntags: ["[blink]x"]\n---\n'
            "Body with [bold]tags[/bold] and \x1b]0;pwned\x07 and :smile:\n",
        }
    )
    for args in (["show", "evil", "--no-pager"], ["list"], ["tree"], ["show", "evil", "--raw"]):
        code, out, _ = run(*args, vault=vault)
        assert code == 0
        assert "\x1b" not in out and "\x07" not in out
        assert "[bold red]Evil[/]" in out
    _, out, _ = run("show", "evil", "--no-pager", vault=vault)
    assert "[bold]tags[/bold]" in out and ":smile:" in out and "␛" in out
    code, out, _ = run("show", "evil", "--json", vault=vault)
    assert json.loads(out)["title"] == "[bold red]Evil[/] \x1b[31mred"
    assert "\x1b" not in out


def test_unknown_note_name_with_escape_codes_is_neutralised_in_errors() -> None:
    """The user's own input is echoed safely in an error."""
    code, _, err = run("show", "\x1b[2Jboom")
    assert code == 1 and "\x1b" not in err and "␛[2Jboom" in err


def test_tree_marks_stubs_and_json_nests() -> None:
    """tree shows the hierarchy with missing parents as stubs; --json nests children."""
    code, out, _ = run("tree")
    assert code == 0
    assert "concepts  (stub)" in out and "Token  ai-engineering.concepts.token" in out
    _, out, _ = run("tree", "--json")
    data = json.loads(out)
    engineering = next(c for c in data["children"] if c["fname"] == "ai-engineering")
    concepts = next(c for c in engineering["children"] if c["fname"] == "ai-engineering.concepts")
    assert concepts["stub"] is True and concepts["id"] is None
    assert {"fname", "title", "id", "stub", "children"} == set(concepts)
    assert "ai-engineering.concepts.token" in [c["fname"] for c in concepts["children"]]


def test_tree_of_a_stub_and_of_a_note() -> None:
    """tree NOTE shows the subtree under a stub name or a resolved note."""
    _, out, _ = run("tree", "ai-engineering.concepts", "--json")
    data = json.loads(out)
    assert data["stub"] is True and len(data["children"]) >= 25
    code, out, err = run("tree", "nonexistent-thing")
    assert code == 1 and out == "" and err.startswith('Error: no note "nonexistent-thing"')


def test_no_arguments_prints_help() -> None:
    """Bare `notes` shows the commands instead of doing nothing."""
    result = runner.invoke(app, [])
    assert "show" in result.output and "list" in result.output and "tree" in result.output


def test_list_wraps_titles_on_a_narrow_terminal_and_never_cuts(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a 60-column terminal long titles and tags wrap onto more lines; nothing is cut."""
    vault = make_vault(
        {
            "ai-engineering.concepts.transformer.md": "---\ntitle: Transformer architecture "
            "and its many variants explained\ntags: [architecture, attention]\n"
            "updated: 2026-01-01\n---\n",
            "ai-engineering.concepts.token.md": "---\nupdated: 2026-01-01\n---\n"
            "# 词元 and tokens\n",
        }
    )
    monkeypatch.setenv("TERM", "xterm-256color")  # a dumb terminal is always 80 wide
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run("list", vault=vault, tty=True)
    assert code == 0
    assert re.sub(r"\x1b\[[0-9;]*m", "", out).splitlines() == [  # NO_COLOR keeps bold and dim
        "Title        File name                            Updated",
        "───────────  ───────────────────────────────────  ──────────",
        "词元 and     ai-engineering.concepts.token        2026-01-01",
        "tokens",
        "Transformer  ai-engineering.concepts.transformer  2026-01-01",
        "architectur",
        "e and its",
        "many",
        "variants",
        "explained",
        "2 notes",
    ]
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run("list", vault=vault, tty=True)
    assert re.sub(r"\x1b\[[0-9;]*m", "", out).splitlines()[2:6] == [
        "词元 and tokens            ai-engineering.concepts.token        2026-01-01",
        "Transformer architecture   ai-engineering.concepts.transformer  2026-01-01  "
        "#architecture #attention",
        "and its many variants",
        "explained",
    ]


def test_list_piped_is_tab_separated_and_never_cut(make_vault: VaultFactory) -> None:
    """Piped, each note is one line: title, file name, updated, tags, tab-separated, whole."""
    title = "A very long title " * 8
    vault = make_vault(
        {
            "long.md": f"---\ntitle: {title.strip()}\ntags: [one, two]\nupdated: 2026-01-02\n---\n",
            "short.md": "---\ntitle: Short\nupdated: 2026-01-03\n---\n",
        }
    )
    assert run("list", vault=vault) == (
        0,
        f"{title.strip()}\tlong\t2026-01-02\t#one #two\nShort\tshort\t2026-01-03\n",
        "",
    )
