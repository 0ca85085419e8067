"""Shared fixtures: every test runs isolated from the user's environment and home."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "notes"
SHARED_DENDRON = REPO.parent / "shared" / "vaults" / "dendron-site"

VaultFactory = Callable[[dict[str, str | bytes]], Path]


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


@pytest.fixture
def make_vault(tmp_path: Path) -> VaultFactory:
    """Write files (text or bytes) into a fresh vault folder and return its path."""

    def build(files: dict[str, str | bytes]) -> Path:
        return write_files(tmp_path / "vault", files)

    return build
