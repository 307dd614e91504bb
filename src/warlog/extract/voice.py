"""Whose voice a report is in: a party's own statement about its operations is a claim.

A press office that writes "our fighters killed 12 members of the militias" is a party to the
event telling its own side of it. ACLED codes such reports with the party as the source and
analysts weigh them as claims, so an event told in the first person of a party's statement gets
status "claimed" with that party as claimant, rather than "asserted" as if a neutral reporter
said it. The party is the actor the statement names in its header or signature.
"""

from __future__ import annotations

import re
from functools import lru_cache

from warlog.knowledge import load_yaml

# How far into the text a header, and how far from its end a signature, may name the speaker.
HEADER_CHARS = 300
SIGNATURE_CHARS = 250


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = load_yaml("status_cues.yaml")["first_person"]
    own_forces = re.compile(r"\b(?:our|my) (?:\w+ ){0,2}(?:" + "|".join(cues["own_forces"]) + r")\b", re.IGNORECASE)
    first_person = re.compile(r"\b(?:" + "|".join(cues["pronouns"]) + r")\b", re.IGNORECASE)
    return own_forces, first_person


def speaking_party(text: str, actor_mentions: list):
    """The actor a first-person statement speaks for, or None if the report is not one.

    ``actor_mentions``: the document's resolved actor mentions (``resolve.actors.ActorMention``),
    in text order. The signature wins over the header ("Press Office of the Third Corps / Syrian
    National Army" at the end names who speaks; a header may name the enemy it is about).
    """
    own_forces, _ = _patterns()
    if own_forces.search(text) is None:
        return None
    named = [m for m in actor_mentions if not m.actor.generic]
    signature = [m for m in named if m.end > len(text) - SIGNATURE_CHARS]
    if signature:
        return signature[-1]
    header = [m for m in named if m.start < HEADER_CHARS]
    return header[0] if header else None


def in_first_person(sentence_text: str) -> bool:
    """Does the sentence speak as "we" / "our forces"?"""
    return _patterns()[1].search(sentence_text) is not None
