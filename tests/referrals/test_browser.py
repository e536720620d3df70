"""The whole loop in a real browser: client, wheel, referral, provider answers by email link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.extensions import db
from core.outbox import OutboxMessage
from directory.themes import Theme
from tests.accounts.conftest import PASSWORD


@pytest.mark.browser
def test_whole_referral_loop(app, request, live_server, page: Page, screenshot_dir) -> None:
    with app.app_context():
        world = request.getfixturevalue("world")
        db.session.commit()
        email = world.coordinator.email

    # The co-ordinator signs in and adds a client.
    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/clients/new")
    page.get_by_label("First name").fill("Alma")
    page.get_by_label("Surname").fill("Tonge")
    page.locator("#date_of_birth").fill("12")
    page.locator("#date_of_birth-month").fill("6")
    page.locator("#date_of_birth-year").fill("1944")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Phone number").fill("01204 555 0123")
    page.get_by_label("What matters to them").fill("Getting out to the market again")
    page.locator("#consent_given_on").fill("3")
    page.locator("#consent_given_on-month").fill("2")
    page.locator("#consent_given_on-year").fill("2026")
    page.get_by_role("button", name="Save").click()

    # The wheel: friends and family scores low.
    expect(page.get_by_role("heading", name="Score the wellbeing wheel")).to_be_visible()
    for theme in Theme:
        score = "1" if theme is Theme.FRIENDS_AND_FAMILY else "4"
        page.locator(f"input[name='score-{theme.value}'][value='{score}']").check()
    page.get_by_role("button", name="Save wheel").click()
    expect(page.get_by_text("Needs a conversation")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "referrals-client.png"), full_page=True)

    # A referral to the befriending service.
    page.get_by_role("link", name="Refer to a service").click()
    page.get_by_label("What are you looking for?").fill("befriending")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Choose Telephone befriending").click()
    page.get_by_label("Theme").select_option("friends_and_family")
    page.get_by_label("Why are you referring Alma?").fill("Would like a weekly call")
    page.get_by_label("Alma agrees to share these details with Bolton Befrienders").check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_text("Referral sent to Telephone befriending")).to_be_visible()

    # The provider, with no account, opens the emailed link and accepts.
    with app.app_context():
        body = db.session.scalars(
            select(OutboxMessage.text_body).where(OutboxMessage.subject.like("New referral%"))
        ).one()
    link = re.search(r"http://\S+/r/\S+", body).group(0)
    provider = page.context.browser.new_context().new_page()
    provider.goto(link)
    expect(provider.get_by_text("Would like a weekly call")).to_be_visible()
    expect(provider.get_by_text("Tonge")).to_have_count(0)
    provider.screenshot(path=str(screenshot_dir / "referrals-email-link.png"), full_page=True)
    provider.get_by_role("button", name="Accept").click()
    expect(provider.get_by_role("heading", name="Referral accepted")).to_be_visible()
    provider.get_by_role("link", name="open this referral again").click()
    provider.get_by_role("button", name="Mark completed").click()
    expect(provider.get_by_role("heading", name="Referral completed")).to_be_visible()

    # The co-ordinator sees it completed, without chasing.
    page.goto(f"{live_server}/caseload")
    expect(page.locator("#recent")).to_contain_text("Completed")
    page.screenshot(path=str(screenshot_dir / "referrals-dashboard.png"), full_page=True)
    page.locator("#recent a").first.click()
    expect(page.get_by_role("heading", name=re.compile("Telephone befriending"))).to_contain_text(
        "Completed"
    )
    expect(page.locator(".sp-timeline")).to_contain_text("Via email link")
    page.screenshot(path=str(screenshot_dir / "referrals-referral.png"), full_page=True)
