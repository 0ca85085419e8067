"""How sure we are that a candidate is a definition: one score, one threshold. Pure.

score = the form's prior (how deliberately people write definitions that way)
      + evidence from where it stands (a glossary section, the note's own subject, emphasis)
      + how much the term looks like a name (capitals, hyphens; not too many words)
      + how much the text reads like a definition rather than a result, a step or a verdict.
`features` names each of these; `WEIGHTS` says how much each counts. A candidate is kept
at THRESHOLD or above. Every number is here, each with its reason.
"""

from __future__ import annotations

import re

from notes_kb.parse.definitions.cjk import describes, has_cjk, personal, reference, word_count
from notes_kb.parse.definitions.kinds import says_its_kind
from notes_kb.parse.definitions.leadin import DEFINED_AS
from notes_kb.parse.definitions.lowered import reads_lowered
from notes_kb.parse.definitions.mathtext import (
    flow_step,
    math_share,
    without_math,
    words_outside_math,
)
from notes_kb.parse.definitions.results import reports
from notes_kb.parse.definitions.talk import (
    about_the_page,
    discusses,
    names_by_question,
    opens_asking,
    replies,
    talks,
)
from notes_kb.parse.definitions.words import looks_like_model_name
from notes_kb.parse.keys import OWN_NOTE_KINDS
from notes_kb.parse.patterns import compiled
from notes_kb.parse.verdict import judged

THRESHOLD = 1.0
# a definition that needs the list after it ("X involves:" over its items) says less than a
# sentence that stands alone: "X is a technique used to ..." in the same note is shown first
LEAD_IN = 0.5

# The forms, most deliberate first. Each is a prior, before any evidence.
PRIOR = {
    "frontmatter": 4.0,  # glossary: in frontmatter
    "definition-list": 4.0,  # Term \n: definition
    "glossary-note": 4.0,  # glossary.term.md, or a note tagged glossary
    "glossary-bullet": 2.5,  # - **term**: ..., - *term* - ...
    "acronym": 2.5,  # RLHF stands for ...
    "question-heading": 2.5,  # ## What is attention?
    "field": 2.5,  # # SQuAD \n **What:** a reading-comprehension dataset
    "table": 2.0,  # | Term | Definition |
    "bold-lead": 2.0,  # **Term** is ... / **Term**: ... in a paragraph
    "called": 1.8,  # ... is called X
    "colon-bullet": 1.3,  # - Term: ... (no emphasis)
    "paren-bullet": 1.1,  # - K-folds (split data into k folds ...)
    "dash-bullet": 1.2,  # - Term - ...
    "sentence": 1.1,  # X is a ..., X refers to ...
    "title-note": 1.1,  # a note named for a term, whose opening explains it (+ title evidence)
    "subtitle": 1.3,  # "# Adam: A Method for Stochastic Optimization", a paper note's title
    "note-subject": 1.1,  # a note named for a term and about it, in running prose (+ title)
    "note-bullets": 0.8,  # a short note named for a term, only bullets under it (+ title)
    "colon-line": 1.1,  # Term: ... on a paragraph line
    "outline": 1.1,  # - Term \n   - its explanation, as a nested item
    "heading": 1.0,  # ## Min-max scaling \n Rescales each feature ...
    "section": 1.0,  # ## Position interpolation \n (any text), the term used again in the note
    "appositive": 1.1,  # X, a technique that ...
    "emphasis": 1.0,  # ... and *beam search* keeps the k best ...
    "bracket": 0.6,  # linear probes (a logistic regression on frozen features)
    "gloss": 1.1,  # grid dimensions (number of thread blocks), (one that never ...)
}

# Forms where the author marked the term as a term: generic words and chatty texts get the
# benefit of the doubt there.
EXPLICIT_FORMS = frozenset(
    "frontmatter definition-list glossary-note glossary-bullet field table bold-lead "
    "question-heading colon-bullet dash-bullet section".split()
)

