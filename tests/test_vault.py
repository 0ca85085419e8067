"""load_vault on real files: what is read, what is skipped, and what is reported."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from notes_kb.config import Location, VaultDir, locate
from notes_kb.index.load import Vault, decode, load_vault
from notes_kb.model import Diagnostic
from notes_kb.parse.markdown import sections_of
from tests.conftest import write_files


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write files below root (text as UTF-8) and return root, resolved."""
    return write_files(root, files).resolve()


def load(root: Path) -> Vault:
    return load_vault(locate(root))


def paths(vault: Vault) -> list[str]:
    return [note.path for note in vault.notes]


def diags(vault: Vault) -> list[tuple[str, int | None, str, str]]:
    return [(d.path, d.line, d.severity, d.code) for d in vault.diagnostics]


def test_recursive_markdown_only(tmp_path: Path) -> None:
    """Every *.md (any case of .md) below the vault is a note; other files are ignored."""
    root = write(
        tmp_path / "kb",
        {
            "a.md": "# A\n",
            "sub/b.md": "# B\n",
            "sub/deeper/c.MD": "c\n",
            "readme.txt": "no",
            "image.png": b"\x89PNG\r\n\x1a\n\x00\x00",
            "md": "not a note",
            "notes.md.bak": "no",
        },
    )
    vault = load(root)
    assert paths(vault) == ["a.md", "sub/b.md", "sub/deeper/c.MD"]
    assert [(n.id, n.fname, n.title, n.vault) for n in vault.notes] == [
        ("a", "a", "A", "kb"),
        ("sub/b", "b", "B", "kb"),
        ("sub/deeper/c", "c", "C", "kb"),
    ]
    assert (vault.diagnostics, vault.skipped) == ([], 0)


def test_hidden_folders_and_node_modules_are_skipped(tmp_path: Path) -> None:
    """.git, .obsidian, .dendron.cache, hidden files and node_modules are never read."""
    root = write(
        tmp_path / "kb",
        {
            "a.md": "a",
            ".git/x.md": "x",
            ".obsidian/x.md": "x",
            ".dendron.cache/x.md": "x",
            "sub/.hidden/x.md": "x",
            ".hidden.md": "x",
            "node_modules/pkg/readme.md": "x",
            "sub/node_modules/x.md": "x",
            "__pycache__/x.md": "x",
        },
    )
    vault = load(root)
    assert paths(vault) == ["a.md"]
    assert (vault.diagnostics, vault.skipped) == ([], 0)


def test_updated_defaults_to_file_mtime(tmp_path: Path) -> None:
    """A note without an updated time takes the file's modification time."""
    root = write(tmp_path / "kb", {"a.md": "a", "b.md": "---\nupdated: 1700000000000\n---\n"})
    os.utime(root / "a.md", (1_600_000_000, 1_600_000_000))
    a, b = load(root).notes
    assert a.updated is not None and a.updated.timestamp() == 1_600_000_000
    assert b.updated is not None and b.updated.timestamp() == 1_700_000_000


def test_symlink_to_file_outside_is_not_followed(tmp_path: Path) -> None:
    """A link to a file outside the vault is reported (symlink-outside) and not read."""
    root = write(tmp_path / "kb", {"a.md": "a"})
    write(tmp_path / "outside", {"secret.md": "secret"})
    (root / "link.md").symlink_to(tmp_path / "outside" / "secret.md")
    vault = load(root)
    assert paths(vault) == ["a.md"]
    assert vault.diagnostics == [
        Diagnostic(
            "link.md",
            None,
            "warning",
            "symlink-outside",
            "symbolic link leaves the vault; not followed",
        )
    ]


def test_symlink_to_folder_outside_is_not_followed(tmp_path: Path) -> None:
    """A link to a folder outside the vault is reported and its notes are not read."""
    root = write(tmp_path / "kb", {"a.md": "a", "sub/b.md": "b"})
    write(tmp_path / "outside", {"secret.md": "secret"})
    (root / "sub" / "out").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "up").symlink_to(tmp_path, target_is_directory=True)  # the vault's parent
    vault = load(root)
    assert paths(vault) == ["a.md", "sub/b.md"]
    assert diags(vault) == [
        ("sub/out", None, "warning", "symlink-outside"),
        ("up", None, "warning", "symlink-outside"),
    ]


