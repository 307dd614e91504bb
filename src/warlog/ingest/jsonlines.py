"""JSON Lines input: one document per line, ``{"id", "text"|"html", "url"?, "title"?, ...}``.

Each line is its own document, so each line is checked on its own (size, JSON, fields) and a
bad line is rejected as ``path:lineno`` while the rest of the file is read. Lines are streamed:
a feed dump of a million reports never has to fit in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from warlog.ingest.decoding import control_share_too_high, lenient_utf8, scrub_text
from warlog.models import RawInput, Rejected

# Optional string fields copied to RawInput; "publisher" is accepted as a synonym of "source".
_METADATA_KEYS = ("url", "title", "source", "author", "published", "language")
_SKIP_CHUNK = 1 << 20


def looks_like_json_lines(first_line: bytes) -> bool:
    """True when a stream's first line is a JSON object (how standard input is recognised)."""
    stripped = first_line.lstrip(b"\xef\xbb\xbf").strip()
    if not stripped.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(stripped), dict)
    except (ValueError, UnicodeDecodeError):
        return False


def _one_line(value: str) -> str:
    """Ids and metadata are single-line names: scrubbed, runs of whitespace made one space."""
    return " ".join(scrub_text(value).split())


def _optional_string(record: dict, key: str) -> str | None:
    value = record.get(key)
    if isinstance(value, str) and _one_line(value):
        return _one_line(value)
    return None


def _doc_id(record: dict, fallback: str) -> str:
    """The "id" field (a string or an integer), else ``<stem>-<lineno>``."""
    value = record.get("id")
    if isinstance(value, (str, int)) and not isinstance(value, bool) and _one_line(str(value)):
        return _one_line(str(value))
    return fallback


def parse_json_line(line: bytes, origin: str, doc_id_fallback: str) -> RawInput | Rejected:
    """One line -> a RawInput, or a Rejected naming what is wrong with it."""
    notices = []
    try:
        decoded = line.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        mostly_utf8 = lenient_utf8(line.removeprefix(b"\xef\xbb\xbf"))
        if mostly_utf8 is None:
            return Rejected(origin, f"undecodable bytes (JSON Lines must be UTF-8: {error.reason})")
        decoded, notice = mostly_utf8
        notices.append(notice)
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as error:
        return Rejected(origin, f"malformed JSON line: {error.msg.removesuffix(' at')} at column {error.colno}")
    except RecursionError:  # [[[[... a few thousand deep: the parser's stack, not ours, gives up
        return Rejected(origin, "malformed JSON line: nested too deeply")
    except ValueError as error:  # e.g. an integer of more than 4300 digits
        return Rejected(origin, f"malformed JSON line: {str(error).splitlines()[0]}")
    if not isinstance(record, dict):
        return Rejected(origin, f"malformed JSON line: expected an object, got {type(record).__name__}")
    body = {}
    for key in ("text", "html"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return Rejected(origin, f'JSON line field "{key}" is not a string')
        if value and value.strip():
            body[key] = value
    if not body:
        if "text" in record or "html" in record:
            return Rejected(origin, "empty document: the JSON line's text/html is empty")
        return Rejected(origin, 'JSON line lacks a "text" or "html" field')
    content = body.get("text") or body["html"]
    if control_share_too_high(content):
        return Rejected(origin, "binary data (too many control characters in the text)")
    metadata = {key: _optional_string(record, key) for key in _METADATA_KEYS}
    metadata["source"] = metadata["source"] or _optional_string(record, "publisher")
    return RawInput(
        doc_id=_doc_id(record, doc_id_fallback),
        origin=origin,
        text=body.get("text"),
        html=None if "text" in body else body["html"],
        notices=notices,
        **metadata,
    )


def bounded_lines(stream: BinaryIO, max_line_bytes: int) -> Iterator[tuple[bytes, int]]:
    """(line, its full length) for each line of ``stream``, never holding more than
    ``max_line_bytes + 1`` bytes of one line: a longer line (a multi-gigabyte dump without a
    newline) yields only its head, and the rest is skipped in chunks."""
    while line := stream.readline(max_line_bytes + 1):
        size = len(line)
        if size > max_line_bytes and not line.endswith(b"\n"):
            while chunk := stream.readline(_SKIP_CHUNK):
                size += len(chunk)
                if chunk.endswith(b"\n"):
                    break
        yield line, size


def iter_json_lines(
    lines: Iterable[tuple[bytes, int]], origin: str, stem: str, max_doc_bytes: int
) -> Iterator[RawInput | Rejected]:
    """Parse (line, length) pairs from ``bounded_lines``; blank lines are skipped, bad ones rejected
    as ``origin:lineno``."""
    for lineno, (line, size) in enumerate(lines, start=1):
        line_origin = f"{origin}:{lineno}"
        if size > max_doc_bytes:
            yield Rejected(line_origin, f"oversized: {size:,} bytes, over the limit of {max_doc_bytes:,} bytes")
            continue
        if not line.strip():
            continue
        yield parse_json_line(line, line_origin, f"{stem}-{lineno}")
