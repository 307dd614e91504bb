"""What every response and request passes through: security headers and the request size limits.

Written as plain ASGI middleware (not Starlette's BaseHTTPMiddleware) so that streamed exports are
not buffered and the body limit holds for chunked uploads that declare no Content-Length.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds the security headers to every HTTP response, errors included.

    An unhandled exception would otherwise be answered by Starlette's ServerErrorMiddleware, which
    sits outside all user middleware and so sends a bare 500; we answer it here, with the headers,
    and re-raise so the server still logs the traceback (ServerErrorMiddleware sees the response
    started and sends nothing more).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {name for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if not started:
                await send_json(send_with_headers, 500, "internal server error")
            raise


# uvicorn's h11 server only bounds a request head that arrives in pieces; one sent in a single
# write of any size is parsed whole, so the application sets its own bounds. The web app's longest
# URL (every filter set) is a few hundred bytes.
MAX_QUERY_BYTES = 8 * 1024
MAX_HEADER_BYTES = 32 * 1024


class _TooLarge(Exception):
    pass


class RequestSizeLimit:
    """Refuses oversized requests: 414 for a long query string, 431 for large headers, 413 for a
    body over ``max_bytes``, whether declared in Content-Length or counted as it arrives."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
            await send_json(send, 414, f"query string over the limit of {MAX_QUERY_BYTES:,} bytes")
            return
        if sum(len(name) + len(value) for name, value in scope.get("headers", [])) > MAX_HEADER_BYTES:
            await send_json(send, 431, f"request headers over the limit of {MAX_HEADER_BYTES:,} bytes")
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        await send_json(send, 413, f"request body over the limit of {self.max_bytes:,} bytes")


async def send_json(send: Send, status: int, detail: str) -> None:
    """A complete ``{"detail": ...}`` response, for answers given outside the application."""
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})
