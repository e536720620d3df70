"""The self-check's pages with their errors, and an error page, in a real browser: each has an
<h1>, a title starting "Error: " when something is wrong, and passes axe at 1280 and 375 px."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from directory.themes import Theme
from tests.browser import check_page

pytestmark = pytest.mark.browser


def test_question_and_contact_errors(live_server: str, page: Page, screenshot_dir: Path):
    page.goto(f"{live_server}/self-check/questions/health")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    # The question is the h1 and still names its radio group.
    expect(page.get_by_role("group", name=heading.inner_text())).to_be_visible()
    check_page(page, "selfcheck-question", screenshot_dir)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    check_page(page, "selfcheck-question-error", screenshot_dir)

    for theme in Theme:
        page.request.post(
            f"{live_server}/self-check/questions/{theme.value}", form={"answer": "no"}
        )
    page.request.post(f"{live_server}/self-check/postcode", form={"postcode": "BL1 1BQ"})
    page.goto(f"{live_server}/self-check/contact")
    page.get_by_label("Your name").fill("Edna Crabtree")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Phone number (if you chose phone)").fill("call me maybe")
    page.get_by_label("Email address (if you chose email)").fill("half typed@")
    page.get_by_role("button", name="Send my request").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a phone number, like 01204 123456")
    expect(summary).not_to_contain_text("email address")
    check_page(page, "selfcheck-contact-errors", screenshot_dir)


def test_not_found_page(live_server: str, page: Page, screenshot_dir: Path):
    page.goto(f"{live_server}/no/such/page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert page.title().startswith("Error: Page not found")
    check_page(page, "error-404", screenshot_dir)
