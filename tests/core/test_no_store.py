"""Answers that may hold personal data tell every cache not to keep them (no-store)."""

from __future__ import annotations

from flask import Flask

from accounts.models import User
from accounts.services import create_token
from core.extensions import db
from tests.referrals.conftest import PEOPLE
from tests.referrals.test_views import sign_in


def _pages(app: Flask) -> list[str]:
    """Every GET route that takes no argument."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and not rule.arguments and rule.endpoint != "static"
    )


def test_every_page_and_api_answer_to_a_signed_in_user_is_no_store(client, site) -> None:
    pages = _pages(client.application)
    assert "/caseload" in pages and "/api/v1/clients" in pages
    pages += [f"/clients/{site.client_id}", f"/api/v1/clients/{site.client_id}"]
    missing = []
    answered = 0
    for person in PEOPLE:
        sign_in(client, getattr(site, person))
        for page in pages:
            response = client.get(page)
            if response.status_code < 400:
                answered += 1
                if response.headers.get("Cache-Control") != "no-store":
                    missing.append((person, page, response.status_code))
    assert answered > 100 and not missing


def test_api_answers_to_a_token_are_no_store(app: Flask, client, site) -> None:
    with app.app_context():
        _token, plaintext = create_token(db.session.get(User, site.coordinator_id), "script")
        db.session.commit()
    answer = client.get(
        f"/api/v1/clients/{site.client_id}", headers={"Authorization": f"Bearer {plaintext}"}
    )
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"


def test_pages_behind_an_emailed_secret_link_are_no_store(client) -> None:
    for path in ("/r/not-a-real-token", "/password-reset/nope", "/invitations/nope"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_public_files_stay_cacheable(client) -> None:
    with client.get("/static/js/app.js") as answer:
        assert answer.status_code == 200
        assert "no-store" not in answer.headers.get("Cache-Control", "")
