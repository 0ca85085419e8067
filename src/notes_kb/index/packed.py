"""A sequence whose items are made on demand from packed columns (`array`s, one joined
string): the walk's files and the build's tasks hold tens of thousands of items, and
most are never read. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class Packed(Sequence[T]):
    """Indexing and slicing, as a list does them, over `_item(n)` for 0 <= n < len."""

    def _item(self, n: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, n: int) -> T: ...
    @overload
    def __getitem__(self, n: slice) -> list[T]: ...
    def __getitem__(self, n: int | slice) -> T | list[T]:
        if isinstance(n, slice):
            return [self._item(i) for i in range(*n.indices(len(self)))]
        if not -len(self) <= n < len(self):
            raise IndexError(n)
        return self._item(n % len(self))
