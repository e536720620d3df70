"""The new pages in a real browser: no axe violation and no sideways scroll at 1280, 375, 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.extensions import db
from tests.accounts.conftest import PASSWORD
from tests.browser import DESKTOP, PHONE, check_page

WIDTHS = (DESKTOP, PHONE, 320)


@pytest.fixture
def people(app, request):
    """The outcomes caseload, committed so the live server sees it."""
    with app.app_context():
        made = request.getfixturevalue("caseload")
        found = {
            "coordinator": made.coordinator.email,
            "lead": made.lead.email,
            "provider": made.provider_a.email,
            "client_id": made.walkers[0].id,
        }
        db.session.commit()
    return found


def _sign_in(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.browser
def test_coordinator_pages(page, live_server, people, screenshot_dir):
    _sign_in(page, live_server, people["coordinator"])
    client_id = people["client_id"]
    page.goto(f"{live_server}/clients/{client_id}/equality")
    expect(page.get_by_role("heading", name="Equality monitoring")).to_be_visible()
    check_page(page, "equality-form", screenshot_dir, WIDTHS)
    page.get_by_label("Female").check()
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_text("Equality monitoring saved")).to_be_visible()
    page.goto(f"{live_server}/clients/{client_id}/measures/swemwbs")
    expect(page.get_by_role("heading", name="Short Warwick-Edinburgh")).to_be_visible()
    page.get_by_role("button", name="Save SWEMWBS").click()  # nothing answered
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "swemwbs-form-errors", screenshot_dir, WIDTHS)


@pytest.mark.browser
def test_lead_and_provider_reports(page, live_server, people, screenshot_dir):
    _sign_in(page, live_server, people["lead"])
    page.goto(f"{live_server}/admin/reports/services")
    expect(page.get_by_role("heading", name="Which services move outcomes")).to_be_visible()
    check_page(page, "report-services", screenshot_dir, WIDTHS)
    page.goto(f"{live_server}/admin/reports/groups?by=deprivation")
    expect(page.get_by_role("heading", name="Reach and outcomes by group")).to_be_visible()
    check_page(page, "report-groups", screenshot_dir, WIDTHS)
    page.goto(f"{live_server}/logout")
    page.context.clear_cookies()
    _sign_in(page, live_server, people["provider"])
    page.goto(f"{live_server}/provider/outcomes")
    expect(page.get_by_role("heading", name="Outcomes of your services")).to_be_visible()
    check_page(page, "provider-outcomes", screenshot_dir, WIDTHS)
