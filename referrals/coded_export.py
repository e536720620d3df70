"""Coded activity per practice and period, to load into or reconcile with GP systems.

The capacity lead exports every practice; a co-ordinator only their own caseload's clients
(the client's team). Every export is audited with its practice and period, never a person.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select

from accounts import audit
from accounts.models import User
from core.extensions import db
from core.permissions import require
from core.spreadsheets import SafeWriter
from referrals.caseload import visible_clients
from referrals.coding_models import CodedEntry
from referrals.models import Client

CSV_COLUMNS = ("nhs_number", "date", "snomed_code", "term", "practice_ods")


@dataclass(frozen=True)
class ExportRow:
    nhs_number: str
    recorded_on: date
    concept_id: str
    term: str
    practice_ods: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "nhs_number": self.nhs_number,
            "date": self.recorded_on.isoformat(),
            "snomed_code": self.concept_id,
            "term": self.term,
            "practice_ods": self.practice_ods,
        }


def export_rows(
    user: User, start: date, end: date, practice_ods: str | None = None
) -> list[ExportRow]:
    """Coded entries from `start` to `end` inclusive, for one practice or all; audited.

    The capacity lead gets every client's entries; a co-ordinator only their caseload's.
    """
    require(user, "export", CodedEntry)
    only = None if user.is_capacity_lead else visible_clients(user).with_only_columns(Client.id)
    return _rows(start, end, practice_ods, only, user)


def export_rows_for_operator(
    start: date, end: date, practice_ods: str | None = None
) -> list[ExportRow]:
    """Every client's entries, for the command line (run by whoever runs the server)."""
    return _rows(start, end, practice_ods, None, None)


def _rows(
    start: date,
    end: date,
    practice_ods: str | None,
    only_clients: Select[Any] | None,
    user: User | None,
) -> list[ExportRow]:
    statement = (
        select(CodedEntry, Client.nhs_number)
        .join(Client, CodedEntry.client_id == Client.id)
        .where(CodedEntry.recorded_on >= start, CodedEntry.recorded_on <= end)
        .order_by(CodedEntry.practice_ods, CodedEntry.recorded_on, CodedEntry.id)
    )
    if practice_ods:
        statement = statement.where(CodedEntry.practice_ods == practice_ods)
    if only_clients is not None:
        statement = statement.where(CodedEntry.client_id.in_(only_clients))
    rows = [
        ExportRow(number or "", entry.recorded_on, entry.concept_id, entry.term,
                  entry.practice_ods or "")
        for entry, number in db.session.execute(statement)
    ]  # fmt: skip
    # Identifiers only: which practice (or all) and the period, never a person.
    audit.record_event("export", "coded_entry", f"{practice_ods or 'all'}:{start}:{end}", user=user)
    return rows


def export_csv(rows: Sequence[ExportRow]) -> str:
    """The rows as CSV, one coded entry a line, safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(row.as_dict()[name] for name in CSV_COLUMNS)
    return out.getvalue()
