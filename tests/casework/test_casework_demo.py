"""The demo team's casework: every triage state, contacts (some overdue), plans with linked
goals and reviews (some due), concerns, the circle, and closing reasons with exit answers."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from accounts.models import Team
from core.extensions import db
from core.models import utcnow
from referrals.circle_models import CirclePerson
from referrals.closing_models import Closure, ClosureState, ExitAnswer, TeamClosingSettings
from referrals.contact_models import ClientContact
from referrals.intake_models import IntakeReferral, IntakeStatus
from referrals.models import Client, ClientStatus
from referrals.plans_models import CarePlan, PlanGoal, PlanReview
from referrals.safeguarding_models import SafeguardingConcern
from seeds.casework_demo import load_casework_demo
from seeds.users import DEMO_TEAM

CASEWORK = (
    IntakeReferral,
    ClientContact,
    CarePlan,
    PlanGoal,
    PlanReview,
    CirclePerson,
    SafeguardingConcern,
    Closure,
    ExitAnswer,
    TeamClosingSettings,
)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture(scope="module")
def demo(demo_app):
    with demo_app.app_context():
        yield demo_app
        db.session.rollback()


def test_referrals_into_the_service_in_every_triage_state(demo) -> None:
    team = db.session.scalars(select(Team).where(Team.name == DEMO_TEAM)).one()
    referrals = db.session.scalars(select(IntakeReferral)).all()
    assert {r.team_id for r in referrals} == {team.id}
    assert set(Counter(r.status for r in referrals)) == set(IntakeStatus)
    declined = [r for r in referrals if r.status is IntakeStatus.DECLINED]
    assert len({r.decline_reason for r in declined}) >= 3
    for referral in referrals:
        assert referral.consent_given and referral.due_on >= referral.received_at.date()
        if referral.status is IntakeStatus.ACCEPTED:
            assert referral.client is not None and referral.client.team_id == team.id
            assert referral.first_name == referral.client.first_name
        else:
            assert referral.client_id is None
        assert (referral.allocated_to_id is None) == (referral.status is IntakeStatus.NEW)


def test_contacts_plans_and_reviews_are_on_open_cases_some_overdue_or_due(demo) -> None:
    today = utcnow().date()
    open_ids = set(db.session.scalars(select(Client.id).where(Client.status == ClientStatus.OPEN)))
    contacts = db.session.scalars(select(ClientContact)).all()
    assert {c.client_id for c in contacts} == open_ids
    latest = {}
    for contact in sorted(contacts, key=lambda c: c.at):
        latest[contact.client_id] = contact
    overdue = [c for c in latest.values() if c.next_contact_on < today]
    assert 0 < len(overdue) < len(latest) / 2
    plans = db.session.scalars(select(CarePlan)).all()
    assert plans and {p.client_id for p in plans} <= open_ids
    assert any(p.review_on <= today for p in plans) and any(p.review_on > today for p in plans)
    goals = db.session.scalars(select(PlanGoal)).all()
    assert all(g.actions and {a.client_id for a in g.actions} == {g.client_id} for g in goals)
    assert _count(PlanReview) > 0
    concerns = db.session.scalars(select(SafeguardingConcern)).all()
    assert len(concerns) == 2 and {c.client_id for c in concerns} <= open_ids
    assert _count(CirclePerson) >= 5


def test_signed_off_cases_have_a_closing_reason_and_exit_answers(demo) -> None:
    signed_off = db.session.scalars(
        select(Client).where(Client.status == ClientStatus.SIGNED_OFF)
    ).all()
    all_closures = db.session.scalars(select(Closure)).all()
    closures = {c.client_id: c for c in all_closures if c.state is ClosureState.APPROVED}
    assert set(closures) == {c.id for c in signed_off}
    [waiting] = [c for c in all_closures if c.state is ClosureState.AWAITING_APPROVAL]
    assert waiting.client.status is ClientStatus.OPEN and waiting.team is not None
    assert waiting.team.name == DEMO_TEAM and len(waiting.answers) == 3
    reasons = Counter(c.reason for c in closures.values())
    assert len(reasons) >= 4 and reasons.most_common(1)[0][0].value == "goals_met"
    answers = db.session.scalars(select(ExitAnswer)).all()
    assert answers and all(0 <= a.score <= 10 for a in answers)
    assert {a.statement for a in answers if not a.is_rating} == set(
        db.session.scalars(select(TeamClosingSettings.exit_statements)).one()
    )


def test_loading_again_adds_nothing_and_keeps_changes(demo) -> None:
    before = {m.__name__: _count(m) for m in CASEWORK}
    plan = db.session.scalars(select(CarePlan).order_by(CarePlan.id)).first()
    plan.review_on = plan.review_on.replace(year=plan.review_on.year + 1)
    changed = plan.review_on
    db.session.flush()
    assert load_casework_demo() == 0
    assert {m.__name__: _count(m) for m in CASEWORK} == before
    assert db.session.get(CarePlan, plan.id).review_on == changed
