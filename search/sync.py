"""Record every change a search index must follow, in the same transaction as the change.

Listings touched by a flush are noted on the session; just before the commit they become rows
of the change record (search.models.SearchChange), numbered in commit order, in the same
transaction, so a rolled-back change leaves no row and a committed one always has its row.
After the commit, search.replica brings this process's index up to date from the record; other
processes and hosts do so before their next search. directory never imports search: the
events find the rows themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from sqlalchemy import event, insert, select, text
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
from search.models import SearchChange

log = logging.getLogger("signpost.search")

PENDING = "search_pending"
RECORDED = "search_recorded"
SERVICE_CHILDREN = (ServiceArea, ScheduleSlot, ServiceTheme, ServiceAtLocation)
# PostgreSQL hands out sequence numbers at insert, not at commit, so two transactions can
# commit their changes in the opposite order of their numbers and a reader could pass over
# the lower one. Writers of change rows therefore take this transaction-level advisory lock
# just before the commit (after all their other work), so numbers are taken and committed in
# one order. SQLite has one writer at a time anyway.
CHANGE_LOCK_KEY = 0x5349_474E  # "SIGN"


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


def _before_commit(session: Session) -> None:
    """Write the change record rows for every listing this transaction touched."""
    session.flush()  # the last flush's notes too
    pending = session.info.pop(PENDING, set())
    ids = affected_services(session, pending)
    if not ids:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_LOCK_KEY})
    session.execute(insert(SearchChange), [{"service_id": ident} for ident in sorted(ids)])
    session.info[RECORDED] = True


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(RECORDED, None)


def register_session_events() -> None:
    """Listen on the app's scoped session (once per process, whatever the number of apps)."""
    for name, handler in (
        ("after_flush", _after_flush),
        ("before_commit", _before_commit),
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


def affected_services(session: Session, pending: set[tuple[str, int]]) -> set[int]:
    """The services whose index documents the noted rows feed."""
    ids = {ident for kind, ident in pending if kind == "service"}
    organisations = [ident for kind, ident in pending if kind == "organisation"]
    locations = [ident for kind, ident in pending if kind == "location"]
    if organisations:
        ids.update(
            session.scalars(select(Service.id).where(Service.organisation_id.in_(organisations)))
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
    return ids
