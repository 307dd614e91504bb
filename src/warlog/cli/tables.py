"""``--format table``: a table fitted to the window on a terminal, tab-separated values elsewhere.

On a terminal the table is for reading. Rich fits it to the window by wrapping the text columns
(names, places, titles); the key columns (ids, dates, codes, counts) are never wrapped or cut, since
``inc-…`` identifies nothing. When even that does not fit, the columns of least value are left out,
in the order each table gives, and the caption says which.

Anywhere else (a pipe, a file) the output is for programs: a header line, then one line per row,
columns separated by tabs, every value whole; a tab or line break inside a value becomes a space so
each row stays one line. ``cut``, ``sort``, ``awk`` and spreadsheets read it as it is, and no value
is lost to the width of a terminal that is not there. FORCE_COLOR or TTY_COMPATIBLE=1 (rich's own
switches) ask for the terminal table even through a pipe, e.g. for ``less -R``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text

from warlog.cli.common import out

# Narrowest a wrapped text column gets before columns start being left out.
_MIN_TEXT_WIDTH = 8
# Each column's padding (one space each side) and its border; plus the table's closing border.
_PER_COLUMN, _TABLE_BORDER = 3, 1


@dataclass(frozen=True)
class Column:
    name: str
    key: bool = False  # only useful whole (an id, a date, a code, a count): never wrapped or cut
    drop: int = 0  # 0: always shown; otherwise left out on a narrow terminal, highest first


def print_table(columns: Sequence[Column], rows: Iterable[Sequence[object]]) -> None:
    """Print ``rows`` (one value per column; None is empty) as a terminal table or as TSV."""
    cells = [["" if value is None else str(value) for value in row] for row in rows]
    if out.is_terminal:
        out.print(_fitted(columns, cells, out.width))
    else:
        _write_tsv(columns, cells)


def _write_tsv(columns: Sequence[Column], cells: list[list[str]]) -> None:
    def line(values: Iterable[str]) -> str:
        return "\t".join(" ".join(value.split()) if _needs_flattening(value) else value for value in values) + "\n"

    sys.stdout.write(line(column.name for column in columns))
    for row in cells:
        sys.stdout.write(line(row))


def _needs_flattening(value: str) -> bool:
    return "\t" in value or "\n" in value or "\r" in value


def _fitted(columns: Sequence[Column], cells: list[list[str]], width: int) -> Table:
    """A rich table of the columns that fit ``width`` with key columns whole and text wrapped."""
    longest = [max([len(column.name), *(len(row[i]) for row in cells)]) for i, column in enumerate(columns)]
    narrowest = [n if column.key else min(n, _MIN_TEXT_WIDTH) for n, column in zip(longest, columns)]
    shown = list(range(len(columns)))
    for index in sorted((i for i, c in enumerate(columns) if c.drop), key=lambda i: -columns[i].drop):
        if sum(narrowest[i] + _PER_COLUMN for i in shown) + _TABLE_BORDER <= width:
            break
        shown.remove(index)
    hidden = [columns[i].name for i in range(len(columns)) if i not in shown]
    widths = _share(width - _PER_COLUMN * len(shown) - _TABLE_BORDER, shown, narrowest, longest, cells)
    table = Table(caption=f"not shown, the terminal is too narrow: {', '.join(hidden)}" if hidden else None)
    for i in shown:
        key = columns[i].key
        table.add_column(columns[i].name, no_wrap=key, min_width=longest[i] if key else None, overflow="fold",
                         width=widths.get(i))  # fmt: skip
    for row in cells:
        table.add_row(*(Text(row[i]) for i in shown))  # Text: a value is never read as rich markup
    return table


def _share(room: int, shown: list[int], narrowest: list[int], longest: list[int], cells) -> dict[int, int]:
    """Column widths that fill ``room``: key columns at their longest value, the room left shared
    among the text columns one character at a time, first until no word of theirs has to be broken
    ("Air/drone" whole), then until their longest value fits. Empty (rich decides) when even the
    narrowest widths do not fit."""
    widths = {i: narrowest[i] for i in shown}
    spare = room - sum(widths.values())
    if spare < 0:
        return {}
    words = {i: min(longest[i], max([narrowest[i], *(len(w) for row in cells for w in row[i].split())]))
             for i in shown}  # fmt: skip
    for goal in (words, dict(zip(shown, (longest[i] for i in shown)))):
        while spare > 0 and (growing := [i for i in shown if widths[i] < goal[i]]):
            for i in growing[:spare]:
                widths[i] += 1
            spare -= min(spare, len(growing))
    return widths
