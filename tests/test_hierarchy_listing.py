"""build_tree, find_node, list_notes and the JSON serialisation of notes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from notes_kb.cli.serialize import (
    diagnostic_dict,
    dumps,
    iso,
    jsonable,
    note_detail,
    note_summary,
    tree_dict,
)
from notes_kb.errors import BadOptionError, ExitCode
from notes_kb.model import Diagnostic, Note, TreeNode
from notes_kb.parse.frontmatter import parse_note
from notes_kb.parse.markdown import sections_of
from notes_kb.query.hierarchy import build_tree, count_stubs, find_node
from notes_kb.query.listing import SORT_KEYS, list_notes, matches


def note(path: str, frontmatter: str = "", body: str = "body\n") -> Note:
    text = f"---\n{frontmatter}\n---\n{body}" if frontmatter else body
    parsed, diagnostics = parse_note(text, path, "v")
    assert diagnostics == []
    return parsed


def shape(node: TreeNode) -> list[Any]:
    """(fname, name, stub, children...) of a tree, to compare whole trees."""
    return [node.fname, node.name, node.stub, [shape(c) for c in node.children.values()]]


# --- hierarchy --------------------------------------------------------------------------------


def test_build_tree_with_stubs_and_root() -> None:
    """Dotted names nest; missing parents are stubs; root.md is the tree's root note."""
    notes = [note("x.y.md"), note("a.b.c.md"), note("root.md"), note("a.md"), note("a.d.md")]
    tree = build_tree(notes)
    assert tree.note is notes[2]
    assert shape(tree) == [
        "",
        "root",
        False,
        [
            [
                "a",
                "a",
                False,
                [["a.b", "b", True, [["a.b.c", "c", False, []]]], ["a.d", "d", False, []]],
            ],
            ["x", "x", True, [["x.y", "y", False, []]]],
        ],
    ]
    assert count_stubs(tree) == 2


def test_tree_without_root_note_is_a_stub_root() -> None:
    """Without root.md the root has no note and is named by root_name."""
    tree = build_tree([note("a.md")], root_name="my-vault")
    assert (tree.fname, tree.name, tree.stub) == ("", "my-vault", True)
    assert list(tree.children) == ["a"]


def test_tree_children_sorted_case_insensitively() -> None:
    """Children are ordered by file name regardless of case or input order."""
    tree = build_tree([note("b.md"), note("C.md"), note("a.md")])
    assert [c.fname for c in tree.children.values()] == ["a", "b", "C"]


def test_same_name_differing_in_case_is_one_node() -> None:
    """`A.md` and `a.md` share one node; of equal names the first given is its note."""
    first, second = note("sub/A.md"), note("a.md")
    tree = build_tree([first, second])
    assert list(tree.children) == ["a"]
    assert tree.children["a"].note is first


def test_empty_segments_do_not_make_nodes() -> None:
    """`a..b` is a child of `a`: empty segments make no nodes."""
    tree = build_tree([note("a..b.md"), note("a.md")])
    assert shape(tree)[3] == [["a", "a", False, [["a.b", "b", False, []]]]]


def test_find_node() -> None:
    """find_node walks dotted names case-insensitively and returns stubs too."""
    notes = [note("a.b.c.md"), note("a.md")]
    tree = build_tree(notes)
    c = find_node(tree, "A.B.C")
    assert c is not None and c.note is notes[0]
    b = find_node(tree, "a.b")
    assert b is not None and b.stub and b.fname == "a.b"
    assert find_node(tree, "a.zz") is None
    assert find_node(tree, "zz") is None


def test_tree_dict() -> None:
    """tree_dict gives fname, title (name for stubs), id, stub and children."""
    tree = build_tree([note("a.b.md", "title: B title")])
    assert tree_dict(tree) == {
        "fname": "",
        "title": "root",
        "id": None,
        "stub": True,
        "children": [
            {
                "fname": "a",
                "title": "a",
                "id": None,
                "stub": True,
                "children": [
                    {"fname": "a.b", "title": "B title", "id": "a.b", "stub": False, "children": []}
                ],
            }
        ],
    }


# --- listing ----------------------------------------------------------------------------------


