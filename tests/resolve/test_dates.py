"""Date mentions resolved against a fixed publication date (2025-11-13 is a Thursday)."""

from __future__ import annotations

import pytest

from warlog.resolve.dates import event_date, find_dates

THURSDAY = "2025-11-13"
FRIDAY_2017 = "2017-06-09"


def only(sentence: str, published: str | None, anchor: str | None = None):
    mentions = find_dates(sentence, published, anchor)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("Gunmen attacked the checkpoint on Wednesday.", THURSDAY, "2025-11-12"),
        ("Gunmen attacked the checkpoint on Thursday.", THURSDAY, "2025-11-13"),
        ("Clashes erupted on Thursday near the bridge.", FRIDAY_2017, "2017-06-08"),
        ("A convoy was ambushed on Tuesday.", FRIDAY_2017, "2017-06-06"),
        ("Shelling resumed last Thursday.", THURSDAY, "2025-11-06"),
        ("A drone struck a car on Sunday.", "2025-03-03", "2025-03-02"),  # a Monday report: the day before
    ],
)
def test_weekday_is_latest_such_day_up_to_publication(sentence, published, expected):
    mention = only(sentence, published)
    assert (mention.date, mention.precision, mention.kind) == (expected, 1, "weekday")
    assert sentence[mention.start : mention.end] == mention.text


def test_weekday_without_publication_date_is_unresolved():
    mention = only("The patrol was hit on Wednesday.", None)
    assert mention.date is None and mention.precision is None


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("On November 1 militants stormed the post.", THURSDAY, "2025-11-01"),
        ("On 1 November militants stormed the post.", THURSDAY, "2025-11-01"),
        ("Militants stormed the post on Nov. 1.", THURSDAY, "2025-11-01"),
        ("Militants stormed the post on November 1, 2024.", THURSDAY, "2024-11-01"),
        ("A bomb exploded on December 28.", "2026-01-03", "2025-12-28"),
        ("The raid took place on 2017-08-05.", None, "2017-08-05"),
        ("The raid took place on 5 August 2017.", None, "2017-08-05"),
    ],
)
def test_calendar_dates(sentence, published, expected):
    mention = only(sentence, published)
    assert (mention.date, mention.precision, mention.kind) == (expected, 1, "absolute")


def test_month_day_without_year_or_publication_is_unresolved():
    assert only("It happened on November 1.", None).date is None


def test_slash_dates_are_not_read_as_dates():
    assert find_dates("The video was dated 05/08/2017.", None) == []


def test_two_dates_joined_by_and_are_two_mentions():
    mentions = find_dates("Strikes on May 18 and June 6 hit the town.", FRIDAY_2017)
    assert [(m.text, m.date) for m in mentions] == [("May 18", "2017-05-18"), ("June 6", "2017-06-06")]


def test_modal_may_and_verb_march_are_not_months():
    assert find_dates("Fighters may 5 times try; they march on.", FRIDAY_2017) == []


@pytest.mark.parametrize(
    ("sentence", "anchor", "expected", "precision"),
    [
        ("Gunmen killed a farmer yesterday.", None, "2025-11-12", 1),
        ("Drones were seen over the city this morning.", None, "2025-11-13", 1),
        ("Sirens sounded tonight.", None, "2025-11-13", 1),
        ("The previous day, gunmen attacked the base.", "2025-11-11", "2025-11-10", 1),
        ("A day earlier a mine exploded.", None, "2025-11-12", 1),
        ("Two days ago a convoy was hit.", None, "2025-11-11", 1),
        ("Clashes broke out earlier this week.", None, "2025-11-10", 2),
        ("Clashes broke out last week.", None, "2025-11-03", 2),
        ("The town was shelled last month.", None, "2025-10-01", 3),
        ("The town was shelled earlier this month.", None, "2025-11-01", 3),
    ],
)
def test_relative_expressions(sentence, anchor, expected, precision):
    mention = only(sentence, THURSDAY, anchor)
    assert (mention.date, mention.precision, mention.kind) == (expected, precision, "relative")


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("Twelve days ago a convoy was hit.", "2025-11-01", 1),
        ("Several days ago a convoy was hit.", "2025-11-03", 1),  # ACLED's "several" = 10 (numbers.yaml)
        ("A few weeks ago a convoy was hit.", "2025-10-20", 2),
        ("An hour ago a convoy was hit.", None, None),  # no counted unit
    ],
)
def test_counted_periods_read_their_amount_with_the_number_words_of_numbers_yaml(sentence, expected, precision):
    found = find_dates(sentence, THURSDAY)
    assert [(m.date, m.precision) for m in found] == ([(expected, precision)] if expected else [])


def test_the_counted_amount_words_are_words_of_numbers_yaml():
    from warlog.knowledge import load_yaml
    from warlog.quantities import parse_quantity

    for word in load_yaml("date_cues.yaml")["counted_amounts"]["words"]:
        assert parse_quantity(word) is not None, word


