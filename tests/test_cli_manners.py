"""Good manners: plain lines in a pipe, grep's exit status, and a pager that never loses text."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text

from notes_kb.cli import output, pager
from tests.conftest import VaultFactory
from tests.test_cli import run

VAULT = {
    "rag.md": "---\ntitle: RAG\ntags: [llm, retrieval]\nupdated: 2026-01-02\n---\n"
    "# RAG\n\n- **RAG**: retrieval-augmented generation,\tfetch\tthen answer.\n",
    "lora.md": "---\ntitle: LoRA\ntags: [llm]\nupdated: 2026-01-03\n---\n"
    "# LoRA\n\n## Why\n\nWe skip retrieval here: two small matrices suffice.\n",
}


def test_search_piped_is_one_tab_separated_line_per_hit(make_vault: VaultFactory) -> None:
    """Piped search: path, line, title, section, snippet per hit; tabs in a note are spaces."""
    vault = make_vault(VAULT)
    code, out, err = run("search", "retrieval", vault=vault)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "rag.md\t8\tRAG\tRAG\t- RAG: retrieval-augmented generation, fetch then answer.",
        "lora.md\t10\tLoRA\tWhy\tWe skip retrieval here: two small matrices suffice.",
    ]
    assert all(line == line.rstrip() and line.count("\t") == 4 for line in out.splitlines())


def test_search_exits_1_when_nothing_matches_in_every_form(make_vault: VaultFactory) -> None:
    """Like grep: exit 1 and nothing on stdout when nothing matches; `[]` with --json."""
    vault = make_vault(VAULT)
    assert run("search", "zebra", vault=vault) == (1, "", "")
    assert run("search", "zebra", "--json", vault=vault) == (1, "[]\n", "")
    code, out, _ = run("search", "zebra", vault=vault, tty=True)
    assert (code, out) == (1, 'No notes match "zebra".\n')


def test_tags_piped_is_tag_tab_count(make_vault: VaultFactory) -> None:
    """Piped tags: `tag<TAB>notes`, most used first, no `#`, header or total."""
    assert run("tags", vault=make_vault(VAULT)) == (0, "llm\t2\nretrieval\t1\n", "")


def test_tags_of_one_tag_piped_lists_its_notes(make_vault: VaultFactory) -> None:
    """`notes tags TAG` piped: the notes, as `list` prints them."""
    assert run("tags", "retrieval", vault=make_vault(VAULT)) == (
        0,
        "RAG\trag\t2026-01-02\t#llm #retrieval\n",
        "",
    )


def test_glossary_piped_is_term_definition_source(make_vault: VaultFactory) -> None:
    """Piped glossary: term, definition, path:line, one line per term, no letter headings."""
    code, out, err = run("glossary", vault=make_vault(VAULT))
    assert (code, err) == (0, "")
    assert out == "RAG\tretrieval-augmented generation, fetch then answer.\trag.md:8\n"


def fake_pager(tmp_path: Path, code: int = 0) -> list[str]:
    """A pager that saves what it is sent (and the LESS it saw), then exits with `code`."""
    script = tmp_path / "pager.py"
    script.write_text(
        "import os, sys\n"
        f"open({str(tmp_path / 'paged')!r}, 'wb').write(sys.stdin.buffer.read())\n"
        f"open({str(tmp_path / 'less')!r}, 'w').write(os.environ.get('LESS', '<unset>'))\n"
        f"sys.exit({code})\n"
    )
    return [sys.executable, str(script)]


def test_pager_receives_the_text_and_less_gets_r(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """The pager gets every byte; LESS=-R is set only when the user has no LESS."""
    monkeypatch.delenv("LESS", raising=False)
    assert pager.page("one\ntwo ✓\n", fake_pager(tmp_path)) is True
    assert (tmp_path / "paged").read_text("utf-8") == "one\ntwo ✓\n"
    assert (tmp_path / "less").read_text() == "-R"
    monkeypatch.setenv("LESS", "-SX")
    assert pager.page("x\n", fake_pager(tmp_path)) is True
    assert (tmp_path / "less").read_text() == "-SX"
    assert capfd.readouterr() == ("", "")


def test_a_pager_that_fails_or_is_missing_gives_the_text_back(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A pager exiting non-zero, or one that does not exist: page() says so on stderr and
    returns False, so the caller prints the text itself."""
    assert pager.page("text\n", fake_pager(tmp_path, code=3)) is False
    assert "failed (exit 3); printing directly" in capfd.readouterr().err
    assert pager.page("text\n", [str(tmp_path / "no-such-pager")]) is False
    assert "did not start; printing directly" in capfd.readouterr().err


@pytest.mark.parametrize(
    ("command", "argv"),
    [("less -R", ["less", "-R"]), ("", None), ("cat", None), ("'unclosed", None)],
)
def test_pager_command_parsing(command: str, argv: list[str] | None) -> None:
    """PAGER is split like a shell word list; empty, `cat` or unparsable means no pager."""
    assert pager.pager_argv(command) == argv


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("args", [["list"], ["--no-pager", "list"]])
def test_long_output_on_a_terminal_goes_through_the_pager(
    tmp_path: Path, make_vault: VaultFactory, args: list[str]
) -> None:
    """On a real terminal, `notes list` taller than the screen is paged (PAGER honoured),
    and `notes --no-pager list` prints directly."""
    import subprocess

    vault = make_vault({f"n{i:02}.md": f"# Note {i}\n" for i in range(40)})
    env = {
        **os.environ,
        "PAGER": " ".join(fake_pager(tmp_path)),
        "LINES": "10",
        "COLUMNS": "80",
        "TTY_COMPATIBLE": "",
    }
    env.pop("NOTES_PAGER", None)
    leader, follower = os.openpty()
    code = subprocess.run(
        [sys.executable, "-m", "notes_kb", "--dir", str(vault), *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
        timeout=60,
    ).returncode
    os.close(follower)
    printed = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        printed += chunk
        if len(chunk) < 65536:
            break
    os.close(leader)
    assert code == 0
    paged = tmp_path / "paged"
    if args[0] == "--no-pager":
        assert not paged.exists() and b"Note 39" in printed
    else:
        assert "Note 39" in paged.read_text("utf-8") and b"Note 39" not in printed


EXCLUDE_VAULT = {
    "both.md": "# Both\n\ntoken and attention together.\n",
    "token.md": "# Token\n\ntoken alone, in a network.\n",
    "other.md": "# Other\n\ntoken with nothing else.\n",
}


@pytest.mark.parametrize(
    "args",
    [
        ["token", "-attention"],
        ["-attention", "token"],
        ["token", "NOT", "attention"],
        ["token", "--not", "attention"],
        ["token", "--not=attention"],
        ["--", "token", "-attention"],
    ],
)
def test_exclusion_is_typeable(make_vault: VaultFactory, args: list[str]) -> None:
    """`-word` after the command, `NOT word`, `--not word` and `-- -word` all leave out the
    notes with the word; none is an unknown-option error."""
    code, out, err = run("search", *args, vault=make_vault(EXCLUDE_VAULT))
    assert (code, err) == (0, "")
    assert sorted(line.split("\t")[0] for line in out.splitlines()) == ["other.md", "token.md"]


def test_exclusion_next_to_short_options(make_vault: VaultFactory) -> None:
    """`-n1` is still --limit 1, while `-network` (not a number for -n) excludes `network`;
    the value of --tag is never taken for an exclusion."""
    vault = make_vault(EXCLUDE_VAULT)
    code, out, _ = run("search", "token", "-n1", vault=vault)
    assert (code, len(out.splitlines())) == (0, 1)
    code, out, _ = run("search", "token", "-network", "-attention", vault=vault)
    assert (code, [line.split("\t")[0] for line in out.splitlines()]) == (0, ["other.md"])
    assert run("search", "token", "--tag", "-x", vault=vault) == (1, "", "")
    code, _, err = run("search", "token", "--limit", vault=vault)
    assert code == 2 and "requires an argument" in err


TEXTS = st.text(st.sampled_from(["a", "é", "漢", " ", "\n", "\t", "\x1b", "-", "…"]), max_size=120)
TEXT_ITEMS = st.lists(
    st.builds(
        lambda plain, style, justify, end, overflow, no_wrap: Text(
            plain, style=style, justify=justify, end=end, overflow=overflow, no_wrap=no_wrap
        ),
        TEXTS,
        st.sampled_from(["", "bold", "dim cyan"]),
        st.sampled_from([None, "left", "center", "right", "full"]),
        st.sampled_from(["\n", "", " "]),
        st.sampled_from([None, "crop", "fold", "ellipsis"]),
        st.sampled_from([None, True, False]),
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(TEXT_ITEMS, st.sampled_from([10, 80, 200]))
def test_plain_text_is_what_rich_prints_to_a_pipe(items: list[Text], width: int) -> None:
    """Text items written directly to a pipe are exactly what Rich prints there, whatever
    the items' lengths, wide characters, styles, justification and ends (tabs go to Rich)."""
    from io import StringIO

    from rich.console import Console

    out = StringIO()
    console = Console(file=out, width=width, highlight=False, markup=False, emoji=False)
    assert console.color_system is None
    for item in items:
        console.print(item, soft_wrap=True)
    plain = output.plain_text(list(items))
    assert plain == (None if any("\t" in item.plain for item in items) else out.getvalue())
