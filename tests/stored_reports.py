"""Hand-built documents and events for the store and fusion tests of several folders (tests/fuse,
tests/store, tests/ingest): a report with one event at a known place, and a clash between two actors.
Built directly as records, not extracted, so a test of storage or fusion does not depend on extraction.
"""

from __future__ import annotations

from warlog.models import Actor, Document, Event, Evidence, Location, Plover
from warlog.store import Store
from warlog.store.integrity import default_text_hash

HTS = Actor(name="HTS: Hayat Tahrir al Sham", id="hts", type="rebel group")
SDF = Actor(name="SDF: Syrian Democratic Forces", id="sdf", type="rebel group")
ISIS = Actor(name="IS: Islamic State", id="isis", type="rebel group")
SARAQIB = Location(name="Saraqib", country="SY", latitude=35.8645, longitude=36.8059, geo_precision=2)
ARIHA = Location(name="Ariha", country="SY", latitude=35.8136, longitude=36.6094, geo_precision=2)  # ~19 km away
HAJIN = Location(name="Hajin", country="SY", latitude=34.6953, longitude=40.8369, geo_precision=1)


def report(doc_id: str, publisher: str | None, body: str, *, date: str = "2023-03-14", killed: int | None = 3,
           place: Location = SARAQIB, actor2: Actor | None = HTS, sub_type: str = "Air/drone strike",
           status: str = "asserted", duplicate_of: str | None = None, actor1: Actor | None = None):  # fmt: skip
    doc = Document(id=doc_id, text=body, publisher=publisher, published=date,
                   content_hash=default_text_hash()(body), duplicate_of=duplicate_of)  # fmt: skip
    event = Event(
        id=f"ev-{doc_id}", doc_id=doc_id, event_type="Explosions/Remote violence" if "strike" in sub_type else "Battles",
        sub_event_type=sub_type, plover=Plover(event="FIGHT"), evidence=Evidence(body, 0, len(body)), date=date,
        time_precision=1, actor1=actor1, actor2=actor2, location=place, fatalities=killed, status=status,
    )  # fmt: skip
    return doc, [event]



def save_doc(store: Store, doc_id: str, text: str, events: list[Event] | None = None) -> None:
    doc = Document(id=doc_id, text=text, published="2024-01-02", content_hash=default_text_hash()(text))
    store.save(doc, events or [])


def clash(doc_id: str, text: str) -> Event:
    return Event(
        id=f"ev-{doc_id}", doc_id=doc_id, event_type="Battles", sub_event_type="Armed clash",
        plover=Plover(event="FIGHT"), evidence=Evidence(text, 0, len(text)), date="2024-01-02", time_precision=1,
        actor1=Actor(name="IS: Islamic State", id="isis"), actor2=Actor(name="SDF: Syrian Democratic Forces", id="sdf"),
    )  # fmt: skip
