"""Fixtures for the casework journey: the intake teams with a team leader on North."""

from __future__ import annotations

import pytest

from accounts.models import Role, TeamMembership
from core.extensions import db
from tests.accounts.conftest import login, make_user, password_hash  # noqa: F401
from tests.browser import browser_type_launch_args, live_server, screenshot_dir  # noqa: F401
from tests.intake.conftest import people  # noqa: F401
from tests.referrals.conftest import make_client  # noqa: F401


@pytest.fixture
def journey(app, people, make_user):  # noqa: F811
    """The intake people, plus Lena who leads Staying Well North; adds her id and email."""
    with app.app_context():
        lena = make_user(roles=[Role.TEAM_LEADER], name="Lena Leader")
        db.session.add(TeamMembership(team_id=people.north_id, user=lena))
        db.session.commit()
        people.lena_id = lena.id
        people.lena_email = lena.email
    return people
