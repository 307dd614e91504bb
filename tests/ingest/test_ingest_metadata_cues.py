"""Publication-date and byline cues in a report's header and last line (never in its news text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from warlog.ingest.clean import clean_document
from warlog.ingest.dates import parse_publication_date
from warlog.ingest.metadata import INFERRED_SOURCE, MetadataCollector, take_date_cues
from warlog.ingest.readers import iter_inputs
from warlog.models import Document, RawInput

BODY = [
    "Residents of the old quarter said the water network had been cut for three days.",
    "A local council member told our correspondent that repair crews could not reach the pumps.",
    "Aid groups warned that the heat made the shortage dangerous for the elderly.",
    "The provincial governor promised to send tanker trucks by the end of the week.",
]


def clean(text: str, **metadata: str) -> Document:
    doc = clean_document(RawInput(doc_id="t", origin="test", text=text, **metadata))
    assert isinstance(doc, Document), doc
    return doc


def report(*header: str, body: list[str] = BODY, footer: tuple[str, ...] = ()) -> str:
    return "\n\n".join([*header, *body, *footer])


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Posted on July 13, 2024 by Layla Hassan", "2024-07-13"),
        ("Posted by Layla Hassan on July 13, 2024", "2024-07-13"),
        ("By Layla Hassan on 13 July 2024", "2024-07-13"),
        ("Issued on Tuesday, 17 September 2024", "2024-09-17"),
        ("Published: 2024-07-13", "2024-07-13"),
        ("Date: 13 July 2024", "2024-07-13"),
        ("July 13, 2024 at 3:04 pm", "2024-07-13"),
        ("Friday 14 June 2024", "2024-06-14"),
        ("13/07/2024", "2024-07-13"),
        ("Published 13 July 2024 | Updated 15 July 2024", "2024-07-13"),
        ("Updated 15 July 2024, published 13 July 2024", "2024-07-13"),
    ],
)
def test_metadata_line_in_the_header_dates_the_report_and_leaves_the_text(header: str, expected: str) -> None:
    doc = clean(report("Water cuts hit the old quarter", header))
    assert doc.published == expected
    assert header not in doc.text
    assert doc.text.startswith("Water cuts hit the old quarter\n\nResidents of the old quarter")


def test_blog_byline_gives_author_and_date() -> None:
    doc = clean(
        report("# Notes from the Delta", "## Water cuts again", "Posted on July 13, 2024 by Layla Hassan")
    )
    assert (doc.author, doc.published) == ("Layla Hassan", "2024-07-13")
    assert doc.metadata_sources["published"] == "text:byline"
    assert "byline" in doc.removed


@pytest.mark.parametrize(
    "header",
    [
        "Daily Field Bulletin - Friday 14 June 2024",
        "Aleppo countryside, Friday 14 June 2024",
        "Situation report | 14 June 2024",
    ],
)
def test_bulletin_header_line_is_dated_but_kept(header: str) -> None:
    doc = clean(report("Border Monitor for Human Rights", header))
    assert doc.published == "2024-06-14"
    assert doc.metadata_sources["published"] == "text:header-date"
    assert header in doc.text


def test_update_line_is_only_a_stand_in_for_the_publication_date() -> None:
    alone = clean(report("Water cuts hit the old quarter", "Updated 13 July 2024 14:05 GMT"))
    assert (alone.published, alone.metadata_sources["published"]) == ("2024-07-13", "text:update-line")
    assert "14:05" not in alone.text
    both = clean(
        report("Water cuts hit the old quarter", "Last updated: 16 July 2024", "Published: 13 July 2024")
    )
    assert (both.published, both.metadata_sources["published"]) == ("2024-07-13", "text:publication-line")


def test_stated_publication_beats_a_bulletin_header_date() -> None:
    doc = clean(report("Daily Field Bulletin - Friday 14 June 2024", "Posted on June 15, 2024 by Omar Saleh"))
    assert doc.published == "2024-06-15"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("07/08/2024", None),
        ("Date: 07/08/2024 (DD/MM/YYYY)", "2024-08-07"),
        ("Published: 07/08/2024 (mm/dd/yyyy)", "2024-07-08"),
        ("07/13/2024", "2024-07-13"),
        ("31/02/2024", None),
    ],
)
def test_all_number_dates_only_when_their_order_is_certain(header: str, expected: str | None) -> None:
    doc = clean(report("Water cuts hit the old quarter", header))
    assert doc.published == expected
    assert header not in doc.text


def test_closing_first_published_line_dates_the_report() -> None:
    footer = "This article was first published on 13 July 2024."
    doc = clean(report("Water cuts hit the old quarter", body=BODY * 3, footer=(footer,)))
    assert (doc.published, doc.metadata_sources["published"]) == ("2024-07-13", "text:publication-footer")
    assert footer not in doc.text


def stated(doc: Document) -> str | None:
    """The publication date a cue states; a date inferred from the text's latest date (issue 19,
    ingest/page_dates.py) is no statement."""
    return None if doc.metadata_sources.get("published") == INFERRED_SOURCE else doc.published


def test_first_published_sentence_inside_the_body_is_not_read() -> None:
    middle = "This article was first published on 13 July 2024."
    doc = clean(report("Water cuts hit the old quarter", body=BODY * 2 + [middle] + BODY))
    assert stated(doc) is None
    assert middle in doc.text


@pytest.mark.parametrize(
    "sentence",
    [
        "On November 1, 2024, the SDF confirmed that its fighters had left the village.",
        "The monitor said on Thursday, 13 June 2024",
        "Shelling resumed on 13 July 2024.",
        "Clashes broke out after 13 July 2024",
    ],
)
def test_dates_in_news_sentences_are_event_dates(sentence: str) -> None:
    """Not a stated publication date: at most, where nothing else dates the page, an inferred one."""
    doc = clean(report("Water cuts hit the old quarter", sentence))
    assert stated(doc) is None and doc.metadata_sources["published"] == INFERRED_SOURCE
    assert sentence in doc.text
    closing = clean(report("Water cuts hit the old quarter", footer=(sentence,)))
    assert stated(closing) is None


def test_header_line_below_the_header_zone_is_not_a_publication_date() -> None:
    doc = clean(
        report(
            "Water cuts hit the old quarter",
            body=BODY * 3 + ["Aleppo countryside, Friday 14 June 2024"] + BODY,
        )
    )
    assert stated(doc) is None


def test_input_date_beats_every_text_cue() -> None:
    doc = clean(report("Water cuts hit the old quarter", "Published: 13 July 2024"), published="2024-07-20")
    assert (doc.published, doc.metadata_sources["published"]) == ("2024-07-20", "input")


def test_take_date_cues_keeps_undated_text_untouched() -> None:
    text = report("Water cuts hit the old quarter")
    taken = take_date_cues(text)
    assert (taken.text, taken.hints, taken.removed) == (text, [], [])


def test_collector_lets_a_definite_cue_replace_only_a_provisional_one() -> None:
    meta = MetadataCollector()
    meta.offer("published", "2024-07-16", "text:update-line")
    meta.offer("published", "2024-07-15", "text:header-date")
    assert meta.get("published") == "2024-07-16"
    meta.offer("published", "2024-07-13", "text:publication-line")
    meta.offer("published", "2024-07-01", "text:dateline")
    assert (meta.get("published"), meta.sources["published"]) == ("2024-07-13", "text:publication-line")


@pytest.mark.parametrize(
    ("written", "day_first", "expected"),
    [
        ("13/07/2024", None, "2024-07-13"),
        ("13.07.2024", None, "2024-07-13"),
        ("2024/07/13", None, "2024-07-13"),
        ("07/07/2024", None, "2024-07-07"),
        ("07/08/2024", None, None),
        ("07/08/2024", True, "2024-08-07"),
        ("07/08/2024", False, "2024-07-08"),
        ("07/13/2024", True, "2024-07-13"),
        ("Updated 13 July 2024 14:05 GMT", None, "2024-07-13"),
        ("July 13, 2024 at 3:04 pm", None, "2024-07-13"),
    ],
)
def test_parse_publication_date_forms(written: str, day_first: bool | None, expected: str | None) -> None:
    assert parse_publication_date(written, day_first) == expected


@pytest.mark.shared("corpus/seeds")
def test_seed_reports_get_no_date_from_their_body_text(shared: Path) -> None:
    published = {}
    for raw in iter_inputs([str(shared / "corpus" / "seeds")], 5_000_000):
        doc = clean_document(raw)
        assert isinstance(doc, Document), doc
        published[doc.id[:3]] = doc.published
    assert published == {"000": None, "001": None, "002": "2017-08-05", "003": None, "004": None}
