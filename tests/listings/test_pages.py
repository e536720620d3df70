"""The provider, public and capacity lead pages, through the test client."""

from __future__ import annotations

import pytest

from accounts.models import Membership, MembershipInvitation, Role, User
from core.extensions import db
from core.outbox import OutboxMessage
from directory.change_models import (
    ChangeKind,
    ChangeStatus,
    ClaimStatus,
    OrganisationClaim,
    ProposedChange,
)
from directory.models import Organisation, Service


@pytest.fixture
def listing(app, make_service, make_user):
    with app.app_context():
        service = make_service(name="Walking group")
        member = make_user("pat@example.org", Role.PROVIDER, organisation=service.organisation)
        lead = make_user("lead@example.org", Role.CAPACITY_LEAD)
        db.session.commit()
        return {
            "service": service.uuid,
            "org": service.organisation.uuid,
            "member": member.get_id(),
            "lead": lead.get_id(),
        }


def service_form(**changes: str) -> dict:
    form = {
        "name": "Walking group",
        "description": "A friendly weekly group.",
        "themes": "friends_and_family",
        "is_free": "true",
        "tuesday": "10:00-12:00",
    }
    form.update(changes)
    return form


def test_edit_form_keeps_what_was_typed_on_error(client, listing, login):
    login(listing["member"])
    response = client.post(
        f"/manage/services/{listing['service']}/edit",
        data=service_form(name="", monday="noon till late", contact_email="not-an-email"),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert "Enter times like 10:00-12:00" in page
    assert 'value="noon till late"' in page
    assert 'value="not-an-email"' in page


def test_untrusted_edit_goes_to_the_queue_and_the_lead_approves(client, app, listing, login):
    login(listing["member"])
    response = client.post(
        f"/manage/services/{listing['service']}/edit", data=service_form(name="Health walks")
    )
    assert response.status_code == 302
    assert "Walking group" in client.get(f"/services/{listing['service']}").get_data(as_text=True)
    login(listing["lead"])
    queue = client.get("/admin/listings/changes").get_data(as_text=True)
    assert "Walking group" in queue
    with app.app_context():
        change_id = db.session.scalars(db.select(ProposedChange.id)).one()
    page = client.get(f"/admin/listings/changes/{change_id}").get_data(as_text=True)
    assert "Health walks" in page and "Opening times" in page
    assert (
        client.post(f"/admin/listings/changes/{change_id}/reject", data={"reason": ""}).status_code
        == 400
    )
    assert client.post(f"/admin/listings/changes/{change_id}/approve").status_code == 302
    assert "Health walks" in client.get(f"/services/{listing['service']}").get_data(as_text=True)
    history = client.get(f"/admin/listings/history/service/{listing['service']}").get_data(
        as_text=True
    )
    assert "Version 2" in history and "Revert to this version" in history
    assert (
        client.post(f"/admin/listings/history/service/{listing['service']}/1/revert").status_code
        == 302
    )
    assert "Walking group" in client.get(f"/services/{listing['service']}").get_data(as_text=True)


def test_queue_is_for_the_lead_only(client, listing, login):
    login(listing["member"])
    assert client.get("/admin/listings/changes").status_code == 403
    assert client.get("/manage").status_code == 200


# A "List your group" form as a member of the public fills it in.
LIST_YOUR_GROUP = {
    "organisation_name": "Harpers Lane Allotments",
    "kind": "community_group",
    "service_name": "Open plot Saturdays",
    "description": "Come and grow things.",
    "themes": ["hobbies", "health"],
    "your_name": "Sam",
    "your_email": "sam@example.org",
}


def test_list_your_group_lands_in_the_queue_and_approval_lists_it(client, app, listing, login):
    form = LIST_YOUR_GROUP
    bad = client.post("/list-your-group", data={**form, "your_email": "nope"})
    assert bad.status_code == 400
    assert 'value="Harpers Lane Allotments"' in bad.get_data(as_text=True)
    assert client.post("/list-your-group", data=form).status_code == 200
    with app.app_context():
        change = db.session.scalars(db.select(ProposedChange)).one()
        assert change.kind is ChangeKind.NEW_LISTING
        assert (
            db.session.scalars(
                db.select(Organisation).where(Organisation.name == "Harpers Lane Allotments")
            ).first()
            is None
        )
        change_id = change.id
    login(listing["lead"])
    client.post(f"/admin/listings/changes/{change_id}/approve")
    with app.app_context():
        service = db.session.scalars(
            db.select(Service).where(Service.name == "Open plot Saturdays")
        ).one()
        assert service.is_listed and service.last_verified_at is not None
        assert db.session.scalars(db.select(OutboxMessage.recipient)).all() == ["sam@example.org"]


def test_suggest_an_edit_from_the_service_page(client, app, listing, login):
    page = client.get(f"/services/{listing['service']}").get_data(as_text=True)
    assert "Suggest an edit or report a problem" in page
    assert client.post(f"/services/{listing['service']}/suggest", data={}).status_code == 400
    assert (
        client.post(
            f"/services/{listing['service']}/suggest", data={"message": "Moved to Fridays"}
        ).status_code
        == 200
    )
    with app.app_context():
        change = db.session.scalars(db.select(ProposedChange)).one()
        assert (change.kind, change.message) == (ChangeKind.SUGGESTION, "Moved to Fridays")
        change_id = change.id
    login(listing["lead"])
    assert "Moved to Fridays" in client.get(f"/admin/listings/changes/{change_id}").get_data(
        as_text=True
    )
    client.post(f"/admin/listings/changes/{change_id}/approve")
    with app.app_context():
        assert db.session.get(ProposedChange, change_id).status is ChangeStatus.APPROVED


def test_claim_confirm_then_revoke(client, app, listing, login):
    form = {"name": "Kim", "email": "kim@example.org", "job_title": "Volunteer lead"}
    assert client.post(f"/organisations/{listing['org']}/claim", data=form).status_code == 200
    assert client.post(f"/organisations/{listing['org']}/claim", data=form).status_code == 400
    with app.app_context():
        claim_id = db.session.scalars(db.select(OrganisationClaim.id)).one()
    login(listing["lead"])
    assert "Kim for" in client.get("/admin/listings/claims").get_data(as_text=True)
    client.post(f"/admin/listings/claims/{claim_id}", data={"status": "confirmed"})
    with app.app_context():
        kim = db.session.scalars(db.select(User).where(User.email == "kim@example.org")).one()
        assert len(kim.memberships) == 1
        assert db.session.get(OrganisationClaim, claim_id).status is ClaimStatus.CONFIRMED
    client.post(f"/admin/listings/claims/{claim_id}", data={"status": "revoked"})
    with app.app_context():
        assert (
            db.session.scalars(db.select(Membership).where(Membership.user_id == kim.id)).all()
            == []
        )
        assert db.session.get(OrganisationClaim, claim_id).status is ClaimStatus.REVOKED


def test_a_claim_by_an_existing_account_waits_for_its_owner_and_dies_when_revoked(
    client, app, listing, login, make_user
):
    with app.app_context():
        make_user("kim@example.org", Role.COORDINATOR)
        db.session.commit()
    form = {"name": "Kim", "email": "kim@example.org", "job_title": "Volunteer lead"}
    assert client.post(f"/organisations/{listing['org']}/claim", data=form).status_code == 200
    with app.app_context():
        claim_id = db.session.scalars(db.select(OrganisationClaim.id)).one()
    login(listing["lead"])
    client.post(f"/admin/listings/claims/{claim_id}", data={"status": "confirmed"})
    with app.app_context():
        kim = db.session.scalars(db.select(User).where(User.email == "kim@example.org")).one()
        assert kim.memberships == [] and kim.roles == {Role.COORDINATOR}
        assert len(db.session.scalars(db.select(MembershipInvitation)).all()) == 1
    client.post(f"/admin/listings/claims/{claim_id}", data={"status": "revoked"})
    with app.app_context():
        assert db.session.scalars(db.select(MembershipInvitation)).all() == []


def test_confirm_link_page_needs_a_post(client, app, listing):
    from datetime import timedelta

    from core.models import utcnow
    from directory import freshness

    with app.app_context():
        service = db.session.scalars(db.select(Service)).one()
        service.organisation.email = "hello@example.org"
        service.last_verified_at = utcnow() - timedelta(days=400)
        freshness.remind(utcnow())
        db.session.commit()
        body = db.session.scalars(db.select(OutboxMessage.text_body)).one()
    path = "/manage/confirm/" + body.split("/manage/confirm/")[1].split()[0]
    assert "Yes, it is still accurate" in client.get(path).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(Service)).one().last_verified_at < utcnow() - timedelta(
            days=300
        )
    assert "marked as checked today" in client.post(path).get_data(as_text=True)
    assert client.post(path).status_code == 400


