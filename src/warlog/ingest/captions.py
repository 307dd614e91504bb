"""Picture captions kept in a copied page's text ("... in Khartoum North, Sudan, May 1, 2023. (AFP)").

A caption dates the picture, not the report or its events (issue 19: a photo caption's date became
an event's date), so publication-date inference and event dating skip caption lines. The shapes are
in ``data/metadata_cues.yaml`` (``caption_lines``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from warlog.knowledge import load_yaml


@lru_cache(maxsize=1)
def _caption() -> re.Pattern[str]:
    shapes = load_yaml("metadata_cues.yaml")["caption_lines"]
    return re.compile("|".join(f"(?:{shape})" for shape in shapes), re.IGNORECASE)


def is_caption(line: str) -> bool:
    return bool(_caption().search(line.strip()))


def caption_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the caption lines of ``text``."""
    spans, offset = [], 0
    for line in text.split("\n"):
        if line.strip() and is_caption(line):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans
