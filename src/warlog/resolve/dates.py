"""When did it happen: date mentions in a sentence, resolved against the publication date.

News reports rarely write a full date; they write "on Wednesday", "November 1", "last month",
"the previous day". Each of those is resolved against the report's publication date (or, for
"the previous day", the date the document last mentioned, the ``anchor``). Without a publication
date a relative expression resolves to nothing: the processing date is never a stand-in, because
an invented date is worse than a missing one (SPEC section 4: unknown is null).

Conventions (one place to change them):

* ``date`` is the first day of the span the mention names: the day itself (precision 1); for a
  week the Monday (precision 2), unless a weekday was named, which gives the day; for a month
  the 1st and for a year 1 January (precision 3, "month or vaguer"). Periods carry ``end_date``.
  ``unit`` says what the mention names: an event known only to the year is written with no date at
  all (SPEC section 4: the date field is a day, and no day is known), never as 1 January.
* A weekday is the most recent such day on or before publication: "on Wednesday" in a Thursday
  report is the day before, in a Wednesday report the same day; "last Wednesday" is never the
  publication day itself; "next Wednesday" is the coming one.
* A month and day without a year take the publication year, or the year before if that would put
  the date after publication ("December 28" in a 3 January report is the previous December).
* A month or year that ends before the month preceding publication is ``background``: context,
  usually not the reported event ("the group, which seized the town in 2018, ...").
* A date right after a speech verb ("said on November 12") is flagged ``statement``: it dates
  the report of the event, so ``event_date`` prefers any other date and otherwise returns it with
  precision at least 2 (the event happened on or before it).

Word lists (month and weekday names, relative phrases, speech verbs) live in
``data/date_cues.yaml``, number words in ``data/numbers.yaml``; the regexes are built from them once
per process.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from warlog.ingest.dates import numeric_day, year_of_month
from warlog.knowledge import load_yaml
from warlog.months import MONTH_NUMBERS
from warlog.quantities import number_words, parse_quantity

PRECISION_DAY, PRECISION_WEEK, PRECISION_MONTH = 1, 2, 3


@dataclass
class DateMention:
    """One date expression in a sentence; ``start``/``end`` are offsets into that sentence.

    ``kind`` is "absolute" (a calendar date or month/year name), "relative" ("yesterday",
    "last week"), "weekday" ("on Wednesday"), "period" (a range, with ``end_date``; "until X" has
    only the end), "since" (from a date to publication) or "background" (a month or year well
    before publication). ``date`` is None when the mention
    cannot be resolved (no publication date to count from).
    """

    start: int
    end: int
    text: str
    date: str | None
    precision: int | None
    kind: str
    end_date: str | None = None
    statement: bool = False
    # Where "since the <earlier event> ..." opens when the mention is inside one (that event's date, not the
    # reported one's, unless the trigger is in the same phrase), else None.
    reference: int | None = None
    unit: str = "day"  # what the mention names: day | week | month | year


@dataclass(frozen=True)
class _Cues:
    months: dict[str, int]
    weekdays: dict[str, int]
    numeric: re.Pattern[str]
    relative: dict[str, dict[str, Any]]
    counted_units: dict[str, str]
    counted_bases: dict[str, str]
    counted_forward: frozenset[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    period_open: re.Pattern[str]
    period_join: re.Pattern[str]
    since: re.Pattern[str]
    until: re.Pattern[str]
    statement: re.Pattern[str]
    reference: re.Pattern[str]
    reference_window: int  # how far back a reference's opener can start: the longest opener and the reach
    on_before: re.Pattern[str]
    prepositions: frozenset[str]


def _alternation(words: Any) -> str:
    return "|".join(re.escape(str(w)) for w in sorted(words, key=len, reverse=True))


def _names(table: dict[str, int]) -> str:
    """Full names, then abbreviations with an optional full stop ("Nov.", never "November.")."""
    longest: dict[int, str] = {}
    for name, number in table.items():
        if len(name) > len(longest.get(number, "")):
            longest[number] = name
    full = set(longest.values())
    abbreviations = [name for name in table if name not in full]
    return rf"(?:{_alternation(full)})\b|(?:{_alternation(abbreviations)})\b\.?"


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    data = load_yaml("date_cues.yaml")
    month = rf"(?P<m>{_names(MONTH_NUMBERS)})"
    weekday = rf"(?P<w>{_names(data['weekdays'])})"
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b"
    year = r"(?P<y>(?:19|20)\d\d)\b"
    amounts = data["counted_amounts"]
    number_names = [w for w, v in number_words().units.items() if 0 < v <= amounts["largest_word"]]
    number = rf"\d+|{_alternation([*number_names, *amounts['words']])}"
    to_day = r"(?:\s*[-–]\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b)"  # "July 23-29", "25-29 July": a short period
    patterns = (
        ("iso", r"\b(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)\b"),
        ("numeric", r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d/])"),
        ("ymd", r"(?<![\d/])(?P<y>(?:19|20)\d\d)/(?P<mo>\d{1,2})/(?P<d>\d{1,2})(?![\d/])"),
        ("md", rf"\b{month}\s+{day}(?![:.]\d){to_day}?(?:,?\s+{year})?"),
        ("dm", rf"\b{day}{to_day}?\s+(?:of\s+)?{month}(?:,?\s+{year})?"),
        (
            "month",
            rf"\b(?:(?P<mod>last|early|mid-?|late|earlier in|later in|early in|late in)\s*)?{month}(?:,?\s+{year})?",
        ),
        ("year", rf"\b(?:(?P<mod>earlier in|later in|early in|late in|early|mid-?|late)\s*)?{year}"),
        ("weekday", rf"\b(?:(?P<mod>last|this|next|this past|past)\s+)?{weekday}"),
        ("relative", rf"\b(?P<r>{_alternation(r['phrase'] for r in data['relative'])})\b"),
        (
            "counted",
            (
                rf"\b(?P<n>{number})\s+(?P<u>{_alternation(data['counted_units'])})\s+"
                rf"(?P<b>{_alternation(data['counted_bases'])})\b"
            ),
        ),
    )
    compiled = tuple((name, re.compile(p, re.IGNORECASE)) for name, p in patterns)
    return _Cues(
        months=dict(MONTH_NUMBERS),
        numeric=dict(compiled)["numeric"],
        weekdays={k: int(v) for k, v in data["weekdays"].items()},
        relative={r["phrase"]: r for r in data["relative"]},
        counted_units=dict(data["counted_units"]),
        counted_bases=dict(data["counted_bases"]),
        counted_forward=frozenset(data["counted_forward"]),
        patterns=compiled,
        period_open=re.compile(rf"\b(?:{_alternation(data['period_openers'])})\s+$", re.IGNORECASE),
        period_join=re.compile(rf"\s*(?:{_alternation(data['period_joiners'])})\s*", re.IGNORECASE),
        since=re.compile(rf"\b(?:{_alternation(data['period_since'])})\s+$", re.IGNORECASE),
        until=re.compile(rf"\b(?:{_alternation(data['period_until'])})\s+$", re.IGNORECASE),
        statement=re.compile(
            rf"\b(?:{'|'.join(data['statement_cues'])})"
            r"(?:\s+(?:in|on|via)\s+(?:an?|its|the|his|her|their)\s+\w+)?"
            r"(?:\s+(?:late|early))?(?:\s+(?:on|in|dated))?\s+$",
            re.IGNORECASE,
        ),
        reference=re.compile(
            rf"\b(?:{_alternation(data['reference_openers'])})\s+[^,;.:()]{{0,{int(data['reference_reach'])}}}$",
            re.IGNORECASE),
        reference_window=max(map(len, data["reference_openers"])) + int(data["reference_reach"]) + 8,
        on_before=re.compile(r"\b(?:on|at|late on|early on)\s+$", re.IGNORECASE),
        prepositions=frozenset(str(p) for p in data["month_year_prepositions"]),
    )


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _span_end(start: date, precision: int, unit: str) -> date:
    if unit == "year":
        return date(start.year, 12, 31)
    if unit == "month":
        return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    if precision == PRECISION_WEEK:
        return start + timedelta(days=6)
    return start


@dataclass
class _Resolved:
    """A mention resolved to a span: first day, precision and the unit it names."""

    start: date | None
    precision: int
    kind: str
    unit: str  # day | week | month | year
    last: date | None = None  # a period's last day


def _year_for(month: int, day: int, published: date) -> int:
    candidate = _safe_date(published.year, month, day)
    if candidate is not None and candidate > published:
        return published.year - 1
    return published.year


def _numeric_day(groups: dict[str, Any], day_first: bool | None) -> date | None:
    """"29/08/2015", "29.08.2015", "08/29/2015": read as ``ingest.dates.numeric_day`` reads them,
    with the document's own convention (``day_first``, from its unambiguous numeric dates)."""
    day = numeric_day(int(groups["a"]), int(groups["b"]), int(groups["y"]), day_first, dotted=groups["sep"] == ".")
    return date.fromisoformat(day) if day else None


def numeric_order(text: str) -> bool | None:
    """The day/month order a text's unambiguous numeric dates agree on (True: day first), or None
    when it has none or they disagree: the convention its ambiguous ones ("07/08/2024") follow."""
    orders = set()
    for m in _cues().numeric.finditer(text):
        first, second = int(m.group("a")), int(m.group("b"))
        if first != second and m.group("sep") != "." and (first > 12) != (second > 12):
            orders.add(first > 12)
    return orders.pop() if len(orders) == 1 else None


def _year_of(month: int, day: int, published: date | None, month_known: tuple[int, int] | None) -> int | None:
    """The year of a date written without one: publication's (or the year before, when that would put
    it after publication); with only the publication month known, the same by month."""
    if published is not None:
        return _year_for(month, day, published)
    if month_known is not None:
        return year_of_month(month, *month_known)
    return None


def _resolve(
    kind: str, m: re.Match[str], published: date | None, anchor: date | None, cues: _Cues,
    month_known: tuple[int, int] | None = None, day_first: bool | None = None,
) -> _Resolved | None:
    groups = m.groupdict()
    if kind in ("iso", "ymd"):
        return _Resolved(
            _safe_date(int(groups["y"]), int(groups["mo"]), int(groups["d"])), 1, "absolute", "day"
        )
    if kind == "numeric":
        day_found = _numeric_day(groups, day_first)
        return _Resolved(day_found, 1, "absolute", "day") if day_found else None
    if kind in ("md", "dm"):
        month, day = cues.months[groups["m"].lower().rstrip(".")], int(groups["d"])
        year = int(groups["y"]) if groups.get("y") else _year_of(month, day, published, month_known)
        start = _safe_date(year, month, day) if year else None
        if groups.get("d2"):  # "July 23-29": a period from the first day
            last = _safe_date(year, month, int(groups["d2"])) if year else None
            return _Resolved(start, 2, "period", "day", last) if start and last and last > start else None
        return _Resolved(start, 1, "absolute", "day")
    if kind == "month":
        month = cues.months[groups["m"].lower().rstrip(".")]
        if groups.get("y"):
            return _Resolved(date(int(groups["y"]), month, 1), 3, "absolute", "month")
        if published is None and month_known is not None:
            return _Resolved(date(_year_of(month, 1, None, month_known), month, 1), 3, "absolute", "month")
        if published is None:
            return _Resolved(None, 3, "absolute", "month")
        strictly_before = (groups.get("mod") or "").lower() == "last"
        same_year = month < published.month or (month == published.month and not strictly_before)
        return _Resolved(
            date(published.year if same_year else published.year - 1, month, 1), 3, "absolute", "month"
        )
    if kind == "year":
        return _Resolved(date(int(groups["y"]), 1, 1), 3, "absolute", "year")
    if kind == "weekday":
        if published is None:
            return _Resolved(None, 1, "weekday", "day")
        target = cues.weekdays[groups["w"].lower().rstrip(".")]
        mod = (groups.get("mod") or "").lower()
        if mod == "next":
            ahead = (target - published.weekday()) % 7 or 7
            return _Resolved(published + timedelta(days=ahead), 1, "weekday", "day")
        back = (published.weekday() - target) % 7
        if back == 0 and mod in ("last", "past", "this past"):
            back = 7
        return _Resolved(published - timedelta(days=back), 1, "weekday", "day")
    if kind == "relative":
        rule = cues.relative[groups["r"].lower()]
        return _relative(rule["base"], rule["unit"], int(rule["offset"]), published, anchor)
    if kind == "counted":
        amount = parse_quantity(groups["n"])
        if amount is None:
            return None
        base = cues.counted_bases[groups["b"].lower()]
        sign = 1 if groups["b"].lower() in cues.counted_forward else -1
        return _relative(base, cues.counted_units[groups["u"].lower()], sign * amount, published, anchor)
    return None


