"""Definitions said in an aside of a sentence: an appositive ("X, a technique that ...",
"X, which measures ..."), a which-clause after a name ("we use gradient checkpointing,
which involves recomputing ..."), or a bracket ("linear probes (a logistic regression on
frozen features)"). Pure."""

from __future__ import annotations

from notes_kb.parse.definitions.proposal import Proposal
from notes_kb.parse.definitions.split import first_sentences
from notes_kb.parse.patterns import compiled

# "which is a bit easier to look at", "which is a relatively narrow task": a judgement of
# the thing, not what it is
_NOT_JUDGED = (
    r"(?!\s+(?:a\s+|an\s+)?(?:bit|little|relatively|fairly|pretty|quite|really|very|particular|"
    r"particularly|commonly|classic|well-defined|required|good|great|nice|big|huge|serious)\b)"
)
# "which means you can type partial queries", "which means this isn't partial": a
# consequence, said of the whole clause ("which means capping the extreme values" defines)
_NOT_CONSEQUENCE = (
    r"(?!\s+(?:that|you|we|they|it|this|there|i|he|she|its|their|our|your|no|high|low)\b)"
)
_NAME_COMMA = r"(?P<term>[^,;:()\n]{1,50}?),\s+"
_APPOSITION = (
    r"(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?(?:that|which|who|where|used|for|in which|whose|"
    r"to|with|of)\b|"
    r"which\s+(?:(?:is|are)" + _NOT_JUDGED + r"|means" + _NOT_CONSEQUENCE + r"|refers|measures|"
    r"describes|consists|uses|computes|combines|"
    r"applies|maps|converts|produces|learns|predicts|estimates|squeezes|splits|adds)\b|"
    r"(?:i\.e\.|ie|aka|a\.k\.a\.),?\s)"
)
_APPOSITIVE = compiled(_NAME_COMMA + _APPOSITION)
# in an item, a name then what it does: "- Label smoothing, which smooths the labels ..."
_APPOSITIVE_OR_DOES = compiled(
    _NAME_COMMA + r"(?:" + _APPOSITION + r"|which\s+[a-z]{3,}[^s\W]s\s+"
    r"(?!(?:it|this|that|them|us|you|to|in|on|at|because|when|if)\b)[a-z]+\b|"
    # "- Collaborative filtering, where recs are based on past behaviors"
    r"where\s+(?!(?:you|we|i|it|this|they)\b)[a-z]+\s+(?:is|are|was|were|[a-z]+ed|[a-z]+s)\b)"
)
# an item naming a thing, an aside (its expansion, what it is), then what it does or is:
# "- MMLU (Massive Multitask Language Understanding), evaluating ...", "- DROP (Reading
# Comprehension ...), a benchmark ..."
_ITEM_NAME_ASIDE = compiled(
    r"(?P<term>[A-Z][\w-]*(?: [\w-]+){0,3}) \([^()]{2,80}\),\s+"
    r"(?:(?:a|an|the)\s|[a-z]{3,}ing\s|which\s)"
)
_OPEN_BRACKET = r"\((?:i\.e\.?,?\s*|ie,?\s+|a\.k\.a\.?\s+|aka\s+|also called\s+)?"
# what a bracket says that defines: "(a logistic regression on ...)", "(how far ...)", "(one
# that never reverses direction)", "(number of threads per block)", "(i.e., not feasible to
# evaluate directly)"
_GLOSS = (
    r"(?:a|an|the)\s+[^()]{10,160}|(?:how|what|which) [^()]{8,160}|(?P<gloss>"
    r"(?:one|ones|something)\s+(?:that|which|who|whose|where)\s[^()]{5,160}|"
    r"(?:number|amount|fraction|proportion|percentage|measure|degree|sum|count)\s+of\s"
    r"[^()]{3,160})"
)
_BRACKET = compiled(
    r"(?P<before>(?:[\w-]+\s+){0,3}[\w-]+)\s+(?:"
    + _OPEN_BRACKET
    + r"(?P<def>"
    + _GLOSS
    + r")|\((?:i\.e\.?,?|ie,)\s*(?P<said>[^()]{8,160}))\)"
)
# what every _BRACKET match holds: a cheap search before the costly one
_BRACKET_OPENS = compiled(
    _OPEN_BRACKET + r"(?:(?:a|an|the)\s|(?:how|what|which|one|ones|something) |"
    r"(?:number|amount|fraction|proportion|percentage|measure|degree|sum|count) of\s)|"
    r"\((?:i\.e\.?,?|ie,)\s*\S"
)
_LEADING_BRACKET = compiled(
    r"(?P<term>[^,;:()\n]{1,50}?)\s+\((?:i\.e\.?,?\s*|ie,?\s+|a\.k\.a\.?\s+|aka\s+)?"
    r"(?P<def>(?:a|an|the)\s+[^()]{10,160})\)"
)
_IS_NAME_COMMA = compiled(
    r"\b(?:is|are)\s+(?:called\s+)?(?P<term>[A-Z][\w-]*[A-Z0-9][\w-]*(?:\s[\w-]+){0,2}|"
    r"[A-Z][\w-]+(?:\s[A-Z][\w-]+){1,3}),\s+(?:a|an)\s+[\w-]+"
)
# "the use of HellaSwag, a benchmark testing commonsense reasoning, ...": a shaped name,
# then what kind of thing it is
_NAME_A_KIND = compiled(
    r"(?<![\w-])(?P<term>[A-Z][\w-]*[A-Z0-9][\w-]*),\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:benchmark|dataset|corpus|model|method|technique|library|framework|metric|algorithm|"
    r"tool|architecture|optimi[sz]er|loss|database|format|protocol|suite)s?\b"
)
# "The authors propose a network, DenseNet, that connects ...", "Their method, VoxelMorph,
# performs ...", "propose a network (ResNeXt) that ...": a work's new name, said with its kind
_PROPOSED = compiled(
    r"\b(?:propose[sd]?|introduce[sd]?|present(?:s|ed)?|[Tt]heir|[Oo]ur)\s+(?:(?:a|an|the)\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:network|architecture|model|method|approach|framework|algorithm|"
    r"technique|system|module|block|layer|loss|dataset|benchmark|strategy)\s*(?:,\s*|\()"
    r"(?P<term>[A-Z][\w-]*(?:[A-Z0-9][\w-]*|-[\w-]+)(?:\s[A-Z][\w-]*){0,2})(?:,\s+or\s+[\w-]+)?"
    r"(?:,\s|\)\s*(?:that|which|to|,))"
)


