"""One-word glossary entries that name no concept alone. Pure.

A list of kinds in a note ("- **Dense**: neural embeddings ...", "- **Sparse**: exact keyword
matching") makes each adjective a glossary entry, and every "dense vector" and "semantic
search" then counts as its mention: "Dense" and "Semantic" would head the concept index. A
vault shows such a word for what it is in its names (glossary names, note titles,
headings): it opens names ("Dense Retrieval", "Semantic Search", "Generative AI") and closes
none, where a noun closes some ("feature vector", "policy gradient"). English shows it
too: an adjective has no plural ("denses") and makes an adverb ("densely").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from notes_kb.parse.keys import (
    NUMBERING,
    _zipf,
    concept_key,
    english_word,
    everyday_word,
    singular,
    zipf_in,
)
from notes_kb.parse.patterns import compiled
from notes_kb.query.usage import CHINESE_ZIPF

if TYPE_CHECKING:
    from notes_kb.query.glossary import Entry

# Words that name no concept alone (a name of them and a word of its own may): modifiers
# ("Single", "Offline", "Binary") and the stages and measures of any work ("pipeline",
# "baseline", "workflow", "relevance"), which a list's label or a sentence about the
# author's own makes an entry ("The pipeline is a standalone Python application ...").
NO_CONCEPT_ALONE = frozenset(
    "single double end start final initial predicted given input output binary online offline "
    "adjacent high low local global simple complex positive negative overall total average "
    "current previous next same other different new old main basic general specific "
    "testing objective sequence human humans "
    "baseline pipeline workflow relevance functionality discussion".split()
)
# The forms that set a word at the head of a list's item or a table's row: how a label of
# a kind is written. A definition in any other form (a sentence, a note or a heading of its
# own) makes the word the vault's term, adjective or not.
_LABEL_FORMS = frozenset(
    "glossary-bullet bold-lead colon-bullet colon-line dash-bullet paren-bullet table "
    "emphasis bracket appositive".split()
)
# endings of nouns with no plural in English ("retrieval" aside): "scaling", "latency"
_NOUN_ENDINGS = tuple(
    "ing tion sion ment ness ity ance ence ism ure ogy cy er or ist ship age".split()
)
# endings of adjectives too rare for the word list to know ("generative", "multimodal")
_ADJECTIVE_ENDINGS = tuple("ive ic al ian ous able ible ful less".split())
# endings of adjectives that no noun in the vault's names needs to show: "Interpretable"
_SURE_ADJECTIVES = tuple("able ible ive ous ful less".split())
# an adjective of a name, written with its capital: "Bayesian", "Gaussian"
_PROPER = "ian"
_WORD = compiled(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
# where a name joins two ("Dense vs Sparse", "Lexical and Semantic"): each part is a name
_JOINS = compiled(r"\s+(?:vs\.?|versus|and|or|&)\s+|\s*[,/|]\s*", re.IGNORECASE)


def plain_word(name: str) -> bool:
    """One word of letters, no capital inside (not `mAP`, `LoRA`, `GPU`)."""
    return name.isalpha() and not any(ch.isupper() for ch in name[1:])


def name_ends(names: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    """How many of the vault's names of two to five words (each once, lowercase; "A vs B"
    as two names) each word, singular, opens and closes."""
    opens: Counter[str] = Counter()
    closes: Counter[str] = Counter()
    parts = {p for name in names for p in _JOINS.split(NUMBERING.sub("", name).lower())}
    for part in parts:
        words = _WORD.findall(part)
        if 2 <= len(words) <= 5:
            opens[singular(words[0])] += 1
            closes[singular(words[-1])] += 1
    return opens, closes


class VaultText:
    """What the vault writes where the table can read it (its definitions, names, titles and
    headings), read once, at the first question: most vaults ask none or few."""

    def __init__(self, entries: Iterable[Entry], topics: Iterable[str]) -> None:
        self._parts = (entries, topics)
        self._text: str | None = None
        self._ends: tuple[Counter[str], Counter[str]] | None = None

    @property
    def ends(self) -> tuple[Counter[str], Counter[str]]:
        """How many names each word opens and closes (`name_ends`)."""
        if self._ends is None:
            entries, topics = self._parts
            self._ends = name_ends([*topics, *(n for e in entries for n in e.names)])
        return self._ends

    @property
    def text(self) -> str:
        if self._text is None:
            entries, topics = self._parts
            parts = [p for e in entries for p in (*e.names, *(d.text for d in e.definitions))]
            self._text = "\n".join([*parts, *topics])
        return self._text

    def as_adjective(self, word: str, proper: bool = False) -> bool:
        """Written in lowercase, never in capitals, in a plural or as a noun after "the" or
        "a" ("the median of", "an ensemble."): "dense" in "dense vectors". (Each pattern opens
        on the word, which `re` finds fast: 3 MB of text at 10,000 notes.)"""
        text = self.text
        if not proper and not any(_words(rf"{re.escape(word)}(?![\w-])", text)):
            return False  # "Python", "Anthropic": a name, written with its capital
        if any(_words(rf"{re.escape(word.upper())}(?![\w-])", text)):
            return False  # "nvidia" once, "NVIDIA" elsewhere: a name
        lower = text.lower()
        for plural in _words(rf"{re.escape(word)}e?s(?![\w-])", lower):
            if singular(plural.group(0)) == word:  # not "semantics", a field
                return False
        for noun in re.finditer(rf" {re.escape(word)}{_NOUN_AFTER}", lower):
            if _ARTICLE.search(lower, max(0, noun.start() - 4), noun.start()):
                return False
        return True


def _words(pattern: str, text: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern` that open a word (after no letter, digit, _ or -)."""
    for found in re.finditer(pattern, text):
        start = found.start()
        if not start or not (text[start - 1].isalnum() or text[start - 1] in "_-"):
            yield found


