"""Fixtures for listing tests: people with roles, and signing them in to the test client."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from flask.testing import FlaskClient

from accounts.models import Membership, Role, User
from core.extensions import db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def make_user() -> Callable[..., User]:
    def make(email: str, *roles: Role, organisation: Any = None, name: str = "") -> User:
        user = User(email=email, name=name or email.split("@")[0].title())
        user.roles = set(roles)
        if organisation is not None:
            user.memberships.append(Membership(organisation=organisation))
        db.session.add(user)
        db.session.flush()
        return user

    return make


@pytest.fixture
def lead(app_ctx: Any, make_user: Callable[..., User]) -> User:
    return make_user("lead@example.org", Role.CAPACITY_LEAD, name="Lena Lead")


def sign_in(client: FlaskClient, user: User | str) -> None:
    """Start a session for `user` (or its session id) as Flask-Login would on sign-in."""
    with client.session_transaction() as session:
        session["_user_id"] = user if isinstance(user, str) else user.get_id()
        session["_fresh"] = True
        session["last_seen"] = datetime.now(UTC).timestamp()


@pytest.fixture
def login(client: FlaskClient) -> Callable[[User | str], None]:
    return lambda user: sign_in(client, user)
