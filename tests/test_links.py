"""Links, embeds, tags and mentions: extraction, resolution, and the commands built on them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_kb.cli.app import app
from notes_kb.config import locate
from notes_kb.errors import BadOptionError
from notes_kb.index.load import load_vault
from notes_kb.model import Note
from notes_kb.parse.frontmatter import parse_note
from notes_kb.parse.links import extract_links
from notes_kb.query.dates import parse_when
from notes_kb.query.linkgraph import LinkGraph, build_graph, link_graph
from tests.conftest import BUNDLED, VaultFactory

runner = CliRunner()
LIST_KEYS = {"id", "title", "fname", "path", "tags", "created", "updated"}
WORKSPACE_YML = "workspace:\n  vaults:\n    - fsPath: vault\n"


def run(*args: str, vault: Path | None = BUNDLED) -> tuple[int, str, str]:
    argv = ["--dir", str(vault), *args] if vault is not None else list(args)
    result = runner.invoke(app, argv)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def note(path: str, text: str, vault: str = "") -> Note:
    return parse_note(text, path, vault)[0]


def written(text: str) -> list[tuple[str, str, str, int]]:
    """(kind, left, right, line) of every link extracted from one note's text."""
    return [(k.kind, k.left, k.right, k.line) for k in extract_links(note("n.md", text))]


def graph_of(files: dict[str, str], dendron: bool = False) -> tuple[LinkGraph, dict[str, Note]]:
    notes = {path: note(path, text) for path, text in files.items()}
    return build_graph(list(notes.values()), dendron), notes


def outgoing(graph: LinkGraph, source: Note) -> list[tuple[str, str | None, str, str]]:
    """(raw, target path, alias, problem) of each link out of a note, in order."""
    return [
        (e.link.raw, e.target.path if e.target else None, e.alias, e.problem)
        for e in graph.outgoing.get(source.path, [])
    ]


def workspace(root: Path, files: dict[str, str]) -> Path:
    """A Dendron workspace at root with one vault folder `vault` holding the files."""
    (root / "vault").mkdir(parents=True)
    (root / "dendron.yml").write_text(WORKSPACE_YML, encoding="utf-8")
    for name, text in files.items():
        (root / "vault" / name).write_text(text, encoding="utf-8")
    return root


