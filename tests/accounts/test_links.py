"""Invitations and password resets: emailed, signed, expiring, single-use links."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from accounts import services
from accounts.models import EmailLink, Role, User
from core.config import Config
from core.extensions import db
from core.models import utcnow
from tests.accounts.conftest import outbox_links, sign_in_as

NEW_PASSWORD = "a long new password"


def _invite(app, make_user, client):
    with app.app_context():
        lead = make_user(roles=[Role.CAPACITY_LEAD])
        db.session.commit()
        sign_in_as(client, lead)
    response = client.post(
        "/admin/users/invite",
        data={"name": "Robin Ash", "email": "Robin@Example.org", "roles": ["coordinator"]},
    )
    assert response.status_code == 302
    client.post("/logout")
    (link,) = outbox_links(app, "/invitations/")
    return link.replace("http://localhost", "")


def _set_password(client, path, password=NEW_PASSWORD, confirm=None):
    return client.post(path, data={"password": password, "confirm_password": confirm or password})


def test_invitation_sets_a_password_and_signs_in(app, client, make_user):
    path = _invite(app, make_user, client)
    assert b"Set your password" in client.get(path).data
    response = _set_password(client, path)
    assert response.headers["Location"] == "/caseload"  # signed in, on a co-ordinator's home
    assert b"Robin Ash" in client.get("/account").data
    with app.app_context():
        user = services.find_user_by_email("robin@example.org")
        assert user.has_password and user.roles == {Role.COORDINATOR}


def test_invitation_link_works_only_once(app, client, make_user):
    path = _invite(app, make_user, client)
    _set_password(client, path)
    client.post("/logout")
    response = client.get(path)
    assert response.status_code == 400
    assert b"expired or has already been used" in response.data
    assert _set_password(client, path, "another password!").status_code == 400


def test_expired_invitation_is_refused(app, client, make_user):
    path = _invite(app, make_user, client)
    with app.app_context():
        for link in db.session.scalars(db.select(EmailLink)):
            link.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get(path).status_code == 400


def test_signature_expiry_is_enforced_too(app, client, make_user, monkeypatch):
    path = _invite(app, make_user, client)
    later = time.time() + 73 * 3600
    # Only the signature's clock moves on: the database row alone would still allow it.
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    assert client.get(path).status_code == 400


def test_forged_or_wrong_purpose_links_are_refused(app, client, make_user):
    path = _invite(app, make_user, client)
    token = path.rsplit("/", 1)[1]
    assert client.get(path[:-3] + "abc").status_code == 400
    # A valid invitation token is not a password reset token (different salt).
    assert client.get(f"/password-reset/{token}").status_code == 400


def test_mismatched_passwords_are_explained_and_link_stays_usable(app, client, make_user):
    path = _invite(app, make_user, client)
    page = _set_password(client, path, NEW_PASSWORD, "something else").get_data(as_text=True)
    assert "The passwords do not match" in page
    short = _set_password(client, path, "short").get_data(as_text=True)
    assert "Password must be between 10 and 128 characters" in short
    assert _set_password(client, path).status_code == 302


def test_reinviting_retires_the_old_link(app, client, make_user):
    path = _invite(app, make_user, client)
    with app.app_context():
        user = services.find_user_by_email("robin@example.org")
        services.send_invitation(user)
        db.session.commit()
    assert client.get(path).status_code == 400


def test_password_reset_round_trip_ends_other_sessions(app, client, make_user):
    with app.app_context():
        user_id = make_user(email="sam@example.org").id
        db.session.commit()
    other_device = app.test_client()
    with app.app_context():
        sign_in_as(other_device, db.session.get(User, user_id))
    assert other_device.get("/account").status_code == 200
    response = client.post("/password-reset", data={"email": "sam@example.org"})
    assert b"Check your email" in response.data
    (link,) = outbox_links(app, "/password-reset/")
    path = link.replace("http://localhost", "")
    assert _set_password(client, path).status_code == 302
    assert other_device.get("/account").status_code == 302
    assert client.get(path).status_code == 400  # used
    client.post("/logout")
    response = client.post("/login", data={"email": "sam@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_reset_for_unknown_address_looks_the_same_and_sends_no_link(app, client):
    response = client.post("/password-reset", data={"email": "nobody@example.org"})
    assert response.status_code == 200
    assert b"Check your email" in response.data
    # The address's owner is told there is no account (the same work as for a real one).
    assert outbox_links(app, "/password-reset/") == []


def test_reset_request_validates_the_address(client):
    response = client.post("/password-reset", data={"email": "not-an-address"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter an email address in the correct format" in page
    assert 'value="not-an-address"' in page


def test_reset_link_expires_after_two_hours(app, client, make_user):
    with app.app_context():
        make_user(email="sam@example.org")
        db.session.commit()
    client.post("/password-reset", data={"email": "sam@example.org"})
    with app.app_context():
        link = db.session.scalars(db.select(EmailLink)).one()
        assert (
            timedelta(hours=1, minutes=59) < link.expires_at - link.created_at <= timedelta(hours=2)
        )


def test_invite_form_keeps_input_and_explains_problems(app, client, make_user):
    with app.app_context():
        lead = make_user(roles=[Role.CAPACITY_LEAD], email="lead@example.org")
        db.session.commit()
        sign_in_as(client, lead)
    response = client.post("/admin/users/invite", data={"name": "Robin", "email": "bad"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose at least one role" in page
    assert 'value="Robin"' in page
    duplicate = client.post(
        "/admin/users/invite",
        data={"name": "Again", "email": "LEAD@example.org", "roles": ["coordinator"]},
    )
    assert "A user with this email address already exists" in duplicate.get_data(as_text=True)


def test_inviting_a_provider_member_names_their_organisation(
    app, client, make_user, make_organisation
):
    with app.app_context():
        lead = make_user(roles=[Role.CAPACITY_LEAD])
        org_id = make_organisation(name="Carers Network").id
        db.session.commit()
        sign_in_as(client, lead)
    # The directory supplies the organisations (accounts.organisations).
    assert f'<option value="{org_id}">Carers Network</option>' in client.get(
        "/admin/users/invite"
    ).get_data(as_text=True)
    form = {"name": "Pat", "email": "pat@example.org", "roles": ["provider"]}
    missing = client.post("/admin/users/invite", data=form)
    assert missing.status_code == 400
    assert "Choose the organisation a provider member belongs to" in missing.get_data(as_text=True)
    unknown = client.post("/admin/users/invite", data={**form, "organisation_id": org_id + 1000})
    assert unknown.status_code == 400
    assert "Choose an organisation from the list" in unknown.get_data(as_text=True)
    joined = client.post(
        "/admin/users/invite",
        data={**form, "organisation_id": org_id, "is_referring_partner": "true"},
    )
    assert joined.status_code == 302
    with app.app_context():
        pat = services.find_user_by_email("pat@example.org")
        assert pat.roles == {Role.PROVIDER}
        assert [(m.organisation.name, m.is_referring_partner) for m in pat.memberships] == [
            ("Carers Network", True)
        ]


def test_passwords_are_hashed_with_scrypt_unless_configured() -> None:
    assert Config.PASSWORD_HASH_METHOD == "scrypt"  # production's default; tests choose a quick one


@pytest.mark.parametrize("method", ["scrypt", "pbkdf2:sha256:1000"])
def test_a_password_set_from_a_link_is_hashed_by_the_configured_method(
    app, client, make_user, method
):
    app.config["PASSWORD_HASH_METHOD"] = method
    path = _invite(app, make_user, client)
    assert _set_password(client, path).status_code == 302
    client.post("/logout")
    signed_in = client.post("/login", data={"email": "robin@example.org", "password": NEW_PASSWORD})
    assert signed_in.headers["Location"] == "/caseload"
    with app.app_context():
        stored = services.find_user_by_email("robin@example.org").password_hash
        assert stored.startswith(method.split(":")[0] + ":")
