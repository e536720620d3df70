"""Two capacity leads editing one account or team: a stale save is refused, not lost."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from accounts import services
from accounts.models import Role, Team, User
from core.extensions import db
from tests.accounts.conftest import PASSWORD, sign_in_as
from tests.forms import form_values, stale_save
from tests.races import all_at_once


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


def test_the_person_signing_in_does_not_make_the_admins_form_stale(app, admins) -> None:
    path = f"/admin/users/{admins.person}"
    lead = app.test_client()
    _sign_in(lead, admins.first)
    form = form_values(lead.get(path).get_data(as_text=True))
    with app.app_context():
        email = db.session.get(User, admins.person).email
    signed_in = app.test_client().post("/login", data={"email": email, "password": PASSWORD})
    assert signed_in.status_code == 302
    with app.app_context():
        assert db.session.get(User, admins.person).last_login_at is not None
    form.setlist("roles", ["coordinator", "provider"])
    assert lead.post(f"{path}/roles", data=form).status_code == 302


@pytest.mark.committed  # two threads, two connections
def test_two_admins_claiming_one_account_at_once_have_one_winner(app, admins) -> None:
    with app.app_context():
        seen = db.session.get(User, admins.person).version

    def saving(admin_id: int, roles: list[Role]):
        def save(wait) -> None:
            admin = db.session.get(User, admin_id)
            found = db.session.get(User, admins.person)
            _ = found.roles, admin.roles
            wait()
            services.set_roles(admin, found, roles, seen)

        return save

    outcomes = all_at_once(
        app,
        [saving(admins.first, [Role.PROVIDER]), saving(admins.second, [Role.CAPACITY_LEAD])],
    )
    assert outcomes == ["refused", "won"]
    with app.app_context():
        assert db.session.get(User, admins.person).version == seen + 1
