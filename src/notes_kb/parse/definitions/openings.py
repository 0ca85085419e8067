"""How the opening of a note, a section or a pasted block reads: whether text under a
heading explains it, which heading asks a question, what is metadata above a note's first
words, and which indented blocks are prose rather than code. Pure."""

from __future__ import annotations

import re

from notes_kb.parse.definitions.acronyms import ACRONYM, acronym_expansion
from notes_kb.parse.definitions.cjk import asked as cjk_asked
from notes_kb.parse.definitions.cjk import explains as cjk_explains
from notes_kb.parse.definitions.cjk import has_cjk
from notes_kb.parse.definitions.cjk import heading_name as cjk_heading_name
from notes_kb.parse.definitions.kinds import says_its_kind, verbal, what_it_is
from notes_kb.parse.definitions.labels import is_label
from notes_kb.parse.definitions.verbs import PLURAL_VERBS
from notes_kb.parse.definitions.words import strip_link_marks
from notes_kb.parse.keys import common_word, singular
from notes_kb.parse.patterns import compiled

_QUESTION = compiled(
    r"^(?:q:\s*)?(?:(?:what\s+(?:is|are|was|were)(?:\s+meant\s+by)?|what['’]s|whats|define|"
    r"definition of|meaning of|what\s+do\s+you\s+mean\s+by)\s+(?P<term>.+?)|"
    r"what\s+does\s+(?P<term2>.+?)\s+(?:mean|stand for|do)|"
    # "Explain working of TF-IDF, also give reasons ...?": an interview question's subject
    r"(?:explain|describe)\s+(?:the\s+)?(?:(?:working|concept|idea)\s+of\s+)?"
    r"(?P<term3>[^,?]+?)(?:,[^?]*|\s+(?:in terms of|with an? |in detail|in brief|briefly)[^?]*)?)"
    # "What is a GAN and how does it work?": the second question is about the same thing
    r"(?:\s+and\s+(?:how|why|what|when|where)\b[^?]*)?\s*[?？.!]*$",
    re.I,
)
_OPENING_JUNK = compiled(
    # whole words only: "Linking entity mentions ..." is no link, "Sources ..." no source
    r"^(?:(?:see|in this|these are|this note|notes? (?:on|from)|here|below|above|links?|"
    r"source|from|todo|tbd|related|created|i|my|today|authors?|"
    # about the page: "This example demonstrates how to ...", "The goal of this quickstart"
    r"this (?:note|page|guide|example|configuration|section|document|tutorial|post|article)|"
    r"this is (?:documentation|the configuration|a guide|an example)|"
    r"the (?:goal|purpose|aim) of this)\b|"
    # an aside before the opening: "NOTE: this preview is now DEPRECATED."
    r"(?:note|nb|warning|caution|important|disclaimer)\s*:|"
    r"up:|tags?:|paper:|parents?:|children:|next:|prev(?:ious)?:|categor(?:y|ies):|"
    # a transcript: "Instructor: So far we have only been working with ..."
    r"(?:instructor|lecturer|speaker|narrator|host|teacher|professor|presenter)\s*:|"
    r"#|\[!|i'|!\[|\d{4}-\d\d|(?:jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec)[a-z]* \d)",
    re.I,
)
# Openings that introduce a discussion, not the heading's subject.
_HEADING_JUNK = compiled(
    r"^(?:there (?:are|is|were)|when |if |sometimes|often|now that|since |during |"
    r"note that|in (?:this|the) |here |we |let's|let us|as |so |but |and |for (?:this|the) )",
    re.I,
)
# Under a trusted name fewer openings are off-topic: "When an LLM learns ...", "We only
# sample from ..." explain a note's subject.
_TITLE_JUNK = compiled(
    r"^(?:there (?:are|is|were)|now that|note that|in (?:this|the) |here |let's|let us|"
    r"so |but |and |compare|resources|see also|related)",
    re.I,
)
# A short explanation without a subject, as notes write them under a name they trust:
# a verb for the subject ("Learns dense representations.") or what kind of thing it is
# ("Task of splitting up sentences.", "A form of bottom-up tokenization.")
_FRAGMENT = compiled(
    r"^(?:(?!(?:Notes|Thanks|Links|Sources|Examples|Resources|Papers|Tips|Steps|Ideas|"
    r"Questions|Answers|Results|Details|Updates)\b)[A-Z][a-z]{2,}[^siu\W]s|"
    r"(?:The |A |An )?(?i:task|process|practice|act|study|technique|method|way|form|kind|"
    r"type|variant|version|measure|family|class|set|branch|field) (?:of|for)) \w",
)
# an outline's telegraphic explanation: "An alternative to gradient descent", "Set of
# parameters used to ...", "Similar to skip-gram, but ...", "Useful for ...", "Converts the
# inputs ..."
_TELEGRAPHIC = compiled(
    r"^(?:(?:An?|The)\s+(?:[\w-]+\s+){0,2}?|(?:[\w-]+\s+)?)(?i:alternative|extension|"
    r"generali[sz]ation|variant|version|algorithm|method|technique|way|set|measure|type|kind|"
    r"form|family|class|abstraction|component|layer|function|model|approach|process|metric|"
    r"collection|combination|representation|sequence|middle ground|step|task|practice|act)\s+"
    r"(?:to|of|for|that|which|used|where|between|in|on)\b"
    r"|^(?:[Ss]imilar|[Aa]nalogous|[Ee]quivalent|[Ii]dentical|[Oo]pposite|[Cc]omparable)\s+(?:to|in)\b"
    r"|^(?:[Uu]sed|[Uu]seful)\s+(?:to|for|in|as|when)\b"
    r"|^(?!(?:Notes|Thanks|Links|Sources|Examples|Resources|Papers|Tips|Steps|Ideas|Questions|"
    r"Answers|Results|Details|Updates|Is|Was|Has|Does|This|Its)\b)[A-Za-z][a-z]{2,}[^siu\W]s\s+"
    r"(?:the|a|an|each|every|all|your|its|their|one|multiple|inputs?|data|text|words?|\w+s)\b"
)
_KIND_OPENING = compiled(
    r"^(?:this|a|an|one)\s+(?:\w+\s+)?(?:type|kind|form|class|family|sort|variant|version|"
    r"method|technique|way|measure|metric|process|trick|tool|algorithm|approach|model|"
    r"function|layer|strategy|procedure|mechanism)\s+(?:of|for|to|that|which|where|used)\s+\w",
    re.I,
)
_OTHER_LEAD = compiled(r"^[^.:;,]{1,40}?\s:\s")
_FUNCTION_WORDS = frozenset(
    "with for in on at by from to if when as of and or but so lec lecture see".split()
)
_LIST_LABEL = frozenset(["for:", "in:", "by:", "with:", "to:", "on:", "include:", "includes:"])
_PRONOUN_START = compiled(r"^(?:it|this|they|these|that)\b", re.I)
_PRONOUN_DEFINES = compiled(
    r"^(?:it|this(?:\s+(?:approach|method|technique|model|algorithm|layer|function|metric|"
    r"loss|idea|trick|step|process|network|architecture))?|they)\s+"
    r"(?:is|are|refers|means|describes|measures|stores|lets|makes|"
    r"computes|maps|turns|keeps|uses|takes|adds|splits|combines|replaces|[a-z]{3,}[^s\W]s)\b",
    re.I,
)


