"""What a term looks like: the one function that turns a raw phrase into a term or refuses
it, by the word lists of vocabulary.py. Pure.

A term is a short noun phrase: never a pronoun, a clause, a page reference, a field label
("Purpose", "Source"), a procedure step ("Draw a sample") or a generic word ("Training").
"""

from __future__ import annotations

import re
from functools import lru_cache
from unicodedata import category

from notes_kb.parse.definitions.cjk import clean_cjk
from notes_kb.parse.definitions.claimed import named_by_claim
from notes_kb.parse.definitions.labels import is_label
from notes_kb.parse.definitions.vocabulary import (
    ACTIVITIES,
    ADJECTIVE_ENDINGS,
    ADJECTIVE_SUFFIXES,
    ALWAYS_IMPERATIVE,
    ASPECTS,
    COMPARATIVES,
    DAYS_AND_MONTHS,
    DEFINING_ASPECTS,
    DETERMINERS,
    FACETS,
    FOREIGN_NOT_LAST,
    GENERIC,
    IMPERATIVES,
    INSIDE_STOP,
    LOOSE_ADJECTIVES,
    NOT_ADVERBS,
    NOT_LAST,
    PRONOUNS,
    RELATIVE_ADJECTIVES,
    STOP_FIRST,
    TRAILING_ADVERBS,
    USE_NOUNS,
    VERBS_ONLY,
    WEAK_GENERIC,
)
from notes_kb.parse.inline import LINK_OPEN, inline_plain, resolve_links
from notes_kb.parse.keys import is_variable, singular
from notes_kb.parse.patterns import compiled

MAX_TERM_WORDS = 6

