"""A lead's text over the lines a hard-wrapped paragraph carries it on. Pure.

Leads are read a line at a time (`Term: text` lines one under another, without a blank
line, are one Markdown paragraph), so a note wrapped at 80 columns cut its definitions
short: "Optimization Algorithms: Many machine learning algorithms, especially those that"
/ "use gradient descent as an optimization technique, converge faster ...". A text that
ends mid-sentence reads on over the next lines that carry its sentence on (they open in
lower case) until it ends; not over a line of its own (another lead, an item, emphasis,
code, a new sentence) or a formula's.
"""

from __future__ import annotations

from notes_kb.parse.inline import marked_plain
from notes_kb.parse.patterns import compiled

_LINES = 6  # lines a sentence is carried over, at most
# a text whose last line ends its sentence (or leads into what follows)
_ENDED = compiled(r"[.!?:;。！？：；]['\"”’)\]*_]*\s*$")
# a line that leads with a name and a separator: "Recall: the share of ...", "Tokens - ..."
_LEAD = compiled(r"^(?:[^\s:=]+\s){0,4}[^\s:=]+\s*(?::|：|::|\s=\s|\s->\s|\s→\s|\s[-—–]{1,2}\s)")


def carried(parts: list[str], offset: int, text: str, plain: bool = False) -> str:
    """`text`, the rest of line `offset` of a paragraph's `parts` after its lead, with the
    lines after it that carry on its sentence (`plain`: those lines as plain text, as
    `text` is already)."""
    said = text
    for part in parts[offset + 1 : offset + 1 + _LINES]:
        line = part.strip()
        if not line[:1].islower() or _ENDED.search(said) or _LEAD.match(line):
            break  # a line of its own ("Label smoothing ...", "- ...", "**...**", "$$")
        if "\\" in line or "\\" in said:
            break  # LaTeX: a formula's lines, not a sentence's
        said = f"{said.rstrip()} {marked_plain(line)[0] if plain else line}"
    return said
