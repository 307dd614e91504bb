"""One poll of every watched target: fetch what is new, turn it into inputs, ingest them.

The poll is a generator of ``RawInput``/``Rejected`` handed to ``pipeline.ingest_inputs``, the same
loop ``warlog ingest`` uses, so a fetched article is cleaned, deduplicated, extracted and stored
exactly like a file. What the watcher adds is memory, kept in the store (``WatchState``):

* an article URL is marked seen as soon as its document is stored (``on_item``), so a restarted
  watcher never fetches it again; a fetch failure is not marked, so it is retried next poll;
* a page whose bytes were already seen under another URL is skipped before cleaning;
* a feed's validators (ETag, Last-Modified) are saved only after all of its entries are stored,
  because a later 304 would otherwise hide entries a killed watcher never stored.

Stopping: ``stop`` is checked before every feed, article and file, and by the fetcher within a
fraction of a second during a fetch (``guard.py``); the generator then ends, the documents already
read are stored, and only fully handled feeds and files are recorded. A fetch cut short by a stop is
neither a failure nor seen: it is simply asked again next time. A slow or failing feed or article
costs at most its fetch deadline, then the poll goes on with the next one.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from warlog.extract.events import Extractor
from warlog.ingest.decoding import NotText, decode_document
from warlog.ingest.outlets import resolve_outlet
from warlog.models import Document, IngestOutcome, RawInput, Rejected
from warlog.pipeline import IngestReport, ingest_inputs
from warlog.settings import Settings
from warlog.store import Store
from warlog.store.watch_state import FeedState, WatchState, now_iso
from warlog.watch.feeds import FeedEntry, FeedTarget, FolderTarget, NotAFeed, Target, parse_feed
from warlog.watch.fetch import Disallowed, FetchError, FetchPolicy, PoliteClient, Refused, Stopped
from warlog.watch.folder import Mark, folder_inputs


def url_doc_id(url: str) -> str:
    """A stable document id for a fetched article: its host (readable) and a hash of the full URL."""
    host = (urlsplit(url).hostname or "web").removeprefix("www.")
    return f"{host}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:12]}"


@dataclass
class PollReport:
    feeds: int = 0
    not_modified: int = 0
    folders: int = 0
    files_read: int = 0
    fetched: int = 0
    already_seen: int = 0
    same_content: int = 0
    disallowed: int = 0
    refused: int = 0
    ingest: IngestReport = field(default_factory=IngestReport)

    def summary(self) -> str:
        report = self.ingest
        return (
            f"{self.feeds} feeds ({self.not_modified} not modified), {self.fetched} articles fetched, "
            f"{self.folders} folders ({self.files_read} files new or changed), "
            f"{self.already_seen} already seen, {self.same_content} same content, "
            f"{self.disallowed} disallowed by robots.txt, {self.refused} refused by the fetch policy; "
            f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.rejected)} rejected, {report.duplicates} duplicates, {report.events} events"
        )


@dataclass
class _Pending:
    """An article handed to ingest, to be marked seen once ingest reports its outcome."""

    url: str
    feed_url: str
    content_hash: str


class Poller:
    """Polls targets into one store; reuse it across polls so the extractor loads once."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        extractor: Extractor | None = None,
        policy: FetchPolicy | None = None,
        stop: threading.Event | None = None,
        on_item: Callable[[Document | Rejected, IngestOutcome], None] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.extractor = extractor or Extractor()
        self.policy = policy or FetchPolicy.from_settings(settings)
        self.stop = stop or threading.Event()
        self.state = WatchState(store)
        self.on_item = on_item

    def poll(self, targets: list[Target]) -> PollReport:
        report = PollReport()
        pending: dict[str, _Pending] = {}
        marks: list[Mark] = []

        def record(item: Document | Rejected, outcome: IngestOutcome) -> None:
            article = pending.pop(item.origin, None)
            if article is not None:
                doc_id = item.id if isinstance(item, Document) else None
                # The bare word: a database driver may write an Enum by its member name.
                self.state.mark_seen(
                    article.url, article.feed_url, outcome.value, content_hash=article.content_hash, doc_id=doc_id
                )
            if self.on_item:
                self.on_item(item, outcome)

        with PoliteClient(self.policy, stop=self.stop) as client:
            inputs = self._inputs(targets, client, report, pending, marks)
            report.ingest = ingest_inputs(inputs, self.store, self.settings, self.extractor, on_item=record)
        for mark in marks:
            mark()
        return report

    def _inputs(
        self,
        targets: list[Target],
        client: PoliteClient,
        report: PollReport,
        pending: dict[str, _Pending],
        marks: list[Mark],
    ) -> Iterator[RawInput | Rejected]:
        for target in targets:
            if self.stop.is_set():
                return
            if isinstance(target, FolderTarget):
                report.folders += 1
                already_marked = len(marks)
                yield from folder_inputs(target, self.state, self.settings.max_doc_bytes, self.stop, marks)
                report.files_read += len(marks) - already_marked
            else:
                yield from self._feed_inputs(target, client, report, pending, marks)

    def _feed_inputs(
        self,
        target: FeedTarget,
        client: PoliteClient,
        report: PollReport,
        pending: dict[str, _Pending],
        marks: list[Mark],
    ) -> Iterator[RawInput | Rejected]:
        report.feeds += 1
        state = self.state.feed(target.url) or FeedState(target.url)
        try:
            response = client.get(target.url, state.etag, state.last_modified)
        except Stopped:
            return
        except FetchError as problem:
            report.refused += isinstance(problem, Refused)
            yield Rejected(target.url, f"feed not fetched: {problem}")
            return
        if response.not_modified:
            report.not_modified += 1
            state.last_polled, state.last_status = now_iso(), "not modified"
            marks.append(lambda: self.state.save_feed(state))
            return
        try:
            feed = parse_feed(response.content, target.url)
        except NotAFeed as problem:
            yield Rejected(target.url, str(problem))
            return
        for entry in feed.entries:
            if self.stop.is_set():
                return
            if self.state.seen(entry.url) is not None:
                report.already_seen += 1
                continue
            try:
                item = self._article_input(entry, feed.title, target.url, client, report)
            except Stopped:
                return
            if isinstance(item, tuple):
                raw, page_hash = item
                _warm_language_model()
                pending[raw.origin] = _Pending(entry.url, target.url, page_hash)
                yield raw
            elif item is not None:
                yield item
        fresh = FeedState(target.url, feed.title, response.etag, response.last_modified, now_iso(), "ok")
        marks.append(lambda: self.state.save_feed(fresh))

    def _article_input(
        self, entry: FeedEntry, feed_title: str | None, feed_url: str, client: PoliteClient, report: PollReport
    ) -> tuple[RawInput, str] | Rejected | None:
        """The article as an input with the hash of its bytes; None when that content was already seen."""
        try:
            page = client.get(entry.url, origin=feed_url)
        except Stopped:
            raise  # not a failure of the entry: the poll ends here
        except Disallowed:
            report.disallowed += 1
            return None
        except Refused as problem:
            report.refused += 1
            return Rejected(entry.url, f"article not fetched: {problem}")
        except FetchError as problem:
            return Rejected(entry.url, f"article not fetched: {problem}")
        report.fetched += 1
        page_hash = hashlib.sha256(page.content).hexdigest()
        if self.state.key_with_content(page_hash) is not None:
            report.same_content += 1
            self.state.mark_seen(entry.url, feed_url, "same content", content_hash=page_hash)
            return None
        try:
            body = decode_document(page.content)
        except NotText as problem:
            self.state.mark_seen(entry.url, feed_url, "rejected", content_hash=page_hash)
            return Rejected(entry.url, str(problem))
        is_plain_text = (page.content_type or "").lower().startswith("text/plain")
        raw = RawInput(
            doc_id=url_doc_id(entry.url),
            origin=entry.url,
            text=body if is_plain_text else None,
            html=None if is_plain_text else body,
            url=entry.url,
            title=entry.title,
            published=entry.published,
            source=resolve_outlet(feed_title) or feed_title,
        )
        return raw, page_hash


def _warm_language_model() -> None:
    """Load the parser before the first article is handed on, not when its batch is extracted:
    the load (seconds) then happens while nothing waits on it, and a stop requested during a later
    fetch costs only the extraction of the articles already read."""
    from warlog.nlp import load_pipeline

    load_pipeline()
