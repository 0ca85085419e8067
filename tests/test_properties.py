"""Properties over generated input: the loader's pure parts never raise and stay consistent."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes_kb.index.load import decode
from notes_kb.parse.frontmatter import parse_note, to_datetime, to_tags
from notes_kb.parse.markdown import extract_sections, sections_of, slugify, split_callouts

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = [
    "---",
    "---\n",
    "...",
    ":",
    ": ",
    "- ",
    "#",
    "# ",
    "## ",
    "```",
    "~~~",
    "[[",
    "]]",
    "[",
    "]",
    "{",
    "}",
    "> ",
    "> [!info] ",
    "=====",
    "\t",
    "\x00",
    "\x1b",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "    ",
    "'",
    '"',
    "&a ",
    "*a",
    "!!binary ",
    "!!python/object ",
    "? ",
    "|",
    ">-",
    "%YAML 1.2",
    "\ufeff",
    "id",
    "title",
    "tags",
    "updated",
    "created",
    "desc",
    "1700000000000",
    "2024-01-02",
    "0123",
    "0.89",
    "null",
    ".nan",
    "é",
    "\u2028",
    "\ud800",
]

markdownish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=40).map(
    "".join
)
frontmatter_first = st.tuples(markdownish, markdownish).map(lambda p: f"---\n{p[0]}\n---\n{p[1]}")
any_text = st.one_of(st.text(), markdownish, frontmatter_first)
paths = st.one_of(
    st.just("a.b.md"),
    st.from_regex(r"[a-z0-9_./-]{1,20}\.md", fullmatch=True),
    st.text(min_size=1, max_size=20),
)


@FAST
@given(text=any_text, path=paths)
def test_parse_note_never_raises(text: str, path: str) -> None:
    """Any text parses to a note whose id and title are non-empty and body is in the source."""
    note, diagnostics = parse_note(text, path)
    assert note.id and isinstance(note.title, str)
    assert note.title or not note.fname  # only a path with no name has no title
    assert note.source.endswith(note.body)
    assert 1 <= note.body_line <= note.source.count("\n") + 1
    assert note.body_line == note.source.count("\n", 0, note.body_offset) + 1
    assert all(isinstance(t, str) and t for t in note.tags)
    assert len(set(note.tags)) == len(note.tags)
    for time in (note.created, note.updated):
        assert time is None or time.utcoffset() is not None
    for diagnostic in diagnostics:
        assert diagnostic.path == path
        assert diagnostic.line is None or 1 <= diagnostic.line <= note.source.count("\n") + 1


@FAST
@given(text=any_text)
def test_note_sections_are_file_lines(text: str) -> None:
    """Sections of a parsed note lie within the file and start at or after the body."""
    note, _ = parse_note(text, "x.md")
    total = note.source.count("\n") + 1
    for section in sections_of(note):
        assert note.body_line <= section.line <= section.end_line <= total
        assert isinstance(note.section_source(section), str)


@FAST
@given(body=any_text, first_line=st.integers(min_value=1, max_value=1000))
def test_extract_sections_never_raises(body: str, first_line: int) -> None:
    """Sections have levels 1-6, unique slugs and lines inside the body, in order."""
    sections = extract_sections(body, first_line)
    last = first_line + body.count("\n")
    previous = first_line - 1
    for section in sections:
        assert 1 <= section.level <= 6
        assert first_line <= section.line <= section.end_line <= last
        assert section.line > previous
        previous = section.line
    slugs = [s.slug for s in sections]
    assert len(set(slugs)) == len(slugs)


@FAST
@given(body=any_text)
def test_split_callouts_never_raises(body: str) -> None:
    """split_callouts returns blocks with a lower-case kind or plain non-blank Markdown."""
    for block in split_callouts(body):
        if block.callout is None:
            assert block.markdown.strip()
        else:
            assert block.callout == block.callout.lower()


@FAST
@given(text=st.one_of(st.text(), markdownish))
def test_slugify_charset(text: str) -> None:
    """Slugs hold only lower-cased letters, marks, digits, `-` and `_`, and are stable."""
    slug = slugify(text)
    assert all(ch in "-_" or unicodedata.category(ch)[0] in "LMN" for ch in slug)
    assert slug.lower() == slug
    assert slugify(slug) == slug


@FAST
@given(text=st.text(alphabet=st.characters(codec="ascii")))
def test_slugify_ascii_is_github_charset(text: str) -> None:
    """For ASCII headings a slug only holds a-z, 0-9, `-` and `_`."""
    assert re.fullmatch(r"[a-z0-9_-]*", slugify(text))


@FAST
@given(data=st.binary(max_size=400))
def test_decode_never_raises(data: bytes) -> None:
    """decode turns any bytes into text or a reason; never both None."""
    text, problem = decode(data)
    assert text is not None or problem is not None
    if text is not None and problem is None:
        assert text == data.decode("utf-8")


@FAST
@given(
    prefix=st.sampled_from([b"", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"]),
    data=st.binary(max_size=200),
)
def test_decode_with_marks_never_raises(prefix: bytes, data: bytes) -> None:
    """Byte order marks followed by anything still decode or are refused cleanly."""
    text, problem = decode(prefix + data)
    assert text is not None or problem is not None


@FAST
@given(
    value=st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(),
        st.datetimes(),
        st.dates(),
        st.datetimes(timezones=st.timezones()),
        st.lists(st.integers()),
    )
)
def test_to_datetime_never_raises(value: object) -> None:
    """to_datetime returns None or an aware UTC datetime for any value."""
    result = to_datetime(value)
    assert result is None or result.utcoffset() is not None
    assert result is None or result.utcoffset().total_seconds() == 0


@FAST
@given(
    value=st.one_of(
        st.none(),
        st.text(),
        st.integers(),
        st.floats(),
        st.lists(st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text()))),
        st.dictionaries(st.text(), st.text()),
    )
)
def test_to_tags_never_raises(value: object) -> None:
    """to_tags always gives a tuple of distinct, non-empty tags without a leading '#'."""
    tags, _ = to_tags(value)
    assert isinstance(tags, tuple)
    assert len(set(tags)) == len(tags)
    assert all(tag and not tag.startswith("#") for tag in tags)


def test_a_file_named_only_md_has_an_id() -> None:
    """`.md` (a name that is all extension) is its own id, not an empty one."""
    note, _ = parse_note("", ".MD")
    assert note.id == ".MD"


def test_a_yaml_line_break_the_file_does_not_count_stays_in_the_frontmatter() -> None:
    """YAML reads U+2028 as a line break; a problem it reports past the closing --- is
    said on the frontmatter's last line (found by the property test above)."""
    _, diagnostics = parse_note("---\n---\u2028\n---", "a.b.md")
    assert [d.line for d in diagnostics] == [2]