def test_symlinks_inside_the_vault(tmp_path: Path) -> None:
    """A link to a note or folder inside the vault does not load its notes twice."""
    root = write(tmp_path / "kb", {"a.md": "a", "docs/b.md": "b"})
    (root / "alias.md").symlink_to(root / "a.md")
    (root / "z-docs").symlink_to(root / "docs", target_is_directory=True)
    vault = load(root)
    assert paths(vault) == ["a.md", "docs/b.md"]
    assert vault.diagnostics == []


def test_a_note_is_loaded_under_its_own_name_not_a_link(tmp_path: Path) -> None:
    """A link that sorts before its target does not take the note's path, id or name."""
    root = write(tmp_path / "kb", {"topic.md": "# Topic\n", "b/real.md": "# Real\n"})
    (root / "0-alias.md").symlink_to(root / "topic.md")
    (root / "a-linked").symlink_to(root / "b", target_is_directory=True)
    vault = load(root)
    assert [(n.path, n.id, n.fname) for n in vault.notes] == [
        ("b/real.md", "b/real", "real"),
        ("topic.md", "topic", "topic"),
    ]
    assert vault.diagnostics == []


def test_symlink_loops_do_not_hang(tmp_path: Path) -> None:
    """Links that loop (to an ancestor, to each other, to themselves) end the walk."""
    root = write(tmp_path / "kb", {"a.md": "a", "sub/b.md": "b"})
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "sub" / "self").symlink_to(root / "sub", target_is_directory=True)
    (root / "ping.md").symlink_to(root / "pong.md")
    (root / "pong.md").symlink_to(root / "ping.md")
    (root / "me.md").symlink_to(root / "me.md")
    (root / "dangling.md").symlink_to(root / "missing.md")
    result: list[Vault] = []
    thread = threading.Thread(target=lambda: result.append(load(root)), daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive(), "load_vault did not finish"
    assert paths(result[0]) == ["a.md", "sub/b.md"]


def test_binary_file_is_skipped_and_counted(tmp_path: Path) -> None:
    """A .md with NUL bytes is skipped with a binary diagnostic and counted in skipped."""
    root = write(
        tmp_path / "kb",
        {"a.md": "a", "bin.md": b"# x\x00\x01\x02", "late.md": b"x" * 10000 + b"\x00"},
    )
    vault = load(root)
    assert paths(vault) == ["a.md"]
    assert vault.skipped == 2
    assert vault.diagnostics == [
        Diagnostic("bin.md", None, "error", "binary", "binary file (contains NUL bytes); skipped"),
        Diagnostic("late.md", None, "error", "binary", "binary file (contains NUL bytes); skipped"),
    ]


def test_latin1_file_is_decoded_with_replacement(tmp_path: Path) -> None:
    """A Latin-1 file loads with U+FFFD for bad bytes and an encoding warning naming the line."""
    root = write(tmp_path / "kb", {"latin.md": "# Caf\u00e9\n\nna\u00efve\n".encode("latin-1")})
    vault = load(root)
    (note,) = vault.notes
    assert note.title == "Caf\ufffd"
    assert note.body == "# Caf\ufffd\n\nna\ufffdve\n"
    assert vault.diagnostics == [
        Diagnostic(
            "latin.md",
            1,
            "warning",
            "encoding",
            "not valid UTF-8 (first bad byte on line 1); decoded with replacement",
        )
    ]
    assert vault.skipped == 0


def test_encoding_warning_names_the_first_bad_line(tmp_path: Path) -> None:
    """The encoding warning names the line of the first invalid byte."""
    root = write(tmp_path / "kb", {"x.md": b"---\ntitle: ok\n---\nfine\nbad \xff\nbad \xfe\n"})
    vault = load(root)
    assert "first bad byte on line 5" in vault.diagnostics[0].message
    assert vault.diagnostics[0].line == 5  # so `notes check` prints x.md:5
    assert vault.notes[0].title == "ok"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(tmp_path: Path, encoding: str) -> None:
    """UTF-16 (either byte order) with a BOM is read, frontmatter and all, with a warning."""
    text = "---\nid: u16\ntitle: Zw\u00f6lf\n---\n# Body \u2713\n"
    data = text.encode(encoding)
    if encoding != "utf-16":  # the -le/-be codecs write no BOM
        data = "\ufeff".encode(encoding) + data
    root = write(tmp_path / "kb", {"u16.md": data})
    vault = load(root)
    (note,) = vault.notes
    assert (note.id, note.title, note.body) == ("u16", "Zw\u00f6lf", "# Body \u2713\n")
    assert diags(vault) == [("u16.md", None, "warning", "encoding")]


def test_utf8_bom_file(tmp_path: Path) -> None:
    """A UTF-8 BOM is dropped quietly; the frontmatter after it is read."""
    root = write(tmp_path / "kb", {"b.md": b"\xef\xbb\xbf---\nid: bom\n---\nx\n"})
    vault = load(root)
    assert ([n.id for n in vault.notes], vault.diagnostics) == (["bom"], [])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"plain", ("plain", None)),
        (b"", ("", None)),
        (b"\xef\xbb\xbfx", ("\ufeffx", None)),
        (b"a\x00b", (None, "binary file (contains NUL bytes)")),
        (b"\xff\xfeh\x00i\x00", ("hi", "file is UTF-16, not UTF-8; decoded from its BOM")),
        (b"\xfe\xff\x00h\x00i", ("hi", "file is UTF-16, not UTF-8; decoded from its BOM")),
        (b"\xff\xfeh", (None, "file starts with a UTF-16 mark but does not decode")),
        (
            b"ok\n\xe9",
            ("ok\n\ufffd", "not valid UTF-8 (first bad byte on line 2); decoded with replacement"),
        ),
    ],
)
def test_decode(data: bytes, expected: tuple[str | None, str | None]) -> None:
    """decode: UTF-8, UTF-16 by BOM, NUL means binary, bad UTF-8 replaced with the line."""
    assert decode(data) == expected


