"""API tokens and /api/v1/me: hashed at rest, shown once, revocable, last use recorded."""

from __future__ import annotations

import hashlib
import re

from accounts.models import ApiToken, Role
from core.extensions import db
from tests.accounts.conftest import sign_in_as


def _create_token(app, client, make_user, make_organisation):
    with app.app_context():
        org = make_organisation(name="Carers Network")
        user = make_user(
            roles=[Role.PROVIDER], organisations=[org], email="p@example.org", name="Pat"
        )
        db.session.commit()
        sign_in_as(client, user)
    page = client.post("/account/tokens", data={"name": "Report script"}).get_data(as_text=True)
    plaintext = re.search(r'id="new-token">([^<]+)<', page).group(1)
    return plaintext


def test_token_is_shown_once_and_stored_hashed(app, client, make_user, make_organisation):
    plaintext = _create_token(app, client, make_user, make_organisation)
    assert plaintext.startswith("sp_")
    assert plaintext not in client.get("/account/tokens").get_data(as_text=True)
    with app.app_context():
        token = db.session.scalars(db.select(ApiToken)).one()
        assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
        assert plaintext not in (token.token_hash, token.prefix)


def test_me_answers_to_a_bearer_token_and_records_use(app, client, make_user, make_organisation):
    plaintext = _create_token(app, client, make_user, make_organisation)
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["email"] == "p@example.org"
    assert body["roles"] == ["provider"]
    assert body["organisations"][0]["organisation_name"] == "Carers Network"
    assert "password_hash" not in body
    assert "Set-Cookie" not in response.headers
    with app.app_context():
        assert db.session.scalars(db.select(ApiToken)).one().last_used_at is not None


def test_me_answers_to_a_session(app, client, make_user, make_organisation):
    _create_token(app, client, make_user, make_organisation)
    assert client.get("/api/v1/me").get_json()["name"] == "Pat"


def test_bad_and_missing_tokens_get_401_json(client):
    for headers in ({}, {"Authorization": "Bearer sp_nonsense"}, {"Authorization": "Basic x"}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.get_json()["status"] == 401


def test_revoked_token_stops_working(app, client, make_user, make_organisation):
    plaintext = _create_token(app, client, make_user, make_organisation)
    with app.app_context():
        token_id = db.session.scalars(db.select(ApiToken.id)).one()
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 302
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert response.status_code == 401


def test_token_of_a_deactivated_user_stops_working(app, client, make_user, make_organisation):
    plaintext = _create_token(app, client, make_user, make_organisation)
    with app.app_context():
        db.session.scalars(db.select(ApiToken)).one().user.active = False
        db.session.commit()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert response.status_code == 401


def test_a_bearer_request_ignores_the_session_cookie(app, client, make_user, make_organisation):
    _create_token(app, client, make_user, make_organisation)
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer sp_wrong"})
    assert response.status_code == 401


def test_token_name_is_required(app, client, make_user):
    with app.app_context():
        user = make_user()
        db.session.commit()
        sign_in_as(client, user)
    response = client.post("/account/tokens", data={"name": " "})
    assert response.status_code == 400
    assert b"Enter a name for the token" in response.data