def asked(question: str) -> str | None:
    """The term a question heading asks about: `What is attention?` -> attention."""
    if not question.isascii() and has_cjk(question):
        return cjk_asked(question)  # "什么是注意力机制？"
    match = _QUESTION.match(question.strip())
    if not match:
        return None
    term = next(t for t in match.group("term", "term2", "term3") if t)
    if " and " in term or " or " in term or (" of " in term and _ASPECT_OF.match(term)):
        return None  # "What is the major drawback of undersampling?": about a property of it
    return term


_ASPECT_OF = compiled(
    r"^(?:the\s+)?(?:(?:major|main|key|biggest|primary)\s+)?(?:drawbacks?|advantages?|"
    r"disadvantages?|benefits?|limitations?|problems?|issues?|need|purpose|role|goal|use|uses|"
    r"importance|intuition|idea|reason|point|difference|output|input)\s+of\b",
    re.I,
)
# a verb after a name: "**BM25** ranks ..."; a plural noun is not one ("**spillover** effects
# in ...": the name was only part of a phrase)
DOES = compiled(
    r"\s+(?:is|are|means|refers to|corresponds to|(?!does\b)[a-z]{2,}[^s\W]s\b(?!\s*(?:[-,.;:()]|$|"
    r"(?:of|and|or|vs|in|on|for|with|to|from|at|by|as|that|which|are|were|have|can)\b)))"
)