NOTES = [
    note("a.md", "title: Apple\ncreated: 1000000000\nupdated: 1600000000"),
    note("a.b.md", "title: banana\ncreated: 1500000000\nupdated: 1500000000"),
    note("a.b.c.md", "id: zz-id\ntitle: Cherry"),
    note("ab.md", "title: Date Palm\ncreated: 1200000000\nupdated: 1700000000"),
    note("other.note.md", "title: Kiwi about apples"),
]


def fnames(notes: list[Note]) -> list[str]:
    return [n.fname for n in notes]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("a.*", ["a", "a.b", "a.b.c"]),  # the parent itself and its descendants
        ("A.*", ["a", "a.b", "a.b.c"]),
        ("a.b.*", ["a.b", "a.b.c"]),
        ("a*", ["a", "a.b", "a.b.c", "ab"]),
        ("a.?", ["a.b"]),
        ("*.note", ["other.note"]),
        ("[ao]b*", ["ab"]),
        ("nothing.*", []),
        (None, ["a", "a.b", "a.b.c", "ab", "other.note"]),
        ("", ["a", "a.b", "a.b.c", "ab", "other.note"]),
    ],
)
def test_list_glob(pattern: str | None, expected: list[str]) -> None:
    """A glob matches the whole file name; `a.*` includes `a` itself."""
    assert fnames(list_notes(NOTES, pattern)) == expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("apple", ["a", "other.note"]),  # title, case-insensitive
        ("zz-ID", ["a.b.c"]),  # id
        ("er.no", ["other.note"]),  # part of the file name
        ("b.c", ["a.b.c"]),
        ("palm", ["ab"]),
        ("xyz", []),
    ],
)
def test_list_substring(pattern: str, expected: list[str]) -> None:
    """Plain text matches part of the file name, id or title, ignoring case."""
    assert fnames(list_notes(NOTES, pattern)) == expected


def test_matches_directly() -> None:
    """matches() is the filter list_notes uses."""
    assert matches(NOTES[0], "a.*") and not matches(NOTES[3], "a.*")
    assert matches(NOTES[4], "KIWI")


@pytest.mark.parametrize(
    ("sort", "reverse", "expected"),
    [
        ("fname", False, ["a", "a.b", "a.b.c", "ab", "other.note"]),
        ("fname", True, ["other.note", "ab", "a.b.c", "a.b", "a"]),
        ("title", False, ["a", "a.b", "a.b.c", "ab", "other.note"]),
        ("title", True, ["other.note", "ab", "a.b.c", "a.b", "a"]),
        # times: newest first, notes without a time last; reverse is oldest first
        ("updated", False, ["ab", "a", "a.b", "other.note", "a.b.c"]),
        ("updated", True, ["a.b.c", "other.note", "a.b", "a", "ab"]),
        ("created", False, ["a.b", "ab", "a", "other.note", "a.b.c"]),
        ("created", True, ["a.b.c", "other.note", "a", "ab", "a.b"]),
    ],
)
def test_sort(sort: str, reverse: bool, expected: list[str]) -> None:
    """Names sort A to Z (case-insensitive), times newest first; reverse flips either."""
    assert fnames(list_notes(NOTES, sort=sort, reverse=reverse)) == expected


def test_sort_by_title_ignores_case() -> None:
    """Title sort is case-insensitive: `banana` sits between `Apple` and `Cherry`."""
    assert [n.title for n in list_notes(NOTES, sort="title")][:3] == ["Apple", "banana", "Cherry"]


def test_list_does_not_change_its_input() -> None:
    """list_notes returns a new list and leaves the caller's list in order."""
    notes = list(reversed(NOTES))
    list_notes(notes, sort="title")
    assert notes == list(reversed(NOTES))


@pytest.mark.parametrize("sort", ["size", "", "Title", "path"])
def test_bad_sort_key(sort: str) -> None:
    """An unknown sort key is a BadOptionError (a usage error) listing the valid keys."""
    with pytest.raises(BadOptionError) as caught:
        list_notes(NOTES, sort=sort)
    assert caught.value.message == (f"unknown sort key {sort!r}; use one of {', '.join(SORT_KEYS)}")
    assert caught.value.exit_code == ExitCode.USAGE


# --- serialisation ----------------------------------------------------------------------------


