"""Persisting incidents and actor relations, incrementally, inside a document's save transaction.

Why here and inside ``Store.save``: a document must never be stored without its incident and
relation evidence (a crash between the two would leave the database inconsistent, and a re-run
would see the document as "unchanged"), so fusion runs in the same transaction. Only what the new
document touches is recomputed: its events are compared with incidents whose members fall in a
date window around them (an indexed range query on ``events.date``), and only the incidents and
relations it joined, founded or left are summarised again.

On PostgreSQL fusion takes one transaction-scoped advisory lock, so two documents saved at once
cannot both found an incident for the same happening; SQLite's writers already queue.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date as Date
from datetime import timedelta

from sqlalchemy import Connection, delete, func, insert, select, text, update

from warlog.fuse import credibility as grading
from warlog.fuse import incidents as grouping
from warlog.fuse import independence, relations
from warlog.fuse import sources as registry_mod
from warlog.models import Document, Event, Incident, IncidentMention
from warlog.store.schema import documents, events, incident_mentions, incidents, relation_evidence
from warlog.store.schema import relations as relations_table

_FUSION_LOCK = (0x57A7, 0x1C1D)
_HEAD_CHARS = 300


def affected_before_update(connection: Connection, doc_id: str) -> tuple[set[str], set[str]]:
    """Incidents and relations the document contributes to now, and drop its relation evidence
    (its events' incident mentions go with the events, by cascade)."""
    incident_ids = set(
        connection.execute(
            select(incident_mentions.c.incident_id)
            .join(events, events.c.id == incident_mentions.c.event_id)
            .where(events.c.doc_id == doc_id)
        ).scalars()
    )
    relation_ids = set(
        connection.execute(
            select(relation_evidence.c.relation_id).where(relation_evidence.c.doc_id == doc_id)
        ).scalars()
    )
    connection.execute(delete(relation_evidence).where(relation_evidence.c.doc_id == doc_id))
    return incident_ids, relation_ids


def lock_fusion(connection: Connection) -> None:
    """On PostgreSQL, take the transaction's fusion lock (re-entrant: taking it twice is fine)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:a, :b)"), {"a": _FUSION_LOCK[0], "b": _FUSION_LOCK[1]})


def fuse_document(
    connection: Connection,
    doc: Document,
    events_of_doc: list[Event],
    registry: registry_mod.SourceRegistry,
    touched: tuple[set[str], set[str]] = (set(), set()),
) -> None:
    """Assign the document's events to incidents and record its relation evidence."""
    lock_fusion(connection)
    touched_incidents, touched_relations = set(touched[0]), set(touched[1])
    for event in sorted(events_of_doc, key=lambda e: e.id):
        if not grouping.eligible(event):
            continue
        incident_id = grouping.choose_incident(event, _candidates(connection, event))
        if incident_id is None:
            incident_id = _found_incident(connection, event)
        connection.execute(insert(incident_mentions).values(incident_id=incident_id, event_id=event.id))
        touched_incidents.add(incident_id)
    for incident_id in sorted(touched_incidents):
        refresh_incident(connection, incident_id, registry)
    evidence = relations.event_relations(events_of_doc) + relations.statement_relations(doc)
    if evidence:
        connection.execute(
            insert(relation_evidence),
            [
                {"id": e.evidence_id(), "relation_id": e.relation_id, "doc_id": e.doc_id, "event_id": e.event_id,
                 "date": e.date, "payload": e.payload()}
                for e in {e.evidence_id(): e for e in evidence}.values()
            ],
        )
    for relation_id in sorted(touched_relations | {e.relation_id for e in evidence}):
        refresh_relation(connection, relation_id)


def _found_incident(connection: Connection, event: Event) -> str:
    """Create (or reuse the emptied row of) the incident this event founds; returns its id.

    The id comes from the founding event's id. After a document update the row may still exist:
    empty (reused, so the id stays stable) or, rarely, kept alive by other reports the updated event
    no longer matches (then a numbered variant of the id is used).
    """
    for attempt in range(1000):
        incident_id = grouping.incident_id_for(event.id if attempt == 0 else f"{event.id}#{attempt}")
        existing = connection.execute(select(incidents.c.id).where(incidents.c.id == incident_id)).first()
        if existing is None:
            connection.execute(
                insert(incidents).values(
                    id=incident_id, event_type=event.event_type, sub_event_type=event.sub_event_type,
                    corroboration=1, payload={},
                )
            )
            return incident_id
        has_members = connection.execute(
            select(incident_mentions.c.event_id).where(incident_mentions.c.incident_id == incident_id).limit(1)
        ).first()
        if has_members is None:
            return incident_id
    raise RuntimeError(f"no free incident id for event {event.id}")


def _shift(day: str, days: int) -> str:
    return (Date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat()


def _candidates(connection: Connection, event: Event) -> dict[str, list[Event]]:
    """Incidents with a member dated near the event, each with all of its members."""
    if not event.date:
        return {}
    try:
        window = grouping.max_date_window_days()
        low, high = _shift(event.date, -window), _shift(event.date, window)
    except ValueError:
        return {}
    nearby = (
        select(incident_mentions.c.incident_id)
        .join(events, events.c.id == incident_mentions.c.event_id)
        .where(events.c.date >= low, events.c.date <= high, events.c.doc_id != event.doc_id)
        .distinct()
    )
    members: dict[str, list[Event]] = defaultdict(list)
    rows = connection.execute(
        select(incident_mentions.c.incident_id, events.c.payload)
        .join(events, events.c.id == incident_mentions.c.event_id)
        .where(incident_mentions.c.incident_id.in_(nearby))
        .order_by(incident_mentions.c.incident_id, events.c.id)
    )
    for incident_id, payload in rows:
        members[incident_id].append(Event.from_dict(payload))
    return dict(members)


def refresh_incident(connection: Connection, incident_id: str, registry: registry_mod.SourceRegistry) -> None:
    """Recompute one incident from its members (or delete it when none is left)."""
    members = [
        Event.from_dict(payload)
        for payload in connection.execute(
            select(events.c.payload)
            .join(incident_mentions, incident_mentions.c.event_id == events.c.id)
            .where(incident_mentions.c.incident_id == incident_id)
            .order_by(events.c.doc_id, events.c.id)
        ).scalars()
    ]
    if not members:
        connection.execute(delete(incidents).where(incidents.c.id == incident_id))
        return
    incident = build_incident(incident_id, members, _document_sources(connection, members), registry)
    location, a1, a2 = incident.location, incident.actor1, incident.actor2
    connection.execute(
        update(incidents)
        .where(incidents.c.id == incident_id)
        .values(
            event_type=incident.event_type, sub_event_type=incident.sub_event_type, date=incident.date,
            country=location.country.upper() if location and location.country else None,
            credibility=incident.credibility, credibility_level=int(incident.credibility[1:]),
            corroboration=incident.corroboration, status=incident.status,
            latitude=location.latitude if location else None, longitude=location.longitude if location else None,
            actor1_key=a1.name.casefold() if a1 else None, actor2_key=a2.name.casefold() if a2 else None,
            payload=incident.to_dict(),
        )
    )


def _document_sources(connection: Connection, members: list[Event]) -> dict[str, independence.DocumentSource]:
    """The members' documents and, transitively, the originals they copy."""
    wanted = {m.doc_id for m in members}
    found: dict[str, independence.DocumentSource] = {}
    while wanted:
        rows = connection.execute(
            select(
                documents.c.id, documents.c.publisher, documents.c.url, documents.c.duplicate_of,
                func.substr(documents.c.text, 1, _HEAD_CHARS),
            ).where(documents.c.id.in_(sorted(wanted)))
        ).all()
        for doc_id, publisher, url, duplicate_of, head in rows:
            found[doc_id] = independence.DocumentSource(doc_id, publisher, url, duplicate_of, head or "")
        wanted = {r[3] for r in rows if r[3] and r[3] not in found}
    return found


def build_incident(
    incident_id: str,
    members: list[Event],
    docs: dict[str, independence.DocumentSource],
    registry: registry_mod.SourceRegistry,
) -> Incident:
    """The incident record: agreed fields, independent sources and the Admiralty grade."""
    fields = grouping.summary_fields(members)
    doc_ids = sorted({m.doc_id for m in members})
    by_source = independence.independent_sources(doc_ids, docs, registry)
    reports, described = [], []
    for name, source_docs in by_source.items():
        entry = registry.lookup(name)
        own_events = [m for m in members if m.doc_id in source_docs]
        own = registry_mod.is_own_statement(entry, [a.id for m in own_events for a in (m.actor1, m.actor2) if a])
        reliability = registry_mod.effective_reliability(entry, own)
        statuses = tuple(sorted({m.status for m in own_events}))
        reports.append(grading.SourceReport(name, entry.kind, reliability, statuses, own, len(source_docs)))
        described.append(
            {"source": name, "kind": entry.kind, "reliability": reliability, "own_statement": own,
             "doc_ids": source_docs, "statuses": list(statuses)}
        )
    grade = grading.grade(reports, fields["fatalities"])
    publishers = sorted({registry.lookup(d.publisher, d.url).name for d in docs.values()
                         if d.doc_id in doc_ids and (d.publisher or d.url)})  # fmt: skip
    return Incident(
        id=incident_id,
        **fields,
        doc_ids=doc_ids,
        sources=publishers,
        mentions=[IncidentMention(m.doc_id, m.id) for m in sorted(members, key=lambda m: (m.doc_id, m.id))],
        corroboration=len(by_source),
        independent_sources=described,
        credibility=grade.code,
        reasoning=grade.reasoning,
    )


def refresh_relation(connection: Connection, relation_id: str) -> None:
    """Recount one relation from its evidence (or delete it when none is left)."""
    rows = connection.execute(
        select(relation_evidence.c.payload).where(relation_evidence.c.relation_id == relation_id)
    ).scalars().all()
    connection.execute(delete(relations_table).where(relations_table.c.id == relation_id))
    if not rows:
        return
    event_ids = sorted({p["event_id"] for p in rows if p.get("event_id")})
    incident_of = dict(
        connection.execute(
            select(incident_mentions.c.event_id, incident_mentions.c.incident_id).where(
                incident_mentions.c.event_id.in_(event_ids)
            )
        ).all()
    ) if event_ids else {}  # fmt: skip
    record = relations.aggregate(relation_id, list(rows), incident_of)
    connection.execute(
        insert(relations_table).values(
            id=relation_id, source_actor=record.source.name, target_actor=record.target.name,
            relation=record.relation, status=record.status, first_date=record.first_date,
            last_date=record.last_date, count=record.count, payload=record.to_dict(),
        )
    )
