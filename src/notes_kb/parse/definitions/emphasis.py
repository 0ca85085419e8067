"""An emphasised name in the middle of a line, doing something in its sentence: "... and
*beam search* keeps the k best ...", "In **multi-head attention**, ...", "a **slack
variable**, which is ...", "call it **reset gate vector**". Pure."""

from __future__ import annotations

import re

from notes_kb.parse.definitions.called import says_why_named
from notes_kb.parse.definitions.cjk import bold_does
from notes_kb.parse.definitions.openings import DENOTED
from notes_kb.parse.definitions.proposal import Proposal
from notes_kb.parse.definitions.split import first_sentences, split_sentences
from notes_kb.parse.inline import marked_plain, plain
from notes_kb.parse.patterns import compiled

# an emphasised name, with no word or mark just before it (the mark first: see inline.py;
# not in code: "`__init__()`")
_EMPHASIS_MID = compiled(
    r"(\*\*(?<![\w*_`]\*\*)|\*(?<![\w*_`]\*)|__(?<![\w*_`]__)|_(?<![\w*_`]_))"
    r"(?P<term>[^*_\n`]{2,50}?)\1(?![\w*_])"
)
# a verb after an emphasised name: "*beam search* keeps the k best"; a plural noun is not
# one ("*cosine* functions of", "*key-value* pairs and": the emphasis was an adjective)
_VERBISH = compiled(
    r"\s*(?:is|are|lets|can|keeps|does|\((?!\s*(?:e\.\s?g|eg\b|for (?:example|instance)|such as|"
    r"like\b|ex\b))|[a-z]{2,}[^s\W]s\b(?!\s*(?:[-,.;:()]|$|(?:of|and|"
    r"or|vs|in|on|for|with|to|from|at|by|as|that|which|are|were|have|can)\b)))"
)
# what describes an emphasised name after it: "**slack variable**, which is ...", "**output
# gate layer** - decides how much ...", "The first was **hard prompting**: describe ..."
_DESCRIBED_AFTER = compiled(
    r",\s+(?:which|that|i\.e\.|ie|a|an)\s|\s+[-–—]\s+\w|:\s+[a-z]|"
    # "a **sparse model**, i.e., fewer weights", "**sparsity** ..., meaning that ..."
    r",\s+(?:i\.e\.|ie),\s|,\s+meaning\s|"
    # "The *covariance matrix* of a random vector X is $$...$$"
    r"\s+(?:of|between)\s+[^.;:\n]{1,80}?\s+(?:is|are)\s+(?:defined\s+as\s+)?(?:the\s+|a\s+|an\s+|\$|$)"
)
# what an emphasised name at the end of a sentence is said to be a kind of: "A wrong
# prediction of y = 0 is a *false negative*." (not "The key part is the **Optimizer**.",
# which names a part, or "This is a *horizontal split*.")
_PREDICATE_BEFORE = compiled(
    r"(?:^|[.!?]\s+|\n\s*(?:[-*+]\s+)?)(?!(?:it|this|that|these|they|there)\b)"
    r"(?P<subject>[^.!?\n]{12,120}?)\s+(?:is|are)\s+(?:a|an|called)\s*$",
    re.I,
)
_THAT_DOES = compiled(r"\s+(?:that|which)\s+[a-z]{2,}[^s\W]s\s")
_IS_A = compiled(r"(?:^|[.!?:]\s)(?P<subject>[^.!?:]{1,200}?)\s(?:is|are)\s+an?$", re.I)


def _genus(ahead: str) -> bool:
    """The words before an emphasised name end "X is a", X no symbol: the name is X's
    genus ("A tokenizer is a **program** that ...")."""
    said = _IS_A.search(ahead[-200:])
    return said is not None and "$" not in said.group("subject")


_SENTENCE_END = compiled(r"\s*(?:[.;!]|$)")
# the word before an emphasised name that names it: "called **X**", "call it **X**"
_NAMING_BEFORE = frozenset(["called", "named", "termed", "as", "it"])
# the word before an emphasised name that makes it an example, an agent or a word mentioned
_PASSING = frozenset(["such as", "like", "by", "into", "over", "word", "including", "e.g."])
_CALLED = frozenset(["called", "named", "termed"])


