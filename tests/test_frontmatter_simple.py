"""Frontmatter read without YAML (`parse/frontmatter.simple_frontmatter`): whatever it
takes, it reads exactly as YAML's safe loader does (values, types, the raw text of the
text keys), and anything it is not sure of is left to YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notes_kb.parse.frontmatter import (
    HANDLER,
    MAX_FRONTMATTER_CHARS,
    MAX_SCALAR_CHARS,
    load_frontmatter,
    simple_frontmatter,
    yaml_frontmatter,
)

DENDRON = (
    "id: nht1v145gbiy64wxoa38eki\n"
    "title: Batching 23\n"
    "desc: 'For long contexts, it''s latency-sensitive: per token #1.'\n"
    "updated: 1744352659062\n"
    "created: 1727524943695\n"
)


@pytest.mark.parametrize(
    "text",
    [
        "id: 5kixsvumd19a\nupdated: 0\ncreated: 1e3\nid2: 0w0gd2lx\n",
        "tags: [training, inference]\nother: []\n",
        "tags:\n  - training\n  - cross entropy\ntitle: it is, (so) - a/b.\n",
        "title: ''\ndesc: 'yes'\n",
    ],
)
def test_lists_words_and_numbers_read_as_yaml_reads_them(text: str) -> None:
    """Words opening on a digit, lists in brackets or below the key, empty quotes."""
    simple = simple_frontmatter(text)
    assert simple is not None
    assert (*simple, None) == yaml_frontmatter(text)


@pytest.mark.parametrize(
    "text",
    [
        "title: " + "a" * (MAX_SCALAR_CHARS + 1) + "\n",
        "title: '" + "a" * (MAX_SCALAR_CHARS + 1) + "'\n",
        "".join(f"k{n}: " + "a" * 2000 + "\n" for n in range(MAX_FRONTMATTER_CHARS // 2000)),
    ],
)
def test_what_yaml_would_refuse_is_refused(text: str) -> None:
    """A value over the bound, frontmatter over its bound: YAML's reading refuses them
    with a diagnostic, as before."""
    assert simple_frontmatter(text) is None
    problem = load_frontmatter(text)[2]
    assert problem is not None and "ignored" in problem[1]


def test_dendron_frontmatter_is_read_without_yaml() -> None:
    """The lines Dendron writes are taken, and give what YAML gives."""
    simple = simple_frontmatter(DENDRON)
    assert simple is not None
    assert (*simple, None) == yaml_frontmatter(DENDRON)
    assert simple[0]["updated"] == 1744352659062
    assert simple[1]["desc"] == "For long contexts, it's latency-sensitive: per token #1."


@pytest.mark.parametrize(
    "text",
    [
        "title: yes\n",  # a boolean to YAML
        "title: Null\n",
        "on: x\n",  # a key YAML reads as True
        "updated: 0123\n",  # octal in YAML 1.1
        "id: 0x1f\n",
        "id: 0b101\n",
        "id: 0bz\n",
        "updated: 1_000\n",
        "updated: -5\n",
        "updated: 2024-01-02\n",  # a date
        "updated: 1.5\n",
        "title: a: b\n",
        "title: a #comment\n",
        "title: trailing \n",
        "title: 'open\n",
        "title: 'a' # c\n",
        'title: "double"\n',
        "title: x\ntitle: y\n",  # a duplicate key: YAML says which one is kept
        "title: x\n\nid: y\n",
        "# comment\ntitle: x\n",
        "title: caf\u00e9\n",
        "title: '\u00a0'\n",  # no-break space: printable to YAML, not to `isprintable`
        "title:  two spaces\n",
        "title: x",  # no final line end
        "tags:\n",  # null
        "tags:\n  - yes\n",
        "tags: [a,b]\n",
        "tags: [a , b]\n",
        "tags: [yes, b]\n",
        "title: [a]\n",
        "tags:\n - a\n",
        "tags:\n  - a\n    - b\n",
    ],
)
def test_what_it_is_not_sure_of_is_left_to_yaml(text: str) -> None:
    """Booleans, nulls, numbers YAML 1.1 reads its own way, comments, lists, odd spacing,
    duplicates, non-ASCII plain text: not taken, and `load_frontmatter` gives YAML's answer."""
    assert simple_frontmatter(text) is None
    assert load_frontmatter(text) == yaml_frontmatter(text)


KEYS = st.sampled_from(["id", "title", "desc", "updated", "created", "tags", "on", "_x", "a1"])
OPENINGS = st.sampled_from(["", "'", "[", "\n  - ", "\n - "])
CLOSINGS = {"": "", "'": "'", "[": "]", "\n  - ": "", "\n - ": ""}
PIECES = st.sampled_from(
    ["a", "Z", ", ", "\n  - ", "5k", "0w",
     "yes", "no", "Null", "0", "1", "9", " ", "  ", ".", ",", "-", "_", "(", ")",
     "/", ":", "#", "'", "''", '"', "\t", "[", "]", "{", "}", "&", "*", "!", "|", ">", "%",
     "@", "`", "~", "=", "<<", "\u00e9", "\u00a0", "\u200b", "1e3", "0x1f", "1:20", ".inf",
     "2024-01-02", "True", "off"]
)  # fmt: skip
VALUES = st.lists(PIECES, max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(KEYS, VALUES, OPENINGS), min_size=1, max_size=5))
def test_whatever_it_takes_reads_as_yaml_reads_it(lines: list[tuple[str, str, str]]) -> None:
    """Generated lines of plain, quoted, listed and tricky values: when the fast reading
    takes them, YAML reads them the same, with no problem."""
    text = "".join(f"{key}: {open}{value}{CLOSINGS[open]}\n" for key, value, open in lines)
    simple = simple_frontmatter(text)
    if simple is not None:
        assert (*simple, None) == yaml_frontmatter(text)


def test_the_bundled_vault_reads_the_same(tmp_path: Path) -> None:
    """Every note of the bundled vault with frontmatter: the same values either way."""
    notes = Path(__file__).resolve().parent.parent / "notes"
    taken = 0
    for path in sorted(notes.glob("*.md")):
        text = path.read_text("utf-8")
        if not HANDLER.detect(text) or (found := HANDLER.locate(text)) is None:
            continue
        yaml_text = text[found[0] : found[1]]
        simple = simple_frontmatter(yaml_text)
        if simple is not None:
            taken += 1
            assert (*simple, None) == yaml_frontmatter(yaml_text)
    assert taken > 0
