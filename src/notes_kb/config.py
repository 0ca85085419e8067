"""Where the vault, the cache and the settings are: a flag, else an environment variable,
else a config file, else the default.

The vault: --dir, then NOTES_DIR, then the vault around the current folder, then `vault` in
the user config file. Settings (`pager`, `daily_note`, `max_note_bytes`) come from the
environment, then `notes.toml` in the vault's root folder, then the user's `notes.toml` in
the user config folder (platformdirs), then the default. Config files are read only when a
setting is asked for, so a plain search pays one `stat` for them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from notes_kb.cachehome import APP_NAME, ENV_CACHE, cache_folder
from notes_kb.errors import NotesError, VaultNotFoundError

ENV_DIR = "NOTES_DIR"
ENV_CONFIG = "NOTES_CONFIG"  # the user config file, when not in the usual place
WORKSPACE_FILE = "dendron.yml"
OBSIDIAN_FOLDER = ".obsidian"
CONFIG_FILE = "notes.toml"

DEFAULTS: dict[str, str | int] = {
    "pager": "less",
    "daily_note": "daily.journal.%Y.%m.%d",  # Dendron's daily journal, strftime codes
    "max_note_bytes": 5 * 1024 * 1024,
    "review_log": ".notes-kb/reviews.jsonl",  # `notes study`'s history, relative to the vault
}
ENVIRONMENT = {
    "vault": ENV_DIR,
    "cache": ENV_CACHE,
    "pager": "NOTES_PAGER",
    "daily_note": "NOTES_DAILY_NOTE",
    "max_note_bytes": "NOTES_MAX_NOTE_BYTES",
    "review_log": "NOTES_REVIEW_LOG",
}
# which keys each file may set: the vault's own size limit is read on every run (one stat),
# the user file only when a setting needs it (platformdirs costs a few ms to import)
VAULT_FILE_KEYS = ("pager", "daily_note", "max_note_bytes", "review_log")
USER_FILE_KEYS = ("vault", "pager", "daily_note", "review_log")


class VaultDir(NamedTuple):
    name: str
    path: Path  # the folder the notes are in


@dataclass(frozen=True)
class Location:
    """A vault folder, or a Dendron workspace with one or more vaults."""

    root: Path
    vaults: tuple[VaultDir, ...]
    workspace: bool = False
    # what dendron.yml asked for and was refused (not part of which location this is)
    problems: tuple[str, ...] = field(default=(), compare=False)


class Setting(NamedTuple):
    """One setting in force, and where it came from (shown by `notes config`)."""

    name: str
    value: str | int | None
    source: str


def locate(dir_option: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Location:
    """Find the vault the user means, or raise with a message saying how to name one."""
    return locate_from(dir_option, cwd)[0]


def locate_from(
    dir_option: str | os.PathLike[str] | None = None, cwd: Path | None = None
) -> tuple[Location, str]:
    """The vault and how it was found: `--dir`, `NOTES_DIR`, `found from <folder>`, or the
    user config file's path."""
    given = dir_option if dir_option not in (None, "") else os.environ.get(ENV_DIR) or None
    if given is not None:
        source = "--dir" if dir_option not in (None, "") else ENV_DIR
        path = Path(given).expanduser()
        if not path.is_dir():
            raise VaultNotFoundError(f"vault folder not found: {given} (from {source})")
        return _location_of(path.resolve()), source
    start = (cwd or Path.cwd()).resolve()
    found = find_upward(start)
    if found is not None:
        return _location_of(found), f"found from {start}"
    user_file = user_config_file()
    configured = read_config(user_file, USER_FILE_KEYS).get("vault")
    if isinstance(configured, str) and configured.strip():
        path = (user_file.parent / Path(configured).expanduser()).resolve()
        if not path.is_dir():
            raise VaultNotFoundError(f"vault folder not found: {configured} (from {user_file})")
        return _location_of(path), str(user_file)
    raise VaultNotFoundError(
        "no vault found here or in any parent folder",
        f"pass --dir PATH, set {ENV_DIR}, or run inside a folder of Markdown notes, an "
        "Obsidian vault, a Dendron workspace or a folder with notes/",
    )


def find_upward(start: Path) -> Path | None:
    """The vault around `start`: the nearest folder upward that is a Dendron workspace
    (`dendron.yml`), an Obsidian vault (`.obsidian/`), holds a `notes/` folder (then that
    folder) or has a `notes.toml`; else the topmost of the folders of Markdown files
    that `start` is inside of (never above the home folder)."""
    for folder in (start, *start.parents):
        if (folder / WORKSPACE_FILE).is_file():
            return folder
        if (folder / OBSIDIAN_FOLDER).is_dir():
            return folder
        if (folder / "notes").is_dir():
            return folder / "notes"
        if (folder / CONFIG_FILE).is_file():
            return folder
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


