"""The learned sentence detector (extract/detector.py): the shipped model loads and scores, it is what
scripts/train_detector.py builds, and its combination with the trigger rules (veto, retype, add) does
what the policy says on team-written sentences."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from repo_paths import REPOSITORY

from warlog.extract.annotated import AnnotatedDocument, Candidate
from warlog.extract.components import PIPELINE
from warlog.extract.detector import NO_EVENT, Policy, apply_detector, feature_names, load_detector
from warlog.extract.events import Extractor
from warlog.extract.sentences import split_sentences
from warlog.extract.triggers import match_triggers
from warlog.models import Document

SCRIPT = REPOSITORY / "scripts" / "train_detector.py"
GENERIC = "Human rights groups have condemned the use of barrel bombs."
MISSED = "Insurgents slaughtered twelve villagers in Borno on Sunday."
PLAIN = "Turkish drones struck a car near Qamishli on Monday, killing two SDF fighters."


def _flagged(text: str) -> AnnotatedDocument:
    """A document after the sentence split and the trigger lexicon, as the detector finds it."""
    adoc = AnnotatedDocument(Document(id="t", text=text, language="en"))
    adoc.sentences = split_sentences(text)
    adoc.candidates = [Candidate(s, hits) for s in adoc.sentences if (hits := match_triggers(s.text))]
    return adoc


def test_the_shipped_model_loads_once_and_scores():
    detector = load_detector()
    assert detector is load_detector()
    assert NO_EVENT in detector.classes and "Air/drone strike" in detector.classes
    p = detector.probabilities(PLAIN, match_triggers(PLAIN))
    assert p.shape == (len(detector.classes),) and abs(float(p.sum()) - 1.0) < 1e-5
    p_event, sub_type, _ = detector.judge(PLAIN, match_triggers(PLAIN))
    assert p_event > 0.9 and sub_type == "Air/drone strike"
    assert detector.meta["built_by"] == "scripts/train_detector.py"


def test_the_rules_hits_are_features():
    names = feature_names(PLAIN, match_triggers(PLAIN), load_detector().config)
    assert "rb:Air/drone strike" in names and "r:none" not in names
    assert "r:none" in feature_names("The weather was cold.", [], load_detector().config)


def test_a_generic_sentence_the_rules_flag_is_vetoed_and_the_trace_says_who_did():
    names = [c.name for c in PIPELINE]
    assert names.index("detector") == names.index("triggers") + 1
    assert names.index("detector veto") == names.index("merge") + 1
    rules_only = tuple(c for c in PIPELINE if not c.name.startswith("detector"))
    assert len(Extractor(pipeline=rules_only).extract(Document(id="d", text=GENERIC, language="en"))) == 1
    adoc = next(Extractor().annotate_many([Document(id="d", text=f"{PLAIN}\n{GENERIC}", language="en")]))
    assert [e.sub_event_type for e in adoc.events] == ["Air/drone strike"]
    assert [d.component for d in adoc.drops if d.sentence.text == GENERIC] == ["detector veto"]


def test_a_toll_line_that_reads_as_no_event_alone_still_gives_its_incident_the_dead():
    """The veto weighs an incident by its best sentence: the toll line merged into a clash stays."""
    toll = "7 IS militants were killed."
    assert load_detector().judge(toll, match_triggers(toll))[0] < load_detector().policy.veto
    [event] = Extractor().extract(
        Document(id="n", text=f"On 3 March 2019, SDF forces clashed with IS militants in Baghuz. {toll}", language="en")
    )
    assert event.fatalities == 7


def test_a_plan_is_not_vetoed_before_its_status_is_read():
    text = "The coalition is preparing to establish a new base in the area."
    [event] = Extractor(include_unasserted=True).extract(Document(id="p", text=text, language="en"))
    assert event.status == "planned"


def test_a_phrasing_no_rule_knows_is_added_when_the_policy_adds():
    adoc = _flagged(MISSED)
    assert adoc.candidates == []  # no trigger rule fires on "slaughtered"
    apply_detector(adoc, load_detector(), Policy(add=0.6))
    [candidate] = adoc.candidates
    [hit] = candidate.hits
    assert hit.rule.source == "detector" and hit.sub_event_type == "Attack"
    assert MISSED[hit.start : hit.end] == hit.text and hit.text.strip()


def test_added_sentences_are_parsed_into_events():
    """A document no rule flags still reaches the detector (the runner stops only once the last
    component that assigns candidates has run) and its added sentence becomes an event."""
    from dataclasses import replace

    from warlog.extract import detector as module

    detect, _ = module.components_for(lambda adoc: load_detector(), Policy(add=0.6))
    adding = tuple(replace(c, run=detect) if c.name == "detector" else c for c in PIPELINE)
    [events] = Extractor(pipeline=adding).extract_many([Document(id="m", text=MISSED, language="en")])
    assert [e.sub_event_type for e in events] == ["Attack"]


def test_the_shipped_policy_adds_only_the_opening_the_rules_missed():
    """A report opens with its incident: an unflagged sentence before the first flagged one is added, the same
    sentence after it is not (there it is mostly a detail or a quote of the incident told), nor in a report no
    rule flags at all (the run stops there, before the costly passes, as it always did) unless the text is a
    single sentence (a headline, a snippet): all of it is lead."""
    policy = load_detector().policy
    assert policy.add is not None and policy.add_where == "lead" and policy.short == 1
    [alone] = Extractor().extract(Document(id="m", text=MISSED, language="en"))
    assert alone.sub_event_type == "Attack" and alone.status == "asserted"
    unflagged = f"{MISSED}\nThe village was quiet again by the evening, residents said."
    assert Extractor().extract(Document(id="m", text=unflagged, language="en")) == []
    opening = _flagged(f"{MISSED}\n{PLAIN}")
    apply_detector(opening, load_detector())
    assert [c.sentence.text for c in opening.candidates] == [MISSED, PLAIN]
    later = _flagged(f"{PLAIN}\n{MISSED}")
    apply_detector(later, load_detector())
    assert [c.sentence.text for c in later.candidates] == [PLAIN]


def test_a_confident_model_retypes_a_rule_candidate():
    text = "Gunmen opened fire on a police patrol in Kirkuk on Tuesday, killing two officers."
    adoc = _flagged(text)
    rule_type = adoc.candidates[0].hits[0].sub_event_type
    _, model_type, p_type = load_detector().judge(text, adoc.candidates[0].hits)
    assert model_type != rule_type
    apply_detector(adoc, load_detector(), Policy(retype=p_type - 0.01))
    first = adoc.candidates[0].hits[0]
    assert first.sub_event_type == model_type and first.rule.source == "detector"
    assert adoc.candidates[0].hits[1].sub_event_type == rule_type  # the rule's hits are kept behind it


@pytest.mark.slow
@pytest.mark.shared("corpus/real", "data/event_location")
def test_the_shipped_model_is_what_the_training_script_builds(shared):
    spec = importlib.util.spec_from_file_location("train_detector", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    rows = script.load_rows(shared)
    assert {r["split"] for r in rows} == {"dev"}
    built, shipped = script.build(rows), load_detector()
    assert built.classes == shipped.classes and built.meta == shipped.meta and built.policy == shipped.policy
    assert np.allclose(built.weights.astype(np.float16), shipped.weights, atol=2e-3)
