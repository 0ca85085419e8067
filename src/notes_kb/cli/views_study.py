"""Views of what the notes teach: `glossary`, `define`, `concepts`, `search` and `index`,
drawn with Rich (imported inside each function)."""

from __future__ import annotations

import heapq
import re
from collections import Counter
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from notes_kb.cli.lines import Line
from notes_kb.cli.output import clean, fit, plural, row_text, widest, window

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

    from notes_kb.index.search import Results
    from notes_kb.query.concepts import Concept
    from notes_kb.query.expansions import Expansion
    from notes_kb.query.glossary import Entry
    from notes_kb.query.terms import TermReport


def glossary_view(entries: list[Entry]) -> list[RenderableType]:
    """Terms A to Z under letter headings, each with its best definition and its note."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    if not entries:
        return [Text("No terms match.", style="dim")]
    parts: list[RenderableType] = []
    letter = None
    grid: Table | None = None
    width = min(30, max(cell_len(clean(e.term)) for e in entries))  # one column for all letters
    for entry in entries:
        first = entry.term[:1].upper()
        first = first if first.isalpha() else "#"
        if first != letter:
            letter = first
            grid = Table.grid(padding=(0, 2), expand=False)
            grid.add_column(style="bold cyan", width=width, overflow="fold")
            grid.add_column(overflow="fold")
            parts.append(Text(f"\n{letter}", style="bold"))
            parts.append(grid)
        assert grid is not None
        best = entry.definitions[0]
        name = Text(clean(entry.term))
        if entry.aliases:
            name.append(f" ({clean(', '.join(entry.aliases))})", style="not bold cyan dim")
        text = Text(clean(best.text))
        text.append(f"  — {clean(best.path)}:{best.line}", style="dim")
        grid.add_row(name, text)
    parts.append(Text(f"\n{plural(len(entries), 'term')}", style="dim"))
    return parts


def glossary_rows(entries: list[Entry]) -> list[tuple[str, str, str]]:
    """term, best definition, path:line: one piped line per term."""
    rows = []
    for entry in entries:
        best = entry.definitions[0]
        rows.append((entry.term, best.text, f"{best.path}:{best.line}"))
    return rows


def term_view(report: TermReport) -> list[Line]:

    entry, concept = report.entry, report.concept
    heading = Line(clean(entry.term), style="bold cyan")
    if entry.aliases:
        heading.append(f"  also: {clean(', '.join(entry.aliases))}", style="not bold dim")
    parts: list[Line] = [heading, Line("")]
    for number, definition in enumerate(entry.definitions, 1):
        line = Line(f"{number}. ", style="bold")
        line.append(clean(definition.text))
        line.append(f"\n   {clean(definition.path)}:{definition.line}", style="dim")
        line.append(f" ({definition.kind})", style="dim italic")
        parts.append(line)
    if concept.related:
        related = Line("\nRelated: ", style="bold")
        related.append(clean(", ".join(term for term, _ in concept.related)))
        parts.append(related)
    counts = Counter(map(attrgetter("path"), concept.mentions))  # in C: 36,035 in 2 ms
    if counts:
        parts.append(Line(f"\nMentioned in {plural(len(counts), 'note')}:", style="bold"))
        rows = Line()  # one block, not a renderable per note: thousands print at once
        titles = {m.path: m.title for m in reversed(concept.mentions)}  # each note's first
        for path, count in most_mentioning(counts, MENTIONING_NOTES_SHOWN):
            rows.append(f"\n  {count:>3}  " if rows else f"  {count:>3}  ")
            rows.append(clean(titles[path]))
            rows.append(f"  {clean(path)}", style="dim")
        if len(counts) > MENTIONING_NOTES_SHOWN:
            more = len(counts) - MENTIONING_NOTES_SHOWN
            rows.append(
                f"\n  … and {more:,} more note{'s' * (more != 1)} (`notes concepts "
                f'"{clean(entry.term)}"` shows every mention; --json lists them all)',
                style="dim",
            )
        parts.append(rows)
    return parts


PLACES_SHOWN = 5  # where one other name is written; --json lists them all


def expansion_view(expansion: Expansion) -> list[Line]:
    """A term with no definition: its expansion or acronym, and where, labelled as such
    (`NAS: no definition in the notes; written out as "Neural Architecture Search"
    (ml/automl.md:3)`); one line per other name when there are several."""
    from notes_kb.query.expansions import EXPANSION

    line = Line()
    line.append(clean(expansion.term), style="bold cyan")
    line.append(": no definition in the notes", style="dim")
    grouped = expansion.grouped()
    for name, relation, places in grouped:
        line.append(";" if len(grouped) == 1 else "\n ")
        line.append(" written out as " if relation == EXPANSION else " abbreviated ")
        line.append(f'"{clean(name)}"', style="bold")
        shown = ", ".join(f"{clean(p.path)}:{p.line}" for p in places[:PLACES_SHOWN])
        more = len(places) - PLACES_SHOWN
        line.append(f" ({shown}{f', … and {more:,} more' if more > 0 else ''})", style="dim")
    return [line]


MENTIONING_NOTES_SHOWN = 30  # the notes using a term most; a term in thousands is summed up


def most_mentioning(counts: dict[str, int], shown: int) -> list[tuple[str, int]]:
    """The `shown` notes mentioning a term most, by count then path: what sorting them all
    gives, from only those counted at least as often as the last one shown (a term in
    30,000 notes: 20 ms less)."""
    least = 0 if len(counts) <= shown else heapq.nlargest(shown, counts.values())[-1]
    ranked = sorted(
        ((path, count) for path, count in counts.items() if count >= least),
        key=lambda item: (-item[1], item[0]),
    )
    return ranked[:shown]


def concept_table(concepts: list[Concept]) -> list[Line]:
    if not concepts:
        return [Line("No concepts found.", style="dim")]
    rows = [
        (clean(c.term), str(c.mention_count), str(c.note_count), "" if c.defined else "tag")
        for c in concepts
    ]
    header = ("Concept", "Mentions", "Notes", "")
    widths = [widest(column) for column in zip(header, *rows, strict=True)]
    text = Line()
    text.append(row_text(header, widths) + "\n", "bold")
    for row in rows:
        text.append(fit(row[0], widths[0]) + "  ", "cyan")
        text.append(f"{row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  ")
        text.append(row[3] + "\n", "dim")
    text.append(plural(len(concepts), "concept"), "dim")
    return [text]


def mentions_view(concept: Concept) -> list[Line]:

    heading = Line(clean(concept.term), style="bold cyan")
    heading.append(
        f"  {plural(len(concept.mentions), 'mention')} in {plural(len(concept.notes), 'note')}",
        style="not bold dim",
    )
    parts: list[Line] = [heading]
    names = sorted(concept.names, key=len, reverse=True)
    pattern = "|".join(_loose(name) for name in names)
    current = None
    for mention in concept.mentions:
        if mention.path != current:
            current = mention.path
            parts.append(Line(f"\n{clean(mention.title)}  {clean(mention.path)}", style="bold"))
        line = Line(f"  {mention.line:>5}  ", style="dim")
        if mention.section:
            line.append(f"§ {clean(mention.section)}  ", style="dim italic")
        finder = re.compile(rf"(?<![^\W_])(?:{pattern})(?![^\W_])", re.I)
        body = Line(window(clean(mention.text), finder))
        body.highlight_regex(finder, "bold yellow")
        line.append_text(body)
        parts.append(line)
    return parts


def _loose(name: str) -> str:
    """A name as a pattern that also finds its hyphen, space and plural variants."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", name) if w]
    return r"[\s\-]?".join(words) + r"(?:e?s)?"


