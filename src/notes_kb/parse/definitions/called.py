"""Names given in so many words: "X is called Y", "This is known as Y", "we call this Y",
"a technique called Y", "a matrix (also known as Y)". Pure.

A name comes after the thing it names, so the term is what follows the naming words, and
what it names is the sentence (with the one before it, for "This is called Y").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from notes_kb.parse.definitions.lowered import reads_lowered
from notes_kb.parse.definitions.proposal import Proposal
from notes_kb.parse.definitions.split import first_sentences
from notes_kb.parse.definitions.words import strip_article
from notes_kb.parse.keys import concept_key
from notes_kb.parse.patterns import compiled

if TYPE_CHECKING:
    from notes_kb.model import Definition

_CALLED = compiled(
    r"\b(?P<subject>\w+)?\s*(?:is|are|was|were|'s|’s)\s+(?:also\s+|often\s+|sometimes\s+|usually\s+|"
    r"commonly\s+|generally\s+|then\s+)?(?:called|known as|refer+ed to as|termed|"
    r"named(?!\s+entit)|dubbed)"  # "answers are usually named entities": an adjective
    r"\s+(?:the\s+|a\s+|an\s+)?(?P<term>[^,;:.()!?\n]{1,60}?)\s*(?=[,;:.()!?]|$|\s(?:for short|"
    r"in short|because|since|and (?:it|is|are|was|has|can|could|will|may|uses|lets)|which|"
    r"that|where|but|so|when|if)\b)"
)
# "This unsupervised method, often called self-supervision, avoids ...": named in passing
_ALSO_CALLED = compiled(
    r"(?P<subject>),\s+(?:often\s+|also\s+|commonly\s+|sometimes\s+|usually\s+)?"
    r"(?:called|known as|referred to as|refered to as|termed|dubbed)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<term>[^,;:.()!?\n]{1,60}?)\s*(?=[,;:.()!?]|$|\s(?:which|that|where|who)\b)"
)
# "It has a hyperparameter named beam size", "we use a technique called dropout": a kind of
# thing (or "something"), then its name
_KIND_NAMED = compiled(
    r"(?:\bsomething(?:\s+new)?|\b(?:a|an|the|this)\s+(?:[\w-]+\s+){0,5}?(?:hyperparameter|parameter|technique|method|"
    r"approach|algorithm|process|phenomenon|problem|model|layer|function|metric|measure|"
    r"quantity|value|matrix|vector|trick|strategy|procedure|concept|property|component|"
    r"mechanism|architecture|network|loss|effect|operation|idea|framework|structure|unit|"
    r"block|cell|state|position|score|set|space|step|stage|quantity|term|dataset|corpus|"
    r"variable|distribution|classifier|line|curve|tree|graph|rule|system|table|chart|plot|"
    r"diagram|ratio|rate|factor|number|token|sequence|list|task|objective|chatbot|agent|"
    r"benchmark|library|tool|optimi[sz]er|encoder|decoder|scheme))\s+(?:called|named|"
    r"dubbed|termed|known as)\s+(?:the\s+|a\s+|an\s+)?"
    # a quoted name is read to its closing quote: 'a parameter called the "degrees of freedom"'
    r"(?P<term>“[^”\n]{1,60}”|\"[^\"\n]{1,60}\"|[^,;:.()!?\n]{1,60}?)\s*"
    r"(?=[,;:.()!?]|$|\s(?:which|that|where|to|for|and|is|in|of)\b)",
    re.I,
)
# "a symmetric matrix (also known as a proximity matrix)", "(aka skip-gram)": the bracket
# names what stands before it
_BRACKET_NAMED = compiled(
    r"\((?:also\s+|often\s+|sometimes\s+|usually\s+)?(?:called|known as|referred to as|termed|"
    r"dubbed|aka|a\.k\.a\.?)\s+(?:the\s+|a\s+|an\s+)?(?P<term>[^,;:()]{2,50}?)\s*\)",
    re.I,
)
_WE_CALL = compiled(
    r"\b(?:we|people|researchers|folks|you|they|the authors)\s+(?:often\s+|usually\s+|"
    r"sometimes\s+|will\s+|can\s+|shall\s+)?(?:call|term|name|refer to|called|termed|named|"
    r"referred to)\s+(?:(?:this|these|that|those)"
    r"(?:\s+[a-z]+(?=\s+(?:as\s+)?(?:the|a|an)\s))?|it|them|such \w+)"
    r"\s+(?:as\s+)?"
    r"(?:the\s+|a\s+|an\s+|our\s+)?(?P<term>[^,;:.()!?\n]{1,60}?)\s*(?=[,;:.()!?]|$)",
    re.I,
)
# "a simple dense detector we call RetinaNet": a thing, then the name the authors give it
_THING_WE_CALL = compiled(
    r"\b(?:a|an)\s+(?:[\w-]+\s+){0,4}?(?:that\s+|which\s+)?we\s+(?:call|name|dub)\s+"
    r"(?P<term>[A-Z][\w-]*(?:\s+(?!and\b|or\b)[\w-]+){0,3}?)\s*(?=[,;:.()!?]|$)"
)
# "* Called ConvNet for short" under what it names: the item or sentence before
_BARE_CALLED = compiled(
    r"^(?:[Aa]lso\s+|[Oo]ften\s+|[Uu]sually\s+)?(?:[Cc]alled|[Kk]nown as|[Rr]eferred to as|"
    r"[Tt]ermed|[Dd]ubbed)\s+(?:the\s+|a\s+|an\s+)?(?P<term>[^,;:.()!?\n]{1,60}?)\s*"
    r"(?=[,;:.()!?]|$|\s(?:for short|in short)\b)"
)
# a sentence naming what the one before it said: "This is called X", "Called X for short"
_NAMES_BEFORE = compiled(
    r"(?:(?:[Tt]his|[Tt]hese|It|[Tt]hat)\s+(?:\w+\s+){0,2}?(?:is|are)\s+(?:\w+\s+)?"
    r"(?:called|known as|referred to as|termed|dubbed)|"
    r"(?:Also |Often |Usually )?(?:Called|Known as|Termed|Dubbed))\s"
)
_WHAT_WE_CALL = compiled(
    r"\b(?:this|that|it)\s+is\s+what\s+(?:we|people)\s+call\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<term>[^,;:.()!?\n]{1,60}?)\s*(?=[,;:.()!?]|$)",
    re.I,
)
# what the naming patterns below need ("a tool call" has none), once one of "call", "known
# as", "termed", "named", "dubbed" or "refer" is in the sentence (a quicker test)
_NAMING_WORDS = (
    r"called|known as|referred to as|termed|named|dubbed|what\s+(?:we|people)\s+call\s|"
    r"(?:call(?:ed)?|term(?:ed)?|name[d]?|refer(?:red)? to)\s+(?:this|it|these|that|them|such)|"
    r"we\s+(?:call|name|dub)\s"
)
# "they introduce 'PinnerFormer' which is ...", "This paper proposes RAFT, a recipe for ...":
# a new name, then what it is
_INTRODUCED = compiled(
    r"\b(?:introduce[sd]?|propose[sd]?)\s+(?:the\s+)?[\"'‘“]?(?P<term>[A-Z][\w.+-]*"
    r"(?:[ -][A-Z][\w.+-]*){0,3})[\"'’”]?(?:\s*\([^()]{1,30}\))?,?\s+"
    r"(?=(?:which|that)\s+(?:is|are)\s|an?\s+[a-z])"
)
# "Aaronson defines complextropy of an n-bit string as ...", "we define the margin as ..."
_DEFINES_AS = compiled(
    r"\b(?:we|they|authors?|[A-Z][a-z]+)\s+define[sd]?\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<term>[A-Za-z][\w-]*(?:\s+[\w-]+){0,3}?)(?:\s+of\s+[^,;:]{1,40}?)?\s+as\b"
)
_NAMING = compiled(_NAMING_WORDS, re.I)
_NAMING_LOWER = compiled(_NAMING_WORDS)  # on lowercase text (see lowered.py)
# who opens a sentence whose bracket names its object: "It has one layer (called the ...)"
_SAYERS = frozenset(["this", "it", "that", "we", "they", "you", "these", "there"])
PRONOUN_SUBJECTS = frozenset(["this", "it", "that", "these", "those", "such", "which"])
_OR = compiled(r"\s+or\s+")
# tried in this order on each clause; `_BARE_CALLED` only at its start
_CALLS = (
    _CALLED,
    _WE_CALL,
    _WHAT_WE_CALL,
    _THING_WE_CALL,
    _ALSO_CALLED,
    _KIND_NAMED,
    _BARE_CALLED,
)


def names_before(sentence: str) -> bool:
    """The sentence opens by naming what the sentence (or item) before it said: "This is
    called experience replay.", "Called ConvNet for short"; called_proposals reads both."""
    return _NAMES_BEFORE.match(sentence) is not None


