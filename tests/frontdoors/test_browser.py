"""The self-check end to end in a real browser, against the demo borough."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from core.extensions import db
from directory.themes import Theme
from frontdoors import selfcheck
from frontdoors.models import SelfReferralRequest
from referrals.models import Client
from seeds.users import DEMO_PASSWORD
from tests.frontdoors.conftest import row_counts

ANSWERS = {Theme.MONEY: "Yes", Theme.FRIENDS_AND_FAMILY: "Sometimes"}


@pytest.mark.browser
def test_self_check_report_and_contact_request_reach_the_team_queue(
    demo: Flask, live_server: str, page: Page, screenshot_dir
) -> None:
    with demo.app_context():
        before = row_counts()
    page.goto(f"{live_server}/self-check")
    page.get_by_role("button", name="Start now").click()
    for number, theme in enumerate(Theme, start=1):
        expect(page.get_by_text(f"Question {number} of 12")).to_be_visible()
        page.get_by_label(ANSWERS.get(theme, "No"), exact=True).check()
        if theme is Theme.MONEY:
            page.screenshot(path=str(screenshot_dir / "frontdoors-question.png"), full_page=True)
        page.get_by_role("button", name="Continue").click()
    page.get_by_label("What is your postcode?").fill("BL1 1BQ")
    page.get_by_role("button", name="Show my report").click()

    expect(page.get_by_role("heading", name="Your report")).to_be_visible()
    expect(page.get_by_role("heading", name="Money", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Friends and family", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Health", exact=True)).to_have_count(0)
    with demo.app_context():
        for theme in ANSWERS:
            for suggestion in selfcheck.services_for_need(theme, "", "BL1 1BQ", 3):
                expect(
                    page.get_by_role("link", name=suggestion.service.name, exact=True).first
                ).to_be_visible()
        after = row_counts()
        # Only the anonymous demand counters grow, one per flagged theme (no person in them).
        assert after.pop("self_check_demand") == before.pop("self_check_demand") + len(ANSWERS)
        assert after == before, "nothing is stored before the person asks"
    page.screenshot(path=str(screenshot_dir / "frontdoors-report.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshot_dir / "frontdoors-report-print.png"), full_page=True)
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Ask a co-ordinator to contact me").click()
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    page.get_by_label("Your name").fill("Edna Crabtree")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Phone number (if you chose phone)").fill("01204 555 0142")
    page.get_by_label("Morning (9am to 12 noon)").check()
    page.get_by_label("Yes. You can keep my details").check()
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    expect(page.get_by_text("within 2 working days")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "frontdoors-sent.png"), full_page=True)
    with demo.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SelfReferralRequest)) == 1

    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill("sam.taylor@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Self-referrals").click()
    expect(page.get_by_role("cell", name="Edna Crabtree")).to_be_visible()
    expect(page.get_by_role("cell", name="Money, Friends and family")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "frontdoors-queue.png"), full_page=True)
    page.get_by_role("button", name="Take onto my caseload").click()
    expect(page.get_by_text("Edna Crabtree is now on your caseload")).to_be_visible()
    with demo.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SelfReferralRequest)) == 0
        assert db.session.scalars(db.select(Client).where(Client.first_name == "Edna")).one()


@pytest.mark.browser
def test_booklet_prints_and_offers_a_pdf(
    demo: Flask, live_server: str, page: Page, screenshot_dir
) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill("lead@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/booklet?theme=carer_support&theme=money&large=true")
    expect(page.get_by_role("heading", name="Contents")).to_be_visible()
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "frontdoors-booklet.png"))
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Make booklet")).to_be_hidden()
    page.screenshot(path=str(screenshot_dir / "frontdoors-booklet-print.png"))
    page.pdf(path=str(screenshot_dir / "frontdoors-booklet-print.pdf"))


@pytest.mark.browser
def test_partner_checklist_in_a_browser(
    demo: Flask, live_server: str, page: Page, screenshot_dir
) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill("partner@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Partner checklist").click()
    page.get_by_label("The person agrees to be referred").check()
    page.get_by_label("First name").fill("Walter")
    page.get_by_label("Postcode").fill("BL1 1BQ")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Phone number").fill("01204 555 0177")
    page.get_by_label("Home is cold, damp").check()
    page.get_by_label("Struggling with bills").check()
    page.screenshot(path=str(screenshot_dir / "frontdoors-checklist.png"), full_page=True)
    page.get_by_role("button", name="Find services").click()
    expect(page.get_by_role("heading", name="Choose services for Walter")).to_be_visible()
    boxes = page.locator("input[name='choice']")
    boxes.nth(0).check()
    boxes.nth(boxes.count() - 1).check()
    page.screenshot(path=str(screenshot_dir / "frontdoors-suggestions.png"), full_page=True)
    page.get_by_role("button", name="Send referrals").click()
    expect(page.get_by_text("2 referrals sent")).to_be_visible()
    expect(page.get_by_role("cell", name="Walter")).to_have_count(2)
    page.screenshot(path=str(screenshot_dir / "frontdoors-partner-referrals.png"), full_page=True)
