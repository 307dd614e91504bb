"""Outlet names, aliases and web domains -> one canonical publisher name.

Publishers must be named consistently for corroboration to count independent sources, so a
name found in a byline, a dateline, a title suffix or a URL is mapped onto the canonical name in
``data/outlets.yaml``. Resolution is deliberately strict: a whole string must *be* an outlet's
name or alias (``resolve_outlet``), or contain a long enough one as whole words
(``find_outlet_in``). Running news text is never scanned for outlet names, because "told
Reuters" names a source quoted, not the publisher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from warlog.knowledge import load_yaml

# Aliases shorter than this ("AP", "RT", "AA") are only trusted when they are the whole string.
_MIN_EMBEDDED_ALIAS = 4


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    # How the outlet writes all-number dates, where it is known and fixed: True day first ("23-07-2022"),
    # False month first ("08/29/2015"), None unknown (``numeric_dates`` in outlets.yaml).
    day_first: bool | None = None


def _key(text: str) -> str:
    """Comparison key: case, curly quotes, dashes and spacing do not distinguish outlets."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(re.sub(r"[^\w'&/.-]+", " ", text.lower()).split()).strip(" .-/'")


@lru_cache(maxsize=1)
def load_outlets() -> tuple[Outlet, ...]:
    """Read ``data/outlets.yaml`` once per process."""
    raw = load_yaml("outlets.yaml")
    return tuple(
        Outlet(
            name=entry["name"],
            aliases=tuple(entry.get("aliases") or ()),
            domains=tuple(d.lower() for d in entry.get("domains") or ()),
            day_first={"day_first": True, "month_first": False}.get(entry.get("numeric_dates", "")),
        )
        for entry in raw
    )


def outlet_day_first(publisher: str | None) -> bool | None:
    """The publisher's own order for all-number dates (True: day first), when outlets.yaml states it."""
    return _day_first_by_name().get(resolve_outlet(publisher) or "")


@lru_cache(maxsize=1)
def _day_first_by_name() -> dict[str, bool]:
    return {o.name: o.day_first for o in load_outlets() if o.day_first is not None}


@lru_cache(maxsize=1)
def _by_key() -> dict[str, str]:
    table: dict[str, str] = {}
    for outlet in load_outlets():
        for label in (outlet.name, *outlet.aliases):
            table.setdefault(_key(label), outlet.name)
    return table


@lru_cache(maxsize=1)
def _embedded_pattern() -> re.Pattern[str]:
    """One alternation of all long names/aliases, longest first so "Al Jazeera English" beats "Al Jazeera"."""
    keys = sorted((k for k in _by_key() if len(k) >= _MIN_EMBEDDED_ALIAS), key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w'])")


@lru_cache(maxsize=1)
def _by_domain() -> dict[str, str]:
    return {domain: outlet.name for outlet in load_outlets() for domain in outlet.domains}


def resolve_outlet(text: str | None) -> str | None:
    """Canonical outlet name when ``text`` is exactly an outlet's name or alias, else None."""
    if not text:
        return None
    return _by_key().get(_key(text))


def find_outlet_in(text: str | None) -> str | None:
    """Canonical name of the first outlet named (as whole words) inside a short ``text``.

    Meant for strings already known to name a publisher ("Fact checked by X Community",
    "Comment on X Articles"), not for running text.
    """
    if not text:
        return None
    exact = resolve_outlet(text)
    if exact:
        return exact
    match = _embedded_pattern().search(_key(text))
    return _by_key()[match.group(0)] if match else None


def outlet_for_domain(host_or_url: str | None) -> str | None:
    """Canonical outlet whose domain is ``host_or_url``'s host or a parent of it."""
    if not host_or_url:
        return None
    host = urlsplit(host_or_url).hostname if "//" in host_or_url else host_or_url
    if not host:
        return None
    labels = host.lower().rstrip(".").split(".")
    table = _by_domain()
    for start in range(len(labels) - 1):
        found = table.get(".".join(labels[start:]))
        if found:
            return found
    return None