_NOT_PROSE = compiled(
    # "(Bottom-up) starts with ...": an aside, then the text
    r"^(?:see|cf\.?|todo|tbd|fixme|https?://|//|www\.|\((?![^()]{1,30}\)\s+[a-z]{2,}\s)|"
    r"\d{4}-\d\d-\d\d|how to\b|"
    # "Here are some of the built-in functions ...", "The following are ...": a list to come
    r"here (?:are|is)\b|here's\b|below (?:are|is)\b|the following\b|"
    r"we have (?:a bunch|covered|now|seen|learned|learnt|discussed|looked)\b)",
    re.I,
)
_DESCRIBES = compiled(
    r"^(?:(?:a|an|the|one|any)\s|(?:used|how|when|where|what|which|that|type|kind|way|form|"
    r"process|technique|method|measure|metric|set|family|class|family|number|ratio|fraction|"
    r"probability|function|value|model|layer|algorithm|approach|tool|library|framework|"
    r"dataset|benchmark|mechanism|strategy|property|estimate|variant|version|trick|idea|"
    r"practice|task|matrix|vector|score|loss|term)\b|[a-z]+s\s)",
    re.I,
)
_WEAK_VERB = compiled(r"\s+(?:(?:has|have)\s+(?!been\b|to\b)|are used\b|indicates\b|changes\b)")
_USE = compiled(r"^useful (?:for|when|in|to|if)\b", re.I)
_EVALUATIVE = compiled(
    r"^(?:strong|weak|good|bad|better|worse|best|worst|great|fast|slow|cheap|expensive|nice|"
    r"useful|helpful|tiny|huge|fine|solid|meh|ok|okay|decent|amazing|terrible)\b(?!-)",
    re.I,
)
# "how retrieval works in my notes", "Have not really tried it", "On my list": the author's
# own practice or plans, not what the thing is
_PERSONAL = compiled(
    r"\b(?:my notes|in my|on my list|i think|i keep|i use|i wrote|i need|i've|i have|i had|"
    r"i tried|i like|i prefer|not really (?:tried|looked|used))\b|^(?:have not|haven't|never)\b",
    re.I,
)
_PERSONAL_LOWER = compiled(_PERSONAL.pattern)  # on lowercase text (see lowered.py)
_COMPARES = compiled(
    r"^[^,;]{0,40}?\b(?:is|are) (?:a|an) (?:[a-z]+er|more|less) [^.;]{0,40}?\bthan\b"
)
_LEADING_SYMBOLS = compiled(r"^[^\w\"'(\[]+")
_PRONOUN_OPENING = compiled(r"^(?:this|it|they|these|that)\s+(?!is\b|are\b|refers\b|means\b)", re.I)
# a word that makes a short text a sentence or a description, not a spec
_VERBISH = compiled(
    r"\b(?:is|are|of|for|that|which|to|by|when|where|with|[a-z]{3,}(?:s|ed|es|ing))\b", re.I
)
_QUOTES = frozenset("\"“‘'")


def _quoted_share(text: str) -> float:
    """How much of a text that opens with a quote the quotation is."""
    close = {"“": "”", "‘": "’"}.get(text[0], text[0])
    end = text.find(close, 1)
    return (end + 1) / len(text) if end > 0 else 0.0


