"""The spelling-independent identity of a term. Pure, and light enough for a warm search."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from notes_kb.parse.patterns import compiled

_SPLIT = compiled(r"[\s\-_/]+")
NOT_KEY = compiled(r"[^\w@]")  # what a key leaves out of a word: all but letters, digits, @

# How deliberately a definition was written as one, lower is better: explicit glossary forms
# before prose. Here, not in definitions.py, so a warm search can rank without the finder.
KIND_RANK = {
    "frontmatter": 0,
    "definition-list": 0,
    "glossary-bullet": 0,
    "glossary-note": 0,
    "field": 0.5,
    "table": 0.5,
    "bold-lead": 1,
    "question-heading": 1,
    "title-note": 1.5,
    "subtitle": 2,
    "acronym": 2,
    "colon-bullet": 2,
    "paren-bullet": 2.5,
    "dash-bullet": 2,
    "heading": 2.5,
    "sentence": 3,
    "colon-line": 3,
    "called": 4,
    "appositive": 4,
    "emphasis": 4.5,
    "bracket": 5,
    "gloss": 5,
    # the weak forms: whatever the text says, even in the note about the term (-2.5), they
    # come after any definition in so many words
    "section": 6,
    "note-subject": 6,
    "note-bullets": 6,
}
# the forms that define the note's own subject by its title or its opening
OWN_NOTE_KINDS = frozenset(["title-note", "subtitle", "note-subject", "note-bullets"])


_BRITISH = compiled(r"is(ation|ations|er|ers|ing|ed)$")


# a vault says the same names again and again; few are kept, as every process of a cold
# build keeps its own (65,536 took about 10 MB in each at 100,000 notes, for no more hits)
@lru_cache(maxsize=4096)
def concept_key(term: str) -> str:
    """The spelling-independent identity of a term: `Fine-tunings` -> `finetuning`,
    `tokenisation` -> `tokenization`."""
    text = term
    if not term.isascii():  # most terms have no accent to take off
        text = unicodedata.normalize("NFKD", term)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = [NOT_KEY.sub("", word) for word in _SPLIT.split(text.strip())]
    words = [word for word in words if word]
    if not words:
        return ""
    words[-1] = singular(words[-1])  # before folding: `GPUs` is a plural, `gpus` may not be
    words = [word.casefold() for word in words]
    return "".join(_BRITISH.sub(r"iz\1", word) if len(word) > 6 else word for word in words)


# Plurals the suffix rules below get wrong. benchmarks/compare_singular.py measured inflect
# and lemminflect in our place on the 8,864 words of real glossaries and labels: they differ
# on 189 and 303, mostly wrongly ("analysi", "datum", "supervise", "assemblyaus"; right on 14
# and 29), at 100x and 40x the time, after 4 s and 0.5 s to load. Where they were right
# ("minima", "plug-ins", "APIs", "semantics"), the rule is here.
_IRREGULAR = {
    "caches": "cache",
    "niches": "niche",
    "headaches": "headache",
    "matrices": "matrix",
    "indices": "index",
    "vertices": "vertex",
    "appendices": "appendix",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "minima": "minimum",
    "maxima": "maximum",
    "optima": "optimum",
    "corpora": "corpus",
    "analyses": "analysis",
    "hypotheses": "hypothesis",
    "theses": "thesis",
    "syntheses": "synthesis",
    "parentheses": "parenthesis",
    "diagnoses": "diagnosis",
    "axes": "axis",
    "biases": "bias",
    "aliases": "alias",
    "statuses": "status",
    "buses": "bus",
    "lenses": "lens",
    "series": "series",
    "species": "species",
    "people": "person",
    "children": "child",
    "echoes": "echo",
    "heroes": "hero",
    "focuses": "focus",
    "bonuses": "bonus",
    "viruses": "virus",
    "gases": "gas",
    "canvases": "canvas",
    "atlases": "atlas",
    "plateaus": "plateau",
    "ins": "in",  # the last part of `plug-ins`, `add-ins`, `built-ins`
}
# Words that end in s and are no plural: `bias` is not the plural of a `bia`, `news` is not
# `new`, and `k-means` has no `mean`.
_SINGULAR_S = frozenset(
    "bias alias lens chaos news odds gas canvas atlas bayes gibbs kudos means".split()
)
# a field of study ends in -ics and is no plural: `physics`, `thermodynamics`, `semantics`
_FIELDS = tuple(
    "physics mathematics economics ethics logistics dynamics semantics politics".split()
)
# an acronym's plural: capitals, then a lowercase s (`GPUs`, `APIs`, `LMs`, `IDs`, `ReLUs`;
# `IDS` and `AIS` are acronyms of their own). A key is folded after this, so `APIs` and `API`
# are one concept, where `apis` alone would be read as a word in -is.
_ACRONYM_PLURAL = compiled(r"[A-Za-z\d]*[A-Z][A-Za-z\d]*[A-Z]s")


# the plurals no suffix makes from their singular (`matrix`: `matrices`; not `bias`: `biases`)
_PLURAL = {
    one: many for many, one in _IRREGULAR.items() if many not in (one, one + "s", one + "es")
}
_PLURAL_ENDINGS = tuple(_PLURAL)


def irregular_plurals(key: str) -> set[str]:
    """A key with its last word in an irregular plural: `confusionmatrix` ->
    `confusionmatrices`, `stoppingcriterion` -> `stoppingcriteria`; none for most (their
    plural adds s or es)."""
    if not key.endswith(_PLURAL_ENDINGS):
        return set()
    return {key[: -len(one)] + many for one, many in _PLURAL.items() if key.endswith(one)}


_NOT_PLURAL_S = ("ss", "us", "is", "'s", "\u2019s")  # `loss`, `corpus`, `analysis`, `Bayes's`


def singular(word: str) -> str:
    """The one singulariser: `models` -> `model`, `batches` -> `batch`, `caches` -> `cache`,
    `Matrices` -> `Matrix`, `GPUs` -> `GPU`, `plug-ins` -> `plug-in`; words that only look
    plural (`loss`, `corpus`, `analysis`, `semantics`, `ROUGE-S`) stay as they are."""
    if "-" in word:  # the last part alone: `x-axes` -> `x-axis`, `OpenLLMetry-JS` stays
        head, _, last = word.rpartition("-")
        return head + "-" + singular(last)
    lower = word.lower()
    if lower != word and _ACRONYM_PLURAL.fullmatch(word):
        return word[:-1]
    if lower in _SINGULAR_S or lower.endswith(_FIELDS):
        return word
    if lower in _IRREGULAR:
        return _cased_as(word, _IRREGULAR[lower])
    if len(word) > 4 and lower.endswith("ies"):
        return word[:-3] + "y"
    if lower.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if len(word) > 3 and lower.endswith("s") and not lower.endswith(_NOT_PLURAL_S):
        return word[:-1]
    return word


def _cased_as(word: str, found: str) -> str:
    """`found` in the case of `word`: `Criteria` -> `Criterion`, `CRITERIA` -> `CRITERION`."""
    if word.isupper():
        return found.upper()
    return found[:1].upper() + found[1:] if word[:1].isupper() else found


def definition_rank(kind: str, about: bool, path: str = "") -> float:
    """Lower is better. A definition in the note about the term (its title or file name)
    moves ahead of passing ones elsewhere, but not ahead of explicit glossary forms; one in
    a dated note (a journal day, a meeting: `2022.04.12`, `2024-05-17`) falls behind those
    in the vault's topic notes."""
    dated = bool(path) and _DATED.search(path) is not None
    # "- **A/B Testing**: Send 5% of traffic to the new model" in a note on drift is a point
    # more often than a definition: behind the opening of the note about A/B testing, unless
    # its note is a glossary
    passing = (
        kind in _LIST_FORMS and not about and not _GLOSSARY_NAME.search(path.rpartition("/")[2])
    )
    return KIND_RANK.get(kind, 9) - (2.5 if about else 0) + (3.5 if dated else 0) + passing