def test_duplicate_ids_name_each_other(tmp_path: Path) -> None:
    """Two or three notes with one id: one duplicate-id error per path naming the others."""
    root = write(
        tmp_path / "kb",
        {
            "a.md": "---\nid: same\n---\n",
            "b.md": "---\nid: same\n---\n",
            "sub/c.md": "---\nid: same\n---\n",
            "same.md": "no frontmatter: id is 'same' too\n",
            "other.md": "---\nid: other\n---\n",
        },
    )
    vault = load(root)
    assert len(vault.notes) == 5
    assert [(d.path, d.line, d.severity, d.code, d.message) for d in vault.diagnostics] == [
        ("a.md", 1, "error", "duplicate-id", "id 'same' is also used by b.md, same.md, sub/c.md"),
        ("b.md", 1, "error", "duplicate-id", "id 'same' is also used by a.md, same.md, sub/c.md"),
        ("same.md", 1, "error", "duplicate-id", "id 'same' is also used by a.md, b.md, sub/c.md"),
        ("sub/c.md", 1, "error", "duplicate-id", "id 'same' is also used by a.md, b.md, same.md"),
    ]
    assert sorted(n.path for n in vault.by_id["same"]) == ["a.md", "b.md", "same.md", "sub/c.md"]
    assert [n.path for n in vault.by_id["other"]] == ["other.md"]


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    """A file that cannot be read (chmod 000) is an `unreadable` error and is skipped."""
    root = write(tmp_path / "kb", {"a.md": "a", "locked.md": "secret"})
    locked = root / "locked.md"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running with privileges that read a chmod 000 file")
        vault = load(root)
    finally:
        locked.chmod(0o644)
    assert paths(vault) == ["a.md"]
    assert vault.skipped == 1
    assert vault.diagnostics == [
        Diagnostic("locked.md", None, "error", "unreadable", "cannot read file: Permission denied")
    ]


