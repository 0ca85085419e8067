"""The README's sample outputs, run for real: every ```text block that opens with
`$ notes ARGS` shows what `notes ARGS` prints for the bundled vault on a 92-column terminal.

    python tests/readme_samples.py           # list the samples that are out of date
    python tests/readme_samples.py --update  # rewrite them from the real commands

A block that ends with `...` shows the first lines only; an update keeps as many. Relative
dates ("14 months ago") change with the calendar, so they are left out of the comparison.
tests/test_readme_samples.py fails when a sample is stale.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
BUNDLED = REPO / "notes"
FENCE = "```"
# a terminal 92 columns wide (the README's code blocks), no colour, no pager
ENVIRONMENT = {
    "TTY_COMPATIBLE": "1",
    "TERM": "xterm-256color",  # a "dumb" terminal is always 80 columns to Rich
    "NO_COLOR": "1",  # Rich still writes bold and dim: those escapes are removed below
    "COLUMNS": "92",
    "NOTES_CONFIG": os.devnull,  # the defaults, whatever the user's config file says
}
_AGO = re.compile(r" \((?:\d+ (?:days|months|years) ago|today|yesterday|in the future)\)")
_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Sample:
    start: int  # index of the `$ notes` line in the README's lines
    end: int  # index of the closing fence
    args: list[str]
    shown: list[str]  # the lines after the command, `...` excluded
    cut: bool  # the block ends with `...`


def samples(text: str) -> list[Sample]:
    """Every ```text block of the README that opens with `$ notes`."""
    lines = text.split("\n")
    found: list[Sample] = []
    index = 0
    while index < len(lines):
        if lines[index] == FENCE + "text" and index + 1 < len(lines):
            end = lines.index(FENCE, index + 1)
            command = lines[index + 1]
            if command.startswith("$ notes"):
                body = lines[index + 2 : end]
                cut = bool(body) and body[-1] == "..."
                args = shlex.split(command[2:])[1:]
                found.append(Sample(index + 1, end, args, body[:-1] if cut else body, cut))
            index = end
        index += 1
    return found


def run(args: list[str]) -> list[str]:
    """The lines `notes ARGS` prints (stdout and stderr, as on a terminal) for the bundled
    vault, run in this process from the repository root."""
    from typer.testing import CliRunner

    from notes_kb.cli.app import app

    here = os.getcwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(
            app, ["--dir", "notes", "--no-pager", *args], env=ENVIRONMENT, prog_name="notes"
        )
    finally:
        os.chdir(here)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return [line.rstrip() for line in _ESCAPE.sub("", result.output).rstrip("\n").split("\n")]


def build_cache() -> None:
    """Index the bundled vault before the samples run: a cold build that takes over a second
    (on a loaded machine) draws a progress bar, which a terminal erases when the build ends
    but which stays in the text captured here, ahead of the first sample's lines."""
    run(["index"])


def comparable(lines: list[str]) -> list[str]:
    """Lines without relative dates, trailing spaces or the padding a date leaves."""
    return [re.sub(r" {2,}│$", " │", _AGO.sub("", line)).rstrip() for line in lines]


def stale(sample: Sample, output: list[str]) -> bool:
    """True when the README shows something else than the command prints."""
    if sample.cut:
        return comparable(output[: len(sample.shown)]) != comparable(sample.shown)
    return comparable(output) != comparable(sample.shown)


def updated(text: str) -> tuple[str, list[str]]:
    """The README with every stale sample rewritten, and the commands that were stale."""
    lines = text.split("\n")
    changed: list[str] = []
    for sample in reversed(samples(text)):  # from the end: earlier indexes stay valid
        output = run(sample.args)
        if not stale(sample, output):
            continue
        changed.append(shlex.join(["notes", *sample.args]))
        cut = sample.cut and len(output) > len(sample.shown)
        body = [*output[: len(sample.shown)], "..."] if cut else output
        lines[sample.start + 1 : sample.end] = body
    return "\n".join(lines), changed[::-1]


def main(argv: list[str]) -> int:
    import tempfile

    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as cache:  # a fresh cache, as the test has
        os.environ["NOTES_CACHE_DIR"] = cache
        build_cache()
        new, changed = updated(text)
    for command in changed:
        print(f"{'updated' if '--update' in argv else 'stale'}: $ {command}")
    if "--update" in argv and changed:
        README.write_text(new, encoding="utf-8")
    return 1 if changed and "--update" not in argv else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO))
    sys.exit(main(sys.argv[1:]))
