"""What the words around a candidate say about it: a second sentence that defines something
else is not part of its definition; a sentence that gives an example of an emphasised
category ("X is a **record** in the table") defines no X; a citation or a change reference
makes a text a reported result. Pure."""

from __future__ import annotations

from functools import lru_cache

from notes_kb.parse.definitions.words import strip_article
from notes_kb.parse.inline import marked_plain
from notes_kb.parse.keys import concept_key
from notes_kb.parse.patterns import compiled

# a sentence after the first that opens on a subject of its own: "... A component is ..."
_NEXT_SUBJECT = compiled(
    r"(?<=[^\s,;:(])\s+(?P<subject>(?:A|An)\s+[\w-]+(?:\s[\w-]+)?)\s+(?:is|are)\s"
)
# where _NEXT_SUBJECT may match: a space, then "A" or "An" and a space (a quick search:
# _NEXT_SUBJECT looks behind itself at every place it tries)
_NEXT_ARTICLE = compiled(r"\s(?:A|An)\s")
# "is a **record**": the category emphasised, so the sentence is an example of it ("X is a
# **program** that splits ...": the genus of a definition, emphasised, says what X is)
_IS_A_MARKED = compiled(
    r"\b(?:is|are)\s+(?:a|an|the|one)?\s*(\*\*|\*|__|_)(?P<word>[^*_\n]{2,40}?)\1"
    r"(?=[,.;:!?)]|$|\s+(?:in|of|on|for|with|from|where)\b)"  # the whole noun
)


def own_sentences(text: str, term: str) -> str:
    """The definition without a second sentence that defines something else ("A feature is
    ... A component is rarely used."): notes often put one thought per line, unpunctuated."""
    second = _NEXT_SUBJECT.search(text, 12) if _NEXT_ARTICLE.search(text, 12) else None
    if second is None:
        return text
    subject, key = concept_key(strip_article(second.group("subject"))), concept_key(term)
    if key in subject or subject in key:
        return text  # "A feature map is ..." after "feature-maps: also called ...": the same
    return text[: second.start()].rstrip()


def illustrates(raw: str, sentence: str) -> bool:
    """The sentence gives an example of an emphasised word: "X is a **record** ..."."""
    return any(f" {word} " in sentence or sentence.endswith(f" {word}.") for word in _marked(raw))


@lru_cache(maxsize=4)
def _marked(raw: str) -> tuple[str, ...]:
    """The emphasised words of a paragraph that an "is a" sentence names (read once for all
    its sentences)."""
    if "*" not in raw and "_" not in raw:
        return ()
    return tuple(m.group("word") for m in _IS_A_MARKED.finditer(raw))


_CITATION = compiled(
    r"\(\s*(?:1[89]|20)\d\d[a-z]?\s*\)|\bet\.? ?al\b|\beta al\b|"
    r"^[A-Z][a-z]+,? [A-Z][a-z]+ \((?:1[89]|20)\d\d"
)
_CHANGE_REF = compiled(r"\(\s*[0-9a-f]{7,40}\s*\)|\(#\d+\)")  # (f14eed8), (#123)


# a paper's title, then its authors as the whole next sentence: "ROCKET: Exceptionally fast
# ... kernels. Angus Dempster, François Petitjean, Geoffrey I. Webb. [paper](...)", or the
# first of them cut at an initial ("Prophet: Forecasting at Scale. Sean J.")
_NAME = r"[A-ZÀ-Þ][^\W\d_]*\.?(?:[ -][A-ZÀ-Þ][^\W\d_'’-]*\.?){1,3}"
_AUTHORS = compiled(
    rf"(?<=\w)\.\s+(?:{_NAME}(?:\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+){_NAME}"
    rf"(?:\s*,\s*(?:and\s+)?{_NAME}|\s+(?:and|&)\s+{_NAME})*\s*(?:[.,]|\[|$)|"
    r"[A-ZÀ-Þ][^\W\d_]+ [A-Z]\.$)"
)


# a bracket between a name and its verb: the name's source, not what the text reports
_ASIDE = compiled(r"\([^()]{1,80}\)(?=\s*(?:is|are|was|were|refers|describes|uses)\s)")


def cites(text: str) -> bool:
    """A citation ("Vaswani et al.", "(2017)", a title then its authors) or a change
    ("(f14eed8)"): a result reported or a paper listed, not a definition. Each but the
    authors needs a bracket or "et al." (most texts have neither)."""
    head = text[:160]  # "Pre-training Text Encoders as ... Generators, Clark et al. 2019"
    if "(" in head:  # "The Transformer (Vaswani et al., 2017) is a model ...": an aside
        head = _ASIDE.sub("", head)
    if ("(" in text or " al" in head) and (_CITATION.search(head) or _CHANGE_REF.search(text)):
        return True
    return ". " in text and _AUTHORS.search(text, 8) is not None


# a web link that ends a line: "T5: [Exploring the Limits of ...](https://...)"
_LINK_AT_END = compiled(r"!?\[(?P<text>[^\]]{0,999})\]\([^)\s]{0,2048}\)[\s.]*$")


def reading_list(raw: str, rest: str) -> bool:
    """The line is one web link ("[OpenOrca: FLAN with Orca](url)": the colon is the
    title's), or what follows its separator is ("T5: [paper title](url)"): a reference
    list, where the text names a paper or a page and defines nothing."""
    if "](" not in raw:
        return False  # most lines: no web link
    link = _LINK_AT_END.search(raw)
    if link is None:
        return False
    if raw[: link.start()].strip() in ("", "!"):
        return True
    if not rest:  # the item under an outline's term: "T5: [paper title](url)"
        head, colon, _ = raw[: link.start()].partition(":")
        return bool(colon) and not _.strip() and len(head.split()) <= 5
    return rest.strip().rstrip(".") == marked_plain(link.group("text"))[0].strip().rstrip(".")