_GENERIC_ONLY = GENERIC - WEAK_GENERIC  # refused whatever the form
_GERUND_OF = compiled(r"^\w+ing\s+(?:with|for|to|the|a|an|our|your)\b", re.I)
_PAGE_REF = compiled(
    r"^(?:p|pp|page|pages|ch|chapter|section|sec|fig|figure|table|lecture|week|day|part)\.?\s*"
    r"\d|^(?:next|previous|above|below|following|last) (?:figure|fig|section|chapter|slide|"
    r"page|lecture|video|table|image|diagram|example|step|paragraph)s?$",
    re.I,
)
_INLINE_MATH = compiled(r"\$([A-Za-z0-9])\$")
# a word of the name that is a formula: "The $K$ and $V$ matrices", "the $k$th percentile"
_MATH_WORD = compiled(r"(?:^|\s)\$[^$]{1,20}\$(?:th|st|nd|rd)?(?=\s|$)")
_LEADING_SYMBOLS = compiled(r"^[^\w\"'(]+")
_STEP = compiled(
    r"^(?:step|phase|stage|part|round|iteration|level|task|q|question|idea|tip|option|example|"
    r"method|approach|solution|case|lecture|week|chapter|day|lesson|exercise|problem|module|"
    r"session|figure|fig|table|eq|scenario)[\s_-]*#?\d"
    r"|^\d{1,3}(?:st|nd|rd|th)(?:\s+(?:step|stage|phase|pass|round|part|half))?$"  # "1st:"
    r"|^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|final|last)\s+"
    r"(?:step|stage|phase|pass|round|part|half)s?$",  # "The Fifth step is to multiply ..."
    re.I,
)
_ARTICLE = compiled(r"^(?:a|an|the)\s+", re.I)
_SPACES = compiled(r"\s+")
# a quote mark standing alone, or alone before a stop: "Having '.' is a good reason ..." (curly)
_STRAY_QUOTE = compiled(r"(?:^|\s)[‘’“”'\"`](?:[\s.,;:!?]|$)")
# a key chord ("Command + C", "Ctrl+Shift+P", "Command +") or an operation on two letters
# ("x + y", "A%B", "a*b"; "A/B" and "T-5" are names)
_CHORD_OR_SUM = compiled(
    r"(?i)^(?:(?:command|cmd|ctrl|control|shift|alt|option|opt|meta|super|win|fn)\s*\+|"
    r"\w{1,2}\s*[+*%^×]\s*\w{1,2}$)|\s\+$"
)
_DOMAIN = compiled(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|app|dev|co|xyz|me|ly)$", re.I)
_QUANTITY = compiled(  # "10x", "5 min", "2.5 hours": a factor or a duration; "250 MB" a size;
    r"^\d+(?:\.\d+)?\s?(?:[x×]|(?:min|mins|minutes?|secs?|seconds?|ms|hrs?|hours?|days?|"
    r"weeks?|months?|years?|[KMGT]i?B)\b)$|"
    # "630 unique intents", "1536 dimensions", "2025 edition": a big count or a year, then
    # words ("2 stage detector" may be a name); "8x larger", "1k characters": a factor
    r"^\d{3}[\d,.]*\s+[a-z]|^\d+(?:\.\d+)?\s?[x×k]\s+[a-z]"
)
_ENUMERATOR = compiled(r"^\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)\s+")
_TRAILING_PARENS = compiled(r"\s*\((?:[^()]|\([^()]*\))*\)$")  # "(P(x|y))" too
_DEFINING = compiled(r"^(?:defining|definition of|defn of)\s+(?=\S)", re.I)
_TERM_WORD = compiled(r"^(?:term|word|phrase|notion of|concept of|idea of)\s+", re.I)
_LETTER = compiled(r"[^\W\d_]")
_NOT_A_NAME = compiled(
    r"[?!;,\[\]{}<>|=@\"$]|\.\s|https?:|\\|[\ue000-\uf8ff]|[\x00-\x1f\x7f-\x9f]"
    r"|\s[-–—]\s"  # "Templates - Templates", "RAG -- overview": two things, not one name
)
# a model's special token: "[CLS]", "[MASK]", "<UNK>", "</s>", "<|endoftext|>"
_SPECIAL_TOKEN = compiled(r"^(?:\[[A-Z]{2,10}\]|<\|?/?[A-Za-z_]{1,12}\|?>)(?= [a-z]+$|$)")
_DEFINED_AS = compiled(
    r"\s+(?:is\s+|are\s+)?(?:defined|given|computed|calculated|written)\s+(?:as|by)$"
)
_AT_K = compiled(r"^[A-Za-z][\w-]{0,20}@(?:k|K|\d{1,4})$")  # a metric at a cut-off
_COMPARISON = compiled(
    r"(?i)^(?:similar to|same as|unlike|like|compared (?:to|with)|as opposed to|different "
    r"from|instead of|rather than)\s"
)
# "04236d97-d45b", "3f2a9c1e": an id or a hash, not a name
_ID_LIKE = compiled(r"^(?=[^a-z]*[0-9][^a-z]*[0-9])[0-9a-f]{4,}(?:-[0-9a-f]{2,})*$", re.I)
# a citation key: "Marcus2019gpt2", "vaswani2017attention", "Hassabis2017neuroai"
_CITE_KEY = compiled(r"^[A-Za-z][a-z]+(?:19|20)\d\d[a-z]\w*$")
# "Type I error", "Phase I trial": a roman numeral, not the pronoun
_ROMAN_I = compiled(
    r"\b(?:type|phase|class|stage|level|tier|grade|part) (?:I{1,3}|IV)\b(?! [a-z]+ [a-z]+)", re.I
)
_CONTEXT_TAIL = compiled(
    r"\s+(?:in this case|in practice|in general|in short|here|in this context|in ML|"
    r"in machine learning|in deep learning|in NLP|in statistics|in LLMs?|in transformers|"
    r"in neural networks|in RL|in PyTorch|in information theory|in probability(?: theory)?|"
    r"in mathematics|in maths?|in physics|in computer science|in linguistics|"
    r"in (?:deep |artificial )?neural networks|in (?:a |an )?(?:CNN|RNN)s?|in computer vision|"
    r"in (?:image|signal) processing|in data science|in AI|"
    # "decorators in Python", "checkpointing in LangGraph": a language's or a library's
    r"in (?:Python|JavaScript|SQL|LangChain|LangGraph|LlamaIndex|TensorFlow|Keras|JAX|Spark|"
    r"NumPy|pandas|scikit-learn|sklearn|Hugging ?Face)|"
    r"by (?:some |many )?(?:researchers|people|practitioners|authors|some|many))$",
    re.I,
)
# how _CONTEXT_TAIL's phrases end, in lowercase: ASCII terms without one are not searched
_CONTEXT_ENDS = (
    "case", "practice", "general", "short", "here", "context", "ml", "learning", "nlp",
    "statistics", "llm", "llms", "transformers", "networks", "rl", "pytorch", "theory",
    "probability", "mathematics", "math", "maths", "physics", "science", "linguistics",
    "cnn", "cnns", "rnn", "rnns", "vision", "processing", "ai", "researchers", "people",
    "practitioners", "authors", "some", "many", "python", "javascript", "sql", "langchain",
    "langgraph", "llamaindex", "tensorflow", "keras", "jax", "spark", "numpy", "pandas",
    "scikit-learn", "sklearn", "huggingface", "face",
)  # fmt: skip
_OF_TAIL = compiled(  # ("State of the art" is one name)
    r"\s+(?:of\s+(?!the art$)(?:a|an|the|two|three|each|every|some|all|its|their|this|these|"
    r"any)|on\s+an?)\s.*$",
    re.I,
)
_DATE = compiled(
    r"^\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?$|^\d{1,2}:\d{2}|^(?:19|20)\d\d$|"
    r"^(?:1[89]|20)\d0s\b|^\d{1,2}(?:st|nd|rd|th) (?i:c(?:entury)?)\b"  # "1970s AI", "13th C"
    r"|^(?:\d{2,4}年)?\d{1,2}月(?:\d{1,2}日)?$|^\d{2,4}年$"  # "2025年4月1日", "4月8日"
    # a number written in hex: "0x0080", "0x1A00 子索引0", "0503 0000h" (an error code)
    r"|^0[xX][0-9A-Fa-f]+\b|^(?=\S*\d)[0-9A-Fa-f]{4}(?: [0-9A-Fa-f]{4})*h$"
)
_PAIR = compiled(r"[^\W\d_]{3,}/[^\W\d_]{3,}")
_VALUE = compiled(r"\d+\.\d+|\d\s*-\s*\d")
_MODEL_SIZE = compiled(r"\b\d+(?:\.\d+)?\s*[BMK]\b|\bv\d+(?:\.\d+)*\b|%|\s\d+$")


