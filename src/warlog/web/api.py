"""The JSON API of ``warlog serve``: read-only views of the store, paged and filtered like the CLI.

Routes only serialise the ``Store``'s records (``to_dict``) and run the exporters; nothing here runs
NLP except the token-guarded ``POST /api/documents``, which hands one document to the ingest pipeline.

Shapes (documented in ``/openapi.json``): list endpoints answer
``{"total", "limit", "offset", "items"}``; events are SPEC section 4 records; a document comes with
its events so a client can highlight each event's evidence by its character offsets.

Security: read-only unless ``WARLOG_API_TOKEN`` (or ``Settings.api_token``) is set; request bodies
over ``max_request_bytes`` get 413; CORS is off unless origins are configured; every response
carries restrictive security headers; `warlog serve` answers only to its own address and the
loopback names unless more host names are allowed (DNS rebinding); query strings and headers have fixed size limits too. The interactive /docs page is off: it loads scripts from a
CDN, which the offline deployment and the Content-Security-Policy both rule out.
"""

from __future__ import annotations

import hmac
import io
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from anyio import CapacityLimiter, to_thread
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from warlog.export import export_events
from warlog.export.formats import EVENT_FORMATS, NETWORK_FORMATS, output_format, pattern, write_network
from warlog.fuse.network import network_graph
from warlog.models import IngestOutcome
from warlog.settings import Settings
from warlog.store import Store
from warlog.store.filters import EventFilter
from warlog.web import schemas
from warlog.web.guards import RequestSizeLimit, SecurityHeaders
from warlog.web.hosts import HostCheck, HostPolicy
from warlog.web.pages import mount_pages
from warlog.web.params import Page, event_filter, page
from warlog.web.submit import SubmissionError, Submitter

API_VERSION = "1"
_CHUNK = 64 * 1024
# Exports read every matching event, and actor summaries group them all in SQL (a second or so
# unfiltered on a store of 100,000 events).
# Run in the shared thread pool without a bound, a handful of them take every worker thread and
# the cheap requests, static files included, wait behind them (bench/bench_load.py showed 30 s
# stalls). They get their own small pool instead; extra ones wait without holding a thread.
HEAVY_REQUESTS_AT_ONCE = 2

Filters = Annotated[EventFilter, Depends(event_filter)]
Paging = Annotated[Page, Depends(page)]


