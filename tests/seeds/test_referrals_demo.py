"""The demo caseload: every referral's timeline is a legal walk through the state machine,
every state and reason appears, and the completion figures sit near the pilot's."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import utcnow
from directory.gazetteer import Postcode
from directory.models import Service
from referrals.models import (
    ActionKind,
    AssessmentStage,
    ClientStatus,
    EventChannel,
    Referral,
)
from referrals.services import ACTION_OUTCOME, response_stats
from referrals.states import (
    DECLINE_REASONS,
    NOT_COMPLETED_REASONS,
    ReferralState,
    Side,
    check_transition,
)
from seeds.referrals_demo import CLIENT_COUNT, completion_rates, demo_clients
from seeds.users import DEMO_TEAM

S = ReferralState


@pytest.fixture(scope="module")
def demo(demo_app):
    with demo_app.app_context():
        yield demo_app
        db.session.rollback()


def _side(event, referral) -> Side:
    if event.channel is EventChannel.SYSTEM:
        assert event.by_user is None
        return Side.SYSTEM
    if event.channel is EventChannel.EMAIL_LINK:
        assert event.by_user is None
        return Side.PROVIDER
    assert event.by_user is not None
    if event.to_state is S.WITHDRAWN:
        assert event.by_user.id == referral.client.owner_id
        return Side.COORDINATOR
    assert referral.organisation_id in event.by_user.organisation_ids
    return Side.PROVIDER


def test_every_demo_referral_replays_through_the_state_machine(demo) -> None:
    now = utcnow()
    expiry = timedelta(days=int(demo.config["REFERRAL_EXPIRY_DAYS"]))
    referrals = list(db.session.scalars(select(Referral).order_by(Referral.id)))
    assert referrals
    for referral in referrals:
        first, *moves = referral.events
        assert (first.from_state, first.to_state, first.at) == (None, S.SENT, referral.sent_at)
        assert first.by_user_id == referral.sent_by_id == referral.client.owner_id
        state, at = S.SENT, first.at
        for event in moves:
            assert event.from_state is state, referral.reference
            check_transition(state, event.to_state, _side(event, referral), event.reason)
            assert at <= event.at <= now
            if state is S.SENT and event.to_state is not S.EXPIRED:
                assert event.at - referral.sent_at < expiry  # answered before it would expire
            if event.to_state is S.EXPIRED:
                assert event.at - referral.sent_at >= expiry
            state, at = event.to_state, event.at
        assert referral.state is state, referral.reference
        assert referral.reason == (moves[-1].reason if moves else None)
        answers = [
            e for e in moves if e.from_state is S.SENT and _side(e, referral) is Side.PROVIDER
        ]
        assert referral.responded_at == (answers[0].at if answers else None)
        assert referral.service.accepts_signpost_referrals
        action = referral.action
        assert action.kind is ActionKind.REFERRAL and action.client_id == referral.client_id
        if state.is_closed:
            assert referral.closed_at == at == action.closed_at
            assert action.status is ACTION_OUTCOME[state]
        else:
            assert referral.closed_at is None and action.closed_at is None
            assert referral.client.status is ClientStatus.OPEN
        if state is S.SENT:
            assert now - referral.sent_at < expiry  # still waiting, not yet overdue


def test_demo_referrals_cover_every_state_and_reason(demo) -> None:
    referrals = list(db.session.scalars(select(Referral)))
    states = Counter(r.state for r in referrals)
    assert set(states) == set(S)
    assert states[S.SENT] >= 3 and states[S.ACCEPTED] >= 5
    assert 120 <= len(referrals) <= 220
    assert states[S.COMPLETED] > states[S.NOT_COMPLETED] > 0
    declined = {r.reason for r in referrals if r.state is S.DECLINED}
    assert declined == set(DECLINE_REASONS)
    assert {r.reason for r in referrals if r.state is S.NOT_COMPLETED} <= set(NOT_COMPLETED_REASONS)
    channels = Counter(e.channel for r in referrals for e in r.events)
    assert channels[EventChannel.EMAIL_LINK] >= 20
    assert channels[EventChannel.SYSTEM] == states[S.EXPIRED]


def test_demo_completion_rates_match_the_pilot(demo) -> None:
    clients = demo_clients()
    assert len(clients) == CLIENT_COUNT
    rates = completion_rates(clients)
    assert rates.referrals == pytest.approx(0.78, abs=0.04)
    assert rates.recommendations == pytest.approx(0.35, abs=0.04)
    assert rates.overall == pytest.approx(0.52, abs=0.04)
    actions = [a for c in clients for a in c.actions]
    assert 3.5 <= len(actions) / len(clients) <= 4.1
    assert set(Counter(a.kind for a in actions)) == set(ActionKind)


def test_demo_clients_are_spread_placed_and_improving(demo) -> None:
    clients = demo_clients()
    owners = Counter(c.owner.email for c in clients)
    assert set(owners) == {
        "sam.taylor@example.org",
        "jordan.lee@example.org",
        "alex.morgan@example.org",
    }
    team_clients = [c for c in clients if c.team_id is not None]
    assert team_clients and all(c.team.name == DEMO_TEAM for c in team_clients)
    # Every postcode comes from the gazetteer and places the person in a ward.
    postcodes = {p.postcode: p for p in db.session.scalars(select(Postcode))}
    assert all(c.postcode in postcodes and c.neighbourhood_id for c in clients)
    wards = Counter(c.neighbourhood.name for c in clients)
    assert wards["Halliwell"] + wards["Rumworth"] + wards["Great Lever"] > (
        wards["Bromley Cross"] + wards["Bradshaw"] + wards["Heaton and Lostock"]
    )
    oldest = min(c.created_at for c in clients)
    assert utcnow() - oldest <= timedelta(days=366)
    with_later = [c for c in clients if len(c.assessments) > 1]
    improved = [
        c
        for c in with_later
        if sum(s.score for s in c.assessments[-1].scores)
        > sum(s.score for s in c.assessments[0].scores)
    ]
    assert len(improved) > 0.7 * len(with_later)
    for c in clients:
        assert c.assessments[0].stage is AssessmentStage.START
        assert min(s.score for s in c.assessments[0].scores) <= 2
        assert (c.status is ClientStatus.SIGNED_OFF) == (
            c.assessments[-1].stage is AssessmentStage.SIGN_OFF
        )
    assert any(a.has_ons4 for c in clients for a in c.assessments)


def test_some_demo_services_show_their_usual_response_time(demo) -> None:
    per_service = Counter(db.session.scalars(select(Referral.service_id)))
    busy = [db.session.get(Service, sid) for sid, count in per_service.items() if count >= 5]
    shown = [s for s in busy if response_stats(s).usual_response_days]
    assert len(shown) >= 3
    page = demo.test_client().get(f"/services/{shown[0].uuid}").get_data(as_text=True)
    days = response_stats(shown[0]).usual_response_days
    assert f"Usually responds to referrals within {days} day" in page


def test_demo_clients_have_fictional_practices_in_pcns(demo) -> None:
    clients = demo_clients()
    codes = {c.practice.ods_code for c in clients if c.practice}
    assert len(codes) >= 5 and all(code.startswith("Y9") for code in codes)
    assert {c.practice.pcn_code for c in clients if c.practice} <= {"U90001", "U90002", "U90003"}
    assert all(c.practice is not None for c in clients)
