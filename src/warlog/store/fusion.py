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

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, text, update

from warlog.fuse import clustering, independence, matching, relations
from warlog.fuse import credibility as grading
from warlog.fuse import incidents as grouping
from warlog.fuse import sources as registry_mod
from warlog.fuse.copies import counterparts
from warlog.models import Document, Event, Incident, IncidentMention
from warlog.store.queries import bounding_box
from warlog.store.schema import documents, events, incident_mentions, incidents, relation_evidence
from warlog.store.schema import relations as relations_table

_FUSION_LOCK = (0x57A7, 0x1C1D)
_HEAD_CHARS = 300
_NEIGHBOURHOOD_LIMIT = 250


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
    """Group the document's events into incidents and record its relation evidence.

    The document's foreground events (``matching.foreground``) and the incidents it belonged to
    before an update seed a neighbourhood: every stored foreground event linked to one of them
    strongly enough to be grouped with it, transitively. That neighbourhood is grouped afresh
    (``clustering.group``), so the incidents are those of grouping all reports at once, in any
    ingest order. Background events each stand alone. A copy of a stored document is never part of a
    neighbourhood: each of its events that repeats one of the original's joins that event's incident
    (fuse/copies.py), so a hundred syndicated copies cost one report's grouping.
    """
    lock_fusion(connection)
    touched_incidents, touched_relations = set(touched[0]), set(touched[1])
    link = matching.remembered_links()  # the neighbourhood's links are scored again by the grouping
    joining = matching.foreground(events_of_doc)
    joining_ids = {e.id for e in joining}
    # A copy's events that repeat its original's ride on them: the original's events seed instead.
    root = _root_of(connection, doc)
    riding = _rider_map(connection, {doc.id: root} if root else {}, link)
    seeds = [e for e in joining if e.id not in riding] + [riding[e.id][1] for e in joining if e.id in riding]
    earlier = _members_of(connection, touched_incidents)
    copied = _copies_among(connection, {m.doc_id for m in earlier})
    seeds += [m for m in earlier if m.doc_id not in copied]
    groups = clustering.group(list(_neighbourhood(connection, seeds, link).values()), link)
    groups = _with_riders(connection, groups, link)
    groups += [[e] for e in events_of_doc if grouping.eligible(e) and e.id not in joining_ids]
    regrouped = sorted({e.id for g in groups for e in g})
    touched_incidents |= set(
        connection.execute(
            select(incident_mentions.c.incident_id).where(incident_mentions.c.event_id.in_(regrouped))
        ).scalars()
    )
    connection.execute(delete(incident_mentions).where(incident_mentions.c.event_id.in_(regrouped)))
    for members in groups:
        incident_id = _incident_row(connection, members[0])
        connection.execute(
            insert(incident_mentions), [{"incident_id": incident_id, "event_id": e.id} for e in members]
        )
        touched_incidents.add(incident_id)
    for incident_id in sorted(touched_incidents):
        refresh_incident(connection, incident_id, registry, link)
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


def _root_of(connection: Connection, doc: Document) -> str | None:
    """The stored original ``doc`` copies, at the end of its chain of ``duplicate_of`` (none when it
    copies nothing, or a document that is not stored)."""
    seen, current = {doc.id}, doc.duplicate_of
    while current and current not in seen:
        seen.add(current)
        row = connection.execute(select(documents.c.duplicate_of).where(documents.c.id == current)).first()
        if row is None:
            return None
        if row[0] is None:
            return current
        current = row[0]
    return None


def _copies_of(connection: Connection, original_ids: set[str]) -> dict[str, str]:
    """Every stored copy of these documents, transitively (copies of copies), -> the original."""
    found: dict[str, str] = {}
    frontier = {doc_id: doc_id for doc_id in original_ids}
    while frontier:
        rows = connection.execute(
            select(documents.c.id, documents.c.duplicate_of).where(documents.c.duplicate_of.in_(sorted(frontier)))
        ).all()
        frontier = {doc_id: frontier[parent] for doc_id, parent in rows if doc_id not in found and doc_id not in original_ids}
        found.update(frontier)
    return found


