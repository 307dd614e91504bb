"""The one table of event filters, and the ``EventFilter`` record made from it.

Every surface that filters events reads this table instead of naming the filters again: the CLI's
options (``cli/common.py``), the API's query parameters (``web/params.py``), the SQL conditions
(``conditions`` below) and the options of an event alert rule (``watch/alerts.py``). A filter added
here appears in all four; ``tests/store/test_filter_table.py`` checks that it does.

Each ``Filter`` says, once: its name (the ``EventFilter`` field and API parameter; the CLI option is
the name with dashes), the type a user gives it in, its default, its help text, how a user's value
becomes the field's value (``parse``), how the value is checked whenever an ``EventFilter`` is made
(``check``), the API's schema constraints, its closed vocabulary if any, its option name in alert
rules, and how it becomes SQL conditions on ``events`` or ``incidents`` (both carry the filter
columns under the same names).

Why a table rather than one function per surface: the filters used to be declared four times, and a
fifth filter had to be added in four places that nothing checked against each other.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date as Date
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Table, exists, or_, select

from warlog.geometry import parse_lat_lon
from warlog.knowledge import load_yaml
from warlog.models import STATUSES
from warlog.store.queries import bounding_box, credibility_at_least, in_credible_incident, pad_date
from warlog.store.schema import actor_keys, events, incident_mentions, incidents

# YYYY, YYYY-MM or YYYY-MM-DD with a real month and day number (also the API's query pattern).
PARTIAL_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_PARTIAL_DATE = re.compile(PARTIAL_DATE_PATTERN)
# Admiralty grading: source reliability A (best) to F, information credibility 1 (best) to 6.
ADMIRALTY_PATTERN = r"^[A-Fa-f]?[1-6]$"
_ADMIRALTY = re.compile(ADMIRALTY_PATTERN)
# The last real date: an upper bound on date_order that leaves undated events (UNDATED_ORDER) out.
_LAST_DATE = "9999-12-31"

Conditions = list[ColumnElement[bool]]


class FilterError(ValueError):
    """A filter's value makes no sense; ``name`` says which filter (the API's 422 points at it)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class Vocabulary:
    """A closed set of values (the API offers them as an enumeration named ``name``)."""

    name: str
    values: Callable[[], tuple[str, ...]]


@dataclass(frozen=True)
class Filter:
    """One event filter, declared once for every surface (see the module docstring)."""

    name: str
    # Help text; "{other}" names another filter as the surface spells it (--radius-km, radius_km).
    help: str
    # SQL conditions for a set (truthy) value: (value, the whole filter, events or incidents).
    sql: Callable[[Any, Any, Table], Conditions] | None
    type: type = str  # what a user gives on the CLI and in the API
    default: Any = None  # the CLI's and the API's default
    parse: Callable[[Any], Any] = str  # a user's value (CLI, API, rules file) -> the field's value
    check: Callable[[Any, Any], Any] | None = None  # (value, whole filter) -> normalised value
    query: Mapping[str, Any] = field(default_factory=dict)  # the API's schema constraints (Query)
    vocabulary: Vocabulary | None = None
    rule: str | None = None  # the option's name in an event alert rule (default: the filter's name)
    only_with: str | None = None  # meaningful only with this filter set (dropped without it)
    public: bool = True  # offered to users (CLI, API, rules); doc_id is for internal reads only

    @property
    def option(self) -> str:
        """The CLI option: ``--sub-type`` for ``sub_type``."""
        return "--" + self.name.replace("_", "-")

    @property
    def rule_option(self) -> str:
        return self.rule or self.name

    def help_for(self, spell: Callable[[Filter], str]) -> str:
        """The help text with the other filters it names spelt by ``spell`` (the surface's way)."""
        return self.help.format_map({other.name: spell(other) for other in FILTERS})


# ------------------------------------------------------------------------------ checks


def _check_date(name: str) -> Callable[[Any, Any], str]:
    def check(value: str, _flt: Any) -> str:
        if not _PARTIAL_DATE.match(value):
            raise ValueError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
        if len(value) == 10:
            try:  # the pattern allows 2024-02-30; the calendar does not
                Date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{name} {value!r} is not a date of the calendar") from None
        return value

    return check


