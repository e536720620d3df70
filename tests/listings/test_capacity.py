"""Capacity: what providers set, and what referrals and search then see."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from accounts.models import Role
from core.errors import Conflict
from core.extensions import db
from directory import editing, freshness
from directory.models import AccessMethod, CapacityStatus
from tests.listings.conftest import NOW


@pytest.fixture
def service_and_member(app_ctx, make_service, make_user):
    service = make_service(name="Befriending", access_methods=[AccessMethod.SIGNPOST_REFERRAL])
    member = make_user("m@example.org", Role.PROVIDER, organisation=service.organisation)
    return service, member


def test_pause_blocks_until_the_date_then_resumes_by_itself(service_and_member):
    service, member = service_and_member
    until = NOW.date() + timedelta(days=10)
    assert editing.set_capacity(
        service, CapacityStatus.PAUSED, by=member, now=NOW, paused_until=until
    )
    assert service.capacity_on(NOW.date()) is CapacityStatus.PAUSED
    assert service.capacity_on(until) is CapacityStatus.ACCEPTING
    assert service.accepts_signpost_referrals


def test_pause_needs_a_future_date(service_and_member):
    service, member = service_and_member
    with pytest.raises(Conflict):
        editing.set_capacity(service, CapacityStatus.PAUSED, by=member, now=NOW)
    with pytest.raises(Conflict):
        editing.set_capacity(
            service, CapacityStatus.PAUSED, by=member, now=NOW, paused_until=NOW.date()
        )


def test_waitlist_keeps_weeks_and_is_published_even_when_untrusted(service_and_member):
    service, member = service_and_member
    assert not service.organisation.trusted
    verified = service.last_verified_at
    editing.set_capacity(service, CapacityStatus.WAITLIST, by=member, now=NOW, waitlist_weeks=6)
    assert (service.capacity_status, service.waitlist_weeks) == (CapacityStatus.WAITLIST, 6)
    assert service.last_verified_at == verified
    assert not editing.set_capacity(
        service, CapacityStatus.WAITLIST, by=member, now=NOW, waitlist_weeks=6
    )


def test_capacity_page_shows_on_the_service_page(client, app, make_service, login, make_user):
    with app.app_context():
        service = make_service(name="Lunch club")
        member = make_user("m@example.org", Role.PROVIDER, organisation=service.organisation)
        db.session.commit()
        uuid = service.uuid
        login(member)
    until = date.today() + timedelta(days=20)
    response = client.post(
        f"/manage/services/{uuid}/capacity",
        data={
            "capacity_status": "paused",
            "paused_until-day": str(until.day),
            "paused_until-month": str(until.month),
            "paused_until-year": str(until.year),
        },
    )
    assert response.status_code == 302
    page = client.get(f"/services/{uuid}").get_data(as_text=True)
    assert "Not taking new people until" in page


def test_capacity_form_errors_keep_what_was_typed(client, app, make_service, login, make_user):
    with app.app_context():
        service = make_service(name="Lunch club")
        member = make_user("m@example.org", Role.PROVIDER, organisation=service.organisation)
        db.session.commit()
        uuid = service.uuid
        login(member)
    response = client.post(
        f"/manage/services/{uuid}/capacity",
        data={"capacity_status": "paused", "paused_until-day": "31", "paused_until-month": "2"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter a real date" in page
    assert 'value="31"' in page


def test_search_results_show_capacity_and_a_pause_ending(client, app, make_service, make_user):
    with app.app_context():
        service = make_service(name="Knit and natter", description="Knitting circle")
        member = make_user("m@example.org", Role.PROVIDER, organisation=service.organisation)
        editing.set_capacity(
            service,
            CapacityStatus.PAUSED,
            by=member,
            now=NOW,
            paused_until=NOW.date() + timedelta(days=7),
        )
        db.session.commit()

    def found() -> dict:
        body = client.get("/api/v1/services/search?q=knitting").get_json()
        return next(r for r in body["results"] if r["name"] == "Knit and natter")

    assert found()["capacity"] == "paused"
    assert found()["paused_until"] == (NOW.date() + timedelta(days=7)).isoformat()
    with app.app_context():
        freshness.remind(NOW + timedelta(days=7))
        db.session.commit()
    assert found()["capacity"] == "accepting"
