"""`notes show` to a pipe: plain lines (title, `key: value` header, the body as Markdown,
"Linked from"), no box drawing, no escape sequence, and neither Rich nor markdown-it loaded;
on a terminal it stays the Rich panel and rendered Markdown."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from notes_kb.cli.output import human_date
from tests.conftest import VaultFactory

NOTE = (
    "---\n"
    'title: "Evil [bold]title[/bold] \\e[31mred"\n'
    "desc: What it is\n"
    "tags: [alpha, beta]\n"
    "created: 2025-01-02\n"
    "updated: 2025-03-04\n"
    "---\n"
    "# Evil [bold]title[/bold] \x1b[31mred\n"
    "\n"
    "Body with [bold]markup[/bold], \x1b[31mred\x1b[0m, a bell\x07 and %%a comment%%.\n"
    "\n"
    "> [!info] A callout\n"
    "> Links to [[other]].\n"
    "\n"
    "## Table\n"
    "\n"
    "| a | b |\n"
    "| - | - |\n"
    "| 1 | 2 |\n"
)
OTHER = "---\ntitle: Other\n---\nSee [[evil]] here.\n"
LOADED = """
import sys
from notes_kb.cli.direct import run
code = run(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("rich", "markdown_it"))
print(code, loaded, file=sys.stderr)
"""


def _piped_env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "NOTES_CACHE_DIR": str(tmp_path / "cache")}
    for name in ("TTY_COMPATIBLE", "FORCE_COLOR", "NO_COLOR"):
        env.pop(name, None)
    return env


def _date(day: str) -> str:
    return human_date(datetime.fromisoformat(day).replace(tzinfo=UTC))


def test_piped_show_prints_plain_lines(make_vault: VaultFactory, tmp_path: Path) -> None:
    """Piped, `show` prints the title, the header as `key: value` lines, the body's Markdown
    with links as titles and the title heading dropped, and "Linked from"; note text shows
    control characters as pictures and Rich markup as it is written."""
    vault = make_vault({"evil.md": NOTE, "other.md": OTHER})
    done = subprocess.run(
        [sys.executable, "-m", "notes_kb", "--dir", str(vault), "show", "evil"],
        capture_output=True,
        env=_piped_env(tmp_path),
        text=True,
        timeout=60,
    )
    title = "Evil [bold]title[/bold] ␛[31mred"
    blank = " " * len("%%a comment%%")  # a comment's characters become spaces, as on a tty
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"{title}\n"
        "desc: What it is\n"
        f"path: {os.path.relpath(vault)}/evil.md\n"
        "id: evil\n"
        "tags: #alpha #beta\n"
        f"created: {_date('2025-01-02')}\n"
        f"updated: {_date('2025-03-04')}\n"
        "\n"
        f"Body with [bold]markup[/bold], ␛[31mred␛[0m, a bell␇ and {blank}.\n"
        "\n"
        "> [!info] A callout\n"
        "> Links to **Other**.\n"
        "\n"
        "## Table\n"
        "\n"
        "| a | b |\n"
        "| - | - |\n"
        "| 1 | 2 |\n"
        "\n"
        "Linked from (1)\n"
        "  Other  other.md:4\n"
    )


def test_piped_show_loads_neither_rich_nor_markdown_it(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    """A piped `show` of an indexed vault (and its section form) is written without
    importing Rich or markdown-it; forced colour (`TTY_COMPATIBLE=1`) still draws with Rich."""
    vault = make_vault({"evil.md": NOTE, "other.md": OTHER})
    env = _piped_env(tmp_path)
    index = [sys.executable, "-m", "notes_kb", "--dir", str(vault), "index"]
    subprocess.run(index, capture_output=True, env=env, check=True, timeout=60)
    for args, forced, loaded in (
        (["show", "evil"], {}, "[]"),
        (["show", "evil#table"], {}, "[]"),
        (["show", "evil"], {"TTY_COMPATIBLE": "1"}, "rich.markdown"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", LOADED, "--dir", str(vault), *args],
            capture_output=True,
            env={**env, **forced},
            text=True,
            timeout=60,
        )
        assert done.stderr.splitlines()[-1].startswith("0 ["), done.stderr
        assert loaded in done.stderr.splitlines()[-1], args


def test_show_on_a_terminal_keeps_the_panel(make_vault: VaultFactory, tmp_path: Path) -> None:
    """With TTY_COMPATIBLE=1 and NO_COLOR, `show` still draws the rounded panel and the
    rendered Markdown, with note text still free of escape sequences from the note."""
    vault = make_vault({"evil.md": NOTE, "other.md": OTHER})
    env = {**_piped_env(tmp_path), "TTY_COMPATIBLE": "1", "NO_COLOR": "1", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-m", "notes_kb", "--dir", str(vault), "show", "evil", "--no-pager"],
        capture_output=True,
        env=env,
        text=True,
        timeout=60,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0
    assert lines[0].startswith("╭─ Evil [bold]title[/bold] ␛[31mred ─")
    assert lines[1].split() == ["│", "What", "it", "is", "│"]
    assert "\x1b[31m" not in done.stdout and "INFO A callout" in done.stdout
