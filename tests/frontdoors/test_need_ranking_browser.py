"""Need-ranked suggestions in a real browser: the self-check report and the partner's choices,
with an age, at desktop and 375 px, axe and the reflow check on each page (check_page)."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from directory.themes import Theme
from seeds.users import DEMO_PASSWORD
from tests.browser import check_page


@pytest.mark.browser
def test_self_check_report_with_an_age(
    demo: Flask, live_server: str, page: Page, screenshot_dir
) -> None:
    page.goto(f"{live_server}/self-check")
    page.get_by_role("button", name="Start now").click()
    for theme in Theme:
        yes = theme in (Theme.FRIENDS_AND_FAMILY, Theme.HOUSE_AND_HOME)
        page.get_by_label("Yes" if yes else "No", exact=True).check()
        page.get_by_role("button", name="Continue").click()
    page.get_by_label("What is your postcode?").fill("BL1 1BQ")
    page.get_by_label("How old are you? (optional)").fill("old")
    page.get_by_role("button", name="Show my report").click()
    expect(page.get_by_text("Enter your age as a number").first).to_be_visible()
    check_page(page, "need-postcode-error", screenshot_dir)
    page.get_by_label("How old are you? (optional)").fill("82")
    page.get_by_role("button", name="Show my report").click()
    expect(page.get_by_text("open to people aged 82")).to_be_visible()
    friends = page.locator("section", has=page.locator("#theme-friends_and_family"))
    expect(friends.get_by_role("link", name="Telephone befriending")).to_be_visible()
    expect(page.get_by_text("Kinship carers group")).to_have_count(0)
    home = page.locator("section", has=page.locator("#theme-house_and_home"))
    expect(home.get_by_role("link", name="Energy and fuel poverty advice")).to_be_visible()
    check_page(page, "need-report", screenshot_dir)


@pytest.mark.browser
def test_partner_suggestions_fit_the_need(
    demo: Flask, live_server: str, page: Page, screenshot_dir
) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill("partner@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/partner/checklist")
    page.get_by_label("The person agrees to be referred").check()
    page.get_by_label("First name").fill("Walter")
    page.get_by_label("Postcode").fill("BL1 1BQ")
    page.get_by_label("Age (optional)").fill("79")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Phone number").fill("01204 555 0177")
    page.get_by_label("Home is cold, damp").check()
    page.get_by_label("Lonely or rarely sees anyone").check()
    page.get_by_role("button", name="Find services").click()
    expect(page.get_by_role("heading", name="Choose services for Walter")).to_be_visible()
    expect(page.get_by_text("open to someone aged 79")).to_be_visible()
    expect(page.get_by_text("Kinship carers group")).to_have_count(0)
    expect(page.get_by_text("Veterans' welfare drop-in")).to_have_count(0)
    expect(page.get_by_role("link", name="About Telephone befriending")).to_be_visible()
    check_page(page, "need-partner-suggestions", screenshot_dir)