def user_config_file() -> Path:
    """NOTES_CONFIG, else `notes.toml` in the user config folder: ~/.config/notes-kb on
    Linux, ~/Library/Application Support/notes-kb on macOS, %APPDATA% on Windows."""
    given = os.environ.get(ENV_CONFIG)
    if given:
        return Path(given).expanduser()
    import platformdirs  # only when a setting is asked for: not on a plain command's path

    return platformdirs.user_config_path(APP_NAME, appauthor=False) / CONFIG_FILE


def read_config(path: Path, allowed: tuple[str, ...]) -> dict[str, Any]:
    """The settings a notes.toml holds ({} when there is none); a file that cannot be read,
    is not TOML, or sets an unknown key is an error naming the file."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as error:
        raise NotesError(f"cannot read config file {path}: {error.strerror}") from None
    import tomllib  # only when a config file exists

    try:
        values = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise NotesError(f"config file {path} is not valid TOML: {error}") from None
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise NotesError(
            f"config file {path}: unknown setting {', '.join(unknown)}",
            f"it may set {', '.join(allowed)}",
        )
    for key, value in values.items():
        wanted = (int, str) if key == "max_note_bytes" else (str,)
        if not isinstance(value, wanted) or isinstance(value, bool):
            kind = "a number or text like 10M" if key == "max_note_bytes" else "text"
            raise NotesError(f"config file {path}: {key} must be {kind}")
    return values


def setting(name: str, root: Path | None) -> Setting:
    """A setting in force for the vault at `root`: its environment variable, else the
    vault's notes.toml, else the user's, else (for the pager) PAGER, else the default."""
    env = ENVIRONMENT[name]
    if env in os.environ and (os.environ[env] or name == "pager"):  # NOTES_PAGER="": never
        return Setting(name, os.environ[env], env)
    if root is not None and name in VAULT_FILE_KEYS:
        path = root / CONFIG_FILE
        if name in (values := read_config(path, VAULT_FILE_KEYS)):
            return Setting(name, values[name], str(path))
    if name in USER_FILE_KEYS:
        path = user_config_file()
        if name in (values := read_config(path, USER_FILE_KEYS)):
            return Setting(name, values[name], str(path))
    if name == "pager" and "PAGER" in os.environ:
        return Setting(name, os.environ["PAGER"], "PAGER")
    return Setting(name, DEFAULTS[name], "default")


def vault_limit(root: Path) -> str | None:
    """The vault notes.toml's `max_note_bytes` when the environment does not set one: read
    on every run, so it costs a `stat` when there is no file."""
    if ENVIRONMENT["max_note_bytes"] in os.environ:
        return None
    value = read_config(root / CONFIG_FILE, VAULT_FILE_KEYS).get("max_note_bytes")
    return None if value is None else str(value)


def all_settings(dir_option: str | None = None, cwd: Path | None = None) -> list[Setting]:
    """Every setting in force here, with its source: what `notes config` shows."""
    try:
        location, source = locate_from(dir_option, cwd)
    except VaultNotFoundError as missing:
        found = [Setting("vault", None, f"not found: {missing.message}")]
        root = None
    else:
        found = [Setting("vault", str(location.root), source)]
        root = location.root
    given = os.environ.get(ENV_CACHE)
    found.append(Setting("cache", str(cache_dir()), ENV_CACHE if given else "default"))
    found += [
        setting(name, root) for name in ("pager", "daily_note", "max_note_bytes", "review_log")
    ]
    return found


def cache_dir() -> Path:
    """NOTES_CACHE_DIR, else the user's cache folder (platformdirs: XDG_CACHE_HOME or
    ~/.cache on Linux, ~/Library/Caches on macOS, LOCALAPPDATA on Windows; `cachehome`)."""
    return Path(cache_folder())


def _location_of(folder: Path) -> Location:
    problems: list[str] = []
    if (folder / WORKSPACE_FILE).is_file():
        vaults = read_workspace(folder, problems)
        if vaults:
            return Location(folder, tuple(vaults), workspace=True, problems=tuple(problems))
    return Location(folder, (VaultDir(folder.name, folder),), problems=tuple(problems))


def read_workspace(root: Path, problems: list[str] | None = None) -> list[VaultDir]:
    """The vaults a dendron.yml lists; self-contained vaults keep their notes in notes/.
    A dendron.yml or vault leading out of the root is refused, and said in `problems`."""
    import yaml

    from notes_kb.files import FileRefusedError, read_inside

    refused = problems if problems is not None else []
    try:
        data = read_inside(str(root / WORKSPACE_FILE), str(root.resolve()), 1024 * 1024).data
        config = yaml.load(data.decode("utf-8"), Loader=_loader())
    except FileRefusedError as refusal:
        refused.append(f"{WORKSPACE_FILE} {refusal.message}")
        return []
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
        if not folder.is_relative_to(root_real):
            refused.append(f"vault {entry['fsPath']!r} is outside the workspace; not read")
            continue
        if not folder.is_dir():
            continue
        name = entry.get("name") if isinstance(entry.get("name"), str) else None
        found.append(VaultDir(name or Path(entry["fsPath"]).name or root.name, folder))
    return found


def _loader() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
