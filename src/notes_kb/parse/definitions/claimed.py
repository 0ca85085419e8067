"""A bullet's lead that opens with a verb, as paper notes write them (with a dash of any
kind): "Introduces M-schema - a semi-structured schema representation", "Uses 2 approaches -
LSTM bi-encoder & BERT", "Evaluated on benchmark - ...". What a paper introduces is named
after the verb; any other verb makes the lead a claim about the paper, not a name. Pure."""

from __future__ import annotations

import re

from notes_kb.parse.patterns import compiled

# "Introduces X", "Proposed X", "Presents X": the name follows
_INTRODUCES = compiled(r"^(?:introduce[sd]?|propose[sd]?|present(?:s|ed)?)\s+(?=\S)", re.I)
# a verb in the third person ("Uses", "Describes"), or a participle before a preposition
# ("Evaluated on", "Trained with"): a claim. Participles before a noun are names ("Masked
# LM", "Stacked LSTM"), and nouns in the plural too ("Maps", "Tests"): neither is here.
_CLAIM = compiled(
    r"^(?:uses|describes|shows|achieves|outperforms|evaluates|performs|employs|leverages|"
    r"utilizes|utilises|explores|studies|investigates|demonstrates|provides|requires|"
    r"improves|reduces|increases|compares|combines|applies|trains|generates|creates|"
    r"defines|finds|obtains|reports|adds|extends|builds|takes|makes|gives|"
    r"(?:evaluated|trained|tested|fine-tuned|finetuned|pretrained|pre-trained|compared|"
    r"applied|used|based|built|measured)\s+(?:on|with|in|using|by|against|to|for))\b",
    re.I,
)


def named_by_claim(term: str) -> str | None:
    """The name a lead gives, or None when the lead is a claim: "Introduce M-schema" names
    M-schema, "Uses 2 approaches" names nothing; any other lead is itself."""
    if " " not in term:
        return term
    introduced = _INTRODUCES.match(term)
    if introduced:
        return term[introduced.end() :]
    return None if _CLAIM.match(term) else term