def test_unreadable_file_error_is_reported_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read error (simulated for root) is an `unreadable` error; the other notes load."""
    root = write(tmp_path / "kb", {"a.md": "a", "locked.md": "secret", "z.md": "z"})
    import notes_kb.index.load as loader

    real_read = loader.read_inside

    def read_inside(path: str, *args: Any, **kwargs: Any) -> Any:
        if path.endswith("locked.md"):
            raise PermissionError(13, "Permission denied", path)
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(loader, "read_inside", read_inside)
    vault = load(root)
    assert (paths(vault), vault.skipped) == (["a.md", "z.md"], 1)
    assert vault.diagnostics == [
        Diagnostic("locked.md", None, "error", "unreadable", "cannot read file: Permission denied")
    ]


def test_unreadable_folder_is_reported(tmp_path: Path) -> None:
    """A folder that cannot be listed is an `unreadable` error; the rest loads."""
    root = write(tmp_path / "kb", {"a.md": "a", "locked/b.md": "b"})
    locked = root / "locked"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running with privileges that list a chmod 000 folder")
        vault = load(root)
    finally:
        locked.chmod(0o755)
    assert paths(vault) == ["a.md"]
    assert diags(vault) == [("locked", None, "error", "unreadable")]


def test_one_broken_file_does_not_hide_the_others(tmp_path: Path) -> None:
    """Broken YAML, no closing fence, binary and bad bytes: every other note still loads."""
    root = write(
        tmp_path / "kb",
        {
            "a.md": "---\ntitle: [oops\nid: x\n---\n# A body\n",
            "b.md": "---\nid: b\nno closing fence\n",
            "c.md": b"\x00\x00",
            "d.md": b"caf\xe9",
            "e.md": "---\n- a list\n---\n",
            "f.md": "---\nid: f\ntitle: Fine\n---\n# Fine\n",
        },
    )
    vault = load(root)
    assert [(n.path, n.id, n.title) for n in vault.notes] == [
        ("a.md", "a", "A body"),
        ("b.md", "b", "B"),
        ("d.md", "d", "D"),
        ("e.md", "e", "E"),
        ("f.md", "f", "Fine"),
    ]
    assert vault.skipped == 1
    assert diags(vault) == [
        ("a.md", 2, "error", "frontmatter-invalid"),
        ("b.md", 1, "error", "frontmatter-unclosed"),
        ("c.md", None, "error", "binary"),
        ("d.md", 1, "warning", "encoding"),
        ("e.md", 2, "error", "frontmatter-invalid"),
    ]


def test_progress_called_once_per_file(tmp_path: Path) -> None:
    """The progress callback is told about every file read, loaded or skipped."""
    root = write(tmp_path / "kb", {"a.md": "a", "b.md": b"\x00", "c/d.md": "d"})
    calls: list[int] = []
    load_vault(locate(root), progress=calls.append)
    assert calls == [1, 1, 1]


def test_workspace_vaults_are_all_loaded(tmp_path: Path) -> None:
    """In a Dendron workspace notes come from every vault, paths relative to the workspace."""
    root = write(
        tmp_path / "ws",
        {
            "dendron.yml": "workspace:\n  vaults:\n    - fsPath: v1\n    - fsPath: sc\n"
            "      selfContained: true\n      name: self\n",
            "v1/one.md": "# One\n",
            "sc/notes/two.md": "# Two\n",
            "sc/config.md": "not a note: outside the self-contained notes/ folder\n",
            "stray.md": "not in any vault\n",
        },
    )
    vault = load(root)
    assert [(n.path, n.id, n.vault) for n in vault.notes] == [
        ("v1/one.md", "v1/one", "v1"),
        ("sc/notes/two.md", "sc/notes/two", "self"),
    ]
    assert vault.abspath(vault.notes[0]) == root / "v1" / "one.md"


def test_two_locations_of_one_folder_do_not_double_notes(tmp_path: Path) -> None:
    """Vault folders that overlap (one inside another) read each file once."""
    root = write(tmp_path / "ws", {"a.md": "a", "inner/b.md": "b"})
    location = Location(root, (VaultDir("outer", root), VaultDir("inner", root / "inner")), True)
    vault = load_vault(location)
    assert paths(vault) == ["a.md", "inner/b.md"]


def snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every entry below root: content hash (or link target), mode and mtime."""
    state: dict[str, tuple[str, int, int]] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        if path.is_symlink():
            digest = "link:" + os.readlink(path)
        elif path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            digest = "dir"
        state[path.relative_to(root).as_posix()] = (digest, info.st_mode, info.st_mtime_ns)
    return state


def test_loading_never_writes_to_the_vault(tmp_path: Path) -> None:
    """load_vault and section parsing leave every file, folder and time as they were."""
    root = write(
        tmp_path / "kb",
        {
            "dendron.yml": "version: 5\n",
            "a.md": "---\nid: a\n---\n# A\n## B\n",
            "b.md": "---\ntitle: [broken\n---\nbody\n",
            "c.md": b"\x00binary",
            "d.md": b"caf\xe9",
            "sub/e.md": "---\r\nid: e\r\n---\r\n# E\r\n",
            ".git/HEAD": "ref: refs/heads/main\n",
        },
    )
    (root / "link.md").symlink_to(root / "a.md")
    before = snapshot(root)
    vault = load(root)
    for note in vault.notes:
        assert sections_of(note) is not None
    assert snapshot(root) == before
    assert sorted(os.listdir(root)) == sorted(
        ["dendron.yml", "a.md", "b.md", "c.md", "d.md", "sub", ".git", "link.md"]
    )