def emphasis_proposals(raw: str, line: int) -> list[tuple[Proposal, int]]:
    """Each emphasised name mid-line in a paragraph or item (`raw`, starting at `line`)
    that does something in its sentence, or is named there, with the sentence. Each name
    reads a bounded window around it, and the paragraph's sentences are split once: the
    work stays linear in a paragraph of thousands of emphasised words."""
    found: list[tuple[Proposal, int]] = []
    opening = len(raw) - len(raw.lstrip())  # where the paragraph's first word starts
    sentences: list[str] | None = None
    for match in _EMPHASIS_MID.finditer(raw):
        start, end = match.start(), match.end()
        ahead = raw[max(0, start - _WINDOW) : start].rstrip()
        if start <= opening or ahead.endswith(("*", ":")) or ahead.rsplit("\n", 1)[-1] == "-":
            continue  # a lead, read by the block forms
        after = raw[end : end + _WINDOW]
        words = ahead.rsplit(" ", 2)[-2:]
        before = words[-1].lower()
        if before in ("the", "a", "an") and len(words) == 2 and words[0] in _CALLED:
            before = words[0]  # "called the **normal equation**"
        elif before == "as" and len(words) == 2 and words[0].lower() == "such":
            before = "such as"  # "tasks such as **image classification**": an example
        if before in _PASSING:
            continue  # "tools like **LoRA**", "developed by **Meta AI**", "the word **bank**"
        doing = (
            _VERBISH.match(after)
            or (before == "in" and after.startswith(","))
            or _DESCRIBED_AFTER.match(after)
            or DENOTED.match(after)  # "The **learning rate**, denoted by alpha, is ..."
            # "a **hidden state** that carries information ..." (not "the first **sentence**
            # that ends ...": an article just before it; nor "A tokenizer is a **program**
            # that splits ...": the genus of its subject's definition, emphasised; a symbol's
            # is its name, "$\alpha$ is a **scaling hyperparameter** that ...")
            or (before in ("a", "an") and _THAT_DOES.match(after) and not _genus(ahead))
        )
        # "。**HybridFlow** 解耦控制流和计算流": a name opening a Chinese sentence
        opens = ahead.endswith(("。", "！", "？")) and bold_does(after, match.group("term"))
        # "... is a *false negative*.": the sentence says what the name is
        predicate = _SENTENCE_END.match(after) and _PREDICATE_BEFORE.search(ahead[-160:])
        # "... the inclusion of **model cards**. Model cards describe ...", "trained using
        # **span corruption**. In span corruption, a part ...": named, then explained
        explained = not doing and _explained_next(match.group("term"), after)
        # "Vertical splitting of the model (**Model Parallelism**)": the name of what the
        # words before the bracket say
        bracketed = (
            ahead.endswith("(")
            and after.startswith(")")
            and " " in ahead.strip()
            and (" " in match.group("term") or not match.group("term").islower())
        )  # (not "(**prevalent**)": a word)
        named = before in _NAMING_BEFORE or opens or predicate or bracketed
        if before in _CALLED and says_why_named(ahead):
            continue  # "This is why it is called *quadratic*": why the name, said before
        if not (doing or explained or named):
            continue
        if sentences is None:
            sentences = _sentences(raw)
        needle = plain(match.group())[0]
        said = _holding(sentences, needle, sentences[0] if sentences else "")
        if explained:
            said = first_sentences(" ".join(marked_plain(explained)[0].split()), 1)
        elif (glossed := _GLOSSED.match(after)) and not ahead.endswith(("-", "–", "—")):
            # "(Andrew notes **feature selection** - choosing ...)", not "a gate - **exit
            # gate** - that decides ...", an aside itself
            said = _gloss(match.group("term"), after[glossed.end() - 1 :]) or said
        at = line + raw.count("\n", 0, start)
        # "a 4D shape called an **error plane**": the sentence names it, as a called one does
        kind = "called" if before in _CALLED or bracketed else "emphasis"
        found.append((Proposal(match.group("term"), said, kind), at))
        if len(found) >= _MARKS:
            break  # no paragraph defines more names than this
    return found


