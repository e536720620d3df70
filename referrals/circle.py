"""The circle of support and the unpaid-carer flag: named people and who may be contacted.

Flushes only; the view commits. Reading goes through `caseload.get_client` (audited as a view
of the client) and each entry read or written is audited as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from accounts import audit
from accounts.models import User
from core import versioning
from core.extensions import db
from core.permissions import PermissionAction, find_permitted, require
from referrals import caseload
from referrals.circle_models import CarerStatus, CirclePerson
from referrals.models import Client


def people_of(client: Client) -> list[CirclePerson]:
    return list(
        db.session.scalars(
            select(CirclePerson)
            .where(CirclePerson.client_id == client.id)
            .order_by(CirclePerson.name, CirclePerson.id)
        )
    )


def carer_status_of(client: Client) -> CarerStatus | None:
    return db.session.scalar(select(CarerStatus).where(CarerStatus.client_id == client.id))


def circle_for(user: User, client_id: int) -> tuple[Client, list[CirclePerson], CarerStatus | None]:
    """A client, their circle of support and carer flag; every entry read is audited."""
    client = caseload.get_client(user, client_id)
    people = people_of(client)
    for person in people:
        audit.record("view", person, user=user)
    return client, people, carer_status_of(client)


def add_person(user: User, client: Client, data: Mapping[str, Any]) -> CirclePerson:
    require(user, "edit", client, hide=True)
    person = CirclePerson(client=client, **data)
    db.session.add(person)
    db.session.flush()
    audit.record("create", person, user=user)
    return person


def get_person(user: User, person_id: int, action: PermissionAction = "view") -> CirclePerson:
    person = find_permitted(user, action, CirclePerson, person_id)
    audit.record(action, person, user=user)
    return person


PERSON_LABELS = {"name": "Name", "relationship_to_client": "Relationship", "phone": "Phone",
                 "email": "Email", "may_contact": "May be contacted",
                 "is_unpaid_carer": "Unpaid carer", "note": "Note"}  # fmt: skip


def person_snapshot(person: CirclePerson) -> dict[str, Any]:
    return versioning.plain_snapshot(person, PERSON_LABELS)


def person_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Any]:
    return versioning.field_diff(PERSON_LABELS, before, after)


def update_person(
    user: User, person: CirclePerson, data: Mapping[str, Any], seen_version: int | None = None
) -> CirclePerson:
    require(user, "edit", person, hide=True)
    versioning.check_version(person, seen_version)
    for name, value in data.items():
        setattr(person, name, value)
    db.session.flush()
    audit.record("edit", person, user=user)
    return person


def remove_person(user: User, person: CirclePerson, seen_version: int | None = None) -> None:
    require(user, "edit", person, hide=True)
    versioning.check_version(person, seen_version)
    audit.record("delete", person, user=user)
    db.session.delete(person)
    db.session.flush()


CARER_LABELS = {"is_unpaid_carer": "Is an unpaid carer", "cares_for": "Who they care for"}


def carer_snapshot(status: CarerStatus | None) -> dict[str, Any]:
    if status is None:
        return {"is_unpaid_carer": False, "cares_for": ""}
    return versioning.plain_snapshot(status, CARER_LABELS)


def carer_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Any]:
    return versioning.field_diff(CARER_LABELS, before, after)


def set_carer_status(
    user: User, client: Client, data: Mapping[str, Any], seen_version: int | None = None
) -> CarerStatus:
    """Record whether the person is an unpaid carer themselves, and for whom."""
    require(user, "edit", client, hide=True)
    status = carer_status_of(client)
    if status is None:
        status = CarerStatus(client=client, **data)
        db.session.add(status)
        db.session.flush()
        audit.record("create", status, user=user)
        return status
    versioning.check_version(status, seen_version)
    for name, value in data.items():
        setattr(status, name, value)
    db.session.flush()
    audit.record("edit", status, user=user)
    return status
