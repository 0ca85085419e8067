"""parse_note and its helpers: Dendron frontmatter, titles, ids, diagnostics, line numbers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from notes_kb.model import Diagnostic, Note
from notes_kb.parse.frontmatter import (
    load_frontmatter,
    parse_note,
    to_datetime,
    to_tags,
)
from notes_kb.parse.markdown import sections_of
from notes_kb.parse.title import heading_title, title_from_fname

PATH = "ai-engineering.concepts.token.md"
T2023 = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)  # epoch 1_700_000_000


def parse(text: str, path: str = PATH) -> tuple[Note, list[Diagnostic]]:
    return parse_note(text, path, "vault")


def codes(diagnostics: list[Diagnostic]) -> list[tuple[str, int | None, str, str]]:
    return [(d.path, d.line, d.severity, d.code) for d in diagnostics]


# --- frontmatter fields -----------------------------------------------------------------------


def test_full_dendron_frontmatter() -> None:
    """A typical Dendron note: every field is read and normalised, nothing is reported."""
    text = (
        "---\n"
        "id: 4f7c2a9b1e\n"
        "title: Token\n"
        "desc: The unit a model reads\n"
        "updated: 1700000000000\n"
        "created: 1600000000000\n"
        "tags: [llm, basics]\n"
        "---\n"
        "# Token\n"
        "\n"
        "Text.\n"
    )
    note, diagnostics = parse(text)
    assert diagnostics == []
    assert (note.id, note.title, note.desc, note.tags) == (
        "4f7c2a9b1e",
        "Token",
        "The unit a model reads",
        ("llm", "basics"),
    )
    assert note.updated == T2023
    assert note.created == datetime(2020, 9, 13, 12, 26, 40, tzinfo=UTC)
    assert (note.fname, note.path, note.vault) == ("ai-engineering.concepts.token", PATH, "vault")
    assert note.body == "# Token\n\nText.\n"
    assert note.body_line == 9
    assert note.frontmatter == {
        "id": "4f7c2a9b1e",
        "title": "Token",
        "desc": "The unit a model reads",
        "updated": 1700000000000,
        "created": 1600000000000,
        "tags": ["llm", "basics"],
    }


@pytest.mark.parametrize(
    ("yaml_value", "expected"),
    [
        ("1700000000000", T2023),  # Dendron: epoch milliseconds
        ("1700000000", T2023),  # epoch seconds
        ("1700000000.5", T2023.replace(microsecond=500000)),
        ("'1700000000000'", T2023),  # a number written as a string
        ("2023-11-14T22:13:20Z", T2023),  # YAML timestamp
        ("'2023-11-14T22:13:20Z'", T2023),  # ISO string
        ("'2023-11-14T22:13:20'", T2023),  # naive ISO: taken as UTC
        ("'2023-11-15T00:13:20+02:00'", T2023),  # offset: converted to UTC
        ("2023-11-14", datetime(2023, 11, 14, tzinfo=UTC)),  # YAML date
        ("'2023-11-14'", datetime(2023, 11, 14, tzinfo=UTC)),
    ],
)
def test_time_variants(yaml_value: str, expected: datetime) -> None:
    """updated/created accept epoch ms, epoch s, ISO strings and YAML dates, all as UTC."""
    note, diagnostics = parse(f"---\nupdated: {yaml_value}\ncreated: {yaml_value}\n---\n")
    assert diagnostics == []
    assert note.updated == expected and note.created == expected
    assert note.updated.utcoffset() is not None
    assert note.updated.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("yaml_value", ["soon", "true", "[1, 2]", "'2023-99-99'"])
def test_time_that_is_not_a_time_is_a_warning(yaml_value: str) -> None:
    """A created value that is no time becomes None with a frontmatter-type warning."""
    note, diagnostics = parse(f"---\ncreated: {yaml_value}\n---\nbody\n")
    assert note.created is None
    assert codes(diagnostics) == [(PATH, 1, "warning", "frontmatter-type")]
    assert diagnostics[0].message.startswith("created: ")


def test_empty_or_null_times_are_silently_none() -> None:
    """`updated:` with no value, null or an empty string is no time and no problem."""
    note, diagnostics = parse("---\nupdated:\ncreated: ''\n---\n")
    assert (note.updated, note.created, diagnostics) == (None, None, [])


@pytest.mark.parametrize(
    ("yaml_tags", "expected"),
    [
        ("llm", ("llm",)),
        ("'a, b,c'", ("a", "b", "c")),
        ("a b", ("a", "b")),
        ("'#llm'", ("llm",)),
        ("[a, '#b', a]", ("a", "b")),
        ("\n  - x\n  - y\n  - ''", ("x", "y")),
        ("42", ("42",)),
        ("[1, 2.5, {k: v}, [n], null]", ("1", "2.5")),
        ("[]", ()),
        ("", ()),
    ],
)
def test_tag_variants(yaml_tags: str, expected: tuple[str, ...]) -> None:
    """tags as a string, comma string, flow list, block list or number become a tuple."""
    note, diagnostics = parse(f"---\ntags: {yaml_tags}\n---\n")
    assert (note.tags, diagnostics) == (expected, [])


def test_tags_mapping_is_a_warning() -> None:
    """tags given as a mapping are ignored with a frontmatter-type warning."""
    note, diagnostics = parse("---\ntags: {a: 1}\n---\n")
    assert note.tags == ()
    assert diagnostics == [
        Diagnostic(
            PATH,
            1,
            "warning",
            "frontmatter-type",
            "tags: expected a string or a list, got dict; ignored",
        )
    ]


def test_custom_keys_are_kept_in_frontmatter() -> None:
    """Keys Dendron or the author add are kept, typed as YAML reads them."""
    note, diagnostics = parse(
        "---\nid: x\nstage: draft\nweight: 3\nnested:\n  a: [1, 2]\n"
        "published: true\nday: 2024-01-02\n---\n"
    )
    assert diagnostics == []
    assert note.frontmatter == {
        "id": "x",
        "stage": "draft",
        "weight": 3,
        "nested": {"a": [1, 2]},
        "published": True,
        "day": datetime(2024, 1, 2).date(),
    }


@pytest.mark.parametrize(
    ("line", "field", "expected"),
    [
        ("title: 0.89", "title", "0.89"),
        ("title: 1e3", "title", "1e3"),
        ("title: yes", "title", "yes"),
        ("title: 2024-01-02", "title", "2024-01-02"),
        ("title: '  Padded  '", "title", "Padded"),
        ("id: 0123", "id", "0123"),
        ("id: 0x1F", "id", "0x1F"),
        ("id: 12345", "id", "12345"),
        ("desc: 0.50", "desc", "0.50"),
        ("title: >\n  folded\n  text", "title", "folded text"),
    ],
)
def test_text_keys_stay_as_typed(line: str, field: str, expected: str) -> None:
    """id, title and desc keep the author's spelling instead of YAML's number/bool/date."""
    note, diagnostics = parse(f"---\n{line}\n---\n")
    assert (getattr(note, field), diagnostics) == (expected, [])


@pytest.mark.parametrize("null", ["null", "~", "Null", ""])
def test_null_text_keys_fall_back(null: str) -> None:
    """`id: null`, `title: ~` and `desc:` mean "not set": the defaults apply, not "null"."""
    note, diagnostics = parse(f"---\nid: {null}\ntitle: {null}\ndesc: {null}\n---\n# Heading\n")
    assert (note.id, note.title, note.desc, diagnostics) == (
        "ai-engineering.concepts.token",
        "Heading",
        "",
        [],
    )


def test_non_scalar_title_falls_back() -> None:
    """A title that is a list is not a title; the first heading is used."""
    note, _ = parse("---\ntitle: [a, b]\n---\n# Real\n")
    assert note.title == "Real"


def test_frontmatter_title_beats_heading() -> None:
    """A frontmatter title wins over the first heading."""
    note, _ = parse("---\ntitle: From YAML\n---\n# From Heading\n")
    assert note.title == "From YAML"


# --- no frontmatter: title and id defaults ----------------------------------------------------


def test_no_frontmatter_title_from_first_h1_and_id_from_path() -> None:
    """Without frontmatter: title is the `# ` heading that opens the note, id the path
    without .md."""
    note, diagnostics = parse_note("# The *Real* Title #\nintro\n## Sub\n# Second\n", "sub/a.b.md")
    assert diagnostics == []
    assert (note.id, note.title, note.fname, note.desc, note.tags) == (
        "sub/a.b",
        "The Real Title",
        "a.b",
        "",
        (),
    )
    assert (note.created, note.updated, note.frontmatter) == (None, None, {})
    assert (note.body_offset, note.body_line) == (0, 1)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("```\n# Not a title\n```\n# Title\n", "Title"),
        ("~~~python\n# comment\n~~~\n# Title\n", "Title"),
        ("````\n```\n# inner\n````\n# Title\n", "Title"),  # a shorter fence does not close
        ("~~~\n```\n# inner\n~~~\n# Title\n", "Title"),  # another fence char does not close
        ("    # indented code\n# Title\n", "Title"),
        ("#NoSpace\n# Title\n", "Title"),
        # a title reads like its heading: the alias of [[note|alias]], as parse.inline shows it
        ("# [Link](http://x) and [[wiki.note|Wiki]] `code`\n", "Link and Wiki code"),
        ("```\n# never closed\n", ""),
        ("Setext\n======\n", "Setext"),  # the one heading finder reads setext too
        ("", ""),
    ],
)
def test_first_h1(body: str, expected: str) -> None:
    """A README is titled by its first level-1 heading (ATX or setext) wherever it stands,
    outside code, marks removed: the one heading finder every title reads."""
    assert heading_title(body, "README") == expected


@pytest.mark.parametrize(
    ("body", "fname", "expected"),
    [
        ("# Dropout\n\nDrops units at random.\n", "dropout-notes", "Dropout"),
        # a heading under the opening is a section: the file's name is the title
        ("Drops units at random.\n\n# Implementing it\n", "Dropout", "Dropout"),
        ("![[sketch.png]]\n\n# Example\n", "Beam Search", "Beam Search"),
        (
            "*code: [nb](x.ipynb)*\n\n# 用途\n降维。\n",
            "主成分分析\uff08PCA\uff09",
            "主成分分析\uff08PCA\uff09",
        ),
        # a section label opening a note whose sections are `#` headings
        ("# Abstract\n\nWe propose.\n\n# Method\n", "04 - ENet", "04 - ENet"),
        ("# 作用\n\n降维。\n\n# 特点\n", "22池化层", "22池化层"),
        # a heading that stands for the subject never titles it
        ("# Definition\n\nA way to drop units.\n", "Dropout", "Dropout"),
        # a label at the top titles the note only when it holds the file's name
        ("# Notice\n\nThis is the 2018 course.\n## Structure\n", "lesson1_notes", "Lesson1 Notes"),
        ("# Open questions\n\n## Still open\n", "questions", "Open questions"),
        # comments and MyST targets may stand above the title
        (
            "<!-- draft -->\n(other-models)=\n# Other LLM models\n",
            "02-landscape",
            "Other LLM models",
        ),
        # a README is named by its first heading wherever it stands
        ("Badges.\n\n# Roadmap and Resources\n", "README", "Roadmap and Resources"),
        # a numbered name is not a hierarchy
        (
            "Used for sequences.\n",
            "19.3循环神经网络模型\uff08RNN\uff09",
            "19.3循环神经网络模型\uff08RNN\uff09",
        ),
    ],
)
def test_title_is_the_opening_heading_else_the_file_name(
    body: str, fname: str, expected: str
) -> None:
    """The first `#` heading titles a note only when it opens the note (and is not a label
    heading one of several `#` sections); otherwise the file's name does, as Obsidian shows."""
    note, _ = parse_note(body, f"{fname}.md")
    assert note.title == expected


