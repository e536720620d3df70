"""Providers add services and say where they reach people, through the test client."""

from __future__ import annotations

import pytest

from accounts.models import Role
from core.extensions import db
from directory import versions
from directory.change_models import ChangeStatus, ProposedChange, RecordType
from directory.models import Organisation, Service

# The service's venue sits in the north; Ainsworth's centre is 2 km from it, the other
# neighbourhoods more than 10 km away.
VENUE = (53.700, -2.430)


@pytest.fixture
def listing(app, make_service, make_user, make_neighbourhood, make_organisation):
    with app.app_context():
        halliwell = make_neighbourhood(
            code="E05000650", name="Halliwell", latitude=53.578, longitude=-2.429
        )
        deane = make_neighbourhood(code="E05000651", name="Deane", latitude=53.565, longitude=-2.46)
        make_neighbourhood(code="E05000652", name="Tonge", latitude=53.58, longitude=-2.40)
        make_neighbourhood(code="E05000653", name="Ainsworth", latitude=53.718, longitude=-2.430)
        service = make_service(
            name="Walking group", lat=VENUE[0], lon=VENUE[1], areas=[{"kind": "borough"}]
        )
        organisation = service.organisation
        member = make_user("pat@example.org", Role.PROVIDER, organisation=organisation, name="Pat")
        outsider = make_user("sam@example.org", Role.PROVIDER, organisation=make_organisation())
        lead = make_user("lead@example.org", Role.CAPACITY_LEAD)
        db.session.commit()
        return {
            "service": service.uuid,
            "org": organisation.uuid,
            "venue": service.locations[0].uuid,
            "halliwell": halliwell.code,
            "deane": deane.code,
            "member": member.get_id(),
            "outsider": outsider.get_id(),
            "lead": lead.get_id(),
        }


def service_form(**changes: object) -> dict:
    form: dict[str, object] = {
        "name": "Knit and natter",
        "description": "Bring your needles.",
        "themes": "friends_and_family",
        "is_free": "true",
        "wednesday": "13:00-15:00",
    }
    form.update(changes)
    return form


def trust(app, organisation_uuid: str) -> None:
    with app.app_context():
        organisation = db.session.scalars(
            db.select(Organisation).where(Organisation.uuid == organisation_uuid)
        ).one()
        organisation.trusted = True
        db.session.commit()


def service_named(name: str) -> Service | None:
    return db.session.scalars(db.select(Service).where(Service.name == name)).first()


def covers_line(page: str) -> list[str]:
    """The areas named on a public service page's "Covers:" line."""
    line = page.split("Covers: ", 1)[1].split("</p>", 1)[0]
    return line.rstrip(".").split(", ")


def found_near(client, place: str) -> list[tuple[str, bool]]:
    response = client.get(f"/api/v1/services/search?near={place}&radius=1")
    assert response.status_code == 200
    return [(hit["name"], hit["covers_area"]) for hit in response.get_json()["results"]]


def test_dashboard_offers_to_add_a_service(client, listing, login):
    login(listing["member"])
    page = client.get("/manage").get_data(as_text=True)
    assert f"/manage/organisations/{listing['org']}/services/new" in page
    form = client.get(f"/manage/organisations/{listing['org']}/services/new")
    assert form.status_code == 200
    assert "Add a service" in form.get_data(as_text=True)
    assert "Where do you offer this service?" in form.get_data(as_text=True)


def test_trusted_member_adds_a_service_that_publishes_at_once(client, app, listing, login):
    trust(app, listing["org"])
    login(listing["member"])
    response = client.post(
        f"/manage/organisations/{listing['org']}/services/new",
        data=service_form(locations=listing["venue"], area_neighbourhoods=[listing["halliwell"]]),
    )
    assert response.status_code == 302
    with app.app_context():
        service = service_named("Knit and natter")
        assert service is not None and service.is_listed
        assert service.verified_by == "Pat" and service.last_verified_at is not None
        assert [loc.uuid for loc in service.locations] == [listing["venue"]]
        assert [area.label for area in service.areas] == ["Halliwell"]
        history = versions.history(RecordType.SERVICE, service.uuid)
        assert [(v.number, v.summary) for v in history] == [(1, "Service added")]
        uuid = service.uuid
        assert db.session.scalar(db.select(db.func.count(ProposedChange.id))) == 0
    page = client.get(f"/services/{uuid}").get_data(as_text=True)
    assert "Bring your needles." in page and "Covers: Halliwell." in page
    assert ("Knit and natter", True) in found_near(client, "Halliwell")