def _relative(base: str, unit: str, offset: int, published: date | None, anchor: date | None) -> _Resolved:
    origin = published
    if base == "context":
        origin = anchor or (published if offset <= 0 else None)
    precision = {"day": 1, "week": 2}.get(unit, 3)
    if origin is None:
        return _Resolved(None, precision, "relative", unit)
    if unit == "day":
        start = origin + timedelta(days=offset)
    elif unit == "week":
        start = origin - timedelta(days=origin.weekday()) + timedelta(weeks=offset)
    elif unit == "month":
        start = _shift_months(origin, offset)
    else:
        start = date(origin.year + offset, 1, 1)
    return _Resolved(start, precision, "relative", unit)


def _needs_context(kind: str, m: re.Match[str], sentence: str, cues: _Cues) -> bool:
    """A bare month or year needs a preposition or modifier ("in November"), or it is no date."""
    if kind not in ("month", "year") or m.group("mod") or (kind == "month" and m.group("y")):
        return False
    before = sentence[: m.start()].rstrip().lower()
    word = before.rsplit(None, 1)[-1] if before else ""
    return word not in cues.prepositions


def _capitalised(kind: str, m: re.Match[str]) -> bool:
    group = {"md": "m", "dm": "m", "month": "m", "weekday": "w"}.get(kind)
    return group is None or m.group(group)[0].isupper()


