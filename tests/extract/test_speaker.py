"""Who says it decides the status (extract/mentions.py weigh_the_speaker, extract/story.py attribute_incident).

The real-report codebook (eval/real/NOTES_*.md): an event the outlet attributes to a source is
``reported`` (police, officials, monitors, media); a party speaking of its own operation ``claimed``s
it, with the party as claimant; the speaker is no actor of the event unless the event points back at
it ("said *its* fighters ..."). Sentences written for these tests, one mechanism each.
"""

from __future__ import annotations

import pytest

from warlog.extract.events import Extractor
from warlog.models import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def only_event(extractor: Extractor, text: str):
    events = extractor.extract(Document(id="s", text=text, language="en", published="2023-01-10"))
    assert len(events) == 1, [e.evidence.text for e in events]
    return events[0]


def test_a_party_speaking_of_its_own_operation_claims_it(extractor):
    event = only_event(extractor, "Russian forces shelled Kherson on Monday, the Russian Defence Ministry said.")
    assert event.status == "claimed" and event.claimant.name.startswith("Military Forces of Russia")


def test_the_other_side_or_an_official_reports_it(extractor):
    assert only_event(extractor, "Russian forces shelled Kherson on Monday, Ukrainian officials said.").status == "reported"
    event = only_event(extractor, "A drone struck a car in Qamishli on Monday, killing two civilians, "
                                  "according to the Syrian Observatory for Human Rights.")
    assert event.status == "reported" and "Observatory" in event.claimant.name


def test_the_speaker_is_no_actor_of_what_it_announces(extractor):
    event = only_event(extractor, "Syrian authorities announced on Thursday that Israeli airstrikes targeted "
                                  "Aleppo International Airport.")
    assert event.actor1.name.startswith("Military Forces of Israel")
    assert event.status == "reported" and event.claimant.name.startswith("Military Forces of Syria")


@pytest.mark.parametrize("text", [
    "The SDF said it killed five ISIS members in Deir ez-Zor on Monday.",
    "The Islamic State said its fighters attacked an army post near Kirkuk on Sunday, killing three soldiers.",
])  # fmt: skip
def test_an_event_that_points_back_at_the_speaker_is_the_speakers(extractor, text):
    event = only_event(extractor, text)
    assert event.actor1 is not None and event.actor1.id == event.claimant.id
    assert event.status == "claimed"


def test_the_group_that_speaks_is_the_one_that_acted_not_the_last_one_named(extractor):
    event = only_event(extractor, "The Syrian Democratic Forces shot down two ISIS drones near Hasakah on Tuesday, "
                                  "the group said.")
    assert event.actor1.id == "sdf" and event.claimant.id == "sdf" and event.status == "claimed"


def test_an_inverted_attribution_the_parse_misses_still_reports(extractor):
    event = only_event(extractor, "Gunmen attacked a checkpoint near Daraa on Monday, killing two soldiers, "
                                  "reported a war monitor.")
    assert event.status == "reported"


def test_an_incident_attributed_in_another_of_its_sentences_is_reported(extractor):
    lead = "A Turkish drone struck a car near Qamishli on Monday, killing two civilians."
    assert only_event(extractor, lead).status == "asserted"
    told = lead + "\nA local source told North Press that the drone targeted the car near the city's southern entrance."
    assert only_event(extractor, told).status == "reported"


def test_a_detail_no_trigger_flags_still_gives_the_incident_to_its_sources(extractor):
    lead = "Two young men were shot dead on Sunday by unidentified gunmen near Daraa."
    assert only_event(extractor, lead).status == "asserted"
    told = lead + "\nLocal sources said the two men were killed on the road outside the town after dark."
    event = only_event(extractor, told)
    assert event.status == "reported" and event.claimant is None  # unnamed: no source to name
    named = lead + "\nThe two were killed on the road outside the town after dark, according to the Syrian Observatory."
    event = only_event(extractor, named)
    assert event.status == "reported" and "Syrian Observatory" in event.claimant.name
    # Sources who only speak of something else (no word of what happened) leave the outlet's account its own.
    aside = lead + "\nLocal sources said the road had been closed for repairs since the spring."
    assert only_event(extractor, aside).status == "asserted"


def test_the_ministry_is_the_ministry_the_report_named_before(extractor):
    text = ("The Russian Defence Ministry said on Monday that its air defences had worked through the night.\n"
            "Russian forces took control of the village of Nevske in the Luhansk region, the ministry said.")
    event = only_event(extractor, text)
    assert event.status == "claimed" and event.claimant.name.startswith("Military Forces of Russia")


def test_a_report_relaying_a_partys_statement_tells_its_claims_throughout(extractor):
    text = ("Israeli warplanes struck dozens of Hezbollah targets in southern Lebanon overnight, the Israel "
            "Defense Forces said in a statement.\n"
            "Israeli artillery shelled Ayta ash-Shab on Monday morning.")
    events = extractor.extract(Document(id="s", text=text, language="en", published="2023-01-10"))
    shelling = next(e for e in events if e.sub_event_type == "Shelling/artillery/missile attack")
    assert shelling.status == "claimed" and shelling.claimant.name.startswith("Military Forces of Israel")
    # The other side's operations in the same report are no claim of the party relayed.
    text += "\nHezbollah fired rockets at Kiryat Shmona on Monday evening."
    events = extractor.extract(Document(id="s", text=text, language="en", published="2023-01-10"))
    rockets = next(e for e in events if "Kiryat" in e.evidence.text)
    assert rockets.status == "asserted"


def test_a_report_relaying_a_monitor_gives_it_the_incidents_it_tells_as_fact(extractor):
    text = ("Turkish drones struck a car near Amuda on Thursday, killing two fighters, the Syrian Observatory for "
            "Human Rights reported.\n"
            "The drones also struck a checkpoint near Qamishli.\n"
            "Previously, a Turkish drone struck a truck near Derbasiyah on March 7.")
    relayed = Document(id="s", text=text, language="en", published="2023-03-10", publisher="Kurdistan 24")
    events = {e.evidence.text.split()[0]: e for e in extractor.extract(relayed)}
    assert events["The"].status == "reported" and "Syrian Observatory" in events["The"].claimant.name
    assert events["Previously,"].status == "asserted"  # the outlet's own background, another day
    own = Document(id="s", text=text, language="en", published="2023-03-10",
                   publisher="The Syrian Observatory For Human Rights")
    assert all(e.status != "reported" or e.evidence.text.startswith("Turkish") for e in extractor.extract(own))


def test_residents_named_as_the_source_are_no_actor_of_what_they_tell(extractor):
    event = only_event(extractor, "According to residents, a villager was shot dead by junta troops in Gangaw on Sunday.")
    assert event.status == "reported" and event.claimant.type == "civilians"
    assert event.actor1 is not None and event.actor1.type != "civilians"
