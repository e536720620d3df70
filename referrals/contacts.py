"""The contact log: record a contact on a client, read the log, find overdue next contacts.

Flushes only; the view commits. Reading the log goes through `caseload.get_client`, so every
look at the notes is audited like the rest of the record; each entry written is audited too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from accounts import audit
from accounts.models import User
from core.errors import Conflict
from core.extensions import db
from core.permissions import require
from referrals import caseload
from referrals.contact_models import ClientContact
from referrals.models import Client, ClientStatus


def log_for(user: User, client_id: int) -> tuple[Client, list[ClientContact]]:
    """A client and their contact log, newest first; audited as a view of the client."""
    client = caseload.get_client(user, client_id)
    contacts = db.session.scalars(
        select(ClientContact)
        .where(ClientContact.client_id == client.id)
        .order_by(ClientContact.at.desc(), ClientContact.id.desc())
    )
    return client, list(contacts)


def record_contact(user: User, client: Client, data: Mapping[str, Any]) -> ClientContact:
    """Add one entry to an open client's contact log."""
    require(user, "edit", client, hide=True)
    if client.status is not ClientStatus.OPEN:
        raise Conflict("Reopen the client to record a contact.")
    contact = ClientContact(client=client, recorded_by=user, **data)
    db.session.add(contact)
    db.session.flush()
    audit.record("create", contact, user=user)
    return contact


@dataclass(frozen=True)
class OverdueContact:
    client: Client
    next_contact_on: date
    last_contact: ClientContact


def overdue_next_contacts(user: User, today: date) -> list[OverdueContact]:
    """Open clients on `user`'s caseload whose latest contact set a next date now past."""
    visible = caseload.visible_clients(user).where(Client.status == ClientStatus.OPEN)
    newest_first = func.row_number().over(
        partition_by=ClientContact.client_id,
        order_by=(ClientContact.at.desc(), ClientContact.id.desc()),
    )
    ranked = (
        select(ClientContact.id, newest_first.label("rank"))
        .where(ClientContact.client_id.in_(visible.with_only_columns(Client.id)))
        .subquery()
    )
    latest = (
        select(ClientContact)
        .join(ranked, ranked.c.id == ClientContact.id)
        .where(ranked.c.rank == 1, ClientContact.next_contact_on < today)
        .options(joinedload(ClientContact.client).joinedload(Client.owner))
        .order_by(ClientContact.next_contact_on, ClientContact.id)
    )
    return [
        OverdueContact(contact.client, contact.next_contact_on, contact)  # type: ignore[arg-type]
        for contact in db.session.scalars(latest)
    ]