def plain_folder(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def check_json(vault: Path) -> tuple[int, list[dict[str, object]]]:
    code, out, _ = run("check", "--json", vault=vault)
    return code, json.loads(out)


def finding(path: str, line: int | None, severity: str, code: str, message: str) -> dict:
    return {"path": path, "line": line, "severity": severity, "code": code, "message": message}


# --- extract_links: every form, with its line ---------------------------------------------------

EVERY_FORM = """\
---
id: n
title: N
---
[[note]]
[[note#heading]]
[[note#^block]]
[[alias|note]]
[[note|alias]]
[[dendron://vault/note]]
[text](other.md)
[text](sub/other.md#h)
[web](https://example.com/page.md) and [site](http://example.com/)
![[note]]
![[note#a:#b]]
![[note#h,1:#*]]
#tag
#tag.sub
[[#tag]]
@user
"""


def test_extract_every_form_with_its_file_line() -> None:
    """Each link form is extracted once, in order, with the file line (frontmatter counted)."""
    assert written(EVERY_FORM) == [
        ("wikilink", "note", "", 5),
        ("wikilink", "note#heading", "", 6),
        ("wikilink", "note#^block", "", 7),
        ("wikilink", "alias", "note", 8),
        ("wikilink", "note", "alias", 9),
        ("wikilink", "dendron://vault/note", "", 10),
        ("markdown", "other.md", "", 11),
        ("markdown", "sub/other.md", "", 12),
        ("embed", "note", "", 14),
        ("embed", "note#a:#b", "", 15),
        ("embed", "note#h,1:#*", "", 16),
        ("tag", "tag", "", 17),
        ("tag", "tag.sub", "", 18),
        ("tag", "tag", "", 19),
        ("mention", "user", "", 20),
    ]


def test_extract_markdown_link_keeps_its_anchor() -> None:
    """A Markdown link's #fragment is its anchor, not part of the path and not a tag."""
    links = extract_links(note("n.md", "[text](sub/other.md#h)\n"))
    assert [(k.kind, k.left, k.anchor, k.line) for k in links] == [
        ("markdown", "sub/other.md", "h", 1)
    ]


def test_extract_several_forms_on_one_line() -> None:
    """Links, tags and mentions sharing a line each keep that line."""
    assert written("# T\n\nSee [[a]], ![[b]], [c](c.md), #ml and @bob.\n") == [
        ("wikilink", "a", "", 3),
        ("embed", "b", "", 3),
        ("markdown", "c.md", "", 3),
        ("tag", "ml", "", 3),
        ("mention", "bob", "", 3),
    ]


@pytest.mark.parametrize(
    "snippet",
    [
        "```\n[[in-fence]] ![[e]] [x](x.md) #fenced @fenced\n```\n",
        "```python\n# comment #tag\n[[in-fence]]\n```\n",
        "~~~\n[[in-tilde]] #tilde @tilde\n~~~\n",
        "~~~\n```\n[[still-inside]]\n~~~\n",
        "````\n```\n[[still-inside]]\n````\n",
        "inline `[[code]] #code @code` here\n",
        "double ``[[a `tick` inside]] #x`` here\n",
        "see https://x.y/#frag and www.example.com/#top\n",
        "# Heading\n## Sub heading\n###### Six\n",
        "C# and F# and issue#12 and #12 and &#35;\n",
        "mail me at bob@example.com or https://medium.com/@author/post\n",
        "[jump](#local-heading) [img](pic.png)\n",
    ],
    ids=[
        "backtick-fence",
        "fence-with-info",
        "tilde-fence",
        "backticks-do-not-close-tilde",
        "short-fence-does-not-close-long",
        "inline-code",
        "double-backtick-code",
        "url-fragment",
        "heading-marks",
        "hash-inside-words",
        "at-inside-words-and-urls",
        "non-md-markdown-links",
    ],
)
def test_extract_ignores(snippet: str) -> None:
    """Code, URL fragments, heading marks and #/@ inside words are never links or tags."""
    assert written(snippet + "after [[kept]]\n") == [
        ("wikilink", "kept", "", snippet.count("\n") + 1)
    ]


def test_extract_tag_in_heading_text() -> None:
    """`## Setup #todo`: the leading ## is no tag, #todo is."""
    assert written("## Setup #todo\n") == [("tag", "todo", "", 1)]


# --- resolution -------------------------------------------------------------------------------

RULE_NOTES = {
    "src.md": "# Src\n",
    "proj.beta.md": "---\nid: b-id\n---\n# Beta\n",
    "proj.gamma.md": "# Gamma\n",
    "delta.md": "---\ntitle: The Delta Note\n---\n",
    "sub/eps.md": "---\nid: e-id\n---\n# Eps\n",
    "x.one.md": "# X one\n",
    "y.one.md": "# Y one\n",
}


@pytest.mark.parametrize(
    ("link", "path"),
    [
        ("[[b-id]]", "proj.beta.md"),  # id
        ("[[proj.beta]]", "proj.beta.md"),  # file name
        ("[[PROJ.Beta]]", "proj.beta.md"),  # file name, any case
        ("[[gamma]]", "proj.gamma.md"),  # last hierarchy segment
        ("[[the delta note]]", "delta.md"),  # title, case and spacing ignored
        ("[[sub/eps]]", "sub/eps.md"),  # path without .md
        ("[[sub/eps.md]]", "sub/eps.md"),  # path
        ("[[eps.md]]", "sub/eps.md"),  # [[x.md]] names note x
        ("[[x.one]]", "x.one.md"),
    ],
)
def test_resolution_rules(link: str, path: str) -> None:
    """Each NOTE rule resolves a wikilink to the one note it names."""
    files = {**RULE_NOTES, "src.md": f"# Src\n{link}\n"}
    graph, notes = graph_of(files)
    assert outgoing(graph, notes["src.md"]) == [(link, path, "", "")]


def test_ambiguous_segment_and_missing_note_are_broken() -> None:
    """A last segment shared by two notes is ambiguous; an unknown name is no note."""
    graph, notes = graph_of({**RULE_NOTES, "src.md": "# Src\n[[one]]\n[[nothing]]\n"})
    assert outgoing(graph, notes["src.md"]) == [
        ("[[one]]", None, "", "ambiguous"),
        ("[[nothing]]", None, "", "no note"),
    ]
    assert [(e.link.raw, e.problem) for e in graph.broken()] == [
        ("[[one]]", "ambiguous"),
        ("[[nothing]]", "no note"),
    ]


ALIAS_NOTES = {
    "alpha.md": "# Alpha\n",
    "beta.md": "# Beta\n",
    "src.md": "---\nid: src\n---\n[[alpha|beta]]\n[[Some Label|beta]]\n[[alpha|Some Label]]\n",
}


@pytest.mark.parametrize(
    ("dendron", "both_ways"),
    [(True, ("beta.md", "alpha")), (False, ("alpha.md", "beta"))],
    ids=["dendron-alias-first", "obsidian-note-first"],
)
def test_alias_orientation(dendron: bool, both_ways: tuple[str, str]) -> None:
    """[[a|b]] resolving both ways follows the workspace style; one-sided ones win either way."""
    graph, notes = graph_of(ALIAS_NOTES, dendron=dendron)
    assert outgoing(graph, notes["src.md"]) == [
        ("[[alpha|beta]]", *both_ways, ""),
        ("[[Some Label|beta]]", "beta.md", "Some Label", ""),
        ("[[alpha|Some Label]]", "alpha.md", "Some Label", ""),
    ]


def test_alias_tie_break_dendron_workspace_versus_plain_folder(tmp_path: Path) -> None:
    """A dendron.yml workspace reads [[alpha|beta]] as beta; a plain folder reads it as alpha."""
    ws = workspace(tmp_path / "ws", ALIAS_NOTES)
    plain = plain_folder(tmp_path / "plain", ALIAS_NOTES)
    assert (locate(ws).workspace, locate(plain).workspace) == (True, False)
    targets = {}
    for name, folder in (("ws", ws), ("plain", plain)):
        code, out, _ = run("links", "src", "--json", vault=folder)
        assert code == 0
        targets[name] = [
            (o["target"], o["line"], o["resolved"]) for o in json.loads(out)["outgoing"]
        ]
    assert targets == {
        "ws": [("beta", 4, True), ("beta", 5, True), ("alpha", 6, True)],
        "plain": [("alpha", 4, True), ("beta", 5, True), ("alpha", 6, True)],
    }


def test_cross_vault_link_picks_the_note_in_that_vault(tmp_path: Path) -> None:
    """dendron://name/note resolves in the named vault; the bare name is ambiguous."""
    root = tmp_path / "ws"
    for folder in ("v1", "v2"):
        (root / folder).mkdir(parents=True)
    (root / "dendron.yml").write_text(
        "workspace:\n  vaults:\n    - fsPath: v1\n    - fsPath: v2\n      name: second\n",
        encoding="utf-8",
    )
    (root / "v1" / "shared.md").write_text("# Shared one\n", encoding="utf-8")
    (root / "v2" / "shared.md").write_text("# Shared two\n\n## Part\n", encoding="utf-8")
    (root / "v1" / "src.md").write_text(
        "[[dendron://second/shared]]\n[[dendron://v1/shared]]\n[[shared]]\n"
        "[[Two|dendron://second/shared#part]]\n",
        encoding="utf-8",
    )
    vault = load_vault(locate(root))
    graph = link_graph(vault)
    src = next(n for n in vault.notes if n.path == "v1/src.md")
    assert [
        (e.link.raw, e.target.path if e.target else None, e.target_name, e.anchor, e.problem)
        for e in graph.outgoing[src.path]
    ] == [
        ("[[dendron://second/shared]]", "v2/shared.md", "shared", "", ""),
        ("[[dendron://v1/shared]]", "v1/shared.md", "shared", "", ""),
        ("[[shared]]", None, "shared", "", "ambiguous"),
        ("[[Two|dendron://second/shared#part]]", "v2/shared.md", "shared", "part", ""),
    ]


def test_markdown_link_resolves_from_the_linking_notes_folder() -> None:
    """[x](b.md) in sub/a.md is sub/b.md; ../ climbs; a same-named top-level file is not it."""
    graph, notes = graph_of(
        {
            "top.md": "# Top\n",
            "b.md": "# Top-level b\n",
            "sub/b.md": "# Sub b\n",
            "sub/a.md": "# A\n[x](b.md)\n[y](../top.md)\n[z](./b.md)\n[w](top.md)\n",
        }
    )
    assert outgoing(graph, notes["sub/a.md"]) == [
        ("[x](b.md)", "sub/b.md", "", ""),
        ("[y](../top.md)", "top.md", "", ""),
        ("[z](./b.md)", "sub/b.md", "", ""),
        ("[w](top.md)", None, "", "no note"),
    ]


def test_markdown_link_with_percent_encoded_space() -> None:
    """[x](my%20note.md) names the file `my note.md`."""
    graph, notes = graph_of({"my note.md": "# Mine\n", "a.md": "# A\n[x](my%20note.md)\n"})
    assert outgoing(graph, notes["a.md"]) == [("[x](my%20note.md)", "my note.md", "", "")]


ANCHOR_TARGET = "# Title\n\n## Some Heading\n\ntext ^blk\n\n## Summary\n\nline\n"


@pytest.mark.parametrize(
    ("link", "anchor", "problem"),
    [
        ("[[t#some-heading]]", "some-heading", ""),
        ("[[t#Some Heading]]", "Some Heading", ""),
        ("[[t#missing]]", "missing", "no heading"),
        ("[[t#^blk]]", "^blk", ""),
        ("[[t#^gone]]", "^gone", "no block"),
        ("![[t#some-heading:#summary]]", "some-heading:#summary", ""),
        ("![[t#missing:#summary]]", "missing:#summary", "no heading"),
        ("![[t#summary,1:#*]]", "summary,1:#*", ""),
        ("![[t#nope,1:#*]]", "nope,1:#*", "no heading"),
        ("[x](t.md#summary)", "summary", ""),
        ("[x](t.md#nope)", "nope", "no heading"),
    ],
)
def test_anchors(link: str, anchor: str, problem: str) -> None:
    """Headings, ^blocks, #a:#b ranges and #h,1 offsets are checked against the target."""
    graph, notes = graph_of({"t.md": ANCHOR_TARGET, "src.md": f"# Src\n{link}\n"})
    edges = graph.outgoing[notes["src.md"].path]
    assert [(e.target.path if e.target else None, e.anchor, e.problem) for e in edges] == [
        ("t.md", anchor, problem)
    ]
    assert [e.link.raw for e in graph.broken()] == ([link] if problem else [])


# --- embeds in cycles -------------------------------------------------------------------------

CYCLES = {
    "self.md": "# Self\n\nBefore\n![[self]]\nAfter\n",
    "ping.md": "# Ping\n\n![[pong]]\n",
    "pong.md": "# Pong\n\n![[ping]]\n",
}


def test_embed_cycles_build_a_finite_graph() -> None:
    """A self-embed and a two-note embed cycle give plain edges; no note is an orphan."""
    graph, notes = graph_of(CYCLES)
    assert {path: outgoing(graph, n) for path, n in notes.items()} == {
        "self.md": [("![[self]]", "self.md", "", "")],
        "ping.md": [("![[pong]]", "pong.md", "", "")],
        "pong.md": [("![[ping]]", "ping.md", "", "")],
    }
    assert {k: [e.source.path for e in v] for k, v in graph.incoming.items()} == {
        "pong.md": ["ping.md"],
        "ping.md": ["pong.md"],
    }
    assert (graph.broken(), graph.orphans()) == ([], [])


def test_embed_cycles_links_and_check_commands(make_vault: VaultFactory) -> None:
    """links and check finish on embed cycles: exit 0 clean, exit 1 once an embed breaks."""
    vault = make_vault(CYCLES)
    code, out, _ = run("links", "ping", "--json", vault=vault)
    assert (code, json.loads(out)) == (
        0,
        {
            "note": "ping",
            "outgoing": [
                {
                    "target": "pong",
                    "title": "Pong",
                    "resolved": True,
                    "line": 3,
                    "kind": "embed",
                    "anchor": "",
                    "problem": "",
                }
            ],
            "backlinks": [
                {
                    "source": "pong",
                    "title": "Pong",
                    "path": "pong.md",
                    "line": 3,
                    "context": "![[ping]]",
                }
            ],
            "unlinked": [],
        },
    )
    assert check_json(vault) == (0, [])
    code, out, _ = run("show", "self", "--no-pager", vault=vault)
    assert code == 0 and "Self (not expanded: already shown above)" in out
    (vault / "pong.md").write_text("# Pong\n\n![[ping]]\n![[gone]]\n", encoding="utf-8")
    assert check_json(vault) == (
        1,
        [finding("pong.md", 4, "error", "broken-embed", "embed ![[gone]]: no such note")],
    )


# --- tags -------------------------------------------------------------------------------------

TAG_NOTES = {
    "a.md": "---\ntags: [llm, rag]\n---\n# A\nUses #llm twice #llm and #rag.\n"
    "```\n#fenced\n```\n`#inline`\n",
    "b.md": "# B\n#llm.x only\n",
    "c.md": "---\ntags: llmx\n---\n# C\n",
    "d.md": "# D\n~~~\n#hidden\n~~~\n",
    "e.md": "# E\nSee [[#llm]] and #llm\n",
}


def test_tags_counted_once_per_note_and_never_from_code() -> None:
    """Frontmatter and inline tags merge per note; tags in fences or inline code do not count."""
    graph, _ = graph_of(TAG_NOTES)
    assert {tag: [n.path for n in carriers] for tag, carriers in graph.tags.items()} == {
        "llm": ["a.md", "e.md"],
        "rag": ["a.md"],
        "llm.x": ["b.md"],
        "llmx": ["c.md"],
    }


def test_tags_command_counts_and_lists_sub_tags(make_vault: VaultFactory) -> None:
    """`notes tags` counts notes per tag; `notes tags llm` lists llm and llm.x, not llmx."""
    vault = make_vault(TAG_NOTES)
    code, out, err = run("tags", "--json", vault=vault)
    assert (code, err) == (0, "")
    assert json.loads(out) == [
        {"tag": "llm", "notes": 2},
        {"tag": "llm.x", "notes": 1},
        {"tag": "llmx", "notes": 1},
        {"tag": "rag", "notes": 1},
    ]
    for query in ("llm", "#LLM"):
        code, out, _ = run("tags", query, "--json", vault=vault)
        data = json.loads(out)
        assert code == 0 and all(set(item) == LIST_KEYS for item in data)
        assert [(n["id"], n["title"], n["fname"], n["path"]) for n in data] == [
            ("a", "A", "a", "a.md"),
            ("b", "B", "b", "b.md"),
            ("e", "E", "e", "e.md"),
        ]


# --- notes links ------------------------------------------------------------------------------

LINKS_VAULT = {
    "transformer.md": "---\nid: tr\ntitle: Transformer\n---\n# Transformer\n\n"
    "## Attention layer\n\nBack to [[notes]], off to [[nowhere]] and ![[notes#missing]].\n",
    "notes.md": "---\nid: nt\ntitle: Notes\n---\n# Notes\n\nSee [[transformer]] for details.\n"
    "```\nThe Transformer in code.\n```\n",
    "other.md": "# Other\n\nThe Transformer, see [here](transformer.md#attention-layer).\n",
    "plain.md": "# Plain\n\nA transformer stacks attention layers.\n`Transformer` in code.\n",
}
LINKS_OUTGOING = [
    {
        "target": "notes",
        "title": "Notes",
        "resolved": True,
        "line": 9,
        "kind": "wikilink",
        "anchor": "",
        "problem": "",
    },
    {
        "target": "nowhere",
        "title": None,
        "resolved": False,
        "line": 9,
        "kind": "wikilink",
        "anchor": "",
        "problem": "no note",
    },
    {
        "target": "notes",
        "title": "Notes",
        "resolved": False,
        "line": 9,
        "kind": "embed",
        "anchor": "missing",
        "problem": "no heading",
    },
]
LINKS_BACKLINKS = [
    {
        "source": "nt",
        "title": "Notes",
        "path": "notes.md",
        "line": 7,
        "context": "See [[transformer]] for details.",
    },
    {
        "source": "other",
        "title": "Other",
        "path": "other.md",
        "line": 3,
        "context": "The Transformer, see [here](transformer.md#attention-layer).",
    },
]


def test_links_json_shape_outgoing_and_backlinks(make_vault: VaultFactory) -> None:
    """links --json: id, links out (broken ones unresolved), backlinks with their line."""
    vault = make_vault(LINKS_VAULT)
    code, out, err = run("links", "tr", "--json", vault=vault)
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "note": "tr",
        "outgoing": LINKS_OUTGOING,
        "backlinks": LINKS_BACKLINKS,
        "unlinked": [],
    }


