"""The concept index: where each glossary term, alias and tag is mentioned. Pure.

Like the index at the back of a book: case-insensitive, plural- and hyphen-aware
(`fine-tuning`, `fine tuning`, `finetunings` are one concept), whole words only (the
`training` inside `pre-training` is not a mention of training), never inside code or math. Its
entries are concepts, never generic words ("model", "example", an everyday English word
the vault never makes a topic) or status tags ("todo", "✅"); the most widely used (in the
most notes) come first; a concept's related concepts are those that share its sections
more often than their own frequency explains.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from operator import itemgetter
from typing import TYPE_CHECKING

from notes_kb.model import Note
from notes_kb.parse.inline import plain
from notes_kb.parse.keys import (
    NOT_KEY,
    NUMBERING,
    OWN_NOTE_KINDS,
    PHRASE_ZIPF,
    concept_key,
    everyday_word,
    is_variable,
    singular,
)
from notes_kb.parse.markdown import sections_of
from notes_kb.parse.patterns import compiled
from notes_kb.query.glossary import Entry
from notes_kb.query.lone_words import (
    NO_CONCEPT_ALONE,
    PASSING_ZIPF,
    VaultText,
    adjective_alone,
    everyday_alone,
    plain_word,
    said_in_passing,
)
from notes_kb.query.usage import LOOSE, Hit, loose, span_names, topics_of, used_as_term

if TYPE_CHECKING:
    from notes_kb.query.matcher import Matcher

# Tags that say where a note stands, not what it is about.
STATUS_TAGS = frozenset(
    "todo done wip draft stub seed seedling sprout sapling evergreen inbox review reviewed "
    "status unread read reading toread to-read archive archived idea ideas fleeting literature "
    "permanent moc index hub needs-work incomplete complete in-progress ongoing private public "
    "daily weekly journal meeting meetings question questions zotero anki flashcards".split()
)
_NUMBERISH = compiled(r"^[\d\W_]+$")
_STAMP = compiled(r"\d{8}")  # a date and time, an id: 20210614112135687
_MEASURE = compiled(r"\d+[a-z]")  # a size or a dimension: "2D", "4k", "7B" ("2D images")
_PLACEHOLDER = compiled(r"\{\{[^{}\n]*\}\}")


@dataclass(frozen=True)
class Mention:
    note: str
    path: str
    title: str
    section: str
    line: int
    text: str  # the line, as written


@dataclass
class Concept:
    term: str
    key: str
    names: tuple[str, ...]
    defined: bool
    mentions: list[Mention] = field(default_factory=list)
    related: list[tuple[str, int]] = field(default_factory=list)
    counts: tuple[int, int] | None = None  # (notes, mentions) when mentions are not loaded
    # its name a phrase of everyday words ("existing data"): judged with the table, kept
    # with it, so ranking never loads the word list
    everyday: bool = False

    @property
    def notes(self) -> list[str]:
        return list(dict.fromkeys(m.note for m in self.mentions))

    @property
    def note_count(self) -> int:
        return self.counts[0] if self.counts is not None else len(self.notes)

    @property
    def mention_count(self) -> int:
        return self.counts[1] if self.counts is not None else len(self.mentions)


def build_index(
    notes: Iterable[Note], entries: list[Entry], related_for: Iterable[str] | None = None
) -> list[Concept]:
    """Every glossary entry and tag, with its mentions and related concepts. Related
    concepts cost a pass over every pair of concepts sharing a section: `related_for` names
    the concepts that need them (any spelling; None: all)."""
    notes = list(notes)
    tags = (tag for note in notes for tag in note.tags)
    topics = [(note.title, note.path) for note in notes]
    topics += [(section.heading, note.path) for note in notes for section in sections_of(note)]
    concepts, lookup = concept_table(entries, tags, topics)
    from notes_kb.query.matcher import Matcher  # finding mentions: not a warm `define`

    matcher = Matcher(lookup)
    together: dict[tuple[str, int], set[str]] = defaultdict(set)
    for note in notes:
        for key, section, section_line, line, written in mentions_in(note, matcher):
            concepts[key].mentions.append(
                Mention(note.id, note.path, note.title, section, line, written)
            )
            together[(note.id, section_line)].add(key)
    wanted = None
    if related_for is not None:
        asked = {concept_key(name) for name in related_for}
        wanted = {c.key for c in concepts.values() if asked & {concept_key(n) for n in c.names}}
    _relate(concepts, together, wanted)
    return ranked(concepts.values())


def concept_table(
    entries: list[Entry], tags: Iterable[str], topics: Iterable[tuple[str, str]] = ()
) -> tuple[dict[str, Concept], dict[str, str]]:
    """The concepts (glossary entries worth an index entry, then tags no entry names) by
    key, and the lookup from each of their names' keys to the concept's key. `topics`: the
    vault's note titles and section headings with their notes' paths, each as often as
    written, which make an everyday word a topic."""
    tag_names = {
        tag: re.split(r"[./]", tag)[-1].replace("-", " ").replace("_", " ") for tag in tags
    }
    tagged = {concept_key(name) for name in tag_names.values()}
    topics = list(topics)
    written: Counter[str] = Counter(map(itemgetter(0), topics))
    heads: Counter[str] = Counter()  # how often a name heads a note or a section
    words: dict[str, str] = {}  # a topic of one word -> its key
    for topic, count in written.items():
        name = NUMBERING.sub("", topic)
        if worthy(name) and name.lower() not in _word_lists()[0]:  # "## Pros": a label
            heads[concept_key(name)] += count
            if " " not in name.strip():
                words[topic] = concept_key(name)
    headed_in: dict[str, set[str]] = defaultdict(set)  # a word's key -> the notes it heads in
    for topic, path in topics:
        if topic in words:
            headed_in[words[topic]].add(path)
    named = tagged | set(heads)
    text = VaultText(entries, written)  # (read only for a one-word entry like an adjective)
    concepts: dict[str, Concept] = {}
    lookup: dict[str, str] = {}  # name key -> concept key
    for entry in entries:
        names = tuple(name for name in entry.names if worthy(name) and not _code_phrase(name))
        if not names or _in_passing(entry) or everyday_alone(entry, names, tagged, headed_in):
            continue  # "Training", "Output": a word every note uses, not a concept
        if _template(entry, names, heads):
            continue  # "## Origin of Thought:" in 63 notes: a section of the author's template
        if said_in_passing(entry) and not any(concept_key(n) in named for n in names):
            continue  # "Vectors are a representation of ..." once, in a note on word2vec
        if adjective_alone(entry, text):
            continue  # "- **Dense**: ...": a kind of the terms it opens ("dense retrieval")
        term, every = entry.term, entry.names
        if term not in names and plain_word(term):  # "model" (ML): shown as "ML"
            term, every = names[0], (names[0], *(n for n in every if n != names[0]))
        plain = _everyday_phrase(term)
        concepts[entry.key] = Concept(term, entry.key, every, True, everyday=plain)
        for name in names:
            lookup.setdefault(_looked_up_as(name), entry.key)
    for tag, name in tag_names.items():
        key = concept_key(name)
        if key in concepts or LOOSE + key in lookup or key in lookup:
            continue
        if key and worthy(name) and name.lower() not in STATUS_TAGS:
            # "#programming/machine-learning/reinforcement-learning" is indexed by its leaf
            leaf = re.split(r"[./]", tag)[-1]
            names = (leaf, tag) if leaf != tag else (tag,)
            concepts[key] = Concept(leaf, key, names, False, everyday=_everyday_phrase(leaf))
            lookup[LOOSE + key if loose(name) else key] = key
    return concepts, lookup


def mentions_in(note: Note, matcher: Matcher) -> Iterator[tuple[str, str, int, int, str]]:
    """(concept key, section heading, section line, line, line as written) of each mention
    of a concept in a note's prose."""
    lines = note.source.split("\n")
    hits: list[Hit] = []
    loosely: dict[str, list[Hit]] = {}  # a common word's lines (query/usage)
    sizes: Counter[int] = Counter()  # each section's lines of prose
    for section, section_line, line, text in prose_lines(note):
        sizes[section_line] += 1
        found = matcher.find(text)
        for key in found:
            if key[0] != LOOSE:
                hits.append((key, section, section_line, line, lines[line - 1].strip()))
            elif key[1:] not in found:
                hit = (key[1:], section, section_line, line, lines[line - 1].strip())
                loosely.setdefault(key[1:], []).append(hit)
    topics = topics_of(note, matcher.find) if loosely else set()  # once a note
    names = span_names(matcher.find)  # what each span names, read once a note
    for key, held in loosely.items():
        if used_as_term(key, held, topics, names, sizes):
            hits += held
    if loosely:
        hits.sort(key=lambda hit: hit[3])  # in line order, as read (stable within a line)
    yield from hits


