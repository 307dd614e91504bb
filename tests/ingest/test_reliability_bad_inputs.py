"""A batch mixing good and hostile inputs, through the real ``warlog ingest`` (SPEC sections 2 and 3).

Every good document is stored, every bad input is named on stderr in exactly one line with its
reason, the exit code is 1 and nothing prints a traceback; on SQLite and on PostgreSQL (which
refuses NUL characters that SQLite takes, so the backends must agree on what cleaning leaves).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MAX_DOC_BYTES = 3000

GOOD_TEXTS = {
    "kidal-ambush": "Gunmen ambushed a supply convoy near Kidal on 14 March 2024, killing three drivers, "
    "local officials said.",
    "sumy-shelling": "Artillery shells hit a school in Sumy on 2 April 2024. Nobody was hurt, the mayor said.",
    "café-protest": "Several hundred teachers marched in Niamey on 9 May 2024 to demand unpaid wages.",
}
GOOD_JSON_LINES = [
    {"id": "json-ok-1", "text": "Drones struck a fuel depot near Belgorod on 5 June 2024, the governor said."},
    {"id": "json-ok-2", "text": "Police arrested twelve protesters in Kisumu on 7 June 2024."},
    # A NUL and a lone surrogate escape inside an otherwise good report: cleaned, kept.
    {"id": "json-nul", "text": "Militants shelled a base near Palmyra\u0000 on 8 June 2024 \ud800."},
]
HTML_PAGE = (
    "<!doctype html><html><head><title>Clash in Beni</title></head><body><nav>Home | World</nav>"
    "<article><h1>Clash in Beni</h1><p>Soldiers clashed with ADF fighters near Beni on 3 July 2024, "
    "the army said on Thursday.</p></article></body></html>"
)
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
ELF_HEADER = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + bytes(40)


def warlog(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # A timeout, because the failure this guards against (reading /dev/zero, opening a FIFO) is a hang.
    return subprocess.run(
        [sys.executable, "-m", "warlog", *args],
        capture_output=True,
        check=False,
        env={**os.environ, "COLUMNS": "300", **(env or {})},
        timeout=300,
    )


def build_batch(folder: Path) -> dict[str, str]:
    """Write the good and bad inputs; return {name as printed on stderr: expected reason fragment}."""
    folder.mkdir()
    for doc_id, text in GOOD_TEXTS.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    (folder / "beni-clash.html").write_text(HTML_PAGE, encoding="utf-8")
    lines = [json.dumps(record) for record in GOOD_JSON_LINES]
    lines.insert(1, '{"id": "broken", "text": "unterminated')
    lines.insert(3, "[" * 1400 + "]" * 1400)  # too deep for the parser, not too long
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    (folder / "image.txt").write_bytes(PNG_HEADER)
    (folder / "program").write_bytes(ELF_HEADER)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\t\r\n   ")
    (folder / "garbled.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    (folder / "huge.txt").write_text("The army shelled the town again. " * 100, encoding="utf-8")
    (folder / "zeros.txt").symlink_to("/dev/zero")
    (folder / "noise.txt").symlink_to("/dev/urandom")
    os.mkfifo(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(folder / "deleted-long-ago.txt")
    (folder / "two\nlines.txt").write_bytes(b"\x00\x01\x02")
    return {
        f"{folder}/feed.jsonl:2:": "malformed JSON line",
        f"{folder}/feed.jsonl:4:": "nested too deeply",
        f"{folder}/image.txt:": "binary data (PNG image)",
        f"{folder}/program:": "binary data (executable)",
        f"{folder}/empty.txt:": "empty file",
        f"{folder}/blank.txt:": "empty file (only whitespace)",
        f"{folder}/garbled.txt:": "undecodable bytes",
        f"{folder}/huge.txt:": f"over the limit of {MAX_DOC_BYTES:,} bytes",
        f"{folder}/zeros.txt:": "not a regular file: a character device",
        f"{folder}/noise.txt:": "not a regular file: a character device",
        f"{folder}/pipe.txt:": "not a regular file: a FIFO",
        f"{folder}/gone.txt:": "no such file or directory",
        f"{folder}/two\\nlines.txt:": "binary data",
    }


def stored_ids(db: str) -> set[str]:
    listing = warlog("documents", "--format", "jsonl", "--db", db)
    assert listing.returncode == 0, listing.stderr.decode()
    return {json.loads(line)["id"] for line in listing.stdout.decode().splitlines()}


def test_mixed_batch_stores_the_good_names_the_bad_exits_1(tmp_path, store_url):
    expected = build_batch(tmp_path / "batch")
    missing = tmp_path / "never-written.txt"
    expected[f"{missing}:"] = "no such file or directory"

    result = warlog(
        "ingest", "--quiet", str(tmp_path / "batch"), str(missing), "--db", store_url,
        env={"WARLOG_MAX_DOC_BYTES": str(MAX_DOC_BYTES)},
    )  # fmt: skip
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert "Traceback" not in stderr
    rejected = [line for line in stderr.splitlines() if line.startswith("warlog: rejected ")]
    for name, reason in expected.items():
        matching = [line for line in rejected if line.startswith(f"warlog: rejected {name}")]
        assert len(matching) == 1, (name, stderr)
        assert reason in matching[0], (name, matching[0])
    assert len(rejected) == len(expected), stderr
    good = set(GOOD_TEXTS) | {"beni-clash"} | {record["id"] for record in GOOD_JSON_LINES}
    assert f"{len(good)} added" in stderr
    assert stored_ids(store_url) == good

    again = warlog(
        "ingest", "--quiet", str(tmp_path / "batch"), "--db", store_url, env={"WARLOG_MAX_DOC_BYTES": str(MAX_DOC_BYTES)}
    )
    assert again.returncode == 1
    assert f"0 added, 0 updated, {len(good)} unchanged" in again.stderr.decode()


def test_store_check_of_the_mixed_batch_passes(tmp_path):
    db = str(tmp_path / "mixed.db")
    build_batch(tmp_path / "batch")
    warlog("ingest", "--quiet", str(tmp_path / "batch"), "--db", db, env={"WARLOG_MAX_DOC_BYTES": str(MAX_DOC_BYTES)})
    check = warlog("check", "--db", db)
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
def test_unreadable_file_is_named(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "fine.txt").write_text(GOOD_TEXTS["kidal-ambush"], encoding="utf-8")
    secret = folder / "secret.txt"
    secret.write_text("Locked away.", encoding="utf-8")
    secret.chmod(0)
    try:
        result = warlog("ingest", "--quiet", str(folder), "--db", str(tmp_path / "s.db"))
    finally:
        secret.chmod(0o644)
    assert result.returncode == 1
    assert f"warlog: rejected {secret}: unreadable file: permission denied" in result.stderr.decode()
    assert stored_ids(str(tmp_path / "s.db")) == {"fine"}


def test_store_that_cannot_be_opened_is_one_line_exit_2(tmp_path):
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("shopping list, not SQLite\n" * 100)
    result = warlog("ingest", "--quiet", "--db", str(not_a_database), str(tmp_path))
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert stderr.strip() == f"warlog: cannot open the store '{not_a_database}': file is not a database"
