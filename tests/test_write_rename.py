"""`notes rename`: every link form rewritten, only the bytes that must change, all or nothing."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from notes_kb import open_vault
from notes_kb.cli.app import app
from notes_kb.errors import BadOptionError, WriteRefusedError
from notes_kb.write import transaction
from notes_kb.write.rename import rename_note
from tests.conftest import VaultFactory
from tests.test_write_new import dendron


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below root with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def rename(root: Path, old: str, new: str, **options: bool) -> object:
    return rename_note(open_vault(root).vault, old, new, **options)


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LINKS = (
    "[[old]] [[alias|old]] [[old#anchor]] ![[old]] [[old|alias]] [[dendron://vault/old]] "
    "[text](old.md) [t](old.md#sec) [[ old | spaced ]]\n"
)
RENAMED = (
    "[[new]] [[alias|new]] [[new#anchor]] ![[new]] [[new|alias]] [[dendron://vault/new]] "
    "[text](new.md) [t](new.md#sec) [[ new | spaced ]]\n"
)


def test_every_link_form_is_rewritten_keeping_alias_and_anchor(make_vault: VaultFactory) -> None:
    """Wikilinks both ways round, anchors, embeds, cross-vault and Markdown links follow."""
    root = make_vault({"old.md": "# Old\n## Anchor\n", "a.md": LINKS})
    result = rename(root, "old", "new")
    assert (root / "a.md").read_text() == RENAMED
    assert not (root / "old.md").exists() and (root / "new.md").read_text() == "# Old\n## Anchor\n"
    assert result.moves == [("old.md", "new.md")]  # type: ignore[attr-defined]
    assert result.links == 9  # type: ignore[attr-defined]


def test_dendron_order_and_hierarchy_names(tmp_path: Path) -> None:
    """In a Dendron workspace `[[alias|a.b]]` keeps its alias; dotted names are rewritten."""
    root = dendron(
        tmp_path,
        {
            "proj.old.md": "---\nid: x1\ntitle: Old\n---\nbody\n",
            "a.md": "[[Proj Old|proj.old]] [[dendron://vault/proj.old#h]]\n",
        },
    )
    rename(root, "proj.old", "proj.fresh")
    text = (root / "vault" / "a.md").read_text()
    assert text == "[[Proj Old|proj.fresh]] [[dendron://vault/proj.fresh#h]]\n"


def test_code_blocks_and_inline_code_are_left_alone(make_vault: VaultFactory) -> None:
    """Links inside fenced code, inline code and %%comments%% are text, not links."""
    text = "`[[old]]` [[old]]\n```\n[[old]]\n```\n~~~md\n[x](old.md)\n~~~\n%% [[old]] %%\n"
    root = make_vault({"old.md": "x\n", "a.md": text})
    rename(root, "old", "new")
    assert (root / "a.md").read_text() == text.replace("` [[old]]", "` [[new]]")


def test_only_the_link_bytes_change_in_crlf_bom_and_commented_frontmatter(
    make_vault: VaultFactory,
) -> None:
    """CRLF, a BOM, frontmatter comments and quoting, trailing spaces: all kept byte for byte."""
    original = (
        b"\xef\xbb\xbf---\r\nid: 'a1'   # quoted id\r\ntitle: \"A\" \r\n# a comment\r\n"
        b"tags: [x, y]\r\n---\r\nSee [[old]] here.  \r\n\r\nand ![[old#sec]]\r\n"
    )
    root = make_vault({"old.md": "# Old\n## Sec\n", "a.md": original})
    rename(root, "old", "renamed")
    after = (root / "a.md").read_bytes()
    assert after == original.replace(b"[[old]]", b"[[renamed]]").replace(
        b"[[old#sec]]", b"[[renamed#sec]]"
    )
    pairs = zip(original.splitlines(True), after.splitlines(True), strict=True)
    assert [index for index, (old, new) in enumerate(pairs) if old != new] == [6, 8]


def test_links_by_title_or_id_that_still_work_are_not_touched(make_vault: VaultFactory) -> None:
    """`[[Old Title]]` and `[[the-id]]` still find the note after a rename: left as written."""
    root = make_vault(
        {"old.md": "---\nid: the-id\ntitle: Old Title\n---\n", "a.md": "[[Old Title]] [[the-id]]\n"}
    )
    before = (root / "a.md").read_bytes()
    result = rename(root, "old", "new")
    assert (root / "a.md").read_bytes() == before and result.links == 0  # type: ignore[attr-defined]


def test_segment_links_stay_segments_and_a_newly_ambiguous_link_is_mended(
    make_vault: VaultFactory,
) -> None:
    """`[[x]]` naming p.x by its last segment would find two notes once q.y becomes q.x:
    it is rewritten to `[[p.x]]`; links to the renamed note keep the short form."""
    root = make_vault({"p.x.md": "px\n", "q.y.md": "qy\n", "a.md": "[[x]] [[y]] [[q.y]]\n"})
    rename(root, "q.y", "q.z")
    assert (root / "a.md").read_text() == "[[x]] [[z]] [[q.z]]\n"
    rename(root, "q.z", "q.x")
    assert (root / "a.md").read_text() == "[[p.x]] [[q.x]] [[q.x]]\n"


def test_markdown_links_follow_moves_between_folders(make_vault: VaultFactory) -> None:
    """Relative Markdown links are recomputed, also the moved note's own links out."""
    root = make_vault(
        {
            "notes/old.md": "[up](../top.md) [[top]]\n",
            "top.md": "[o](notes/old.md) [p](./notes/old.md#h)\n",
            "deep/d.md": "[o](../notes/old.md)\n",
        }
    )
    rename(root, "old", "archive/2024/old")
    assert (root / "archive/2024/old.md").read_text() == "[up](../../top.md) [[top]]\n"
    assert (root / "top.md").read_text() == (
        "[o](archive/2024/old.md) [p](./archive/2024/old.md#h)\n"
    )
    assert (root / "deep/d.md").read_text() == "[o](../archive/2024/old.md)\n"
    assert not (root / "notes" / "old.md").exists()


