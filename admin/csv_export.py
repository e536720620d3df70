"""Write a report table as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from admin.report_tables import Table, csv_value

# A cell starting with one of these would run as a formula in Excel or LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Defuse spreadsheet formulas in text a provider or co-ordinator typed (a service name)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def table_csv(table: Table) -> str:
    """The table with a header row (the file's name says which period it covers)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.header for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [
                csv_value(value, column.kind)
                if column.numeric
                else safe_text(csv_value(value, column.kind))
                for value, column in zip(row, table.columns, strict=True)
            ]
        )
    return out.getvalue()
