"""Built-once objects kept as pickles in the user cache dir, so every process starts fast.

The gazetteer index (about 11 s to build) and the restricted language model (0.4 s to
decompress) are derived from packaged data; each process (every ``warlog`` command, every
worker) would pay that again. The caller names the file with a key that changes whenever the
inputs change; a missing, unreadable or stale file is simply rebuilt, and a read-only cache
dir only costs the rebuild. Writes go through a temporary file and an atomic rename, so
concurrent workers never read a half-written cache.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from platformdirs import user_cache_dir

T = TypeVar("T")


def cache_path(name: str) -> Path:
    """``name`` inside warlog's user cache directory."""
    return Path(user_cache_dir("warlog", appauthor=False)) / name


def load_or_build(path: Path, build: Callable[[], T]) -> T:
    """The object pickled at ``path``, or ``build()`` saved there for the next process."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass  # read-only cache dir: build again next time
    return built