def _copies_among(connection: Connection, doc_ids: set[str]) -> set[str]:
    """Those of ``doc_ids`` that copy a stored document (their events ride on the original's)."""
    if not doc_ids:
        return set()
    return set(connection.execute(
        select(documents.c.id).where(documents.c.id.in_(sorted(doc_ids)), documents.c.duplicate_of.in_(_stored_ids()))
    ).scalars())  # fmt: skip


def _stored_ids():
    return select(documents.alias("original").c.id)


def _rider_map(connection: Connection, copies: dict[str, str],
               link: clustering.LinkFunction) -> dict[str, tuple[Event, Event]]:
    """Each copy's foreground event id -> (that event, the original's foreground event it repeats)."""
    if not copies:
        return {}
    foreground = _foreground_of(connection, set(copies) | set(copies.values()))
    riding: dict[str, tuple[Event, Event]] = {}
    for copy_id, original_id in sorted(copies.items()):
        own = foreground[copy_id]
        for copied_id, original in counterparts(list(own.values()), list(foreground[original_id].values()), link).items():
            riding[copied_id] = (own[copied_id], original)
    return riding


def _with_riders(connection: Connection, groups: list[list[Event]], link: clustering.LinkFunction) -> list[list[Event]]:
    """The groups with the copies' events that repeat their members added (each group by event id)."""
    riding = _rider_map(connection, _copies_of(connection, {e.doc_id for g in groups for e in g}), link)
    if not riding:
        return groups
    riders: dict[str, list[Event]] = defaultdict(list)
    for _, (copied, original) in sorted(riding.items()):
        riders[original.id].append(copied)
    return [sorted(g + [r for e in g for r in riders.get(e.id, [])], key=lambda e: e.id) for g in groups]


def _incident_row(connection: Connection, first: Event) -> str:
    """The id of the incident whose first member (by event id) is ``first``, its row created if new.

    Named after that member, so the same reports give the same incident id in any ingest order;
    an incident that gains a member with a lower id is renamed (its old row empties and goes).
    """
    incident_id = grouping.incident_id_for(first.id)
    if connection.execute(select(incidents.c.id).where(incidents.c.id == incident_id)).first() is None:
        connection.execute(
            insert(incidents).values(
                id=incident_id, event_type=first.event_type, sub_event_type=first.sub_event_type,
                corroboration=1, payload={},
            )
        )
    return incident_id


def _members_of(connection: Connection, incident_ids: set[str]) -> list[Event]:
    """The events in these incidents, by document and id (after an update: those still left)."""
    if not incident_ids:
        return []
    return [
        Event.from_dict(payload)
        for payload in connection.execute(
            select(events.c.payload)
            .join(incident_mentions, incident_mentions.c.event_id == events.c.id)
            .where(incident_mentions.c.incident_id.in_(sorted(incident_ids)))
            .order_by(events.c.doc_id, events.c.id)
        ).scalars()
    ]


def _neighbourhood(
    connection: Connection, seeds: list[Event], link: clustering.LinkFunction
) -> dict[str, Event]:
    """The seeds and every stored foreground event linked to them at the threshold, transitively.

    Grown a round at a time (one query for what the whole frontier may link to). Stops growing at
    ``_NEIGHBOURHOOD_LIMIT`` events (a store of one town's undated reports over years); the
    incidents are then those of the part reached first, by event id.
    """
    found = {e.id: e for e in seeds}
    frontier = sorted(found.values(), key=lambda e: e.id)
    foreground: dict[str, dict[str, Event]] = {}
    threshold = matching.threshold()
    while frontier and len(found) < _NEIGHBOURHOOD_LIMIT:
        rows = [(i, d) for i, d in _linkable(connection, frontier) if i not in found]
        foreground.update(_foreground_of(connection, {d for _, d in rows} - set(foreground)))
        reached = []
        for candidate in sorted((foreground[d][i] for i, d in rows if i in foreground[d]), key=lambda e: e.id):
            if len(found) >= _NEIGHBOURHOOD_LIMIT:
                break
            if any((found_link := link(event, candidate)) is not None and found_link.score >= threshold
                   for event in frontier):  # fmt: skip
                found[candidate.id] = candidate
                reached.append(candidate)
        frontier = reached
    return found


