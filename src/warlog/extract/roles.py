"""Who did it to whom: assigning actor mentions to the roles actor1 (acts) and actor2 (acted upon).

Roles come from the dependency parse of the sentence around the trigger: the subject of the
trigger verb (or of the verb that governs a trigger noun, "the Iraqi Air Force *conducted*
airstrikes") acts; its object, the object of "against/on/targeting", or the subject of a
passive ("26 ISIS members were killed") is acted upon; "by X" in a passive names the actor.
Ownership modifiers of the patient ("two *ISIS* drones") make the owner actor2. When the parse
gives nothing, word order decides: the nearest mention before the trigger acts, the next one
after it is acted upon.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from warlog.knowledge import load_yaml
from warlog.nlp import entity_type

_SUBJECTS = {"nsubj", "csubj", "expl"}
_PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}


@lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    data = load_yaml("roles.yaml")
    return {key: frozenset(values) for key, values in data.items()}


@dataclass
class RoleCandidate:
    """An actor mention located in the parsed sentence (character offsets within the sentence)."""

    start: int
    end: int
    payload: object  # whatever the caller attached (e.g. an ActorMention)


def token_at(sentence: Span, offset: int) -> Token | None:
    """The token covering character ``offset`` of the parsed sentence."""
    for token in sentence:
        if token.idx - sentence.start_char <= offset < token.idx - sentence.start_char + len(token):
            return token
    return None


def _subtree_range(token: Token, keep_clauses: bool = False) -> tuple[int, int]:
    """Character range (sentence-relative) of ``token``'s phrase, without its relative clauses.

    "a drone that fired on coalition forces": the coalition is in the relative clause, not the patient.
    """
    last = token.right_edge.i
    for child in () if keep_clauses else token.subtree:
        # "a pickup near the base, where US personnel are stationed": a clause at any depth ends the phrase
        if child.i > token.i and child.dep_ in ("relcl", "acl", "advcl", "appos"):
            last = min(last, child.left_edge.i - 1)
    base = token.doc[token.left_edge.i : max(last, token.i) + 1]
    offset = token.sent.start_char if token.sent is not None else 0
    return base.start_char - offset, base.end_char - offset


def _governing_verb(trigger: Token) -> Token:
    """The verb whose subject acts for ``trigger``: the trigger itself, or a light verb governing it."""
    if trigger.pos_ in ("VERB", "AUX"):
        return trigger
    token = trigger
    while token.head.i != token.i and token.dep_ in ("dobj", "pobj", "prep", "compound", "conj", "attr", "npadvmod"):
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token if token.lower_ in _cues()["light_verbs"] else trigger
    return trigger


def refers_back_to_speaker(trigger: Token) -> bool:
    """"The SDF said *it* killed ...", "the ministry said *its forces* foiled ...": the event's subject
    points back at whoever speaks, who then acts in it (``speaker_references`` in roles.yaml)."""
    references = _cues()["speaker_references"]
    verb = trigger  # the first verb above the trigger: "its fighters *fired* a salvo of rockets"
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for head in {verb, trigger}:
        for child in head.children:
            if child.dep_ in _SUBJECTS and (
                child.lower_ in references or any(c.dep_ == "poss" and c.lower_ in references for c in child.children)
            ):
                return True
    return False


def _pronoun_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS and child.lower_ in _cues()["pronouns"]:
            return child
    return None


def _inside(candidate: RoleCandidate, span: tuple[int, int]) -> bool:
    return span[0] <= candidate.start and candidate.end <= span[1]


def _first(candidates: list[RoleCandidate], spans: list[tuple[int, int]]) -> RoleCandidate | None:
    for span in spans:
        inside = [c for c in candidates if _inside(c, span)]
        if inside:
            return min(inside, key=lambda c: c.start)
    return None


def assign_roles(
    sentence: Span, trigger_offset: int, candidates: list[RoleCandidate], symmetric: bool = False
) -> tuple[RoleCandidate | None, RoleCandidate | None]:
    """Return (actor1, actor2) among ``candidates`` for the trigger at ``trigger_offset``."""
    if not candidates:
        return None, None
    trigger = token_at(sentence, trigger_offset)
    if trigger is None:
        return _by_order(candidates, trigger_offset)
    verb = _governing_verb(trigger)
    heads = [trigger] if verb == trigger else [trigger, verb]
    # "shot and killed a civilian": the object of the coordinated verb is acted upon too.
    heads += [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    holder = _subject_holder(verb)
    if holder != verb:
        heads.append(holder)  # "...conducted raids on ISIS cells, arresting five": the raiders arrest
    agent_spans, patient_spans, has_subject = [], [], False
    for head in heads:
        for child in head.children:
            dep = child.dep_
            if dep in _SUBJECTS or dep == "agent" or (dep == "prep" and child.lower_ == "by"):
                agent_spans.append(_subtree_range(child, keep_clauses=True))
                has_subject = has_subject or dep in _SUBJECTS
            elif head is holder and holder is not verb and dep not in ("dobj", "obj"):
                continue  # a borrowed clause lends its subject and object, not "coordinated *with* X"
            elif dep in _PASSIVE_SUBJECTS or dep in ("dobj", "obj") or dep == "prep" and child.lower_ in _cues()["patient_preps"]:
                patient_spans.append(_subtree_range(child))
            elif dep == "advcl" and child.lower_ in _cues()["outcome_verbs"]:
                # "struck a car ..., killing two SDF fighters": the victims are acted upon.
                patient_spans.extend(_subtree_range(c) for c in child.children if c.dep_ in ("dobj", "obj"))
            elif dep in ("compound", "amod", "poss", "nmod") and head == trigger and head.pos_ == "NOUN":
                # "coalition airstrikes", "Turkish shelling": the modifier acts.
                agent_spans.append(_subtree_range(child))
    actor1 = _first(candidates, agent_spans)
    # "the SNA and the SDF clashed": the second conjunct of a subject is the other side.
    patient_spans += [
        _subtree_range(conj, keep_clauses=True)
        for head in heads for child in head.children if child.dep_ in _SUBJECTS
        for conj in child.children if conj.dep_ == "conj"
    ] if symmetric else []
    pronoun = _pronoun_subject(holder) or _pronoun_subject(verb)
    if actor1 is None and pronoun is not None:
        # "the SDF confirmed that it conducted raids": "it" is the nearest actor named before it.
        offset = pronoun.idx - sentence.start_char
        before = [c for c in candidates if c.end <= offset]
        actor1 = max(before, key=lambda c: c.end) if before else None
    rest = [c for c in candidates if c is not actor1]
    actor2 = _first(rest, patient_spans) or _first(rest, _owner_spans(heads))
    if actor1 is None and actor2 is None:
        victims = _victims_of(trigger, candidates)
        if victims is not None:
            return None, victims  # "four HTS members were killed when a drone struck their car"
        subject = _clause_subject(trigger, verb, candidates)
        if subject is None:
            # Nearest actors either side -- but not those in a clause about something else ("near
            # the base, where US personnel are stationed").
            foreign = foreign_clauses(sentence, trigger_offset, locative_only=True)
            return _by_order([c for c in candidates if not any(_inside(c, span) for span in foreign)], trigger_offset)
        actor1 = subject
    if actor1 is None and not has_subject and pronoun is None:
        before = [c for c in rest if c.end <= trigger_offset and c is not actor2]
        actor1 = max(before, key=lambda c: c.end) if before else None
    return actor1, actor2


def owned_noun(sentence: Span, trigger_offset: int) -> Token | None:
    """The noun that names the event and may carry its owner: the trigger itself when it is a noun, or
    the attack a trigger verb of suffering happened in ("civilians *were killed* in an Islamic State
    attack", "people were injured in a Turkish attack")."""
    trigger = token_at(sentence, trigger_offset)
    if trigger is None:
        return None
    if trigger.pos_ in ("NOUN", "PROPN"):
        return trigger
    cues = _cues()
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in cues["attack_preps"]:
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.lower_ in cues["attack_nouns"]:
                    return noun
    return None


def trigger_owner(sentence: Span, trigger_offset: int, candidates: list[RoleCandidate]) -> RoleCandidate | None:
    """The actor a trigger noun names as its own, whatever the clause around it says: its possessor or
    modifier ("the SDF's counterattack", "Hezbollah drone attacks"), its "by"/"from" complement ("an
    attack by the ISIL", "artillery fire from Sudan's Rapid Support Forces"), or the agent of a participle
    on it ("an air strike launched by Israel", "an attack carried out by Islamic State"). The clause's
    subject may be a speaker or a victim ("Five Peshmerga fighters were killed in an attack by the ISIL")."""
    trigger = owned_noun(sentence, trigger_offset)
    if trigger is None:
        return None
    cues = _cues()
    spans: list[tuple[int, int]] = []
    for child in trigger.children:
        if child.i < trigger.i and child.dep_ in ("poss", "compound", "nmod", "amod"):
            spans.append(_subtree_range(child))
        elif child.dep_ == "prep" and child.lower_ in cues["owner_preps"]:
            spans.append(_subtree_range(child, keep_clauses=True))
        elif child.dep_ == "acl":
            spans.extend(_subtree_range(agent, keep_clauses=True) for agent in child.children
                         if agent.dep_ == "agent" or (agent.dep_ == "prep" and agent.lower_ == "by"))
    return _first(candidates, spans)


def victims_of(sentence: Span, trigger_offset: int, candidates: list[RoleCandidate]) -> RoleCandidate | None:
    """Who suffered the trigger's event ("Five Peshmerga fighters *were killed* in an attack"), or None."""
    trigger = token_at(sentence, trigger_offset)
    return _victims_of(trigger, candidates) if trigger is not None else None


def foreign_clauses(sentence: Span, trigger_offset: int, locative_only: bool = False) -> list[tuple[int, int]]:
    """Character spans (sentence-relative) of relative clauses that do not hold the trigger.

    "..., where airdrops were carried out in Hawarna" holds the trigger and so locates it; "a man
    whose brother works in Rmelan" is about someone else. ``locative_only``: just the clauses that
    describe a place ("the base, where US personnel are stationed"), not "the airbase, which hosts
    coalition troops", whose troops are what an attack on the base targets.
    """
    spans = []
    trigger = token_at(sentence, trigger_offset)
    for token in sentence:
        if token.dep_ != "relcl" or (trigger is not None and token.head.i == trigger.i):
            continue  # "a strike *that killed an ISIS leader near al-Bab*" tells of the event itself
        if locative_only and not any(c.lower_ in _cues()["place_relatives"] for c in token.children):
            continue
        start = token.left_edge.idx - sentence.start_char
        end = token.right_edge.idx + len(token.right_edge) - sentence.start_char
        if start <= trigger_offset < end:
            continue
        # The entity check comes last: it runs the entity recogniser (see nlp.entity_type).
        if token.lower_ in _cues()["outcome_clause_verbs"] or entity_type(token.head) in ("DATE", "TIME"):
            continue  # the same, misattached by the parser: "a strike on July 7 that killed ..."
        spans.append((start, end))
    return spans


def _victims_of(trigger: Token, candidates: list[RoleCandidate]) -> RoleCandidate | None:
    """Who suffered, when the trigger only says how: "three HTS fighters *died* after a drone strike",
    "four members *were killed* when a drone struck their car". The subject of a verb of dying, or the
    passive subject of a verb of killing or hurting, that the trigger hangs on (by a preposition or a
    when-clause; else, as parsers often misattach "after", the nearest such verb before it)."""
    token = trigger
    while (token.dep_ in ("pobj", "prep") or (token is trigger and token.dep_ == "advcl")) and token.head.i != token.i:
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            break
    verbs = [token] if token is not trigger else []
    verbs += [t for t in reversed(trigger.sent[: trigger.i - trigger.sent.start]) if t.pos_ == "VERB"][:1]
    for verb in verbs:
        subject = _suffering_subject(verb)
        if subject is not None:
            return _first(candidates, [_subtree_range(subject)])
    return None


def _suffering_subject(verb: Token) -> Token | None:
    cues = _cues()
    for child in verb.children:
        if child.dep_ in _PASSIVE_SUBJECTS and verb.lower_ in cues["victim_verbs"]:
            return child  # "were killed", "was wounded"
        if child.dep_ in _SUBJECTS and verb.lower_ in cues["dying_verbs"]:
            return child  # "died", "perished"
    return None


def _clause_subject(trigger: Token, verb: Token, candidates: list[RoleCandidate]) -> RoleCandidate | None:
    """The subject of the clause a trigger hangs on when its own clause names no one.

    "the SDF, supported by the coalition's airpower, have the upper hand *in the battle* for Raqqa":
    the SDF fights, not the supporter named last before the trigger. "helicopters of the Coalition
    entered areas ... on November 2, *where airdrops were carried out*": the helicopters' owner
    drops. Only prepositional chains and "where/when" clauses count: the subject of "Damascus
    condemned the airstrike" is no participant.
    """
    token = trigger
    while token.dep_ in ("pobj", "prep") and token.head.i != token.i:
        token = token.head
    clause = trigger.head if verb is trigger and trigger.dep_ in _PASSIVE_SUBJECTS else verb
    if token is trigger and clause.dep_ == "relcl" and any(c.lower_ in _cues()["place_time_relatives"] for c in clause.children):
        token = clause.head
        while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
            token = token.head
    if token is trigger or token.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
    return _first(candidates, [_subtree_range(subject)]) if subject is not None else None


def _owner_spans(heads: list[Token]) -> list[tuple[int, int]]:
    """Who launched the object acted upon: "shot down a drone launched by Iran-backed militias"."""
    spans = []
    for head in heads:
        for obj in head.children:
            if obj.dep_ not in ("dobj", "obj", "nsubjpass"):
                continue
            for clause in obj.children:
                if clause.dep_ in ("acl", "relcl"):
                    spans.extend(_subtree_range(c, keep_clauses=True) for c in clause.children if c.dep_ == "agent")
    return spans


def between_phrases(sentence: Span, trigger_offset: int) -> tuple[Span | None, Span | None]:
    """"clashes between tribal gunmen and SDF fighters": the two sides, as noun phrases."""
    trigger = token_at(sentence, trigger_offset)
    if trigger is None:
        return None, None
    # "clashes between X and Y", "clashes that broke out on Thursday between X and Y": the parser
    # attaches "between" anywhere after the trigger, so look for it there.
    for prep in sentence.doc[trigger.i + 1 : min(len(sentence.doc), trigger.i + 15)]:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            first = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if first is None:
                return None, None
            second = next((c for c in first.children if c.dep_ == "conj"), None)
            return _noun_phrase(first), _noun_phrase(second) if second is not None else None
    return None, None


def is_actor_phrase(phrase: Span) -> bool:
    """Headed by a word for armed men, crowds or organisations ("tribal gunmen", "Houthi forces")."""
    head = phrase.root
    return head.lower_ in _cues()["actor_nouns"] or entity_type(head) == "NORP"


def _noun_phrase(head: Token) -> Span:
    words = [t for t in head.lefts if t.dep_ not in ("det", "predet", "cc", "punct")]
    start = words[0].i if words else head.i
    return head.doc[start : head.i + 1]


def _subject_holder(verb: Token) -> Token:
    """A participle or infinitive without its own subject borrows the subject of the clause it hangs on
    ("...raided the cells, arresting five"; "stormed the headquarters with the aim to arrest ...")."""
    token = verb
    while not any(child.dep_ in _SUBJECTS or child.dep_ in _PASSIVE_SUBJECTS for child in token.children):
        if token.dep_ in ("advcl", "xcomp", "conj") and token.head.i != token.i:
            token = token.head
        elif token.dep_ == "acl" and token.head.lower_ in _cues()["purpose_nouns"] and token.head.dep_ == "pobj":
            token = token.head.head.head  # verb <- prep "with" <- noun "aim" <- "to arrest"
        else:
            break
    return token


def _by_order(
    candidates: list[RoleCandidate], trigger_offset: int
) -> tuple[RoleCandidate | None, RoleCandidate | None]:
    before = [c for c in candidates if c.end <= trigger_offset]
    after = [c for c in candidates if c.start >= trigger_offset]
    actor1 = max(before, key=lambda c: c.end) if before else None
    actor2 = min(after, key=lambda c: c.start) if after else None
    return actor1, actor2


def agent_phrase(sentence: Span, trigger_offset: int) -> Span | None:
    """The subject phrase of the trigger's clause when it names an actor the dictionary does not know
    ("Houthi forces", "tribal gunmen"): its head noun is an actor noun or it is a named organisation."""
    trigger = token_at(sentence, trigger_offset)
    if trigger is None:
        return None
    holder = _subject_holder(_governing_verb(trigger))
    for child in holder.children:
        if child.dep_ not in _SUBJECTS and child.dep_ != "agent":
            continue
        head = child if child.dep_ != "agent" else next((c for c in child.children if c.dep_ == "pobj"), None)
        if head is None or head.lower_ in _cues()["pronouns"]:
            return None
        if head.lower_ in _cues()["actor_nouns"] or entity_type(head) in ("ORG", "NORP"):
            words = sentence.doc[head.left_edge.i : head.i + 1]
            keep = [t for t in words if t.dep_ not in ("det", "predet") and not t.is_punct]
            if keep:
                return sentence.doc[keep[0].i : head.i + 1]
    return None
