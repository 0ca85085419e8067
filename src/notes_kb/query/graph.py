"""The neighbourhood of a note (or the whole vault) as nodes and edges, and its text forms:
Mermaid and Graphviz DOT to paste into documents, JSON for scripts. Pure."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from notes_kb.model import Note
from notes_kb.query.linkgraph import LinkGraph


@dataclass(frozen=True)
class Graph:
    center: Note | None
    nodes: list[Note]
    edges: list[tuple[str, str, str]]  # (source path, target path, kind), once each


def neighbourhood(graph: LinkGraph, center: Note | None, depth: int = 1) -> Graph:
    """Notes within `depth` links of the center, either direction; all notes without one."""
    by_path = {note.path: note for note in graph.notes}
    if center is None:
        keep = set(by_path)
    else:
        keep = {center.path}
        frontier = {center.path}
        for _ in range(max(0, depth)):
            step: set[str] = set()
            for path in frontier:
                step |= {e.target.path for e in graph.outgoing.get(path, []) if e.target}
                step |= {e.source.path for e in graph.incoming.get(path, [])}
            frontier = step - keep
            keep |= step
    edges: dict[tuple[str, str], str] = {}
    for path in keep:
        for edge in graph.outgoing.get(path, []):
            target = edge.target
            if target is not None and target.path in keep and target.path != path:
                edges.setdefault((path, target.path), edge.link.kind)
    nodes = sorted((by_path[p] for p in keep), key=lambda n: n.fname.casefold())
    return Graph(center, nodes, sorted((s, t, k) for (s, t), k in edges.items()))


def to_mermaid(graph: Graph) -> str:
    ids = {note.path: f"n{number}" for number, note in enumerate(graph.nodes)}
    lines = ["graph LR"]
    for note in graph.nodes:
        lines.append(f'  {ids[note.path]}["{_mermaid_label(note.title)}"]')
    for source, target, kind in graph.edges:
        arrow = "-.->" if kind == "embed" else "-->"
        lines.append(f"  {ids[source]} {arrow} {ids[target]}")
    if graph.center is not None:
        lines.append(f"  style {ids[graph.center.path]} stroke-width:3px")
    return "\n".join(lines) + "\n"


def to_dot(graph: Graph) -> str:
    lines = ["digraph notes {", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
    for note in graph.nodes:
        bold = ", penwidth=2" if graph.center is not None and note.id == graph.center.id else ""
        lines.append(f"  {_dot_string(note.id)} [label={_dot_string(note.title)}{bold}];")
    ids = {note.path: note.id for note in graph.nodes}
    for source, target, kind in graph.edges:
        style = " [style=dashed]" if kind == "embed" else ""
        lines.append(f"  {_dot_string(ids[source])} -> {_dot_string(ids[target])}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_data(graph: Graph) -> dict[str, object]:
    ids = {note.path: note.id for note in graph.nodes}
    return {
        "center": graph.center.id if graph.center else None,
        "nodes": [
            {"id": n.id, "title": n.title, "fname": n.fname, "path": n.path} for n in graph.nodes
        ],
        "edges": [{"source": ids[s], "target": ids[t], "kind": k} for s, t, k in graph.edges],
    }


def _mermaid_label(text: str) -> str:
    """Text for inside `["..."]`: every character Mermaid or an HTML page around it could
    read as syntax becomes Mermaid's entity code `#NN;`; line breaks become spaces."""
    text = _LINE_BREAKS.sub(" ", text).strip()
    return _MERMAID_SPECIAL.sub(lambda m: f"#{ord(m.group())};", text) or "untitled"


def _dot_string(text: str) -> str:
    """A DOT quoted string: quotes and backslashes escaped (a backslash would otherwise
    start a Graphviz escape such as \\N), line breaks as \\n, other control characters
    dropped; everything else stays UTF-8 text, which Graphviz prints as it is (it would
    print a JSON `\\uXXXX` escape literally)."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = _LINE_BREAKS.sub("\\\\n", text)
    return '"' + _CONTROL.sub("", text) + '"'


def _script_json(value: object) -> str:
    """JSON safe inside <script>: no `</script>`, `<!--` or `]]>` can form, since every
    <, > and & is a \\u escape, and non-ASCII is escaped too."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def to_html(graph: Graph, title: str = "notes graph") -> str:
    """One self-contained page: the data inline, a small force layout in plain JavaScript,
    drag to move a note, wheel to zoom, hover for the full title. Nothing is fetched.
    Nodes are keyed by path, so notes sharing an id are still each shown."""
    data = {
        "center": graph.center.path if graph.center else None,
        "nodes": [
            {"id": n.path, "title": n.title, "fname": n.fname, "path": n.path} for n in graph.nodes
        ],
        "edges": [{"source": s, "target": t, "kind": k} for s, t, k in graph.edges],
    }
    values = {"__DATA__": _script_json(data), "__TITLE__": _script_json(title)}
    return re.sub("__DATA__|__TITLE__", lambda m: values[m.group()], _PAGE)  # one pass


