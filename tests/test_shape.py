"""The package keeps its shape: no import cycles, and imports follow the flow."""

from __future__ import annotations

from tests.shape import cycles, graph, layer_violations


def test_no_import_cycles() -> None:
    """No module imports, however indirectly, a module that imports it back."""
    assert cycles(graph()) == []


def test_imports_follow_the_flow() -> None:
    """cli -> API -> query -> index -> parse -> ground: never an import the other way."""
    assert layer_violations(graph()) == []
