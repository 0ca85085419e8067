"""A whole note or block indented by a few spaces, which Markdown reads as code: recovered
as Markdown when its lines read as notes, not code. Pure."""

from __future__ import annotations

import re

from notes_kb.parse.patterns import compiled

_CODE_LINE = compiled(
    r"[;{}]\s*$|^\s*(?:def|class|import|from|return|for|while|if|else|elif|try|except|with|"
    r"print|var|let|const|function|public|private|#include|SELECT|INSERT|\$|>>>)\b|"
    r"^\s*[\w.\[\]]+\s*=\s*[\w\[({'\"]|\w\(.*\)\s*$"
)


def looks_like_prose(block: str) -> bool:
    """An indented block pasted from somewhere that reads as notes, not code: mostly lines
    of words, bullets or headings, and nothing that looks like a statement."""
    lines = [line for line in block.split("\n") if line.strip()]
    if not lines:
        return False
    code = sum(bool(_CODE_LINE.search(line)) for line in lines)
    wordy = sum(
        line.strip()[:2] in ("- ", "* ", "# ", "##")
        or re.match(r"\s*\d+[.)]\s", line) is not None
        or len(re.findall(r"[A-Za-z]{2,}", line)) >= 3
        for line in lines
    )
    return code == 0 and wordy >= 0.8 * len(lines)


def dedent(block: str) -> str:
    lines = block.split("\n")
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(line[cut:] for line in lines)