# what a plural name does: "**Edges** represent the flow of data between nodes"
PLURAL_DOES = compiled(r"\s+(?:" + PLURAL_VERBS + r")\s+\w")

# an aside naming a symbol between a name and its verb: "**Entropy**, denoted as $H(p)$, is",
# or the symbol alone
DENOTED = compiled(
    r",\s+(?:denoted|written|abbreviated)\s+(?:as|by)\s+[^,\n]{1,80},(?=\s+(?:is|are)\b)"
    r"|\s+\$[^$\n]{1,60}\$(?=\s+(?:is|are)\b)"  # "**Q-function** $Q^*(s,a)$ is the ..."
)


def named(term: str) -> bool:
    """A heading that reads as a name by its shape: an acronym, inner capitals, digits or a
    hyphen (`QLoRA`, `Min-max scaling`, `GPT-4`), not an ordinary or Title Case phrase
    (`Context extension`, `Batch Size`)."""
    if term.isascii():  # the same test by one search (every heading is tried)
        return _NAME_SHAPE.search(term) is not None
    words = term.split()
    return any(sum(ch.isupper() for ch in w) >= 2 or "-" in w[1:] for w in words) or any(
        ch.isdigit() for ch in term
    )


# in ASCII: two capitals in a word, a hyphen inside a word, a digit
_NAME_SHAPE = compiled(r"[A-Z]\S*[A-Z]|\S-|[0-9]")


_CAPITALS_NAME = compiled(r"[A-Za-z][a-z]*[A-Z][A-Za-z0-9]*")  # ROUGE, RLock, BatchNorm
_NUMBERED_LABEL = compiled(r"^[A-Z][a-z]+ \d{1,2}[:.]\s+(?=\S)")  # "Function 1: Linear Decay"
_SUBTITLE = compiled(r"\s+[-–—]\s+")
_AN_ACRONYM = compiled(ACRONYM)
_ACRONYM_ASIDE = compiled(r"^(?P<long>.+?)\s*\((?P<short>[A-Z][A-Za-z0-9&-]*[A-Z0-9]s?)\)$")
_GLOSS = compiled(r"^(?P<name>[^()]{3,60}?)\s+\((?P<aside>[^()]{2,60})\)$")
_MID_ASIDE = compiled(
    r"^(?P<long>.+?)\s*\((?P<short>[A-Z][A-Za-z0-9&-]*[A-Z0-9])\)\s+(?P<tail>[A-Za-z-]+)$"
)


