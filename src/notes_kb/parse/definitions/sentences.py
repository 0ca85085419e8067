"""Definitions written as prose: one sentence at a time. Pure.

Each form proposes a candidate (term, text, kind, evidence); the finder cleans the term and
scores it (see score.py), so a form may be generous: "X is a ...", "X measures ...",
"... This is called X", "X, a technique that ...", "linear probes (a logistic regression
on frozen features)".
"""

from __future__ import annotations

import re

from notes_kb.parse.definitions.acronyms import ACRONYM
from notes_kb.parse.definitions.asides import aside_proposals, proposed_name
from notes_kb.parse.definitions.called import called_proposals
from notes_kb.parse.definitions.proposal import Proposal
from notes_kb.parse.definitions.split import first_sentences, flatten, shared_head
from notes_kb.parse.definitions.verbs import DEFINING_VERBS, PLURAL_VERBS, one_of
from notes_kb.parse.keys import common_word
from notes_kb.parse.patterns import compiled

_DISCOURSE = compiled(
    r"^(?:note that|remember that|recall that|in short,?|basically,?|essentially,?|so,|"
    r"thus,|hence,|in other words,?|simply put,?|put simply,?|whereas|while|"
    r"on the other hand,?|in contrast,?|by contrast,?|similarly,?|likewise,?|alternatively,?)\s+",
    re.I,
)
_LABEL = compiled(
    r"^[A-Z][a-z]+(?: [a-z]+)?:\s+(?=[A-Z])|"
    r"^(?:Note|NB|N\.B\.|Tip|Remember|Recall|Aside|Update|Edit|PS|P\.S\.|FYI):\s+"  # "Note: word"
)
# "The term telemetry refers to ...": the term is telemetry; "Term frequency is" names itself
_SUBJECT = (
    r"(?:(?:A|An|The)\s+(?:(?:term|word|phrase|notion of|concept of|idea of)\s+(?=\S+\s))?)?"
    r"(?P<term>[^,;:()\n]{1,60}?)"
)
# an aside after the subject: its acronym "(RAG)", or "(also called top-p)"
_ASIDE = r"(?:\s*\((?:(?P<short>" + ACRONYM + r")|[^()]{1,60})\))?"
# "X is a/an/the ...": the rest must open like a description, not a verdict or comparison
_IS_A = compiled(
    _SUBJECT + _ASIDE + r"\s+(?:is|are)\s+(?:(?:basically|"
    r"essentially|simply|just|usually|typically|generally|roughly)\s+)?"
    r"(?P<rest>(?:a|an|the|one of the|any|short for|another)\s+(?!(?:same|only|best|worst|"
    r"first|last|next|default|reason|problem|challenge|limitation|drawback|advantage|"
    r"benefit|concern|answer|result|goal|point|idea|catch|trick|difference|case|"
    r"key|main|bottleneck|hard part|easy part|thing|output|input|basis|heart|core|foundation|"
    r"backbone|cornerstone|reason)\b)"
    r"(?!(?:\S+\s+){0,3}(?:case|example|culprit|winner|limit)\b)\S.*|"
    r"(?:used|how|when|where|defined|computed|measured|designed to|meant to|intended to)\s+\S.*|"
    r"(?!(?:then|also|now|still|often|usually|typically|mostly|mainly|more|less)\b)"
    r"(?:[\w-]+\s+){0,3}?(?!(?:to|of|than|so|such|as|like|in|on|with|for|and|or|but)\s)"
    r"[\w-]+\s+(?:that|which|where|who|whose|in which)\s+\S.*|"
    r"(?![\w-]+ed\s)[\w-]+\s+(?:with|without|plus|minus|applied to)\s+\S.*)",
)
# "$P(\Theta)$ is the prior probability of the model parameters": a symbol, then the name of
# what it stands for
_SYMBOL_IS = compiled(
    r"^\$[^$\n]{1,40}\$\s+(?:is|are|denotes|represents)\s+the\s+"  # ("is a scalar": a kind)
    r"(?P<term>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}?)(?=\s*(?:[,.;:(]|$)|\s+[-–—$]|"
    # "- a gloss", "$...$ a formula", "mapping sequences to actions": the name has ended
    r"\s+[a-z]+ing\s|\s+(?:of|for|given|that|which|used|between|in|on|at|to|and|or|with|from|"
    r"by)\b)"
)
# "Greedy search is just picking the most likely word": what it amounts to doing
_IS_DOING = compiled(
    _SUBJECT + _ASIDE + r"\s+(?:is|are)\s+(?:just|simply|basically|essentially)\s+"
    r"(?P<rest>[a-z]{3,}ing\s+\S.*)"
)
# "Word embeddings are distributed representations of words ...": a plural subject and what
# kind of thing each is, without an article
_ARE_KINDS = compiled(
    _SUBJECT + _ASIDE + r"\s+are\s+(?P<rest>(?!(?:then|also|now|still|often|usually|more|less|"
    r"not|very|quite|really|just|only|all|both|two|three|many|some|few|used|made|good|bad)\b)"
    r"(?:[\w-]+\s+){0,2}[\w-]+(?<!s)s\s+(?:of|for|that|which|used|in|from|over)\s+\S.*)"
)
_VERBS = "|".join(DEFINING_VERBS) + (
    r"|is the (?:process|practice|act|art|task|study|idea|method|technique) of|"
    r"are the (?:process|practice) of"
)
_VERB_FORM = compiled(
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
_SUBJECT_DOES = compiled(
    r"(?:(?:A|An|The)\s+)?(?P<term>[A-Za-z][\w'’/-]*(?:\s+[\w'’/-]+){0,4}?)"
    + _ASIDE
    + r"\s+(?:instead\s+|also\s+|simply\s+|basically\s+|"
    r"essentially\s+|just\s+)?(?P<verb>has|(?!(?:this|its|was|does|gets|seems|looks|"
    r"needs|works|helps|matters|happens|goes|comes|makes sense|continues|remains|starts|stays|"
    r"supports|includes|contains|provides|offers|ships|lands|comes|models|tokens|weights|"
    r"layers|features|parameters|embeddings|vectors|outputs|inputs|results|values|labels|"
    r"samples|examples|items|notes|documents|papers|always|sometimes|perhaps|afterwards|"
    r"towards|nevertheless|besides|thus|nowadays|sidesteps|systems|methods|algorithms|"
    r"problems|teams|metrics|tasks|terms|functions|networks|engineers|projects|products|"
    r"applications|tools|agents|experiments|pipelines|frameworks|models|components|blocks|"
    r"distributions|units|words|sentences|rules|nodes|edges|objects|images|files|keys|types|"
    r"kinds|techniques|approaches|strategies|settings|options|chunks|messages|templates|"
    r"datasets|benchmarks|gradients|neurons|architectures|representations|predictions|"
    r"operations|instructions|variables|modules|libraries|packages|runnables|calls|gains|"
    r"coordinates|descriptors|[a-z]+(?:sis|xis))\b)"  # "data analysis", "x axis": no verbs
    r"[a-z]{2,}[^s\W]s)\s+"
    r"(?!(?:is|are|was|were|test|give|throw|explode|make|take|use|have|need|help|work|learn|"
    r"get|keep|show|do|tend|seem|become|cause|require|allow|let|depend|can|could|should|"
    r"would|will|may|might|must|did|start|stop|try|run|fail|only|also|often|usually|of)\b)\w"
)
# "Activation functions in neural networks help find ...": a plural subject doing what it
# is for, in the opening sentence of a paragraph
_PLURAL_DO = compiled(
    r"(?P<term>[A-Za-z][\w'’/-]*(?:\s+[\w'’/-]+){0,3}?s)" + _ASIDE + r"\s+(?:also\s+|simply\s+)?"
    r"(?P<verb>" + PLURAL_VERBS + r")\s+\w"
)
_ARE = compiled(r"(?:\s*\([^()]*\))?\s+are\b")
_AND = compiled(r"\s+(?:and|&)\s+(?=\S+\s+\S+)")
_GENERIC_KIND = compiled(r"(?:A|An)\s")
_VERB_HINT = compiled(" " + one_of([*DEFINING_VERBS, "is the", "are the"]))


# the words the forms need that start at a space (see triggered): `re` skips ahead to one
_TRIGGER = compiled(
    # "is" only where a description can follow it (the sentence forms need one of these)
    r" (?:(?:is|are) (?:a|an|the|one|any|another|used|how|when|where|defined|computed|measured|"
    r"short|designed|meant|intended|"
    r"basically|essentially|simply|just|usually|typically|generally|roughly|also|often|"
    r"sometimes|commonly|then)\b|"
    r"(?:is|are) [\w-]+ (?:[\w-]+ ){0,3}?(?:that|which|where|who|whose|with|without|plus)\b|"
    + one_of([*DEFINING_VERBS, "has"])
    + r"\b)"
)
_TRIGGER_ASIDE = compiled(r", (?:a|an|which|that|i\.e|ie|aka)\b")


def triggered(sentence: str) -> bool:
    """The sentence holds a word one of the forms needs (most hold none: they are read no
    further). "(", "call", "known as", "termed", "named", "dubbed", "propose" and "Their" are
    looked for first."""
    return (
        "(" in sentence
        or "call" in sentence
        or "known as" in sentence
        or "termed" in sentence
        or "named" in sentence
        or "dubbed" in sentence
        or "refer to" in sentence
        or "referred to" in sentence
        or (("propose" in sentence or "Their " in sentence) and proposed_name(sentence))
        or _TRIGGER.search(sentence) is not None
        or (", " in sentence and _TRIGGER_ASIDE.search(sentence) is not None)
    )


_IS_ARE = compiled(r"\s(?:is|are) ")  # what says_kind needs
_NAMING_CAPITALS = ("Called", "Known as", "Termed", "Dubbed")  # names_before's, not triggered's


def item_read(text: str, preceding: bool) -> bool:
    """Some sentence of a list item's text may be read by the sentence forms: it holds what
    `triggered`, `says_kind`, "An " or (after a `preceding` paragraph) `names_before`
    needs. Each is a piece of the sentence, so of the text (an item without one is not split
    into sentences)."""
    return (
        triggered(text)
        or "An " in text
        or ", where " in text  # "- Collaborative filtering, where recs are based on ..."
        or _IS_ARE.search(text) is not None
        or (preceding and any(word in text for word in _NAMING_CAPITALS))
    )


# where the verb of a form opening on a subject may stand: after a space, before the first
# mark no subject holds (an aside opens with "("); it is an adverb, "is", "are" or the first
# word of a defining verb (_IS_A, _ARE_KINDS, _IS_DOING, _VERB_FORM), or a verb of
# _SUBJECT_DOES or _PLURAL_DO, whose subjects are words only
_SUBJECT_STOP = compiled(r"[,;:()\n]")
_LEAD_VERB = compiled(
    r"\s"
    + one_of(
        {"is", "are", "typically", "usually", "generally", "often", "commonly", "simply", "also"}
        | {verb.split()[0] for verb in DEFINING_VERBS}
    )
)
_DOES_STOP = compiled(r"[^\w\s'’/-]")
_DOES_VERB = compiled(r"\s(?:has|[a-z]{2,}[^s\W]s|" + PLURAL_VERBS + r")\s")


def _verb_early(flat: str, stop: re.Pattern[str], verb: re.Pattern[str]) -> bool:
    """A verb the forms need stands before the first `stop`, or an aside may (a quick test
    before the forms, which try every length of the subject)."""
    found = stop.search(flat)
    return found is None or found.group() == "(" or verb.search(flat, 0, found.start()) is not None


def sentence_proposals(
    sentence: str, previous: str, following: str, opening: bool, paragraph: bool = True
) -> list[Proposal]:
    """What one sentence may define. `previous` is the sentence before it in the paragraph
    (what "This is called X" names); `following` the text from this sentence on."""
    flat = flatten(sentence)
    found: list[Proposal] = []
    if ":" in flat and _LABEL.match(flat):  # "Benchmark: MTEB (...) covers ..." reads on
        flat = _LABEL.sub("", flat, count=1)
        following = _LABEL.sub("", following, count=1)  # and the text leaves the label out
    discourse = _DISCOURSE.match(flat)  # "Note that gradient boosting has ..."
    if discourse:
        flat = flat[discourse.end() :]
    lower = flat.lower()
    generic = _GENERIC_KIND.match(flat) is not None  # "An episodic task has ...": any sentence
    does = [(_SUBJECT_DOES, 0.0 if generic else -0.4)] if generic or opening else []
    if opening and paragraph:
        does.append((_PLURAL_DO, -0.4))
    if does and not (flat[:1].isalpha() and _verb_early(flat, _DOES_STOP, _DOES_VERB)):
        does = []
    forms: list[tuple[re.Pattern[str], float]] = []
    if _verb_early(flat, _SUBJECT_STOP, _LEAD_VERB):
        head = lower[:90]  # a subject is at most 60 characters: its verb comes early
        if " is " in head or " are " in head:
            forms.append((_IS_A, 0.0))
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
    found += called_proposals(flat, lower, previous)
    # "$P(X)$ is the marginal likelihood, ...": (the symbol itself, proposed above, is no term)
    if flat[:1] == "$" and all(p.term.startswith("$") for p in found):
        symbol = _SYMBOL_IS.match(flat)
        if symbol and (" " in symbol.group("term") or not common_word(symbol.group("term"))):
            found.append(Proposal(symbol.group("term"), first_sentences(following, 1), "sentence"))
    return found + aside_proposals(flat, lower, following, paragraph, bool(found))


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


# a sentence saying what kind of thing its subject is: "Tensors are series of scalars ..."
_IS_A_KIND = compiled(
    r"\s(?:is|are) (?:an? |the |one of )?[a-z-]+(?: [a-z-]+)? (?:of|that|which|used|for|where)\b"
)


def says_kind(sentence: str) -> bool:
    """Its subject is said to be a kind of thing, early: "X are series of ...", "X is a set
    of ...", "X is the process that ..."."""
    return _IS_A_KIND.search(sentence, 0, 70) is not None
