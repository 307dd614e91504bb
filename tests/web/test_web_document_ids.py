"""Documents are reachable by their stored id, whatever it holds, and the API shows no local paths.

JSON Lines ids are often URLs (``https://example.org/news/2024/03/raid``): the document must open
at ``/api/documents/{id}`` with the slashes encoded (as the web app's links write them) or not.
``POST /api/documents`` answers with the id as stored (the reader makes ids one line), never 422
for a document it did store. ``origin`` in API answers is a file's base name (``feed.jsonl:1``),
never the directory it was ingested from nor a temporary path. A real ``warlog serve``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from serve_process import get_json, warlog_serve

URL_ID = "https://example.org/news/2024/03/raid?id=7#top"
TOKEN = "tok-doc-ids-for-tests"
REPORT = ("IDLIB, 3 March 2024 - Gunmen attacked an army checkpoint near Idlib on Sunday, killing four "
          "soldiers, a local monitor said.")  # fmt: skip


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ids")
    reports = folder / "private-home" / "reports"
    reports.mkdir(parents=True)
    (reports / "feed.jsonl").write_text(json.dumps({"id": URL_ID, "text": REPORT}) + "\n")
    db = str(folder / "w.db")
    subprocess.run([sys.executable, "-m", "warlog", "ingest", "--quiet", str(reports), "--db", db], check=True,
                   timeout=120)  # fmt: skip
    with warlog_serve(db, folder / "serve.log", WARLOG_API_TOKEN=TOKEN) as base:
        yield base


def post(base: str, record: dict) -> tuple[int, dict]:
    request = urllib.request.Request(f"{base}/api/documents", data=json.dumps(record).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_an_id_with_slashes_opens_encoded_and_plain(served):
    for path in (quote(URL_ID, safe=""), quote(URL_ID, safe="/:")):
        answer = get_json(served, f"/api/documents/{path}")
        assert answer["document"]["id"] == URL_ID
        assert answer["events"] and all(event["doc_id"] == URL_ID for event in answer["events"])


def test_origin_shows_only_the_file_name(served):
    listed = get_json(served, "/api/documents")["items"]
    detail = get_json(served, f"/api/documents/{quote(URL_ID, safe='')}")["document"]
    assert [item["origin"] for item in listed] == ["feed.jsonl:1"]
    assert detail["origin"] == "feed.jsonl:1"


def test_post_answers_with_the_stored_id_and_no_temporary_path(served):
    status, answer = post(served, {"id": "  raid\tin   idlib\n2024 ", "text": REPORT.replace("four", "five")})
    assert status == 201, answer
    assert answer["document_id"] == "raid in idlib 2024"
    document = get_json(served, f"/api/documents/{quote(answer['document_id'], safe='')}")["document"]
    assert document["id"] == "raid in idlib 2024"
    assert document["origin"] == "POST /api/documents"  # not the temporary file it once went through
    status, again = post(served, {"id": "https://example.org/posted/1", "text": REPORT.replace("four", "six")})
    assert status == 201 and again["document_id"] == "https://example.org/posted/1", again
    assert get_json(served, "/api/documents/" + quote(again["document_id"], safe=""))["document"]["origin"] == (
        document["origin"])
