"""Dendron's dotted hierarchy: `a.b.c` is a child of `a.b`; missing parents are stubs. Pure."""

from __future__ import annotations

from notes_kb.model import Note, TreeNode


def build_tree(notes: list[Note], root_name: str = "root") -> TreeNode:
    """One tree for all notes; a note named `root` (Dendron's vault home) is the tree's root."""
    root = TreeNode(fname="", name=root_name)
    for note in sorted(notes, key=lambda n: n.fname.lower()):
        if note.fname == "root":
            root.note = root.note or note
            continue
        node = root
        parts = [p for p in note.fname.split(".") if p] or [note.fname]
        for depth, part in enumerate(parts):
            key = part.lower()
            if key not in node.children:
                fname = ".".join(parts[: depth + 1])
                node.children[key] = TreeNode(fname=fname, name=part)
            node = node.children[key]
        if node.note is None:
            node.note = note
    return root


def find_node(tree: TreeNode, fname: str) -> TreeNode | None:
    """The node at a hierarchy path, stub or not."""
    node = tree
    for part in fname.lower().split("."):
        child = node.children.get(part)
        if child is None:
            return None
        node = child
    return node


def count_stubs(tree: TreeNode) -> int:
    return sum(child.stub + count_stubs(child) for child in tree.children.values())
