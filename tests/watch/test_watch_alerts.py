"""Alert rules against a real store, delivered to a JSON Lines file and a loopback webhook, once each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from loopback_site import serve
from repo_paths import REPOSITORY
from sqlalchemy import insert

from warlog.models import Incident
from warlog.store import Store
from warlog.store.schema import incidents
from warlog.watch.alerts import AlertConfigError, load_rules, run_alerts
from warlog.watch.deliver import WebhookChannel
from warlog.watch.fetch import FetchPolicy

RULES = """
deliver:
  - jsonl: alerts.jsonl
  - webhook: {webhook}
rules:
  - name: drones-near-kyiv
    kind: event
    weapon: drone
    near: Kyiv
    radius_km: 50
  - name: drones-near-raqqa
    kind: event
    weapon: drone
    near: "35.95,39.01"
    radius_km: 50
  - name: russia-ukraine-relation
    kind: relation
    actors: [ukraine, russia]
  - name: corroborated
    kind: incident
    min_corroboration: 3
"""


def write_rules(tmp_path: Path, webhook: str) -> Path:
    path = tmp_path / "alerts.yaml"
    path.write_text(RULES.format(webhook=webhook))
    return path


def fill(store: Store, sample_batch) -> None:
    """Events from the shared sample batch (the store's fusion stage draws their relations); incidents
    inserted by hand so that one is corroborated by three sources."""
    for doc, events in sample_batch:
        store.save(doc, events)
    corroborated = Incident(id="inc-1", event_type="Battles", sub_event_type="Armed clash", date="2024-03-03",
                            doc_ids=["a", "b", "c"], corroboration=3, credibility="B2")
    single = Incident(id="inc-2", event_type="Riots", sub_event_type="Violent demonstration", date="2023-11-02",
                      corroboration=1, credibility="C3")
    with store.engine.begin() as connection:
        connection.execute(insert(incidents), [
            {"id": i.id, "event_type": i.event_type, "sub_event_type": i.sub_event_type, "date": i.date,
             "country": country, "credibility": i.credibility, "corroboration": i.corroboration,
             "payload": i.to_dict()}
            for i, country in ((corroborated, "ML"), (single, "FJ"))
        ])  # fmt: skip


def test_alerts_reach_jsonl_and_webhook_once_each(store_url, tmp_path, sample_batch):
    with serve() as site, Store(store_url) as store:
        fill(store, sample_batch)
        rules = load_rules(write_rules(tmp_path, f"{site.base}/hook"))
        first = run_alerts(rules, store)
        second = run_alerts(rules, store)
        (fought,) = [r.id for r in store.relations(actor="ukraine") if "russia" in r.source.name.lower()]

    lines = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    fired = sorted((alert["rule"], alert["key"]) for alert in lines)
    assert fired == [("corroborated", "inc-1"), ("drones-near-kyiv", "ua-kyiv-0512-e1"),
                     ("russia-ukraine-relation", fought)]  # fmt: skip
    posted = sorted((body["rule"], body["key"]) for body in (json.loads(r.body) for r in site.requests))
    assert posted == fired
    assert all(r.method == "POST" and r.headers["content-type"] == "application/json" for r in site.requests)
    assert first.delivered == 6 and first.failures == []
    assert second.delivered == 0  # remembered in the store: nothing repeats
    kyiv = next(alert for alert in lines if alert["rule"] == "drones-near-kyiv")
    assert kyiv["record"]["weapons"][0]["category"] == "drone"
    assert "Disrupted weapons use" in kyiv["summary"]


def test_a_failed_webhook_is_retried_later_without_repeating_the_file(tmp_path, sample_batch):
    with serve() as site, Store(str(tmp_path / "w.db")) as store:
        fill(store, sample_batch)
        site.status_for["/hook"] = 500
        rules = load_rules(write_rules(tmp_path, f"{site.base}/hook"))
        for rule in rules:  # short backoff so the test stays quick
            rule.channels[1] = WebhookChannel(f"{site.base}/hook", FetchPolicy(backoff_s=0.01))
        down = run_alerts(rules, store)
        assert down.delivered == 3 and len(down.failures) == 3
        assert "webhook" in down.failures[0] and "HTTP 500" in down.failures[0]
        assert len(site.requests) == 9  # three attempts per alert
        del site.status_for["/hook"]
        up = run_alerts(rules, store)
    assert up.delivered == 3 and up.failures == []
    assert len((tmp_path / "alerts.jsonl").read_text().splitlines()) == 3


def test_stdout_delivery_is_one_line_per_alert(tmp_path, sample_batch, capsys):
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - {name: riots, kind: event, event_type: Riots}\n")
    with Store(str(tmp_path / "w.db")) as store:
        fill(store, sample_batch)
        run_alerts(load_rules(path), store)
    assert capsys.readouterr().out.splitlines() == [
        "ALERT [riots] event fj-rabi-1102-e1: 2023-11-02 Violent demonstration: Rioters (Fiji) vs Police Forces "
        + "of Fiji at Rabi Island (FJ) [asserted]"
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("rules: 3", "expected a mapping with a 'rules' list"),
        ("rules:\n  - {name: x, kind: weather}", "each rule needs a name and a kind"),
        ("rules:\n  - {name: x, kind: event, colour: red}", "rule 'x': unknown option(s) colour"),
        ("rules:\n  - {name: x, kind: event, near: Nowhereville Qqq}", "not in the gazetteer"),
        ("deliver: [{email: a@b}]\nrules: []", "unknown delivery"),
    ],
)
def test_bad_rule_files_are_named_with_the_problem(tmp_path, text, problem):
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    with pytest.raises(AlertConfigError) as caught:
        load_rules(path)
    assert str(caught.value).startswith(str(path)) and problem in str(caught.value)


def test_the_example_rules_file_loads():
    example = REPOSITORY / "examples" / "alerts.yaml"
    rules = load_rules(example)
    assert {rule.kind for rule in rules} == {"event", "relation", "incident"}
    raqqa = next(rule for rule in rules if rule.near)
    assert raqqa.near == pytest.approx((35.95, 39.01), abs=0.1)