def test_note_summary_and_iso_times() -> None:
    """note_summary: the documented keys, tags as a list, times as ISO 8601 UTC with Z."""
    assert note_summary(NOTES[0]) == {
        "id": "a",
        "title": "Apple",
        "fname": "a",
        "path": "a.md",
        "tags": [],
        "created": "2001-09-09T01:46:40Z",
        "updated": "2020-09-13T12:26:40Z",
    }
    assert iso(None) is None
    assert iso(datetime(2026, 11, 19, 8, tzinfo=UTC)) == "2026-11-19T08:00:00Z"


def test_offset_times_are_serialised_in_utc() -> None:
    """A frontmatter time with an offset is shown in UTC in the JSON."""
    parsed = note("t.md", "updated: '2026-11-19T10:00:00+02:00'")
    assert note_summary(parsed)["updated"] == "2026-11-19T08:00:00Z"


def test_dumps_escapes_control_characters() -> None:
    """ESC, CSI (\\x9b), DEL, NUL and line separators are \\u escapes; other Unicode stays."""
    text = dumps({"k": "a\x1b[31mb\x9bc\x7f\x00\u2028\u2029 Café ✓"})
    assert "\x1b" not in text and "\x9b" not in text and "\x7f" not in text
    assert "\u2028" not in text and "\u2029" not in text and "\x00" not in text
    assert "\\u001b" in text and "\\u009b" in text
    assert "Café ✓" in text
    assert json.loads(text) == {"k": "a\x1b[31mb\x9bc\x7f\x00\u2028\u2029 Café ✓"}


def test_note_detail_with_hostile_frontmatter_is_valid_json() -> None:
    """YAML dates, date keys, NaN/inf, sets, binary and escapes in frontmatter give valid JSON."""
    parsed = note(
        "e.md",
        'title: "esc \\x1b[31m red \\x9b"\n'
        "day: 2024-01-02\n"
        "2024-01-03: date key\n"
        "1: int key\n"
        "when: 2024-01-02T03:04:05Z\n"
        "nan: .nan\n"
        "inf: -.inf\n"
        "nested: {2024-01-04: [.nan, 2024-01-05], null: x, 1.5: y}\n"
        "set: !!set {a}\n"
        "bin: !!binary aGVsbG8=",
        body="# Heading\n\ntext\n",
    )
    text = dumps(note_detail(parsed))
    assert "\x1b" not in text and "\x9b" not in text
    data = json.loads(text)
    assert data["title"] == "esc \x1b[31m red \x9b"
    assert data["frontmatter"] == {
        "title": "esc \x1b[31m red \x9b",
        "day": "2024-01-02",
        "2024-01-03": "date key",
        "1": "int key",
        "when": "2024-01-02T03:04:05Z",
        "nan": "nan",
        "inf": "-inf",
        "nested": {"2024-01-04": ["nan", "2024-01-05"], "None": "x", "1.5": "y"},
        "set": ["a"],
        "bin": "hello",
    }
    assert data["sections"] == [{"heading": "Heading", "slug": "heading", "line": 13, "level": 1}]
    assert data["body"] == "# Heading\n\ntext\n"


def test_note_detail_of_a_section() -> None:
    """With a section: body is the section's Markdown and `section` describes it."""
    parsed = note("s.md", "id: s", body="# A\na\n## B\nb\n# C\n")
    data = note_detail(parsed, sections_of(parsed)[1])
    assert data["body"] == "## B\nb\n"
    assert data["section"] == {"heading": "B", "slug": "b", "line": 6, "level": 2}


def test_jsonable_depth_is_bounded() -> None:
    """Very deep frontmatter is cut off instead of recursing without end."""
    deep: Any = "leaf"
    for _ in range(60):
        deep = [deep]
    result = jsonable(deep)
    json.loads(dumps(result))
    depth = 0
    while isinstance(result, list):
        result, depth = result[0], depth + 1
    assert (result, depth) == (None, 51)


def test_diagnostic_dict() -> None:
    """diagnostic_dict has exactly path, line, severity, code, message."""
    assert diagnostic_dict(Diagnostic("a.md", 3, "error", "c", "m")) == {
        "path": "a.md",
        "line": 3,
        "severity": "error",
        "code": "c",
        "message": "m",
    }
