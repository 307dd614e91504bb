"""The watcher's socket layer: every connection is resolved, checked, connected and read under a budget.

Why an httpcore network backend of our own rather than httpx's timeouts alone:

* **A deadline for the whole request.** httpx's timeouts bound each socket operation, so a server
  sending one byte per second (in the body *or the headers*) is never "timed out". Here every
  read, write, connect and TLS handshake waits in short slices (``SLICE_S``) and checks, between
  slices and before every operation, the fetch's absolute deadline: the header phase is bounded
  as well as the body, because h11 reads headers through these same reads.
* **Cancellation.** The same slices check the stop flag that SIGINT/SIGTERM set, so a stop request
  is honoured within a slice, whatever the server does (PEP 475 restarts an interrupted ``recv``
  with its remaining timeout, which is never more than one slice).
* **Server-side request forgery.** The destination is resolved here (``getaddrinfo``: the very
  parser the socket layer uses, so ``2130706433``, ``0x7f000001``, ``0177.0.0.1`` and ``127.1`` mean
  what they will connect to), every address is classified, and the socket connects to the address
  that was checked: a DNS answer cannot change between the check and the connect (rebinding).
  Connections are never kept alive, so each request, and each redirect hop, connects (and is
  checked) under its own budget.

Which addresses are internal comes from the standard library's ``ipaddress`` (the IANA
special-purpose registries: loopback, private, link-local, shared, reserved, unspecified...),
plus multicast and the IPv4 addresses embedded in IPv4-mapped, 6to4 and Teredo IPv6 addresses.
"""

from __future__ import annotations

import errno
import ipaddress
import selectors
import socket
import ssl
import threading
import time
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

import httpcore
import httpx

from warlog.watch.errors import DeadlineExceeded, Refused, Stopped

SLICE_S = 0.2  # the longest a socket call blocks before the deadline and the stop flag are checked again

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Budget:
    """One fetch's limits: an absolute deadline (``time.monotonic``), the stop flag, and whether
    internal addresses may be reached (only for the feed's own origin or by the user's choice)."""

    deadline: float
    total_s: float
    stop: threading.Event = field(default_factory=threading.Event)
    allow_internal: bool = False

    @classmethod
    def starting_now(cls, total_s: float, stop: threading.Event) -> Budget:
        return cls(time.monotonic() + total_s, total_s, stop)

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def check(self) -> None:
        """``Stopped`` or ``DeadlineExceeded`` when this fetch must end now."""
        if self.stop.is_set():
            raise Stopped("stopped by request")
        if self.remaining() <= 0:
            raise DeadlineExceeded(f"deadline of {self.total_s:g} s exceeded")

    def slice(self, started: float, timeout: float | None, on_timeout: type[Exception]) -> float:
        """How long the next blocking call may wait; raises when the stop, deadline or ``timeout``
        (one operation's own limit, counted from ``started``) has come."""
        self.check()
        wait = min(SLICE_S, self.remaining())
        if timeout is not None:
            left = timeout - (time.monotonic() - started)
            if left <= 0:
                raise on_timeout(f"timed out after {timeout:g} s")
            wait = min(wait, left)
        return max(wait, 0.001)


def internal_kind(address: IPAddress) -> str | None:
    """What makes ``address`` internal (``loopback``, ``private``, ``link-local``...), None if global."""
    if address.version == 6:
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is not None:
            return internal_kind(embedded)
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "non-global"


def resolve(host: str, port: int, budget: Budget, timeout: float | None = None) -> list[tuple]:
    """``getaddrinfo`` results for ``host``: numeric forms at once, names in a worker thread waited
    for in slices (a resolver that hangs cannot outlast the budget or delay a stop)."""
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except socket.gaierror:
        pass
    answer: dict[str, typing.Any] = {}
    done = threading.Event()

    def lookup() -> None:
        try:
            answer["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            answer["error"] = error
        finally:
            done.set()

    threading.Thread(target=lookup, name=f"resolve {host}", daemon=True).start()
    started = time.monotonic()
    while not done.wait(budget.slice(started, timeout, httpcore.ConnectTimeout)):
        pass
    if "error" in answer:
        raise httpcore.ConnectError(f"cannot resolve {host}: {answer['error']}")
    return answer["infos"]


def checked_addresses(host: str, port: int, budget: Budget, timeout: float | None = None) -> list[tuple]:
    """The addresses to connect to; ``Refused`` (before any packet is sent) when the budget does not
    allow internal addresses and ``host`` resolves to one. A name with both kinds is refused whole."""
    infos = resolve(host, port, budget, timeout)
    found = None if budget.allow_internal else first_internal(infos)
    if found is not None:
        address, kind = found
        shown = host if host == str(address) else f"{host} ({address})"
        article = "an" if kind[0] in "aeiou" else "a"
        raise Refused(
            f"refused: {shown} is {article} {kind} address (allowed only on the feed's own origin, "
            f"or with --allow-private-addresses)"
        )
    return infos


def first_internal(infos: list[tuple]) -> tuple[IPAddress, str] | None:
    """The first internal address among ``getaddrinfo`` results, with its kind; None if all are global."""
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])  # a link-local answer may carry %zone
        kind = internal_kind(address)
        if kind is not None:
            return address, kind
    return None