def test_untrusted_add_is_queued_and_approval_creates_the_service(client, app, listing, login):
    login(listing["member"])
    response = client.post(
        f"/manage/organisations/{listing['org']}/services/new",
        data=service_form(area_borough="true"),
    )
    assert response.status_code == 302
    with app.app_context():
        assert service_named("Knit and natter") is None
        change = db.session.scalars(db.select(ProposedChange)).one()
        assert (change.record_type, change.record_uuid) == (RecordType.SERVICE, None)
        change_id = change.id
    assert "Knit and natter" not in found_near(client, "Tonge").__repr__()
    login(listing["lead"])
    assert "Knit and natter" in client.get("/admin/listings/changes").get_data(as_text=True)
    review = client.get(f"/admin/listings/changes/{change_id}").get_data(as_text=True)
    assert "Knit and natter" in review and "The whole borough" in review
    assert client.post(f"/admin/listings/changes/{change_id}/approve").status_code == 302
    with app.app_context():
        service = service_named("Knit and natter")
        assert service is not None and service.is_listed
        assert service.verified_by == "Pat"
        change = db.session.get(ProposedChange, change_id)
        assert change.status is ChangeStatus.APPROVED and change.record_uuid == service.uuid
        assert len(versions.history(RecordType.SERVICE, service.uuid)) == 1
        uuid = service.uuid
    assert "Covers: The whole borough." in client.get(f"/services/{uuid}").get_data(as_text=True)
    assert ("Knit and natter", True) in found_near(client, "Tonge")


def test_only_members_and_the_lead_may_add_a_service(client, app, listing, login):
    url = f"/manage/organisations/{listing['org']}/services/new"
    assert client.get(url).status_code == 302  # anonymous: sent to sign in
    login(listing["outsider"])
    assert client.get(url).status_code == 403
    assert client.post(url, data=service_form()).status_code == 403
    with app.app_context():
        assert service_named("Knit and natter") is None
        assert db.session.scalar(db.select(db.func.count(ProposedChange.id))) == 0
    login(listing["lead"])
    assert client.post(url, data=service_form()).status_code == 302
    with app.app_context():  # the capacity lead's additions publish at once
        assert service_named("Knit and natter") is not None


