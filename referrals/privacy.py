"""Data protection for the caseload: subject access, erasure and the retention rule.

Everything held on one person is found from the tables themselves: every table with a foreign
key to `client`, and every table hanging off one of those (a wheel's scores, a referral's
timeline), so a feature that adds a personal table is covered without touching this module.
What anonymising blanks in each of those tables is stated once, in `PERSONAL_FIELDS`; a test
fails when a table linked to a client is missing from it, so a new table cannot hold personal
data that erasure and retention leave behind.

Anonymising keeps what reports count (dates, states, themes, scores, age band, outward code,
neighbourhood, practice, team) and removes what names or describes the person. Erasure is the
same removal done now, on request; retention does it to cases closed more than
`RETENTION_YEARS` ago. Both are audited; flushes only, the caller commits.
"""

from __future__ import annotations

import enum
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

from flask import current_app
from sqlalchemy import Table, func, inspect, select
from sqlalchemy.orm import Mapper

from accounts import audit
from accounts.models import AuditEvent, User
from core.errors import Conflict
from core.extensions import db
from core.models import utcnow
from referrals.intake_models import IntakeReferral
from referrals.models import AgeBand, Client, ClientStatus, Referral

ANONYMISED_NAME = "Anonymised"


class AnonymisedReason(enum.StrEnum):
    RETENTION = "retention"
    ERASURE = "erasure"


# Per table: the columns anonymising empties. Text columns become "", others NULL (JSON
# columns become empty). A table listed with no columns holds identifiers and codes only.
# The client row itself is handled by `_anonymise_client` (it keeps an age band and a name
# placeholder), and is listed for completeness.
PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "client": (
        "date_of_birth", "postcode", "address", "phone", "email", "gp_practice", "nhs_number",
        "what_matters", "closing_note",
    ),
    "assessment": (),
    "wheel_score": ("note",),
    "action": ("description", "outcome_note"),
    "shortlist": ("note",),
    "referral": ("referral_reason", "shared_details", "shared_fields"),
    "referral_event": ("note",),
    "client_contact": ("note",),
    "care_plan": (),
    "plan_goal": ("words", "progress_note"),
    "plan_review": ("note",),
    "safeguarding_concern": ("seen", "raised_with", "outcome"),
    "circle_person": ("name", "relationship_to_client", "phone", "email", "note"),
    "carer_status": ("cares_for",),
    "closure": ("note", "decision_note"),
    "exit_answer": (),  # a rating against the team's question, kept for the aggregate
    "coded_entry": (),  # a SNOMED CT code, a date and a practice: counted, names no one
    "measure_result": (),  # scores, kept for outcome reports
    "equality_monitoring": (),  # categories, kept for fairness reports once no one is named
    "intake_referral": (
        "first_name", "last_name", "date_of_birth", "phone", "email", "address",
        "what_matters", "reason", "outcome_note",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Link:
    """A table holding rows about the person, reached from `parent` through `column`."""

    mapper: Mapper[Any]
    column: str
    parent: str

    @property
    def table(self) -> str:
        return str(self.mapper.persist_selectable.name)


def _mappers() -> list[Mapper[Any]]:
    return sorted(db.Model.registry.mappers, key=lambda m: m.persist_selectable.name)


def personal_tables() -> list[Link]:
    """Every table with rows about one client, breadth first from `client`."""
    found: list[Link] = []
    reached = {"client"}
    frontier = ["client"]
    while frontier:
        parent = frontier.pop(0)
        for mapper in _mappers():
            table = mapper.persist_selectable
            if not isinstance(table, Table) or table.name == "client":
                continue
            for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name):
                if fk.column.table.name != parent:
                    continue
                found.append(Link(mapper, fk.parent.name, parent))
                if table.name not in reached:
                    reached.add(table.name)
                    frontier.append(table.name)
    return found


def _rows(client: Client) -> Iterator[tuple[Link, list[Any]]]:
    """Each linked table's rows about `client`, parents before children, each row once."""
    ids: dict[str, set[Any]] = {"client": {client.id}}
    seen: dict[str, dict[Any, Any]] = {}
    for link in personal_tables():
        parent_ids = ids.get(link.parent, set())
        if not parent_ids:
            continue
        column = link.mapper.columns[link.column]
        rows = db.session.scalars(
            select(link.mapper.class_).where(column.in_(sorted(parent_ids)))
        ).all()
        table_rows = seen.setdefault(link.table, {})
        fresh = [row for row in rows if _key(row) not in table_rows]
        for row in fresh:
            table_rows[_key(row)] = row
        ids.setdefault(link.table, set()).update(
            getattr(row, "id", None) for row in rows if getattr(row, "id", None) is not None
        )
        if fresh:
            yield link, fresh