def _parse_month(value: str | None) -> tuple[int, int] | None:
    match = re.fullmatch(r"(\d{4})-(\d\d)", value or "")
    return (int(match.group(1)), int(match.group(2))) if match and 1 <= int(match.group(2)) <= 12 else None


def find_dates(
    sentence: str, published: str | None, anchor: str | None = None, day_first: bool | None = None
) -> list[DateMention]:
    """All date mentions in ``sentence``, resolved against ``published`` (and ``anchor``).

    ``published`` and ``anchor`` are ``YYYY-MM-DD`` (a longer ISO string is cut to its date) or
    None; ``published`` may be ``YYYY-MM`` where only the month is known (resolve/timeframe.py):
    it dates "March 22" but no weekday. ``anchor`` is the previous resolved date in the document,
    for "the previous day". ``day_first`` is the document's numeric-date convention (``numeric_order``).
    """
    cues = _cues()
    pub, anc, month_known = _parse_day(published), _parse_day(anchor), _parse_month(published)
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in cues.patterns:
        for m in pattern.finditer(sentence):
            if _capitalised(kind, m) and not _needs_context(kind, m, sentence, cues):
                found.append((m.start(), m.end(), kind, m))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    points: list[tuple[DateMention, _Resolved]] = []
    cursor = 0
    for index, (start, end, kind, m) in enumerate(found):
        if start < cursor or (kind == "weekday" and _named_after(sentence, end, found[index + 1:])):
            continue
        resolved = _resolve(kind, m, pub, anc, cues, month_known, day_first)
        if resolved is None:
            continue
        cursor = end
        if resolved.kind == "period":
            points.append((_period(sentence, start, end, resolved.start, resolved.last), resolved))
            continue
        mention = DateMention(
            start=start,
            end=end,
            text=sentence[start:end],
            date=resolved.start.isoformat() if resolved.start else None,
            precision=resolved.precision if resolved.start else None,
            kind=resolved.kind,
            statement=bool(cues.statement.search(sentence[max(0, start - 60) : start])),
            reference=_reference_start(cues, sentence, start),
            unit=resolved.unit,
        )
        month_or_year = resolved.unit in ("month", "year")
        counted_from = pub or (date(*month_known, 1) if month_known else None)
        if (
            resolved.start
            and counted_from
            and month_or_year
            and _span_end(resolved.start, PRECISION_MONTH, resolved.unit) < _shift_months(counted_from, -1)
        ):
            mention.kind = "background"
        points.append((mention, resolved))
    return _periods(sentence, points, pub, cues)


