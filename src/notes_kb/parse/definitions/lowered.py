"""Case-blind searches done on lowercase text, where that finds just the same. Pure.

A pattern compiled with `re.I` compares both cases of each letter at every position it
tries, and skips ahead to nothing; its lowercase twin, run on `text.lower()`, is several
times quicker. The two agree on every text but those holding one of four characters."""

from __future__ import annotations

from notes_kb.parse.patterns import compiled

# the only characters `re.I` matches to an ASCII letter: the dotted capital and the dotless
# i (to "i"), the long s (to "s") and the Kelvin sign (to "k"); the dotted capital i is also
# the only character whose lowercase is longer than itself
_FOLDS_TO_ASCII = compiled("[\u0130\u0131\u017f\u212a]")


def reads_lowered(text: str) -> bool:
    """A pattern of ASCII letters compiled with `re.I` finds in `text` what its lowercase
    twin finds in `text.lower()`, at the same places (lowercase keeps every character a
    word character, a space or a digit as it was). The twin is the same pattern with every
    letter of its words and classes in lowercase, its escapes (\\b, \\S) left as they are."""
    return text.isascii() or _FOLDS_TO_ASCII.search(text) is None
