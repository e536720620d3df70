"""Plans, goals and reviews: write, link, review (on time or late), print, email, and refuse."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from pypdf import PdfReader
from sqlalchemy import select

from accounts.models import AuditEvent
from core.extensions import db
from core.models import utcnow
from core.outbox import OutboxMessage, OutboxStatus
from referrals import plans
from referrals.models import Client, ClientStatus
from referrals.plans_models import CarePlan, GoalProgress, PlanGoal, PlanReview
from tests.intake.test_intake import sign_in


def day_fields(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def start_plan(client, client_id: int, review_on: date, consent: bool = False) -> None:
    form = day_fields("review_on", review_on)
    if consent:
        form["email_consent"] = "true"
    response = client.post(f"/clients/{client_id}/plan", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)


def add_goal(client, client_id: int, words: str, *action_ids: int) -> None:
    response = client.post(
        f"/clients/{client_id}/plan/goals/new",
        data={"words": words, "action_ids": [str(i) for i in action_ids]},
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def the_plan(app, client_id: int) -> CarePlan:
    plan = db.session.scalar(select(CarePlan).where(CarePlan.client_id == client_id))
    assert plan is not None
    return plan


def test_a_plan_with_goals_linked_to_actions_is_reviewed_on_time(app, client, people, cases):
    sign_in(client, people.cara)
    today = utcnow().date()
    start_plan(client, cases.maud, today + timedelta(days=28))
    add_goal(client, cases.maud, "I want to feel fitter", cases.walk)
    add_goal(client, cases.maud, "I want to see people again", cases.club, cases.walk)
    with app.app_context():
        plan = the_plan(app, cases.maud)
        assert [g.words for g in plan.goals] == [
            "I want to feel fitter",
            "I want to see people again",
        ]
        assert [[a.id for a in g.actions] for g in plan.goals] == [
            [cases.walk],
            [cases.walk, cases.club],
        ]
        first, second = (g.id for g in plan.goals)
        version = plan.version
    page = client.get(f"/clients/{cases.maud}/plan").get_data(as_text=True)
    assert "I want to see people again" in page and "Find a lunch club" in page
    response = client.post(
        f"/clients/{cases.maud}/plan/review",
        data={
            **day_fields("reviewed_on", today),
            **day_fields("next_review_on", today + timedelta(days=90)),
            f"progress-{first}": "achieved",
            f"note-{first}": "Walks every Tuesday now",
            f"progress-{second}": "some_progress",
            "note": "Going well",
            "version": str(version),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        plan = the_plan(app, cases.maud)
        review = db.session.scalars(select(PlanReview)).one()
        assert review.on_time and review.due_on == today + timedelta(days=28)
        assert plan.review_on == today + timedelta(days=90)
        assert [(g.progress, g.progress_note) for g in plan.goals] == [
            (GoalProgress.ACHIEVED, "Walks every Tuesday now"),
            (GoalProgress.SOME_PROGRESS, ""),
        ]
        audited = set(db.session.execute(select(AuditEvent.action, AuditEvent.record_type)))
    assert {
        ("create", "care_plan"),
        ("create", "plan_goal"),
        ("create", "plan_review"),
        ("view", "care_plan"),
    } <= audited


def test_a_goal_cannot_link_another_persons_action_and_bad_input_is_kept(
    app, client, people, cases
):
    sign_in(client, people.cara)
    start_plan(client, cases.maud, utcnow().date() + timedelta(days=10))
    for form, message in [
        ({"words": "Mine", "action_ids": [str(cases.otto_action)]}, "this person&#39;s list"),
        ({"words": "Mine", "action_ids": ["99999999999999"]}, ""),
        ({"words": "Mine", "action_ids": ["abc"]}, ""),
        ({"words": "", "action_ids": [str(cases.walk)]}, "own words"),
        ({"words": "x" * 1001}, "1000 characters"),
    ]:
        response = client.post(f"/clients/{cases.maud}/plan/goals/new", data=form)
        assert response.status_code == 400, form
        page = response.get_data(as_text=True)
        assert message in page, form
        assert 'class="govuk-error-summary"' in page
    with app.app_context():
        assert db.session.scalars(select(PlanGoal)).first() is None


def test_a_review_must_cover_every_goal_and_dates_must_make_sense(app, client, people, cases):
    sign_in(client, people.cara)
    today = utcnow().date()
    start_plan(client, cases.maud, today)
    add_goal(client, cases.maud, "Goal one", cases.walk)
    with app.app_context():
        goal_id = the_plan(app, cases.maud).goals[0].id
    base = {**day_fields("reviewed_on", today), **day_fields("next_review_on", today)}
    for changes, message in [
        ({}, "Choose the progress on this goal"),
        ({f"progress-{goal_id}": "brilliant"}, ""),
        ({f"progress-{goal_id}": "achieved"}, "next review must be after"),
        (
            {
                f"progress-{goal_id}": "achieved",
                **day_fields("reviewed_on", today.replace(year=today.year + 1)),
            },
            "today or in the past",
        ),
    ]:
        response = client.post(f"/clients/{cases.maud}/plan/review", data={**base, **changes})
        assert response.status_code == 400, changes
        assert message in response.get_data(as_text=True), changes
    with app.app_context():
        assert db.session.scalars(select(PlanReview)).first() is None


def goal_audit(app, goal_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.record_type == "plan_goal", AuditEvent.record_id == str(goal_id))
                .order_by(AuditEvent.id)
            )
        )


def test_a_stale_goal_save_is_refused_with_the_input_kept(app, client, people, cases):
    sign_in(client, people.cara)
    start_plan(client, cases.maud, utcnow().date() + timedelta(days=10))
    add_goal(client, cases.maud, "Original words", cases.walk)
    with app.app_context():
        goal_id = db.session.scalars(select(PlanGoal)).one().id
    form = client.get(f"/plan-goals/{goal_id}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    loaded = re.search(r'name="loaded" value="([^"]+)"', form).group(1)
    with app.app_context():
        db.session.get(PlanGoal, goal_id).words = "Changed by a colleague"
        db.session.commit()
    reads = len(goal_audit(app, goal_id))
    response = client.post(
        f"/plan-goals/{goal_id}",
        data={
            "words": "My new words",
            "action_ids": [str(cases.walk)],
            "progress": "not_started",
            "version": version,
            "loaded": loaded,
        },
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "My new words" in page and "Changed by a colleague" in page
    with app.app_context():
        assert db.session.get(PlanGoal, goal_id).words == "Changed by a colleague"
    # The refusal changes nothing, but the audit of reading the goal to show it again stands.
    assert goal_audit(app, goal_id)[reads:] == ["edit"]


def test_another_teams_plan_does_not_exist_for_them(app, client, people, cases):
    sign_in(client, people.olly)
    start_plan(client, cases.otto, utcnow().date() + timedelta(days=5))
    add_goal(client, cases.otto, "Otto's goal", cases.otto_action)
    with app.app_context():
        goal_id = db.session.scalars(select(PlanGoal)).one().id
    sign_in(client, people.cara)
    for method, path in [
        ("get", f"/clients/{cases.otto}/plan"),
        ("post", f"/clients/{cases.otto}/plan"),
        ("get", f"/clients/{cases.otto}/plan/goals/new"),
        ("post", f"/clients/{cases.otto}/plan/goals/new"),
        ("get", f"/plan-goals/{goal_id}"),
        ("post", f"/plan-goals/{goal_id}"),
        ("get", f"/clients/{cases.otto}/plan/review"),
        ("get", f"/clients/{cases.otto}/my-plan"),
        ("get", f"/clients/{cases.otto}/my-plan.pdf"),
        ("post", f"/clients/{cases.otto}/my-plan/email"),
        ("get", f"/api/v1/clients/{cases.otto}/plan"),
    ]:
        assert getattr(client, method)(path).status_code == 404, path
    sign_in(client, people.provider)
    assert client.get(f"/clients/{cases.otto}/plan").status_code == 403


def test_the_review_is_prompted_on_the_client_page_and_caseload_when_due(
    app, client, people, cases
):
    sign_in(client, people.cara)
    today = utcnow().date()
    start_plan(client, cases.maud, today + timedelta(days=3))
    assert "Review due" not in client.get(f"/clients/{cases.maud}").get_data(as_text=True)
    with app.app_context():
        the_plan(app, cases.maud).review_on = today - timedelta(days=1)
        db.session.commit()
    page = client.get(f"/clients/{cases.maud}").get_data(as_text=True)
    assert "Review due" in page and "score the review wheel" in page
    caseload = client.get("/caseload").get_data(as_text=True)
    assert "Plan reviews due (1)" in caseload and "Maud Hargreaves" in caseload
    # Colin shares Cara's team, so her client's review is on his caseload too; Olly's is not.
    sign_in(client, people.colin)
    assert "Plan reviews due (1)" in client.get("/caseload").get_data(as_text=True)
    sign_in(client, people.olly)
    assert "Plan reviews due (0)" in client.get("/caseload").get_data(as_text=True)
    with app.app_context():
        db.session.get(Client, cases.maud).status = ClientStatus.SIGNED_OFF
        db.session.commit()
    sign_in(client, people.cara)
    assert "Plan reviews due (0)" in client.get("/caseload").get_data(as_text=True)


def test_my_plan_prints_in_plain_english_and_is_emailed_only_with_consent(
    app, client, people, cases
):
    sign_in(client, people.cara)
    start_plan(client, cases.maud, date(2027, 3, 1))
    add_goal(client, cases.maud, "I want to feel fitter", cases.walk)
    page = client.get(f"/clients/{cases.maud}/my-plan").get_data(as_text=True)
    assert "<h1" in page and "Maud’s plan" in page and "Walk to the park twice a week" in page
    assert "data-print" in page and "1 March 2027" in page
    assert "has not agreed to be sent their plan by email" in page
    pdf = client.get(f"/clients/{cases.maud}/my-plan.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "Maud" not in pdf.headers["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "I want to feel fitter" in text and "Walk to the park twice a week" in text
    assert "1 March 2027" in text
    refused = client.post(f"/clients/{cases.maud}/my-plan/email")
    assert refused.status_code == 409
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage)).first() is None
        version = the_plan(app, cases.maud).version
    client.post(
        f"/clients/{cases.maud}/plan",
        data={
            **day_fields("review_on", date(2027, 3, 1)),
            "email_consent": "true",
            "version": str(version),
        },
    )
    assert client.post(f"/clients/{cases.maud}/my-plan/email").status_code == 302
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
        assert message.recipient == "maud@example.net"
        assert message.status in {OutboxStatus.HELD, OutboxStatus.PENDING, OutboxStatus.SENT}
        assert "I want to feel fitter" in message.text_body
        assert "Walk to the park twice a week" in message.text_body
        assert the_plan(app, cases.maud).emailed_at is not None


def test_review_timeliness_counts_on_time_late_and_overdue(app, people, cases):
    with app.app_context():
        plan = CarePlan(client_id=cases.maud, review_on=date(2026, 6, 1))
        db.session.add(plan)
        db.session.flush()
        for due, held in [
            (date(2026, 3, 1), date(2026, 2, 27)),
            (date(2026, 4, 1), date(2026, 4, 1)),
            (date(2026, 5, 1), date(2026, 5, 9)),
        ]:
            db.session.add(
                PlanReview(plan=plan, client_id=cases.maud, due_on=due, reviewed_on=held)
            )
        db.session.flush()
        counted = plans.review_timeliness(date(2026, 1, 1), date(2026, 12, 31), date(2026, 7, 1))
        assert (counted.on_time, counted.late, counted.overdue) == (2, 1, 1)
        assert counted.share_on_time == 0.5
        none = plans.review_timeliness(date(2025, 1, 1), date(2025, 12, 31), date(2026, 7, 1))
        assert none.total == 0 and none.share_on_time is None


def test_hostile_ids_and_bodies_are_refused_never_a_server_error(app, client, people, cases):
    sign_in(client, people.cara)
    huge = "99999999999999999999"
    for path in (
        f"/plan-goals/{huge}",
        f"/safeguarding/{huge}",
        f"/circle/{huge}",
        f"/clients/{huge}/plan",
        f"/clients/{huge}/my-plan.pdf",
    ):
        assert client.get(path).status_code == 404, path
    assert client.patch(f"/api/v1/plan-goals/{huge}", json={}).status_code == 404
    base = f"/api/v1/clients/{cases.maud}"
    assert client.put(f"{base}/plan", json=[1, 2]).status_code == 400
    # No plan yet: a review is refused for that, whatever the body holds.
    for body in ({"goals": "x"}, {"goals": [{"goal_id": 99999999999999}]}, {}):
        assert client.post(f"{base}/plan/reviews", json=body).status_code in (400, 409), body
    assert client.post(f"/clients/{cases.maud}/plan/review", data={}).status_code == 409
    assert client.get(f"/clients/{cases.maud}/my-plan.pdf").status_code == 409