def test_links_unlinked_finds_plain_mentions_only(make_vault: VaultFactory) -> None:
    """--unlinked: a plain-text mention elsewhere is found; linking lines and code are not."""
    vault = make_vault(LINKS_VAULT)
    code, out, _ = run("links", "transformer", "--unlinked", "--json", vault=vault)
    assert code == 0
    assert json.loads(out) == {
        "note": "tr",
        "outgoing": LINKS_OUTGOING,
        "backlinks": LINKS_BACKLINKS,
        "unlinked": [
            {
                "source": "plain",
                "title": "Plain",
                "path": "plain.md",
                "line": 3,
                "context": "A transformer stacks attention layers.",
            }
        ],
    }


def test_links_unlinked_on_a_line_linking_elsewhere(make_vault: VaultFactory) -> None:
    """A line that links to another note but names this one in plain text is unlinked."""
    vault = make_vault(
        {
            "transformer.md": "# Transformer\n",
            "other.md": "# Other\n",
            "src.md": "# Src\nSee [[other]]; the Transformer is great.\n",
        }
    )
    _, out, _ = run("links", "transformer", "--unlinked", "--json", vault=vault)
    assert json.loads(out)["unlinked"] == [
        {
            "source": "src",
            "title": "Src",
            "path": "src.md",
            "line": 2,
            "context": "See [[other]]; the Transformer is great.",
        }
    ]


