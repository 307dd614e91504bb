"""Query parameters of the API: the command line's filters and paging, validated before any query.

The filter parameters are made from the filter table (``store/filters.py``), so their names match
the CLI options (``sub_type`` for ``--sub-type``). Vocabulary parameters (type,
sub_type, status) are enumerations built from the same data files the extractor codes with, so the
OpenAPI description lists the allowed values and a typo gets a 422 naming them. Values reach SQL
only as bound parameters, through ``EventFilter`` and the store.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

from fastapi import Query
from fastapi.exceptions import RequestValidationError

from warlog.store.filters import PUBLIC_FILTERS, EventFilter, Filter, FilterError, Vocabulary, parse_filters

MAX_PAGE = 1000
# Far beyond any store, well inside the 64-bit integers SQLite and PostgreSQL take for OFFSET.
MAX_OFFSET = 1_000_000_000
DEFAULT_PAGE = 100


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


def page(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page")] = DEFAULT_PAGE,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")] = 0,
) -> Page:
    return Page(limit, offset)


def _enum(vocabulary: Vocabulary) -> type[Enum]:
    """The vocabulary as an enumeration: /openapi.json lists its values, a typo gets a 422 naming them."""
    return Enum(vocabulary.name, {value: value for value in vocabulary.values()})


def _parameter(spec: Filter) -> inspect.Parameter:
    """The query parameter of one filter of the table (``store/filters.py``)."""
    kind = _enum(spec.vocabulary) if spec.vocabulary else spec.type
    kind = kind if spec.default is not None else kind | None
    query = Query(description=spec.help_for(lambda other: other.name), **spec.query)
    return inspect.Parameter(spec.name, inspect.Parameter.KEYWORD_ONLY, default=spec.default,
                             annotation=Annotated[kind, query])  # fmt: skip


def event_filter(**values: Any) -> EventFilter:
    """The filters of SPEC section 2 as an EventFilter; 422 with the reason when they make no sense.

    FastAPI reads the query parameters from the signature below, made from the filter table."""
    try:
        return parse_filters(values)
    except FilterError as error:
        raise invalid(error.name, values.get(error.name), str(error)) from None


event_filter.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [_parameter(spec) for spec in PUBLIC_FILTERS], return_annotation=EventFilter
)


def invalid(name: str | None, value: str | None, message: str) -> RequestValidationError:
    """A 422 shaped like FastAPI's own (``{"detail": [{"loc", "msg", "type", "input"}]}``), as
    /openapi.json documents it, so a client reads every 422 of the filters one way."""
    location = ("query", name) if name else ("query",)
    return RequestValidationError([{"type": "value_error", "loc": location, "msg": message, "input": value}])
