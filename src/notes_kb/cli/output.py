"""The terminal: the stdout and stderr consoles, notices and errors, the pager, and the
small text helpers every view shares. Rich is imported only inside functions, so a command
whose output is plain (a pipe, --json) never loads it.

Note text is data: every string that came from a note is built into `Text` (never parsed as
markup) after `clean()` has made control characters visible, so a note cannot style or steer
the terminal.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from notes_kb.cli.lines import Line
from notes_kb.model import Diagnostic, Resolved
from notes_kb.parse.patterns import compiled

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

_CONTROL = compiled(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TSV_BREAK = compiled(r"[\t\n\r]+")


def clean(text: str) -> str:
    """Make control characters visible: ESC becomes ␛, so no escape sequence reaches a tty."""
    return _CONTROL.sub(_picture, text)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "␡" if code == 0x7F else f"\\x{code:02x}"


@contextlib.contextmanager
def ending_on_closed_output() -> Iterator[None]:
    """A closed pipe (`notes list | head`) ends the run quietly, a full device (`>
    /dev/full`) with one line; the caller then exits 1. Either way stdout is pointed at
    /dev/null, so the final flush cannot fail again."""
    try:
        yield
    except BrokenPipeError:
        _stdout_to_devnull()
    except OSError as error:
        if error.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
            raise
        _stdout_to_devnull()
        sys.stderr.write(f"Error: cannot write the output: {error.strerror}\n")


def _stdout_to_devnull() -> None:
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False, soft_wrap=False)


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, markup=False, emoji=False)


def print_json(data: Any) -> None:
    """Indented for a terminal; compact for a pipe (`gh --json` does the same). As UTF-8 bytes
    when stdout writes UTF-8 (`serialize.encoded`: a cheaper search for what to escape), else
    as text; the newline on its own: added to the text, it copied all of it (105 MB, 0.1 s,
    for `glossary --json` at 100,000 notes). Only JSON loads `serialize`."""
    from notes_kb.cli import serialize

    pretty = stdout_is_terminal()
    errors = utf8_stdout()
    if errors is not None:
        print_bytes(serialize.encoded(data, pretty, errors))
        return
    text = serialize.dumps(data, pretty)
    if not _encodes(text):  # Latin-1 lacks "—": JSON's own escapes ("\u2014") keep it
        text = serialize.dumps(data, pretty, ascii_only=True)
    sys.stdout.write(text)
    sys.stdout.write("\n")
    sys.stdout.flush()


def _encodes(text: str) -> bool:
    """Whether stdout's encoding has every character of the text."""
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def utf8_stdout() -> str | None:
    """The errors handler of stdout when it encodes text as UTF-8, leaves line breaks as
    they are and writes to a byte stream (`buffer`), so bytes written there are what its
    text would have become; else None."""
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None)
    if os.linesep != "\n" or not encoding or not hasattr(stream, "buffer"):
        return None
    try:
        if codecs.lookup(encoding).name != "utf-8":
            return None
    except LookupError:
        return None
    return str(stream.errors or "strict")


def print_bytes(data: bytes, end: bytes = b"\n") -> None:
    """Encoded output (`utf8_stdout`) and `end`, after what stdout holds as text."""
    sys.stdout.flush()
    sys.stdout.buffer.writelines((data, end))
    sys.stdout.buffer.flush()


def print_text(text: str) -> None:
    """Raw note text, with control characters neutralised."""
    sys.stdout.write(clean(text))
    if not text.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()


def _plain_stderr() -> bool:
    """Nothing to style: a pipe or a file, or NO_COLOR. Rich is then not even imported."""
    return not sys.stderr.isatty() or bool(os.environ.get("NO_COLOR"))


def error(message: str, hint: str | None = None) -> None:
    if _plain_stderr():
        tail = f" ({clean(hint)})" if hint else ""
        sys.stderr.write(f"Error: {clean(message)}{tail}\n")
        sys.stderr.flush()
        return
    from rich.text import Text

    line = Text("Error: ", style="bold red")
    line.append(clean(message))
    if hint:
        line.append(f" ({clean(hint)})", style="yellow")
    stderr().print(line, soft_wrap=True)


