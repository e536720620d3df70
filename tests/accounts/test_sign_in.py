"""Signing in and out: generic errors, throttling, safe redirects, session lifetime."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from accounts import throttle
from accounts.auth import LAST_SEEN, safe_next
from accounts.models import AuditEvent, LoginAttempt, Role, User
from core.extensions import db
from core.models import utcnow
from tests.accounts.conftest import PASSWORD

GENERIC = "Enter a correct email address and password"


def _user(app: Flask, make_user: Any, **fields: Any) -> int:
    with app.app_context():
        user = make_user(roles=[Role.COORDINATOR], email="sam@example.org", **fields)
        db.session.commit()
        return user.id


def _login(client: FlaskClient, email: str, password: str, ip: str = "10.0.0.1", **extra: Any):
    return client.post(
        "/login",
        data={"email": email, "password": password, **extra},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_correct_details_sign_in_and_record_last_login(app, client, make_user):
    user_id = _user(app, make_user)
    response = _login(client, "Sam@Example.org ", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/caseload"  # a co-ordinator's home
    assert client.get("/account").status_code == 200
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.last_login_at is not None
        events = db.session.scalars(db.select(AuditEvent)).all()
        assert [(e.action, e.record_type, e.record_id) for e in events] == [
            ("sign_in", "user", str(user_id))
        ]


def test_cookie_is_httponly_and_samesite_lax(app, client, make_user):
    _user(app, make_user)
    cookie = _login(client, "sam@example.org", PASSWORD).headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


@pytest.mark.parametrize(
    ("email", "password"),
    [("sam@example.org", "wrong password"), ("nobody@example.org", PASSWORD)],
    ids=["wrong-password", "unknown-account"],
)
def test_failures_say_the_same_thing_whatever_went_wrong(app, client, make_user, email, password):
    _user(app, make_user)
    response = _login(client, email, password)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert GENERIC in page
    assert 'value="' + email + '"' in page  # what was typed is kept
    assert "wrong password" not in page and PASSWORD not in page


def test_inactive_and_uninvited_accounts_get_the_generic_message(app, client, make_user):
    with app.app_context():
        make_user(email="gone@example.org", active=False)
        make_user(email="invited@example.org", password=False)
        db.session.commit()
    for email in ("gone@example.org", "invited@example.org"):
        response = _login(client, email, PASSWORD)
        assert GENERIC in response.get_data(as_text=True)


def test_blank_fields_get_specific_messages(client):
    page = client.post("/login", data={}).get_data(as_text=True)
    assert "Enter your email address" in page
    assert "Enter your password" in page


def test_account_is_locked_after_five_failures_even_with_the_right_password(app, client, make_user):
    _user(app, make_user)
    for _ in range(5):
        assert _login(client, "sam@example.org", "wrong").status_code == 400
    response = _login(client, "sam@example.org", PASSWORD, ip="10.0.0.2")
    assert response.status_code == 429
    assert "Too many attempts, try again in 15 minutes" in response.get_data(as_text=True)


def test_unknown_accounts_lock_the_same_way(client):
    for _ in range(5):
        _login(client, "nobody@example.org", "wrong")
    response = _login(client, "nobody@example.org", "wrong")
    assert response.status_code == 429


def test_ip_is_locked_after_twenty_failures_across_accounts(app, client, make_user):
    _user(app, make_user)
    for n in range(20):
        _login(client, f"guess{n}@example.org", "wrong", ip="10.9.9.9")
    assert _login(client, "sam@example.org", PASSWORD, ip="10.9.9.9").status_code == 429
    assert _login(client, "sam@example.org", PASSWORD, ip="10.0.0.3").status_code == 302


def test_lock_lifts_when_failures_leave_the_window(app, client, make_user):
    _user(app, make_user)
    for _ in range(5):
        _login(client, "sam@example.org", "wrong")
    with app.app_context():
        for attempt in db.session.scalars(db.select(LoginAttempt)):
            attempt.at = utcnow() - timedelta(minutes=16)
        db.session.commit()
    assert _login(client, "sam@example.org", PASSWORD).status_code == 302


def test_success_clears_the_accounts_failures(app, client, make_user):
    _user(app, make_user)
    for _ in range(4):
        _login(client, "sam@example.org", "wrong")
    _login(client, "sam@example.org", PASSWORD)
    with app.app_context():
        assert throttle.failure_count("sam@example.org") == 0


def test_attempts_store_no_email_address(app, client):
    _login(client, "secret.person@example.org", "wrong")
    with app.app_context():
        attempt = db.session.scalars(db.select(LoginAttempt)).one()
        assert "secret" not in attempt.account_key
        assert len(attempt.account_key) == 64


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/admin/users?page=2", "/admin/users?page=2"),
        ("https://evil.example/", "/caseload"),
        ("//evil.example/", "/caseload"),
        ("/\\evil.example", "/caseload"),
        ("javascript:alert(1)", "/caseload"),
        ("account", "/caseload"),
        ("", "/caseload"),
    ],
)
def test_next_only_redirects_within_the_site(app, client, make_user, target, expected):
    _user(app, make_user)
    response = _login(client, "sam@example.org", PASSWORD, next=target)
    assert response.headers["Location"] == expected


def test_safe_next_rejects_control_characters():
    assert safe_next("/ok\n//evil.example", "/fallback") == "/fallback"


def test_protected_page_sends_you_to_sign_in_and_back(app, client, make_user):
    _user(app, make_user)
    response = client.get("/account/tokens")
    assert response.headers["Location"] == "/login?next=/account/tokens"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" value="/account/tokens"' in page
    assert (
        _login(client, "sam@example.org", PASSWORD, next="/account/tokens").headers["Location"]
        == "/account/tokens"
    )


def test_sign_in_replaces_the_previous_session(app, client, make_user):
    _user(app, make_user)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    _login(client, "sam@example.org", PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.permanent


def test_logout_needs_post_and_ends_the_session(app, client, make_user):
    _user(app, make_user)
    _login(client, "sam@example.org", PASSWORD)
    assert b"Sign out" in client.get("/logout").data
    assert client.get("/account").status_code == 200  # GET /logout changed nothing
    assert client.post("/logout").headers["Location"] == "/login"
    assert client.get("/account").status_code == 302


def _replay(app: Flask, cookie: str) -> FlaskClient:
    """A second browser holding a copy of someone's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie, domain="localhost")
    return thief


