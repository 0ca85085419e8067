"""`notes config`: the settings in force and where each came from."""

from __future__ import annotations

from pathlib import Path

import typer

from notes_kb.cli import output
from notes_kb.cli.params import JSON, vault_dir


def config_command(ctx: typer.Context, json_out: bool = JSON) -> None:
    """Show the settings in force (vault, cache, pager, daily note, size limit) and where
    each came from: --dir, an environment variable, a notes.toml, or the default.

    Order: flag, then environment variable, then the vault's notes.toml, then the user's
    notes.toml, then the default."""
    from notes_kb.config import CONFIG_FILE, all_settings, user_config_file

    settings = all_settings(vault_dir(ctx))
    vault = settings[0].value
    files = [
        *([Path(str(vault)) / CONFIG_FILE] if vault is not None else []),
        user_config_file(),
    ]
    if json_out:
        output.print_json(
            {
                "settings": {s.name: {"value": s.value, "source": s.source} for s in settings},
                "files": [{"path": str(f), "exists": f.is_file()} for f in files],
            }
        )
        return
    width = max(len(s.name) for s in settings)
    rows = [
        (s.name.ljust(width), "—" if s.value is None else str(s.value), s.source) for s in settings
    ]
    value_width = max(len(value) for _, value, _ in rows)
    lines = [f"{name}  {value.ljust(value_width)}  ({source})" for name, value, source in rows]
    lines += [""] + [f"{'found' if f.is_file() else 'no file'}: {f}" for f in files]
    output.print_text("\n".join(lines))
