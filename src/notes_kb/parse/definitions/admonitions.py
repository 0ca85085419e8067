"""Admonition fences inside a paragraph: MyST's `:::{note} Title` with its `:class: dropdown`
options and Docusaurus' `:::tip`, closed by `:::`. CommonMark reads them as text, so the
fence lines would join the sentence after them ("...:class: dropdown. This approach is
called ..."). Pure."""

from __future__ import annotations

from notes_kb.parse.patterns import compiled

_FENCE = compiled(r"\s{0,3}:{3,}.*")  # ":::{note} Title", ":::tip", ":::"
_OPTION = compiled(r":[\w-]+:(?:\s.*)?")  # ":class: dropdown", after an opening fence


def has_fence(raw: str) -> bool:
    """Quick: whether a paragraph holds a fence line at all."""
    return raw.startswith((":::", " :::", "  :::", "   :::")) or "\n:::" in raw


def without_fences(raw: str, line: int) -> tuple[str, int]:
    """The paragraph with its fence and option lines emptied (the lines after them keep
    their numbers), its leading empty lines dropped, and the file line it now starts at."""
    kept: list[str] = []
    options = False  # an option line only counts right after a fence
    for part in raw.split("\n"):
        if _FENCE.fullmatch(part) or (options and _OPTION.fullmatch(part)):
            kept.append("")
            options = True
            continue
        options = False
        kept.append(part)
    while kept and not kept[0]:
        kept.pop(0)
        line += 1
    return "\n".join(kept).rstrip("\n"), line