def test_heading_in_code_fence_is_not_the_title() -> None:
    """A `# ` line inside a ``` fence never becomes the title; the file name rule applies."""
    note, _ = parse_note("```bash\n# install it\n```\n", "ai-engineering.human-in-the-loop.md")
    assert note.title == "Human in the Loop"


@pytest.mark.parametrize(
    ("fname", "expected"),
    [
        ("ai-engineering.human-in-the-loop", "Human in the Loop"),
        ("a.the-end-of-it", "The End of It"),
        ("a.of", "Of"),
        ("rag_vs_finetuning", "Rag vs Finetuning"),
        ("root", "Root"),
        ("a.GPU-memory", "GPU Memory"),
        ("---", "---"),
    ],
)
def test_title_from_fname(fname: str, expected: str) -> None:
    """Dendron's rule: last segment, dashes to spaces, title case, small words lower."""
    assert title_from_fname(fname) == expected


# --- broken frontmatter -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frontmatter", "line"),
    [
        ("title: [unclosed\nid: x", 2),  # the line the `[` opened on
        ("id: x\ntitle: a: b", 3),
        ('id: x\ntitle: "unclosed\nbar: 1', 3),
        ("id: x\n\tbar: 1", 3),
        ("id: x\nfoo: {a: 1\n\nbar: 1", 3),
        ("id: x\n\n\nfoo: [", 5),  # unclosed at the very end: its line, not the closing ---
        ("id: [", 2),
        ("id: x\ncreated: 2023-13-45", 3),  # a timestamp YAML cannot build
        ("id: x\n- listed", 3),  # the stray line, not where the mapping began
        ("a:\n  b: 1\n c: 2", 4),
        ("a:\n  - 1\n  b: 2", 4),
        ('id: x\ntitle: "\\q"', 3),
        ("id: x\n\ntitle: red \x1b[0m", 4),  # a control character YAML refuses
        ("id: x\nb: *nope", 3),
    ],
)
def test_invalid_yaml_reports_file_line_and_keeps_body(frontmatter: str, line: int) -> None:
    """Invalid YAML: one frontmatter-invalid error at the file line; the body still loads."""
    text = f"---\n{frontmatter}\n---\n# Body Title\n\ntext\n"
    note, diagnostics = parse(text)
    assert codes(diagnostics) == [(PATH, line, "error", "frontmatter-invalid")]
    assert diagnostics[0].message.endswith("frontmatter ignored")
    assert note.frontmatter == {}
    assert (note.id, note.title) == ("ai-engineering.concepts.token", "Body Title")
    assert note.body == "# Body Title\n\ntext\n"
    assert note.body_line == frontmatter.count("\n") + 4


