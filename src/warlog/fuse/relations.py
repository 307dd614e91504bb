"""Actor relations: who fights, helps and accuses whom, each backed by evidence.

Two kinds of evidence, both per document so that re-ingesting a document replaces exactly its
own contribution:

* event relations: an event with two actors (a clash, a strike, an attack) relates them; the
  relation type follows the event type (``event_relations`` in ``data/relation_cues.yaml``);
* statement relations: a sentence naming two or more actors around a cue ("formed a joint
  operations room", "supplied ... with weapons", "accused ... of colluding with ...").

A relation stated under a hedge, or an accusation's content, is ``alleged``; otherwise
``asserted``. ``aggregate`` folds the evidence of one (relation, source, target) into one record
with its time span and count (distinct incidents for event relations, distinct documents for
statements).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from warlog.extract.sentences import split_sentences
from warlog.knowledge import load_yaml
from warlog.models import (
    FACTUAL_STATUSES,
    UNASSERTED_STATUSES,
    Actor,
    Document,
    Event,
    Evidence,
    Relation,
    RelationEvidenceEntry,
)
from warlog.resolve.actors import find_mentions, to_record

EVIDENCE_KEPT = 20  # per relation, in the aggregate record (the count covers all of it)


@dataclass(frozen=True)
class StatementCue:
    relation: str
    direction: str
    status: str
    pattern: re.Pattern[str]
    collusion: bool = False


@dataclass
class RelationEvidence:
    """One piece of evidence that ``source`` stands in ``relation`` to ``target``."""

    relation: str
    source: Actor
    target: Actor
    status: str
    doc_id: str
    text: str
    start: int
    end: int
    date: str | None = None
    event_id: str | None = None
    claimant: Actor | None = None
    basis: str = "statement"  # event | statement
    extra: dict = field(default_factory=dict)

    @property
    def relation_id(self) -> str:
        return relation_id(self.relation, self.source, self.target)

    def evidence_id(self) -> str:
        key = f"{self.relation_id}|{self.doc_id}|{self.event_id or ''}|{self.start}"
        return "rev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]

    def payload(self) -> dict:
        return {
            "relation": self.relation, "basis": self.basis, "status": self.status,
            "source": self.source.to_dict(), "target": self.target.to_dict(),
            "claimant": self.claimant.to_dict() if self.claimant else None,
            "doc_id": self.doc_id, "event_id": self.event_id, "date": self.date,
            "evidence": {"text": self.text, "start": self.start, "end": self.end}, **self.extra,
        }  # fmt: skip


def relation_id(relation: str, source: Actor, target: Actor) -> str:
    key = f"{relation}|{source.node_key()}|{target.node_key()}"
    return "rel-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def _cues() -> dict:
    data = load_yaml("relation_cues.yaml")
    statements = [
        StatementCue(
            relation=entry["relation"],
            direction=entry["direction"],
            status=entry.get("status", "asserted"),
            pattern=re.compile("|".join(f"(?:{c})" for c in entry["cues"]), re.IGNORECASE),
            collusion=bool(entry.get("collusion")),
        )
        for entry in data["statement_relations"]
    ]
    hedges = re.compile("|".join(f"(?:{h})" for h in data["hedges"]), re.IGNORECASE)
    opposed = "|".join(re.escape(w) for w in data["opposed_words"])
    return {"events": data["event_relations"], "statements": statements, "hedges": hedges,
            "never_acting": frozenset(data["never_acting_types"]),
            "opposed": re.compile(rf"\b(?:{opposed})\s+(?:the\s+)?$", re.IGNORECASE)}


_COLLUSION = StatementCue("colludes_with", "symmetric", "alleged", re.compile("$^"))


@lru_cache(maxsize=1)
def symmetric_relations() -> frozenset[str]:
    """The relation types without a direction (A with B is B with A), as relation_cues.yaml declares
    them, and the collusion an accusation alleges."""
    cues = _cues()
    declared = [*cues["events"].values(), *({"relation": c.relation, "direction": c.direction} for c in cues["statements"])]
    return frozenset({r["relation"] for r in declared if r["direction"] == "symmetric"} | {_COLLUSION.relation})


def _ordered(relation_direction: str, a: Actor, b: Actor) -> tuple[Actor, Actor]:
    """Symmetric relations get one canonical direction so both wordings land on one record."""
    if relation_direction == "symmetric" and b.node_key() < a.node_key():
        return b, a
    return a, b


def _networkable(actor: Actor, acting: bool) -> bool:
    """Only known actors make the network (an unresolved phrase such as "fighters" or "gunmen" has no
    type and says nothing about who), and civilians are acted upon, never a side that strikes
    (``never_acting_types`` in relation_cues.yaml)."""
    if actor.id is None and actor.type is None:
        return False
    return not (acting and actor.type in _cues()["never_acting"])


def event_relations(events: list[Event], factual: tuple[str, ...] = FACTUAL_STATUSES) -> list[RelationEvidence]:
    """Relations made by events that have both an acting and an acted-upon actor."""
    found = []
    for event in events:
        rule = _cues()["events"].get(event.event_type)
        if rule is None or event.actor1 is None or event.actor2 is None:
            continue
        if event.actor1.node_key() == event.actor2.node_key() or event.status in UNASSERTED_STATUSES:
            continue
        if not _networkable(event.actor1, acting=True) or not _networkable(event.actor2, acting=False):
            continue
        source, target = _ordered(rule["direction"], event.actor1, event.actor2)
        found.append(
            RelationEvidence(
                relation=rule["relation"], source=source, target=target,
                status="asserted" if event.status in factual else "alleged",
                doc_id=event.doc_id, event_id=event.id, date=event.date, claimant=event.claimant,
                text=event.evidence.text, start=event.evidence.start, end=event.evidence.end, basis="event",
                extra={"sub_event_type": event.sub_event_type},
            )
        )
    return found


def statement_relations(doc: Document) -> list[RelationEvidence]:
    """Relations stated in the document's sentences between the actors they name."""
    found: list[RelationEvidence] = []
    cues, hedges = _cues()["statements"], _cues()["hedges"]
    for sentence in split_sentences(doc.text):
        matches = [(cue, m) for cue in cues for m in cue.pattern.finditer(sentence.text)]
        if not matches:
            continue
        mentions = [
            (m.start, m.end, to_record(m.actor, m.text))
            for m in find_mentions(sentence.text, doc.published)
            if not m.actor.generic
        ]
        if len({a.node_key() for *_, a in mentions}) < 2:
            continue
        hedged = bool(hedges.search(sentence.text))

        def add(cue: StatementCue, a: Actor, b: Actor, status: str, claimant: Actor | None = None,
                sentence=sentence) -> None:
            if a.node_key() == b.node_key():
                return
            source, target = _ordered(cue.direction, a, b)
            relation = "colludes_with" if claimant is not None else cue.relation
            found.append(
                RelationEvidence(
                    relation=relation, source=source, target=target, status=status, doc_id=doc.id,
                    text=sentence.text, start=sentence.start, end=sentence.end, date=doc.published,
                    claimant=claimant,
                )
            )

        for cue, match in matches:
            status = "alleged" if hedged and not cue.collusion else cue.status
            before = [a for s, e, a in mentions if e <= match.start()]
            after = [a for s, e, a in mentions if s >= match.end()]
            if cue.direction == "symmetric":
                # "X and Y formed a joint operations room" (partners before the cue) or "X coordinates
                # with Y" (one on each side); never the actor they act against.
                partners = [a for s, e, a in mentions if e <= match.start() and not _opposed(sentence.text, s)]
                partners = list({a.node_key(): a for a in partners}.values())
                if len(partners) < 2 and partners and after and not _opposed(sentence.text, _start_of(mentions, after[0])):
                    partners.append(after[0])
                for i, a in enumerate(partners):
                    for b in partners[i + 1 :]:
                        add(cue, a, b, status)
            elif cue.collusion and before:
                # "X accused Y of colluding with Z": Y inside the cue's span, Z after it.
                accused = [a for s, e, a in mentions if s >= match.start() and e <= match.end()]
                if accused:
                    add(cue, before[-1], accused[0], status)
                    if after:
                        add(_COLLUSION, accused[0], after[0], "alleged", claimant=before[-1])
            elif before and after:
                source, target = (before[-1], after[0]) if cue.direction == "directed" else (after[0], before[-1])
                add(cue, source, target, status)
    return _unique(found)


