"""The one way code reads the knowledge files under ``warlog/data``: parsed once, shared frozen.

Knowledge (trigger words, cue phrases, weapon names, outlets, actors, places) lives in YAML and
TSV files a domain expert can review. Each file opens with a comment header naming its source and
its licence; the data conventions are in ``warlog/data`` itself. Every layer reads them through this
module (it imports nothing else of warlog), so a file is read the same way everywhere and parsed
once per process.

``load_yaml`` returns one shared object per file, so it is frozen: its mappings and lists are
read-only subclasses of ``dict`` and ``list`` (``isinstance``, equality, JSON and pickling behave
as for the plain types; any attempt to change them raises ``TypeError``). A caller that wants to
change what it read copies it (``dict(x)``, ``list(x)``, ``{**x}``).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, NoReturn

import yaml

# libyaml's parser builds the same objects as the pure-Python one about ten times faster; the
# actor dictionary alone costs a third of a second to parse without it. Fall back where the wheel
# was built without libyaml.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_only(self, *args, **kwargs) -> NoReturn:
    raise TypeError(f"{type(self).__name__} from warlog.knowledge is shared and read-only; copy it first")


class FrozenDict(dict):
    """A ``dict`` that refuses changes: a mapping of a shared knowledge file."""

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only

    def __reduce__(self):
        return (FrozenDict, (dict(self),))


class FrozenList(list):
    """A ``list`` that refuses changes: a sequence of a shared knowledge file."""

    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _read_only
    append = clear = extend = insert = pop = remove = reverse = sort = _read_only

    def __reduce__(self):
        return (FrozenList, (list(self),))


def freeze(value: Any, _seen: dict[int, Any] | None = None) -> Any:
    """``value`` with every dict and list replaced by its read-only kind (shared parts stay shared)."""
    seen = {} if _seen is None else _seen
    if isinstance(value, (dict, list)) and id(value) in seen:
        return seen[id(value)]
    if isinstance(value, dict):
        frozen: Any = FrozenDict((k, freeze(v, seen)) for k, v in value.items())
    elif isinstance(value, list):
        frozen = FrozenList(freeze(v, seen) for v in value)
    else:
        return value
    seen[id(value)] = frozen
    return frozen


def parse_yaml(text: str) -> Any:
    """``yaml.safe_load`` semantics, through libyaml when available (a fresh, mutable result)."""
    return yaml.load(text, Loader=_SAFE_LOADER)


def _data_file(name: str):
    return resources.files("warlog.data").joinpath(name)


def data_text(name: str) -> str:
    """The text of ``warlog/data/<name>``."""
    return _data_file(name).read_text(encoding="utf-8")


def data_bytes(name: str) -> bytes:
    """A binary file under ``warlog/data`` (a learned model's weights: ``models/detector.npz``), whole."""
    return _data_file(name).read_bytes()


@cache
def load_yaml(name: str) -> Any:
    """Parse ``warlog/data/<name>`` once per process; the result is frozen (see the module doc)."""
    return freeze(parse_yaml(data_text(name)))


def event_type_of(sub_event_type: str) -> str:
    """The ACLED event type a sub-event type belongs to ("Air/drone strike" -> "Explosions/Remote violence")."""
    return load_yaml("acled_types.yaml")["sub_event_types"][sub_event_type]["event_type"]


def phrase_alternatives(phrases) -> str:
    """A regex alternation of a knowledge file's phrase list: each escaped, longest first (so "air base"
    wins over "air"), a space matching any run of whitespace."""
    return "|".join(re.escape(str(p)).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
