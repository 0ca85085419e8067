"""locate(): which vault the user means, and Dendron workspaces with several vaults."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from notes_kb.cachehome import linux_cache_folder
from notes_kb.config import (
    ENV_DIR,
    Location,
    Setting,
    VaultDir,
    cache_dir,
    find_upward,
    locate,
    locate_from,
    read_workspace,
    setting,
)
from notes_kb.errors import ExitCode, NotesError, VaultNotFoundError
from tests.conftest import VaultFactory
from tests.test_cli import run


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's NOTES_DIR."""
    monkeypatch.delenv(ENV_DIR, raising=False)


def folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def single(path: Path) -> Location:
    return Location(root=path, vaults=(VaultDir(path.name, path),))


def test_dir_option_wins_over_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--dir is used even when NOTES_DIR names another existing folder."""
    given, env = folder(tmp_path / "given"), folder(tmp_path / "env")
    monkeypatch.setenv(ENV_DIR, str(env))
    assert locate(given) == single(given)
    assert locate(str(given)) == single(given)


def test_env_used_without_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NOTES_DIR names the vault when there is no --dir (an empty --dir counts as none)."""
    env = folder(tmp_path / "env")
    folder(tmp_path / "cwd" / "notes")  # would be found by the upward search
    monkeypatch.setenv(ENV_DIR, str(env))
    assert locate(None, cwd=tmp_path / "cwd") == single(env)
    assert locate("", cwd=tmp_path / "cwd") == single(env)


def test_empty_env_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NOTES_DIR set to "" is the same as unset: the upward search runs."""
    notes = folder(tmp_path / "notes")
    monkeypatch.setenv(ENV_DIR, "")
    assert locate(cwd=tmp_path) == single(notes)


def test_relative_dir_is_resolved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A relative --dir is taken from the current directory and made absolute."""
    vault = folder(tmp_path / "kb")
    monkeypatch.chdir(tmp_path)
    assert locate("kb") == single(vault)


def test_missing_dir_option_is_named(tmp_path: Path) -> None:
    """A --dir that does not exist: VaultNotFoundError naming the path and --dir."""
    missing = tmp_path / "nope"
    with pytest.raises(VaultNotFoundError) as caught:
        locate(missing)
    assert caught.value.message == f"vault folder not found: {missing} (from --dir)"
    assert caught.value.exit_code == ExitCode.ERROR


def test_missing_env_dir_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A NOTES_DIR that does not exist: the error names it and says it came from NOTES_DIR."""
    missing = tmp_path / "gone"
    folder(tmp_path / "notes")
    monkeypatch.setenv(ENV_DIR, str(missing))
    with pytest.raises(VaultNotFoundError) as caught:
        locate(cwd=tmp_path)
    assert caught.value.message == f"vault folder not found: {missing} (from NOTES_DIR)"


def test_dir_option_that_is_a_file(tmp_path: Path) -> None:
    """A --dir naming a file, not a folder, is no vault."""
    file = tmp_path / "file.md"
    file.write_text("x")
    with pytest.raises(VaultNotFoundError, match="vault folder not found"):
        locate(file)


def test_search_upward_finds_nearest_notes_folder(tmp_path: Path) -> None:
    """From a nested cwd, the nearest ancestor holding notes/ wins over farther ones."""
    folder(tmp_path / "notes")
    near = folder(tmp_path / "project" / "notes")
    deep = folder(tmp_path / "project" / "src" / "pkg")
    assert locate(cwd=deep) == single(near)
    assert locate(cwd=tmp_path) == single((tmp_path / "notes").resolve())


def test_search_upward_from_inside_the_notes_folder(tmp_path: Path) -> None:
    """Inside notes/ itself (or a sub-folder of it), the search still finds it."""
    notes = folder(tmp_path / "notes")
    sub = folder(notes / "sub")
    assert locate(cwd=sub) == single(notes)


def test_search_upward_finds_dendron_yml(tmp_path: Path) -> None:
    """A dendron.yml nearer than a notes/ folder makes its folder the location."""
    folder(tmp_path / "notes")
    workspace = folder(tmp_path / "ws")
    (workspace / "dendron.yml").write_text("version: 5\n")
    deep = folder(workspace / "a" / "b")
    assert locate(cwd=deep) == single(workspace)


def test_dendron_yml_beats_notes_in_same_folder(tmp_path: Path) -> None:
    """A folder with both dendron.yml and notes/ is read as the workspace it declares."""
    root = folder(tmp_path / "ws")
    folder(root / "notes")
    folder(root / "vault")
    (root / "dendron.yml").write_text("workspace:\n  vaults:\n    - fsPath: vault\n")
    assert locate(cwd=root) == Location(root, (VaultDir("vault", root / "vault"),), True)


def test_nothing_found(tmp_path: Path) -> None:
    """No option, no env, nothing upward: VaultNotFoundError with a hint on what to do."""
    cwd = folder(tmp_path / "empty" / "deeper")
    if any((p / "notes").is_dir() or (p / "dendron.yml").is_file() for p in cwd.parents):
        pytest.skip("a notes/ or dendron.yml above the temporary folder")
    with pytest.raises(VaultNotFoundError) as caught:
        locate(cwd=cwd)
    assert caught.value.message == "no vault found here or in any parent folder"
    assert caught.value.hint == (
        "pass --dir PATH, set NOTES_DIR, or run inside a folder of Markdown notes, an "
        "Obsidian vault, a Dendron workspace or a folder with notes/"
    )


def test_notes_file_is_not_a_vault(tmp_path: Path) -> None:
    """A file called `notes` is not a notes/ folder."""
    (tmp_path / "notes").write_text("")
    cwd = folder(tmp_path / "x")
    if any((p / "notes").is_dir() or (p / "dendron.yml").is_file() for p in cwd.parents):
        pytest.skip("a notes/ or dendron.yml above the temporary folder")
    with pytest.raises(VaultNotFoundError):
        locate(cwd=cwd)


# --- Dendron workspaces -----------------------------------------------------------------------


WORKSPACE = """\
version: 5
workspace:
  vaults:
    - fsPath: vault1
    - fsPath: vault2
      name: second
    - fsPath: sc
      selfContained: true
    - fsPath: ../outside
    - fsPath: missing
    - name: no-path
    - fsPath: 42
    - just a string
