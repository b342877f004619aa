"""Span look-ups whose cost does not grow with the length of the document: which spans
contain, overlap or were kept before a given one. Attribution asks these of every cue and
every quote; a scan of all statements each time made a long document cost its length
squared (a transcript, a hearing, a report of megabytes)."""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

from ..core.records import Span

T = TypeVar("T")


class Containing:
    """A fixed set of spans, asked whether any contains a span: the largest end among the
    spans that start at or before it (a running maximum, one binary search)."""

    def __init__(self, spans: Sequence[Span]) -> None:
        ordered = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start for s in ordered]
        self._max_end = list(accumulate((s.end for s in ordered), max))

    def contains(self, span: Span) -> bool:
        i = bisect_right(self._starts, span.start) - 1
        return i >= 0 and self._max_end[i] >= span.end


class Kept:
    """Spans added one by one, asked whether any added so far overlaps a span
    (:meth:`Span.overlaps`). ``candidates`` are all the spans that may be added: a Fenwick
    tree over their starts keeps the largest end added, so a span overlaps one of them when
    the largest end among those starting before its end is past its start."""

    def __init__(self, candidates: Sequence[Span]) -> None:
        self._starts = sorted({s.start for s in candidates})
        self._tree = [-1] * (len(self._starts) + 1)

    def add(self, span: Span) -> None:
        i = bisect_left(self._starts, span.start) + 1
        while i < len(self._tree):
            self._tree[i] = max(self._tree[i], span.end)
            i += i & -i

    def overlaps(self, span: Span) -> bool:
        i = bisect_left(self._starts, span.end)  # spans that start before span ends
        best = -1
        while i > 0:
            best = max(best, self._tree[i])
            i -= i & -i
        return best > span.start


def spans_containing(targets: Sequence[Span], spans: Sequence[Span]) -> list[list[int]]:
    """For each target, the indices (ascending) of the ``spans`` that contain it. A sweep by
    start: each span enters once and leaves once, and a target looks only at the spans open
    at its start (as many as are nested there)."""
    order = sorted(range(len(spans)), key=lambda i: spans[i].start)
    out: list[list[int]] = [[] for _ in targets]
    open_: list[tuple[int, int]] = []  # (end, index) of spans started so far
    at = 0
    for t in sorted(range(len(targets)), key=lambda i: targets[i].start):
        target = targets[t]
        while at < len(order) and spans[order[at]].start <= target.start:
            heapq.heappush(open_, (spans[order[at]].end, order[at]))
            at += 1
        while open_ and open_[0][0] < target.start:
            heapq.heappop(open_)  # ends before this target and every later one starts
        out[t] = sorted(i for end, i in open_ if end >= target.end)
    return out


def overlapping(targets: Sequence[Span], spans: Sequence[Span]) -> list[list[int]]:
    """For each of ``targets`` (in text order, none overlapping another, as quotes are), the
    indices (ascending) of the ``spans`` that overlap it (:meth:`Span.overlaps`). A sweep:
    a span enters when the targets reach its start and leaves once they pass its end."""
    order = sorted(range(len(spans)), key=lambda i: spans[i].start)
    out: list[list[int]] = []
    open_: list[tuple[int, int]] = []
    at = 0
    for target in targets:
        while at < len(order) and spans[order[at]].start < target.end:
            heapq.heappush(open_, (spans[order[at]].end, order[at]))
            at += 1
        while open_ and open_[0][0] <= target.start:
            heapq.heappop(open_)
        out.append(
            sorted(i for end, i in open_ if spans[i].start < target.end and target.start < end)
        )
    return out


class SpanTable(Generic[T]):
    """Spans with a value each, in the order they were put (their rank: the order a list
    would hold them in), asked which overlap a span and which start before a position. The
    spans are short (names), so an overlap look-up reads only the spans that start within
    the longest one's length before it."""

    def __init__(self) -> None:
        self._starts: list[tuple[int, int]] = []  # (start, rank), sorted
        self._items: dict[int, tuple[Span, T]] = {}
        self._longest = 0

    def __len__(self) -> int:
        return len(self._items)

    def put(self, span: Span, value: T, rank: int | None = None) -> None:
        """Add ``span`` with ``value`` at ``rank`` (default: after every span put so far)."""
        rank = len(self._items) if rank is None else rank
        insort(self._starts, (span.start, rank))
        self._items[rank] = (span, value)
        self._longest = max(self._longest, span.end - span.start)

    def item(self, rank: int) -> tuple[Span, T]:
        return self._items[rank]

    def overlapping(self, span: Span) -> list[tuple[Span, T]]:
        """The (span, value) pairs whose span overlaps ``span``, by rank."""
        hi = bisect_left(self._starts, (span.end, -1))
        lo = bisect_left(self._starts, (span.start - self._longest, -1))
        ranks = sorted(r for _s, r in self._starts[lo:hi])
        found = [self._items[r] for r in ranks]
        return [(s, v) for s, v in found if s.overlaps(span)]
