"""Crash-and-resume demonstration: ``kill -9`` a batch of N reports mid-way, run it again, check.

Writes N distinct synthetic reports (tests/fixtures/reliability/report_templates.yaml), ingests
them into a fresh store, SIGKILLs ``warlog ingest`` after a few seconds (once some documents are
committed), prints what the store holds, re-runs the batch, and prints the final counts, the
comparison with an uninterrupted run and ``warlog check``'s verdict. Run:

    .venv/bin/python bench/crash_resume.py [--count 300] [--kill-after 30] [--db URL]

``--db`` may be a PostgreSQL URL of an empty database; by default a temporary SQLite file is used.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from ingest_harness import ingest_until_killed, run_ingest
from synthetic_reports import write_reports

from warlog.store import Store


def events_of(db: str) -> list[tuple[str, str]]:
    with Store(db) as store:
        return [(event.doc_id, event.id) for event in store.events()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--kill-after", type=int, default=30, help="kill once this many documents are stored")
    parser.add_argument("--db", default=None, help="store to crash (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        reports = Path(tmp) / "reports"
        write_reports(reports, args.count)
        db = args.db or str(Path(tmp) / "crash.db")

        killed = ingest_until_killed([str(reports)], db, after_documents=args.kill_after)
        with Store(db) as store:
            at_kill, problems = store.counts(), store.integrity_check()
        print(f"killed with SIGKILL after {killed.seconds:.1f} s (exit status {killed.returncode}): "
              f"{at_kill.documents} documents, {at_kill.events} events stored; "
              f"integrity: {'ok' if not problems else problems}")  # fmt: skip

        resumed = run_ingest([str(reports)], db)
        summary = re.search(r"\d+ added.*events", resumed.stderr)
        print(f"re-run (exit {resumed.returncode}): {summary.group(0) if summary else resumed.stderr.strip()}")

        reference_db = str(Path(tmp) / "reference.db")
        run_ingest([str(reports)], reference_db)
        final, reference = events_of(db), events_of(reference_db)
        with Store(db) as store:
            counts, problems = store.counts(), store.integrity_check()
        print(f"final: {counts.documents} documents, {counts.events} events "
              f"({len(final) - len(set(final))} duplicate events); uninterrupted run: {len(reference)} events, "
              f"{'identical' if sorted(final) == sorted(reference) else 'DIFFERENT'}; "
              f"integrity: {'ok' if not problems else problems}")  # fmt: skip
        sound = counts.documents == args.count and sorted(final) == sorted(reference) and not problems
    return 0 if sound else 1


if __name__ == "__main__":
    sys.exit(main())
