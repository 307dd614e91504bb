"""Which event of the original a copy's event repeats: copies ride on their original's incidents.

A syndicated or near copy (``duplicate_of``) adds no evidence of its own: it counts as its original's
source (``independence.py``), and its events say what the original's events say. Grouping them as
independent records made fusion pay for every copy twice over: a wire story republished by a
hundred outlets put four hundred near-identical events into one neighbourhood, past the store's
neighbourhood limit, so which copies were reached (and so which joined the incident) depended on
event ids. Instead each of a copy's events is paired with the original's event it repeats, and it
joins whatever incident that event is grouped into (store/fusion.py); a copy's event with no
counterpart (a line the republisher added) is grouped as an event of its own.
"""

from __future__ import annotations

from warlog.fuse import matching
from warlog.models import Event


def counterparts(copy_events: list[Event], original_events: list[Event],
                 link: matching.LinkFunction = matching.link) -> dict[str, Event]:
    """Copy event id -> the original's event it repeats: one to one, strongest link first, and only
    where the two would be grouped as one incident anyway (a link at the grouping threshold)."""
    threshold = matching.threshold()
    pairs = []
    for copied in copy_events:
        for original in original_events:
            found = link(copied, original)
            if found is not None and found.score >= threshold:
                pairs.append((-found.score, copied.id, original.id, copied, original))
    paired: dict[str, Event] = {}
    taken: set[str] = set()
    for _, copied_id, original_id, _, original in sorted(pairs, key=lambda p: p[:3]):
        if copied_id not in paired and original_id not in taken:
            paired[copied_id] = original
            taken.add(original_id)
    return paired