_ARTICLE = compiled(r"(?:^|\W)(?:the|an?)$")  # ends what comes before a noun: "... the"
# what follows a noun and not an adjective: a stop, or a word that is no noun's
_NOUN_AFTER = r"(?:[.,;:)!?]|\s+(?:of|is|are|was|in|for|to|and|or|with|from|as|at|by|on)\b)"


def adjective_alone(entry: Entry, text: VaultText) -> bool:
    """An entry named by one word shaped like an adjective (a prefix's too: "non-linear"),
    defined only as a label (`_LABEL_FORMS`) or as what a thing is called ("RNNs that do
    this are called bidirectional"), which ends fewer than half of the vault's names it
    opens (`name_ends`; "Dense Retrieval", never "... Dense") and which its text writes as
    an adjective: "Dense", "Robust", "Bayesian", "bidirectional"; not "Gradient" (no
    adverb), "Retrieval" ("dense retrieval" ends on it) or "Python"."""
    if not _one_word(entry.term) or any(d.kind not in _ADJECTIVE_FORMS for d in entry.definitions):
        return False
    word = entry.term.lower()
    word = word if "-" in word else singular(word)
    last = word.rsplit("-", 1)[-1]
    if not _adjective_shaped(last):
        return False
    opens, closes = text.ends
    if closes[word] and closes[word] >= opens[word]:
        return False  # "Retrieval": "dense retrieval", "sparse retrieval" end on it
    adverb = _adverb(last)
    if opens[word] < 2 and not (adverb or last.endswith(_SURE_ADJECTIVES)):
        return False  # "Jacobian", "eval": no adverb, and no name they open shows them
    # (a word with an adverb is no name, "Robust" capitalised wherever the vault writes it)
    return text.as_adjective(word, adverb or word.endswith(_PROPER))


# the forms a kind's adjective is defined in: a label, or what a thing is called
_ADJECTIVE_FORMS = _LABEL_FORMS | {"called"}
# one word, or a prefix and a word ("non-linear", "multi-modal"), no capital inside
_ONE_WORD = compiled(r"[^\W\d_][^\W\dA-Z_]*(?:-[^\W\dA-Z_]{2,})?")


def _one_word(name: str) -> bool:
    return _ONE_WORD.fullmatch(name) is not None


def _adjective_shaped(word: str) -> bool:
    """A word with no noun's ending and no plural in English, of an adjective's ending or
    whose adverb English writes: "generative", "dense" (densely), "robust" (robustly); not
    "vector" (vectors), "latency", "gradient" or "nvidia" (no adverb)."""
    if word.endswith(_NOUN_ENDINGS):
        return False
    plurals = [word + "s", word + "es"] + ([word[:-1] + "ies"] if word.endswith("y") else [])
    # "semantics", "dynamics": a field of its own, not the adjective's plural
    if any(_zipf(plural) and singular(plural) == word for plural in plurals):
        return False
    return word.endswith(_ADJECTIVE_ENDINGS) or _adverb(word)


def _adverb(word: str) -> bool:
    """English writes the word's adverb: "robustly", "simply", "quadratically"."""
    if word.endswith("le"):
        return english_word(word[:-1] + "y")
    adverbs = [word + "ly", word[:-1] + "ily"] + ([word + "ally"] if word.endswith("ic") else [])
    return any(map(english_word, adverbs))


# A common English word: about the 10,000 most frequent ("vector" 4.0, "graph" 4.05, "critic"
# 3.95, "flush" 3.8), which a note uses in its everyday sense more than as a term; not
# "transformer" 3.4, "kernel" 3.6 or "corpus" 3.6
PASSING_ZIPF = 3.7
# the forms of prose that say something of a word on the way to something else
_PROSE_FORMS = frozenset("sentence outline emphasis appositive called bracket colon-line".split())
# the forms that set a word over a list's item or a table's row as its label
_LABEL_OVER = frozenset(
    "glossary-bullet bold-lead colon-bullet colon-line dash-bullet paren-bullet field table".split()
)
# a text that opens on a formula: "**Vector:** $\theta := \theta + H^{-1} ...$"
_FORMULA = compiled(r"\s*\$")


