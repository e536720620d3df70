"""The letter and the coded-activity export in a browser: they fit 375 and 320 px and pass axe."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.extensions import db
from referrals.coding_models import CodedEntry
from referrals.models import Client, ClientStatus
from tests.browser import DESKTOP, PHONE, check_page
from tests.isolation import Start
from tests.referrals.test_reflow_browser import _sign_in

pytestmark = pytest.mark.browser
COORDINATOR = "sam.taylor@example.org"


@pytest.fixture
def starting_database(demo_start: Start) -> Start:
    return demo_start


def _signed_off_client(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Client.id)
            .where(Client.status == ClientStatus.SIGNED_OFF, Client.practice_id.is_not(None))
            .join(Client.owner)
            .where(Client.owner.has(email=COORDINATOR))
            .order_by(Client.id)
            .limit(1)
        )


def test_the_letter_page_fits_a_phone(app: Flask, live_server: str, page: Page,
                                      screenshot_dir: Path) -> None:  # fmt: skip
    client_id = _signed_off_client(app)
    _sign_in(page, live_server, COORDINATOR)
    page.goto(f"{live_server}/clients/{client_id}")
    page.get_by_role("link", name="Write the letter to the GP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Letter to the GP and referrer")
    expect(page.get_by_role("link", name="Download the letter (PDF)")).to_be_visible()
    check_page(page, "gp-letter", screenshot_dir, widths=(DESKTOP, PHONE, 320))


def test_the_coded_activity_page_fits_a_phone(app: Flask, live_server: str, page: Page,
                                              screenshot_dir: Path) -> None:  # fmt: skip
    with app.app_context():
        clients = db.session.scalars(select(Client).order_by(Client.id).limit(8)).all()
        for client in clients:
            db.session.add(
                CodedEntry(client=client, event="referral_to_social_prescribing",
                           concept_id="871731000000106",
                           term="Referral to social prescribing service (procedure)",
                           recorded_on=date(2026, 2, 3), practice_ods=client.practice_code)
            )  # fmt: skip
        db.session.commit()
    _sign_in(page, live_server, "lead@example.org")
    page.goto(f"{live_server}/coded-activity")
    page.get_by_label("Day").first.fill("1")
    page.get_by_label("Month").first.fill("2")
    page.get_by_label("Year").first.fill("2026")
    page.get_by_label("Day").nth(1).fill("28")
    page.get_by_label("Month").nth(1).fill("2")
    page.get_by_label("Year").nth(1).fill("2026")
    page.get_by_role("button", name="Show coded activity").click()
    expect(page.get_by_role("heading", name="8 coded entries")).to_be_visible()
    check_page(page, "coded-activity", screenshot_dir, widths=(DESKTOP, PHONE, 320))
    # A period the wrong way round: the error summary, the field error, the input kept.
    page.get_by_label("Day").nth(1).fill("1")
    page.get_by_label("Month").nth(1).fill("1")
    page.get_by_role("button", name="Show coded activity").click()
    expect(page.get_by_role("alert")).to_contain_text("The last day must be the same as or after")
    expect(page.get_by_label("Day").first).to_have_value("1")
    check_page(page, "coded-activity-error", screenshot_dir, widths=(PHONE,))