_DATED = compiled(r"(?:19|20)\d\d[-._]\d\d[-._]\d\d")
_LIST_FORMS = frozenset(["glossary-bullet", "colon-bullet", "dash-bullet", "bold-lead"])
_GLOSSARY_NAME = compiled(r"gloss|terms|termin|vocab|defin|concepts|jargon|术语", re.I)


# An English word at least this frequent (wordfreq's Zipf scale: about the 3,000 most
# frequent, "text", "support", "now", but not "token", "vault" or "latency") names the thing
# it names in everyday prose: its every use is counted as a mention, so one weak definition
# of it fills the top of the index with ordinary sentences.
EVERYDAY_ZIPF = 4.5
# A common word (Zipf 3.2: about the 30,000 most frequent; "logging" 3.7, "filtering" 3.3,
# but not "perplexity" 2.8 or "sigmoid" 2.0) names no term by a heading or a title alone.
COMMON_ZIPF = 3.2
# A phrase is of everyday words when each is at least this frequent (Zipf 4: "consequence",
# "criteria", "existing", but not "covariance"): a label said twice, a generic phrase.
PHRASE_ZIPF = 4.0


def everyday_word(word: str, at_least: float = EVERYDAY_ZIPF) -> bool:
    """One of the most frequent English words, as written or singular (`images`): of the
    3,000 most frequent by default, of about the 30,000 most frequent at Zipf 3.2."""
    word = word.casefold()
    return max(_zipf(word), _zipf(singular(word))) >= at_least


_LETTERS = compiled(r"[a-z]+")


def _zipf(word: str) -> float:
    """wordfreq's Zipf frequency of a word in its small English list. A word of plain
    letters is looked up in the list itself (its file read in a few milliseconds), the same
    number wordfreq gives for each of them; anything else goes through wordfreq, whose import
    (its tokenizers, language tables and text fixers) takes a fifth of a second."""
    if not word:
        return 0.0  # (as wordfreq says of no word)
    if _LETTERS.fullmatch(word):
        table = _small_list("en")
        if table is not None:
            return table.get(word, 0.0)
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en", wordlist="small"))


