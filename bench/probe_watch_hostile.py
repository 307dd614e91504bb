"""The watcher against hostile servers on loopback, as a user runs it: timings for docs/watch.md.

    PYTHONPATH=src python bench/probe_watch_hostile.py [--fetch-deadline 30s]

Three probes, each a real ``warlog watch`` process and a real loopback server (tests/loopback_site.py):

1. ``--once`` on a feed whose first entry drips one byte per second (headers, then body) and whose
   second entry is a normal article: how long the slow entry holds the poll, and that the good one
   is stored (expected: the deadline, then the good entry; exit 1 naming the slow one).
2. SIGTERM, then SIGINT, while that slow read is in progress (expected: exit 0 within 2 s, with
   the ``watch stopped by ...`` summary line).
3. A feed whose links point at a second loopback server standing in for "internal" (another port,
   ``localhost``, ``2130706433``, ``0x7f000001``, ``user@host``, a redirect): requests that reach it
   (expected: 0).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from loopback_site import Site, rss_of, serve

GOOD, SLOW = "/news/drone-strike-raqqa.html", "/news/slow.html"


def watch(*args: str) -> list[str]:
    return [sys.executable, "-m", "warlog", "watch", *args]


def slow_feed(part: str, deadline: list[str], folder: str) -> None:
    site = Site()
    site.slow[SLOW] = part
    with serve(site) as running:
        running.extra["/mixed.rss"] = rss_of("Mixed", [running.base + SLOW, running.base + GOOD])
        started = time.monotonic()
        done = subprocess.run(watch(running.base + "/mixed.rss", "--once", "--db", f"{folder}/{part}.db", *deadline),
                              check=False, capture_output=True, text=True, timeout=600)  # fmt: skip
        gap = running.requests_of(GOOD)[0].at - running.requests_of(SLOW)[0].at
    print(f"1. slow {part}: exit {done.returncode}, the good entry asked {gap:.1f} s after the slow one, "
          f"process {time.monotonic() - started:.1f} s; {done.stderr.splitlines()[-1]}")  # fmt: skip


def stop_during_slow_read(sig: signal.Signals, folder: str) -> None:
    site = Site()
    site.slow[SLOW] = "headers"
    with serve(site) as running:
        running.extra["/mixed.rss"] = rss_of("Mixed", [running.base + GOOD, running.base + SLOW])
        service = subprocess.Popen(watch(running.base + "/mixed.rss", "--db", f"{folder}/{sig.name}.db"),
                                   stderr=subprocess.PIPE, text=True)  # fmt: skip
        while not running.requests_of(SLOW) and service.poll() is None:
            time.sleep(0.05)
        time.sleep(0.5)
        signalled = time.monotonic()
        service.send_signal(sig)
        code = service.wait(timeout=60)
        took = time.monotonic() - signalled
        last = service.stderr.read().splitlines()[-1]
    print(f"2. {sig.name} during a slow read: exit {code} after {took:.2f} s; {last}")


def internal_links(folder: str) -> None:
    with serve() as site, serve(Site()) as internal:
        port = internal.base.rsplit(":", 1)[1]
        site.redirects["/go"] = internal.base + "/admin"
        links = [f"http://{host}:{port}/admin" for host in ("127.0.0.1", "localhost", "2130706433", "0x7f000001",
                                                             "good@127.0.0.1", "[::ffff:127.0.0.1]")]  # fmt: skip
        site.extra["/links.rss"] = rss_of("Links", [*links, site.base + "/go", site.base + GOOD])
        done = subprocess.run(watch(site.base + "/links.rss", "--once", "--db", f"{folder}/links.db"),
                              check=False, capture_output=True, text=True, timeout=600)  # fmt: skip
        print(f"3. internal links: {len(internal.requests)} requests reached the internal server; "
              f"exit {done.returncode}; {done.stderr.splitlines()[-1][:160]}...")  # fmt: skip


def main() -> None:
    deadline = sys.argv[1:3] if sys.argv[1:2] == ["--fetch-deadline"] else []
    with tempfile.TemporaryDirectory() as folder:
        for part in ("headers", "body"):
            slow_feed(part, deadline, folder)
        for sig in (signal.SIGTERM, signal.SIGINT):
            stop_during_slow_read(sig, folder)
        internal_links(folder)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
