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

# libyaml's parser builds the same objects as the pure-Python one about ten times faster; the
# actor dictionary alone costs a third of a second to parse without it. Fall back where the wheel
# was built without libyaml.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """``yaml.safe_load`` semantics, through libyaml when available."""
    return yaml.load(text, Loader=_SAFE_LOADER)


@cache
def load_yaml(name: str) -> Any:
    """Parse ``warlog/data/<name>``; cached for the life of the process."""
    return parse_yaml(resources.files("warlog.data").joinpath(name).read_text(encoding="utf-8"))
