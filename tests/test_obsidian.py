"""An Obsidian vault reads as Obsidian reads it: attachments, aliases, nested tags, links to
the note's own headings, comments; colours, issue numbers and anchors are not tags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notes_kb.model import Note
from notes_kb.parse.links import extract_links, is_colour, tags_of, without_comments
from tests.conftest import VaultFactory
from tests.test_cli import run

VAULT = {
    ".obsidian/app.json": "{}",
    "attachments/diagram.png": b"\x89PNG\r\n\x1a\n",
    "Transformers.md": "---\naliases: [Attention Is All You Need, transformer model]\n"
    "tags: [ml/architecture]\n---\n# Transformers\n\n"
    "See [[#Training]].\n\n![[diagram.png]] and [[paper.pdf]]\n\n"
    "%% a private remark with [[Missing Note]] and #secret %%\n\n"
    "## Training\n\nTrained with #ml/optimisation and #colour on #fff and #1e1e1e, see #123.\n"
    'Jump [up](#transformers) or <a href="#top">top</a>.\n',
    "Notes on RNNs.md": "# RNNs\n\nBefore [[Attention Is All You Need]] came RNNs. #ml\n",
}


def note(body: str) -> Note:
    """A note whose whole file is `body`, without frontmatter."""
    return Note("n", "N", "n", "n.md", "v", "", (), None, None, {}, body)


@pytest.fixture
def vault(make_vault: VaultFactory) -> Path:
    return make_vault(VAULT)


def test_check_finds_only_the_truly_broken_link(vault: Path) -> None:
    """Attachments are no broken notes, `[[#Training]]` finds the note's own heading, and a
    link inside a comment is never read: no errors."""
    code, out, _ = run("check", "--json", vault=vault)
    problems = [(d["path"], d["code"]) for d in json.loads(out) if d["severity"] == "error"]
    assert problems == []
    assert code == 0


def test_links_of_the_note(vault: Path) -> None:
    """`notes links` lists the heading link to itself and the alias link from the RNN note."""
    code, out, _ = run("links", "Transformers", "--json", vault=vault)
    assert code == 0
    report = json.loads(out)
    outgoing = [(e["title"], e["resolved"], e["anchor"]) for e in report["outgoing"]]
    assert outgoing == [("Transformers", True, "Training")]
    assert [e["path"] for e in report["backlinks"]] == ["Notes on RNNs.md"]


def test_note_found_by_alias(vault: Path) -> None:
    """NOTE may be any of the note's `aliases:`, any case; stderr says the alias matched."""
    code, out, err = run("show", "transformer model", "--json", vault=vault)
    assert code == 0
    assert json.loads(out)["path"] == "Transformers.md"
    assert err == '"transformer model" → Transformers (matched by alias)\n'


def test_nested_tags_and_what_is_not_a_tag(vault: Path) -> None:
    """Nested tags `#a/b` are tags; `--tag ml` takes in `ml/…`; colours, numbers, anchors and
    tags inside comments are not tags."""
    assert run("tags", vault=vault) == (
        0,
        "colour\t1\nml\t1\nml/architecture\t1\nml/optimisation\t1\n",
        "",
    )
    _, out, _ = run("list", "--tag", "ml", vault=vault)
    assert [line.split("\t")[1] for line in out.splitlines()] == ["Notes on RNNs", "Transformers"]
    _, out, _ = run("search", "trained", "--tag", "ml", vault=vault)
    assert [line.split("\t")[0] for line in out.splitlines()] == ["Transformers.md"]


def test_comments_hidden_when_shown(vault: Path) -> None:
    """`notes show` never prints an Obsidian comment; `--raw` keeps the file as it is."""
    _, out, _ = run("show", "Transformers", "--no-pager", vault=vault)
    assert "private remark" not in out and "Trained with" in out
    _, raw, _ = run("show", "Transformers", "--raw", vault=vault)
    assert "%% a private remark" in raw


@pytest.mark.parametrize(
    ("tag", "colour"),
    [
        ("fff", True),
        ("1e1e1e", True),
        ("FF0000cc", True),
        ("eee", True),
        ("add", False),
        ("cafe", False),
        ("ffff0", False),
        ("todo", False),
    ],
)
def test_colours(tag: str, colour: bool) -> None:
    """Hex colours with a digit, or one letter repeated, are colours; hex words are tags."""
    assert is_colour(tag) is colour


def test_comment_spanning_lines_and_code() -> None:
    """A `%%` comment may span lines; `%%` inside inline code or a fence is text."""
    body = "a %%x\n[[hidden]] #hidden\ny%% [[shown]] `%%` #kept\n```\n%% [[code]]\n```\n"
    found = [(link.kind, link.left) for link in extract_links(note(body))]
    assert found == [("wikilink", "shown"), ("tag", "kept")]
    assert without_comments("keep %%drop%% this\n") == "keep          this\n"


def test_heading_link_or_tag_link() -> None:
    """`[[#x]]` is a heading link when the note has heading x, else a tag (Dendron's)."""
    links = extract_links(note("# Top\n\n[[#top]] [[#idea]]\n"))
    assert [(link.kind, link.left) for link in links] == [("wikilink", "#top"), ("tag", "idea")]
    assert tags_of(note(""), links) == ["idea"]


DRAWING = (
    "---\nexcalidraw-plugin: parsed\ntags: [excalidraw]\n---\n"
    "# Text Elements\nLoRA: r x k + d x r params ^abc123\n\n"
    '%%\n# Drawing\n```json\n{"type":"excalidraw"}\n```\n%%\n'
)


def test_an_excalidraw_drawing_is_no_note(make_vault: VaultFactory) -> None:
    """Obsidian Excalidraw saves a drawing as `Name.excalidraw.md`: an attachment, not a
    note. It is not listed, its tag and its text elements are no tag and no definition,
    it is no orphan, and embedding it is no broken link, on a first run and a warm one."""
    root = make_vault(
        {
            "LoRA.md": "# LoRA\n\nLoRA is a low-rank adapter method.\n\n"
            "![[Sketch.excalidraw]]\n\nSee [[Notes]].\n",
            "Notes.md": "# Notes\n\nAbout [[LoRA]].\n",
            "Sketch.excalidraw.md": DRAWING,
        }
    )
    for _ in range(2):  # the cold build, then the warm path
        code, out, _ = run("list", "--json", vault=root)
        assert code == 0 and sorted(n["path"] for n in json.loads(out)) == ["LoRA.md", "Notes.md"]
        assert run("tags", "--json", vault=root)[1].strip() in ("[]", "{}")
        code, out, _ = run("glossary", "--json", vault=root)
        entries = json.loads(out)
        assert [e["term"] for e in entries] == ["LoRA"]
        assert len(entries[0]["definitions"]) == 1
        code, out, _ = run("check", "--json", vault=root)
        assert code == 0 and json.loads(out) == []
