"""WCAG 1.4.10 reflow: the working pages fit a 375 px phone (and 320 px) without sideways
scrolling, and pass axe, as each user who works on them; wide tables scroll in their own box."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from accounts.models import User
from core.extensions import db
from directory.models import Service
from directory.services import listed_services_query
from frontdoors import partners
from referrals.models import Assessment, Client
from seeds.users import DEMO_PASSWORD
from tests.browser import DESKTOP, PHONE, check_page
from tests.isolation import Start

pytestmark = pytest.mark.browser


@pytest.fixture
def starting_database(demo_start: Start) -> Start:
    """The whole demo borough: full caseloads, wheels, listings and an audit log."""
    return demo_start


def _sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def _client_with_a_wheel(app: Flask, email: str) -> int:
    """One of the co-ordinator's own clients with the most wheels (the chart is widest)."""
    with app.app_context():
        return db.session.scalar(
            select(Client.id)
            .join(Assessment, Assessment.client_id == Client.id)
            .join(User, User.id == Client.owner_id)
            .where(User.email == email)
            .group_by(Client.id)
            .order_by(func.count(Assessment.id).desc(), Client.id)
            .limit(1)
        )


def _partner_refers(app: Flask, email: str) -> None:
    """The demo partner has referred nobody yet: three referrals fill their table."""
    with app.app_context():
        partner = db.session.scalars(select(User).where(User.email == email)).one()
        listed = db.session.scalars(listed_services_query().order_by(Service.name))
        services = [s for s in listed if s.accepts_signpost_referrals][:3]
        partners.send_referrals(
            partner,
            {
                "consent": True,
                "first_name": "Bartholomew-Maximilian",
                "last_name": "Openshaw",
                "postcode": "BL1 1BQ",
                "contact_preference": "phone",
                "phone": "01204 555 0177",
            },
            [(service.themes[0], service.uuid) for service in services],
            "Cold home",
        )
        db.session.commit()


COORDINATOR = "sam.taylor@example.org"
PAGES = [
    (COORDINATOR, "/caseload", "Your caseload"),
    (COORDINATOR, "/clients", "Clients"),
    (COORDINATOR, "client", None),
    ("provider@example.org", "/manage", "Your listings"),
    ("partner@example.org", "/partner/referrals", "My referrals"),
    ("lead@example.org", "/admin/audit", "Audit log"),
]


@pytest.mark.parametrize(("email", "path", "heading"), PAGES, ids=[p[1] for p in PAGES])
def test_working_pages_fit_a_phone(
    app: Flask, live_server: str, page: Page, screenshot_dir: Path, email, path, heading
):
    if path == "client":
        path = f"/clients/{_client_with_a_wheel(app, email)}"
        expect_table = "Wellbeing wheel"
    elif path == "/partner/referrals":
        _partner_refers(app, email)
        expect_table = "Bartholomew-Maximilian"
    else:
        expect_table = None
    _sign_in(page, live_server, email)
    page.goto(live_server + path)
    title = page.get_by_role("heading", level=1)
    if heading:
        expect(title).to_have_text(heading)
    else:
        expect(title).not_to_have_text("Page not found")
    if expect_table:
        expect(page.get_by_text(expect_table).first).to_be_visible()
    name = "reflow-" + (path.strip("/").split("/")[-1] if heading else "client")
    check_page(page, name, screenshot_dir, widths=(DESKTOP, PHONE, 320))
    if path.startswith("/clients/"):
        # At 320 px (check_page's last width) the wheel's caption wraps inside the page
        # rather than running out of sight in the table's scroll box.
        caption = page.locator("#wheel-scores-caption").bounding_box()
        assert caption is not None and caption["x"] + caption["width"] <= 320