_DANGLING = compiled(
    DEFINED_AS + r"$|:$|\b(?:as follows|the following|as below|shown below|depicted below)\.?$"
)
# a text that opens with a template's tag (Jinja, Nunjucks, Handlebars; not Dendron's
# `{{fm.desc}}`, which shows the note's description), or holds Templater's `<%` or a tag
# that trims whitespace (`{%-`, `-%}`), as templates kept in a vault do
_TEMPLATE = compiled(r"^[\W_]{0,3}(?:\{\{(?!\s*fm\.)|\{%)|<%|\{%-|-%\}")
_NUMERIC_START = compiled(r"^[~≈<>]?\d")
_DATE_TEXT = compiled(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b|^\d{1,2}:\d{2}\b")
_ARITHMETIC = frozenset(["+", "-", "*", "=", "×", "−"])


def features(term: str, text: str, kind: str, evidence: float) -> dict[str, float]:
    """What the score weighs, by name: the form, the evidence, the term's shape and the
    text's shape; only those that hold (a candidate has few). Each is an indicator (1.0) or
    a count; WEIGHTS says how much it counts. Every candidate of a cold build is weighed:
    a test that needs a mark or a word the text lacks is not run."""
    words = text.split()
    chinese = not text.isascii() and has_cjk(text)  # its words are counted by cjk.py
    count = word_count(text) if chinese else len(words)
    if "/" in words and not _ARITHMETIC.intersection(words):
        count -= words.count("/")  # "LangChain / LlamaIndex": two names ("TP + FP / all": math)
    found: dict[str, float] = {f"kind:{kind}": 1.0}
    if evidence:
        found["evidence"] = evidence
    if "-" in term or any(map(str.isupper, term[1:])):
        found["term named"] = 1.0
    # "Prompt Structure and Clarity", "Summarization & Research Helpers": two things, a topic
    if " and " in term or " & " in term:
        found["term two names"] = 1.0
    past = len(term.split()) - 3
    if past > 0:  # a note's own name is chosen with care: a long one is less suspect
        found["title words past 3" if kind in OWN_NOTE_KINDS else "term words past 3"] = float(past)
    if looks_like_model_name(term):
        found["term model name"] = 1.0
    if count < 3:
        found["text under 3 words"] = 1.0
    if count < 5 and not (count >= 2 and says_its_kind(text)):
        found["text under 5 words"] = 1.0
    # 'Sentence: "Krish eats in Bangalore."', 'Query: "What are the three ways ..."': an
    # example said in quotes, not what the name is (a quoted definition, '"Asynchronous I/O
    # is a form of ..."', '" an umbrella project featuring ..."', is one)
    if text[:1] in _QUOTES and _quoted_share(text) >= 0.6:
        said = text[1:].lstrip().lower()
        if not said.startswith((term.lower(), "a ", "an ", "the ")):
            found["text quoted"] = 1.0
    # "The loss function is defined as", its formula below: the text stops before it says it
    if text.endswith(("as", "by", ":", "s", "g", "w", ".")) and _DANGLING.search(
        text, len(text) - 32
    ):
        found["text dangling"] = 1.0
    # "Single Bi-LSTM + Linear Projection": a spec, not a definition
    formula = kind == "heading" and text.startswith("$")  # "### KV cache" over its formula
    if count <= 6 and not (chinese or formula or _DESCRIBES.match(text) or _VERBISH.search(text)):
        found["text spec"] = 1.0
    # "**Model-B 7B**: on benchmark Y it beats Model-A": a result bullet
    if kind in ENUMERABLE and reports(text[:160]):
        found["text result"] = 1.0
    if _NOT_PROSE.match(text) or _DATE_TEXT.match(text) or (chinese and reference(text)):
        found["text link or date"] = 1.0
    # ": {{citekey}} {%- if itemType %}", "<% tp.file.title %>": a note template's code (not
    # a text that shows a tag, "To use variable substitution, use {{ VARIABLE }}")
    if ("{" in text or "<%" in text) and _TEMPLATE.search(text):
        found["text template"] = 1.0
    # "strong on retrieval", "384-4096 typical", "2T tokens": a review, a setting
    # "Best-first search is ...", "Fast Fourier transform ...": the term itself is no review
    said = text[len(term) :].lstrip() if text.lower().startswith(term.lower()) else text
    if (_EVALUATIVE.match(said) and not _USE.match(said)) or _NUMERIC_START.match(text):
        found["text review"] = 1.0  # not "Useful for cases of new users": what it is for
    # "Open the command palette and ...", "Learn about ...": an instruction to a user (a
    # note may define by what a thing does, "Take the CLS token's vector": not these verbs)
    if len(words) > 2 and words[0].lower() in _USER_STEPS and _INSTRUCTED.match(words[1]):
        found["text instruction"] = 1.0
    elif ("sure" in text and _MAKE_SURE.search(text)) or _FORBIDS.match(text):
        # "Depending on X, make sure to ...", "do not invent content; fall back to ..."
        found["text advice"] = 1.0
    elif kind in NAME_LEADS and _REQUIRED.search(text[:60]):
        found["text advice"] = 1.0  # "**unseen data**: it should share patterns with ...": a need
    first = text[:1]
    plain_start = not first or first.isalnum() or first in "_\"'(["
    opening = text if plain_start else _LEADING_SYMBOLS.sub("", text)
    first_said = text.split(". ", 1)[0]
    # "There are a few ways ...", "How do we ...": talk about the topic
    asks = "?" in first_said and first_said.rstrip().endswith("?")  # its first sentence asks
    answers = asks and kind in NAME_LEADS and names_by_question(term, text)
    talk = bool((asks and not answers) or talks(opening))
    if talk:
        found["text talk"] = 1.0
    if about_the_page(kind, opening):
        found["text about the page"] = 1.0
    # "What is the invoked command?": a question about the term is no definition of it
    # "Do what with Africa? # High attention to visits": it opens with a question
    if (
        "?" in text
        and not answers
        and ((asks and "?" not in text.rstrip()[:-1] and len(words) < 15) or opens_asking(text))
    ):
        found["text question"] = 1.0
    # "This gives the final items": what it does, not what it is
    pronoun = not talk and kind != "heading" and bool(_PRONOUN_OPENING.match(opening))
    if pronoun:
        found["text pronoun"] = 1.0
    # "We can use ...": talk, unless the author named the term ("**Active Learning**: We ...")
    if not talk and not pronoun and discusses(opening):
        # "We can take the mean of the scores, known as the mean negative": naming it is
        # the point of a called sentence, whoever says it
        named = kind in EXPLICIT_FORMS or kind in ("called", "outline", "colon-line")
        found["text we, named" if named else "text we, prose"] = 1.0
    if replies(opening):
        found["text reply"] = 1.0
    # "Learning is a very huge problem", "Hyperparameter choice is a highly iterative process"
    if kind == "sentence" and judged(text):
        found["text verdict"] = 1.0
    # "GPT-3 has 96 layers", "Deep nets are used to segment users", "Ground truth changes
    # fast": what it has, is used for or does, more often than what it is
    if kind == "sentence" and _WEAK_VERB.match(text, len(term)):
        found["text weak verb"] = 1.0
    # "The web is a smaller place than you'd think!": a comparison, an exclamation
    compares = "than" in first_said[:120] and _COMPARES.search(first_said[:120]) is not None
    if compares or first_said.rstrip().endswith("!"):
        found["text comparison"] = 1.0
    # "The Art of Buying Books": the title of a book or a post
    if len(words) <= 10 and kind != "subtitle" and _titled(words) and not _FORMULA.search(text):
        found["text title"] = 1.0
    # some inline math is fine, and so is a formula after a sentence that says what it is
    if (
        kind not in ("section", "heading", "called")
        and math_share(text) > 0.5
        and words_outside_math(text, chinese) < 8
    ):
        found["text formula"] = 1.0
    # "Completion, code review, test generation": examples, not a definition
    if kind in ENUMERABLE and _enumeration(text, kind):
        found["text examples"] = 1.0
    # "how retrieval works in my notes": about the notes, not the term
    if _personal(text) or (chinese and personal(text)):
        found["text personal"] = 1.0
    # "T=2?, a=0.5?": settings jotted down
    jotted = without_math(text) if "=" in text and "$" in text else text  # no formula's =
    equals = jotted.count("=") - 2 * jotted.count("==") if "=" in jotted else 0  # not ==x==
    arrows = text.count("->") + text.count("→") if "->" in text or "→" in text else 0
    if equals >= 2 or "?," in text or arrows >= 2:
        found["text settings"] = 1.0
    elif arrows and count <= 9 and flow_step(text):  # "model → output": a step of a flow
        found["text flow"] = 1.0
    if kind in _LISTS and (_DESCRIBES.match(text) or (chinese and describes(text))):
        found["text describes"] = 1.0
    return found


_LISTS = frozenset(
    [
        "outline",
        "colon-bullet",
        "colon-line",
        "dash-bullet",
        "glossary-bullet",
        "bold-lead",
        "table",
        "heading",
        "title-note",
    ]
)
# How much each feature counts, by hand: a form's prior, then the shapes' weights.
WEIGHTS: dict[str, float] = {f"kind:{kind}": prior for kind, prior in PRIOR.items()} | {
    "evidence": 1.0,
    "term named": 0.3,
    "term words past 3": -0.6,
    "title words past 3": -0.4,
    "term model name": -2.0,
    "text under 3 words": -5.0,
    "text under 5 words": -0.5,
    "text dangling": -0.5,
    "term two names": -1.4,
    "text quoted": -1.0,
    "text spec": -0.6,
    "text result": -1.5,
    "text link or date": -2.0,
    "text template": -3.0,
    "text review": -1.0,
    "text instruction": -1.0,
    "text advice": -1.6,
    "text talk": -1.6,
    "text weak verb": -0.5,
    "text about the page": -3.0,
    "text question": -1.0,
    "text pronoun": -0.4,
    "text we, named": -0.3,
    "text we, prose": -1.0,
    "text reply": -2.5,
    "text verdict": -1.0,
    "text comparison": -0.8,
    "text title": -1.5,
    "text formula": -1.5,
    "text examples": -1.6,
    "text personal": -2.0,
    "text settings": -1.0,
    "text flow": -1.0,
    "text describes": 0.4,
}
_USER_STEPS = frozenset(
    "open click learn follow visit navigate type press install download upgrade enable "
    "disable configure toggle hover launch enter read watch check".split()
)
_MAKE_SURE = compiled(r"\b(?:make|be|making) sure\b", re.I)
_FORBIDS = compiled(r"^(?:do not|don't|never|avoid)\s")
# "it should share ...", not "Models how words should be translated" (what, not a need)
_REQUIRED = compiled(r"^(?:(?!\b(?:how|what|which|whether|where|when)\b).)*\b(?:should|must)\b")
# the forms that lead a line with a name and its separator: "- X: ...", "X - ...", "X: ..."
NAME_LEADS = frozenset(["glossary-bullet", "colon-bullet", "colon-line", "dash-bullet"])
# what an instruction's verb acts on: "Open the ...", "Use these ...", "Learn about ..."
_INSTRUCTED = compiled(
    r"(?:the|a|an|these|this|those|your|our|its|it|them|all|any|following|about|to|on|up|"
    r"out|in|more|here|below|above)$",
    re.I,
)
_FORMULA = compiled(r"[./+=×*^()]")
ENUMERABLE = frozenset(
    "table glossary-bullet colon-bullet colon-line bold-lead dash-bullet field paren-bullet".split()
)
_FOR_EXAMPLE = compiled(r"(?:e\.\s?g\.|eg\b|such as\b|for example\b|for instance\b)", re.I)
# an aside of examples inside a text: "Text → Text (e.g., GPT, Claude)", "(PDF, HTML, etc.)"
_EXAMPLES_ASIDE = compiled(
    r"\((?:e\.g\.|i\.e\.|eg\b|such as|like|incl)[^()]{0,200}\)|\([^()]{0,200}\betc\.?\)"
)


def _enumeration(text: str, kind: str) -> bool:
    """A list of short items, not a sentence: two commas or more, short pieces, no article
    in front ("prompts, context construction, retrieval, agents"); a bracket of examples
    ("- 4D-descriptors (such as those derived from GRID ...)")."""
    if kind == "paren-bullet" and _FOR_EXAMPLE.match(text):
        return True
    head = _EXAMPLES_ASIDE.sub("", text.split(". ", 1)[0]).rstrip(".")  # "(e.g., GPT, Claude)"
    examples = _FOR_EXAMPLE.search(head)  # "computation needed by some operations e.g., MINUS,"
    head = head[: examples.start()] if examples and examples.start() > 0 else head
    if head.count(",") < 2 or _DESCRIBES.match(text):
        return False
    pieces = [p.strip() for p in re.split(r",|\band\b|\bor\b", head) if p.strip()]
    return bool(pieces) and sum(len(p.split()) for p in pieces) / len(pieces) <= 3


def _personal(text: str) -> bool:
    """_PERSONAL found in the text; where its lowercase can be read instead (lowered.py),
    only in a text holding "my", "i " or "i'", "not really", or opening as it can."""
    if not reads_lowered(text):
        return _PERSONAL.search(text) is not None
    lower = text.lower()
    return (
        "my" in lower
        or "i " in lower
        or "i'" in lower
        or "not really" in lower
        or lower.startswith(("have not", "haven't", "never"))
    ) and _PERSONAL_LOWER.search(lower) is not None


def _titled(words: list[str]) -> bool:
    """Most longer words capitalised: a title ("Structural Layers in Note Taking")."""
    longer = [w for w in words if len(w) > 3 and w[0].isalpha()]
    return len(longer) >= 2 and sum(w[0].isupper() for w in longer) >= 0.75 * len(longer)


def score(term: str, text: str, kind: str, evidence: float) -> float:
    """The candidate's score: its features weighed (see the module docstring)."""
    return sum(
        WEIGHTS.get(name, 0.0) * value
        for name, value in features(term, text, kind, evidence).items()
    )
