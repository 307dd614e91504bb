"""One Settings object: defaults < environment < command line.

Kept deliberately small: every knob here is something a user has a reason to turn.
Environment variables are prefixed ``WARLOG_`` (``WARLOG_DB``, ``WARLOG_MAX_DOC_BYTES``...).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from platformdirs import user_data_dir


def default_db_url() -> str:
    """``WARLOG_DB`` if set, else ``warlog.db`` in the user data directory (SPEC section 2)."""
    env = os.environ.get("WARLOG_DB")
    if env:
        return env
    directory = Path(user_data_dir("warlog", appauthor=False))
    return str(directory / "warlog.db")


def _env_number(name: str, default: float, kind: type = int, low: float = 0, high: float | None = None):
    """A number from the environment, checked: a bad value is a usage error naming the variable,
    never a traceback at start-up."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return kind(default)
    try:
        value = kind(raw.strip().replace("_", ""))
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a valid {kind.__name__}") from None
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name}={raw!r} is out of range ({low}..{high if high is not None else 'any'})")
    return value


_NUMERIC_DATE_ORDERS = {"day-first": True, "month-first": False}


def numeric_date_order() -> bool | None:
    """``WARLOG_NUMERIC_DATES``: how the user's inputs write all-number dates when neither the report
    nor its publisher settles it ("day-first": 07/08/2015 is 7 August; "month-first": 8 July). Unset:
    an ambiguous all-number date stays unread (resolve/dates.py). A bad value is a usage error."""
    raw = (os.environ.get("WARLOG_NUMERIC_DATES") or "").strip().lower()
    if not raw:
        return None
    if raw not in _NUMERIC_DATE_ORDERS:
        raise ValueError(f"WARLOG_NUMERIC_DATES={raw!r} must be one of: {', '.join(_NUMERIC_DATE_ORDERS)}")
    return _NUMERIC_DATE_ORDERS[raw]


def _split_list(value: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in (value or "").split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    db_url: str = field(default_factory=default_db_url)
    # Documents larger than this are rejected rather than silently truncated.
    max_doc_bytes: int = field(default_factory=lambda: _env_number("WARLOG_MAX_DOC_BYTES", 5_000_000, low=1))
    # How inputs write ambiguous all-number dates (WARLOG_NUMERIC_DATES); read here so that a bad value
    # is a usage error at start-up; extraction reads it through ``numeric_date_order``.
    numeric_day_first: bool | None = field(default_factory=numeric_date_order)
    # Jaccard similarity (estimated by MinHash) above which two documents are copies of one report.
    near_duplicate_threshold: float = field(
        default_factory=lambda: _env_number("WARLOG_NEAR_DUP", 0.8, float, low=0, high=1)
    )
    # `warlog serve`: the token that authorises POST /api/documents (none = the API is read-only),
    # the largest request body accepted (413 beyond), and the origins CORS allows (none = CORS off).
    api_token: str | None = field(default_factory=lambda: os.environ.get("WARLOG_API_TOKEN") or None)
    max_request_bytes: int = field(default_factory=lambda: _env_number("WARLOG_MAX_REQUEST_BYTES", 2_000_000, low=1))
    cors_origins: tuple[str, ...] = field(default_factory=lambda: _split_list(os.environ.get("WARLOG_CORS_ORIGINS")))
    # `warlog watch`: the whole-fetch deadline (connect, headers, body, redirects, retries), the longest
    # wait for one socket operation, and whether links may reach loopback/private addresses off the
    # feed's own origin (server-side request forgery is refused by default; see docs/watch.md).
    fetch_deadline_s: float = field(
        default_factory=lambda: _env_number("WARLOG_FETCH_DEADLINE", 30.0, float, low=0.1)
    )
    fetch_timeout_s: float = field(default_factory=lambda: _env_number("WARLOG_FETCH_TIMEOUT", 20.0, float, low=0.1))
    allow_private_addresses: bool = field(
        default_factory=lambda: os.environ.get("WARLOG_ALLOW_PRIVATE_ADDRESSES", "").strip().lower()
        in ("1", "true", "yes")
    )
    # Host names `warlog serve` answers to besides its bound address and the loopback names (a
    # deployment behind a proxy): "name" (any port), "name:port", or "*" for no Host check.
    allowed_hosts: tuple[str, ...] = field(default_factory=lambda: _split_list(os.environ.get("WARLOG_ALLOWED_HOSTS")))

    def with_overrides(self, **overrides) -> Settings:
        """Return a copy with the non-None command-line overrides applied."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})
