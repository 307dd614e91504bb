"""What the cold-start savings rest on: entities on demand equal a full run's; the flat name table."""

from __future__ import annotations

import pickle

import spacy

from warlog.nlp import MODEL_NAME, entity_type, load_pipeline
from warlog.resolve.gazetteer import Gazetteer
from warlog.resolve.name_table import NameTable

SENTENCES = [
    "Kurdish fighters and Turkish troops clashed near Afrin on Tuesday, the Syrian Observatory said.",
    "A car bomb killed 12 people in a market in Baghdad's Sadr City district, police told Reuters.",
    "Houthi forces fired missiles at Saudi Arabia late on 3 March 2017.",
]


def test_entities_are_recognised_only_when_asked_and_match_a_full_run():
    parsed = list(load_pipeline().pipe(SENTENCES))
    assert not any(doc.has_annotation("ENT_IOB") for doc in parsed)  # the parse alone runs no NER
    full = list(spacy.load(MODEL_NAME).pipe(SENTENCES))  # the unmodified pipeline
    for lazy_doc, full_doc in zip(parsed, full):
        assert [(t.text, t.dep_, t.pos_) for t in lazy_doc] == [(t.text, t.dep_, t.pos_) for t in full_doc]
        assert [entity_type(t) for t in lazy_doc] == [t.ent_type_ for t in full_doc]
        assert lazy_doc.has_annotation("ENT_IOB")
    assert {t.ent_type_ for doc in full for t in doc} >= {"NORP", "GPE", "DATE"}  # real labels were compared


def test_name_table_returns_rows_in_insertion_order_and_nothing_for_unknown_names():
    table = NameTable({"raqqa": [7, 3, 9], "ar raqqah": [3], "şanlıurfa": [11], "": [0]})
    assert len(table) == 4
    assert table.get("raqqa") == (7, 3, 9)
    assert table.get("ar raqqah") == (3,)
    assert table.get("şanlıurfa") == (11,)
    assert table.get("") == (0,)
    assert table.get("raqq") == () and table.get("raqqa ") == () and table.get("Raqqa") == ()
    restored = pickle.loads(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    assert restored.get("raqqa") == (7, 3, 9) and restored.get("aleppo") == ()


def test_packaged_gazetteer_finds_places_through_the_name_table():
    gazetteer = Gazetteer.default()
    aleppo = gazetteer.candidates("Aleppo")
    assert aleppo and aleppo[0].country == "SY"
    assert any(p.country == "SY" for p in gazetteer.candidates("Raggah"))  # loose (transliteration) key
    assert gazetteer.candidates("Qwzxqwzx") == []