def notice(message: str) -> None:
    """A side remark on stderr that never mixes into stdout's data."""
    if _plain_stderr():
        sys.stderr.write(clean(message) + "\n")
        sys.stderr.flush()  # before stdout's text when both go to one place (2>&1)
        return
    from rich.text import Text

    stderr().print(Text(clean(message), style="dim"), soft_wrap=True)


def resolution(query: str, resolved: Resolved) -> None:
    target = resolved.note.fname
    if resolved.section is not None:
        target += f"#{resolved.section.slug}"
    notice(f'"{query}" → {target} (matched by {resolved.rule})')


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def diagnostics_summary(diagnostics: list[Diagnostic], skipped: int) -> None:
    problems = {d.path for d in diagnostics}
    if not problems:
        return
    parts = []
    if skipped:
        parts.append(f"{plural(skipped, 'file')} skipped")
    loaded = len(problems) - skipped
    if loaded > 0:
        parts.append(f"{plural(loaded, 'note')} with problems")
    notice(f"{', '.join(parts)}; run `notes check` for details")


def human_date(value: datetime | None, now: datetime | None = None) -> str:
    if value is None:
        return "—"
    now = now or datetime.now(tz=UTC)
    days = (now.date() - value.astimezone(UTC).date()).days
    if days == 0:
        ago = "today"
    elif days == 1:
        ago = "yesterday"
    elif 1 < days < 45:
        ago = f"{days} days ago"
    elif 45 <= days < 730:
        ago = f"{round(days / 30.4)} months ago"
    elif days >= 730:
        ago = f"{days // 365} years ago"
    else:
        ago = "in the future"
    return f"{value.astimezone(UTC):%Y-%m-%d} ({ago})"