def search_view(results: Results) -> list[RenderableType]:
    """The definition when the query names a term, then hits grouped by note."""
    from rich import box
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    if results.definition:
        term, text, path, line = results.definition
        body = Text(clean(text))
        body.append(f"\n{clean(path)}:{line}", style="dim")
        parts.append(
            Panel(
                body,
                title=Text(clean(term), style="bold"),
                title_align="left",
                border_style="green",
                box=box.ROUNDED,
            )
        )
    if not results.hits:
        parts.append(Text(_no_match(clean(results.shown_query)), style="dim"))
        return parts
    current = None
    grid: Table | None = None
    notes = 0
    for hit in results.hits:
        if hit.path != current:
            current = hit.path
            notes += 1
            header = Text(("\n" if parts else "") + clean(hit.title), style="bold")
            header.append(f"  {clean(hit.path)}", style="cyan")
            parts.append(header)
            grid = Table.grid(padding=(0, 2))
            grid.add_column(justify="right", style="dim", min_width=5)
            grid.add_column(overflow="fold")
            parts.append(grid)
        assert grid is not None
        passage = Text()
        if hit.section:
            passage.append(f"§ {clean(hit.section)}  ", style="dim italic")
        snippet = Text(clean(hit.snippet))
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start, end)
        passage.append_text(snippet)
        grid.add_row(Text(str(hit.line)), passage)
    parts.append(Text(f"\n{plural(notes, 'note')}", style="dim"))
    return parts


def search_rows(results: Results) -> list[tuple[str, str, str, str, str]]:
    """path, line, title, section, snippet: one piped line per passage, best first."""
    return [
        (hit.path, str(hit.line), hit.title, hit.section or "", hit.snippet) for hit in results.hits
    ]


def index_view(status: dict[str, Any]) -> list[RenderableType]:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    size = int(status["bytes"]) / 1_048_576
    rows = [
        ("vault", str(status["vault"])),
        ("notes", str(status["notes"])),
        ("files", str(status["files"])),
        ("cache", f"{status['cache'] or 'in memory'} ({size:.1f} MB)"),
        ("last change", str(status["last_change"] or "never")),
        ("refreshed", str(status["last_refresh"])),
        ("took", f"{float(status['refresh_seconds']):.3f} s"),
    ]
    for label, value in rows:
        grid.add_row(Text(label), Text(clean(value)))
    return [grid]


def _no_match(query: str) -> str:
    """`notes search "chunk overlap size"`: the shell's quotes made a phrase; say so once
    (it read 'No notes match ""chunk overlap size""')."""
    if query.count('"') == 2 and query.startswith('"') and query.endswith('"'):
        return f"No notes match the phrase {query}; without quotes its words may be apart."
    return f"No notes match {query}." if '"' in query else f'No notes match "{query}".'
