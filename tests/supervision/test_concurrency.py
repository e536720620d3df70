"""Supervision decisions made at the same moment: one wins, the other is refused, one email."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accounts.models import Role, TeamMembership, User
from core.extensions import db
from core.outbox import OutboxMessage
from directory.themes import Theme
from referrals import closing
from referrals.closing_models import ClosingReason, Closure, ClosureState
from referrals.models import Client, ClientStatus
from tests.races import all_at_once
from tests.supervision.test_supervision import set_rules

SCORES = {theme: (4, "") for theme in Theme}


@pytest.mark.committed
def test_two_sign_offs_at_once_make_one_waiting_sign_off(app, teams) -> None:
    set_rules(app, teams.north_id, approval=True)

    def sign_off(wait) -> None:
        cara = db.session.get(User, teams.cara_id)
        maud = db.session.get(Client, teams.maud_id)
        _ = maud.team, maud.owner, cara.team_ids, maud.version
        wait()
        closing.sign_off(cara, maud, ClosingReason.GOALS_MET, "Done", SCORES)

    assert all_at_once(app, [sign_off, sign_off]) == ["refused", "won"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Closure.id))) == 1
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1  # Lena, once


@pytest.mark.committed
def test_approve_and_return_at_once_have_one_winner_and_one_email(app, make_user, teams) -> None:
    set_rules(app, teams.north_id, approval=True)
    with app.app_context():
        second = make_user(roles=[Role.TEAM_LEADER], name="Second Leader")
        db.session.add(TeamMembership(team_id=teams.north_id, user_id=second.id))
        cara = db.session.get(User, teams.cara_id)
        closure = closing.sign_off(
            cara, db.session.get(Client, teams.maud_id), ClosingReason.GOALS_MET, "Done", SCORES
        )
        db.session.commit()
        closure_id, seen, second_id = closure.id, closure.version, second.id
        before = db.session.scalar(select(func.count(OutboxMessage.id)))

    def decide(person_id: int, act):
        def save(wait) -> None:
            person = db.session.get(User, person_id)
            found = db.session.get(Closure, closure_id)
            _ = found.client.owner, found.client.team, person.team_ids, found.requested_by
            wait()
            act(person, found)

        return save

    outcomes = all_at_once(
        app,
        [
            decide(teams.lena_id, lambda p, c: closing.approve(p, c, seen)),
            decide(second_id, lambda p, c: closing.return_sign_off(p, c, "Not yet", seen)),
        ],
    )
    assert outcomes == ["refused", "won"]
    with app.app_context():
        found = db.session.get(Closure, closure_id)
        client = db.session.get(Client, teams.maud_id)
        assert (found.state is ClosureState.APPROVED) == (client.status is ClientStatus.SIGNED_OFF)
        assert found.state is not ClosureState.AWAITING_APPROVAL
        after = db.session.scalar(select(func.count(OutboxMessage.id)))
        assert after - before == 1  # the co-ordinator hears of the one decision that happened
