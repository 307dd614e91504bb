"""Grouping linked event records into incidents, the same whatever order the reports came in.

Average linkage: start with every record alone and repeatedly join the two groups whose records
are, on average, most strongly linked (``matching.link``), while that average reaches the
calibrated threshold and no pair across them is ruled out (two records of one document, a
contradiction). Average rather than single linkage because real clusters sit next to near misses
of the same type nearby in time and place: one strong link from a vague record must not chain two
strikes together; average rather than complete linkage because real reports of one incident
disagree on some field almost always.

The result is a function of the set of records only (pairs are scored symmetrically, ties are
broken by the records' ids), which is what makes the store's incremental fusion order independent:
it re-groups the whole neighbourhood a new report touches (store/fusion.py).
"""

from __future__ import annotations

import heapq

from warlog.fuse import matching
from warlog.models import Event

LinkFunction = matching.LinkFunction


def _pair_scores(events: list[Event], link: LinkFunction) -> dict[tuple[int, int], float]:
    """Scores of every pair that is not ruled out, by position in ``events``."""
    scores = {}
    for i, a in enumerate(events):
        for j in range(i + 1, len(events)):
            found = link(a, events[j])
            if found is not None:
                scores[(i, j)] = found.score
    return scores


def group(events: list[Event], link: LinkFunction = matching.link) -> list[list[Event]]:
    """The incidents among ``events`` (each a list sorted by event id; groups sorted by first id).

    A heap of candidate joins, best mean first (ties: lower positions first); an entry is stale
    once either group has changed, which its recorded sizes tell.
    """
    ordered = sorted({e.id: e for e in events}.values(), key=lambda e: e.id)
    threshold = matching.threshold()
    members: dict[int, list[int]] = {i: [i] for i in range(len(ordered))}
    # Between two groups: the sum of their pairs' scores and how many pairs may be together.
    totals: dict[tuple[int, int], tuple[float, int]] = {pair: (score, 1) for pair, score in _pair_scores(ordered, link).items()}
    neighbours: dict[int, set[int]] = {i: set() for i in members}
    for i, j in totals:
        neighbours[i].add(j)
        neighbours[j].add(i)
    heap: list[tuple[float, int, int, int, int]] = []

    def offer(i: int, j: int) -> None:
        total, count = totals[(i, j)]
        sizes = len(members[i]) * len(members[j])
        if count == sizes and total / count >= threshold:  # no pair across is ruled out, and strong enough
            heapq.heappush(heap, (-total / count, i, j, len(members[i]), len(members[j])))

    for i, j in sorted(totals):
        offer(i, j)
    while heap:
        _, keep, gone, size_keep, size_gone = heapq.heappop(heap)
        if keep not in members or gone not in members or (len(members[keep]), len(members[gone])) != (size_keep, size_gone):
            continue
        members[keep] += members.pop(gone)
        for other in sorted((neighbours[keep] | neighbours.pop(gone)) - {keep, gone}):
            neighbours[other].discard(gone)
            joined = [totals.pop((min(x, other), max(x, other)), (0.0, 0)) for x in (keep, gone)]
            pair = (min(keep, other), max(keep, other))
            totals[pair] = (joined[0][0] + joined[1][0], joined[0][1] + joined[1][1])
            neighbours[keep].add(other)
            neighbours[other].add(keep)
            offer(*pair)
        totals.pop((keep, gone), None)
        neighbours[keep].discard(gone)
    return sorted(([ordered[i] for i in sorted(group)] for group in members.values()), key=lambda g: g[0].id)
