"""What `define` answers for a term the notes never define but write as an acronym with its
expansion ("Neural Architecture Search (NAS)", "SFT (supervised finetuning)", "RLHF stands
for ..."). Pure: the pairs come from the cache (`index.readback.pairs_named`).

Such a pair is no glossary entry (`glossary.merge` makes entries of definitions only): it
says what the term is short for, not what it is, and the answer is labelled so. Pairs of
two names that are not an acronym and its expansion ("Text (or document) embeddings" gives
Text and document) are left out: the finder reads them more loosely, and they would answer
`define document` with "also called Text".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from notes_kb.parse.keys import concept_key
from notes_kb.parse.patterns import compiled

# A word with two capitals or more that reads as an abbreviation: NAS, LoRA, GPUs, BF16. The
# finder's own test (parse/definitions/acronyms) is stricter, but loading it costs a warm
# `define` some 30 ms; here it only tells which of two names the finder already paired is
# the short one, or that neither is.
_ABBREVIATION = compiled(r"[A-Z][A-Za-z0-9&]*[A-Z0-9][a-z]?")
_WORD_BREAK = compiled(r"[\s/-]+")

EXPANSION = "expansion"  # the other name spells the term out: NAS -> Neural Architecture Search
ABBREVIATION = "abbreviation"  # the other name is the term's short form: the reverse


@dataclass(frozen=True)
class Pairing:
    """One place where the notes write the term with its expansion or its acronym."""

    name: str  # the other name, as written there
    relation: str  # what that name is to the term: EXPANSION or ABBREVIATION
    note: str
    path: str
    line: int


@dataclass(frozen=True)
class Expansion:
    """A term with no definition, and every place the notes write it with its expansion or
    its acronym."""

    term: str  # the term as the notes write it most often
    pairings: tuple[Pairing, ...]  # by path and line

    def grouped(self) -> list[tuple[str, str, list[Pairing]]]:
        """Each other name (in its most used spelling) with what it is to the term and where
        it is written, the name written most often first."""
        groups: dict[str, list[Pairing]] = {}
        for pairing in self.pairings:
            groups.setdefault(concept_key(pairing.name), []).append(pairing)
        found = [(_most_used(p.name for p in places), places) for places in groups.values()]
        found.sort(key=lambda item: (-len(item[1]), item[0].casefold()))
        return [(name, places[0].relation, places) for name, places in found]


def expansion_of(term: str, pairs: Iterable[tuple[str, str, str, str, int]]) -> Expansion | None:
    """The pairs (short, long, note id, path, line) that name `term` in any spelling and
    are an acronym with its expansion, as an answer; None when none is."""
    key = concept_key(term)
    written: list[str] = []
    pairings: list[Pairing] = []
    for short, long, note, path, line in pairs if key else ():
        for this, other in ((short, long), (long, short)):
            relation = _relation(this, other) if concept_key(this) == key else None
            if relation is not None and concept_key(other) not in ("", key):
                written.append(this)
                pairings.append(Pairing(other, relation, note, path, line))
                break
    return Expansion(_most_used(written), tuple(pairings)) if pairings else None


def _relation(term: str, other: str) -> str | None:
    """What `other` is to `term`: the shorter of the two is an abbreviation when it has an
    abbreviated word the longer one does not ("KV cache" / "key-value cache"); None when
    neither is."""
    short, long = sorted((term, other), key=len)
    if len(short) == len(long) or not _abbreviated(short) - _abbreviated(long):
        return None
    return EXPANSION if short == term else ABBREVIATION


def _abbreviated(name: str) -> set[str]:
    return {word for word in _WORD_BREAK.split(name) if _ABBREVIATION.fullmatch(word)}


def _most_used(names: Iterable[str]) -> str:
    """The spelling written most often, the first written on a tie."""
    counts = Counter(names)
    return max(counts, key=counts.__getitem__)  # max keeps the first of equal counts