def test_no_closing_fence_reads_everything_as_body() -> None:
    """`---` with no closing line: a frontmatter-unclosed error and the whole file is body."""
    text = "---\nid: x\n# Title\n"
    note, diagnostics = parse(text)
    assert diagnostics == [
        Diagnostic(
            PATH,
            1,
            "error",
            "frontmatter-unclosed",
            "frontmatter starts with --- but has no closing --- line; read as body",
        )
    ]
    # the broken block stands above the heading: the file's name titles the note
    assert (note.id, note.title, note.frontmatter) == ("ai-engineering.concepts.token", "Token", {})
    assert (note.body, note.body_line) == (text, 1)


@pytest.mark.parametrize(
    ("frontmatter", "line"),
    [("- a\n- b", 2), ("just text", 2), ("\n\n42", 4)],
)
def test_frontmatter_that_is_not_a_mapping(frontmatter: str, line: int) -> None:
    """A list or scalar frontmatter is ignored with an error on its line; the body loads."""
    note, diagnostics = parse(f"---\n{frontmatter}\n---\nbody\n")
    assert diagnostics == [
        Diagnostic(
            PATH,
            line,
            "error",
            "frontmatter-invalid",
            "frontmatter is not a mapping of keys to values; ignored",
        )
    ]
    assert (note.frontmatter, note.body) == ({}, "body\n")


