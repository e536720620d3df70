"""Keep each service's `last_modified` true: it moves when anything published about it changes.

Open Referral readers sync incrementally with `modified_after`, so a service's timestamp must
move when its organisation, a location it runs at, its opening times, areas, cost options,
themes or terms change, not only its own row. One `before_flush` listener finds the services
each flushed change touches and stamps them, whichever code made the change.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from core.extensions import db
from core.models import utcnow
from directory.models import (
    CostOption,
    Location,
    OpeningSchedule,
    Organisation,
    ScheduleSlot,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTheme,
)

# Bookkeeping columns: changing only these publishes nothing new.
IGNORED = frozenset({"last_modified", "updated_at", "created_at"})
# All the public may know of a confidential location (directory.public_place): whether it is
# confidential and its neighbourhood. Its own address and point are never published, so moving
# it within its neighbourhood must not move a timestamp either (that would time the move).
CONFIDENTIAL_PUBLISHED = frozenset({"confidential", "neighbourhood_id"})
SERVICE_PARTS = (ServiceAtLocation, ScheduleSlot, OpeningSchedule, ServiceArea, CostOption)


def _changed(obj: Any) -> bool:
    """Whether a dirty object has a real change outside the bookkeeping columns.

    A service's own collections (themes, terms, places, opening times...) are part of what is
    published about it; an organisation's or location's collections are not (a new location
    of an organisation changes none of its services until one of them runs there).
    """
    state = inspect(obj)
    keys = set(state.mapper.column_attrs.keys())
    if isinstance(obj, Service):
        keys |= set(state.mapper.relationships.keys())
    if (
        isinstance(obj, Location)
        and obj.confidential
        and not state.attrs.confidential.history.has_changes()
    ):
        keys &= CONFIDENTIAL_PUBLISHED
    return any(state.attrs[key].history.has_changes() for key in keys - IGNORED)


def _services_of(session: Session, obj: Any) -> list[Service]:
    if isinstance(obj, Service):
        return [obj]
    if isinstance(obj, SERVICE_PARTS):
        if obj.service is not None:
            return [obj.service]
        found = session.get(Service, obj.service_id) if obj.service_id else None
        return [found] if found is not None else []
    if isinstance(obj, ServiceTheme):
        found = session.get(Service, obj.service_id) if obj.service_id else None
        return [found] if found is not None else []
    if isinstance(obj, Organisation):
        return list(obj.services)
    if isinstance(obj, Location):
        return [sal.service for sal in obj.service_at_locations if sal.service is not None]
    return []


def touch_changed_services(session: Session, _context: Any, _instances: Any) -> None:
    """Stamp `last_modified` on every service a pending change is published with."""
    touched: dict[int, Service] = {}
    # Each of these properties builds a new collection on every use: take them once.
    new, dirty, deleted = set(session.new), set(session.dirty), set(session.deleted)
    for obj in chain(new, dirty, deleted):
        if obj in dirty and obj not in deleted and not _changed(obj):
            continue
        if isinstance(obj, Service) and obj in new:
            continue  # its default stamps it
        for service in _services_of(session, obj):
            if service not in deleted and service not in new:
                touched[id(service)] = service
    if touched:
        now = utcnow()
        for service in touched.values():
            service.last_modified = now


def register_session_events() -> None:
    if not event.contains(db.session, "before_flush", touch_changed_services):
        event.listen(db.session, "before_flush", touch_changed_services)