def _key(row: Any) -> Any:
    return inspect(row).identity


# -- Subject access ----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _record(row: Any) -> dict[str, Any]:
    mapper = inspect(type(row))
    record = {}
    for column in mapper.columns:
        if column.key in {"version"}:
            continue
        record[column.key] = _plain(getattr(row, column.key))
    return record


def _user_names(records: Mapping[str, list[dict[str, Any]]]) -> dict[str, str]:
    """Staff named by id in the records (who recorded, sent, owns): their names, by id."""
    wanted: set[int] = set()
    for rows in records.values():
        for row in rows:
            for key, value in row.items():
                if key.endswith("_by_id") or key in {"owner_id", "allocated_to_id"}:
                    if isinstance(value, int):
                        wanted.add(value)
    if not wanted:
        return {}
    users = db.session.scalars(select(User).where(User.id.in_(sorted(wanted))))
    return {str(user.id): user.display_name for user in users}


def subject_access(user: User, client: Client) -> dict[str, Any]:
    """Everything held on `client`, as plain data (a subject-access request); audited."""
    records: dict[str, list[dict[str, Any]]] = {"client": [_record(client)]}
    for link, rows in _rows(client):
        records.setdefault(link.table, []).extend(_record(row) for row in rows)
    access = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.record_type == "client", AuditEvent.record_id == str(client.id))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    audit.record("subject_access", client, user=user)
    return {
        "produced_at": utcnow().isoformat(timespec="seconds"),
        "produced_by": user.display_name,
        "person": client.full_name,
        "records": records,
        "staff": _user_names(records),
        # Who looked at or changed the record, and when: the person has a right to know.
        "access_log": [
            {"at": _plain(e.at), "action": e.action, "by_user_id": e.user_id} for e in access
        ],
    }


def subject_access_json(report: Mapping[str, Any]) -> bytes:
    return json.dumps(report, indent=2, ensure_ascii=False, default=str).encode()


def _heading(table: str) -> str:
    return table.replace("_", " ").capitalize()


