"""An imported listing on its page: provenance, full schedules, costs, access, and the edit rule."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accounts.models import Role
from core.extensions import db
from directory.change_models import ListingVersion
from directory.models import OpeningSchedule, Service
from tests.listings.conftest import make_user, sign_in  # noqa: F401 - the make_user fixture
from tests.openreferral.feedserver import Feed, serve
from tests.openreferral.test_sync import example, probe


@pytest.fixture
def imported(app, runner):
    fortnightly = probe(
        1,
        schedules=[
            {
                "id": "s-1",
                "freq": "WEEKLY",
                "interval": 2,
                "byday": "TU",
                "dtstart": "2026-01-06",
                "opens_at": "10:00",
                "closes_at": "12:00",
                "notes": "Not in August",
            },
            {
                "id": "s-2",
                "freq": "MONTHLY",
                "byday": "1MO",
                "opens_at": "18:00",
                "closes_at": "20:00",
            },
            {"id": "s-3", "freq": "MONTHLY", "bymonthday": "15", "description": "Pay day clinic"},
        ],
    )
    with serve(Feed([example(), fortnightly])) as url:
        assert runner.invoke(args=["sources", "add", "Wigan Council", url]).exit_code == 0
        assert runner.invoke(args=["sources", "sync"]).exit_code == 0
    with app.app_context():
        return {s.external_id: s.uuid for s in db.session.scalars(select(Service))}


def test_the_page_says_where_it_came_from_and_shows_everything_it_uses(client, imported):
    page = client.get(f"/services/{imported['svc-1']}").get_data(as_text=True)
    assert "From Wigan Council's directory, updated" in page
    assert "Every other Tuesday, 10:00 to 12:00, counting from 6 January 2026" in page
    assert "The first Monday of each month, 18:00 to 20:00" in page
    assert "On the 15th of each month" in page and "Pay day clinic" in page
    assert "Not in August" in page
    example_page = client.get("/services/ac148810-d857-441c-9679-408f346de14b").get_data(
        as_text=True
    )
    assert "Under 18s and Over 60s: 35 per 1 hour session" in example_page
    assert "Switch hearing aid to T-coil" in example_page
    assert "Thursdays and Fridays, on the 2nd, 3rd and 4th of the month, 10:00 to 18:00" in (
        example_page
    )


def test_local_edits_are_refused_but_capacity_is_ours(app, client, imported, make_user):  # noqa: F811
    with app.app_context():
        service = db.session.scalars(select(Service).where(Service.external_id == "svc-1")).one()
        provider = make_user("p@example.org", Role.PROVIDER, organisation=service.organisation)
        db.session.commit()
        sign_in(client, provider)
        versions = db.session.scalars(select(ListingVersion)).all()
    page = client.get(f"/services/{imported['svc-1']}").get_data(as_text=True)
    assert "Its details come from Wigan Council" in page and "Edit this listing" not in page
    form = client.get(f"/manage/services/{imported['svc-1']}/edit")
    assert form.status_code == 200
    refused = client.post(
        f"/manage/services/{imported['svc-1']}/edit",
        data={
            "name": "Renamed here",
            "description": "Changed",
            "themes": "health",
            "is_free": "true",
        },
    )
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "This listing comes from Wigan Council" in text
    assert "Renamed here" in text  # what was typed is kept
    with app.app_context():
        assert (
            db.session.scalars(select(Service.name).where(Service.uuid == imported["svc-1"])).one()
            == "Probe service 1"
        )
        assert len(db.session.scalars(select(ListingVersion)).all()) == len(versions)
    capacity = client.post(
        f"/manage/services/{imported['svc-1']}/capacity",
        data={"capacity_status": "waitlist", "waitlist_weeks": "3"},
    )
    assert capacity.status_code in (302, 303)
    with app.app_context():
        assert (
            db.session.scalars(
                select(Service.waitlist_weeks).where(Service.uuid == imported["svc-1"])
            ).one()
            == 3
        )
        assert db.session.scalar(select(OpeningSchedule.id).limit(1)) is not None
