"""`signpost users` commands, the permission registry, and the demo accounts."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_login import AnonymousUserMixin
from werkzeug.security import check_password_hash

from accounts.models import Membership, Role, User
from accounts.organisations import organisations
from core import permissions
from core.errors import NotFound, PermissionDenied
from core.extensions import db
from core.permissions import can, require
from directory.models import Organisation, Service
from seeds.users import DEMO_PASSWORD, DEMO_TEAM


def test_users_create_prints_a_one_time_link(app, runner, make_organisation):
    with app.app_context():
        make_organisation(name="Carers", external_id="bolton:carers")
        db.session.commit()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "New@Example.org",
            "--role",
            "coordinator",
            "--org",
            "bolton:carers",
            "--name",
            "New Person",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "http://localhost/invitations/" in result.output
    with app.app_context():
        user = db.session.scalars(db.select(User)).one()
        assert user.email == "new@example.org"
        assert user.roles == {Role.COORDINATOR, Role.PROVIDER}
        assert user.password_hash is None
    listed = runner.invoke(args=["users", "list"])
    assert "new@example.org" in listed.output and "bolton:carers" in listed.output


def test_users_create_refuses_duplicates_and_unknown_organisations(app, runner, make_user):
    with app.app_context():
        make_user(email="taken@example.org")
        db.session.commit()
    taken = runner.invoke(
        args=["users", "create", "--email", "taken@example.org", "--role", "coordinator"]
    )
    assert taken.exit_code != 0 and "already exists" in taken.output
    unknown = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "a@example.org",
            "--role",
            "provider",
            "--org",
            "nowhere",
        ]
    )
    assert unknown.exit_code != 0 and "no organisation matches" in unknown.output


def test_accounts_finds_organisations_only_through_the_directory():
    with Flask(__name__).app_context(), pytest.raises(RuntimeError, match="directory registers"):
        organisations()


def test_record_types_without_a_policy_are_denied(app_ctx, make_user):
    class Unregistered:
        pass

    lead = make_user(roles=[Role.CAPACITY_LEAD])
    assert not can(lead, "view", Unregistered())


def test_require_raises_403_or_hides_with_404(app_ctx, make_user, make_organisation):
    org = make_organisation()
    coordinator = make_user()
    try:
        require(coordinator, "edit", org)
    except PermissionDenied:
        pass
    else:
        raise AssertionError("expected PermissionDenied")
    try:
        require(coordinator, "edit", org, hide=True)
    except NotFound:
        pass
    else:
        raise AssertionError("expected NotFound")


def test_listing_policies(app_ctx, make_user, make_service, make_organisation):
    service = make_service()
    other = make_organisation()
    member = make_user(roles=[Role.PROVIDER], organisations=[service.organisation])
    outsider = make_user(roles=[Role.PROVIDER], organisations=[other])
    lead = make_user(roles=[Role.CAPACITY_LEAD])
    anonymous = AnonymousUserMixin()
    assert can(anonymous, "view", service) and not can(anonymous, "edit", service)
    assert can(member, "edit", service) and can(member, "edit", service.organisation)
    assert not can(outsider, "edit", service)
    assert can(lead, "edit", service) and can(lead, "moderate", service.organisation)
    service.is_published = False
    assert not can(anonymous, "view", service) and can(member, "view", service)
    assert not can(member, "create", Organisation) and can(lead, "create", Service)
    member.active = False
    assert not can(member, "edit", service)


def test_registering_a_second_policy_for_a_type_is_an_error():
    class Record:
        pass

    @permissions.policy(Record)
    def first(user, action, record):
        return True

    try:

        @permissions.policy(Record)
        def second(user, action, record):
            return False

    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")


def test_demo_borough_has_users_for_every_role(demo_app):
    with demo_app.app_context():
        users = {u.email: u for u in db.session.scalars(db.select(User))}
        roles = set().union(*(u.roles for u in users.values()))
        assert roles == set(Role)
        assert all(
            check_password_hash(u.password_hash, DEMO_PASSWORD) for u in list(users.values())[:1]
        )
        team = users["sam.taylor@example.org"].team_memberships[0].team
        assert team.name == DEMO_TEAM and len(team.memberships) == 3  # and its team leader
        assert users["alex.morgan@example.org"].team_memberships == []
        provider_orgs = {
            m.organisation.external_id for m in users["provider@example.org"].memberships
        }
        assert provider_orgs == {"bolton:bolton-carers-network", "bolton:later-life-bolton"}
        partner = db.session.scalars(
            db.select(Membership).where(Membership.is_referring_partner.is_(True))
        ).one()
        assert partner.user.email == "partner@example.org"
