"""extract/mentions.py: from a parsed sentence with its trigger hits to one event mention.

Each sentence is split, trigger-matched and parsed as the extractor does it (``split_sentences``,
``match_triggers``, ``nlp.load_pipeline`` with its parse masks); the document's actor mentions are
the real dictionary's. The place resolver is the one stand-in: a function giving a fixed place
(placing has its own tests), so what is checked here is what this module decides.
"""

from __future__ import annotations

import pytest

from warlog.extract.components import build_mention
from warlog.extract.mentions import DocumentContext, Mention, confidence
from warlog.extract.placing import PlaceReading
from warlog.extract.sentences import Span, split_sentences
from warlog.extract.triggers import match_triggers
from warlog.models import Actor, Location
from warlog.nlp import load_pipeline, mask_for_parsing
from warlog.resolve.actors import find_mentions

PUBLISHED = "2024-03-06"  # a Wednesday
IDLIB = Location("Idlib", country="SY", admin1="Idlib", latitude=35.93, longitude=36.63, geo_precision=1)


class FixedPlace:
    """A place resolver that puts every event at one place and lists no other."""

    def __init__(self, place: Location | None) -> None:
        self.place = place

    def place_and_list(self, sentence, parsed, offset):
        return PlaceReading(self.place, [], None)


def context(text: str, published: str | None = PUBLISHED, place: Location | None = None, **dates) -> DocumentContext:
    return DocumentContext(
        published=published,
        actor_mentions=sorted(find_mentions(text, published), key=lambda m: m.start),
        place_resolver=FixedPlace(place),
        **dates,
    )


def mentions(text: str, **options) -> list[Mention]:
    """The mention of every triggered sentence of ``text``, in order (one context for the document)."""
    shared = context(text, **options)
    found = []
    for sentence in split_sentences(text):
        hits = match_triggers(sentence.text)
        if hits:
            parsed = load_pipeline()(mask_for_parsing(sentence.text))[:]
            found.append(build_mention(sentence, parsed, hits, shared))
    return found


def one(text: str, **options) -> Mention:
    (found,) = mentions(text, **options)
    return found


def ids(mention: Mention) -> tuple[str | None, str | None]:
    return tuple(None if a is None else a.id for a in (mention.actor1, mention.actor2))


def test_a_claim_with_its_claimant_victims_toll_and_date():
    m = one("ISIS claimed that its fighters killed 11 SDF members near Hajin on Monday.")
    assert (m.sub_event_type, m.status, m.claimant.id) == ("Armed clash", "claimed", "isis")
    assert m.actor2.id == "sdf" and m.fatalities == 11
    assert (m.date, m.time_precision, m.date_source, m.date_unit) == ("2024-03-04", 1, "explicit", "day")
    assert m.dropped is None and m.sentence.text.startswith("ISIS claimed")
    assert m.confidence == confidence(m) == round(m.trigger.weight * 0.8 * 0.95, 3)  # claimed; no place


def test_a_source_that_is_no_dictionary_actor_is_named_as_the_claimant():
    m = one("Al-Akhbar reported that Israeli jets struck a weapons depot near Homs.")
    assert (m.status, m.claimant.name, m.claimant.type) == ("reported", "Al-Akhbar", "source")
    assert m.actor1.id == "israeli-air-force" and [w.name for w in m.weapons] == ["aircraft"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ISIS has trained fighters to carry out drone strikes on military bases.", "generic"),
        ("The coalition carried out 22 airstrikes from October 1 to November 6.", "aggregate"),
        ("A previous airstrike on the same village killed 36 people.", "background"),
    ],
)
def test_mentions_that_are_no_fresh_event_say_why(text, reason):
    assert one(text).dropped == reason


def test_a_day_named_in_an_undated_report_is_its_own_date():
    # No publication date resolves "Sunday", but the sentence names its day: not background.
    m = one("A previous airstrike on the same village killed 36 people on Sunday.", published=None)
    assert m.dropped is None and m.date is None


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"lead_date": "2024-03-02"}, ("2024-03-02", 2, "lead")),  # a detail of the lead incident
        ({}, (PUBLISHED, 2, "published")),  # the week before publication
        ({"published": None}, (None, None, None)),
    ],
)
def test_an_undated_mention_takes_the_lead_date_else_the_publication_date(options, expected):
    m = one("Gunmen attacked a checkpoint near Daraa.", **options)
    assert (m.date, m.time_precision, m.date_source) == expected
    assert not m.date_explicit


