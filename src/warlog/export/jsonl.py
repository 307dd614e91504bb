"""JSON Lines: one SPEC section 4 event record per line, exactly as ``warlog events --format jsonl``.

The loss-free export, for pipes (jq, DuckDB's read_json) and for re-importing elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import BinaryIO

from warlog.export import Sources
from warlog.models import Event


class JsonLinesExporter:
    def write(self, events: Iterable[Event], sink: BinaryIO, sources: Sources) -> int:
        n = 0
        for event in events:
            sink.write(json.dumps(event.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n")
            n += 1
        return n
