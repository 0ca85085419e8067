"""Find the definitions people write in notes, in the many forms they write them. Pure.

Every finder returns `Definition`s with the note and file line they came from; `kind` says
which form matched and orders them (explicit glossary forms before prose sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notes_kb.model import Definition, Note
from notes_kb.parse.inline import plain
from notes_kb.parse.markdown import block_tokens

if TYPE_CHECKING:
    from markdown_it.token import Token

MAX_TERM_WORDS = 6
_VERBS = r"(?:is|are|means|refers to|is about|consists of|is defined as)"
_GLOSSARY_CONTEXT = re.compile(
    r"\b(glossary|glossaries|definitions?|terms|terminology|concepts|vocabulary|jargon)\b", re.I
)
_PRONOUNS = frozenset(
    [
        "i",
        "you",
        "he",
        "she",
        "it",
        "we",
        "they",
        "me",
        "him",
        "her",
        "us",
        "them",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "which",
        "what",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "why",
        "how",
        "one",
        "ones",
        "each",
        "every",
        "all",
        "some",
        "any",
        "none",
        "other",
        "others",
        "such",
        "my",
        "your",
        "his",
        "its",
        "our",
        "their",
        "mine",
        "yours",
        "it's",
        "that's",
        "there's",
        "here's",
        "something",
        "anything",
        "everything",
        "nothing",
        "someone",
        "everyone",
    ]
)
_STOP_FIRST = _PRONOUNS | frozenset(
    "and or but so if then because also just only not no yes very more most less much many "
    "again still even first second third next last finally however therefore thus "
    # prepositions open phrases, not names: "Before the output reaches anyone"
    "in on at for with from by to of as into onto over under during after before when while "
    "until since about against between through without within across per via unlike like "
    # evaluative words open opinions, not names: "The typical starting point is ..."
    "typical main usual common simplest easiest hardest best worst biggest real "
    "important whole same obvious practical fewer few several different new wrong "
    "recommended following".split()
)
# Callout and admonition words head a note, they do not name a concept.
_ADMONITIONS = frozenset(
    "note notes warning tip important caution deprecated deprecation notice todo fixme "
    "update edit ps nb info danger".split()
)
_INSIDE_STOP = _PRONOUNS | frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "usually",
        "often",
        "always",
        "never",
        "sometimes",
        "really",
        "actually",
        "can",
        "could",
        "should",
        "would",
        "will",
        "must",
        "may",
        "might",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
    ]
)
# Single words that head a sentence as often as they name a concept: "The model is a ...".
_GENERIC = frozenset(
    [
        "model",
        "models",
        "chapter",
        "book",
        "note",
        "notes",
        "idea",
        "point",
        "goal",
        "problem",
        "thing",
        "things",
        "way",
        "result",
        "reason",
        "answer",
        "question",
        "difference",
        "trick",
        "output",
        "input",
        "author",
        "paper",
        "section",
        "example",
        "story",
        "catch",
        "cost",
        "case",
        "part",
        "name",
        "list",
        "step",
        "rule",
        "lesson",
        "takeaway",
        "summary",
        "approach",
        "option",
        "choice",
        "downside",
        "upside",
        "benefit",
        "advantage",
        "bottleneck",
        "quality",
        "quantity",
        "coverage",
        "size",
        "speed",
        "scale",
        "price",
        "detail",
        "details",
    ]
)
_PAGE_REF = re.compile(
    r"^(?:p|pp|page|pages|ch|chapter|section|sec|fig|figure|table)\.?\s*\d", re.I
)
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)
_SPACES = re.compile(r"\s+")
_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)$")
_TERM_WORD = re.compile(r"^(?:term|word|phrase|notion of|concept of)\s+", re.I)
_LETTER = re.compile(r"[^\W\d_]")
_NOT_A_NAME = re.compile(r"[?!;:\[\]{}<>|=]|\.\s|https?:")
_CHECKBOX = re.compile(r"^\[[ xX]\]\s+")
_VERB = re.compile(r"(?:is|are|means|refers to)\b")
_SPACE_VERB = re.compile(r"\s+(?:is|are|means|refers to)\b")
_IS_ARE = re.compile(r"s?\s+(?:is|are)\s+\S")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|vs|etc|cf|approx|Dr|Mr|Ms|Fig|No)\.$", re.I)
_QUESTION = re.compile(r"^(?:what\s+(?:is|are)|what['’]s|whats)\s+(?P<term>.+?)\s*\?*$", re.I)
# Release notes and changelogs are lists of `**feature**: what changed`, the very shape of a
# glossary: in such notes and sections the list forms are not read as definitions.
_CHANGES_CONTEXT = re.compile(
    r"\b(?:change ?logs?|release notes?|releases?|what['’]?s new|bug ?fix(?:es)?|fixes|"
    r"features|enhancements|improvements|breaking changes|deprecations|highlights|commits|"
    # meeting notes and plans list topics in bold, not terms
    r"office hours|meetings?|agenda|minutes|stand-?ups?|retrospectives?|roadmap)\b",
    re.I,
)
_CHANGE_REF = re.compile(r"\(\s*[0-9a-f]{7,40}\s*\)|\(#\d+\)")  # (f14eed8), (#123)
_ACRONYM = r"[A-Z][A-Za-z0-9&]*[A-Z0-9]s?"
_CITATION = re.compile(r"\(\s*(?:1[89]|20)\d\d[a-z]?\s*\)|\bet al\.|^[A-Z][a-z]+,? [A-Z][a-z]+ \(")


@dataclass(frozen=True)
class Alias:
    """An acronym and its expansion seen together: `retrieval-augmented generation (RAG)`."""

    short: str
    long: str
    note: str
    path: str
    line: int


def clean_term(raw: str) -> str | None:
    """The term as a noun phrase, or None when it cannot be one (pronoun, fragment, page)."""
    term = raw.strip().strip("*_`\"'“”‘’").strip()
    term = _SPACES.sub(" ", term).rstrip(".,;:!")
    term = _TRAILING_PARENS.sub("", term)  # "Query (Q)", "Top-p (nucleus)"
    term = _ARTICLE.sub("", term)
    term = _TERM_WORD.sub("", term)
    if not term or len(term) > 60 or not _LETTER.search(term):
        return None
    words = term.split(" ")
    if len(words) > MAX_TERM_WORDS or words[0].lower() in _STOP_FIRST:
        return None
    if any(word.lower() in _INSIDE_STOP for word in words[1:]):
        return None  # "AI engineering that usually", "Attention Is All You Need": clauses
    if term.lower() in _PRONOUNS or (len(words) == 1 and _singular(term.lower()) in _GENERIC):
        return None
    if _PAGE_REF.match(term) or _NOT_A_NAME.search(term):
        return None
    if words[-1].lower() in {"a", "an", "the", "of", "to", "and", "or", "in", "for", "with"}:
        return None
    if all(word.lower() in _ADMONITIONS for word in words):
        return None
    return term


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def first_sentences(text: str, count: int = 2, limit: int = 320) -> str:
    """The first sentence or two of plain text, so one definition is one thought."""
    text = _SPACES.sub(" ", text).strip()
    sentences = split_sentences(text)
    picked = sentences[0] if sentences else text
    if len(sentences) > 1 and count > 1 and len(picked) < 120:
        picked = f"{picked} {sentences[1]}"
    if len(picked) > limit:
        picked = picked[: limit - 1].rsplit(" ", 1)[0] + "…"
    return picked.rstrip(" :")


def split_sentences(text: str) -> list[str]:
    """Sentences end at . ! ? before a capital or digit, but not after e.g., vs., Fig. ..."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start() + 1].strip()
        if _ABBREVIATIONS.search(candidate):
            continue
        parts.append(candidate)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return parts


