"""The web app in a real headless Chromium (Debian's), pointed at a real `warlog serve` subprocess.

The store holds the seed reports of ../shared (or $WARLOG_SHARED; the repository's example reports
when absent) plus one report of our own with markup and script in its text, title, publisher, author
and a javascript: URL. Screenshots of each step go to
test-artifacts/web/. Without /usr/bin/chromium or Playwright the module skips, except under CI
(env CI set), where `scripts/install.sh --dev` must have installed them, so it fails.
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pytest
from reports_store import EXAMPLE_REPORTS, REPOSITORY, ingested_store, shared_seeds
from serve_process import warlog_serve

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = REPOSITORY / "test-artifacts" / "web"
HOSTILE_DOC = "hostile_markup_report"
HOSTILE_TEXT = """Checkpoint attack near Idlib <script>window.__warlogXss = 1</script>

IDLIB, March 3, 2024 - Gunmen attacked an army checkpoint near Idlib on Sunday, killing four soldiers \
<img src=x onerror="window.__warlogXss = 2">, a local monitor said. The attackers fled north.
"""
HOSTILE_METADATA = {
    "title": "<script>window.__warlogXss = 3</script>Checkpoint attack",
    "source": '<img src=x onerror="window.__warlogXss = 4">Idlib Wire',
    "author": '<svg onload="window.__warlogXss = 5">',
    "url": "javascript:window.__warlogXss = 6",
}
READY = "body[data-ready]"
# The screenshots the docs show, retaken by these tests: WARLOG_UPDATE_DOCS=1 writes them into docs/.
DOC_SCREENSHOTS = {
    "test_every_stored_event_is_in_the_list_and_on_the_map": "web-events.png",
    "test_an_event_opens_and_its_document_shows_the_evidence_highlighted": "web-document.png",
}
URL_DOC = "https://example.org/news/2024/03/04/raid?src=feed"  # a JSON Lines id that is a URL
URL_DOC_TEXT = ("AZAZ, March 4, 2024 - A drone strike killed two fighters near Azaz on Monday, "
                "a local monitor said.")  # fmt: skip


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required under CI: run 'bash scripts/install.sh --dev')")
    pytest.skip(reason)


def _get(base: str, path: str, **params) -> dict:
    with urllib.request.urlopen(f"{base}{path}?{urlencode(params)}", timeout=30) as response:
        return json.load(response)


def _events(base: str, **filters) -> list[dict]:
    items: list[dict] = []
    while True:
        page = _get(base, "/api/events", limit=1000, offset=len(items), **filters)
        items += page["items"]
        if not page["items"] or len(items) >= page["total"]:
            return items


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Base URL of `warlog serve` over a fresh SQLite store of the seed reports and the hostile report."""
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is not installed (apt-get install chromium)")
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile"
    hostile.mkdir()
    record = {"id": HOSTILE_DOC, "text": HOSTILE_TEXT, **HOSTILE_METADATA}
    (hostile / "hostile.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (hostile / "urls.jsonl").write_text(json.dumps({"id": URL_DOC, "text": URL_DOC_TEXT}) + "\n", encoding="utf-8")
    db = str(folder / "web.db")
    ingested_store(db, shared_seeds() or EXAMPLE_REPORTS, hostile).close()
    with warlog_serve(db, folder / "serve.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser(server):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server, request):
    """A fresh page; the test fails on any console error or uncaught exception, and leaves a screenshot."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=server)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    yield tab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{request.node.name}.png"
    tab.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    if os.environ.get("WARLOG_UPDATE_DOCS") == "1" and request.node.name in DOC_SCREENSHOTS:
        tab.screenshot(path=str(REPOSITORY / "docs" / DOC_SCREENSHOTS[request.node.name]))
    context.close()
    assert not errors, errors


def _open(page, hash_route: str) -> None:
    page.goto(f"/{hash_route}")
    page.wait_for_selector(READY)


def _ids(page, selector: str, attribute: str) -> set[str]:
    values = page.eval_on_selector_all(selector, f"nodes => nodes.map(n => n.getAttribute('{attribute}'))")
    return {event_id for value in values for event_id in value.split()}


def _map_ids(page) -> set[str]:
    return _ids(page, "#map [data-event-id]", "data-event-id") | _ids(
        page, "#map [data-event-ids]", "data-event-ids"
    )


def test_every_stored_event_is_in_the_list_and_on_the_map(page, server):
    stored = {event["id"] for event in _events(server)}
    assert len(stored) > 5
    _open(page, "")
    assert _ids(page, "#event-list .event-row", "data-event-id") == stored
    page.wait_for_function(
        "n => document.querySelectorAll('#map [data-event-id], #map [data-event-ids]').length > 0", arg=0
    )
    assert _map_ids(page) == stored
    # The basemap is fetched after the markers are drawn: wait for it (on a loaded machine it came later
    # than the markers and a bare count found none), then count.
    page.wait_for_function("n => document.querySelectorAll('#map path.country').length > n", arg=100)
    assert page.locator("#map path.country").count() > 100, "the packaged countries basemap is drawn"


def test_filtering_by_type_reduces_the_list_to_that_type(page, server):
    common_type, _ = Counter(event["event_type"] for event in _events(server)).most_common(1)[0]
    expected = {event["id"] for event in _events(server, type=common_type)}
    _open(page, "")
    page.select_option("select[name=type]", common_type)
    page.wait_for_function(
        "t => location.hash.includes('type=') && document.body.dataset.ready === location.hash", arg=common_type
    )
    rows = page.locator("#event-list .event-row")
    assert _ids(page, "#event-list .event-row", "data-event-id") == expected
    assert set(rows.evaluate_all("rows => rows.map(r => r.dataset.eventType)")) == {common_type}
    assert _map_ids(page) <= expected
    export = page.locator("#exports a", has_text="geojson").get_attribute("href")
    assert parse_qs(export.split("?", 1)[1]) == {"type": [common_type], "format": ["geojson"]}


def test_brushing_the_timeline_sets_the_dates(page, server):
    _open(page, "")
    box = page.locator("#timeline svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
    page.mouse.up()
    # ready holds the hash the app finished rendering: the old render's mark is not this one.
    page.wait_for_function("() => location.hash.includes('since=') && document.body.dataset.ready === location.hash")
    params = parse_qs(page.evaluate("location.hash").split("?", 1)[1])
    since, until = params["since"][0], params["until"][0]
    expected = {event["id"] for event in _events(server, since=since, until=until)}
    shown = _ids(page, "#event-list .event-row", "data-event-id")
    assert shown == expected and shown, (since, until)
    assert page.input_value("input[name=since]") == since


def test_an_event_opens_and_its_document_shows_the_evidence_highlighted(page, server):
    event = next(e for e in _events(server) if e["doc_id"] != HOSTILE_DOC)
    _open(page, "")
    page.click(f'#event-list .event-row[data-event-id="{event["id"]}"] a')
    detail = page.locator(f'#event-detail .event-detail[data-event-id="{event["id"]}"]')
    detail.wait_for()
    assert detail.locator(".evidence").inner_text() == event["evidence"]["text"]
    page.click("#event-detail .open-document")
    mark = page.locator("#view-document mark.current")
    mark.wait_for()
    assert mark.get_attribute("data-event-id") == event["id"]
    assert mark.text_content() == event["evidence"]["text"]
    document = _get(server, f"/api/documents/{event['doc_id']}")["document"]
    assert page.locator(".doc-text").text_content() == document["text"]


def test_a_document_whose_id_is_a_url_opens_from_its_event(page, server):
    event = next(e for e in _events(server) if e["doc_id"] == URL_DOC)
    _open(page, f"#/event/{event['id']}")
    page.click("#event-detail .open-document")
    page.locator("#view-document mark.current").wait_for()
    assert page.locator("#view-document article.document").get_attribute("data-doc-id") == URL_DOC
    assert page.locator(".doc-text").text_content().startswith("AZAZ")


def test_markup_in_a_report_shows_literally_and_never_runs(page, server):
    event = next(e for e in _events(server) if e["doc_id"] == HOSTILE_DOC)
    _open(page, f"#/document/{HOSTILE_DOC}?event={event['id']}")
    page.locator("#view-document mark.current").wait_for()
    assert page.evaluate("typeof window.__warlogXss") == "undefined"
    assert page.locator("#view-document script, #view-document img").count() == 0
    text = page.locator(".doc-text").text_content()
    assert "<script>window.__warlogXss = 1</script>" in text
    assert '<img src=x onerror="window.__warlogXss = 2">' in page.locator("mark.current").text_content()
    assert page.locator(".doc-title").text_content() == HOSTILE_METADATA["title"]
    meta = page.locator("#view-document header .meta").first.text_content()
    assert HOSTILE_METADATA["source"] in meta and HOSTILE_METADATA["author"] in meta
    assert page.locator("a[href^='javascript' i]").count() == 0, "a javascript: URL became a link"
    assert page.locator("#view-document svg[onload], #view-document [onerror]").count() == 0
    _open(page, f"#/event/{event['id']}")
    assert "<img src=x" in page.locator("#event-detail .evidence").text_content()
    assert page.evaluate("typeof window.__warlogXss") == "undefined"


def test_incidents_and_network_views_render(page, server):
    paths = _get(server, "/openapi.json")["paths"]
    _open(page, "#/incidents")
    if "/api/incidents" in paths and _get(server, "/api/incidents")["total"]:
        first = page.locator(".incident-table tr[data-incident-id] a").first
        first.click()
        page.locator("#view-incidents .incident .badge").wait_for()
        assert page.locator("#view-incidents .reports tr[data-event-id]").count() >= 1
    else:
        assert "No incidents yet" in page.locator("#view-incidents .empty-state").inner_text()
    _open(page, "#/network")
    if "/api/network" in paths and _get(server, "/api/network", format="json")["nodes"]:
        page.locator("#network-graph canvas").first.wait_for()
        assert page.locator("#network-side .relation").count() >= 1
    else:
        assert "No actor network yet" in page.locator("#network-side .empty-state").inner_text()


def test_without_its_map_libraries_the_app_still_lists_events_incidents_and_documents(browser, server):
    """A broken install or a blocked vendor folder loses the map only, with a notice that says so."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=server)
    context.route("**/static/vendor/**", lambda route: route.abort())
    tab = context.new_page()
    uncaught: list[str] = []
    tab.on("pageerror", lambda error: uncaught.append(str(error)))
    try:
        stored = _events(server)
        _open(tab, "")
        assert _ids(tab, "#event-list .event-row", "data-event-id") == {event["id"] for event in stored}
        notice = tab.locator("#notice")
        assert notice.is_visible() and "map" in notice.inner_text().lower()
        event = next(e for e in stored if e["doc_id"] != HOSTILE_DOC)
        _open(tab, f"#/document/{event['doc_id']}?event={event['id']}")
        assert tab.locator("#view-document mark.current").text_content() == event["evidence"]["text"]
        _open(tab, "#/incidents")
        assert tab.locator("#view-incidents [data-incident-id], #view-incidents .empty-state").count() >= 1
        _open(tab, "#/network")
        assert tab.locator("#network-side .relation, #network-side .empty-state").count() >= 1
        _open(tab, "")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "without-map-libraries.png"))
    finally:
        context.close()
    assert not uncaught, uncaught