_WINDOW = 300  # characters read on each side of an emphasised name
# a gloss after an emphasised name, set apart by a dash: "**parametric** - fit a fixed set"
_GLOSSED = compiled(r"\s+[-–—]\s+\w")
_GLOSS_END = compiled(r"\s[-–—]\s|\)|(?<=[.!?])\s+(?=[A-Z])|$")  # ($: always one)
# a book or paper after its title: "*AI Engineering* - Chip Huyen (2025)"
_CITED = compiled(r"[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3}(?:,? et al\.?)?,? \(?\d{4}")


def _gloss(term: str, glossed: str) -> str:
    """The name and its gloss alone (`glossed`: what follows the dash), where the dash,
    bracket or sentence around it ends: "feature selection - choosing which features to
    use"; "" for an author and a year."""
    text = " ".join(marked_plain(glossed)[0].split())
    end = _GLOSS_END.search(text)
    gloss = text[: end.start() if end else len(text)].rstrip(" .,;")
    return "" if _CITED.match(gloss) else f"{plain(term)[0]} - {gloss}"


# the sentence after an emphasised name that ends its own: "**span corruption**. In span
# corruption, a part of the input is masked ..."
_NEXT_SENTENCE = compiled(r"[.!?]\s+(?P<next>(?:(?:In|The|A|An|With)\s+)?(?P<name>[^\n]{2,60}))")
_ACRONYM_INSIDE = compiled(r"\(([A-Z][A-Za-z0-9-]{1,9})\)\s*$")  # "Causal Modeling (CLM)"


def _explained_next(term: str, after: str) -> str:
    """The next sentence, when it opens on the emphasised name (or the acronym in brackets
    after it) that ended the sentence before: its explanation; else ""."""
    following = _NEXT_SENTENCE.match(after)
    if following is None:
        return ""
    said = following.group("name").casefold()
    acronym = _ACRONYM_INSIDE.search(term)
    names = [_ACRONYM_INSIDE.sub("", term).strip().casefold()]
    names += [acronym.group(1).casefold()] if acronym else []
    for name in names:
        stem = name[:-1] if name.endswith("s") else name
        if said.startswith(stem) and not said[len(stem) : len(stem) + 3].strip("s").isalnum():
            return after[following.start("next") :]  # the window's rest: its sentence
    return ""


# MyST's definition role: "a {dfn}`feedforward network` takes an input vector ..."
_DFN = compiled(r"\{dfn\}`([^`\n]{2,60})`")
_MARKS = 50  # marked terms read in one paragraph


def marked_terms(raw: str, line: int) -> tuple[str, list[tuple[Proposal, int]]]:
    """Terms the author marks as defined where they stand (MyST's {dfn} role), each with its
    sentence; and the text with each mark made emphasis, for the other forms to read."""
    if "{dfn}`" not in raw:
        return raw, []
    marked = _DFN.sub(r"**\1**", raw)
    sentences = _sentences(marked)
    found = []
    for match, _ in zip(_DFN.finditer(raw), range(_MARKS), strict=False):  # a bounded number
        said = _holding(sentences, match.group(1), match.group(1))
        at = line + raw.count("\n", 0, match.start())
        found.append((Proposal(match.group(1), said, "called", 0.5), at))
    return marked, found


def _sentences(raw: str) -> list[str]:
    """A paragraph's sentences, split once for every name read in it."""
    return split_sentences(" ".join(marked_plain(raw)[0].split()))


def _holding(sentences: list[str], needle: str, otherwise: str) -> str:
    """The first sentence holding the name (else `otherwise`), as one definition's text."""
    return first_sentences(next((s for s in sentences if needle in s), otherwise), 1)