_WEEKDAY_TO_DATE = re.compile(r"[\s,(]*(?:the\s+)?")


def _reference_start(cues: _Cues, sentence: str, start: int) -> int | None:
    found = cues.reference.search(sentence, max(0, start - cues.reference_window), start)  # ends at ``start``
    return found.start() if found else None


def _named_after(sentence: str, end: int, later: list[tuple[int, int, str, re.Match[str]]]) -> bool:
    """Is a weekday followed at once by the calendar date it names ("on Tuesday (November 9)",
    "Tuesday, 9 November")? Then the date speaks for both: it needs no publication date."""
    return any(kind in ("md", "dm", "iso", "numeric", "ymd") and _WEEKDAY_TO_DATE.fullmatch(sentence[end:start])
               for start, _, kind, _ in later[:3])


def _periods(
    sentence: str, points: list[tuple[DateMention, _Resolved]], published: date | None, cues: _Cues
) -> list[DateMention]:
    """Merge "from X to Y" / "between X and Y" into one period; turn "since X" into a period, and
    "until X" into one whose start is unknown (X ends something; it is no day an event happened)."""
    result: list[DateMention] = []
    i = 0
    while i < len(points):
        mention, resolved = points[i]
        opener = cues.period_open.search(sentence[: mention.start])
        if opener and i + 1 < len(points):
            second, second_resolved = points[i + 1]
            if cues.period_join.fullmatch(sentence[mention.end : second.start]):
                end_day = (
                    _span_end(second_resolved.start, second_resolved.precision, second_resolved.unit)
                    if second_resolved.start
                    else None
                )
                result.append(_period(sentence, opener.start(), second.end, resolved.start, end_day))
                i += 2
                continue
        since = cues.since.search(sentence[: mention.start])
        until = cues.until.search(sentence[: mention.start])
        if since and resolved.start:
            opened = _period(sentence, since.start(), mention.end, resolved.start, published)
            opened.kind = "since"  # runs to publication: it dates a state of affairs, not an event
            result.append(opened)
        elif until:
            bound = _period(sentence, until.start(), mention.end, None, None)
            bound.end_date = mention.date
            result.append(bound)
        else:
            result.append(mention)
        i += 1
    return result


def _period(sentence: str, start: int, end: int, first: date | None, last: date | None) -> DateMention:
    if first is None:
        precision = None
    elif last is None:
        precision = PRECISION_MONTH
    else:
        length = (last - first).days
        precision = PRECISION_DAY if length <= 0 else PRECISION_WEEK if length <= 6 else PRECISION_MONTH
    return DateMention(
        start=start,
        end=end,
        text=sentence[start:end],
        date=first.isoformat() if first else None,
        precision=precision,
        kind="period",
        end_date=last.isoformat() if last else None,
    )


def _inside(mention: DateMention, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in spans)


