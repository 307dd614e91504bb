"""The source registry: publisher -> kind, Admiralty reliability (A-F) and the reason for it.

Corroboration and credibility need to know *who* reports: a wire agency, a local monitor, a party
to the conflict speaking of its own operations. The packaged judgements live in
``data/sources.yaml`` (keyed by the canonical names of ``data/outlets.yaml``, which keeps the
names, aliases and domains); the user's own judgements live in an override file of the same shape
(``$WARLOG_SOURCES``, else ``sources.yaml`` in the user config directory) that wins entry by entry
and may add outlets the package does not know, with their aliases and domains.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml
from platformdirs import user_config_dir

from warlog.ingest.outlets import outlet_for_domain, resolve_outlet
from warlog.knowledge import load_yaml

KINDS = ("wire", "national", "monitor", "party", "state", "blog")
RELIABILITIES = "ABCDEF"
UNKNOWN_RELIABILITY = "F"
# The best grade a party's own statement about its own operations can have (claims, not facts).
OWN_STATEMENT_CEILING = "E"


@dataclass(frozen=True)
class Source:
    """How far one publisher can be trusted, and why (``note``)."""

    name: str
    kind: str | None = None
    reliability: str = UNKNOWN_RELIABILITY
    note: str = "not in the source registry: cannot be judged"
    party_to: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    origin: str = "default"  # package | user | default

    def to_dict(self) -> dict:
        data = asdict(self)
        data["party_to"], data["aliases"], data["domains"] = (
            list(self.party_to), list(self.aliases), list(self.domains)
        )  # fmt: skip
        return data


def user_registry_path() -> Path:
    """Where the user's overrides live: ``$WARLOG_SOURCES`` or the user config directory."""
    env = os.environ.get("WARLOG_SOURCES")
    if env:
        return Path(env).expanduser()
    return Path(user_config_dir("warlog", appauthor=False)) / "sources.yaml"


def _entry(raw: dict, origin: str) -> Source:
    if not isinstance(raw, dict) or not raw.get("name"):
        raise ValueError(f"source entry without a name: {raw!r}")
    reliability = str(raw.get("reliability") or UNKNOWN_RELIABILITY).upper()
    _check(raw.get("kind"), reliability, raw["name"])
    return Source(
        name=str(raw["name"]),
        kind=raw.get("kind"),
        reliability=reliability,
        note=str(raw.get("note") or ""),
        party_to=tuple(raw.get("party_to") or ()),
        aliases=tuple(raw.get("aliases") or ()),
        domains=tuple(d.lower() for d in raw.get("domains") or ()),
        origin=origin,
    )


def _check(kind: str | None, reliability: str, name: str) -> None:
    if kind is not None and kind not in KINDS:
        raise ValueError(f"source {name!r}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if reliability not in RELIABILITIES or len(reliability) != 1:
        raise ValueError(f"source {name!r}: reliability must be one letter A-F, got {reliability!r}")


@lru_cache(maxsize=1)
def _packaged() -> tuple[Source, ...]:
    return tuple(_entry(raw, "package") for raw in load_yaml("sources.yaml"))


def _read_user(path: Path) -> list[Source]:
    if not path.exists():
        return []
    try:
        raw = yaml.safe_load(path.read_text("utf-8")) or []
        if not isinstance(raw, list):
            raise ValueError("expected a list of entries")  # noqa: TRY004 - bad file content, not a bad call
        return [_entry(item, "user") for item in raw]
    except (yaml.YAMLError, ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"source registry {path}: {error}") from None


@dataclass
class SourceRegistry:
    """Packaged entries overlaid with the user's; lookup by name, alias or web domain."""

    entries: dict[str, Source] = field(default_factory=dict)
    user_path: Path | None = None

    @classmethod
    def load(cls, user_path: Path | None = None) -> SourceRegistry:
        path = user_path or user_registry_path()
        entries = {source.name: source for source in _packaged()}
        for source in _read_user(path):
            base = entries.get(source.name)
            if base is not None and not source.aliases and not source.domains:
                source = replace(source, aliases=base.aliases, domains=base.domains)
            entries[source.name] = source
        return cls(entries, path)

    def lookup(self, publisher: str | None, url: str | None = None) -> Source:
        """The registry entry for a publisher (name, alias or URL domain); an F entry when unknown."""
        if publisher and publisher in self.entries:
            return self.entries[publisher]
        canonical = resolve_outlet(publisher) or outlet_for_domain(url)
        if canonical and canonical in self.entries:
            return self.entries[canonical]
        key = (publisher or "").casefold()
        host = _host(url)
        for source in self.entries.values():
            if key and key in (a.casefold() for a in source.aliases):
                return source
            if host and any(host == d or host.endswith("." + d) for d in source.domains):
                return source
        return Source(name=canonical or publisher or (host or "unknown publisher"))

    def set(
        self, name: str, *, kind: str | None = None, reliability: str | None = None, note: str | None = None,
        party_to: list[str] | None = None, domains: list[str] | None = None,
    ) -> Source:  # fmt: skip
        """Change (or add) one entry in the user's override file; returns the new entry."""
        canonical = name if name in self.entries else (resolve_outlet(name) or name)
        base = self.entries.get(canonical) or Source(name=canonical, note="")
        updated = replace(
            base,
            kind=kind if kind is not None else base.kind,
            reliability=(reliability or base.reliability).upper(),
            note=note if note is not None else base.note,
            party_to=tuple(party_to) if party_to is not None else base.party_to,
            domains=tuple(d.lower() for d in domains) if domains is not None else base.domains,
            origin="user",
        )
        _check(updated.kind, updated.reliability, updated.name)
        path = self.user_path or user_registry_path()
        overrides = {s.name: s for s in _read_user(path)}
        overrides[updated.name] = updated
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [
            "# warlog source registry overrides (written by `warlog sources set`); same keys as the",
            "# packaged data/sources.yaml. Each entry here replaces the packaged one of the same name.",
        ]
        for source in overrides.values():
            entry = {k: v for k, v in source.to_dict().items() if k != "origin" and v not in ((), [], None)}
            lines.append("- " + yaml.safe_dump(entry, default_flow_style=True, width=10_000).strip())
        path.write_text("\n".join(lines) + "\n", "utf-8")
        self.entries[updated.name] = updated
        return updated


def _host(url: str | None) -> str | None:
    if not url or "//" not in url:
        return None
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").lower() or None


def is_own_statement(source: Source, actor_ids: list[str | None]) -> bool:
    """Does this source speak for one of the actors (a party reporting its own operations)?"""
    return bool(source.party_to) and any(a in source.party_to for a in actor_ids if a)


def effective_reliability(source: Source, own_statement: bool) -> str:
    """A party's statement about its own operations is graded no better than E."""
    if own_statement and source.reliability < OWN_STATEMENT_CEILING:
        return OWN_STATEMENT_CEILING
    return source.reliability
