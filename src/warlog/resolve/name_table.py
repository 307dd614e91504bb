"""A frozen name -> rows table held in a few flat arrays, so that it unpickles in milliseconds.

The gazetteer's folded-name index has about half a million keys. As a ``dict`` of strings it
took 0.2 s to unpickle, in every process (every ``warlog`` command, every worker): most of a
cold 200-article run's gazetteer cost, although a run looks up only a few thousand names.
Here the keys are sorted by a stable 64-bit hash and kept as one ``array`` of hashes, one
UTF-8 blob of the keys (to confirm a hit, so a hash collision can never return another
name's rows) and one ``array`` of row numbers, each with an offsets array. Unpickling copies
a handful of buffers; a lookup is a binary search in C (``bisect`` on the hash array).
Rows come back in the order they were added, as the ``dict`` gave them.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from hashlib import blake2b


def _stable_hash(key: bytes) -> int:
    """64-bit hash that is the same in every process (``hash()`` of a str is salted per process)."""
    return int.from_bytes(blake2b(key, digest_size=8).digest(), "little", signed=True)


class NameTable:
    """Rows per name; built once from a ``dict``, read with ``get``."""

    def __init__(self, rows_by_name: dict[str, list[int]]) -> None:
        entries = sorted((_stable_hash(name.encode("utf-8")), name.encode("utf-8"), rows)
                         for name, rows in rows_by_name.items())
        self._hashes = array("q", (h for h, _, _ in entries))
        self._names = b"".join(name for _, name, _ in entries)
        self._name_ends = array("i")  # 32-bit offsets and row numbers: a third less to read
        self._rows = array("i")
        self._row_ends = array("i")
        end = 0
        for _, name, rows in entries:
            end += len(name)
            self._name_ends.append(end)
            self._rows.extend(rows)
            self._row_ends.append(len(self._rows))

    def __len__(self) -> int:
        return len(self._hashes)

    def get(self, name: str) -> tuple[int, ...]:
        """The rows added under ``name``, in the order added; ``()`` for an unknown name."""
        encoded = name.encode("utf-8")
        wanted = _stable_hash(encoded)
        i = bisect_left(self._hashes, wanted)
        while i < len(self._hashes) and self._hashes[i] == wanted:
            name_start = self._name_ends[i - 1] if i else 0
            if self._names[name_start : self._name_ends[i]] == encoded:
                row_start = self._row_ends[i - 1] if i else 0
                return tuple(self._rows[row_start : self._row_ends[i]])
            i += 1
        return ()