# --- notes check ------------------------------------------------------------------------------

CHECK_VAULT = {
    "hub.md": "# Hub\n\n[[attention]] and [[attention#no-such-heading]]\n[[attenton]] is a typo\n"
    "![[ghost]]\n[[attention#^nope]]\n[[zzqqxx]]\n",
    "attention.md": "# Attention\n",
    "lonely.md": "# Lonely\n",
    "bad.md": "---\ntitle: [oops\n---\n# Bad\n",
    "dup1.md": "---\nid: twin\n---\n# Dup one\n",
    "dup2.md": "---\nid: twin\n---\n# Dup two\n",
}
CHECK_FINDINGS = [
    finding("bad.md", None, "warning", "orphan", "orphan note: no links in or out"),
    finding(
        "bad.md",
        2,
        "error",
        "frontmatter-invalid",
        "invalid YAML frontmatter: did not find expected ',' or ']'; frontmatter ignored",
    ),
    finding("dup1.md", None, "warning", "orphan", "orphan note: no links in or out"),
    finding("dup1.md", 1, "error", "duplicate-id", "id 'twin' is also used by dup2.md"),
    finding("dup2.md", None, "warning", "orphan", "orphan note: no links in or out"),
    finding("dup2.md", 1, "error", "duplicate-id", "id 'twin' is also used by dup1.md"),
    finding(
        "hub.md",
        3,
        "warning",
        "broken-anchor",
        "link [[attention#no-such-heading]]: attention has no heading 'no-such-heading'",
    ),
    finding(
        "hub.md",
        4,
        "error",
        "broken-link",
        'link [[attenton]]: no such note (did you mean "attention"?)',
    ),
    finding("hub.md", 5, "error", "broken-embed", "embed ![[ghost]]: no such note"),
    finding(
        "hub.md",
        6,
        "warning",
        "broken-anchor",
        "link [[attention#^nope]]: attention has no block '^nope'",
    ),
    finding("hub.md", 7, "error", "broken-link", "link [[zzqqxx]]: no such note"),
    finding("lonely.md", None, "warning", "orphan", "orphan note: no links in or out"),
]


