"""How extraction dates an event (issue 19), one mechanism per test on sentences written for them:
the paragraph's date, captions, a month that is no day, a publisher's numeric-date convention."""

from __future__ import annotations

import pytest

from warlog.extract.events import Extractor
from warlog.models import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def dates(extractor: Extractor, text: str, **metadata) -> list[tuple[str | None, int | None, str | None]]:
    doc = Document(id="d", text=text, language="en", **metadata)
    return [(e.date, e.time_precision, e.date_source) for e in extractor.extract(doc)]


def test_an_undated_sentence_takes_its_paragraphs_date(extractor):
    text = ("Coalition aircraft conducted 12 strikes in Syria on Dec. 26, officials said. "
            "Near Raqqa, nine strikes destroyed six vehicle-borne bombs.")
    assert ("2016-12-26", 1, "paragraph") in dates(extractor, text, published="2016-12-28")


def test_a_month_is_no_day(extractor):
    text = "In September, a Turkish drone strike killed three fighters near Manbij."
    assert dates(extractor, text, published="2023-10-04") == [(None, 3, None)]


def test_a_weekday_counts_from_the_publication_date(extractor):
    text = "A Turkish drone struck a car near Qamishli on Monday, killing two fighters."
    assert dates(extractor, text, published="2024-05-08") == [("2024-05-06", 1, "text+publication")]


def test_an_undated_report_of_an_undated_event_has_no_date(extractor):
    assert dates(extractor, "A Turkish drone struck a car near Qamishli, killing two fighters.") == [(None, None, None)]


def test_a_captions_date_dates_nothing_after_it(extractor):
    text = ("Smoke rises over the market in Khartoum North, Sudan, May 1, 2023. (AFP)\n"
            "Artillery shells hit the market on Tuesday, killing 13 people, medics said.")
    assert ("2023-05-09", 1, "text+publication") in dates(extractor, text, published="2023-05-10")


def test_a_numeric_incident_summary_is_dated_by_its_publishers_convention(extractor, monkeypatch):
    """08/09/2015 is read month first only because the publisher's house style says so: named
    (outlets.yaml), or shown by the summary's shape (date_cues.yaml numeric_date_houses)."""
    monkeypatch.delenv("WARLOG_NUMERIC_DATES", raising=False)
    text = "Assailants detonated an explosives-laden vehicle at a market in Baghdad on 08/09/2015, killing 12 people."
    assert [d for d, _, _ in dates(extractor, text)] == [None]
    assert dates(extractor, text, publisher="Global Terrorism Database") == [("2015-08-09", 1, "text")]
    summary = ("08/09/2015: Assailants detonated an explosives-laden vehicle at a market in Baghdad, Iraq. "
               "At least 12 people were killed.")
    assert dates(extractor, summary) == [("2015-08-09", 1, "text")]


def test_each_dated_section_has_its_own_lead(extractor):
    text = ("Iraq Project\n\n"
            "Iraq Situation Report: August 4, 2014\n\n"
            "ISIS seized the Mosul Dam yesterday after clashes with Peshmerga forces.\n\n"
            "Iraq Situation Report: August 2, 2014\n\n"
            "ISIS fighters clashed with Peshmerga forces in Zummar on Friday.\n\n"
            "Peshmerga forces also clashed with ISIS fighters near Jalula.\n")
    found = dates(extractor, text, published="2014-08-05")
    assert found[0] == ("2014-08-03", 1, "text+publication")
    assert found[1][:2] == ("2014-08-01", 1)  # Friday before the August 2 heading, not before publication
    assert found[-1][0] == "2014-08-01"  # the undated clash: this section's lead (or paragraph), not the first section's
