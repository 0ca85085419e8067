"""Where the vault is: --dir, then NOTES_DIR, then the vault around the current folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from notes_kb.errors import VaultNotFoundError

ENV_DIR = "NOTES_DIR"
ENV_CACHE = "NOTES_CACHE_DIR"
WORKSPACE_FILE = "dendron.yml"
OBSIDIAN_FOLDER = ".obsidian"
CONFIG_FILE = "notes.toml"


@dataclass(frozen=True)
class VaultDir:
    name: str
    path: Path  # the folder the notes are in


@dataclass(frozen=True)
class Location:
    """A vault folder, or a Dendron workspace with one or more vaults."""

    root: Path
    vaults: tuple[VaultDir, ...]
    workspace: bool = False


def locate(dir_option: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Location:
    """Find the vault the user means, or raise with a message saying how to name one."""
    given = dir_option if dir_option not in (None, "") else os.environ.get(ENV_DIR) or None
    if given is not None:
        path = Path(given).expanduser()
        if not path.is_dir():
            source = "--dir" if dir_option not in (None, "") else ENV_DIR
            raise VaultNotFoundError(f"vault folder not found: {given} (from {source})")
        return _location_of(path.resolve())
    start = (cwd or Path.cwd()).resolve()
    found = find_upward(start)
    if found is not None:
        return _location_of(found)
    raise VaultNotFoundError(
        "no vault found here or in any parent folder",
        f"pass --dir PATH, set {ENV_DIR}, or run inside a folder of Markdown notes, an "
        "Obsidian vault, a Dendron workspace or a folder with notes/",
    )


def find_upward(start: Path) -> Path | None:
    """The vault around `start`: the nearest folder upward that is a Dendron workspace
    (`dendron.yml`), an Obsidian vault (`.obsidian/`) or has a `notes.toml`, or holds a
    `notes/` folder (then that folder); else the topmost of the folders of Markdown files
    that `start` is inside of (never above the home folder)."""
    for folder in (start, *start.parents):
        if (folder / WORKSPACE_FILE).is_file():
            return folder
        if (folder / OBSIDIAN_FOLDER).is_dir() or (folder / CONFIG_FILE).is_file():
            return folder
        if (folder / "notes").is_dir():
            return folder / "notes"
    home = Path.home()
    top = None
    for folder in (start, *start.parents):
        if not _has_markdown(folder):
            break
        top = folder
        if folder == home:
            break
    return top


def _has_markdown(folder: Path) -> bool:
    try:
        return any(entry.name.endswith(".md") and entry.is_file() for entry in os.scandir(folder))
    except OSError:
        return False


def cache_dir() -> Path:
    """NOTES_CACHE_DIR, else the user cache directory (XDG_CACHE_HOME or ~/.cache)."""
    given = os.environ.get(ENV_CACHE)
    if given:
        return Path(given).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "notes-kb"


def _location_of(folder: Path) -> Location:
    if (folder / WORKSPACE_FILE).is_file():
        vaults = read_workspace(folder)
        if vaults:
            return Location(root=folder, vaults=tuple(vaults), workspace=True)
    return Location(root=folder, vaults=(VaultDir(folder.name, folder),))


def read_workspace(root: Path) -> list[VaultDir]:
    """The vaults a dendron.yml lists; self-contained vaults keep their notes in notes/."""
    import yaml

    try:
        config = yaml.load((root / WORKSPACE_FILE).read_text("utf-8"), Loader=_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    workspace = config.get("workspace") if isinstance(config, dict) else None
    entries = workspace.get("vaults") if isinstance(workspace, dict) else None
    if not isinstance(entries, list):
        return []
    found: list[VaultDir] = []
    root_real = root.resolve()
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("fsPath"), str):
            continue
        folder = (root / entry["fsPath"]).resolve()
        if entry.get("selfContained") and (folder / "notes").is_dir():
            folder = folder / "notes"
        if not folder.is_dir() or not folder.is_relative_to(root_real):
            continue
        name = entry.get("name") if isinstance(entry.get("name"), str) else None
        found.append(VaultDir(name or Path(entry["fsPath"]).name or root.name, folder))
    return found


def _loader() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
