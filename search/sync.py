"""Keep the index in step with the database through SQLAlchemy session events.

Changed listings are noted on the session as they flush, written to the index after the commit
and forgotten on rollback, so a failed commit leaves the index untouched (microblog's
SearchableMixin pattern). directory never imports search: the events find the rows themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from core.extensions import db
from directory.models import (
    Location,
    Organisation,
    ScheduleSlot,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTheme,
)
from directory.services import listed_services_query
from search.index import record_from_service

log = logging.getLogger("signpost.search")

PENDING = "search_pending"
SERVICE_CHILDREN = (ServiceArea, ScheduleSlot, ServiceTheme, ServiceAtLocation)


def _key(obj: Any) -> tuple[str, int] | None:
    if isinstance(obj, Service):
        return ("service", obj.id)
    if isinstance(obj, SERVICE_CHILDREN):
        return ("service", obj.service_id)
    if isinstance(obj, Organisation):
        return ("organisation", obj.id)
    if isinstance(obj, Location):
        return ("location", obj.id)
    return None


def _after_flush(session: Session, _context: Any) -> None:
    pending: set[tuple[str, int]] = session.info.setdefault(PENDING, set())
    for obj in chain(session.new, session.dirty, session.deleted):
        key = _key(obj)
        if key is not None and key[1] is not None:
            pending.add(key)


def _after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending or not has_app_context():
        return
    engine = current_app.extensions.get("search")
    if engine is None:
        return
    try:
        update_index(engine.index, pending)
    except Exception:  # the commit stands; a reindex repairs the index
        log.exception("could not update the search index; run `signpost search reindex`")


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def register_session_events() -> None:
    """Listen on the app's scoped session (once per process, whatever the number of apps)."""
    for name, handler in (
        ("after_flush", _after_flush),
        ("after_commit", _after_commit),
        ("after_soft_rollback", _after_rollback_soft),
    ):
        if not event.contains(db.session, name, handler):
            event.listen(db.session, name, handler)


def _after_rollback_soft(session: Session, previous_transaction: Any) -> None:
    # Only the outermost rollback discards the notes; a savepoint's rollback keeps the rest.
    if previous_transaction.parent is None:
        _after_rollback(session)


def eager_service_options() -> list[Any]:
    return [
        selectinload(Service.organisation),
        selectinload(Service.theme_links),
        selectinload(Service.taxonomy_terms),
        selectinload(Service.schedules),
        selectinload(Service.areas).selectinload(ServiceArea.neighbourhood),
        selectinload(Service.areas)
        .selectinload(ServiceArea.location)
        .selectinload(Location.neighbourhood),
        selectinload(Service.service_at_locations)
        .selectinload(ServiceAtLocation.location)
        .selectinload(Location.neighbourhood),
    ]


def listed_records(session: Session, ids: Iterable[int] | None = None) -> Iterator[dict[str, Any]]:
    """Yield index records of listed services (all, or those among `ids`), in batches."""
    query = listed_services_query().options(*eager_service_options()).order_by(Service.id)
    if ids is not None:
        query = query.where(Service.id.in_(list(ids)))
    for service in session.scalars(query.execution_options(yield_per=500)):
        yield record_from_service(service)


def update_index(index: Any, pending: set[tuple[str, int]]) -> None:
    """Write the current state of every listing touched by `pending` to the index."""
    ids = {ident for kind, ident in pending if kind == "service"}
    organisations = [ident for kind, ident in pending if kind == "organisation"]
    locations = [ident for kind, ident in pending if kind == "location"]
    # A fresh session: the committing one may not emit SQL inside after_commit.
    with Session(db.engine) as session:
        if organisations:
            ids.update(
                session.scalars(
                    select(Service.id).where(Service.organisation_id.in_(organisations))
                )
            )
        if locations:
            ids.update(
                session.scalars(
                    select(ServiceAtLocation.service_id).where(
                        ServiceAtLocation.location_id.in_(locations)
                    )
                )
            )
            # An area measured from a place moves with where the public may think it is.
            ids.update(
                session.scalars(
                    select(ServiceArea.service_id).where(ServiceArea.location_id.in_(locations))
                )
            )
        records = list(listed_records(session, ids)) if ids else []
    listed = {record["id"] for record in records}
    index.apply(records, sorted(ids - listed))
