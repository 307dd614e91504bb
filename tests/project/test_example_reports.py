"""What the shipped example reports (examples/reports/) give: the README's tour shows these outputs to
every new user, so the visible mistakes found in them are pinned here (issue 14)."""

from __future__ import annotations

import pytest
from repo_paths import REPOSITORY

from warlog.extract.events import Extractor
from warlog.pipeline import extract_documents, read_documents
from warlog.settings import Settings

EXAMPLES = REPOSITORY / "examples" / "reports"


@pytest.fixture(scope="module")
def example_events() -> dict[str, list]:
    documents = read_documents([str(EXAMPLES)], Settings(), fingerprint=False)
    return {doc.id: events for doc, events in extract_documents(documents, Extractor())}


def test_the_marib_clash_is_placed_in_yemen_not_at_an_indian_namesake(example_events):
    """"the al-Kasara area west of the city of Marib": al-Kasara is not in the gazetteer; Kasara in
    India shares its article-free key and must not stand in for it."""
    clashes = [e for e in example_events["yemen_marib_clash"] if e.sub_event_type == "Armed clash"]
    assert clashes
    for clash in clashes:
        assert clash.location is not None and clash.location.country == "YE", clash.location
    lead = next(e for e in clashes if "al-Kasara" in e.evidence.text)
    assert lead.location.name == "Marib" and lead.location.geo_precision == 2  # west of Marib


def test_the_truce_recalled_as_background_is_no_clash_and_the_clash_has_its_own_toll(example_events):
    """"... the scene of intermittent fighting despite a UN-brokered truce that formally expired in
    2022" is history: the year dates the truce's expiry (a relative clause about something else), so
    the sentence has no date of its own and is dropped as background. Six were killed, three per side."""
    events = example_events["yemen_marib_clash"]
    assert not any("formally expired" in e.evidence.text for e in events)
    assert not any((e.date or "").endswith("-01-01") for e in events)
    (clash,) = [e for e in events if e.sub_event_type == "Armed clash"]
    assert clash.date is None  # the document has no publication date: "on Sunday" stays unresolved
    assert clash.fatalities == 6  # "killed six fighters, three from each side" is six, not nine


def test_sunday_in_a_monday_wire_story_is_the_day_before_not_the_dateline_date(example_events):
    """"QAMISHLI, Syria, March 3 (Wire) - A drone struck a car ... on Sunday": March 3, 2025 is a Monday
    (the publication date); the dateline dates the filing, the strike was on Sunday 2 March."""
    events = example_events["wire_qamishli_drone_strike"]
    (strike,) = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert (strike.date, strike.time_precision) == ("2025-03-02", 1)
