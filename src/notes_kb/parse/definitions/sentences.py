"""Definitions written as prose: one sentence at a time. Pure.

Each form proposes a candidate (term, text, kind, evidence); the finder cleans the term and
scores it (see score.py), so a form may be generous: "X is a ...", "X measures ...",
"... This is called X", "X, a technique that ...", "linear probes (a logistic regression
on frozen features)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notes_kb.parse.definitions.acronyms import ACRONYM
from notes_kb.parse.definitions.split import first_sentences, flatten, shared_head
from notes_kb.parse.definitions.verbs import DEFINING_VERBS, one_of
from notes_kb.parse.definitions.words import strip_article


@dataclass(frozen=True)
class Proposal:
    """A possible definition: the raw term, what defines it, the form, extra evidence."""

    term: str
    text: str
    kind: str
    evidence: float = 0.0


_DISCOURSE = re.compile(
    r"^(?:note that|remember that|recall that|in short,?|basically,?|essentially,?|so,|"
    r"thus,|hence,|in other words,?|simply put,?|put simply,?|whereas|while|"
    r"on the other hand,?|in contrast,?|by contrast,?|similarly,?|likewise,?|alternatively,?)\s+",
    re.I,
)
_LABEL = re.compile(r"^[A-Z][a-z]+(?: [a-z]+)?:\s+(?=[A-Z])")
# "The term telemetry refers to ...": the term is telemetry; "Term frequency is" names itself
_SUBJECT = (
    r"(?:(?:A|An|The)\s+(?:(?:term|word|phrase|notion of|concept of|idea of)\s+(?=\S+\s))?)?"
    r"(?P<term>[^,;:()\n]{1,60}?)"
)
# an aside after the subject: its acronym "(RAG)", or "(also called top-p)"
_ASIDE = r"(?:\s*\((?:(?P<short>" + ACRONYM + r")|[^()]{1,60})\))?"
# "X is a/an/the ...": the rest must open like a description, not a verdict or comparison
_IS_A = re.compile(
    _SUBJECT + _ASIDE + r"\s+(?:is|are)\s+(?:(?:basically|"
    r"essentially|simply|just|usually|typically|generally|roughly)\s+)?"
    r"(?P<rest>(?:a|an|the|one of the|any|short for)\s+(?!(?:same|only|best|worst|first|last|"
    r"next|default|reason|problem|answer|result|goal|point|idea|catch|trick|difference|case|"
    r"key|main|bottleneck|hard part|easy part|thing|output|input|basis|heart|core|foundation|"
    r"backbone|cornerstone|reason)\b)"
    r"(?!(?:\S+\s+){0,3}(?:case|example|culprit|winner|limit)\b)\S.*|"
    r"(?:used|how|when|where|defined|computed|measured|designed to|meant to|intended to)\s+\S.*|"
    r"(?!(?:then|also|now|still|often|usually|typically|mostly|mainly|more|less)\b)"
    r"(?:[\w-]+\s+){0,3}?(?!(?:to|of|than|so|such|as|like|in|on|with|for|and|or|but)\s)"
    r"[\w-]+\s+(?:that|which|where|who|whose|in which)\s+\S.*|"
    r"(?![\w-]+ed\s)[\w-]+\s+(?:with|without|plus|minus|applied to)\s+\S.*)",
)
# "Greedy search is just picking the most likely word": what it amounts to doing
_IS_DOING = re.compile(
    _SUBJECT + _ASIDE + r"\s+(?:is|are)\s+(?:just|simply|basically|essentially)\s+"
    r"(?P<rest>[a-z]{3,}ing\s+\S.*)"
)
# "Word embeddings are distributed representations of words ...": a plural subject and what
# kind of thing each is, without an article
_ARE_KINDS = re.compile(
    _SUBJECT + _ASIDE + r"\s+are\s+(?P<rest>(?!(?:then|also|now|still|often|usually|more|less|"
    r"not|very|quite|really|just|only|all|both|two|three|many|some|few|used|made|good|bad)\b)"
    r"(?:[\w-]+\s+){0,2}[\w-]+(?<!s)s\s+(?:of|for|that|which|used|in|from|over)\s+\S.*)"
)
_VERBS = "|".join(DEFINING_VERBS) + (
    r"|is the (?:process|practice|act|art|task|study|idea|method|technique) of|"
    r"are the (?:process|practice) of"
)
_VERB_FORM = re.compile(
    _SUBJECT
    + _ASIDE
    + r"\s+(?:typically\s+|usually\s+|generally\s+|often\s+|commonly\s+|simply\s+|also\s+)?"
    + r"(?P<verb>"
    + _VERBS
    + r")"
    r"(?!\s+(?:is|are|was|were|can|will|of)\b)\s+\S"
)
# "Contrastive learning pulls embeddings of matching pairs together": a subject doing what
# it is for, in the opening sentence of a paragraph
_SUBJECT_DOES = re.compile(
    r"(?:(?:A|An|The)\s+)?(?P<term>[A-Za-z][\w'’/-]*(?:\s+[\w'’/-]+){0,4}?)"
    + _ASIDE
    + r"\s+(?:instead\s+|also\s+|simply\s+|basically\s+|"
    r"essentially\s+|just\s+)?(?P<verb>has|(?!(?:this|its|was|does|gets|seems|looks|"
    r"needs|works|helps|matters|happens|goes|comes|makes sense|continues|remains|starts|stays|"
    r"supports|includes|contains|provides|offers|ships|lands|comes|models|tokens|weights|"
    r"layers|features|parameters|embeddings|vectors|outputs|inputs|results|values|labels|"
    r"samples|examples|items|notes|documents|papers|always|sometimes|perhaps|afterwards|"
    r"towards|nevertheless|besides|thus|nowadays|sidesteps)\b)[a-z]{2,}[^s\W]s)\s+"
    r"(?!(?:is|are|was|were|test|give|throw|explode|make|take|use|have|need|help|work|learn|"
    r"get|keep|show|do|tend|seem|become|cause|require|allow|let|depend|can|could|should|"
    r"would|will|may|might|must|did|start|stop|try|run|fail|only|also|often|usually|of)\b)\w"
)
# "Activation functions in neural networks help find ...": a plural subject doing what it
# is for, in the opening sentence of a paragraph
_PLURAL_DO = re.compile(
    r"(?P<term>[A-Za-z][\w'’/-]*(?:\s+[\w'’/-]+){0,3}?s)" + _ASIDE + r"\s+(?:also\s+|simply\s+)?"
    r"(?P<verb>help|make|allow|let|map|turn|take|use|compute|learn|store|measure|control|"
    r"describe|represent|encode|reduce|prevent|add|remove|combine|replace|split|generate|"
    r"predict|provide|capture|keep|decide|transform|convert|assign|group|rank|score|"
    r"estimate|approximate|introduce|pull|push|penalise|penalize|scale)\s+\w"
)
_CALLED = re.compile(
    r"\b(?P<subject>\w+)?\s*(?:is|are|was|were)\s+(?:also\s+|often\s+|sometimes\s+|usually\s+|"
    r"commonly\s+|generally\s+|then\s+)?(?:called|known as|refer+ed to as|termed|named|dubbed)"
    r"\s+(?:the\s+|a\s+|an\s+)?(?P<term>[^,;:.()!?\n]{1,60}?)\s*(?=[,;:.()!?]|$|\s(?:for short|"
    r"in short|because|since|and (?:it|is|are|was|has|can|could|will|may|uses|lets)|which|"
    r"that|where|but|so|when|if)\b)"
)
# "This unsupervised method, often called self-supervision, avoids ...": named in passing
_ALSO_CALLED = re.compile(
    r"(?P<subject>),\s+(?:often\s+|also\s+|commonly\s+|sometimes\s+|usually\s+)?"
    r"(?:called|known as|referred to as|refered to as|termed|dubbed)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<term>[^,;:.()!?\n]{1,60}?)\s*(?=[,;:.()!?]|$|\s(?:which|that|where|who)\b)"
)
# "It has a hyperparameter named beam size", "we use a technique called dropout": a kind of
# thing, then its name
_KIND_NAMED = re.compile(
    r"\b(?:a|an|the|this)\s+(?:[\w-]+\s+){0,2}?(?:hyperparameter|parameter|technique|method|"
    r"approach|algorithm|process|phenomenon|problem|model|layer|function|metric|measure|"
    r"quantity|value|matrix|vector|trick|strategy|procedure|concept|property|component|"
    r"mechanism|architecture|network|loss|effect|operation|idea|framework|structure|unit|"
    r"block|cell|state|position|score|set|space|step|stage|quantity|term)\s+(?:called|named|"
    r"dubbed|termed|known as)\s+(?:the\s+|a\s+|an\s+)?(?P<term>[^,;:.()!?\n]{1,60}?)\s*"
    r"(?=[,;:.()!?]|$|\s(?:which|that|where|to|for|and|is|in|of)\b)",
    re.I,
)
_WE_CALL = re.compile(
    r"\b(?:we|people|researchers|folks|you)\s+(?:often\s+|usually\s+|sometimes\s+)?"
    r"(?:call|term|name|refer to)\s+(?:(?:this|these|that|those)"
    r"(?:\s+[a-z]+(?=\s+(?:as\s+)?(?:the|a|an)\s))?|it|them|such \w+)"
    r"\s+(?:as\s+)?"
    r"(?:the\s+|a\s+|an\s+)?(?P<term>[^,;:.()!?\n]{1,60}?)\s*(?=[,;:.()!?]|$)",
    re.I,
)
_WHAT_WE_CALL = re.compile(
    r"\b(?:this|that|it)\s+is\s+what\s+(?:we|people)\s+call\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<term>[^,;:.()!?\n]{1,60}?)\s*(?=[,;:.()!?]|$)",
    re.I,
)
_APPOSITIVE = re.compile(
    r"(?P<term>[^,;:()\n]{1,50}?),\s+(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?(?:that|which|who|"
    r"where|used|for|in which|whose|to|with)\b|"
    r"which\s+(?:is|are|means|refers|measures|describes)\b|"
    r"(?:i\.e\.|ie|aka|a\.k\.a\.),?\s)"
)
_OPEN_BRACKET = r"\((?:i\.e\.?,?\s*|ie,?\s+|a\.k\.a\.?\s+|aka\s+|also called\s+)?"
_BRACKET = re.compile(
    r"(?P<before>(?:[\w-]+\s+){0,3}[\w-]+)\s+"
    + _OPEN_BRACKET
    + r"(?P<def>(?:a|an|the)\s+[^()]{10,160}|(?:how|what|which) [^()]{8,160})\)"
)
# what every _BRACKET match holds: a cheap search before the costly one
_BRACKET_OPENS = re.compile(_OPEN_BRACKET + r"(?:(?:a|an|the)\s|(?:how|what|which) )")
_LEADING_BRACKET = re.compile(
    r"(?P<term>[^,;:()\n]{1,50}?)\s+\((?:i\.e\.?,?\s*|ie,?\s+|a\.k\.a\.?\s+|aka\s+)?"
    r"(?P<def>(?:a|an|the)\s+[^()]{10,160})\)"
)
_IS_NAME_COMMA = re.compile(
    r"\b(?:is|are)\s+(?:called\s+)?(?P<term>[A-Z][\w-]*[A-Z0-9][\w-]*(?:\s[\w-]+){0,2}|"
    r"[A-Z][\w-]+(?:\s[A-Z][\w-]+){1,3}),\s+(?:a|an)\s+[\w-]+"
)
_ARE = re.compile(r"(?:\s*\([^()]*\))?\s+are\b")
_OR = re.compile(r"\s+or\s+")
_AND = re.compile(r"\s+(?:and|&)\s+(?=\S+\s+\S+)")
_GENERIC_KIND = re.compile(r"(?:A|An)\s")
# "... we might use gradient checkpointing, which involves recomputing ...", "we can use BM25
# which is a variant of TF-IDF": the phrase before "which"
_WHICH_DOES = (
    r"(?:which|that)\s+(?:involves|is a|is an|are a|means|refers to|describes|measures|computes|"
    r"lets|allows|consists of|works by)\b"
)
_MID_WHICH = re.compile(
    r"(?P<before>(?:[\w-]+\s+){0,3}[\w-]+)(?:,\s+|\s+(?=which\s+(?:is|are)\s+(?:a|an)\s))"
    + _WHICH_DOES
)
_WHICH_SAID = re.compile(_WHICH_DOES)  # quick: the words before are read only after it
_BOUNDARY_WORDS = frozenset(
    "a an the of to we i you they it then and or with on in for by use uses using used call "
    "called train trained add added via from into is are was were be our my your their its "
    "this that these those some each per as at".split()
)
_VERB_HINT = re.compile(" " + one_of([*DEFINING_VERBS, "is the", "are the"]))
# what the naming patterns below need ("a tool call" has none), once one of "call", "known
# as", "termed", "named", "dubbed" or "refer" is in the sentence (a quicker test)
_NAMING_WORDS = (
    r"called|known as|referred to as|termed|named|dubbed|what\s+(?:we|people)\s+call\s|"
    r"(?:call|term|name|refer to)\s+(?:this|it|these|that|them|such)"
)
_NAMING = re.compile(_NAMING_WORDS, re.I)
_NAMING_LOWER = re.compile(_NAMING_WORDS)  # on lowercase ASCII: `re.I` searches slowly
PRONOUN_SUBJECTS = frozenset(["this", "it", "that", "these", "those", "such", "which"])


# the words the forms need that start at a space (see triggered): `re` skips ahead to one
_TRIGGER = re.compile(
    # "is" only where a description can follow it (the sentence forms need one of these)
    r" (?:(?:is|are) (?:a|an|the|one|any|used|how|when|where|defined|computed|measured|"
    r"short|designed|meant|intended|"
    r"basically|essentially|simply|just|usually|typically|generally|roughly|also|often|"
    r"sometimes|commonly|then)\b|"
    r"(?:is|are) [\w-]+ (?:[\w-]+ ){0,3}?(?:that|which|where|who|whose|with|without|plus)\b|"
    + one_of([*DEFINING_VERBS, "has"])
    + r"\b)"
)
_TRIGGER_ASIDE = re.compile(r", (?:a|an|which|that|i\.e|ie|aka)\b")


def triggered(sentence: str) -> bool:
    """The sentence holds a word one of the forms needs (most hold none: they are read no
    further). "(", "call", "known as", "termed", "named" and "dubbed" are looked for first."""
    return (
        "(" in sentence
        or "call" in sentence
        or "known as" in sentence
        or "termed" in sentence
        or "named" in sentence
        or "dubbed" in sentence
        or _TRIGGER.search(sentence) is not None
        or (", " in sentence and _TRIGGER_ASIDE.search(sentence) is not None)
    )


def sentence_proposals(
    sentence: str, previous: str, following: str, opening: bool, paragraph: bool = True
) -> list[Proposal]:
    """What one sentence may define. `previous` is the sentence before it in the paragraph
    (what "This is called X" names); `following` the text from this sentence on."""
    flat = flatten(sentence)
    found: list[Proposal] = []
    if ":" in flat:
        flat = _LABEL.sub("", flat, count=1)  # "Benchmark: MTEB (...) covers ..." reads on
    discourse = _DISCOURSE.match(flat)  # "Note that gradient boosting has ..."
    if discourse:
        flat = flat[discourse.end() :]
    lower = flat.lower()
    generic = _GENERIC_KIND.match(flat) is not None  # "An episodic task has ...": any sentence
    does = [(_SUBJECT_DOES, 0.0 if generic else -0.4)] if generic or opening else []
    if opening and paragraph:
        does.append((_PLURAL_DO, -0.4))
    head = lower[:90]  # a subject is at most 60 characters: its verb comes early
    forms = [(_IS_A, 0.0)] if " is " in head or " are " in head else []
    if " are " in head:
        forms.append((_ARE_KINDS, 0.0))
    if " just " in head or " simply " in head or "ally " in head:
        forms.append((_IS_DOING, -0.2))
    if _VERB_HINT.search(head):
        forms.append((_VERB_FORM, 0.0))
    forms += does
    for pattern, weight in forms:
        match = pattern.match(flat)
        if (
            match
            and pattern is _SUBJECT_DOES
            and any(_plural(word) for word in match.group("term").split())
        ):
            continue  # "Hard negatives pull", "Matryoshka embeddings aggregate losses"
        if (
            match
            and pattern is _PLURAL_DO
            and (not _plural(match.group("term")) or " " not in match.group("term").strip())
        ):
            continue  # "Characters make sequences long": one plain plural word is no name
        if match and pattern is _SUBJECT_DOES and not generic and not _named(match.group("term")):
            continue  # "Ryan has ...", "Search finds ...": one plain word doing a thing
        if match:
            evidence = (0.5 if opening else 0.0) + weight
            text = first_sentences(following)
            # "Frequency penalty and presence penalty are ...": both are defined (with "is",
            # "Least Absolute Shrinkage and Selection Operator" is one name)
            plural = _ARE.match(flat, match.end("term"))
            for term in (
                shared_head(_AND.split(match.group("term"))) if plural else [match.group("term")]
            ):
                found.append(Proposal(term, text, "sentence", evidence))
            break
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
    for clause in flat.split(";") if calls else ():
        for called in (
            _CALLED.search(clause),
            _WE_CALL.search(clause),
            _WHAT_WE_CALL.search(clause),
            _ALSO_CALLED.search(clause),
            _KIND_NAMED.search(clause),
        ):
            if not called:
                continue
            subject = (called.groupdict().get("subject") or "").lower()
            named_kind = called.re is _KIND_NAMED
            pronoun = subject in PRONOUN_SUBJECTS or called.re not in (_CALLED, _ALSO_CALLED)
            head = clause.strip().split(" ", 1)[0].lower()
            if named_kind:
                said = clause.strip()
            elif (pronoun or head in PRONOUN_SUBJECTS) and called.re is not _ALSO_CALLED:
                before = clause[: called.start()].split()
                if not previous and len(before) < 6 and subject != "which":
                    continue  # "This is also called X" with nothing before says nothing
                # the sentence before says what is named, unless it only asked a question
                said = (
                    clause.strip()
                    if previous.rstrip().endswith("?")
                    else (f"{previous.strip()} {clause.strip()}".strip())
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
    aside = ", a " in lower or ", an " in lower
    if not found and aside and (" is " in lower or " are " in lower):
        named_after = _IS_NAME_COMMA.search(flat)  # "The usual loss is InfoNCE, a softmax ..."
        if named_after:
            said = first_sentences(flat[named_after.start("term") :], 1)
            found.append(Proposal(named_after.group("term"), said, "appositive"))
    if not found and (aside or "(" in flat or ", which" in lower or "i.e" in lower):
        for pattern in (_APPOSITIVE, _LEADING_BRACKET):
            match = pattern.match(flat)
            if match:
                found.append(
                    Proposal(match.group("term"), first_sentences(following), "appositive")
                )
                break
    if not found and (", which " in lower or ", that " in lower or " which is a" in lower):
        which = _MID_WHICH.search(flat) if _WHICH_SAID.search(flat) else None
        term = which and _bracket_term(which.group("before"))
        if which and term and which.start() > 0:
            found.append(Proposal(term, first_sentences(flat[which.start() :], 1), "appositive"))
    if not found and "(" in flat and _BRACKET_OPENS.search(flat):
        for match in _BRACKET.finditer(flat):
            term = _bracket_term(match.group("before"))
            if term:
                found.append(Proposal(term, f"{term}: {match.group('def')}", "bracket"))
    return found


def _names(flat: str, lower: str) -> bool:
    """_NAMING found in the sentence, read in lowercase when the sentence is ASCII (then
    the same: `re.I` only adds the Kelvin sign to "k", the dotless i to "i" and the like)."""
    if flat.isascii():
        return _NAMING_LOWER.search(lower) is not None
    return _NAMING.search(flat) is not None


def _named(term: str) -> bool:
    """A subject that reads as a name: two words or more, or an acronym, inner capitals, a
    digit or a hyphen."""
    return (
        " " in term.strip()
        or any(c.isdigit() or c == "-" for c in term)
        or any(c.isupper() for c in term[1:])
    )


def _plural(term: str) -> bool:
    last = term.split()[-1].lower()
    return last.endswith("s") and not last.endswith(("ss", "us", "is", "ness"))


def _bracket_term(before: str) -> str | None:
    """The noun phrase just before a bracketed definition: at most three words, cut at the
    first function word from the right ("we then train linear probes" -> "linear probes")."""
    words = before.split()
    kept: list[str] = []
    for word in reversed(words):
        if word.lower() in _BOUNDARY_WORDS:
            break
        kept.insert(0, word)
    else:
        if len(kept) == 3:
            kept = kept[1:]  # no boundary word seen: the first may be a verb
    return " ".join(kept) if kept else None
