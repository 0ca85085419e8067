"""A `Line` is the Rich `Text` a view would have built: the same characters for a pipe, and
the same text and styles when Rich draws it; a line-only view to a pipe loads no Rich."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text

from notes_kb.cli.lines import Line

CHARS = st.text(st.sampled_from(["a", "é", "漢", " ", "\n", "\t", "\x07", "\r", "\x0c"]))
STYLES = st.sampled_from(["", "bold", "dim italic"])
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("append"), CHARS, st.one_of(st.none(), STYLES)),
        st.tuples(st.just("append_text"), CHARS, STYLES),
        st.tuples(st.just("highlight"), st.sampled_from(["a", "é+", r"\s"]), STYLES),
    ),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(CHARS, STYLES, STEPS)
def test_a_line_is_the_text_it_stands_for(first: str, style: str, steps: list[tuple]) -> None:
    """Whatever is appended or highlighted (control characters too), a line's plain text,
    length and Rich text are those of the `Text` built by the same calls."""
    line, text = Line(first, style=style), Text(first, style=style)
    for kind, value, value_style in steps:
        if kind == "append":
            line.append(value, value_style)
            text.append(value, value_style)
        elif kind == "append_text":
            line.append_text(Line(value, style=value_style))
            text.append_text(Text(value, style=value_style))
        elif value_style:
            line.highlight_regex(re.compile(value), value_style)
            text.highlight_regex(re.compile(value), value_style)
    drawn = line.rich()
    assert (line.plain, len(line), bool(line)) == (text.plain, len(text), bool(text))
    assert (drawn.plain, drawn.style, drawn.spans) == (text.plain, text.style, text.spans)


BUNDLED = Path(__file__).resolve().parent.parent / "notes"
LOADED = """
import sys
from notes_kb.cli.direct import run
code = run(sys.argv[1:])
print(code, sorted(m for m in sys.modules if m == "rich" or m.startswith("rich.")), file=sys.stderr)
"""


def test_a_view_of_lines_to_a_pipe_loads_no_rich(tmp_path: Path) -> None:
    """`links` and `define` piped: their lines are written without Rich."""
    env = {**os.environ, "NOTES_CACHE_DIR": str(tmp_path)}
    env.pop("TTY_COMPATIBLE", None)
    env.pop("FORCE_COLOR", None)
    for args in (["links", "ai-engineering.chapter-1"], ["define", "attention"]):
        done = subprocess.run(
            [sys.executable, "-c", LOADED, "--dir", str(BUNDLED), *args],
            capture_output=True,
            env=env,
            text=True,
        )
        assert done.stderr.splitlines()[-1] == "0 []", args


def test_a_progress_bar_past_its_delay_on_a_pipe_loads_no_rich() -> None:
    """A slow build (past the bar's delay) with stderr to a pipe draws no bar and loads no
    Rich: the plain run stays plain however long the index takes."""
    script = (
        "import sys\n"
        "from notes_kb.cli.output import progress\n"
        "with progress('indexing', delay=0.0) as bar:\n"
        "    bar(1, 2)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("TTY_COMPATIBLE", "FORCE_COLOR")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, env=env, text=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "[]\n", "")
