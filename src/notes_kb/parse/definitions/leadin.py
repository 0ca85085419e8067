"""A definition that leads into a list is read with the list. "Pandera is a tool that allows
you to:" over `- define a schema` / `- check dataframes at runtime` says nothing until its
items are read: the definition becomes "Pandera is a tool that allows you to: define a
schema; check dataframes at runtime". Pure."""

from __future__ import annotations

from notes_kb.parse.definitions.split import split_sentences
from notes_kb.parse.inline import inline_plain
from notes_kb.parse.patterns import compiled

_ITEM = compiled(
    r"(?P<indent>[ \t]*)(?:(?P<bullet>[-*+])|\d{1,3}(?P<delimiter>[.)]))[ \t]+(?P<text>\S.*)"
)
_FENCE = compiled(r"[ \t]*(?:```|~~~)")
_NOT_WORD = compiled(r"[\W_]+")
_LOOK = 12  # lines from where the definition starts to the line that ends it in a colon
_ITEMS = 6  # items read; more are "…"
_ITEM_CHARS = 90
_LIMIT = 420  # the whole definition, items and all
_STOPS = (".", "!", "?", "…", ")", '"', "”", "$")


def with_list(text: str, lines: list[str], line: int) -> str:
    """`text` (a one-sentence definition found at file line `line`, 1-based, of a note's
    `lines`) with the list it leads into, when it ends its paragraph in a colon and two items
    or more follow, or with the formula it leads into ("The loss is defined as" over
    `$$ ... $$`); else `text` unchanged, or nothing when it is only a name leading into what
    is not there ("The struct is defined as:" over its code). Reads a few dozen lines."""
    listed = _with_list(text, lines, line)
    lead = _LEADS_TO_FORMULA.search(text) if listed == text else None
    return "" if lead and len(text[: lead.start()].split()) <= _BARE_WORDS else listed


_BARE_WORDS = 5  # "The generic non-local operation": a name, its article and no more


def _with_list(text: str, lines: list[str], line: int) -> str:
    if not text or text.endswith(_STOPS) or not 0 < line <= len(lines):
        return text
    if _LEADS_TO_FORMULA.search(text):
        formula = _with_formula(text, lines, line)
        if formula != text:
            return formula
    tail = _NOT_WORD.sub("", text[-40:]).lower()[-24:]
    if len(tail) < 4:
        return text
    colon = _colon_line(lines, line - 1, tail)
    if colon is None:
        return text
    sentences = split_sentences(text)
    if len(sentences) > 1:  # "X is Y. It is trained on:": what X is was said; the lead-in
        return text[: len(text) - len(sentences[-1])].rstrip()  # says no more
    items, more = _items(lines, colon + 1)
    if len(items) < 2:
        return text
    joined = f"{text.rstrip(' -–—')}: {'; '.join(items)}{'; …' if more else ''}"
    if len(joined) > _LIMIT:
        joined = joined[: _LIMIT - 1].rsplit(" ", 1)[0] + " …"
    return joined


def _colon_line(lines: list[str], start: int, tail: str) -> int | None:
    """The line, from `start` on in one paragraph (or, from a heading, in the paragraph under
    it), that ends in a colon after the definition's last words."""
    heading = lines[start].lstrip().startswith("#")
    for index in range(start, min(start + _LOOK, len(lines))):
        raw = lines[index].rstrip()
        if not raw.strip():
            if heading and index == start + 1:
                continue  # "## What is X?", a blank line, then its paragraph
            return None
        if index > start and (_ITEM.fullmatch(raw) or raw.lstrip().startswith("#")):
            return None  # the paragraph ended without a colon
        if _FENCE.match(raw):
            return None
        end = raw.rstrip("*_ \t")
        # "X involves:", "X involves a -" (a dash as the colon, in some notes)
        leads = end.endswith((":", "：", " -", " –", " —"))
        if leads and _NOT_WORD.sub("", end).lower().endswith(tail):
            return index
    return None


def _items(lines: list[str], start: int) -> tuple[list[str], bool]:
    """The first-level items of the list that starts at line `start` (a blank line may come
    before it and between its items), each as a reader sees its first line."""
    items: list[str] = []
    indent: str | None = None
    marker = ""  # "-", "*", "+", or "." / ")" after a number: another starts another list
    index, blanks = start, 0
    while index < len(lines) and index < start + _LOOK * 8:
        raw = lines[index]
        index += 1
        if not raw.strip():
            blanks += 1
            if blanks > 1:
                break
            continue
        blanks = 0
        item = _ITEM.fullmatch(raw.rstrip())
        if item is None:
            if indent is not None and len(raw) - len(raw.lstrip()) > len(indent):
                continue  # the item's next line, or a nested list
            break
        if indent is None:
            indent, marker = item.group("indent"), item.group("bullet") or item["delimiter"]
        elif len(item.group("indent")) > len(indent):
            continue  # a nested item: its parent says enough
        elif item.group("indent") != indent or (item["bullet"] or item["delimiter"]) != marker:
            break
        if len(items) == _ITEMS:
            return items, True
        said = inline_plain(item.group("text")).rstrip(" .;,:：")
        if len(said) > _ITEM_CHARS:
            said = said[: _ITEM_CHARS - 1].rsplit(" ", 1)[0] + "…"
        if said:
            items.append(said)
    return items, False


# the words that stop a sentence where its formula starts: "The recall score is defined as"
DEFINED_AS = r"\b(?:defined|given|computed|calculated|written|expressed) (?:as|by)"
_LEADS_TO_FORMULA = compiled(DEFINED_AS + r"\s*:?$|\bas follows\s*:?$")
_FORMULA_CHARS = 240


def _with_formula(text: str, lines: list[str], line: int) -> str:
    """`text` with the display formula (`$$ ... $$`) that opens the next block after the
    paragraph it ends, when there is one within a few lines."""
    index = line  # the line after the definition's first: the rest of its paragraph
    while index < min(line + _LOOK, len(lines)) and lines[index].strip():
        if lines[index].lstrip().startswith("$$"):
            break  # the formula goes on in the paragraph: "defined as:" then "$$"
        index += 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines) or not lines[index].lstrip().startswith("$$"):
        return text
    block: list[str] = []
    for raw in lines[index : index + _LOOK]:
        block.append(raw.strip())
        joined = " ".join(block)
        if len(joined) > 2 and joined.count("$$") >= 2:
            formula = joined[: joined.index("$$", 2) + 2]
            if len(formula) > _FORMULA_CHARS:
                return text
            return f"{text.rstrip(' :')} {formula}"
    return text
