"""Small input faults that used to lose a report or let nonsense through, each with the fixed behaviour.

* one invalid byte in an otherwise valid non-ASCII UTF-8 report: decoded with U+FFFD and a notice,
  not rejected (real binary and Latin-1 files keep their own treatment);
* HTML nested deeper than the parser's limit (about 255 levels): its text survives;
* ``--since 2024-02-30``: an impossible date is a usage error (exit 2) and a 422 in the API;
* control characters in file names do not reach document ids.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from warlog.ingest.decoding import NotText, decode_document, decode_with_notice
from warlog.ingest.html import extract_html
from warlog.ingest.readers import iter_inputs
from warlog.settings import Settings
from warlog.store import Store
from warlog.web.api import create_app

ARABIC = ("قصفت طائرة مسيرة سيارة في ريف إدلب يوم الأحد، ما أدى إلى مقتل أربعة أشخاص، وفق ما أفاد مرصد محلي. " * 6)
REPORT = ("IDLIB, 3 March 2024 - Gunmen attacked an army checkpoint near Idlib on Sunday, killing four soldiers, a "
          "local monitor said. The attackers fled north towards the border after the clash, residents said.")  # fmt: skip
WARLOG = [sys.executable, "-m", "warlog"]


def with_bad_byte(text: str, bad: bytes = b"\xff") -> bytes:
    data = text.encode()
    cut = len(data) // 2
    while data[cut] & 0xC0 == 0x80:  # not inside a character
        cut += 1
    return data[:cut] + bad + data[cut:]


def test_one_invalid_byte_in_utf8_arabic_is_replaced_with_a_notice():
    text, notice = decode_with_notice(with_bad_byte(ARABIC))
    assert text.count("\ufffd") == 1
    assert text.replace("\ufffd", "") == ARABIC
    assert notice == "1 invalid UTF-8 byte sequence replaced by U+FFFD"


def test_real_binary_and_other_encodings_keep_their_treatment():
    with pytest.raises(NotText, match="binary"):
        decode_document(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    latin1 = "Le président a déclaré que l'armée a frappé près d'Alep.".encode("latin-1")
    assert decode_with_notice(latin1) == ("Le président a déclaré que l'armée a frappé près d'Alep.", None)
    noise = bytes(range(128, 256)) * 40  # no UTF-8 in it at all: not "overwhelmingly valid"
    try:
        text, notice = decode_with_notice(noise)
    except NotText:
        return
    assert notice is None and text.count("\ufffd") == 0


def test_a_report_with_a_bad_byte_is_ingested_and_the_notice_shown(tmp_path):
    (tmp_path / "arabic.txt").write_bytes(with_bad_byte("IDLIB, 3 March 2024 - " + ARABIC))
    db = str(tmp_path / "w.db")
    run = subprocess.run([*WARLOG, "ingest", "--quiet", str(tmp_path / "arabic.txt"), "--db", db],
                         capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "arabic.txt: 1 invalid UTF-8 byte sequence replaced by U+FFFD" in run.stderr
    with Store(db) as store:
        assert [doc.id for doc in store.documents()] == ["arabic"]


def test_a_json_line_with_a_bad_byte_is_kept_with_the_notice():
    from warlog.ingest.jsonlines import parse_json_line

    line = with_bad_byte(json.dumps({"id": "ar-1", "text": ARABIC}, ensure_ascii=False))
    raw = parse_json_line(line, "feed.jsonl:1", "feed-1")
    assert raw.doc_id == "ar-1" and raw.text.count("\ufffd") == 1
    assert raw.notices == ["1 invalid UTF-8 byte sequence replaced by U+FFFD"]


def test_deeply_nested_html_keeps_its_text(tmp_path):
    html = "<html><body>" + "<div>" * 400 + f"<p>{REPORT}</p>" + "</div>" * 400 + "</body></html>"
    assert "Gunmen attacked an army checkpoint" in extract_html(html).text
    (tmp_path / "deep.html").write_text(html)
    db = str(tmp_path / "w.db")
    run = subprocess.run([*WARLOG, "ingest", "--quiet", str(tmp_path / "deep.html"), "--db", db],
                         capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    with Store(db) as store:
        assert store.count_events() >= 1


@pytest.mark.parametrize("bad", ["2024-02-30", "2023-02-29", "2024-04-31", "2024-13", "2024-00-10"])
def test_impossible_dates_are_usage_errors(tmp_path, bad):
    db = str(tmp_path / "w.db")
    Store(db).close()
    for option in ("--since", "--until"):
        run = subprocess.run([*WARLOG, "events", "--db", db, option, bad], capture_output=True, text=True, timeout=60, check=False)
        assert run.returncode == 2, (option, bad, run.stdout, run.stderr)
        assert bad in run.stderr and "Traceback" not in run.stderr
    with TestClient(create_app(db, Settings(db_url=db))) as client:
        for name in ("since", "until"):
            answer = client.get("/api/events", params={name: bad})
            assert answer.status_code == 422, answer.text
            assert bad in json.dumps(answer.json())
        assert client.get("/api/events", params={"since": "2024-02-29", "until": "2024-12-31"}).status_code == 200


def test_control_characters_in_file_names_do_not_reach_ids(tmp_path):
    for name in ("two\nlines.txt", "tab\there.txt", "bell\x07.txt", "esc\x1b[31m.txt"):
        (tmp_path / name).write_text(REPORT)
    ids = sorted(raw.doc_id for raw in iter_inputs([str(tmp_path)], 1_000_000))
    assert ids == ["bell", "esc[31m", "tab here", "two lines"]
    assert all(ch.isprintable() for doc_id in ids for ch in doc_id)