def test_duplicate_keys_keep_first_and_the_rest() -> None:
    """A repeated key is reported on its line; the first value and all other keys are kept."""
    note, diagnostics = parse("---\nid: a\nid: b\ntitle: T\ntags: x\n---\nbody\n")
    assert diagnostics == [
        Diagnostic(
            PATH,
            3,
            "error",
            "frontmatter-invalid",
            "duplicate frontmatter key 'id'; the first is kept",
        )
    ]
    assert (note.id, note.title, note.tags) == ("a", "T", ("x",))
    assert note.frontmatter == {"id": "a", "title": "T", "tags": "x"}


@pytest.mark.parametrize(
    "text", ["---\n---\nbody\n", "---\n\n---\nbody\n", "---\n# c\n---\nbody\n"]
)
def test_empty_frontmatter(text: str) -> None:
    """An empty (or comment-only) frontmatter is fine: no values, no diagnostics."""
    note, diagnostics = parse(text)
    assert (note.frontmatter, diagnostics, note.body) == ({}, [], "body\n")
    assert note.body_line == text.count("\n")


def test_frontmatter_closed_at_end_of_file() -> None:
    """A closing `---` without a newline ends the file: empty body, no error."""
    note, diagnostics = parse("---\nid: x\n---")
    assert (note.id, note.body, note.body_line, diagnostics) == ("x", "", 3, [])


def test_yaml_document_end_marker_closes_frontmatter() -> None:
    """`...` closes frontmatter as YAML allows."""
    note, diagnostics = parse("---\nid: x\n...\nbody\n")
    assert (note.id, note.body, note.body_line, diagnostics) == ("x", "body\n", 4, [])


def test_fence_must_open_the_file() -> None:
    """`---` that is not on line 1 is not frontmatter (it is a thematic break)."""
    text = "\n---\nid: x\n---\nbody\n"
    note, diagnostics = parse(text)
    assert (note.id, note.frontmatter, note.body, diagnostics) == (
        "ai-engineering.concepts.token",
        {},
        text,
        [],
    )