def heading_name(text: str) -> tuple[str, str | None]:
    """The name a heading gives, and its acronym when it spells one out: "Backpropagation
    through time - BPTT", "Term Frequency (TF)", "Speech Recognition - Audio Data" (a
    subtitle), "Function 1: Linear Decay" (a numbered label), "[[Dropout]]" (a link)."""
    name = _NUMBERED_LABEL.sub("", strip_link_marks(text)).strip()
    if not name.isascii() and has_cjk(name):
        return cjk_heading_name(name)  # "蒙特卡洛 (MC)", "策略梯度：Policy Gradient"
    label, colon, rest = name.partition(":")
    if colon and rest.strip() and label.strip().lower() in ("mnemonic", "acronym"):
        return "", None  # "Mnemonic: BOLT" over "Batch for Bulk, ...": a memory aid
    if colon and rest.strip() and is_label(label.strip()):
        name = rest.strip()  # "Application : seq2seq models"
    elif colon and _CAPITALS_NAME.fullmatch(rest.strip()):
        name = rest.strip()  # "Summarization evaluation: ROUGE", "Deadlocks: RLock"
    spelled = acronym_colon(name) if colon else None
    if spelled:
        return spelled  # "DPO: Direct Preference Optimization"
    short: str | None = None
    dashed = "-" in name or "–" in name or "—" in name  # what a subtitle needs
    parts = _SUBTITLE.split(name, maxsplit=1) if dashed else [name]
    if len(parts) == 2 and len(parts[0].split()) <= 5:
        name, rest = parts
        if _AN_ACRONYM.fullmatch(rest.strip()) and acronym_expansion(name, rest.strip()) == name:
            short = rest.strip()
    aside = _ACRONYM_ASIDE.match(name) if ")" in name else None
    if aside and acronym_expansion(aside.group("long"), aside.group("short")) == aside.group(
        "long"
    ):
        name, short = aside.group("long"), aside.group("short")
    head, _, last = name.rpartition(" ")
    if last.lower() in ("formula", "equation", "definition") and (
        _AN_ACRONYM.fullmatch(head) or " " in head or "-" in head
    ):
        name = head  # "WCSS Formula", "Bayes' Theorem Formula": the formula defines WCSS
    elif last.lower() in ("formula", "equation") and common_word(head):
        return "", None  # "Math formula", "Prediction formula": a formula's label, no term
    gloss = _GLOSS.match(name) if short is None and name.endswith(")") else None
    if gloss and not _AN_ACRONYM.fullmatch(gloss.group("aside")):
        name = gloss.group("name")  # "Border Point (Cluster Edge Layer)": a gloss, not a name
    inside = _MID_ASIDE.match(name) if ") " in name else None
    if inside and acronym_expansion(inside.group("long"), inside.group("short")) == inside.group(
        "long"
    ):  # "Precision-Recall (PR) Curve": the Precision-Recall Curve, the PR Curve
        tail = inside.group("tail")
        name, short = f"{inside.group('long')} {tail}", f"{inside.group('short')} {tail}"
    return name, short


def acronym_colon(name: str) -> tuple[str, str] | None:
    """ "DPO: Direct Preference Optimization" (a heading or a title): the expansion, and the
    acronym it spells out."""
    short, colon, long = name.partition(":")
    short, long = short.strip(), long.strip()
    if not colon or not long or not _AN_ACRONYM.fullmatch(short):
        return None
    return (long, short) if acronym_expansion(long, short) == long else None


