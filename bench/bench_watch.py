"""Watcher throughput on loopback: one feed of N generated articles, polled twice into a fresh SQLite store.

    PYTHONPATH=src python bench/bench_watch.py [N]

Prints the first poll (fetch + clean + extract + store every article) and the second poll (a 304 on
the feed: nothing fetched), in seconds and articles per second. Politeness delay is 0 here, so the
figure is warlog's own cost; a real run adds ``host_delay_s`` (1 s) per article on one host.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from loopback_site import FIXTURES, Site, serve

from warlog.extract.events import Extractor
from warlog.settings import Settings
from warlog.store import Store
from warlog.watch.feeds import FeedTarget
from warlog.watch.fetch import FetchPolicy
from warlog.watch.poll import Poller

TOWNS = ["Raqqa", "Idlib", "Deir ez-Zor", "Hasakah", "Manbij", "Kobani", "Tabqa", "Qamishli"]


def build_site(site: Site, n: int) -> None:
    template = (FIXTURES / "drone_strike_raqqa.html").read_text(encoding="utf-8")
    items = []
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        page = template.replace("Raqqa", town).replace("three men", f"{i % 5 + 2} men")
        page = page.replace("Tuesday morning", f"Tuesday morning (report {i})")
        site.extra[f"/bench/{i}.html"] = (page.encode(), "text/html; charset=utf-8")
        items.append(f"<item><title>Strike near {town} ({i})</title><link>{site.base}/bench/{i}.html</link>"
                     f"<pubDate>Tue, 14 May 2024 08:30:00 GMT</pubDate></item>")  # fmt: skip
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench Wire</title>{"".join(items)}</channel></rss>'
    site.extra["/bench.rss"] = (feed.encode(), "application/rss+xml")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    extractor = Extractor()
    extractor.extract_many([])  # load models before timing
    with serve() as site, tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "bench.db")) as store:
        build_site(site, n)
        poller = Poller(store, Settings(), extractor, FetchPolicy(host_delay_s=0.0))
        target = FeedTarget(f"{site.base}/bench.rss")
        for label in ("first poll", "second poll"):
            start = time.perf_counter()
            report = poller.poll([target])
            elapsed = time.perf_counter() - start
            rate = report.fetched / elapsed if report.fetched else 0.0
            print(f"{label}: {elapsed:.2f} s, {report.fetched} fetched, {report.ingest.added} added "
                  f"({rate:.1f} articles/s); {report.summary()}")  # fmt: skip


if __name__ == "__main__":
    main()
