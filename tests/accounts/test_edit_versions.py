"""Two capacity leads editing one account or team: a stale save is refused, not lost."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from accounts.models import Role, Team, User
from core.extensions import db
from tests.accounts.conftest import sign_in_as
from tests.forms import stale_save


@pytest.fixture
def admins(app, request):
    with app.app_context():
        make_user = request.getfixturevalue("make_user")
        first = make_user(roles=[Role.CAPACITY_LEAD], name="Lena Lead")
        second = make_user(roles=[Role.CAPACITY_LEAD], name="Lou Lead")
        person = make_user(roles=[Role.COORDINATOR], name="Cara Coordinator")
        other = make_user(roles=[Role.COORDINATOR], name="Colin Coordinator")
        team = Team(name="Staying Well East")
        db.session.add(team)
        db.session.commit()
        return SimpleNamespace(
            first=first.id,
            second=second.id,
            person=person.id,
            other=other.id,
            team=team.id,
        )


def _sign_in(browser, user_id):
    with browser.application.app_context():
        sign_in_as(browser, db.session.get(User, user_id))


def test_a_stale_roles_form_is_refused_and_keeps_the_ticked_roles(app, admins) -> None:
    path = f"/admin/users/{admins.person}"
    refused = stale_save(
        app,
        path,
        _sign_in,
        (admins.first, admins.second),
        {"roles": "capacity_lead"},
        {"roles": "provider"},
        post_path=f"{path}/roles",
    )
    assert "<strong>Roles</strong>: Co-ordinator → Capacity lead" in refused.panel
    assert refused.kept.getlist("roles") == ["provider"]
    with app.app_context():
        assert db.session.get(User, admins.person).roles == {Role.CAPACITY_LEAD}
    assert refused.second.post(f"{path}/roles", data=refused.kept).status_code == 302
    with app.app_context():
        assert db.session.get(User, admins.person).roles == {Role.PROVIDER}


def test_a_stale_team_form_is_refused_and_names_who_joined_meanwhile(app, admins) -> None:
    path = f"/admin/teams/{admins.team}"
    refused = stale_save(
        app,
        path,
        _sign_in,
        (admins.first, admins.second),
        {"user_id": str(admins.person)},
        {"user_id": str(admins.other)},
        post_path=f"{path}/members",
    )
    assert "<strong>Co-ordinators</strong>: (none) → Cara Coordinator" in refused.panel
    with app.app_context():
        members = [u.display_name for u in db.session.get(Team, admins.team).members]
        assert members == ["Cara Coordinator"]
