"""What stands above a note's first words: lines of tags, dates, sources or links, and an
aside in brackets. Pure."""

from __future__ import annotations

import re

from notes_kb.parse.patterns import compiled

_METADATA = compiled(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|\d{4}-\d\d|"
    r"paper:|up:|parents?:|children:|next:|prev(?:ious)?:|categor(?:y|ies):|authors?:|"
    r"date:|created:|updated:|status:|"
    r"source:|sources:|resources:|references:|links?:|related:|see also|"
    r"compare with|tags?:|#\w|!\[|\[\[[^\]]{0,999}\]\]\s*(?:-|$)|\[[^\]]{0,999}\]\([^)]{0,2048}\)\s*$|https?://|"
    # "*Code: [pca.ipynb](https://...)*" (or with a full-width colon): a label and its link
    r"[*_]*[^\s:：*_\[]{1,16}\s?[:：]\s*[*_]*\[[^\]]{0,999}\]\([^)]{0,2048}\)[*_.]*\s*$)",
    re.I,
)
_ASIDE = compiled(r"^\([^()\n]{1,80}\)\s*")


def opening_words(raw: str) -> tuple[str, int]:
    """A note's first paragraph without what stands above its first words: lines of tags,
    dates, sources or links, and an aside in brackets ("(Adaptive Moment Estimation)",
    "(as opposed to [[Underfitting]])"); with how many lines were left out. Empty when
    the paragraph holds nothing else."""
    lines = raw.split("\n")
    skipped = 0
    while skipped < len(lines) and (
        not lines[skipped].strip() or _METADATA.match(lines[skipped].strip())
    ):
        skipped += 1
    if raw.lstrip().startswith("$") and raw.rstrip().endswith("$"):
        return "", len(lines)  # a formula above the first words ("$FPR = ...$")
    rest = "\n".join(lines[skipped:]).strip()
    aside = _ASIDE.match(rest)
    if aside and len(rest) > aside.end():
        if "\n" in aside.group():
            skipped += 1
        rest = rest[aside.end() :]
    return rest, skipped
