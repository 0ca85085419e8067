"""How much of a text is math: inside `$...$`, or LaTeX commands. Pure."""

from __future__ import annotations

from notes_kb.parse.definitions.cjk import word_count
from notes_kb.parse.patterns import compiled


def without_math(text: str) -> str:
    """The text with its math blanked out."""
    return _MATH.sub(" ", text)


def words_outside_math(text: str, chinese: bool) -> int:
    """The words of the text outside its math (Chinese words counted as cjk.py does)."""
    prose = _MATH.sub(" ", text)
    return word_count(prose) if chinese else len(_WORD.findall(prose))


def math_share(text: str) -> float:
    """How much of the text is math: inside $...$, or LaTeX commands."""
    if "$" not in text and "\\" not in text:
        return 0.0  # most texts: no math to look for
    inside = sum(len(m) for m in _MATH.findall(text))
    return inside / max(len(text), 1)


_WORD = compiled(r"(?<![\\{_^])\b[A-Za-z]{2,}\b(?![({_^])")  # a word, not a command or a call
# $...$, $$...$$, LaTeX's \[...\] and \(...\), and commands (\frac{..})
_MATH = compiled(r"\$\$?[^$]*\$?\$|\\\[.*?\\\]|\\\(.*?\\\)|\\[a-zA-Z]+(?:\{[^}]*\})?")


# a few words, then an arrow: "model → output", "High relevance → Extract and refine ..."
_FLOW = compiled(r"^\W*(?:[^\s→]+\s+){0,3}?[^\s→]+\s*(?:→|->)")
_LIMIT = compiled(r"(?:→|->).*\b(?:as|when|if|for)\s")  # "sample mean → true mean as n grows"


def flow_step(text: str) -> bool:
    """A short text that is a step of a flow, a few words then an arrow, not a limit."""
    return _FLOW.match(text) is not None and _LIMIT.search(text) is None