def _foreground_of(connection: Connection, doc_ids: set[str]) -> dict[str, dict[str, Event]]:
    """The foreground events of these documents by id (telling them needs all of each one's events)."""
    if not doc_ids:
        return {}
    by_doc: dict[str, list[Event]] = defaultdict(list)
    for payload in connection.execute(select(events.c.payload).where(events.c.doc_id.in_(sorted(doc_ids)))).scalars():
        event = Event.from_dict(payload)
        by_doc[event.doc_id].append(event)
    return {doc_id: {e.id: e for e in matching.foreground(by_doc.get(doc_id, []))} for doc_id in doc_ids}


def _shift(day: str, days: int) -> str:
    return (Date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat()


def _linkable(connection: Connection, frontier: list[Event]) -> list[tuple[str, str]]:
    """Ids and documents of the stored events that ``matching.link`` could tie to one of ``frontier``.

    For each: dated events within the widest date tolerance when it is dated; undated ones within
    the farthest linkable distance when it is placed (any date when it is not dated itself). Other
    pairs are ruled out by ``matching.link`` anyway, so nothing linkable is missed.
    """
    found: dict[str, str] = {}
    # Copies of stored documents are never reached on their own: their events ride on the original's.
    copied = select(documents.c.id).where(documents.c.duplicate_of.in_(_stored_ids()))
    for start in range(0, len(frontier), 50):
        reach = [condition for event in frontier[start : start + 50] if (condition := _reach(event)) is not None]
        if not reach:
            continue
        query = select(events.c.id, events.c.doc_id).where(
            or_(*reach), events.c.status.not_in(sorted(grouping.excluded_statuses())), events.c.doc_id.not_in(copied)
        )
        found.update((row[0], row[1]) for row in connection.execute(query))
    return sorted(found.items())


def _reach(event: Event):
    """The SQL condition for the stored events one event may link to (None: none)."""
    location = event.location
    placed = location is not None and location.latitude is not None and location.longitude is not None
    reach: list = []
    if event.date:
        try:
            window = grouping.max_date_window_days()
            reach.append(and_(events.c.date >= _shift(event.date, -window), events.c.date <= _shift(event.date, window)))
        except ValueError:
            pass
    if placed:
        box = bounding_box(location.latitude, location.longitude, matching.far_place_km(3))
        reach.append(box if not event.date else and_(events.c.date.is_(None), box))
    if not reach:
        return None
    condition = and_(or_(*reach), events.c.doc_id != event.doc_id)
    if location is not None and location.country:
        condition = and_(condition, or_(events.c.country.is_(None), events.c.country == location.country.upper()))
    return condition


def refresh_incident(
    connection: Connection,
    incident_id: str,
    registry: registry_mod.SourceRegistry,
    link: matching.LinkFunction = matching.link,
) -> None:
    """Recompute one incident from its members (or delete it when none is left); ``link`` scores
    its members' pairs (a fusion step passes the links it has already scored)."""
    members = _members_of(connection, {incident_id})
    if not members:
        connection.execute(delete(incidents).where(incidents.c.id == incident_id))
        return
    incident = build_incident(incident_id, members, _document_sources(connection, members), registry, link)
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
    link: matching.LinkFunction = matching.link,
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
        links=matching.membership_reasons(members, link),
        disagreements=grouping.disagreements(members),
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
