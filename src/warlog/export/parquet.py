"""Parquet: the ACLED CSV's rows and columns with real types, for pandas, polars, DuckDB and R arrow.

Same rows and column names as the ACLED CSV (so one analysis script reads either), but typed:
integers stay integers, missing values are nulls rather than empty strings, and dates are dates.
Written in row groups so an export of any size needs memory for one group only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import islice
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from warlog.export import Sources
from warlog.export.acled_csv import ACLED_COLUMNS, acled_rows
from warlog.models import Event

ROW_GROUP = 10_000

_INTEGER_COLUMNS = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
                    "fatalities", "timestamp"}  # fmt: skip
_FLOAT_COLUMNS = {"latitude", "longitude"}

def _arrow_type(column: str) -> pa.DataType:
    if column in _INTEGER_COLUMNS:
        return pa.int64()
    if column in _FLOAT_COLUMNS:
        return pa.float64()
    return pa.date32() if column == "event_date" else pa.string()


SCHEMA = pa.schema([pa.field(name, _arrow_type(name)) for name in ACLED_COLUMNS])


def _typed(row: dict[str, Any]) -> dict[str, Any]:
    typed = dict(row)
    typed["event_date"] = dt.date.fromisoformat(row["event_date"]) if row["event_date"] else None
    return typed


class ParquetExporter:
    def write(self, events: Iterable[Event], sink: BinaryIO, sources: Sources) -> int:
        rows = acled_rows(events, sources)
        n = 0
        with pq.ParquetWriter(pa.PythonFile(sink, mode="w"), SCHEMA) as writer:
            while group := [_typed(row) for row in islice(rows, ROW_GROUP)]:
                writer.write_table(pa.Table.from_pylist(group, schema=SCHEMA))
                n += len(group)
            if n == 0:
                writer.write_table(SCHEMA.empty_table())
        return n
