"""Fixtures for the referral tracker: a small world of people, a service and a client."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from accounts.models import Role, User
from core.extensions import db
from core.outbox import OutboxMessage
from directory.models import AccessMethod, Organisation, Service
from directory.themes import Theme
from referrals import caseload
from referrals.models import Client, ContactPreference
from tests.accounts.conftest import login, make_user, password_hash  # noqa: F401

ALL_FOURS = {theme: (4, "") for theme in Theme}


@dataclass
class World:
    coordinator: User
    other_coordinator: User
    provider: User
    other_provider: User
    capacity_lead: User
    organisation: Organisation
    service: Service
    client: Client


@pytest.fixture
def make_client() -> Callable[..., Client]:
    def make(owner: User, **data: Any) -> Client:
        data.setdefault("first_name", "Maud")
        data.setdefault("last_name", "Hargreaves")
        data.setdefault("date_of_birth", date(1941, 3, 9))
        data.setdefault("phone", "01204 555 0101")
        data.setdefault("email", "maud@example.net")
        data.setdefault("address", "12 Mill Lane, Bolton")
        data.setdefault("contact_preference", ContactPreference.PHONE)
        data.setdefault("what_matters", "Getting back to the allotment")
        data.setdefault("gp_practice", "Deane Surgery")
        data.setdefault("consent_given_on", date(2026, 1, 5))
        return caseload.create_client(owner, data, confirm_duplicate=True)

    return make


@pytest.fixture
def world(make_user, make_service, make_organisation, make_client) -> World:  # noqa: F811
    """Build people, one referrable service and one client; needs an app context."""
    organisation = make_organisation(
        name="Bolton Befrienders", referral_email="referrals@befrienders.example.org"
    )
    service = make_service(
        organisation=organisation,
        name="Telephone befriending",
        access_methods=[AccessMethod.SIGNPOST_REFERRAL.value],
        themes=[Theme.FRIENDS_AND_FAMILY],
    )
    coordinator = make_user(name="Cara Coordinator", email="cara@example.org")
    other_organisation = make_organisation(name="Other Org")
    built = World(
        coordinator=coordinator,
        other_coordinator=make_user(name="Olly Other"),
        provider=make_user(roles=[Role.PROVIDER], organisations=[organisation], name="Pat"),
        other_provider=make_user(roles=[Role.PROVIDER], organisations=[other_organisation]),
        capacity_lead=make_user(roles=[Role.CAPACITY_LEAD]),
        organisation=organisation,
        service=service,
        client=make_client(coordinator),
    )
    db.session.flush()
    return built


@pytest.fixture
def outbox() -> Callable[[], list[OutboxMessage]]:
    def read() -> list[OutboxMessage]:
        return list(db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)))

    return read


PEOPLE = ("coordinator", "other_coordinator", "provider", "other_provider", "capacity_lead")


@pytest.fixture
def site(app, request):
    """Build and commit the world in its own app context (requests get their own); ids only."""
    with app.app_context():
        world = request.getfixturevalue("world")
        db.session.commit()
        found = SimpleNamespace(
            client_id=world.client.id,
            service_id=world.service.id,
            **{name: getattr(world, name).get_id() for name in PEOPLE},
            **{f"{name}_id": getattr(world, name).id for name in PEOPLE},
        )
    return found
