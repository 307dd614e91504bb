"""Event dates on real reports of the dev split (issue 19): the publication date found where the page
keeps it, relative dates counted from it (or from a section's dated heading), explicit dates winning,
and no default day. Needs ``../shared/corpus/real``; skips without it."""

from __future__ import annotations

import json
import re
from functools import lru_cache

import pytest
from repo_paths import REPOSITORY

from warlog.extract.events import Extractor
from warlog.ingest.clean import clean_document
from warlog.models import Document, RawInput

pytestmark = pytest.mark.shared("corpus/real/reports.jsonl")


@lru_cache(maxsize=1)
def _dev_reports(root: str) -> dict[str, dict]:
    split = {json.loads(line)["doc_id"]: json.loads(line)["split"]
             for line in (REPOSITORY / "eval/real/split.jsonl").read_text().splitlines()}
    reports = {}
    with open(f"{root}/corpus/real/reports.jsonl", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if split.get(record["id"]) == "dev" and record["language"] == "en":
                reports[record["id"]] = record
    return reports


@pytest.fixture(scope="module")
def dated(shared):
    """doc id -> (cleaned document, its events) for the English dev reports."""
    extractor = Extractor()
    out = {}
    for doc_id, record in _dev_reports(str(shared)).items():
        doc = clean_document(RawInput(origin=doc_id, doc_id=doc_id, text=record["text"], url=record["url"],
                                      title=record["title"], published=record["published"]))
        assert isinstance(doc, Document)
        out[doc_id] = (doc, extractor.extract(doc))
    return out


def dates_of(dated, doc_id: str, words: str) -> list[tuple[str | None, str | None]]:
    _, events = dated[doc_id]
    return [(e.date, e.date_source) for e in events if words in e.evidence.text]


def test_a_page_without_a_stated_date_is_dated_by_its_url(dated):
    doc, _ = dated["c-0023"]  # thenationalnews.com/mena/iraq/2021/11/30/...
    assert (doc.published, doc.metadata_sources["published"]) == ("2021-11-30", "url")
    assert ("2021-11-27", "text+publication") in dates_of(dated, "c-0023", "On Saturday night, ISIS attacked")


def test_rudaws_address_dates_its_weekdays(dated):
    doc, _ = dated["a-0143"]  # rudaw.net/english/middleeast/iraq/050720212-amp: 5 July 2021
    assert doc.published == "2021-07-05"
    assert ("2021-07-05", "text+publication") in dates_of(dated, "a-0143", "Three rockets hit Ain al-Asad")


def test_yesterday_under_a_dated_heading_is_the_day_before_the_heading(dated):
    # An ISW page of daily reports: "ISIS took control of the Sinjar district yesterday" sits under
    # "Iraq Situation Report: August 4, 2014".
    assert ("2014-08-03", "text+publication") in dates_of(dated, "b-0006", "took control of the Sinjar district")


def test_the_month_of_the_address_gives_the_year_of_a_date_without_one(dated):
    # longwarjournal.org/archives/2018/09/...: "On Sept. 21, al Qaeda's Somalia branch attacked ..."
    assert ("2018-09-21", "text") in dates_of(dated, "b-0023", "On Sept. 21")


def test_no_event_is_dated_by_a_default_day(dated):
    """A date from a month or a year is no day: such an event has no date (precision 3). A date the
    text gives has its day written in the report (no 1st of a month the text never wrote; the day may
    be in another sentence of the incident the event merges)."""
    checked = 0
    for doc_id, (doc, events) in dated.items():
        for event in events:
            if event.date is None:
                continue
            assert event.time_precision in (1, 2), (doc_id, event.date, event.evidence.text[:80])
            assert event.date_source in ("text", "text+publication", "paragraph", "lead", "publication")
            if event.date_source == "text":
                day = int(event.date[8:])
                assert re.search(rf"(?<!\d)0?{day}(?!\d)", doc.text), (doc_id, event.date)
                checked += 1
    assert checked > 30  # the dev split has many explicitly dated events

