"""`warlog gazetteer download` against a real HTTP server on the loopback (tests/loopback_site.py), serving a
GeoNames-format dump in miniature (tests/fixtures/geonames): fetched, checked, imported once however often
it runs, refused when damaged or not what the checksums say, and a clear error offline."""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from loopback_site import Site, serve

DUMP = Path(__file__).parents[1] / "fixtures" / "geonames" / "SY.txt"
REPORT = b"Unidentified gunmen attacked a checkpoint in Tall Zuhurabad on Monday, killing two guards.\n"


def zipped(member: str = "SY.txt") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(member, DUMP.read_bytes())
    return buffer.getvalue()


def run(*args: str, env: dict, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warlog", *args], input=stdin, capture_output=True,
                          env={**os.environ, "COLUMNS": "200", **env}, timeout=600, check=False)


@pytest.fixture
def user_env(tmp_path) -> dict:
    return {"WARLOG_USER_GAZETTEER": str(tmp_path / "user_gazetteer.tsv")}


def test_a_downloaded_dump_adds_its_villages_once(tmp_path, user_env):
    body = zipped()
    with serve(Site(extra={"/dump/SY.zip": (body, "application/zip")})) as site:
        before = json.loads(run("extract", "--published", "2024-03-06", "-", stdin=REPORT, env=user_env).stdout)
        first = run("gazetteer", "download", "sy", "--url", f"{site.base}/dump/", env=user_env)
        again = run("gazetteer", "download", "SY", "--url", f"{site.base}/dump", env=user_env)
    assert before["location"] is None or before["location"]["name"] != "Tall Zuhurabad"
    assert first.returncode == 0, first.stderr.decode()
    digest = hashlib.sha256(body).hexdigest()
    assert f"SY: 2 places added, 0 updated (sha256 {digest})" in first.stderr.decode()  # the X.XXX row is skipped
    assert "SY.zip: 0.0 MB of 0.0 MB" in first.stderr.decode()  # progress, with the size the server gave
    assert again.returncode == 0 and "SY: 0 places added, 2 updated" in again.stderr.decode()
    user_file = Path(user_env["WARLOG_USER_GAZETTEER"])
    assert len(user_file.read_text(encoding="utf-8").splitlines()) == 2 + 2  # comment, header, two places
    manifest = json.loads(user_file.with_name("gazetteer_downloads.json").read_text(encoding="utf-8"))
    assert manifest["SY"]["sha256"] == digest and manifest["SY"]["url"].endswith("/dump/SY.zip")
    after = json.loads(run("extract", "--published", "2024-03-06", "-", stdin=REPORT, env=user_env).stdout)
    assert after["location"]["name"] == "Tall Zuhurabad" and after["location"]["geonameid"] == 99100001


def test_a_checksum_mismatch_imports_nothing(tmp_path, user_env):
    sums = tmp_path / "SHA256SUMS"
    sums.write_text(f"{'0' * 64}  SY.zip\n")
    with serve(Site(extra={"/SY.zip": (zipped(), "application/zip")})) as site:
        result = run("gazetteer", "download", "SY", "--url", site.base, "--checksums", str(sums), env=user_env)
    assert result.returncode == 1 and "is not the expected" in result.stderr.decode()
    assert not Path(user_env["WARLOG_USER_GAZETTEER"]).exists()


@pytest.mark.parametrize(("body", "message"), [
    (b"<html>maintenance</html>", "is not a zip archive"),
    (None, "HTTP 404"),
])
def test_what_is_not_a_sound_dump_is_refused(user_env, body, message):
    extra = {} if body is None else {"/SY.zip": (body, "text/html")}
    with serve(Site(extra=extra)) as site:
        result = run("gazetteer", "download", "SY", "--url", site.base, env=user_env)
    assert result.returncode == 1 and message in result.stderr.decode()
    assert not Path(user_env["WARLOG_USER_GAZETTEER"]).exists()


def test_a_dump_without_the_countrys_file_is_refused(user_env):
    with serve(Site(extra={"/SY.zip": (zipped("readme.txt"), "application/zip")})) as site:
        result = run("gazetteer", "download", "SY", "--url", site.base, env=user_env)
    assert result.returncode == 1 and "holds no SY.txt" in result.stderr.decode()


def test_offline_the_error_says_what_to_do(user_env):
    with socket.socket() as probe:  # a loopback port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run("gazetteer", "download", "SY", "--url", f"http://127.0.0.1:{port}/", env=user_env)
    stderr = result.stderr.decode()
    assert result.returncode == 1 and "need the network" in stderr and "warlog gazetteer import SY.txt" in stderr
    unknown = run("gazetteer", "download", "XX", env=user_env)
    assert unknown.returncode == 1 and "unknown country code(s): XX" in unknown.stderr.decode()
