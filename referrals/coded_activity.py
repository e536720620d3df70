"""Coded activity: record each counted event in a person's journey with its SNOMED CT concept.

Recording is silent when the code table in force has no concept for an event (see
referrals/coding.py for which events are uncoded and why): nothing unverified reaches a GP.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from referrals.coding import RECORDED_EVENTS, configured_table
from referrals.coding_models import CodedEntry
from referrals.models import Client, Referral


def record_event(
    client: Client,
    event: str,
    on: date,
    by: User | None = None,
    referral: Referral | None = None,
) -> CodedEntry | None:
    """Add the coded entry for `event`, or nothing when the table in force leaves it uncoded."""
    if event not in RECORDED_EVENTS:
        raise ValueError(f"{event} is not an event Signpost records")
    coded = configured_table().get(event)
    if coded is None:
        return None
    entry = CodedEntry(
        client=client,
        event=event,
        concept_id=coded.concept_id,
        term=coded.term,
        recorded_on=on,
        practice_ods=client.practice_code,
        referral=referral,
        recorded_by=by,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def entries_for_client(client: Client) -> list[CodedEntry]:
    """A client's coded entries, oldest first (the caller has checked the client may be seen)."""
    statement = (
        select(CodedEntry)
        .where(CodedEntry.client_id == client.id)
        .order_by(CodedEntry.recorded_on, CodedEntry.id)
    )
    return list(db.session.scalars(statement))
