"""extract/status.py: the status cue that governs a trigger, on sentences written for these tests.

Each sentence is parsed by the extractor's own spaCy pipeline (``nlp.load_pipeline``, with the
parse masks the extractor applies), so these check the rules on the trees they meet in use.
"""

from __future__ import annotations

import pytest

from warlog.extract.status import (
    clause_chain,
    closing_attribution,
    find_status,
    is_aggregate,
    is_background,
    is_distinct_incident,
    is_generic,
    names_as_told,
    points_back,
    speaker_span,
)
from warlog.nlp import load_pipeline, mask_for_parsing


def parsed(sentence: str, trigger: str):
    """The parsed sentence and its token ``trigger`` (the first token so written)."""
    doc = load_pipeline()(mask_for_parsing(sentence))
    return doc[:], next(token for token in doc if token.text == trigger)


def status_of(sentence: str, trigger: str) -> tuple[str, str | None]:
    """(status, who says so) for ``trigger`` in ``sentence``."""
    span, token = parsed(sentence, trigger)
    cue = find_status(span, token)
    speaker = speaker_span(cue.cue) if cue.cue is not None else None
    return cue.status, None if speaker is None else speaker.text


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("A drone strike killed two fighters near Azaz.", "killed", ("asserted", None)),
        # A plain "X said" attributes the event to X: reported, and X is who says so (claimed only when X is a
        # party speaking of its own operation, decided once the roles are known: tests/extract/test_speaker.py).
        ("The Syrian Observatory said a drone strike killed two fighters near Azaz.", "killed",
         ("reported", "The Syrian Observatory")),
        ("Two fighters were killed near Azaz, the Syrian Observatory said.", "killed",
         ("reported", "the Syrian Observatory")),
        ("ISIS claimed that its fighters killed 11 SDF members near Hajin.", "killed", ("claimed", "ISIS")),
        ("The SDF accused Turkish-backed factions of shelling the village of Ain Issa.", "shelling",
         ("alleged", "The SDF")),
        ("The coalition denied that its aircraft bombed the hospital.", "bombed", ("denied", "The coalition")),
        ("The army is preparing to attack the town next week.", "attack", ("planned", "The army")),
        # A hedge names no source.
        ("Turkish drones reportedly struck a car near Qamishli on Monday.", "struck", ("reported", None)),
        ("According to local sources, gunmen attacked a checkpoint near Daraa.", "attacked", ("reported", None)),
        ("Gunmen attacked a checkpoint near Daraa, security sources said.", "attacked", ("reported", None)),
        ("If the talks fail, the militia will attack the town.", "attack", ("hypothetical", None)),
        ("The militia will withdraw from the town if the army shells it again.", "shells", ("hypothetical", None)),
        ("It is unclear whether the army shelled the town.", "shelled", ("hypothetical", None)),
        ("Police may have arrested dozens of protesters.", "arrested", ("hypothetical", None)),
        ("Did Israel strike the airport?", "strike", ("hypothetical", None)),
        ("The army did not shell the village.", "shell", ("negated", None)),
        ("There were no reports of casualties after the shelling of the village.", "shelling", ("negated", None)),
    ],
)
def test_the_cue_that_governs_the_trigger_sets_its_status(sentence, trigger, expected):
    assert status_of(sentence, trigger) == expected


def test_a_temporal_clause_keeps_its_own_facts():
    # The opposition alleges the shelling; the downing of the drones, told in the "after" clause, stands.
    sentence = "Government forces shelled the town after rebels shot down two drones, the opposition alleged."
    assert status_of(sentence, "shelled") == ("alleged", "the opposition")
    assert status_of(sentence, "shot") == ("asserted", None)


def test_an_apposition_tells_what_happened_whatever_the_verb_above_it():
    # Turkey denies its role, not the strike the apposition describes.
    sentence = "Turkey denied any role in the incident, a drone strike on a car near Qamishli that killed three people."
    assert status_of(sentence, "strike") == ("asserted", None)


def test_a_claim_denied_by_its_subject_is_no_claim():
    # "No group has claimed": no claim is made, so the explosion stays asserted.
    assert status_of("No group has claimed responsibility for the explosion in the market.", "explosion")[0] == "asserted"
    assert status_of("ISIS claimed responsibility for the explosion in the market.", "explosion") == ("claimed", "ISIS")


def test_the_clause_chain_climbs_from_the_trigger_to_the_verbs_that_govern_it():
    _, trigger = parsed("The SDF accused Turkish-backed factions of shelling the village of Ain Issa.", "shelling")
    chain = [token.text for token in clause_chain(trigger)]
    assert chain[0] == "shelling" and chain[-1] == "accused"
    _, trigger = parsed("A drone strike killed two fighters near Azaz.", "killed")
    assert [token.text for token in clause_chain(trigger)] == ["killed"]


# ---------------------------------------------------------------- sentence-level tests (no parse)


def test_undated_history_is_background_and_a_dated_mention_is_not():
    recalled = "A previous airstrike on the same village killed 36 people."
    assert is_background(recalled, has_own_date=False)
    assert not is_background(recalled, has_own_date=True)
    assert not is_background("An airstrike on the village killed 36 people.", has_own_date=False)


def test_history_inside_a_clause_about_something_else_is_not_the_events():
    sentence = "Gunmen attacked the checkpoint, which had been the scene of clashes, on the road to Daraa."
    clause = (sentence.index(", which") + 2, sentence.index(", on the road"))
    assert is_background(sentence, has_own_date=False)
    assert not is_background(sentence, has_own_date=False, elsewhere=[clause])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The coalition carried out 22 operations from October 1 to November 6.", True),
        ("Russian aircraft conducted dozens of airstrikes on Idlib province so far this month.", True),
        ("A coalition airstrike hit a car near Raqqa on Monday.", False),
    ],
)
def test_period_aggregates(sentence, expected):
    assert is_aggregate(sentence) is expected


