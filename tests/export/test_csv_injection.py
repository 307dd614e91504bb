"""CSV cells that a spreadsheet would run as a formula are neutralised (OWASP "CSV injection").

A publisher name comes from the report itself (a JSON line's "source", a feed's author), so a
hostile feed can put ``=cmd|' /C calc'!A0`` there; opened in Excel or LibreOffice the raw cell is
a formula. Both CSV outputs (``warlog export --format acled-csv`` and ``warlog events --format
csv``) prefix such a text cell with a single quote, while numbers, negative ones included, stay
numbers.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from reports_store import ingested_store

from warlog.export import exporter_for
from warlog.export.csv_cells import safe_cell
from warlog.models import Actor, DocumentCitation, Event, Evidence, Location, Plover

HOSTILE = "=cmd|' /C calc'!A0"
REPORT = (
    '=HYPERLINK("http://127.0.0.1/x") A drone strike killed three civilians in the village of Kafr Nabl in Idlib on Tuesday, '
    "local residents said. The Syrian Observatory for Human Rights said the drone was Russian."
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"), ("+SUM(A1)", "'+SUM(A1)"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), (HOSTILE, "'" + HOSTILE),
        ("-36.5", "-36.5"), ("+1e3", "+1e3"), ("-7", "-7"), (-36.5, -36.5), (-3, -3), (None, None),
        ("Reuters", "Reuters"), ("", ""),
    ],
)  # fmt: skip
def test_formula_cells_are_quoted_and_numbers_kept(value, expected):
    assert safe_cell(value) == expected


def test_acled_export_neutralises_a_hostile_publisher_and_keeps_negative_coordinates():
    event = Event(
        id="e1", doc_id="d1", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        plover=Plover("FIGHT", "aerial"), evidence=Evidence("x", 0, 1), date="2024-03-05", time_precision=1,
        actor1=Actor("-Hostile group", type="rebel group"),
        location=Location("@Place", country="AR", latitude=-34.6, longitude=-58.4, geo_precision=1),
        fatalities=2,
    )  # fmt: skip
    sink = io.BytesIO()
    cited = DocumentCitation(id="d1", publisher=HOSTILE, url=None, published=None, ingested_at="2024-05-01T00:00:00")
    exporter_for("acled-csv").write([event], sink, {"d1": cited})
    row = next(csv.DictReader(io.StringIO(sink.getvalue().decode())))
    assert row["source"] == "'" + HOSTILE
    assert row["actor1"] == "'-Hostile group"
    assert row["location"] == "'@Place"
    assert (float(row["latitude"]), float(row["longitude"]), int(row["fatalities"])) == (-34.6, -58.4, 2)


def test_ingested_hostile_publisher_is_neutral_in_both_csv_outputs(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "hostile-1", "text": REPORT, "source": HOSTILE, "published": "2024-03-05"}) + "\n")
    db = str(tmp_path / "w.db")
    with ingested_store(db, feed) as store:
        assert store.document("hostile-1").publisher == HOSTILE  # stored as given, neutralised on output
        assert store.count_events() >= 1
    out = tmp_path / "acled.csv"
    run = [sys.executable, "-m", "warlog"]
    subprocess.run([*run, "export", "--db", db, "--format", "acled-csv", "-o", str(out)], check=True, timeout=120)
    rows = list(csv.DictReader(out.open(newline="")))
    assert rows and all(row["source"] == "'" + HOSTILE for row in rows)
    listed = subprocess.run([*run, "events", "--db", db, "--format", "csv"], check=True, timeout=120,
                            capture_output=True, text=True)  # fmt: skip
    cells = [cell for row in csv.reader(io.StringIO(listed.stdout)) for cell in row]
    assert any(cell.startswith("'=HYPERLINK(") for cell in cells)  # the evidence sentence
    assert not any(cell[:1] in ("=", "+", "@", "\t", "\r") for cell in cells)
    assert not any(cell.startswith("-") and not _number(cell) for cell in cells)


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