def find_definitions(
    note: Note, tokens: list[Token] | None = None
) -> tuple[list[Definition], list[Alias]]:
    """Every definition and acronym pair in one note. A `[[link]]` in a definition is left
    marked (see inline.resolve_links): only the whole vault knows the linked note's title.
    `tokens`: the body's block tokens, when the caller has parsed them already."""
    finder = _Finder(note)
    finder.run(tokens if tokens is not None else block_tokens(note.body))
    return finder.definitions, finder.aliases


class _Finder:
    def __init__(self, note: Note) -> None:
        self.note = note
        self.definitions: list[Definition] = []
        self.aliases: list[Alias] = []
        self._seen: set[tuple[str, str]] = set()
        self.note_is_glossary = bool(
            _GLOSSARY_CONTEXT.search(note.title) or _GLOSSARY_CONTEXT.search(note.segments[-1])
        )
        self.note_is_changes = bool(
            _CHANGES_CONTEXT.search(note.title)
            or _CHANGES_CONTEXT.search(note.fname.replace("-", " ").replace(".", " "))
        )
        self.paragraphs = 0  # prose paragraphs seen: the note's opening one names its subject
        self._title_folded = note.title.casefold()

    def _plain(self, raw: str) -> tuple[str, list[tuple[int, int]]]:
        return plain(raw, mark_links=True)

    def add(self, term: str | None, text: str, line: int, kind: str) -> None:
        term = clean_term(term) if term is not None else None
        text = text.strip()
        if (
            term is None
            or len(text.split()) < 3
            or _CITATION.search(text[:80])
            or _CHANGE_REF.search(text)
        ):
            return  # too short to define anything, or a reference: "Chip Huyen (2025)"
        key = (term.casefold(), text[:60])
        if key in self._seen:  # one line read by two forms: keep the first, better one
            return
        self._seen.add(key)
        title = self.note.title.casefold()
        head = term.casefold().split(" of ", 1)[0]
        if head != term.casefold() and head == title:
            term = term[: len(head)]  # "vocabulary of a language model" in note Vocabulary
        self.definitions.append(
            Definition(
                term=term, text=text, note=self.note.id, path=self.note.path, line=line, kind=kind
            )
        )

    def run(self, tokens: list[Token]) -> None:
        self._frontmatter()
        self._glossary_note(tokens)
        base = self.note.body_line
        headings: list[tuple[int, str]] = []
        question: tuple[str, int] | None = None
        for index, token in enumerate(tokens):
            if token.type == "heading_open":
                text, _ = self._plain(tokens[index + 1].content)
                level = int(token.tag[1])
                headings = [h for h in headings if h[0] < level] + [(level, text)]
                match = _QUESTION.match(text.strip())
                question = None
                if (
                    match
                    and " and " not in match.group("term")
                    and " or " not in match.group("term")
                ):
                    question = (match.group("term"), base + (token.map or [0])[0])
                continue
            if token.type != "inline" or index == 0 or not token.map:
                continue
            opener = tokens[index - 1].type
            line = base + token.map[0]
            if opener == "dt_open":
                self._definition_list(tokens, index, line)
                continue
            if opener not in ("paragraph_open",):
                continue
            in_item = index >= 2 and tokens[index - 2].type == "list_item_open"
            in_term = index >= 2 and tokens[index - 2].type == "dd_open"
            if in_term:
                continue
            if question is not None and not in_item:
                text, _ = self._plain(token.content)
                self.add(question[0], first_sentences(text), question[1], "question-heading")
                question = None
            glossary_here = self.note_is_glossary or any(
                _GLOSSARY_CONTEXT.search(h[1]) for h in headings
            )
            changes_here = self.note_is_changes or any(
                _CHANGES_CONTEXT.search(h[1]) for h in headings
            )
            if in_item and not changes_here:
                self._bullet(token.content, line, glossary_here)
            elif not in_item and not changes_here:
                self._bold_leads(token.content, line)
            self._prose(token.content, line, note_opening=self.paragraphs == 0 and not in_item)
            self.paragraphs += not in_item

    # -- the forms ------------------------------------------------------------------------

    def _frontmatter(self) -> None:
        entries = self.note.frontmatter.get("glossary")
        pairs: list[tuple[object, object]] = []
        if isinstance(entries, dict):
            pairs = list(entries.items())
        elif isinstance(entries, list):
            for item in entries:
                if isinstance(item, dict) and "term" in item:
                    pairs.append((item.get("term"), item.get("definition") or item.get("def")))
                elif isinstance(item, dict) and len(item) == 1:
                    pairs.extend(item.items())
        for term, text in pairs:
            if isinstance(term, str) and isinstance(text, str):
                line = _line_of(self.note.source, term, self.note.body_line)
                self.add(term, first_sentences(self._plain(text)[0]), line, "frontmatter")

    def _glossary_note(self, tokens: list[Token]) -> None:
        """`glossary.attention.md` or a note tagged glossary defines its own title."""
        note = self.note
        in_hierarchy = note.fname.lower().startswith("glossary.") and len(note.segments) > 1
        tagged = any(tag.lower() == "glossary" for tag in note.tags)
        if not (in_hierarchy or tagged) or self.note_is_glossary:
            return
        text = note.desc
        line = 1
        if not text:
            for index, token in enumerate(tokens):
                opener = tokens[index - 1].type if index else ""
                if token.type == "inline" and token.map and opener == "paragraph_open":
                    text = self._plain(token.content)[0]
                    line = note.body_line + token.map[0]
                    break
        if text:
            self.add(note.title, first_sentences(text), line, "glossary-note")

    def _definition_list(self, tokens: list, index: int, line: int) -> None:
        term = self._plain(tokens[index].content)[0]
        for later in tokens[index + 1 :]:
            if later.type == "inline":
                self.add(
                    term, first_sentences(self._plain(later.content)[0]), line, "definition-list"
                )
                return
            if later.type == "dt_open":
                return

    _EMPHASIS_TERM = re.compile(
        r"^(?P<mark>\*\*|__|\*|_)(?P<term>[^*_\n`\[\]]{1,60}?)(?P<colon>:?)(?P=mark)"
        r"(?P<after>\s*(?:[:：]|\s[-—–])\s*|\s+(?=(?:is|are|means|refers to)\b)|\s+)"
    )
    _BARE_COLON = re.compile(r"^(?P<term>[^:\n`\[\]*_]{1,60}?)\s*:\s+(?P<rest>\S.*)", re.S)
    _DASH = re.compile(r"^(?P<term>[^\n`\[\]*:—–]{1,60}?)\s+(?:-|—|–|--)\s+(?P<rest>\S.*)", re.S)

    def _bullet(self, raw: str, line: int, glossary_here: bool) -> None:
        raw = _CHECKBOX.sub("", raw)  # task-list checkbox
        match = self._EMPHASIS_TERM.match(raw)
        if match and not match.group("colon") and not match.group("after").strip():
            closed = match.end("colon") + len(match.group("mark"))
            if not _SPACE_VERB.match(raw, closed):
                match = None  # "**Rough capability.** Within ...": emphasis, not a term
        if match:
            rest = raw[match.end() :]
            after = match.group("after")
            if match.group("colon") or ":" in after or "：" in after:
                kind = "glossary-bullet"
            elif after.strip() in ("-", "—", "–"):
                kind = "glossary-bullet" if match.group("mark") in ("*", "_") else "bold-lead"
            else:  # `*term* is ...`: keep the whole sentence
                kind = "glossary-bullet" if match.group("mark") in ("*", "_") else "bold-lead"
                rest = self._plain(raw)[0]
            text = first_sentences(self._plain(rest)[0])
            self.add(match.group("term"), text, line, kind)
            self._leading_expansion(match.group("term"), text, line)
            return
        if glossary_here:
            bare = self._BARE_COLON.match(raw)
            if bare:
                text = first_sentences(self._plain(bare.group("rest"))[0])
                self.add(self._plain(bare.group("term"))[0], text, line, "glossary-bullet")
                self._leading_expansion(self._plain(bare.group("term"))[0], text, line)
                return
        dash = self._DASH.match(raw)
        if dash and len(dash.group("term").split()) <= 5:
            text = first_sentences(self._plain(dash.group("rest"))[0])
            self.add(dash.group("term"), text, line, "dash-bullet")

    _BOLD_LEAD = re.compile(
        r"(?:^|(?<=[.!?]\s)|(?<=\n))\*\*(?P<term>[^*\n`\[\]]{1,60}?)(?P<colon>:?)\*\*"
        r"(?P<after>\s*[:—–]\s*|\s+-\s+|\s+(?=(?:is|are|means|refers to)\b)|\s+)"
    )

    def _bold_leads(self, raw: str, line: int) -> None:
        for match in self._BOLD_LEAD.finditer(raw):
            verb = _VERB.match(raw, match.end())
            if not (match.group("colon") or match.group("after").strip() or verb):
                continue  # bold for emphasis only
            # "**X** is ...": the whole sentence; "**X**: ...": what follows
            text = self._plain(raw[match.start() if verb else match.end() :])[0]
            at = line + raw.count("\n", 0, match.start())
            self.add(match.group("term"), first_sentences(text), at, "bold-lead")

    _ARTICLE_IS = re.compile(
        r"^(?:A|An|The)\s+(?P<term>[^,;:()\n]{1,60}?)\s+(?:is|are)\s+(?:a|an|the)\s+"
        # "is the same as", "is the best way": a comparison or a verdict, not a definition
        r"(?!(?:same|only|best|first|main|most|easiest|simplest|default|next|last)\b)\S"
    )
    _VERB_FORM = re.compile(
        r"^(?P<term>[^,;:()\n]{1,60}?)\s+(?:refers to|means|is about|consists of|describes|"
        r"is defined as|are defined as)\s+\S"
    )
    _ACRONYM_SUBJECT = re.compile(
        rf"^(?P<term>[^,;:()\n]{{1,60}}?)\s*\((?P<short>{_ACRONYM})\)\s+(?:is|are|refers to|"
        r"means|describes)\s+\S"
    )
    _GENUS = re.compile(
        r"^(?P<term>[A-Z][\w-]*(?:\s[a-z][\w-]*)?)\s+(?:is|are)\s+(?:a|an|the)\s+"
        r"(?:[\w-]+\s+){0,2}?(?:process|practice|technique|method|step|act|idea|task|art|"
        r"study|family|class|kind|type|form|phase|stage|mechanism|algorithm|architecture|"
        r"approach|measure|metric|function|unit|system|pattern|framework|property|ability|"
        r"strategy|procedure|operation|component|layer|representation|collection|sequence)\b"
    )
    _REFERS = re.compile(
        r"^(?P<term>[^,;:()\n]{1,60}?)\s+(?:refers to|is defined as|are defined as)\s+\S"
    )
    _CALLED = re.compile(
        r"\b(?:is|are)\s+(?:also\s+|often\s+|sometimes\s+|usually\s+)?(?:called|known as|"
        r"referred to as|termed|named)\s+(?P<term>[^,;:.()!?\n]{1,60}?)\s*(?=[,;:.()!?]|$)"
    )
    _STANDS_FOR = re.compile(rf"^(?P<short>{_ACRONYM})\s+stands for\s+(?P<long>[^.,;()\n]+)")
    _ACRONYM_OF = re.compile(
        rf"^(?P<short>{_ACRONYM}):\s*(?:an?\s+)?(?:acronym|abbreviation)\s+(?:of|for)\s+"
        r"(?P<long>[^.,;()\n]+)"
    )
    _PAREN_ACRONYM = re.compile(rf"\((?P<short>{_ACRONYM})\)")
    _WORDS_BEFORE = re.compile(r"(?:[\w'-]+\s+){0,8}[\w'-]+\s*$")
    _SHORT_LONG = re.compile(rf"\b(?P<short>{_ACRONYM})\s+\((?P<long>[^()\n]{{3,80}})\)")

    def _prose(self, raw: str, line: int, note_opening: bool) -> None:
        text, code = self._plain(raw)
        offset = 0
        for position, sentence in enumerate(split_sentences(text)):
            start = text.find(sentence, offset)
            offset = start + len(sentence)
            if any(a < start + 60 and b > start for a, b in code):
                continue  # a term inside inline code is code, not a concept
            at = line + text.count("\n", 0, max(start, 0))
            self._sentence(
                sentence,
                at,
                opening=position == 0,
                following=text[start:],
                note_opening=note_opening and position == 0,
            )
        for match in self._PAREN_ACRONYM.finditer(text):  # "(RAG)" first, then look back
            before = self._WORDS_BEFORE.search(text, max(0, match.start() - 160), match.start())
            expansion = before and acronym_expansion(before.group().strip(), match.group("short"))
            if expansion:
                self._alias(
                    match.group("short"), expansion, line + text.count("\n", 0, match.start())
                )
        for match in self._SHORT_LONG.finditer(text):
            long = match.group("long").strip()
            if acronym_expansion(long, match.group("short")) == long:
                self._alias(match.group("short"), long, line + text.count("\n", 0, match.start()))

    def _sentence(
        self, sentence: str, line: int, opening: bool, following: str, note_opening: bool = False
    ) -> None:
        """`opening`: the first sentence of a paragraph or bullet, where definitions live;
        later sentences only count in unambiguous forms (refers to, stands for, is called)."""
        flat = _SPACES.sub(" ", sentence)
        stands = self._STANDS_FOR.match(flat) or self._ACRONYM_OF.match(flat)
        if stands:
            self._alias(stands.group("short"), stands.group("long").strip(), line)
            self.add(stands.group("short"), first_sentences(flat, 1), line, "acronym")
            return
        subject = self._ACRONYM_SUBJECT.match(flat) if opening else None
        if subject:
            self._alias(subject.group("short"), subject.group("term"), line)
            self.add(subject.group("term"), first_sentences(following), line, "sentence")
            return
        patterns = (self._ARTICLE_IS, self._VERB_FORM, self._GENUS) if opening else (self._REFERS,)
        for pattern in patterns:
            match = pattern.match(flat)
            if match:
                self.add(match.group("term"), first_sentences(following), line, "sentence")
                return
        size = len(self._title_folded)
        own = (
            note_opening
            and flat[:size].casefold() == self._title_folded
            and _IS_ARE.match(flat, size)
        )
        if own:  # the note's own subject, as the author cased it in the sentence
            subject = flat[:size] + ("s" if flat[size : size + 1] == "s" else "")
            self.add(subject, first_sentences(following), line, "sentence")
            return
        for clause in flat.split(";"):
            called = self._CALLED.search(clause)
            subject = clause.strip().split(" ", 1)[0].lower()
            if called and subject not in _PRONOUNS:  # "This is also called X" says nothing
                self.add(called.group("term"), first_sentences(clause.strip(), 1), line, "called")

    def _leading_expansion(self, term: str, text: str, line: int) -> None:
        """`BPE: byte pair encoding, a method ...`: the definition opens with the expansion."""
        term = term.strip().strip("*_")
        if not re.fullmatch(_ACRONYM, term):
            return
        head = re.split(r"[,;:.(]", text, maxsplit=1)[0].split()
        for size in range(min(len(head), 8), 0, -1):  # the whole phrase before any comma
            if _spells(head[:size], term[:-1].lower() if term.endswith("s") else term.lower()):
                self._alias(term, " ".join(head[:size]), line)
                return

    def _alias(self, short: str, long: str, line: int) -> None:
        long = _ARTICLE.sub("", long.strip())
        seen = {(a.short, a.long.casefold()) for a in self.aliases}
        if clean_term(long) and clean_term(short) and (short, long.casefold()) not in seen:
            self.aliases.append(Alias(short, long, self.note.id, self.note.path, line))


