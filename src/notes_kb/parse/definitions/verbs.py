"""The verbs that define their subject. Pure."""

from __future__ import annotations

# "X measures ...". One list: the verb form in sentences.py, the quick test before it and
# the sentence gate in __init__ are all made from it.
DEFINING_VERBS = (
    "means",
    "refers to",
    "is about",
    "consists of",
    "describes",
    "denotes",
    "represents",
    "measures",
    "controls",
    "focuses on",
    "quantifies",
    "captures",
    "is defined as",
    "are defined as",
    "stands for",
    "encodes",
    "indicates",
    "determines",
    "specifies",
    "estimates",
    "tells you",
    "tracks",
    "is shorthand for",
    "is short for",
    "occurs when",
    "happens when",
    "involves",
)
