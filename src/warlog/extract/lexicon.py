"""Loading the knowledge files under ``warlog/data`` once per process.

Knowledge (trigger words, cue phrases, weapon names) lives in YAML files a domain expert can
review; this module is the single way code reads them, cached so a worker process pays the
parse cost once.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_yaml(name: str) -> Any:
    """Parse ``warlog/data/<name>``; cached for the life of the process."""
    with resources.files("warlog.data").joinpath(name).open("r", encoding="utf-8") as handle:
        return yaml.safe_load(handle)
