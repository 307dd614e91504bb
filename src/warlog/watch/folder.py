"""Watching a local folder: on each poll, the files that are new or changed since they were last read.

Polling rather than inotify: it needs no platform-specific dependency, works on network mounts and
in containers, and a poll every few minutes is plenty for reports that arrive by the dozen. A file
is identified by its resolved path and recognised as unchanged by its (modification time, size)
signature, so an untouched folder costs one ``stat`` per file. A changed file is read again and the
ingest stage decides, by content hash, whether anything really changed.

A file is marked seen only after all of its documents are stored (the caller runs the returned
marks after the ingest batch), so a watcher killed mid-batch reads that file again on restart.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from warlog.ingest.readers import iter_inputs
from warlog.models import RawInput, Rejected
from warlog.store.watch_state import WatchState
from warlog.watch.feeds import FolderTarget

Mark = Callable[[], None]


def file_key(path: Path) -> str:
    return path.resolve().as_uri()


def _signature(info: os.stat_result) -> str:
    return f"{info.st_mtime_ns}:{info.st_size}"


def _files(directory: Path) -> Iterator[Path]:
    """Regular files under ``directory``, sorted, hidden entries and symlinked folders skipped (as ingest does)."""
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        return  # the folder vanished or became unreadable: nothing to read this poll
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _files(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def folder_inputs(
    target: FolderTarget,
    state: WatchState,
    max_doc_bytes: int,
    stop: threading.Event,
    marks: list[Mark],
) -> Iterator[RawInput | Rejected]:
    """Inputs of the new and changed files; appends to ``marks`` what to record once they are stored."""
    watch = target.path.as_uri()
    for path in _files(target.path):
        if stop.is_set():
            return
        try:
            signature = _signature(path.stat())
        except OSError:
            continue  # deleted between listing and stat
        key = file_key(path)
        seen = state.seen(key)
        if seen is not None and seen.signature == signature:
            continue
        yield from iter_inputs([str(path)], max_doc_bytes)
        marks.append(lambda key=key, signature=signature: state.mark_seen(key, watch, "read", signature=signature))