def _check_actor(value: str, _flt: Any) -> str:
    """No C0 controls (NUL included), which no actor name holds: PostgreSQL refuses NUL in text (an
    error, not an empty answer) and SQLite compares a string with NUL only up to it, which would
    turn "\\0" into "anything"."""
    if any(ord(char) < 0x20 or char == "\x7f" for char in value):
        raise ValueError(f"actor must not contain control characters, got {value!r}")
    return value


def _check_near(value: tuple[float, float], flt: Any) -> tuple[float, float]:
    if flt.radius_km is None or flt.radius_km < 0:
        raise ValueError("near needs a non-negative radius_km")
    lat, lon = value
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"near is off the globe: {value!r} is not (latitude, longitude) in degrees")
    return value


def _parse_near(value: Any) -> tuple[float, float]:
    """``"LAT,LON"`` (or a pair, as a rules file may give it) as two floats."""
    if isinstance(value, list | tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    try:
        return parse_lat_lon(str(value))
    except ValueError:
        raise ValueError(f"near must be LAT,LON in degrees, got {value!r}") from None


def _check_credibility(value: str, _flt: Any) -> str:
    code = str(value).strip().upper()
    if not _ADMIRALTY.match(code):
        raise ValueError(
            f"min_credibility must be an Admiralty code A1..F6 (e.g. C3) or a credibility digit 1..6, got {code!r}"
        )
    return code


# ------------------------------------------------------------------------ SQL conditions


def _since(value: str, _flt: Any, table: Table) -> Conditions:
    if table is incidents:
        return [incidents.c.date >= pad_date(value, end=False)]
    # On date_order, the listing key, so one index serves the range and the order; the upper bound
    # (a real date at most) leaves undated events out, as a comparison with NULL would.
    return [events.c.date_order >= pad_date(value, end=False), events.c.date_order <= _LAST_DATE]


def _until(value: str, _flt: Any, table: Table) -> Conditions:
    column = incidents.c.date if table is incidents else events.c.date_order
    return [column <= pad_date(value, end=True)]


def _equals(column: str, fold: Callable[[str], str] = lambda v: v) -> Callable[[Any, Any, Table], Conditions]:
    return lambda value, _flt, table: [table.c[column] == fold(value)]


def _actor(value: str, _flt: Any, table: Table) -> Conditions:
    needle = value.casefold()
    if table is events:
        # The substring test runs over the distinct names only; events are then found by index.
        matching = select(actor_keys.c.key).where(actor_keys.c.key.contains(needle, autoescape=True))
        return [or_(events.c.actor1_key.in_(matching), events.c.actor2_key.in_(matching))]
    return [or_(table.c.actor1_key.contains(needle, autoescape=True),
                table.c.actor2_key.contains(needle, autoescape=True))]  # fmt: skip


def _near(value: tuple[float, float], flt: Any, table: Table) -> Conditions:
    """The bounding box only: the exact circle is ``queries.within_radius``, in Python."""
    return [bounding_box(value[0], value[1], float(flt.radius_km or 0), table)]


def _credibility(value: str, _flt: Any, table: Table) -> Conditions:
    """On incidents the incident's own grade; an event matches when its incident is graded so
    (events not yet in an incident do not match)."""
    if table is incidents:
        return [credibility_at_least(incidents.c.credibility, value)]
    return [in_credible_incident(value)]


def _doc_id(value: str, _flt: Any, table: Table) -> Conditions:
    """On incidents: a document among the incident's reports."""
    if table is events:
        return [events.c.doc_id == value]
    reported_in = (
        select(incident_mentions.c.incident_id)
        .join(events, events.c.id == incident_mentions.c.event_id)
        .where(incident_mentions.c.incident_id == incidents.c.id, events.c.doc_id == value)
    )
    return [exists(reported_in)]


# --------------------------------------------------------------------------- vocabularies


def _sub_types() -> dict[str, Any]:
    return load_yaml("acled_types.yaml")["sub_event_types"]


EVENT_TYPES = Vocabulary("EventType", lambda: tuple(dict.fromkeys(k["event_type"] for k in _sub_types().values())))
SUB_EVENT_TYPES = Vocabulary("SubEventType", lambda: tuple(_sub_types()))
EVENT_STATUSES = Vocabulary("Status", lambda: STATUSES)

# ------------------------------------------------------------------------------ the table

# SPEC section 2's filters in the order --help and /openapi.json list them, then the internal ones.
FILTERS: tuple[Filter, ...] = (
    Filter("since", "From this date (YYYY[-MM[-DD]]), inclusive", _since, check=_check_date("since"),
           query={"pattern": PARTIAL_DATE_PATTERN}),
    Filter("until", "Up to this date, inclusive", _until, check=_check_date("until"),
           query={"pattern": PARTIAL_DATE_PATTERN}),
    Filter("type", "ACLED event type", _equals("event_type"), vocabulary=EVENT_TYPES, rule="event_type"),
    Filter("sub_type", "ACLED sub-event type", _equals("sub_event_type"), vocabulary=SUB_EVENT_TYPES,
           rule="sub_event_type"),
    Filter("actor", "Actor name contains (case-insensitive)", _actor, check=_check_actor,
           query={"max_length": 200}),
    Filter("country", "ISO 3166 alpha-2 country code", _equals("country", str.upper),
           query={"pattern": r"^[A-Za-z]{2}$"}),
    Filter("near", "LAT,LON in degrees (with {radius_km})", _near, parse=_parse_near, check=_check_near),
    Filter("radius_km", "Radius around {near}, in km", None, type=float, default=25.0, parse=float,
           query={"gt": 0, "le": 20_000}, only_with="near"),
    Filter("min_credibility", "Admiralty code (C3: source A-C, information 1-3) or a digit (3)", _credibility,
           check=_check_credibility, query={"pattern": ADMIRALTY_PATTERN}),
    Filter("status", "Event status (asserted, claimed, alleged, reported, ...)", _equals("status"),
           vocabulary=EVENT_STATUSES),
    Filter("doc_id", "Events of this document (incidents: reported by it)", _doc_id, public=False),
)  # fmt: skip

PUBLIC_FILTERS: tuple[Filter, ...] = tuple(spec for spec in FILTERS if spec.public)
BY_NAME: dict[str, Filter] = {spec.name: spec for spec in FILTERS}


def _post_init(self: Any) -> None:
    """Check and normalise every value given, in the table's order; FilterError names the filter."""
    for spec in FILTERS:
        value = getattr(self, spec.name, None)
        if value is None or spec.check is None:
            continue
        try:
            object.__setattr__(self, spec.name, spec.check(value, self))
        except ValueError as error:
            raise FilterError(spec.name, str(error)) from None


def filter_record(table: tuple[Filter, ...]) -> type:
    """The frozen record of one optional field per filter of ``table``, checked when made."""
    return dataclasses.make_dataclass(
        "EventFilter",
        [(spec.name, Any, None) for spec in table],
        frozen=True,
        namespace={"__post_init__": _post_init, "__module__": __name__,
                   "__doc__": "What Store.events may filter on: one optional field per entry of FILTERS."},
    )  # fmt: skip


# What ``Store.events`` and friends filter on: one optional field per filter of the table (dates are
# ISO strings YYYY, YYYY-MM or YYYY-MM-DD; near is (latitude, longitude) with radius_km). Frozen and
# hashable: a filter is a cache key (``Store.actors_page``).
EventFilter = filter_record(FILTERS)


def parse_filters(values: Mapping[str, Any]) -> Any:
    """An ``EventFilter`` from what a user gave (CLI options, API parameters, a rule's options), by
    filter name; absent means the filter's default, None not given. Each value goes through its
    filter's ``parse``; a value meaningful only with another (radius_km without near) is dropped.
    FilterError otherwise.
    """
    given: dict[str, Any] = {}
    for spec in FILTERS:
        value = values.get(spec.name, spec.default)
        if value is None:
            continue
        if isinstance(value, Enum):
            value = value.value
        try:
            given[spec.name] = spec.parse(value)
        except (TypeError, ValueError) as error:
            raise FilterError(spec.name, str(error)) from None
    for spec in FILTERS:
        if spec.only_with and given.get(spec.only_with) is None:
            given.pop(spec.name, None)
    return EventFilter(**given)


def conditions(flt: Any, table: Table = events) -> Conditions:
    """SQL conditions for every filter set (the radius filter as its bounding box only).

    ``table`` is ``events`` or ``incidents``. A filter counts as set when its value is truthy, so an
    empty ``--type ""`` filters nothing.
    """
    where: Conditions = []
    for spec in FILTERS:
        value = getattr(flt, spec.name, None)
        if value and spec.sql is not None:
            where.extend(spec.sql(value, flt, table))
    return where
