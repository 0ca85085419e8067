"""What a Han character is: Chinese writes no spaces between words, so the parsers that find
words (definitions, concept mentions) read a run of Han characters their own way. Pure, and
light enough for a warm search."""

from __future__ import annotations

from notes_kb.parse.patterns import compiled

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs, extension A, compatibility
HAN_CHAR = compiled(f"[{HAN}]")


def has_han(text: str) -> bool:
    """The text holds a Han character (ASCII text: one `isascii` call, nothing else)."""
    return not text.isascii() and HAN_CHAR.search(text) is not None
