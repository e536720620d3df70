"""The audit log: who viewed or changed which record, when and from where.

Entries hold identifiers only (record type and id, the acting user's id, the request's IP
and user agent), never the personal data itself.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import Select, inspect, select

from accounts.models import AuditEvent
from core.extensions import db
from core.spreadsheets import SafeWriter

USER_AGENT_LENGTH = 200


RecordPage = Callable[[Any, str], "str | None"]  # (viewer, record id) -> a page they may open
_RECORD_PAGES: dict[str, RecordPage] = {}


def register_record_page(record_type: str, page: RecordPage) -> None:
    """Say how an entry about a record of this type links to the record's page.

    The package that owns the record registers it from its init_app (accounts cannot import
    the packages above it); `page` answers None when the viewer may not open that page.
    """
    _RECORD_PAGES[record_type] = page


def record_link(viewer: Any, record_type: str, record_id: str | None) -> str | None:
    """A link to the record an entry names, only for a viewer allowed to open it."""
    page = _RECORD_PAGES.get(record_type)
    if page is None or not record_id or not str(record_id).isdigit():
        return None
    return page(viewer, str(record_id))


def record_type_of(record: Any) -> str:
    """Return the name audit entries use for a record's type: its table name."""
    return str(inspect(type(record)).persist_selectable.name)


def record(action: str, record: Any, user: Any = None) -> AuditEvent:
    """Log that the current (or given) user did `action` to `record`; flushes only."""
    return record_event(action, record_type_of(record), record.id, user=user)


def record_event(
    action: str, record_type: str, record_id: Any = None, user: Any = None
) -> AuditEvent:
    """Log an event about a record known by type name and id; flushes only."""
    actor = user
    ip = agent = None
    if has_request_context():
        if actor is None and current_user.is_authenticated:
            actor = current_user
        ip = request.remote_addr
        agent = (request.user_agent.string or "")[:USER_AGENT_LENGTH] or None
    event = AuditEvent(
        user_id=actor.id if actor is not None else None,
        action=action,
        record_type=record_type,
        record_id=None if record_id is None else str(record_id),
        ip=ip,
        user_agent=agent,
    )
    db.session.add(event)
    db.session.flush()
    return event


@dataclass(frozen=True)
class AuditFilter:
    user_id: int | None = None
    action: str | None = None
    record_type: str | None = None
    record_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def query(filters: AuditFilter) -> Select[AuditEvent]:
    """Build the newest-first query for audit events matching `filters`."""
    statement = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if filters.user_id is not None:
        statement = statement.where(AuditEvent.user_id == filters.user_id)
    if filters.action:
        statement = statement.where(AuditEvent.action == filters.action)
    if filters.record_type:
        statement = statement.where(AuditEvent.record_type == filters.record_type)
    if filters.record_id:
        statement = statement.where(AuditEvent.record_id == filters.record_id)
    if filters.since:
        statement = statement.where(AuditEvent.at >= filters.since)
    if filters.until:
        statement = statement.where(AuditEvent.at < filters.until)
    return statement


CSV_COLUMNS = ("id", "at", "user_id", "action", "record_type", "record_id", "ip", "user_agent")


def to_csv(events: Iterable[AuditEvent]) -> str:
    """Render events as CSV, one row each, in the columns of CSV_COLUMNS."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(CSV_COLUMNS)
    for event in events:
        writer.writerow(
            [
                event.id,
                event.at.isoformat(),
                event.user_id if event.user_id is not None else "",
                event.action,
                event.record_type,
                event.record_id or "",
                event.ip or "",
                event.user_agent or "",
            ]
        )
    return out.getvalue()


def distinct_values(column: Any) -> list[str]:
    return list(db.session.scalars(select(column).distinct().order_by(column)))