def _opposed(text: str, start: int) -> bool:
    """Is the actor named at ``start`` the one acted against ("... against ISIS")?"""
    return bool(_cues()["opposed"].search(text[max(0, start - 20) : start]))


def _start_of(mentions: list, actor: Actor) -> int:
    return next(s for s, _, a in mentions if a is actor)


def _unique(found: list[RelationEvidence]) -> list[RelationEvidence]:
    """One piece of evidence per relation per sentence (two cues may fire on one sentence)."""
    seen: dict[str, RelationEvidence] = {}
    for item in found:
        seen.setdefault(item.evidence_id(), item)
    return list(seen.values())


def aggregate(rel_id: str, payloads: list[dict], incident_of: dict[str, str]) -> Relation:
    """One relation record from all of its evidence payloads (sorted for determinism)."""
    payloads = sorted(payloads, key=lambda p: (p.get("date") or "", p["doc_id"], p.get("event_id") or ""))
    first = payloads[0]
    dates = [p["date"] for p in payloads if p.get("date")]
    if first["basis"] == "event":
        count = len({incident_of.get(p["event_id"] or "", p["event_id"]) for p in payloads})
    else:
        count = len({p["doc_id"] for p in payloads})
    asserted = any(p["status"] == "asserted" for p in payloads)
    return Relation(
        id=rel_id,
        relation=first["relation"],
        basis=first["basis"],
        source=Actor(**first["source"]),
        target=Actor(**first["target"]),
        status="asserted" if asserted else "alleged",
        first_date=min(dates, default=None),
        last_date=max(dates, default=None),
        count=count,
        doc_ids=sorted({p["doc_id"] for p in payloads}),
        claimants=sorted({p["claimant"]["name"] for p in payloads if p.get("claimant")}),
        evidence=[
            RelationEvidenceEntry(p["doc_id"], p["event_id"], p["date"], p["status"], Evidence(**p["evidence"]))
            for p in payloads[:EVIDENCE_KEPT]
        ],
    )
