"""Checks the coders' gold files of the real-report benchmark and writes the one gold file `warlog eval` reads.

Inputs (beside this file): ``gold_*.jsonl`` (event records), ``docs_*.jsonl`` (one line per coded
document), ``incidents_*.jsonl`` (one line per cluster), ``split.jsonl`` (``make_split.py``), and the
corpus ``../shared/corpus/real/reports.jsonl`` for the checks. Output: ``gold.jsonl`` — a document record
per coded document (``{"doc_id", "document": true, "kind", "split", "cluster", "published"}``) followed
by its event records (each with its ``split`` and ``kind``), and ``incidents.jsonl`` (clusters with
their split).

Checks (a failure is printed and the record is left out, so a bad record never scores):
- the evidence quote (and each evidence_alt) occurs in the document's text (whitespace and quote
  marks normalised) and has at most 25 words;
- the sub-event type and event type are ACLED's (src/warlog/data/acled_types.yaml) and agree;
- coordinates are numbers within range, geo_precision is 1, 2 or 3;
- dates are ISO days; status is in the vocabulary.
Run: python eval/real/assemble.py [../shared/corpus/real]
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
STATUSES = {"asserted", "reported", "claimed", "alleged", "denied", "planned", "hypothetical", "negated"}
MAX_QUOTE_WORDS = 25


def _norm(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def acled_types() -> dict[str, str]:
    """sub-event type -> event type, from the package's vocabulary file."""
    data = yaml.safe_load((REPOSITORY / "src/warlog/data/acled_types.yaml").read_text(encoding="utf-8"))
    return {name: entry["event_type"] for name, entry in data["sub_event_types"].items()}


def problems(record: dict, text: str, types: dict[str, str]) -> list[str]:
    found = []
    if not record.get("evidence"):
        found.append("empty evidence")
    for quote in [record.get("evidence"), *(record.get("evidence_alts") or [])]:
        if not quote:
            continue
        if _norm(quote) not in _norm(text):
            found.append(f"evidence not in the text: {quote[:60]!r}")
        if len(quote.split()) > MAX_QUOTE_WORDS:
            found.append(f"evidence over {MAX_QUOTE_WORDS} words")
    sub = record.get("sub_event_type")
    if types and sub not in types:
        found.append(f"unknown sub-event type {sub!r}")
    elif types and record.get("event_type") != types[sub]:
        found.append(f"event type {record.get('event_type')!r} is not that of {sub!r}")
    place = record.get("location")
    if place:
        lat, lon = place.get("latitude"), place.get("longitude")
        if lat is not None and not (isinstance(lat, (int, float)) and -90 <= lat <= 90 and -180 <= lon <= 180):
            found.append(f"bad coordinates {lat},{lon}")
        if place.get("geo_precision") not in (1, 2, 3):
            found.append(f"geo_precision {place.get('geo_precision')!r}")
    for value in [record.get("date"), *(record.get("date_alts") or [])]:
        if value is not None:
            try:
                date.fromisoformat(value)
            except (TypeError, ValueError):
                found.append(f"date {value!r}")
    if record.get("status") not in STATUSES:
        found.append(f"status {record.get('status')!r}")
    return found


def main(corpus: Path) -> None:
    texts = {doc["id"]: doc for doc in _jsonl(corpus / "reports.jsonl")}
    split = {row["doc_id"]: row for row in _jsonl(HERE / "split.jsonl")}
    types = acled_types()
    docs = {row["doc_id"]: row for path in sorted(HERE.glob("docs_*.jsonl")) for row in _jsonl(path)}
    events_by_doc: dict[str, list[dict]] = {}
    bad = 0
    for path in sorted(HERE.glob("gold_*.jsonl")):
        for number, record in enumerate(_jsonl(path), start=1):
            doc = texts.get(record.get("doc_id"))
            found = ["unknown doc_id"] if doc is None else problems(record, doc["text"], types)
            if found:
                bad += 1
                print(f"{path.name}:{number} {record.get('doc_id')}: {'; '.join(found)}")
                continue
            # null written for "not set" means the default: a core event, not an aggregate
            record["core"] = record.get("core") is not False
            record["aggregate"] = record.get("aggregate") is True
            events_by_doc.setdefault(record["doc_id"], []).append(record)
    lines = []
    for doc_id in [d for d in texts if d in docs or d in events_by_doc]:
        side, meta = split[doc_id], docs.get(doc_id, {})
        lines.append({"doc_id": doc_id, "document": True, "kind": side["kind"], "split": side["split"],
                      "cluster": side["cluster"], "published": meta.get("published"),
                      "published_from": meta.get("published_from")})  # fmt: skip
        lines += [{**record, "split": side["split"], "kind": side["kind"]} for record in events_by_doc.get(doc_id, [])]
    (HERE / "gold.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    incidents = []
    for path in sorted(HERE.glob("incidents_*.jsonl")):
        for row in _jsonl(path):
            members = [split[d]["split"] for d in row.get("doc_ids", []) if d in split]
            incidents.append({**row, "split": members[0] if members else None})
    (HERE / "incidents.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in incidents),
                                          encoding="utf-8")  # fmt: skip
    n_docs = sum(1 for x in lines if x.get("document"))
    n_events = sum(1 for x in lines if not x.get("document"))
    core = sum(1 for x in lines if not x.get("document") and x.get("core", True) and not x.get("aggregate"))
    print(f"{n_docs} documents, {n_events} records ({core} core events), {len(incidents)} incidents; "
          f"{bad} records left out -> {HERE / 'gold.jsonl'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPOSITORY.parent / "shared/corpus/real")