def test_check_json_reports_every_finding_kind(make_vault: VaultFactory) -> None:
    """check --json: links, embeds, anchors, orphans and loader problems, sorted; exit 1."""
    assert check_json(make_vault(CHECK_VAULT)) == (1, CHECK_FINDINGS)


def test_check_text_is_path_line_severity_message_code(make_vault: VaultFactory) -> None:
    """The human report has one `path:line: severity: message [code]` line per finding."""
    code, out, err = run("check", vault=make_vault(CHECK_VAULT))
    expected = [
        f"{d['path']}{':' + str(d['line']) if d['line'] else ''}: {d['severity']}: "
        f"{d['message']} [{d['code']}]"
        for d in CHECK_FINDINGS
    ]
    assert code == 1
    assert [line.rstrip() for line in out.splitlines() if line.strip()] == expected
    assert err == "6 files checked: 6 errors, 6 warnings\n"


def test_check_only_warnings_exits_0(make_vault: VaultFactory) -> None:
    """A missing heading and an orphan are warnings: exit 0."""
    vault = make_vault({"a.md": "# A\n[[b#missing]]\n", "b.md": "# B\n", "c.md": "# C\n"})
    assert check_json(vault) == (
        0,
        [
            finding(
                "a.md",
                2,
                "warning",
                "broken-anchor",
                "link [[b#missing]]: b has no heading 'missing'",
            ),
            finding("c.md", None, "warning", "orphan", "orphan note: no links in or out"),
        ],
    )


