"""What every definition form proposes. Pure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Proposal:
    """A possible definition: the raw term, what defines it, the form, extra evidence."""

    term: str
    text: str
    kind: str
    evidence: float = 0.0