def acronym_expansion(words: str, acronym: str) -> str | None:
    """The shortest tail of `words` whose initials spell the acronym, or None.

    Hyphenated words count each part (`retrieval-augmented generation` is RAG), small words
    may be skipped (`reinforcement learning from human feedback` is RLHF), and a plural `s`
    on the acronym is ignored.
    """
    letters = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
    letters = re.sub(r"[^A-Za-z0-9]", "", letters).lower()
    tokens = words.split()
    for size in range(1, min(len(tokens), len(letters) + 4) + 1):
        tail = tokens[-size:]
        if tail[0].lower() in ("a", "an", "the", "and", "or", "of"):
            continue
        if _spells(tail, letters):
            return " ".join(tail)
    return None


def _spells(words: list[str], letters: str) -> bool:
    parts = [p for word in words for p in re.split(r"[-/]", word) if p]
    small = {"a", "an", "the", "of", "for", "from", "to", "in", "on", "and", "with", "by"}

    def walk(i: int, j: int) -> bool:
        if j == len(letters):
            return i == len(parts)
        if i == len(parts):
            return False
        part = parts[i].lower()
        if part[0] == letters[j] and walk(i + 1, j + 1):
            return True
        # two letters from one word: "GPU" has no part for U? allow "Pre-Training" style only
        if (
            len(part) > 1
            and part[0] == letters[j]
            and j + 1 < len(letters)
            and letters[j + 1] in part[1:]
            and walk(i + 1, j + 2)
        ):
            return True
        return part in small and walk(i + 1, j)

    return walk(0, 0)


def _line_of(source: str, needle: str, default: int) -> int:
    index = source.find(needle)
    return source.count("\n", 0, index) + 1 if index >= 0 else default