def said_in_passing(entry: Entry) -> bool:
    """One plain word that the vault only says something of on the way: every definition a
    formula under the word as a label (`**Scalar:** $\theta := ...$`, the formula's case), or
    a sentence (an outline's item, ...) in one note that says what the word's plural, a
    common word (`PASSING_ZIPF`), are there: "Vectors are a representation of the context
    ..." in a note on word2vec, "The representations are used for downstream tasks". The
    vault's other uses of such a word are the everyday word ("word vectors", "a vector
    of"). A singular is spared: "The likelihood is the probability of ...", "A word token
    is ..." name the vault's concepts as often as not. Every name of the entry is such a
    word. (The caller spares a word the vault names a note, a heading or a tag for.)"""
    if not all(plain_word(name) for name in entry.names):
        return False  # ("attention" with "attention mechanism": a name of its own)
    worded = [
        d for d in entry.definitions if d.kind not in _LABEL_OVER or not _FORMULA.match(d.text)
    ]
    if not worded:
        return True
    if len({d.path for d in worded}) > 1 or any(d.kind not in _PROSE_FORMS for d in worded):
        return False
    return all(singular(name) != name and everyday_word(name, PASSING_ZIPF) for name in entry.names)


_DELIBERATE = 3.5  # a definition scored this high sits in the author's own glossary
_TOPIC_FORMS = frozenset(
    "heading section title-note note-subject question-heading glossary-note".split()
)


def everyday_alone(
    entry: Entry, names: tuple[str, ...], tagged: set[str], headed_in: Mapping[str, set[str]]
) -> bool:
    """Every name a single everyday word ("Text", "Support", "Now"), and the vault never
    makes it a topic: no tag named for it, no note or heading named for it but in the one
    note defining it (a glossary note's "### 4. Words" over its "Definition:" field), no
    glossary of the author's listing it. "Attention" under its own heading stays;
    "Documents" in a bullet does not. A name once written otherwise (`HTTP` for `Http`) is
    no everyday word; one of another language, defined in it (`foreign_word`), is.
    `headed_in`: the notes each name key heads (as a title or a heading) by that key."""
    written = {*names, *(d.term for d in entry.definitions)}
    if not all(plain_word(n) and everyday_word(n) for n in written) and not foreign_word(entry):
        return False  # (an everyday word of the language it is defined in: `AUS`, German)
    keys = {concept_key(name) for name in names}
    own = {d.path for d in entry.definitions}
    headed = set().union(*(headed_in.get(key, ()) for key in keys))
    if keys & tagged or headed - own or (headed and len(own) > 1):
        return False
    return not any(d.kind in _TOPIC_FORMS or d.score >= _DELIBERATE for d in entry.definitions)


# The commonest words of the languages whose notes turn up beside English ones: what tells
# a definition's language without a word list's load ("Deine Daten werden nicht ...").
_COMMON = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the a an of and is are to in for with that this it by on as be from or not",
        "de": "der die das und ist sind nicht für mit von zu den dem ein eine werden wird auf",
        "es": "el la los las de y es son para con por un una del se que en al como",
        "fr": "le la les des de et est sont pour dans une du qui que sur avec pas au",
        "pt": "o os as de e é são do da dos das para com um uma não que em no na",
        "it": "il lo la gli di e è sono per con che un una non della del nel",
        "nl": "de het een en is zijn van voor met niet op te dat die",
    }.items()
}
_FOREIGN_ZIPF = 4.0  # an everyday word of its language ("aus", "herramientas", "enfoque")
_HAN = compiled(r"[\u4e00-\u9fff]+")


def foreign_word(entry: Entry) -> bool:
    """An entry named by one everyday word of another language and defined only in it:
    `AUS` ("**AUS**: Deine Daten werden nicht ... verwendet"), `Herramientas`, a Chinese
    `参数` or `文本`; not `Ensemble`, a French word defined in English, or `梯度`."""
    if not all(name.isalpha() for name in entry.names):
        return False
    if all(_HAN.fullmatch(name) for name in entry.names):  # "参数", "内容", "可能": Chinese
        return max(zipf_in(name, "zh") for name in entry.names) >= CHINESE_ZIPF
    languages: set[str] | None = None
    for definition in entry.definitions:
        found = _languages(definition.text)
        languages = found if languages is None else languages & found
        if not languages:
            return False
    word = entry.term.lower()
    best = max(zipf_in(word, language) for language in languages or ())
    return best >= _FOREIGN_ZIPF and best > _zipf(word) + 1


def _languages(text: str) -> set[str]:
    """The languages other than English whose commonest words a text uses three times or
    more (twice with none of English's), and more often than English ones (several: "de"
    and "que" are Spanish and French)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    counts = {lang: sum(w in common for w in words) for lang, common in _COMMON.items()}
    english = counts.pop("en")
    least = 2 if english == 0 else 3  # "Funciones que el modelo puede invocar"
    return {lang for lang, count in counts.items() if count >= least and count > english}