def ranked(concepts: Iterable[Concept]) -> list[Concept]:
    """The index's order: concepts in the most notes first, then the most mentioned, then a
    name with a word of its own before a phrase of everyday words ("existing data"); a
    concept neither mentioned nor defined (a tag of no prose) is left out."""
    found = [c for c in concepts if c.mention_count or c.defined]
    found.sort(key=lambda c: (-c.note_count, -c.mention_count, c.everyday, c.term.casefold()))
    return found


def _everyday_phrase(name: str) -> bool:
    """Two words or more, each an everyday one, none written as a name (`KV`, `GPT-3`); a
    single everyday word is judged when the index is made (lone_words.everyday_alone)."""
    words = name.replace("-", " ").split()
    return len(words) > 1 and all(
        plain_word(word) and everyday_word(word, PHRASE_ZIPF) for word in words
    )


def _code_phrase(name: str) -> bool:
    """An identifier whose words are an everyday phrase (`FOR_EACH`, `depends_on`): the
    matcher reads "for each" in prose as its mention, and code is no prose."""
    return "_" in name.strip("_") and _everyday_phrase(name.replace("_", " ").lower())


# Forms that name a term in passing: a section's heading, a note's title, a field in a list
# or a table. A plain word defined only so ("## Files", "title: your note title") is that
# thing there, not every use of the word across the vault.
_PASSING_FORMS = frozenset(
    "heading section title-note note-subject colon-bullet colon-line dash-bullet paren-bullet "
    "table emphasis bracket appositive".split()
)
_SURE = 1.5  # a definition scoring this or more claims the word wherever it is used


