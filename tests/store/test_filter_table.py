"""The filter table (``store/filters.py``) is the one declaration of the event filters: the CLI's
options, the API's query parameters, the SQL conditions and the event alert rules' options are all
made from it, so they cannot drift apart, and a filter added to the table reaches all four."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from dataclasses import fields
from pathlib import Path

import pytest
import typer.main

from warlog.cli import app
from warlog.settings import Settings
from warlog.store.filters import (
    BY_NAME,
    FILTERS,
    PUBLIC_FILTERS,
    EventFilter,
    FilterError,
    conditions,
    parse_filters,
)
from warlog.store.schema import events, incidents
from warlog.watch.alerts import _OPTIONS, AlertConfigError, load_rules

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from warlog.web.api import create_app

FILTERED_COMMANDS = ("events", "incidents", "export")
FILTERED_ROUTES = ("/api/events", "/api/incidents", "/api/actors", "/api/export")
# One value per filter that makes it set, as a user would give it.
SAMPLES = {"since": "2024", "until": "2024-06", "type": "Battles", "sub_type": "Armed clash", "actor": "sdf",
           "country": "sy", "near": "36,38", "radius_km": 10.0, "min_credibility": "c3", "status": "claimed",
           "doc_id": "report"}  # fmt: skip


def test_every_filter_has_a_field_and_a_sample():
    assert [f.name for f in fields(EventFilter)] == [spec.name for spec in FILTERS]
    assert set(SAMPLES) == set(BY_NAME), "give the new filter a sample value here"


def test_the_cli_options_are_the_table():
    command = typer.main.get_command(app)
    for name in FILTERED_COMMANDS:
        options = {param.name: param for param in command.commands[name].params}
        for spec in PUBLIC_FILTERS:
            option = options[spec.name]
            assert option.opts == [spec.option], name
            assert option.help == spec.help_for(lambda other: other.option)
            assert option.default == spec.default
        assert "doc_id" not in options  # internal filters stay internal


def test_the_api_parameters_are_the_table(tmp_path):
    db = str(tmp_path / "w.db")
    schema = create_app(db, Settings(db_url=db)).openapi()
    for route in FILTERED_ROUTES:
        parameters = {p["name"]: p for p in schema["paths"][route]["get"]["parameters"]}
        listed = [name for name in parameters if name in BY_NAME]
        assert listed == [spec.name for spec in PUBLIC_FILTERS], route
        for spec in PUBLIC_FILTERS:
            parameter = parameters[spec.name]
            assert parameter["description"] == spec.help_for(lambda other: other.name)
            if "pattern" in spec.query:
                assert json.dumps(spec.query["pattern"]) in json.dumps(parameter["schema"])
    vocabulary = schema["components"]["schemas"][BY_NAME["status"].vocabulary.name]
    assert vocabulary["enum"] == list(BY_NAME["status"].vocabulary.values())


def test_every_set_filter_becomes_sql_on_both_tables():
    for spec in FILTERS:
        given = {spec.name: SAMPLES[spec.name]} | ({"near": SAMPLES["near"]} if spec.only_with else {})
        flt = parse_filters(given)
        for table in (events, incidents):
            where = conditions(flt, table)
            if spec.sql is None:  # radius_km: part of near's bounding box
                assert len(where) == len(conditions(parse_filters({"near": SAMPLES["near"]}), table))
            else:
                assert where, (spec.name, table.name)
    assert conditions(EventFilter()) == []


def test_values_are_parsed_and_checked_by_the_table():
    flt = parse_filters({"near": "36,38", "min_credibility": " c3 ", "country": "sy"})
    assert (flt.near, flt.radius_km, flt.min_credibility) == ((36.0, 38.0), 25.0, "C3")
    assert parse_filters({"radius_km": 5.0}).radius_km is None  # meaningless without near
    with pytest.raises(FilterError) as caught:
        parse_filters({"since": "2024-02-30"})
    assert caught.value.name == "since" and "calendar" in str(caught.value)
    with pytest.raises(FilterError) as caught:
        EventFilter(actor="a\x00b")
    assert caught.value.name == "actor"


def test_the_alert_rules_take_the_tables_filters(tmp_path):
    assert {spec.rule_option for spec in PUBLIC_FILTERS} <= set(_OPTIONS["event"])
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - {name: recent, kind: event, event_type: Battles, since: 2024-03, country: sy}\n")
    [rule] = load_rules(path)
    assert rule.flt == EventFilter(type="Battles", since="2024-03", country="sy")
    path.write_text("rules:\n  - {name: bad, kind: event, since: March}\n")
    with pytest.raises(AlertConfigError, match="rule 'bad': since must be YYYY"):
        load_rules(path)


# A filter that is not in the table: added in a fresh interpreter before the surfaces are imported.
ADDED_FILTER = r'''
import json, sys
import warlog.store.filters as table
from warlog.store.filters import Filter
extra = Filter("min_killed", "At least this many killed", lambda v, flt, t: [t.c.fatalities >= v], type=int,
               parse=int, query={"ge": 0})
table.FILTERS = (*table.FILTERS, extra)
table.PUBLIC_FILTERS = (*table.PUBLIC_FILTERS, extra)
table.BY_NAME = {**table.BY_NAME, "min_killed": extra}
table.EventFilter = table.filter_record(table.FILTERS)

from typer.testing import CliRunner
from fastapi.testclient import TestClient
from warlog.cli import app
from warlog.settings import Settings
from warlog.store import Store
from warlog.watch.alerts import _OPTIONS, load_rules, matches
from warlog.store.watch_state import WatchState
from warlog.web.api import create_app

db, rules = sys.argv[1], sys.argv[2]
found = {}
cli = CliRunner().invoke(app, ["events", "--db", db, "--format", "jsonl", "--min-killed", "3"])
found["cli"] = sorted(json.loads(line)["id"] for line in cli.output.splitlines())
with TestClient(create_app(db, Settings(db_url=db))) as client:
    found["api_parameter"] = any(p["name"] == "min_killed"
                                 for p in client.get("/openapi.json").json()["paths"]["/api/events"]["get"]["parameters"])
    found["api"] = sorted(e["id"] for e in client.get("/api/events", params={"min_killed": 3}).json()["items"])
store = Store(db)
[rule] = load_rules(__import__("pathlib").Path(rules))
found["rule"] = sorted(alert.key for alert in matches(rule, store, WatchState(store)))
print(json.dumps(found))
'''


def test_a_filter_added_to_the_table_reaches_the_cli_the_api_the_sql_and_the_rules(tmp_path):
    from stored_reports import report

    from warlog.store import Store

    db = str(tmp_path / "w.db")
    with Store(db) as store:
        for doc_id, killed in (("few", 1), ("many", 5), ("most", 9)):
            store.save(*report(doc_id, "Reuters", f"A drone strike killed {killed}.", killed=killed))
    rules = tmp_path / "rules.yaml"
    rules.write_text("deliver: [stdout]\nrules:\n  - {name: deadly, kind: event, min_killed: 3}\n")
    run = subprocess.run([sys.executable, "-c", ADDED_FILTER, db, str(rules)], capture_output=True, text=True,
                         timeout=300, check=False, cwd=Path(__file__).parent)  # fmt: skip
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.splitlines()[-1])
    assert found == {"cli": ["ev-many", "ev-most"], "api_parameter": True, "api": ["ev-many", "ev-most"],
                     "rule": ["ev-many", "ev-most"]}  # fmt: skip
