"""In a real browser: a sign-off with a reason and the exit questionnaire, approved by the team
leader, and a reallocation; each page checked with axe and for reflow at 1280 and 375 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from directory.themes import Theme
from referrals.closing_models import ExitAnswer
from referrals.models import Client, ClientStatus
from tests.accounts.conftest import PASSWORD
from tests.browser import check_page
from tests.supervision.test_supervision import set_rules


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.browser
def test_sign_off_through_approval_and_a_reallocation(
    app, teams, make_client, live_server, page: Page, screenshot_dir
) -> None:
    set_rules(app, teams.north_id, True, ["Staying Well has improved my confidence"], rating=True)
    with app.app_context():
        cara = db.session.get(User, teams.cara_id)
        nora = make_client(cara, first_name="Nora", last_name="Ainsworth", team_id=teams.north_id)
        db.session.commit()
        nora_id = nora.id

    # The co-ordinator signs Maud off with a reason and her answers.
    sign_in(page, live_server, teams.cara_email)
    page.goto(f"{live_server}/clients/{teams.maud_id}")
    page.get_by_role("link", name="Sign off").click()
    expect(page.get_by_role("heading", name="Sign off", exact=True)).to_be_visible()
    page.get_by_role("button", name="Sign off Maud").click()  # nothing chosen: errors
    expect(page.get_by_text("Choose why the case is closing").first).to_be_visible()
    check_page(page, "sign-off-errors", screenshot_dir)
    page.get_by_label("Goals met").check()
    page.get_by_label("Closing note").fill("Goes to the lunch club every week.")
    for theme in Theme:
        page.locator(f'input[name="score-{theme.value}"][value="4"]').check()
    page.get_by_label("Agree", exact=True).check()
    page.get_by_label("How would you rate the service").fill("9")
    check_page(page, "sign-off-form", screenshot_dir)
    page.get_by_role("button", name="Sign off Maud").click()
    expect(page.get_by_text("Sign-off sent to a team leader for approval")).to_be_visible()
    expect(page.locator("#sign-off-status")).to_contain_text("awaiting a team leader")

    # The team leader approves it from their team page.
    leader = page.context.browser.new_context().new_page()
    sign_in(leader, live_server, teams.lena_email)
    leader.goto(f"{live_server}/team")
    expect(leader.get_by_role("heading", name="Your teams")).to_be_visible()
    check_page(leader, "team-caseloads", screenshot_dir)
    leader.locator(f"#awaiting-{teams.north_id}").get_by_role(
        "link", name="Maud Hargreaves"
    ).click()
    expect(leader.get_by_text("Goes to the lunch club every week.")).to_be_visible()
    check_page(leader, "sign-off-decision", screenshot_dir)
    leader.get_by_label("Approve: the case closes").check()
    leader.get_by_role("button", name="Save decision").click()
    expect(leader.get_by_text("Sign-off approved")).to_be_visible()

    # And reallocates Nora from Cara to Colin.
    leader.goto(f"{live_server}/team/clients/{nora_id}/reallocate")
    check_page(leader, "reallocate", screenshot_dir)
    leader.get_by_label("New co-ordinator").select_option(str(teams.colin_id))
    leader.get_by_role("button", name="Reallocate").click()
    expect(leader.get_by_text("Client reallocated")).to_be_visible()
    leader.goto(f"{live_server}/team/{teams.north_id}/summary")
    check_page(leader, "weekly-summary", screenshot_dir)
    leader.context.close()

    with app.app_context():
        maud = db.session.get(Client, teams.maud_id)
        assert maud.status is ClientStatus.SIGNED_OFF
        assert db.session.get(Client, nora_id).owner_id == teams.colin_id
        answers = [(a.statement, a.score) for a in db.session.scalars(select(ExitAnswer))]
        assert answers == [("Staying Well has improved my confidence", 4), ("", 9)]
