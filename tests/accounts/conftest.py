"""Fixtures for account tests: users of every role and a fast sign-in helper."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import count
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from accounts.auth import LAST_SEEN
from accounts.models import Membership, Role, User
from core.extensions import db
from core.models import utcnow
from core.outbox import OutboxMessage
from directory.models import Organisation
from tests.browser import browser_type_launch_args, live_server, screenshot_dir  # noqa: F401

PASSWORD = "correct horse battery"
_sequence = count(1)


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One hash for every test user that needs a password.

    Each sign-in verifies it, and werkzeug's default (scrypt) is slow on purpose; the method is
    read from the hash, so a cheap one keeps sign-ins fast. The app's own hashes (new passwords,
    the dummy checked for unknown addresses) keep the default.
    """
    return generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


@pytest.fixture
def make_user(password_hash: str) -> Callable[..., User]:
    """Build a user: make_user(roles=[Role.COORDINATOR], organisations=[org], password=True)."""

    def make(
        roles: Iterable[Role] = (Role.COORDINATOR,),
        organisations: Iterable[Organisation] = (),
        password: bool = True,
        referring_partner: bool = False,
        **fields: Any,
    ) -> User:
        number = next(_sequence)
        fields.setdefault("email", f"user{number}@example.org")
        fields.setdefault("name", f"User {number}")
        user = User(**fields)
        user.roles = set(roles)
        if password:
            user.password_hash = password_hash
        for organisation in organisations:
            user.memberships.append(
                Membership(organisation=organisation, is_referring_partner=referring_partner)
            )
        db.session.add(user)
        db.session.flush()
        return user

    return make


def sign_in_as(client: FlaskClient, user: User | None) -> None:
    """Give `client` a signed-in session for `user` without the (slow) password form."""
    if user is None:
        return
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session[LAST_SEEN] = utcnow().timestamp()


@pytest.fixture
def login() -> Callable[[FlaskClient, User | None], None]:
    return sign_in_as


def outbox_links(app: Flask, marker: str) -> list[str]:
    """Links containing `marker` in the outbox, oldest first."""
    with app.app_context():
        bodies = db.session.scalars(db.select(OutboxMessage.text_body).order_by(OutboxMessage.id))
        return [
            word for body in bodies for word in body.split() if marker in word and "://" in word
        ]
