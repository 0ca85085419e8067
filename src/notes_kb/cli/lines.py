"""A line of styled text that needs no Rich until it is drawn.

The views made only of lines (`links`, `define`, `concepts`) build these instead of Rich's
`Text`: printed to a pipe, where Rich would draw no colour, `output.show` writes their plain
characters without importing Rich at all (rich.text, rich.console and what they load: about
14 ms of a warm run). Drawn with Rich, each becomes the `Text` the view would have built, by
the very same calls in the same order (`rich()`), so a terminal sees what it always saw.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# what Rich's Text drops from the strings it is given: bell, backspace, vertical tab, form
# feed, carriage return (rich.control.strip_control_codes)
_DROPPED = dict.fromkeys((7, 8, 11, 12, 13))


class Line:
    """`Text(text, style=style)`, with `append`, `append_text` and `highlight_regex` as
    Rich's; `plain` is its characters."""

    __slots__ = ("_length", "_parts", "_steps", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style
        self._parts = [_kept(text)]
        self._length = len(self._parts[0])
        self._steps: list[tuple[str | Line | re.Pattern[str], str | None]] = []

    def __len__(self) -> int:  # and so `if line:`, as with a Text
        return self._length

    @property
    def plain(self) -> str:
        return "".join(self._parts)

    def append(self, text: str, style: str | None = None) -> Line:
        self._parts.append(_kept(text))
        self._length += len(self._parts[-1])
        self._steps.append((text, style))
        return self

    def append_text(self, line: Line) -> Line:
        self._parts.append(line.plain)
        self._length += len(line)
        self._steps.append((line, None))
        return self

    def highlight_regex(self, pattern: re.Pattern[str], style: str) -> None:
        self._steps.append((pattern, style))

    def rich(self) -> Text:
        """The Rich `Text` this line stands for."""
        from rich.text import Text

        text = Text(self._parts[0], style=self.style)
        for step, style in self._steps:
            if isinstance(step, str):
                text.append(step, style)
            elif isinstance(step, Line):
                text.append_text(step.rich())
            else:
                assert style is not None
                text.highlight_regex(step, style)
        return text


def _kept(text: str) -> str:
    """The characters Rich's `Text` keeps of a string: a printable one has none to drop,
    and is not looked at character by character (15,000 strings in `concepts`' table)."""
    return text if text.isprintable() else text.translate(_DROPPED)