def create_app(db: str, settings: Settings | None = None, bound: tuple[str, int] | None = None) -> FastAPI:
    """The API over the store at ``db`` (a path or SQLAlchemy URL), configured by ``settings``.

    ``bound`` is the (host, port) the server listens on: with it, requests whose Host header names
    neither that address, a loopback name nor one of ``settings.allowed_hosts`` get 400 (DNS
    rebinding, ``web/hosts.py``). Without it (an in-process test client) there is no Host check.
    """
    settings = settings or Settings()
    host_policy = HostPolicy.for_server(*bound, settings.allowed_hosts) if bound else None
    store = Store(db)
    submitter = Submitter(store, settings)
    heavy = CapacityLimiter(HEAVY_REQUESTS_AT_ONCE)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="warlog API",
        version=API_VERSION,
        description="Events, documents and actors extracted from reports about armed conflict (read-only "
        "unless a token is configured). List endpoints are paged: {total, limit, offset, items}.",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store

    @app.get("/api/health", response_model=schemas.Health, tags=["meta"])
    def health() -> JSONResponse:
        """Liveness and the size of the store."""
        return JSONResponse({"status": "ok", **store.counts().to_dict()})

    @app.get("/api/events", response_model=schemas.EventPage, tags=["events"])
    def list_events(flt: Filters, paging: Paging) -> JSONResponse:
        """Events matching the filters, by date (undated last) then id."""
        total, items = store.events_page(flt, limit=paging.limit, offset=paging.offset)
        return JSONResponse(schemas.page_of(total, paging.limit, paging.offset, items))

    @app.get("/api/events/{event_id}", response_model=schemas.EventOut, responses=schemas.NOT_FOUND, tags=["events"])
    def get_event(event_id: str) -> JSONResponse:
        # No stored id holds NUL, and PostgreSQL would fail on one rather than find nothing.
        event = None if "\x00" in event_id else store.event(event_id)
        if event is None:
            raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
        return JSONResponse(event.to_dict())

    @app.get("/api/documents", response_model=schemas.DocumentPage, tags=["documents"])
    def list_documents(paging: Paging) -> JSONResponse:
        """Stored documents by id, without their text (see /api/documents/{id})."""
        total, items = store.documents_page(paging.limit, paging.offset)
        listed = [schemas.public_document(item) for item in items]
        return JSONResponse(schemas.page_of(total, paging.limit, paging.offset, listed))

    # ":path": ids from JSON Lines are often URLs, and a "/" (sent as %2F or not) must not end the id.
    @app.get(
        "/api/documents/{doc_id:path}", response_model=schemas.DocumentDetail, responses=schemas.NOT_FOUND,
        tags=["documents"],
    )
    def get_document(doc_id: str) -> JSONResponse:
        """A document's cleaned text and metadata, and its events with their evidence offsets."""
        document = None if "\x00" in doc_id else store.document(doc_id)
        if document is None:
            raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
        events = [event.to_dict() for event in store.iter_events(doc_id=doc_id)]
        return JSONResponse({"document": schemas.public_document(document).to_dict(), "events": events})

    @app.post("/api/documents", response_model=schemas.IngestResult, status_code=201, tags=["documents"])
    async def post_document(request: Request) -> JSONResponse:
        """Ingest one JSON document (SPEC section 3 shape, "id" required). Needs the bearer token."""
        _require_token(request, settings)
        body = await request.body()
        try:
            result = await run_in_threadpool(submitter.submit, body)
        except SubmissionError as error:
            raise HTTPException(status_code=422, detail=str(error)) from None
        return JSONResponse(result, status_code=201 if result["outcome"] == IngestOutcome.ADDED else 200)

    @app.get("/api/actors", response_model=schemas.ActorPage, tags=["actors"])
    async def list_actors(
        flt: Filters,
        paging: Paging,
        unresolved: Annotated[bool, Query(description="Only actor phrases the dictionary could not resolve")] = False,
    ) -> JSONResponse:
        """Actors of the matching events, most active first (summarised and paged by the database)."""
        total, rows = await to_thread.run_sync(
            lambda: store.actors_page(flt, unresolved=unresolved, limit=paging.limit, offset=paging.offset),
            limiter=heavy,
        )
        return JSONResponse(schemas.page_of(total, paging.limit, paging.offset, rows))

    @app.get("/api/export", tags=["export"], response_class=StreamingResponse)
    async def export(
        flt: Filters,
        format: Annotated[str, Query(pattern=pattern(EVENT_FORMATS), description="Export format")],
    ) -> StreamingResponse:
        """The matching events as a file download, written by the same exporters as `warlog export`."""
        exporter = output_format(format, "events")
        # Closed by _chunks once the response is sent, so no context manager here.
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        await to_thread.run_sync(export_events, store, format, flt, spool, limiter=heavy)
        spool.seek(0)
        filename = f"warlog-events{exporter.suffix}"
        return StreamingResponse(
            _chunks(spool),
            media_type=exporter.media_type,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    @app.get("/api/incidents", response_model=schemas.IncidentPage, tags=["incidents"])
    def list_incidents(flt: Filters, paging: Paging) -> JSONResponse:
        """Incidents matching the filters (min_credibility grades the incident itself), by date then id."""
        items = store.incidents(flt, limit=paging.limit, offset=paging.offset)
        return JSONResponse(schemas.page_of(store.count_incidents(flt), paging.limit, paging.offset, items))

    @app.get(
        "/api/incidents/{incident_id}", response_model=schemas.IncidentOut, responses=schemas.NOT_FOUND,
        tags=["incidents"],
    )
    def get_incident(incident_id: str) -> JSONResponse:
        """One incident with all its reports' events."""
        incident = None if "\x00" in incident_id else store.incident(incident_id)
        if incident is None:
            raise HTTPException(status_code=404, detail=f"no incident {incident_id!r}")
        return JSONResponse(incident.to_dict())

    @app.get(
        "/api/network", response_model=schemas.NetworkOut, tags=["network"],
        responses={200: {"content": {"application/xml": {"schema": {"type": "string"}}},
                         "description": "JSON, or with format=graphml|gexf an XML download"}},
    )
    def get_network(
        actor: Annotated[
            str | None, Query(max_length=200, pattern=r"^[^\x00-\x1f]*$", description="Only relations of actors whose name contains this")
        ] = None,
        format: Annotated[str, Query(pattern=pattern(NETWORK_FORMATS), description="json, or a GraphML/GEXF download")] = "json",
    ) -> Response:
        """The actor network: who fights, helps and accuses whom, with counts, dates and evidence."""
        relations = store.relations(actor=actor)
        if format == "json":
            return JSONResponse(network_graph(relations))
        sink = io.StringIO()
        write_network(relations, format, sink)
        download = output_format(format, "network")
        return Response(
            sink.getvalue(),
            media_type=download.media_type,
            headers={"Content-Disposition": f'attachment; filename="warlog-network{download.suffix}"'},
        )

    mount_pages(app)
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    if host_policy is not None:
        app.add_middleware(HostCheck, policy=host_policy)
    app.add_middleware(SecurityHeaders)
    return app


def _require_token(request: Request, settings: Settings) -> None:
    """401 without the configured bearer token; 403 when no token is configured (read-only API)."""
    if not settings.api_token:
        raise HTTPException(status_code=403, detail="the API is read-only: no WARLOG_API_TOKEN is configured")
    given = request.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(), settings.api_token.encode()):
        raise HTTPException(
            status_code=401, detail="a valid 'Authorization: Bearer <token>' header is needed",
            headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip


def _chunks(spool: Any) -> Iterator[bytes]:
    try:
        while chunk := spool.read(_CHUNK):
            yield chunk
    finally:
        spool.close()
