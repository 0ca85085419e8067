"""Acronyms and their expansions: `retrieval-augmented generation (RAG)`, `SFT (supervised
finetuning)`, `RLHF stands for ...`. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from notes_kb.parse.patterns import compiled

ACRONYM = r"[A-Z][A-Za-z0-9&]*[A-Z0-9]s?"
_CLIPPED_NAME = r"[A-Za-z]{2,}[24][A-Za-z]{2,}"  # "seq2seq": clipped words joined by 2 or 4
_AN_ACRONYM = compiled(ACRONYM)  # compiled once: every candidate term is tried
_NOT_LETTER = compiled(r"[^A-Za-z0-9]")
_CLAUSE_END = compiled(r"[,;:.(]")
_WORD_PARTS = compiled(r"[-/]")  # `retrieval-augmented` spells two letters
_SMALL = frozenset(["a", "an", "the", "of", "for", "from", "to", "in", "on", "and", "with", "by"])


@dataclass(frozen=True)
class Alias:
    """An acronym and its expansion seen together: `retrieval-augmented generation (RAG)`,
    or two names given as one: `nucleus sampling, also called top-p`."""

    short: str
    long: str
    note: str
    path: str
    line: int


def acronym_expansion(words: str, acronym: str) -> str | None:
    """The shortest tail of `words` whose initials spell the acronym, or None.

    Hyphenated words count each part (`retrieval-augmented generation` is RAG), small words
    may be skipped (`reinforcement learning from human feedback` is RLHF), and a plural `s`
    on the acronym is ignored.
    """
    letters = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
    letters = _NOT_LETTER.sub("", letters).lower()
    tokens = words.split()
    if _CLIPPED.fullmatch(acronym):  # the 2 stands for "to", the 4 for "for"
        return _clipped_expansion(tokens, acronym.lower())
    for size in range(1, min(len(tokens), len(letters) + 4) + 1):
        tail = tokens[-size:]
        if tail[0].lower() in _NO_OPENING:
            continue  # "an LLM (like Llama-3.2)": an example after a preposition, no name
        if size == 1 and _NOT_LETTER.sub("", tail[0]).lower() == letters:
            continue  # "ML" spells ML: the acronym again, not what it stands for
        if spells(tail, letters):
            return " ".join(tail)
    return None


_NO_OPENING = frozenset(
    "a an the and or of like such as via using with for in on by to from e.g. eg".split()
)


def _capitals_spell(word: str, letters: str) -> bool:
    """A word's capitals spell the acronym: "BatchNorm" is BN."""
    return "".join(ch for ch in word if ch.isupper()).lower() == letters


_CLIPPED = compiled(_CLIPPED_NAME)
_DIGIT = compiled(r"([24])")
_CONNECTORS = {"2": "to", "4": "for"}


def _clipped_expansion(tokens: list[str], short: str) -> str | None:
    """The tail of `tokens` that "seq2seq" clips: "Sequence-to-sequence", "sequence to
    sequence" (each clipped piece opens its word, the digit stands for "to" or "for")."""
    head, digit, tail = _DIGIT.split(short, maxsplit=1)
    wanted = [head, _CONNECTORS[digit], tail]
    for size in range(1, min(len(tokens), 3) + 1):
        parts = [p.lower() for w in tokens[-size:] for p in _WORD_PARTS.split(w) if p]
        if (
            len(parts) == 3
            and parts[1] == wanted[1]
            and parts[0].startswith(wanted[0])
            and parts[2].startswith(wanted[2])
        ):
            return " ".join(tokens[-size:])
    return None


def leading_expansion(term: str, text: str) -> str | None:
    """`BPE: byte pair encoding, a method ...`: the definition opens with the expansion."""
    term = term.strip().strip("*_")
    if not _AN_ACRONYM.fullmatch(term):
        return None
    head = _CLAUSE_END.split(text, maxsplit=1)[0].split()
    letters = term[:-1].lower() if term.endswith("s") else term.lower()
    opening = [part for part in _WORD_PARTS.split(head[0]) if part][:1] if head else []
    if opening and opening[0].lower()[0] != letters[0] and opening[0].lower() not in _SMALL:
        return None  # every phrase tried opens with this word, which can give no first letter
    if head and _NOT_LETTER.sub("", head[0]).lower() in (letters, term.lower()):
        return None  # "ML systems are ...": the text opens with the acronym, not its expansion
    for size in range(min(len(head), 8), 0, -1):  # the whole phrase before any comma
        if size == 1 and not _WORD_PARTS.search(head[0]) and not _capitals_spell(head[0], letters):
            continue  # "AI: Applications performing ...": one word holds the letters only
        if spells(head[:size], letters):
            return " ".join(head[:size])
    return None


def spells(words: list[str], letters: str) -> bool:
    """The words' initials (hyphen parts count, small words may be skipped) spell `letters`;
    one word may give two letters (`LoRA` from `Low-Rank Adaptation`)."""
    parts: list[str] = []
    later: set[int] = set()  # a hyphenated word's second part on: it may give no letter
    for word in words:
        for n, piece in enumerate(p for p in _WORD_PARTS.split(word) if p):
            if n:
                later.add(len(parts))
            parts.append(piece)

    def walk(i: int, j: int) -> bool:
        if j == len(letters):
            return all(k in later for k in range(i, len(parts)))
        if i == len(parts):
            return False
        part = parts[i].lower()
        if i in later and walk(i + 1, j):
            return True  # "Russian-language" gives the R of CEDR
        if part[0] == letters[j] and walk(i + 1, j + 1):
            return True
        if (
            len(part) > 1
            and part[0] == letters[j]
            and j + 1 < len(letters)
            and letters[j + 1] in part[1:]
            and walk(i + 1, j + 2)
        ):
            return True
        return part in _SMALL and walk(i + 1, j)

    return walk(0, 0)