def strip_link_marks(text: str) -> str:
    """`[[target]]`, raw or kept as marked text by inline.plain, as the words a reader sees."""
    if "[[" in text:
        text = inline_plain(text)
    return resolve_links(text, {}) if LINK_OPEN in text else text


# a code span whose first word holds a dot, bracket or "=" ("`Hybrid search = A + B`" is a
# formula about a name)
_CODE_MARK = compiled(r"`[^`\s]*[.(=\[][^`]*`")


# a module path or a call with nothing in its brackets, alone in its span: an API's name
# (not a file's name: "`main.tf`", "`README.md`")
_API_NAME = compiled(
    r"`[A-Za-z_]\w*(?:\.(?!(?:md|py|tf|tfvars|ya?ml|ini|json|txt|js|ts|toml|cfg|sh|csv|html|"
    r"css|lock)`)[A-Za-z_]\w*)*(?:\(\))?`(?:$|[\s:*_])"
)
_CODE_HEAD = 200  # characters of a text's opening code span that are read


def code_first(raw: str) -> bool:
    """The text opens with code, not a name: "`.shape`", "`model.fit(X, y)`", "`main.tf`"
    (an API's name is one: "`torch.autograd`", "`invoke()`")."""
    if raw.lstrip("*` ").startswith("__"):
        return True  # "`__new__()`": a dunder method, whose key ("new") is an everyday word
    head = raw.lstrip("*_ ")[:_CODE_HEAD]  # a name is short: no longer span is read (work
    if head[:1] != "`" or _CODE_MARK.match(head) is None:  # stays linear)
        return False
    return _API_NAME.match(head) is None  # "`torch.nn`", "`invoke()`": an API's name


_CARD_SIDE = compiled(r"^[QA][:：]\s+")  # a flashcard's side, "Q: ..." / "A: ..."


