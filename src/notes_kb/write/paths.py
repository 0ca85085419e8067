"""Where a note named on the command line lives: the name checked, its vault folder, its
path. A Dendron name is a dotted file name (`daily.journal.2026.12.06`); in a folder vault a
name with `/` is a path below the vault folder (`projects/launch`)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from notes_kb.config import Location, VaultDir
from notes_kb.errors import BadOptionError
from notes_kb.parse.links import split_target

# characters that cannot be in a name a link can reach: [[a|b]], [[a#b]], [[a]]
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\[\]|#^\\]")


@dataclass(frozen=True)
class Place:
    """A note's place: its vault, its path relative to the location root, its file name."""

    vault: VaultDir
    path: str
    fname: str


def vault_folder(location: Location, vault: VaultDir) -> str:
    """The vault's folder relative to the location root ("" for the root itself)."""
    try:
        folder = vault.path.relative_to(location.root).as_posix()
    except ValueError:
        return ""
    return "" if folder == "." else folder


def vault_named(location: Location, name: str) -> VaultDir:
    """The vault a note belongs to, by name (the first vault for "")."""
    for vault in location.vaults:
        if vault.name == name or not name:
            return vault
    known = ", ".join(v.name for v in location.vaults)
    raise BadOptionError(f'no vault "{name}" in this workspace (vaults: {known})')


def place_of(location: Location, name: str, beside: str | None = None, vault: str = "") -> Place:
    """The place a NAME asks for: `dendron://vault/name` picks the vault; a name with `/`
    is a path below the vault folder (`./name`: in the vault folder itself); a plain name
    sits in the vault folder, or beside the note at `beside` (a path relative to the root)
    when renaming. `.md` is optional."""
    given = name.strip()
    if given.startswith("dendron://"):
        vault, given, _ = split_target(given)
    given = given[:-3] if given.lower().endswith(".md") else given
    rooted = "/" in given  # `./name`: the vault folder itself
    given = given.removeprefix("./")
    check_name(given, name)
    home = vault_named(location, vault)
    top = vault_folder(location, home)
    if rooted:
        path = posixpath.join(top, given + ".md")
    elif beside is not None:
        path = posixpath.join(posixpath.dirname(beside), given + ".md")
    else:
        path = posixpath.join(top, given + ".md")
    return Place(home, path, posixpath.basename(path)[:-3])


def check_name(name: str, shown: str) -> None:
    """A name must be a path below the vault that links can name: no `..`, no empty or
    hidden parts, no characters a wikilink cannot hold."""
    parts = name.split("/")
    if not name or name.startswith("/") or _FORBIDDEN.search(name):
        raise BadOptionError(
            f"{shown!r} is not a usable note name (no empty name, leading /, or [ ] | # ^ \\)"
        )
    for part in parts:
        dots = part.split(".")
        if not part or part.startswith(".") or "" in dots or part.strip() != part:
            raise BadOptionError(
                f"{shown!r} is not a usable note name: empty, hidden or `..` parts"
            )
