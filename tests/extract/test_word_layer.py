"""The shared word layer (words.py): one cut of the text, grouped per scanner, and read by all of them.

The actor matcher, the place finder and the detector each used to cut the text with their own
pattern. They now read the document's ``TextWords``; these tests check the groupings on the forms
that made each scanner differ, and that each scanner answers the same from the document's layer as
from its own cut, on real reports.
"""

from __future__ import annotations

import json

import pytest
from shared_data import shared_root

from warlog.extract.components import PIPELINE
from warlog.extract.detector import feature_names, load_detector
from warlog.extract.events import Extractor
from warlog.extract.sentences import split_sentences
from warlog.models import Document
from warlog.resolve.actors import find_mentions
from warlog.resolve.gazetteer import Gazetteer
from warlog.words import TextWords, split_words

REAL = "corpus/real/reports.jsonl"


def _texts(layer: TextWords, spans) -> list[str]:
    return [layer.text[start:end] for start, end in spans]


def test_apostrophes_stay_inside_words_and_punctuation_splits():
    layer = TextWords("The SDF's fighters took Ras al-ʿAyn; Ja‘ish and 'rebels' fled, 1,200 left.")
    assert _texts(layer, layer.words) == [
        "The", "SDF's", "fighters", "took", "Ras", "al", "ʿAyn", "Ja‘ish", "and", "rebels", "fled", "1", "200", "left",
    ]  # fmt: skip


def test_names_keep_dotted_capitals_whole_and_compounds_keep_hyphenated_words_whole():
    layer = TextWords("U.S.-backed SDF hit Deir ez-Zor and al-Bab; U. S. troops and A.B left.")
    names = _texts(layer, layer.names)
    assert names[0] == "U.S." and names.count("U.S.") == 1  # spaced capitals are two words: "U. S."
    assert names[names.index("troops") - 2 : names.index("troops")] == ["U", "S"]
    assert names[-3:] == ["A", "B", "left"]  # one dot is no abbreviation: "A.B"
    compounds = _texts(layer, layer.compounds)
    assert "ez-Zor" in compounds and "al-Bab" in compounds
    assert compounds[:3] == ["U", "S", "backed"]  # a hyphen joins words, not a dot and a hyphen


def test_within_returns_the_words_of_one_sentence():
    text = "Shelling hit Idlib. Two died in Ariha."
    layer = TextWords(text)
    second = split_sentences(text)[1]
    assert _texts(layer, layer.within(second.start, second.end)) == ["Two", "died", "in", "Ariha"]
    assert layer.within(0, 0) == ()


def test_the_extractor_fills_the_layer_once_and_every_scanner_reads_it():
    names = [c.name for c in PIPELINE]
    assert names.index("words") < min(names.index(n) for n in ("detector", "actors", "places"))
    text = "A Turkish drone struck a car near Qamishli on Monday, killing three SDF fighters."
    doc = Document(id="w", text=text, language="en")
    (adoc,) = Extractor().annotate_many([doc])
    assert adoc.words is not None and adoc.words.text is doc.text
    assert "actor tokens" in adoc.words.views  # the actor matcher took its tokens from the layer
    assert [e.actor1.name.startswith("Military Forces of Turkey") for e in adoc.events] == [True]


def _real_documents(limit: int) -> list[str]:
    with (shared_root() / REAL).open(encoding="utf-8") as handle:
        texts = [json.loads(line).get("text") or "" for line in handle]
    return [t for t in texts if t][:limit]


@pytest.mark.shared(REAL)
def test_on_real_reports_each_scanner_answers_the_same_from_the_layer_as_from_its_own_cut():
    gazetteer, detector = Gazetteer.default(), load_detector()
    for text in _real_documents(60):
        layer = TextWords(text)
        assert layer.words == split_words(text)
        assert find_mentions(text, None, layer) == find_mentions(text)
        assert gazetteer.find(text, layer) == gazetteer.find(text)
        for sentence in split_sentences(text)[:40]:
            given = (layer.within(sentence.start, sentence.end), sentence.start)
            config = detector.config
            assert feature_names(sentence.text, [], config, given) == feature_names(sentence.text, [], config)
