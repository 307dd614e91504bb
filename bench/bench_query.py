"""Query benchmark: latency of filtered API requests over a store of 100,000 events.

Builds a store of synthetic but varied events (dates over ten years, all 25 ACLED sub-event types,
~200 actors, places across Syria, Iraq and the world, a few statuses) by bulk-inserting the
store's own row shapes, then sends a mix of filtered requests through the real ASGI application
(FastAPI's TestClient: routing, validation, store, JSON) and prints p50/p95/p99 in milliseconds per
filter kind and overall; /api/actors (unfiltered and filtered) and /api/documents pages are in the
mix too. Run:

    .venv/bin/python bench/bench_query.py [--events 100000] [--requests 420] [--db URL]

Without --db the store is a fresh SQLite file in a temporary directory; a PostgreSQL URL must name
an empty database.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from pathlib import Path

SEED = 20240601
PLACES = [  # name, country, admin1, latitude, longitude
    ("Raqqa", "SY", "Raqqa", 35.95, 39.01), ("Deir ez-Zor", "SY", "Deir-ez-Zor", 35.33, 40.14),
    ("Idlib", "SY", "Idleb", 35.93, 36.63), ("Aleppo", "SY", "Aleppo", 36.20, 37.16),
    ("Qamishli", "SY", "Al-Hasakeh", 37.05, 41.23), ("Daraa", "SY", "Dar'a", 32.62, 36.10),
    ("Mosul", "IQ", "Ninewa", 36.34, 43.13), ("Kirkuk", "IQ", "Kirkuk", 35.47, 44.39),
    ("Baghdad", "IQ", "Baghdad", 33.34, 44.40), ("Basra", "IQ", "Basrah", 30.51, 47.78),
    ("Sanaa", "YE", "Sanaa", 15.35, 44.21), ("Marib", "YE", "Marib", 15.46, 45.33),
    ("Kharkiv", "UA", "Kharkiv", 49.99, 36.23), ("Gao", "ML", "Gao", 16.27, -0.04),
    ("El Fasher", "SD", "North Darfur", 13.63, 25.35), ("Mogadishu", "SO", "Banadir", 2.04, 45.34),
    ("Kabul", "AF", "Kabul", 34.53, 69.17), ("Goma", "CD", "North Kivu", -1.68, 29.22),
]  # fmt: skip
STATUSES = ["asserted"] * 6 + ["reported", "claimed", "alleged", "denied"]
ACTOR_TYPES = ["state forces", "rebel group", "political militia", "identity militia", "rioters", "protesters",
               "civilians", "external"]  # fmt: skip


def synthetic_events(n: int, rng: random.Random) -> list[dict]:
    from warlog.knowledge import load_yaml

    kinds = load_yaml("acled_types.yaml")["sub_event_types"]
    actors = [{"name": f"Armed Group {i:03d}", "id": f"group-{i:03d}", "type": ACTOR_TYPES[i % 8],
               "mention": f"group {i}"} for i in range(200)]  # fmt: skip
    events = []
    for i in range(n):
        sub_type = rng.choice(list(kinds))
        name, country, admin1, lat, lon = rng.choice(PLACES)
        day = f"{2015 + rng.randrange(10)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        doc_id = f"doc-{i // 10:06d}"
        sentence = f"Fighters of {actors[i % 200]['name']} were reported near {name} after a {sub_type.lower()}."
        events.append({
            "id": f"ev-{i:08d}", "doc_id": doc_id, "event_type": kinds[sub_type]["event_type"],
            "sub_event_type": sub_type, "plover": {"event": kinds[sub_type]["plover"], "mode": None},
            "evidence": {"text": sentence, "start": 0, "end": len(sentence)},
            "date": day if rng.random() > 0.03 else None, "time_precision": 1,
            "actor1": rng.choice(actors), "actor2": rng.choice(actors) if rng.random() < 0.6 else None,
            "assoc_actors": [], "fatalities": rng.choice([None, 0, 1, 2, 5, 12]), "injured": None,
            "arrested": None, "weapons": [], "status": rng.choice(STATUSES), "claimant": None,
            "confidence": round(rng.random(), 3),
            "location": {"name": name, "country": country, "admin1": admin1, "admin2": None,
                         "latitude": lat + rng.uniform(-0.3, 0.3), "longitude": lon + rng.uniform(-0.3, 0.3),
                         "geo_precision": 1, "geonameid": None, "mention": name},
        })  # fmt: skip
    return events


def build_store(db: str, n: int) -> float:
    """Fill ``db`` with n events (10 per document) in bulk through the store's own row functions."""
    from sqlalchemy import insert

    from warlog.models import Document, Event
    from warlog.store import Store
    from warlog.store.repository import _document_row, _event_row, record_actor_keys
    from warlog.store.schema import documents, events

    started = time.perf_counter()
    records = [Event.from_dict(d) for d in synthetic_events(n, random.Random(SEED))]
    doc_ids = sorted({e.doc_id for e in records})
    with Store(db) as store, store.engine.begin() as connection:
        docs = [_document_row(Document(id=d, text=f"Report {d}.", content_hash=d), d) for d in doc_ids]
        for start in range(0, len(docs), 5000):
            connection.execute(insert(documents), docs[start : start + 5000])
        for start in range(0, len(records), 5000):
            rows = [_event_row(e) for e in records[start : start + 5000]]
            connection.execute(insert(events), rows)
            record_actor_keys(connection, rows)
    if db.startswith("postgres"):
        # What autovacuum does some time after a bulk load: statistics and the visibility map
        # (without which PostgreSQL cannot answer from an index alone).
        with Store(db) as store, store.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    return time.perf_counter() - started


