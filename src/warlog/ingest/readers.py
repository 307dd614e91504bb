"""Find and read input documents: files, directories, JSON Lines, standard input.

A batch must survive any single bad input (SPEC section 3): every problem becomes a
``Rejected(origin, reason)`` with a one-line reason, and the generator carries on with the next
input. Special files are recognised with ``stat`` before anything opens them, because opening
a FIFO blocks forever and reading a device never ends. Sizes are checked before reading, so an
oversized file costs nothing.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from warlog.ingest.decoding import NotText, decode_with_notice, scrub_text
from warlog.ingest.jsonlines import bounded_lines, iter_json_lines, looks_like_json_lines
from warlog.models import RawInput, Rejected

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
STDIN = "-"
STDIN_ORIGIN = "<stdin>"
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


def iter_inputs(paths: list[str], max_doc_bytes: int) -> Iterator[RawInput | Rejected]:
    """Yield one ``RawInput`` per readable document and one ``Rejected`` per bad input, in order.

    Directories are read recursively in sorted order, skipping hidden files and folders.
    """
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(max_doc_bytes)
            continue
        try:
            info = os.stat(path)
        except FileNotFoundError:
            yield Rejected(_name(path), "no such file or directory")
            continue
        except PermissionError:
            yield Rejected(_name(path), "permission denied")
            continue
        except OSError as error:
            yield Rejected(_name(path), f"cannot examine path ({error.strerror or error})")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk_directory(Path(path), max_doc_bytes)
        else:
            yield from _read_file(Path(path), info, max_doc_bytes)


def _walk_directory(directory: Path, max_doc_bytes: int) -> Iterator[RawInput | Rejected]:
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except PermissionError:
        yield Rejected(_name(directory), "permission denied (directory)")
        return
    except OSError as error:
        yield Rejected(_name(directory), f"cannot list directory ({error.strerror or error})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = directory / entry.name
        try:
            # Symlinked folders are not followed (loops); symlinked files are read.
            if entry.is_dir(follow_symlinks=False):
                yield from _walk_directory(path, max_doc_bytes)
                continue
            info = os.stat(path)
        except FileNotFoundError:
            yield Rejected(_name(path), "no such file or directory (dangling link?)")
            continue
        except OSError as error:
            yield Rejected(_name(path), f"cannot examine path ({error.strerror or error})")
            continue
        yield from _read_file(path, info, max_doc_bytes)


def _name(path: str | Path) -> str:
    """A path as text every store and terminal can take: bytes of a file name that are not UTF-8
    (an old Latin-1 archive) are kept as ``\\xe9`` escapes, so the name stays unique and stable."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def id_from_name(stem: str | Path) -> str:
    """A document id from a file name: ``_name``, made one printable line. Control characters go
    (a newline or tab becomes a space, as in JSON Lines ids), so an id never breaks a log line, a
    table or a CSV row; two names that differ only there are told apart by the batch's renaming."""
    return " ".join(scrub_text(_name(stem)).split()) or "unnamed"


def _special_kind(info: os.stat_result) -> str | None:
    for test, kind in _SPECIAL_KINDS:
        if test(info.st_mode):
            return kind
    return None if stat.S_ISREG(info.st_mode) else "not a regular file"


def _oversized(size: int, max_doc_bytes: int) -> str:
    return f"oversized: {size:,} bytes, over the limit of {max_doc_bytes:,} bytes"


def _read_file(path: Path, info: os.stat_result, max_doc_bytes: int) -> Iterator[RawInput | Rejected]:
    origin = _name(path)
    kind = _special_kind(info)
    if kind:
        yield Rejected(origin, f"not a regular file: {kind}")
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl_file(path, max_doc_bytes)
        return
    if info.st_size > max_doc_bytes:
        yield Rejected(origin, _oversized(info.st_size, max_doc_bytes))
        return
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_doc_bytes + 1)
    except PermissionError:
        yield Rejected(origin, "unreadable file: permission denied")
        return
    except OSError as error:
        yield Rejected(origin, f"unreadable file ({error.strerror or error})")
        return
    if len(data) > max_doc_bytes:  # the file grew after stat
        yield Rejected(origin, _oversized(len(data), max_doc_bytes))
        return
    yield _raw_from_bytes(data, doc_id=id_from_name(path.stem), origin=origin, suffix=suffix)


def _raw_from_bytes(data: bytes, doc_id: str, origin: str, suffix: str) -> RawInput | Rejected:
    """Decode one document; the suffix decides text or HTML, unknown suffixes are sniffed."""
    try:
        text, notice = decode_with_notice(data)
    except NotText as problem:
        return Rejected(origin, str(problem))
    notices = [notice] if notice else []
    is_html = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _HTML_START.match(data[:4096]))
    if is_html:
        return RawInput(doc_id=doc_id, origin=origin, html=text, notices=notices)
    return RawInput(doc_id=doc_id, origin=origin, text=text, notices=notices)


def _read_jsonl_file(path: Path, max_doc_bytes: int) -> Iterator[RawInput | Rejected]:
    try:
        with open(path, "rb") as handle:
            lines = bounded_lines(handle, max_doc_bytes)
            yield from iter_json_lines(lines, origin=_name(path), stem=id_from_name(path.stem), max_doc_bytes=max_doc_bytes)
    except PermissionError:
        yield Rejected(_name(path), "unreadable file: permission denied")
    except OSError as error:
        yield Rejected(_name(path), f"unreadable file ({error.strerror or error})")


def _read_stdin(max_doc_bytes: int) -> Iterator[RawInput | Rejected]:
    """Standard input is one document, or JSON Lines when its first line is a JSON object."""
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
    if stream is None:
        yield Rejected(STDIN_ORIGIN, "standard input is not readable as bytes")
        return
    first_line = stream.readline(max_doc_bytes + 1)
    if looks_like_json_lines(first_line):
        lines = itertools.chain([(first_line, len(first_line))], bounded_lines(stream, max_doc_bytes))
        yield from iter_json_lines(lines, origin=STDIN_ORIGIN, stem="stdin", max_doc_bytes=max_doc_bytes)
        return
    data = first_line + stream.read(max(0, max_doc_bytes + 1 - len(first_line)))
    if len(data) > max_doc_bytes:
        yield Rejected(STDIN_ORIGIN, f"oversized: more than the limit of {max_doc_bytes:,} bytes")
        return
    doc_id = "stdin-" + hashlib.sha256(data).hexdigest()[:12]
    yield _raw_from_bytes(data, doc_id=doc_id, origin=STDIN_ORIGIN, suffix="")