def test_a_copied_cookie_stops_working_after_sign_out(app, client, make_user):
    _user(app, make_user)
    _login(client, "sam@example.org", PASSWORD)
    copied = client.get_cookie("session").value
    thief = _replay(app, copied)
    assert thief.get("/api/v1/me").status_code == 200  # the copy works while signed in
    assert client.post("/logout").status_code == 302
    assert thief.get("/api/v1/me").status_code == 401
    assert thief.get("/caseload").headers["Location"].startswith("/login")
    assert thief.get("/account").status_code == 302


def test_a_copied_cookie_stops_working_after_a_password_reset(app, client, make_user):
    user_id = _user(app, make_user)
    _login(client, "sam@example.org", PASSWORD)
    thief = _replay(app, client.get_cookie("session").value)
    with app.app_context():
        from accounts import links
        from accounts.models import LinkPurpose

        token = links.issue(db.session.get(User, user_id), LinkPurpose.PASSWORD_RESET)
        db.session.commit()
    new = "another long password"
    reset = app.test_client().post(
        f"/password-reset/{token}", data={"password": new, "confirm_password": new}
    )
    assert reset.status_code == 302
    assert thief.get("/api/v1/me").status_code == 401


def test_idle_session_is_signed_out(app, client, make_user):
    _user(app, make_user)
    _login(client, "sam@example.org", PASSWORD)
    with client.session_transaction() as session:
        session[LAST_SEEN] = (utcnow() - timedelta(minutes=31)).timestamp()
    response = client.get("/account")
    assert response.headers["Location"].startswith("/login")
    assert client.get("/account").status_code == 302


def test_active_session_survives(app, client, make_user):
    _user(app, make_user)
    _login(client, "sam@example.org", PASSWORD)
    with client.session_transaction() as session:
        session[LAST_SEEN] = (utcnow() - timedelta(minutes=29)).timestamp()
    assert client.get("/account").status_code == 200


def test_deactivating_an_account_ends_its_sessions(app, client, make_user):
    user_id = _user(app, make_user)
    _login(client, "sam@example.org", PASSWORD)
    with app.app_context():
        lead = make_user(roles=[Role.CAPACITY_LEAD])
        from accounts import services

        services.set_active(lead, db.session.get(User, user_id), False)
        db.session.commit()
    assert client.get("/account").status_code == 302
