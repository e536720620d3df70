"""Fixtures for referrals into the service: two teams, a referring partner and others."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from accounts.models import Role, Team, TeamMembership
from core.extensions import db
from tests.accounts.conftest import login, make_user, password_hash  # noqa: F401
from tests.browser import browser_type_launch_args, live_server, screenshot_dir  # noqa: F401
from tests.referrals.conftest import make_client  # noqa: F401

REFERRAL_FORM = {
    "referrer_role": "Practice nurse",
    "reason": "Lonely since her husband died; stopped going out.",
    "urgency": "soon",
    "first_name": "Edna",
    "last_name": "Pilling",
    "date_of_birth-day": "4",
    "date_of_birth-month": "11",
    "date_of_birth-year": "1939",
    "phone": "01204 555 0199",
    "what_matters": "Seeing people again",
    "consent_given": "true",
}


@pytest.fixture
def people(app, make_user, make_organisation):  # noqa: F811
    """Commit two teams and the people around them; gives ids and session ids."""
    with app.app_context():
        partner_org = make_organisation(name="Deane Surgery")
        provider_org = make_organisation(name="Bolton Befrienders")
        users = {
            "cara": make_user(name="Cara Coordinator"),
            "colin": make_user(name="Colin Colleague"),
            "olly": make_user(name="Olly Otherteam"),
            "loner": make_user(name="Lone Coordinator"),
            "partner": make_user(
                roles=[Role.PROVIDER], organisations=[partner_org], referring_partner=True
            ),
            "provider": make_user(roles=[Role.PROVIDER], organisations=[provider_org]),
            "lead": make_user(roles=[Role.CAPACITY_LEAD]),
        }
        north = Team(name="Staying Well North")
        south = Team(name="Staying Well South")
        for name in ("cara", "colin"):
            north.memberships.append(TeamMembership(user=users[name]))
        south.memberships.append(TeamMembership(user=users["olly"]))
        db.session.add_all([north, south])
        db.session.commit()
        return SimpleNamespace(
            north_id=north.id,
            south_id=south.id,
            partner_org_name=partner_org.name,
            **{name: user.get_id() for name, user in users.items()},
            **{f"{name}_id": user.id for name, user in users.items()},
        )
