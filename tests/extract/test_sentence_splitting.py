"""Sentence splitting (extract/sentences.py): lines are boundaries, except wire copy's hard wraps.

Short texts written for these tests; each checks one rule, and that every span indexes the text.
"""

from __future__ import annotations

import pytest

from warlog.extract.events import Extractor
from warlog.extract.sentences import split_sentences
from warlog.models import Document

WIRE = (
    "BAGHDAD (Reuters) - Gunmen attacked a police checkpoint near Kirkuk on Monday, killing two\n"
    "policemen and wounding three others, a security source said.\n"
    "The attack came a day after a roadside bomb killed a soldier in\n"
    "Diyala province.\n"
)


def texts(text: str) -> list[str]:
    spans = split_sentences(text)
    assert all(text[s.start : s.end] == s.text for s in spans)
    return [s.text for s in spans]


def test_a_line_wrapped_mid_clause_is_one_sentence_with_the_next():
    assert texts(WIRE)[0].endswith("killing two\npolicemen and wounding three others, a security source said.")
    assert texts(WIRE)[1] == "The attack came a day after a roadside bomb killed a soldier in\nDiyala province."


@pytest.mark.parametrize("text, expected", [
    ("Country\nstart date\nend date", ["Country", "start date", "end date"]),  # labels, not a wrapped line
    ("Two soldiers were killed near the border on Monday, officials said\n\nlater reports differ.",
     ["Two soldiers were killed near the border on Monday, officials said", "later reports differ."]),  # a paragraph
    ("Turkish drone strikes hit three villages near Qamishli on Monday.\nthe SDF said nothing.",
     ["Turkish drone strikes hit three villages near Qamishli on Monday.", "the SDF said nothing."]),
])  # fmt: skip
def test_labels_paragraphs_and_finished_lines_stay_apart(text, expected):
    assert texts(text) == expected


def test_the_wrapped_toll_and_source_reach_the_event():
    (event,) = Extractor().extract(Document(id="w", text=WIRE.split("\nThe attack")[0], language="en",
                                            published="2024-03-05"))
    assert event.fatalities == 2 and event.status == "reported"