def test_check_clean_vault(make_vault: VaultFactory) -> None:
    """Every link resolved, no orphan: empty JSON list, exit 0."""
    vault = make_vault({"a.md": "# A\n[[b]]\n", "b.md": "# B\n[a](a.md)\n"})
    assert run("check", "--json", vault=vault) == (0, "[]\n", "")


def test_bundled_vault_has_no_errors() -> None:
    """The bundled notes check clean of errors."""
    code, data = check_json(BUNDLED)
    assert (code, [d for d in data if d["severity"] == "error"]) == (0, [])


def test_check_duplicate_ids_keep_their_own_links(make_vault: VaultFactory) -> None:
    """Notes with one id still report broken links only where they are written."""
    vault = make_vault(
        {
            "a.md": "---\nid: same\n---\n# A\n[[missing]]\n",
            "b.md": "---\nid: same\n---\n# B\n\n[[c]]\n",
            "c.md": "# C\n",
        }
    )
    assert check_json(vault) == (
        1,
        [
            finding("a.md", 1, "error", "duplicate-id", "id 'same' is also used by b.md"),
            finding("a.md", 5, "error", "broken-link", "link [[missing]]: no such note"),
            finding("b.md", 1, "error", "duplicate-id", "id 'same' is also used by a.md"),
        ],
    )