# the same names come back in note after note ("Related", "This", "BLEU"): cleaned once
@lru_cache(maxsize=8192)
def clean_term(raw: str) -> str | None:
    """The term as a noun phrase, or None when it cannot be one (pronoun, fragment, label,
    step, page or date)."""
    if _STRAY_QUOTE.search(raw):
        return None  # "Having" and a lone closing quote: cut inside a quotation
    if code_first(raw):
        return None  # "`.shape`", "`fit(X, y)`", "`main.tf`": code, not a concept
    term = strip_link_marks(raw).strip().strip("*_`\"'“”‘’").strip()
    if not term.isascii():  # full-width marks, and Chinese: its own rules first (cjk.py)
        term = clean_cjk(term) or ""
    if "$" in term:
        if " " in term and _MATH_WORD.search(term):
            return None  # "$k$ value", "The $K$ and $V$ matrices": a symbol's role
        term = _INLINE_MATH.sub(r"\1", term)  # "$k$-way" is k-way
    special = _SPECIAL_TOKEN.match(term) if term[:1] in "[<" else None
    if special:  # "[CLS] token", "<|endoftext|>": a model's special token is a term
        return term if len(term) <= 40 and not _NOT_A_NAME.search(term, special.end()) else None
    if term and not (term[0].isalnum() or term[0] in "_\"'("):
        term = _LEADING_SYMBOLS.sub("", term)  # "🔥 IMPORTANT", "✅ Done"
    if term and not term[-1].isascii():
        term = _symbols_off_end(term)  # "High-Level Features 🏠"
    if term[:1] == "(":
        term = _ENUMERATOR.sub("", term)  # "(1) IsRel", "(b) Boosting": an item's number
    if term[1:2] in (":", "："):
        term = _CARD_SIDE.sub("", term)  # "A: Multi-head attention": an answer's mark
    # "Training-", "Evaluation -": a heading's dash before its list
    term = _SPACES.sub(" ", term).rstrip(".,;:!•· ").rstrip("-–").rstrip()
    if term.endswith((" as", " by")):
        term = _DEFINED_AS.sub("", term)  # "Exploration reward defined as: r_t = ...": the name
    term = term.removesuffix(" —").removesuffix(" as well").strip('"“”')  # "“a” -": a
    if term.endswith(")"):
        term = _TRAILING_PARENS.sub("", term)  # "Query (Q)", "Top-p (nucleus)"
    if term[:6].lower() in ("defini", "defn o"):
        term = _DEFINING.sub("", term)  # "Defining money supply", "Definition of perplexity"
    if _ARTICLE.match(term):  # "the term X", "the word X" name X; "Word embeddings" stay
        term = _TERM_WORD.sub("", strip_article(term))
        if term[:1] in "\"“‘'":  # "a “REST API”", "The “standard” analyzer": the name quoted
            term = term.replace("“", "").replace("”", "").replace('"', "").strip("'‘’")
    # (each sub only where it can apply: every candidate of a cold build is cleaned)
    if " of " in (low := term.lower()) or " on " in low:  # (`re.I`: no other "o", "f", "n")
        term = _OF_TAIL.sub("", term)  # "Frobenius norm of a matrix", "... operation on a tensor"
    if not term.isascii() or term.lower().endswith(_CONTEXT_ENDS):
        term = _CONTEXT_TAIL.sub("", term)  # "funnel in this case", "bias in ML"
        if term.lower() in ("up", "down", "out", "over", "back", "in", "on"):
            return None  # "down here", "over here": a place on the page
    if len(term) < 2 or len(term) > 60 or not _LETTER.search(term):
        return None  # "x", "z": a variable, not a term
    words = term.split(" ")
    lower = [w.lower() for w in words]
    if len(words) > 1 and lower[0] in LOOSE_ADJECTIVES and words[0].islower():
        rest = " ".join(words[1:])  # "standard bi-encoder" is a bi-encoder
        if not is_label(rest) and not (len(words) == 2 and lower[1] in GENERIC):
            words, lower, term = words[1:], lower[1:], rest  # ("simple hypothesis" stays)
    if len(words) == 2 and lower[1] in ("method", "approach") and lower[0].endswith("ing"):
        words, lower, term = words[:1], lower[:1], words[0]  # "Bagging Method" is bagging
    if len(words) > MAX_TERM_WORDS or lower[0].replace("’", "'") in STOP_FIRST:
        return None
    if len(words) > 1 and lower[0][-1:] in "sde":  # "Introduces M-schema", "Uses 2 models"
        named = named_by_claim(term)
        if named != term:
            return clean_term(named) if named else None
    if not INSIDE_STOP.isdisjoint(lower[1:]) and not _ROMAN_I.search(term):
        return None  # "AI engineering that usually", "Attention Is All You Need": clauses
    if term.lower() in PRONOUNS or lower[-1] in NOT_LAST or words[-1] in FOREIGN_NOT_LAST:
        return None  # "Recurrent neural", "Long-range", "Convolution over": cut before a noun
    if lower[-1] in ("mnemonic", "mnemonics"):
        return None  # "Decision mnemonic: FACTORS (...)": a memory aid, not a term
    if len(words) > 1 and ("'s " in term or "’s " in term) and lower[-1] not in _NAMED_HEADS:
        return None  # "Docker's Role", "Tester's Problem": someone's thing ("Moore's law" stays)
    if _NOT_A_NAME.search(term) and not _AT_K.match(term):  # "Recall@k" is a name
        return None
    if _PAGE_REF.match(term) or _STEP.match(term):
        return None
    if any(mark in term for mark in "+%*^×") and _CHORD_OR_SUM.search(term):
        return None  # "Command + C": a key chord; "x + y", "r times n": math ("C++", "R+" stay)
    if len(lower) > 2 and lower[1] == "to" and lower[0] in RELATIVE_ADJECTIVES:
        return None  # "Robust to outliers": a property, not a name
    if _COMPARISON.match(term):
        return None  # "Similar to createMissingLinkedNotes": a comparison, not a name
    if _ID_LIKE.match(term) or is_variable(term) or _CITE_KEY.match(term):
        return None  # an id or hash, a variable, a citation key
    if "YYYY" in term or "yyyy" in term:
        return None  # "journal.YYYY.MM.DD": a pattern of note names, not a term
    if term.endswith(("/", "\\")):
        return None  # "docs/": a folder
    if is_label(term) or _DATE.match(term) or lower[0] in DAYS_AND_MONTHS:
        return None
    if len(words) == 1 and (
        lower[0] in INSIDE_STOP or lower[0] in COMPARATIVES or singular(lower[0]) in _GENERIC_ONLY
    ):
        return None  # "Better represents ...": a comparison's word, not a name
    if len(words) == 1 and lower[0].endswith(ADJECTIVE_SUFFIXES):
        return None  # "Embedding-based", "Model-level": an adjective
    if len(words) == 1 and len(lower[0]) > 5 and (lower[0].endswith("ed") or _does(lower[0])):
        return None  # "Masked": a participle; "Generates", "Retrieves": a step's verb
    if len(words) > 1 and len(lower[0]) > 5 and _does(lower[0]):
        return None  # "Introduces FashionCLIP", "Combines retrieval ...": a sentence's verb
    adverb = lower[0].endswith("ly") and lower[0] not in NOT_ADVERBS and "-" not in lower[0]
    if adverb and not (
        len(lower) >= 3 and lower[1].endswith(ADJECTIVE_ENDINGS)
    ):  # "Mutually exclusive
        return None  # events" is a name; "typically", "surprisingly stable" are not
    if len(words) > 1 and lower[0] in ("things", "ways", "stuff", "tips", "notes", "bits"):
        return None  # "Things to watch": a list's heading
    if _VALUE.search(term):
        return None  # "Top-p around 0.9-0.95": a setting, not a name
    if term.count("(") != term.count(")"):
        return None  # "Morphology (Def": cut inside a bracket
    if _QUANTITY.match(term) or _DOMAIN.match(term):
        return None  # "10x", "250 MB", "630 unique intents": a quantity; "phi.vercel.app"
    if "/" in term and _PAIR.search(term):
        return None  # "Bias/Variance", "Offline/Batch": a pair or a topic, not one name
    if len(lower) > 1 and (lower[0] in ACTIVITIES or _GERUND_OF.match(term)):
        return None  # "Handling Missing Data", "Using prompts": an activity, a section
    if len(lower) > 1 and lower[-1].endswith("ly") and lower[-1] not in NOT_ADVERBS:
        return None  # "GPT mainly": a clause cut short
    used = len(lower) == 2 and lower[1] == "use" and lower[0] in USE_NOUNS  # "Tool use"
    if len(lower) > 1 and (lower[-1] in TRAILING_ADVERBS or lower[-1].endswith("ed")) and not used:
        return None  # "Dendron now", "Titles generated", "LLMs use": a clause
    if len(lower) > 1 and lower[-1] in FACETS:
        return None  # "Self-Attention Recap", "Q-RNN limitations": one side of a term
    if len(lower) > 2 and lower[1] in _ASPECT_OF and lower[0] in ASPECTS:
        if lower[0] not in DEFINING_ASPECTS:
            return None  # "benefit of using t-SNE": an aspect of a term, not the term
        return clean_term(" ".join(words[2:]).removeprefix("using "))  # "essence of X" is X
    # "Stop Words", "Skip Connections": a Title Case plural is a name ("Select Note" a step)
    titled = len(words) == 2 and words[1][:1].isupper() and lower[1].endswith("s")
    titled = titled and len(lower[1]) > 3
    titled = titled and not lower[1].endswith("ss")
    titled = titled and lower[0] not in VERBS_ONLY  # "Create Tools", "Compute Gradients": steps
    if not titled and not term.isupper() and is_step(lower) and not _ROMAN_I.match(term):
        return None  # "Draw a sample", "Count pairs", "Repeat": a step ("DROP": a name)
    return term