def zipf_in(word: str, lang: str) -> float:
    """The Zipf frequency of a lowercase word in wordfreq's small list of a language (`de`,
    `es`, ...), read from the list itself; 0 for a word it lacks or a list it cannot read."""
    table = _small_list(lang)
    return table.get(word, 0.0) if table is not None else 0.0


@lru_cache(maxsize=8)
def _small_list(lang: str) -> dict[str, float] | None:
    """wordfreq's small list of a language as word -> Zipf frequency (bucket i holds the
    words at 9 - i/100), read from wordfreq's own data file without importing wordfreq; None
    when that file cannot be read (then wordfreq answers)."""
    buckets = _buckets(f"small_{lang}")
    if buckets is None:
        return None
    table: dict[str, float] = {}
    for index in range(len(buckets) - 1, -1, -1):  # the most frequent bucket written last
        if buckets[index]:  # (a word in two buckets keeps its higher frequency)
            table.update(dict.fromkeys(buckets[index], round(9 - index / 100, 2)))
    return table


@lru_cache(maxsize=1)
def _large_english() -> frozenset[str]:
    """Every word of wordfreq's large English list (down to Zipf 1: "robustly", "linearly",
    "quadratically"), read at first use (50 ms); empty when it cannot be read."""
    buckets = _buckets("large_en")
    return frozenset(word for bucket in buckets or () for word in bucket)


def english_word(word: str) -> bool:
    """A word English writes at all, however rarely (wordfreq's large list knows it): what
    tells an adjective by its adverb, "robust" by "robustly", from a noun ("gradient")."""
    return word in _large_english()


def _buckets(name: str) -> list[list[str]] | None:
    """The word buckets of one of wordfreq's data files (`small_en`, `large_en`), most
    frequent first, read with wordfreq's own reader; None when it cannot be read."""
    import gzip
    import importlib.util
    import os

    spec = importlib.util.find_spec("wordfreq")
    places = spec.submodule_search_locations if spec else None
    if not places:
        return None
    try:
        import msgpack  # type: ignore[import-untyped]  # (wordfreq's own reader)

        path = os.path.join(places[0], "data", f"{name}.msgpack.gz")
        with gzip.open(path, "rb") as packed:
            data = msgpack.load(packed, raw=False)
        if not (isinstance(data, list) and data and data[0].get("format") == "cB"):
            return None
        buckets: list[list[str]] = data[1:]  # (msgpack reads each bucket as a list)
        return buckets
    except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return None  # a damaged or changed data file: wordfreq reads it or says why


def common_word(name: str) -> bool:
    """One everyday word ("Logging", "Architecture"), which names no term alone; a name of
    several words or a rarer word ("Adagrad", "Perplexity") may."""
    return " " not in name and everyday_word(name, COMMON_ZIPF)


# "d1", "s3", "x_2", "y_i", "y^", "h_{t}": a document or a variable; "w and b", "X and Y":
# variables ("L1", "F1", "T5" are names)
# the numbering in front of a name: "09_Attention", "01_linear_models", "1. Self attention"
NUMBERING = compiled(r"^[\d\W_]+")
_VARIABLE = compiled(
    r"^[a-z](?:_?\d{1,2}|_[a-z]{1,2}|\^|_\{\w{1,3}\})$|^[A-Za-z]_?\w? (?:and|&) [A-Za-z]_?\w?$"
)


# a Greek letter spelt out in lowercase, as LaTeX writes it (`\eta`, `\varphi`): a
# parameter's symbol ("eta", "alpha", "lambda"), not a name ("Lambda" and "Beta" may be)
_GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
    "nu xi omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega".split()
)


# A symbol written without its marks: a letter indexed from 0 (`X0`, `h0`: the first of a
# series; `L1`, `F1`, `T5` are names), or two lowercase letters, a letter with its subscript
# flattened (`dk` for d_k; an acronym is written in capitals, `ML`, `KV`)
_SYMBOL = compiled(r"^[A-Za-z]0$|^[a-z]{2}$")


def is_variable(name: str) -> bool:
    """A variable's name (`d2`, `x_1`, `y_i`, `y^`, `eta`, `X0`, `dk`), not a term's."""
    name = name.strip()
    if _VARIABLE.match(name) is not None or name in _GREEK:
        return True
    if _SYMBOL.match(name) is not None and not everyday_word(name):
        return True  # (not "go", "on", "up": words, which the stop lists judge)
    # "xᵀz", "zzᵀ", "x^T A x", "xₖ": symbols with a mark of math, no word of three letters
    return _MATH_MARK.search(name) is not None and _WORD_RUN.search(name) is None


_MATH_MARK = compiled(r"[\^_ᵀ\u22a4\u2070-\u209c]")  # a power, an index, super- and subscripts
_WORD_RUN = compiled(r"[A-Za-z]{3,}")
