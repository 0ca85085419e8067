"""extract_sections, slugify and split_callouts: structure read from Markdown text."""

from __future__ import annotations

import pytest

from notes_kb.model import Section
from notes_kb.parse.frontmatter import parse_note
from notes_kb.parse.markdown import (
    Block,
    extract_sections,
    inline_plain,
    sections_of,
    slugify,
    split_callouts,
)


def outline(body: str, first_line: int = 1) -> list[tuple[int, str, str, int, int]]:
    """(level, heading, slug, line, end_line) of each section."""
    return [
        (s.level, s.heading, s.slug, s.line, s.end_line) for s in extract_sections(body, first_line)
    ]


def test_levels_lines_end_lines_and_text() -> None:
    """Each heading gets its level, file line, end line (sub-sections included) and text."""
    body = "# A\ntext a\n\n## B\ntext b\n\n### C\nc\n\n## D\nd\n\n# E\ne\n"
    assert extract_sections(body) == (
        Section("A", 1, "a", 1, 11, "text a"),
        Section("B", 2, "b", 4, 8, "text b"),
        Section("C", 3, "c", 7, 8, "c"),
        Section("D", 2, "d", 10, 11, "d"),
        Section("E", 1, "e", 13, 14, "e"),
    )


def test_all_six_levels() -> None:
    """ATX headings of level 1 to 6 keep their level; seven #'s are not a heading."""
    body = "# 1\n## 2\n### 3\n#### 4\n##### 5\n###### 6\n####### 7\n"
    assert [(s.level, s.heading) for s in extract_sections(body)] == [
        (1, "1"),
        (2, "2"),
        (3, "3"),
        (4, "4"),
        (5, "5"),
        (6, "6"),
    ]
    assert extract_sections(body)[-1].text == "####### 7"


def test_frontmatter_offset_gives_file_lines() -> None:
    """first_line shifts every line: section lines are lines of the file, not of the body."""
    body = "\n# One\ntext\n\n## Two\nmore\n"
    assert outline(body, 6) == [(1, "One", "one", 7, 11), (2, "Two", "two", 10, 11)]


def test_parsed_note_sections_use_file_lines() -> None:
    """A note's sections point at the heading lines of the file."""
    text = "---\nid: x\ntitle: T\n---\nintro\n\n# First\n\n## Second\nbody\n"
    note, _ = parse_note(text, "x.md")
    lines = text.split("\n")
    assert [(s.heading, s.line, s.end_line) for s in sections_of(note)] == [
        ("First", 7, 10),
        ("Second", 9, 10),
    ]
    assert [lines[s.line - 1] for s in sections_of(note)] == ["# First", "## Second"]


def test_end_line_skips_trailing_blank_lines() -> None:
    """A section's end line is its last non-blank line before the next heading."""
    assert outline("# A\ntext\n\n\n\n# B\n\n\n") == [(1, "A", "a", 1, 2), (1, "B", "b", 6, 6)]


def test_empty_section_ends_on_its_heading() -> None:
    """A heading with nothing under it ends on its own line."""
    assert outline("# A\n\n# B\n") == [(1, "A", "a", 1, 1), (1, "B", "b", 3, 3)]


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Chapter 1 - Introduction to X!", "chapter-1---introduction-to-x"),
        ("What's new? (v2.0)", "whats-new-v20"),
        ("Über Café", "über-café"),
        ("日本語 見出し", "日本語-見出し"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("C++ & C#", "c--c"),
        ("🚀 Launch", "-launch"),
        ("  Spaces  ", "spaces"),
        ("Ünïcödé ΣΊΣΥΦΟΣ", "ünïcödé-σίσυφος"),  # final sigma, as JS toLowerCase
        ("", ""),
    ],
)
def test_slugify_like_github(heading: str, slug: str) -> None:
    """slugify: lower case, punctuation dropped, spaces to dashes, unicode letters kept."""
    assert slugify(heading) == slug


def test_slug_comes_from_the_visible_heading_text() -> None:
    """Emphasis, code and link syntax are removed before the slug is made."""
    body = "## `code` **bold** _it_ [link](http://x) [[wiki.note|Wiki]] ~~gone~~\n"
    assert outline(body) == [
        (2, "code bold it link Wiki gone", "code-bold-it-link-wiki-gone", 1, 1)
    ]


def test_duplicate_slugs_are_numbered() -> None:
    """Repeated headings get -1, -2; a heading already named `a-1` does not collide."""
    body = "# A\n# A\n# A\n# a-1\n# A 1\n# B\n# A\n"
    slugs = [s.slug for s in extract_sections(body)]
    assert slugs == ["a", "a-1", "a-2", "a-1-1", "a-1-2", "b", "a-3"]
    assert len(set(slugs)) == len(slugs)


