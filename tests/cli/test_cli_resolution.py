"""The resolution commands through the real CLI: unresolved actors and gazetteer imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def run(*args: str, env_extra: dict | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "warlog", *args], input=stdin, capture_output=True,
                          env=env, timeout=600, check=False)  # fmt: skip


def test_unknown_actors_are_listed_as_unresolved(tmp_path):
    report = tmp_path / "marib.txt"
    report.write_text(
        "Qaterji militiamen attacked army positions west of Deir Hafer on Thursday, killing nine soldiers.\n"
        "The SDF arrested four ISIS suspects in a raid near Hasakah on Friday.\n"
    )
    db = str(tmp_path / "store.db")
    assert run("ingest", "--quiet", str(report), "--db", db).returncode == 0
    unresolved = [json.loads(x) for x in run("actors", "--unresolved", "--format", "jsonl", "--db", db).stdout.splitlines()]
    assert [row["name"] for row in unresolved] == ["Qaterji militiamen"]
    known = [json.loads(x) for x in run("actors", "--format", "jsonl", "--db", db).stdout.splitlines()]
    assert {"sdf", "isis"} <= {row["id"] for row in known}


def test_imported_villages_are_found(tmp_path):
    csv_file = tmp_path / "villages.csv"
    csv_file.write_text("name_en,lat,lon,adm1_en,pcode\nKhirbet Zuhurabad,36.41,40.93,Al-Hasakeh,C9999\n")
    env = {"WARLOG_USER_GAZETTEER": str(tmp_path / "user_gazetteer.tsv")}
    text = b"Unidentified gunmen attacked a checkpoint in Khirbet Zuhurabad on Monday, killing two guards.\n"
    before = json.loads(run("extract", "--published", "2024-03-06", "-", stdin=text, env_extra=env).stdout)
    assert before["location"] is None or before["location"]["name"] != "Khirbet Zuhurabad"
    imported = run("gazetteer", "import", str(csv_file), env_extra=env)
    assert imported.returncode == 0 and "1 places added" in imported.stderr.decode()
    after = json.loads(run("extract", "--published", "2024-03-06", "-", stdin=text, env_extra=env).stdout)
    assert after["location"]["name"] == "Khirbet Zuhurabad"
    assert abs(after["location"]["latitude"] - 36.41) < 0.01
