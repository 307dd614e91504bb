"""Load test of `warlog serve` on loopback: N concurrent clients for a bounded time.

Starts the real server (uvicorn, one process, as `warlog serve` runs it) in a subprocess over a
store, then runs --clients concurrent HTTP clients (httpx.AsyncClient, one connection each) for
--duration seconds over a mix of requests taken from what the store holds: filtered
/api/events (40%), /api/events/{id} (15%), /api/documents/{id} (15%), /api/actors (10%), the page
/ (10%) and static files (10%). Prints requests/s, p50/p95/p99 latency per kind and overall, and
every non-200 status and transport error. Run:

    .venv/bin/python bench/bench_load.py [--clients 50] [--duration 20] [--db URL]
                                         [--synthetic 100000] [--ingest 5] [--without actors]

Without --db the store is a fresh SQLite file of examples/reports; --synthetic N adds bench_query's
N synthetic events to it (or to an empty --db). --ingest K runs `warlog ingest` of K renamed copies
of examples/reports while the clients run, to measure queries against a writer. The client runs
in this process, on the same machine as the server: the figures include its own CPU use.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

from bench_query import build_store, percentile

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from serve_process import get_json, warlog_serve

REPOSITORY = Path(__file__).resolve().parents[1]
EXAMPLES = REPOSITORY / "examples" / "reports"
STATIC = ["/static/app.css", "/static/js/main.js", "/static/js/map.js", "/static/favicon.svg"]
SEED = 20240611


def ingest(paths: list[Path], db: str, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "warlog", "ingest", "-q", *map(str, paths), "--db", db]
    return subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT)


def renamed_copies(target: Path, copies: int) -> Path:
    """``copies`` copies of the example reports under new ids, each with a distinguishing line."""
    target.mkdir(parents=True, exist_ok=True)
    for copy in range(copies):
        for source in sorted(EXAMPLES.iterdir()):
            if source.suffix == ".jsonl":
                lines = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
                renamed = [{**r, "id": f"{r['id']}-load{copy}", "text": f"{r['text']}\nCopy {copy}."} for r in lines]
                (target / f"{source.stem}-load{copy}.jsonl").write_text(
                    "".join(json.dumps(r) + "\n" for r in renamed), encoding="utf-8"
                )
            else:
                text = source.read_text(encoding="utf-8") + f"\nCopy {copy}.\n"
                (target / f"{source.stem}-load{copy}{source.suffix}").write_text(text, encoding="utf-8")
    return target


class RequestMix:
    """Requests drawn from the store's own ids and values, so filters match something."""

    def __init__(self, base: str, rng: random.Random, without: frozenset[str] = frozenset()) -> None:
        self.rng = rng
        self.without = without
        events = get_json(base, "/api/events?limit=1000")["items"]
        self.event_ids = [e["id"] for e in events]
        self.doc_ids = sorted({e["doc_id"] for e in events})
        self.types = sorted({e["event_type"] for e in events})
        self.countries = sorted({e["location"]["country"] for e in events if (e.get("location") or {}).get("country")})
        self.points = [(e["location"]["latitude"], e["location"]["longitude"]) for e in events
                       if (e.get("location") or {}).get("latitude") is not None]  # fmt: skip
        self.actors = sorted({e["actor1"]["name"] for e in events if e.get("actor1")})
        self.years = sorted({e["date"][:4] for e in events if e.get("date")})

    def _filters(self) -> dict:
        rng, choice = self.rng, self.rng.choice
        options = [
            dict,
            lambda: {"type": choice(self.types)},
            lambda: {"country": choice(self.countries)} if self.countries else {},
            lambda: {"actor": choice(self.actors)[:8].lower()} if self.actors else {},
            lambda: {"since": choice(self.years)} if self.years else {},
            lambda: {"near": "{:.3f},{:.3f}".format(*choice(self.points)), "radius_km": 50} if self.points else {},
            lambda: {"status": choice(["asserted", "reported", "claimed"]), "limit": 20},
            lambda: {"type": choice(self.types), "offset": rng.randrange(0, 50), "limit": 25},
        ]
        return choice(options)()

    def next(self) -> tuple[str, str, dict]:
        """(kind, path, params) of the next request, never of a kind left out with --without."""
        while (request := self._draw())[0] in self.without:
            pass
        return request

    def _draw(self) -> tuple[str, str, dict]:
        roll = self.rng.random()
        if roll < 0.40:
            return "events filtered", "/api/events", self._filters()
        if roll < 0.55:
            return "event by id", f"/api/events/{quote(self.rng.choice(self.event_ids), safe='')}", {}
        if roll < 0.70:
            return "document by id", f"/api/documents/{quote(self.rng.choice(self.doc_ids), safe='')}", {}
        if roll < 0.80:
            return "actors", "/api/actors", {"limit": 50}
        if roll < 0.90:
            return "page /", "/", {}
        return "static", self.rng.choice(STATIC), {}


