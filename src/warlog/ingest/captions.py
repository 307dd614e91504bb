"""Picture captions kept in a copied page's text ("... in Khartoum North, Sudan, May 1, 2023. (AFP)").

A caption dates the picture, not the report or its events (issue 19: a photo caption's date became
an event's date), so publication-date inference and event dating skip caption lines. The shapes are
in ``data/metadata_cues.yaml`` (``caption_lines``) and, for a line opening with a credit, the "image
caption" rules of ``data/boilerplate.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from warlog.ingest.boilerplate import load_patterns
from warlog.knowledge import load_yaml

_CAPTION_RULE = "image caption"  # boilerplate.yaml's label for a line that opens with a picture credit


@lru_cache(maxsize=1)
def _caption() -> re.Pattern[str]:
    shapes = load_yaml("metadata_cues.yaml")["caption_lines"]
    return re.compile("|".join(f"(?:{shape})" for shape in shapes), re.IGNORECASE)


def is_caption(line: str) -> bool:
    """A line ending in a picture credit (``caption_lines``), or opening with one (boilerplate.yaml)."""
    stripped = line.strip()
    return bool(_caption().search(stripped)) or any(
        rule.pattern.search(stripped) for rule in load_patterns().boilerplate if rule.label == _CAPTION_RULE)


def caption_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the caption lines of ``text``."""
    spans, offset = [], 0
    for line in text.split("\n"):
        if line.strip() and is_caption(line):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans
