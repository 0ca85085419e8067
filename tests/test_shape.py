"""The package keeps its shape: no import cycles, imports follow the flow, modules stay small,
and the public API is importable and documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shape import cycles, graph, layer_violations, modules


def test_no_import_cycles() -> None:
    """No module imports, however indirectly, a module that imports it back."""
    assert cycles(graph()) == []


def test_imports_follow_the_flow() -> None:
    """cli -> API -> query -> index -> parse -> ground: never an import the other way."""
    assert layer_violations(graph()) == []


REPO = Path(__file__).resolve().parent.parent
MAX_LINES = 400


def test_no_module_over_400_lines() -> None:
    """Every module stays small enough to read in one sitting."""
    long = {
        name: lines
        for name, path in modules().items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_public_names_import() -> None:
    """Every name in notes_kb.__all__ resolves (the lazy table points at real homes)."""
    import notes_kb

    missing = [name for name in notes_kb.__all__ if getattr(notes_kb, name, None) is None]
    assert missing == []
    assert sorted(notes_kb.__all__) == notes_kb.__all__


# Public members of KnowledgeBase whose name says all there is to say.
SELF_EXPLAINING: set[str] = set()


def test_knowledge_base_members_are_documented() -> None:
    """Each public KnowledgeBase method or property has a docstring saying what it answers."""
    from notes_kb.kb import KnowledgeBase

    undocumented = []
    for name, member in vars(KnowledgeBase).items():
        if name.startswith("_") or name in SELF_EXPLAINING:
            continue
        function = getattr(member, "fget", None) or getattr(member, "func", None) or member
        if callable(function) and not (function.__doc__ or "").strip():
            undocumented.append(name)
    assert undocumented == []


def test_readme_library_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's Python example runs against the bundled vault and prints what it says."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("The library (`src/notes_kb/`)") :]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(REPO)
    exec(compile(example, "README.md", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4  # three hits, then the glossary's terms and a definition
    assert all(len(line.split()) >= 3 for line in lines[:3])
    assert lines[3].startswith("['token', ") and "A token is" in lines[3]


# CLI commands whose library method has another name, or that are not a query of the vault.
METHOD_OF_COMMAND = {"index": "status", "config": None, "serve": None}


def test_every_command_has_a_library_method() -> None:
    """What the CLI can answer, Python can ask: each command is one KnowledgeBase method."""
    from notes_kb.cli.app import app
    from notes_kb.kb import KnowledgeBase

    commands = [info.name for info in app.registered_commands]
    methods = {name: METHOD_OF_COMMAND.get(name, name) for name in commands if name}
    assert len(methods) >= 12
    assert [n for n, m in methods.items() if m and not hasattr(KnowledgeBase, m)] == []