# where a sentence's clauses part: "; ", and "(,) and" before a clause of its own ("$a$ is
# known as the slope, and $b$ is known as the intercept")
_CLAUSES = compiled(r";|,?\s+and\s+(?=(?:the\s+)?\S+(?:\s+\S+)?\s+(?:is|are)\s)")


def called_proposals(flat: str, lower: str, previous: str) -> list[Proposal]:
    """The names a sentence gives (`flat`, and `lower` in lowercase); `previous` is the
    sentence before it (what "This is called X" names)."""
    found: list[Proposal] = []
    # the searches below try every position of the sentence: run them only where their
    # words are (most sentences have none), so a cold build stays fast
    calls = (
        "call" in lower
        or "known as" in lower
        or "termed" in lower
        or "named" in lower
        or "dubbed" in lower
        or "refer" in lower
    ) and _names(flat, lower)
    clauses = _CLAUSES.split(flat) if calls else []
    for clause in clauses:
        for pattern in _CALLS:  # which one found it, not `called.re`: see parse/patterns
            called = (
                _BARE_CALLED.match(clause.strip())
                if pattern is _BARE_CALLED
                else pattern.search(clause)
            )
            if not called:
                continue
            if called.group("term")[:1] in _QUOTES and _BECAUSE.match(clause, called.end()):
                continue  # 'It is called "naive" because it assumes ...': why the name
            if says_why_named(clause[: called.start("term")]):
                continue  # "This is why it is called quadratic": why the name, said before
            subject = (called.groupdict().get("subject") or "").lower()
            named_kind = pattern is _KIND_NAMED
            pronoun = subject in PRONOUN_SUBJECTS or pattern not in (_CALLED, _ALSO_CALLED)
            head = clause.strip().split(" ", 1)[0].lower()
            if named_kind:
                said = clause.strip()
            elif (pronoun or head in PRONOUN_SUBJECTS) and pattern is not _ALSO_CALLED:
                before = clause[: called.start()].split()
                relative = subject == "which" or (subject == "that" and bool(before))
                # "This approach is called X": the kind it names stands in the sentence
                kind_said = pattern is _CALLED and bool(subject) and not pronoun
                if not previous and len(before) < 6 and not relative and not kind_said:
                    continue  # "This is also called X" with nothing before says nothing
                # the sentence before says what is named, unless it only asked a question
                # or a clause of its own stands before "which is called X" ("It finds the
                # boundary with the largest distance, which is called the margin")
                said = (
                    clause.strip()
                    if previous.rstrip().endswith("?") or (relative and len(before) >= 6)
                    else (f"{_ended(previous)} {clause.strip()}".strip())
                )
            else:
                said = clause.strip()
                subject_words = clause[: called.start()] + (called.group("subject") or "")
                before = strip_article(subject_words).split()
                named = called.group("term").split()
                if 0 < len(before) <= 3 and len(named) > 3:
                    # "Entropy is known as the expected value of surprise": the subject is
                    # the name, what follows describes it
                    subject_term = " ".join(before)
                    found.append(Proposal(subject_term, first_sentences(said, 2, 400), "called"))
                    break
            # "is called few-shot learning or k-shot learning": one term, the other its alias
            for name in _OR.split(called.group("term"))[:1]:
                found.append(Proposal(name, first_sentences(said, 2, 400), "called"))
            break
    if len(clauses) > 1 and ";" not in flat:  # each name with the whole sentence saying it
        found = [Proposal(p.term, first_sentences(flat, 2, 400), p.kind) for p in found]
    if "(" in flat and (calls or "aka " in lower or "a.k.a" in lower):
        for bracket in _BRACKET_NAMED.finditer(flat):
            before = flat[: bracket.start()].split()
            if not before or (len(before) <= 5 and before[0].lower() not in _SAYERS):
                continue  # "Nucleus sampling (also called top-p) keeps ...": the subject's alias
            name = _OR.split(bracket.group("term"))[0]
            found.append(Proposal(name, first_sentences(flat, 1, 400), "called"))
    if not found and ("introduce" in lower or "propose" in lower):
        introduced = _INTRODUCED.search(flat)
        if introduced:
            found.append(
                Proposal(introduced.group("term"), first_sentences(flat, 2, 400), "called")
            )
    if not found and "define" in lower and " as" in lower:
        defined = _DEFINES_AS.search(flat)
        if defined:
            found.append(Proposal(defined.group("term"), first_sentences(flat, 2, 400), "called"))
    return found


