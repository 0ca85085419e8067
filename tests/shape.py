"""The shape of the package, read with `ast`: modules, their sizes and the imports between
them. `python tests/shape.py` prints it; tests/test_shape.py holds the rules."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "notes_kb"

# Each layer may import only from layers to its right (and itself): the flow
# vault -> parse -> index -> query -> render, read backwards; "top" is the public API
# (notes_kb and its facade notes_kb.kb), which only the CLI uses.
LAYERS = ("cli", "top", "write", "review", "query", "index", "parse", "ground")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """Every notes_kb module this file imports, at any depth (function-level and
    TYPE_CHECKING imports included: a cycle there is still a cycle in the design)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            base = node.module
            if not base.startswith("notes_kb"):
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in known else base)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
    me = module_name(path)
    return {m for m in found if m in known and m != me}


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports(path, known) for name, path in mods.items()}


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 2 and parts[1] in LAYERS:
        return parts[1]
    if module.endswith("__main__"):
        return "cli"
    # the public API: the package itself and the facade it exports
    return "top" if module in ("notes_kb", "notes_kb.kb") else "ground"


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def layer_violations(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports that point up the flow (index importing query, parse importing index...)."""
    rank = {name: i for i, name in enumerate(LAYERS)}
    bad = []
    for source, targets in edges.items():
        src = layer(source)
        for target in targets:
            dst = layer(target)
            if rank[dst] < rank[src]:
                bad.append((source, target))
    return sorted(bad)


def main() -> int:
    mods = modules()
    edges = graph()
    for name, path in mods.items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        targets = ", ".join(t.removeprefix("notes_kb.") for t in sorted(edges[name]))
        print(f"{lines:5d}  {name:32s} -> {targets}")
    found = cycles(edges)
    print(f"\n{len(mods)} modules; cycles: {found or 'none'}")
    bad = layer_violations(edges)
    print(f"imports against the flow: {bad or 'none'}")
    return 1 if found or bad else 0


if __name__ == "__main__":
    sys.exit(main())