def test_add_form_keeps_what_was_typed_on_error(client, app, listing, login):
    login(listing["member"])
    response = client.post(
        f"/manage/organisations/{listing['org']}/services/new",
        data=service_form(
            name="",
            description="Typed description",
            area_neighbourhoods=[listing["deane"]],
            area_radius_km="lots",
        ),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert 'href="#area_radius_km"' in page
    assert 'id="area_radius_km-error"' in page
    assert "Enter the distance as a number of kilometres" in page
    assert 'value="lots"' in page and "Typed description" in page
    assert f'value="{listing["deane"]}" checked' in page
    response = client.post(
        f"/manage/organisations/{listing['org']}/services/new",
        data=service_form(area_radius_km="3"),
    )
    assert response.status_code == 400
    assert 'id="area_radius_location-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ProposedChange.id))) == 0


def edit_areas(client, listing, **areas: object):
    return client.post(
        f"/manage/services/{listing['service']}/edit",
        data=service_form(
            name="Walking group",
            description="A friendly weekly group.",
            wednesday="",
            locations=listing["venue"],
            **areas,
        ),
    )


def approve_the_change(client, app, listing, login) -> str:
    """Sign in as the lead, return the change page, then approve it."""
    login(listing["lead"])
    with app.app_context():
        change_id = db.session.scalars(
            db.select(ProposedChange.id).where(ProposedChange.status == ChangeStatus.PENDING)
        ).one()
    page = client.get(f"/admin/listings/changes/{change_id}").get_data(as_text=True)
    assert client.post(f"/admin/listings/changes/{change_id}/approve").status_code == 302
    return page


def test_editing_areas_flows_through_moderation_the_page_and_search(client, app, listing, login):
    public = f"/services/{listing['service']}"
    assert "Covers: The whole borough." in client.get(public).get_data(as_text=True)
    assert ("Walking group", True) in found_near(client, "Tonge")

    # Borough -> two neighbourhoods.
    login(listing["member"])
    form = client.get(f"/manage/services/{listing['service']}/edit").get_data(as_text=True)
    assert 'name="area_borough" type="checkbox" value="true" checked' in form
    response = edit_areas(
        client, listing, area_neighbourhoods=[listing["deane"], listing["halliwell"]]
    )
    assert response.status_code == 302
    assert "Covers: The whole borough." in client.get(public).get_data(as_text=True)
    review = approve_the_change(client, app, listing, login)
    assert "Areas covered" in review
    assert "The whole borough" in review and "Halliwell; Deane" in review
    covers = covers_line(client.get(public).get_data(as_text=True))
    assert sorted(covers) == ["Deane", "Halliwell"]
    assert ("Walking group", True) in found_near(client, "Halliwell")
    assert "Walking group" not in repr(found_near(client, "Tonge"))

    # Two neighbourhoods -> within 3 km of the venue.
    login(listing["member"])
    response = edit_areas(
        client, listing, area_radius_location=listing["venue"], area_radius_km="3"
    )
    assert response.status_code == 302
    review = approve_the_change(client, app, listing, login)
    assert "Halliwell; Deane" in review and "Within 3 km of Walking group venue" in review
    assert "Covers: Within 3 km." in client.get(public).get_data(as_text=True)
    assert ("Walking group", True) in found_near(client, "Ainsworth")
    assert "Walking group" not in repr(found_near(client, "Halliwell"))

    # The form shows the distance as saved, and saving it again changes nothing.
    login(listing["member"])
    form = client.get(f"/manage/services/{listing['service']}/edit").get_data(as_text=True)
    assert f'<option value="{listing["venue"]}" selected>' in form
    assert 'value="3"' in form
    assert (
        edit_areas(
            client, listing, area_radius_location=listing["venue"], area_radius_km="3"
        ).status_code
        == 302
    )
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count(ProposedChange.id)).where(
                    ProposedChange.status == ChangeStatus.PENDING
                )
            )
            == 0
        )
        history = versions.history(RecordType.SERVICE, listing["service"])
        labels = [
            [c.label for c in versions.diff(RecordType.SERVICE, older.snapshot, newer.snapshot)]
            for newer, older in zip(history, history[1:], strict=False)
        ]
        assert labels == [["Areas covered"], ["Areas covered"]]


def test_trusted_edit_of_areas_publishes_at_once(client, app, listing, login):
    trust(app, listing["org"])
    login(listing["member"])
    response = edit_areas(
        client, listing, area_borough="true", area_neighbourhoods=listing["deane"]
    )
    assert response.status_code == 302
    page = client.get(f"/services/{listing['service']}").get_data(as_text=True)
    assert sorted(covers_line(page)) == ["Deane", "The whole borough"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ProposedChange.id))) == 0


def test_the_queue_refuses_an_unknown_status_clearly(client, listing, login):
    login(listing["lead"])
    for status in ("bogus", "99999999999999999999999", ""):
        page = client.get("/admin/listings/changes", query_string={"status": status})
        assert page.status_code == 400
        assert "Choose pending, approved or rejected" in page.get_data(as_text=True)
    assert client.get("/admin/listings/changes?status=approved").status_code == 200
