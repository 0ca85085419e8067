"""Which names are one concept: a typo of another ("finetunning"), the same name with or
without a generic head ("few-shot prompting"), when their definitions agree. Pure."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from notes_kb.parse.keys import concept_key
from notes_kb.parse.patterns import compiled

if TYPE_CHECKING:
    from notes_kb.model import Definition

_TYPO_MIN_LENGTH = 8
WORDS = compiled(r"[^\W\d_]{3,}")
FUNCTION_WORDS = frozenset(
    "the and for with that this from into over are was were been being its their which what "
    "when where how who why than then them they you your our can could should would will may "
    "might must not but also just only more most less very some any each every all one two "
    "has have had does did use used using uses like such these those there here about".split()
)
# Head nouns a name may carry or drop without naming something else.
_HEADS = (
    "prompting",
    "mechanism",
    "function",
    "method",
    "technique",
    "algorithm",
    "approach",
    "model",
    "layer",
    "loss",
    "trick",
    "strategy",
)


class Union:
    """Names joined into one concept (a union-find over their keys)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def content_words(definitions: list[Definition]) -> dict[str, set[str]]:
    """The content words of every definition of each key: what merges compare."""
    said: dict[str, set[str]] = defaultdict(set)
    for definition in definitions:
        words = {w.lower() for w in WORDS.findall(definition.text)} - FUNCTION_WORDS
        said[concept_key(definition.term)] |= words - {concept_key(definition.term)}
    return said


def _agree(first: str, second: str, said: dict[str, set[str]], least: int = 3) -> bool:
    """Two keys' definitions say the same thing: `least` content words in common, or a
    third of the shorter one's."""
    a, b = said.get(first, set()), said.get(second, set())
    if not a or not b:
        return False
    common = len(a & b)
    return common >= least or common / min(len(a), len(b)) >= 0.3


def merge_heads(union: Union, keys: list[str], said: dict[str, set[str]]) -> None:
    """`few-shot` joins `few-shot prompting`, `softmax` joins `softmax function`: a name and
    the same name with a generic head noun, when their definitions agree."""
    known = set(keys)
    for key in keys:
        for head in _HEADS:
            if key.endswith(head) and len(key) > len(head) + 2:
                shorter = key[: -len(head)]
                if shorter in known and _agree(key, shorter, said):
                    union.union(key, shorter)


def merge_typos(union: Union, forms: dict[str, Counter[str]], said: dict[str, set[str]]) -> None:
    """`finetunning` joins `finetuning`, `guassian` joins `gaussian`: one edit apart (a
    letter added, dropped, changed, or two next to each other swapped), long words, same
    ending, the same numbers, and definitions that agree (two real words a letter apart
    stay apart; so do "Deep Network" and "Deep Q Network", a word apart)."""
    from rapidfuzz.distance import OSA  # Levenshtein's edits and a swap of two neighbours

    long_keys = sorted(k for k in forms if len(k) >= _TYPO_MIN_LENGTH)
    buckets: dict[str, list[str]] = defaultdict(list)
    for key in long_keys:
        buckets[key[:3]].append(key)
    for bucket in buckets.values():
        for index, first in enumerate(bucket):
            for second in bucket[index + 1 :]:
                if abs(len(first) - len(second)) > 1 or first[-2:] != second[-2:]:
                    continue
                if OSA.distance(first, second, score_cutoff=1) > 1:
                    continue
                if [c for c in first if c.isdigit()] != [c for c in second if c.isdigit()]:
                    continue  # "Tier 1 ISPs" and "Tier 2 ISPs", "GPT-3" and "GPT-4": two things
                if _agree(first, second, said, least=1) and not _word_apart(
                    forms[first], forms[second]
                ):
                    union.union(first, second)


def _word_apart(first: Counter[str], second: Counter[str]) -> bool:
    """Some spelling of one name is another's with one whole word more ("Deep Network",
    "Deep Q Network"): two names, not a typo."""
    for a in first:
        for b in second:
            short, long = sorted((a.lower().split(), b.lower().split()), key=len)
            if len(long) == len(short) + 1 and any(
                long[:i] + long[i + 1 :] == short for i in range(len(long))
            ):
                return True
    return False


def expansions_apart(pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Of the (acronym, expansion) `pairs` a vault spells out, the keys of those not to join:
    an acronym spelled out two ways that share no word ("ML": machine learning and maximum
    likelihood; "NN": neural networks and noun) names two things, and keeps the expansion
    said most often (the first one on a tie)."""
    spelled: dict[str, Counter[str]] = defaultdict(Counter)
    words: dict[str, set[str]] = {}
    for short, long in pairs:
        key, long_key = concept_key(short), concept_key(long)
        if key and long_key:
            spelled[key][long_key] += 1
            said = set(WORDS.findall(long.lower())) - FUNCTION_WORDS
            words.setdefault(long_key, {concept_key(word) for word in said})  # (networks: network)
    apart: set[tuple[str, str]] = set()
    for key, longs in spelled.items():
        if len(longs) > 1:
            kept = longs.most_common(1)[0][0]
            apart |= {(key, long) for long in longs if not words[long] & words[kept]}
    return apart