# --- line endings, BOM, line numbers ----------------------------------------------------------


def test_crlf_file() -> None:
    """CRLF files parse like LF files; source has LF endings and line numbers match."""
    note, diagnostics = parse("---\r\nid: x\r\ntitle: T\r\n---\r\nline\r\n# H\r\n")
    assert diagnostics == []
    assert (note.id, note.title) == ("x", "T")
    assert note.source == "---\nid: x\ntitle: T\n---\nline\n# H\n"
    assert (note.body, note.body_line) == ("line\n# H\n", 5)
    assert [(s.heading, s.line) for s in sections_of(note)] == [("H", 6)]


def test_crlf_invalid_yaml_line() -> None:
    """Line numbers of YAML errors are the same in a CRLF file."""
    _, diagnostics = parse("---\r\nid: x\r\ntitle: [oops\r\nx: 1\r\n---\r\nbody\r\n")
    assert codes(diagnostics) == [(PATH, 3, "error", "frontmatter-invalid")]


def test_bom_is_dropped() -> None:
    """A UTF-8 BOM before the opening fence does not hide the frontmatter."""
    note, diagnostics = parse("\ufeff---\nid: x\n---\n# Title\n")
    assert (note.id, note.title, note.body, note.body_line, diagnostics) == (
        "x",
        "Title",
        "# Title\n",
        4,
        [],
    )
    assert not note.source.startswith("\ufeff")


def test_body_line_and_sections_are_file_lines() -> None:
    """body_line is the file line the body starts on; section lines are file lines."""
    text = "---\nid: x\ntitle: T\ntags:\n  - a\n---\n\n# One\ntext\n## Two\n"
    note, _ = parse(text)
    lines = text.split("\n")
    assert note.body_line == 7
    assert note.body == "\n".join(lines[6:])
    assert [(s.heading, s.line) for s in sections_of(note)] == [("One", 8), ("Two", 10)]
    assert all(lines[s.line - 1].lstrip("#").strip() == s.heading for s in sections_of(note))


def test_section_source_of_a_parsed_note() -> None:
    """section_source gives the section's Markdown with its sub-sections."""
    note, _ = parse("---\nid: x\n---\n# A\na\n## B\nb\n# C\nc\n")
    first = sections_of(note)[0]
    assert note.section_source(first) == "# A\na\n## B\nb\n"


# --- helpers directly -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (True, None),
        ("", None),
        ("not a date", None),
        (10**30, None),
        ("9" * 400, None),
        (float("nan"), None),
        (0, datetime(1970, 1, 1, tzinfo=UTC)),
        (1700000000000, T2023),
        (datetime(2023, 11, 14, 22, 13, 20), T2023),
    ],
)
def test_to_datetime(value: Any, expected: datetime | None) -> None:
    """to_datetime: UTC datetime or None, never an exception."""
    assert to_datetime(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ((), None)),
        ("a,b  c", (("a", "b", "c"), None)),
        (("x", "#x", "y"), (("x", "y"), None)),
        (True, ((), "tags: expected a string or a list, got bool; ignored")),
    ],
)
def test_to_tags(value: Any, expected: tuple[tuple[str, ...], str | None]) -> None:
    """to_tags returns the tuple of tags and a problem message when the type is wrong."""
    assert to_tags(value) == expected


def test_load_frontmatter_returns_raw_text_of_text_keys() -> None:
    """load_frontmatter gives YAML values plus the raw scalars of id/title/desc."""
    values, raw, problem = load_frontmatter("id: 0123\ntitle: 0.89\nother: 0.89\n")
    assert values["other"] == 0.89
    assert raw == {"id": "0123", "title": "0.89"}
    assert problem is None


def test_text_keys_keep_their_typed_form_in_frontmatter() -> None:
    """`id: 0123` is the text "0123" in the note and in its frontmatter mapping alike."""
    note, _ = parse_note("---\nid: 0123\ntitle: 0.89\n---\n", "n.md")
    assert (note.id, note.frontmatter["id"], note.frontmatter["title"]) == ("0123", "0123", "0.89")


def test_old_mac_line_endings_are_lines() -> None:
    """A CR-only file has one line per line, so headings and line numbers are right."""
    note, _ = parse_note("# Title\r\rSome text\r## Part\r", "mac.md")
    assert note.title == "Title"
    assert [(s.heading, s.line) for s in sections_of(note)] == [("Title", 1), ("Part", 4)]
