"""The CI quality gate: `warlog eval --floors` passes good predictions and fails degraded ones.

Predictions are built from the real-report gold itself (eval/real/gold.jsonl, in the repository), so
this needs neither ../shared nor the extractor: a perfect copy must pass every floor, and the same
copy with half its events dropped and its places moved must fail, naming the figures that fell.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from repo_paths import REPOSITORY

from warlog.evaluation_gate import below_floors, load_floors

GOLD = REPOSITORY / "eval" / "real" / "gold.jsonl"
FLOORS = REPOSITORY / "eval" / "real" / "floors.yaml"


def _as_prediction(gold: dict) -> dict:
    """The event record warlog would write if it got this gold record exactly right."""
    name = lambda key: {"name": gold[key]} if gold.get(key) else None
    return {"doc_id": gold["doc_id"], "event_type": gold["event_type"], "sub_event_type": gold["sub_event_type"],
            "date": gold.get("date"), "actor1": name("actor1"), "actor2": name("actor2"),
            "location": gold.get("location"), "fatalities": gold.get("fatalities"), "status": gold["status"],
            "claimant": name("claimant"), "arrested": gold.get("arrested"),
            "evidence": {"text": gold["evidence"]}}  # fmt: skip


def _test_events() -> list[dict]:
    records = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    return [r for r in records if not r.get("document") and r["split"] == "test" and r["core"] and not r["aggregate"]]


def _eval(predictions: list[dict], tmp_path: Path) -> subprocess.CompletedProcess:
    path = tmp_path / "predictions.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
    command = [sys.executable, "-m", "warlog", "eval", str(GOLD), "--split", "test", "--predictions", str(path),
               "--floors", str(FLOORS), "--errors", "0"]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_floors_name_real_metrics_of_the_scorer():
    floors = load_floors(FLOORS)
    assert {"detection_recall", "detection_precision", "location_accuracy"} <= set(floors)
    assert below_floors({name: 1.0 for name in floors}, floors) == []
    assert below_floors({}, floors) and below_floors({name: 0.0 for name in floors}, floors)


def test_perfect_predictions_pass_the_gate(tmp_path):
    events = _test_events()
    assert len(events) > 20
    passed = _eval([_as_prediction(e) for e in events], tmp_path)
    assert passed.returncode == 0, passed.stderr
    assert "at or above their floors" in passed.stderr


def test_degraded_predictions_fail_the_gate_and_name_the_figures(tmp_path):
    degraded = []
    for index, event in enumerate(_test_events()):
        if index % 2:
            continue  # half the events are never found
        moved = {**event, "location": {"name": "Nowhere", "latitude": 0.0, "longitude": 0.0, "geo_precision": 1}}
        degraded.append(_as_prediction(moved))
    failed = _eval(degraded, tmp_path)
    assert failed.returncode == 1
    assert "quality gate: detection_recall" in failed.stderr
    assert "quality gate: location_accuracy" in failed.stderr


def test_a_malformed_floors_file_is_a_usage_error(tmp_path):
    bad = tmp_path / "floors.yaml"
    bad.write_text("floors: {detection_recall: high}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="detection_recall"):
        load_floors(bad)


@pytest.mark.shared("corpus/real")  # the scorer reads the sentences' texts from the corpus
@pytest.mark.parametrize("sentence_set", ["sentences_real", "sentences_event_location"])
def test_each_sentence_set_has_its_floor_section_and_the_gate_reads_it(sentence_set, tmp_path):
    """Predictions that type every test sentence as its gold pass; typing them all wrong fails, the figure named."""
    assert set(load_floors(FLOORS, sentence_set)) == {"weighted_f1"}
    gold = REPOSITORY / "eval" / "real" / f"{sentence_set}.jsonl"
    rows = [json.loads(line) for line in gold.open(encoding="utf-8")]
    rows = [r for r in rows if r["split"] == "test" and r.get("sub_event_type")]

    def gate(predictions: list[dict]) -> subprocess.CompletedProcess:
        path = tmp_path / "predictions.jsonl"
        path.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
        command = [sys.executable, "-m", "warlog", "eval", str(gold), "--split", "test", "--predictions", str(path),
                   "--floors", str(FLOORS), "--floors-section", sentence_set, "--errors", "0"]  # fmt: skip
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    right = [{"doc_id": r["id"], "sub_event_type": r["sub_event_type"], "event_type": r.get("event_type"),
              "confidence": 1.0} for r in rows]  # fmt: skip
    passed = gate(right)
    assert passed.returncode == 0, passed.stderr
    failed = gate([{**p, "sub_event_type": "Agreement"} for p in right])
    assert failed.returncode == 1 and "weighted_f1" in failed.stderr
