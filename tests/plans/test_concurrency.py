"""Two co-ordinators reviewing one plan at once: one review is recorded, the other refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from accounts.models import User
from core.extensions import db
from core.models import utcnow
from referrals import plans
from referrals.models import Client
from referrals.plans_models import CarePlan, GoalProgress, PlanReview
from tests.races import all_at_once


@pytest.mark.committed  # two threads, two connections
def test_two_reviews_at_once_have_one_winner(app, people, cases) -> None:
    today = utcnow().date()
    with app.app_context():
        cara = db.session.get(User, people.cara_id)
        maud = db.session.get(Client, cases.maud)
        plans.save_plan(cara, maud, {"review_on": today})
        goal = plans.add_goal(cara, maud, "Feel fitter", [cases.walk])
        db.session.commit()
        goal_id, seen = goal.id, plans.plan_of(maud).version

    def review_as(person_id: int, progress: GoalProgress, weeks: int):
        def save(wait) -> None:
            person = db.session.get(User, person_id)
            client = db.session.get(Client, cases.maud)
            _ = person.team_ids, client.owner, plans.plan_of(client).goals
            wait()  # both have read the same plan version before either writes
            plans.record_review(
                person,
                client,
                {"reviewed_on": today, "next_review_on": today + timedelta(weeks=weeks),
                 "note": "", "progress": {goal_id: (progress, "")}},
                seen_version=seen,
            )  # fmt: skip

        return save

    outcomes = all_at_once(
        app,
        [
            review_as(people.cara_id, GoalProgress.ACHIEVED, 4),
            review_as(people.colin_id, GoalProgress.SOME_PROGRESS, 8),
        ],
    )
    assert outcomes == ["refused", "won"]
    with app.app_context():
        assert db.session.scalar(select(func.count(PlanReview.id))) == 1
        plan = db.session.scalars(select(CarePlan)).one()
        assert plan.version > seen and plan.review_on > today
