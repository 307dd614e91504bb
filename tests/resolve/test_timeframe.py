"""A document's time frame: what its dates count from, position by position (resolve/timeframe.py)."""

from __future__ import annotations

from warlog.resolve.timeframe import section_dates, time_frame

DIGEST = (
    "Iraq Project\n\n"
    "Iraq Situation Report: August 4, 2014\n\n"
    "August 4, 2014 -\n\n"
    "ISIS took control of the Sinjar district yesterday.\n\n"
    "Iraq Situation Report: August 3, 2014\n\n"
    "ISIS launched a new offensive in northern Iraq.\n"
)


def test_each_section_counts_from_its_dated_heading():
    frame = time_frame(DIGEST, "2014-08-05", None)
    assert frame.reference_at(DIGEST.index("ISIS took")) == "2014-08-04"
    assert frame.reference_at(DIGEST.index("ISIS launched")) == "2014-08-03"
    assert frame.reference_at(0) == "2014-08-05"  # before any heading: the publication date


def test_one_dated_heading_on_a_dated_page_is_its_date_line():
    text = "14 July 2024\nVoice of America\nGunmen attacked a village yesterday.\n"
    assert time_frame(text, "2024-07-15", None).reference_at(len(text) - 5) == "2024-07-15"


def test_an_update_date_heads_no_section():
    text = "February 25, 2016\nLast updated\nJanuary 18, 2022\nCivilian harm reported\n"
    assert [day for _, day in section_dates(text)] == ["2016-02-25"]


def test_a_heading_for_a_few_days_is_dated_by_the_last():
    assert [day for _, day in section_dates("Iraq Situation Report: August 25 - 27, 2015\n")] == ["2015-08-27"]


def test_a_sentence_ending_in_a_date_heads_nothing():
    assert section_dates("The group said it attacked the base on August 4, 2014.\n") == ()


def test_an_undated_page_counts_from_the_month_its_address_gives():
    frame = time_frame("On Sept. 21, Shabaab attacked US and partner forces.\n", None,
                       "https://example.org/archives/2018/09/shabaab-attack.php")
    assert frame.reference_at(0) == "2018-09"


def test_a_caption_is_known_by_its_span():
    text = "Smoke rises over the town on May 1, 2023. (AFP)\nThe army shelled the town on Tuesday.\n"
    frame = time_frame(text, "2023-05-03", None)
    assert frame.in_caption(0, text.index("(AFP)")) and not frame.in_caption(text.index("The army"), len(text) - 1)


SUMMARY = "08/09/2015: Assailants detonated an explosives-laden vehicle at a market in Baghdad, Iraq.\n"


def test_ambiguous_numeric_dates_follow_the_report_then_its_publisher_then_the_user(monkeypatch):
    monkeypatch.delenv("WARLOG_NUMERIC_DATES", raising=False)
    assert time_frame("On 08/09/2015 a car bomb hit Baghdad.", None, None).day_first is None  # nothing settles it
    assert time_frame(SUMMARY, None, None).day_first is False  # an incident summary's shape: GTD, month first
    assert time_frame(SUMMARY, None, None, "Global Terrorism Database").day_first is False  # GTD: month first
    assert time_frame(SUMMARY, None, None, "Rudaw").day_first is True
    assert time_frame("29/08/2015: a rocket hit Erbil. " + SUMMARY, None, None, "GTD").day_first is True  # its own
    monkeypatch.setenv("WARLOG_NUMERIC_DATES", "day-first")
    assert time_frame("On 08/09/2015 a car bomb hit Baghdad.", None, None).day_first is True


def test_a_bad_numeric_date_order_is_a_usage_error(monkeypatch):
    import pytest

    from warlog.settings import Settings

    monkeypatch.setenv("WARLOG_NUMERIC_DATES", "sideways")
    with pytest.raises(ValueError, match="WARLOG_NUMERIC_DATES"):
        Settings()
