"""RawInput -> Document: main text, boilerplate removed, metadata filled, language, fingerprints.

The cleaned ``Document.text`` is what every later evidence offset points into, so all changes
to the text happen here and nowhere after. The steps run cheapest-first and HTML is the only
input that pays for trafilatura; cleaning a 5 kB plain-text report takes a few milliseconds.
"""

from __future__ import annotations

import re
import unicodedata

from warlog.ingest.boilerplate import strip_boilerplate
from warlog.ingest.dates import parse_publication_date
from warlog.ingest.decoding import scrub_text
from warlog.ingest.fingerprint import content_hash, minhash_signature
from warlog.ingest.html import extract_html
from warlog.ingest.language import detect_language, normalise_language
from warlog.ingest.metadata import (
    MetadataCollector,
    dateline_hints,
    headline_of,
    publisher_from_url,
    tidy_title_lines,
)
from warlog.ingest.outlets import resolve_outlet
from warlog.ingest.page_dates import dateline_day_hints, latest_date_hints, url_hints, without_day_stamp
from warlog.models import Document, RawInput, Rejected

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HORIZONTAL_SPACE = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_RUN = re.compile(r"\n{3,}")


def normalise_layout(text: str) -> str:
    """No stray controls, NFC, Unix newlines, one space between words, stripped lines, at most one
    blank line in a row."""
    text = unicodedata.normalize("NFC", scrub_text(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = _HORIZONTAL_SPACE.sub(" ", _ZERO_WIDTH.sub("", text))
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n", text).strip()


def _offer_input_metadata(raw: RawInput, meta: MetadataCollector) -> None:
    meta.offer("title", raw.title, "input")
    meta.offer("publisher", raw.source, "input")
    meta.offer("author", raw.author, "input")
    meta.offer("url", raw.url, "input")
    meta.offer("published", parse_publication_date(raw.published), "input")
    meta.offer("language", normalise_language(raw.language), "input")


def _main_text(raw: RawInput, meta: MetadataCollector) -> str:
    """The text to clean: as given, or extracted from HTML (whose declared metadata is offered)."""
    if raw.text is not None:
        return raw.text
    page = extract_html(raw.html or "", raw.url)
    meta.offer("title", page.title, "html")
    meta.offer("publisher", resolve_outlet(page.sitename) or page.sitename, "html")
    meta.offer("author", page.author, "html")
    meta.offer("url", page.url, "html")
    meta.offer("published", parse_publication_date(page.published), "html")
    return page.text


def clean_document(raw: RawInput, fingerprint: bool = True) -> Document | Rejected:
    """Clean one input; a document with no text left after cleaning is rejected, not stored empty.

    ``fingerprint=False`` skips the MinHash signature (left empty) for callers that never
    deduplicate, such as the stateless ``extract``.
    """
    if not (raw.text or raw.html):
        return Rejected(raw.origin, "empty document: no text or html")
    meta = MetadataCollector()
    _offer_input_metadata(raw, meta)
    text = normalise_layout(_main_text(raw, meta))
    if not text:
        what = "no main text found in the HTML" if raw.text is None else "empty document"
        return Rejected(raw.origin, what)
    meta.offer("publisher", publisher_from_url(meta.get("url")), "url")
    meta.offer_hints(url_hints(meta.get("url")))
    text, stamp_hints = without_day_stamp(text)
    meta.offer_hints(stamp_hints)

    stripped = strip_boilerplate(text)
    titled = tidy_title_lines(stripped.text)
    text = normalise_layout(titled.text)
    if not text:
        return Rejected(raw.origin, "empty after cleaning: the text is nothing but boilerplate")

    # Cues in order of strength: the page title's site name, a wire dateline, metadata lines; then a
    # dateline's day in the URL's month, and last the text's latest date (ingest/page_dates.py).
    meta.offer_hints(titled.hints)
    meta.offer_hints(dateline_hints(text))
    meta.offer_hints(stripped.hints)
    meta.offer_hints(dateline_day_hints(text, meta.get("url")))
    meta.offer_hints(latest_date_hints(text))  # the last resort, marked inferred
    meta.offer("title", headline_of(text), "text:first-line")
    meta.offer("language", detect_language(text), "detected")

    removed = list(dict.fromkeys(stripped.removed + titled.removed))
    return Document(
        id=raw.doc_id,
        text=text,
        origin=raw.origin,
        title=meta.get("title"),
        publisher=meta.get("publisher"),
        author=meta.get("author"),
        url=meta.get("url"),
        published=meta.get("published"),
        language=meta.get("language"),
        content_hash=content_hash(text),
        minhash=minhash_signature(text) if fingerprint else [],
        removed=removed,
        metadata_sources=dict(meta.sources),
        notices=list(raw.notices),
    )
