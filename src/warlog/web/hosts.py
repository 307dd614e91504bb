"""The Host header check of ``warlog serve``: protection against DNS rebinding.

A page on ``evil.example`` can re-point its own name at 127.0.0.1 and so read a local ``warlog
serve`` through the victim's browser; the browser still sends ``Host: evil.example``. The server
therefore answers only to the names it is really reached by: the loopback names (``localhost``,
``127.0.0.1``, ``[::1]``) and the address given to ``--host``, each on the bound port (or with no
port), plus what a deployment behind a proxy names (``--allowed-host``, ``WARLOG_ALLOWED_HOSTS``:
``name`` for any port, ``name:port`` for one, ``*`` for no check at all). Bound to a wildcard
address (``0.0.0.0``, ``::``), any address literal on the bound port is accepted as well: a
rebinding attack always arrives under a name, never under an IP literal. Anything else gets 400
with a message that says how to allow a name.

Starlette's TrustedHostMiddleware does not fit: it cuts the port at the first ``:`` (so
``[::1]:8000`` becomes ``[``), ignores the port and answers in plain text.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from warlog.web.guards import send_json

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_WILDCARD_BINDS = ("0.0.0.0", "::", "")
_NAME = re.compile(r"[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?")


def split_host(header: str) -> tuple[str, int | None] | None:
    """``(name, port)`` of a Host header value (name lowercased, IPv6 without brackets); None if malformed."""
    header = header.strip().lower()
    if header.startswith("["):
        address, bracket, rest = header[1:].partition("]")
        if not bracket or not _is_ip(address) or (rest and not rest.startswith(":")):
            return None
        name, port_text = address, rest[1:] if rest else None
    else:
        name, colon, port_text = header.partition(":")
        port_text = port_text if colon else None
        name = name.rstrip(".")
        if not _NAME.fullmatch(name):
            return None
    if port_text is None:
        return name, None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        return None
    return name, int(port_text)


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class HostPolicy:
    """Which Host headers a server bound to ``bound_host:port`` answers."""

    local_names: frozenset[str]  # answered with no port or the bound port
    port: int
    any_address: bool  # bound to a wildcard address: any IP literal on the bound port
    extra: frozenset[tuple[str, int | None]]  # (name, None) = any port
    open: bool = False  # "*" was allowed: no check

    @classmethod
    def for_server(cls, host: str, port: int, allowed: tuple[str, ...] | list[str] = ()) -> HostPolicy:
        bound = host.strip().strip("[]").lower()
        extra: set[tuple[str, int | None]] = set()
        for entry in allowed:
            if entry.strip() == "*":
                return cls(frozenset(), port, True, frozenset(), open=True)
            parsed = split_host(entry)
            if parsed is None:
                raise ValueError(f"not a host name or name:port: {entry!r}")
            extra.add(parsed)
        names = {*LOOPBACK_NAMES} | ({bound} if bound not in _WILDCARD_BINDS else set())
        return cls(frozenset(names), port, bound in _WILDCARD_BINDS, frozenset(extra))

    def allows(self, header: str | None) -> bool:
        if self.open:
            return True
        parsed = split_host(header) if header else None
        if parsed is None:
            return False
        name, port = parsed
        if (name, None) in self.extra or (name, port) in self.extra:
            return True
        if port not in (None, self.port):
            return False
        return name in self.local_names or (self.any_address and _is_ip(name))

    def describe(self) -> str:
        names = sorted(self.local_names | {name if port is None else f"{name}:{port}" for name, port in self.extra})
        shown = ", ".join(f"[{n}]" if ":" in n and _is_ip(n) else n for n in names)
        return shown + (" or any address" if self.any_address else "")


class HostCheck:
    """Answers 400 to a request whose Host header the policy does not allow (HTTP and websockets)."""

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        values = [value for name, value in scope.get("headers", []) if name == b"host"]
        header = values[0].decode("latin-1") if len(values) == 1 else None
        if self.policy.allows(header):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        shown = "missing" if header is None else repr(header)
        await send_json(send, 400, f"Host header {shown} is not allowed: this server answers to "
                         f"{self.policy.describe()} (port {self.policy.port}); to reach it under another name "
                         "(behind a proxy), start it with --allowed-host NAME or set WARLOG_ALLOWED_HOSTS")  # fmt: skip
