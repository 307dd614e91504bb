"""Readers: every kind of input is read, every kind of bad input is rejected with a reason."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import repo_paths

from warlog.ingest.readers import iter_inputs
from warlog.models import RawInput, Rejected

FIXTURES = repo_paths.FIXTURES / "ingest"
LIMIT = 100_000


def read_all(paths: list[str], limit: int = LIMIT) -> list[RawInput | Rejected]:
    return list(iter_inputs([str(p) for p in paths], limit))


def only_rejection(paths: list[str], limit: int = LIMIT) -> Rejected:
    items = read_all(paths, limit)
    assert len(items) == 1 and isinstance(items[0], Rejected), items
    assert "\n" not in items[0].reason
    return items[0]


# ----------------------------------------------------------------------------- good inputs


def test_directory_is_read_recursively_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second report about shelling.", encoding="utf-8")
    (tmp_path / "a.md").write_text("First report about an airstrike.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Never read.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("Never read either.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.htm").write_text(
        "<html><body><p>Third report.</p></body></html>", encoding="utf-8"
    )
    items = read_all([tmp_path])
    assert [item.doc_id for item in items] == ["a", "b", "c"]
    assert items[0].text == "First report about an airstrike."
    assert items[2].html is not None and items[2].text is None
    assert items[2].origin == str(tmp_path / "sub" / "c.htm")


def test_html_suffix_gives_html_and_text_suffix_gives_text() -> None:
    html, text = read_all([FIXTURES / "news_page.html", FIXTURES / "wire_report.txt"])
    assert html.doc_id == "news_page" and html.html.startswith("<!DOCTYPE html>") and html.text is None
    assert text.doc_id == "wire_report" and text.text.startswith("Drone strike kills") and text.html is None


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    log = tmp_path / "bulletin.log"
    log.write_text("Daily bulletin: two shells fell on the market.", encoding="utf-8")
    page = tmp_path / "saved.page"
    page.write_text("<!doctype html><html><body><p>Saved page.</p></body></html>", encoding="utf-8")
    blob = tmp_path / "blob.dat"
    blob.write_bytes(bytes(range(256)) * 8)
    first, second, third = read_all([log, page, blob])
    assert first.text.startswith("Daily bulletin")
    assert second.html is not None
    assert isinstance(third, Rejected) and "binary" in third.reason


def test_latin1_text_is_decoded(tmp_path: Path) -> None:
    sentence = (
        "Le maire de Düsseldorf et le propriétaire du café se sont rencontrés à midi. "
        "Señor García a déclaré que la façade de l'hôtel avait été endommagée par les tirs. "
    )
    path = tmp_path / "latin1.txt"
    path.write_bytes((sentence * 3).encode("latin-1"))
    (item,) = read_all([path])
    assert isinstance(item, RawInput)
    assert item.text == sentence * 3


def test_utf16_with_byte_order_mark_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Rockets hit the airport road.".encode("utf-16"))
    (item,) = read_all([path])
    assert item.text == "Rockets hit the airport road."


def test_jsonl_lines_become_documents_with_metadata(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        {
            "id": "r1",
            "text": "A car bomb exploded.",
            "url": "https://example.org/a",
            "title": "Car bomb",
            "source": "Example Wire",
            "published": "2024-03-01T10:00:00Z",
            "language": "en",
            "author": "A. Writer",
        },
        {"html": "<html><body><p>Page text.</p></body></html>"},
        {"id": 7, "text": "Numeric id."},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    first, second, third = read_all([path])
    assert (first.doc_id, first.origin, first.text) == ("r1", f"{path}:1", "A car bomb exploded.")
    assert (first.url, first.title, first.source) == ("https://example.org/a", "Car bomb", "Example Wire")
    assert (first.published, first.language, first.author) == ("2024-03-01T10:00:00Z", "en", "A. Writer")
    assert second.doc_id == "feed-2" and second.html is not None and second.text is None
    assert third.doc_id == "7"


def run_stdin(data: bytes) -> list[dict]:
    """Read standard input in a real child process, as the CLI does."""
    code = (
        "import json, sys\n"
        "from warlog.ingest.readers import iter_inputs\n"
        "for item in iter_inputs(['-'], 100000):\n"
        "    print(json.dumps({'kind': type(item).__name__, **item.to_dict()}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, check=True)
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_stdin_text_gets_a_content_derived_id() -> None:
    (item,) = run_stdin(b"Clashes were reported overnight in the old city.\n")
    assert item["kind"] == "RawInput" and item["origin"] == "<stdin>"
    assert item["doc_id"].startswith("stdin-") and len(item["doc_id"]) == len("stdin-") + 12
    assert run_stdin(b"Clashes were reported overnight in the old city.\n")[0]["doc_id"] == item["doc_id"]


def test_stdin_json_lines_are_recognised() -> None:
    items = run_stdin(b'{"id": "s1", "text": "One."}\n{"id": "s2"}\n')
    assert [(i["kind"], i.get("doc_id")) for i in items] == [("RawInput", "s1"), ("Rejected", None)]
    assert items[1]["origin"] == "<stdin>:2"


# ----------------------------------------------------------------------------- rejections


def test_nonexistent_path_is_rejected(tmp_path: Path) -> None:
    rejected = only_rejection([tmp_path / "missing.txt"])
    assert rejected.reason == "no such file or directory"


def test_binary_file_with_nul_bytes_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"GIF-like\x00\x00\x01data" * 20)
    assert "NUL" in only_rejection([path]).reason


def test_control_characters_mean_binary(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(b"ab\x01\x02\x03\x04cd\x05\x06" * 50)
    assert "control characters" in only_rejection([path]).reason


def test_pdf_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert "PDF" in only_rejection([path]).reason


@pytest.mark.parametrize("content, expected", [(b"", "empty file"), (b" \n\t\n  ", "only whitespace")])
def test_empty_files_are_rejected(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert expected in only_rejection([path]).reason


def test_undecodable_bytes_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 4)
    assert "undecodable" in only_rejection([path]).reason


def test_oversized_file_is_rejected_with_size_and_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 300, encoding="utf-8")
    reason = only_rejection([path], limit=1000).reason
    assert reason == "oversized: 1,500 bytes, over the limit of 1,000 bytes"


def test_fifo_is_rejected_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    # Opening a FIFO with no writer blocks forever; a result at all proves it was not opened.
    assert "FIFO" in only_rejection([fifo]).reason
    (tmp_path / "ok.txt").write_text("Readable report.", encoding="utf-8")
    items = read_all([tmp_path])
    assert [type(i).__name__ for i in items] == ["RawInput", "Rejected"]


def test_socket_and_device_are_rejected(tmp_path: Path) -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(tmp_path / "s.sock"))
        assert "socket" in only_rejection([tmp_path / "s.sock"]).reason
    finally:
        server.close()
    if Path("/dev/null").exists():
        assert "character device" in only_rejection(["/dev/null"]).reason


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Cannot be read.", encoding="utf-8")
    path.chmod(0)
    try:
        assert "permission denied" in only_rejection([path]).reason
    finally:
        path.chmod(0o644)


def test_bad_json_lines_are_rejected_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        b'{"id": "good", "text": "A drone was shot down."}\n'
        b'{"id": "broken", "text": \n'
        b'{"id": "notext", "url": "https://example.org"}\n'
        b'["a", "list"]\n'
        b'{"id": "empty", "text": "   "}\n'
        b'{"id": "big", "text": "' + b"x" * 300 + b'"}\n'
        b'{"id": "last", "text": "Still read after the bad lines."}\n'
    )
    items = read_all([path], limit=200)
    summary = [(i.doc_id if isinstance(i, RawInput) else i.origin) for i in items]
    assert summary == ["good", f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:5", f"{path}:6", "last"]
    reasons = [i.reason for i in items if isinstance(i, Rejected)]
    assert reasons[0].startswith("malformed JSON line")
    assert reasons[1] == 'JSON line lacks a "text" or "html" field'
    assert "expected an object" in reasons[2]
    assert "empty" in reasons[3]
    assert reasons[4].startswith("oversized")
