"""Fixtures for plans, safeguarding and the circle of support: two teams and their clients."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from accounts.models import User
from core.extensions import db
from directory.themes import Theme
from referrals import caseload
from referrals.models import ActionKind
from tests.accounts.conftest import login, make_user, password_hash  # noqa: F401
from tests.browser import browser_type_launch_args, live_server, screenshot_dir  # noqa: F401
from tests.intake.conftest import people  # noqa: F401
from tests.intake.test_intake import sign_in  # noqa: F401
from tests.referrals.conftest import make_client  # noqa: F401


@pytest.fixture
def cases(app, people, make_client):  # noqa: F811
    """Cara's client Maud with two actions, and Olly's (other team) client Otto with one."""
    with app.app_context():
        cara = db.session.get(User, people.cara_id)
        olly = db.session.get(User, people.olly_id)
        maud = make_client(cara)
        walk = caseload.add_action(
            cara, maud, ActionKind.CLIENT_ACTION, Theme.HEALTH, "Walk to the park twice a week"
        )
        club = caseload.add_action(
            cara, maud, ActionKind.COORDINATOR_TASK, Theme.FRIENDS_AND_FAMILY, "Find a lunch club"
        )
        otto = make_client(olly, first_name="Otto", email="otto@example.net")
        theirs = caseload.add_action(
            olly, otto, ActionKind.CLIENT_ACTION, Theme.HEALTH, "Otto's own action"
        )
        db.session.commit()
        return SimpleNamespace(
            maud=maud.id, walk=walk.id, club=club.id, otto=otto.id, otto_action=theirs.id
        )