def _ended(sentence: str) -> str:
    """A sentence read before another, ended by a full stop if it had none (an item's
    text before "- Called ConvNet for short")."""
    said = sentence.strip()
    return f"{said}." if said and said[-1].isalnum() else said


def _names(flat: str, lower: str) -> bool:
    """_NAMING found in the sentence, read in lowercase where that finds the same (see
    lowered.py)."""
    if reads_lowered(flat):
        return _NAMING_LOWER.search(lower) is not None
    return _NAMING.search(flat) is not None


_ALSO = compiled(
    r"^(?P<a>[^,;:()\n]{2,40}?)\s*(?:\(|,)\s*(?:also called|also known as|aka|a\.k\.a\.|or)\s+"
    r"(?P<b>[^,;:()\n]{2,40}?)\s*(?:\)|,)"
)
_ALSO_SAID = compiled(r"[(,]\s*(?:also called|also known as|aka|a\.k\.a\.|or)\s")  # quick


# "top-p: sampling restricted to ...; also called nucleus sampling.": the other name of the
# definition's term, in a clause of its own (not "... distance (also called the margin)")
_ALSO_SAID_OF_TERM = compiled(
    r"(?:^|[;.]\s+)(?:[Aa]lso|[Oo]ften|[Ss]ometimes|[Cc]ommonly)\s+(?:called|known as|"
    r"referred to as|termed)\s+(?:the\s+|a\s+|an\s+)?(?P<name>[^,;:.()!?\n]{2,40}?)\s*(?:[,;.!?]|$)"
)


