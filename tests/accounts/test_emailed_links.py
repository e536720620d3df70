"""Emailed links point only at the configured site (BASE_URL), never at a request's Host."""

from __future__ import annotations

import threading

import pytest

from accounts.models import Role
from core.extensions import db
from core.outbox import OutboxMessage
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


def _ask_reset(client, email, ip="10.0.0.1"):
    return client.post("/password-reset", data={"email": email}, environ_base={"REMOTE_ADDR": ip})


def _outbox(app):
    with app.app_context():
        return [
            (m.recipient, m.subject, m.text_body)
            for m in db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id))
        ]


def test_reset_answers_the_same_for_known_and_unknown_addresses(app, client, make_user) -> None:
    with app.app_context():
        make_user(email="ruth@example.org")
        db.session.commit()
    known = _ask_reset(client, "ruth@example.org")
    unknown = _ask_reset(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.data == unknown.data
    # The same work either way: one email to the address typed, with the same subject; only
    # the account's owner gets a link.
    (to_known, to_unknown) = _outbox(app)
    assert [to_known[0], to_unknown[0]] == ["ruth@example.org", "nobody@example.org"]
    assert to_known[1] == to_unknown[1]
    assert f"{SITE}/password-reset/" in to_known[2]
    assert "://" not in to_unknown[2] and "no active account" in to_unknown[2]


def test_reset_emails_are_limited_per_address_known_or_not(app, client, make_user) -> None:
    with app.app_context():
        make_user(email="ruth@example.org")
        db.session.commit()
    for email in ("ruth@example.org", "nobody@example.org"):
        answers = [_ask_reset(client, email, ip=f"10.0.1.{n}").status_code for n in range(4)]
        assert answers == [200, 200, 200, 429]
    assert len(_outbox(app)) == 6
    assert _ask_reset(client, "other@example.org", ip="10.0.1.9").status_code == 200


def test_reset_emails_are_limited_per_ip(app, client) -> None:
    answers = [_ask_reset(client, f"person{n}@example.org").status_code for n in range(11)]
    assert answers == [200] * 10 + [429]
    refused = _ask_reset(client, "someone.else@example.org")
    assert refused.status_code == 429
    assert "Too many password reset requests" in refused.get_data(as_text=True)
    assert _ask_reset(client, "someone.else@example.org", ip="10.9.9.9").status_code == 200


@pytest.mark.postgres_only
@pytest.mark.committed  # threads, each with its own connection
def test_simultaneous_reset_requests_respect_the_limit(app, is_postgres) -> None:
    if not is_postgres:
        pytest.skip("needs PostgreSQL: SQLite lets one writer in at a time, so there is no race")
    start = threading.Barrier(6)
    answers: list[int] = []

    def ask(n: int) -> None:
        client = app.test_client()
        start.wait(timeout=10)
        answers.append(_ask_reset(client, "nobody@example.org", ip=f"10.0.2.{n}").status_code)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(answers) == [200, 200, 200, 429, 429, 429]
    assert len(_outbox(app)) == 3