def test_a_listing_from_list_your_group_does_not_publish_the_proposers_name(
    client, app, listing, login
):
    proposer = "Samantha Quenby-Proposer"
    form = {**LIST_YOUR_GROUP, "your_name": proposer}
    assert client.post("/list-your-group", data=form).status_code == 200
    with app.app_context():
        change_id = db.session.scalars(db.select(ProposedChange.id)).one()
    login(listing["lead"])
    assert proposer in client.get(f"/admin/listings/changes/{change_id}").get_data(as_text=True)
    client.post(f"/admin/listings/changes/{change_id}/approve")
    with app.app_context():
        service = db.session.scalars(
            db.select(Service).where(Service.name == "Open plot Saturdays")
        ).one()
        uuids = (service.uuid, service.organisation.uuid)
    with client.session_transaction() as session:
        session.clear()
    public = [
        client.get(f"/services/{uuids[0]}"),
        client.get(f"/organisations/{uuids[1]}"),
        client.get(f"/openreferral/services/{uuids[0]}"),
        client.get("/openreferral/services?full=true"),
        client.get("/api/v1/services/search?q=plot"),
    ]
    assert all(answer.status_code == 200 for answer in public)
    assert "Harpers Lane Allotments" in public[0].get_data(as_text=True)
    assert not [a.request.path for a in public if proposer in a.get_data(as_text=True)]