"""


def test_workspace_with_several_vaults(tmp_path: Path) -> None:
    """Every listed vault that exists inside the workspace is used, in order, with its name."""
    root = folder(tmp_path / "ws")
    for name in ("vault1", "vault2", "sc/notes", "sc/assets"):
        folder(root / name)
    folder(tmp_path / "outside")
    (root / "dendron.yml").write_text(WORKSPACE)
    expected = Location(
        root=root,
        vaults=(
            VaultDir("vault1", root / "vault1"),
            VaultDir("second", root / "vault2"),
            VaultDir("sc", root / "sc" / "notes"),
        ),
        workspace=True,
    )
    assert locate(root) == expected
    assert locate(cwd=root / "vault1") == expected


def test_self_contained_vault_without_notes_folder(tmp_path: Path) -> None:
    """A selfContained vault with no notes/ folder is read from its fsPath itself."""
    root = folder(tmp_path / "ws")
    folder(root / "sc")
    (root / "dendron.yml").write_text(
        "workspace:\n  vaults:\n    - fsPath: sc\n      selfContained: true\n"
    )
    assert read_workspace(root) == [VaultDir("sc", root / "sc")]


def test_vault_outside_workspace_is_ignored(tmp_path: Path) -> None:
    """A vault whose fsPath leaves the workspace (.. or absolute) is not read."""
    root = folder(tmp_path / "ws")
    folder(root / "inside")
    outside = folder(tmp_path / "outside")
    (root / "dendron.yml").write_text(
        f"workspace:\n  vaults:\n    - fsPath: ../outside\n    - fsPath: {outside}\n"
        "    - fsPath: inside/../../outside\n    - fsPath: inside\n"
    )
    assert read_workspace(root) == [VaultDir("inside", root / "inside")]


def test_vault_symlinked_outside_workspace_is_ignored(tmp_path: Path) -> None:
    """A vault folder that is a symbolic link leaving the workspace is not read."""
    root = folder(tmp_path / "ws")
    folder(tmp_path / "outside")
    (root / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "dendron.yml").write_text("workspace:\n  vaults:\n    - fsPath: linked\n")
    assert read_workspace(root) == []


def test_dot_vault_is_the_workspace_root(tmp_path: Path) -> None:
    """`fsPath: .` is the workspace folder itself, named after it."""
    root = folder(tmp_path / "ws")
    (root / "dendron.yml").write_text("workspace:\n  vaults:\n    - fsPath: .\n")
    assert locate(root) == Location(root, (VaultDir("ws", root),), True)


@pytest.mark.parametrize(
    "content",
    [
        "",
        "version: 5\n",
        "workspace: 3\n",
        "workspace:\n  vaults: nope\n",
        "workspace:\n  vaults: []\n",
        "workspace:\n  vaults:\n    - fsPath: missing\n",
        "- a list\n",
        "workspace: [unclosed\n",
        "\x00\x01",
    ],
)
def test_workspace_without_usable_vaults_is_one_vault(tmp_path: Path, content: str) -> None:
    """A dendron.yml with no usable vault list (or broken YAML) leaves its folder one vault."""
    root = folder(tmp_path / "ws")
    (root / "dendron.yml").write_text(content)
    assert read_workspace(root) == []
    assert locate(root) == single(root)


def test_workspace_yml_not_utf8(tmp_path: Path) -> None:
    """A dendron.yml that is not UTF-8 does not crash; the folder is one vault."""
    root = folder(tmp_path / "ws")
    (root / "dendron.yml").write_bytes(b"workspace:\n  vaults:\n    - fsPath: caf\xe9\n")
    assert locate(root) == single(root)


def test_obsidian_vault_found_from_a_sub_folder(tmp_path: Path) -> None:
    """A folder with `.obsidian/` is a vault, found from any folder inside it; it wins over
    a notes/ folder farther up."""
    folder(tmp_path / "notes")
    vault = folder(tmp_path / "Obsidian Vault")
    folder(vault / ".obsidian")
    deep = folder(vault / "Projects" / "2026")
    (deep / "plan.md").write_text("# Plan\n")
    assert locate(cwd=deep) == single(vault)
    assert locate(cwd=vault) == single(vault)


def test_notes_toml_marks_the_vault_root(tmp_path: Path) -> None:
    """A folder holding notes.toml is a vault root too."""
    root = folder(tmp_path / "kb")
    (root / "notes.toml").write_text("")
    assert locate(cwd=folder(root / "sub")) == single(root)


def test_any_folder_of_markdown_is_a_vault(tmp_path: Path) -> None:
    """Without any marker, the topmost folder of Markdown around the current one is the
    vault: from a sub-folder of notes, the whole tree; a folder without .md stops it."""
    plain = folder(tmp_path / "plain")
    (plain / "index.md").write_text("# Index\n")
    sub = folder(plain / "topic")
    (sub / "a.md").write_text("# A\n")
    if any((p / "notes").is_dir() or (p / ".obsidian").is_dir() for p in sub.parents):
        pytest.skip("a vault marker above the temporary folder")
    assert locate(cwd=sub) == single(plain)
    assert locate(cwd=plain) == single(plain)
    with pytest.raises(VaultNotFoundError):
        locate(cwd=folder(tmp_path / "empty"))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_setting_order_env_vault_file_user_file_pager_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pager: NOTES_PAGER, else the vault's notes.toml, else the user's, else PAGER, else
    less; each answer names its source."""
    vault = folder(tmp_path / "vault")
    user = Path(os.environ["NOTES_CONFIG"])
    assert setting("pager", vault) == Setting("pager", "less", "default")
    monkeypatch.setenv("PAGER", "more")
    assert setting("pager", vault) == Setting("pager", "more", "PAGER")
    write(user, 'pager = "most"\n')
    assert setting("pager", vault) == Setting("pager", "most", str(user))
    write(vault / "notes.toml", 'pager = "less -S"\nmax_note_bytes = "1M"\n')
    assert setting("pager", vault) == Setting("pager", "less -S", str(vault / "notes.toml"))
    monkeypatch.setenv("NOTES_PAGER", "")
    assert setting("pager", vault) == Setting("pager", "", "NOTES_PAGER")
    assert setting("max_note_bytes", vault) == Setting(
        "max_note_bytes", "1M", str(vault / "notes.toml")
    )
    assert setting("daily_note", None) == Setting("daily_note", "daily.journal.%Y.%m.%d", "default")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pager = ", "is not valid TOML"),
        ("colour = 1\n", "unknown setting colour"),
        ("pager = 3\n", "pager must be text"),
        ("max_note_bytes = true\n", "max_note_bytes must be a number or text like 10M"),
        ("vault = '/x'\n", "unknown setting vault"),
    ],
)
def test_a_bad_vault_config_file_is_one_clear_error(
    tmp_path: Path, text: str, message: str
) -> None:
    """Invalid TOML, an unknown key (`vault` belongs in the user file) or a wrong type: an
    error naming the file, never a traceback."""
    vault = folder(tmp_path / "vault")
    write(vault / "notes.toml", text)
    with pytest.raises(NotesError) as caught:
        setting("pager", vault)
    assert str(vault / "notes.toml") in caught.value.message
    assert message in caught.value.message


