"""In a real browser: an invited GP refers someone, the team triages them onto a caseload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from core.outbox import OutboxMessage
from tests.accounts.conftest import PASSWORD


@pytest.mark.browser
def test_an_invited_referral_through_triage_onto_the_caseload(
    app, people, live_server, page: Page, screenshot_dir
) -> None:
    with app.app_context():
        email = db.session.get(User, people.cara_id).email

    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The co-ordinator makes a link for a GP they know.
    page.goto(f"{live_server}/intake/invitations")
    page.get_by_label("Team").select_option(str(people.north_id))
    page.get_by_label("Referrer's name").fill("Dr Asha Patel")
    page.get_by_label("Organisation").fill("Deane Surgery")
    page.get_by_label("Email address (outcomes are sent here)").fill("asha.patel@nhs.example")
    page.get_by_role("button", name="Make a link").click()
    link = page.locator("#new-link").inner_text()
    path = link.removeprefix(app.config["BASE_URL"])

    # The GP, with no account, refers through it.
    gp = page.context.browser.new_context().new_page()
    gp.goto(f"{live_server}{path}")
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

    # The team triages it.
    page.goto(f"{live_server}/intake")
    page.get_by_role("link", name=reference).click()
    page.get_by_label("Co-ordinator").select_option(str(people.colin_id))
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text("Colin Colleague").first).to_be_visible()
    page.get_by_role("button", name="Reached the person").click()
    expect(page.get_by_text("Contacted").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "intake-referral.png"), full_page=True)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", name="Alma Tonge")).to_be_visible()

    # A first contact on the new client's log.
    page.get_by_role("link", name="Contacts", exact=True).click()
    page.locator("#contact_on").fill("2")
    page.locator("#contact_on-month").fill("11")
    page.locator("#contact_on-year").fill("2026")
    page.get_by_label("Home visit").check()
    page.get_by_label("Note").fill("Talked about the lunch club")
    page.get_by_role("button", name="Record contact").click()
    expect(page.get_by_text("Talked about the lunch club")).to_be_visible()

    with app.app_context():
        [outcome] = db.session.scalars(select(OutboxMessage)).all()
        assert outcome.recipient == "asha.patel@nhs.example"
        assert reference in outcome.subject and "Alma" not in outcome.text_body