# what a name after a person's possessive names: "Moore's law", "Newton's method",
# "Chebyshev's inequality", "Pearson's correlation coefficient"
_NAMED_HEADS = frozenset(
    "law laws theorem rule method inequality distribution algorithm lemma principle razor "
    "test paradox equation equations coefficient constant formula identity criterion bound "
    "estimator correction conjecture hypothesis transform kernel number dilemma".split()
)

# "Benefit of X", "Issues with X", "Challenges in X": an aspect of X
_ASPECT_OF = frozenset(["behind", "of", "for", "about", "with", "in", "to", "on"])


def _symbols_off_end(term: str) -> str:
    """The term without the emoji, pictographs and format marks after it (a letter of any
    script stays: "注意力", "Café"), nor the one Greek letter after it that is its symbol."""
    end = len(term)
    while end and (term[end - 1].isspace() or category(term[end - 1])[0] in "SC"):
        end -= 1
    if end > 3 and term[end - 2] == " " and "\u0370" <= term[end - 1] <= "\u03ff":
        end -= 2
    return term[:end]


def strip_article(text: str) -> str:
    """`the transformer` -> `transformer`: names are listed without their article."""
    return _ARTICLE.sub("", text.strip())


def _does(word: str) -> bool:
    """A verb's -s form, of a verb that names no thing ("retrieves", "computes")."""
    if not word.endswith("s"):
        return False
    return word[:-1] in VERBS_ONLY or (word.endswith("es") and word[:-2] in VERBS_ONLY)


