"""A real browser opens a service page: details render and the map draws its marker."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from core.extensions import db
from tests.browser import check_page

pytestmark = pytest.mark.browser


def test_service_page_renders_details_and_map(
    app, live_server, page: Page, make_service, screenshot_dir
):
    with app.app_context():
        service = make_service(
            name="Memory Cafe",
            description="A relaxed afternoon for people living with dementia and their carers.",
            themes=["health", "carer_support"],
            lat=53.5791,
            lon=-2.4305,
            schedule=[(2, "14:00", "16:00")],
        )
        db.session.commit()
        url = f"{live_server}/services/{service.uuid}"
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(url)
    expect(page).to_have_title("Memory Cafe – Signpost – Bolton")
    expect(page.get_by_role("heading", level=1)).to_have_text("Memory Cafe")
    expect(page.get_by_role("row", name="Wednesday 2pm to 4pm")).to_be_visible()
    map_region = page.get_by_role("region", name="Map showing where Memory Cafe takes place")
    expect(map_region).to_be_visible()
    # Leaflet drew the map and its single marker (no tile server is configured in tests).
    expect(map_region.locator(".leaflet-container")).to_be_visible()
    expect(map_region.locator(".leaflet-marker-icon")).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "service-page.png"), full_page=True)
    # The written address stays beside the drawn map, and the page passes axe at both widths
    # with the map's credit line showing (its contrast once failed).
    address = map_region.locator(".sp-map__fallback")
    expect(address).to_contain_text("1 High Street")
    expect(address).not_to_have_class(re.compile("govuk-visually-hidden"))
    assert address.bounding_box()["width"] > 100  # really shown, not clipped to a pixel
    # Over map tiles the credit line needs its own solid background to keep its contrast.
    credit = map_region.locator(".leaflet-control-attribution")
    expect(credit).to_be_visible()
    expect(credit).to_have_css("background-color", "rgb(255, 255, 255)")
    expect(credit.locator("a").first).to_have_css("color", "rgb(26, 101, 166)")  # GOV.UK link blue
    check_page(page, "service-page", screenshot_dir)
    assert errors == []
