"""The incident, network and source-registry commands end to end, through the real ``warlog`` command."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from repo_paths import REPOSITORY
from test_cli_ingest import warlog

INCIDENT_REPORTS = REPOSITORY / "eval" / "incidents" / "reports.jsonl"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("fusion") / "warlog.db")
    result = warlog("ingest", "-q", str(INCIDENT_REPORTS), db=path)
    assert result.returncode == 0, result.stderr.decode()
    return path


def test_incidents_group_reports_and_are_graded(db):
    result = warlog("incidents", "--format", "jsonl", db=db)
    assert result.returncode == 0, result.stderr.decode()
    incidents = [json.loads(line) for line in result.stdout.decode().splitlines()]
    reports = sum(1 for _ in INCIDENT_REPORTS.open())
    assert 0 < len(incidents) < reports, "several reports of one happening make one incident"
    grouped = max(incidents, key=lambda i: len(i["doc_ids"]))
    assert len(grouped["doc_ids"]) >= 3 and grouped["corroboration"] <= len(grouped["doc_ids"])
    assert grouped["reasoning"] and grouped["credibility"][1] in "123456"
    confirmed = warlog("incidents", "--format", "jsonl", "--min-credibility", "2", db=db)
    graded = [json.loads(line) for line in confirmed.stdout.decode().splitlines()]
    assert graded and all(int(i["credibility"][1]) <= 2 for i in graded) and len(graded) < len(incidents)


def test_bad_credibility_is_a_usage_error(db):
    result = warlog("incidents", "--min-credibility", "Z9", db=db)
    assert result.returncode == 2 and b"min_credibility" in result.stderr


@pytest.mark.parametrize("fmt, root", [("graphml", "graphml"), ("gexf", "gexf")])
def test_network_exports_parse(db, tmp_path, fmt, root):
    out = tmp_path / f"net.{fmt}"
    result = warlog("network", "--format", fmt, "-o", str(out), db=db)
    assert result.returncode == 0, result.stderr.decode()
    assert ET.parse(out).getroot().tag.endswith(root)
    exported = tmp_path / f"export.{fmt}"
    assert warlog("export", "--format", fmt, "-o", str(exported), db=db).returncode == 0
    assert exported.read_bytes() == out.read_bytes()


def test_sources_lists_and_overrides_the_registry(tmp_path):
    registry = tmp_path / "sources.yaml"
    listed = warlog("sources", "--format", "jsonl", "--registry", str(registry))
    entries = {e["name"]: e for e in map(json.loads, listed.stdout.decode().splitlines())}
    assert entries["Reuters"]["kind"] == "wire"
    changed = warlog("sources", "set", "Example Monitor", "--kind", "monitor", "--reliability", "C",
                     "--note", "own field team", "--registry", str(registry))
    assert changed.returncode == 0, changed.stderr.decode()
    again = warlog("sources", "--format", "jsonl", "--registry", str(registry))
    entries = {e["name"]: e for e in map(json.loads, again.stdout.decode().splitlines())}
    assert entries["Example Monitor"]["reliability"] == "C"