def proposed_name(sentence: str) -> bool:
    """The sentence names a work it proposes: "Their method, VoxelMorph, performs ..."."""
    return _PROPOSED.search(sentence) is not None


# "... we might use gradient checkpointing, which involves recomputing ...", "we can use BM25
# which is a variant of TF-IDF": the phrase before "which"
_WHICH_DOES = (
    # ("which means that ..." draws a consequence: "treats them as equal, which means that")
    r"(?:which|that)\s+(?:involves|(?:is a|is an|are a)"
    + _NOT_JUDGED
    + r"|means"
    + _NOT_CONSEQUENCE
    + r"|refers to|describes|"
    r"measures|computes|lets|allows|consists of|works by)\b"
    # "robust to outliers, which is an advantage": said of the clause, not of outliers
    r"(?!\s+(?:big\s+|major\s+|key\s+|huge\s+|real\s+)?(?:advantage|disadvantage|benefit|"
    r"drawback|problem|issue|plus|limitation|improvement|downside|upside|bonus|shame|pity)\b)"
)
_MID_WHICH = compiled(
    r"(?P<before>(?:[\w-]+\s+){0,3}[\w-]+)(?:,\s+|\s+(?=which\s+(?:is|are)\s+(?:a|an)\s))"
    + _WHICH_DOES
)
_WHICH_SAID = compiled(_WHICH_DOES)  # quick: the words before are read only after it
_BOUNDARY_WORDS = frozenset(
    "a an the of to we i you they it then and or with on in for by use uses using used call "
    "called train trained add added via from into is are was were be our my your their its "
    "this that these those some each per as at".split()
)


