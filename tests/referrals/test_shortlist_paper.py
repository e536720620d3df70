"""A shortlist given to a person works on paper and in their email: where, when, how to get
in touch and one line about each service; no raw web addresses; a Print button."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from core.outbox import OutboxMessage
from directory.printable import one_line_summary, web_host
from directory.themes import Theme
from tests.accounts.conftest import PASSWORD
from tests.browser import check_page
from tests.referrals.test_caseload_pages import shortlist_site  # noqa: F401
from tests.referrals.test_views import read, sign_in

LONG = (
    "A friendly walk every week for people who want to get a little fitter, meet others and "
    "see more of the town, led by trained volunteers who go at your pace. Bring good shoes."
)


@pytest.fixture
def paper_site(app, request, shortlist_site):  # noqa: F811 - the fixture imported above
    """Shazia's co-ordinator, a walk with a place and times, and a refuge whose address must
    never be printed."""
    with app.app_context():
        make_service = request.getfixturevalue("make_service")
        walk = make_service(
            name="Town walks",
            themes=[Theme.HEALTH],
            description=LONG,
            website="https://walks.example.org/bolton/?ref=signpost",
            contact_phone="01204 496 0001",
            contact_email="walks@example.org",
            lat=53.578,
            lon=-2.429,
            schedule=[(2, "10:00", "11:30")],
        )
        refuge = make_service(
            name="Safe space", themes=[Theme.HEALTH], lat=53.571, lon=-2.421, confidential=True
        )
        refuge.locations[0].address_1 = "9 Hidden Lane"
        refuge.locations[0].postcode = "BL9 9ZZ"
        db.session.commit()
        return SimpleNamespace(
            client_id=shortlist_site.client_id,
            coordinator=shortlist_site.coordinator,
            service_ids=[walk.id, refuge.id],
        )


def _make_list(client, site) -> str:
    sign_in(client, site.coordinator)
    made = client.post(
        f"/clients/{site.client_id}/shortlist",
        data={"service_ids": [str(i) for i in site.service_ids], "kind": "information_given"},
    )
    assert made.status_code == 302
    return made.headers["Location"]


def _no_raw_urls(text: str) -> None:
    assert not re.search(r"\w+://", text), re.findall(r"\w+://\S+", text)


def _confidential_address_absent(text: str) -> None:
    assert "9 Hidden Lane" not in text and "BL9 9ZZ" not in text


def test_the_printed_list_has_where_when_contact_and_a_line_about_each(client, paper_site) -> None:
    path = _make_list(client, paper_site)
    html = client.get(path).get_data(as_text=True)
    main = html[html.index("<main") : html.index("</main>")]
    assert "Town walks venue, 1 High Street, Bolton, BL1 1AA" in main
    assert "Wednesdays 10am to 11:30am" in main
    assert "How to get in touch" in main and "01204 496 0001" in main
    assert "walks@example.org" in main
    assert "Website: walks.example.org/bolton?ref=signpost" in main
    assert one_line_summary(LONG) in main and "Bring good shoes" not in main
    assert "data-print" in main and "Print this list" in main
    _no_raw_urls(main)
    _confidential_address_absent(html)


def test_the_emailed_list_is_the_same(app, client, paper_site) -> None:
    path = _make_list(client, paper_site)
    assert client.post(f"{path}/email").status_code == 302
    [body] = read(app, select(OutboxMessage.text_body))
    assert "Where: Town walks venue, 1 High Street, Bolton, BL1 1AA" in body
    assert "When: Wednesdays 10am to 11:30am" in body
    assert "How to get in touch: Phone: 01204 496 0001" in body
    assert one_line_summary(LONG) in body
    _no_raw_urls(body)
    _confidential_address_absent(body)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Tea and chat. Every Monday.", "Tea and chat."),
        ("  Tea\nand   chat  ", "Tea and chat"),
        ("word " * 60, ("word " * 60)[:140].rsplit(" ", 1)[0] + "…"),
        ("", ""),
    ],
)
def test_one_line_summary(text: str, line: str) -> None:
    assert one_line_summary(text) == line


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.example.org/", "www.example.org"),
        ("http://example.org/a/b?x=1", "example.org/a/b?x=1"),
        ("example.org", "example.org"),
    ],
)
def test_web_host(url: str, host: str) -> None:
    assert web_host(url) == host


@pytest.mark.browser
def test_print_button_and_paper_layout(
    app, live_server, page: Page, screenshot_dir: Path, paper_site
) -> None:
    path = _make_list(app.test_client(), paper_site)
    with app.app_context():
        email = db.session.get(User, int(paper_site.coordinator.split(".")[0])).email
    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server + path)
    button = page.get_by_role("button", name="Print this list")
    expect(button).to_be_visible()
    check_page(page, "shortlist", screenshot_dir)
    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    expect(page.get_by_text("1 High Street").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "shortlist-print.png"), full_page=True)