def _in_passing(entry: Entry) -> bool:
    """A plain lowercase word (no capitals inside, hyphen or digit: not `VSCode`, `LoRA`,
    `top-k`) whose every definition is a weak one in a passing form."""
    if not plain_word(entry.term):
        return False
    return all(d.kind in _PASSING_FORMS and d.score < _SURE for d in entry.definitions)


_TEMPLATE_HEADS = 4  # a heading written in this many places heads a template's section
# a heading written in this many places, five times as many as the notes defining it, heads
# a template's section however it is defined
_TEMPLATE_MANY = 10
_OWN_NOTE = OWN_NOTE_KINDS | {"glossary-note"}


def _template(entry: Entry, names: tuple[str, ...], heads: Counter[str]) -> bool:
    """An entry defined only by the text under a heading that the vault writes in four places
    or more ("## Origin of Thought:" in each note of a Zettelkasten), or headed in ten places
    or more and five times as many as it is defined in: a section of the author's template,
    whose every heading would otherwise count as a mention."""
    headed = max(heads[concept_key(name)] for name in names)
    if (
        headed >= _TEMPLATE_MANY
        and len({d.path for d in entry.definitions}) * 5 <= headed
        and not any(d.kind in _OWN_NOTE for d in entry.definitions)
    ):
        return True  # "## Deep Dive" in 84 notes, defined once; not "## Schemas", a note too
    if any(d.kind not in ("heading", "section") for d in entry.definitions):
        return False
    return headed >= _TEMPLATE_HEADS


def _looked_up_as(name: str) -> str:
    """A name's key in the lookup; `=mAP` for a word whose capitals tell it from a common
    word (`mAP`, `HEAD`, `REST`, `CLIP`, `DOE`): only its written form is a mention, "maps",
    "head" and "does" are not; `~power` for a common word, a mention only where a note uses
    it as the term (query/usage)."""
    # (a plural in capitals too: "DOs", whose key "do" every "do" would mention)
    word = name[:-1] if name.endswith("s") and name[:-1].isupper() else name
    if name.isalpha() and not plain_word(name) and everyday_word(word, PASSING_ZIPF):
        return "=" + name
    return LOOSE + concept_key(name) if loose(name) else concept_key(name)


