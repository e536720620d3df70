"""Find support for a client, in a real browser: from the client's page through search and back.

Desktop and 375 px, with axe and the reflow check on every new page state (check_page).
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.extensions import db
from referrals.models import Action, ActionKind, Referral
from tests.accounts.conftest import PASSWORD
from tests.browser import check_page
from tests.isolation import Start


@pytest.fixture
def starting_database(demo_start: Start) -> Start:
    return demo_start


@pytest.mark.browser
def test_find_support_for_a_client_and_act_on_results(
    app: Flask, make_user, make_client, live_server: str, page: Page, screenshot_dir
) -> None:
    with app.app_context():
        coordinator = make_user(name="Cara Coordinator")
        person = make_client(
            coordinator, first_name="Margaret", last_name="Cooper", postcode="BL4 7EB"
        )
        db.session.commit()
        email, client_id = coordinator.email, person.id

    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/clients/{client_id}")
    check_page(page, "finding-client", screenshot_dir)

    # Search carrying Margaret: the banner says so on results.
    page.get_by_role("link", name="Find support for Margaret Cooper").click()
    expect(page.get_by_text("Searching for Margaret Cooper")).to_be_visible()
    page.get_by_label("What are you looking for?").fill("lonely")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("Searching for Margaret Cooper")).to_be_visible()
    assert f"for_client={client_id}" in page.url and "Margaret" not in page.url
    check_page(page, "finding-results", screenshot_dir)

    # "Add to list" on the first result: back on Margaret's page, with a success banner.
    first = page.locator(".sp-service-card").first
    name = first.locator("h3 a").inner_text()
    first.get_by_role("button", name=re.compile("^Add to list")).click()
    expect(page.get_by_role("heading", name="Margaret Cooper", exact=True)).to_be_visible()
    expect(page.get_by_text(f"{name} added to Margaret’s list")).to_be_visible()
    check_page(page, "finding-added", screenshot_dir)

    # Through a result to its service page, still carrying her; record information given.
    page.get_by_role("link", name="Find support for Margaret Cooper").click()
    page.get_by_label("What are you looking for?").fill("debt advice")
    page.get_by_role("button", name="Search", exact=True).click()
    page.locator(".sp-service-card h3 a").first.click()
    expect(page.get_by_text("Searching for Margaret Cooper")).to_be_visible()
    service = page.get_by_role("heading", level=1).inner_text()
    check_page(page, "finding-service", screenshot_dir)
    page.get_by_role("button", name=re.compile("^Record as information given")).click()
    expect(page.get_by_text(f"Recorded: information given about {service}")).to_be_visible()

    # "Refer" from a result: the referral form, then back on her page.
    page.get_by_role("link", name="Find support for Margaret Cooper").click()
    page.get_by_label("What are you looking for?").fill("befriending")
    page.get_by_role("button", name="Search", exact=True).click()
    page.locator(".sp-result-actions").get_by_role("link", name=re.compile("^Refer")).first.click()
    referred = page.get_by_role("heading", level=1).inner_text().removeprefix("Refer to ")
    page.get_by_label("Theme").select_option("friends_and_family")
    page.get_by_label("Why are you referring Margaret?").fill("Would like a weekly chat")
    page.locator("input[name='consent']").check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_text(f"Referral sent to {referred}")).to_be_visible()

    # Stop searching for her: the same search, no banner, no actions.
    page.get_by_role("link", name="Find support for Margaret Cooper").click()
    page.get_by_role("link", name="Stop searching for this person").click()
    expect(page.get_by_text("Searching for")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Add to list"))).to_have_count(0)

    # The referral and list pickers are the search: paged, with room shown.
    page.goto(f"{live_server}/clients/{client_id}/referrals/new")
    page.get_by_label("What are you looking for?").fill("lonely")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("link", name=re.compile("^Choose ")).first).to_be_visible()
    check_page(page, "finding-referral-picker", screenshot_dir)
    page.goto(f"{live_server}/clients/{client_id}/shortlist?theme=friends_and_family")
    expect(page.get_by_text("See the list")).to_be_visible()
    page.locator("input[name='service_ids']").nth(1).check()
    check_page(page, "finding-list-picker", screenshot_dir)
    page.get_by_role("button", name="Add ticked services to the list").click()
    expect(page.get_by_role("heading", name=re.compile("Services for Margaret"))).to_be_visible()

    with app.app_context():
        kinds = [
            a.kind for a in db.session.scalars(select(Action).where(Action.client_id == client_id))
        ]
        assert kinds.count(ActionKind.SERVICE_RECOMMENDATION) == 2
        assert ActionKind.INFORMATION_GIVEN in kinds
        assert db.session.scalars(select(Referral)).first() is not None
