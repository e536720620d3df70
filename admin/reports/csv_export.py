"""Write a report table as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import io

from admin.reports.tables import Table, csv_value
from core.spreadsheets import SafeWriter


def table_csv(table: Table) -> str:
    """The table with a header row (the file's name says which period it covers)."""
    out = io.StringIO()
    writer = SafeWriter(out, lineterminator="\r\n")
    writer.writerow([column.header for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [
                csv_value(value, column.kind)
                for value, column in zip(row, table.columns, strict=True)
            ]
        )
    return out.getvalue()