def aside_proposals(
    flat: str, lower: str, following: str, paragraph: bool, before: bool
) -> list[Proposal]:
    """What a sentence (`flat`, and `lower` its lowercase) defines in an aside; `following`:
    the text from it on; `paragraph`: it is no list item's; `before`: another form of
    sentences.py found something in it already (then only a shaped name's kind is read)."""
    found: list[Proposal] = []
    aside = ", a " in lower or ", an " in lower
    proposed = _PROPOSED.search(flat) if "propos" in lower or "their" in lower else None
    if proposed:  # "The authors propose a network, DenseNet, that connects ..."
        found.append(Proposal(proposed.group("term"), first_sentences(flat, 1), "appositive"))
    if not (before or found) and aside and (" is " in lower or " are " in lower):
        named_after = _IS_NAME_COMMA.search(flat)  # "The usual loss is InfoNCE, a softmax ..."
        if named_after:
            said = first_sentences(flat[named_after.start("term") :], 1)
            found.append(Proposal(named_after.group("term"), said, "appositive"))
    for kind in _NAME_A_KIND.finditer(flat) if aside else ():  # whatever else it says
        said = first_sentences(flat[kind.start("term") :], 1)
        close = said.find(", ", kind.end() - kind.start("term"))  # the aside ends
        found.append(
            Proposal(kind.group("term"), said[:close] if close > 0 else said, "appositive")
        )
    if not (before or found) and (
        aside or "(" in flat or ", which" in lower or "i.e" in lower or ", where" in lower
    ):
        appositive = _APPOSITIVE if paragraph else _APPOSITIVE_OR_DOES
        for pattern, mark in ((appositive, ","), (_LEADING_BRACKET, "(")):
            match = pattern.match(flat) if _name_before(flat, mark) else None
            if match:
                found.append(
                    Proposal(match.group("term"), first_sentences(following), "appositive")
                )
                break
    if not (before or found or paragraph) and "), " in flat:
        named = _ITEM_NAME_ASIDE.match(flat)  # "- MMLU (Massive ...), evaluating ..."
        if named:
            found.append(Proposal(named.group("term"), first_sentences(flat, 1), "appositive"))
    if not (before or found) and (
        ", which " in lower or ", that " in lower or " which is a" in lower
    ):
        which = _MID_WHICH.search(flat) if _WHICH_SAID.search(flat) else None
        term = which and _bracket_term(which.group("before"))
        if which and term and which.start() > 0 and not _ELSEWHERE.search(which.group()):
            at = flat.find(term, which.start(), which.end())  # not "is the X, which ..."
            said = flat[at if at >= 0 else which.start() :]
            found.append(Proposal(term, first_sentences(said, 1), "appositive"))
    if not (before or found) and "(" in flat and _BRACKET_OPENS.search(flat):
        for match in _BRACKET.finditer(flat):
            term = _bracket_term(match.group("before"))
            if term:
                said = match.group("def") or match.group("said")
                form = "gloss" if match.group("gloss") else "bracket"
                found.append(Proposal(term, f"{term}: {said}", form))
    return found


def _name_before(flat: str, mark: str) -> bool:
    """What stands before the first `mark` may be the name _APPOSITIVE (",") or
    _LEADING_BRACKET ("(") opens with: 1 to 50 characters, none of , ; : ( ) or a line
    break, and spaces (a quick test: each pattern tries every length of the name)."""
    end = flat.find(mark)
    return end > 0 and len(flat[:end].rstrip()) <= 50 and _NOT_IN_NAME.search(flat, 0, end) is None


_NOT_IN_NAME = compiled(r"[,;:()\n]")


# "... the likelihood of the correct token, which involves ...", "training of complex
# models, which involves ...": the aside is about the phrase the name ends, or the words
# disagree (plural name, singular verb): "which" looks further back than the name
_ELSEWHERE = compiled(
    r"^(?:.*\s)?of\s+(?:the|a|an)\s+[\w-]+(?:\s+[\w-]+)?,|[^\Ws]s,?\s+(?:which|that)\s+"
    r"(?:involves|is|means|refers|describes|measures|computes|lets|allows|consists|works)\b"
)


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
