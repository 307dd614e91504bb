"""Alert rules: which stored records an analyst wants to hear about, and the pass that delivers them.

Rules live in a YAML file (format in ``examples/alerts.yaml`` and docs/watch.md) with three
kinds, one per record table:

* ``event``: the event filters of the filter table (``store/filters.py``: ``event_type``,
  ``sub_event_type``, ``actor``, ``country``, ``status``, ``since``, ``until``, ``min_credibility``,
  and ``near``, here also a place name the gazetteer resolves, with ``radius_km``), run in SQL by
  the store; and two tests of the rules' own, on each event found: ``weapon`` (category such as
  ``drone``, or part of a weapon's name) and ``min_fatalities``;
* ``relation``: a relation between two actors appears (optional ``relation`` type and ``actors``,
  one or two name fragments that must be the relation's ends);
* ``incident``: an incident is corroborated by at least ``min_corroboration`` independent sources
  (optional ``event_type``, ``country``).

A rule matches store-wide, not only what the last poll added, so relations and incidents that the
fusion stage builds later still alert. Each (rule, record, channel) is delivered once and then
remembered in the store, so restarting the watcher repeats nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from warlog.models import Event
from warlog.resolve.gazetteer import Gazetteer
from warlog.store import Store
from warlog.store.filters import BY_NAME, PUBLIC_FILTERS, EventFilter, parse_filters
from warlog.store.watch_state import WatchState
from warlog.watch.deliver import Alert, Channel, DeliveryError, channel_from_spec

KINDS = ("event", "relation", "incident")
# An event rule's options named after the filter table, so a filter added there is a rule option too.
_TABLE_OPTIONS = {spec.rule_option: spec.name for spec in PUBLIC_FILTERS}
_EVENT_ONLY_OPTIONS = ("weapon", "min_fatalities")  # tested per event found, in Python
_OPTIONS = {"event": (*_TABLE_OPTIONS, *_EVENT_ONLY_OPTIONS), "relation": ("relation", "actors"),
            "incident": ("min_corroboration", "event_type", "country")}


class AlertConfigError(ValueError):
    """The rules file cannot be used (message: file and problem, one line)."""


@dataclass
class Rule:
    name: str
    kind: str
    options: dict[str, Any]
    channels: list[Channel]
    flt: EventFilter = field(default_factory=EventFilter)  # kind event: what the store is asked for

    @property
    def near(self) -> tuple[float, float] | None:
        return self.flt.near


@dataclass
class AlertReport:
    delivered: int = 0
    failures: list[str] = field(default_factory=list)


def load_rules(path: Path, gazetteer: Gazetteer | None = None) -> list[Rule]:
    """Read and check a rules file; ``AlertConfigError`` names the file and the problem."""
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise AlertConfigError(f"{path}: cannot read alert rules: {error}") from None
    if not isinstance(config, dict) or not isinstance(config.get("rules"), list):
        raise AlertConfigError(f"{path}: expected a mapping with a 'rules' list")
    try:
        default_channels = [channel_from_spec(spec, path.parent) for spec in config.get("deliver") or ["stdout"]]
        return [_rule(raw, default_channels, path.parent, gazetteer) for raw in config["rules"]]
    except ValueError as error:
        raise AlertConfigError(f"{path}: {error}") from None


def _rule(raw: Any, default_channels: list[Channel], base: Path, gazetteer: Gazetteer | None) -> Rule:
    if not isinstance(raw, dict) or not raw.get("name") or raw.get("kind") not in KINDS:
        raise ValueError(f"each rule needs a name and a kind ({', '.join(KINDS)}): {raw!r}")
    name, kind = str(raw["name"]), raw["kind"]
    options = {k: v for k, v in raw.items() if k not in ("name", "kind", "deliver")}
    unknown = set(options) - set(_OPTIONS[kind])
    if unknown:
        raise ValueError(f"rule {name!r}: unknown option(s) {', '.join(sorted(unknown))} for kind {kind}")
    channels = [channel_from_spec(spec, base) for spec in raw["deliver"]] if "deliver" in raw else default_channels
    rule = Rule(name, kind, options, channels)
    if kind == "event":
        rule.flt = _event_filter(name, options, gazetteer)
    if kind == "incident":
        options["min_corroboration"] = int(options.get("min_corroboration", 2))
    return rule


def _event_filter(name: str, options: dict[str, Any], gazetteer: Gazetteer | None) -> EventFilter:
    """The table's filters among an event rule's options, checked now (a bad value names the rule)."""
    values = {_TABLE_OPTIONS[option]: value for option, value in options.items() if option in _TABLE_OPTIONS}
    if values.get("near") is not None:
        values["near"] = _resolve_near(values["near"], gazetteer or Gazetteer.default())
    try:
        return parse_filters(values)
    except ValueError as error:
        raise ValueError(f"rule {name!r}: {error}") from None


def _resolve_near(value: Any, gazetteer: Gazetteer) -> tuple[float, float]:
    """``"LAT,LON"``, ``[LAT, LON]`` (as the filter reads them) or a place name (its most populous
    gazetteer entry)."""
    try:
        return BY_NAME["near"].parse(value)
    except ValueError:
        pass
    text = str(value)
    places = gazetteer.candidates(text)
    if not places:
        raise ValueError(f"near: place {text!r} is not in the gazetteer; give LAT,LON instead")
    return places[0].latitude, places[0].longitude


# ------------------------------------------------------------------------------------- matching


def matches(rule: Rule, store: Store, state: WatchState) -> Iterator[Alert]:
    """Every record the rule matches now (delivered or not)."""
    if rule.kind == "event":
        yield from _event_alerts(rule, store)
    elif rule.kind == "relation":
        yield from _relation_alerts(rule, state)
    else:
        yield from _incident_alerts(rule, state)


def _event_alerts(rule: Rule, store: Store) -> Iterator[Alert]:
    o = rule.options
    found = store.events(rule.flt)
    weapon = str(o.get("weapon", "")).casefold()
    for event in found:
        if weapon and not any(weapon == w.category.casefold() or weapon in w.name.casefold() for w in event.weapons):
            continue
        if "min_fatalities" in o and (event.fatalities or 0) < int(o["min_fatalities"]):
            continue
        yield Alert(rule.name, "event", event.id, _event_summary(event), event.to_dict())


def _event_summary(event: Event) -> str:
    actors = " vs ".join(a.name for a in (event.actor1, event.actor2) if a) or "unknown actors"
    place = f" at {event.location.name} ({event.location.country})" if event.location else ""
    killed = f", {event.fatalities} killed" if event.fatalities is not None else ""
    return f"{event.date or 'undated'} {event.sub_event_type}: {actors}{place}{killed} [{event.status}]"


def _relation_alerts(rule: Rule, state: WatchState) -> Iterator[Alert]:
    wanted_type = rule.options.get("relation")
    fragments = [str(a).casefold() for a in rule.options.get("actors") or []]
    for row in state.relations():
        if wanted_type and row.relation != wanted_type:
            continue
        ends = (row.source_actor.casefold(), row.target_actor.casefold())
        if not _ends_match(fragments, ends):
            continue
        summary = f"{row.source_actor} -[{row.relation}]-> {row.target_actor}"
        yield Alert(rule.name, "relation", row.id, summary, row.to_dict())


def _ends_match(fragments: list[str], ends: tuple[str, str]) -> bool:
    """One fragment: either end contains it. Two: each end contains one of them, in either order."""
    if not fragments:
        return True
    if len(fragments) == 1:
        return any(fragments[0] in end for end in ends)
    a, b = fragments[:2]
    return (a in ends[0] and b in ends[1]) or (b in ends[0] and a in ends[1])


def _incident_alerts(rule: Rule, state: WatchState) -> Iterator[Alert]:
    o = rule.options
    for row in state.incidents(o["min_corroboration"]):
        if o.get("event_type") and row.event_type != o["event_type"]:
            continue
        if o.get("country") and (row.country or "").upper() != str(o["country"]).upper():
            continue
        summary = (
            f"{row.date or 'undated'} {row.sub_event_type} corroborated by {row.corroboration} sources"
            f" (credibility {row.credibility or 'unknown'})"
        )
        yield Alert(rule.name, "incident", row.id, summary, row.to_dict())


def run_alerts(rules: list[Rule], store: Store) -> AlertReport:
    """Deliver every match not yet delivered to each of its rule's channels; remember each delivery."""
    state = WatchState(store)
    report = AlertReport()
    for rule in rules:
        for alert in matches(rule, store, state):
            for channel in rule.channels:
                if state.delivered(rule.name, alert.key, channel.key):
                    continue
                try:
                    channel.send(alert)
                except DeliveryError as problem:
                    report.failures.append(f"alert {rule.name} {alert.key}: {problem}")
                    continue
                state.record_delivery(rule.name, alert.key, channel.key)
                report.delivered += 1
    return report
