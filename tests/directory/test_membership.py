"""Organisation membership: members invite colleagues, the invited accept or decline, and the
capacity lead adds and removes people's organisations, at the addresses accounts once served."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from accounts import services
from accounts.models import AuditEvent, Membership, Role, User
from core.extensions import db
from core.outbox import OutboxMessage
from directory import membership
from tests.accounts.conftest import sign_in_as
from tests.forms import form_values, stale_save


def test_member_invites_colleague_without_learning_who_has_an_account(
    app, client, make_user, make_organisation
):
    with app.app_context():
        org = make_organisation(name="Carers Network")
        member = make_user(roles=[Role.PROVIDER], organisations=[org])
        make_user(email="existing@example.org")
        db.session.commit()
        sign_in_as(client, member)
        org_uuid = org.uuid
    url = f"/account/organisations/{org_uuid}/members"
    new = client.post(url, data={"name": "New", "email": "new@example.org"}, follow_redirects=True)
    old = client.post(
        url, data={"name": "Old", "email": "existing@example.org"}, follow_redirects=True
    )
    assert b"We have emailed new@example.org" in new.data
    assert b"We have emailed existing@example.org" in old.data
    # Both are listed the same way, by the names the inviter typed, as invited.
    page = client.get(url).get_data(as_text=True)
    assert "<li>New</li>" in page and "<li>Old</li>" in page
    with app.app_context():
        new_user = services.find_user_by_email("new@example.org")
        assert [m.organisation.name for m in new_user.memberships] == ["Carers Network"]
        # The existing account is given nothing until its owner accepts.
        old_user = services.find_user_by_email("existing@example.org")
        assert old_user.memberships == [] and Role.PROVIDER not in old_user.roles


def _session(user: User) -> Any:
    """What sign_in_as needs of a user, kept after the app context ends."""
    key = user.get_id()
    return SimpleNamespace(get_id=lambda: key)


def test_an_existing_account_joins_only_when_its_owner_accepts(
    app, client, make_user, make_organisation
):
    with app.app_context():
        org = make_organisation(name="Carers Network")
        member = make_user(roles=[Role.PROVIDER], organisations=[org])
        lead = make_user(roles=[Role.CAPACITY_LEAD], name="Dana Realname", email="lead@example.org")
        stranger = make_user(roles=[Role.PROVIDER])
        db.session.commit()
        org_uuid = org.uuid
        member, lead_user, stranger = (_session(u) for u in (member, lead, stranger))
    sign_in_as(client, member)
    url = f"/account/organisations/{org_uuid}/members"
    client.post(url, data={"name": "Typed Name", "email": "lead@example.org"})
    client.post(url, data={"name": "Typed Again", "email": "lead@example.org"})  # no second
    page = client.get(url).get_data(as_text=True)
    assert "Dana Realname" not in page and "<li>Typed Name</li>" in page
    with app.app_context():
        lead = services.find_user_by_email("lead@example.org")
        assert lead.memberships == [] and lead.roles == {Role.CAPACITY_LEAD}
        (invitation,) = lead.membership_invitations
        invitation_id = invitation.id
        told = db.session.scalars(
            db.select(OutboxMessage).where(OutboxMessage.recipient == "lead@example.org")
        ).all()
        assert len(told) == 1 and "http://localhost/account" in told[0].text_body
    # Nobody else can answer it, the inviter included.
    for other in (stranger, member):
        sign_in_as(client, other)
        answer = client.post(f"/account/invitations/{invitation_id}/accept")
        assert answer.status_code == 404
    sign_in_as(client, lead_user)
    assert "Carers Network" in client.get("/account").get_data(as_text=True)
    assert client.post(f"/account/invitations/{invitation_id}/accept").status_code == 302
    with app.app_context():
        lead = services.find_user_by_email("lead@example.org")
        assert [m.organisation.name for m in lead.memberships] == ["Carers Network"]
        assert lead.roles == {Role.CAPACITY_LEAD, Role.PROVIDER}
        assert lead.membership_invitations == []


def test_a_declined_invitation_grants_nothing(app, client, make_user, make_organisation):
    with app.app_context():
        org = make_organisation(name="Carers Network")
        member = make_user(roles=[Role.PROVIDER], organisations=[org])
        invited = make_user(roles=[Role.COORDINATOR], email="co@example.org")
        db.session.commit()
        membership.invite_member(member, org, email="co@example.org", name="Co")
        db.session.commit()
        (invitation,) = invited.membership_invitations
        invitation_id = invitation.id
        sign_in_as(client, invited)
    assert client.post(f"/account/invitations/{invitation_id}/decline").status_code == 302
    assert client.post(f"/account/invitations/{invitation_id}/accept").status_code == 404
    with app.app_context():
        co = services.find_user_by_email("co@example.org")
        assert co.memberships == [] and co.roles == {Role.COORDINATOR}


@pytest.fixture
def people(app, make_user, make_organisation):
    """Two capacity leads, a co-ordinator to give organisations to, and two organisations."""
    with app.app_context():
        first = make_user(roles=[Role.CAPACITY_LEAD], name="Lena Lead")
        second = make_user(roles=[Role.CAPACITY_LEAD], name="Lou Lead")
        person = make_user(roles=[Role.COORDINATOR], name="Cara Coordinator")
        carers = make_organisation(name="Carers Network")
        walkers = make_organisation(name="Walkers Trust")
        db.session.commit()
        return SimpleNamespace(
            first=first.id,
            second=second.id,
            person=person.id,
            carers=carers.id,
            walkers=walkers.id,
        )


def _sign_in(browser, user_id):
    with browser.application.app_context():
        sign_in_as(browser, db.session.get(User, user_id))


def test_the_lead_adds_and_removes_an_organisation_on_a_users_page(app, client, people):
    _sign_in(client, people.first)
    path = f"/admin/users/{people.person}"
    form = form_values(client.get(path).get_data(as_text=True))
    form["organisation_id"] = str(people.walkers)
    form["is_referring_partner"] = "true"
    added = client.post(f"{path}/memberships", data=form)
    assert added.status_code == 302 and added.headers["Location"] == path
    with app.app_context():
        person = db.session.get(User, people.person)
        (joined,) = person.memberships
        assert joined.organisation.name == "Walkers Trust" and joined.is_referring_partner
        assert Role.PROVIDER in person.roles
        membership_id = joined.id
        assert (
            db.session.scalars(
                db.select(AuditEvent.action).where(AuditEvent.record_id == str(people.person))
            )
            .all()
            .count("add_membership")
            == 1
        )
    page = client.get(path).get_data(as_text=True)
    remove = f"{path}/memberships/{membership_id}/remove"
    assert f'action="{remove}"' in page and "Walkers Trust" in page
    removed = client.post(remove, data=form_values(page))
    assert removed.status_code == 302
    with app.app_context():
        assert db.session.get(User, people.person).memberships == []
        assert db.session.get(Membership, membership_id) is None


def test_an_organisation_not_in_the_list_is_explained_on_the_users_page(app, client, people):
    _sign_in(client, people.first)
    path = f"/admin/users/{people.person}"
    form = form_values(client.get(path).get_data(as_text=True))
    form["organisation_id"] = str(people.walkers + 1000)
    refused = client.post(f"{path}/memberships", data=form)
    assert refused.status_code == 400
    assert "Choose an organisation from the list" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, people.person).memberships == []


def test_joining_an_organisation_twice_is_refused(app, client, people):
    _sign_in(client, people.first)
    path = f"/admin/users/{people.person}"
    for expected in (302, 400):
        form = form_values(client.get(path).get_data(as_text=True))
        form["organisation_id"] = str(people.carers)
        answer = client.post(f"{path}/memberships", data=form)
        assert answer.status_code == expected
    assert "already a member of that organisation" in answer.get_data(as_text=True)


def test_a_stale_organisations_form_is_refused_and_names_who_joined_meanwhile(app, people):
    path = f"/admin/users/{people.person}"
    refused = stale_save(
        app,
        path,
        _sign_in,
        (people.first, people.second),
        {"organisation_id": str(people.carers)},
        {"organisation_id": str(people.walkers)},
        post_path=f"{path}/memberships",
    )
    assert "<strong>Organisations</strong>: (none) → Carers Network" in refused.panel
    with app.app_context():
        names = [m.organisation.name for m in db.session.get(User, people.person).memberships]
        assert names == ["Carers Network"]


def test_a_members_page_for_no_organisation_is_not_found(app, client, make_user):
    with app.app_context():
        provider = _session(make_user(roles=[Role.PROVIDER]))
        db.session.commit()
    sign_in_as(client, provider)
    missing = client.get("/account/organisations/00000000-0000-4000-8000-000000000000/members")
    assert missing.status_code == 404
    assert "Page not found" in missing.get_data(as_text=True)