def test_a_trigger_used_as_a_purpose_is_generic():
    sentence = "The group is trying to acquire drones to conduct attacks on military bases."
    assert is_generic(sentence, sentence.index("attacks"))
    occurrence = "The group conducted attacks on military bases."
    assert not is_generic(occurrence, occurrence.index("attacks"))


def test_a_further_incident_is_announced_as_distinct():
    sentence = "A second strike hit the same road an hour later."
    assert is_distinct_incident(sentence, sentence.index("strike"))
    first = "A strike hit the road near the village."
    assert not is_distinct_incident(first, first.index("strike"))


def test_a_sentence_pointing_back_is_no_further_incident_for_an_earlier_one_it_names_in_passing():
    passing = "The attack came at dawn while families who had fled earlier clashes slept in the school."
    assert not is_distinct_incident(passing, passing.index("clashes"))
    further = "The second attack came at dawn, after earlier clashes in the north."
    assert is_distinct_incident(further, further.index("clashes"))


def test_also_announces_a_further_incident_only_right_before_its_trigger():
    further = "The drones also struck a power station in Amuda."
    assert is_distinct_incident(further, further.index("struck"))
    same = "The defence ministry also confirmed the strikes."
    assert not is_distinct_incident(same, same.index("strikes"))


@pytest.mark.parametrize("sentence", [
    "The Turkish military has regularly attacked rebel positions in the mountains.",
    "The artillery fire came as Israel keeps bombing the besieged Gaza Strip.",
    "The RSF has conducted near-daily artillery and drone strikes on the city.",
])  # fmt: skip
def test_a_habit_is_no_occurrence(sentence):
    assert is_background(sentence, has_own_date=False)


@pytest.mark.parametrize(("sentence", "trigger", "told"), [
    ("Three women and seven men were killed by the airstrike.", "airstrike", True),
    ("A section of the school was damaged by the explosion.", "explosion", True),
    ("The first bomber detonated his vest at the gate.", "bomber", True),
    ("A second strike hit the road an hour later.", "strike", False),  # a further incident
    ("The ministry announced that it had arrested 89 prisoners.", "arrested", False),  # "that" joins a clause
    ("It came at the time when army shellfire killed ten.", "shellfire", False),  # the determiner is another noun's
    ("An airstrike killed two fighters.", "airstrike", False),
])  # fmt: skip
def test_a_trigger_named_as_already_told(sentence, trigger, told):
    assert names_as_told(sentence, sentence.index(trigger)) is told


def test_a_sentence_pointing_back_adds_detail_to_a_reported_incident():
    assert points_back("This complicated operation was conducted after coordination with the coalition.")
    assert points_back("  The attack lasted two hours.")
    assert not points_back("Gunmen attacked a checkpoint near Daraa.")
    assert not points_back("The operations room of the factions issued a statement.")  # "operation rooms" are no operation


@pytest.mark.parametrize(("sentence", "speaker"), [
    ('A fuel depot was destroyed," the ministry said.', "the ministry"),
    ("The base was hit,” said the Russian Defence Ministry on Monday.", "the Russian Defence Ministry"),
    ('We repelled the attack."', None),  # the quotation closes with no speaker named
    ("No quotation closes here.", None),
])  # fmt: skip
def test_the_sentence_closing_a_quotation_names_its_speaker(sentence, speaker):
    span = closing_attribution(sentence)
    assert (sentence[span[0] : span[1]] if span else None) == speaker


def test_what_a_quotation_tells_is_reported_by_whom_its_last_sentence_names():
    from warlog.extract.events import Extractor
    from warlog.models import Document

    text = ('"Russian forces shelled Kherson on Monday, killing two civilians. A fuel depot was destroyed," '
            'the regional governor said.')
    [event] = Extractor().extract(Document(id="q", text=text, language="en", published="2024-03-05"))
    assert event.status == "reported"
    unquoted = "Russian forces shelled Kherson on Monday, killing two civilians. A fuel depot was destroyed."
    assert [e.status for e in Extractor().extract(Document(id="u", text=unquoted, language="en",
                                                           published="2024-03-05"))] == ["asserted"]


@pytest.mark.parametrize(("text", "events"), [
    (("Residents look at a burnt-out car at the site of a blast in Mogadishu, September 2, 2018.\n"
      "A car bomb killed six people in Mogadishu on Sunday."), 1),  # the caption shows the aftermath: one event
    ("A woman walks past the rubble of her house after an aerial bombardment in Khartoum North.", 0),
    ("Smoke rose over Khartoum North after an aerial bombardment on Monday.", 1),  # past tense: a report
])  # fmt: skip
def test_a_pictures_caption_reports_no_event(text, events):
    from warlog.extract.events import Extractor
    from warlog.models import Document

    assert len(Extractor().extract(Document(id="p", text=text, language="en", published="2024-03-05"))) == events


@pytest.mark.parametrize(("sentence", "aggregate"), [
    ("Coalition forces conducted 22 operations over the past month.", True),
    ("In Lakki Marwat alone, three attacks were carried out on police within the last 24 hours.", True),
    ("Russian warplanes carried out 20 air strikes using missiles, targeting caves in the desert.", False),
])  # fmt: skip
def test_a_count_of_operations_is_a_total_only_over_a_period(sentence, aggregate):
    assert is_aggregate(sentence) is aggregate