def test_headings_in_code_are_ignored() -> None:
    """Lines starting with # inside fenced or indented code are not headings."""
    body = "```\n# not\n```\n# yes\n    # indented code\n~~~\n## no\n~~~\n"
    assert extract_sections(body, 5) == (
        Section("yes", 1, "yes", 8, 12, "# indented code\n~~~\n## no\n~~~"),
    )


def test_unclosed_fence_hides_the_rest() -> None:
    """An unclosed fence runs to the end of the text: nothing after it is a heading."""
    assert outline("# Top\n```\n# inside\n") == [(1, "Top", "top", 1, 3)]


def test_headings_nested_in_quotes_and_lists_are_not_sections() -> None:
    """Only top-level headings are sections, not ones inside a blockquote or a list item."""
    assert outline("> # quoted\n- # listed\n# top\n") == [(1, "top", "top", 3, 3)]


def test_atx_closing_hashes_and_spacing() -> None:
    """A closing run of #'s and extra spaces are not part of the heading text."""
    assert outline("# Heading ##\n#   Spaced   #\n## C# and F#\n") == [
        (1, "Heading", "heading", 1, 1),
        (1, "Spaced", "spaced", 2, 3),
        (2, "C# and F#", "c-and-f", 3, 3),
    ]


def test_setext_headings() -> None:
    """`===` and `---` underlines make level 1 and 2 headings; multi-line text is joined."""
    body = "Title\n=====\n\nintro\n\nSub heading\nmore words\n---\ntext\n"
    assert extract_sections(body) == (
        Section("Title", 1, "title", 1, 9, "intro"),
        Section("Sub heading more words", 2, "sub-heading-more-words", 6, 9, "text"),
    )


def test_thematic_break_is_not_a_heading() -> None:
    """`---` after a blank line is a rule, not a setext underline."""
    assert outline("para\n\n---\n\n# H\n") == [(1, "H", "h", 5, 5)]


def test_empty_and_headingless_bodies() -> None:
    """No headings, no sections; an empty body has none either."""
    assert extract_sections("") == ()
    assert extract_sections("just text\n\n- a list\n") == ()


def test_inline_plain() -> None:
    """inline_plain removes marks, keeps what a reader sees of links, collapses whitespace."""
    assert (
        inline_plain("  **a**   `b`\t![img](x.png) [[note-name|shown]] [[plain]] ")
        == "a b img shown plain"
    )
    assert inline_plain("[[Shown alias|dendron.topic.note]]") == "Shown alias"  # Dendron order
    assert inline_plain("[[ai.concepts.kv-cache]]") == "kv cache"  # the target's last segment


# --- callouts ---------------------------------------------------------------------------------


def test_split_callouts_keeps_order_and_plain_quotes() -> None:
    """`> [!kind] Title` blocks are lifted out; plain blockquotes stay Markdown, in order."""
    body = (
        "intro\n\n"
        "> [!info] Title here\n> line one\n> line two\n\n"
        "> plain quote\n> more\n\n"
        "> [!WARNING]- Folded\n> body\n\n"
        "end\n"
    )
    assert split_callouts(body) == [
        Block("intro\n"),
        Block("line one\nline two", callout="info", title="Title here"),
        Block("\n> plain quote\n> more\n"),
        Block("body", callout="warning", title="Folded"),
        Block("\nend\n"),
    ]


@pytest.mark.parametrize(
    ("body", "blocks"),
    [
        ("> [!note]\n> only body\n", [Block("only body", callout="note", title="")]),
        ("> [!tip] Just a title\n", [Block("", callout="tip", title="Just a title")]),
        ("> [!info]+ T\n>\n> para 2\n", [Block("para 2", callout="info", title="T")]),
        ("   > [!tip] T\n   > x\n", [Block("x", callout="tip", title="T")]),
        ("> [!my-kind] T\n> x\n", [Block("x", callout="my-kind", title="T")]),
    ],
)
def test_callout_variants(body: str, blocks: list[Block]) -> None:
    """Callouts without a title or body, foldable, indented and custom kinds."""
    assert split_callouts(body) == blocks


@pytest.mark.parametrize(
    "body",
    [
        "> plain\n> quote\n",
        "> [not a callout]\n",
        "> [!1bad] starts with a digit\n",
        "- > [!tip] inside a list\n",
        "```\n> [!info] in code\n```\n",
        "> text\n[!info] a lazy continuation line\n",
    ],
)
def test_not_callouts(body: str) -> None:
    """Plain blockquotes and callout syntax that is not a top-level quote stay Markdown."""
    assert split_callouts(body) == [Block(body)]


def test_split_callouts_of_empty_body() -> None:
    """An empty or blank body has no blocks."""
    assert split_callouts("") == []
    assert split_callouts("\n\n") == []


def test_adjacent_callouts() -> None:
    """Two callouts separated by a blank line are two blocks."""
    body = "> [!info] One\n> a\n\n> [!note] Two\n> b\n"
    assert split_callouts(body) == [
        Block("a", callout="info", title="One"),
        Block("b", callout="note", title="Two"),
    ]