def test_relative_days_count_from_the_last_explicit_date():
    m = one("Gunmen attacked the checkpoint again the next day.", last_date="2024-03-02")
    assert (m.date, m.date_source) == ("2024-03-03", "explicit")


def test_in_a_battle_the_losses_were_inflicted_by_the_last_other_armed_actor():
    first, losses = mentions("SDF fighters clashed with ISIS cells near Hajin on Sunday. 26 ISIS members were killed.")
    assert ids(first) == ("sdf", "isis")
    assert ids(losses) == ("sdf", "isis") and losses.fatalities == 26


def test_who_gains_territory_decides_its_sub_type():
    government = "Syrian government forces took control of the town of Saraqib on Tuesday."
    assert match_triggers(government)[0].sub_event_type == "Non-state actor overtakes territory"  # the words alone
    assert one(government).sub_event_type == "Government regains territory"
    assert one("HTS fighters captured the town of Saraqib on Tuesday.").sub_event_type == (
        "Non-state actor overtakes territory"
    )  # fmt: skip


def test_a_nationality_on_the_trigger_names_the_states_forces():
    m = one("Russian airstrikes hit a market in Idlib on Monday.")
    assert m.actor1.id == "russia-forces" and m.actor1.mention == "Russian airstrikes"


def test_the_two_sides_named_by_between():
    m = one("Clashes broke out between tribal gunmen and SDF fighters in Deir ez-Zor on Sunday.")
    assert ids(m) == ("unidentified-armed-group", "sdf")


def test_a_demonstration_has_its_participants_as_actor1_and_the_resolved_place():
    m = one("Hundreds of people demonstrated in Idlib on Friday.", place=IDLIB)
    assert (m.sub_event_type, m.actor1.type, m.location) == ("Peaceful protest", "protesters", IDLIB)


def test_default_actors_are_localised_to_the_events_country():
    m = one("Hundreds of people demonstrated in Idlib on Friday.", place=IDLIB)
    assert m.actor1.name == "Protesters (Syria)"


def test_a_further_incident_and_a_sentence_pointing_back_are_marked():
    assert one("A second strike hit the road an hour later.").distinct
    assert one("This strike killed two ISIS leaders near Hajin.").anaphoric
    plain = one("A drone strike killed two ISIS leaders near Hajin.")
    assert not plain.distinct and not plain.anaphoric


def test_the_document_context_finds_actors_by_position():
    text = "SDF fighters clashed with ISIS cells near Hajin. Turkish drones struck a car. ISIS attacked a post."
    shared = context(text)
    assert [m.actor.id for m in shared.actors_within(0, text.index("."))] == ["sdf", "isis"]
    second = text.index("Turkish")
    assert shared.last_armed_before(second, other_than=None).actor.id == "isis"
    assert shared.last_armed_before(second, other_than="isis").actor.id == "sdf"
    assert shared.last_armed_before(len(text), other_than="isis").actor.id == "turkish-air-force"
    assert shared.last_armed_before(0, other_than=None) is None


def test_confidence_discounts_hedges_headlines_and_missing_fields():
    hit = match_triggers("A drone strike killed two fighters near Azaz.")[0]

    def score(status="asserted", headline=False, **fields):
        sentence = Span(0, 45, "A drone strike killed two fighters near Azaz.", headline)
        return confidence(Mention(hit.sub_event_type, sentence, hit, status=status, **fields))

    full = {"actor1": Actor("Turkish Air Force", id="turkish-air-force"), "location": IDLIB, "date": "2024-03-04"}
    assert score(**full) == round(min(hit.weight, 0.99), 3)
    assert score() == round(hit.weight * 0.85, 3)  # no who, where or when
    assert score(status="claimed", **full) == round(hit.weight * 0.8, 3)
    assert score(status="planned", **full) == round(hit.weight * 0.3, 3)
    assert score(headline=True, **full) == round(hit.weight * 0.85, 3)
