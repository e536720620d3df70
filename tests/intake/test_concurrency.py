"""Two co-ordinators triaging one referral at once: exactly one move wins, on either database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accounts.models import User
from core.extensions import db
from core.outbox import OutboxMessage
from referrals import intake
from referrals.intake_models import DeclineReason, IntakeReferral, IntakeStatus
from referrals.models import Client
from tests.intake.test_intake import PHONED_IN, log_phoned_in
from tests.races import all_at_once


@pytest.mark.committed  # two threads, two connections
def test_accept_and_decline_at_once_have_one_winner_and_one_email(app, client, people) -> None:
    referral_id = log_phoned_in(app, client, people)
    with app.app_context():
        seen = db.session.get(IntakeReferral, referral_id).version

    def as_person(person_id: int, act):
        def save(wait) -> None:
            person = db.session.get(User, person_id)
            found = db.session.get(IntakeReferral, referral_id)
            _ = found.team.name, found.allocated_to, person.team_ids
            assert found.version == seen
            wait()  # both have read the same version before either writes
            act(person, found)

        return save

    outcomes = all_at_once(
        app,
        [
            as_person(people.cara_id, lambda p, r: intake.accept(p, r, None, seen)),
            as_person(
                people.colin_id,
                lambda p, r: intake.decline(p, r, DeclineReason.NOT_ELIGIBLE, "", seen),
            ),
        ],
    )
    assert outcomes == ["refused", "won"]
    with app.app_context():
        found = db.session.get(IntakeReferral, referral_id)
        clients = db.session.scalar(select(func.count(Client.id)))
        emails = db.session.scalar(select(func.count(OutboxMessage.id)))
        assert found.status in {IntakeStatus.ACCEPTED, IntakeStatus.DECLINED}
        assert clients == (1 if found.status is IntakeStatus.ACCEPTED else 0)
        assert emails == 1
        assert (
            PHONED_IN["referrer_email"] == db.session.scalars(select(OutboxMessage.recipient)).one()
        )
