"""Neutralising CSV cells that a spreadsheet would evaluate as a formula ("CSV injection").

Text in warlog's CSV outputs comes from the reports: a publisher name, an actor or place as
written, an evidence sentence. A hostile feed can make that text ``=cmd|' /C calc'!A0``, which
Excel or LibreOffice run as a formula when the analyst opens the file. OWASP's advice: a cell that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading single quote, so
the program shows it as text. Numbers are left alone (latitude -34.6 must stay a number for R and
pandas), and so is text that is a plain number ("-34.6"): a spreadsheet reads it as that number,
never as a formula.
"""

from __future__ import annotations

import re
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` as it may go into a CSV cell: a formula-like string gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: list[Any]) -> list[Any]:
    """Every cell of a row through ``safe_cell``."""
    return [safe_cell(value) for value in values]
