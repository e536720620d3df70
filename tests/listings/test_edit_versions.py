"""Two providers editing one listing: a stale save is refused, shows what changed, keeps input."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from accounts.models import Role, User
from core.extensions import db
from directory.change_models import ProposedChange
from directory.models import Location, Organisation, Service
from tests.forms import form_values, stale_save
from tests.listings.conftest import sign_in

# (model, edit path, the field the first provider changes, the one the second changes, label)
RECORDS = {
    "organisation": (Organisation, "/manage/organisations/{uuid}/edit", "description", "phone"),
    "service": (Service, "/manage/services/{uuid}/edit", "description", "contact_phone"),
    "location": (Location, "/manage/locations/{uuid}/edit", "description", "name"),
}


@pytest.fixture
def listing(app, request):
    """A trusted organisation with a service and a place, and two of its providers; ids."""
    with app.app_context():
        make_user = request.getfixturevalue("make_user")
        organisation = request.getfixturevalue("make_organisation")(
            name="Moss Bank Friends",
            trusted=True,
            description="We run walks.",
            phone="01204 000001",
        )
        service = request.getfixturevalue("make_service")(
            organisation=organisation, name="Walking group", description="Weekly walks."
        )
        request.getfixturevalue("make_postcode")("BL1 1AA", 53.58, -2.43)
        location = Location(
            organisation=organisation,
            name="The hall",
            description="Side door",
            address_1="1 Hall Street",
            town="Bolton",
            postcode="BL1 1AA",
        )
        db.session.add(location)
        first = make_user("ann@example.org", Role.PROVIDER, organisation=organisation)
        second = make_user("bob@example.org", Role.PROVIDER, organisation=organisation)
        db.session.commit()
        return SimpleNamespace(
            uuids={
                "organisation": organisation.uuid,
                "service": service.uuid,
                "location": location.uuid,
            },
            first=first.get_id(),
            second=second.get_id(),
        )


def _open(app, session_id, path):
    browser = app.test_client()
    sign_in(browser, session_id)
    page = browser.get(path)
    assert page.status_code == 200
    return browser, form_values(page.get_data(as_text=True))


def _lead(app) -> str:
    """Add a capacity lead; their session id."""
    with app.app_context():
        lead = User(email="lead@example.org", name="Lena Lead")
        lead.roles = {Role.CAPACITY_LEAD}
        db.session.add(lead)
        db.session.commit()
        return lead.get_id()


def _stored(app, model, uuid):
    with app.app_context():
        found = db.session.scalars(db.select(model).where(model.uuid == uuid)).one()
        db.session.expunge(found)
        return found


@pytest.mark.parametrize("kind", RECORDS)
def test_a_stale_listing_save_is_refused_instead_of_reverting_the_first(app, listing, kind):
    model, path_pattern, first_field, second_field = RECORDS[kind]
    uuid = listing.uuids[kind]
    path = path_pattern.format(uuid=uuid)
    before = getattr(_stored(app, model, uuid), first_field)
    refused = stale_save(
        app,
        path,
        sign_in,
        (listing.first, listing.second),
        {first_field: "Now also on Saturdays."},
        {second_field: "Changed by the second"},
    )
    assert f"{before} → Now also on Saturdays." in refused.panel
    assert "Changed by the second" not in refused.panel
    assert refused.kept[second_field] == "Changed by the second"
    assert getattr(_stored(app, model, uuid), first_field) == "Now also on Saturdays."

    # Saving the re-shown form again is a deliberate overwrite, and it goes through.
    assert refused.second.post(path, data=refused.kept).status_code == 302
    stored = _stored(app, model, uuid)
    assert getattr(stored, second_field) == "Changed by the second"
    assert getattr(stored, first_field) == before  # the second person chose to keep theirs


def test_a_stale_proposal_from_an_untrusted_organisation_is_refused_too(app, listing):
    with app.app_context():
        found = db.session.scalars(
            db.select(Organisation).where(Organisation.uuid == listing.uuids["organisation"])
        ).one()
        found.trusted = False
        db.session.commit()
    path = f"/manage/organisations/{listing.uuids['organisation']}/edit"
    _, stale_form = _open(app, listing.first, path)
    with app.app_context():
        found = db.session.scalars(
            db.select(Organisation).where(Organisation.uuid == listing.uuids["organisation"])
        ).one()
        found.description = "Edited by the capacity lead."
        db.session.commit()
    browser = app.test_client()
    sign_in(browser, listing.second)
    stale_form["phone"] = "01204 999999"
    refused = browser.post(path, data=stale_form)
    assert refused.status_code == 409
    assert "We run walks. → Edited by the capacity lead." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(ProposedChange)).all() == []


def test_a_stale_capacity_form_is_refused_and_keeps_the_wait_typed(app, listing):
    uuid = listing.uuids["service"]
    path = f"/manage/services/{uuid}/capacity"
    refused = stale_save(
        app,
        path,
        sign_in,
        (listing.first, listing.second),
        {"capacity_status": "waitlist", "waitlist_weeks": "3"},
        {"capacity_status": "waitlist", "waitlist_weeks": "8"},
    )
    assert "Accepting referrals → Waiting list" in refused.panel
    assert refused.kept["waitlist_weeks"] == "8"
    assert _stored(app, Service, uuid).waitlist_weeks == 3
    assert refused.second.post(path, data=refused.kept).status_code == 302
    assert _stored(app, Service, uuid).waitlist_weeks == 8


def test_the_lead_cannot_approve_from_a_review_page_the_listing_has_moved_past(app, listing):
    organisation_uuid = listing.uuids["organisation"]
    with app.app_context():
        found = db.session.scalars(
            db.select(Organisation).where(Organisation.uuid == organisation_uuid)
        ).one()
        found.trusted = False
        db.session.commit()
    lead_id = _lead(app)
    provider = app.test_client()
    sign_in(provider, listing.first)
    path = f"/manage/organisations/{organisation_uuid}/edit"
    proposal = form_values(provider.get(path).get_data(as_text=True))
    proposal["description"] = "We run walks and a lunch club."
    assert provider.post(path, data=proposal).status_code == 302
    with app.app_context():
        change_id = db.session.scalars(db.select(ProposedChange.id)).one()

    browser = app.test_client()
    sign_in(browser, lead_id)
    review_path = f"/admin/listings/changes/{change_id}"
    page = browser.get(review_path)
    assert page.status_code == 200, page.status_code
    review = form_values(page.get_data(as_text=True))
    # Meanwhile the listing moves on: a second provider's phone change is approved elsewhere.
    with app.app_context():
        found = db.session.scalars(
            db.select(Organisation).where(Organisation.uuid == organisation_uuid)
        ).one()
        found.phone = "01204 777777"
        db.session.commit()
    approve_path = f"/admin/listings/changes/{change_id}/approve"
    refused = browser.post(approve_path, data=review)
    assert refused.status_code == 409
    assert "This record changed while you were editing it" in refused.get_data(as_text=True)
    assert _stored(app, Organisation, organisation_uuid).description == "We run walks."
    again = form_values(refused.get_data(as_text=True))
    assert again["version"] != review["version"]
    assert browser.post(approve_path, data=again).status_code == 302
    stored = _stored(app, Organisation, organisation_uuid)
    assert (stored.description, stored.phone) == ("We run walks and a lunch club.", "01204 777777")


def test_a_revert_chosen_before_a_newer_change_is_refused(app, listing):
    uuid = listing.uuids["organisation"]
    path = f"/manage/organisations/{uuid}/edit"
    provider = app.test_client()
    sign_in(provider, listing.first)
    for description in ("Walks on Mondays.", "Walks on Tuesdays."):
        form = form_values(provider.get(path).get_data(as_text=True))
        form["description"] = description
        assert provider.post(path, data=form).status_code == 302
    lead_id = _lead(app)
    lead_browser = app.test_client()
    sign_in(lead_browser, lead_id)
    history = f"/admin/listings/history/organisation/{uuid}"
    # The oldest version (the baseline) is the last revert form on the page.
    page = lead_browser.get(history).get_data(as_text=True)
    seen = form_values(page)["version"]

    form = form_values(provider.get(path).get_data(as_text=True))
    form["description"] = "Walks every day."
    assert provider.post(path, data=form).status_code == 302

    refused = lead_browser.post(f"{history}/1/revert", data={"version": seen})
    assert refused.status_code == 409
    assert "This record changed while you were editing it" in refused.get_data(as_text=True)
    assert _stored(app, Organisation, uuid).description == "Walks every day."
    again = form_values(refused.get_data(as_text=True))["version"]
    assert lead_browser.post(f"{history}/1/revert", data={"version": again}).status_code == 302
    assert _stored(app, Organisation, uuid).description == "We run walks."