def test_relative_expressions_without_publication_date_are_unresolved():
    for sentence in ("Gunmen attacked yesterday.", "Fighting raged last week.", "It happened the next day."):
        assert only(sentence, None).date is None


def test_month_names_and_background():
    in_november = only("Protests grew in November.", THURSDAY)
    assert (in_november.date, in_november.precision, in_november.kind) == ("2025-11-01", 3, "absolute")
    last_december = only("The group seized the town last December.", THURSDAY)
    assert (last_december.date, last_december.precision) == ("2024-12-01", 3)
    assert last_december.kind == "background"
    for sentence in ("The group was founded in 2018.", "It split earlier in 2018."):
        mention = only(sentence, THURSDAY)
        assert (mention.date, mention.precision, mention.kind) == ("2018-01-01", 3, "background")


def test_periods():
    span = only("Strikes continued from October 1 to November 6.", THURSDAY)
    assert (span.kind, span.date, span.end_date, span.text) == (
        "period",
        "2025-10-01",
        "2025-11-06",
        "from October 1 to November 6",
    )
    between = only("Between May 18 and June 6 the town was shelled daily.", FRIDAY_2017)
    assert (between.kind, between.date, between.end_date) == ("period", "2017-05-18", "2017-06-06")
    since = only("The road has been closed since October 1.", THURSDAY)
    assert (since.kind, since.date, since.end_date) == ("since", "2025-10-01", THURSDAY)


def test_event_date_skips_the_statement_date():
    sentence = (
        "CENTCOM said on November 12 its forces assisted Iraqi troops in a raid on Tuesday that killed 5."
    )
    day, precision, mention = event_date(sentence, sentence.index("raid"), THURSDAY)
    assert (day, precision) == ("2025-11-11", 1)
    assert mention is not None and mention.text == "Tuesday"


def test_event_date_falls_back_to_statement_date_as_week():
    sentence = (
        "CENTCOM said on November 12 its forces assisted Iraqi troops in a raid that killed 26 militants."
    )
    day, precision, mention = event_date(sentence, sentence.index("raid"), THURSDAY)
    assert (day, precision) == ("2025-11-12", 2)
    assert mention is not None and mention.statement


def test_event_date_prefers_event_over_background():
    sentence = "The group, which captured the town in 2018, attacked a checkpoint on Monday."
    day, precision, _ = event_date(sentence, sentence.index("attacked"), THURSDAY)
    assert (day, precision) == ("2025-11-10", 1)


def test_event_date_without_a_date_is_unknown():
    sentence = "Militants attacked a checkpoint near the border."
    assert event_date(sentence, sentence.index("attacked"), THURSDAY) == (None, None, None)
    assert event_date("They attacked on Wednesday.", 5, None) == (None, None, None)


def test_a_year_in_a_relative_clause_about_something_else_is_not_the_event_date():
    """"fighting despite a truce that formally expired in 2022": the year dates the truce."""
    sentence = "The town has seen intermittent fighting despite a truce that formally expired in 2022."
    truce_clause = (sentence.index("that formally"), sentence.index("."))
    fighting = sentence.index("fighting")
    assert event_date(sentence, fighting, THURSDAY, elsewhere=[truce_clause]) == (None, None, None)
    # a day inside such a clause still dates the event ("clashes that broke out on Thursday")
    sentence = "Four were killed in clashes that broke out on Thursday."
    clause = (sentence.index("that broke"), sentence.index("."))
    killed = sentence.index("killed")
    assert event_date(sentence, killed, THURSDAY, elsewhere=[clause])[:2] == ("2025-11-13", 1)


def test_a_year_only_mention_says_so_and_an_event_of_a_year_has_no_day():
    from warlog.extract.events import Extractor
    from warlog.models import Document

    assert only("The group was founded in 2018.", THURSDAY).unit == "year"
    text = "In 2019, an airstrike killed 36 civilians in Baghouz."
    events = Extractor().extract(Document(id="y", text=text, published=THURSDAY, language="en"))
    assert events and all(e.date is None and e.time_precision == 3 for e in events), events


def test_the_dateline_date_is_the_filing_date_and_the_weekday_in_the_story_wins():
    sentence = "QAMISHLI, Syria, March 3 (Wire) - A drone struck a car near Qamishli on Sunday, police said."
    dateline = (0, sentence.index("- A") + 1)
    day, precision, mention = event_date(sentence, sentence.index("struck"), "2025-03-03", filed=[dateline])
    assert (day, precision, mention.text) == ("2025-03-02", 1, "Sunday")  # Monday 3 March: the day before
    # with no other date the filing date stands, as a statement date does: on or before it
    sentence = "BEIRUT, March 3 (Wire) - An airstrike hit a car near Tyre, officials said."
    dateline = (0, sentence.index("- An") + 1)
    airstrike = sentence.index("airstrike")
    assert event_date(sentence, airstrike, "2025-03-03", filed=[dateline])[:2] == ("2025-03-03", 2)


# -- issue 19: numeric dates, short periods, ends, weekdays named with their date, a known month only


