"""In a real browser, issue 16 end to end: an invited GP refers someone; the team triages them
onto a caseload; the co-ordinator logs a contact, agrees an action, plans a goal linked to it,
reviews it and signs the person off with a reason; a team leader approves; the GP letter closes
the journey. Each main page is checked with axe and for reflow at 1280 and 375 px."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from core.models import utcnow
from core.outbox import OutboxMessage
from directory.themes import Theme
from referrals.closing_models import ExitAnswer
from referrals.contact_models import ClientContact
from referrals.models import Action, Client, ClientStatus
from referrals.plans_models import PlanGoal
from tests.accounts.conftest import PASSWORD
from tests.browser import check_page
from tests.supervision.test_supervision import set_rules


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def fill_date(page: Page, name: str, day) -> None:
    page.locator(f"#{name}").fill(str(day.day))
    page.locator(f"#{name}-month").fill(str(day.month))
    page.locator(f"#{name}-year").fill(str(day.year))


@pytest.mark.browser
def test_from_an_invited_referral_to_the_gp_letter(
    app, journey, live_server, page: Page, screenshot_dir
) -> None:
    set_rules(app, journey.north_id, True, ["Staying Well has improved my confidence"])
    with app.app_context():
        cara_email = db.session.get(User, journey.cara_id).email
    today = utcnow().date()

    # The co-ordinator makes an invitation link for a GP.
    sign_in(page, live_server, cara_email)
    page.goto(f"{live_server}/intake/invitations")
    page.get_by_label("Team").select_option(str(journey.north_id))
    page.get_by_label("Referrer's name").fill("Dr Asha Patel")
    page.get_by_label("Organisation").fill("Deane Surgery")
    page.get_by_label("Email address (outcomes are sent here)").fill("asha.patel@nhs.example")
    page.get_by_role("button", name="Make a link").click()
    path = page.locator("#new-link").inner_text().removeprefix(app.config["BASE_URL"])
    check_page(page, "journey-invitations", screenshot_dir)

    # The GP, with no account, refers through it.
    gp = page.context.browser.new_context().new_page()
    gp.goto(f"{live_server}{path}")
    check_page(gp, "journey-referral-form", screenshot_dir)
    gp.get_by_label("Reason for the referral").fill("Isolated since a fall")
    gp.get_by_label("Urgent").check()
    gp.get_by_label("First name").fill("Alma")
    gp.get_by_label("Surname").fill("Tonge")
    gp.get_by_label("Phone number", exact=True).fill("01204 555 0123")
    gp.get_by_label("The person has agreed").check()
    gp.get_by_role("button", name="Send referral").click()
    expect(gp.get_by_text("Referral sent")).to_be_visible()
    reference = re.search(r"IR-\d{5}", gp.content()).group()
    gp.context.close()

    # Triage: allocated, reached, accepted onto Cara's caseload.
    page.goto(f"{live_server}/intake")
    check_page(page, "journey-intake-queue", screenshot_dir)
    page.get_by_role("link", name=reference).click()
    page.get_by_label("Co-ordinator").select_option(str(journey.cara_id))
    page.get_by_role("button", name="Allocate").click()
    page.get_by_role("button", name="Reached the person").click()
    expect(page.get_by_text("Contacted").first).to_be_visible()
    check_page(page, "journey-triage", screenshot_dir)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", name="Alma Tonge")).to_be_visible()
    client_url = page.url.split("#")[0]

    # A contact, with the next one booked.
    page.get_by_role("link", name="Contacts", exact=True).click()
    fill_date(page, "contact_on", today)
    page.get_by_label("Home visit").check()
    page.get_by_label("Note").fill("Talked about the lunch club")
    next_contact = today + timedelta(days=7)
    fill_date(page, "next_contact_on", next_contact)
    page.get_by_role("button", name="Record contact").click()
    expect(page.get_by_text("Talked about the lunch club")).to_be_visible()
    check_page(page, "journey-contacts", screenshot_dir)

    # An agreed action, then a plan with a goal in Alma's words linked to it.
    page.goto(client_url)
    page.get_by_role("link", name="Add an action").click()
    page.locator("input[name='kind'][value='client_action']").check()
    page.get_by_label("Theme").select_option(Theme.GETTING_OUT.value)
    page.get_by_label("What was agreed").fill("Try the Tuesday lunch club")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added")).to_be_visible()
    page.get_by_role("link", name="Start a plan").click()
    fill_date(page, "review_on", today)
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_text("Plan started")).to_be_visible()
    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("The goal, in Alma's own words").fill("I want to get out every week")
    page.get_by_label("Try the Tuesday lunch club").check()
    page.get_by_role("button", name="Save goal").click()
    expect(page.get_by_role("heading", name="I want to get out every week")).to_be_visible()
    check_page(page, "journey-plan", screenshot_dir)

    # The review.
    with app.app_context():
        goal = db.session.scalars(select(PlanGoal)).one()
        goal_id, linked = goal.id, [a.description for a in goal.actions]
    assert linked == ["Try the Tuesday lunch club"]
    page.get_by_role("link", name="Record a review").click()
    page.locator(f"input[name='progress-{goal_id}'][value='achieved']").check()
    page.locator(f"textarea[name='note-{goal_id}']").fill("Goes every Tuesday now")
    fill_date(page, "next_review_on", today.replace(year=today.year + 1))
    check_page(page, "journey-review", screenshot_dir)
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Review recorded")).to_be_visible()

    # Sign-off with a reason and the exit answer; North needs a team leader's approval.
    page.goto(client_url)
    page.get_by_role("link", name="Sign off").click()
    page.get_by_label("Goals met").check()
    page.get_by_label("Closing note").fill("Goes to the lunch club every week.")
    for theme in Theme:
        page.locator(f'input[name="score-{theme.value}"][value="4"]').check()
    page.get_by_label("Agree", exact=True).check()
    check_page(page, "journey-sign-off", screenshot_dir)
    page.get_by_role("button", name="Sign off Alma").click()
    expect(page.get_by_text("Sign-off sent to a team leader for approval")).to_be_visible()

    leader = page.context.browser.new_context().new_page()
    sign_in(leader, live_server, journey.lena_email)
    leader.goto(f"{live_server}/team")
    leader.locator(f"#awaiting-{journey.north_id}").get_by_role("link", name="Alma Tonge").click()
    check_page(leader, "journey-approval", screenshot_dir)
    leader.get_by_label("Approve: the case closes").check()
    leader.get_by_role("button", name="Save decision").click()
    expect(leader.get_by_text("Sign-off approved")).to_be_visible()
    leader.context.close()

    # The letter to the GP, from the closed record.
    page.goto(client_url)
    page.get_by_role("link", name="Write the letter to the GP").click()
    expect(page.get_by_role("heading", name="Letter to the GP and referrer")).to_be_visible()
    expect(page.get_by_text("Goes to the lunch club every week.")).to_be_visible()
    check_page(page, "journey-gp-letter", screenshot_dir)

    with app.app_context():
        alma = db.session.scalars(select(Client).where(Client.first_name == "Alma")).one()
        assert alma.status is ClientStatus.SIGNED_OFF and alma.owner_id == journey.cara_id
        assert [a.description for a in db.session.scalars(select(Action))] == [
            "Try the Tuesday lunch club"
        ]
        [contact] = db.session.scalars(select(ClientContact)).all()
        assert contact.client_id == alma.id and contact.next_contact_on == next_contact
        answers = [(a.statement, a.score) for a in db.session.scalars(select(ExitAnswer))]
        assert answers == [("Staying Well has improved my confidence", 4)]
        outcomes = db.session.scalars(select(OutboxMessage)).all()
        assert any(m.recipient == "asha.patel@nhs.example" for m in outcomes)
        assert all("Alma" not in m.subject for m in outcomes)
