"""`notes graph` in every format, the offline HTML page, and links as `notes show` draws them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import VaultFactory
from tests.test_cli import run

TRIANGLE = {
    "a.md": "---\nid: a\ntitle: Alpha\n---\nTo [[b]] and [[c]].\n",
    "b.md": "---\nid: b\ntitle: Beta\n---\nBack to [[a]]; embeds ![[c]].\n",
    "c.md": "---\nid: c\ntitle: Gamma\n---\nGamma text.\n",
    "d.md": "---\nid: d\ntitle: Delta\n---\nOnly [[c]].\n",
}


def test_graph_json_neighbourhood_by_depth(make_vault: VaultFactory) -> None:
    """Depth 0 is the note alone; depth 1 adds notes one link away in either direction."""
    vault = make_vault(TRIANGLE)
    _, out, _ = run("graph", "a", "--depth", "0", "--json", vault=vault)
    assert json.loads(out) == {
        "center": "a",
        "nodes": [{"id": "a", "title": "Alpha", "fname": "a", "path": "a.md"}],
        "edges": [],
    }
    _, out, _ = run("graph", "a", "--format", "json", vault=vault)
    data = json.loads(out)
    assert [n["id"] for n in data["nodes"]] == ["a", "b", "c"]
    assert data["edges"] == [
        {"source": "a", "target": "b", "kind": "wikilink"},
        {"source": "a", "target": "c", "kind": "wikilink"},
        {"source": "b", "target": "a", "kind": "wikilink"},
        {"source": "b", "target": "c", "kind": "embed"},
    ]
    _, out, _ = run("graph", "--json", vault=vault)
    assert [n["id"] for n in json.loads(out)["nodes"]] == ["a", "b", "c", "d"]


def test_graph_mermaid_and_dot(make_vault: VaultFactory) -> None:
    """Mermaid and DOT name every node by title and draw embeds dashed."""
    vault = make_vault(TRIANGLE)
    code, out, _ = run("graph", "b", "--format", "mermaid", vault=vault)
    assert code == 0
    assert out.splitlines() == [
        "graph LR",
        '  n0["Alpha"]',
        '  n1["Beta"]',
        '  n2["Gamma"]',
        "  n0 --> n1",
        "  n0 --> n2",
        "  n1 --> n0",
        "  n1 -.-> n2",
        "  style n1 stroke-width:3px",
    ]
    code, out, _ = run("graph", "b", "--format", "dot", vault=vault)
    assert out.startswith("digraph notes {") and out.rstrip().endswith("}")
    assert '"b" -> "c" [style=dashed];' in out and '"b" [label="Beta", penwidth=2];' in out


def test_graph_tree(make_vault: VaultFactory) -> None:
    """The terminal tree shows links out with → and links in with ←."""
    vault = make_vault(TRIANGLE)
    _, out, _ = run("graph", "c", vault=vault)
    assert out.splitlines() == [
        "Gamma  c",
        "├── ← Alpha  a",
        "├── ← Beta  b",
        "└── ← Delta  d",
    ]


def test_graph_html_is_self_contained(make_vault: VaultFactory, tmp_path: Path) -> None:
    """--output writes one page with the data inline and nothing fetched from anywhere."""
    vault = make_vault({**TRIANGLE, "e.md": "# E </script><script>alert(1)</script>\n[[a]]\n"})
    page = tmp_path / "g.html"
    code, out, err = run("graph", "--output", str(page), vault=vault)
    assert (code, out) == (0, "")
    assert err == f"wrote {page}: 5 notes, 6 links\n"
    html = page.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html and "<script src" not in html
    assert html.count("</script>") == 1  # a title cannot close the page's script
    assert "const DATA = {" in html


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium not installed")
def test_graph_html_runs_in_headless_chromium(make_vault: VaultFactory, tmp_path: Path) -> None:
    """Loaded in headless Chromium with no network, the page lays out every note and link."""
    vault = make_vault(TRIANGLE)
    page = tmp_path / "g.html"
    assert run("graph", "--output", str(page), vault=vault)[0] == 0
    done = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=2000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert '<body data-nodes="4" data-edges="5" data-ready="yes">' in done.stdout


def test_show_draws_links_embeds_and_backlinks(make_vault: VaultFactory) -> None:
    """Links read as titles, broken ones are marked, embeds expand once, backlinks close."""
    vault = make_vault(
        {
            **TRIANGLE,
            "b.md": "---\nid: b\ntitle: Beta\n---\nBack to [[a]] and [[nowhere]].\n\n![[c]]\n\n"
            "![[b]]\n",
        }
    )
    code, out, _ = run("show", "b", "--no-pager", vault=vault, tty=True)
    assert code == 0
    assert "Back to Alpha and nowhere ✗." in out
    assert "↳ Gamma" in out and "Gamma text." in out
    assert "↳ Beta (not expanded: already shown above)" in out
    assert out.rstrip().splitlines()[-2:] == ["Linked from (1)", "  Alpha  a.md:5"]
    code, out, _ = run("show", "b", vault=vault)  # piped: the same, as Markdown
    assert code == 0
    assert "Back to **Alpha** and ~~nowhere~~ ✗." in out
    assert "*↳ Beta (not expanded: already shown above)*" in out
    assert out.rstrip().splitlines()[-2:] == ["Linked from (1)", "  Alpha  a.md:5"]
