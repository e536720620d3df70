"""With CSRF protection on (as in production): the public form and triage need the token."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from core.extensions import db
from referrals.intake_models import IntakeReferral, IntakeStatus
from tests.intake.conftest import REFERRAL_FORM
from tests.intake.test_intake import PHONED_IN, sign_in


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True}


def _token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the form has no CSRF token"
    return match.group(1)


def test_the_invited_referral_form_needs_its_token(app, client, people):
    sign_in(client, people.cara)
    form = {"team_id": people.north_id, "referrer_name": "Dr Asha Patel",
            "referrer_organisation": "Deane Surgery",
            "referrer_email": "asha@nhs.example"}  # fmt: skip
    page = client.get("/intake/invitations").get_data(as_text=True)
    made = client.post("/intake/invitations", data={**form, "csrf_token": _token(page)})
    link = re.search(r'<code id="new-link">([^<]+)</code>', made.get_data(as_text=True))[1]
    path = link.removeprefix(app.config["BASE_URL"])
    anonymous = app.test_client()
    assert anonymous.post(path, data=REFERRAL_FORM).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(IntakeReferral.id))) == 0
    token = _token(anonymous.get(path).get_data(as_text=True))
    assert anonymous.post(path, data={**REFERRAL_FORM, "csrf_token": token}).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count(IntakeReferral.id))) == 1


def test_a_triage_move_without_the_token_changes_nothing(app, client, people):
    sign_in(client, people.cara)
    page = client.get("/intake/new").get_data(as_text=True)
    form = {**PHONED_IN, "team_id": people.north_id, "csrf_token": _token(page)}
    referral_id = int(client.post("/intake/new", data=form).headers["Location"].rsplit("/", 1)[1])
    assert client.post(f"/intake/{referral_id}", data={"move": "reached"}).status_code == 400
    with app.app_context():
        assert db.session.get(IntakeReferral, referral_id).status is IntakeStatus.NEW
    detail = client.get(f"/intake/{referral_id}").get_data(as_text=True)
    moved = client.post(
        f"/intake/{referral_id}", data={"move": "reached", "csrf_token": _token(detail)}
    )
    assert moved.status_code == 302
