"""Which reports are independent of each other: corroboration counts outlets, not copies.

Three ways one report reaches the store more than once, each folded into one independent source:

* an exact or near copy (found at ingest by content hash / MinHash and recorded as
  ``duplicate_of``): the copy counts as the outlet of the document it copies;
* a syndicated wire story under another outlet's masthead, recognised by the wire's credit in the
  dateline ("BEIRUT (Reuters) -"): it counts as the wire;
* several stories by one outlet about one happening: an outlet is one source however often it
  writes.

A document without any known publisher is its own source (named by its document id): it cannot
be merged with anything, and inventing an outlet for it would be a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warlog.fuse.sources import SourceRegistry

# "CITY (Reuters) -", "CITY, Sept 3 (AFP) --": a parenthesised credit followed by a dash.
_DATELINE_CREDIT = re.compile(r"\(([A-Za-z][\w .'&/-]{0,40}?)\)\s*[-\u2013\u2014]")
_CREDIT_WINDOW = 300


@dataclass(frozen=True)
class DocumentSource:
    """What independence needs to know about one stored document."""

    doc_id: str
    publisher: str | None = None
    url: str | None = None
    duplicate_of: str | None = None
    head: str = ""  # the first few hundred characters of the cleaned text


def wire_credit(head: str, registry: SourceRegistry) -> str | None:
    """The wire agency credited in a dateline near the start of the text, if any."""
    for match in _DATELINE_CREDIT.finditer(head[:_CREDIT_WINDOW]):
        source = registry.lookup(match.group(1).strip())
        if source.kind == "wire":
            return source.name
    return None


def source_key(doc: DocumentSource, docs: dict[str, DocumentSource], registry: SourceRegistry) -> str:
    """The independent source a document counts as (see the module docstring)."""
    root, seen = doc, {doc.doc_id}
    while root.duplicate_of and root.duplicate_of in docs and root.duplicate_of not in seen:
        seen.add(root.duplicate_of)
        root = docs[root.duplicate_of]
    credited = wire_credit(root.head, registry)
    if credited:
        return credited
    if root.publisher or root.url:
        source = registry.lookup(root.publisher, root.url)
        if source.origin != "default" or root.publisher:
            return source.name
    return f"document {root.duplicate_of or root.doc_id}"


def independent_sources(
    doc_ids: list[str], docs: dict[str, DocumentSource], registry: SourceRegistry
) -> dict[str, list[str]]:
    """Independent source -> the documents that count as it, both sorted (deterministic)."""
    grouped: dict[str, list[str]] = {}
    for doc_id in sorted(set(doc_ids)):
        doc = docs.get(doc_id) or DocumentSource(doc_id)
        grouped.setdefault(source_key(doc, docs, registry), []).append(doc_id)
    return dict(sorted(grouped.items()))
