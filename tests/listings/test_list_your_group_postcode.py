""" "List your group" checks the postcode at once; the lead can correct it while approving."""

from __future__ import annotations

from accounts.models import Role
from core.extensions import db
from directory.change_models import ChangeStatus, ProposedChange
from directory.gazetteer import Postcode
from directory.models import Service
from tests.listings.test_pages import LIST_YOUR_GROUP, listing  # noqa: F401 - a fixture


def _gazetteer() -> None:
    for code, lat in (("BL1 1AA", 53.58), ("BL3 5AB", 53.57)):
        db.session.add(Postcode(postcode=code, outward=code[:3], latitude=lat, longitude=-2.43))
    db.session.commit()


def test_an_unknown_postcode_is_refused_at_once_with_the_form_kept(client, app, listing):  # noqa: F811
    with app.app_context():
        _gazetteer()
    form = {**LIST_YOUR_GROUP, "address_1": "Harpers Lane", "town": "Bolton", "postcode": "bl9 9zz"}
    refused = client.post("/list-your-group", data=form)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "We could not find the postcode BL9 9ZZ" in page
    assert 'href="#postcode"' in page  # the error summary points at the field
    assert 'value="Harpers Lane Allotments"' in page and 'value="bl9 9zz"' in page
    with app.app_context():
        assert db.session.scalars(db.select(ProposedChange)).all() == []
    # A malformed one is explained as before; a known one goes to the lead.
    malformed = client.post("/list-your-group", data={**form, "postcode": "BL9"})
    assert malformed.status_code == 400 and "Enter a full postcode" in malformed.get_data(
        as_text=True
    )
    assert client.post("/list-your-group", data={**form, "postcode": "bl1 1aa"}).status_code == 200
    with app.app_context():
        change = db.session.scalars(db.select(ProposedChange)).one()
        assert change.proposed["postcode"] == "BL1 1AA"


def test_the_lead_corrects_the_postcode_while_approving(client, app, listing, login):  # noqa: F811
    with app.app_context():
        _gazetteer()
    form = {**LIST_YOUR_GROUP, "address_1": "Harpers Lane", "town": "Bolton", "postcode": "BL1 1AA"}
    assert client.post("/list-your-group", data=form).status_code == 200
    with app.app_context():
        change_id = db.session.scalars(db.select(ProposedChange.id)).one()
    login(listing["lead"])
    review = client.get(f"/admin/listings/changes/{change_id}").get_data(as_text=True)
    assert 'name="postcode"' in review and 'value="BL1 1AA"' in review
    # An unknown correction is refused by the field, keeping what the lead typed.
    wrong = client.post(
        f"/admin/listings/changes/{change_id}/approve", data={"postcode": "BL9 9ZZ"}
    )
    assert wrong.status_code == 409
    assert "We could not find the postcode BL9 9ZZ" in wrong.get_data(as_text=True)
    assert 'value="BL9 9ZZ"' in wrong.get_data(as_text=True)
    bad = client.post(f"/admin/listings/changes/{change_id}/approve", data={"postcode": "nonsense"})
    assert bad.status_code == 400 and 'value="nonsense"' in bad.get_data(as_text=True)
    with app.app_context():
        change = db.session.get(ProposedChange, change_id)
        assert change.status is ChangeStatus.PENDING
    done = client.post(f"/admin/listings/changes/{change_id}/approve", data={"postcode": "bl3 5ab"})
    assert done.status_code == 302
    with app.app_context():
        service = db.session.scalars(
            db.select(Service).where(Service.name == "Open plot Saturdays")
        ).one()
        assert [loc.postcode for loc in service.locations] == ["BL3 5AB"]
        assert service.locations[0].latitude == 53.57
        change = db.session.get(ProposedChange, change_id)
        assert change.proposed["proposed_postcode"] == "BL1 1AA"


def test_only_the_lead_approves(client, app, listing, login, make_user):  # noqa: F811
    with app.app_context():
        _gazetteer()
        coordinator = make_user("cora@example.org", Role.COORDINATOR).get_id()
        db.session.commit()
    assert client.post("/list-your-group", data={**LIST_YOUR_GROUP, "postcode": "BL1 1AA"})
    with app.app_context():
        change_id = db.session.scalars(db.select(ProposedChange.id)).one()
    login(coordinator)
    answer = client.post(
        f"/admin/listings/changes/{change_id}/approve", data={"postcode": "BL3 5AB"}
    )
    assert answer.status_code == 403
