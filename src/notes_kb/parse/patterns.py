"""Regular expressions compiled on their first use.

The definition finder keeps about 270 patterns. Compiled at import they took 55 ms, most of
what a warm command pays to parse one edited note, and one note uses about a third of them
(96 of 266 for a typical note, 148 for twenty). A pattern made here is compiled when it is
first used, by `re`'s own compiler, and then is the compiled pattern's methods: matching
costs what it did. One difference: a match's `.re` is the compiled pattern, not the object
made here, so code that needs to know which pattern matched keeps the pattern it tried.
"""

from __future__ import annotations

import re
from typing import Any, cast

# what a compiled pattern is used for; each is taken from it at once on first use
_FORWARDED = (
    "match",
    "search",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "scanner",
    "flags",
    "groups",
    "groupindex",
)


class _Deferred:
    """A pattern not compiled yet: its first use compiles it and keeps the compiled
    pattern's methods and attributes as its own."""

    def __init__(self, pattern: str, given_flags: int) -> None:
        self.pattern = pattern
        self.given_flags = given_flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or "pattern" not in self.__dict__:
            raise AttributeError(name)  # copy, pickle and the like: not a pattern's own
        made = re.compile(self.pattern, self.given_flags)
        for attribute in _FORWARDED:
            setattr(self, attribute, getattr(made, attribute))
        return getattr(made, name)

    def __repr__(self) -> str:
        return f"compiled({self.pattern!r}, {self.given_flags})"


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, done when the pattern is first used."""
    return cast("re.Pattern[str]", _Deferred(pattern, flags))
