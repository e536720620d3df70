""" "List your group" with a wrong postcode, then the lead corrects one while approving."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import set_password
from core.extensions import db
from directory.gazetteer import Postcode
from tests.browser import check_page
from tests.listings.test_moderation_browser import PASSWORD, sign_in


@pytest.mark.browser
def test_postcode_checked_at_once_and_corrected_on_approval(
    page, app, live_server, make_user, screenshot_dir
):
    with app.app_context():
        for code, lat in (("BL1 1AA", 53.58), ("BL3 5AB", 53.57)):
            db.session.add(Postcode(postcode=code, outward=code[:3], latitude=lat, longitude=-2.43))
        lead = make_user("lead@example.org", Role.CAPACITY_LEAD)
        set_password(lead, PASSWORD)
        db.session.commit()

    page.goto(f"{live_server}/list-your-group")
    page.fill("#organisation_name", "Harpers Lane Allotments")
    page.select_option("#kind", "community_group")
    page.fill("#service_name", "Open plot Saturdays")
    page.fill("#description", "Come and grow things.")
    page.get_by_label("Hobbies").check()
    page.fill("#address_1", "Harpers Lane")
    page.fill("#postcode", "BL9 9ZZ")
    page.fill("#your_name", "Sam")
    page.fill("#your_email", "sam@example.org")
    page.get_by_role("button", name="Send for checking").click()
    expect(page).to_have_title(re.compile(r"^Error: List your group"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("We could not find the postcode BL9 9ZZ")
    expect(page.locator("#postcode")).to_have_value("BL9 9ZZ")
    expect(page.locator("#organisation_name")).to_have_value("Harpers Lane Allotments")
    check_page(page, "list-your-group-postcode-error", screenshot_dir)
    page.fill("#postcode", "BL1 1AA")
    page.get_by_role("button", name="Send for checking").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)

    sign_in(page, live_server, "lead@example.org")
    page.goto(f"{live_server}/admin/listings/changes")
    page.get_by_role("link", name="Harpers Lane Allotments").click()
    expect(page.locator("#postcode")).to_have_value("BL1 1AA")
    check_page(page, "approve-new-listing", screenshot_dir)
    page.fill("#postcode", "BL3 5AB")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Approved: Harpers Lane Allotments")).to_be_visible()
