"""Property tests: readers, cleaning and extraction on arbitrary input never raise, and what they
return keeps its promises (offsets inside the text, evidence equal to the text it points at, ids
stable from run to run). Example counts come from the hypothesis profile in conftest.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from warlog.extract.events import Extractor
from warlog.ingest.clean import clean_document
from warlog.ingest.decoding import NotText, decode_document
from warlog.ingest.jsonlines import parse_json_line
from warlog.ingest.readers import iter_inputs
from warlog.models import Document, RawInput, Rejected

# Words and phrases that make the cheap passes fire (triggers, actors, places, numbers, dates), so
# that the extractor's deeper code runs on the arbitrary text around them.
CONFLICT_PHRASES = [
    "Russian forces shelled", "a drone strike killed", "gunmen abducted", "the army clashed with",
    "JNIM militants attacked", "near Kharkiv", "in Gao", "El Fasher", "on 3 May 2024", "last Tuesday",
    "killing 12 civilians", "at least eleven people", "wounding 4", "the SDF said", "reportedly",
    "protesters marched", "police arrested 30", "IED", "Shahed drones", "airstrike", ".", "\n", "\n\n",
    ",", "(", ")", '"', "Fatalities: 5.", "KYIV, May 2 (Reuters) -", "ISIS claimed",
]  # fmt: skip
STRANGE = st.sampled_from(["\x00", "\x07", "\x1b[31m", "\u200b", "\u202e", "\ufeff", "\r", "\t", "\u2028",
                           "\U0001f4a5", "ﷺ", "ß", "İ", "ǅ", "\u0301", "\ufffd", "\x85", "\x0c"])  # fmt: skip
LONG_TOKEN = st.builds(lambda char, n: char * n, st.sampled_from(["a", "9", "-", ".", "ش", "\n", " "]),
                       st.integers(500, 6000))  # fmt: skip
PIECE = st.one_of(st.sampled_from(CONFLICT_PHRASES), st.text(max_size=40), STRANGE, LONG_TOKEN)
REPORT_TEXT = st.lists(PIECE, max_size=30).map(" ".join)
LIMIT = 100_000


def one_line(item: Rejected) -> bool:
    return item.reason.strip() != "" and "\n" not in item.reason and "\r" not in item.reason


# ----------------------------------------------------------------------------------- readers


@given(st.binary(max_size=4096))
@example(b"\xff\xfe\x00\xd8")  # UTF-16 byte-order mark, then a lone surrogate
@example(b"\x00\x00\xfe\xff\x00\x00\xd8\x00")  # UTF-32 BE byte-order mark, then a surrogate code point
def test_decoding_arbitrary_bytes_gives_text_or_a_reason(data: bytes):
    try:
        text = decode_document(data)
    except NotText as problem:
        assert str(problem) and "\n" not in str(problem)
        return
    assert text.strip()
    text.encode("utf-8")  # storable: no lone surrogates


@given(st.binary(max_size=2048))
@example(b"[" * 5000 + b"]" * 5000)
@example(b'{"id": ' + b"9" * 5000 + b', "text": "x"}')
def test_json_line_of_arbitrary_bytes_is_read_or_rejected(line: bytes):
    item = parse_json_line(line, "feed.jsonl:1", "feed-1")
    assert isinstance(item, (RawInput, Rejected))
    if isinstance(item, Rejected):
        assert item.origin == "feed.jsonl:1" and one_line(item)


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(st.sampled_from(["id", "text", "html", "title", "url", "published", "source", "x"]),
                       JSON_VALUE | REPORT_TEXT, max_size=6))  # fmt: skip
def test_json_object_with_arbitrary_fields_is_read_or_rejected(record: dict):
    item = parse_json_line(json.dumps(record).encode(), "feed.jsonl:7", "feed-7")
    assert isinstance(item, (RawInput, Rejected))
    if isinstance(item, RawInput):
        assert item.doc_id and "\n" not in item.doc_id
        assert (item.text or item.html or "").strip()


@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl", ".dat", ""]))
def test_file_of_arbitrary_bytes_is_read_or_rejected(tmp_path_factory, data: bytes, suffix: str):
    path = Path(tmp_path_factory.mktemp("inputs")) / f"input{suffix}"
    path.write_bytes(data)
    for item in iter_inputs([str(path)], LIMIT):
        assert isinstance(item, (RawInput, Rejected))
        if isinstance(item, Rejected):
            assert item.origin.startswith(str(path)) and one_line(item)


# ---------------------------------------------------------------------------------- cleaning

STRAY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


@given(text=REPORT_TEXT, as_html=st.booleans())
def test_cleaning_arbitrary_text_never_raises_and_leaves_storable_text(text: str, as_html: bool):
    raw = RawInput(doc_id="d", origin="d.txt", html=text) if as_html else RawInput(doc_id="d", origin="d.txt", text=text)
    item = clean_document(raw)
    assert isinstance(item, (Document, Rejected))
    if isinstance(item, Rejected):
        assert one_line(item)
        return
    assert item.text == item.text.strip() and item.text
    assert not STRAY_CONTROL.search(item.text), "PostgreSQL refuses NUL; UTF-8 refuses surrogates"
    item.text.encode("utf-8")


# -------------------------------------------------------------------------------- extraction

EXTRACTOR = Extractor()


def check_events(doc: Document) -> list[dict]:
    events = EXTRACTOR.extract(doc)
    for event in events:
        evidence = event.evidence
        assert 0 <= evidence.start <= evidence.end <= len(doc.text), (evidence.start, evidence.end, len(doc.text))
        assert doc.text[evidence.start : evidence.end] == evidence.text
        assert event.doc_id == doc.id
    assert len({event.id for event in events}) == len(events), "event ids are unique within a document"
    return [event.to_dict() for event in events]


@given(REPORT_TEXT)
@example("")
@example("a" * 20_000)
@example("Russian forces shelled " + "9" * 4301)  # int() refuses more than 4300 digits
@example("Gunmen attacked Gao. Fatalities: " + "7" * 5000)
@example("Russian forces shelled\x00 Kharkiv on 3 May 2024, killing 12 civilians.\u2028ISIS claimed")
def test_extraction_of_arbitrary_text_keeps_evidence_inside_and_ids_stable(text: str):
    doc = Document(id="prop-doc", text=text)
    first = check_events(doc)
    assert check_events(Document(id="prop-doc", text=text)) == first  # same input, same records


@given(REPORT_TEXT)
def test_cleaned_then_extracted_evidence_points_into_the_cleaned_text(text: str):
    cleaned = clean_document(RawInput(doc_id="prop-clean", origin="p.txt", text=text))
    if isinstance(cleaned, Document):
        check_events(cleaned)
