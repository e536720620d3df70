"""The plan reviews report: the share held on time, with small counts suppressed."""

from __future__ import annotations

from datetime import date, timedelta

from core.extensions import db
from referrals.plans_models import CarePlan, PlanReview
from tests.intake.test_intake import sign_in

URL = "/admin/reports/plan-reviews?from=2026-01-01&to=2026-06-30"


def hold_reviews(client_id: int, on_time: int, late: int) -> None:
    plan = CarePlan(client_id=client_id, review_on=date(2026, 12, 1))
    db.session.add(plan)
    due = date(2026, 2, 1)
    for number in range(on_time + late):
        held = due + timedelta(days=number + (3 if number >= on_time else 0))
        db.session.add(
            PlanReview(
                plan=plan,
                client_id=client_id,
                due_on=due + timedelta(days=number),
                reviewed_on=held,
            )
        )
    db.session.commit()


def test_the_share_on_time_is_shown_from_five_reviews(app, client, people, cases):
    with app.app_context():
        hold_reviews(cases.maud, on_time=4, late=2)
    sign_in(client, people.lead)
    page = client.get(URL).get_data(as_text=True)
    assert "Plan reviews due in the period" in page
    assert "67%" in page or "66.7%" in page
    assert "&lt;5" in page  # 4 on time and 2 late are suppressed; the total of 6 is not
    sign_in(client, people.cara)
    assert client.get(URL).status_code == 403


def test_fewer_than_five_reviews_show_no_share(app, client, people, cases):
    with app.app_context():
        hold_reviews(cases.maud, on_time=3, late=0)
    sign_in(client, people.lead)
    page = client.get(URL).get_data(as_text=True)
    assert "100%" not in page and "&lt;5" in page