def request_mix(rng: random.Random, total: int) -> list[tuple[str, str, dict]]:
    """(kind, path, params) requests, an equal share per kind: events by filter, one event, actor
    summaries (unfiltered and with one of the event filters) and pages of the document listing."""
    from warlog.knowledge import load_yaml

    sub_types = list(load_yaml("acled_types.yaml")["sub_event_types"])
    types = sorted({v["event_type"] for v in load_yaml("acled_types.yaml")["sub_event_types"].values()})

    def date() -> str:
        return f"{2015 + rng.randrange(10)}-{rng.randrange(1, 13):02d}"

    makers = {
        "unfiltered": dict,
        "page deep": lambda: {"offset": rng.randrange(0, 50_000)},
        "date range": lambda: {"since": date(), "until": f"{2015 + rng.randrange(5, 10)}"},
        "type": lambda: {"type": rng.choice(types)},
        "sub_type": lambda: {"sub_type": rng.choice(sub_types)},
        "country": lambda: {"country": rng.choice(PLACES)[1]},
        "actor": lambda: {"actor": f"group {rng.randrange(200):03d}"},
        "near": lambda: {"near": "{},{}".format(*rng.choice(PLACES)[3:]), "radius_km": rng.choice([10, 25, 50])},
        "status": lambda: {"status": rng.choice(["claimed", "alleged", "denied"])},
        "combined": lambda: {"country": "SY", "type": rng.choice(types), "since": date()},
    }
    per_kind = max(1, total // (len(makers) + 4))
    mix = [(kind, "/api/events", make()) for kind, make in makers.items() for _ in range(per_kind)]
    mix += [("event by id", f"/api/events/ev-{rng.randrange(100_000):08d}", {}) for _ in range(per_kind)]
    # Actor summaries group every matching event: one unfiltered and one filtered kind.
    mix += [("actors", "/api/actors", {"limit": 50}) for _ in range(per_kind)]
    filters = [make for kind, make in makers.items() if kind not in ("unfiltered", "page deep")]
    mix += [("actors filtered", "/api/actors", {"limit": 50, **rng.choice(filters)()}) for _ in range(per_kind)]
    mix += [("documents", "/api/documents", {"offset": rng.randrange(0, 10_000), "limit": 50})
            for _ in range(per_kind)]  # fmt: skip
    rng.shuffle(mix)
    return mix


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=420)
    parser.add_argument("--db", help="SQLite path or PostgreSQL URL of an empty database (default: temporary)")
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from warlog.settings import Settings
    from warlog.web.api import create_app

    with tempfile.TemporaryDirectory() as directory:
        db = args.db or str(Path(directory) / "bench.db")
        seconds = build_store(db, args.events)
        print(f"built a store of {args.events:,} events in {seconds:.1f} s ({db.split('@')[-1]})")
        timings: dict[str, list[float]] = defaultdict(list)
        with TestClient(create_app(db, Settings(db_url=db))) as client:
            for _kind, path, params in request_mix(random.Random(SEED), 30)[:10]:
                client.get(path, params=params)  # warm the caches and the code paths
            for kind, path, params in request_mix(random.Random(SEED + 1), args.requests):
                started = time.perf_counter()
                response = client.get(path, params=params)
                timings[kind].append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    sys.exit(f"{path} {params} -> {response.status_code} {response.text[:200]}")
        everything = [t for values in timings.values() for t in values]
        print(f"{'filter':<16}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        for kind, values in sorted(timings.items()) + [("overall", everything)]:
            print(f"{kind:<16}{len(values):>5}{statistics.median(values):>9.1f}"
                  f"{percentile(values, 95):>9.1f}{percentile(values, 99):>9.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
