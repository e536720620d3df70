"""A provider edits a listing in a real browser and the capacity lead approves it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import set_password
from core.extensions import db

PASSWORD = "correct horse battery"  # noqa: S105 - a test account's password


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.browser
def test_provider_edits_and_lead_approves(
    page, app, live_server, make_service, make_user, screenshot_dir
):
    with app.app_context():
        service = make_service(name="Walking group", schedule=[(1, "10:00", "11:00")])
        member = make_user("pat@example.org", Role.PROVIDER, organisation=service.organisation)
        lead = make_user("lead@example.org", Role.CAPACITY_LEAD)
        set_password(member, PASSWORD)
        set_password(lead, PASSWORD)
        db.session.commit()
        uuid = service.uuid

    sign_in(page, live_server, "pat@example.org")
    page.goto(f"{live_server}/manage")
    page.get_by_role("link", name="Walking group", exact=True).click()
    page.fill("#name", "")
    page.fill("#thursday", "14:00-16:00")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.locator("#thursday")).to_have_value("14:00-16:00")
    page.screenshot(path=str(screenshot_dir / "listings-edit-error.png"), full_page=True)
    page.fill("#name", "Health walks")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("sent to the capacity lead")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "listings-dashboard.png"), full_page=True)
    page.goto(f"{live_server}/logout")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "lead@example.org")
    page.goto(f"{live_server}/admin/listings/changes")
    page.get_by_role("link", name="Walking group", exact=True).click()
    expect(page.get_by_role("cell", name="Health walks")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "listings-change-diff.png"), full_page=True)
    page.get_by_role("button", name="Approve and publish").click()
    page.screenshot(path=str(screenshot_dir / "listings-after-approve.png"), full_page=True)
    expect(page.get_by_text("Approved: Health walks")).to_be_visible()
    page.goto(f"{live_server}/services/{uuid}")
    expect(page.get_by_role("heading", name="Health walks")).to_be_visible()
    expect(page.get_by_text("Thursday")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "listings-service-after.png"), full_page=True)
