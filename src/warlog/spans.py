"""Offset spans of one document indexed by position once, so that per-sentence look-ups stay cheap.

Extraction asks, for every candidate sentence, which of the document's place matches or actor
mentions lie inside it, and whether a place overlaps an actor name. Scanning every span of the
document for each sentence makes a document's extraction grow with the square of its length; a
``SpanIndex`` sorts the spans by start once and answers each question by bisection, in
O(log n + k) for k spans returned. Answers are exactly those of the scans they replace, in the
items' own order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


def _start_end(item) -> tuple[int, int]:
    return item.start, item.end


class SpanIndex(Generic[T]):
    """``items`` (anything with a start and an end offset) by position; ``examined`` counts the items
    looked at by the queries so far (a test's measure of the work done, not a timing)."""

    def __init__(self, items: Sequence[T], span: Callable[[T], tuple[int, int]] = _start_end):
        self.items = list(items)
        spans = [span(item) for item in self.items]
        self._order = sorted(range(len(spans)), key=lambda i: (spans[i][0], i))
        self._starts = [spans[i][0] for i in self._order]
        self._ends = [spans[i][1] for i in self._order]
        self._max_end = list(accumulate(self._ends, max))  # the furthest end among the first k by start
        self._in_order = self._order == list(range(len(spans)))
        self.examined = 0

    def __len__(self) -> int:
        return len(self.items)

    def within(self, start: int, end: int) -> list[T]:
        """The items with ``start <= item.start`` and ``item.end <= end``, in the items' order."""
        lo, hi = bisect_left(self._starts, start), bisect_right(self._starts, end)
        self.examined += hi - lo
        picked = [self._order[k] for k in range(lo, hi) if self._ends[k] <= end]
        if not self._in_order:
            picked.sort()
        return [self.items[i] for i in picked]

    def overlaps(self, start: int, end: int) -> bool:
        """Does any item share a character with ``[start, end)`` (``item.start < end and start < item.end``)?"""
        k = bisect_left(self._starts, end)
        self.examined += 1
        return k > 0 and self._max_end[k - 1] > start

    def starting_by(self, position: int) -> int:
        """How many items start at or before ``position``: those are the first in start order."""
        return bisect_right(self._starts, position)