def is_step(lower: list[str]) -> bool:
    """A procedure step: an imperative that never heads a noun phrase ("Ask", "Repeat"), or
    one that can ("Split", "Sample") followed by what it acts on ("Split into symbols")."""
    first = lower[0]
    if first in ALWAYS_IMPERATIVE:
        return True
    if first in IMPERATIVES and len(lower) > 1:
        second = lower[1]
        return (
            second in DETERMINERS
            or second in STOP_FIRST
            or second.endswith("ly")
            or (second.endswith("s") and not second.endswith("ss") and len(lower) == 2)
        )
    return False


def looks_like_model_name(term: str) -> bool:
    """`Model-B 7B`, `GPT-4 v2`, `85%`: a model, version or figure, not a concept."""
    return bool(_MODEL_SIZE.search(term))


# a name with the kind of thing it is after it: "SmoothGrad method", "Interactive Retrieval
# Refinement Framework"
_KIND_TAIL = compiled(
    r"^(?P<name>\S.+?)\s+(?:method|approach|framework|strategy|technique|algorithm)$", re.I
)


def without_kind(term: str) -> str | None:
    """The name a term gives before the kind of thing it is, when that is still a name on
    its own: two words or more ("Interactive Retrieval Refinement"), or one with capitals
    inside ("SmoothGrad"); not an acronym alone ("ML strategy") or a plain word."""
    kinded = _KIND_TAIL.match(term) if " " in term else None
    if kinded is None:
        return None
    name = kinded.group("name")
    inner = any(c.isupper() for c in name[1:]) and not name.isupper()
    return name if len(name.split()) >= 2 or (inner and " " not in name) else None
