"""The coarse tags warlog's table sets are the ones the model's attribute ruler sets (coarse_tags.py).

The table replaces the ruler because the ruler cost a quarter of the parse; it must change nothing
extraction reads: coarse and fine tags, arcs and heads. Checked token by token against a pipeline
that keeps the ruler, on sentences that exercise its exceptions (a relative "that", "but" as an
adverb, "there were", auxiliaries, runs of spaces), and on every sentence of the real reports.
"""

from __future__ import annotations

import json

import pytest
import spacy

from warlog.coarse_tags import COMPONENT, RULER
from warlog.extract.sentences import split_sentences
from warlog.nlp import EXCLUDED, MODEL_NAME, ON_DEMAND, load_pipeline

EXCEPTIONS = [
    "The drone that struck the car was Turkish, but the ministry said nothing.",
    "There were two explosions near the base, and there is no word on casualties.",
    "The militants had been firing mortars at  the checkpoint   since dawn.",
    "He did not say whether the strikes have ended; they did.",
    "Which side fired first is unclear, though both sides blame each other.",
    "Something hit the depot at 3 a.m. and nothing was left of it.",
]


@pytest.fixture(scope="module")
def with_ruler():
    return spacy.load(MODEL_NAME, exclude=list(EXCLUDED), disable=[ON_DEMAND])


def read(doc) -> list[tuple]:
    return [(t.text, t.pos_, t.tag_, t.dep_, t.head.i) for t in doc]


def test_the_table_replaces_the_ruler():
    names = load_pipeline().pipe_names
    assert COMPONENT in names and RULER not in names


def test_the_ruler_exceptions_come_out_as_the_ruler_sets_them(with_ruler):
    ours = list(load_pipeline().pipe(EXCEPTIONS))
    theirs = list(with_ruler.pipe(EXCEPTIONS))
    assert [read(d) for d in ours] == [read(d) for d in theirs]
    tags = {(t.lower_, t.pos_) for d in ours for t in d}
    assert {("that", "PRON"), ("were", "VERB"), ("had", "AUX"), ("  ", "SPACE")} <= tags


def test_every_sentence_of_the_real_reports_is_tagged_as_by_the_ruler(shared, with_ruler):
    texts = [json.loads(line)["text"] for line in (shared / "corpus/real/reports.jsonl").open(encoding="utf-8")]
    sentences = [s.text for text in texts for s in split_sentences(text)]
    assert len(sentences) > 4000
    differing = [(a.text, read(a), read(b)) for a, b in zip(load_pipeline().pipe(sentences), with_ruler.pipe(sentences))
                 if read(a) != read(b)]  # fmt: skip
    assert differing == []
