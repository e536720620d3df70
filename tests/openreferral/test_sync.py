"""Reading other directories faithfully: the official examples, probes, paging, retiring.

Every feed here is served over loopback HTTP by tests/openreferral/feedserver.py.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from accounts.models import Role
from core.extensions import db
from directory.change_models import ListingVersion
from directory.models import (
    AreaKind,
    ListingSource,
    Location,
    Organisation,
    Service,
)
from directory.versions import snapshot_location
from openreferral.standard import schema_errors
from tests.listings.conftest import make_user, sign_in  # noqa: F401 - a fixture
from tests.openreferral.feedserver import Feed, serve

FEEDS = Path(__file__).parent / "feeds"
# Fields whose value is this directory's own, not the source's: when Signpost last changed
# the record (what `modified_after` readers need). Every other value must come back.
NOT_ROUND_TRIPPED = {"last_modified"}
# A polygon around Bolton town centre (longitude, latitude), and points in and out of it.
BOROUGH = {
    "type": "Polygon",
    "coordinates": [
        [[-2.50, 53.54], [-2.35, 53.54], [-2.35, 53.62], [-2.50, 53.62], [-2.50, 53.54]]
    ],
}


def example(name: str = "service_full.json") -> dict[str, Any]:
    """An official ORUK 3.0 example, with its location moved to a real UK place."""
    record = json.loads((FEEDS / name).read_text())
    services = record.get("services") or [record.get("service", record)]
    sals = [sal for service in services for sal in service.get("service_at_locations", [])]
    if "location" in record:
        sals.append(record)
    for sal in sals:
        location = sal["location"]
        location["latitude"], location["longitude"] = 53.5769, -2.4282
        for address in location["addresses"]:
            address["postal_code"], address["country"] = "BL1 1AA", "GB"
    return record


def missing_values(original: Any, published: Any, path: str = "$") -> list[str]:
    """Every place where a value the source gave does not come back the same."""
    if isinstance(original, dict):
        if not isinstance(published, dict):
            return [path]
        return [
            found
            for key, value in original.items()
            if key not in NOT_ROUND_TRIPPED
            for found in missing_values(value, published.get(key), f"{path}.{key}")
        ]
    if isinstance(original, list):
        if not isinstance(published, list) or len(published) != len(original):
            return [path]
        return [
            found
            for number, (a, b) in enumerate(zip(original, published, strict=True))
            for found in missing_values(a, b, f"{path}[{number}]")
        ]
    return [] if original == published else [f"{path}: {original!r} != {published!r}"]


def sync(runner, url: str, *extra: str):  # noqa: ANN201
    return runner.invoke(args=["import", "openreferral", url, *extra])


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_official_example_round_trips_every_value(app, runner, client):
    original = example()
    with serve(Feed([original])) as url:
        result = sync(runner, url)
    assert result.exit_code == 0, result.output
    published = client.get(f"/openreferral/services/{original['id']}").get_json()
    assert missing_values(original, published) == []
    assert schema_errors(published, "service") == []

    with app.app_context():
        service = db.session.scalars(select(Service)).one()
        # What the product uses is modelled, not only kept for the feed.
        [cost] = service.cost_options
        assert (cost.option, cost.amount, cost.amount_description) == (
            "Under 18s and Over 60s",
            35,
            "per 1 hour session",
        )
        assert service.is_free is False and "35" in service.fee_description
        [schedule] = service.opening_schedules
        assert (schedule.freq, schedule.byday, schedule.bymonthday) == ("WEEKLY", "TH,FR", "2,3,4")
        assert schedule.notes.startswith("Some of our staff")
        assert str(schedule.dtstart) == "2005-01-01"
        location = service.locations[0]
        assert (location.external_identifier, location.external_identifier_type) == (
            "10092008082",
            "UPRN",
        )
        assert "induction loops" in location.accessibility[0]["description"]
        assert {"hearing_loop", "wheelchair_access"} <= set(service.accessibility)
        assert service.organisation.extra["logo"].endswith(".png")
        assert service.extra["funding"][0]["source"].startswith("This service is funded")
        assert service.areas[0].kind is AreaKind.DESCRIBED  # "extent": "extent" is not GeoJSON


def test_official_organisation_and_service_at_location_examples_round_trip(app, runner, client):
    organisation = example("organization_full.json")
    [service] = organisation.pop("services")
    service["organization"] = {k: v for k, v in organisation.items()}
    with serve(Feed([service])) as url:
        assert sync(runner, url).exit_code == 0
    published = client.get(f"/openreferral/organizations/{organisation['id']}").get_json()
    assert missing_values(organisation, published) == []
    sal = example("service_at_location_full.json")
    published_sal = client.get(f"/openreferral/service_at_locations/{sal['id']}").get_json()
    assert missing_values(sal["location"], published_sal["location"]) == []


def probe(number: int, **fields: Any) -> dict[str, Any]:
    """A small valid ORUK 3.0 service, with `fields` changed."""
    record: dict[str, Any] = {
        "id": f"svc-{number}",
        "name": f"Probe service {number}",
        "status": "active",
        "organization": {"id": "org-1", "name": "Probe Trust", "description": ""},
        "service_at_locations": [
            {
                "id": f"sal-{number}",
                "location": {
                    "id": f"loc-{number}",
                    "location_type": "physical",
                    "latitude": 53.58,
                    "longitude": -2.43,
                    "addresses": [
                        {
                            "id": f"addr-{number}",
                            "address_1": "1 Market Street",
                            "city": "Bolton",
                            "state_province": "",
                            "postal_code": "BL1 1AA",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
    }
    for path, value in fields.items():
        target = record
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return record


LONG_PHONE = "01204 123456 (Monday to Friday 9am to 5pm, ask for the duty worker)"


def test_valid_probes_import_with_a_warning_each_and_republish_unchanged(app, runner, client):
    long_name = "A" * 230
    records = [
        probe(
            1,
            contacts=[
                {"id": "c-1", "name": "Duty", "phones": [{"id": "p-1", "number": LONG_PHONE}]}
            ],
        ),
        probe(2, name=long_name),
        probe(
            3,
            schedules=[
                {
                    "id": "s-3",
                    "freq": "WEEKLY",
                    "byday": "MO",
                    "opens_at": "9:00",
                    "closes_at": "24:00",
                }
            ],
        ),
        probe(4, service_at_locations__0__location__addresses__0__postal_code="N/A"),
    ]
    with serve(Feed(records)) as url:
        result = sync(runner, url)
    assert result.exit_code == 0, result.output
    for line in (
        "Row 1 (svc-1): contacts[0].phones[0].number: longer than 40 characters; "
        "stored as '01204 123456'",
        "Row 2 (svc-2): name: longer than 200 characters; shortened here",
        "Row 3 (svc-3): schedules[0].opens_at: '9:00' read as 09:00",
        "Row 4 (svc-4): service_at_locations[0].location.addresses[0].postal_code: "
        "'N/A' is not a UK postcode",
    ):
        assert line in result.output
    assert "4 record(s) with warnings" in result.output
    with app.app_context():
        by_name = {s.external_id: s for s in db.session.scalars(select(Service))}
        assert by_name["svc-1"].contact_phone == "01204 123456"
        assert len(by_name["svc-2"].name) == 200
        slot = by_name["svc-3"].schedules[0]
        assert (slot.weekday, f"{slot.opens_at:%H:%M}", f"{slot.closes_at:%H:%M}") == (
            0,
            "09:00",
            "23:59",
        )
        location = by_name["svc-4"].locations[0]
        assert location.postcode is None and location.latitude == 53.58
        uuids = {key: s.uuid for key, s in by_name.items()}
    for number, record in enumerate(records, 1):
        published = client.get(f"/openreferral/services/{uuids[f'svc-{number}']}").get_json()
        assert schema_errors(published, "service") == []
        kept = {k: v for k, v in record.items() if k not in ("id", "organization")}
        for sal in kept["service_at_locations"]:
            sal.pop("id")
            sal["location"].pop("id")
            for address in sal["location"]["addresses"]:
                address.pop("id")
        for key in ("contacts", "schedules"):
            for item in kept.get(key, []):
                item.pop("id")
                for phone in item.get("phones", []):
                    phone.pop("id")
        assert missing_values(kept, _without_ids(published)) == [], number


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def test_a_location_given_by_id_only_is_found_elsewhere_in_the_feed(app, runner):
    first = probe(1)
    second = probe(2)
    second["service_at_locations"] = [{"id": "sal-2", "location_id": "loc-1"}]
    with serve(Feed([first, second])) as url:
        result = sync(runner, url)
    assert result.exit_code == 0, result.output
    with app.app_context():
        services = {s.external_id: s for s in db.session.scalars(select(Service))}
        assert services["svc-2"].locations == services["svc-1"].locations
        assert count(Location) == 1


def test_a_reference_to_nothing_stops_the_import_with_its_path(app, runner):
    broken = probe(2)
    broken["service_at_locations"] = [{"id": "sal-2", "location_id": "loc-nowhere"}]
    broken["schedules"] = [{"id": "s-1", "service_at_location_id": "sal-elsewhere"}]
    with serve(Feed([probe(1), broken])) as url:
        result = sync(runner, url)
    assert result.exit_code == 1
    assert (
        "Row 2 (svc-2): service_at_locations[0].location_id: the location loc-nowhere is not "
        "described anywhere in the feed" in result.output
    )
    assert "Row 2 (svc-2): schedules[0].service_at_location_id" in result.output
    with app.app_context():
        assert count(Service) == 0
        source = db.session.scalars(select(ListingSource)).one()
        assert source.last_status == "failed" and len(source.last_errors) == 2


@pytest.mark.parametrize(
    "paging",
    [
        {"total_pages": True},
        {"total_pages": False},
        {"total_pages": False, "end_with_empty_page": True},
        {"total_pages": True, "repeat_on_next_page": True},
    ],
    ids=["total_pages", "last_page", "empty_page", "same_id_on_two_pages"],
)
def test_every_page_is_read_until_the_feed_says_it_is_done(app, runner, paging):
    feed = Feed([probe(n) for n in range(1, 6)], per_page=2, **paging)
    with serve(feed) as url:
        result = sync(runner, url)
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert count(Service) == 5
    if paging.get("repeat_on_next_page"):
        assert "is read again on row" in result.output


def test_a_feed_that_never_ends_stops_at_the_cap_and_retires_nothing(app, runner):
    feed = Feed([probe(n) for n in range(1, 4)], per_page=1, total_pages=False)
    with serve(feed) as url:
        assert sync(runner, url).exit_code == 0
        app.config["OPENREFERRAL_MAX_PAGES"] = 2
        feed.end_with_empty_page = True
        result = sync(runner, url)
    assert result.exit_code == 0, result.output
    assert "Stopped after 2 pages" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Service.retired_at.is_not(None))) == 0


def test_a_saved_page_is_flagged_as_one_of_many_and_retires_nothing(app, runner, tmp_path):
    path = tmp_path / "page1.json"
    path.write_text(
        json.dumps(
            Feed([probe(1), probe(2)], per_page=2).page(1)
            | {"total_pages": 3, "contents": [probe(1), probe(2)]}
        )
    )
    result = sync(runner, str(path))
    assert result.exit_code == 0, result.output
    assert "The file is page 1 of 3 of a feed" in result.output


def test_services_that_leave_a_source_are_retired_with_history_and_can_return(app, runner, client):
    feed = Feed([probe(n) for n in range(1, 4)])
    with serve(feed) as url:
        assert sync(runner, url).exit_code == 0
        feed.services = feed.services[:1]
        result = sync(runner, url)
        assert "2 retired" in result.output, result.output
        with app.app_context():
            gone = db.session.scalars(select(Service).where(Service.external_id == "svc-2")).one()
            assert gone.retired_at is not None and not gone.is_published
            summaries = db.session.scalars(
                select(ListingVersion.summary)
                .where(ListingVersion.record_uuid == gone.uuid)
                .order_by(ListingVersion.number)
            ).all()
            assert summaries[-1].startswith("Retired: no longer in")
            gone_uuid = gone.uuid
        assert client.get(f"/services/{gone_uuid}").status_code == 404
        assert client.get(f"/openreferral/services/{gone_uuid}").status_code == 404
        feed.services = [probe(n) for n in range(1, 4)]
        assert sync(runner, url).exit_code == 0
    assert client.get(f"/services/{gone_uuid}").status_code == 200


def test_reading_the_same_feed_twice_changes_nothing(app, runner):
    feed = Feed([example(), probe(1), probe(2, cost_options=[])])
    with serve(feed) as url:
        assert sync(runner, url).exit_code == 0
        with app.app_context():
            before = {s.uuid: s.last_modified for s in db.session.scalars(select(Service))}
            versions = count(ListingVersion)
        again = sync(runner, url)
    assert "0 new, 0 updated, 3 unchanged" in again.output, again.output
    with app.app_context():
        after = {s.uuid: s.last_modified for s in db.session.scalars(select(Service))}
        assert after == before and count(ListingVersion) == versions
        source = db.session.scalars(select(ListingSource)).one()
        assert (source.last_status, source.last_added, source.last_updated) == ("ok", 0, 0)


def test_a_change_at_the_source_updates_with_a_version(app, runner):
    feed = Feed([probe(1)])
    with serve(feed) as url:
        assert sync(runner, url).exit_code == 0
        changed = probe(1, name="Probe service, renamed")
        feed.services = [changed]
        result = sync(runner, url)
    assert "0 new, 1 updated" in result.output
    with app.app_context():
        service = db.session.scalars(select(Service)).one()
        assert service.name == "Probe service, renamed"
        assert [
            v.summary
            for v in db.session.scalars(select(ListingVersion).order_by(ListingVersion.number))
        ] == [
            "Listing as first recorded",
            f"Updated from {service.listing_source.name}",
        ]


def test_no_cost_options_is_not_published_as_free(app, runner, client):
    with serve(Feed([probe(1)])) as url:
        assert sync(runner, url).exit_code == 0
    with app.app_context():
        service = db.session.scalars(select(Service)).one()
        assert service.is_free is None
        uuid = service.uuid
    published = client.get(f"/openreferral/services/{uuid}").get_json()
    assert "cost_options" not in published
    assert "Not stated" in client.get(f"/services/{uuid}").get_data(as_text=True)


def test_polygon_areas_are_kept_and_published_back(app, runner, client):
    record = probe(
        1,
        service_areas=[
            {
                "id": "area-1",
                "name": "Bolton town",
                "extent": json.dumps(BOROUGH),
                "extent_type": "geojson",
            }
        ],
    )
    with serve(Feed([record])) as url:
        assert sync(runner, url).exit_code == 0
    with app.app_context():
        [area] = db.session.scalars(select(Service)).one().areas
        assert area.kind is AreaKind.POLYGON and area.geometry["type"] == "Polygon"
        uuid = area.service.uuid
    published = client.get(f"/openreferral/services/{uuid}").get_json()
    assert published["service_areas"][0]["extent"] == record["service_areas"][0]["extent"]


def test_sources_commands_add_list_and_sync(app, runner):
    with serve(Feed([probe(1), probe(2)])) as url:
        added = runner.invoke(args=["sources", "add", "Wigan Council", url])
        assert added.exit_code == 0, added.output
        again = runner.invoke(args=["sources", "add", "Wigan Council", url])
        assert again.exit_code == 1 and "already has that name" in again.output
        synced = runner.invoke(args=["sources", "sync"])
        assert synced.exit_code == 0, synced.output
        assert "== Wigan Council" in synced.output and "2 new" in synced.output
    listed = runner.invoke(args=["sources", "list"])
    assert "Wigan Council" in listed.output and "added 2" in listed.output
    with app.app_context():
        assert {s.listing_source.name for s in db.session.scalars(select(Service))} == {
            "Wigan Council"
        }
        assert count(Organisation) == 1
    missing = runner.invoke(args=["sources", "sync", "Nowhere"])
    assert missing.exit_code == 1 and "There is no source called 'Nowhere'" in missing.output


def test_an_unreachable_source_is_recorded_as_failed(app, runner):
    runner.invoke(args=["sources", "add", "Gone", "http://127.0.0.1:9/oruk"])
    result = runner.invoke(args=["sources", "sync"])
    assert result.exit_code == 1 and "Could not reach" in result.output
    with app.app_context():
        source = db.session.scalars(select(ListingSource)).one()
        assert source.last_status == "failed" and "Could not reach" in source.last_errors[0]


def test_the_same_service_from_two_sources_is_shown_once_and_offered_for_merging(  # noqa: E501
    app,
    runner,
    client,
    make_user,  # noqa: F811
):
    from directory.models import DuplicateCandidate, DuplicateStatus

    first = probe(
        1, contacts=[{"id": "c", "name": "Desk", "phones": [{"id": "p", "number": "01204 333444"}]}]
    )
    twin = probe(1, name="The Probe Service 1", contacts=first["contacts"])
    twin["organization"] = {"id": "x", "name": "Probe Trust Ltd", "description": ""}
    other = probe(2, name="Something else entirely")
    with serve(Feed([first])) as one, serve(Feed([twin, other])) as two:
        runner.invoke(args=["sources", "add", "Wigan Council", one])
        runner.invoke(args=["sources", "add", "Wigan Voluntary Sector", two])
        result = runner.invoke(args=["sources", "sync"])
    assert result.exit_code == 0, result.output
    assert "1 service(s) look like listings another source already has" in result.output
    found = client.get("/openreferral/services").get_json()
    assert sorted(s["name"] for s in found["contents"]) == [
        "Probe service 1",
        "Something else entirely",
    ]
    with app.app_context():
        candidate = db.session.scalars(select(DuplicateCandidate)).one()
        assert "same name and organisation; same phone" in candidate.reasons
        lead = make_user("lead@example.org", Role.CAPACITY_LEAD)
        db.session.commit()
        sign_in(client, lead)
        candidate_id, hidden_uuid = candidate.id, candidate.service.uuid
    page = client.get("/admin/listings/sources").get_data(as_text=True)
    assert "Wigan Voluntary Sector" in page and "The same service: merge" in page
    client.post(f"/admin/listings/duplicates/{candidate_id}", data={"decision": "different"})
    with app.app_context():
        candidate = db.session.get(DuplicateCandidate, candidate_id)
        assert candidate.status is DuplicateStatus.DISTINCT
    assert client.get(f"/services/{hidden_uuid}").status_code == 200
    with serve(Feed([twin, other])) as two:
        with app.app_context():
            db.session.scalars(
                select(ListingSource).where(ListingSource.name == "Wigan Voluntary Sector")
            ).one().location = two
            db.session.commit()
        again = runner.invoke(args=["sources", "sync", "Wigan Voluntary Sector"])
    assert "look like listings" not in again.output  # a pair said to differ is not offered again


def test_a_place_marked_confidential_here_stays_so_after_a_sync(app, runner, client):
    feed = Feed([probe(1)])
    with serve(feed) as url:
        assert sync(runner, url).exit_code == 0
        with app.app_context():
            location = db.session.scalars(select(Location)).one()
            location.confidential = True
            db.session.commit()
            uuid = db.session.scalars(select(Service.uuid)).one()
        assert sync(runner, url).exit_code == 0
    with app.app_context():
        assert db.session.scalars(select(Location.confidential)).one() is True
    published = client.get(f"/openreferral/services/{uuid}").get_json()
    assert "service_at_locations" not in published
    assert "Market Street" not in json.dumps(published)


def test_an_imported_place_can_be_made_confidential_here_but_not_otherwise_edited(
    app,
    runner,
    client,
    make_user,  # noqa: F811
):
    """Hiding a refuge is a safety decision made here, so the source's ownership cannot stop it."""
    with serve(Feed([probe(1)])) as url:
        assert sync(runner, url).exit_code == 0
    with app.app_context():
        lead = make_user("lead@example.org", Role.CAPACITY_LEAD)
        db.session.commit()
        sign_in(client, lead)
        location = db.session.scalars(select(Location)).one()
        uuid, form = location.uuid, dict(snapshot_location(location))
    form = {key: value or "" for key, value in form.items() if key != "confidential"}
    edit = f"/manage/locations/{uuid}/edit"

    moved = client.post(edit, data={**form, "address_1": "2 Market Street", "confidential": "y"})
    assert moved.status_code == 400
    assert "keeps it up to date" in moved.get_data(as_text=True)

    hidden = client.post(edit, data={**form, "confidential": "y"})
    assert hidden.status_code == 302, hidden.get_data(as_text=True)
    with app.app_context():
        location = db.session.scalars(select(Location)).one()
        assert (location.confidential, location.address_1) == (True, "1 Market Street")


@pytest.mark.committed  # two imports at once, each in a thread of its own
def test_two_imports_of_one_feed_at_once_both_finish_with_one_copy(app):
    feed = Feed([probe(n) for n in range(1, 13)], per_page=4)
    start = threading.Barrier(2)
    results: list[Any] = []

    def run(url: str) -> None:
        runner = app.test_cli_runner()
        start.wait()
        results.append(runner.invoke(args=["import", "openreferral", url]))

    with serve(feed) as url:
        threads = [threading.Thread(target=run, args=(url,)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert [r.exit_code for r in results] == [0, 0], [r.output[-500:] for r in results]
    with app.app_context():
        assert count(Service) == 12
        assert count(ListingSource) == 1
