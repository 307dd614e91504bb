"""Admiralty (NATO) grading of an incident: source reliability A-F and information credibility 1-6.

Reliability is that of the best independent source reporting the happening (a party's statement
about its own operations counts no better than E). Credibility comes from independent
corroboration and contradiction:

1 confirmed      two or more independent sources report it, at least one of them neither a party
                 speaking of itself nor worse than C
2 probably true  two or more independent sources, or one source rated A-C reporting it as fact
3 possibly true  one source rated D-E, or only a claim or allegation, or only a party's own word
6 cannot be judged: one source that cannot be judged (F)

A denial by another independent source lowers the grade by two (a contested happening), and tolls
far apart (the highest more than twice the lowest and at least five more) by one, never below 5.
The reasoning is kept in words with each incident, so an analyst can check and overrule it.
"""

from __future__ import annotations

from dataclasses import dataclass

from warlog.models import FACTUAL_STATUSES, Fatalities

DENIED = "denied"


@dataclass(frozen=True)
class SourceReport:
    """What one independent source says about the incident (its documents folded together)."""

    source: str
    kind: str | None
    reliability: str  # effective: already capped for a party's own statement
    statuses: tuple[str, ...]
    own_statement: bool = False
    documents: int = 1


@dataclass(frozen=True)
class Grade:
    code: str
    level: int
    reasoning: str


def tolls_far_apart(fatalities: Fatalities) -> bool:
    low, high = fatalities.min, fatalities.max
    return low is not None and high is not None and high > 2 * low and high - low >= 5


def _describe(report: SourceReport) -> str:
    kind = report.kind or "unregistered"
    copies = f", {report.documents} documents" if report.documents > 1 else ""
    own = ", a party on its own operations" if report.own_statement else ""
    return f"{report.source} ({kind}, {report.reliability}{own}{copies}: {'/'.join(report.statuses)})"


def grade(reports: list[SourceReport], fatalities: Fatalities) -> Grade:
    """The Admiralty code of an incident from its independent sources' reports."""
    confirming = [r for r in reports if any(s != DENIED for s in r.statuses)]
    denying = [r for r in reports if r.statuses and all(s == DENIED for s in r.statuses)]
    pool = confirming or reports
    reliability = min((r.reliability for r in pool), default="F")
    reasons = [f"{len(reports)} independent source(s): " + "; ".join(_describe(r) for r in reports)]
    solid = [r for r in confirming if not r.own_statement and r.reliability <= "C"]
    factual = [r for r in confirming if any(s in FACTUAL_STATUSES for s in r.statuses)]
    if len(confirming) >= 2 and solid:
        level = 1
        reasons.append(f"confirmed by {len(confirming)} independent sources, {solid[0].source} among them")
    elif len(confirming) >= 2:
        level = 2
        reasons.append(f"{len(confirming)} independent sources agree, none of them both neutral and rated A-C")
    elif confirming and confirming[0].reliability == "F":
        level = 6
        reasons.append("a single source that cannot be judged")
    elif solid and factual:
        level = 2
        reasons.append(f"a single source rated {reliability} reports it as fact; not yet corroborated")
    else:
        level = 3
        reasons.append("a single source's claim, allegation or own statement; not corroborated")
    if denying and confirming:
        level = min(level + 2, 5)
        reasons.append("denied by " + ", ".join(r.source for r in denying) + ": contested")
    elif denying:
        level = 5
        reasons.append("only denials were reported")
    if tolls_far_apart(fatalities):
        level = min(level + 1, 5) if level < 6 else level
        reasons.append(f"tolls reported far apart ({fatalities.min} to {fatalities.max})")
    reasons.append(f"reliability {reliability}: the best independent source")
    return Grade(f"{reliability}{level}", level, "; ".join(reasons) + ".")