def subject_access_pdf(report: Mapping[str, Any]) -> bytes:
    """The same report as a PDF: a section per table, a field per line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
        title=f"Personal data held on {report['person']}", author="Signpost",
    )  # fmt: skip
    body = styles["BodyText"]
    story: list[Any] = [
        Paragraph(escape(f"Personal data held on {report['person']}"), styles["Title"]),
        Paragraph(escape(f"Produced {report['produced_at']} by {report['produced_by']}."), body),
        Spacer(1, 4 * mm),
    ]
    staff = report.get("staff", {})
    for table, rows in report["records"].items():
        story.append(Paragraph(escape(_heading(table)), styles["Heading2"]))
        for row in rows:
            cells = []
            for key, value in row.items():
                shown = value
                if isinstance(value, int) and (key.endswith("_by_id") or key == "owner_id"):
                    shown = staff.get(str(value), value)
                if isinstance(value, dict | list):
                    shown = json.dumps(value, ensure_ascii=False)
                text = "" if shown is None else str(shown)
                cells.append([Paragraph(escape(key), body), Paragraph(escape(text), body)])
            grid = Table(cells, colWidths=[50 * mm, 120 * mm])
            rule = ("LINEBELOW", (0, -1), (-1, -1), 0.5, "#b1b4b6")
            grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), rule]))
            story.extend([grid, Spacer(1, 3 * mm)])
    story.append(Paragraph("Access log", styles["Heading2"]))
    for entry in report["access_log"]:
        who = staff.get(str(entry["by_user_id"]), entry["by_user_id"] or "system")
        story.append(Paragraph(escape(f"{entry['at']}  {entry['action']}  {who}"), body))
    document.build(story)
    return buffer.getvalue()


# -- Anonymising -------------------------------------------------------------------------------


def _blank(row: Any, columns: tuple[str, ...]) -> None:
    mapper = inspect(type(row))
    for name in columns:
        column = mapper.columns[name]
        current = getattr(row, name)
        if isinstance(current, dict | list):
            setattr(row, name, type(current)())
        elif isinstance(current, str) and not column.nullable:
            setattr(row, name, "")
        else:
            setattr(row, name, None)


def _anonymise_client(client: Client, reason: AnonymisedReason) -> None:
    now = utcnow()
    if client.date_of_birth is not None and client.age_band is None:
        on = (client.signed_off_at or now).date()
        client.age_band = AgeBand.on(client.date_of_birth, on)
    client.first_name = ANONYMISED_NAME
    client.last_name = ""
    _blank(client, PERSONAL_FIELDS["client"])
    client.anonymised_at = now
    client.anonymised_reason = reason.value


def anonymise(client: Client, reason: AnonymisedReason, user: User | None = None) -> None:
    """Remove everything that names or describes the person; keep what reports count."""
    for link, rows in list(_rows(client)):
        columns = PERSONAL_FIELDS[link.table]
        for row in rows:
            _blank(row, columns)
            if isinstance(row, IntakeReferral):
                row.anonymised_at = utcnow()
    _anonymise_client(client, reason)
    db.session.flush()
    audit.record("anonymise" if reason is AnonymisedReason.RETENTION else "erase", client, user)


def _plain_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def confirms_erasure(client: Client, typed: str) -> bool:
    """Whether `typed` is the person's full name (case and spacing aside): the erasure's check."""
    return _plain_name(typed) == _plain_name(client.full_name)


def erase(user: User, client: Client) -> None:
    """Erase the person's details now, on their request: the case closes, figures stay."""
    if client.anonymised_at is not None:
        raise Conflict("This person's details have already been removed.")
    open_referrals = db.session.scalar(
        select(func.count())
        .select_from(Referral)
        .where(Referral.client_id == client.id, Referral.closed_at.is_(None))
    )
    if open_referrals:
        raise Conflict(
            f"{client.full_name} has {open_referrals} open referral"
            f"{'s' if open_referrals != 1 else ''}: withdraw or close "
            f"{'them' if open_referrals != 1 else 'it'} before erasing."
        )
    if client.status is ClientStatus.OPEN:
        client.status = ClientStatus.SIGNED_OFF
        client.signed_off_at = utcnow()
    anonymise(client, AnonymisedReason.ERASURE, user)


# -- Retention ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionRun:
    cutoff: datetime
    clients: int
    intake_referrals: int


def retention_cutoff(now: datetime | None = None) -> datetime:
    years = int(current_app.config["RETENTION_YEARS"])
    now = now or utcnow()
    return now - timedelta(days=round(365.25 * years))


def due_for_anonymising(now: datetime | None = None) -> tuple[list[int], list[int]]:
    """Ids of closed cases, and of closed referrals in that never became cases, past retention."""
    cutoff = retention_cutoff(now)
    clients = db.session.scalars(
        select(Client.id)
        .where(
            Client.status == ClientStatus.SIGNED_OFF,
            Client.signed_off_at < cutoff,
            Client.anonymised_at.is_(None),
        )
        .order_by(Client.id)
    ).all()
    referrals_in = db.session.scalars(
        select(IntakeReferral.id)
        .where(
            IntakeReferral.client_id.is_(None),
            IntakeReferral.closed_at < cutoff,
            IntakeReferral.anonymised_at.is_(None),
        )
        .order_by(IntakeReferral.id)
    ).all()
    return list(clients), list(referrals_in)


def apply_retention(now: datetime | None = None, *, dry_run: bool = False) -> RetentionRun:
    """Anonymise every case closed more than RETENTION_YEARS ago; flushes only."""
    cutoff = retention_cutoff(now)
    client_ids, intake_ids = due_for_anonymising(now)
    if not dry_run:
        for client_id in client_ids:
            anonymise(db.session.get_one(Client, client_id), AnonymisedReason.RETENTION)
        for intake_id in intake_ids:
            found = db.session.get_one(IntakeReferral, intake_id)
            _blank(found, PERSONAL_FIELDS["intake_referral"])
            found.anonymised_at = utcnow()
            audit.record("anonymise", found)
        db.session.flush()
    return RetentionRun(cutoff, len(client_ids), len(intake_ids))


def unregistered_tables() -> list[str]:
    """Tables linked to a client that PERSONAL_FIELDS does not mention (should be none)."""
    return sorted({link.table for link in personal_tables()} - set(PERSONAL_FIELDS))
