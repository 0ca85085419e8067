"""Cheaper code holds to what it replaced: each quick path gives what the slow one gave."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from notes_kb.parse.keys import NOT_KEY, concept_key, singular

_SPLIT = re.compile(r"[\s\-_/]+")
_BRITISH = re.compile(r"is(ation|ations|er|ers|ing|ed)$")

# letters that case-fold or decompose unlike their ASCII look-alikes, with ASCII around them
_TERM_CHARS = [*"aZs_-/ @.'2\u00e9\u0301\ufb01\u00df\u0130\u017fK\u212a\t\n", "ation", "iser", "es"]


def _concept_key_before(term: str) -> str:
    """concept_key's full path: every term decomposed and stripped of accents, its last word
    singular (`GPUs` before it is `gpus`), then case-folded."""
    text = unicodedata.normalize("NFKD", term)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = [re.sub(r"[^\w@]", "", word) for word in _SPLIT.split(text.strip())]
    words = [word for word in words if word]
    if not words:
        return ""
    words[-1] = singular(words[-1])
    words = [word.casefold() for word in words]
    return "".join(_BRITISH.sub(r"iz\1", word) if len(word) > 6 else word for word in words)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_TERM_CHARS), max_size=12).map("".join))
def test_concept_key_quick_path_for_ascii_is_the_full_one(term: str) -> None:
    """An ASCII term's key, made without decomposing it, is the key the full path makes."""
    assert concept_key.__wrapped__(term) == _concept_key_before(term)
    assert NOT_KEY.pattern == r"[^\w@]"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab$()FN 1:")), max_size=30))
def test_a_name_without_a_dollar_holds_no_math_acronym(term: str) -> None:
    """The leads read a name for `$(FN)$` only where it holds a "$": no other name has one."""
    from notes_kb.parse.definitions.leads import _MATH_NAME

    if "$" not in term:
        assert _MATH_NAME.sub(r"(\1)", term) == term


_PIECES = [*"ab (,)\n", "also called", "aka", " or "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_another_name_needs_a_comma_or_a_bracket(sentence: str) -> None:
    """also_known_as reads only sentences with a comma or a bracket: no other has a match."""
    from notes_kb.parse.definitions.called import _ALSO, _ALSO_SAID, also_known_as

    said = _ALSO.match(sentence) if _ALSO_SAID.search(sentence) else None
    assert also_known_as(sentence) == ((said.group("a"), said.group("b")) if said else None)


# pieces of items: the words the sentence forms look for, and text around them
_ITEM_PIECES = [
    *"aX .,(:\n",
    "An ",
    " is ",
    " are ",
    "a kind of ",
    "called",
    "Called ",
    "This is known as",
    " means ",
    ", which ",
    "refers to",
    "Termed ",
    "e.g. ",
    "! ",
    "Also ",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ITEM_PIECES), max_size=14).map("".join), st.booleans())
def test_an_item_left_unsplit_has_no_sentence_a_form_reads(text: str, preceding: bool) -> None:
    """An item that item_read turns down has no sentence the sentence forms would read."""
    from notes_kb.parse.definitions.called import names_before
    from notes_kb.parse.definitions.sentences import item_read, says_kind, triggered
    from notes_kb.parse.definitions.split import split_sentences

    if item_read(text, preceding):
        return
    for sentence in split_sentences(text, False):
        assert not triggered(sentence)
        assert not sentence.startswith("An ")
        assert not says_kind(sentence)
        assert not (preceding and names_before(sentence))


_CELL_CHARS = [
    *"a Z~!\t\n\r\x07\x08\x0b\x0c\x1b\x7f\x85\u00e9\u200d\ufe0f\u4e2d\u2400",
    *"\u00a0\u00ad\u00ef\u02ff\u0300\u0301",  # Latin, and the first combining marks
    "😀",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CELL_CHARS), max_size=12).map("".join))
def test_cells_and_kept_characters_are_rich_s(text: str) -> None:
    """The terminal width `output.cells` and `widest` give, and the characters a `Line`
    keeps, are what Rich's `cell_len` and `Text` give, for printable ASCII and anything."""
    from rich.cells import cell_len
    from rich.text import Text

    from notes_kb.cli.lines import Line
    from notes_kb.cli.output import cells, widest

    assert cells(text) == cell_len(text)
    assert widest([text, "ab", ""]) == max(cell_len(text), 2)
    assert Line(text).plain == Text(text).plain
    assert Line().append(text).plain == Text().append(text).plain


def test_every_character_below_u0300_takes_the_cells_rich_says() -> None:
    """`output.cells` counts a character below U+0300 (Latin, IPA) as one cell without Rich:
    Rich's `cell_len` agrees for each of them, alone and after a letter."""
    from rich.cells import cell_len

    from notes_kb.cli.output import cells

    for code in range(0x300):
        assert cells(chr(code)) == cell_len(chr(code)), hex(code)
        assert cells(f"a{chr(code)}") == cell_len(f"a{chr(code)}"), hex(code)