def test_with_children_moves_the_hierarchy(make_vault: VaultFactory) -> None:
    """`--with-children` renames a.md, a.b.md, a.b.c.md and mends links to each."""
    root = make_vault(
        {
            "a.md": "",
            "a.b.md": "",
            "a.b.c.md": "",
            "ab.md": "",
            "x.md": "[[a]] [[a.b]] [[a.b.c]] [[ab]]\n",
        }
    )
    result = rename(root, "a", "z", with_children=True)
    assert sorted(p.name for p in root.glob("*.md")) == [
        "ab.md",
        "x.md",
        "z.b.c.md",
        "z.b.md",
        "z.md",
    ]
    assert (root / "x.md").read_text() == "[[z]] [[z.b]] [[z.b.c]] [[ab]]\n"
    assert result.children_left == 0  # type: ignore[attr-defined]


def test_without_children_they_stay_and_it_is_said(make_vault: VaultFactory) -> None:
    """Without the option the notes below keep their names and the result counts them."""
    root = make_vault({"a.md": "", "a.b.md": ""})
    assert rename(root, "a", "z").children_left == 1  # type: ignore[attr-defined]
    assert (root / "a.b.md").exists()


def test_dry_run_prints_a_diff_and_writes_nothing(make_vault: VaultFactory) -> None:
    """--dry-run: a unified diff of every file, git-style rename lines, the vault untouched."""
    root = make_vault({"old.md": "x\n", "a.md": "see [[old]]\n"})
    before = snapshot(root)
    result = CliRunner().invoke(app, ["--dir", str(root), "rename", "old", "new", "--dry-run"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "diff --git a/a.md b/a.md\n--- a/a.md\n+++ b/a.md\n@@ -1 +1 @@\n-see [[old]]\n"
        "+see [[new]]\ndiff --git a/old.md b/new.md\nrename from old.md\nrename to new.md\n"
    )
    assert "nothing written (dry run)" in result.stderr
    assert snapshot(root) == before


def test_cli_rename_says_what_it_did_and_json(make_vault: VaultFactory) -> None:
    """The human summary names each file; --json gives moves, files and the link count."""
    root = make_vault({"old.md": "x\n", "a.md": "[[old]] [[old]]\n"})
    result = CliRunner().invoke(app, ["--dir", str(root), "rename", "old", "new", "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "dry_run": False,
        "moves": [{"from": "old.md", "to": "new.md"}],
        "files": [{"path": "a.md", "links": 2}],
        "links": 2,
        "children_left": 0,
    }
    assert result.stderr == "1 note renamed; rewrote 2 links in 1 file\n"


def test_an_existing_target_is_refused_and_nothing_changes(make_vault: VaultFactory) -> None:
    """A target that exists (a note in any case, another file) stops the rename at once."""
    root = make_vault({"old.md": "x\n", "New.md": "y\n", "a.md": "[[old]]\n", "f.md": "z\n"})
    before = snapshot(root)
    for target in ("new", "New", "f"):
        with pytest.raises(WriteRefusedError, match="already exists"):
            rename(root, "old", target)
    assert snapshot(root) == before


def test_bad_names_and_sections_are_usage_errors(make_vault: VaultFactory) -> None:
    """NEW with `..`, `|` or `#`, or OLD naming a section, is refused before anything."""
    root = make_vault({"old.md": "# Old\n## Part\n"})
    for bad in ("../out", "a|b", "a#b", "", "a..b"):
        with pytest.raises(BadOptionError):
            rename(root, "old", bad)
    with pytest.raises(BadOptionError, match="section"):
        rename(root, "old#part", "x")


def test_a_file_changed_since_it_was_read_stops_everything(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A linking file edited between planning and writing: nothing is written, and it says why."""
    root = make_vault({"old.md": "x\n", "a.md": "[[old]]\n", "b.md": "[[old]]\n"})
    real_preflight = transaction.preflight

    def edit_then_check(changes: list[transaction.Change], top: str) -> None:
        (root / "b.md").write_text("[[old]] edited elsewhere\n")
        real_preflight(changes, top)

    monkeypatch.setattr(transaction, "preflight", edit_then_check)
    with pytest.raises(WriteRefusedError, match=r"b\.md changed on disk since it was read"):
        rename(root, "old", "new")
    assert (root / "old.md").exists() and (root / "a.md").read_text() == "[[old]]\n"
    assert (root / "b.md").read_text() == "[[old]] edited elsewhere\n"


def test_a_failure_midway_restores_every_file_and_says_so(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The third write fails: the move and the two files written are undone, byte for byte."""
    files = {"old.md": "x\n", **{f"n{i}.md": f"[[old]] {i}\r\n" for i in range(5)}}
    root = make_vault(files)
    (root / "n1.md").chmod(0o640)
    before = snapshot(root)
    real_replace = transaction.files.replace_checked
    calls: list[str] = []

    def failing(path: str, data: bytes, expected: object, top: str) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_replace(path, data, expected, top)  # type: ignore[arg-type]

    monkeypatch.setattr(transaction.files, "replace_checked", failing)
    with pytest.raises(WriteRefusedError) as raised:
        rename(root, "old", "new")
    message = raised.value.message
    assert "No space left on device" in message and "undid the 3 changes" in message
    assert "every file is as it was" in message
    assert snapshot(root) == before
    assert (root / "n1.md").stat().st_mode & 0o777 == 0o640
    assert not [p for p in root.iterdir() if p.name.startswith(".")]  # no temporary files


def test_the_search_index_sees_the_rename_on_the_next_command(make_vault: VaultFactory) -> None:
    """After a rename, a new command lists the new name and finds the rewritten link."""
    root = make_vault({"old.md": "# Old\nzebra\n", "a.md": "[[old]]\n"})
    assert [n.fname for n in open_vault(root).list()] == ["a", "old"]
    rename(root, "old", "fresh")
    kb = open_vault(root)
    assert [n.fname for n in kb.list()] == ["a", "fresh"]
    assert [h.path for h in kb.search("zebra").hits] == ["fresh.md"]
    assert [b.source.path for b, _ in kb.links("fresh").backlinks] == ["a.md"]


def test_renaming_back_restores_every_byte(make_vault: VaultFactory) -> None:
    """a -> b -> a leaves the vault exactly as it was: nothing but link names ever changes."""
    root = make_vault(
        {
            "a.md": "---\nid: a\ntitle: A # c\n---\r\n[[b]]\r\n",
            "b.md": "\ufeff# B\n[[a#top]] [x](a.md) [[a|A]]  \n",
            "sub/c.md": "[[a]] [y](../a.md)\n",
        }
    )
    before = snapshot(root)
    rename(root, "a", "sub/moved")
    assert snapshot(root) != before
    rename(root, "moved", "./a")
    assert snapshot(root) == before


def test_a_change_of_case_only_is_a_rename(make_vault: VaultFactory) -> None:
    """`notes rename note Note` renames the file and its links."""
    root = make_vault({"note.md": "x\n", "a.md": "[[note]]\n"})
    rename(root, "note", "Note")
    assert sorted(p.name for p in root.iterdir()) == ["Note.md", "a.md"]
    assert (root / "a.md").read_text() == "[[Note]]\n"


@FAST
@given(
    st.lists(
        st.sampled_from(
            [
                "[[old]]",
                "![[old#h]]",
                "[[a|old]]",
                "[t](old.md)",
                "`[[old]]`",
                "old",
                "\r\n",
                "\n",
                "\r",
                " ",
                "x",
                "é",
                "```\n",
                "%%",
                "[[other]]",
                "[[old",
                "]]",
                "|",
                "#",
            ]
        ),
        max_size=25,
    ),
    st.booleans(),
)
def test_a_rename_changes_nothing_but_link_names(parts: list[str], bom: bool) -> None:
    """Whatever surrounds them, the planned edits touch only the names inside links: putting
    `old` back where `new` was written gives the original bytes."""
    from notes_kb.parse.frontmatter import parse_note
    from notes_kb.query.resolve import NoteNames
    from notes_kb.write.relink import Names, relink
    from notes_kb.write.textfile import TextFile

    data = ("\ufeff" if bom else "") + "".join(parts)
    text = TextFile(data)
    note, _ = parse_note(text.parsed, "a.md")
    old, _ = parse_note("# Old\n## H\n", "old.md")
    other, _ = parse_note("", "other.md")
    new = replace(old, path="zzz.md", fname="zzz", id="zzz")
    names = Names(
        NoteNames([note, old, other]), NoteNames([note, new, other]), {"old.md": new}, False
    )
    edits = relink(note, note, names)
    assert all(edit.text == "zzz" or edit.text == "zzz.md" for edit in edits)
    changed = text.apply(edits).text
    assert len(edits) == changed.count("zzz")
    assert changed.replace("zzz", "old") == data


def test_a_rename_stays_in_its_vault_of_a_workspace(tmp_path: Path) -> None:
    """`dendron://other/x` as NEW would move a note between vaults: refused, nothing moved."""
    root = tmp_path / "ws"
    for folder in ("one", "two"):
        (root / folder).mkdir(parents=True)
    (root / "dendron.yml").write_text(
        "workspace:\n  vaults:\n    - fsPath: one\n    - fsPath: two\n"
    )
    (root / "one" / "x.md").write_text("x\n")
    with pytest.raises(BadOptionError, match="rename stays in it"):
        rename(root, "x", "dendron://two/x")
    rename(root, "x", "dendron://one/y")
    assert (root / "one" / "y.md").read_text() == "x\n"


def test_an_interrupt_midway_is_undone_too(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during the writes: what was done is put back, then the interrupt goes on."""
    root = make_vault({"old.md": "x\n", "a.md": "[[old]]\n", "b.md": "[[old]]\n"})
    before = snapshot(root)
    real_replace = transaction.files.replace_checked
    calls: list[str] = []

    def interrupted(path: str, data: bytes, expected: object, top: str) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_replace(path, data, expected, top)  # type: ignore[arg-type]

    monkeypatch.setattr(transaction.files, "replace_checked", interrupted)
    with pytest.raises(KeyboardInterrupt):
        rename(root, "old", "new")
    assert snapshot(root) == before


def test_what_cannot_be_undone_is_named(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If putting a file back fails too, the error names it instead of claiming success."""
    root = make_vault({"old.md": "x\n", "a.md": "[[old]]\n", "b.md": "[[old]]\n"})
    real_replace = transaction.files.replace_checked
    calls: list[str] = []

    def failing(path: str, data: bytes, expected: object, top: str) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real_replace(path, data, expected, top)  # type: ignore[arg-type]

    real_write = transaction.files.write_atomic

    def broken_restore(path: str, data: bytes) -> None:
        if len(calls) == 2:  # the way back, after the failure
            raise OSError(30, "Read-only file system")
        real_write(path, data)

    monkeypatch.setattr(transaction.files, "replace_checked", failing)
    monkeypatch.setattr(transaction.files, "write_atomic", broken_restore)
    with pytest.raises(WriteRefusedError) as raised:
        rename(root, "old", "new")
    assert "could not undo everything" in raised.value.message
    assert "a.md: Read-only file system" in raised.value.message
    assert raised.value.hint == "compare the vault with your last backup or commit"
