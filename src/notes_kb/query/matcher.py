"""Finding concept names in text: word n-grams walked against the index's keys, whole
words only, hyphens and plurals folded, Chinese read a character at a time. Pure."""

from __future__ import annotations

import re

from notes_kb.parse.han import HAN, HAN_CHAR
from notes_kb.parse.keys import NOT_KEY, irregular_plurals, singular
from notes_kb.query.usage import LOOSE

_WORD = re.compile(r"[^\W_]+(?:['’@][^\W_]+)*(?:-[^\W_]+(?:['’@][^\W_]+)*)*")
MAX_WORDS = 8
_HAN_OR_NOT = re.compile(f"[{HAN}]|[^{HAN}]+")


class Matcher:
    """Finds concept names in text by walking word n-grams against known keys.

    Words are split at hyphens into parts, so `fine-tuning`, `fine tuning` and `finetuning`
    all build the key `finetuning`; a match must start and end on whole words. A plural
    counts too, irregular ones (`confusion matrices`, `stopping criteria`) included. A
    lookup key `=mAP` is a name matched only as written (and its plural); a lookup key
    `~power` is found as `~` and the concept's key: a common word, a mention of the
    concept only where the note uses it as the term (query/usage).
    """

    def __init__(self, lookup: dict[str, str]) -> None:
        self.lookup = {key: c for key, c in lookup.items() if not key.startswith(("=", LOOSE))}
        for key, c in lookup.items():  # `~power`: found as `~` and its concept (query/usage)
            if key.startswith(LOOSE):
                self.lookup.setdefault(key[1:], LOOSE + c)
        for key, c in list(self.lookup.items()):  # `confusion matrices` for `confusionmatrix`
            for plural in irregular_plurals(key):
                self.lookup.setdefault(plural, c)
        self.exact = {
            key[1:] + plural: c
            for key, c in lookup.items()
            if key.startswith("=")
            for plural in ("", "s", "es")
        }
        self.folded = {written.casefold() for written in self.exact}
        self.prefixes: set[str] = set()
        for key in self.lookup:
            for variant in (key, key + "s", key + "es"):
                for end in range(1, len(variant) + 1):
                    self.prefixes.add(variant[:end])
        for written in self.folded:
            self.prefixes.update(written[:end] for end in range(1, len(written) + 1))
        # what each word and run of words was found to be, worked out once a run: a vault
        # writes the same words again and again (10,000 notes: 170,000 lines, 60,000 words)
        self.words: dict[str, list[tuple[str, bool, bool]]] = {}
        self.keys: dict[str, str | None] = {}

    def _key(self, joined: str) -> str | None:
        """The concept a whole-word run names: as written, or a plural of it (`kvcaches`
        is `kvcache` plus s, which `singular` alone would cut to `kvcach`)."""
        found = self.lookup.get(joined)
        if found is None and joined.endswith("s"):
            found = self.lookup.get(joined[:-1])
            if found is None and joined.endswith("es"):
                found = self.lookup.get(joined[:-2])
        return found or self.lookup.get(singular(joined))

    @staticmethod
    def _parts(text: str) -> list[tuple[str, bool, bool]]:
        """(part, starts a word, ends a word) of each hyphen-separated piece of each word;
        each Han character is a part of its own that may start or end a word (Chinese puts
        no spaces between words: `注意力机制` is found in `依赖注意力机制`)."""
        parts: list[tuple[str, bool, bool]] = []
        chinese = not text.isascii()
        for word in _WORD.findall(text):
            if chinese and HAN_CHAR.search(word):  # "依赖注意力机制": each character a part
                for piece in _HAN_OR_NOT.findall(word):
                    han = len(piece) == 1 and HAN_CHAR.match(piece) is not None
                    parts.extend([(piece, True, True)] if han else Matcher._parts(piece))
                continue
            pieces = [p for p in word.split("-") if p]
            for index, piece in enumerate(pieces):
                # what a key is made of: letters, digits and @, nothing else
                clean = NOT_KEY.sub("", piece) if not piece.isalnum() else piece
                parts.append((clean, index == 0, index == len(pieces) - 1))
        return parts

    def _written(self, text: str, parts: int, start: int, end: int) -> str | None:
        """The concept named by parts `start` to `end` of `text` as written, case and all."""
        written = self._parts(text)
        if len(written) != parts:  # casefolding changed the words (rare): no exact match
            return None
        return self.exact.get("".join(part for part, _, _ in written[start : end + 1]))

    def _folded_parts(self, text: str) -> list[tuple[str, bool, bool]]:
        """`_parts` of the casefolded text: the parts of each of its words are the parts of
        that word alone."""
        parts: list[tuple[str, bool, bool]] = []
        words = self.words
        for word in _WORD.findall(text.casefold()):
            found = words.get(word)
            if found is None:
                found = words[word] = self._parts(word)
            parts += found
        return parts

    def find(self, text: str) -> list[str]:
        parts = self._folded_parts(text)
        keys, prefixes = self.keys, self.prefixes
        found: list[str] = []
        count = len(parts)
        index = 0
        while index < count:
            first, starts, _ = parts[index]
            if not starts or first not in prefixes:  # most words begin no name
                index += 1
                continue
            best: tuple[int, str] | None = None
            joined = ""
            for end in range(index, min(count, index + MAX_WORDS * 2)):
                part, _, ends = parts[end]
                joined += part
                if joined not in prefixes:
                    break
                if ends:
                    key = keys.get(joined, "")
                    if key == "":
                        key = keys[joined] = self._key(joined)
                    if key is None and joined in self.folded:
                        key = self._written(text, count, index, end)
                    if key:
                        best = (end, key)
            if best is None:
                index += 1
                continue
            if best[1] not in found:
                found.append(best[1])
            index = best[0] + 1
        return found