def aliases_said(found: Iterable[Definition]) -> list[tuple[str, str, int]]:
    """The other names the definitions give their terms ("...; also called nucleus
    sampling"), as (name, term, line)."""
    return [
        (said.group("name"), d.term, d.line)
        for d in found
        if "lso " in d.text or "ften " in d.text or "ometimes " in d.text or "ommonly " in d.text
        for said in _ALSO_SAID_OF_TERM.finditer(d.text)
        if concept_key(said.group("name")) != concept_key(d.term)
    ]


def also_known_as(sentence: str) -> tuple[str, str] | None:
    """The name and the other name a sentence gives it: "Logits (also called scores) ...",
    "The KV cache, aka the key-value cache, ..."."""
    if "," not in sentence and "(" not in sentence:
        return None  # most sentences: the other name stands after a comma or a bracket
    also = _ALSO.match(sentence) if _ALSO_SAID.search(sentence) else None
    return (also.group("a"), also.group("b")) if also else None


_QUOTES = "\"'“”‘’"
_BECAUSE = compiled(r"\s*because\b")
_WHY = compiled(
    r"\bwhy\s+(?:it|this|they|these|we)\s+(?:(?:is|are|was|were)\s+)?(?:called|named|termed)\s*$",
    re.I,
)


def says_why_named(before: str) -> bool:
    """The words before a name say why it has the name: "This is why it is called" (the
    thing was said before; the name is no definition)."""
    return "why" in before.lower() and _WHY.search(before.rstrip(" *_\"'")) is not None


def unquoted(name: str) -> str:
    """A name without the quotes around it ('(aka "Inverted Dropout")' names Inverted
    Dropout); quotes inside it stay ('“clustered” or “sorted” storage')."""
    inner = name[1:-1]
    quoted = len(name) > 2 and name[0] in _QUOTES and name[-1] in _QUOTES
    return inner if quoted and not any(mark in inner for mark in _QUOTES) else name