def test_user_config_names_the_vault_when_none_is_around(tmp_path: Path) -> None:
    """With no vault around the current folder, `vault` in the user file is used (relative
    to that file); the folder found from here still comes first."""
    kb = folder(tmp_path / "kb")
    user = write(Path(os.environ["NOTES_CONFIG"]), 'vault = "../kb"\n')
    nowhere = folder(tmp_path / "elsewhere")
    if find_upward(nowhere) is not None:
        pytest.skip("a vault around the temporary folder")
    assert locate_from(cwd=nowhere) == (single(kb), str(user))
    notes = folder(tmp_path / "project" / "notes")
    assert locate_from(cwd=notes) == (single(notes), f"found from {notes}")


def test_notes_config_shows_values_and_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`notes config` lists each setting with its value and source; --json the same."""
    vault = folder(tmp_path / "vault")
    write(vault / "notes.toml", 'daily_note = "journal.%Y-%m-%d"\n')
    monkeypatch.setenv("NOTES_PAGER", "less -S")
    code, out, err = run("config", vault=vault)
    assert (code, err) == (0, "")
    cache = os.environ["NOTES_CACHE_DIR"]
    assert out.splitlines()[:5] == [
        f"vault           {vault}".ljust(16 + max(len(str(vault)), len(cache))) + "  (--dir)",
        f"cache           {cache}".ljust(16 + max(len(str(vault)), len(cache)))
        + "  (NOTES_CACHE_DIR)",
        "pager           less -S".ljust(16 + max(len(str(vault)), len(cache))) + "  (NOTES_PAGER)",
        "daily_note      journal.%Y-%m-%d".ljust(16 + max(len(str(vault)), len(cache)))
        + f"  ({vault / 'notes.toml'})",
        "max_note_bytes  5242880".ljust(16 + max(len(str(vault)), len(cache))) + "  (default)",
    ]
    code, out, _ = run("config", "--json", vault=vault)
    data = json.loads(out)
    assert data["settings"]["pager"] == {"value": "less -S", "source": "NOTES_PAGER"}
    assert data["settings"]["vault"] == {"value": str(vault), "source": "--dir"}
    assert data["files"] == [
        {"path": str(vault / "notes.toml"), "exists": True},
        {"path": os.environ["NOTES_CONFIG"], "exists": False},
    ]


def test_vault_size_limit_from_notes_toml(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`max_note_bytes` in the vault's notes.toml is the reader's limit for that vault."""
    monkeypatch.setenv("NOTES_MAX_NOTE_BYTES", "")
    monkeypatch.delenv("NOTES_MAX_NOTE_BYTES")  # restored (unset) after the test
    vault = make_vault({"notes.toml": "max_note_bytes = 100\n", "big.md": "x" * 200, "a.md": "a"})
    code, out, _ = run("check", "--json", vault=vault)
    found = [(d["path"], d["code"]) for d in json.loads(out) if d["severity"] == "error"]
    assert (code, found) == (1, [("big.md", "too-large")])


@pytest.mark.parametrize(
    ("xdg", "home"),
    [
        (None, "/home/ann"),
        (None, "/home/ann/"),
        (None, "/"),
        ("", "/home/ann"),
        ("  ", "/home/ann"),
        ("/var/cache/ann", "/home/ann"),
        ("/var/cache/ann/", None),
        ("relative/cache", "/home/ann"),
        (None, "relative/home"),
        (None, None),
    ],
)
def test_cache_folder_without_platformdirs_is_platformdirs_own(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None, home: str | None
) -> None:
    """The user cache folder `notes` finds without importing platformdirs is the very folder
    platformdirs names, and where that could differ it asks platformdirs."""
    import platformdirs

    monkeypatch.delenv("NOTES_CACHE_DIR")
    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    fast = linux_cache_folder()
    expected = platformdirs.user_cache_dir("notes-kb", appauthor=False)
    if fast is not None:
        assert fast == expected
    assert str(cache_dir()) == str(Path(expected))
    absolute_xdg = (xdg or "").startswith("/")
    certain = absolute_xdg or (not (xdg or "").strip() and (home or "").startswith("/"))
    assert (fast is not None) == (sys.platform == "linux" and certain)