def explains(text: str, term: str, trusted: bool = False, phrase: bool = False) -> bool:
    """Text under a heading (or a note's opening) explains the heading's term: it is prose,
    long enough, and opens like an explanation ("Rescales each feature ...", "It stores ...",
    "A method that ...", or the term itself), not a pointer or a list of links. Under a
    `trusted` name (a note's title, a heading shaped like a name), any prose opening does."""
    if not (text.isascii() and term.isascii()) and (has_cjk(text[:80]) or has_cjk(term)):
        return cjk_explains(text, term, trusted and not phrase)  # a title: the text names it
    if text[:2] in ("$$", "\\[") and _EQUATION.search(text, 0, 300):
        # "## pointwise mutual information" over "$$ pmi(x;y) = log ... $$": its formula
        return trusted or not common_word(term.strip())
    words = text.split(maxsplit=6)  # no more are counted (the seventh holds the rest)
    if _OPENING_JUNK.match(text) or any(w.lower() in _LIST_LABEL for w in words[:3]):
        return False  # a pointer, or a label over a list ("Needed for: weight decay, ...")
    finished = text.rstrip().endswith((".", "!", ")")) or len(words) >= 6
    if trusted and len(words) >= 2 and finished and _FRAGMENT.match(text):
        return True  # "Learns dense representations.", "Task of splitting up sentences."
    if 3 <= len(words) < 7 and says_its_kind(text) and not verbal(text):
        return True  # "Most advanced text splitting technique" (not "Requires X package")
    if len(words) < (4 if trusted and phrase else 5):
        return False
    if trusted and (_TITLE_JUNK.match(text) or _OTHER_LEAD.match(text)):
        return False  # "Cosine similarity : dot product ..." under "Similarity": another term
    if trusted and phrase and _byline(text, term):
        return False  # "Matthew Bellringer, Social Innovationist and Founder, ...": a byline
    if trusted and len(words) < 6:  # a note's title over a phrase: "Area below the ROC curve"
        last = words[-1].lower().strip(".,")
        cut_short = last.endswith("ing") or last in _FUNCTION_WORDS  # "The task of determining"
        byline = ":" in text or "," in text  # "Chris Na, Tinkerer/Software Architect"
        return phrase and not byline and words[0].lower() not in _FUNCTION_WORDS and not cut_short
    if trusted:
        return True
    opening = text.split(". ", 1)[0].casefold()
    if len(term.split()) >= 3 and _names(term, opening):
        return True  # "### Next Token Prediction" / "When training LLMs ... predict the next token"
    if _KIND_OPENING.match(text):
        return True  # "This type of algorithm groups ...", "A type of preprocessing where ..."
    if _the_head(words, term):
        return True  # "### Medusa Heads" / "These heads are a single feed-forward layer"
    if _HEADING_JUNK.match(text) or (
        _PRONOUN_START.match(text) and not _PRONOUN_DEFINES.match(text)
    ):
        return False
    if _TELEGRAPHIC.match(text) or what_it_is(text):  # "Similar to the printf function"
        return True  # "The entry point of an Iceberg table.": what it is, with no verb
    first = words[0].lower().strip(",.:")
    if term.casefold() in opening or _names(term, opening) or _PRONOUN_DEFINES.match(text):
        return True
    capital = words[0][0].isupper() and not any(map(str.isupper, words[0][1:]))  # not "LLMs"
    if first.endswith("s") and not first.endswith("ss") and capital:
        return True  # "Rescales", "Stores", "Measures": a verb for the heading's subject
    if first.endswith("ly") and words[0][0].isupper() and _VERB_S.match(words[1]):
        return True  # "Randomly switches off ...", "Directly adds a size limit ..."
    if first.endswith("ing") and capital and _ACTION.search(term) and first != "according":
        # "### Backpropagation" / "Computing gradients algorithmically and efficiently":
        # an action named by one doing it (not "Creating a CLI ... requires knowledge")
        said = text.split(". ", 1)[0]
        clause = verbal(said) or _DOES.search(said) or ":" in said or "n't" in said
        return len(said.split()) >= 3 and not clause
    return first in (
        "can",
        "is",
        "are",
        "takes",
        "allows",
        "lets",
        "used",
        "when",
        "where",
        "how",
        "short",
        "also",
        "basically",
        "essentially",
        "one",
    )


_EQUATION = compiled(r"=|\\equiv|\\coloneqq")
_ACTION = compiled(r"(?:ation|ing|ment)$", re.I)  # a name of an action: "Winsorization"
# the verb of a sentence a gerund opens: "Creating a CLI script requires ..."
_DOES = compiled(
    r"\b(?:requires|involves|allows|enables|makes|means|needs|helps|uses|gives|takes|lets|"
    r"becomes|seems|depends|improves|reduces|increases|introduces|provides|creates|causes|"
    r"leads|works|hides|harms)\b"
)
_VERB_S = compiled(r"^[a-z]{2,}[^s\W]s$")  # "switches", "adds"; not "less", "this"
# a text that opens by saying what its own subject is: "A morpheme is the smallest ..."
_OTHER_SUBJECT = compiled(
    r"^(?:(?:A|An|The)\s+)?(?P<subject>[^\s,;:()]+(?:\s+[^\s,;:()]+){0,3}?)\s*"
    r"(?:\([^()]{1,40}\)\s*)?\s(?:is|are|refers to|means)\s+"
    r"(?:a|an|one|used|defined|the(?!\s+(?:same|only|simplest|first|last|best|main)\b))\b"
)
_PRONOUNS = frozenset(["it", "this", "they", "these", "that", "those", "which", "there"])


