"""CSV writing safe to open in a spreadsheet: every writer in Signpost goes through here.

A cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return before one, or their
full-width forms, which some spreadsheets fold to the ASCII ones) runs as a formula in Excel or
LibreOffice. Text people typed (a service's name, a browser's user agent) is therefore written
with a leading apostrophe, which spreadsheets show as plain text. A plain number is left alone.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet will read it as text, never as a formula."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


class SafeWriter:
    """A csv.writer whose every cell goes through safe_cell."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
