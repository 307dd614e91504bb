"""extract/roles.py: who acts (actor1) and who is acted upon (actor2), on sentences written for these tests.

The sentences are parsed by the extractor's own pipeline (``nlp.load_pipeline`` with its parse
masks) and the candidates are the real dictionary's actor mentions (``resolve.actors.find_mentions``),
as ``extract/mentions.py`` passes them.
"""

from __future__ import annotations

import pytest

from warlog.extract.roles import (
    RoleCandidate,
    agent_phrase,
    assign_roles,
    between_phrases,
    foreign_clauses,
    is_actor_phrase,
    token_at,
)
from warlog.nlp import load_pipeline, mask_for_parsing
from warlog.resolve.actors import find_mentions


def parse(sentence: str):
    return load_pipeline()(mask_for_parsing(sentence))[:]


def candidates(sentence: str) -> list[RoleCandidate]:
    return [RoleCandidate(m.start, m.end, m) for m in find_mentions(sentence)]


def roles(sentence: str, trigger: str, symmetric: bool = False) -> tuple[str | None, str | None]:
    """The actor ids (actor1, actor2) for the trigger word ``trigger``."""
    actor1, actor2 = assign_roles(parse(sentence), sentence.index(trigger), candidates(sentence), symmetric)
    return tuple(None if c is None else c.payload.actor.id for c in (actor1, actor2))


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # The subject acts, the object is acted upon.
        ("Turkish drones struck an SDF vehicle near Qamishli.", "struck", ("turkish-air-force", "sdf")),
        # A light verb's subject acts for its trigger noun; "on X" is the target.
        ("The Iraqi Air Force conducted airstrikes on ISIS hideouts in the Hamrin mountains.", "airstrikes",
         ("iraqi-air-force", "isis")),
        # ... even when another actor is named nearer the trigger than the subject.
        ("Iraqi Air Force jets, guided by SDF intelligence, carried out airstrikes on ISIS hideouts.", "airstrikes",
         ("iraqi-air-force", "isis")),
        # Passive: "by X" acts, the passive subject is acted upon.
        ("26 ISIS members were killed by Iraqi forces near Kirkuk.", "killed", ("isf", "isis")),
        # The owner of the object shot down is acted upon.
        ("The SDF shot down two ISIS drones near Hajin.", "shot", ("sdf", "isis")),
        # "..., killing two HTS fighters": the victims of the outcome clause.
        ("Syrian army artillery shelled a village near Idlib, killing two HTS fighters.", "shelled",
         ("syria-transitional-forces", "hts")),
        # A participle borrows the subject of the clause it hangs on.
        ("The SDF raided ISIS cells near Hajin, arresting five suspects.", "arresting", ("sdf", "isis")),
        # "it" is the actor named before it.
        ("The SDF confirmed that it conducted raids on ISIS cells in Deir ez-Zor.", "raids", ("sdf", "isis")),
    ],
)
def test_the_parse_assigns_who_acts_and_who_is_acted_upon(sentence, trigger, expected):
    assert roles(sentence, trigger) == expected


def test_both_sides_of_a_clash_when_the_type_is_symmetric():
    sentence = "The SNA and the SDF clashed near Manbij."
    assert roles(sentence, "clashed", symmetric=True) == ("sna", "sdf")
    # Not symmetric: the second conjunct of the subject is no patient.
    assert roles(sentence, "clashed", symmetric=False)[1] is None


def test_victims_of_a_death_whose_cause_is_the_trigger():
    # The strike names no one; the fighters who died after it suffered it.
    assert roles("Three HTS fighters died after a drone strike near Idlib.", "strike") == (None, "hts")
    assert roles("Four HTS members were killed when a drone struck their car near Idlib.", "struck") == (None, "hts")


def test_who_launched_the_object_acted_upon():
    sentence = "The SDF shot down a drone launched by Iran-backed militias near the base."
    assert roles(sentence, "shot") == ("sdf", "iran-backed-militias-sy")


def test_an_actor_in_a_clause_about_the_place_is_no_participant():
    sentence = "Gunmen opened fire on a pickup near the base, where US forces are stationed."
    assert roles(sentence, "opened") == ("unidentified-armed-group", None)
    (clause,) = foreign_clauses(parse(sentence), sentence.index("opened"), locative_only=True)
    assert sentence[slice(*clause)] == "where US forces are stationed"
    # With no subject or object to go by, word order decides, still without the clause's actors.
    headline = "SDF: explosion near the base where US forces are stationed."
    assert roles(headline, "explosion") == ("sdf", None)


def test_foreign_clauses_keep_the_clause_that_tells_of_the_event():
    about_someone_else = "A drone struck a man whose brother works for the SDF in Rmelan."
    spans = foreign_clauses(parse(about_someone_else), about_someone_else.index("struck"))
    assert [about_someone_else[slice(*s)] for s in spans] == ["whose brother works for the SDF in Rmelan"]
    assert foreign_clauses(parse(about_someone_else), about_someone_else.index("struck"), locative_only=True) == []
    # The troops the airbase hosts are what an attack on it targets: not a place clause.
    hosts = "A drone struck the airbase, which hosts coalition troops, near Tanf."
    assert foreign_clauses(parse(hosts), hosts.index("struck"), locative_only=True) == []


def test_word_order_decides_when_the_trigger_is_no_token():
    sentence = "The SDF said Turkish drones struck a car near Qamishli ."
    found = candidates(sentence)
    offset = sentence.index(" struck")  # the space before the verb: no token covers it
    assert token_at(parse(sentence), offset) is None
    actor1, actor2 = assign_roles(parse(sentence), offset, found)
    assert (actor1.payload.text, actor2) == ("Turkish drones", None)  # the nearest before; none after
    assert assign_roles(parse(sentence), offset, []) == (None, None)


def test_token_at_covers_every_character_of_a_token():
    sentence = "A drone struck a car near Azaz."
    span = parse(sentence)
    start = sentence.index("struck")
    assert [token_at(span, start + k).text for k in range(len("struck"))] == ["struck"] * 6
    assert token_at(span, start + len("struck")) is None  # the space after it


def test_the_two_sides_named_by_between():
    sentence = "Clashes broke out between tribal gunmen and SDF fighters in Deir ez-Zor."
    first, second = between_phrases(parse(sentence), sentence.index("Clashes"))
    assert (first.text, second.text) == ("tribal gunmen", "SDF fighters")
    assert is_actor_phrase(first) and is_actor_phrase(second)
    road = "Clashes on the road between Qamishli and Amuda left two dead."
    first, second = between_phrases(parse(road), road.index("Clashes"))
    assert (first.text, second.text) == ("Qamishli", "Amuda")
    assert not is_actor_phrase(first) and not is_actor_phrase(second)  # places are no sides
    assert between_phrases(parse("Gunmen attacked a checkpoint."), 0) == (None, None)


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Houthi forces fired a missile at a tanker in the Red Sea.", "fired", "Houthi forces"),
        ("Tribal gunmen attacked an SDF checkpoint near Busayrah.", "attacked", "Tribal gunmen"),
        ("They attacked an SDF checkpoint near Busayrah.", "attacked", None),  # a pronoun names no one
        ("The storm damaged houses near Busayrah.", "damaged", None),  # no actor noun, no organisation
    ],
)
def test_an_agent_phrase_the_dictionary_does_not_know(sentence, trigger, expected):
    phrase = agent_phrase(parse(sentence), sentence.index(trigger))
    assert (None if phrase is None else phrase.text) == expected
