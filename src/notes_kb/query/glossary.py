"""Definitions from every note merged into one entry per concept, best definition first. Pure.

Variants of one concept share a key: case, plural, hyphen or space (`fine-tuning`,
`finetuning`), an acronym and its expansion (`RAG`), and a one-letter typo in a long word
(`finetunning`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from notes_kb.model import Definition, Note
from notes_kb.parse.inline import LINK_OPEN, resolve_links
from notes_kb.parse.keys import concept_key, definition_rank
from notes_kb.query.joins import (
    FUNCTION_WORDS,
    WORDS,
    Union,
    content_words,
    expansions_apart,
    merge_heads,
    merge_typos,
)

if TYPE_CHECKING:
    from notes_kb.parse.definitions import Alias


@dataclass(frozen=True)
class Entry:
    """One concept: its display name, other names, and definitions best first."""

    term: str
    key: str
    aliases: tuple[str, ...]
    definitions: tuple[Definition, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


def build_glossary(notes: Iterable[Note]) -> list[Entry]:
    """Find and merge every definition in the notes; entries sorted A to Z."""
    from notes_kb.parse.definitions import find_definitions

    notes = list(notes)
    definitions: list[Definition] = []
    aliases: list[Alias] = []
    for note in notes:
        found, pairs = find_definitions(note)
        definitions.extend(found)
        aliases.extend(pairs)
    return merge(definitions, aliases, notes)


def merge(definitions: list[Definition], aliases: list[Alias], notes: list[Note]) -> list[Entry]:
    """One entry per concept from every note's definitions; `notes` give link titles and
    tell which note is about which term."""
    link_titles = {note.fname.casefold(): note.title for note in notes}
    definitions = [
        replace(d, text=resolve_links(d.text, link_titles)) if LINK_OPEN in d.text else d
        for d in definitions
    ]
    titles = {note.id: concept_key(note.title) for note in notes}
    definitions = _without_labels(definitions, set(titles.values()), notes)
    # "| `ai-engineering.glossary` | One-line definitions |": a note's hierarchy name with
    # what it holds is a list of notes, not a term
    files = {
        ".".join(note.segments[:end]).casefold()
        for note in notes
        for end in range(2, len(note.segments) + 1)
    }
    definitions = [d for d in definitions if d.term.casefold() not in files]
    segments = {note.id: concept_key(note.segments[-1]) for note in notes}
    union = Union()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for definition in definitions:
        key = concept_key(definition.term)
        if key:
            union.find(key)
            forms[key][definition.term] += 2  # a defined form outweighs an alias form
    defined = set(forms)
    apart = expansions_apart([(a.short, a.long) for a in aliases if spelled_out(a.long, a.short)])
    for alias in aliases:
        short, long = concept_key(alias.short), concept_key(alias.long)
        if short and long and (short in defined or long in defined) and (short, long) not in apart:
            union.union(short, long)
            forms[short][alias.short] += 1
            forms[long][alias.long] += 1
    said = content_words(definitions)
    merge_typos(union, forms, said)
    merge_heads(union, list(forms), said)

    groups: dict[str, list[str]] = defaultdict(list)
    for key in forms:
        groups[union.find(key)].append(key)
    by_group: dict[str, list[Definition]] = defaultdict(list)
    for definition in definitions:
        key = concept_key(definition.term)
        if key:
            by_group[union.find(key)].append(definition)

    entries: list[Entry] = []
    for root, keys in groups.items():
        found = by_group.get(root)
        if not found:
            continue  # an acronym pair nobody defined is not a glossary entry
        term = _display_name(keys, forms)
        counts: Counter[str] = Counter()
        for k in keys:
            counts.update(forms[k])
        names: dict[str, str] = {}
        for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] != kv[0].lower())):
            names.setdefault(name.casefold(), name)  # most used casing, lower case on a tie
        others = tuple(
            sorted((n for f, n in names.items() if f != term.casefold()), key=str.casefold)
        )
        keyset = set(keys)

        def rank(d: Definition, keyset: set[str] = keyset) -> tuple[float, str, int]:
            about = titles.get(d.note) in keyset or segments.get(d.note) in keyset
            return (definition_rank(d.kind, about, d.path), d.path, d.line)

        best_per_note: dict[str, Definition] = {}
        for definition in sorted(found, key=rank):
            best_per_note.setdefault(definition.note, definition)
        ranked = tuple(sorted(best_per_note.values(), key=rank))
        entries.append(Entry(term=term, key=root, aliases=others, definitions=ranked))
    entries.sort(key=lambda e: (e.term.casefold(), e.term))
    return entries


# Forms where a label can pass for a term: a word before a colon or a dash, a bold lead.
_LEADS = frozenset(["colon-bullet", "colon-line", "dash-bullet", "glossary-bullet", "bold-lead"])
_LABEL_NOTES = 3  # a lead in this many notes, saying unrelated things each time, is a label
_RELATED_SHARE = 0.1  # the share of its texts' pairs that may say related things by chance
_TEMPLATE_NOTES = 5  # a lead in this many notes, ending on a label's word, is a template's
_LABEL_SAMPLE = 40  # the notes whose texts are compared, at most
_HEADINGS = frozenset(["heading", "section"])
_FIELD_NOTES = 4  # a heading defining in this many notes heads a template's section


def _without_labels(
    definitions: list[Definition], titled: set[str], notes_of_vault: list[Note]
) -> list[Definition]:
    """The vault's own labels, learnt from it: a short lead the author writes in three notes
    or more, each time before something unrelated ("Pitfall: ...", "Instructor: ...",
    "Mechanism: ..."), is how this author labels a line, not a term. A term defined in several
    notes says related things each time, and stays; so does one with a note of its own (its
    title's key is in `titled`), or one a note's title opens or ends with ("Tools" beside
    "Tools in LangChain"). A heading defining in four notes or more heads a section of the
    author's template, explaining each note's own subject, and defines nothing."""
    from notes_kb.parse.definitions.labels import is_label  # the finder's, loaded with it
    from notes_kb.parse.definitions.openings import named

    notes: dict[str, dict[str, list[Definition]]] = defaultdict(dict)
    headed: dict[str, set[str]] = defaultdict(set)
    for definition in definitions:
        if definition.kind in _LEADS and len(definition.term.split()) <= 2:
            key = concept_key(definition.term)
            notes[key].setdefault(definition.note, []).append(definition)
        elif definition.kind in _HEADINGS:
            headed[concept_key(definition.term)].add(definition.note)
    # "## Evaluation Function:" over each metric's formula, in note after note: a section of
    # the author's template, explaining each note's own subject
    # (a term with a note of its own keeps that note's heading: "#### Activation Function:"
    # over the formula of Sigmoid.md, ReLU.md, ... is the template's, "Activation function.md"
    # the term's)
    fields = {key for key, found in headed.items() if len(found) >= _FIELD_NOTES}
    if fields:
        about = {n.id: concept_key(n.title) for n in notes_of_vault} if fields & titled else {}
        definitions = [
            d
            for d in definitions
            if not (
                d.kind in _HEADINGS
                and concept_key(d.term) in fields
                and about.get(d.note) != concept_key(d.term)
            )
        ]
    labels: set[str] = set()
    for key, by_note in notes.items():
        if len(by_note) < _LABEL_NOTES or key in titled:
            continue
        first = next(iter(by_note.values()))[0].term
        if " " not in first and named(first):
            continue  # "LLMs", "Word2Vec", "GPT-4": a name by its shape labels no line
        if len(by_note) >= _TEMPLATE_NOTES and is_label(first.rsplit(" ", 1)[-1]):
            labels.add(key)  # "Real-world context:", "Transfer question:" in note after note
            continue
        own = _stems(first)
        said = [_stems(found[0].text) - own for found in by_note.values()]
        # "Forget gate: Determines what information should be discarded" and "...: Removes
        # unnecessary information": a name of two words, one word in common (by its stem),
        # is one subject each time; one word ("Objective", "Storage") is a label unless two
        # of its texts share two words ("Tools: ... custom tool creation", "...: created")
        least = 1 if " " in first.strip() else 2
        said = said[:_LABEL_SAMPLE]  # (each pair is compared: a bounded number)
        pairs = [(a, b) for i, a in enumerate(said) for b in said[i + 1 :]]
        # a few pairs in many may share two words by chance ("✨ **Bit**: ..." opens 40 of
        # one author's notes with a different quip each time): most must, for a subject
        if sum(len(a & b) >= least for a, b in pairs) <= len(pairs) * _RELATED_SHARE:
            labels.add(key)
    if labels:  # (rare: the titles' words are keyed only then)
        labels -= {concept_key(w) for n in notes_of_vault for w in _title_ends(n.title)}
    if not labels:
        return definitions
    return [d for d in definitions if not (d.kind in _LEADS and concept_key(d.term) in labels)]


def _title_ends(title: str) -> list[str]:
    """The first and last words of a title of two words or more."""
    words = title.split()
    return [words[0], words[-1]] if len(words) > 1 else []


def _stems(text: str) -> set[str]:
    """The content words of a text, each cut to its first five letters: `discard` and
    `discarded`, `vector` and `vectors` are one."""
    return {w.lower()[:5] for w in WORDS.findall(text) if w.lower() not in FUNCTION_WORDS}


def _display_name(keys: list[str], forms: dict[str, Counter[str]]) -> str:
    """The most used spelling (an acronym's singular over its plural); a name's capitals
    inside it ("LoRA", "LLM") whenever the author wrote them; else lower case when the
    author also wrote it so."""
    spellings: Counter[str] = Counter()
    cased: dict[str, Counter[str]] = defaultdict(Counter)
    for key in keys:
        for form, count in forms[key].items():
            spellings[form.casefold()] += count
            cased[form.casefold()][form] += count
    best = max(spellings, key=lambda f: (spellings[f], -len(f), f))
    if best.endswith("s") and best[:-1] in spellings and any(v[:-1].isupper() for v in cased[best]):
        best = best[:-1]  # "DQNs" and "DQN": an acronym is named in the singular
    variants = cased[best]
    named = {v: n for v, n in variants.items() if any(ch.isupper() for ch in v[1:])}
    if named:  # "LoRA", "LLM" over a file name's "lora", "llm": a name keeps its capitals
        return max(named, key=lambda v: (named[v], v))
    if best in variants:
        return best
    return max(variants, key=lambda v: (variants[v], v))


def find_entry(entries: list[Entry], query: str) -> Entry | None:
    """The entry whose term or alias is the query, in any spelling variant."""
    key = concept_key(query)
    if not key:
        return None
    for entry in entries:
        if key == entry.key or any(concept_key(name) == key for name in entry.names):
            return entry
    for entry in entries:  # "key-value cache" for "KV cache": an acronym spelled out
        if any(spelled_out(query, name) or spelled_out(name, query) for name in entry.names):
            return entry
    return None


def spelled_out(long: str, short: str) -> bool:
    """`long` is `short` with its acronym words written out: "key-value cache" / "KV cache"."""
    from notes_kb.parse.definitions.acronyms import spells

    words, names = long.split(), short.split()
    acronyms = [i for i, w in enumerate(names) if len(w) > 1 and w.isupper()]
    if len(acronyms) != 1 or len(words) < len(names):
        return False
    at = acronyms[0]
    head, tail = names[:at], names[at + 1 :]
    if [w.casefold() for w in words[: len(head)]] != [w.casefold() for w in head]:
        return False
    if tail and concept_key(" ".join(words[len(words) - len(tail) :])) != concept_key(
        " ".join(tail)
    ):
        return False
    middle = words[len(head) : len(words) - len(tail)]
    return bool(middle) and spells(middle, names[at].lower())


def suggest_terms(entries: list[Entry], query: str, limit: int = 3) -> list[str]:
    from notes_kb.query.resolve import suggest

    names = {name: entry.term for entry in entries for name in entry.names}
    lowered = query.casefold()
    initials = "".join(word[0] for word in lowered.replace("-", " ").split())
    found: list[str] = []
    for name in suggest(query, list(names), limit=limit * 3, cutoff=70):
        folded = name.casefold()
        if 2 * len(name) < len(query) and folded != initials and not lowered.startswith(folded):
            continue  # "BPE" for "beam search": a few shared letters ("token" for "tokenizaton"
            # is its start)
        if len(name) > 2 * len(query) and not _word_like(folded, lowered):
            continue  # "Generative Representational Instruction Tuning" for "struct": letters
            # inside a word of a long name, not one of its words
        if names[name] not in found:
            found.append(names[name])
    return found[:limit]


def _word_like(name: str, query: str) -> bool:
    """A word of `name` starts as the query's first word does and is spelled close to it
    ("Data Structures" for "struct", "Multi-head attention" for "atention")."""
    from rapidfuzz import fuzz

    first = (query.split() or [""])[0]
    return any(
        word[:2] == first[:2] and fuzz.ratio(first, word[: len(first) + 2]) >= 70
        for word in name.replace("-", " ").split()
    )


def filter_prefix(entries: list[Entry], prefix: str | None) -> list[Entry]:
    if not prefix:
        return entries
    folded = prefix.casefold()
    return [e for e in entries if any(n.casefold().startswith(folded) for n in e.names)]
