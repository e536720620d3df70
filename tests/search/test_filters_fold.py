"""On a phone the search filters fold behind "Filters (N active)" so the results come first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser import DESKTOP, PHONE, check_page

QUERY = "/search?q=lonely&near=BL3+2JD&theme=friends_and_family&free=true&language=Urdu"


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("/search?q=lonely", 0),
        (QUERY, 3),
        ("/search?theme=money&theme=health&accessibility=step_free&day=&age=", 3),
    ],
)
def test_the_button_counts_the_active_filters(demo_app: Flask, query: str, count: int):
    html = demo_app.test_client().get(query).get_data(as_text=True)
    assert re.search(r"<summary[^>]*>Filters <span[^>]*>\((\d+) active\)", html).group(1) == str(
        count
    )
    # Closed unless a filter has an error to show: with no JavaScript it opens on a click.
    assert '<details class="sp-filters-toggle">' in html


def test_a_filter_error_opens_the_filters(demo_app: Flask):
    response = demo_app.test_client().get("/search?q=lonely&age=300")
    assert response.status_code == 400
    assert '<details class="sp-filters-toggle" open>' in response.get_data(as_text=True)


@pytest.mark.browser
def test_results_come_first_on_a_phone(page: Page, demo_live_server: str, screenshot_dir: Path):
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(demo_live_server + QUERY)
    toggle = page.get_by_text(re.compile(r"^Filters \(3 active\)"))
    expect(toggle).to_be_visible()
    free = page.get_by_label(re.compile(r"^Free only"))
    expect(free).to_be_hidden()
    first = page.locator(".sp-service-card").first
    expect(first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "search-phone-first-screen.png"))
    # The first result follows the folded filters at once, not after sixty checkboxes (it
    # began about 3,440 px down before); only the search form itself comes before them.
    gap = first.bounding_box()["y"] - toggle.bounding_box()["y"]
    assert 0 < gap < 250
    check_page(page, "search-phone-filters-closed", screenshot_dir, widths=(PHONE,))

    toggle.click()
    expect(free).to_be_visible()
    expect(free).to_be_checked()
    check_page(page, "search-phone-filters-open", screenshot_dir, widths=(PHONE, 320))

    # On a desktop the filters are always open beside the results, with no button.
    page.goto(demo_live_server + QUERY)
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    expect(toggle).to_be_hidden()
    expect(free).to_be_visible()
    check_page(page, "search-desktop", screenshot_dir, widths=(DESKTOP,))


@pytest.mark.browser
def test_the_map_view_keeps_its_list_and_fits_a_phone(
    page: Page, demo_live_server: str, screenshot_dir: Path
):
    page.goto(demo_live_server + QUERY + "&view=map")
    region = page.get_by_role("region", name=re.compile(r"^Map of \d+ services found"))
    expect(region.locator(".leaflet-container")).to_be_visible()
    # The written list of the services on the map stays in view under it.
    listed = region.locator(".sp-map__fallback li")
    expect(listed.first).to_be_visible()
    assert listed.first.bounding_box()["width"] > 100
    check_page(page, "search-map", screenshot_dir)
