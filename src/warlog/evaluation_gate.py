"""The quality gate: headline figures of a ``warlog eval`` report against a checked-in file of floors.

``eval/real/floors.yaml`` holds, for the real-report benchmark's test split, the lowest value each
headline figure may take; CI runs ``warlog eval ... --floors eval/real/floors.yaml`` and fails when a
figure falls below its floor, so accuracy on real reports cannot slide back unnoticed. Each change that
moves a figure up raises its floor in the same commit (measured value less a small margin for the
noise of a few documents).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def load_floors(path: str | Path, section: str = "floors") -> dict[str, float]:
    """``metric: floor`` pairs of one section (``floors`` for ``warlog eval``, ``grouping`` for the
    incident benchmark); a floor must be a number in [0, 1]."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    floors = data.get(section)
    if not isinstance(floors, dict) or not floors:
        raise ValueError(f"{path}: expected a mapping '{section}: {{metric: value}}'")
    for name, value in floors.items():
        if not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ValueError(f"{path}: floor of {name!r} must be a number from 0 to 1, not {value!r}")
    return {str(name): float(value) for name, value in floors.items()}


def below_floors(metrics: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """One line per figure under its floor (a figure the report lacks counts as under it)."""
    failures = []
    for name, floor in floors.items():
        value = metrics.get(name)
        if value is None or value < floor:
            shown = "missing" if value is None else f"{value:.3f}"
            failures.append(f"{name} {shown} is below its floor {floor:.3f}")
    return failures
