"""The capacity lead opens the gap map, changes theme and drills into a neighbourhood."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.extensions import db
from seeds.users import DEMO_PASSWORD
from tests.accounts.conftest import PASSWORD
from tests.browser import check_page


@pytest.mark.browser
def test_gap_map_theme_and_drill_down(page, live_server, lead_email, screenshot_dir):
    email = lead_email
    page.goto(f"{live_server}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server}/admin/gaps?from=2026-01-01&to=2026-06-30")
    expect(page.get_by_role("heading", name="Gap map", exact=True)).to_be_visible()
    # Alpha has a boundary (a polygon); Beta and Gamma are circles at their centres.
    expect(page.locator(".sp-map .leaflet-interactive")).to_have_count(3)
    # Each neighbourhood is named on the map itself, and the key explains the shades.
    expect(page.locator(".sp-map__label")).to_have_text(["Beta", "Alpha", "Gamma"])
    expect(page.get_by_role("heading", name="Key: gap score")).to_be_visible()
    check_page(page, "gap-map-all-themes", screenshot_dir)

    page.select_option("#theme", "friends_and_family")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("heading", name="Gap map: Friends and family")).to_be_visible()
    first_row = page.locator("#gap-map tbody tr").first
    expect(first_row.locator("th")).to_have_text("Beta")
    check_page(page, "gap-map-friends", screenshot_dir)

    # The polygon drawn for Alpha opens a popup linking to its unmet needs.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(".sp-map path.leaflet-interactive").first.click(force=True)
    popup_link = page.locator(".leaflet-popup-content a")
    expect(popup_link).to_contain_text("gap score")
    page.screenshot(path=str(screenshot_dir / "gap-map-popup.png"), full_page=True)
    popup_link.click()
    heading = page.get_by_role("heading", name="Unmet needs in", exact=False)
    expect(heading).to_be_visible()
    expect(page.get_by_role("table", name="Nearest services with room")).to_be_visible()
    check_page(page, "gap-map-neighbourhood", screenshot_dir)


@pytest.mark.browser
def test_demo_gap_map_draws_named_ward_cells(page, demo_live_server, screenshot_dir):
    """The demo's twenty wards are drawn as cells that tile the borough, each named."""
    page.goto(f"{demo_live_server}/login")
    page.fill("#email", "lead@example.org")
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{demo_live_server}/admin/gaps?theme=getting_out")
    expect(page.locator(".sp-map path.leaflet-interactive")).to_have_count(20)
    expect(page.locator(".sp-map__label")).to_have_count(20)
    expect(page.locator(".sp-map__label", has_text="Bromley Cross")).to_be_visible()
    check_page(page, "gap-map-demo", screenshot_dir)


@pytest.fixture
def lead_email(app, request) -> str:
    """The conftest borough, committed so the live server sees it; Alpha gets a boundary."""
    with app.app_context():
        made = request.getfixturevalue("borough")
        lat, lon = made.hoods["A"].latitude, made.hoods["A"].longitude
        made.hoods["A"].boundary = {
            "type": "Polygon",
            "coordinates": [
                [
                    [lon - 0.03, lat - 0.02],
                    [lon + 0.03, lat - 0.02],
                    [lon + 0.03, lat + 0.02],
                    [lon - 0.03, lat + 0.02],
                    [lon - 0.03, lat - 0.02],
                ]
            ],
        }
        email = made.lead.email
        db.session.commit()
    return email


@pytest.mark.browser
def test_lead_lands_on_the_overview(page, live_server, lead_email, screenshot_dir):
    page.goto(f"{live_server}/login")
    page.fill("#email", lead_email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Gap map")).to_be_visible()
    check_page(page, "admin-overview", screenshot_dir)
    page.get_by_role("link", name="Moderate").click()
    expect(page).to_have_url(f"{live_server}/admin/listings/changes")


@pytest.mark.browser
def test_wide_report_tables_scroll_in_their_own_box(page, live_server, lead_email, screenshot_dir):
    """The referral funnel and the gap table fit the page at 1280 and 375 px (WCAG 1.4.10)."""
    page.goto(f"{live_server}/login")
    page.fill("#email", lead_email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/admin/reports/referrals?from=2026-01-01&to=2026-06-30")
    expect(page.get_by_role("heading", name="Referral funnel", exact=True)).to_be_visible()
    expect(page.locator(".sp-scroll-box table").first).to_be_visible()
    check_page(page, "report-referral-funnel", screenshot_dir)
    page.goto(f"{live_server}/admin/gaps?from=2026-01-01&to=2026-06-30")
    box = page.get_by_role("region", name="Support and need by neighbourhood")
    expect(box).to_be_visible()
    check_page(page, "gap-table", screenshot_dir)
    # At 375 px the table is wider than its box, which scrolls instead of the page.
    assert page.evaluate(
        "() => { const b = document.querySelector('#gap-map').closest('.sp-scroll-box');"
        " return b.scrollWidth > b.clientWidth; }"
    )