_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MERMAID_SPECIAL = re.compile(
    r'["#&;<>\[\]{}()|`\\]|[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]'
)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>notes graph</title>
<style>
  html, body { margin: 0; height: 100%; font: 13px system-ui, sans-serif; background: #fafafa; }
  canvas { display: block; width: 100%; height: 100%; cursor: grab; }
  #info { position: fixed; left: 12px; top: 10px; color: #333; background: #fffd;
          padding: 4px 8px; border-radius: 4px; }
</style></head>
<body><div id="info"></div><canvas id="c"></canvas>
<script>
"use strict";
const DATA = __DATA__;
const TITLE = __TITLE__;
const canvas = document.getElementById("c"), ctx = canvas.getContext("2d");
const info = document.getElementById("info");
const nodes = DATA.nodes.map((n, i) => ({...n, x: Math.cos(i) * 200 * Math.random(),
  y: Math.sin(i) * 200 * Math.random(), vx: 0, vy: 0}));
const index = new Map(nodes.map((n, i) => [n.id, i]));
const edges = DATA.edges.filter(e => index.has(e.source) && index.has(e.target))
  .map(e => ({s: index.get(e.source), t: index.get(e.target), kind: e.kind}));
let scale = 1, ox = 0, oy = 0, drag = null, hover = null, ticks = 0;
function resize() { canvas.width = innerWidth; canvas.height = innerHeight; draw(); }
function step() {
  const k = 0.03, repel = 12000, rest = 110;
  for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
    const a = nodes[i], b = nodes[j]; let dx = a.x - b.x, dy = a.y - b.y;
    const d2 = dx * dx + dy * dy + 0.01, f = repel / d2, d = Math.sqrt(d2);
    dx /= d; dy /= d; a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
  }
  for (const e of edges) {
    const a = nodes[e.s], b = nodes[e.t], dx = b.x - a.x, dy = b.y - a.y;
    const d = Math.sqrt(dx * dx + dy * dy) + 0.01, f = k * (d - rest) / d;
    a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
  }
  for (const n of nodes) {
    if (n === drag) continue;
    n.vx = (n.vx - n.x * 0.0005) * 0.6; n.vy = (n.vy - n.y * 0.0005) * 0.6;
    n.x += Math.max(-20, Math.min(20, n.vx)); n.y += Math.max(-20, Math.min(20, n.vy));
  }
}
function screen(n) { return [canvas.width / 2 + (n.x + ox) * scale,
                             canvas.height / 2 + (n.y + oy) * scale]; }
function draw() {
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.lineWidth = 1;
  for (const e of edges) {
    const [x1, y1] = screen(nodes[e.s]), [x2, y2] = screen(nodes[e.t]);
    ctx.strokeStyle = e.kind === "embed" ? "#c9a" : "#bbb";
    ctx.setLineDash(e.kind === "embed" ? [4, 3] : []);
    ctx.beginPath(); ctx.moveTo(x1, y1); ctx.lineTo(x2, y2); ctx.stroke();
  }
  ctx.setLineDash([]);
  const labels = nodes.length <= 150;
  for (const n of nodes) {
    const [x, y] = screen(n), center = n.id === DATA.center;
    ctx.fillStyle = center ? "#d62" : (n === hover ? "#26a" : "#48c");
    ctx.beginPath(); ctx.arc(x, y, center ? 7 : 5, 0, 2 * Math.PI); ctx.fill();
    if (labels || n === hover || center) {
      ctx.fillStyle = "#222"; ctx.fillText(n.title, x + 8, y + 4);
    }
  }
}
function loop() {
  if (ticks < 400 || drag) { step(); ticks++; }
  draw(); requestAnimationFrame(loop);
}
function at(px, py) {
  let best = null, bestD = 100;
  for (const n of nodes) { const [x, y] = screen(n), d = (x - px) ** 2 + (y - py) ** 2;
    if (d < bestD) { best = n; bestD = d; } }
  return best;
}
canvas.addEventListener("mousedown", ev => { drag = at(ev.clientX, ev.clientY); });
canvas.addEventListener("mouseup", () => { drag = null; });
canvas.addEventListener("mousemove", ev => {
  hover = at(ev.clientX, ev.clientY);
  info.textContent = hover ? hover.title + "  (" + hover.path + ")" : TITLE;
  if (drag) { drag.x = (ev.clientX - canvas.width / 2) / scale - ox;
              drag.y = (ev.clientY - canvas.height / 2) / scale - oy; }
});
canvas.addEventListener("wheel", ev => { ev.preventDefault();
  scale *= ev.deltaY < 0 ? 1.1 : 1 / 1.1; }, {passive: false});
addEventListener("resize", resize);
info.textContent = TITLE;
for (let i = 0; i < 200; i++) step();
ticks = 200;
resize();
document.body.dataset.nodes = String(nodes.length);
document.body.dataset.edges = String(edges.length);
document.body.dataset.ready = "yes";
requestAnimationFrame(loop);
</script></body></html>
"""
