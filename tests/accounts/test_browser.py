"""In a real browser: accept an invitation, sign out, sign in again."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts import services
from accounts.models import Role
from core.extensions import db

pytestmark = pytest.mark.browser

PASSWORD = "a browser-chosen password"


def test_invitation_then_sign_in(app, live_server, page: Page, screenshot_dir):
    with app.app_context():
        user = services.create_user(
            email="robin@example.org", name="Robin Ash", roles=[Role.COORDINATOR]
        )
        url = services.invitation_url(user)
        db.session.commit()
    page.goto(url)
    expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill("not the same at all")
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_text("The passwords do not match").first).to_be_visible()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "accounts-account.png"), full_page=True)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email address").fill("robin@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct email address and password"
    )
    page.screenshot(path=str(screenshot_dir / "accounts-login-error.png"), full_page=True)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # A co-ordinator lands on their caseload, not on their account.
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
