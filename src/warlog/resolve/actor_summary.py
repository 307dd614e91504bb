"""Who appears in the stored events, and which actor mentions the dictionary could not resolve.

Analysts extend ``data/actors.yaml`` from the unresolved list: each row is a phrase that acted or was
acted upon ("Houthi forces", "tribal gunmen") with how often and where it was seen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from warlog.models import Event


@dataclass
class ActorRow:
    name: str
    id: str | None
    type: str | None
    as_actor1: int = 0
    as_actor2: int = 0
    mentions: Counter[str] = field(default_factory=Counter)
    doc_ids: set[str] = field(default_factory=set)

    def to_dict(self) -> dict:
        return {
            "name": self.name, "id": self.id, "type": self.type, "as_actor1": self.as_actor1,
            "as_actor2": self.as_actor2, "mentions": [m for m, _ in self.mentions.most_common(5)],
            "documents": len(self.doc_ids),
        }  # fmt: skip


def summarise_actors(events: Iterable[Event], unresolved: bool = False) -> list[ActorRow]:
    """One row per actor (by dictionary id, or by name when unresolved), most active first."""
    rows: dict[tuple, ActorRow] = {}
    for event in events:
        for role, actor in (("as_actor1", event.actor1), ("as_actor2", event.actor2)):
            if actor is None or (unresolved and actor.id is not None) or (not unresolved and actor.id is None):
                continue
            key = (actor.id,) if actor.id else (None, actor.name.lower())
            row = rows.setdefault(key, ActorRow(actor.name, actor.id, actor.type))
            setattr(row, role, getattr(row, role) + 1)
            row.mentions[actor.mention or actor.name] += 1
            row.doc_ids.add(event.doc_id)
    return sorted(rows.values(), key=lambda r: (-(r.as_actor1 + r.as_actor2), r.name))

