"""Names and bytes: any file name is listed, searched and reported escaped, and nothing a
note holds can break out of DOT, Mermaid, HTML or JSON."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from notes_kb.kb import open_vault
from notes_kb.query import graph as graphs
from tests.reliability.helpers import NOTES, run

HOSTILE_NAMES = {
    b"bad-\xff\xfe.md": "bad-\\xff\\xfe.md",
    b"new\nline.md": "new\\x0aline.md",
    b"ctl-\x1b[31m.md": "ctl-\\x1b[31m.md",
    "rtl-\u202egnp.md".encode(): "rtl-\\u202egnp.md",
    b"forge\nx.md:1: error: fake [broken-link].md": (
        "forge\\x0ax.md:1: error: fake [broken-link].md"
    ),
}


def hostile_names(root: Path) -> Path:
    os.makedirs(root, exist_ok=True)
    for number, name in enumerate(HOSTILE_NAMES):
        with open(os.path.join(os.fsencode(root), name), "wb") as handle:
            handle.write(f"# Title {number}\n\nzebra {number} [[nowhere{number}]]\n".encode())
    return root


@pytest.mark.skipif(not NOTES.exists(), reason="the notes script is not installed")
def test_hostile_file_names_are_listed_searched_and_reported_escaped(tmp_path: Path) -> None:
    """Names not UTF-8, with newlines, escapes or RTL marks: `list --json` and `search
    --json` give them escaped in valid JSON; `check` prints one line per problem that no
    name can forge; no output carries a raw control character."""
    vault = hostile_names(tmp_path / "vault")
    cache = tmp_path / "cache"
    listed = run(vault, cache, "list", "--json")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert sorted(n["path"] for n in json.loads(listed.stdout)) == sorted(HOSTILE_NAMES.values())
    found = run(vault, cache, "search", "zebra", "--json")
    assert found.returncode == 0
    assert {h["path"] for h in json.loads(found.stdout)} == set(HOSTILE_NAMES.values())
    checked = run(vault, cache, "check")
    lines = checked.stdout.splitlines()
    assert len(lines) == len(HOSTILE_NAMES)
    for line in lines:
        assert any(line.startswith(name + ":3: error: ") for name in HOSTILE_NAMES.values())
    for output in (listed.stdout, found.stdout, checked.stdout, checked.stderr):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", output)


def test_graph_formats_escape_everything_from_notes(tmp_path: Path) -> None:
    """Titles with `</script>`, `<!--`, quotes, backslashes, line breaks and non-ASCII:
    DOT keeps UTF-8 text and escapes quotes, Mermaid labels hold no syntax, the HTML page
    has exactly one script end and shows every node, even two sharing an id."""
    notes = {
        "a.md": '---\ntitle: "</script><script>alert(1)</script> <!-- x"\n---\n[[b]] [[c]]\n',
        "b.md": '---\ntitle: "say \\"hi\\" \\\\N\\nnext line"\n---\n[[a]]\n',
        "c.md": "---\ntitle: 日本語のノート\nid: same\n---\n[[a]]\n",
        "d.md": "---\ntitle: Twin\nid: same\n---\n[[a]]\n",
    }
    vault = tmp_path / "vault"
    vault.mkdir()
    for name, text in notes.items():
        (vault / name).write_text(text, "utf-8")
    found = open_vault(vault).graph()
    dot = graphs.to_dot(found)
    assert '[label="日本語のノート"]' in dot and "\\u" not in dot
    assert '[label="say \\"hi\\" \\\\N\\nnext line"]' in dot
    for line in dot.splitlines()[3:-1]:  # one statement a line: no title breaks a line
        assert line.endswith(";")
    mermaid = graphs.to_mermaid(found)
    for line in mermaid.splitlines():
        label = re.fullmatch(r'  n\d+\["(.*)"\]', line)
        if label:
            assert not re.search(r'["<>\[\]{}|`]', label.group(1))
    assert "#60;/script#62;" in mermaid
    page = graphs.to_html(found, "graph of </script><!--")
    assert page.count("</script>") == 1 and "<!--" not in page
    data = json.loads(re.search(r"const DATA = (.*);\n", page).group(1))  # type: ignore[union-attr]
    assert len(data["nodes"]) == 4
    assert json.loads(json.dumps(graphs.to_data(found)))["nodes"][0]["title"].startswith("</")


@pytest.mark.skipif(not NOTES.exists(), reason="the notes script is not installed")
def test_every_reading_command_leaves_the_vault_byte_identical(tmp_path: Path) -> None:
    """list, tree, show, links, tags, graph, search, check, glossary, concepts and index on
    a vault of hostile names: every file, name and time in the vault is as it was."""
    vault = hostile_names(tmp_path / "vault")
    (vault / "hub.md").write_text("# Hub\n\n- *zebra*: an animal\n", "utf-8")

    def state() -> list[tuple[bytes, bytes, int]]:
        found = []
        for folder, _, names in os.walk(os.fsencode(vault)):
            for name in names:
                path = os.path.join(folder, name)
                with open(path, "rb") as handle:
                    found.append((path, handle.read(), os.stat(path).st_mtime_ns))
        return sorted(found)

    before = state()
    cache = tmp_path / "cache"
    for command in (
        ["list"],
        ["tree"],
        ["show", "hub", "--no-pager"],
        ["links", "hub"],
        ["tags"],
        ["graph", "-f", "dot"],
        ["search", "zebra"],
        ["check"],
        ["glossary"],
        ["concepts"],
        ["index", "--rebuild"],
    ):
        done = run(vault, cache, *command)
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr, command
    assert state() == before