def telegraphic(text: str) -> bool:
    """A note-taker's short explanation without its subject: "An alternative to gradient
    descent", "Similar to skip-gram, but ...", "Useful for ...", "outputs a continuous value"."""
    return _TELEGRAPHIC.match(text) is not None


def defines_other(text: str, term: str) -> bool:
    """The text under a heading opens by defining something else, which shares no word
    with the heading's term ("### Properties of BPE tokens" / "A morpheme is the smallest
    meaning-bearing unit ..."): that sentence defines its own subject, not the heading."""
    head = text[:120]
    if " is " not in head and " are " not in head and " mean" not in head and " refer" not in head:
        return False  # most texts: no such opening to read
    match = _OTHER_SUBJECT.match(text)
    if match is None:
        return False
    if _words_of(match.group("subject")) & _PRONOUNS or "$" in match.group("subject"):
        return False  # "It is ...", "$\\nabla f$ is the vector of ...": the heading's thing
    # "## Highways" / "A residual connection is a highway connection when ...": named after all
    named = _words_of(term) - _FUNCTION_WORDS - {"a", "an", "the"}
    return not _words_of(text.split(". ", 1)[0]) & named


def _words_of(text: str) -> set[str]:
    """The words of a text, in lowercase and singular."""
    return {singular(word) for word in re.findall(r"\w+", text.casefold())}


def _the_head(words: list[str], term: str) -> bool:
    """The text opens on the heading's head noun after "this", "these" or "the", then a
    verb: "These heads are ..." under "Medusa Heads"."""
    names = term.split()
    if len(names) < 2 or len(words) < 5 or words[0].lower() not in ("this", "these", "the"):
        return False
    same_head = singular(words[1].casefold()) == singular(names[-1].casefold())
    return same_head and words[2].lower() in _HEAD_DOES


_HEAD_DOES = frozenset("is are was were can allows lets stores takes".split())


def _byline(text: str, term: str) -> bool:
    """The title, a comma and a role ("Chris Na, Software Architect"), not an appositive
    ("Transformers, a neural network architecture that ...")."""
    if not text.casefold().startswith(term.casefold() + ","):
        return False
    after = text[len(term) + 1 :].split()
    return bool(after) and after[0][:1].isupper() and after[0].lower() not in ("a", "an", "the")


def _names(term: str, opening: str) -> bool:
    """The opening sentence names the term, give or take a plural or a typo: each word of
    the term starts a word of the sentence (four letters are enough), one may be missing
    from a longer term ("Spatial Seperable Convolutions" / "spatial separable convolution")."""
    wanted = [w[:4] for w in term.casefold().split() if len(w) > 2]
    if len(wanted) < 3:  # a short name must be there as written, give or take a plural
        if term.casefold().rstrip("s") in opening:
            return True
        # or, of two words, both start words of the subject: "Poor Conditioning" /
        # "Poorly conditioned functions are ..."
        subject = {w[:4] for w in re.findall(r"\w+", opening)[:4]}
        return len(wanted) == 2 and len(term.split()) == 2 and subject.issuperset(wanted)
    starts = {w[:4] for w in re.findall(r"\w+", opening)}
    missing = sum(w not in starts for w in wanted)
    # the head noun must be there: "Anomaly detection weaknesses" is about weaknesses
    return missing == 0 or (len(wanted) >= 3 and missing == 1 and wanted[-1] in starts)


_LINK = r"(?:!?\[[^\]\n]{0,999}\]\([^)\s]{0,2048}\)|!?\[\[[^\]\n]{0,999}\]\]|<https?://[^>\s]+>|https?://\S+)"
_LINKS_ONLY = compiled(rf"^(?:\s*{_LINK}[\s.,;:|-]*)+$")


def links_only(raw: str) -> bool:
    """A paragraph of links and nothing else: "[QLoRA - Paper](https://...)", an image."""
    return len(raw) < 2000 and _LINKS_ONLY.match(raw) is not None
