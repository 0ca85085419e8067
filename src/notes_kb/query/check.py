"""`notes check`: everything wrong with a vault, as a linter would report it. Pure."""

from __future__ import annotations

from notes_kb.index.load import Vault
from notes_kb.model import Diagnostic
from notes_kb.parse.keys import NUMBERING
from notes_kb.query.linkgraph import LinkGraph, link_graph
from notes_kb.query.resolve import suggest


def check_vault(vault: Vault, graph: LinkGraph | None = None) -> list[Diagnostic]:
    """Loader problems, broken links and embeds (errors), missing anchors and orphans
    (warnings), sorted by path and line."""
    graph = graph or link_graph(vault)
    found = list(vault.diagnostics)
    names = _names(vault)
    for edge in graph.broken():
        link = edge.link
        if edge.target is None:
            code = "broken-embed" if link.kind == "embed" else "broken-link"
            what = "embed" if link.kind == "embed" else "link"
            reason = "names several notes" if edge.problem == "ambiguous" else "no such note"
            hint = _suggest(edge.target_name, names) if edge.problem != "ambiguous" else ""
            found.append(
                Diagnostic(
                    edge.source.path, link.line, "error", code, f"{what} {link.raw}: {reason}{hint}"
                )
            )
        else:
            missing = "heading" if edge.problem == "no heading" else "block"
            found.append(
                Diagnostic(
                    edge.source.path,
                    link.line,
                    "warning",
                    "broken-anchor",
                    f"link {link.raw}: {edge.target.fname} has no {missing} {edge.anchor!r}",
                )
            )
    for note in graph.orphans():
        found.append(
            Diagnostic(note.path, None, "warning", "orphan", "orphan note: no links in or out")
        )
    return sorted(found, key=lambda d: (d.path, d.line or 0, d.code))


def _names(vault: Vault) -> list[str]:
    return [note.fname for note in vault.notes]


def _suggest(name: str, names: list[str]) -> str:
    """A close note name for a broken link, close by its words and not by its numbering
    alone: not "01_anova_and_experimental_design" for "01_linear_models"."""
    close = suggest(name, names, limit=3, cutoff=80) if name else []
    if close:
        from rapidfuzz import fuzz  # (suggest has loaded it)

        own = NUMBERING.sub("", name.rsplit("/", 1)[-1].casefold())
        close = [c for c in close if fuzz.ratio(own, NUMBERING.sub("", c.casefold())) >= 80]
    return f' (did you mean "{close[0]}"?)' if close else ""
