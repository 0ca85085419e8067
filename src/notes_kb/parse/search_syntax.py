"""The search box's syntax: query text -> terms. Pure text in, data out, no SQL.

Words are ANDed; `"a phrase"`, `OR`, `-word` (or `NOT word`) and `prefix*` work as in a
search engine and unknown syntax is just words. Text without spaces in a CJK script becomes a
substring term.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from notes_kb.errors import BadOptionError

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
# compiled (by `re`'s cache) for the first text that is not ASCII: a class this wide takes
# 2 ms to compile, which every search paid when this module loaded
_CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Term(NamedTuple):
    """One piece of a query, as the index will be asked for it."""

    text: str
    kind: str  # "word", "phrase", "prefix", "substring"
    negated: bool = False
    or_next: bool = False  # joined to the next term by OR


MAX_TERMS = 100  # FTS5 slows down past a few hundred ANDed terms; no real query needs them


def parse_query(query: str) -> list[Term]:
    """Split a query into terms; unknown syntax is just words."""
    terms: list[Term] = []
    negate_next = False  # `NOT word` is `-word`: a minus is hard to type after a command
    for match in _TOKEN.finditer(query):
        phrase, word = match.group(1), match.group(2)
        if word == "OR" and terms:
            terms[-1] = Term(terms[-1].text, terms[-1].kind, terms[-1].negated, or_next=True)
            continue
        if word == "NOT":
            negate_next = True
            continue
        if word == "AND" or (phrase is not None and not phrase.strip()):
            continue
        negated, negate_next = negate_next, False
        if word and word.startswith("-") and len(word) > 1:
            negated, word = True, word[1:]
        text = phrase if phrase is not None else word or ""
        text = _CONTROL.sub(" ", text).strip()  # a NUL would end FTS5's string early
        if not text or not _searchable(text):
            continue
        if not text.isascii() and re.search(_CJK, text):
            kind = "substring"
        elif phrase is not None:
            kind = "phrase"
        elif text.endswith("*") and len(text.rstrip("*")) > 0:
            kind, text = "prefix", text.rstrip("*")
        else:
            kind, text = "word", text.strip("*")
        term = Term(text, kind, negated)
        if term in terms and not terms[-1].or_next:
            continue  # "token token token": one condition, however often it is typed
        terms.append(term)
        if len(terms) > MAX_TERMS:
            raise BadOptionError(f"a query of at most {MAX_TERMS} different words, please")
    if terms and terms[-1].or_next:
        last = terms[-1]
        terms[-1] = Term(last.text, last.kind, last.negated)
    return terms


def join_arguments(arguments: list[str]) -> str:
    """Shell words -> one query; a word with spaces was quoted in the shell: a phrase."""
    return " ".join(
        f'"{a}"' if any(c.isspace() for c in a.strip()) and '"' not in a else a for a in arguments
    )


def _searchable(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def fold(text: str) -> str:
    """Lower case without diacritics, as the unstemmed vocabulary stores words."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))
