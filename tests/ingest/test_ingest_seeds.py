"""End to end on the five real seed reports in ../shared (skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warlog.ingest.clean import clean_document
from warlog.ingest.readers import iter_inputs
from warlog.models import Document

pytestmark = pytest.mark.shared("corpus/seeds")

# Fragments of the boilerplate the seed pages carry; none may survive cleaning.
BOILERPLATE = [
    "uses cookies",
    "Accept Read More",
    "You might also like",
    "if you like our content",
    "PayPal",
    "patreon",
    "The original source of this article",
    "Copyright ©",
    "Disclaimer:",
    "copyrighted material",
    "fair use",
    "For media inquiries",
    "\\color",
    "About Niamh Harris",
    "15113 Articles",
    "alternative health practitioner",
    "Comment on Global Research",
    "Become a Member",
    "Region:",
    "Theme:",
    "In-depth Report:",
    "Fact checked by",
    "Image: Iraqi",
    "Articles by:",
    "contributed to this report",
    "• The Syrian Observatory For Human Rights",
    "By South Front",
    "Global Research, August 05, 2017",
]

NEWS = {
    "000": [
        "(CENTCOM) said on November 12",
        "told Reuters on November 6",
        "shot down two ISIS drones",
        "SDF launches counterterror operation against ISIS drone operatives",
    ],
    "001": ["has struck a car in Jarabulus city", "evacuated three people"],
    "002": [
        "26 ISIS members were reportedly killed",
        "ISIS claimed that 11 SDF fighters were killed",
        "According to the Lebanese newspaper, Al-Akhbar",
    ],
    "003": ["conducted a series of airstrikes against ISIS positions in the Syrian town of Dashisha"],
    "004": ["RT reports:", "aircraft shot down a drone", "said a statement from the US Central Command."],
}


def cleaned(path: Path) -> dict[str, Document]:
    docs = {}
    for raw in iter_inputs([str(path)], 5_000_000):
        doc = clean_document(raw)
        assert isinstance(doc, Document), doc
        docs[doc.id[:3]] = doc
    return docs


@pytest.fixture(scope="module")
def seed_files(shared: Path) -> dict[str, Document]:
    return cleaned(shared / "corpus" / "seeds")


def test_seed_directory_gives_five_documents(seed_files: dict[str, Document]) -> None:
    assert sorted(seed_files) == ["000", "001", "002", "003", "004"]
    assert all(doc.language == "en" for doc in seed_files.values())


def test_seed_boilerplate_is_removed(seed_files: dict[str, Document]) -> None:
    for key, doc in seed_files.items():
        for fragment in BOILERPLATE:
            assert fragment.lower() not in doc.text.lower(), (key, fragment)


def test_seed_news_sentences_are_kept(seed_files: dict[str, Document]) -> None:
    for key, sentences in NEWS.items():
        for sentence in sentences:
            assert sentence in seed_files[key].text, (key, sentence)


def test_sohr_title_is_kept_once(seed_files: dict[str, Document]) -> None:
    doc = seed_files["001"]
    title = "Targeting ISIS members | Two killed and injured in drone attack in Jarabulus"
    assert doc.text.count(title) == 1 and doc.text.startswith(title)
    assert (doc.title, doc.publisher) == (title, "The Syrian Observatory For Human Rights")


def test_global_research_metadata_from_the_text(seed_files: dict[str, Document]) -> None:
    doc = seed_files["002"]
    assert (doc.publisher, doc.published, doc.author) == ("Global Research", "2017-08-05", "South Front")
    assert doc.metadata_sources["published"] == "text:dateline"
    assert (
        doc.title == "Video: Syria Army and US Supported SDF Boost Cooperation, Set Up Joint Operations Room?"
    )


def test_other_seed_metadata(seed_files: dict[str, Document]) -> None:
    assert seed_files["000"].title is None  # its first line is a sentence, not a headline
    assert seed_files["000"].published is None
    assert seed_files["004"].publisher == "The People's Voice"
    assert seed_files["004"].author == "Niamh Harris"
    assert seed_files["003"].title == "The ISF And SDF Coordinate Against ISIS Along The Iraq-Syria Border"


@pytest.mark.shared("corpus/seeds.jsonl")
def test_seed_json_lines_keep_the_given_metadata(shared: Path) -> None:
    given = {}
    for line in (shared / "corpus" / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        given[record["id"]] = record
    docs = cleaned(shared / "corpus" / "seeds.jsonl")
    assert sorted(docs) == sorted(given)
    for doc_id, doc in docs.items():
        record = given[doc_id]
        assert doc.publisher == record["source"] and doc.url == record["url"]
        assert doc.metadata_sources["publisher"] == "input"
        if "published" in record:
            assert doc.published == record["published"][:10]
    assert docs["002"].published == "2017-08-05"
