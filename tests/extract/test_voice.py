"""extract/voice.py: whose voice a party's statement is in, on statements written for these tests.

The actor mentions are the real dictionary's (``resolve.actors.find_mentions``), as the extractor
passes them.
"""

from __future__ import annotations

import pytest

from warlog.extract.voice import HEADER_CHARS, SIGNATURE_CHARS, in_first_person, speaking_party
from warlog.resolve.actors import find_mentions

BODY = (
    "Our fighters repelled an attack by ISIS cells on a checkpoint near Hajin on Tuesday night and killed "
    "three of the attackers. The clashes lasted two hours before the attackers withdrew towards the desert, "
    "leaving their weapons and a pickup truck behind. Two of our heroes were wounded and taken to hospital, "
    "where they are in stable condition. Our units are combing the area around the village and the road "
    "to the river crossing. "
)
CLOSING = "Residents of the nearby farms were asked to stay indoors until the search is over."


def speaker(text: str) -> str | None:
    party = speaking_party(text, find_mentions(text))
    return None if party is None else party.actor.id


def test_the_signature_names_who_speaks_even_when_the_header_names_the_enemy():
    text = "Iranian militias attack our positions near Mayadin\n\n" + BODY + "\nMedia Office of the Syrian Democratic Forces"
    header = find_mentions(text)[0]
    assert header.actor.id == "iran-backed-militias-sy" and header.start < HEADER_CHARS
    assert header.end <= len(text) - SIGNATURE_CHARS  # the header is no signature
    assert speaker(text) == "sdf"


def test_without_a_signature_the_header_names_who_speaks():
    text = "Statement by the Syrian Democratic Forces on the attack near Hajin\n\n" + BODY + CLOSING
    # ISIS is named inside the header's reach too, after the speaker; the generic "Residents" near
    # the end is no signature.
    assert speaker(text) == "sdf"


def test_a_generic_actor_at_the_end_is_no_signature():
    text = "Statement by the Syrian Democratic Forces\n\n" + BODY + CLOSING
    mentions = find_mentions(text)
    assert mentions[-1].actor.generic and mentions[-1].end > len(text) - SIGNATURE_CHARS
    assert speaking_party(text, mentions).actor.id == "sdf"


def test_a_report_about_a_party_is_not_in_its_voice():
    # The same facts told by a reporter: no "our fighters", so nobody speaks for a side.
    text = (
        "Statement by the Syrian Democratic Forces on the attack near Hajin\n\n"
        + BODY.replace("Our fighters", "SDF fighters").replace("our heroes", "the fighters").replace("Our units", "SDF units")
        + "\nMedia Office of the Syrian Democratic Forces"
    )
    assert speaker(text) is None


def test_a_statement_naming_no_actor_has_no_speaker():
    assert speaker("Our fighters shot down a drone over the village at dawn.") is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We shot down two drones over the base.", True),
        ("The attack on our positions was repelled.", True),
        ("They told us the road was closed.", True),
        ("The SDF shot down two drones over the base.", False),
        ("Weapons and ammunition were seized in the raid.", False),  # "we" inside a word is no pronoun
    ],
)
def test_first_person_sentences(sentence, expected):
    assert in_first_person(sentence) is expected
