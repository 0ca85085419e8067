"""Vault boundary: nothing outside the vault is read, even through a link swapped mid-run
or a dendron.yml that points elsewhere; reading commands leave the vault byte-identical."""

from __future__ import annotations

import os
from pathlib import Path

from notes_kb.config import locate
from notes_kb.index.build import scan
from notes_kb.index.load import load_vault
from notes_kb.index.records import parse_file
from notes_kb.model import Diagnostic
from tests.conftest import write_files


def test_a_file_swapped_for_a_link_out_mid_run_is_never_read(tmp_path: Path) -> None:
    """Between the walk and the read, a note becomes a link to a secret outside, and a
    linked folder inside is pointed outside: neither secret is read."""
    secret = write_files(tmp_path / "outside", {"secret.md": "# Secret\n\nTOPSECRET\n"})
    vault = write_files(tmp_path / "vault", {"a.md": "# A\n", "real/b.md": "# B\n"})
    os.symlink(vault / "real", vault / "linked")
    problems: list[Diagnostic] = []
    tasks = {task.rel: task for task in scan(locate(vault), problems)}
    assert sorted(tasks) == ["a.md", "real/b.md"]
    (vault / "a.md").unlink()
    os.symlink(secret / "secret.md", vault / "a.md")
    record = parse_file(tasks["a.md"])
    assert (record.note, record.diagnostics) == (
        None,
        [Diagnostic("a.md", None, "error", "symlink", "became a symbolic link; not followed")],
    )
    # a task for a file reached through a link inside the vault, then the link re-pointed
    linked = tasks["real/b.md"]._replace(absolute=str(vault / "linked" / "b.md"), follow=True)
    (vault / "linked").unlink()
    os.symlink(secret, vault / "linked")
    (secret / "b.md").write_text("# B outside\n\nTOPSECRET\n", "utf-8")
    record = parse_file(linked)
    assert (record.note, [(d.code, d.message) for d in record.diagnostics]) == (
        None,
        [("outside-vault", "leads out of the vault; not read")],
    )


def test_dendron_vaults_and_dendron_yml_outside_the_root_are_refused(tmp_path: Path) -> None:
    """A vault entry at ../outside and a dendron.yml that is a link out: refused, each a
    diagnostic; nothing of the outside folder is loaded."""
    write_files(tmp_path / "outside", {"secret.md": "# Secret\n"})
    root = write_files(
        tmp_path / "ws",
        {
            "dendron.yml": (
                "workspace:\n  vaults:\n    - fsPath: inside\n    - fsPath: ../outside\n"
            ),
            "inside/a.md": "# A\n",
        },
    )
    loaded = load_vault(locate(root))
    assert [note.path for note in loaded.notes] == ["inside/a.md"]
    assert [(d.path, d.code, d.message) for d in loaded.diagnostics] == [
        ("dendron.yml", "vault-outside", "vault '../outside' is outside the workspace; not read")
    ]
    elsewhere = write_files(tmp_path / "elsewhere", {"dendron.yml": "workspace:\n  vaults: []\n"})
    linked = write_files(tmp_path / "linked", {"a.md": "# A\n"})
    os.symlink(elsewhere / "dendron.yml", linked / "dendron.yml")
    loaded = load_vault(locate(linked))
    assert [note.path for note in loaded.notes] == ["a.md"]
    assert [(d.path, d.code, d.message) for d in loaded.diagnostics] == [
        ("dendron.yml", "vault-outside", "dendron.yml leads out of the vault; not read"),
        ("dendron.yml", "symlink-outside", "symbolic link leaves the vault; not followed"),
    ]
