"""How strongly two event records from different documents say they report one happening.

Real outlets disagree on almost every field of one incident: one dates it, another does not; one
says "Aleppo", another "Aleppo International Airport"; one names the striker, another "an
explosion"; tolls differ. Requiring every field to agree (the first wave's rule) kept 64% of the
real reports of one incident apart. Here each field adds or takes away evidence and only hard
contradictions block (``data/incidents.yaml``, section "evidence weighing", which also says how the
weights were calibrated): a missing date or actor neither matches nor blocks.

``link`` returns the score with the reasons in words, so every merge can say why it happened.
``foreground`` picks the events of one document that may join other documents' reports at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from warlog.fuse import incidents as rules
from warlog.knowledge import load_yaml
from warlog.models import Event

_WORD = re.compile(r"[a-z][a-z'-]{2,}")


@dataclass(frozen=True)
class Link:
    """The evidence that two records report one happening: its weight and what it is made of."""

    score: float
    reasons: tuple[str, ...]


LinkFunction = Callable[[Event, Event], "Link | None"]


@lru_cache(maxsize=1)
def _config() -> dict:
    data = load_yaml("incidents.yaml")
    weights = dict(data["evidence"])
    weights["violent_event_types"] = frozenset(weights["violent_event_types"])
    return {
        "threshold": float(data["link_threshold"]),
        "weights": weights,
        "foreground_days": int(data["foreground_days"]),
        "stopwords": frozenset(data["stopwords"]),
    }


def threshold() -> float:
    """The score at which two records (and, on average, two groups of records) are one incident."""
    return _config()["threshold"]


def far_place_km(precision: int | None) -> float:
    """Beyond this distance two records at the given (vaguer) geo precision can never be one incident."""
    return rules.distance_tolerance_km(precision) * _config()["weights"]["far_place_factor"]


@lru_cache(maxsize=8192)
def content_words(text: str) -> frozenset[str]:
    """The words of a sentence that can tell one happening from another (names, places, objects)."""
    stop = _config()["stopwords"]
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in stop)


def _type_evidence(a: Event, b: Event, w: dict) -> tuple[float, str] | None:
    if a.sub_event_type == b.sub_event_type:
        return w["same_sub_type"], f"both {a.sub_event_type}"
    if rules.types_compatible(a, b):
        return w["compatible_sub_type"], f"{a.sub_event_type} / {b.sub_event_type} may be one happening"
    if a.event_type == b.event_type:
        return w["same_event_type"], f"both {a.event_type}"
    if a.event_type in w["violent_event_types"] and b.event_type in w["violent_event_types"]:
        return 0.0, f"{a.sub_event_type} / {b.sub_event_type}: both violent"
    return None


def _date_evidence(a: Event, b: Event, w: dict) -> tuple[float, str | None] | None:
    gap = rules.day_gap(a.date, b.date)
    if gap is None:
        return 0.0, None
    if not rules.dates_compatible(a, b):
        return None
    if gap == 0:
        return w["same_day"], f"same day {a.date}"
    if gap == 1:
        return w["next_day"], "one day apart"
    return w["days_apart"], f"{gap} days apart"


def _place_evidence(a: Event, b: Event, w: dict) -> tuple[float, str | None] | None:
    la, lb = a.location, b.location
    if rules.countries_differ(la, lb):
        return None
    km = rules.distance_km(la, lb)
    if km is None:
        return 0.0, None
    precision = max(la.geo_precision or 3, lb.geo_precision or 3)
    tolerance = rules.distance_tolerance_km(precision)
    if km <= w["same_place_km"]:
        return w["same_place"], f"same place ({la.name} / {lb.name})"
    if km <= tolerance:
        floor = w["near_place_floor"]
        return w["near_place"] * (floor + (1 - floor) * (1 - km / tolerance)), f"{km:.0f} km apart"
    if km <= far_place_km(precision):
        return w["far_place"], f"{km:.0f} km apart (beyond {tolerance:.0f} km)"
    return None


def _actor_evidence(a: Event, b: Event, w: dict) -> tuple[float, str | None]:
    weight = {True: w["same_actor"], False: w["conflicting_actor"], None: 0.0}
    score = max(sum(weight[v] for v in verdicts) for verdicts in rules.side_verdicts(a, b))
    if score > 0:
        return score, "same actors" if score >= 2 * w["same_actor"] else "a shared actor"
    if score < 0:
        return score, "named actors differ"
    return 0.0, None


def _toll_evidence(a: Event, b: Event, w: dict) -> tuple[float, str | None]:
    if a.fatalities is None or b.fatalities is None:
        return 0.0, None
    low, high = sorted((a.fatalities, b.fatalities))
    if low == high:
        return w["same_toll"], f"same toll {low}"
    if high <= w["close_toll_ratio"] * low + w["close_toll_slack"]:
        return w["close_toll"], f"close tolls {low} / {high}"
    return w["different_toll"], f"tolls differ {low} / {high}"


def _word_evidence(a: Event, b: Event, w: dict) -> tuple[float, str | None]:
    words_a = content_words(a.evidence.text) if a.evidence else frozenset()
    words_b = content_words(b.evidence.text) if b.evidence else frozenset()
    if not words_a or not words_b:
        return 0.0, None
    overlap = len(words_a & words_b) / len(words_a | words_b)
    return w["shared_words"] * overlap, f"sentences share {overlap:.0%} of their words" if overlap else None


def link(a: Event, b: Event) -> Link | None:
    """The evidence that ``a`` and ``b`` report one happening, or None when something rules it out."""
    if a.doc_id == b.doc_id or not (rules.eligible(a) and rules.eligible(b)):
        return None
    if not (a.date and b.date) and rules.distance_km(a.location, b.location) is None:
        return None  # without a date on both, only two known places can tie them
    w = _config()["weights"]
    parts = []
    for weigh in (_type_evidence, _date_evidence, _place_evidence):
        part = weigh(a, b, w)
        if part is None:
            return None
        parts.append(part)
    parts += [weigh(a, b, w) for weigh in (_actor_evidence, _toll_evidence, _word_evidence)]
    return Link(round(sum(score for score, _ in parts), 4), tuple(reason for _, reason in parts if reason))


def remembered_links() -> LinkFunction:
    """``link`` that scores each pair once (for one fusion step, whose records do not change).

    A pair is scored with the lower event id first whichever way it is asked: the score is the
    same either way, only the order of the places named in a reason is not.
    """
    scored: dict[tuple[str, str], Link | None] = {}

    def remembered(a: Event, b: Event) -> Link | None:
        first, second = (a, b) if a.id <= b.id else (b, a)
        key = (first.id, second.id)
        if key not in scored:
            scored[key] = link(first, second)
        return scored[key]

    return remembered


def foreground(events: list[Event]) -> list[Event]:
    """The events of one document that may join other documents' reports (``foreground_days``)."""
    eligible = sorted((e for e in events if rules.eligible(e)), key=lambda e: (e.evidence.start if e.evidence else 0, e.id))
    if not eligible:
        return []
    first, days = eligible[0], _config()["foreground_days"]
    return [first] + [e for e in eligible[1:] if (gap := rules.day_gap(e.date, first.date)) is not None and gap <= days]


def membership_reasons(members: list[Event], scored: LinkFunction = link) -> list[dict]:
    """Why each member (after the first, by event id) is in its incident: its strongest link to
    a member before it, with the evidence in words.

    ``scored`` picks the strongest (scores are the same either way round, so links a fusion step
    has already scored serve); the reasons are then told from the member's side.
    """
    ordered = sorted(members, key=lambda e: e.id)
    reasons = []
    for position, member in enumerate(ordered[1:], start=1):
        links = [(found.score, other) for other in ordered[:position] if (found := scored(member, other)) is not None]
        if links:
            _, other = max(links, key=lambda pair: (pair[0], pair[1].id))
            best = link(member, other)
            reasons.append({"event_id": member.id, "with": other.id, "score": best.score, "reasons": list(best.reasons)})
    return reasons