class GuardedStream(httpcore.NetworkStream):
    """A connected socket whose every operation waits in slices under the current budget."""

    def __init__(self, sock: socket.socket, backend: GuardedBackend) -> None:
        self._sock = sock
        self._backend = backend

    def _sliced(self, operation, timeout, on_timeout, on_error):
        budget, started = self._backend.current(), time.monotonic()
        while True:
            self._sock.settimeout(budget.slice(started, timeout, on_timeout))
            try:
                return operation()
            except (TimeoutError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
                continue
            except OSError as error:
                raise on_error(str(error) or type(error).__name__) from error

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._sliced(lambda: self._sock.recv(max_bytes), timeout, httpcore.ReadTimeout, httpcore.ReadError)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        view = memoryview(buffer)
        while view:
            sent = self._sliced(partial(self._sock.send, view), timeout, httpcore.WriteTimeout, httpcore.WriteError)
            view = view[sent:]

    def close(self) -> None:
        self._sock.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:  # fmt: skip
        try:
            wrapped = ssl_context.wrap_socket(self._sock, server_hostname=server_hostname, do_handshake_on_connect=False)
            GuardedStream(wrapped, self._backend)._sliced(
                wrapped.do_handshake, timeout, httpcore.ConnectTimeout, httpcore.ConnectError
            )
        except BaseException:
            self._sock.close()
            raise
        return GuardedStream(wrapped, self._backend)

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "ssl_object" and isinstance(self._sock, ssl.SSLSocket):
            return self._sock._sslobj  # what httpcore's own stream answers
        if info == "server_addr":
            return self._sock.getpeername()
        if info == "client_addr":
            return self._sock.getsockname()
        if info == "socket":
            return self._sock
        if info == "is_readable":
            return _ready(self._sock, selectors.EVENT_READ, 0)
        return None


class GuardedBackend(httpcore.NetworkBackend):
    """Connects only under a budget set by ``under`` for the calling thread."""

    def __init__(self) -> None:
        self._local = threading.local()

    @contextmanager
    def under(self, budget: Budget) -> Iterator[None]:
        previous = getattr(self._local, "budget", None)
        self._local.budget = budget
        try:
            yield
        finally:
            self._local.budget = previous

    def current(self) -> Budget:
        budget = getattr(self._local, "budget", None)
        if budget is None:
            raise RuntimeError("a guarded connection was used outside GuardedBackend.under(budget)")
        return budget

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: typing.Iterable | None = None) -> httpcore.NetworkStream:  # fmt: skip
        budget = self.current()
        problem: Exception = httpcore.ConnectError(f"no address for {host}")
        for family, kind, proto, _name, sockaddr in checked_addresses(host, port, budget, timeout):
            sock = socket.socket(family, kind, proto)
            try:
                _connect(sock, sockaddr, budget, timeout)
            except httpcore.ConnectError as error:  # the next address may answer
                sock.close()
                problem = error
                continue
            except BaseException:
                sock.close()
                raise
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for option in socket_options or ():
                sock.setsockopt(*option)
            return GuardedStream(sock, self)
        raise problem

    def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover - never asked
        raise Refused("refused: unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:  # pragma: no cover - httpcore retries are off
        time.sleep(seconds)


def _connect(sock: socket.socket, sockaddr: tuple, budget: Budget, timeout: float | None) -> None:
    """A non-blocking connect to exactly ``sockaddr``, waited for in slices."""
    sock.setblocking(False)
    code = sock.connect_ex(sockaddr)
    if code not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY):
        raise httpcore.ConnectError(f"connection failed: {errno.errorcode.get(code, code)} {sockaddr[0]}")
    started = time.monotonic()
    while code != 0:
        if _ready(sock, selectors.EVENT_WRITE, budget.slice(started, timeout, httpcore.ConnectTimeout)):
            code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if code != 0:
                raise httpcore.ConnectError(f"[Errno {code}] {errno.errorcode.get(code, code)}")
            break
    sock.setblocking(True)


def _ready(sock: socket.socket, event: int, seconds: float) -> bool:
    """Is ``sock`` readable/writable within ``seconds``? (a selector: no limit on descriptor numbers)"""
    with selectors.DefaultSelector() as selector:
        selector.register(sock, event)
        return bool(selector.select(seconds))


def guarded_client(backend: GuardedBackend, user_agent: str, timeout_s: float) -> httpx.Client:
    """An httpx client whose connections all go through ``backend``: no proxies from the environment
    (the address checked must be the one connected to; ``SSL_CERT_FILE``/``SSL_CERT_DIR`` are still
    honoured), no keep-alive, no automatic redirects (the fetcher follows them itself, checking each hop)."""
    transport = httpx.HTTPTransport(trust_env=False, limits=httpx.Limits(max_keepalive_connections=0))
    # httpx has no public way to pass a network backend; its transport holds an httpcore pool that
    # we replace with one built the same way but on our backend (tests fail loudly if this moves).
    assert isinstance(transport._pool, httpcore.ConnectionPool), "httpx's transport layout changed"
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=True),
        max_keepalive_connections=0,
        network_backend=backend,
    )
    return httpx.Client(
        headers={"User-Agent": user_agent},
        timeout=timeout_s,
        follow_redirects=False,
        trust_env=False,
        transport=transport,
    )
