"""In a real browser: search, filter, see the results on a map, open a service."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_search_filter_map_and_service_page(
    page: Page, demo_live_server: str, screenshot_dir: Path
):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )

    page.goto(demo_live_server + "/")
    page.get_by_label("What are you looking for?").fill("lonely since my wife died")
    page.get_by_label("Near").fill("BL3 2JD")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/search\?q=lonely"))
    expect(
        page.get_by_role("heading", name=re.compile(r"services? found within 5 km"))
    ).to_be_visible()
    first = page.locator(".sp-service-card h3 a").first
    expect(first).to_have_text("Coffee and Conversation after Loss")
    page.screenshot(path=str(screenshot_dir / "search-1-results.png"))

    # Filters work as a plain GET form: tick one, apply, and the URL carries it.
    page.get_by_label(re.compile(r"^Accepts referrals through Signpost \(\d+\)")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"signpost_referral=true"))
    expect(page.get_by_label(re.compile(r"^Accepts referrals through Signpost"))).to_be_checked()
    count_text = page.get_by_role("heading", name=re.compile(r"found")).inner_text()
    total = int(count_text.split()[0])
    assert total >= 1
    page.screenshot(path=str(screenshot_dir / "search-2-filtered.png"), full_page=True)

    # The same results on a map (Leaflet, clustered, no tile server needed).
    page.get_by_role("link", name="Show on a map").click()
    expect(page).to_have_url(re.compile(r"view=map"))
    expect(page.locator(".leaflet-container")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    page.locator(".sp-map").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "search-3-map.png"))

    # Back to the list, then open a service.
    page.get_by_role("link", name="Show as a list").click()
    link = page.locator(".sp-service-card h3 a").first
    name = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.screenshot(path=str(screenshot_dir / "search-4-service.png"), full_page=True)
    assert errors == []