def worthy(name: str) -> bool:
    """A name that can head an index entry: not a generic word, a label, a stop word, a
    number, a numbered item ("File 02"), a single character or a variable (`d2`, `x1`)."""
    text = name.strip().lower()
    if len(text) < 2 or _NUMBERISH.match(text) or not any(ch.isalpha() for ch in text):
        return False
    if is_variable(name) or _STAMP.search(text) or _MEASURE.fullmatch(text):
        return False  # `d1: the food is good`, `Amazon EC2/20210614112135687` (a file's stamp)
    words = [singular(NOT_KEY.sub("", w)) for w in text.replace("-", " ").split()]
    words = [w for w in words if w]  # `main^` is the word `main`, as its key is
    if max(map(len, words), default=0) < 2 and not text.endswith(("+", "#")):
        return False  # "+ O", "x + y", "X̃": symbols and letters, each alone (not "C++")
    if len(words) == 2 and words[1].isdigit() and everyday_word(words[0]):
        return False  # "File 02", "Step 3": an item of a numbered series
    _, no_concept, stop_first = _word_lists()
    if len(words) > 1:  # "final output", "predicted output": generic words only
        return not all(w in no_concept for w in words)
    return not (words[0] in no_concept or text in stop_first)


@cache
def _word_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The definition finder's word lists, loaded at first use: not by a warm `define`."""
    from notes_kb.parse.definitions.labels import LABELS
    from notes_kb.parse.definitions.vocabulary import GENERIC, STOP_FIRST

    return LABELS, GENERIC | LABELS | NO_CONCEPT_ALONE, STOP_FIRST


def _relate(
    concepts: dict[str, Concept],
    together: dict[tuple[str, int], set[str]],
    wanted: set[str] | None = None,
) -> None:
    """Related concepts, ranked by how much more often two share a section than their
    sizes alone would make them (co-occurrence over the geometric mean of their section
    counts), so a concept found everywhere is not everyone's first relative."""
    sections: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for keys in together.values():
        sections.update(keys)
        if wanted is None:
            pairs.update(combinations(sorted(keys), 2))  # each pair once, not twice
        else:
            for key in wanted & keys:
                pairs.update((min(key, other), max(key, other)) for other in keys if other != key)
    counts: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (first, second), count in pairs.items():
        counts[first].append((second, count))
        counts[second].append((first, count))
    for key, others in counts.items():
        if wanted is None or key in wanted:
            best = closest(key, others, sections)
            concepts[key].related = [(concepts[k].term, n) for k, n in best]


def closest(
    key: str, others: list[tuple[str, int]], sections: Mapping[str, int]
) -> list[tuple[str, int]]:
    """The eight concepts most related to `key`, from (other, sections shared) and each
    concept's section count: shared sections over the geometric mean of the two counts,
    less half a section, so that one chance meeting with a rare concept (a long glossary
    section naming everything once) does not outrank a pair seen together again and again."""

    def strength(item: tuple[str, int]) -> tuple[float, int, str]:
        other, count = item
        return (-(count - 0.5) / (sections[key] * sections[other]) ** 0.5, -count, other)

    return heapq.nsmallest(8, others, key=strength)  # the best eight, not a full sort


def prose_lines(note: Note) -> Iterator[tuple[str, int, int, str]]:
    """(section heading, its line (0: before any heading), file line, text) for each line
    outside code and math, as a reader sees it."""
    from notes_kb.parse.links import URL, blank_math, code_free_lines  # (not a warm `define`)

    starts = [(s.line, s.heading) for s in sections_of(note)]  # the one heading finder
    at = 0
    section, section_line = "", 0
    raw = note.body.split("\n")  # indentation as written: a blanked code span looks indented
    in_math = False
    for line_no, line in code_free_lines(note):
        if in_math or "$" in line:
            line, in_math = blank_math(line, in_math)
        while at < len(starts) and starts[at][0] <= line_no:
            section_line, section = starts[at]
            at += 1
        written = raw[line_no - note.body_line]
        if written.startswith(("    ", "\t")) and not written.lstrip().startswith(("-", "*", "+")):
            continue  # indented code (or deep list continuation: rare in notes, skipped)
        if "[" in line or "<" in line:
            line = plain(line)[0]  # a link's target is not a mention; its text is
        if "{{" in line:
            line = _PLACEHOLDER.sub(" ", line)  # `{{fm.desc}}`: a template's code, not prose
        if "://" in line or "www." in line:
            line = URL.sub(" ", line)  # "https://medium.com/data-contract-101": no mention
        if line.strip():
            yield section, section_line, line_no, line


def find_concept(concepts: list[Concept], query: str) -> Concept | None:
    key = concept_key(query)
    for concept in concepts:
        if key == concept.key or any(concept_key(n) == key for n in concept.names):
            return concept
    return None
