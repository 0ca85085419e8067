"""What the Typer commands share: the `--json` option, the NOTE argument's shell completion,
and the vault folder the global `--dir` named. The commands' own work is in modules that
do not import Typer (`session`, `reading`), so `cli/direct.py` can run them without it."""

from __future__ import annotations

import typer

JSON = typer.Option(False, "--json", help="Print the same data as JSON on stdout.")


def vault_dir(ctx: typer.Context) -> str | None:
    """The `--dir` value the command's group was given, else None."""
    return ctx.obj.get("dir") if ctx.obj else None


def complete_note(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of a NOTE argument: file names from the cache as the last command
    left it (no refresh, no parse), so Tab answers at once."""
    from notes_kb.config import locate
    from notes_kb.index.names import cached_note_names

    try:
        return cached_note_names(locate(ctx.find_root().params.get("directory")), incomplete)
    except Exception:  # whatever goes wrong, completion prints nothing into the shell
        return []