def row_text(cells: tuple[str, ...], widths: list[int]) -> str:
    return "  ".join(fit(cell, width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def fit(text: str, width: int) -> str:
    """Pad to width cells, or cut with an ellipsis; wide (CJK) characters count double."""
    size = cells(text)
    if size <= width:
        return text + " " * (width - size)
    from rich.cells import set_cell_size

    return set_cell_size(text, max(0, width - 1)) + "…"


def widest(texts: Sequence[str]) -> int:
    """The cells the widest text takes (`cells`): one pass in C when all are ASCII."""
    joined = "".join(texts)
    if joined.isascii() and joined.isprintable():
        return max(map(len, texts), default=0)
    return max(map(cells, texts), default=0)


def cells(text: str) -> int:
    """The cells the text takes on a terminal (`rich.cells.cell_len`): one a character when
    all are printable and below U+0300 (no wide or combining one), as Rich says, no Rich."""
    if text.isprintable() and (text.isascii() or max(text) < "\u0300"):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def window(text: str, finder: re.Pattern[str], size: int = 160) -> str:
    """A long line cut to `size` characters around its first match, marked with ellipses."""
    if len(text) <= size:
        return text
    match = finder.search(text)
    start = max(0, (match.start() if match else 0) - size // 3)
    end = min(len(text), start + size)
    start = max(0, end - size)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def stdout_is_terminal() -> bool:
    """stdout is a terminal, or Rich's `TTY_COMPATIBLE=1` asks to draw as if it were (and `0`
    as if it were not). Not a terminal: `list`, `search`, `tags` and `glossary` print plain
    tab-separated lines for other programs."""
    forced = os.environ.get("TTY_COMPATIBLE", "")
    if forced in ("0", "1"):
        return forced == "1"
    return sys.stdout.isatty()


def print_rows(rows: Iterable[Iterable[str]]) -> None:
    """Tab-separated lines for pipes: no header, padding, cutting or trailing spaces; a tab or
    line break inside a value becomes a space, so one record is always one line."""
    sys.stdout.write(rows_text(rows))
    sys.stdout.flush()


def rows_text(rows: Iterable[Iterable[str]]) -> str:
    """What `print_rows` writes."""
    cells = ((clean(_TSV_BREAK.sub(" ", cell)).strip() for cell in row) for row in rows)
    return "".join("\t".join(row).rstrip() + "\n" for row in cells)


def show(renderables: Iterable[RenderableType | Line], pager: bool = True) -> None:
    """Print to stdout; output taller than the terminal goes through the user's pager
    (unless --no-pager), and straight to stdout when the pager fails. Lines (`cli/lines.py`)
    for a pipe Rich would draw no colour on are written without Rich."""
    items = list(renderables)
    if colourless_pipe() and all(isinstance(item, Line) for item in items):
        plain = plain_text(items)
        if plain is not None:
            sys.stdout.write(plain)
            sys.stdout.flush()
            return
    from rich.text import Text

    from notes_kb.cli.pager import PAGING, page, pager_argv

    items = [item.rich() if isinstance(item, Line) else item for item in items]
    console = stdout()
    argv = None
    if pager and PAGING.enabled and sys.stdout.isatty():
        argv = pager_argv(PAGING.command())
    if argv is None:
        plain = plain_text(items) if console.color_system is None else None
        if plain is not None:
            sys.stdout.write(plain)
            sys.stdout.flush()
            return
        for item in items:
            console.print(item, soft_wrap=isinstance(item, Text))
        return
    with console.capture() as capture:
        for item in items:
            console.print(item, soft_wrap=isinstance(item, Text))
    text = capture.get()
    if text.count("\n") <= console.height or not page(text, argv):
        sys.stdout.write(text)
        sys.stdout.flush()


def colourless_pipe(stream: Any = None) -> bool:
    """stdout (or `stream`) is no terminal and nothing makes Rich draw as if it were
    (`TTY_COMPATIBLE=1`, a non-empty `FORCE_COLOR`, a Jupyter kernel): Rich's console would
    have no colour system there (`Console.is_terminal`). Any doubt: False, and Rich decides."""
    import builtins

    forced = os.environ.get("TTY_COMPATIBLE", "")
    if forced == "1" or hasattr(builtins, "get_ipython"):
        return False
    if forced != "0" and os.environ.get("FORCE_COLOR"):
        return False
    try:
        return not (stream or sys.stdout).isatty()
    except ValueError:  # closed: Rich's console takes it for no terminal too
        return True


def plain_text(items: list[RenderableType | Line]) -> str | None:
    """What Rich prints for these items on a console without colour (a pipe) when each is
    a `Text` (or a `Line`) without a tab: its characters and a newline, since
    `print(soft_wrap=True)` neither wraps, crops nor pads, and the item's own justify and end
    give way to print's. Written directly, a list of thousands of lines (`concepts`) skips
    Rich's line-by-line rendering. None: some item needs Rich (a table, a panel, a tab to
    expand)."""
    lines = []
    for item in items:
        if isinstance(item, Line):
            lines.append(item.plain)
            continue
        from rich.text import Text

        if not isinstance(item, Text):
            return None
        lines.append(item.plain)
    if any("\t" in line for line in lines):
        return None
    lines.append("")
    return "\n".join(lines)


class progress:  # lower case: used as `with render.progress(...)`, like a function
    """A progress bar on stderr, shown only when work takes over a second on a terminal."""

    def __init__(self, label: str, delay: float = 1.0) -> None:
        import time

        self.label = label
        self.started = time.monotonic()
        self.delay = delay
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> progress:
        return self

    def __call__(self, done: int, total: int) -> None:
        import time

        if self.bar is None:
            if time.monotonic() - self.started < self.delay or colourless_pipe(sys.stderr):
                return  # (a pipe is known without Rich: a plain run never imports it)
            if not stderr().is_terminal:
                return
            from rich.progress import Progress

            self.bar = Progress(console=stderr(), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def show_lines(renderables: Iterable[RenderableType]) -> None:
    """Print without a pager and without the spaces Rich pads lines with: for an interactive
    session, whose prompts follow on the next line."""
    console = stdout()
    with console.capture() as capture:
        for item in renderables:
            console.print(item)
    text = "\n".join(line.rstrip() for line in capture.get().split("\n"))
    sys.stdout.write(text)
    sys.stdout.flush()
