"""Publication dates from where a copied page keeps them: its URL, its stamp, a dateline completed by
the URL's month, and (last, marked inferred) the text's latest date (ingest/url_dates.py,
ingest/page_dates.py, issue 19). URLs and texts written for these tests, one shape each; the real
shapes they stand for are named beside them."""

from __future__ import annotations

import pytest

from warlog.ingest.captions import is_caption
from warlog.ingest.clean import clean_document
from warlog.ingest.metadata import INFERRED_SOURCE
from warlog.ingest.url_dates import date_in_url
from warlog.models import Document, RawInput


@pytest.mark.parametrize(("url", "day", "month"), [
    ("https://example.com/mena/iraq/2021/11/30/isis-attack-kills-fighter/", "2021-11-30", "2021-11"),
    ("https://example.com/news/2024/02/08/", "2024-02-08", "2024-02"),
    ("https://example.com/world/story/2021-10-03/bomb-targets-mosque", "2021-10-03", "2021-10"),
    ("https://example.com/news/strike-hits-airport202308291006460013", "2023-08-29", "2023-08"),
    ("https://rudaw.net/english/middleeast/iraq/230120216-amp", "2021-01-23", "2021-01"),
    ("https://manage.rudaw.net/english/kurdistan/100120242-amp", "2024-01-10", "2024-01"),
    ("https://www.aljazeera.com/news/2018/09/blast-hits-mogadishu-180902073922769.html", "2018-09-02", "2018-09"),
    ("https://example.org/archives/2018/09/shabaab-attack.php", None, "2018-09"),
])
def test_dates_in_addresses(url, day, month):
    found = date_in_url(url)
    assert (found.iso_day, found.iso_month) == (day, month)


@pytest.mark.parametrize("url", [
    "https://tass.com/defense/1950007",  # an article number, no date
    "https://example.com/2023/13/45/not-a-day/",  # no calendar day, no month either
    "https://example.com/230120216-amp",  # Rudaw's convention is Rudaw's alone
    "https://example.com/item?published=2021/11/30",  # the query is no path
    None,
])
def test_no_date_where_the_address_gives_none(url):
    assert date_in_url(url) is None


def clean(text: str, **fields) -> Document:
    doc = clean_document(RawInput(origin="t", doc_id="t", text=text, **fields))
    assert isinstance(doc, Document)
    return doc


BODY = "Gunmen attacked a checkpoint near Kirkuk, killing two soldiers, police said.\n"


def test_the_url_dates_a_page_that_states_no_date():
    doc = clean(BODY, url="https://example.com/2021/11/30/gunmen-attack/")
    assert (doc.published, doc.metadata_sources["published"]) == ("2021-11-30", "url")


def test_the_input_date_outranks_the_url():
    doc = clean(BODY, url="https://example.com/2021/11/30/gunmen-attack/", published="2021-12-01")
    assert (doc.published, doc.metadata_sources["published"]) == ("2021-12-01", "input")


def test_a_page_stamp_dates_the_page_and_leaves_the_text():
    doc = clean("date 2016-12-28 U.S. and coalition forces continued to attack ISIL on Monday.\n")
    assert doc.published == "2016-12-28" and doc.text.startswith("U.S. and coalition")


def test_a_month_stamp_completes_the_datelines_day_and_stays():
    doc = clean("date 2023-03 MOSCOW, March 22. /TASS/. The Israeli Air Force struck Aleppo airport.\n")
    assert (doc.published, doc.metadata_sources["published"]) == ("2023-03-22", "text:dateline+url")


def test_a_dateline_day_takes_the_year_of_the_urls_month():
    doc = clean("Beirut, December 30 (RHC)--Rockets hit the border area.\n", url="https://example.com/2024/01/rockets/")
    assert doc.published == "2023-12-30"


def test_a_dateline_day_without_any_year_dates_nothing():
    assert clean("MOSCOW, April 27. /TASS/. The ministry reported losses.\n").published is None


def test_the_latest_date_in_a_plain_text_is_an_inferred_publication_date():
    doc = clean("The testimony was presented to the committee on April 27, 2017.\n"
                "The strikes of April 7, 2017 hit Shayrat airbase.\n")
    assert (doc.published, doc.metadata_sources["published"]) == ("2017-04-27", INFERRED_SOURCE)


def test_a_captions_date_is_no_publication_date():
    doc = clean("Members of the forces near Sharween on January 22 2015. (AFP photo)\n\n"
                "SULAIMANI (ESTA) - Eleven people were killed in an attack late on Tuesday.\n")
    assert doc.published is None


@pytest.mark.parametrize(("line", "caption"), [
    ("Workers at the site in Khartoum North, Sudan, May 1, 2023. (AFP)", True),
    ("Rescue operations are ongoing. (Photo: State Emergency Service/Telegram)", True),
    ("People gather at the site in Mogadishu, September 2, 2018. REUTERS/Feisal Omar", True),
    ("File Photo: Demonstrators burning a flag in Dohuk", True),
    ("Fuel Truck Bomb Blast Kills over 40 Civilians in Afrin (+Video)", False),
    ("Two soldiers were killed, the ministry said (AP) in a statement on Monday.", False),
])
def test_captions(line, caption):
    assert is_caption(line) is caption


def test_a_lone_date_line_far_into_a_page_dates_its_section_and_stays():
    lines = ["Civilian Casualties", "Belligerent", "Country", "start date", "end date", "Civilian Harm Status",
             "Declassified Documents", "Infrastructure", "Incident date", "November 23, 2018",
             "Alleged Coalition airstrikes occurred in Al Soussa, killing a family."]
    doc = clean("\n".join(lines) + "\n")
    assert "November 23, 2018" in doc.text and doc.metadata_sources.get("published") != "text:dateline"


def test_a_lone_date_line_in_the_header_dates_the_page():
    doc = clean("Strikes hit ISIL in Syria\nDecember 24, 2016\n" + BODY)
    assert (doc.published, doc.metadata_sources["published"]) == ("2016-12-24", "text:dateline")
    assert "December 24, 2016" not in doc.text


def test_a_desk_datelines_full_date_dates_the_report():
    doc = clean("SOUTHWEST ASIA, Dec. 24, 2016 — Coalition forces continued to attack ISIL yesterday, officials said.\n")
    assert (doc.published, doc.metadata_sources["published"]) == ("2016-12-24", "text:desk")


def test_the_day_after_an_update_label_is_no_inferred_date():
    doc = clean("Incident date\n\n" "The bus was bombed on February 25, 2016 south of Mosul.\n"
                "First published\nFebruary 25, 2016\nLast updated\nJanuary 18, 2022\nCivilian harm reported\n")
    assert doc.published == "2016-02-25"