# --- notes list filters -----------------------------------------------------------------------


def _ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


@pytest.fixture
def list_vault(make_vault: VaultFactory) -> Path:
    now = datetime.now(tz=UTC)
    old, recent = _ms(now - timedelta(days=10)), _ms(now - timedelta(days=1))
    new_edit, old_edit = (
        _ms(datetime(2025, 6, 1, tzinfo=UTC)),
        _ms(datetime(2024, 6, 1, tzinfo=UTC)),
    )

    def front(created: int, updated: int, tags: str = "") -> str:
        return f"---\ncreated: {created}\nupdated: {updated}\n{tags}---\n"

    return make_vault(
        {
            "hub.md": front(old, new_edit, "tags: [llm]\n") + "# Hub\n[[leaf]] [[mid]]\n",
            "leaf.md": front(recent, new_edit) + "# Leaf\n#llm.x\n",
            "mid.md": front(old, old_edit) + "# Mid\n[[leaf]]\n",
            "alone.md": front(old, new_edit) + "# Alone\n",
            "other.md": front(old, new_edit, "tags: llmx\n") + "# Other\n[[hub]]\n",
        }
    )


@pytest.mark.parametrize(
    ("options", "fnames"),
    [
        (["--tag", "llm"], ["hub", "leaf"]),
        (["--tag", "llm", "--created-before", "3 days ago"], ["hub"]),
        (["--link-to", "leaf"], ["hub", "mid"]),
        (["--link-to", "leaf", "--modified-after", "2025-01-01"], ["hub"]),
        (["--linked-by", "hub"], ["leaf", "mid"]),
        (["--linked-by", "hub", "--tagless"], ["mid"]),
        (["--tagless"], ["alone", "mid"]),
        (["--orphan"], ["alone"]),
        (["--orphan", "--tagless", "--modified-after", "2025-01-01"], ["alone"]),
        (["--tag", "llm", "--tagless"], []),
        (
            ["--modified-after", "2025-01-01", "--created-before", "3 days ago"],
            ["alone", "hub", "other"],
        ),
        (
            [
                "--created-before",
                "3 days ago",
                "--modified-after",
                "2025-01-01",
                "--link-to",
                "hub",
            ],
            ["other"],
        ),
    ],
)
def test_list_filters_combine(list_vault: Path, options: list[str], fnames: list[str]) -> None:
    """Every filter given must pass: tags, links, orphans, tagless and dates combine."""
    code, out, err = run("list", *options, "--json", vault=list_vault)
    assert (code, err) == (0, "")
    assert [n["fname"] for n in json.loads(out)] == fnames


