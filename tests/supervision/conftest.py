"""Fixtures for supervision: two teams, each with a team leader and co-ordinators, and clients."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from accounts.models import Role, Team, TeamMembership
from core.extensions import db
from tests.accounts.conftest import login, make_user, password_hash  # noqa: F401
from tests.browser import browser_type_launch_args, live_server, screenshot_dir  # noqa: F401
from tests.referrals.conftest import make_client  # noqa: F401


@pytest.fixture
def teams(app, make_user, make_client):  # noqa: F811
    """Commit North (leader Lena, co-ordinators Cara and Colin) and South (leader Sam,
    co-ordinator Olly), a capacity lead, and a client each for Cara and Olly; ids only."""
    with app.app_context():
        users = {
            "lena": make_user(roles=[Role.TEAM_LEADER], name="Lena Leader"),
            "cara": make_user(name="Cara Coordinator"),
            "colin": make_user(name="Colin Colleague"),
            "sam": make_user(roles=[Role.TEAM_LEADER], name="Sam Southleader"),
            "olly": make_user(name="Olly Otherteam"),
            "lead": make_user(roles=[Role.CAPACITY_LEAD], name="Lee Lead"),
        }
        north = Team(name="Staying Well North")
        south = Team(name="Staying Well South")
        for name in ("lena", "cara", "colin"):
            north.memberships.append(TeamMembership(user=users[name]))
        for name in ("sam", "olly"):
            south.memberships.append(TeamMembership(user=users[name]))
        db.session.add_all([north, south])
        db.session.flush()
        maud = make_client(users["cara"], team_id=north.id)
        otto = make_client(users["olly"], first_name="Otto", last_name="Openshaw")
        db.session.commit()
        return SimpleNamespace(
            north_id=north.id,
            south_id=south.id,
            maud_id=maud.id,
            otto_id=otto.id,
            **{name: user.get_id() for name, user in users.items()},
            **{f"{name}_id": user.id for name, user in users.items()},
            **{f"{name}_email": user.email for name, user in users.items()},
        )
