"""Status of an event mention: asserted, claimed, alleged, reported, denied, planned, hypothetical, negated.

Claims are not facts. A cue only counts when it governs the trigger: we climb the dependency
tree from the trigger through clausal links (``ccomp``, ``xcomp``, ``conj``...) and collect the
attribution verbs, hedging adverbs, modal auxiliaries, negations and conditional marks met on
the way. Temporal clauses ("...accused X of collusion, *after* the militia shot down two
drones") are not climbed through, so the shoot-down stays asserted while the accusation is
alleged. The cue words live in ``data/status_cues.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from warlog.knowledge import load_yaml

# Links through which a governing verb's attitude reaches the trigger.
_CLAUSAL = {"ccomp", "xcomp", "conj", "acomp", "dobj", "pobj", "prep", "nsubjpass", "nsubj", "attr", "oprd", "pcomp"}
# Temporal/adverbial clauses and relative clauses report their own facts.
_STOP = {"advcl", "relcl", "acl", "appos", "parataxis"}


@dataclass(frozen=True)
class StatusCue:
    status: str
    cue: Token | None  # the token carrying the cue (its subject is the claimant), if any
    source: tuple[int, int] | None = None  # where the sentence names its source ("according to X"), if no cue


@lru_cache(maxsize=1)
def _cues() -> dict:
    data = load_yaml("status_cues.yaml")
    verbs = {word: status for status, words in data["verbs"].items() for word in words}
    adverbs = {word: status for status, words in data["adverbs"].items() for word in words}
    auxiliaries = {word: status for status, words in data["auxiliaries"].items() for word in words}
    return {
        "priority": data["priority"],
        "verbs": verbs,
        "adverbs": adverbs,
        "auxiliaries": auxiliaries,
        "negations": set(data["negations"]),
        "conditional": set(data["conditional_marks"]),
        "reported_phrases": re.compile("|".join(re.escape(p) for p in data["reported_phrases"])),
        "negative_arguments": set(data["negative_arguments"]),
        "negation_phrases": re.compile(r"\b(?:" + "|".join(data["negation_phrases"]) + r")\b"),
        "speech": set(data["speech_verbs"]),
        "sources": [re.compile(p) for p in data["source_patterns"]],
        "relay": [re.compile(p) for p in data["relay_patterns"]],
        "apart": re.compile(r"(?:" + "|".join(data["apart_openings"]) + r")\b", re.IGNORECASE),
        "quote_attribution": [re.compile(p) for p in data["quote_attribution_patterns"]],
        "anonymous": re.compile(r"\b(?:" + "|".join(data["anonymous_sources"]) + r")\b"),
        "restating": re.compile(r"\b(?:" + "|".join(data["restating_words"]) + r")\b"),
        "background": re.compile(r"\b(?:" + "|".join(data["background_phrases"]) + r")\b"),
        "aggregate": re.compile("|".join(f"(?:{p})" for p in data["aggregate_patterns"])),
        "generic": [re.compile(p) for p in data["generic_patterns"]],
        "caption_verbs": frozenset(data["caption_verbs"]),
        "anaphoric": re.compile(r"^(?:" + "|".join(data["anaphoric_openings"]) + r")", re.IGNORECASE),
        "definite": re.compile(data["definite_reference"], re.IGNORECASE),
        "distinct": re.compile(
            r"\b(?:(?:" + "|".join(data["distinct_incident_words"]) + r")\s+(?:[\w-]+\s+){0,2}|(?:"
            + "|".join(data["distinct_incident_words_next_to_trigger"]) + r")\s+)$", re.IGNORECASE
        ),
        "distinct_word": re.compile(r"\b(?:" + "|".join(data["distinct_incident_words"]) + r")\b", re.IGNORECASE),
        "distinct_not_for": re.compile(r"(?:" + "|".join(data["distinct_not_for"]) + r")\b", re.IGNORECASE),
    }


def clause_chain(trigger: Token) -> list[Token]:
    """The trigger and the tokens governing it through clausal links, nearest first."""
    chain = [trigger]
    token = trigger
    while token.head.i != token.i and token.dep_ not in _STOP:
        if token.dep_ not in _CLAUSAL and token.pos_ in ("VERB", "AUX"):
            break
        token = token.head
        chain.append(token)
    return chain


def find_status(sentence: Span, trigger: Token) -> StatusCue:
    """The strongest status cue governing ``trigger`` in its parsed ``sentence``."""
    cues = _cues()
    found: dict[str, Token | None] = {}
    for position, token in enumerate(clause_chain(trigger)):
        lower = token.lower_
        if position > 0 and lower in cues["verbs"] and not _negated_subject(token):
            # "No group has claimed responsibility for the explosion": no claim, the explosion stands.
            found.setdefault(cues["verbs"][lower], token)
        for child in token.children:
            word = child.lower_
            if child.dep_ == "advmod" and word in cues["adverbs"]:
                # A hedge names no source: "26 ISIS members were reportedly killed" is not ISIS's claim.
                found.setdefault(cues["adverbs"][word], None)
            elif child.dep_ in ("aux", "auxpass") and word in cues["auxiliaries"]:
                found.setdefault(cues["auxiliaries"][word], None)
            elif child.dep_ == "neg" or (child.dep_ == "det" and word == "no" and token == trigger) or position == 0 and word in cues["negative_arguments"] and child.dep_ in _ARGUMENTS:
                found.setdefault("negated", None)
            elif child.dep_ == "mark" and word in cues["conditional"]:
                found.setdefault("hypothetical", None)
        if token.dep_ == "advcl" and any(c.lower_ in cues["conditional"] for c in token.children):
            found.setdefault("hypothetical", None)
    before = sentence.text[: trigger.idx - sentence.start_char].lower()
    if cues["negation_phrases"].search(before):
        found.setdefault("negated", None)
    if "reported" not in found and cues["anonymous"].search(sentence.text.lower()):
        found["reported"] = None
    if "reported" not in found and cues["reported_phrases"].search(before):
        found["reported"] = None
    if sentence.text.rstrip(" \"'”’").endswith("?"):
        found.setdefault("hypothetical", None)  # a question headline asserts nothing
    if sentence.text.lower().startswith(("if ", "unless ")):
        found.setdefault("hypothetical", None)
    for status in cues["priority"]:
        if status in found:
            cue = found[status]
            return StatusCue(status, cue, attributed_source(sentence.text) if cue is None else None)
    speech = _speech_verb(trigger)
    # "..., police said": the outlet attributes the event to a source, so it is reported (whether the
    # source is a party claiming its own operation is decided once the roles are known, see
    # extract/mentions.py ``weigh_the_speaker``).
    if speech is not None:
        return StatusCue("reported", speech)
    source = attributed_source(sentence.text)
    if source is not None:
        return StatusCue("reported", None, source)  # "..., reported a war monitor": the parse missed the verb
    return StatusCue("asserted", None)


def quote_left_open(text: str) -> bool:
    """Does a quotation opened in ``text`` run past its end? (Curly quotes counted open against closed,
    straight double quotes by parity.)"""
    curly = text.count("“") - text.count("”")
    return curly > 0 or (curly == 0 and text.count('"') % 2 == 1)


def closing_attribution(sentence_text: str) -> tuple[int, int] | None:
    """Where the sentence that closes a quotation names its speaker after the closing mark ('... destroyed,"
    the ministry said.'), offsets in the sentence; None when it closes without one."""
    closing = max(sentence_text.rfind("”"), sentence_text.rfind('"'))
    if closing < 0:
        return None
    for pattern in _cues()["quote_attribution"]:
        match = pattern.match(sentence_text, closing + 1)
        if match is not None:
            return match.span("source")
    return None


def opens_a_quotation(sentence_text: str) -> bool:
    """Does the sentence open with a quotation mark (someone's own words follow)?"""
    return sentence_text.lstrip().startswith(('"', "“"))


def gives_to_sources(sentence_text: str) -> bool:
    """A sentence that gives what it tells of the incident to unnamed or second-hand sources ("Local sources
    told North Press that the two were killed on the road", "..., according to activists"), with a word
    that restates what was done to whom (``restating_words``), not only who spoke: the incident's account
    is theirs (extract/story.py attribute_incident leaves a party's word to the claim rules)."""
    lower = sentence_text.lower()
    cues = _cues()
    if opens_a_quotation(sentence_text):
        return False  # a quotation: the speaker's own voice
    return bool((cues["anonymous"].search(lower) or cues["reported_phrases"].search(lower))
                and cues["restating"].search(lower))


def relayed_source(sentence_text: str) -> tuple[int, int] | None:
    """Who a report's opening sentence relays, named at its end ("..., the IDF said in a statement.",
    "..., the Russian Defense Ministry reported."): offsets in the sentence (``relay_patterns``)."""
    for pattern in _cues()["relay"]:
        match = pattern.search(sentence_text)
        if match is not None:
            return match.span("source")
    return None


def opens_apart(sentence_text: str) -> bool:
    """Does the sentence open on a further matter ("Also on Thursday, ...", "Previously, ...")? (``apart_openings``)"""
    return _cues()["apart"].match(sentence_text.strip()) is not None


def attributed_source(sentence_text: str) -> tuple[int, int] | None:
    """Where a sentence names its source in words the clause chain may not reach: "according to X"
    anywhere, a closing "..., said X" or "..., X said." (``source_patterns``); offsets in the sentence."""
    for pattern in _cues()["sources"]:
        match = pattern.search(sentence_text)
        if match is not None:
            return match.span("source")
    return None


_ARGUMENTS = {"nsubj", "nsubjpass", "dobj", "obj", "pobj", "attr"}


def _negated_subject(verb: Token) -> bool:
    cues = _cues()
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and (
            child.lower_ in cues["negative_arguments"] or any(c.dep_ == "det" and c.lower_ == "no" for c in child.children)
        ):
            return True
    return False


def _speech_verb(trigger: Token) -> Token | None:
    """A governing "X said/announced/confirmed" verb: the speaker attributes without hedging."""
    speech = _cues()["speech"]
    for token in clause_chain(trigger)[1:]:
        if token.lower_ in speech:
            return token
    return None


def speaker_span(cue: Token) -> Span | None:
    """The subject of a claim/allegation/speech verb: who says so."""
    for child in cue.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return cue.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def is_background(sentence_text: str, has_own_date: bool, elsewhere: Sequence[tuple[int, int]] = ()) -> bool:
    """History recalled to explain the news: only a mention with its own date stands as an event.
    ``elsewhere``: relative clauses about something else, whose history is theirs, not the event's."""
    if has_own_date:
        return False
    text = sentence_text.lower()
    for start, end in elsewhere:
        text = text[:start] + " " * (end - start) + text[end:]
    return _cues()["background"].search(text) is not None


def is_aggregate(sentence_text: str) -> bool:
    """A count of many operations over a period ("22 operations from October 1 to November 6")."""
    return _cues()["aggregate"].search(sentence_text.lower()) is not None


def is_generic(sentence_text: str, trigger_start: int) -> bool:
    """A trigger used as a purpose or capability ("to conduct ... drone attacks"), not an occurrence."""
    before = sentence_text[:trigger_start].lower()
    return any(pattern.search(before) for pattern in _cues()["generic"])


def is_caption(parsed) -> bool:
    """A picture's caption: the sentence's main verb is a present-tense scene verb ("Civilians look at ...")."""
    root = next((t for t in parsed if t.dep_ == "ROOT"), None)
    if root is None or root.tag_ not in ("VBZ", "VBP"):
        return False
    word = root.text.lower()  # the parser keeps no lemmas: "walks" is "walk" less its -s
    verbs = _cues()["caption_verbs"]
    return word in verbs or word.removesuffix("s") in verbs or word.removesuffix("es") in verbs


def is_distinct_incident(sentence_text: str, trigger_start: int) -> bool:
    """"the second strike earlier on Thursday": a further incident, not another mention of the first."""
    cues = _cues()
    if cues["distinct_not_for"].match(sentence_text, trigger_start):
        return False
    if cues["distinct"].search(sentence_text[max(0, trigger_start - 30) : trigger_start]) is None:
        return False
    # "The attack occurred on Wednesday as families who had fled earlier clashes ...": a sentence that opens
    # by pointing back at the incident tells of it, whatever earlier one it names in passing, unless its
    # opening is the further one ("The second attack ...").
    opening = cues["anaphoric"].match(sentence_text.strip())
    return opening is None or cues["distinct_word"].search(opening.group(0)) is not None


def points_back(sentence_text: str) -> bool:
    """"This complicated operation was conducted ...": a detail of an incident already reported."""
    return _cues()["anaphoric"].match(sentence_text.strip()) is not None


def names_as_told(sentence_text: str, trigger_start: int) -> bool:
    """"were killed by the airstrike", "the first bomber": the trigger names an incident already told
    (a definite noun phrase), not a further one ("the second strike", see ``is_distinct_incident``)."""
    before = sentence_text[max(0, trigger_start - 40) : trigger_start]
    return _cues()["definite"].search(before) is not None and not is_distinct_incident(sentence_text, trigger_start)
