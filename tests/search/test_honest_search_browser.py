"""In a real browser: the honest messages and the nearest matches beyond the radius."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import DESKTOP, PHONE, check_page

pytestmark = pytest.mark.browser


def test_unknown_words_repairs_and_matches_beyond_the_radius(
    page: Page, demo_live_server: str, screenshot_dir: Path
):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Words that match nothing are named, and no guess is made from the one word left.
    page.goto(demo_live_server + "/search?q=xylophone+repair+quantum&near=BL1+1PP")
    message = page.locator("#unmatched")
    expect(message).to_contain_text("No services mention ‘xylophone’ or ‘quantum’")
    expect(page.get_by_role("heading", name=re.compile(r"^0 services found"))).to_be_visible()
    check_page(page, "search-unmatched", screenshot_dir, widths=(DESKTOP, PHONE, 320))
    page.get_by_role("link", name="Search for “repair” alone").click()
    expect(page).to_have_url(re.compile(r"q=repair"))
    expect(page.locator(".sp-service-card").first).to_be_visible()

    # A misspelling is repaired, and the words as typed are one link away.
    page.goto(demo_live_server + "/search?q=demensia&near=BL3+3NY")
    expect(page.locator("#corrected")).to_contain_text("Showing results for “dementia”")
    expect(page.locator(".sp-service-card h3 a").first).to_contain_text("Dementia")
    check_page(page, "search-corrected", screenshot_dir, widths=(DESKTOP, PHONE, 320))
    page.get_by_role("link", name="search instead for “demensia”").click()
    expect(page).to_have_url(re.compile(r"exact=true"))
    expect(page.locator("#unmatched")).to_contain_text("No services mention ‘demensia’")

    # Nothing within 1 km: the nearest matches further away, each with its distance.
    page.goto(demo_live_server + "/search?q=swimming&near=BL4+9DS&radius=1")
    block = page.locator("#beyond-radius")
    expect(block).to_contain_text("No services match within 1 km of BL4 9DS")
    expect(block.get_by_role("heading", name=re.compile("further away"))).to_be_visible()
    expect(block.locator(".sp-beyond__item").first).to_contain_text("Gentle aqua fit")
    expect(block.locator(".sp-beyond__distance").first).to_have_text(re.compile(r"km away$"))
    check_page(page, "search-beyond-radius", screenshot_dir, widths=(DESKTOP, PHONE, 320))
    block.get_by_role("link", name="Gentle aqua fit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gentle aqua fit")
    assert errors == []
