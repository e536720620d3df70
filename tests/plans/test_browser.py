"""In a real browser: a plan with two goals and a review, My plan, a concern and the circle."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from core.models import utcnow
from referrals.plans_models import PlanGoal
from tests.accounts.conftest import PASSWORD
from tests.browser import DESKTOP, PHONE, check_page

WIDTHS = (DESKTOP, PHONE, 320)


def fill_date(page: Page, name: str, day) -> None:
    page.locator(f"#{name}").fill(str(day.day))
    page.locator(f"#{name}-month").fill(str(day.month))
    page.locator(f"#{name}-year").fill(str(day.year))


@pytest.mark.browser
def test_a_coordinator_plans_reviews_prints_raises_a_concern_and_adds_to_the_circle(
    app, people, cases, live_server, page: Page, screenshot_dir
) -> None:
    with app.app_context():
        email = db.session.get(User, people.cara_id).email
    today = utcnow().date()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # A plan, due for review today, with two goals in Maud's words linked to her actions.
    page.goto(f"{live_server}/clients/{cases.maud}")
    page.get_by_role("link", name="Start a plan").click()
    fill_date(page, "review_on", today)
    page.get_by_label("Maud agrees to be sent their plan by email").check()
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_text("Plan started")).to_be_visible()
    for words, action in [
        ("I want to feel fitter", "Walk to the park twice a week"),
        ("I want to see people again", "Find a lunch club"),
    ]:
        page.get_by_role("link", name="Add a goal").click()
        page.get_by_label("The goal, in Maud's own words").fill(words)
        page.get_by_label(action).check()
        page.get_by_role("button", name="Save goal").click()
        expect(page.get_by_role("heading", name=words)).to_be_visible()
    expect(page.get_by_text("Review due").first).to_be_visible()
    check_page(page, "plan", screenshot_dir, WIDTHS)

    # The review: progress on each goal and the next date.
    with app.app_context():
        first, second = db.session.scalars(select(PlanGoal.id).order_by(PlanGoal.id)).all()
    page.get_by_role("link", name="Record a review").click()
    page.locator(f"input[name='progress-{first}'][value='achieved']").check()
    page.locator(f"textarea[name='note-{first}']").fill("Walks every Tuesday")
    page.locator(f"input[name='progress-{second}'][value='some_progress']").check()
    fill_date(page, "next_review_on", today.replace(year=today.year + 1))
    check_page(page, "plan-review", screenshot_dir, WIDTHS)
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Review recorded")).to_be_visible()
    expect(page.get_by_text("On time")).to_be_visible()

    # My plan, in plain English, to print (the button needs JavaScript, which is on here).
    page.get_by_role("link", name="My plan (to print or email)").click()
    expect(page.get_by_role("heading", name="Maud’s plan")).to_be_visible()
    expect(page.get_by_role("button", name="Print this plan")).to_be_visible()
    expect(page.get_by_text("How it is going: achieved. Walks every Tuesday")).to_be_visible()
    check_page(page, "my-plan", screenshot_dir, WIDTHS)
    page.get_by_role("button", name="Email this plan to Maud").click()
    expect(page.get_by_text("My plan has been emailed to Maud")).to_be_visible()

    # A safeguarding concern, flagged on the client page.
    page.goto(f"{live_server}/clients/{cases.maud}")
    page.get_by_role("link", name="Safeguarding").click()
    page.get_by_label("What was seen or heard").fill("Bruising on her arm")
    page.get_by_label("High").check()
    page.get_by_label("Who it was raised with").fill("Adult safeguarding team")
    fill_date(page, "raised_on", today)
    check_page(page, "safeguarding-form", screenshot_dir, WIDTHS)
    page.get_by_role("button", name="Record the concern").click()
    expect(page.get_by_text("Safeguarding concern recorded")).to_be_visible()
    check_page(page, "safeguarding-concern", screenshot_dir, WIDTHS)

    # Someone in the circle of support.
    page.goto(f"{live_server}/clients/{cases.maud}/circle")
    page.get_by_label("Name", exact=True).fill("Jean Hargreaves")
    page.get_by_label("Relationship to Maud").fill("Daughter")
    page.get_by_label("Phone (optional)").fill("07700 900123")
    page.get_by_label("Maud agrees we may contact this person").check()
    page.get_by_role("button", name="Add to the circle of support").click()
    expect(page.get_by_text("Jean Hargreaves added to the circle of support")).to_be_visible()
    check_page(page, "circle", screenshot_dir, WIDTHS)

    page.goto(f"{live_server}/clients/{cases.maud}")
    expect(page.locator("#safeguarding-flag")).to_contain_text("risk high")
    expect(page.locator("#plan-and-circle")).to_contain_text("Jean Hargreaves")
    check_page(page, "client-with-plan", screenshot_dir, WIDTHS)
    page.goto(f"{live_server}/caseload")
    expect(page.locator("#safeguarding-flags")).to_contain_text("Maud Hargreaves")
    check_page(page, "caseload-with-plans", screenshot_dir, WIDTHS)
