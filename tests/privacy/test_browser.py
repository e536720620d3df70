"""In a real browser: a co-ordinator downloads what is held on a person, then erases it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from core.extensions import db
from tests.accounts.conftest import PASSWORD
from tests.browser import check_page
from tests.privacy.test_privacy import fill_record


@pytest.mark.browser
def test_subject_access_then_erasure(
    app,
    site,
    live_server,
    page: Page,
    screenshot_dir: Path,  # noqa: F811
) -> None:
    fill_record(app, site)
    with app.app_context():
        email = db.session.get_one(User, site.coordinator_id).email
    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server}/clients/{site.client_id}")
    page.get_by_role("link", name="Personal data").click()
    expect(
        page.get_by_role("heading", name="Personal data held on Maud Hargreaves")
    ).to_be_visible()
    check_page(page, "personal-data", screenshot_dir)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a PDF").click()
    assert download.value.suggested_filename == f"client-{site.client_id}.pdf"

    page.get_by_label("Type the person's full name to confirm").fill("Maud")
    page.get_by_role("button", name="Erase Maud Hargreaves's details").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Type Maud Hargreaves exactly")
    check_page(page, "personal-data-error", screenshot_dir)
    page.get_by_label("Type the person's full name to confirm").fill("Maud Hargreaves")
    page.get_by_role("button", name="Erase Maud Hargreaves's details").click()
    expect(page.get_by_text("The person's details were erased")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anonymised")