@pytest.mark.parametrize(("sentence", "expected"), [
    ("08/29/2015: Assailants fired mortars at the base.", "2015-08-29"),  # only month-first can be
    ("29/08/2015: Assailants fired mortars at the base.", "2015-08-29"),  # only day-first can be
    ("On 29.08.2015 assailants fired mortars.", "2015-08-29"),
    ("On 07.08.2015 assailants fired mortars.", "2015-08-07"),  # dotted dates are day first
    ("On 2015/08/29 assailants fired mortars.", "2015-08-29"),
    ("On 05/05/2015 assailants fired mortars.", "2015-05-05"),
])
def test_numeric_dates_read_when_their_order_is_certain(sentence, expected):
    assert only(sentence, None).date == expected


def test_an_ambiguous_numeric_date_follows_the_documents_convention_or_stays_unread():
    sentence = "On 07/08/2015 assailants fired mortars."
    assert find_dates(sentence, None) == []
    assert only_with(sentence, day_first=True) == "2015-08-07"
    assert only_with(sentence, day_first=False) == "2015-07-08"


def only_with(sentence: str, day_first: bool) -> str | None:
    (mention,) = find_dates(sentence, None, day_first=day_first)
    return mention.date


def test_a_documents_convention_is_what_its_unambiguous_dates_agree_on():
    from warlog.resolve.dates import numeric_order

    assert numeric_order("08/29/2015: mortars. 07/08/2015: rockets.") is False
    assert numeric_order("29/08/2015: mortars. 07/08/2015: rockets.") is True
    assert numeric_order("29/08/2015: mortars. 08/30/2015: rockets.") is None  # they disagree
    assert numeric_order("07/08/2015: rockets.") is None


@pytest.mark.parametrize(("sentence", "published", "first", "last"), [
    ("Fighting 25-29 July intensified in Jabal al-Zawiya.", "2020-08-04", "2020-07-25", "2020-07-29"),
    ("Between July 23-29, coalition forces conducted nine strikes.", "2018-07-30", "2018-07-23", "2018-07-29"),
])
def test_a_few_days_are_a_period_dated_from_the_first_to_the_week(sentence, published, first, last):
    mention = only(sentence, published)
    assert (mention.kind, mention.date, mention.end_date, mention.precision) == ("period", first, last, 2)
    day, precision, _ = event_date(sentence, sentence.index("onducted") if "onducted" in sentence else 9, published)
    assert (day, precision) == (first, 2)


def test_until_ends_something_and_dates_no_event():
    sentence = "Violence decreased before the end of the truce, which ran until 2 August, the group said."
    mention = only(sentence, "2022-08-04")
    assert (mention.kind, mention.date, mention.end_date) == ("period", None, "2022-08-02")
    assert event_date(sentence, sentence.index("Violence"), "2022-08-04") == (None, None, None)


@pytest.mark.parametrize("sentence", [
    "ISIS attacked the post on Tuesday (November 9) near Kirkuk.",
    "ISIS attacked the post on Tuesday, 9 November, near Kirkuk.",
])
def test_a_weekday_named_with_its_date_is_that_date(sentence):
    mention = only(sentence, "2021-11-12")
    assert (mention.text, mention.date, mention.kind) == (mention.text, "2021-11-09", "absolute")
    assert "Tuesday" not in mention.text


@pytest.mark.parametrize(("sentence", "expected"), [
    ("On Sept. 21, Shabaab attacked US and partner forces.", "2018-09-21"),
    ("On Dec. 30, Shabaab attacked US and partner forces.", "2017-12-30"),  # after the month: the year before
])
def test_a_known_month_gives_the_year_of_a_date_without_one(sentence, expected):
    assert only(sentence, "2018-09").date == expected


def test_a_known_month_resolves_no_weekday():
    assert only("Shabaab attacked on Tuesday.", "2018-09").date is None


@pytest.mark.parametrize("sentence", ["In the last 24 hours, air strikes hit Aden.",
                                      "Air strikes hit Aden over the past 24 hours."])
def test_a_bulletins_last_24_hours_is_the_day_before_publication(sentence):
    mention = only(sentence, "2015-04-07")
    assert (mention.date, mention.precision, mention.kind) == ("2015-04-06", 1, "relative")


def test_a_date_in_a_reference_to_an_earlier_event_dates_that_event_only():
    sentence = ("On Thursday, Israeli strikes knocked the airport out of service, the first such attack since the "
                "Hamas assault on Israel a week ago.")
    assert event_date(sentence, sentence.index("such attack") + 5, "2023-10-15")[:2] == ("2023-10-12", 1)
    assert event_date(sentence, sentence.index("assault"), "2023-10-15")[0] == "2023-10-02"  # its own phrase
    two = "After the strike on Monday, another strike hit the town on Tuesday."
    assert event_date(two, two.index("strike"), "2023-10-15")[0] == "2023-10-09"
    assert event_date(two, two.index("another") + 8, "2023-10-15")[0] == "2023-10-10"
