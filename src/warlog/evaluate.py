"""Score extracted events against hand-made gold sets (`warlog eval`).

Two kinds of gold, told apart by their fields (``detect_gold_kind``):

* **document gold** (``eval/gold/seeds.jsonl``, ``eval/gold/examples.jsonl``): one record per event an
  ACLED coder would code from a document, anchored by a short verbatim ``evidence`` quote because gold
  written by hand has no character offsets. Predictions are matched to gold one-to-one within each
  document, then every field of each matched pair is checked. ``*_alts`` lists give the other answers a
  careful coder would also accept (actor aliases, the day before an undated report, ...).
  Records with ``"core": false`` are statements that are *not* events (plans, allegations, background);
  records with ``"aggregate": true`` are period totals. Neither counts towards recall, but an extractor
  that reports a planned, hypothetical or negated happening as having happened is charged a false positive:
  "claims are not facts" is scored, not just stated.
  A document gold file may also hold one **document record** per document (``{"doc_id", "document":
  true, "kind", "split", "published"?}``): it says the document was coded, so a document with no event
  gold still charges every asserted prediction as a false event (analysis pieces are hard negatives),
  and it gives the document kind that ``Report.groups`` breaks the figures down by.
* **sentence gold** (``eval/gold/sentences_*.jsonl``): one snippet per record with its sub-event type, or
  ``NONE``. The most confident predicted event of a snippet is its label; we report per-class and averaged
  P/R/F1 as is usual for a classifier.

Everything is plain Python over dicts so the scorer runs on any JSON Lines the extractor (or another
system) writes; nothing here imports the pipeline.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from warlog.evaluation_blame import Blame
from warlog.evaluation_places import in_gazetteer
from warlog.geometry import haversine_km
from warlog.models import UNASSERTED_STATUSES

__all__ = [
    "Report",
    "detect_gold_kind",
    "doc_id_resolver",
    "evaluate",
    "evidence_overlap",
    "gold_doc_ids",
    "haversine_km",
    "load_gold",
    "load_predictions",
    "match_events",
    "prf",
    "score_documents",
    "score_sentences",
]

# Distance within which a predicted place counts as right, by the gold's ACLED geo-precision: the
# vaguer the gold place, the more room a reasonable geocoder has.
GEO_TOLERANCE_KM = {1: 10.0, 2: 25.0, 3: 50.0}
DEFAULT_TOLERANCE_KM = 25.0
# Fixed distances at which a matched event's place is also scored, whatever the gold's precision (issue 18),
# and the distance past which a located place is a gross error: worse than naming only the province.
PLACE_DISTANCES_KM = (10, 25, 50)
IN_GAZETTEER_KM = 25  # the distance issue 18 scores over the gold places the gazetteer knows
GROSS_PLACE_ERROR_KM = 100.0
# Statuses that say something did *not* (or not yet) happen.
NO_EVENT = "NONE"
MATCH_MIN_EVIDENCE = 0.5
CONFUSION_PAIRS_SHOWN = 15


# --------------------------------------------------------------------------- report


def prf(correct: int, predicted: int, expected: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1; None where the denominator is zero (nothing to measure)."""
    precision = correct / predicted if predicted else None
    recall = correct / expected if expected else None
    if precision is None or recall is None:
        return precision, recall, None
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _table(title: str, header: list[str], rows: list[list[Any]]) -> str:
    cells = [header, *[[_fmt(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:  # first column left-aligned (names), the rest right (numbers)
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))

    rule = "-" * len(line(header))
    return "\n".join([title, rule, line(header), rule, *map(line, cells[1:]), rule])


def _brief(value: Any) -> Any:
    """An actor or place shown by its name (and coordinates), so error lines stay one line."""
    if isinstance(value, dict):
        coords = (value.get("latitude"), value.get("longitude"))
        return value.get("name") if None in coords else f"{value.get('name')} {coords}"
    return value


def _error_line(error: dict[str, Any]) -> str:
    stage = f"[{error['stage']}]" if error.get("stage") else ""
    if error.get("component"):
        stage = f"[{error.get('stage', '')} <- {error['component']}]"
    words = [f"{error['doc_id']}: {stage}", error["kind"], error.get("field", "")]
    words += [f"{key}={_brief(error[key])!r}" for key in ("gold", "predicted") if key in error]
    return " ".join(w for w in words if w) + f" | {error['evidence']}"


@dataclass
class Report:
    """What ``warlog eval`` prints: metrics, counts and, for debugging the extractor, the errors."""

    mode: str  # "documents" | "sentences"
    metrics: dict[str, float | None]
    counts: dict[str, int]
    per_class: list[dict[str, Any]] = field(default_factory=list)
    confusion: list[tuple[str, str, int]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    stages: dict[str, int] = field(default_factory=dict)  # errors per pipeline stage (document gold)
    components: dict[str, int] = field(default_factory=dict)  # errors per extraction component (traced runs)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)  # headline figures per document kind
    # Matched events by where their date came from (Event.date_source; "none": undated): how many, and the
    # share dated exactly and within a day, so a weak source of dates shows itself.
    date_sources: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def render(self, max_errors: int = 20) -> str:
        """Plain-text tables (no terminal codes), readable in a log or a CI summary."""
        counts = ", ".join(f"{k} {v}" for k, v in self.counts.items() if not k.startswith("n_"))
        parts = [f"warlog eval ({self.mode} gold): {counts}"]
        per_field = {f"{n}_{m}" for n in PRF_FIELDS for m in ("precision", "recall", "f1")}
        parts.append(_table("Metrics", ["metric", "value", "n"], [
            [name, value, self.counts.get("n_" + name.removesuffix("_accuracy"))]
            for name, value in self.metrics.items() if name not in per_field]))
        if per_field & set(self.metrics):
            parts.append(_table("Per field (filled values; precision over all predictions)",
                                ["field", "precision", "recall", "f1"], [
                [n, self.metrics[f"{n}_precision"], self.metrics[f"{n}_recall"], self.metrics[f"{n}_f1"]]
                for n in PRF_FIELDS]))
        if self.per_class:
            parts.append(_table("Per class", ["label", "support", "predicted", "precision", "recall", "f1"], [
                [r["label"], r["support"], r["predicted"], r["precision"], r["recall"], r["f1"]]
                for r in self.per_class]))
        if self.groups:
            names = list(GROUP_METRICS)
            parts.append(_table("By document kind (place, date, actors, status: on matched events)",
                                ["kind", "docs", "events", *GROUP_METRICS.values()], [
                [kind, group["documents"], group["gold_events"], *(group["metrics"].get(n) for n in names)]
                for kind, group in self.groups.items()]))
        if self.date_sources:
            parts.append(_table("Dates by source (matched events)", ["date source", "events", "exact", "±1 day"], [
                [source, row["events"], row["exact"], row["within_a_day"]] for source, row in self.date_sources.items()]))
        if self.stages:
            parts.append(_table("Errors by stage", ["stage", "errors"], [list(row) for row in self.stages.items()]))
        if self.components:
            parts.append(_table("Errors by component (extract/components.py)", ["component", "errors"],
                                [list(row) for row in self.components.items()]))
        if self.confusion:
            parts.append(_table("Confusions (gold -> predicted)", ["gold", "predicted", "count"],
                                [list(row) for row in self.confusion]))
        if self.errors and max_errors:
            lines = [_error_line(error) for error in self.errors[:max_errors]]
            if len(self.errors) > max_errors:
                lines.append(f"... and {len(self.errors) - max_errors} more")
            parts.append("Errors\n" + "\n".join(lines))
        return "\n\n".join(parts) + "\n"


# --------------------------------------------------------------------------- loading


def _read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: malformed JSON line ({error.msg})") from None
            if not isinstance(record, dict):
                raise ValueError(f"{path}:{number}: expected a JSON object")  # noqa: TRY004 (a data error)
            records.append(record)
    return records


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read a gold file (JSON Lines); ``detect_gold_kind`` checks that it is one we can score."""
    records = _read_jsonl(path)
    detect_gold_kind(records)
    return records


def load_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Read event records (SPEC section 4) as written by ``warlog extract``."""
    records = _read_jsonl(path)
    for number, record in enumerate(records, start=1):
        if "doc_id" not in record or "sub_event_type" not in record:
            raise ValueError(f"{path}: record {number} is not an event record (needs doc_id, sub_event_type)")
    return records


def detect_gold_kind(gold: list[dict[str, Any]]) -> str:
    """Return ``"documents"`` or ``"sentences"``; raise ValueError for anything else or a mixture."""
    kinds = set()
    for record in gold:
        if "doc_id" in record and ("evidence" in record or record.get("document") is True):
            kinds.add("documents")
        elif "id" in record and ("text" in record or "ref" in record) and "sub_event_type" in record:
            kinds.add("sentences")
        else:
            raise ValueError(f"unrecognised gold record: {sorted(record)}")
    if len(kinds) != 1:
        raise ValueError("gold file is empty" if not kinds else "gold file mixes document and sentence gold")
    return kinds.pop()


def gold_doc_ids(gold: list[dict[str, Any]]) -> list[str]:
    """Document (or snippet) ids a gold file covers, in file order: what to run the extractor on."""
    key = "doc_id" if detect_gold_kind(gold) == "documents" else "id"
    return list(dict.fromkeys(record[key] for record in gold))


def evaluate(
    gold: list[dict[str, Any]],
    predictions: list[dict[str, Any]],
    *,
    split: str | None = None,
    include_aggregates: bool = False,
) -> Report:
    """Score predictions against gold of either kind (the entry point for ``warlog eval``)."""
    if detect_gold_kind(gold) == "sentences":
        return score_sentences(gold, predictions, split=split)
    return score_documents(gold, predictions, include_aggregates=include_aggregates)


# --------------------------------------------------------------------------- field comparison


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text.replace("’", "'").replace("'", "")).strip()
    return re.sub(r"^the ", "", text)


def _name_variants(name: str | None) -> set[str]:
    """A name, its id tail (``acled:sdf`` -> ``sdf``) and its parts around a parenthesis."""
    if not name:
        return set()
    raw = {name, name.rsplit(":", 1)[-1], re.sub(r"\(.*?\)", "", name)}
    raw.update(re.findall(r"\((.*?)\)", name))
    return {n for n in map(_norm, raw) if n}


def _is_unidentified(name: str) -> bool:
    return _norm(name).startswith(("unidentified", "unknown"))


def _accepted(gold: dict[str, Any], key: str) -> list[Any]:
    return [gold.get(key), *(gold.get(f"{key}_alts") or [])]


def _canonical_names(actor_id: Any) -> list[str]:
    """Both canonical spellings of a dictionary actor: its plain name ("Turkish Armed Forces") and its
    ACLED name ("Military Forces of Turkey (2002-)"). Coders write either; they are one actor, so a
    prediction carrying the id is scored against both (an alias is never enough)."""
    from warlog.resolve.actors import ActorDictionary  # the scorer needs the dictionary only for ids

    entry = ActorDictionary.default().get(actor_id) if isinstance(actor_id, str) else None
    return [n for n in (entry.name, entry.acled_name) if n] if entry else []


def _actor_ok(gold: dict[str, Any], key: str, predicted: Any) -> bool:
    """Gold name or any alt against the predicted actor's name, id or mention; null means no actor."""
    accepted = _accepted(gold, key)
    names = [predicted] if isinstance(predicted, str) else [
        (predicted or {}).get(part) for part in ("name", "id", "mention")
    ] + _canonical_names((predicted or {}).get("id"))
    names = [n for n in names if n and not _is_unidentified(n)]
    if not names:
        return None in accepted or any(isinstance(a, str) and _is_unidentified(a) for a in accepted)
    wanted = set().union(*(_name_variants(a) for a in accepted if isinstance(a, str)))
    return any(_name_variants(n) & wanted for n in names)


def _actors_ok(gold: dict[str, Any], pred: dict[str, Any]) -> tuple[bool, bool]:
    """Actor1/actor2 agreement; for battles either side may be listed first (ACLED does not order them)."""
    straight = (_actor_ok(gold, "actor1", pred.get("actor1")), _actor_ok(gold, "actor2", pred.get("actor2")))
    if gold.get("event_type") != "Battles":
        return straight
    swapped = (_actor_ok(gold, "actor2", pred.get("actor1")), _actor_ok(gold, "actor1", pred.get("actor2")))
    return swapped if sum(swapped) > sum(straight) else straight


def _place_ok(gold_place: dict[str, Any] | None, predicted: dict[str, Any] | None) -> bool:
    """Within the gold precision's distance when both have coordinates, else by name (or alts)."""
    if gold_place is None or predicted is None:
        return gold_place is None and predicted is None
    coords = [gold_place.get("latitude"), gold_place.get("longitude"),
              predicted.get("latitude"), predicted.get("longitude")]
    if all(c is not None for c in coords):
        limit = GEO_TOLERANCE_KM.get(gold_place.get("geo_precision"), DEFAULT_TOLERANCE_KM)
        return haversine_km(*coords) <= limit
    wanted = {_norm(n) for n in [gold_place.get("name"), *(gold_place.get("alts") or [])] if n}
    return any(_norm(n) in wanted for n in (predicted.get("name"), predicted.get("mention")) if n)


def _coordinates(place: dict[str, Any] | None) -> tuple[float, float] | None:
    if not place or place.get("latitude") is None or place.get("longitude") is None:
        return None
    return float(place["latitude"]), float(place["longitude"])


def _tally_place_distance(gold: dict[str, Any], pred: dict[str, Any], tally: _Tally) -> None:
    """Distance figures of one matched pair whose gold place has coordinates: within 10/25/50 km
    (a prediction without coordinates is within none), and, when the prediction is located, a gross
    error beyond GROSS_PLACE_ERROR_KM. Counted in ``tally.places``."""
    gold_point = _coordinates(gold.get("location"))
    if gold_point is None:
        return
    known = in_gazetteer(gold["location"])
    tally.places["gold_located"] += 1
    tally.places["gold_known"] += known
    predicted_point = _coordinates(pred.get("location"))
    if predicted_point is None:
        return
    distance = haversine_km(*gold_point, *predicted_point)
    tally.places["located"] += 1
    tally.places["gross"] += distance > GROSS_PLACE_ERROR_KM
    for limit in PLACE_DISTANCES_KM:
        tally.places[f"within_{limit}"] += distance <= limit
    tally.places["known_within"] += known and distance <= IN_GAZETTEER_KM


def _place_distance_metrics(places: Counter) -> dict[str, float | None]:
    gold_located, located = places["gold_located"], places["located"]
    metrics: dict[str, float | None] = {
        f"place_within_{limit}km": places[f"within_{limit}"] / gold_located if gold_located else None
        for limit in PLACE_DISTANCES_KM}
    # Issue 18's measure: over the gold places the gazetteer could have given (evaluation_places.py).
    metrics[f"place_within_{IN_GAZETTEER_KM}km_in_gazetteer"] = (
        places["known_within"] / places["gold_known"] if places["gold_known"] else None)
    metrics["place_gross_error_rate"] = places["gross"] / located if located else None
    return metrics


def _value_ok(key: str) -> Callable[[dict[str, Any], dict[str, Any]], bool]:
    return lambda gold, pred: pred.get(key, "asserted" if key == "status" else None) in _accepted(gold, key)


def _date_near(gold: dict[str, Any], predicted: Any, days: int = 1) -> bool:
    """The predicted day within ``days`` of the gold date or an accepted alternative (null = null)."""
    accepted = _accepted(gold, "date")
    if predicted is None:
        return None in accepted
    try:
        day = date.fromisoformat(str(predicted)[:10])
    except ValueError:
        return False
    for value in accepted:
        try:
            if value is not None and abs((date.fromisoformat(str(value)[:10]) - day).days) <= days:
                return True
        except ValueError:
            continue
    return False


FIELD_CHECKS: dict[str, Callable[[dict[str, Any], dict[str, Any]], bool]] = {
    "sub_event_type": _value_ok("sub_event_type"),
    "event_type": _value_ok("event_type"),
    "actor1": lambda g, p: _actors_ok(g, p)[0],
    "actor2": lambda g, p: _actors_ok(g, p)[1],
    "location": lambda g, p: _place_ok(g.get("location"), p.get("location")),
    "date": _value_ok("date"),
    "date_within_a_day": lambda g, p: _date_near(g, p.get("date")),
    "fatalities": _value_ok("fatalities"),
    "status": _value_ok("status"),
    "claimant": lambda g, p: _actor_ok(g, "claimant", p.get("claimant")),
    "arrested": _value_ok("arrested"),
}
OPTIONAL_FIELDS = frozenset({"arrested"})  # scored only where the gold record has the key


# --------------------------------------------------------------------------- matching


def _norm_quote(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def _content_tokens(text: str) -> list[str]:
    return [t for t in re.findall(r"[a-z0-9]+", text) if len(t) >= 3 or t.isdigit()]


def evidence_overlap(gold: dict[str, Any], predicted_text: str) -> float:
    """How much of the gold quote (or its best alt) the predicted evidence covers, 0..1."""
    text = _norm_quote(predicted_text or "")
    best = 0.0
    for quote in [gold.get("evidence") or "", *(gold.get("evidence_alts") or [])]:
        quote = _norm_quote(quote)
        if not quote or not text:
            continue
        if quote in text:
            return 1.0
        if text in quote:
            best = max(best, len(text) / len(quote))
            continue
        wanted, have = _content_tokens(quote), set(_content_tokens(text))
        if wanted:
            best = max(best, sum(t in have for t in wanted) / len(wanted))
    return best


def _evidence_text(pred: dict[str, Any]) -> str:
    evidence = pred.get("evidence")
    return evidence.get("text", "") if isinstance(evidence, dict) else str(evidence or "")


def _match_score(gold: dict[str, Any], pred: dict[str, Any]) -> float | None:
    """Evidence overlap plus bonuses for type, date and place; None when the pair cannot match."""
    overlap = evidence_overlap(gold, _evidence_text(pred))
    same_type = pred.get("sub_event_type") in _accepted(gold, "sub_event_type")
    same_date = pred.get("date") is not None and pred.get("date") in _accepted(gold, "date")
    same_place = gold.get("location") is not None and _place_ok(gold.get("location"), pred.get("location"))
    if overlap < MATCH_MIN_EVIDENCE and not (same_type and same_date and same_place):
        return None
    return overlap + 0.5 * same_type + 0.25 * same_date + 0.25 * same_place


def match_events(golds: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[int, int]:
    """Greedy one-to-one matching by score within one document: gold index -> prediction index."""
    candidates = []
    for gi, gold in enumerate(golds):
        for pi, pred in enumerate(preds):
            score = _match_score(gold, pred)
            if score is not None:
                candidates.append((-score, gi, pi))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in sorted(candidates):
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return matched


# --------------------------------------------------------------------------- document mode


def _says_it_happened(record: dict[str, Any]) -> bool:
    return record.get("status", "asserted") not in UNASSERTED_STATUSES


def _snippet(text: str, limit: int = 90) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class _Tally:
    counts: Counter = field(default_factory=Counter)
    hits: Counter = field(default_factory=Counter)
    checked: Counter = field(default_factory=Counter)
    confusion: Counter = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)
    # Field-level P/R/F1: a correct, filled value counts; every filled prediction and gold value is tried.
    correct_filled: Counter = field(default_factory=Counter)
    predicted_filled: Counter = field(default_factory=Counter)
    expected_filled: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)  # distance figures (_tally_place_distance)
    date_sources: Counter = field(default_factory=Counter)  # (date_source, "events" | "exact" | "within_a_day")

    def add_error(self, error: dict[str, Any], component: str | None) -> None:
        """One error, with the extraction component that made it when the extraction was traced."""
        if component is not None:
            error["component"] = component
        self.errors.append(error)


# The pipeline stage each kind of error points to, so a figure says where to look (issue 15).
FIELD_STAGE = {
    "sub_event_type": "typed wrong", "event_type": "typed wrong", "actor1": "roles", "actor2": "roles",
    "location": "place", "date": "date", "date_within_a_day": "date", "fatalities": "numbers",
    "status": "status", "claimant": "status", "arrested": "numbers",
}
STAGES = ("not detected", "merged away", "false event", "duplicate", "claim as fact", "typed wrong", "roles",
          "place", "date", "numbers", "status")  # fmt: skip

# The figures ``Report.groups`` gives per document kind.
GROUP_METRICS = {"detection_precision": "detect P", "detection_recall": "detect R", "typed_f1": "typed F1",
                 "location_accuracy": "place", "date_accuracy": "date", "date_within_a_day_accuracy": "date ±1d",
                 "place_gross_error_rate": "gross", "actor1_accuracy": "actor1", "actor2_accuracy": "actor2",
                 "status_accuracy": "status"}  # fmt: skip

# Fields with field-level precision/recall/F1 (values that can be missing on either side).
PRF_FIELDS = ("actor1", "actor2", "location", "date", "fatalities", "claimant")


def _filled(record: dict[str, Any], name: str) -> bool:
    value = record.get(name)
    return value not in (None, "", [], {})


def _score_pair(doc_id: str, gold: dict[str, Any], pred: dict[str, Any], tally: _Tally, blame: Blame | None) -> None:
    right: dict[str, bool] = {}
    for name, check in FIELD_CHECKS.items():
        if name in OPTIONAL_FIELDS and name not in gold:
            continue
        ok = right[name] = check(gold, pred)
        tally.checked[name] += 1
        tally.hits[name] += ok
        if name in PRF_FIELDS and ok and _filled(gold, name) and _filled(pred, name):
            tally.correct_filled[name] += 1
        if not ok:
            tally.add_error({"doc_id": doc_id, "kind": "field", "field": name, "stage": FIELD_STAGE[name],
                             "gold": gold.get(name), "predicted": pred.get(name),
                             "evidence": _snippet(gold.get("evidence", ""))},
                            blame and blame.field(doc_id, pred, name))
    _tally_place_distance(gold, pred, tally)
    source = pred.get("date_source") or ("none" if pred.get("date") is None else "unstated")
    tally.date_sources[(source, "events")] += 1
    tally.date_sources[(source, "exact")] += right["date"]
    tally.date_sources[(source, "within_a_day")] += right["date_within_a_day"]
    if pred.get("sub_event_type") not in _accepted(gold, "sub_event_type"):
        tally.confusion[(gold["sub_event_type"], pred.get("sub_event_type"))] += 1


def _count_predicted_fields(pred: dict[str, Any], tally: _Tally) -> None:
    for name in PRF_FIELDS:
        tally.predicted_filled[name] += _filled(pred, name)


def _score_document(
    doc_id: str, golds: list, preds: list, include_aggregates: bool, tally: _Tally, blame: Blame | None
) -> None:
    matched = match_events(golds, preds)
    for gi, gold in enumerate(golds):
        counted = gold.get("core", True) and (include_aggregates or not gold.get("aggregate", False))
        pred = preds[matched[gi]] if gi in matched else None
        if counted:
            for name in PRF_FIELDS:
                tally.expected_filled[name] += _filled(gold, name)
        if counted and pred is not None:
            tally.counts["true_positives"] += 1
            _count_predicted_fields(pred, tally)
            _score_pair(doc_id, gold, pred, tally, blame)
        elif counted:
            tally.counts["false_negatives"] += 1
            # A prediction that could have matched but went to another gold event: the document's
            # events were merged into one; none at all: the sentence yielded nothing.
            merged = any(_match_score(gold, p) is not None for p in preds)
            tally.add_error({"doc_id": doc_id, "kind": "missed", "gold": gold["sub_event_type"],
                             "stage": "merged away" if merged else "not detected",
                             "evidence": _snippet(gold.get("evidence", ""))},
                            blame and blame.missed(doc_id, gold))
        elif pred is not None and not _says_it_happened(gold) and _says_it_happened(pred) \
                and pred.get("status") not in _accepted(gold, "status"):
            tally.counts["false_positives"] += 1
            tally.counts["non_events_reported_as_events"] += 1
            tally.add_error({"doc_id": doc_id, "kind": "non-event reported", "gold": gold["status"],
                             "stage": "claim as fact", "predicted": pred.get("status", "asserted"),
                             "evidence": _snippet(gold.get("evidence", ""))},
                            blame and blame.field(doc_id, pred, "status"))
        elif pred is not None:
            tally.counts["ignored_predictions"] += 1
    taken = set(matched.values())
    for pi, pred in enumerate(preds):
        if pi in taken:
            continue
        if not _says_it_happened(pred):
            tally.counts["ignored_predictions"] += 1
            continue
        duplicate = any(_match_score(g, pred) is not None for g in golds)
        tally.counts["false_positives"] += 1
        _count_predicted_fields(pred, tally)
        tally.add_error({"doc_id": doc_id, "kind": "duplicate" if duplicate else "spurious",
                         "stage": "duplicate" if duplicate else "false event",
                         "predicted": pred.get("sub_event_type"), "evidence": _snippet(_evidence_text(pred))},
                        blame and blame.spurious(doc_id, pred, duplicate))


def doc_id_resolver(gold_ids: Iterable[str]) -> Callable[[Any], str | None]:
    """Map a prediction's doc_id to a gold doc_id.

    Besides exact ids, a numbered corpus id such as ``000`` resolves to the one gold id that starts
    with ``000_`` (the seed files are named ``000_<hash>.txt`` while ``seeds.jsonl``, which carries
    their publication dates, calls them ``000``), so either input can be scored against the same gold.
    """
    exact = set(gold_ids)
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for gold_id in exact:
        number, underscore, _ = gold_id.partition("_")
        if underscore and number.isdigit():
            by_prefix[number].append(gold_id)

    def resolve(doc_id: Any) -> str | None:
        if doc_id in exact:
            return doc_id
        candidates = by_prefix.get(str(doc_id), [])
        return candidates[0] if len(candidates) == 1 else None

    return resolve


def score_documents(
    gold: list[dict[str, Any]], predictions: list[dict[str, Any]], *, include_aggregates: bool = False,
    blame: Blame | None = None,
) -> Report:
    """Detection P/R/F1, correctly-typed P/R/F1 and per-field accuracy on matched events; with document
    records that name a ``kind``, the headline figures again for each kind (``Report.groups``); with a
    ``blame`` (the traced extraction, see evaluation_blame.py), each error's component."""
    report = _score_documents(gold, predictions, include_aggregates, blame)
    kind_of = {r["doc_id"]: r["kind"] for r in gold if r.get("document") and r.get("kind")}
    for kind in sorted(set(kind_of.values())):
        subset = [r for r in gold if kind_of.get(r["doc_id"]) == kind]
        part = _score_documents(subset, predictions, include_aggregates, None)
        report.groups[kind] = {"documents": part.counts["documents"], "gold_events": part.counts["gold_events"],
                               "metrics": {name: part.metrics.get(name) for name in GROUP_METRICS}}
    return report


def _score_documents(
    gold: list[dict[str, Any]], predictions: list[dict[str, Any]], include_aggregates: bool, blame: Blame | None
) -> Report:
    gold_by_doc: dict[str, list] = defaultdict(list)
    for record in gold:
        events = gold_by_doc[record["doc_id"]]  # a document record only makes sure the key exists
        if not record.get("document"):
            events.append(record)
    preds_by_doc: dict[str, list] = defaultdict(list)
    outside = 0
    resolve = doc_id_resolver(gold_by_doc)
    for pred in predictions:
        doc_id = resolve(pred.get("doc_id"))
        if doc_id is None:
            outside += 1
        else:
            preds_by_doc[doc_id].append(pred)
    tally = _Tally()
    blame = blame.keyed_by(resolve) if blame is not None else None
    for doc_id, golds in gold_by_doc.items():
        _score_document(doc_id, golds, preds_by_doc.get(doc_id, []), include_aggregates, tally, blame)

    c = tally.counts
    tp, fp, fn = c["true_positives"], c["false_positives"], c["false_negatives"]
    typed = tally.hits["sub_event_type"]
    detection, correctly_typed = prf(tp, tp + fp, tp + fn), prf(typed, tp + fp, tp + fn)
    metrics: dict[str, float | None] = {
        "detection_precision": detection[0], "detection_recall": detection[1], "detection_f1": detection[2],
        "typed_precision": correctly_typed[0], "typed_recall": correctly_typed[1],
        "typed_f1": correctly_typed[2],
    }
    for name in FIELD_CHECKS:
        checked = tally.checked[name]
        metrics[f"{name}_accuracy"] = tally.hits[name] / checked if checked else None
    metrics.update(_place_distance_metrics(tally.places))
    for name in PRF_FIELDS:
        p, r, f = prf(tally.correct_filled[name], tally.predicted_filled[name], tally.expected_filled[name])
        metrics.update({f"{name}_precision": p, f"{name}_recall": r, f"{name}_f1": f})
    counts = {
        "documents": len(gold_by_doc), "gold_events": tp + fn,
        "predictions": sum(len(p) for p in preds_by_doc.values()),
        "true_positives": tp, "false_positives": fp, "false_negatives": fn,
        "non_events_reported_as_events": c["non_events_reported_as_events"],
        "ignored_predictions": c["ignored_predictions"], "predictions_outside_gold": outside,
    }
    counts.update({f"n_{name}": tally.checked[name] for name in FIELD_CHECKS})
    counts.update({f"n_place_within_{limit}km": tally.places["gold_located"] for limit in PLACE_DISTANCES_KM})
    counts[f"n_place_within_{IN_GAZETTEER_KM}km_in_gazetteer"] = tally.places["gold_known"]
    counts["n_place_gross_error_rate"] = tally.places["located"]
    confusion = [(g, p, n) for (g, p), n in tally.confusion.most_common(CONFUSION_PAIRS_SHOWN)]
    stages = Counter(error["stage"] for error in tally.errors)
    return Report(mode="documents", metrics=metrics, counts=counts, confusion=confusion,
                  errors=tally.errors, settings={"include_aggregates": include_aggregates},
                  stages={stage: stages[stage] for stage in STAGES if stages[stage]},
                  date_sources=_date_source_rows(tally.date_sources),
                  components=dict(Counter(_component_name(e) for e in tally.errors if "component" in e).most_common()))


def _date_source_rows(tallied: Counter) -> dict[str, dict[str, float]]:
    """Per date source, most events first: events, and the shares exact and within a day."""
    sources = sorted({source for source, _ in tallied}, key=lambda s: -tallied[(s, "events")])
    return {source: {"events": tallied[(source, "events")],
                     "exact": tallied[(source, "exact")] / tallied[(source, "events")],
                     "within_a_day": tallied[(source, "within_a_day")] / tallied[(source, "events")]}
            for source in sources}


def _component_name(error: dict[str, Any]) -> str:
    """The component an error is attributed to, without the reason a drop gives ("filters (background)")."""
    return error["component"].split(" (")[0]


# --------------------------------------------------------------------------- sentence mode


def _label(value: Any) -> str:
    return value if isinstance(value, str) and value.strip() else NO_EVENT


def _averaged_f1(per_class: list[dict[str, Any]], labels: Iterable[str]) -> tuple[float | None, float | None]:
    rows = [row for row in per_class if row["label"] in set(labels) and row["support"]]
    if not rows:
        return None, None
    macro = sum(row["f1"] for row in rows) / len(rows)
    weighted = sum(row["f1"] * row["support"] for row in rows) / sum(row["support"] for row in rows)
    return macro, weighted


def score_sentences(
    gold: list[dict[str, Any]], predictions: list[dict[str, Any]], split: str | None = None
) -> Report:
    """Per-class and averaged P/R/F1 of the most confident predicted sub-event type per snippet."""
    rows = [g for g in gold if split is None or g.get("split") == split]
    if not rows:
        raise ValueError(f"no gold sentences in split {split!r}")
    best: dict[str, dict[str, Any]] = {}
    ids = {row["id"] for row in rows}
    for pred in predictions:
        doc_id = pred.get("doc_id")
        if doc_id in ids and (doc_id not in best or pred.get("confidence", 0) > best[doc_id].get("confidence", 0)):
            best[doc_id] = pred
    pairs, type_hits, status = [], 0, Counter()
    for row in rows:
        pred = best.get(row["id"], {})
        gold_label, pred_label = _label(row.get("sub_event_type")), _label(pred.get("sub_event_type"))
        pairs.append((gold_label, pred_label))
        type_hits += _label(row.get("event_type") if gold_label != NO_EVENT else None) == _label(
            pred.get("event_type") if pred_label != NO_EVENT else None)
        if gold_label != NO_EVENT and gold_label == pred_label:
            for key in ("status", "fatalities"):
                if key in row:
                    status[f"n_{key}"] += 1
                    status[key] += pred.get(key, "asserted" if key == "status" else None) == row[key]
    per_class = []
    for label in sorted({g for g, _ in pairs} | {p for _, p in pairs}):
        tp = sum(1 for g, p in pairs if g == p == label)
        support, predicted = sum(1 for g, _ in pairs if g == label), sum(1 for _, p in pairs if p == label)
        precision, recall, f1 = prf(tp, predicted, support)
        per_class.append({"label": label, "support": support, "predicted": predicted,
                          "precision": precision, "recall": recall, "f1": f1 or 0.0})
    gold_labels = {g for g, _ in pairs}
    macro, weighted = _averaged_f1(per_class, gold_labels - {NO_EVENT})
    macro_none, weighted_none = _averaged_f1(per_class, gold_labels)
    metrics = {
        "accuracy": sum(g == p for g, p in pairs) / len(pairs),
        "macro_f1": macro, "weighted_f1": weighted,
        "macro_f1_with_none": macro_none, "weighted_f1_with_none": weighted_none,
        "event_type_accuracy": type_hits / len(pairs),
        "status_accuracy": status["status"] / status["n_status"] if status["n_status"] else None,
        "fatalities_accuracy": status["fatalities"] / status["n_fatalities"] if status["n_fatalities"] else None,
    }
    confusion = Counter((g, p) for g, p in pairs if g != p).most_common(CONFUSION_PAIRS_SHOWN)
    counts = {"sentences": len(rows), "with_prediction": len(best),
              "gold_events": sum(g != NO_EVENT for g, _ in pairs),
              "n_status": status["n_status"], "n_fatalities": status["n_fatalities"]}
    return Report(mode="sentences", metrics=metrics, counts=counts, per_class=per_class,
                  confusion=[(g, p, n) for (g, p), n in confusion], settings={"split": split})
