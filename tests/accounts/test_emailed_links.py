"""Emailed links point only at the configured site (BASE_URL), never at a request's Host."""

from __future__ import annotations

import pytest

from accounts.models import Role
from core.extensions import db
from tests.accounts.conftest import outbox_links

SITE = "https://signpost.example.org"


@pytest.fixture
def app_config():
    # No SERVER_NAME: commands run from cron have no request to take a host from.
    return {"BASE_URL": SITE, "SERVER_NAME": None}


def _reset_links(app, client, make_user, **request):
    with app.app_context():
        make_user(email="ruth@example.org")
        db.session.commit()
    response = client.post("/password-reset", data={"email": "ruth@example.org"}, **request)
    assert response.status_code == 200
    return outbox_links(app, "/password-reset/")


def test_reset_link_ignores_a_forged_host(app, client, make_user) -> None:
    (link,) = _reset_links(app, client, make_user, base_url="http://evil.example")
    assert link.startswith(f"{SITE}/password-reset/")


class TestBehindAProxy:
    @pytest.fixture
    def app_config(self):
        return {"BASE_URL": SITE, "SERVER_NAME": None, "TRUSTED_PROXIES": 1}

    def test_reset_link_ignores_a_forwarded_host(self, app, client, make_user) -> None:
        headers = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}
        (link,) = _reset_links(app, client, make_user, headers=headers)
        assert link.startswith(f"{SITE}/password-reset/")


def test_users_create_works_without_server_name(app, runner) -> None:
    result = runner.invoke(
        args=["users", "create", "--email", "new@example.org", "--role", "coordinator"]
    )
    assert result.exit_code == 0, result.output
    assert f"{SITE}/invitations/" in result.output


def test_lead_invitation_link_is_on_the_site(app, client, make_user, login) -> None:
    with app.app_context():
        lead = make_user(roles=[Role.CAPACITY_LEAD])
        db.session.commit()
        login(client, lead)
    response = client.post(
        "/admin/users/invite",
        data={"name": "Robin Ash", "email": "robin@example.org", "roles": ["coordinator"]},
    )
    assert response.status_code == 302
    (link,) = outbox_links(app, "/invitations/")
    assert link.startswith(f"{SITE}/invitations/")
