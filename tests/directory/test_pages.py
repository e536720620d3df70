"""Public directory pages, through the test client."""

from __future__ import annotations

from datetime import timedelta

from core.extensions import db
from core.models import utcnow
from directory.models import CapacityStatus, ServiceStatus


def _create(app, make_service, **fields):
    with app.app_context():
        service = make_service(**fields)
        db.session.commit()
        return service.uuid, service.organisation.uuid


def test_home_page_has_search_and_theme_tiles_with_counts(app, client, make_service) -> None:
    _create(app, make_service, themes=["money", "health"])
    _create(app, make_service, themes=["money"])
    _create(app, make_service, themes=["money"], status=ServiceStatus.INACTIVE)
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<title>Find local support" in html
    assert '<h1 class="govuk-heading-xl">Find local support in Bolton</h1>' in html
    assert 'action="/search"' in html
    assert 'href="/search?theme=money">Money</a>' in html
    assert "2 services" in html  # the inactive one is not counted
    assert "1 service<" in html


def test_service_page_shows_every_detail(app, client, make_service) -> None:
    service_uuid, org_uuid = _create(
        app,
        make_service,
        name="Tuesday Lunch Club",
        description="A hot two-course lunch and good company.\n\nTransport can be arranged.",
        themes=["friends_and_family", "getting_out"],
        eligibility_description="People over 60 living in Bolton",
        min_age=60,
        is_free=False,
        fee_description="£4 including lunch",
        access_methods=["drop_in", "signpost_referral"],
        languages=["English", "Urdu"],
        accessibility=["wheelchair_access", "hearing_loop"],
        delivery_methods=["in_person"],
        contact_phone="01204 333444",
        contact_email="lunch@example.org.uk",
        lat=53.57,
        lon=-2.43,
        schedule=[(1, "10:00", "12:00"), (1, "13:30", "15:30"), (3, "12:00", "14:00")],
        verified_by="Asha Patel, organiser",
    )
    page = client.get(f"/services/{service_uuid}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<title>Tuesday Lunch Club" in html
    assert '<h1 class="govuk-heading-xl">Tuesday Lunch Club</h1>' in html
    assert "Transport can be arranged." in html
    assert "Friends and family" in html and "Getting out and about" in html
    assert "Drop in, no need to book" in html
    assert "Accepts referrals through Signpost" in html
    assert '<a class="govuk-link" href="tel:01204333444">01204 333444</a>' in html
    assert '<a class="govuk-link" href="mailto:lunch@example.org.uk">' in html
    assert "10am to midday<br>1:30pm to 3:30pm" in html
    assert "Thursday" in html and "midday to 2pm" in html
    assert "60 and over" in html
    assert "£4 including lunch" in html
    assert "English, Urdu" in html
    assert "Wheelchair accessible, Hearing loop" in html
    assert "1 High Street, Bolton, BL1 1AA" in html
    assert "data-map" in html
    assert "Last checked" in html and "by Asha Patel, organiser" in html
    assert f'href="/organisations/{org_uuid}"' in html


def test_confidential_locations_never_show_an_address(
    app, client, make_service, make_neighbourhood, make_postcode
):
    with app.app_context():
        hood = make_neighbourhood(name="Rumworth")
        # Big enough to hide in (CONFIDENTIAL_MIN_SPREAD_KM): postcodes ~0.8 km from its centre.
        for number, (dlat, dlon) in enumerate([(0.007, 0), (-0.007, 0), (0, 0.012), (0, -0.012)]):
            make_postcode(f"BL3 9A{'ABDE'[number]}", 53.578 + dlat, -2.429 + dlon, ward=hood.code)
        service = make_service(
            name="Safe House", lat=53.571, lon=-2.452, confidential=True, neighbourhood=hood
        )
        db.session.commit()
        service_uuid = service.uuid
    html = client.get(f"/services/{service_uuid}").get_data(as_text=True)
    assert "In Rumworth" in html
    assert "1 High Street" not in html
    assert "BL1 1AA" not in html
    assert "53.571" not in html and "-2.452" not in html


def test_stale_and_closed_listings_are_marked(app, client, make_service) -> None:
    service_uuid, _ = _create(
        app,
        make_service,
        status=ServiceStatus.TEMPORARILY_CLOSED,
        last_verified_at=utcnow() - timedelta(days=500),
        capacity_status=CapacityStatus.WAITLIST,
        waitlist_weeks=6,
    )
    html = client.get(f"/services/{service_uuid}").get_data(as_text=True)
    assert "Temporarily closed" in html
    assert "has not been checked since" in html
    assert "Waiting list, about 6 weeks" in html


def test_unpublished_and_inactive_services_are_not_found(app, client, make_service) -> None:
    hidden, _ = _create(app, make_service, is_published=False)
    inactive, _ = _create(app, make_service, status=ServiceStatus.INACTIVE)
    assert client.get(f"/services/{hidden}").status_code == 404
    assert client.get(f"/services/{inactive}").status_code == 404
    assert client.get("/services/not-a-uuid").status_code == 404


def test_organisation_page_lists_only_public_services(app, client, make_service, make_organisation):
    with app.app_context():
        org = make_organisation(name="Bolton Befrienders", phone="01204 111222")
        make_service(organisation=org, name="Phone Friends")
        make_service(organisation=org, name="Retired Scheme", status=ServiceStatus.INACTIVE)
        db.session.commit()
        org_uuid = org.uuid
    html = client.get(f"/organisations/{org_uuid}").get_data(as_text=True)
    assert '<h1 class="govuk-heading-xl">Bolton Befrienders</h1>' in html
    assert "Phone Friends" in html
    assert "Retired Scheme" not in html
    assert "01204 111222" in html
