"""With CSRF protection on (as in production), forms without the token are refused."""

from __future__ import annotations

import re
from typing import Any

import pytest

from accounts.api import api_blueprint
from accounts.models import Role, Team
from core.extensions import db
from tests.accounts.conftest import PASSWORD, sign_in_as


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True}


def _token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the form has no CSRF token"
    return match.group(1)


def test_login_without_the_token_is_refused(app, client, make_user):
    with app.app_context():
        make_user(email="sam@example.org")
        db.session.commit()
    response = client.post("/login", data={"email": "sam@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/account").status_code == 302


def test_login_with_the_token_works(app, client, make_user):
    with app.app_context():
        make_user(email="sam@example.org")
        db.session.commit()
    token = _token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": "sam@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_admin_form_without_the_token_changes_nothing(app, client, make_user):
    with app.app_context():
        lead = make_user(roles=[Role.CAPACITY_LEAD])
        db.session.commit()
        sign_in_as(client, lead)
    assert client.post("/admin/teams", data={"name": "Forged"}).status_code == 400
    token = _token(client.get("/admin/teams").get_data(as_text=True))
    assert (
        client.post("/admin/teams", data={"name": "Real", "csrf_token": token}).status_code == 302
    )
    with app.app_context():
        assert [t.name for t in db.session.scalars(db.select(Team))] == ["Real"]


@pytest.fixture
def api_write_app(app):
    """The app with an authenticated API write endpoint, as later features will add."""
    bp = api_blueprint("test_write_api", __name__, "/test")

    @bp.post("/echo")
    def echo():
        return {"ok": True}

    app.register_blueprint(bp)
    return app


@pytest.mark.own_app
def test_session_api_writes_need_the_csrf_header(api_write_app, make_user):
    app = api_write_app
    client = app.test_client()
    with app.app_context():
        user = make_user()
        db.session.commit()
        sign_in_as(client, user)
    assert client.post("/api/v1/test/echo").status_code == 400
    token = _token(client.get("/account/tokens").get_data(as_text=True))
    response = client.post("/api/v1/test/echo", headers={"X-CSRFToken": token})
    assert response.status_code == 200


@pytest.mark.own_app
def test_bearer_token_api_writes_need_no_csrf(api_write_app, make_user):
    from accounts.services import create_token

    app = api_write_app
    with app.app_context():
        user = make_user()
        _, plaintext = create_token(user, "script")
        db.session.commit()
    response = app.test_client().post(
        "/api/v1/test/echo", headers={"Authorization": f"Bearer {plaintext}"}
    )
    assert response.status_code == 200
    assert response.get_json() == {"ok": True}