def named_day(dates: list[DateMention], sentence: str) -> tuple | None:
    """The one day a sentence names that no publication date resolves ("On Tuesday", "on Wednesday, October 8"
    in an undated report), as what it says of it: (("month_day", (10, 8)), ("weekday", 2)). Two mentions that
    say different things of one kind tell two days, so two incidents, though neither has a date
    (extract/merge.py). ``dates``: the sentence's ``own_dates``."""
    days = [m for m in dates if m.unit == "day" and m.date is None and not m.statement
            and m.kind in ("weekday", "absolute")]
    if len(days) != 1:
        return None  # none, or "between Tuesday and Wednesday": no one day
    day, cues = days[0], _cues()
    patterns = dict(cues.patterns)
    said = {}
    found = (patterns["md"].search(day.text) or patterns["dm"].search(day.text)) if day.kind == "absolute" else None
    if found is not None:
        said["month_day"] = (cues.months[found.group("m").lower().rstrip(".")], int(found.group("d")))
    # The weekday is the mention's own, or the one written before its calendar date ("Wednesday, October 8").
    weekday = patterns["weekday"].search(sentence[max(0, day.start - 12) : day.end])
    if weekday is not None:
        said["weekday"] = cues.weekdays[weekday.group("w").lower().rstrip(".")]
    return tuple(sorted(said.items())) or None


def own_dates(
    sentence: str, published: str | None, anchor: str | None = None, elsewhere: Sequence[tuple[int, int]] = (),
    day_first: bool | None = None,
) -> list[DateMention]:
    """The sentence's date mentions that may date its event, resolvable or not: no period longer than
    a week ("fighting 25-29 July" is dated from the 25th, to the week), and no month or year inside a
    clause about something else (``elsewhere``, see ``event_date``). "They demonstrated on Wednesday"
    has a date of its own even where no publication date resolves it."""
    return [m for m in find_dates(sentence, published, anchor, day_first)
            if m.kind != "since" and (m.kind != "period" or (m.precision is not None and m.precision <= PRECISION_WEEK))
            and not (m.unit in ("month", "year") and _inside(m, elsewhere))]


def event_date(
    sentence: str, trigger_start: int, published: str | None, anchor: str | None = None,
    elsewhere: Sequence[tuple[int, int]] = (), filed: Sequence[tuple[int, int]] = (),
    found: list[DateMention] | None = None,
) -> tuple[str | None, int | None, DateMention | None]:
    """The date of the event whose trigger begins at ``trigger_start`` in ``sentence``.

    Picks the resolvable, non-period mention nearest the trigger, preferring one introduced by
    "on"/"at" and one that is not a statement date or background. When only a statement date
    exists it is returned with precision at least 2. With no usable mention the answer is
    ``(None, None, None)``: the caller decides whether the document's date applies.

    ``elsewhere``: spans of the sentence that tell of something else (a relative clause without the
    trigger: "despite a truce *that expired in 2022*"); a month or year inside one is that clause's
    history, not the event's date. (A day there usually is the event's: "clashes *that broke out on
    Thursday*" -- the parse often hangs the trigger outside its own clause.)
    ``filed``: spans of a wire dateline ("QAMISHLI, Syria, March 3 (Wire) -"); its date is when the
    story was filed, so it counts as a statement date: "on Sunday" later in the sentence wins.
    ``found``: ``own_dates`` of the same sentence and arguments when the caller already has them.
    """
    cues = _cues()
    if found is None:
        found = own_dates(sentence, published, anchor, elsewhere)
    candidates = [m for m in found if m.date]
    for m in candidates:
        m.statement = m.statement or _inside(m, filed)
    if not candidates:
        return None, None, None
    events = [m for m in candidates if not m.statement]
    pool = events or candidates

    def cost(m: DateMention) -> float:
        if m.start <= trigger_start < m.end:
            distance = 0
        else:
            distance = trigger_start - m.end if m.end <= trigger_start else m.start - trigger_start
        if cues.on_before.search(sentence[max(0, m.start - 10) : m.start]):
            distance -= 20
        if m.kind == "background" or (m.reference is not None and not m.reference <= trigger_start < m.start):
            distance += 10_000
        return distance

    best = min(pool, key=cost)
    precision = best.precision
    if not events and precision is not None:
        precision = max(precision, PRECISION_WEEK)
    return best.date, precision, best
