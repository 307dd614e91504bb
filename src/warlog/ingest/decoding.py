"""Bytes -> text, or a one-line reason why these bytes are not a text document.

Reports come from scrapers, mail folders and old archives, so not everything is UTF-8: a
Latin-1 or Windows-1256 page must be read, and a PDF or an image that ended up among the .txt
files must be rejected by name rather than fed to the extractor as mojibake. UTF-8 is tried
first (the overwhelmingly common case, and cheap); charset-normalizer decides the rest.

A UTF-8 report with a stray bad byte or two (a truncated copy-paste, a scraper that cut a
character in half) is still a UTF-8 report: when the valid multi-byte characters far outnumber
the invalid sequences, the bad ones become U+FFFD and the reader records a notice, instead of
handing the whole report to the encoding guesser, which finds no single-byte encoding for Arabic
and rejected it. Latin-1 and Windows-1252 files have (next to) no valid multi-byte sequences, so
they still go to the guesser, and binary data is rejected before any of this.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Share of control characters (other than tab, newlines, form feed, escape) above which bytes are binary.
_MAX_CONTROL_SHARE = 0.05
_SNIFF_BYTES = 65536
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# Characters no report means: C0/C1 controls other than tab and line breaks. PostgreSQL refuses NUL
# outright, and the rest only confuse tokenisers, so cleaning drops them; the line-like separators
# (vertical tab, form feed, the Unicode line/paragraph separators) become newlines.
_STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_LINE_LIKE = re.compile(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Signatures of the binary formats most often mistaken for documents, so the reason can name them.
_MAGIC = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "executable"),
)
# On a tie between equally plausible single-byte encodings, the ones the web actually uses win.
_PREFERRED_ON_TIE = ("cp1252", "latin_1", "iso8859_15", "cp1256", "cp1251", "cp1254")


class NotText(Exception):
    """Raised with a one-line, user-facing reason; readers turn it into a ``Rejected``."""


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` looks binary (a known format, NUL bytes, control characters), or None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return f"binary data ({kind})"
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return "binary data (contains NUL bytes)"
    controls = len(_CONTROL.findall(sample))
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        return f"binary data ({controls} control characters in the first {len(sample)} bytes)"
    return None


def control_share_too_high(text: str) -> bool:
    """The text-level twin of ``binary_reason`` for strings that arrive already decoded (JSON)."""
    sample = text[:_SNIFF_BYTES]
    return bool(sample) and len(_CONTROL_CHARS.findall(sample)) / len(sample) > _MAX_CONTROL_SHARE


def scrub_text(text: str) -> str:
    """Text every store can hold: stray controls dropped, line-like separators made newlines, and
    lone UTF-16 surrogates (a JSON escape such as \\ud800 without its pair, which UTF-8 cannot
    encode) replaced by U+FFFD, as a decoder does with a bad byte: the document is kept."""
    text = _LINE_LIKE.sub("\n", _STRAY_CONTROLS.sub("", text))
    return _LONE_SURROGATE.sub("\ufffd", text)


def _decode_guessed(data: bytes) -> str:
    matches = from_bytes(data[: _SNIFF_BYTES * 4])
    best = matches.best()
    if best is None:
        raise NotText("undecodable bytes (not UTF-8, and no other text encoding fits)")
    ties = {m.encoding for m in matches if m.chaos == best.chaos and m.coherence == best.coherence}
    encoding = next((e for e in _PREFERRED_ON_TIE if e in ties), best.encoding)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise NotText(f"undecodable bytes ({encoding}: {error.reason})") from error


def lenient_utf8(data: bytes) -> tuple[str, str] | None:
    """``(text, notice)`` for bytes that are UTF-8 but for a few invalid sequences, else None.

    "A few": at least twice as many valid non-ASCII characters as invalid sequences, and at most
    one invalid sequence per 100 characters.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad <= 0:
        return None
    multibyte = sum(1 for char in text if char > "\x7f") - bad
    if multibyte < 2 * bad or bad * 100 > len(text):
        return None
    plural = "s" if bad > 1 else ""
    return text, f"{bad} invalid UTF-8 byte sequence{plural} replaced by U+FFFD"


def decode_document(data: bytes) -> str:
    """Decode a whole document's bytes; raise ``NotText`` with the reason when they are not text."""
    return decode_with_notice(data)[0]


def decode_with_notice(data: bytes) -> tuple[str, str | None]:
    """``decode_document`` plus a notice when invalid UTF-8 sequences were replaced (else None)."""
    notice = None
    if not data:
        raise NotText("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise NotText(
                    f"undecodable bytes (byte-order mark says {encoding}: {error.reason})"
                ) from error
            break
    else:
        reason = binary_reason(data)
        if reason:
            raise NotText(reason)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            mostly_utf8 = lenient_utf8(data)
            text, notice = mostly_utf8 if mostly_utf8 else (_decode_guessed(data), None)
    if not text.strip():
        raise NotText("empty file (only whitespace)")
    if control_share_too_high(text):
        raise NotText("binary data (too many control characters)")
    return text, notice
