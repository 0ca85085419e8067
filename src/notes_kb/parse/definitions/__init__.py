"""Find the definitions people write in notes, in the many forms they write them. Pure.

A scored extractor: every sentence, bullet, heading with its paragraph, table row and
term-titled note proposes candidates (blocks.py, leads.py, tables.py, sentences.py); each
term is cleaned (words.py) and scored (score.py); those at the threshold or above are kept,
best form first. Each `Definition` carries its `kind` (the form) and `score`.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from notes_kb.model import Definition, Note
from notes_kb.parse.definitions.acronyms import (
    Alias,
    acronym_expansion,
    bracketed_pairs,
    leading_expansion,
    may_spell_out,
    spelt_out,
    stands_for,
)
from notes_kb.parse.definitions.blocks import BlockWalker
from notes_kb.parse.definitions.called import aliases_said, also_known_as, names_before, unquoted
from notes_kb.parse.definitions.cjk import heading_name
from notes_kb.parse.definitions.context import cites, illustrates, own_sentences
from notes_kb.parse.definitions.declared import declared
from notes_kb.parse.definitions.emphasis import emphasis_proposals, marked_terms
from notes_kb.parse.definitions.fields import unlabelled
from notes_kb.parse.definitions.headings import CHANGES_CONTEXT, GLOSSARY_CONTEXT
from notes_kb.parse.definitions.labels import is_label
from notes_kb.parse.definitions.leadin import with_list
from notes_kb.parse.definitions.leads import PROSE_SPAN
from notes_kb.parse.definitions.openings import acronym_colon, explains, named
from notes_kb.parse.definitions.proposal import Proposal
from notes_kb.parse.definitions.repeats import RepeatedLeads
from notes_kb.parse.definitions.score import EXPLICIT_FORMS, LEAD_IN, NAME_LEADS, THRESHOLD, score
from notes_kb.parse.definitions.sentences import item_read, says_kind, sentence_proposals, triggered
from notes_kb.parse.definitions.split import Lines, first_sentences, line_of, split_sentences
from notes_kb.parse.definitions.subject import (
    bullet_summary,
    opens_on,
    passing_mention,
    subject_of,
    subject_paragraph,
)
from notes_kb.parse.definitions.titles import renamed, work_subtitle
from notes_kb.parse.definitions.vocabulary import WEAK_GENERIC
from notes_kb.parse.definitions.words import clean_term, strip_article, without_kind
from notes_kb.parse.han import has_han
from notes_kb.parse.inline import balanced_links, marked_plain, plain, resolve_links
from notes_kb.parse.keys import common_word, concept_key, singular
from notes_kb.parse.patterns import compiled

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["Alias", "acronym_expansion", "clean_term", "find_definitions", "first_sentences"]
__all__ += ["split_sentences"]

MAX_SENTENCE = 1_000  # characters
_TRIES = 64  # candidates of one term scored in one note (a paragraph may repeat one 30,000 times)
_IN_BRACKETS = compiled(r"\(([^()]{12,200})\)")
# a name with an aside inside it: "Connectivity-Based (Hierarchical) Clustering"
_INNER_ASIDE = compiled(
    r"^(?P<name>[^()]{1,40}?)\s*\((?P<aside>[^()]{2,40})\)\s+(?P<tail>\S.{0,40})$"
)
_ASIDES = compiled(r"\s*\([^()]*\)")
_TITLE_ACRONYM = compiled(r"^(?P<a>[^()]{2,80}?)\s*\((?P<b>[^()]{2,80})\)$")


def find_definitions(
    note: Note, tokens: list[Token] | None = None, trace: list[str] | None = None
) -> tuple[list[Definition], list[Alias]]:
    """Every definition and name pair in one note; a `[[link]]` in one is left marked (only
    the vault knows the linked title: inline.resolve_links). `tokens`: the body's block
    tokens, when parsed already; `trace` collects every candidate turned down."""
    drawing = "excalidraw-plugin" in note.frontmatter  # its "# Text Elements": a figure's labels
    if drawing or note.fname.casefold().startswith("templates.") or _TEMPLATES.search(note.path):
        return [], []  # a template's fields and placeholders, not the author's terms
    finder = _Finder(note, trace)
    if tokens is None:
        from notes_kb.parse.markdown import block_tokens

        tokens = block_tokens(note.body)
    finder.run(tokens)
    return finder.result()


_TEMPLATES = compiled(r"(?:^|/)_?templates?/", re.I)  # Obsidian's folder of templates
_SAYS_WHAT = compiled(r"^(?:an?|the)\s", re.I)
_SAID = frozenset(["sentence", "bold-lead", "question-heading", "called", "appositive"])


class _Finder:
    def __init__(self, note: Note, trace: list[str] | None = None) -> None:
        self.note = note
        self.trace = trace
        self.best: dict[str, Definition] = {}
        self.order: list[str] = []
        self.aliases: list[Alias] = []
        self.said: set[tuple[str, str]] = set()  # the aliases' (short, long casefolded)
        self.lowered: str | None = None  # the body in lowercase, once a rule needs it
        self.lines: list[str] | None = None  # the note's lines, once a definition ends in ":"
        self.passing: dict[str, bool] = {}  # term: named once, with "the" (see _passing)
        self.leads = RepeatedLeads()  # "- **Behavior:**" twice: a field label
        self.tries: Counter[str] = Counter()  # candidates per term key
        title_words = note.title + " " + note.segments[-1]
        self.glossary_note = bool(GLOSSARY_CONTEXT.search(title_words))
        self.changes_note = bool(
            CHANGES_CONTEXT.search(note.title)
            or CHANGES_CONTEXT.search(note.fname.replace("-", " ").replace(".", " "))
        )
        self.subject = subject_of(note)
        # "RAG: Retrieval-Augmented Generation": about the expansion, the acronym its alias
        self.spelled = acronym_colon(self.subject) if ":" in self.subject else None
        self.subtitle: tuple[str, str] | None = None
        if self.spelled:
            self.subject = self.spelled[0]
        elif ":" in self.subject:  # "EnCodec: High Fidelity Neural Audio Compression"
            name, _, rest = self.subject.partition(":")
            shaped = named(name)
            self.subtitle = work_subtitle(self.subject, shaped)
            if len(name.split()) <= 2 and len(rest.split()) >= 3 and shaped:
                self.subject = name.strip()  # a work's short name, "CLIP" no everyday clip
        # "Goal misgeneralisation (GMG)": the note is about the name without its aside
        self.title_key = concept_key(clean_term(self.subject) or self.subject)

    def result(self) -> tuple[list[Definition], list[Alias]]:
        found = [self.best[key] for key in self.order if key in self.best]
        # a note whose opening defines its subject under another name: one definition
        pairs = {frozenset((concept_key(a.short), concept_key(a.long))) for a in self.aliases}
        said, renames = renamed(found, pairs, self.subject, self.title_key)
        for name, title, line in renames + aliases_said(found):  # "...; also called X"
            self._alias(name, title, line)
        return [
            d
            for d in found
            if (d.kind != "title-note" or d.line not in said)
            and not self.leads.label(concept_key(d.term), d.kind)
        ], self.aliases

    def run(self, tokens: list[Token]) -> None:
        titled = _TITLE_ACRONYM.match(self.subject)  # "CE (Cross-Entropy)", "Goal ... (GMG)"
        if titled:
            first, second = titled.group("a").strip(), titled.group("b").strip()
            for short, long in ((first, second), (second, first)):
                if acronym_expansion(long, short) == long:
                    self._alias(short, long, self.note.body_line)
        if self.spelled:
            self._alias(self.spelled[1], self.spelled[0], self.note.body_line)
        if has_han(self.note.title):  # "主成分分析 (PCA)" in full-width brackets, and lists
            name, others = heading_name(self.note.title)
            for other in (others or "").split(","):
                if other.strip():
                    self._alias(other.strip(), name, self.note.body_line)
        for proposal, line in declared(self.note, tokens, self.glossary_note):
            self.emit(proposal, line)
        walker = BlockWalker(
            self.subject, self.emit, self._prose, self.glossary_note, self.changes_note, self._alias
        )
        self._summary(walker.title_is_term)
        if self.subtitle:  # "AGL: A Scalable System for ...", before its opening's bullets
            self.emit(Proposal(*self.subtitle, "subtitle"), self.note.body_line)
        walker.walk(tokens, self.note.body_line)
        if walker.title_is_term and self.title_key not in self.best:
            self._about_subject(tokens)

    def _about_subject(self, tokens: list[Token]) -> None:
        """A term-named note that never defines it: its first paragraph naming it (weak)."""
        name = clean_term(self.subject) or ""
        common = common_word(name) and ":" not in self.note.title
        names = [name] + [a.short for a in self.aliases if concept_key(a.long) == self.title_key]
        for alias in (a for a in self.aliases if concept_key(a.short) == self.title_key):
            if concept_key(alias.long) in self.best:
                return  # "GQA" titled, "Grouped Query Attention (GQA)" defined: said already
            name, names = alias.long, [alias.long, name]  # "ane.md" under "Apple ... (ANE)"
        found = subject_paragraph(tokens, [n for n in names if len(n) >= 3])
        # "Audio.md" opening "Whisper turns audio into text ...": a topic page, no term
        if found and (not common or opens_on(found[0], name)):
            self.emit(Proposal(name, found[0], "note-subject"), self.note.body_line + found[1])
        elif not common and (summary := bullet_summary(tokens)):  # "# Mixup" over bullets
            self.emit(Proposal(name, summary[0], "note-bullets"), self.note.body_line + summary[1])

    def _summary(self, title_is_term: bool) -> None:
        """`summary: train a student model to match ...` in an Obsidian note's frontmatter
        says what the note's subject is (Dendron's `desc` names a page: not read here)."""
        for key in ("summary", "description", "definition"):
            value = self.note.frontmatter.get(key)
            if not isinstance(value, str) or not value.strip():
                continue
            text = plain(value)[0]
            line = line_of(self.note.source, value.strip()[:40], self.note.body_line)
            if title_is_term and explains(text, self.subject, True):
                self.emit(Proposal(self.subject, first_sentences(text), "title-note"), line)
            self._prose(value, line, True, False)
            return

    def emit(self, proposal: Proposal, line: int) -> None:
        """Clean, score and keep a proposal; one definition per term, the best scored."""
        first, _, other = proposal.term.partition(" / ")
        if not other and " or " in proposal.term and proposal.kind in EXPLICIT_FORMS:
            first, _, other = proposal.term.partition(" or ")  # "**Task or Job**: ..."
        if other and len(first.split()) == len(other.split()) <= 3:
            # "Argmax / Hardmax": two names of one thing ("Prompt / prefix caching" is not)
            self._alias(other, first, line)
            proposal = Proposal(first, proposal.text, proposal.kind, proposal.evidence)
        inside = _INNER_ASIDE.match(proposal.term) if ") " in proposal.term else None
        if inside:  # "Bagging (Bootstrap Aggregating) Method", "EM (Expectation-...) Algorithm"
            tail = inside.group("tail")
            whole = f"{inside.group('name')} {tail}"
            if not is_label(inside.group("aside")) and "(" not in tail:
                self._alias(whole, f"{inside.group('aside')} {tail}", line)
            whole = _ASIDES.sub("", whole)  # "Decision Trees (Introduction) (Classification)"
            proposal = Proposal(whole, proposal.text, proposal.kind, proposal.evidence)
        term = clean_term(proposal.term)
        text = unlabelled(proposal.text.strip(), self.note.frontmatter)  # "What: A ...": A
        if term is None or cites(text):
            if self.trace is not None:
                self.trace.append(f"refused {proposal.term!r} [{proposal.kind}] {text[:60]!r}")
            return
        if short := without_kind(term):  # "SmoothGrad method" is SmoothGrad too
            self._alias(short, term, line)
        key = concept_key(term)
        self.leads.add(key, term, proposal.kind, line)
        self.tries[key] += 1
        if self.tries[key] > _TRIES:
            return  # a term proposed this often in one note was judged enough times
        evidence = proposal.evidence + (0.6 if key == self.title_key else 0.0)
        if proposal.kind == "sentence" and key != self.title_key and self._passing(term, text):
            evidence -= 0.8
        expansion = leading_expansion(term, text)
        if expansion:
            evidence += 1.0  # "TF-IDF: Term Frequency - Inverse Document Frequency" spells it
        if " " not in term and singular(term.lower()) in WEAK_GENERIC:
            # "## Accuracy" over "Accuracy is ...": a section about the word is explicit
            restated = proposal.kind == "heading" and text.lower().startswith(term.lower() + " ")
            if proposal.kind not in EXPLICIT_FORMS and not restated:
                return  # "Training is ...", "The output is ...": a generic word in prose
            evidence -= 0.0 if restated else 0.8
        value = score(term, text, proposal.kind, evidence)
        listed = with_list(text, self.source_lines(), line) if value >= THRESHOLD else text
        if len(listed) != len(text):  # ranked below a sentence that stands alone, still kept
            value = max(THRESHOLD, value - LEAD_IN) if listed else -1.0  # or says nothing
        if value < THRESHOLD:
            if self.trace is not None:
                self.trace.append(f"{value:.2f} {term!r} [{proposal.kind}] {text[:60]!r}")
            return
        kept = self.best.get(key)
        if kept is None:
            self.order.append(key)
        # the opening read as a whole says the subject less than a sentence or bullet naming
        # it ("**Concept Drift** occurs when ..."), which says more than a list's aspect of it
        title_note = proposal.kind == "title-note"
        stays = kept is not None and (
            (title_note and kept.kind != "title-note")
            or (key == self.title_key and kept.kind in _SAID and proposal.kind in NAME_LEADS)
        )
        # a paper's subtitle says less than "X is a ..." or an opening "A neural codec that ..."
        weak = kept is not None and kept.kind == "title-note"
        if kept is not None and kept.kind == "subtitle":
            weak = proposal.kind in _SAID or bool(_SAYS_WHAT.match(text)) or text.startswith(term)
        if (
            kept is None
            or (weak and not (title_note and kept.kind == "title-note"))
            or (value > kept.score and not stays)
        ):
            text = balanced_links(own_sentences(listed, term))  # (the one kept: a search or two)
            self.best[key] = Definition(
                term, text, self.note.id, self.note.path, line, proposal.kind, round(value, 2)
            )
        if expansion:
            self._alias(term, expansion, line)

    def source_lines(self) -> list[str]:
        if self.lines is None:
            self.lines = self.note.source.splitlines()
        return self.lines

    def _passing(self, term: str, text: str) -> bool:
        if self.lowered is None:
            self.lowered = self.note.body.lower()
        if len(self.passing) >= _PASSING_SEARCHES and term not in self.passing:
            return False  # each search reads the whole note: a bounded number per note
        if term not in self.passing:
            self.passing[term] = passing_mention(self.lowered, term, text)
        return self.passing[term]

    def _prose(
        self, raw: str, line: int, note_opening: bool, in_item: bool, preceding: str = ""
    ) -> None:
        """Every sentence of a paragraph or list item, with the one before it (for an item's
        first sentence naming what it follows, "This is called X", the last of `preceding`: the
        paragraph or item just before)."""
        if "{dfn}" in raw:  # MyST: "a {dfn}`feedforward network` takes ..."
            raw, marked = marked_terms(raw, line)
            for proposal, at in marked:
                self.emit(proposal, at)
        text, code = marked_plain(raw)
        if code:  # "`Source distribution` is ...": a phrase in backticks is a name, not code
            code = [(a, b) for a, b in code if not PROSE_SPAN.fullmatch(text, a, b)]
        offset, spans, previous = 0, iter(code), ""
        lines = Lines(text, line) if "\n" in text else None  # (a one-line text: its line)
        span = next(spans, None)  # each code span in turn
        # a sentence is a piece of the text: what the text lacks, no sentence holds
        acronym = may_spell_out(text)
        chinese = None  # the Chinese forms: chinese.py loads for the first Chinese text
        if has_han(text):
            from notes_kb.parse.definitions.chinese import cjk_aliases, cjk_proposals

            chinese = cjk_aliases(text)  # more names go in it
        quiet = in_item and chinese is None and not acronym and not item_read(text, bool(preceding))
        pieces = () if quiet else split_sentences(text, chinese is not None)  # (most items)
        for position, sentence in enumerate(pieces):
            start = text.find(sentence, offset)
            offset = start + len(sentence)
            while span is not None and span[1] <= start:
                span = next(spans, None)
            if span is not None and span[0] < start + 60:
                previous = sentence
                continue  # a term inside inline code is code, not a concept
            if len(sentence) > MAX_SENTENCE:
                previous = ""
                continue  # no definition runs this long; reading it would only cost time
            at = lines.of(start) if lines else line
            if acronym and may_spell_out(sentence):
                self._acronym_sentence(sentence, at)
            # (an item only: a paragraph's "This is also known as X" measured as naming nothing)
            naming = position == 0 and in_item and preceding and names_before(sentence)
            if naming:
                said = split_sentences(marked_plain(preceding)[0])
                previous = said[-1] if said else ""
            # the first sentence, or the first after a label line ("Compare with: X:")
            first = position == 0 or previous.rstrip().endswith((":", "："))
            if chinese is not None:  # the Chinese forms (chinese.py)
                for proposal in cjk_proposals(sentence, previous, first and not in_item, chinese):
                    self.emit(proposal, at)
            # a paragraph's opening, an item's "X are series of ...", "An autoregressive model
            # predicts ...": read, trigger word or not ("A ..." so read measured as more
            # examples than definitions: "A lower β makes ...")
            opening = first and (not in_item or says_kind(sentence))
            read = opening or sentence.startswith("An ") or naming or triggered(sentence)
            if not read and not (first and in_item and ", where " in sentence):
                previous = sentence
                continue  # most sentences carry no defining word: skip the patterns
            # (an item read for its "X, where ..." alone: no subject-verb form on it)
            following = text[start : start + 4 * MAX_SENTENCE]
            for proposal in sentence_proposals(
                sentence, previous, following, first and read, not in_item
            ):
                if proposal.kind == "sentence" and illustrates(raw, sentence):
                    continue  # "Bruce Wayne is a **record** in the table": record is the term
                self.emit(proposal, at)
            if "(" in sentence:
                self._bracketed(sentence, at)
            also = also_known_as(sentence)
            if also and clean_term(also[0]) and clean_term(also[1]):
                self._alias(also[1], also[0], at)
            previous = sentence
        for short, long in chinese or ():
            self._alias(short, long, line)
        if "*" in raw or "_" in raw:
            self._emphasis(raw, line)
        if "(" not in text:
            return  # the acronym pairs below all sit in brackets
        for short, long, at in bracketed_pairs(text):  # two runs, each in order: two passes
            self._alias(short, long, lines.of(at) if lines else line)

    def _bracketed(self, sentence: str, line: int) -> None:
        """A sentence in brackets ("(epoch is a single pass of a training set)") read alone
        (a clause after a semicolon is not: it measured as more noise than definitions)."""
        for clause in _IN_BRACKETS.findall(sentence):
            if len(clause.split()) >= 4 and triggered(clause):
                for proposal in sentence_proposals(clause, "", clause, False, False):
                    # an aside is less deliberate than the sentence around it
                    self.emit(Proposal(proposal.term, proposal.text, proposal.kind, -0.3), line)

    def _acronym_sentence(self, sentence: str, line: int) -> None:
        flat = " ".join(sentence.split())
        stands = stands_for(flat)  # "RLHF stands for ...", "LLM: acronym for ..."
        if stands:
            self._alias(stands[0], stands[1], line)
            self.emit(Proposal(stands[0], first_sentences(flat, 1), "acronym"), line)

    def _emphasis(self, raw: str, line: int) -> None:
        for proposal, at in emphasis_proposals(raw, line):
            self.emit(proposal, at)

    def _alias(self, short: str, long: str, line: int) -> None:
        short, long = (strip_article(unquoted(resolve_links(n, {}))) for n in (short, long))
        # (an expansion that spells its acronym is a name: "common table expression")
        named = clean_term(long) or spelt_out(long, short)
        if (short, long.casefold()) not in self.said and named and clean_term(short):
            self.said.add((short, long.casefold()))  # (each pair once, looked up in a set)
            self.aliases.append(Alias(short, long, self.note.id, self.note.path, line))


_PASSING_SEARCHES = 200  # terms of one note looked for in its whole text