_PAREN_ACRONYM = compiled(rf"\((?P<short>{ACRONYM}|{_CLIPPED_NAME})\)")
_WORDS_BACK = 160  # characters read back from an acronym in brackets


def words_before(text: str, end: int) -> str:
    r"""Up to nine words (letters, digits, `_`, `'`, `-`) just before `end`, apart by
    whitespace only, as written: what `(?:[\w'-]+\s+){0,8}[\w'-]+\s*$` finds in the 160
    characters before `end`, read from the end once (searched from the left, the pattern
    was tried at every character: 3.5 s for a paragraph of 30,000 acronyms)."""
    window = text[max(0, end - _WORDS_BACK) : end]
    stop = len(window.rstrip())
    begin = position = stop
    for _ in range(9):
        start = position
        while start and (window[start - 1].isalnum() or window[start - 1] in "_'-"):
            start -= 1
        if start == position:
            break
        begin = start
        position = start
        while position and window[position - 1].isspace():
            position -= 1
        if position == start:
            break
    return window[begin:stop]


_SHORT_LONG = compiled(rf"\b(?P<short>{ACRONYM})\s+\((?P<long>[^()\n]{{3,80}})\)")
_SHORT_LONG_END = compiled(r"[A-Z0-9]s?\s+\([^()\n]{3,80}\)")  # quick: where one may be


def bracketed_pairs(text: str) -> list[tuple[str, str, int]]:
    """Every acronym and expansion a text pairs in brackets, with where: "retrieval-augmented
    generation (RAG)" (the acronym first, then the words before it), "SFT (supervised
    finetuning)"."""
    found: list[tuple[str, str, int]] = []
    if "(" not in text:
        return found
    for match in _PAREN_ACRONYM.finditer(text):
        before = words_before(text, match.start())
        expansion = before and acronym_expansion(before, match.group("short"))
        if expansion:
            found.append((match.group("short"), expansion, match.start()))
    for match in _SHORT_LONG.finditer(text) if _SHORT_LONG_END.search(text) else ():
        long = match.group("long").strip()
        if acronym_expansion(long, match.group("short")) == long:
            found.append((match.group("short"), long, match.start()))
    return found


_STANDS_FOR = compiled(rf"^(?P<short>{ACRONYM})\s+stands for\s+(?P<long>[^.,;()\n]+)")
_ACRONYM_OF = compiled(
    rf"^(?P<short>{ACRONYM}):\s*(?:an?\s+)?(?:acronym|abbreviation)\s+(?:of|for)\s+"
    r"(?P<long>[^.,;()\n]+)"
)


# "IID = independently and identically distributed", "CTE := common table expression"
# (a wikilink's marks around the acronym: "[[IID]] = ...")
_EQUALS = compiled(
    rf"^\ue000?(?P<short>{ACRONYM})\ue001?\s*(?:=|:=|≡)\s*(?P<long>[A-Za-z][A-Za-z' -]+)"
)
_EQUALS_SEEN = compiled(rf"\b{ACRONYM}\ue001?\s*(?:=|:=|≡)\s*[A-Za-z]")  # where one may be


def may_spell_out(text: str) -> bool:
    """A text that may say what an acronym stands for (stands_for reads its sentences)."""
    return (
        "stands for" in text
        or "acronym" in text
        or "abbreviation" in text
        or (("=" in text or "≡" in text) and _EQUALS_SEEN.search(text) is not None)
    )


def stands_for(sentence: str) -> tuple[str, str] | None:
    """The acronym and expansion a sentence spells out: "RLHF stands for reinforcement
    learning from human feedback", "LLM: an acronym for large language model", "IID =
    independently and identically distributed" (the words after "=" must spell it: not
    "TP = true" alone, nor "LR = 0.1")."""
    stands = _STANDS_FOR.match(sentence) or _ACRONYM_OF.match(sentence)
    if stands:
        return stands.group("short"), stands.group("long").strip()
    equals = _EQUALS.match(sentence)
    if equals is None:
        return None
    short, words = equals.group("short"), equals.group("long").split()
    sizes = range(min(len(words), 8), 1, -1)
    # each word's initial first ("identically" may give I and D, but here it gives one)
    for strict in (True, False):
        for count in sizes:
            said = " ".join(words[:count]).rstrip(" -")
            if spelt_out(said, short, strict):
                return short, said
    return None


def spelt_out(words: str, acronym: str, strict: bool = False) -> bool:
    """The words spell the acronym out, all of them: one initial each (small words
    skipped: "independently and identically distributed" is IID) or, unless `strict`, as
    acronym_expansion reads them ("Low-Rank Adaptation" is LoRA)."""
    pieces = (piece for word in words.split() for piece in _WORD_PARTS.split(word) if piece)
    initials = "".join(piece[0] for piece in pieces if piece.lower() not in _SMALL)
    if initials.lower() == _NOT_LETTER.sub("", acronym).lower():
        return True
    return not strict and acronym_expansion(words, acronym) == words
