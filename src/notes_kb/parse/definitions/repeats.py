"""Field labels found by repetition: a lead in everyday words said on two lines of one note
("- **Behavior:** ..." under "### If the learning rate is too small", again under "### If
it is too large") labels a field of each section; a term is defined once. Pure."""

from __future__ import annotations

from notes_kb.parse.definitions.openings import named
from notes_kb.parse.definitions.score import NAME_LEADS
from notes_kb.parse.keys import PHRASE_ZIPF, everyday_word
from notes_kb.parse.patterns import compiled

# the forms where a name leads a bullet or a line
LEAD_KINDS = NAME_LEADS | {"bold-lead"}
_WORDS = compiled(r"[^\W\d_]+")


class RepeatedLeads:
    """The leads of one note, by term key: which are field labels."""

    def __init__(self) -> None:
        self._lines: dict[str, set[int]] = {}
        self._labels: set[str] = set()

    def add(self, key: str, term: str, kind: str, line: int) -> None:
        """A lead of `kind` naming `term` (its key `key`) on `line`."""
        if kind not in LEAD_KINDS:
            return
        lines = self._lines.setdefault(key, set())
        lines.add(line)
        if (
            len(lines) == 2
            and not named(term)  # "A/B test", "C4", "Re-ranking": a name's shape
            and all(everyday_word(word, PHRASE_ZIPF) for word in _WORDS.findall(term))
        ):
            self._labels.add(key)

    def label(self, key: str, kind: str) -> bool:
        """A definition of this kind under this key is a field label's."""
        return kind in LEAD_KINDS and key in self._labels
