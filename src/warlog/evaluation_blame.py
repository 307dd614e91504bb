"""Which extraction component made each error ``warlog eval`` finds.

When ``eval`` runs warlog's own extraction (``--corpus``), every document comes back annotated
(``extract/annotated.py``): its candidate sentences, the mentions a component dropped and why, and
per event the sentences it merged and the component that last filled each field. From that trace:

* a wrong or missing field: the component that filled it, else the one declared to fill it;
* a missed gold event: its evidence sentence was never flagged (``triggers``), was dropped (the
  dropping component, e.g. ``filters`` or ``status``), or was merged into another event (``merge``);
* a false event: the trigger that fired (``triggers``); a duplicate: ``merge``, which kept it apart;
* a claim coded as fact: the component that set the status (``status``, or ``own claims``).

Scored predictions from a file (``--predictions``) carry no trace: their errors name no component.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

# An error's field -> the traced mention field that holds it.
TRACED_AS = {"event_type": "sub_event_type", "date_within_a_day": "date"}
UNLOCATED = "gold evidence not found"


class Blame:
    """Attributes errors to components from per-document traces (``AnnotatedDocument.trace``).

    ``owners``: field -> the component declared to fill it, for a field no component touched.
    """

    def __init__(self, traces: dict[str, dict[str, Any]], owners: dict[str, str]) -> None:
        self.traces = traces
        self.owners = owners

    def keyed_by(self, resolve) -> Blame:
        """The same traces under the gold's document ids (``resolve``: a prediction's id -> gold id)."""
        keyed = {resolve(doc_id): trace for doc_id, trace in self.traces.items()}
        return Blame({doc_id: trace for doc_id, trace in keyed.items() if doc_id is not None}, self.owners)

    def field(self, doc_id: str, pred: dict[str, Any], name: str) -> str | None:
        event = self._event(doc_id, pred)
        if event is None:
            return None
        traced = TRACED_AS.get(name, name)
        return event["filled_by"].get(traced) or self.owners.get(traced)

    def missed(self, doc_id: str, gold: dict[str, Any]) -> str | None:
        trace = self.traces.get(doc_id)
        if trace is None:
            return None
        sentence = _sentence_of(trace, gold.get("evidence") or "")
        if sentence is None:
            return UNLOCATED
        start = sentence[0]
        drop = next((d for d in trace["drops"] if d["start"] == start), None)
        if drop is not None:
            return f"{drop['component']} ({drop['reason']})"
        if any(s == start for event in trace["events"].values() for s, _ in event["sentences"]):
            return "merge"
        if not any(s == start for s, _ in trace["candidates"]):
            return "triggers"
        return "merge"  # a candidate that is no drop and no event's: its incident went to another event

    def spurious(self, doc_id: str, pred: dict[str, Any], duplicate: bool) -> str | None:
        if self._event(doc_id, pred) is None:
            return None
        return "merge" if duplicate else "triggers"

    def _event(self, doc_id: str, pred: dict[str, Any]) -> dict[str, Any] | None:
        trace = self.traces.get(doc_id)
        return None if trace is None else trace["events"].get(pred.get("id"))


def _sentence_of(trace: dict[str, Any], evidence: str) -> list[int] | None:
    """The traced sentence holding the gold evidence's start, found by its words (spacing and case
    may differ from the document's); the last words are tried when the first are not found."""
    words = re.findall(r"\w+", evidence)
    if not words:
        return None
    text = trace["text"]
    found = None
    for part in (words[:8], words[-8:]):
        pattern = r"\W+".join(re.escape(word) for word in part)
        found = re.search(pattern, text, re.IGNORECASE)
        if found:
            break
    if found is None:
        return None
    sentences = trace["sentences"]
    k = bisect_right([s for s, _ in sentences], found.start()) - 1
    return sentences[k] if k >= 0 and found.start() < sentences[k][1] else None
