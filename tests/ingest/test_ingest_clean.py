"""Cleaning: boilerplate out, news kept, metadata from input or text (never invented), language, hashes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import repo_paths

from warlog.ingest.clean import clean_document
from warlog.ingest.dates import parse_publication_date
from warlog.ingest.fingerprint import content_hash
from warlog.ingest.readers import iter_inputs
from warlog.models import Document, RawInput, Rejected

FIXTURES = repo_paths.FIXTURES / "ingest"


def clean_fixture(name: str) -> Document:
    (raw,) = iter_inputs([str(FIXTURES / name)], 1_000_000)
    doc = clean_document(raw)
    assert isinstance(doc, Document), doc
    return doc


def clean_text(text: str, **metadata: str) -> Document | Rejected:
    return clean_document(RawInput(doc_id="t", origin="test", text=text, **metadata))


def test_wire_report_boilerplate_removed_and_news_kept() -> None:
    doc = clean_fixture("wire_report.txt")
    for junk in (
        "Share this article",
        "Editing by",
        "You might also like",
        "Aid convoy reaches",
        "uses cookies",
        "By Lina Haddad",
        "Published March",
        "| Reuters",
    ):
        assert junk not in doc.text
    for news in (
        "two residents told Reuters.",
        "his men would support a local truce",
        "Reuters could not independently verify the death toll.",
    ):
        assert news in doc.text
    assert doc.text.startswith(
        "Drone strike kills four militia fighters near Mayadin\n\nBEIRUT, March 14 (Reuters)"
    )
    assert {
        "byline",
        "publication line",
        "share prompt",
        "contributor line",
        "related articles",
        "cookie notice",
        "site name in title",
    } <= set(doc.removed)


def test_wire_report_metadata_comes_from_the_text() -> None:
    doc = clean_fixture("wire_report.txt")
    assert (doc.title, doc.publisher, doc.author, doc.published) == (
        "Drone strike kills four militia fighters near Mayadin",
        "Reuters",
        "Lina Haddad",
        "2024-03-14",
    )
    assert doc.url is None
    assert doc.metadata_sources == {
        "title": "text:first-line",
        "publisher": "text:outlet-name",
        "author": "text:byline",
        "published": "text:publication-line",
        "language": "detected",
    }


def test_blog_repost_bio_donation_disclaimer_caption_removed() -> None:
    doc = clean_fixture("blog_repost.txt")
    assert doc.text == (
        "Checkpoint Attacked Overnight In Daraa Countryside\n\n"
        "Gunmen attacked an army checkpoint near the town of Nawa overnight, wounding three soldiers, "
        "according to a local news network.\n\n"
        "The attackers withdrew toward the west after a short exchange of fire, the network added. "
        "Nobody has said who was behind the assault."
    )
    assert doc.removed == [
        "fact-check credit",
        "donation appeal",
        "disclaimer",
        "taxonomy line",
        "image caption",
        "author bio",
    ]
    assert (doc.publisher, doc.author) == ("The People's Voice", "Omar Nasser")
    assert doc.metadata_sources["author"] == "text:author-bio"


def test_html_page_main_text_and_metadata() -> None:
    doc = clean_fixture("news_page.html")
    assert doc.text.startswith("Drone strike hits convoy near Deir ez-Zor\n")
    assert "Four fighters of a local militia were killed" in doc.text
    for junk in (
        "cookies",
        "Home",
        "About us",
        "You might also like",
        "Clashes in Raqqa",
        "Copyright",
        "Facebook",
        "PayPal",
    ):
        assert junk not in doc.text
    assert (doc.title, doc.publisher, doc.author, doc.published, doc.url) == (
        "Drone strike hits convoy near Deir ez-Zor",
        "Example Monitor",
        "Lina Haddad",
        "2024-03-14",
        "https://monitor.example.org/2024/03/drone-strike-convoy",
    )
    assert set(doc.metadata_sources.values()) == {"html", "detected"}


def test_input_metadata_wins_over_text_cues() -> None:
    text = (FIXTURES / "wire_report.txt").read_text(encoding="utf-8")
    doc = clean_text(
        text,
        source="Example Daily",
        published="2024-03-15T08:00:00+02:00",
        title="Given title",
        author="Desk",
        url="https://www.reuters.com/x",
        language="EN-gb",
    )
    assert (doc.publisher, doc.published, doc.title, doc.author, doc.language) == (
        "Example Daily",
        "2024-03-15",
        "Given title",
        "Desk",
        "en",
    )
    assert set(doc.metadata_sources.values()) == {"input"}


def test_url_domain_names_the_publisher_when_no_source_is_given() -> None:
    doc = clean_text("Shelling was reported near the airport on Monday.", url="https://www.aa.com.tr/en/x")
    assert (doc.publisher, doc.metadata_sources["publisher"]) == ("Anadolu Agency", "url")


def test_wire_dateline_names_the_publisher() -> None:
    doc = clean_text(
        "DAMASCUS (AP) — Two explosions shook the Mezzeh district late on Tuesday, residents said."
    )
    assert (doc.publisher, doc.metadata_sources["publisher"]) == ("Associated Press", "text:dateline")
    assert doc.published is None  # a dateline without a year never becomes a date
    assert doc.text.startswith("DAMASCUS (AP) — Two explosions")


def test_missing_metadata_stays_empty_and_is_never_the_processing_date() -> None:
    doc = clean_text("Residents said the shelling started at dawn and lasted for three hours.")
    assert (doc.title, doc.publisher, doc.author, doc.url, doc.published) == (None, None, None, None, None)
    assert set(doc.metadata_sources) == {"language"}


def test_news_sentences_that_look_like_boilerplate_stay() -> None:
    text = (
        "Residents told Reuters the convoy was hit twice.\n"
        "Iran pledged to support the Syrian army in the offensive.\n"
        "The group accepted the cookies and sweets offered at the checkpoint as a gesture of goodwill.\n"
        "By Sunday the army had retaken the hill.\n"
        "Copyright disputes are not what this report is about.\n"
        "About 200 fighters were involved in the attack."
    )
    doc = clean_text(text)
    assert doc.text == text and doc.removed == []


def test_french_document_is_detected_as_french_and_explicit_language_is_respected() -> None:
    assert clean_fixture("french_report.txt").language == "fr"
    text = (FIXTURES / "french_report.txt").read_text(encoding="utf-8")
    assert clean_text(text, language="de").language == "de"


def test_document_of_only_boilerplate_is_rejected() -> None:
    rejected = clean_text(
        "This website uses cookies to improve your experience. Accept Read More\n\nSubscribe"
    )
    assert isinstance(rejected, Rejected) and "boilerplate" in rejected.reason


def test_content_hash_ignores_case_and_layout() -> None:
    one = clean_text("Two killed in  drone strike.\n\nThe army said nothing.")
    two = clean_text("two killed in drone strike.\nThe army said  nothing.  ")
    assert (
        one.content_hash
        == two.content_hash
        == content_hash("two killed in drone strike. the army said nothing.")
    )
    assert clean_text("Three killed in drone strike.").content_hash != one.content_hash


def test_minhash_is_deterministic_across_processes() -> None:
    text = (FIXTURES / "original_report.txt").read_text(encoding="utf-8")
    here = clean_text(text).minhash
    code = (
        "import json, sys\n"
        "from warlog.ingest.clean import clean_document\n"
        "from warlog.models import RawInput\n"
        "print(json.dumps(clean_document(RawInput('t', 'test', text=sys.stdin.read())).minhash))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == here and len(here) == 128


@pytest.mark.parametrize(
    "written, expected",
    [
        ("August 05, 2017", "2017-08-05"),
        ("4 August 2017", "2017-08-04"),
        ("Aug. 5, 2017", "2017-08-05"),
        ("Monday, 4 August 2017 10:32", "2017-08-04"),
        ("2019-11-04T10:00:00Z", "2019-11-04"),
        ("Nov 3", None),
        ("February 30, 2020", None),
        ("yesterday", None),
    ],
)
def test_publication_dates(written: str, expected: str | None) -> None:
    assert parse_publication_date(written) == expected


def test_a_five_kilobyte_report_keeps_every_repeated_news_paragraph() -> None:
    """Four copies of a news story inside a wire page: all four are news, the page furniture goes.
    (Its cleaning time is measured by bench/bench_components.py, not asserted here.)"""
    body = (FIXTURES / "original_report.txt").read_text(encoding="utf-8")
    text = (
        (FIXTURES / "wire_report.txt")
        .read_text(encoding="utf-8")
        .replace("Share this", f"{body}\n" * 4 + "Share this")
    )
    assert 4000 < len(text.encode()) < 6000
    doc = clean_text(text)
    assert isinstance(doc, Document), doc
    for paragraph in (p for p in body.split("\n\n") if p.strip()):
        assert doc.text.count(paragraph.strip()) == 4, paragraph
    assert "Share this" not in doc.text and "You might also like" not in doc.text and "cookies" not in doc.text
    assert {"share prompt", "related articles", "cookie notice"} <= set(doc.removed)