@pytest.mark.parametrize("option", ["--modified-after", "--created-before"])
def test_list_bad_date_is_a_usage_error(list_vault: Path, option: str) -> None:
    """An unreadable date exits 2 with one line naming the accepted forms on stderr."""
    assert run("list", option, "soonish", vault=list_vault) == (
        2,
        "",
        "Error: cannot read the date 'soonish'; use 2025-10-24, today, yesterday, last week, "
        "last month or '3 days ago'\n",
    )


# --- dates.parse_when -------------------------------------------------------------------------

NOW = datetime(2025, 10, 24, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", datetime(2025, 10, 24, tzinfo=UTC)),
        ("  Today ", datetime(2025, 10, 24, tzinfo=UTC)),
        ("yesterday", datetime(2025, 10, 23, tzinfo=UTC)),
        ("last week", datetime(2025, 10, 17, tzinfo=UTC)),
        ("Last  Week", datetime(2025, 10, 17, tzinfo=UTC)),
        ("1 day ago", datetime(2025, 10, 23, tzinfo=UTC)),
        ("3 days ago", datetime(2025, 10, 21, tzinfo=UTC)),
        ("2 weeks ago", datetime(2025, 10, 10, tzinfo=UTC)),
        ("1 week ago", datetime(2025, 10, 17, tzinfo=UTC)),
        ("2025-01-01", datetime(2025, 1, 1, tzinfo=UTC)),
        ("2025-01-01T12:30:00", datetime(2025, 1, 1, 12, 30, tzinfo=UTC)),
        ("2025-01-01T12:30:00Z", datetime(2025, 1, 1, 12, 30, tzinfo=UTC)),
        ("2025-01-01T12:30:00+02:00", datetime(2025, 1, 1, 10, 30, tzinfo=UTC)),
    ],
)
def test_parse_when(text: str, expected: datetime) -> None:
    """Named days, N days/weeks ago and ISO dates/datetimes are read as UTC times."""
    parsed = parse_when(text, now=NOW)
    assert (parsed, parsed.utcoffset() is not None) == (expected, True)


@pytest.mark.parametrize("text", ["soon", "", "3 fortnights ago", "2025-13-01", "days ago"])
def test_parse_when_bad_text(text: str) -> None:
    """Anything else is a usage error (exit 2) naming the accepted forms."""
    with pytest.raises(BadOptionError) as caught:
        parse_when(text, now=NOW)
    assert (caught.value.message, int(caught.value.exit_code)) == (
        f"cannot read the date {text!r}; use 2025-10-24, today, yesterday, last week, "
        "last month or '3 days ago'",
        2,
    )