async def run_clients(base: str, mix: RequestMix, clients: int, duration: float) -> tuple[dict, Counter, Counter]:
    import httpx

    timings: dict[str, list[float]] = defaultdict(list)
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    deadline = time.perf_counter() + duration

    async def client() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=30, limits=httpx.Limits(max_connections=1)) as http:
            while time.perf_counter() < deadline:
                kind, path, params = mix.next()
                started = time.perf_counter()
                try:
                    response = await http.get(path, params=params)
                    await response.aread()
                except httpx.HTTPError as error:
                    errors[f"{kind}: {type(error).__name__}"] += 1
                    continue
                timings[kind].append((time.perf_counter() - started) * 1000)
                statuses[f"{response.status_code} {kind}" if response.status_code != 200 else "200"] += 1

    await asyncio.gather(*(client() for _ in range(clients)))
    return timings, statuses, errors


def report(timings: dict[str, list[float]], statuses: Counter, errors: Counter, seconds: float) -> None:
    everything = [t for values in timings.values() for t in values]
    print(f"{len(everything):,} requests in {seconds:.1f} s: {len(everything) / seconds:,.0f} requests/s")
    print(f"{'kind':<16}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind, values in sorted(timings.items()) + [("overall", everything)]:
        print(f"{kind:<16}{len(values):>7}{statistics.median(values):>9.1f}"
              f"{percentile(values, 95):>9.1f}{percentile(values, 99):>9.1f}")  # fmt: skip
    print("statuses:", dict(statuses.most_common()))
    print("transport errors:", dict(errors.most_common()) or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    parser.add_argument("--db", help="an existing store (path or URL); default: a fresh SQLite of examples/reports")
    parser.add_argument("--synthetic", type=int, default=0, help="add bench_query's N synthetic events first")
    parser.add_argument("--ingest", type=int, default=0, metavar="K",
                        help="ingest K renamed copies of examples/reports while the clients run")  # fmt: skip
    parser.add_argument("--without", action="append", default=[], metavar="KIND",
                        help="leave a kind of request out of the mix (e.g. actors)")  # fmt: skip
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="warlog-load-"))
    try:
        db = args.db or str(directory / "load.db")
        if not args.db and ingest([EXAMPLES], db, directory / "seed.log").wait() != 0:
            sys.exit((directory / "seed.log").read_text())
        if args.synthetic:
            print(f"added {args.synthetic:,} synthetic events in {build_store(db, args.synthetic):.1f} s")
        server_log = directory / "serve.log"
        with warlog_serve(db, server_log) as base:
            counts = get_json(base, "/api/health")
            print(f"store: {counts['documents']:,} documents, {counts['events']:,} events ({db.split('@')[-1]})")
            mix = RequestMix(base, random.Random(SEED), frozenset(args.without))
            writer = None
            if args.ingest:
                writer = ingest([renamed_copies(directory / "copies", args.ingest)], db, directory / "ingest.log")
            print(f"{args.clients} clients for {args.duration:.0f} s" + (f", ingesting {args.ingest} copies" if writer else ""))
            started = time.perf_counter()
            timings, statuses, errors = asyncio.run(run_clients(base, mix, args.clients, args.duration))
            report(timings, statuses, errors, time.perf_counter() - started)
            if writer:
                finished = writer.poll() is not None
                writer.wait()
                print(f"ingest {'finished during' if finished else 'still running after'} the load: "
                      f"{(directory / 'ingest.log').read_text().strip().splitlines()[-1]}")  # fmt: skip
            print(f"after: {get_json(base, '/api/health')}")
            locked = "database is locked" in server_log.read_text().lower()
            print(f"'database is locked' in the server log: {'YES' if locked else 'no'}")
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
